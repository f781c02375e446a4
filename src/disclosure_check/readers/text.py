"""Plain text and markdown.

Every non-empty line is a block located by its 1-based line number (`L12`). Markdown adds `#` headings (and
setext `===`/`---` underlines) as heading blocks and pipe tables as row blocks (`T1!B3`: table 1, column B,
row 3 of that table; the `---` delimiter row is not counted). Lines such as "一、概述" stay paragraphs: the
engine detects numbering itself.
"""

from __future__ import annotations

import re
from pathlib import Path

from disclosure_check.document import Block, Cell, Document, charge_characters
from disclosure_check.errors import InputError
from disclosure_check.readers._charset import decode, decode_damaged
from disclosure_check.readers._common import clean, clean_cell, column_letter, drop_controls, make_row, read_bytes

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_DELIMITER = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")


def read(path: Path, markdown: bool = False) -> Document:
    data = read_bytes(path)
    decoded = decode(data) or decode_damaged(data)
    if decoded is None:
        raise InputError(path, "无法识别文本编码（不是 UTF-8、GBK/GB18030 或 Big5）",
                         "cannot decode the text (not UTF-8, GBK/GB18030 or Big5)")
    text = decoded[0]
    blocks = _markdown_blocks(_LINE_BREAK.split(text)) if markdown else _text_blocks(text)
    title = blocks[0].text if blocks else None
    return Document(path=str(path), format="md" if markdown else "txt", blocks=blocks, title=title)


def _text_blocks(text: str) -> list[Block]:
    """A paragraph per non-empty line, cleaned as `clean` cleans it, but in passes over the whole text: no
    control character `clean` drops is a line break, and the text budget is charged for the lines as read."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")  # as _LINE_BREAK splits
    charge_characters(len(text) - text.count("\n"))
    lines = drop_controls(text).split("\n")
    return [Block("paragraph", stripped, f"L{number}") for number, line in enumerate(lines, 1) if (stripped := line.strip())]


def _markdown_blocks(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    tables = 0
    in_fence = False
    i = 0
    previous_paragraph = -1  # line index of a paragraph block that a setext underline may promote
    while i < len(lines):
        line = lines[i]
        number = i + 1
        stripped = clean(line)
        if stripped.startswith(("```", "~~~")):
            in_fence = not in_fence
            i += 1
            continue
        if not stripped:
            previous_paragraph = -1
            i += 1
            continue
        if not in_fence:
            heading = _ATX.match(line)
            if heading:
                content = clean(heading.group(2) or "")
                if content:
                    text, links = _inline(content)
                    blocks.append(Block("heading", text, f"L{number}", level=len(heading.group(1)), links=links))
                previous_paragraph = -1
                i += 1
                continue
            setext = _SETEXT.match(line)
            if setext and previous_paragraph == i - 1 and blocks and blocks[-1].kind == "paragraph":
                last = blocks[-1]
                blocks[-1] = Block("heading", last.text, last.locator, level=1 if setext.group(1)[0] == "=" else 2,
                                   links=last.links)
                previous_paragraph = -1
                i += 1
                continue
            if "|" in line and i + 1 < len(lines) and _is_delimiter(lines[i + 1]):
                tables += 1
                i = _table(lines, i, tables, blocks)
                previous_paragraph = -1
                continue
        text, links = _inline(stripped) if not in_fence else (stripped, ())
        blocks.append(Block("paragraph", text, f"L{number}", links=links))
        previous_paragraph = i
        i += 1
    return blocks


def _table(lines: list[str], start: int, table: int, blocks: list[Block]) -> int:
    """Append the rows of the pipe table starting at `start` (its header); return the index after it."""
    row_number = 0
    i = start
    while i < len(lines):
        line = lines[i]
        if not line.strip() or "|" not in line:
            break
        if i == start + 1:  # the delimiter row
            i += 1
            continue
        row_number += 1
        cells = []
        for col, raw in enumerate(_split_row(line), 1):
            text, links = _inline(clean_cell(raw))
            cells.append(Cell(text, f"T{table}!{column_letter(col)}{row_number}", links[0] if links else None))
        row = make_row(cells, f"T{table}!{row_number}", table)
        if row is not None:
            blocks.append(row)
        i += 1
    return i


def _is_delimiter(line: str) -> bool:
    return "|" in line and "-" in line and _DELIMITER.match(line) is not None


def _split_row(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    cells, current, escaped = [], [], False
    for ch in line:
        if escaped:
            current.append(ch if ch == "|" else "\\" + ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "|":
            cells.append("".join(current))
            current = []
        else:
            current.append(ch)
    if escaped:
        current.append("\\")
    cells.append("".join(current))
    return cells


def _inline(text: str) -> tuple[str, tuple[str, ...]]:
    """Markdown links `[text](url)` and `<url>` → their text, with the URLs as links."""
    if "](" not in text and "<http" not in text:
        return text, ()
    links: list[str] = []

    def link(match: re.Match[str]) -> str:
        links.append(match.group(2))
        return match.group(1) or match.group(2)

    def auto(match: re.Match[str]) -> str:
        links.append(match.group(1))
        return match.group(1)

    text = _AUTOLINK.sub(auto, _MD_LINK.sub(link, text))
    return clean(text) or text, tuple(links)
