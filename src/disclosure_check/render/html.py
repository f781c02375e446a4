"""One self-contained HTML page (Jinja2, autoescaped): a document's report, or a batch's summary, matrix and
every document's details. Inline CSS and a small script (filters, search, sorting); nothing is fetched, and a
Content-Security-Policy lets only that script run, so report text can never become markup or code.

A batch is made in one pass over the documents, one in memory at a time: each one's details go to a temporary
file as it is read, its summary row and matrix cells (a few hundred bytes) stay in memory; the page is then
written in pieces, the details copied from that file."""

from __future__ import annotations

import base64
import hashlib
import tempfile
from collections.abc import Iterable, Iterator
from functools import cache
from importlib.resources import files
from typing import NamedTuple

from markupsafe import Markup

from disclosure_check.i18n import t
from disclosure_check.locators import place
from disclosure_check.render._common import LINK_STATUSES, problem
from disclosure_check.render.summary import parts_cell, sort_key
from disclosure_check.render.summary_xlsx import SYMBOLS
from disclosure_check.result import DocumentResult, Evidence, ItemResult, RunResult

STATUSES = tuple(SYMBOLS)
COMPONENTS = ("checklist", "report", "timeliness")
_CHUNK = 1 << 16  # Jinja yields many small strings; the output is written in pieces of about this size


def render(result: RunResult) -> str:
    return "".join(chunks(result))


def chunks(result: RunResult) -> Iterator[str]:
    lang = result.tool.lang
    page = _Page(lang)
    if len(result.documents) == 1:
        stream = _environment().get_template("single.html.j2").generate(
            page=page, tool=result.tool, document=result.documents[0])
    else:
        stream = _batch(result, page)
    yield from _buffered(stream)


def _batch(result: RunResult, page: _Page) -> Iterator[str]:
    """One pass over the documents: each one's details are rendered as it is read and kept in a temporary file
    (its summary row and matrix cells in memory); then the page is written, details copied in the rows' order."""
    environment = _environment()
    article = environment.get_template("article.html.j2")
    rows: list[_Row] = []
    names: dict[int, ItemResult] = {}
    spill = tempfile.TemporaryFile(prefix="disclosure-check-html-")  # noqa: SIM115 (closed when the page is done)
    spans: list[tuple[int, int]] = []
    for index, document in enumerate(result.documents):
        row = _Row(index, document, page)
        rows.append(row)
        for item in document.items:
            if item.id not in names:  # the matrix's column headings: id, title, category
                names[item.id] = item.model_copy(update={"facets": [], "evidence": [], "explain": None})
        start = spill.tell()
        spill.write(article.render(page=page, row=row, document=document).encode("utf-8"))
        spans.append((start, spill.tell() - start))
    rows.sort(key=lambda row: row.key)

    def details() -> Iterator[Markup]:
        for row in rows:
            start, size = spans[row.index]
            spill.seek(start)
            yield Markup(spill.read(size).decode("utf-8"))  # rendered (and escaped) above

    with spill:
        yield from environment.get_template("batch.html.j2").generate(
            page=page, tool=result.tool, rows=rows, columns=[names[i] for i in sorted(names)], details=details())


class _Row:
    """A document's line in the batch summary and matrix, kept for the whole run: no report text but the path,
    institution and error."""

    def __init__(self, index: int, document: DocumentResult, page: _Page) -> None:
        self.index, self.key, self.anchor = index, sort_key(document), f"d{index + 1}"
        self.path, self.error = document.path, document.error
        self.needs_ocr = document.needs_ocr
        self.institution, self.year = document.report.institution, document.report.year
        self.parts = parts_cell(document)
        self.counts = {s: getattr(document.summary, s) for s in STATUSES}
        self.score = document.summary.score.total if document.summary.score and not document.error else None
        self.cells = {item.id: item.status.value for item in document.items}
        self.problem = document.error or (t("summary.needs_ocr", page.lang) if document.needs_ocr else None)


