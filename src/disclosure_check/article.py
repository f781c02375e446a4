"""What a document is, before any rule reads it: the article without the site around it, its title, the year
it names, and its kind (a university's annual report, a government agency's, a catalog, or something else).

Pages saved from school sites and their text or docx copies carry site chrome: menus, breadcrumbs
(首页 > 新闻媒体 > 正文), a byline (发布时间：… 来源：… 点击：), the 信息公开目录 sidebar naming a dozen checklist
items, a footer. `strip_chrome` drops those lines where they stand before the article starts or after it ends,
so that no rule takes a sidebar entry for evidence. `find_title` takes the first line near the top that names
what the document is, past addressee and date lines. `classify` weighs the signals of
checklist/document-kinds.yaml. Everything recognised is recorded for `--explain report`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache

from disclosure_check.checklist import DocumentKinds, Signal, StructureSignal
from disclosure_check.document import Block, Document
from disclosure_check.text import display, find_periods, title_year, to_simplified

ARTICLE_MIN_LENGTH = 30  # a line this long with a comma or full stop is running text: the article has begun
_SENTENCE = re.compile(r"[，。,；;]")
_TOP_HEADING = re.compile(r"^\s*(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+\s*[、.．])")
_MENU_SPLIT = re.compile(r"[\s|｜·•/]+")
_PAGE_TITLE_SPLIT = re.compile(r"\s*(?:\s[-_|—–]+\s|[_|｜]|--|——|(?<!\d)[-—–](?!\d))\s*")
_YEAR_RANGE = re.compile(r"((?:19|20)\d{2})\s*[-—–~至/]\s*((?:19|20)\d{2})")  # 信息公开年报(2016-2017)
_ACADEMIC_OPENING = re.compile(r"((?:19|20)\d{2})\s*[-—–~至/]\s*((?:19|20)\d{2})\s*学年")
_YEAR_OPENING = re.compile(r"((?:19|20)\d{2})\s*年度|^((?:19|20)\d{2})\s*年\s*[,，]"
                           r"|((?:19|20)\d{2})\s*年度?[^,，。;；]{0,30}(?:年度报告|年报|工作报告)")
# Kinds that are about annual reports without being one.
_REPORTED_AS = {"notice": "other", "news": "other", "regulation": "other"}


# Mirror sites that convert to traditional characters append a reading to some: 學(xué)院, 統(tǒng)計.
_READING = re.compile(r"(?<=[\u4e00-\u9fff])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}\)")
_TRAILING_RULES = re.compile(r"[\s|]+$")  # a title cell copied with the empty cells after it: "…指南 | ||||"


OPENING_CHARS = 1000  # what is read of one block: titles, chrome and openings are short; a huge block costs no more


def _head(text: str) -> str:
    return text[:OPENING_CHARS]


def plain(text: str) -> str:
    """Text as the patterns see it: NFKC (full-width punctuation half-width), simplified characters, without
    the readings mirror sites append to characters, and without the empty table cells a line may end with."""
    folded = unicodedata.normalize("NFKC", to_simplified(text)).lower()
    return _TRAILING_RULES.sub("", _READING.sub("", folded))


@dataclass(frozen=True, slots=True)
class Removed:
    locator: str
    text: str
    why: str  # chrome | byline | menu | side_list


@dataclass(frozen=True, slots=True)
class Fired:
    kind: str
    name: str
    where: str
    weight: int
    text: str  # the words that fired it


@dataclass
class Recognition:
    """Everything decided about the document as a whole, with the reasons (for --explain report)."""

    title: str | None = None
    title_block: int | None = None  # index in the cleaned document's blocks; None when from the page title
    title_source: str = "none"  # line | joined | run_in | page | none
    page_title: str | None = None  # what the reader found (HTML <title>, docx core title)
    year: int | None = None  # the year the title or the opening names (before the period is decided)
    year_source: str = "none"  # title | stated | academic_year | year_of | none
    year_text: str | None = None
    removed: list[Removed] = field(default_factory=list)
    main_content: str | None = None  # html: how the article was found (extractor or whole page)


@dataclass
class KindDecision:
    kind: str  # university_annual_report | government_annual_report | catalog | other
    scores: dict[str, int]
    fired: list[Fired]
    taken_for: str  # the winning signal kind before notice/news are reported as other


_COMPILED: dict[int, tuple[DocumentKinds, dict[str, re.Pattern[str]]]] = {}


def _compiled(kinds: DocumentKinds) -> dict[str, re.Pattern[str]]:
    """The patterns of a (loaded once, frozen) DocumentKinds, compiled once."""
    cached = _COMPILED.get(id(kinds))
    if cached is None or cached[0] is not kinds:
        cached = _COMPILED[id(kinds)] = (kinds, _compile(kinds))
    return cached[1]


def _compile(kinds: DocumentKinds) -> dict[str, re.Pattern[str]]:
    chrome = kinds.chrome
    labels = "|".join(sorted((re.escape(label) for label in chrome.byline_labels), key=len, reverse=True))
    return {
        "chrome": re.compile("|".join(f"(?:{p})" for p in chrome.lines)),
        "byline": re.compile(rf"(?:{labels})\s*:"),
        "byline_start": re.compile(rf"^\s*(?:{labels})\s*:"),
        "dated": re.compile(chrome.dated_byline),
        "side": re.compile(chrome.side_headers),
        "not_title": re.compile("|".join(f"(?:{p})" for p in kinds.not_title)),
        "title_words": re.compile(kinds.title_words),
    }


def _signal_pattern(signal: Signal) -> re.Pattern[str]:
    return _signal_cache(signal.pattern)


@lru_cache(maxsize=128)
def _signal_cache(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.MULTILINE)


def _is_article(block: Block) -> bool:
    if block.kind == "row":
        return True
    text = display(_head(block.text))
    return bool(_TOP_HEADING.match(text)) or (len(text) >= ARTICLE_MIN_LENGTH and bool(_SENTENCE.search(text)))


def _chrome_reason(text: str, kinds: DocumentKinds, patterns: dict[str, re.Pattern[str]]) -> str | None:
    """Why a line outside the article is site chrome, or None."""
    line = plain(text).strip()
    if not line:
        return None
    if patterns["chrome"].search(line):
        return "chrome"
    if len(line) <= kinds.chrome.byline_max_length:
        labels = len(patterns["byline"].findall(line))
        if labels >= 2 or patterns["dated"].match(line) or (labels == 1 and len(line) <= 40
                                                             and patterns["byline_start"].match(line)):
            return "byline"
    tokens = [t for t in _MENU_SPLIT.split(line) if t]
    menu = set(kinds.chrome.menu_words)
    if line in menu or (len(tokens) >= 4 and all(len(t) <= 8 for t in tokens) and len(menu & set(tokens)) >= 2):
        return "menu"
    return None


def strip_chrome(document: Document, kinds: DocumentKinds) -> tuple[Document, list[Removed]]:
    """The document without the site chrome before its article starts and after it ends."""
    blocks = document.blocks
    # Where the article starts and ends: the first and last block of running text (or a table row).
    first = next((i for i, b in enumerate(blocks) if _is_article(b)), len(blocks))
    last = next((i for i in range(len(blocks) - 1, first - 1, -1) if _is_article(blocks[i])), len(blocks))
    patterns = _compiled(kinds)
    drop: dict[int, str] = {}
    for region in (range(0, first), range(last + 1, len(blocks))):
        side = False
        for index in region:
            block = blocks[index]
            line = plain(_head(block.text)).strip()
            if patterns["side"].match(line):
                side = True
                drop[index] = "side_list"
                continue
            if side and len(line) <= kinds.chrome.side_entry_max_length and not _SENTENCE.search(line) \
                    and not (patterns["title_words"].search(line) and re.search(r"\d{4}", line)):
                drop[index] = "side_list"
                continue
            side = False
            # A byline stays: its 发布时间 dates the report (rules/timeliness.py); it is never a title.
            if (why := _chrome_reason(_head(block.text), kinds, patterns)) and why != "byline":
                drop[index] = why
    if not drop:
        return document, []
    removed = [Removed(blocks[i].locator, display(_head(blocks[i].text)), why) for i, why in sorted(drop.items())]
    kept = [b for i, b in enumerate(blocks) if i not in drop]
    return replace(document, blocks=kept), removed


def find_title(document: Document, kinds: DocumentKinds, recognition: Recognition) -> None:
    """The first line near the top that names what the document is; else the page's own title."""
    patterns = _compiled(kinds)
    candidates: list[tuple[int, str]] = []
    for index, block in enumerate(document.blocks):
        if len(candidates) >= kinds.title_search_lines or block.kind == "row":
            break
        if _is_article(block) and not _TOP_HEADING.match(display(_head(block.text))):
            break
        candidates.append((index, display(_head(block.text))))
    if not candidates and (run_in := _run_in_title(document, kinds, patterns)):
        recognition.title, recognition.title_block, recognition.title_source = run_in, 0, "run_in"
        return
    usable = [(i, text) for i, text in candidates
              if len(text) <= kinds.title_max_length and not patterns["not_title"].search(plain(text))
              and _chrome_reason(text, kinds, patterns) is None]
    for position, (index, text) in enumerate(usable):
        if patterns["title_words"].search(plain(text)):
            recognition.title, recognition.title_block, recognition.title_source = text, index, "line"
            return
        following = usable[position + 1] if position + 1 < len(usable) else None
        if following and following[0] == index + 1 and len(text) <= kinds.title_join_max_length:
            joined = text + following[1]
            if patterns["title_words"].search(plain(joined)) and len(joined) <= kinds.title_max_length:
                recognition.title, recognition.title_block, recognition.title_source = joined, index, "joined"
                return
    page = recognition.page_title
    # A page title of its own (HTML <title>, docx core title), not the first line a text reader repeats.
    if page and len(page) <= kinds.title_max_length * 2 and not any(display(page) == display(_head(b.text)) for b in document.blocks[:3]):
        for part in [*_PAGE_TITLE_SPLIT.split(page), page]:  # the page's own words before the site's name
            if part and patterns["title_words"].search(plain(part)):
                recognition.title, recognition.title_source = display(part), "page"
                return


