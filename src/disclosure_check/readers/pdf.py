"""pdf: pypdfium2 text in stream order (libraries.md: 0.05 s for 59 pages; line-based extractors interleave
table columns).

PDF text comes as visual lines, broken wherever the line was full. Consecutive lines of a page are merged into
one paragraph block unless the previous line ends a sentence (。！？；：!?;:), is clearly shorter than a full
line (the end of a paragraph or a heading), or the next line starts with a numbering pattern (一、 （一） 1.
（1） 第一部分 …). Blocks are located by page (`p.3`, page=3). A PDF with pages but no text at all is returned
with `needs_ocr=True` and no blocks, never as an empty report.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from disclosure_check.config import DEFAULT_LIMITS, Limits
from disclosure_check.document import Block, Cell, Document
from disclosure_check.errors import InputError
from disclosure_check.readers import _pdfium
from disclosure_check.readers._common import clean, iso_date, timed_out

_CN_NUM = "一二三四五六七八九十百零〇两"
_NUMBERING = re.compile(
    rf"^(?:[{_CN_NUM}]+[、．.]"
    rf"|[（(][{_CN_NUM}]+[）)]"
    r"|\d{1,3}[、．.](?!\d)"
    r"|[（(]\d{1,3}[）)]"
    r"|\d{1,3}[）)]"
    rf"|第[{_CN_NUM}\d]+[部分章节条篇款]"
    r"|[①-⑳⑴-⒇]"
    r"|[•●▪■◆◇□√]"
    r"|[A-Za-z][、．.](?![A-Za-z0-9])"
    r"|附件|附表)"
)
_SENTENCE_END = re.compile(r"[。！？；：!?;:…][”’」』）)\]】]*$")
_CONTINUES = re.compile(r"[，、,（(《“‘—/]$")
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(?:第\s*)?\d{1,4}\s*页?(?:\s*/\s*共?\s*\d{1,4}\s*页?)?[-—–\s]*$")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SHORT = 0.75  # a line narrower than this share of a full line ends its paragraph

CORRUPT_ZH, CORRUPT_EN = "PDF 文件损坏或被截断", "corrupt or truncated PDF"
OOM_ZH = "PDF 解析时内存超限或崩溃（可能是压缩炸弹或文件损坏）"
OOM_EN = "the PDF parser ran out of memory or crashed (a decompression bomb or a damaged file)"


def read(path: Path, limits: Limits = DEFAULT_LIMITS) -> Document:
    if _GUARDED:
        pages, metadata = _extract_guarded(path, limits.max_pages)
    else:
        pages, metadata = _extract_isolated(path, limits) if _can_isolate() else _extract(path, limits.max_pages)
    if not pages:
        raise InputError(path, CORRUPT_ZH, CORRUPT_EN)
    title = metadata.get("Title") or None
    created = iso_date(metadata.get("CreationDate"))
    modified = iso_date(metadata.get("ModDate"))
    if not any(page.lines for page in pages):
        if not _has_end_marker(path):
            raise InputError(path, CORRUPT_ZH, CORRUPT_EN)
        return Document(path=str(path), format="pdf", title=title, created=created, modified=modified,
                        pages=len(pages), needs_ocr=True)
    blocks = paragraphs(pages)
    if not title:
        title = blocks[0].text if blocks else None
    return Document(path=str(path), format="pdf", blocks=blocks, title=title, created=created,
                    modified=modified, pages=len(pages))


def _extract(path: Path, max_pages: int) -> tuple[list[Page], dict[str, str]]:
    """Lines (with geometry) of every page, and the metadata dictionary."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) in (4, 5):  # FPDF_ERR_PASSWORD, FPDF_ERR_SECURITY
            raise InputError(path, "PDF 已加密（需要密码）", "encrypted PDF (password required)") from None
        raise InputError(path, CORRUPT_ZH, CORRUPT_EN) from None
    except OSError as exc:
        raise InputError(path, f"无法读取文件（{exc.strerror}）", f"cannot read file ({exc.strerror})") from None
    try:
        if len(pdf) > max_pages:
            raise InputError(path, f"超过页数上限 {max_pages} 页（共 {len(pdf)} 页）",
                             f"exceeds the {max_pages}-page limit ({len(pdf)} pages)")
        return _pages(pdf, path), _metadata(pdf)
    finally:
        pdf.close()


