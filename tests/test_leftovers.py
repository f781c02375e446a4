"""Leftovers: paragraphs whose own period contradicts the report's, told apart from legitimate past dates."""

from __future__ import annotations

import builders
from checking import check_text

REPORT = """某大学2023年度信息公开工作年度报告
一、概述
本报告所列数据的统计期限自2022年9月1日起至2023年8月31日止。
2021-2022学年，学校共受理依申请公开12件，均按期答复。
截至2022年8月31日，学校共有全日制在校生18000人。
2022年度，学校未收到依申请公开事项。
学校按照2014年发布的《高等学校信息公开事项清单》公开50项信息。
依据《教育部办公厅关于印发〈高等学校信息公开事项清单〉的通知》（教办函〔2014〕23号）编制清单。
学校始建于1958年，2015年9月至2019年6月开展本科教学审核评估整改工作。
学校自2016-2017学年起实行学分制收费，共涉及学生3200人。
落实《关于做好2021-2022学年信息公开年度报告工作的通知》要求，发布信息20条。
2022年9月1日至2023年8月31日，学校在门户网站发布信息300条。
截至2023年8月31日，学校共有全日制在校生19000人。
2023年度，学校信息公开工作稳步推进。
"""


def _leftovers(result):
    return [f for f in result.findings if f.rule == "leftover.period"]


def test_only_periods_of_figures_are_flagged(tmp_path):
    found = _leftovers(check_text(tmp_path, REPORT))
    assert [f.locator for f in found] == ["L4", "L5", "L6"]
    assert [f.evidence[0].locator for f in found] == ["L4", "L5", "L6"]
    assert all(f.severity.value == "warning" for f in found)
    assert found[0].message == ("“2021-2022学年”不在本报告的统计期限（2022-09-01 至 2023-08-31）内，可能是往年报告的遗留")
    assert "“截至2022年8月31日”" in found[1].message and "“2022年度”" in found[2].message


def test_a_clean_report_has_no_leftovers(tmp_path):
    clean = "\n".join(line for i, line in enumerate(REPORT.splitlines(), start=1) if i not in (4, 5, 6))
    assert _leftovers(check_text(tmp_path, clean + "\n")) == []


def test_calendar_year_report_accepts_its_academic_year_and_rejects_the_one_before(tmp_path):
    text = ("某学院2023年度信息公开工作年度报告\n统计期限为2023年1月1日至2023年12月31日。\n"
            "2022-2023学年，学校共发布信息160条。\n2021-2022学年，学校共发布信息150条。\n")
    found = _leftovers(check_text(tmp_path, text))
    assert [f.locator for f in found] == ["L4"]


def test_english_message(tmp_path):
    found = _leftovers(check_text(tmp_path, REPORT, lang="en"))
    assert found[0].message.startswith("“2021-2022学年” lies outside this report's period (2022-09-01 to 2023-08-31)")


def test_sample_retitled_2024_has_leftovers_at_its_statistics_paragraphs(tmp_path):
    text = builders.SAMPLE.read_text(encoding="utf-8").replace("2023年度信息公开工作报告", "2024年度信息公开工作报告", 1)
    result = check_text(tmp_path, text)
    period = result.report.period
    assert (period.start, period.end, period.source) == ("2023-09-01", "2024-08-31", "title")
    found = _leftovers(result)
    assert [f.locator for f in found] == ["L21", "L22", "L29", "L36", "L46"]
    assert found[0].evidence[0].quote.startswith("（1）2023年1月1日至11月24日")
    assert "“2023年度”" in found[3].message


def test_the_sample_itself_has_no_leftovers(tmp_path):
    assert _leftovers(check_text(tmp_path, builders.SAMPLE.read_text(encoding="utf-8"))) == []


def test_a_title_blanked_joins_what_it_parted(tmp_path):
    # Markers are first looked for as written, in the whole document; a title blanked may make one where the
    # text as written has none, so blocks with a title are read whole.
    lines = ["截至《本校统计》2022年8月31日，学校共有全日制在校生18000人。", "2022《年报》年度，学校共公开信息12条。",
             "截至2023年8月31日，学校共有全日制在校生19000人。"]
    found = _leftovers(check_text(tmp_path, REPORT.splitlines()[0] + "\n一、概述\n" + "\n".join(lines) + "\n"))
    assert [f.locator for f in found] == ["L3", "L4"]
    assert "“截至《本校统计》2022年8月31日”" in found[0].message and "“2022《年报》年度”" in found[1].message
