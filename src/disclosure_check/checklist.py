"""The checklist and the annual-report vocabulary, loaded from YAML and validated by pydantic.

Code never names an item: everything item-specific (titles, facets, keywords, cadence, applicability) is data
under `checklist/`, so a province can ship its own file and `disclosure-check checklist validate` checks it.
"""

from __future__ import annotations

import re
import stat
from collections import Counter
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from disclosure_check.errors import InputError

Phrase = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Phrases = Annotated[list[Phrase], Field(min_length=1)]


class Cadence(str, Enum):
    """How often an item must be refreshed; drives the freshness rule."""

    annual = "annual"
    on_change = "on_change"
    admissions_cycle = "admissions_cycle"
    fiscal_year = "fiscal_year"
    event = "event"


class Applicability(str, Enum):
    """Who must publish an item: everyone, or only institutions with graduate programmes / degree rights."""

    all = "all"
    graduate = "graduate"
    degree = "degree"


class Strict(BaseModel):
    # Built when first used: a run that finds its checklist stored (see _stored) builds no validator at all.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Facet(Strict):
    name: Phrase
    name_en: Phrase
    keywords: Phrases


class Freshness(Strict):
    """How old an item's evidence may be, in years relative to the reporting year Y (the period's end year).

    `named_year: [lo, hi]`: a year the evidence names next to the item (2022届, 2023年度, 2022-2023学年, 2023年预算)
    must lie in Y+lo..Y+hi; it also moves the oldest acceptable row or link date back to 1 January of Y+lo.
    """

    named_year: tuple[int, int] | None = None
    grace_days: int = Field(default=0, ge=0)  # a row or link date may precede the period start by this much

    @model_validator(mode="after")
    def _ordered(self) -> Freshness:
        if self.named_year and self.named_year[0] > self.named_year[1]:
            raise ValueError("named_year: the first offset must not exceed the second")
        return self


class Item(Strict):
    id: int = Field(ge=1)
    category: int = Field(ge=1)
    title: Phrase
    title_en: Phrase
    aliases: list[Phrase] = []  # whole-item wordings: a hit covers every facet
    # Short names catalogs give the item's row (历年录取成绩): in running text they are a passing mention of
    # one part, so they cover every facet only in a table row.
    row_aliases: list[Phrase] = []
    facets: Annotated[list[Facet], Field(min_length=1)]
    excludes: list[Phrase] = []  # longer phrases that contain a keyword but mean something else
    channel_keywords: list[Phrase] = []  # the item's bare subject (教职工代表大会): a channel or venue, never evidence
    # The broad area the item belongs to (研究生招生考试): reports declare whole areas out of scope in one
    # sentence, so these count, for every facet, only in a clause or row that says 不涉及; elsewhere never.
    scope_keywords: list[Phrase] = []
    cadence: Cadence
    cadence_note: str = ""
    freshness: Freshness = Field(default_factory=Freshness)
    applies_to: Applicability = Applicability.all
    # The item a university's annual report discloses by being that report (信息公开年度报告).
    disclosed_by_annual_report: bool = False


class Category(Strict):
    id: int = Field(ge=1)
    name: Phrase
    name_en: Phrase
    count: int = Field(ge=1)


class Checklist(Strict):
    id: Phrase
    title: Phrase
    title_en: Phrase
    source: str = ""
    categories: Annotated[list[Category], Field(min_length=1)]
    items: Annotated[list[Item], Field(min_length=1)]

    @model_validator(mode="after")
    def _consistent(self) -> Checklist:
        problems = [what for _, what in cross_problems(self.categories, self.items)]
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def item(self, item_id: int) -> Item:
        return self.items[item_id - 1] if self.items[item_id - 1].id == item_id else self._by_id()[item_id]

    def category(self, category_id: int) -> Category:
        return next(c for c in self.categories if c.id == category_id)

    def _by_id(self) -> dict[int, Item]:
        return {i.id: i for i in self.items}


def _get(entry: object, key: str) -> object:
    return entry.get(key) if isinstance(entry, dict) else getattr(entry, key, None)


