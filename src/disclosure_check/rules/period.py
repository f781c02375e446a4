"""The statistics period, decided once per document.

In order: the year given in the settings; a period the report states (统计期限/统计时间 … 至 …); the date range
the report's figures use most often; the title year, read with the academic-year convention (a "2023年度"
report usually covers 2022-09-01..2023-08-31). Calendar years, whole-month ranges ("2022年11月至2023年10月",
kind `october_year` for reports that run to the 31 October deadline) and academic years are all recognised.
Once the year is known (setting or title), a range ending in another year never decides the period: it is a
leftover from an earlier report (see rules/leftovers.py) or a history.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from disclosure_check.analysis import Analysis
from disclosure_check.i18n import t
from disclosure_check.result import Finding, Period, ReportInfo, Severity
from disclosure_check.text import PeriodMatch, classify


def _academic_year_ending(year: int) -> tuple[date, date]:
    return date(year - 1, 9, 1), date(year, 8, 31)


def candidates(analysis: Analysis) -> list[tuple[int, PeriodMatch]]:
    blocks = analysis.document.blocks
    return [
        (index, match)
        for index in analysis.period_blocks
        if blocks[index].kind != "row"
        for match in analysis.periods(index)
    ]


def decide(analysis: Analysis) -> Period:
    found = candidates(analysis)
    year = analysis.context_year
    if year is not None:
        # A range that ends in another year is a leftover or a history, not this report's period; the title's
        # year also admits a stated period that starts in it (reports that name the academic year by its start).
        found = [(i, m) for i, m in found
                 if m.end.year == year or (m.stated and m.start.year == year and not analysis.settings.year)]
    stated = [(i, m) for i, m in found if m.stated]
    if stated:
        return _period(analysis, *stated[0], source="setting" if analysis.settings.year else "stated")
    if found:
        counts = Counter((m.start, m.end) for _, m in found)
        most = max(counts.values())
        index, match = next((i, m) for i, m in found if counts[(m.start, m.end)] == most)
        return _period(analysis, index, match, source="setting" if analysis.settings.year else "text")
    if year is not None:
        start, end = _academic_year_ending(year)
        return Period(start=start.isoformat(), end=end.isoformat(), kind=classify(start, end),
                      source="setting" if analysis.settings.year else "title")
    return Period()


def _period(analysis: Analysis, index: int, match: PeriodMatch, source: str) -> Period:
    return Period(start=match.start.isoformat(), end=match.end.isoformat(), kind=match.kind, source=source,
                  evidence=analysis.evidence(index, *match.span))


def findings(analysis: Analysis, report: ReportInfo) -> list[Finding]:
    if report.is_annual_report and report.period.start is None:
        return [Finding(rule="period.unknown", severity=Severity.warning, message=t("period.none", analysis.lang))]
    return []
