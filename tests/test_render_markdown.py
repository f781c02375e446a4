"""Markdown for PR comments: the gaps as a table, findings, waivers; report text escaped."""

from __future__ import annotations

import datetime as dt

from rendering import sample_result

from disclosure_check.ci import apply_waivers
from disclosure_check.config import WaiverSetting
from disclosure_check.render import markdown


def test_sample_lists_gaps_and_findings():
    text = markdown.render(sample_result())
    lines = text.splitlines()
    assert "**7/50 已公开 · 12 部分公开 · 0 过时 · 31 未公开 · 0 不适用 · 缺第8部分**" in lines
    assert "| 序号 | 公开事项 | 状态 | 问题说明 | 位置 |" in lines
    assert "| 3 | 教职工代表大会相关制度、工作报告 | 未公开 | 未找到公开证据 |  |" in lines
    assert "| 2 | 学校章程及制定的各项规章制度 | 部分公开 | 缺少：学校章程 | `L26` |" in lines
    assert sum(1 for line in lines if line.startswith("| ") and line[2].isdigit()) == 43
    assert "- **错误** `structure.part-missing`: 年度报告缺少第8部分“清单事项公开情况表”" in lines


def test_report_text_cannot_break_the_table_or_inject_links():
    result = sample_result()
    item = result.documents[0].items[2]
    item.message = "a|b [点此](http://evil.example) <script>\n*粗*"
    text = markdown.render(result)
    row = next(line for line in text.splitlines() if line.startswith("| 3 |"))
    assert r"a\|b \[点此\](http://evil.example) \<script\> \*粗\*" in row
    assert row.count(" | ") == 4  # still five cells


def test_waived_items_listed_apart():
    result = sample_result("en")
    apply_waivers(result, [WaiverSetting(item=3, reason="under review", approved_by="Office", expires=dt.date(2099, 1, 1))])
    text = markdown.render(result)
    assert "#### Waived items (not counted against the run)" in text
    assert "- 3. " in text and "waived: under review (approved by Office, until 2099\\-01\\-01)" not in text
    assert "waived: under review (approved by Office, until 2099-01-01)" in text
    assert not any(line.startswith("| 3 |") for line in text.splitlines())
