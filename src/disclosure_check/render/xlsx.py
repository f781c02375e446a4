"""The gap spreadsheet an office forwards to the departments that must fix things (openpyxl).

「差距清单」 one row per item, shaped like the checklist; 「汇总」 counts by category and status, structure,
period, tool version and command, and a coverage bar chart; 「发现」 every finding. Every text cell is stored as a
string, so report text can never become a formula.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from disclosure_check.i18n import t
from disclosure_check.render._common import advice, category, checked, clickable, link_status, problem, title, where
from disclosure_check.result import DocumentResult, RunResult

STATUSES = ("disclosed", "partial", "stale", "missing", "not_applicable")
FILL = {"disclosed": "C6EFCE", "partial": "FFEB9C", "stale": "FFEB9C", "missing": "FFC7CE", "not_applicable": "D9D9D9"}
# The columns that print come first, with widths that fit A4 landscape at full size (LibreOffice prints a
# width unit of the default 11 pt font as about 6.9 pt: 116 units fill the 784 pt between narrow margins, so
# the body prints at 11 pt); the link and its date follow, outside the print area (a printed URL helps no one;
# the file keeps it).
GAP_COLUMNS = (("col.id", 4), ("col.category", 8), ("col.item", 19), ("col.status", 8), ("col.quote", 26),
               ("col.locator", 8), ("col.problem", 18), ("col.advice", 17), ("col.department", 8),
               ("col.link", 30), ("col.date", 11))
GAP_PRINTED = 9
LINK_COLUMNS = (("col.id", 6), ("col.link", 40), ("col.links", 10), ("col.http", 8), ("col.final_url", 40),
                ("col.page_title", 30), ("col.page_date", 12), ("col.locator", 14), ("col.elapsed", 10),
                ("col.message", 30))
FINDING_COLUMNS = (("col.rule", 26), ("col.severity", 8), ("col.message", 60), ("col.locator", 16),
                   ("col.id", 6), ("col.part", 6))
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_WRAP = Alignment(wrap_text=True, vertical="top")
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
LINE_HEIGHT = 15  # points per wrapped line of the default 11 pt font as LibreOffice prints it (CJK included)


def wrapped_lines(value: object, width: float) -> int:
    """Wrapped lines a value takes in a column `width` units wide: a CJK character takes two units and is not
    split, a line holds `width - 1` units (measured on LibreOffice's print)."""
    capacity = max(int(width) - 1, 2)
    lines = 0
    for paragraph in str(value).split("\n"):
        lines += 1
        used = 0
        for char in paragraph:
            size = 2 if ord(char) > 0x2E7F else 1
            if used + size > capacity:
                lines, used = lines + 1, 0
            used += size
    return max(lines, 1)


def _fit_row(sheet: Worksheet, row: int, values: list[object], widths: list[float]) -> None:
    """Row heights by hand: spreadsheet software does not grow rows for wrapped text written by a program."""
    lines = max((wrapped_lines(v, w) for v, w in zip(values, widths, strict=True) if v not in ("", None)), default=1)
    sheet.row_dimensions[row].height = LINE_HEIGHT * min(lines, 12) + 3


def render(result: RunResult) -> bytes:
    lang = result.tool.lang
    workbook = Workbook()
    gaps, summary, findings = workbook.active, workbook.create_sheet(), workbook.create_sheet()
    gaps.title, summary.title, findings.title = t("sheet.gaps", lang), t("sheet.summary", lang), t("sheet.findings", lang)
    documents = checked(result)
    several = len(result.documents) > 1
    _gap_sheet(gaps, documents, lang, several, result.tool.check_links is not None)
    _finding_sheet(findings, documents, lang, several)
    if result.tool.check_links is not None:
        links = workbook.create_sheet()
        links.title = t("sheet.links", lang)
        _link_sheet(links, documents, lang, several)
    _summary_sheet(summary, result, documents, lang)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text(sheet: Worksheet, row: int, column: int, value: object) -> Cell:
    """A cell whose value is text or a number; text is stored as a string even when it starts with "=", so it
    keeps its exact value and is never evaluated (openpyxl would otherwise store it as a formula)."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


def print_on_a4(sheet: Worksheet, landscape: bool, title_rows: str | None = None, columns: int | None = None,
                one_page: bool = False) -> None:
    """Printed as offices print it: A4, narrow margins, the given columns on one page width (the widths are
    chosen to fit, so it prints at full size), the header rows on every page; `one_page` fits it all on one."""
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 1 if one_page else 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.print_options.horizontalCentered = True
    if title_rows:
        sheet.print_title_rows = title_rows
    if columns:
        sheet.print_area = f"A1:{get_column_letter(columns)}{max(sheet.max_row, 1)}"


def _header(sheet: Worksheet, columns: tuple[tuple[str, int], ...], lang: str,
            extra: tuple[str, ...] = ()) -> list[float]:
    """The header row, frozen, with column widths; returns the widths for `_row`."""
    labels = [*extra, *(t(key, lang) for key, _ in columns)]
    widths: list[float] = [20] * len(extra) + [width for _, width in columns]
    for column, (label, width) in enumerate(zip(labels, widths, strict=True), 1):
        cell = _text(sheet, 1, column, label)
        cell.font, cell.fill, cell.border = Font(bold=True), _HEADER_FILL, _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    return widths


def _row(sheet: Worksheet, row: int, values: list[object], widths: list[float]) -> None:
    for column, value in enumerate(values, 1):
        cell = _text(sheet, row, column, value)
        cell.alignment, cell.border = _WRAP, _BORDER
    _fit_row(sheet, row, values, widths)


def _gap_sheet(sheet: Worksheet, documents: Iterable[DocumentResult], lang: str, several: bool,
               checked_links: bool = False) -> None:
    extra = (t("col.file", lang),) if several else ()
    columns = (*GAP_COLUMNS, ("col.links", 10)) if checked_links else GAP_COLUMNS
    widths = _header(sheet, columns, lang, extra)
    row = 2
    for document in documents:
        for item in document.items:
            first = item.evidence[0] if item.evidence else None
            status = t(item.status.value, lang) + (f"（{t('waived', lang)}）" if item.waived else "")
            if item.listed is not None:  # a catalog: whether it lists the item
                status += f" · {t('listed' if item.listed else 'unlisted', lang)}"
            values: list[object] = [*([document.path] if several else []), item.id, category(item, lang),
                                    title(item, lang), status, first.quote if first else "",
                                    where(first.locator, lang) if first else "", problem(item, lang),
                                    advice(item, lang), "", (first.link or "") if first else "",
                                    (first.date or "") if first else "",
                                    *([link_status(document, item, lang)] if checked_links else [])]
            _row(sheet, row, values, widths)
            offset = len(extra)
            sheet.cell(row=row, column=offset + 4).fill = PatternFill("solid", fgColor=FILL[item.status.value])
            if first and clickable(first.link):
                link = sheet.cell(row=row, column=offset + 10)
                link.hyperlink = first.link
                link.font = Font(color="0563C1", underline="single")
            row += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(extra) + len(columns))}{max(row - 1, 1)}"
    print_on_a4(sheet, landscape=True, title_rows="1:1", columns=len(extra) + GAP_PRINTED)


def _finding_sheet(sheet: Worksheet, documents: Iterable[DocumentResult], lang: str, several: bool) -> None:
    extra = (t("col.file", lang),) if several else ()
    widths = _header(sheet, FINDING_COLUMNS, lang, extra)
    row = 2
    for document in documents:
        for finding in document.findings:
            values: list[object] = [*([document.path] if several else []), finding.rule,
                                    t(finding.severity.value, lang), finding.message, where(finding.locator, lang),
                                    finding.item if finding.item is not None else "",
                                    finding.part if finding.part is not None else ""]
            _row(sheet, row, values, widths)
            row += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(extra) + len(FINDING_COLUMNS))}{max(row - 1, 1)}"
    print_on_a4(sheet, landscape=True, title_rows="1:1")


def _link_sheet(sheet: Worksheet, documents: Iterable[DocumentResult], lang: str, several: bool) -> None:
    """Every link checked, as written and as found."""
    extra = (t("col.file", lang),) if several else ()
    widths = _header(sheet, LINK_COLUMNS, lang, extra)
    row = 2
    for document in documents:
        for link in document.links:
            values: list[object] = [*([document.path] if several else []),
                                    link.item if link.item is not None else "", link.url,
                                    t(link.status, lang) if link.status else "", link.http_status or "",
                                    link.final_url or "", link.page_title or "", link.page_date or "", link.locator,
                                    link.elapsed_ms if link.elapsed_ms is not None else "", link.error or ""]
            _row(sheet, row, values, widths)
            if link.status not in (None, "ok", "skipped"):
                sheet.cell(row=row, column=len(extra) + 3).fill = PatternFill("solid", fgColor=FILL["missing"])
            row += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(extra) + len(LINK_COLUMNS))}{max(row - 1, 1)}"
    print_on_a4(sheet, landscape=True, title_rows="1:1")


def structure_words(document: DocumentResult, lang: str) -> str:
    """The report's parts in words: which are there and which are missing, by number and title."""
    if not document.parts:
        return t("report.not_annual", lang)
    present = [str(p.number) for p in document.parts if p.status == "present"]
    missing = [p for p in document.parts if p.status != "present"]
    sep = "、" if lang == "zh" else ", "
    words = [t("structure.present", lang, numbers=sep.join(present))] if present else []
    if missing:
        named = sep.join(t("structure.part", lang, number=p.number, title=p.title if lang == "zh" else p.title_en or p.title)
                         for p in missing)
        words.append(t("structure.missing", lang, parts=named))
    return ("；" if lang == "zh" else "; ").join(words)


def _summary_sheet(sheet: Worksheet, result: RunResult, documents: Iterable[DocumentResult], lang: str) -> None:
    """One portrait page: counts by category and status, the facts, and the coverage chart below them."""
    headers = [t("col.category", lang), *(t(s, lang) for s in STATUSES), t("waived", lang), t("col.coverage", lang)]
    widths = [24] + [9] * (len(headers) - 1)
    for column, label in enumerate(headers, 1):
        cell = _text(sheet, 1, column, label)
        cell.font, cell.fill, cell.border = Font(bold=True), _HEADER_FILL, _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(column)].width = widths[column - 1]
    sheet.freeze_panes = "A2"
    items = [item for document in documents for item in document.items]
    names: dict[int, str] = {}
    for item in items:
        names.setdefault(item.category_id, category(item, lang))
    row = 2
    for category_id, name in sorted(names.items()):
        mine = [item for item in items if item.category_id == category_id]
        counts = [sum(1 for item in mine if item.status.value == s) for s in STATUSES]
        applicable = len(mine) - counts[-1]
        coverage = counts[0] / applicable if applicable else 1.0
        for column, value in enumerate([f"{category_id}. {name}", *counts, sum(i.waived for i in mine),
                                        round(coverage, 4)], 1):
            _text(sheet, row, column, value).border = _BORDER
        sheet.cell(row=row, column=len(headers)).number_format = "0%"
        row += 1
    first_data, last_data = 2, row - 1
    _text(sheet, row, 1, t("summary.total", lang)).font = Font(bold=True)
    for offset, status in enumerate(STATUSES, 2):
        _text(sheet, row, offset, sum(1 for item in items if item.status.value == status))
    _text(sheet, row, len(STATUSES) + 2, sum(i.waived for i in items))
    for column in range(1, len(headers) + 1):
        sheet.cell(row=row, column=column).border = _BORDER
    row += 2
    facts: list[tuple[str, str]] = []
    for document in documents:
        period = document.report.period
        facts.append((t("col.file", lang), document.path))
        facts.append((t("summary.period", lang), f"{period.start} – {period.end}" if period.start else "—"))
        facts.append((t("summary.structure", lang), structure_words(document, lang)))
    for document in result.documents:
        if document.error or document.needs_ocr:
            facts.append((t("col.file", lang), f"{document.path}: {document.error or t('summary.needs_ocr', lang)}"))
    facts.append((t("summary.tool", lang), f"{result.tool.name} {result.tool.version} ({result.tool.checklist})"))
    facts.append((t("summary.command", lang), result.tool.command or ""))
    value_width = sum(widths[1:])
    for label, value in facts:  # the value spans the other columns, wrapped, so it prints whole
        _text(sheet, row, 1, label).font = Font(bold=True)
        _text(sheet, row, 1, label).alignment = _WRAP
        _text(sheet, row, 2, value).alignment = _WRAP
        sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=len(headers))
        _fit_row(sheet, row, [label, value], [widths[0], value_width])
        row += 1
    if last_data >= first_data:
        chart = BarChart()
        chart.type, chart.title = "bar", t("col.coverage", lang)
        chart.y_axis.number_format, chart.y_axis.scaling.min, chart.y_axis.scaling.max = "0%", 0, 1
        chart.x_axis.scaling.orientation = "maxMin"  # category 1 at the top, as in the table
        chart.y_axis.delete = chart.x_axis.delete = False
        chart.add_data(Reference(sheet, min_col=len(headers), min_row=1, max_row=last_data), titles_from_data=True)
        chart.set_categories(Reference(sheet, min_col=1, min_row=first_data, max_row=last_data))
        chart.height, chart.width, chart.legend = 8, 16.5, None
        sheet.add_chart(chart, f"A{row + 1}")
        row += 18  # the rows the chart covers, inside the print area
    print_on_a4(sheet, landscape=False, one_page=True)
    sheet.print_area = f"A1:{get_column_letter(len(headers))}{row}"