def _run_in_title(document: Document, kinds: DocumentKinds, patterns: dict[str, re.Pattern[str]]) -> str | None:
    """A title that a copy without line breaks runs into the first paragraph ("安徽大学2015-2016学年度
    信息公开工作年度报告 根据…"): the shortest run of its leading space-separated words that names the document."""
    first = next((b for b in document.blocks if b.kind != "row"), None)
    if first is None:
        return None
    words = _head(first.text).split()
    for count in range(1, len(words)):
        head = display(" ".join(words[:count]))
        if len(head) > kinds.title_max_length:
            return None
        if patterns["title_words"].search(plain(head)) and not patterns["not_title"].search(plain(head)):
            return head
    return None


def opening(document: Document, kinds: DocumentKinds) -> list[tuple[int, str]]:
    """The first lines of running text and headings (not table rows), as (block index, text)."""
    patterns = _compiled(kinds)
    found = []
    for index, block in enumerate(document.blocks):
        if block.kind == "row" or _chrome_reason(_head(block.text), kinds, patterns) == "byline":
            continue
        found.append((index, display(_head(block.text))))
        if len(found) >= kinds.opening_lines:
            break
    return found


def table_headers(document: Document) -> list[str]:
    """The first row of each table, its cells joined: a table's columns say what kind of table it is."""
    seen: set[int] = set()
    headers = []
    for block in document.blocks:
        if block.kind == "row" and block.table is not None and block.table not in seen:
            seen.add(block.table)
            headers.append(display(_head(block.text)))
    return headers


