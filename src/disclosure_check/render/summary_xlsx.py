"""The many-documents workbook: a summary sheet, a matrix (documents × items, coloured cells) and every
item of every document, for `--output summary.xlsx` when more than one document is checked."""

from __future__ import annotations

import io

from disclosure_check.i18n import t
from disclosure_check.render._common import where
from disclosure_check.render.summary import parts_cell, sort_key
from disclosure_check.result import RunResult

FILLS = {"disclosed": "C6EFCE", "partial": "FFEB9C", "stale": "FFD59C", "missing": "FFC7CE",
         "not_applicable": "E7E6E6"}
SYMBOLS = {"disclosed": "✔", "partial": "◐", "stale": "⟳", "missing": "✘", "not_applicable": "–"}
STATUSES = tuple(FILLS)
LINK_HEADER = ("col.document", "col.id", "col.link", "col.links", "col.http", "col.final_url", "col.page_title",
               "col.page_date", "col.locator", "col.elapsed", "col.message")


def safe(value: object) -> object:
    """Report text never becomes a formula, and characters a workbook cannot hold are dropped."""
    if not isinstance(value, str):
        return value
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def render(result: RunResult) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    lang = result.tool.lang
    # Write-only: rows go to the file as they are appended, so a thousand documents' 50,000 item rows are never
    # all in memory; the documents themselves are read back one at a time (sort keys and item ids first).
    book = Workbook(write_only=True)
    summary = book.create_sheet(t("sheet.summary", lang))
    matrix = book.create_sheet(t("sheet.matrix", lang))
    detail = book.create_sheet(t("sheet.items", lang))
    links = book.create_sheet(t("sheet.links", lang)) if result.tool.check_links else None  # every link checked
    matrix.freeze_panes = "D2"
    bold = Font(bold=True)
    fills = {s: PatternFill("solid", fgColor=c) for s, c in FILLS.items()}

    def cell(sheet, value: object, **style: object) -> WriteOnlyCell:  # type: ignore[no-untyped-def]
        made = WriteOnlyCell(sheet, value)
        if isinstance(value, str):
            made.data_type = "s"  # text from a report or a file name is never a formula ("=cmd|…")
        for name, setting in style.items():
            setattr(made, name, setting)
        return made

    documents = result.documents
    keys, ids = [], {}
    for document in documents:
        keys.append(sort_key(document))
        ids.update((item.id, None) for item in document.items)
    items = sorted(ids)
    for sheet, header in (
            (summary, [t("col.document", lang), t("col.institution", lang), t("col.year", lang), t("col.parts", lang),
                       *(t(s, lang) for s in STATUSES), t("col.score", lang), t("col.unreadable", lang)]),
            (matrix, [t("col.document", lang), t("col.institution", lang), t("col.year", lang),
                      *(t("col.item_number", lang, id=i) for i in items)]),
            (detail, [t("col.document", lang), t("col.id", lang), t("col.item", lang), t("col.status", lang),
                      t("col.evidence", lang), t("col.locator", lang)])):
        # Widths before the first row (a write-only sheet takes them only then): documents and text wide,
        # counts and item cells narrow.
        fixed = {t("col.document", lang): 30, t("col.institution", lang): 20, t("col.item", lang): 30,
                 t("col.evidence", lang): 40, t("col.unreadable", lang): 30, t("col.locator", lang): 12}
        for column, value in enumerate(header, 1):
            width = fixed.get(str(value), 7 if sheet is matrix and column > 3 else 9)
            sheet.column_dimensions[get_column_letter(column)].width = width
        sheet.page_setup.orientation, sheet.page_setup.paperSize = "landscape", "9"  # A4, at full size
        sheet.print_title_rows = "1:1"
        sheet.append([cell(sheet, value, font=bold) for value in header])
    if links is not None:
        links.append([cell(links, t(key, lang), font=bold) for key in LINK_HEADER])
    for index in sorted(range(len(keys)), key=keys.__getitem__):
        document = documents[index]
        s = document.summary
        score = s.score.total if s.score and not document.error else None
        summary.append([safe(v) for v in (document.path, document.report.institution, document.report.year,
                                          parts_cell(document) if not document.error else None, s.disclosed,
                                          s.partial, s.stale, s.missing, s.not_applicable, score,
                                          document.error or (t("summary.needs_ocr", lang) if document.needs_ocr
                                                             else None))])
        by_id = {i.id: i.status.value for i in document.items}
        matrix.append([safe(document.path), safe(document.report.institution), document.report.year,
                       *(cell(matrix, SYMBOLS[by_id[i]], fill=fills[by_id[i]]) if i in by_id else None
                         for i in items)])
        for item in document.items:
            first = item.evidence[0] if item.evidence else None
            detail.append([safe(document.path), item.id, safe(item.title if lang == "zh" else item.title_en),
                           t(item.status.value, lang), safe(first.quote if first else item.message),
                           safe(where(first.locator, lang) if first else None)])
        for link in document.links if links is not None else ():
            links.append([safe(v) for v in (document.path, link.item, link.url, t(link.status, lang) if link.status
                                            else None, link.http_status, link.final_url, link.page_title,
                                            link.page_date, where(link.locator, lang), link.elapsed_ms, link.error)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
