"""Catalogs (信息公开目录) as users see them: 已列入/未列入 beside each status in the gap table and the gap
workbook, `listed` in JSON, the incomplete-row finding, and --explain naming why a catalog row is no evidence."""

from __future__ import annotations

import json

import builders
import openpyxl
from test_cli import run

ROWS = [["序号", "公开事项", "责任部门", "更新时间"],
        ["1", "学校章程及制定的各项规章制度", "党政办公室", "变动即更"],
        ["2", "学术委员会相关制度、年度报告", "", "每年10月"],
        ["3", "信息公开年度报告", "党政办公室", "2023-10-30"]]


def _catalog(tmp_path):
    return builders.to_html(["某某大学信息公开目录"], tmp_path / "catalog.html", encoding="utf-8", declared="utf-8",
                            tables=[ROWS])


def test_json_lists_items_and_reports_the_incomplete_row(tmp_path):
    done = run(str(_catalog(tmp_path)), "--format", "json")
    document = json.loads(done.stdout)["documents"][0]
    items = {i["id"]: i for i in document["items"]}
    assert [(items[n]["status"], items[n]["listed"]) for n in (2, 4, 6, 7)] == [
        ("missing", True), ("missing", True), ("disclosed", True), ("missing", False)]
    incomplete = [f for f in document["findings"] if f["rule"] == "catalog.row-incomplete"]
    assert [(f["item"], f["severity"], f["message"]) for f in incomplete] == [
        (4, "warning", "目录列入了第4项“学术委员会相关制度、年度报告”，但缺少责任部门")]


def test_gap_table_and_workbook_say_listed(tmp_path):
    path = _catalog(tmp_path)
    table = run(str(path)).stdout
    row_2 = table[table.index("学校章程"):]
    assert "已列入" in row_2[:200] and "未列入" in table
    run(str(path), "--output", str(tmp_path / "gaps.xlsx"))
    sheet = openpyxl.load_workbook(tmp_path / "gaps.xlsx").worksheets[0]
    statuses = {row[0]: row[3] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert statuses[2] == "未公开 · 已列入" and statuses[6] == "已公开 · 已列入" and statuses[7] == "未公开 · 未列入"


def test_explain_names_the_catalog_row(tmp_path):
    done = run(str(_catalog(tmp_path)), "--explain", "2")
    assert "目录行仅列明责任部门和更新时间，不是公开证据" in done.stdout


def test_a_report_has_no_listed_items(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text("某某学院2023年度信息公开工作年度报告\n学校公开了学校章程。\n", encoding="utf-8")
    items = json.loads(run(str(path), "--format", "json").stdout)["documents"][0]["items"]
    assert {i["listed"] for i in items} == {None}
