"""Freshness: cadence-driven staleness of item evidence, from named years, 清单 date columns and link dates."""

from __future__ import annotations

import builders
import pytest
from checking import check_path, check_text, statuses

HEAD = "某大学2023年度信息公开工作年度报告\n一、概述\n本报告所列数据的统计期限自2022年9月1日起至2023年8月31日止。\n"


def _item(result, item_id):
    return next(i for i in result.items if i.id == item_id)


@pytest.mark.parametrize(("sentence", "item_id", "status", "found"), [
    ("学校在就业信息网公开了《某大学2021届毕业生就业质量年度报告》。", 33, "stale", "2021届"),
    ("学校在就业信息网公开了《某大学2022届毕业生就业质量年度报告》。", 33, "disclosed", None),
    ("学校发布了《2020-2021学年本科教学质量报告》。", 35, "stale", "2020-2021学年"),
    ("学校发布了《2021-2022学年本科教学质量报告》。", 35, "disclosed", None),
    ("学校公开了2021年度艺术教育发展年度报告。", 34, "stale", "2021年度"),
    ("学校公开了2023年度艺术教育发展年度报告。", 34, "disclosed", None),
    ("学校在信息公开专栏公开了2022年收支预算总表。", 19, "stale", "2022年"),
    ("学校在信息公开专栏公开了2023年收支预算总表。", 19, "partial", None),
    ("学校在信息公开专栏公开了2021年收支决算总表。", 20, "stale", "2021年"),
    ("学校在信息公开专栏公开了2022年收支决算总表。", 20, "partial", None),
])
def test_named_year_against_the_items_window(tmp_path, sentence, item_id, status, found):
    result = check_text(tmp_path, HEAD + sentence + "\n")
    item = _item(result, item_id)
    assert item.status.value == status
    stale = [f for f in result.findings if f.rule == "freshness.stale-evidence"]
    if found is None:
        assert not stale
        return
    assert [f.item for f in stale] == [item_id] and stale[0].locator == "L4" and stale[0].severity.value == "warning"
    assert f"“{found}”" in item.message and "（第4行）" in item.message
    assert item.evidence[0].locator == "L4"


def test_expected_edition_is_named(tmp_path):
    result = check_text(tmp_path, HEAD + "学校公开了《2021届毕业生就业质量年度报告》。\n学校公开了2022年收支预算总表。\n")
    assert _item(result, 33).message.endswith("应为2022–2023年（届/年度）的内容")
    assert _item(result, 19).message.endswith("应为2023年（届/年度）的内容")
    english = check_text(tmp_path, HEAD + "学校公开了《2021届毕业生就业质量年度报告》。\n", lang="en")
    assert _item(english, 33).message == "stale evidence: found “2021届” (line 4); expected the 2022–2023 edition"


@pytest.mark.parametrize("sentence", [
    "按照2014年发布的《高等学校信息公开事项清单》，学校公开了毕业生就业质量年度报告。",
    "依据《高等学校信息公开事项清单》（教办函〔2014〕23号），学校在就业网公开就业质量年度报告。",
    "学校自2016年起每年公开就业质量年度报告。",
    "学校于2015年成立就业指导中心，并按时发布《2022届毕业生就业质量年度报告》。",
])
def test_regulation_years_and_history_do_not_date_an_item(tmp_path, sentence):
    result = check_text(tmp_path, HEAD + sentence + "\n")
    assert _item(result, 33).status.value == "disclosed"
    assert not [f for f in result.findings if f.rule.startswith("freshness.")]


def test_the_freshest_dated_evidence_decides(tmp_path):
    text = HEAD + "学校公开了《2021届毕业生就业质量年度报告》。\n学校公开了《2022届毕业生就业质量年度报告》。\n"
    assert statuses(check_text(tmp_path, text))[33] == "disclosed"


TABLE = """某大学2023年度信息公开工作年度报告

统计期限自2022年9月1日起至2023年8月31日止。

| 序号 | 公开事项 | 公开情况 | 更新时间 | 网址 |
|---|---|---|---|---|
| 28 | 专业设置、当年新增专业、停招专业名单 | 已公开 | {date28} | |
| 36 | 学籍管理办法 | 已公开 | 2015-03-01 | |
| 35 | 本科教学质量报告 | 已公开 | | {url35} |
"""


@pytest.mark.parametrize(("date28", "url35", "expected"), [
    ("2021-06-30", "https://jwc.example.edu.cn/info/2021/1030/1234.htm", {28: "stale", 35: "stale"}),
    ("2022-10-20", "https://www.example.edu.cn/xxgk/202211/t20221130_88.html", {28: "disclosed", 35: "disclosed"}),
    ("2021-06-30", "https://www.example.edu.cn/xxgk/202110/t20211030_77.html", {28: "stale", 35: "stale"}),
])
def test_row_dates_and_link_dates(tmp_path, date28, url35, expected):
    result = check_text(tmp_path, TABLE.format(date28=date28, url35=url35), name="report.md")
    got = statuses(result)
    assert {28: got[28], 35: got[35]} == expected
    assert got[36] == "disclosed"  # an on-change rule's old date is no staleness
    if expected[28] == "stale":
        item28 = _item(result, 28)
        assert f"“{date28}”" in item28.message and "2022-01-01" not in item28.message
        assert item28.evidence[0].date == date28 and item28.evidence[0].locator.startswith("T1!")
        assert url35 in _item(result, 35).message
    assert result.summary.stale == sum(1 for v in expected.values() if v == "stale")


def test_stale_shows_in_docx_json_and_summary(tmp_path):
    lines = ["某大学2023年度信息公开工作年度报告", "一、概述", "统计期限自2022年9月1日起至2023年8月31日止。",
             "学校在就业信息网公开了《某大学2021届毕业生就业质量年度报告》。"]
    result = check_path(builders.to_docx(lines, tmp_path / "report.docx"))
    assert statuses(result)[33] == "stale" and result.summary.stale == 1
    finding = next(f for f in result.findings if f.rule == "freshness.stale-evidence")
    assert finding.locator == "¶4" and "2021届" in finding.evidence[0].quote
