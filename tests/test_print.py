"""Spreadsheets that print: page setup checked in the file, and the pages LibreOffice prints (where it is
installed with CJK fonts) measured: orientation, page counts, body text size."""

from __future__ import annotations

import io
import subprocess
import sys

import builders
import openpyxl
import pytest
from rendering import EXAMPLE_TABLE, sample_result

from disclosure_check.render import summary_xlsx, xlsx


def gap_book() -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(xlsx.render(sample_result())))


def test_the_gap_sheet_is_set_up_for_a4_landscape_at_full_size():
    sheet = gap_book()["差距清单"]
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9  # A4
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == "$1:$1" and sheet.print_area == "'差距清单'!$A$1:$I$51"
    printed = [sheet.column_dimensions[c].width for c in "ABCDEFGHI"]
    assert sum(printed) <= 116  # fits the page without shrinking (see xlsx.GAP_COLUMNS)
    assert [c.value for c in sheet[1]][:9] == ["序号", "类别", "公开事项", "状态", "证据（引文）", "位置", "问题说明",
                                               "整改建议", "责任部门"]
    assert all(cell.border.left.style == "thin" for row in sheet.iter_rows(max_col=9) for cell in row)


def test_the_summary_sheet_is_one_portrait_page_and_shows_the_structure():
    sheet = gap_book()["汇总"]
    assert sheet.page_setup.orientation == "portrait"
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 1)
    facts = {row[0].value: row[1].value for row in sheet.iter_rows(min_row=13, max_col=2)}
    assert facts["报告结构"] == "有第1、2、3、4、5、6、7部分；缺第8部分“清单事项公开情况表”"
    (chart,) = sheet._charts
    assert chart.anchor._from.col == 0 and chart.anchor._from.row > sheet.max_row - 20  # below the facts
    english = openpyxl.load_workbook(io.BytesIO(xlsx.render(sample_result("en"))))["Summary"]
    facts = {row[0].value: row[1].value for row in english.iter_rows(min_row=13, max_col=2)}
    assert facts["Report structure"] == "parts 1, 2, 3, 4, 5, 6, 7 present; missing: part 8 (Checklist disclosure table)"


def test_the_template_prints_on_a4_with_its_header_on_every_page(tmp_path):
    done = subprocess.run([sys.executable, "-m", "disclosure_check", "template", "-o", "t.xlsx"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$3:$3"
    assert sum(sheet.column_dimensions[c].width for c in "ABCDEFGH") <= 116
    assert sheet.row_dimensions[4].height > sheet.row_dimensions[5].height  # item 1's long title wraps


def test_the_batch_summary_workbook_has_widths_and_chinese_headers():
    result = sample_result()
    result.documents = [*sample_result().documents, *sample_result(path=EXAMPLE_TABLE).documents]
    book = openpyxl.load_workbook(io.BytesIO(summary_xlsx.render(result)))
    summary, matrix = book["汇总"], book["矩阵"]
    assert [c.value for c in summary[1]][-1] == "无法读取的原因"
    assert [c.value for c in matrix[1]][3:5] == ["第1项", "第2项"]
    assert summary.column_dimensions["A"].width == 30 and matrix.column_dimensions["D"].width == 7
    assert all(str(c.value).isascii() is False for c in summary[1])


@pytest.mark.skipif(builders.pdf_converter() is None, reason=builders.PDF_SKIP_REASON)
def test_printed_pages(tmp_path):
    """What LibreOffice prints: the gap sheet on landscape pages with 11 pt body text (≥ 9 pt), 汇总 on one
    portrait page with its chart, the template's 50 rows on three landscape pages with the title whole."""
    import pypdfium2
    import pypdfium2.raw as raw

    (tmp_path / "gaps.xlsx").write_bytes(xlsx.render(sample_result()))
    subprocess.run([sys.executable, "-m", "disclosure_check", "template", "-o", str(tmp_path / "template.xlsx")],
                   check=True, capture_output=True, timeout=60)
    gaps_pdf, template_pdf = builders.docx_to_pdfs([tmp_path / "gaps.xlsx", tmp_path / "template.xlsx"], tmp_path)

    def pages(path):
        document = pypdfium2.PdfDocument(path)
        return [(page.get_width() > page.get_height(), page.get_textpage()) for page in document]

    gaps = pages(gaps_pdf)
    portrait = [text for landscape, text in gaps if not landscape]
    assert len(portrait) == 1  # 汇总: one page
    summary = portrait[0].get_text_range()
    assert "合计" in summary and "已公开比例" in summary and "缺第8部分" in summary
    first = gaps[0][1]
    at = first.get_text_range().index("基本信息")
    assert raw.FPDFText_GetFontSize(first.raw, at) >= 9
    assert "序号" in gaps[1][1].get_text_range()  # the header repeats
    template = pages(template_pdf)
    assert len(template) == 3 and all(landscape for landscape, _ in template)
    assert "高等学校信息公开事项清单 清单事项公开情况表" in template[0][1].get_text_range()
    assert all(text.get_text_range().count("公开事项") >= 1 for _, text in template)
