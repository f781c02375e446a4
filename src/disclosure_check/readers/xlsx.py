"""xlsx: openpyxl in normal mode (read_only mode loses merged-cell values), cached values (data_only).

Every non-empty row of every worksheet is a row block (`清单!7`) whose cells are located like Excel
(`清单!B7`); a merged range gives its top-left value (and link) to every cell it covers. Dates become ISO
dates, integral numbers lose their ".0", percentages keep their "%". The table number of a row is the
1-based position of its sheet.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from pathlib import Path

from disclosure_check.document import Block, Cell, Document
from disclosure_check.errors import InputError
from disclosure_check.readers._common import clean_cell, column_letter, make_row
from disclosure_check.readers._ooxml import core_properties, open_package

_PLAIN_SHEET_NAME = re.compile(r"^\w+$")


def read(path: Path) -> Document:
    with open_package(path, "xlsx") as package:
        title, created, modified = core_properties(package, path, "xlsx")
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "extension is not supported" and similar noise
            workbook = openpyxl.load_workbook(path, read_only=False, data_only=True, keep_links=False)
    except InputError:
        raise
    except Exception:  # openpyxl raises KeyError, ValueError, BadZipFile... on damaged packages
        raise InputError(path, "xlsx 文件损坏或无法解析", "corrupt or unreadable xlsx file") from None
    blocks: list[Block] = []
    try:
        for number, sheet in enumerate(workbook.worksheets, 1):
            blocks += _sheet_rows(sheet, number)
    finally:
        workbook.close()
    return Document(path=str(path), format="xlsx", blocks=blocks, title=title, created=created, modified=modified)


def _sheet_rows(sheet, number: int) -> list[Block]:
    name = sheet.title
    prefix = name if _PLAIN_SHEET_NAME.match(name) else "'" + name.replace("'", "''") + "'"
    merged: dict[tuple[int, int], tuple[int, int]] = {}  # covered (row, col) → top-left (row, col)
    for rng in sheet.merged_cells.ranges:
        for row in range(rng.min_row, rng.max_row + 1):
            for col in range(rng.min_col, rng.max_col + 1):
                if (row, col) != (rng.min_row, rng.min_col):
                    merged[(row, col)] = (rng.min_row, rng.min_col)
    blocks = []
    for row_cells in sheet.iter_rows():
        if not row_cells:
            continue
        row_number = row_cells[0].row
        cells = []
        for cell in row_cells:
            col = cell.column
            source = cell
            if (row_number, col) in merged:
                source = sheet.cell(*merged[(row_number, col)])
            text = clean_cell(_format(source.value, source.number_format))
            link = None
            if source.hyperlink is not None:
                link = source.hyperlink.target or (("#" + source.hyperlink.location)
                                                   if source.hyperlink.location else None)
            cells.append(Cell(text, f"{prefix}!{column_letter(col)}{row_number}", link))
        row = make_row(cells, f"{prefix}!{row_number}", number)
        if row is not None:
            blocks.append(row)
    return blocks


def _format(value, number_format: str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, (int, float)):
        if number_format and "%" in number_format:
            return _number(value * 100) + "%"
        return _number(value)
    return str(value)


def _number(value: float) -> str:
    if isinstance(value, int):
        return str(value)
    if value.is_integer():
        return str(int(value))
    return f"{value:.15g}"