def cross_problems(categories: list, items: list) -> list[tuple[tuple, str]]:
    """What a checklist's parts must agree on (ids 1..N once each, declared categories, category counts), as
    (YAML path, plain words); works on parsed models and on raw YAML alike, so that `checklist validate`
    reports these even when some items have other problems."""
    # Sets and counts, not list scans: a 20,000-item checklist took 57 s when this was quadratic.
    problems: list[tuple[tuple, str]] = []
    category_ids = [_get(c, "id") for c in categories]
    for index in _repeats(category_ids):
        problems.append((("categories", index, "id"), f"category id {category_ids[index]} is used twice"))
    numbers = [_get(i, "id") for i in items]
    for index in _repeats(numbers):
        problems.append((("items", index, "id"), f"item id {numbers[index]} is used twice (ids run 1..{len(numbers)}, "
                                                 "each once)"))
    present = {n for n in numbers if _hashable(n)}
    for number in sorted(set(range(1, len(numbers) + 1)) - present):
        problems.append((("items",), f"no item has id {number} (ids run 1..{len(numbers)}, each once)"))
    declared = {c for c in category_ids if _hashable(c)}
    for index, item in enumerate(items):
        category = _get(item, "category")
        if category is not None and (not _hashable(category) or category not in declared):
            problems.append((("items", index, "category"), f"category {category} is not declared under categories"))
    per_category = Counter(c for c in (_get(i, "category") for i in items) if _hashable(c))
    for index, category in enumerate(categories):
        number = _get(category, "id")
        actual = per_category[number] if _hashable(number) else 0
        if isinstance(_get(category, "count"), int) and actual != _get(category, "count"):
            problems.append((("categories", index, "count"),
                             f"says {_get(category, 'count')} items, but {actual} "
                             f"{'item has' if actual == 1 else 'items have'} category {_get(category, 'id')}"))
    return problems


def _hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _repeats(values: list) -> list[int]:
    """Indexes of values seen earlier in the list (unhashable values, a type error reported elsewhere, never)."""
    seen: set = set()
    repeats = []
    for index, value in enumerate(values):
        if not _hashable(value):
            continue
        if value in seen:
            repeats.append(index)
        seen.add(value)
    return repeats


class Part(Strict):
    number: int = Field(ge=1)
    title: Phrase
    title_en: Phrase
    keywords: Phrases  # heading wordings that identify the part


class ColumnWords(Strict):
    """Header words naming what a table column holds (rules/columns.py); a header cell takes the role of the
    longest word it contains."""

    number: list[Phrase] = []  # 序号
    name: list[Phrase] = []  # 公开事项
    status: list[Phrase] = []  # 公开情况: where a row says whether the item was published
    link: list[Phrase] = []
    date: list[Phrase] = []  # 公开时间: when it was published
    remark: list[Phrase] = []  # 备注: "无" there means no remark, not nothing to publish
    owner: list[Phrase] = []  # 责任部门 (a catalog's)
    schedule: list[Phrase] = []  # 更新时间 as a rule (变动即更, 每年10月): when it will be published


class ReportVocabulary(Strict):
    """What an annual report is made of, and the phrases that change what a mention means."""

    parts: Annotated[list[Part], Field(min_length=1)]
    report_title_keywords: Phrases  # a title with one of these makes the document an annual report
    not_published: Phrases  # 未公开 …: the row or clause says the item was not published
    not_applicable: Phrases  # 不涉及 …: the institution declares the item does not apply
    partly_published: Phrases  # 部分公开 …: the row or clause says only part of the item was published
    # Words saying something was published (公开, 发布): a clause with one speaks for the item numbers in it.
    published: list[Phrase] = []
    # A whole status cell saying there was nothing to publish this year (无, 暂无, 本年度无…): not applicable.
    nothing_to_publish: list[Phrase] = []
    reference_cells: list[Phrase] = []  # 见说明 …: a cell that only points elsewhere is no evidence itself
    columns: ColumnWords = Field(default_factory=ColumnWords)


Pattern = Annotated[str, StringConstraints(min_length=1)]
DocumentKind = Literal["university_annual_report", "government_annual_report", "catalog", "other"]
SignalKind = Literal["university_annual_report", "government_annual_report", "catalog", "notice", "news",
                     "regulation"]


def _compiles(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"not a valid regular expression ({exc}): {pattern}") from None
    return pattern


class Chrome(Strict):
    lines: list[Pattern]
    byline_labels: Phrases
    byline_max_length: int = Field(ge=1)
    dated_byline: Pattern
    menu_words: Phrases
    side_headers: Pattern
    side_entry_max_length: int = Field(ge=1)

    @model_validator(mode="after")
    def _valid(self) -> Chrome:
        for pattern in (*self.lines, self.dated_byline, self.side_headers):
            _compiles(pattern)
        return self


