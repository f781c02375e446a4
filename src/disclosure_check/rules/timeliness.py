"""Timeliness: an annual report published after 31 October of its reporting year is late.

The publication date is a 发布时间/发布日期 line when the report states one, else the file's creation date
(docx/pdf metadata). A creation date more than a year past the deadline is taken for a later re-save or
conversion, not the publication, and ignored.
"""

from __future__ import annotations

import re
from datetime import date

from disclosure_check.analysis import Analysis
from disclosure_check.i18n import t
from disclosure_check.result import Finding, ReportInfo, Severity
from disclosure_check.text import find_dates

RULE = "timeliness.late"
DEADLINE = (10, 31)  # month, day of the reporting year

_STATED = re.compile(r"(?:发布|公布|印发|公开|发文)(?:时间|日期)\s*[:：]?\s*")


def publication(analysis: Analysis, year: int | None) -> tuple[date, str, str | None] | None:
    """When the report was published, how we know, and where: a 发布时间 line, else the date the report is
    signed with (its last short lines), else the file's creation date unless that is a later re-save."""
    lang = analysis.lang
    if stated := _stated(analysis):
        return stated[0], t("timeliness.stated", lang), stated[1]
    if signed := _signed(analysis):
        return signed[0], t("timeliness.stated", lang), signed[1]
    if analysis.document.created:
        created = date.fromisoformat(analysis.document.created[:10])
        if year is None or created <= date(year + 1, *DEADLINE):
            return created, t("timeliness.metadata", lang), None
    return None


def check(analysis: Analysis, report: ReportInfo) -> list[Finding]:
    year = report.year or (int(report.period.end[:4]) if report.period.end else None)
    published = publication(analysis, year)
    report.published = published[0].isoformat() if published else None
    if not report.is_annual_report or year is None or published is None:
        return []
    when, source, locator = published
    if when <= date(year, *DEADLINE):
        return []
    return [Finding(rule=RULE, severity=Severity.warning, locator=locator,
                    message=t("timeliness.late", analysis.lang, published=when.isoformat(), source=source, year=year))]


def _stated(analysis: Analysis) -> tuple[date, str] | None:
    for index in analysis.blocks_with(_STATED):
        block = analysis.document.blocks[index]
        for match in _STATED.finditer(block.text):
            dates = find_dates(block.text[match.end():match.end() + 24], analysis.context_year)
            if dates and dates[0][1] == 0:
                return dates[0][0], block.locator
    return None


def _signed(analysis: Analysis) -> tuple[date, str] | None:
    tail = [b for b in analysis.document.blocks[-3:] if b.kind != "row" and len(b.text) <= 40]
    for block in reversed(tail):
        if dates := find_dates(block.text):
            return dates[-1][0], block.locator
    return None
