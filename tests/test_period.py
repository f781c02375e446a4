"""The reporting period: academic, calendar and October conventions; which source decided it; timeliness."""

from __future__ import annotations

from datetime import date

import builders
import pytest
from checking import check_path, check_text

from disclosure_check.text import find_periods


@pytest.mark.parametrize(("text", "start", "end", "kind"), [
    ("统计期限为2022年11月至2023年10月。", date(2022, 11, 1), date(2023, 10, 31), "october_year"),
    ("统计期限为2022年11月1日至2023年10月31日。", date(2022, 11, 1), date(2023, 10, 31), "october_year"),
    ("统计时间为2022年9月至2023年8月。", date(2022, 9, 1), date(2023, 8, 31), "academic_year"),
    ("统计时间为2023年1-10月。", date(2023, 1, 1), date(2023, 10, 31), "custom"),
    ("统计时间为2023年1月至12月。", date(2023, 1, 1), date(2023, 12, 31), "calendar_year"),
])
def test_month_ranges_and_october_years(text, start, end, kind):
    (period,) = find_periods(text, 2023)
    assert (period.start, period.end, period.kind, period.stated) == (start, end, kind, True)


@pytest.mark.parametrize(("body", "expected"), [
    ("统计期限为2022年11月至2023年10月。", ("2022-11-01", "2023-10-31", "october_year", "stated")),
    ("报告期为2023年1月1日至2023年12月31日。", ("2023-01-01", "2023-12-31", "calendar_year", "stated")),
    # some institutions name the academic year by its first year: a stated period starting in the title year
    ("统计期限自2023年9月1日至2024年8月31日。", ("2023-09-01", "2024-08-31", "academic_year", "stated")),
    ("2023年1月1日至10月31日，学校共发布信息300条。", ("2023-01-01", "2023-10-31", "custom", "text")),
    # figures of another year never decide the period once the title names the year
    ("2021年9月1日至2022年8月31日，学校共发布信息300条。", ("2022-09-01", "2023-08-31", "academic_year", "title")),
    ("学校持续推进信息公开。", ("2022-09-01", "2023-08-31", "academic_year", "title")),
])
def test_period_conventions_and_source(tmp_path, body, expected):
    result = check_text(tmp_path, f"某学院2023年度信息公开工作年度报告\n{body}\n")
    period = result.report.period
    assert (period.start, period.end, period.kind, period.source) == expected


def test_setting_year_beats_an_off_year_stated_period(tmp_path):
    text = "某学院2024年度信息公开年度报告\n统计期限自2023年9月1日起至2024年8月31日止。\n"
    result = check_text(tmp_path, text, year=2023)
    assert (result.report.period.start, result.report.period.source) == ("2022-09-01", "setting")


# --- timeliness ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("line", "late"), [
    ("发布时间：2023年11月20日", "2023-11-20"),
    ("发布日期：2023-10-30", None),
    ("发布日期：2023年10月31日", None),
])
def test_stated_publication_date(tmp_path, line, late):
    result = check_text(tmp_path, f"某大学2023年度信息公开工作年度报告\n{line}\n一、概述\n内容。\n")
    found = [f for f in result.findings if f.rule == "timeliness.late"]
    if late is None:
        assert found == []
        return
    (finding,) = found
    assert finding.severity.value == "warning" and finding.locator == "L2"
    assert finding.message == f"报告发布日期{late}（文中“发布时间”）晚于2023年10月31日的报送期限"


@pytest.mark.parametrize(("year", "late"), [(2023, True), (2024, False), (2021, False)])
def test_docx_creation_date(tmp_path, year, late):
    # the builder stamps created = 2023-11-24: late for 2023, early for 2024, and for 2021 too far past the
    # deadline to be the publication (a later re-save)
    lines = [f"某大学{year}年度信息公开工作年度报告", "一、概述", "学校持续推进信息公开。"]
    result = check_path(builders.to_docx(lines, tmp_path / "report.docx"))
    rules = [f.rule for f in result.findings]
    assert ("timeliness.late" in rules) is late


def test_not_an_annual_report_is_never_late(tmp_path):
    result = check_text(tmp_path, "| 序号 | 公开事项 |\n|---|---|\n| 36 | 学籍管理办法 |\n\n发布时间：2023年12月1日\n",
                        name="catalog.md")
    assert not [f for f in result.findings if f.rule == "timeliness.late"]
