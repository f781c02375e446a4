"""`disclosure-check template`: the blank 清单事项公开情况表 an office fills in, built from the checklist data.

One row per item with the category merged per category, and a drop-down (data validation) on 公开情况, so a
filled-in copy reads back through the xlsx reader exactly as written.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from disclosure_check.checklist import Checklist
from disclosure_check.render.xlsx import LINE_HEIGHT, print_on_a4, wrapped_lines

SHEET = "清单事项公开情况表"
HEADERS = ("序号", "类别", "公开事项", "公开情况", "公开网址", "公开时间", "责任部门", "备注")
# Fits A4 landscape at full size (116 width units fill the page between narrow margins: see render/xlsx.py).
WIDTHS = (5, 16, 34, 10, 20, 11, 10, 10)
CHOICES = ("已公开", "部分公开", "未公开", "不适用")
HEADER_ROW = 3
_NUMERALS = "一二三四五六七八九十"


def category_label(number: int, name: str, count: int) -> str:
    numeral = _NUMERALS[number - 1] if number <= len(_NUMERALS) else str(number)
    return f"{numeral}、{name}（{count}项）"


def build(checklist: Checklist) -> bytes:
    buffer = io.BytesIO()
    blank(checklist).save(buffer)
    return buffer.getvalue()


def blank(checklist: Checklist) -> Workbook:
    """The blank table: item rows start at HEADER_ROW + 1, in checklist order."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wrap = Alignment(vertical="center", wrap_text=True)
    last = get_column_letter(len(HEADERS))
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"] = f"{checklist.title} 清单事项公开情况表"
    sheet["A1"].font, sheet["A1"].alignment = Font(size=16, bold=True), centre
    sheet.row_dimensions[1].height = 30
    sheet.merge_cells(f"A2:{last}2")
    sheet["A2"] = "填报单位：　　　　统计期限：　　年　月　日至　　年　月　日　　填报日期：　　年　月　日"
    for column, (header, width) in enumerate(zip(HEADERS, WIDTHS, strict=True), 1):
        cell = sheet.cell(row=HEADER_ROW, column=column, value=header)
        cell.font, cell.alignment, cell.border = Font(bold=True), centre, border
        cell.fill = PatternFill("solid", fgColor="D9E1F2")
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
    row = HEADER_ROW + 1
    for category in checklist.categories:
        items = [item for item in checklist.items if item.category == category.id]
        first = row
        for item in items:
            for column, value in enumerate((item.id, None, item.title), 1):
                made = sheet.cell(row=row, column=column, value=value)
                if isinstance(value, str):
                    made.data_type = "s"  # a checklist title starting with "=" is text, not a live formula
            for column in range(1, len(HEADERS) + 1):
                cell = sheet.cell(row=row, column=column)
                cell.border = border
                cell.alignment = centre if column in (1, 2, 4, 6) else wrap
            sheet.cell(row=row, column=6).number_format = "yyyy-mm-dd"
            sheet.row_dimensions[row].height = LINE_HEIGHT * wrapped_lines(item.title, WIDTHS[2]) + 3
            row += 1
        sheet.cell(row=first, column=2, value=category_label(category.id, category.name, len(items))).data_type = "s"
        if row - 1 > first:
            sheet.merge_cells(start_row=first, start_column=2, end_row=row - 1, end_column=2)
    status = DataValidation(type="list", formula1='"' + ",".join(CHOICES) + '"', allow_blank=True,
                            showErrorMessage=True, errorTitle="公开情况", error="请选择：" + " / ".join(CHOICES))
    status.add(f"D{HEADER_ROW + 1}:D{row - 1}")
    sheet.add_data_validation(status)
    sheet.row_dimensions[2].height = 20
    print_on_a4(sheet, landscape=True, title_rows=f"{HEADER_ROW}:{HEADER_ROW}", columns=len(HEADERS))
    workbook.properties.title = f"{checklist.title} 清单事项公开情况表"
    return workbook
