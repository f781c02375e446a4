"""The many-documents workbook: a summary sheet, a matrix (documents × items, coloured cells) and every
item of every document, for `--output summary.xlsx` when more than one document is checked."""

from __future__ import annotations

import io

from disclosure_check.i18n import t
from disclosure_check.render.summary import ordered, parts_cell
from disclosure_check.result import DocumentResult, RunResult

FILLS = {"disclosed": "C6EFCE", "partial": "FFEB9C", "stale": "FFD59C", "missing": "FFC7CE",
         "not_applicable": "E7E6E6"}
SYMBOLS = {"disclosed": "✔", "partial": "◐", "stale": "⟳", "missing": "✘", "not_applicable": "–"}
STATUSES = tuple(FILLS)


def safe(value: object) -> object:
    """Report text never becomes a formula, and characters a workbook cannot hold are dropped."""
    if not isinstance(value, str):
        return value
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def render(result: RunResult) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    lang = result.tool.lang
    documents = list(ordered(result))  # the workbook holds every cell in memory anyway
    book = Workbook()
    summary = book.active
    summary.title = t("sheet.summary", lang)
    bold = Font(bold=True)
    header = [t("col.document", lang), t("col.institution", lang), t("col.year", lang), t("col.parts", lang),
              *(t(s, lang) for s in STATUSES), t("col.score", lang), "error"]
    summary.append(header)
    for document in documents:
        s = document.summary
        score = s.score.total if s.score and not document.error else None
        summary.append([safe(v) for v in (document.path, document.report.institution, document.report.year,
                                          parts_cell(document) if not document.error else None, s.disclosed,
                                          s.partial, s.stale, s.missing, s.not_applicable, score,
                                          document.error or (t("summary.needs_ocr", lang) if document.needs_ocr
                                                             else None))])

    matrix = book.create_sheet(t("sheet.matrix", lang))
    items = _item_columns(documents)
    matrix.append([t("col.document", lang), t("col.institution", lang), t("col.year", lang), *items])
    fills = {s: PatternFill("solid", fgColor=c) for s, c in FILLS.items()}
    for row, document in enumerate(documents, start=2):
        matrix.append([safe(document.path), safe(document.report.institution), document.report.year])
        by_id = {i.id: i.status.value for i in document.items}
        for column, item in enumerate(items, start=4):
            status = by_id.get(item)
            if status:
                cell = matrix.cell(row, column, SYMBOLS[status])
                cell.fill = fills[status]
    matrix.freeze_panes = "D2"

    detail = book.create_sheet(t("sheet.items", lang))
    detail.append([t("col.document", lang), t("col.id", lang), t("col.item", lang), t("col.status", lang),
                   t("col.evidence", lang), t("col.locator", lang)])
    for document in documents:
        for item in document.items:
            first = item.evidence[0] if item.evidence else None
            detail.append([safe(document.path), item.id, safe(item.title if lang == "zh" else item.title_en),
                           t(item.status.value, lang), safe(first.quote if first else item.message),
                           safe(first.locator if first else None)])
    for sheet in (summary, matrix, detail):
        for cell in sheet[1]:
            cell.font = bold
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _item_columns(documents: list[DocumentResult]) -> list[int]:
    ids: dict[int, None] = {}
    for document in documents:
        for item in document.items:
            ids.setdefault(item.id, None)
    return sorted(ids)
