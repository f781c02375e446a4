"""The format-neutral document every reader produces and every rule reads.

A Document is an ordered list of blocks. A block is a heading, a paragraph or one row of a table; a row keeps
its cells so that a rule can tell which column a keyword, link or date sits in. Every block and every cell
carries a locator a person can follow back to the source ("p.3", "¶12", "表1 第4行", "清单!B7").
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "row"]


@dataclass(slots=True, unsafe_hash=True)  # hashed like a frozen one; frozen's __init__ is 3× slower
class Cell:
    text: str
    locator: str
    link: str | None = None


class TooMuchText(BaseException):
    """A reader produced more text than `text_budget` allows (a BaseException: no reader's `except Exception`
    may swallow it)."""


_BUDGET: ContextVar[list[int] | None] = ContextVar("text_budget", default=None)


@contextlib.contextmanager
def text_budget(characters: int) -> Iterator[None]:
    """Within this block, readers may extract at most `characters` of text (`charge`): spans, merged ranges
    and shared strings repeat text, so a tiny file could otherwise expand to gigabytes."""
    token = _BUDGET.set([characters])
    try:
        yield
    finally:
        _BUDGET.reset(token)


def charge(text: str) -> None:
    charge_characters(len(text))


def charge_characters(count: int) -> None:
    """`charge` for text already counted (a reader's lines, charged in one sum)."""
    budget = _BUDGET.get()
    if budget is not None:
        budget[0] -= count
        if budget[0] < 0:
            raise TooMuchText


@dataclass(slots=True, unsafe_hash=True)  # hashed like a frozen one; frozen's __init__ is 3× slower
class Block:
    kind: BlockKind
    text: str
    locator: str
    level: int | None = None  # heading level when the source marks it (docx style, <h2>, markdown #)
    cells: tuple[Cell, ...] = ()  # only for rows
    table: int | None = None  # index of the table the row belongs to, in document order
    links: tuple[str, ...] = ()  # hyperlinks attached to the block's text (docx/html/xlsx hyperlinks)
    page: int | None = None

    def __post_init__(self) -> None:
        charge(self.text)

    @staticmethod
    def row(cells: tuple[Cell, ...], locator: str, table: int, page: int | None = None) -> Block:
        """A table row whose text is its cells joined by tabs, so cell offsets stay recoverable."""
        links = tuple(c.link for c in cells if c.link)
        return Block("row", ROW_SEPARATOR.join(c.text for c in cells), locator, cells=cells, table=table,
                     links=links, page=page)

    def cell_at(self, offset: int) -> Cell | None:
        """The cell containing character `offset` of `text` (rows only)."""
        start = 0
        for cell in self.cells:
            end = start + len(cell.text)
            if offset <= end:
                return cell
            start = end + len(ROW_SEPARATOR)
        return None


ROW_SEPARATOR = "\t"


@dataclass(slots=True)
class Document:
    path: str
    format: str  # txt, md, docx, xlsx, pdf, html
    blocks: list[Block] = field(default_factory=list)
    title: str | None = None  # from metadata or the first heading-like line
    created: str | None = None  # ISO date from metadata, when the format has it
    modified: str | None = None
    pages: int | None = None
    needs_ocr: bool = False  # a PDF with pages but no text layer
    ocr: bool = False  # the text was recognised from page images
    main_content: str | None = None  # html: how the article was told from the page around it (for --explain)

    @property
    def text_length(self) -> int:
        return sum(len(b.text) for b in self.blocks)