def find_year(document: Document, kinds: DocumentKinds, recognition: Recognition) -> None:
    """The year the title names; else the end of a period the opening states; else an academic year or a
    "N年度" in the opening. The reporting period decided later may move it (report.year is the period's end)."""
    if recognition.title and (year := title_year(plain(recognition.title)) or _range_end(recognition.title)):
        recognition.year, recognition.year_source, recognition.year_text = year, "title", recognition.title
        return
    lines = opening(document, kinds)
    for _, text in lines:
        stated = [p for p in find_periods(text) if p.stated]
        if stated:
            period = stated[0]
            recognition.year, recognition.year_source = period.end.year, "stated"
            recognition.year_text = text[period.span[0]:period.span[1]]
            return
    for pattern, source in ((_ACADEMIC_OPENING, "academic_year"), (_YEAR_OPENING, "year_of")):
        for _, text in lines:
            if match := pattern.search(plain(text)):
                years = [int(g) for g in match.groups() if g]
                if len(years) == 2 and years[1] != years[0] + 1:
                    continue
                recognition.year, recognition.year_source, recognition.year_text = years[-1], source, match.group(0)
                return


def _range_end(title: str) -> int | None:
    """The end of a pair of consecutive years a title names without 学年: "信息公开年报(2016-2017)" → 2017."""
    for match in _YEAR_RANGE.finditer(plain(title)):
        start, end = int(match.group(1)), int(match.group(2))
        if end == start + 1:
            return end
    return None