class _Page:
    """What the templates ask of the language: words, labels and the places of evidence."""

    symbols = SYMBOLS
    statuses = STATUSES
    components = COMPONENTS

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.html_lang = "zh-CN" if lang == "zh" else "en"
        self.badge = {s: Markup('<span class="st st-{0}">{1} {2}</span>').format(s, SYMBOLS[s], t(s, lang))
                      for s in STATUSES}
        self.link_badge = {s: Markup('<span class="ls ls-{0}">{1} {2}</span>').format(
            "ok" if s == "ok" else "bad", "✔" if s == "ok" else "–" if s == "skipped" else "✘", t(s, lang))
            for s in LINK_STATUSES}
        self.css = Markup(_asset("report.css"))
        self.js = Markup(_asset("report.js"))
        digest = base64.b64encode(hashlib.sha256(_asset("report.js").encode()).digest()).decode()
        # Only the page's own script may run and nothing may be fetched, whatever a report contains.
        self.csp = f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'; img-src data:"

    def t(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)

    def status(self, status: str) -> str:
        return t(status, self.lang)

    def title(self, item: ItemResult) -> str:
        return item.title if self.lang == "zh" else (item.title_en or item.title)

    def category(self, item: ItemResult) -> str:
        return item.category if self.lang == "zh" else (item.category_en or item.category)

    def name(self, thing: object) -> str:
        """A part's or facet's title in the page's language."""
        zh = getattr(thing, "title", None) or getattr(thing, "name", "")
        en = getattr(thing, "title_en", None) or getattr(thing, "name_en", None)
        return zh if self.lang == "zh" else (en or zh)

    def part_names(self, parts: list[object]) -> str:
        """第8部分 清单事项公开情况表, as the missing parts are named."""
        names = (self.t("html.part", number=p.number, title=self.name(p)) for p in parts)  # type: ignore[attr-defined]
        return ("、" if self.lang == "zh" else "; ").join(names)

    @staticmethod
    def category_names(groups: Iterable[dict[str, object]]) -> list[tuple[object, object]]:
        return [(group["id"], group["name"]) for group in groups]

    def column_categories(self, items: Iterable[ItemResult]) -> list[tuple[int, str]]:
        return list(dict.fromkeys((item.category_id, self.category(item)) for item in items))

    def problem(self, item: ItemResult) -> str:
        return problem(item, self.lang)

    def evidence(self, evidence: Evidence) -> Markup:
        """A quote (the report's own Chinese, whatever the page's language) and where it is."""
        return Markup('<q lang="zh-CN">{0}</q> <span class="loc">{1}</span>').format(evidence.quote,
                                                                                   self.place(evidence))

    def place(self, evidence: Evidence) -> str:
        """The words for where evidence is (第3页, 表1 B4)."""
        return evidence.place or self.where(evidence.locator)

    def where(self, locator: str | None) -> str:
        """The words for a bare locator (a finding's, a link's)."""
        return place(locator, self.lang)

    @staticmethod
    def href(url: str | None) -> str | None:
        """Only web links become links: a report's `javascript:` or `file:` address stays text."""
        url = (url or "").strip()
        return url if url.lower().startswith(("http://", "https://")) else None

    def kind(self, document: DocumentResult) -> str:
        kind = getattr(document.report, "kind", None)
        if kind:
            key = f"kind.{kind}"
            return self.t(key) if _known(key) else str(kind)
        return self.t("kind.annual" if document.report.is_annual_report else "kind.other")

    def source(self, source: str | None) -> str:
        key = f"html.source.{source}"
        return self.t(key) if _known(key) else (source or "")

    def categories(self, document: DocumentResult) -> list[dict[str, object]]:
        """Items by category, with counts for the coverage chart."""
        groups: dict[int, dict[str, object]] = {}
        for item in document.items:
            group = groups.setdefault(item.category_id, {"id": item.category_id, "name": self.category(item),
                                                         "items": [], "counts": dict.fromkeys(STATUSES, 0)})
            group["items"].append(item)  # type: ignore[attr-defined]
            group["counts"][item.status.value] += 1  # type: ignore[index]
        for group in groups.values():
            counts = group["counts"]
            group["applicable"] = len(group["items"]) - counts["not_applicable"]  # type: ignore[index,arg-type]
        return [groups[key] for key in sorted(groups)]

    @staticmethod
    def findings_by_rule(document: DocumentResult) -> list[tuple[str, list[object]]]:
        rules: dict[str, list[object]] = {}
        for finding in document.findings:
            rules.setdefault(finding.rule, []).append(finding)
        return list(rules.items())

    @staticmethod
    def link_statuses(document: DocumentResult) -> dict[str, str]:
        return {link.url: link.status for link in document.links if link.status}

    def row(self, item: ItemResult, checked: dict[str, str]) -> _ItemRow:
        """An item's row, its cells' text worked out in one call (a batch page has 50,000 rows); `checked` is
        the link-check status of each link of the document."""
        evidence = item.evidence
        links = dict.fromkeys(e.link for e in evidence if e.link)
        regressed = None
        if item.regressed and item.baseline_status is not None:
            regressed = self.t("html.regressed_note", status=self.status(item.baseline_status.value))
        return _ItemRow(item.id, item.status.value, self.title(item), [(e.quote, self.place(e)) for e in evidence[:3]],
                        max(len(evidence) - 3, 0), [(url, self.href(url), checked.get(url)) for url in links],
                        " ".join(dict.fromkeys(e.date for e in evidence if e.date)), self.problem(item), item.waived,
                        regressed, item.self_declared,
                        None if item.listed is None else self.t("listed" if item.listed else "unlisted"))


class _ItemRow(NamedTuple):
    id: int
    status: str
    title: str
    quotes: list[tuple[str, str]]  # (quote, place) of the first three pieces of evidence
    more: int  # pieces of evidence not shown
    links: list[tuple[str, str | None, str | None]]  # (as written, href when a web link, link-check status)
    dates: str
    problem: str
    waived: bool
    regressed: str | None  # what the baseline said, when the item regressed
    self_declared: bool
    listed: str | None  # a catalog's 已列入 / 未列入; None for other documents


def _known(key: str) -> bool:
    from disclosure_check.i18n import MESSAGES

    return key in MESSAGES


@cache
def _asset(name: str) -> str:
    return files("disclosure_check.render").joinpath("templates", name).read_text(encoding="utf-8")


@cache
def _environment():  # type: ignore[no-untyped-def]
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(loader=PackageLoader("disclosure_check.render", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def _buffered(pieces: Iterable[str]) -> Iterator[str]:
    buffer: list[str] = []
    size = 0
    for piece in pieces:
        buffer.append(piece)
        size += len(piece)
        if size >= _CHUNK:
            yield "".join(buffer)
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer)
