"""Coverage, structure and period rules on small documents written for each case."""

from __future__ import annotations

import pytest
from checking import check_text, statuses

EIGHT_PARTS = """某大学2023年度信息公开工作年度报告
本报告包括概述、主动公开情况、依申请公开和不予公开情况、对信息公开的评议情况、因学校信息公开工作受到举报复议诉讼的情况、主要经验问题和改进措施、其他需要报告的事项、清单事项公开情况表八个部分。
{h1}概述
本报告所列数据的统计期限自2022年9月1日起至2023年8月31日止。
{h2}主动公开情况
学校在门户网站公开了学校章程。
{h3}依申请公开和不予公开情况
本年度未收到依申请公开。
{h4}对信息公开的评议情况
评议良好。
{h5}因学校信息公开工作受到举报、复议、诉讼的情况
无。
{h6}信息公开工作的主要经验、问题和改进措施
继续改进。
{h7}其他需要报告的事项
无。
{h8}清单事项公开情况表
"""


@pytest.mark.parametrize("style", [
    ["一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、"],
    ["第一部分 ", "第二部分 ", "第三部分 ", "第四部分 ", "第五部分 ", "第六部分 ", "第七部分 ", "第八部分 "],
    ["1. ", "2. ", "3. ", "4. ", "5. ", "6. ", "7. ", "8. "],
    ["（一）", "（二）", "（三）", "（四）", "（五）", "（六）", "（七）", "（八）"],
])
def test_all_eight_parts_found_in_any_numbering(tmp_path, style):
    text = EIGHT_PARTS.format(**{f"h{n}": prefix for n, prefix in enumerate(style, start=1)})
    result = check_text(tmp_path, text)
    assert [p.status for p in result.parts] == ["present"] * 8
    assert result.report.announced_parts == 8
    assert result.summary.complete
    assert not [f for f in result.findings if f.rule.startswith("structure.")]
    assert result.report.period.start == "2022-09-01" and result.report.period.source == "stated"


def test_missing_part_and_announced_count(tmp_path):
    text = EIGHT_PARTS.format(**{f"h{n}": f"{'一二三四五六七八'[n - 1]}、" for n in range(1, 9)})
    text = text.replace("八、清单事项公开情况表\n", "")
    result = check_text(tmp_path, text)
    assert [p.number for p in result.parts if p.status == "missing"] == [8]
    rules = [f.rule for f in result.findings]
    assert rules == ["structure.incomplete", "structure.part-missing"]
    assert result.summary.parts_missing == [8] and not result.summary.complete


def test_subsection_of_another_part_does_not_stand_in_for_a_part(tmp_path):
    text = "某大学2023年度信息公开工作报告\n一、概述\n概述内容。\n二、信息公开情况\n（一）主动公开情况\n（三）依申请公开情况\n"
    result = check_text(tmp_path, text)
    present = [p.number for p in result.parts if p.status == "present"]
    assert present == [1, 2]


def test_a_table_naming_many_items_is_part_8(tmp_path):
    rows = "\n".join(f"| {n} | {title} | 已公开 |" for n, title in [
        (1, "办学基本情况"), (2, "学校章程及制定的各项规章制度"), (3, "教职工代表大会相关制度、工作报告"),
        (4, "学术委员会相关制度、年度报告"), (5, "学校发展规划、年度工作计划及重点工作安排"), (6, "信息公开年度报告"),
        (7, "招生章程及特殊类型招生办法，分批次、分科类招生计划"), (15, "财务、资产管理制度"),
        (36, "学籍管理办法"), (38, "学生奖励处罚办法"), (39, "学生申诉办法")])
    text = f"某大学2023年度信息公开年度报告\n一、概述\n内容。\n\n| 序号 | 公开事项 | 公开情况 |\n|---|---|---|\n{rows}\n"
    result = check_text(tmp_path, text, name="report.md")
    part8 = result.parts[7]
    assert part8.status == "present" and part8.evidence.locator.startswith("T1!")
    assert statuses(result)[1] == "disclosed"  # a whole-item wording covers every facet