class Signal(Strict):
    kind: SignalKind
    where: Literal["title", "opening", "page", "header"]
    weight: int = Field(ge=1)
    name: Phrase
    pattern: Pattern

    @model_validator(mode="after")
    def _valid(self) -> Signal:
        _compiles(self.pattern)
        return self


class StructureSignal(Strict):
    kind: SignalKind
    weight: int = Field(ge=1)
    at_least: int = Field(default=1, ge=1)
    prose_at_most: int | None = None


class StructureSignals(Strict):
    announced_parts: StructureSignal
    part_headings: StructureSignal
    item_table: StructureSignal


class DocumentKinds(Strict):
    """How a document's kind, title and site chrome are recognised (checklist/document-kinds.yaml)."""

    chrome: Chrome
    not_title: list[Pattern]
    title_words: Pattern
    title_max_length: int = Field(ge=1)
    title_join_max_length: int = Field(ge=1)
    title_search_lines: int = Field(ge=1)
    opening_lines: int = Field(ge=1)
    threshold: int = Field(ge=1)
    signals: Annotated[list[Signal], Field(min_length=1)]
    structure: StructureSignals

    @model_validator(mode="after")
    def _valid(self) -> DocumentKinds:
        for pattern in (*self.not_title, self.title_words):
            _compiles(pattern)
        return self


def builtin_dir() -> Path:
    """The checklist folder inside the installed wheel, or the repository's when run from a checkout."""
    packaged = Path(__file__).parent / "checklist"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "checklist"


DEFAULT_CHECKLIST = "moe-2014.yaml"
REPORT_VOCABULARY = "annual-report.yaml"
DOCUMENT_KINDS = "document-kinds.yaml"


def _error_lines(error: ValidationError) -> list[str]:
    lines = []
    for problem in error.errors():
        path = ".".join(str(p) for p in problem["loc"])
        message = problem["msg"].removeprefix("Value error, ")
        lines.extend(f"{path}: {part}" if path else part for part in message.split("; "))
    return lines


