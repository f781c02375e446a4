"""Timeliness: an annual report published after 31 October of its reporting year is late.

The publication date is a 发布时间/发布日期 line when the report states one, else the file's creation date
(docx/pdf metadata). A creation date more than a year past the deadline is taken for a later re-save or
conversion, not the publication, and ignored.
"""

from __future__ import annotations

import re
from datetime import date

from disclosure_check.engine import Analysis
from disclosure_check.i18n import t
from disclosure_check.result import Finding, ReportInfo, Severity
from disclosure_check.text import find_dates

RULE = "timeliness.late"
DEADLINE = (10, 31)  # month, day of the reporting year

_STATED = re.compile(r"(?:发布|公布|印发|公开|发文)(?:时间|日期)\s*[:：]?\s*")


def check(analysis: Analysis, report: ReportInfo) -> list[Finding]:
    year = report.year or (int(report.period.end[:4]) if report.period.end else None)
    if not report.is_annual_report or year is None:
        return []
    deadline = date(year, *DEADLINE)
    published = _stated(analysis)
    if published is not None:
        when, locator, source = published[0], published[1], t("timeliness.stated", analysis.lang)
    elif analysis.document.created:
        when, locator, source = date.fromisoformat(analysis.document.created[:10]), None, t("timeliness.metadata", analysis.lang)
        if when > date(year + 1, *DEADLINE):
            return []
    else:
        return []
    if when <= deadline:
        return []
    return [Finding(rule=RULE, severity=Severity.warning, locator=locator,
                    message=t("timeliness.late", analysis.lang, published=when.isoformat(), source=source, year=year))]


def _stated(analysis: Analysis) -> tuple[date, str] | None:
    for block in analysis.document.blocks:
        for match in _STATED.finditer(block.text):
            dates = find_dates(block.text[match.end():match.end() + 24], analysis.context_year)
            if dates and dates[0][1] == 0:
                return dates[0][0], block.locator
    return None
