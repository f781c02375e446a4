"""What each column of a table holds, read from the table's header row (序号 | 公开事项 | 公开情况 | 备注 …).

The header words are data (`columns` in checklist/annual-report.yaml). A header row is the first row of a
table with at least two short cells naming a column role; each of its cells takes the role of the longest
header word it contains. Rows are matched to the header by cell position (readers keep leading empty cells
and drop trailing ones), so a row with more cells than its header has no roles.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from disclosure_check.document import Block, Document
from disclosure_check.text import key

if TYPE_CHECKING:
    from disclosure_check.analysis import Analysis

_HEADER_CELL = 12  # key characters: a header cell is a few words, a data cell that mentions 状态 is longer
_HEADER_SEARCH = 3  # rows from the top of a table where its header may be (a title row may come first)


class Columns:
    def __init__(self, document: Document, roles: dict[str, list[str]]) -> None:
        self._blocks = document.blocks
        self._words = sorted(((key(word), role) for role, words in roles.items() for word in words),
                             key=lambda pair: -len(pair[0]))

    @cached_property
    def headers(self) -> dict[int, tuple[int, tuple[str | None, ...]]]:
        """Per table: the block index of its header row and the role of each of its cells."""
        found: dict[int, tuple[int, tuple[str | None, ...]]] = {}
        seen: dict[int, int] = {}
        for index, block in enumerate(self._blocks):
            if block.kind != "row" or block.table is None or block.table in found:
                continue
            seen[block.table] = seen.get(block.table, 0) + 1
            if seen[block.table] > _HEADER_SEARCH:
                continue
            roles = tuple(self._role(cell.text) for cell in block.cells)
            if sum(role is not None for role in roles) >= 2:
                found[block.table] = (index, roles)
        return found

    def is_header(self, block_index: int) -> bool:
        table = self._blocks[block_index].table
        return table is not None and self.headers.get(table, (None,))[0] == block_index

    def roles(self, block: Block) -> tuple[str | None, ...]:
        """The role of each cell of a row; empty when its table has no header or the row does not fit it."""
        header = self.headers.get(block.table) if block.table is not None else None
        if header is None or len(block.cells) > len(header[1]):
            return ()
        return header[1][:len(block.cells)]

    def table_roles(self, table: int) -> tuple[str | None, ...]:
        header = self.headers.get(table)
        return header[1] if header else ()

    def _role(self, text: str) -> str | None:
        cell_key = key(text)
        if not cell_key or len(cell_key) > _HEADER_CELL:
            return None
        return next((role for word, role in self._words if word and word in cell_key), None)


_last: tuple[Document, Columns] | None = None


def columns_for(analysis: Analysis) -> Columns:
    """The columns of the document under analysis, worked out once for the rules that ask."""
    global _last
    if _last is None or _last[0] is not analysis.document:
        _last = (analysis.document, Columns(analysis.document, analysis.vocabulary.columns.model_dump()))
    return _last[1]
