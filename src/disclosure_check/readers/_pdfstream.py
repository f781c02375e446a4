"""Tables printed without ruling lines, rebuilt from where their text sits (stream mode).

Office PDFs write a borderless table cell by cell, a wrapped line at a time, so in stream order an item name
arrives in pieces, apart from its 未公开 cell; pdfium joins pieces that share a baseline into one text line.
Here every character's box is read; characters sharing a baseline form a visual line, split into segments
where a gap is wider than half a character. A table is a run of lines with two or more segments (single
narrow lines between them are wrapped cells); its column borders are the gaps that no segment of those lines
crosses. Each character goes to the column under its centre, so a segment that crosses a border is cut there.
A row starts at a line whose first column holds a number (序号); the lines above the first such line are the
header, or, apart from it by a wider gap, the rest of a row broken by the page end. A table without numbers
splits rows at vertical gaps wider than those between wrapped lines.
Where rows are set apart by wider gaps than their wrapped lines, the gaps delimit them (so a 序号 centred in
a tall row stays with it); a table printed tight, with a centred 序号, reads that row's upper lines with the
row before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from operator import attrgetter
from statistics import median

_GAP = 0.5  # a gap wider than this many character heights separates segments
_NARROW = 0.45  # a single-segment line narrower than this share of the text width may be a wrapped cell
_MAX_WRAPPED = 15  # single-segment lines allowed between two multi-segment lines of one table
_MIN_MULTI = 3  # multi-segment lines a table needs
_ROW_GAP = 0.8  # without numbers, a vertical gap wider than this many heights starts a row
_NUMBER = re.compile(r"^[（(]?(?:\d{1,3}(?:[.．]\d{1,2})?|[一二三四五六七八九十]{1,3})[）)]?[.、．]?$")  # 1, 1.2, （3）, 四、
_BASELINE = 0.35  # characters whose centres differ by less than this many heights share a line


@dataclass
class Glyph:
    text: str
    x0: float
    x1: float
    y0: float
    y1: float

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass
class VisualLine:
    glyphs: list[Glyph]
    segments: list[tuple[float, float]] = field(default_factory=list)  # x extents, left to right

    @property
    def top(self) -> float:
        return max(g.y1 for g in self.glyphs)

    @property
    def bottom(self) -> float:
        return min(g.y0 for g in self.glyphs)

    @property
    def left(self) -> float:
        return self.segments[0][0]

    @property
    def right(self) -> float:
        return self.segments[-1][1]


@dataclass
class StreamTable:
    rows: list[tuple[list[str], float]]  # cells and top of each row, top to bottom
    box: tuple[float, float, float, float]  # left, bottom, right, top
    borders: list[float]  # between the columns, left to right


def glyphs_of(textpage) -> list[Glyph]:
    """Every visible character of a page with its box (pdfium's generated spaces and line breaks are not)."""
    text = textpage.get_text_range()
    if len(text) != textpage.count_chars():
        return []  # offsets do not match character indices (surrogates): no geometry
    from disclosure_check.readers import _pdfium

    loose_box, handle = _pdfium.calls().loose_box, _pdfium.address(textpage.raw)
    rect, into = _pdfium.rect()  # one buffer for every call: the wrapper would build one per character
    out = []
    for index, ch in enumerate(text):
        if ch.isspace() or ch in "\x02\xad" or not loose_box(handle, index, into):
            continue
        left, bottom, right, top = rect.left, rect.bottom, rect.right, rect.top  # each read makes a float
        if right > left and top > bottom:
            out.append(Glyph(ch, left, right, bottom, top))
    return out


def visual_lines(glyphs: list[Glyph]) -> list[VisualLine]:
    """Glyphs grouped by baseline, top to bottom, each line's glyphs left to right and split into segments."""
    middles = [(glyph.y0 + glyph.y1) / 2 for glyph in glyphs]
    lines: list[VisualLine] = []
    centre = 0.0
    for index in sorted(range(len(glyphs)), key=middles.__getitem__, reverse=True):  # ties keep text order
        glyph, middle = glyphs[index], middles[index]
        if lines and abs(centre - middle) <= _BASELINE * (glyph.y1 - glyph.y0):
            lines[-1].glyphs.append(glyph)
        else:
            lines.append(VisualLine([glyph]))
            centre = middle
    for line in lines:
        line.glyphs.sort(key=_left)
        size = median([g.y1 - g.y0 for g in line.glyphs])
        start, end = line.glyphs[0].x0, line.glyphs[0].x1
        for glyph in line.glyphs[1:]:
            if glyph.x0 - end > _GAP * size:
                line.segments.append((start, end))
                start = glyph.x0
            if glyph.x1 > end:
                end = glyph.x1
        line.segments.append((start, end))
    return lines


_left = attrgetter("x0")


def tables(glyphs: list[Glyph], carried: list[float] | None = None) -> list[StreamTable]:
    """The borderless tables of a page. `carried`: the borders of a table that reached the end of the previous
    page; the lines at the top of this page that fit its columns go on with it (the rest of a row broken by
    the page end, the header repeated, more rows)."""
    lines = visual_lines(glyphs)
    if not lines:
        return []
    size = median(g.height for g in glyphs)
    found = []
    if carried:
        lead = _continuing(lines, carried)
        if lead:
            found.append(StreamTable(_rows(lead, carried, size), _box(lead), carried))
            lines = lines[len(lead):]
    if not lines:
        return found
    width = max(line.right for line in lines) - min(line.left for line in lines)
    for region in _regions(lines, width):
        borders = _borders(region, size)
        if not borders:
            continue
        rows = _rows(region, borders, size)
        if len(rows) >= 2:
            found.append(StreamTable(rows, _box(region), borders))
    return found


def _box(region: list[VisualLine]) -> tuple[float, float, float, float]:
    return min(line.left for line in region), region[-1].bottom, max(line.right for line in region), region[0].top


def _continuing(lines: list[VisualLine], borders: list[float]) -> list[VisualLine]:
    """The lines from the top of a page that fit the columns of the table the previous page ended with: no
    segment crosses a border, and the first column (序号) holds a number or nothing."""
    out = []
    for line in lines:
        if any(x0 < border < x1 for x0, x1 in line.segments for border in borders):
            break
        first = _cells(line, borders)[0]
        if first and not _NUMBER.match(first):
            break
        out.append(line)
    return out


def _regions(lines: list[VisualLine], width: float) -> list[list[VisualLine]]:
    """Runs of multi-segment lines, with the narrow single-segment lines (wrapped cells) between them."""
    regions: list[list[VisualLine]] = []
    current: list[VisualLine] = []
    singles: list[VisualLine] = []
    for line in lines:
        if len(line.segments) >= 2:
            current += singles + [line]
            singles = []
        elif current and line.right - line.left < _NARROW * width and len(singles) < _MAX_WRAPPED:
            singles.append(line)
        else:
            if current:
                regions.append(current + _aligned_tail(current, singles))
            current, singles = [], []
    if current:
        regions.append(current + _aligned_tail(current, singles))
    return [r for r in regions if sum(len(line.segments) >= 2 for line in r) >= _MIN_MULTI]


def _aligned_tail(region: list[VisualLine], singles: list[VisualLine]) -> list[VisualLine]:
    """The single lines after a table's last multi-segment line that continue one of its cells: they start
    where a segment of the table starts and not left of the table (a note below the table starts at the
    margin and runs wider)."""
    starts = [x0 for line in region if len(line.segments) >= 2 for x0, _ in line.segments[1:]]
    tail = []
    for line in singles:
        if not any(abs(line.left - x0) < 2.0 for x0 in starts):
            break
        tail.append(line)
    return tail


def _borders(region: list[VisualLine], size: float) -> list[float]:
    """Column borders: at the gaps no segment of a multi-segment line crosses, just left of where the next
    column's text starts (cells are left-aligned, so a longer cell further down the table, or on the next
    page, may reach further right, never further left)."""
    spans = sorted(s for line in region if len(line.segments) >= 2 for s in line.segments)
    borders = []
    reach = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - reach > _GAP * size:
            borders.append(x0 - _GAP * size / 2)
        reach = max(reach, x1)
    return borders


def _cells(line: VisualLine, borders: list[float]) -> list[str]:
    cells: list[list[Glyph]] = [[] for _ in range(len(borders) + 1)]
    for glyph in line.glyphs:
        column = sum(border < (glyph.x0 + glyph.x1) / 2 for border in borders)
        cells[column].append(glyph)
    return [_text(column) for column in cells]


def _text(glyphs: list[Glyph]) -> str:
    out = ""
    previous: Glyph | None = None
    for glyph in glyphs:
        if (previous is not None and glyph.x0 - previous.x1 > 0.2 * glyph.height
                and previous.text.isascii() and glyph.text.isascii()):
            out += " "  # a space between ASCII words (pdfium's own spaces were dropped with their boxes)
        out += glyph.text
        previous = glyph
    return out


def _rows(region: list[VisualLine], borders: list[float], size: float) -> list[tuple[list[str], float]]:
    per_line = [_cells(line, borders) for line in region]
    numbered = [bool(_NUMBER.match(cells[0])) for cells in per_line]
    gap = [index == 0 or region[index - 1].bottom - line.top > _ROW_GAP * size for index, line in enumerate(region)]
    # Where rows are set apart by wider gaps than the wrapped lines within them, and no stretch between two
    # gaps holds two numbers, the gaps delimit the rows: then a 序号 centred in a tall row still belongs to
    # it. Otherwise a row starts at its number.
    group_of = [sum(gap[:index + 1]) for index in range(len(region))]
    numbers_in = [sum(1 for i, n in enumerate(numbered) if n and group_of[i] == g) for g in range(group_of[-1] + 1)]
    by_gaps = max(numbers_in) <= 1 and sum(numbers_in) >= 2
    first = numbered.index(True) if any(numbered) else len(region)
    first_group = group_of[first] if first < len(region) else len(numbers_in)
    rows: list[tuple[list[str], float]] = []
    for index, (line, cells) in enumerate(zip(region, per_line, strict=True)):
        if by_gaps:
            group = group_of[index]
            starts = gap[index] and (numbers_in[group] == 1 or group < first_group)
        else:
            # Above the first numbered row: the header (its wrapped lines close together), and after a header
            # repeated on a new page, the rest of the row the previous page broke off (apart from it).
            starts = index == 0 or numbered[index] or (index < first and gap[index])
        if starts:
            rows.append(([*cells], line.top))
        else:
            rows[-1] = ([a + b for a, b in zip(rows[-1][0], cells, strict=True)], rows[-1][1])
    return [(cells, top) for cells, top in rows if any(cells)]