def _safe_loader():  # type: ignore[no-untyped-def]
    """libyaml when present: 5× faster. PyYAML is imported only when a file is parsed (see _stored)."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


MAX_CHECKLIST_MB = 64  # a 20,000-item checklist is ~10 MB
# Text and nodes a checklist may expand to through anchors and aliases: YAML shares an aliased node, the
# models copy it, so 2,000 aliases of a 15 MB string would be 30 GB.
MAX_EXPANDED = 4 * MAX_CHECKLIST_MB << 20  # characters
MAX_NODES = 2_000_000  # a 20,000-item checklist has ~400,000


def _read_text(path: Path) -> str:
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):  # a FIFO would block, /dev/zero never end
            raise InputError(path, "不是普通文件", "not a regular file")
        if st.st_size > MAX_CHECKLIST_MB << 20:
            raise InputError(path, f"清单文件超过 {MAX_CHECKLIST_MB} MB 上限",
                             f"the checklist is over the {MAX_CHECKLIST_MB} MB limit")
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(path, f"无法读取：{exc.strerror or exc}", f"cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise InputError(path, "不是 UTF-8 文本", "not UTF-8 text") from None


def _load_yaml(path: Path, text: str | None = None) -> object:
    text = _read_text(path) if text is None else text
    if _too_deep(text):  # libyaml's composer recurses in C: a deep document crashes the process
        raise InputError(path, "YAML 嵌套过深", "YAML nested too deeply")
    import yaml

    try:
        data = yaml.load(text, Loader=_safe_loader())  # noqa: S506 (a safe loader)
    except RecursionError:
        raise InputError(path, "YAML 嵌套过深", "YAML nested too deeply") from None
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" (line {where.line + 1})" if where else ""
        problem = getattr(exc, "problem", exc)
        raise InputError(path, f"YAML 格式错误{at}：{problem}", f"not valid YAML{at}: {problem}") from None
    if _expanded_over(data, MAX_EXPANDED, MAX_NODES):
        raise InputError(path, f"YAML 锚点与别名展开后超过 {MAX_EXPANDED >> 20} MB（别名炸弹）",
                         f"YAML anchors and aliases expand beyond {MAX_EXPANDED >> 20} MB (an alias bomb)")
    return data


_BRACKET = re.compile(r"[\[\]{}]")
_LINE_START = re.compile(r"^[ \t?:-]*", re.MULTILINE)  # indentation and block indicators ("- - - x")


def _too_deep(text: str, depth: int = 200) -> bool:
    """Nesting beyond `depth` in flow style ([[[…]]]) or in block style (indentation), estimated before parsing;
    a checklist needs five levels."""
    if max(map(len, _LINE_START.findall(text)), default=0) > 4 * depth:
        return True
    level = 0
    for match in _BRACKET.finditer(text):
        level += 1 if match.group() in "[{" else -1
        if level > depth:
            return True
    return False


def _expanded_over(data: object, characters: int, nodes: int) -> bool:
    """Whether the document, with every alias expanded, holds more than so many characters or nodes; stops
    as soon as it does, so a billion-laughs document costs `nodes` steps, not a billion."""
    stack = [data]
    while stack:
        node = stack.pop()
        nodes -= 1
        if isinstance(node, str):
            characters -= len(node)
        if nodes < 0 or characters < 0:
            return True
        if isinstance(node, dict):
            stack.extend(node.keys())
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return False


class Problem(NamedTuple):
    """One problem of a checklist file: its YAML line, the entry it is in, in plain words."""

    line: int | None
    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.line}: {self.where}: {self.what}" if self.line else f"{self.where}: {self.what}"


_PLAIN = {  # pydantic's error types in plain words
    "missing": "is required but missing",
    "extra_forbidden": "is not a known field (misspelt?)",
    "too_short": "must not be empty",
    "string_too_short": "must not be blank",
    "int_parsing": "must be a whole number",
    "int_type": "must be a whole number",
    "string_type": "must be text",
    "list_type": "must be a list",
    "dict_type": "must be a mapping of fields",
    "model_type": "must be a mapping of fields",
    "model_attributes_type": "must be a mapping of fields",
}
_SINGULAR = {"items": "item", "categories": "category", "facets": "facet", "keywords": "keyword",
             "aliases": "alias", "row_aliases": "row alias", "excludes": "exclude", "parts": "part"}


def validate_file(path: Path) -> list[Problem]:
    """Every problem in a checklist file, each with its YAML line and the item it is in; empty when valid."""
    text = _read_text(path)
    data = _load_yaml(path, text)
    if not isinstance(data, dict):
        return [Problem(1, "the file", "must be a mapping of fields (id, title, categories, items…), "
                                       f"not {type(data).__name__}")]
    import yaml

    node = yaml.compose(text, Loader=_safe_loader())
    found: list[tuple[tuple, str]] = []
    top = {k: v for k, v in data.items() if k not in ("items", "categories")}
    for key in ("items", "categories"):
        if key not in data:
            found.append(((key,), _PLAIN["missing"]))
        elif not isinstance(data[key], list) or not data[key]:
            found.append(((key,), "must be a non-empty list"))
    checks: list[tuple[tuple, type[BaseModel], object]] = [((), _Top, top)]
    for key, model in (("categories", Category), ("items", Item)):
        entries = data.get(key) if isinstance(data.get(key), list) else []
        checks += [((key, index), model, entry) for index, entry in enumerate(entries)]
    for prefix, model, entry in checks:
        try:
            model.model_validate(entry)
        except ValidationError as error:
            for e in error.errors():
                words = _PLAIN.get(e["type"]) or e["msg"].removeprefix("Value error, ")
                if e["type"] == "enum":
                    words = f"must be one of {e.get('ctx', {}).get('expected', '')}"
                found.append(((*prefix, *e["loc"]), words))
    categories = data.get("categories") if isinstance(data.get("categories"), list) else []
    items = data.get("items") if isinstance(data.get("items"), list) else []
    found += cross_problems(categories, items)
    problems = [Problem(_line(node, where), _where(data, where), what) for where, what in found]
    return sorted(problems, key=lambda p: (p.line or 0, p.where))


class _Top(Strict):
    """A checklist's own fields (its categories and items are checked one by one)."""

    id: Phrase
    title: Phrase
    title_en: Phrase
    source: str = ""


