"""CSV of every item of every document, UTF-8 with a byte-order mark so Excel shows Chinese correctly.
Text a spreadsheet would evaluate as a formula gets a leading apostrophe."""

from __future__ import annotations

import csv
import io

from disclosure_check.i18n import t
from disclosure_check.render._common import advice, category, checked, defuse, link_status, problem, title, where
from disclosure_check.result import RunResult

COLUMNS = ("col.file", "col.id", "col.category", "col.item", "col.status", "col.quote", "col.locator", "col.link",
           "col.date", "col.problem", "col.advice", "waived")


def render(result: RunResult) -> bytes:
    lang = result.tool.lang
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    links = result.tool.check_links is not None  # a 链接检查 column only when links were checked
    writer.writerow([t(column, lang) for column in (*COLUMNS, *(("col.links",) if links else ()))])
    for document in checked(result):
        for item in document.items:
            first = item.evidence[0] if item.evidence else None
            row = [document.path, str(item.id), category(item, lang), title(item, lang), t(item.status.value, lang),
                   first.quote if first else "", where(first.locator, lang) if first else "", (first.link or "") if first else "",
                   (first.date or "") if first else "", problem(item, lang), advice(item, lang),
                   t("waived", lang) if item.waived else "", *([link_status(document, item, lang)] if links else [])]
            writer.writerow([defuse(value) for value in row])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")
