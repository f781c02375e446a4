"""What several machine renderers share: which documents and items to report, and the words for them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from disclosure_check.i18n import t
from disclosure_check.locators import place
from disclosure_check.result import DocumentResult, Finding, ItemResult, RunResult

GAP_STATUSES = ("partial", "stale", "missing")
_LINE = re.compile(r"^L(\d+)$")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class Checked(Iterable[DocumentResult]):
    """Documents that were read and checked (unreadable ones carry only `error`), filtered on each pass rather
    than copied: a batch run's documents are read back one at a time."""

    def __init__(self, documents: Iterable[DocumentResult]) -> None:
        self._documents = documents

    def __iter__(self) -> Iterator[DocumentResult]:
        return (d for d in self._documents if not d.error and not d.needs_ocr)


def checked(result: RunResult) -> Checked:
    return Checked(result.documents)


def is_gap(item: ItemResult) -> bool:
    return item.status.value in GAP_STATUSES


def reported_gap(item: ItemResult) -> bool:
    """A gap the run answers for: not waived and, under a baseline, worse than before."""
    return is_gap(item) and item.gates


def reported_finding(finding: Finding) -> bool:
    return not finding.baselined


def title(item: ItemResult, lang: str) -> str:
    return item.title if lang == "zh" else (item.title_en or item.title)


def category(item: ItemResult, lang: str) -> str:
    return item.category if lang == "zh" else (item.category_en or item.category)


def locator(item: ItemResult) -> str | None:
    return item.evidence[0].locator if item.evidence else None


def where(locator: str | None, lang: str) -> str:
    """A locator in words for people (spreadsheets, terminal): 第3页, 表1 B4."""
    return place(locator, lang)


def line_number(locator: str | None) -> int | None:
    """The line of a text locator (`L12`); other locators (page, paragraph, cell) have no line."""
    match = _LINE.match(locator or "")
    return int(match.group(1)) if match else None


def problem(item: ItemResult, lang: str) -> str:
    """The message a reader acts on, with the waiver or baseline that excuses it."""
    parts = [item.message] if item.message else []
    if item.waiver is not None:  # a lapsed waiver is shown as lapsed, never as a valid one
        parts.append(t("waiver.note" if item.waived else "waiver.lapsed", lang, reason=item.waiver.reason,
                       approved_by=item.waiver.approved_by, expires=item.waiver.expires))
    if item.regressed is False and item.baseline_status is not None:
        parts.append(t("baseline.unchanged", lang, status=t(item.baseline_status.value, lang)))
    elif item.regressed and item.baseline_status is not None:
        parts.append(t("baseline.worse", lang, status=t(item.baseline_status.value, lang)))
    return "；".join(parts) if lang == "zh" else "; ".join(parts)


def advice(item: ItemResult, lang: str) -> str:
    status = item.status.value
    if status == "partial":
        missing = [f.name if lang == "zh" else (f.name_en or f.name) for f in item.facets if not f.covered]
        return t("advice.partial", lang, facets=("、" if lang == "zh" else ", ").join(missing))
    if status in ("missing", "stale"):
        return t(f"advice.{status}", lang)
    if status == "not_applicable" and item.self_declared:
        return t("advice.na", lang)
    return ""


# Worst first: an item's link column shows its worst link.
LINK_STATUSES = ("broken", "timeout", "soft_404", "mismatch", "stale_page", "skipped", "ok")


def link_status(document: DocumentResult, item: ItemResult, lang: str) -> str:
    """The worst status among the item's links, in words; "" when the item has none."""
    found = [link.status for link in document.links if link.item == item.id and link.status in LINK_STATUSES]
    return t(min(found, key=LINK_STATUSES.index), lang) if found else ""


def links_line(document: DocumentResult, lang: str) -> str | None:
    """"链接检查：12 个链接 · 5 正常 · 2 无法打开 …" for a document whose links were checked."""
    if not document.links:
        return None
    counts = {s: sum(1 for link in document.links if link.status == s) for s in reversed(LINK_STATUSES)}
    parts = [f"{n} {t(s, lang)}" for s, n in counts.items() if n]
    return t("links.line", lang, n=len(document.links), counts=" · ".join(parts))


_SAFE_SCHEMES = ("http://", "https://", "mailto:", "ftp://")


def clickable(link: str | None) -> bool:
    """Whether a link from a report may be made clickable in a spreadsheet: web and mail only, never
    `javascript:`, `file:` or a relative path that would open a file on the reader's machine."""
    return bool(link) and link.strip().lower().startswith(_SAFE_SCHEMES)  # type: ignore[union-attr]


def defuse(text: str) -> str:
    """Spreadsheet formula injection: text a spreadsheet would evaluate gets a leading apostrophe."""
    return "'" + text if text.startswith(_FORMULA_START) else text
