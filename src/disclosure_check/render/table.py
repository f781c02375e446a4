"""The gap table for a terminal (Rich): one row per item, then structure, findings and a one-line summary."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from disclosure_check.i18n import t
from disclosure_check.render._common import links_line
from disclosure_check.result import DocumentResult, ItemResult, RunResult, Summary

STATUS_STYLE = {
    "disclosed": ("✔", "green"),
    "partial": ("◐", "yellow"),
    "stale": ("⟳", "yellow"),
    "missing": ("✘", "bold red"),
    "not_applicable": ("–", "dim"),
}
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "dim"}


def status_text(status: str, lang: str) -> Text:
    symbol, style = STATUS_STYLE[status]
    return Text(f"{symbol} {t(status, lang)}", style=style)


def summary_line(summary: Summary, lang: str) -> str:
    line = t("summary.line", lang, disclosed=summary.disclosed, total=summary.total, partial=summary.partial,
             stale=summary.stale, missing=summary.missing, na=summary.not_applicable)
    if summary.parts_missing:
        line += " · " + t("summary.part_missing", lang, numbers="、".join(map(str, summary.parts_missing)))
    elif summary.parts_present:
        line += " · " + t("summary.parts_ok", lang)
    return line


def _evidence_cell(item: ItemResult) -> Text:
    text = Text()
    if item.evidence:
        first = item.evidence[0]
        text.append(first.quote)
        text.append(f" [{first.locator}]", style="cyan")
    if item.message and item.status.value != "disclosed":
        if text:
            text.append("\n")
        text.append(item.message, style="dim")
    return text


def items_table(document: DocumentResult, lang: str, only_gaps: bool) -> Table:
    table = Table(title=t("heading.items", lang), title_justify="left")
    table.add_column(t("col.id", lang), justify="right", no_wrap=True)
    table.add_column(t("col.item", lang), ratio=2, max_width=30, no_wrap=True, overflow="ellipsis")
    table.add_column(t("col.status", lang), no_wrap=True)
    table.add_column(t("col.evidence", lang), ratio=3, overflow="fold")
    previous_category = None
    for item in document.items:
        if only_gaps and item.status.value in ("disclosed", "not_applicable"):
            continue
        category = item.category if lang == "zh" else item.category_en
        if category != previous_category:
            if previous_category is not None:
                table.add_section()
            table.add_row("", Text(f"{item.category_id}. {category}", style="bold"), "", "")
            previous_category = category
        title = item.title if lang == "zh" else item.title_en
        table.add_row(str(item.id), title, status_text(item.status.value, lang), _evidence_cell(item))
    return table


def render(result: RunResult, console: Console, only_gaps: bool = False) -> None:
    lang = result.tool.lang
    for document in result.documents:
        if document.error:
            continue
        console.rule(Text(document.path, style="bold"))
        if document.needs_ocr:
            console.print(Text(t("summary.needs_ocr", lang), style="bold red"))
            continue
        console.print(items_table(document, lang, only_gaps))
        report = document.report
        if report.period.start:
            quote = f"  [{report.period.evidence.locator}]" if report.period.evidence else ""
            console.print(f"{t('heading.period', lang)}: {report.period.start} – {report.period.end} "
                          f"({report.period.source}){quote}")
        if document.parts:
            parts = Text(t("heading.structure", lang) + ": ")
            for part in document.parts:
                style = "green" if part.status == "present" else "bold red"
                symbol = "✔" if part.status == "present" else "✘"
                parts.append(f"{symbol}{part.number} ", style=style)
            console.print(parts)
        for finding in document.findings:
            line = Text(f"{t(finding.severity.value, lang)}: ", style=SEVERITY_STYLE[finding.severity.value])
            line.append(finding.message)
            if finding.locator:
                line.append(f" [{finding.locator}]", style="cyan")
            for evidence in finding.evidence[:1]:
                if evidence.quote not in finding.message:
                    line.append(f"\n    {evidence.quote}", style="dim")
            console.print(line)
        console.print(Text(summary_line(document.summary, lang), style="bold"))
        if line := links_line(document, lang):
            console.print(Text(line, style="bold"))