# --- isolation ------------------------------------------------------------------------------------------------
# libraries.md: pdfium aborts the whole process when memory runs out (a compression bomb) — there is no
# exception to catch. So a PDF is never parsed in the process that runs the check: the command line reads every
# file in a worker process (workers.py), and a library caller's read parses in a child process here. Where the
# address space can be capped (budget.memory_capped: Linux), the parse runs under a limit, so that a bomb fails
# an allocation instead of taking the machine's memory; elsewhere it is only contained.

MEMORY_HEADROOM = 1 << 30  # address space the parse may add to what its process already maps (1 GiB)


# A worker is already a process whose death costs only its file and is reported by its parent, which also ends
# a worker that overruns the time limit; starting a second child per PDF there is double work (~15 ms a file
# forked, far more spawned). So the worker parses in-process, under the address-space limit for the parse only.
# A PDF that exhausts it raises MemoryError (an InputError here) or aborts the worker (reported by the parent).
_GUARDED = False


def guard_in_process() -> None:
    """Called in a worker as it starts."""
    global _GUARDED
    _GUARDED = True


def _extract_guarded(path: Path, max_pages: int) -> tuple[list[Page], dict[str, str]]:
    limit = _memory_limit()
    if limit is None:
        try:
            return _extract(path, max_pages)
        except MemoryError:
            raise InputError(path, OOM_ZH, OOM_EN) from None
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    lowered = soft == resource.RLIM_INFINITY or soft > limit
    if lowered:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        return _extract(path, max_pages)
    except MemoryError:
        raise InputError(path, OOM_ZH, OOM_EN) from None
    finally:
        if lowered:
            resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _can_isolate() -> bool:
    if os.environ.get("DISCLOSURE_CHECK_PDF_INPROCESS") == "1":
        return False
    import multiprocessing

    return not multiprocessing.current_process().daemon  # a daemonic process may not start children


def _extract_isolated(path: Path, limits: Limits) -> tuple[list[Page], dict[str, str]]:
    import faulthandler  # noqa: F401  (imported before forking: a forked child imports nothing)

    import pypdfium2  # noqa: F401

    from disclosure_check.workers import context

    ctx = context()
    receiver, sender = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(path, sender, _memory_limit(), limits.max_pages), daemon=True)
    try:
        child.start()
    except OSError:  # cannot start a process (process limits): read in this process instead
        receiver.close()
        sender.close()
        return _extract(path, limits.max_pages)
    sender.close()
    try:
        if not receiver.poll(limits.timeout):
            raise timed_out(path, limits.timeout)
        try:
            outcome = receiver.recv()
        except (EOFError, OSError):
            outcome = ("crashed",)
    finally:
        receiver.close()
        child.join(1)
        if child.is_alive():
            child.kill()
            child.join()
    if outcome[0] == "ok":
        return outcome[1], outcome[2]
    if outcome[0] == "input":
        raise InputError(path, outcome[1], outcome[2])
    raise InputError(path, OOM_ZH, OOM_EN)


def _memory_limit() -> int | None:
    from disclosure_check.budget import memory_capped

    if not memory_capped():
        return None
    try:
        with open("/proc/self/statm") as fh:
            mapped = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None
    return mapped + MEMORY_HEADROOM


def _child(path: Path, sender, limit: int | None, max_pages: int) -> None:
    try:
        # An abort in pdfium must not print a fatal-error report on the user's terminal: the parent reports it.
        import faulthandler

        faulthandler.disable()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
        if limit is not None:
            import resource

            soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            if hard != resource.RLIM_INFINITY:
                limit = min(limit, hard)
            if soft == resource.RLIM_INFINITY or soft > limit:
                resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        pages, metadata = _extract(path, max_pages)
        outcome: tuple = ("ok", pages, metadata)
    except InputError as exc:
        outcome = ("input", exc.zh, exc.en)
    except BaseException:  # MemoryError and anything else: reported as a crash, never raised in the parent
        outcome = ("crashed",)
    sender.send(outcome)
    sender.close()


@dataclass
class Line:
    text: str
    right: float | None = None  # right edge of the last character, in PDF points
    size: float | None = None  # height of that character's loose box (about the font size)
    at: tuple[float, float] | None = None  # centre of the first character (PDF y grows upwards)
    width: float = 0.0  # visual width in full-width characters (_width), computed once

    def __post_init__(self) -> None:
        self.width = _width(self.text)