def recognise(document: Document, kinds: DocumentKinds) -> tuple[Document, Recognition]:
    """The article (chrome dropped), with its title and year; the document's title becomes the one found."""
    recognition = Recognition(page_title=document.title, main_content=document.main_content)
    document, recognition.removed = strip_chrome(document, kinds)
    find_title(document, kinds, recognition)
    find_year(document, kinds, recognition)
    document.title = recognition.title
    return document, recognition


def classify(document: Document, kinds: DocumentKinds, recognition: Recognition,
             structure: dict[str, int]) -> KindDecision:
    """The kind whose signals weigh most, when they reach the threshold; `structure` holds the counts the
    structure signals read (announced_parts, part_headings, item_table, prose)."""
    texts = {
        "title": [recognition.title] if recognition.title else [],
        "page": [recognition.page_title] if recognition.page_title and recognition.page_title != recognition.title else [],
        "opening": [text for _, text in opening(document, kinds)],
        "header": table_headers(document),
    }
    fired: list[Fired] = []
    for signal in kinds.signals:
        pattern = _signal_pattern(signal)
        for text in texts[signal.where]:
            if match := pattern.search(plain(text)):
                fired.append(Fired(signal.kind, signal.name, signal.where, signal.weight, match.group(0)))
                break
    for name, rule in (("announced_parts", kinds.structure.announced_parts),
                       ("part_headings", kinds.structure.part_headings),
                       ("item_table", kinds.structure.item_table)):
        if _structure_fires(name, rule, structure):
            fired.append(Fired(rule.kind, name, "structure", rule.weight, str(structure.get(name, 0))))
    scores: dict[str, int] = {}
    for signal in fired:
        scores[signal.kind] = scores.get(signal.kind, 0) + signal.weight
    best = max(scores, key=lambda k: (scores[k], k == "university_annual_report"), default=None)
    taken_for = best if best is not None and scores[best] >= kinds.threshold else "other"
    return KindDecision(_REPORTED_AS.get(taken_for, taken_for), scores, fired, taken_for)


def _structure_fires(name: str, rule: StructureSignal, structure: dict[str, int]) -> bool:
    if structure.get(name, 0) < rule.at_least:
        return False
    return rule.prose_at_most is None or structure.get("prose", 0) <= rule.prose_at_most
