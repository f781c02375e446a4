"""Small helpers shared by the readers."""

from __future__ import annotations

import os
import re
from pathlib import Path

from disclosure_check.document import ROW_SEPARATOR, Block, Cell, charge
from disclosure_check.errors import InputError

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def column_letter(index: int) -> str:
    """1 → A, 26 → Z, 27 → AA."""
    letters = ""
    while index > 0:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def clean(text: str) -> str:
    """Strip a block's text and drop control characters; internal characters are kept for the engine.
    Counted against the document's text budget: a cell is cleaned before its row exists."""
    charge(text)
    return _CONTROL.sub("", text).strip()


def drop_controls(text: str) -> str:
    """The text without the control characters `clean` drops (neither is a line break), neither stripped nor
    charged: for a whole text cleaned line by line at once."""
    return _CONTROL.sub("", text)


def small_int(value: str | None, limit: int = 1_000_000) -> int | None:
    """An attribute's ASCII digits as an int no larger than `limit`, else None ("²" and 5,000-digit numbers
    are digits to str.isdigit, not to int())."""
    if not value or not value.isascii() or not value.isdigit() or len(value) > 4000:
        return None
    return min(int(value), limit)


def clean_cell(text: str) -> str:
    """A cell's text: like `clean`, and never containing the row separator (it would shift cell offsets)."""
    return clean(text.replace(ROW_SEPARATOR, " "))


def make_row(cells: list[Cell], locator: str, table: int, page: int | None = None) -> Block | None:
    """A row block, or None when every cell is empty (blocks never have empty text)."""
    if not any(c.text for c in cells):
        return None
    while cells and not cells[-1].text and not cells[-1].link:
        cells.pop()  # trailing empty cells add nothing and would end the row text with tabs
    return Block.row(tuple(cells), locator, table, page)


_ISO = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")


def iso_date(value: str | None) -> str | None:
    """'2023-11-24T08:00:00Z', 'D:20231124083000+08'00'' or '20231124' → '2023-11-24'."""
    if not value:
        return None
    match = _ISO.search(value)
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    if not (1900 <= year <= 2200 and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def read_bytes(path: Path) -> bytes:
    """The whole file as it was when opened (a file that grows while read is not followed), or an InputError
    naming why not (an empty file is an error too)."""
    try:
        with open(path, "rb") as stream:
            data = stream.read(os.fstat(stream.fileno()).st_size)
    except OSError as exc:
        raise InputError(path, f"无法读取文件（{exc.strerror}）", f"cannot read file ({exc.strerror})") from None
    if not data:
        raise InputError(path, "文件为空", "empty file")
    return data


def timed_out(path: object, seconds: float, stage: str = "read") -> InputError:
    if stage == "read":
        return InputError(str(path), f"读取超时（超过 {seconds:g} 秒上限）", f"reading timed out (over the {seconds:g} s limit)")
    return InputError(str(path), f"检查超时（超过 {seconds:g} 秒上限）", f"checking timed out (over the {seconds:g} s limit)")