def _where(data: dict, path: tuple) -> str:
    """("items", 6, "facets", 1, "keywords", 0) → "item 7, facet 2, keyword 1" (the item by its id)."""
    words: list[str] = []
    position = 0
    while position < len(path):
        key = path[position]
        following = path[position + 1] if position + 1 < len(path) else None
        if isinstance(following, int):
            if position == 0 and key in ("items", "categories"):
                entry = data[key][following]
                number = entry.get("id") if isinstance(entry, dict) else None
                ids = [e.get("id") if isinstance(e, dict) else None for e in data[key]]
                if not isinstance(number, int):
                    words.append(f"{_SINGULAR[key]} at position {following + 1} (no id)")
                elif ids.count(number) > 1:  # the id does not say which one
                    words.append(f"{_SINGULAR[key]} {number} (position {following + 1} under {key})")
                else:
                    words.append(f"{_SINGULAR[key]} {number}")
            else:
                words.append(f"{_SINGULAR.get(str(key), str(key))} {following + 1}")
            position += 2
        else:
            words.append(str(key))
            position += 1
    return ", ".join(words) or "the file"


def _line(node: object, path: tuple) -> int | None:
    """The 1-based line of the deepest YAML node on `path` (a missing field: its parent's line)."""
    import yaml

    line = None
    for key in path:
        if isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if k.value == str(key)), None)
            if match is None:
                break
            line = match[0].start_mark.line + 1
            node = match[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            break
    else:
        if isinstance(node, yaml.ScalarNode):
            line = node.start_mark.line + 1
    return line


def load_checklist(path: Path | None = None) -> Checklist:
    path = path or builtin_dir() / DEFAULT_CHECKLIST
    return _cached(Checklist, str(path))


def load_vocabulary() -> ReportVocabulary:
    return _cached(ReportVocabulary, str(builtin_dir() / REPORT_VOCABULARY))


def load_document_kinds() -> DocumentKinds:
    return _cached(DocumentKinds, str(builtin_dir() / DOCUMENT_KINDS))


@lru_cache(maxsize=8)
def _cached(model: type[Checklist] | type[ReportVocabulary] | type[DocumentKinds], path: str):  # type: ignore[no-untyped-def]
    text = _read_text(Path(path))
    stored, fingerprint = _stored(model, path, text)
    if stored is not None:
        found = _read_stored(stored, fingerprint)
        if isinstance(found, model):
            return found
    try:
        value = model.model_validate(_load_yaml(Path(path), text))
    except ValidationError as error:
        detail = "; ".join(_error_lines(error)[:5])
        raise InputError(path, f"清单文件无效：{detail}", f"invalid checklist: {detail}") from None
    if stored is not None:
        _store(stored, fingerprint, value)
    return value


# The command line keeps each validated file between runs, as pickled models beside its compiled patterns
# (pattern_cache.py): parsing the YAML and building the models' validators took a fifth of a single-file
# check's start-up. The models are built lazily (defer_build), so a run that finds them stored builds none.
# A stored file counts only for the same text, this module's source, pydantic and Python (all stored with it);
# it is in the user's own cache folder, trusted as Python trusts its __pycache__.


def _stored(model: type[Strict], path: str, text: str) -> tuple[Path | None, tuple]:
    """Where `model` parsed from `path` is kept (None outside the command line), and what it must match."""
    from disclosure_check import pattern_cache

    patterns = pattern_cache.cache_file()
    if patterns is None:
        return None, ()
    import sys
    import zlib

    import pydantic

    where = zlib.crc32(f"{model.__name__}\0{Path(path).resolve()}".encode("utf-8", "surrogatepass"))
    return (patterns.parent / f"{model.__name__.lower()}-{where:08x}.pickle",
            (text, Path(__file__).read_text(encoding="utf-8"), pydantic.VERSION, sys.version))


def _read_stored(stored: Path, fingerprint: tuple) -> object:
    import pickle

    try:
        found, value = pickle.loads(stored.read_bytes())
    except Exception:  # absent, damaged or of another version: the file is parsed again
        return None
    return value if found == fingerprint else None


def _store(stored: Path, fingerprint: tuple, value: Strict) -> None:
    import os
    import pickle
    import tempfile

    try:
        stored.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=stored.parent, prefix=stored.name, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump((fingerprint, value), out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, stored)
        except BaseException:
            os.unlink(temporary)
            raise
    except (OSError, pickle.PicklingError):  # a read-only or full disk: the next run parses again
        pass