@dataclass
class Row:
    """One row of a ruled table: the text of each cell, read from inside the cell's rectangle."""

    cells: list[str]
    top: float
    table: int  # the table's index on its page
    continued: bool = False  # the row goes on with the table the previous page ended with


@dataclass
class Page:
    lines: list[Line]
    width: float = 0.0
    rows: list[Row] = field(default_factory=list)


def _pages(pdf, path: Path) -> list[Page]:
    import pypdfium2 as pdfium

    pages = []
    carried: list[float] | None = None  # the borders of a borderless table that reached the previous page's end
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                textpage = page.get_textpage()
                try:
                    lines = _lines(textpage)
                    gapped = _gapped(lines)
                    grid = _grid(page) if gapped or _tabular(lines) else []
                    rows = _rows(textpage, grid) if grid else []
                    if (gapped or carried) and not rows:
                        rows, grid, carried = _stream_rows(textpage, carried)
                    else:
                        carried = None
                    if rows:
                        lines = [line for line in lines if not _inside(line, grid)]
                    if carried and grid and any(line.at and line.at[1] < grid[-1].ys[-1] for line in lines):
                        carried = None  # text follows the table: it ended on this page
                    pages.append(Page(lines, page.get_width(), rows))
                finally:
                    textpage.close()
            finally:
                page.close()
    except pdfium.PdfiumError:
        raise InputError(path, CORRUPT_ZH, CORRUPT_EN) from None
    return pages


def _lines(textpage) -> list[Line]:
    """The page's visual lines; with geometry when text offsets match character indices (no surrogates)."""
    text = textpage.get_text_range()
    geometry = len(text) == textpage.count_chars()
    loose_box, handle = _pdfium.calls().loose_box, _pdfium.address(textpage.raw)
    box, into = _pdfium.rect()
    lines = []
    position = 0
    for raw in _LINE_BREAK.split(text):
        start, position = position, position + len(raw)
        position += 2 if text.startswith("\r\n", position) else 1
        line = clean(raw)
        if not line:
            continue
        if raw.rstrip().endswith(("\x02", "\xad")):
            line += "\x02"  # pdfium marks a word hyphenated at the line end; _join removes the mark
        right = size = at = None
        # Geometry is a refinement: without it (a failed call) the width heuristic remains.
        if geometry and loose_box(handle, start + len(raw.rstrip()) - 1, into):
            right, size = box.right, box.top - box.bottom
            if loose_box(handle, start + len(raw) - len(raw.lstrip()), into):
                at = ((box.left + box.right) / 2, (box.bottom + box.top) / 2)
            else:
                right = size = None
        lines.append(Line(line, right, size, at))
    # A lone page number at the top or bottom of a page is furniture, not content.
    while lines and _PAGE_NUMBER.match(lines[-1].text):
        lines.pop()
    while lines and _PAGE_NUMBER.match(lines[0].text):
        lines.pop(0)
    return lines


# --- ruled tables -----------------------------------------------------------------------------------------------
# Office PDFs draw table borders as thin filled paths and write cell text in stream order, a wrapped cell line
# at a time, so an item name arrives split across lines and apart from its 未公开 cell. The grid the borders draw
# gives the cells back: each cell's text is read from inside its rectangle (pdfium, in C), and the page's lines
# that start inside a table are left out of the running text. Walking a page's objects costs about as much as
# extracting its text, so only pages with many short lines (what wrapped cells look like) are walked.

_RULE = 2.0  # a border is at most this thick, in points
_SNAP = 2.0  # borders closer than this are one


@dataclass
class Grid:
    xs: list[float]  # column borders, left to right
    ys: list[float]  # row borders, top to bottom


def _tabular(lines: list[Line]) -> bool:
    if len(lines) < 8:
        return False
    limit = max(line.width for line in lines) * 0.4
    return sum(line.width <= limit for line in lines) >= 6


# pdfium joins the text of neighbouring cells that share a baseline with a space; CJK prose has none between
# two Chinese characters, or before a Latin word (it has them around figures: "2023 年"); a 序号 cell joined to
# the name beside it starts a line with a short number and a space.
_CJK = "\u2e80-\u9fff\uff00-\uffef"
_CELL_GAP = re.compile(rf"[{_CJK}]\s+[{_CJK}A-Za-z]|^\d{{1,3}}(?:\.\d{{1,2}})?\s+[{_CJK}]")


