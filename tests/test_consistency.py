"""Consistency (勾稽): received vs answered vs reply rate, parts vs total, rate range, 万元 vs 元."""

from __future__ import annotations

import pytest
from checking import check_text


def _found(tmp_path, text):
    return [f for f in check_text(tmp_path, text).findings if f.rule.startswith("consistency.")]


@pytest.mark.parametrize("text", [
    "校长信箱共收到有效来信21件，回复和有效办理21件，回复率达100%。",
    "服务平台共受理来信60件，答复59件，答复率98%。",  # 98.33% rounds to 98%
    "服务平台共受理来信60件，答复59件，答复率98.3%。",
    "学校共发布信息500条，其中通知公告210条、新闻动态180条、招标公告60条。",
    "学校共发布信息150条，其中通知公告100条、新闻动态50条。",  # parts equal to the total
    "学校共发布信息290余条，其中通知公告200条、新闻动态100条。",  # an approximate total bounds nothing
    "学校科研经费总额同比增长120%，毕业生就业率为92.5%。",  # growth may exceed 100%
    "年度收入预算12345.67万元（123456700元）。",
    "处理上级转办信件5人次；满意率达98%。",
])
def test_consistent_figures_are_not_flagged(tmp_path, text):
    assert _found(tmp_path, text + "\n") == []


def test_reply_rate_that_the_counts_contradict(tmp_path):
    (finding,) = _found(tmp_path, "服务平台共受理来信130件，回复128件，回复率100%。\n")
    assert finding.rule == "consistency.reply-rate" and finding.severity.value == "warning"
    assert finding.locator == "L1"
    assert [e.quote for e in finding.evidence] == ["回复率100%", "服务平台共受理来信130件", "回复128件"]
    assert "按数量为98.5%" in finding.message


def test_rounding_tolerance_is_half_the_last_digit(tmp_path):
    (finding,) = _found(tmp_path, "服务平台共受理来信60件，答复59件，答复率98.5%。\n")  # 98.33% is not 98.5%
    assert finding.rule == "consistency.reply-rate"


def test_more_answered_than_received(tmp_path):
    (finding,) = _found(tmp_path, "书记信箱共收到有效信件15件，回复和有效办理16件。\n")
    assert finding.rule == "consistency.reply-over"
    assert finding.message == "回复数多于收到数：“书记信箱共收到有效信件15件” 与 “回复和有效办理16件”"


def test_parts_exceeding_the_total(tmp_path):
    (finding,) = _found(tmp_path, "在采购网发布信息200条，其中采购公告134条、中标公告125条、工作动态22条。\n")
    assert finding.rule == "consistency.parts-sum"
    assert "分项之和281条超过总数" in finding.message
    assert finding.evidence[0].quote == "在采购网发布信息200条"
    assert finding.evidence[1].quote == "其中采购公告134条、中标公告125条、工作动态22条"


def test_parts_stop_at_a_new_total(tmp_path):
    text = "发布信息100条，其中通知60条、新闻40条，另在微信平台累计发布推文300条。\n"
    assert _found(tmp_path, text) == []


def test_rate_above_100_percent(tmp_path):
    (finding,) = _found(tmp_path, "本年度师生满意率达108%。\n")
    assert finding.rule == "consistency.percent-range" and "满意率达108%" in finding.message


def test_wan_yuan_conversion(tmp_path):
    (finding,) = _found(tmp_path, "年度支出决算1234.5万元（12340000元）。\n")
    assert finding.rule == "consistency.unit-conversion"
    assert finding.message == "万元与元的换算不符：“1234.5万元” 与 “12340000元”"
    assert _found(tmp_path, "年度支出决算12340000元（1234万元）。\n") == []


def test_english_message(tmp_path):
    path_text = "服务平台共受理来信130件，回复128件，回复率100%。\n"
    (finding,) = [f for f in check_text(tmp_path, path_text, lang="en").findings if f.rule.startswith("consistency.")]
    assert finding.message.startswith("reply rate disagrees with the counts: “回复率100%”")


def test_each_sentence_of_a_paragraph_is_read_alone(tmp_path):
    text = ("学校共发布信息500条，其中通知公告210条、新闻动态180条。校长信箱共收到有效来信21件；"
            "在采购网发布信息200条，其中采购公告134条、中标公告125条。满意率达108%，回复率达100%。\n")
    findings = _found(tmp_path, text)
    assert [f.rule for f in findings] == ["consistency.parts-sum", "consistency.percent-range"]
    assert findings[0].evidence[0].quote == "在采购网发布信息200条"
    assert findings[1].evidence[0].quote == "满意率达108%"


def test_an_approximate_figure_bounds_nothing_wherever_its_word_stands(tmp_path):
    assert _found(tmp_path, "受理来信约 130件，回复128件，回复率100%。\n") == []
    assert _found(tmp_path, "受理来信超过130件，回复128件，回复率100%。\n") == []
    assert _found(tmp_path, "受理来信130件，回复近 128件，回复率100%。\n") == []
    (finding,) = _found(tmp_path, "受理来信 130件，回复 128件，回复率100%。\n")  # blanks alone are no approximation
    assert finding.rule == "consistency.reply-rate"
    assert [e.quote for e in finding.evidence] == ["回复率100%", "受理来信130件", "回复128件"]
