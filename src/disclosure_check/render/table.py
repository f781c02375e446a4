"""The gap table for a terminal (Rich): one row per item, then structure, findings and a one-line summary.

Column widths are computed from the terminal's width (the item title column grows with it) and every cell is
broken by render/wrap.py, so that wrapped Chinese lines never start with closing punctuation."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from disclosure_check.i18n import t
from disclosure_check.locators import place
from disclosure_check.render._common import links_line, problem
from disclosure_check.render.wrap import wrap
from disclosure_check.result import DocumentResult, ItemResult, RunResult, Summary

STATUS_STYLE = {
    "disclosed": ("✔", "green"),
    "partial": ("◐", "yellow"),
    "stale": ("⟳", "yellow"),
    "missing": ("✘", "bold red"),
    "not_applicable": ("–", "dim"),
}
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "dim"}
_BORDERS = 13  # four columns: five rules and a space either side of each cell
_MAX_TITLE_LINES = 2


def status_text(status: str, lang: str) -> Text:
    symbol, style = STATUS_STYLE[status]
    return Text(f"{symbol} {t(status, lang)}", style=style)


def summary_line(summary: Summary, lang: str) -> str:
    line = t("summary.line", lang, disclosed=summary.disclosed, total=summary.total, partial=summary.partial,
             stale=summary.stale, missing=summary.missing, na=summary.not_applicable)
    if summary.waived:
        line += " · " + t("summary.waived", lang, n=summary.waived)
    if summary.regressed:
        line += " · " + t("summary.regressed", lang, n=summary.regressed)
    if summary.parts_missing:
        line += " · " + t("summary.part_missing", lang, numbers="、".join(map(str, summary.parts_missing)))
    elif summary.parts_present:
        line += " · " + t("summary.parts_ok", lang)
    return line


def _status_cell(item: ItemResult, lang: str) -> Text:
    """The status (in a catalog, whether it lists the item), and under it the marks a CI run adds: a waiver
    (valid or lapsed) and a regression."""
    text = status_text(item.status.value, lang)
    if item.listed is not None:  # a catalog: whether it lists the item, beside whether it was published
        text.append("\n" + t("listed" if item.listed else "unlisted", lang), style="dim")
    if item.waived:
        text.append("\n" + t("mark.waived", lang), style="cyan")
    elif item.waiver is not None:
        text.append("\n" + t("mark.waiver_lapsed", lang), style="bold red")
    if item.regressed:
        text.append("\n" + t("mark.regressed", lang), style="bold red")
    return text


def _evidence_cell(item: ItemResult, lang: str) -> Text:
    text = Text()
    if item.evidence:
        first = item.evidence[0]
        text.append(first.quote)
        text.append(f" [{place(first.locator, lang)}]", style="cyan")
    words = problem(item, lang) if item.status.value != "disclosed" or item.waiver else ""
    if words:
        if text:
            text.append("\n")
        text.append(words, style="dim")
    return text


def widths(console_width: int, lang: str) -> tuple[int, int, int, int]:
    """Number, title, status and evidence widths filling `console_width`; the title takes two fifths of what
    the number and status leave (16–60 cells), the evidence the rest."""
    number = max(cell_len(t("col.id", lang)), 2)
    marks = [t(key, lang) for key in ("mark.waived", "mark.waiver_lapsed", "mark.regressed")]
    status = max(cell_len(t("col.status", lang)), *(cell_len(status_text(s, lang).plain) for s in STATUS_STYLE),
                 *(cell_len(m) for m in marks))
    rest = max(console_width - _BORDERS - number - status, 30)
    title = min(max(rest * 2 // 5, 16), 60)
    return number, title, status, rest - title


def items_table(document: DocumentResult, lang: str, only_gaps: bool, width: int = 80) -> Table:
    number_w, title_w, status_w, evidence_w = widths(width, lang)
    table = Table(title=t("heading.items", lang), title_justify="left")
    table.add_column(t("col.id", lang), justify="right", no_wrap=True, width=number_w)
    table.add_column(t("col.item", lang), no_wrap=True, width=title_w)
    table.add_column(t("col.status", lang), no_wrap=True, width=status_w)
    table.add_column(t("col.evidence", lang), no_wrap=True, width=evidence_w)
    previous_category = None
    for item in document.items:
        if not _shown(item, only_gaps):
            continue
        category = item.category if lang == "zh" else item.category_en
        if category != previous_category:
            if previous_category is not None:
                table.add_section()
            heading = wrap(Text(f"{item.category_id}. {category}", style="bold"), title_w, _MAX_TITLE_LINES)
            table.add_row("", heading, "", "")
            previous_category = category
        title = item.title if lang == "zh" else item.title_en
        table.add_row(str(item.id), wrap(Text(title), title_w, _MAX_TITLE_LINES), _status_cell(item, lang),
                      wrap(_evidence_cell(item, lang), evidence_w))
    return table


def _shown(item: ItemResult, only_gaps: bool) -> bool:
    return not (only_gaps and item.status.value in ("disclosed", "not_applicable") and not item.waiver)


def legend(document: DocumentResult, lang: str, only_gaps: bool = False) -> Text:
    """What each status shown means, in a sentence."""
    shown = [s for s in STATUS_STYLE if any(i.status.value == s and _shown(i, only_gaps) for i in document.items)]
    text = Text()
    for status in shown:
        if text:
            text.append(" · ")
        text.append_text(status_text(status, lang))
        text.append(t("legend.sep", lang) + t(f"legend.{status}", lang))
    return text


def render(result: RunResult, console: Console, only_gaps: bool = False) -> None:
    lang = result.tool.lang
    width = console.width

    def say(text: Text | str, indent: int = 0) -> None:
        console.print(wrap(text if isinstance(text, Text) else Text(text), width - indent))

    for document in result.documents:
        if document.error:
            continue
        console.rule(Text(document.path, style="bold"))
        if document.needs_ocr:
            say(Text(t("summary.needs_ocr", lang), style="bold red"))
            continue
        console.print(items_table(document, lang, only_gaps, width))
        say(legend(document, lang, only_gaps))
        report = document.report
        say(t("report.kind_line", lang, kind=t(f"doc_kind.{report.kind}", lang)))
        if report.period.start:
            evidence = report.period.evidence
            source = t(f"period.source.{report.period.source}", lang) if report.period.source else ""
            where = t("period.where", lang, place=place(evidence.locator, lang)) if evidence else ""
            say(t("period.line", lang, start=report.period.start, end=report.period.end, source=source + where))
        if document.parts:
            parts = Text(t("heading.structure", lang) + t("legend.sep", lang))
            for part in document.parts:
                style = "green" if part.status == "present" else "bold red"
                symbol = "✔" if part.status == "present" else "✘"
                parts.append(f"{symbol}{part.number} ", style=style)
            console.print(parts)
        for finding in document.findings:
            line = Text(t(finding.severity.value, lang) + t("legend.sep", lang),
                        style=SEVERITY_STYLE[finding.severity.value])
            line.append(finding.message)
            if finding.locator:
                line.append(f" [{place(finding.locator, lang)}]", style="cyan")
            say(line)
            for evidence in finding.evidence[:1]:
                if evidence.quote not in finding.message:
                    quote = wrap(Text(evidence.quote, style="dim"), width - 4)
                    console.print(Text("\n").join(Text("    ").append_text(line) for line in quote.split("\n")))
        say(Text(summary_line(document.summary, lang), style="bold"))
        regressed = [str(item.id) for item in document.items if item.regressed]
        if regressed:
            say(Text(t("baseline.regressed_list", lang, items="、".join(regressed) if lang == "zh" else ", ".join(regressed)),
                     style="bold red"))
        if links := links_line(document, lang):
            say(Text(links, style="bold"))


def warm_up() -> None:
    """Rich loads its character-width tables, emoji codes and rules as it draws its first table: a small one is
    drawn here, to nowhere, while the worker reads (the command line's `meanwhile`), not after it."""
    import io

    console = Console(file=io.StringIO(), width=80)
    console.rule(Text("清单 ✔"))
    sample = Table(title="清单")
    sample.add_column("项")
    sample.add_row(Text("公开 ✔", style="green"))
    console.print(sample)


def render_lines(result: RunResult, console: Console) -> None:
    """`--summary`: one line per checked document (a pre-commit hook's output); unreadable files are reported
    on stderr by the caller."""
    lang = result.tool.lang
    for document in result.documents:
        if document.error:
            continue
        words = t("summary.needs_ocr", lang) if document.needs_ocr else summary_line(document.summary, lang)
        console.print(Text(f"{document.path}{t('legend.sep', lang)}{words}"), soft_wrap=True)