def _gapped(lines: list[Line]) -> bool:
    """A page whose lines join table cells: where a table without ruling lines may be (reading character
    boxes costs ten times the text, so only these pages, and those a table runs onto, are read so)."""
    return sum(1 for line in lines if _CELL_GAP.search(line.text)) >= 3


def _stream_rows(textpage, carried: list[float] | None) -> tuple[list[Row], list[Grid], list[float] | None]:
    """Rows of the tables printed without ruling lines, each table's box, and the borders of the last table
    when it may go on over the page end (readers/_pdfstream.py)."""
    from disclosure_check.readers import _pdfstream

    rows, boxes = [], []
    found = _pdfstream.tables(_pdfstream.glyphs_of(textpage), carried)
    for number, table in enumerate(found):
        rows += [Row(cells, top, number, table.borders is carried) for cells, top in table.rows]
        left, bottom, right, top = table.box
        boxes.append(Grid([left - 1, right + 1], [top + 1, bottom - 1]))
    return rows, boxes, found[-1].borders if found else None


def _grid(page) -> list[Grid]:
    """The ruled tables of a page, from its thin horizontal and vertical paths."""
    import ctypes

    import pypdfium2.raw as raw

    calls, handle = _pdfium.calls(), _pdfium.address(page.raw)
    count = raw.FPDFPage_CountObjects(page.raw)
    paths = [obj for obj in map(calls.get_object, [handle] * count, range(count))
             if calls.object_type(obj) == raw.FPDF_PAGEOBJ_PATH]
    left, bottom, right, top = corners = [ctypes.c_float() for _ in range(4)]
    into = [ctypes.addressof(corner) for corner in corners]
    horizontal, vertical = [], []
    for obj in paths:
        if not calls.object_bounds(obj, *into):
            continue
        box = (left.value, bottom.value, right.value, top.value)
        if box[3] - box[1] <= _RULE and box[2] - box[0] > _RULE * 4:
            horizontal.append(box)
        elif box[2] - box[0] <= _RULE and box[3] - box[1] > _RULE * 4:
            vertical.append(box)
    grids = []
    # A table is a group of vertical borders whose extents overlap.
    for group in _overlapping(sorted(vertical, key=lambda b: -b[3])):
        low, high = min(b[1] for b in group), max(b[3] for b in group)
        xs = _snap((b[0] + b[2]) / 2 for b in group)
        ys = _snap((b[1] + b[3]) / 2 for b in horizontal if low - _SNAP <= b[1] <= high + _SNAP
                   and b[0] < xs[-1] and b[2] > xs[0])
        if len(xs) >= 2 and len(ys) >= 2:
            grids.append(Grid(xs, ys[::-1]))
    return grids


def _overlapping(boxes: list[tuple[float, ...]]) -> list[list[tuple[float, ...]]]:
    groups: list[list[tuple[float, ...]]] = []
    for box in boxes:  # sorted by top, descending
        if groups and box[3] >= min(b[1] for b in groups[-1]) - _SNAP:
            groups[-1].append(box)
        else:
            groups.append([box])
    return groups


def _snap(values) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > _SNAP:
            out.append(value)
    return out


def _rows(textpage, grids: list[Grid]) -> list[Row]:
    rows = []
    for number, grid in enumerate(grids):
        for top, bottom in zip(grid.ys, grid.ys[1:], strict=False):
            cells = [clean(_LINE_BREAK.sub("", textpage.get_text_bounded(left + 1, bottom + 1, right - 1, top - 1)))
                     for left, right in zip(grid.xs, grid.xs[1:], strict=False)]
            if any(cells):
                rows.append(Row(cells, top, number))
    return rows


def _inside(line: Line, grids: list[Grid]) -> bool:
    if line.at is None:
        return False
    x, y = line.at
    return any(g.xs[0] < x < g.xs[-1] and g.ys[-1] < y < g.ys[0] for g in grids)


def _metadata(pdf) -> dict[str, str]:
    try:
        return {k: v.strip() for k, v in pdf.get_metadata_dict(skip_empty=True).items() if isinstance(v, str)}
    except Exception:  # metadata is a nicety; a broken Info dictionary must not stop reading
        return {}


def _has_end_marker(path: Path) -> bool:
    """A complete PDF ends with %%EOF (possibly followed by a little padding)."""
    with open(path, "rb") as fh:
        fh.seek(0, 2)
        size = fh.tell()
        fh.seek(max(0, size - 8192))
        return b"%%EOF" in fh.read()


