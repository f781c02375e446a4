"""The many-documents view: one row per document (institution, year, parts, item counts, score), sorted."""

from __future__ import annotations

from collections.abc import Iterator

from rich.console import Console
from rich.table import Table
from rich.text import Text

from disclosure_check.i18n import t
from disclosure_check.render.table import STATUS_STYLE
from disclosure_check.result import DocumentResult, RunResult


def ordered(result: RunResult) -> Iterator[DocumentResult]:
    """Readable documents by institution, year and path; unreadable ones last, by path. Only the sort keys are
    held: a batch run's documents are read back one at a time."""
    documents = result.documents
    keys = [sort_key(d) for d in documents]
    for index in sorted(range(len(keys)), key=keys.__getitem__):
        yield documents[index]


def sort_key(document: DocumentResult) -> tuple[bool, str, int, str]:
    return (document.error is not None or document.needs_ocr, document.report.institution or "",
            document.report.year or 0, document.path)


def parts_cell(document: DocumentResult) -> str:
    if not document.parts:
        return "–"
    return f"{len(document.summary.parts_present)}/{len(document.parts)}"


def score_cell(document: DocumentResult) -> str:
    return f"{document.summary.score.total:.1f}" if document.summary.score else "–"


def render(result: RunResult, console: Console) -> None:
    lang = result.tool.lang
    table = Table(title=t("heading.summary", lang, n=len(result.documents)), title_justify="left")
    table.add_column(t("col.document", lang), overflow="fold", min_width=16, ratio=2)
    table.add_column(t("col.institution", lang), overflow="fold", min_width=8, ratio=1)
    table.add_column(t("col.year", lang), justify="right", no_wrap=True)
    table.add_column(t("col.parts", lang), justify="right", no_wrap=True)
    for status in ("disclosed", "partial", "stale", "missing", "not_applicable"):
        symbol, style = STATUS_STYLE[status]  # symbols keep the row within 80 columns; the caption names them
        table.add_column(Text(symbol, style=style), justify="right", no_wrap=True)
    table.add_column(t("col.score", lang), justify="right", no_wrap=True)
    for document in ordered(result):
        if document.error or document.needs_ocr:
            problem = t("summary.needs_ocr", lang) if document.needs_ocr else t("summary.unreadable", lang)
            table.add_row(Text(document.path), Text(problem, style="bold red"), *[""] * 8)
            continue
        summary = document.summary
        # Text, not str: a file name or institution is never Rich markup ("[/y]" would crash, "[link=…]" link).
        table.add_row(Text(document.path), Text(document.report.institution or "–"), str(document.report.year or "–"),
                      parts_cell(document), str(summary.disclosed), str(summary.partial), str(summary.stale),
                      str(summary.missing), str(summary.not_applicable), score_cell(document))
    table.caption = " ".join(f"{STATUS_STYLE[s][0]} {t(s, lang)}" for s in STATUS_STYLE)
    table.caption_justify = "left"
    console.print(table)
