"""The gap spreadsheet: reopened with openpyxl (statuses, fills, links, sheets) and opened by LibreOffice."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import builders
import openpyxl
import pytest
from rendering import sample_result

from disclosure_check.render import xlsx


def save(tmp_path: Path, result) -> Path:
    path = tmp_path / "gaps.xlsx"
    path.write_bytes(xlsx.render(result))
    return path


def test_gap_sheet_rows_statuses_and_fills(tmp_path):
    book = openpyxl.load_workbook(save(tmp_path, sample_result()))
    assert book.sheetnames == ["差距清单", "汇总", "发现"]
    sheet = book["差距清单"]
    assert [c.value for c in sheet[1]] == ["序号", "类别", "公开事项", "状态", "证据（引文）", "位置", "问题说明",
                                           "整改建议", "责任部门", "链接", "日期"]
    assert sheet.max_row == 51 and sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:K51"
    statuses = [sheet.cell(row=r, column=4).value for r in range(2, 52)]
    assert statuses.count("已公开") == 7 and statuses.count("部分公开") == 12 and statuses.count("未公开") == 31
    assert sheet["D2"].value == "部分公开" and sheet["D2"].fill.fgColor.rgb == "00FFEB9C"
    assert sheet["D4"].value == "未公开" and sheet["D4"].fill.fgColor.rgb == "00FFC7CE"
    disclosed = statuses.index("已公开") + 2
    assert sheet.cell(row=disclosed, column=4).fill.fgColor.rgb == "00C6EFCE"
    assert sheet["F2"].value == "第25行" and sheet["E2"].alignment.wrap_text
    assert sheet["I2"].value is None  # 责任部门 is for the office to fill
    assert sheet.column_dimensions["C"].width == 19


def test_gap_sheet_prints_one_page_wide_with_rows_sized_to_their_text(tmp_path):
    sheet = openpyxl.load_workbook(save(tmp_path, sample_result()))["差距清单"]
    setup = sheet.page_setup
    assert (setup.orientation, setup.fitToWidth, setup.fitToHeight) == ("landscape", 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.print_title_rows == "$1:$1"
    # item 1's long title and message wrap over several lines; item 2's row fits on one
    assert sheet.row_dimensions[2].height >= 45 and sheet.row_dimensions[3].height == 2 * 15 + 3


def test_summary_and_findings(tmp_path):
    result = sample_result()
    result.tool.command = "disclosure-check report.txt -o gaps.xlsx"
    book = openpyxl.load_workbook(save(tmp_path, result))
    summary = book["汇总"]
    assert [c.value for c in summary[1]][:7] == ["类别", "已公开", "部分公开", "过时", "未公开", "不适用", "已豁免"]
    assert summary["A2"].value == "1. 基本信息" and summary.cell(row=12, column=1).value == "合计"
    assert [summary.cell(row=12, column=c).value for c in range(2, 7)] == [7, 12, 0, 31, 0]
    facts = {summary.cell(row=r, column=1).value: summary.cell(row=r, column=2).value for r in range(14, 20)}
    assert facts["命令"] == "disclosure-check report.txt -o gaps.xlsx"
    assert facts["工具版本"].startswith("disclosure-check ")
    assert len(summary._charts) == 1
    findings = book["发现"]
    assert [findings.cell(row=r, column=1).value for r in (2, 3)] == ["structure.incomplete", "structure.part-missing"]
    assert findings["B3"].value == "错误" and findings["F3"].value == 8


def test_links_are_hyperlinks_and_formulas_stay_text(tmp_path):
    result = sample_result()
    evidence = result.documents[0].items[0].evidence[0]
    evidence.quote, evidence.link = "=1+1", "https://xxgk.example.edu.cn/jbxx/01.htm"
    result.documents[0].items[1].message = "@SUM(A1:A3)"
    sheet = openpyxl.load_workbook(save(tmp_path, result))["差距清单"]
    assert sheet["E2"].value == "=1+1" and sheet["E2"].data_type == "s"
    assert sheet["G3"].value == "@SUM(A1:A3)" and sheet["G3"].data_type == "s"
    assert sheet["J2"].hyperlink.target == "https://xxgk.example.edu.cn/jbxx/01.htm"


@pytest.mark.skipif(builders.soffice() is None, reason="LibreOffice is not installed")
def test_libreoffice_renders_the_spreadsheet(tmp_path):
    path = save(tmp_path, sample_result())
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run([builders.soffice(), f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                               "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                              capture_output=True, text=True, timeout=180)
    pdf = tmp_path / "gaps.pdf"
    assert done.returncode == 0, done.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5000
