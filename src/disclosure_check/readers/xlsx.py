"""xlsx: openpyxl in normal mode (read_only mode loses merged-cell values), cached values (data_only).

Normal mode builds an object per cell, so a sheet with a million formatted but empty rows took 16–29 s and
800 MB here (read_only mode: 7–12 s). Before openpyxl sees the package, worksheets are compacted: empty cells
(`<c …/>`, no value or formula) and the rows left empty are dropped, in one regex pass (1.2 s for 53 MB of
sheet XML); they hold nothing a reader uses — merged ranges and hyperlinks live outside `<sheetData>`.

Every non-empty row of every worksheet is a row block (`清单!7`) whose cells are located like Excel
(`清单!B7`); a merged range gives its top-left value (and link) to every cell it covers. Dates become ISO
dates, integral numbers lose their ".0", percentages keep their "%". The table number of a row is the
1-based position of its sheet.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
import zipfile
from pathlib import Path

from disclosure_check.config import DEFAULT_LIMITS, Limits
from disclosure_check.document import Block, Cell, Document
from disclosure_check.errors import InputError
from disclosure_check.readers._common import clean_cell, column_letter, make_row
from disclosure_check.readers._ooxml import core_properties, open_package, read_member

_PLAIN_SHEET_NAME = re.compile(r"^\w+$")


_PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"
_EMPTY_CELL = re.compile(rb"<" + _PREFIX + rb"c\b[^>]*?/>")
_EMPTY_ROW = re.compile(rb"<(" + _PREFIX + rb"row)\b[^>]*?(?:/>|>\s*</\1>)")
_WORKSHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$")
_ROW_NUMBER = re.compile(rb"<" + _PREFIX + rb'row\b[^>]*?\br="([0-9]{1,7})"')
_CELL_REF = re.compile(rb"<" + _PREFIX + rb'c\b[^>]*?\br="([A-Za-z]{1,3})([0-9]{1,7})"')
_MERGE = re.compile(rb"(<" + _PREFIX + rb'mergeCell\b[^>]*?\bref=")([A-Za-z]{1,3})([0-9]{1,7}):([A-Za-z]{1,3})([0-9]{1,7})(")')


def read(path: Path, limits: Limits = DEFAULT_LIMITS) -> Document:
    with open_package(path, "xlsx", limits) as package:
        title, created, modified = core_properties(package, path, "xlsx")
        compact = _compacted(package, path)
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "extension is not supported" and similar noise
            workbook = openpyxl.load_workbook(compact, read_only=False, data_only=True, keep_links=False)
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


def _compacted(package: zipfile.ZipFile, path: Path) -> io.BytesIO:
    """The package rebuilt in memory with empty cells and rows removed from its worksheets (the zip limits
    already bound what is inflated here)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for info in package.infolist():
            data = read_member(package, info.filename, path, "xlsx") or b""
            if _WORKSHEET.match(info.filename):
                data = _clip_merges(_compact_sheet(data))
            target.writestr(info.filename, data)
    out.seek(0)
    return out


def _compact_sheet(data: bytes, chunk: int = 1 << 22) -> bytes:
    """Slices cut just after a '>' never split a tag, so memory stays near the XML's size (the few empty
    rows a cut separates from their end tag are kept, harmlessly)."""
    parts = []
    start = 0
    while start < len(data):
        end = data.find(b">", start + chunk) + 1 or len(data)
        parts.append(_EMPTY_ROW.sub(b"", _EMPTY_CELL.sub(b"", data[start:end])))
        start = end
    return b"".join(parts)


def _clip_merges(data: bytes) -> bytes:
    """Merged ranges cut to the cells the sheet really has: openpyxl makes an object for every cell a range
    covers, so one `A3:XFD1048576` in a 1 KB file would be 17 billion of them."""
    if b"mergeCell" not in data:
        return data
    last_row = max((int(m) for m in _ROW_NUMBER.findall(data)), default=0)
    last_col = 0
    for letters, row in _CELL_REF.findall(data):
        last_row = max(last_row, int(row))
        last_col = max(last_col, _column_number(letters))
    cells = data.count(b"<c ") + data.count(b"<c>")
    if not _CELL_REF.search(data):  # cells without references: their count bounds the width
        last_col = cells
    spare = [4 * cells + 10_000]  # cells all ranges together may cover: a real sheet's merges are a fraction

    def clip(match: re.Match[bytes]) -> bytes:
        first_col, first_row = _column_number(match.group(2)), int(match.group(3))
        end_col = min(_column_number(match.group(4)), last_col)
        end_row = min(int(match.group(5)), last_row)
        spare[0] -= max(0, end_col - first_col + 1) * max(0, end_row - first_row + 1)
        if first_col > end_col or first_row > end_row or spare[0] < 0:
            return b""  # covered cells are empty (compacted away): without the range they stay empty
        ref = f"{match.group(2).decode()}{first_row}:{column_letter(end_col)}{end_row}".encode()
        return match.group(1) + ref + match.group(6)

    return _MERGE.sub(clip, data)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


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
