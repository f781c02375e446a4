"""`disclosure-check template`: the blank 清单事项公开情况表, and a filled-in copy read back exactly."""

from __future__ import annotations

import subprocess
import sys

import openpyxl
from checking import check_path, statuses

TEMPLATE = "清单事项公开情况表.xlsx"


def make(tmp_path):
    done = subprocess.run([sys.executable, "-m", "disclosure_check", "template", "--output", TEMPLATE],
                          cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return tmp_path / TEMPLATE


def test_blank_template_shape(tmp_path):
    sheet = openpyxl.load_workbook(make(tmp_path))["清单事项公开情况表"]
    assert [c.value for c in sheet[3]] == ["序号", "类别", "公开事项", "公开情况", "公开网址", "公开时间", "责任部门", "备注"]
    assert [sheet.cell(row=r, column=1).value for r in range(4, 54)] == list(range(1, 51))
    assert sheet["B4"].value == "一、基本信息（6项）" and "B4:B9" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["C9"].value and all(sheet.cell(row=r, column=4).value is None for r in range(4, 54))
    validation = sheet.data_validations.dataValidation[0]
    assert validation.type == "list" and validation.formula1 == '"已公开,部分公开,未公开,不适用"'
    assert str(validation.sqref) == "D4:D53"
    assert sheet.freeze_panes == "A4"


def test_blank_template_reports_nothing_disclosed(tmp_path):
    result = check_path(make(tmp_path))
    assert set(statuses(result).values()) == {"missing"}  # rows that only name an item are not evidence


def test_a_row_with_only_its_link_filled_counts(tmp_path):
    path = make(tmp_path)
    book = openpyxl.load_workbook(path)
    book.active.cell(row=4 + 35, column=5, value="https://xxgk.example.edu.cn/xjgl.htm")  # item 36
    book.save(path)
    result = check_path(path)
    assert statuses(result)[36] == "disclosed" and statuses(result)[37] == "missing"
    assert result.items[35].evidence[0].link == "https://xxgk.example.edu.cn/xjgl.htm"


def test_filled_in_template_reads_back_exactly(tmp_path):
    path = make(tmp_path)
    book = openpyxl.load_workbook(path)
    sheet = book.active
    wanted = {}
    for row in range(4, 54):
        item = sheet.cell(row=row, column=1).value
        state = ("未公开" if item in (3, 26, 34) else "不适用" if item in (11, 12, 13, 14, 44)
                 else "部分公开" if item in (19, 20) else "已公开")
        sheet.cell(row=row, column=4, value=state)
        if state in ("已公开", "部分公开"):
            sheet.cell(row=row, column=5, value=f"https://xxgk.example.edu.cn/{item:02d}.htm")
            sheet.cell(row=row, column=6, value="2023-10-12")
        wanted[item] = {"已公开": "disclosed", "部分公开": "partial", "未公开": "missing", "不适用": "not_applicable"}[state]
    book.save(path)
    result = check_path(path)
    assert statuses(result) == wanted
    assert result.items[0].evidence[0].link == "https://xxgk.example.edu.cn/01.htm"
    assert result.items[2].self_declared and result.items[10].self_declared and result.items[18].self_declared
    assert result.items[18].message == "文件自述该事项部分公开"


def test_unwritable_output_is_one_line(tmp_path):
    done = subprocess.run([sys.executable, "-m", "disclosure_check", "template", "-o", str(tmp_path / "no" / "t.xlsx")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "t.xlsx" in done.stderr