def test_not_published_rows_are_missing_not_disclosed(tmp_path):
    text = ("| 序号 | 公开事项 | 公开情况 | 网址 |\n|---|---|---|---|\n"
            "| 4 | 学术委员会相关制度、年度报告 | 未公开 | |\n"
            "| 22 | 校级领导干部社会兼职情况 | 暂未公开 | |\n"
            "| 23 | 校级领导干部因公出国（境）情况 | 已公开 | https://xxgk.example.edu.cn/ldgb/cg.htm |\n")
    result = check_text(tmp_path, text, name="table.md")
    got = statuses(result)
    assert (got[4], got[22], got[23]) == ("missing", "missing", "disclosed")
    item4 = result.items[3]
    assert item4.self_declared and item4.evidence[0].locator == "T1!B2"
    assert "未公开" in item4.message
    assert result.items[22].evidence[0].link == "https://xxgk.example.edu.cn/ldgb/cg.htm"


def test_not_applicable_declarations_are_self_declared(tmp_path):
    text = ("学校本年度无中外合作办学项目。\n"
            "校办企业资产、负债、国有资产保值增值等信息：本校无此项。\n"
            "研究生招生简章、招生专业目录：不涉及。\n")
    result = check_text(tmp_path, text)
    by_id = {i.id: i for i in result.items}
    assert by_id[47].status.value == "not_applicable" and by_id[47].self_declared
    assert by_id[17].status.value == "not_applicable"
    assert by_id[47].evidence[0].quote == "学校本年度无中外合作办学项目。"


def test_channel_mention_is_not_evidence(tmp_path):
    text = "通过教职工代表大会、学生代表大会等主动公开学校信息。\n学校召开教代会审议通过《教职工代表大会工作报告》并在网站公开。\n"
    channel_only = check_text(tmp_path, text.splitlines()[0] + "\n")
    assert statuses(channel_only)[3] == "missing"
    both = check_text(tmp_path, text)
    assert statuses(both)[3] in ("partial", "disclosed")


def test_clause_level_negation(tmp_path):
    result = check_text(tmp_path, "学校收支预算总表已在网站公开，收支决算总表暂未公开。\n")
    got = statuses(result)
    assert got[19] in ("partial", "disclosed") and got[20] == "missing"


def test_facets_make_partial_and_name_what_is_missing(tmp_path):
    result = check_text(tmp_path, "学校网站公开了机构设置和校级领导班子简介及分工。\n")
    item1 = result.items[0]
    assert item1.status.value == "partial"
    covered = {f.name for f in item1.facets if f.covered}
    assert covered == {"机构设置", "校级领导班子简介及分工"}
    assert item1.message.startswith("缺少：办学规模")


def test_traditional_and_fullwidth_text_match(tmp_path):
    result = check_text(tmp_path, "本校已公開學術不端行為查處機制（ｈｔｔｐ略）。\n")
    assert statuses(result)[42] == "disclosed"


def test_settings_not_applicable_with_reason_and_groups(tmp_path):
    result = check_text(tmp_path, "学校公开了学籍管理办法。\n", not_applicable=["graduate", "47"], reason="本校无研究生教育")
    na = {i.id for i in result.items if i.status.value == "not_applicable"}
    assert na == {11, 12, 13, 14, 44, 47}
    assert result.items[10].reason == "本校无研究生教育" and not result.items[10].self_declared


def test_not_an_annual_report_skips_structure(tmp_path):
    result = check_text(tmp_path, "| 序号 | 公开事项 |\n|---|---|\n| 36 | 学籍管理办法 |\n", name="catalog.md")
    assert result.parts == [] and [f.rule for f in result.findings] == ["structure.not-annual-report"]
    assert not result.report.is_annual_report


def test_period_falls_back_to_title_year_as_academic_year(tmp_path):
    result = check_text(tmp_path, "某学院2024年度信息公开年度报告\n一、概述\n学校继续推进信息公开。\n")
    period = result.report.period
    assert (period.start, period.end, period.kind, period.source) == ("2023-09-01", "2024-08-31", "academic_year", "title")


def test_setting_year_wins(tmp_path):
    text = "某学院2024年度信息公开年度报告\n统计期限自2023年9月1日起至2024年8月31日止。\n"
    result = check_text(tmp_path, text, year=2023)
    assert (result.report.period.start, result.report.period.source) == ("2022-09-01", "setting")
    assert result.report.year == 2023