_NARROW = re.compile("[^\x00-\u2e7f]+")


def _width(line: str) -> float:
    """Visual width in full-width characters: characters below U+2E80 (ASCII, Latin) count half. Counted in C:
    the narrow characters are what is left when the wide ones are removed."""
    return len(line) - 0.5 * len(_NARROW.sub("", line))


def paragraphs(pages: list[Page]) -> list[Block]:
    """Merge each page's visual lines into paragraph blocks (see the module docstring).

    A line is "full" when it reaches the right margin (the rightmost line end on pages of the same width)
    within three character heights; without geometry, when it is at least 75 % as wide as most full lines.
    """
    margins: dict[int, float] = {}
    widths = []
    for page in pages:
        for line in page.lines:
            widths.append(line.width)
            if line.right is not None:
                key = round(page.width)
                margins[key] = max(margins.get(key, 0.0), line.right)
    if not widths:
        return []
    widths.sort()
    full_width = widths[int(len(widths) * 0.9)] if len(widths) >= 5 else widths[-1]

    blocks: list[Block] = []
    tables = _Tables(blocks)
    for number, page in enumerate(pages, 1):
        margin = margins.get(round(page.width))
        rows = list(page.rows)
        current: list[str] = []
        previous: Line | None = None
        for line in page.lines:
            if rows and line.at is not None and rows[0].top > line.at[1]:  # rows above this line come first
                if current:
                    blocks.append(Block("paragraph", _join(current), f"p.{number}", page=number))
                    current, previous = [], None
                while rows and rows[0].top > line.at[1]:
                    tables.add(rows.pop(0), number)
            if previous is not None and _breaks(previous, line, margin, full_width):
                blocks.append(Block("paragraph", _join(current), f"p.{number}", page=number))
                current = []
            current.append(line.text)
            previous = line
        if current:
            blocks.append(Block("paragraph", _join(current), f"p.{number}", page=number))
        for row in rows:
            tables.add(row, number)
    return blocks


class _Tables:
    """Appends table rows as row blocks, numbering tables through the document. A table that goes on over a
    page end stays one table: the next page's first row repeating its header is dropped, and a row that opens
    the page with an empty first cell is the rest of a row broken by the page end."""

    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks
        self.count = 0
        self.last: tuple[int, int] | None = None  # (page, table on that page) of the latest row
        self.header: list[str] = []  # the first row of the latest table, without whitespace
        self.resumed: int | None = None  # the page where the latest table's header was repeated (and dropped)

    def add(self, row: Row, page: int) -> None:
        previous = self.blocks[-1] if self.blocks else None
        goes_on = (previous is not None and previous.kind == "row" and previous.page == page - 1
                   and len(previous.cells) == len(row.cells) and self.last is not None and self.last[0] != page)
        if goes_on and [_bare(c) for c in row.cells] == self.header:
            self.resumed = page
            return
        if goes_on and (row.continued or not row.cells[0] or self.resumed == page):
            self.last = (page, row.table)
            if not row.cells[0]:
                cells = tuple(Cell(a.text + b, a.locator) for a, b in zip(previous.cells, row.cells, strict=True))
                self.blocks[-1] = Block.row(cells, previous.locator, previous.table or 0, previous.page)
                return
        elif self.last != (page, row.table):
            self.count += 1
            self.last = (page, row.table)
            self.header = [_bare(c) for c in row.cells]
        cells = tuple(Cell(text, f"p.{page}") for text in row.cells)
        self.blocks.append(Block.row(cells, f"p.{page}", self.count - 1, page))


def _bare(text: str) -> str:
    return "".join(text.split())


def _breaks(previous: Line, line: Line, margin: float | None, full_width: float) -> bool:
    if _SENTENCE_END.search(previous.text) or _NUMBERING.match(line.text):
        return True
    if _CONTINUES.search(previous.text):
        return False
    if margin is not None and previous.right is not None and previous.size:
        return previous.right < margin - 3 * previous.size
    return previous.width < full_width * _SHORT


def _join(lines: list[str]) -> str:
    out = lines[0]
    for line in lines[1:]:
        if out.endswith("\x02"):
            out = out[:-1].rstrip("\xad-")
        elif out[-1:].isascii() and out[-1:].isalpha() and line[:1].isascii() and line[:1].isalpha():
            out += " "
        out += line
    return out.rstrip("\x02")
