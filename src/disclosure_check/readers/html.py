"""html: decode first, then parse with selectolax (lexbor).

libraries.md: raw GBK bytes handed to parsers are lost or garbled, so the bytes are decoded here: BOM →
strict UTF-8 (valid UTF-8 is UTF-8, whatever the page claims) → declared charset (gb2312/gbk read as
gb18030; a declaration that fails strictly is ignored) → GB18030. The body is walked in document order:
h1–h6 are headings, the text of block elements (p, div, li, …) makes paragraphs — text is cut where a block
starts or ends and at <br>, so nested divs never repeat text — and data tables give row blocks with one cell
per grid column (colspan/rowspan repeat the cell's text). A table used for page layout (a single cell, or
cells holding tables or long multi-paragraph text) is read as ordinary flow instead. Scripts, styles, <nav>
and hidden elements are skipped. Locators: `¶N` counts paragraphs and headings in order; `T1!B4` a cell,
`T1!4` a row.
"""

from __future__ import annotations

import re
from pathlib import Path

from disclosure_check.document import Block, Cell, Document
from disclosure_check.readers._charset import decode, decode_damaged
from disclosure_check.readers._common import clean, clean_cell, column_letter, make_row, read_bytes, small_int
from disclosure_check.text import key as text_key

_DECLARED = (
    re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-:.]+)", re.IGNORECASE),
    re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9_\-.]+)", re.IGNORECASE),
)
_SPACE = re.compile(r"[ \t\n\r\f]+")
_SKIP = {"script", "style", "noscript", "template", "head", "nav", "svg", "iframe", "select", "object",
         "canvas", "button", "textarea", "-comment", "math"}
_BLOCK = {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "section", "article", "header",
          "footer", "main", "aside", "address", "figure", "figcaption", "form", "fieldset", "legend", "center",
          "hr", "body", "html", "caption", "details", "summary", "table", "thead", "tbody", "tfoot", "tr", "td",
          "th", "h1", "h2", "h3", "h4", "h5", "h6", "menu", "hgroup", "option", "output", "search"}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_LAYOUT_TEXT = 300  # a cell with this much text in several block elements is page layout, not data
WHOLE_LINE = 20  # a shorter block counts as article text only when the extractor gave it as a line of its own
HEADING_REACH = 6  # how far above the article the title heading may stand (breadcrumbs and bylines between)


def read(path: Path) -> Document:
    return parse(decode_html(read_bytes(path)), str(path), article=True)


def parse(text: str, path: str, article: bool = False) -> Document:
    """The Document of decoded HTML (also used for pages fetched by link checking); with `article`, only the
    page's main content (`main_content`)."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(text)
    walker = _Walker()
    if tree.body is not None:
        walker.walk(tree.body)
    blocks, how = main_content(text, walker.blocks) if article else (walker.blocks, None)
    title_node = tree.css_first("title")
    title = clean(_SPACE.sub(" ", title_node.text(deep=True))) if title_node is not None else ""
    if not title:
        title = next((b.text for b in blocks if b.kind != "row"), "")
    return Document(path=path, format="html", blocks=blocks, title=title or None, main_content=how)


def declared_charset(data: bytes) -> str | None:
    head = data[:4096]
    for pattern in _DECLARED:
        match = pattern.search(head)
        if match:
            return match.group(1).decode("ascii", "replace")
    return None


def decode_html(data: bytes, fallback: str | None = None) -> str:
    """`fallback`: a charset declared outside the page (an HTTP header), used when the page declares none."""
    decoded = decode(data, declared_charset(data) or fallback) or decode_damaged(data, tolerance=1.0)
    # Nothing decodes strictly (a damaged download): keep what reads best rather than refuse the page.
    return decoded[0] if decoded else ""


def _hidden(node) -> bool:
    attrs = node.attributes
    if not attrs:
        return False
    if "hidden" in attrs:
        return True
    style = attrs.get("style")
    return bool(style) and re.search(r"display\s*:\s*none", style, re.IGNORECASE) is not None


def _children(node):
    child = node.child
    while child is not None:
        yield child
        child = child.next


def _link(node) -> str | None:
    href = (node.attributes.get("href") or "").strip()
    if not href or href == "#" or href.lower().startswith("javascript:"):
        return None
    return href


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.paragraphs = 0
        self.tables = 0
        self.parts: list[str] = []
        self.links: list[str] = []
        self.heading: list[int] = []  # levels of the headings we are inside
        self.pre = 0

    def flush(self) -> None:
        text = clean("".join(self.parts))
        links = tuple(dict.fromkeys(self.links))
        self.parts, self.links = [], []
        if not text:
            return
        self.paragraphs += 1
        if self.heading:
            self.blocks.append(Block("heading", text, f"¶{self.paragraphs}", level=self.heading[-1], links=links))
        else:
            self.blocks.append(Block("paragraph", text, f"¶{self.paragraphs}", links=links))

    def walk(self, root) -> None:
        stack: list[tuple[object, bool]] = [(root, False)]
        while stack:
            node, leaving = stack.pop()
            tag = node.tag
            if leaving:
                if tag in _BLOCK:
                    self.flush()
                if tag in _HEADINGS:
                    self.heading.pop()
                elif tag == "pre":
                    self.pre -= 1
                continue
            if tag == "-text":
                text = node.text_content or ""
                self.parts.append(text if self.pre else _SPACE.sub(" ", text))
                continue
            if tag in _SKIP or tag.startswith("-") or _hidden(node):
                continue
            if tag == "br":
                self.flush()
                continue
            if tag == "table" and not _is_layout(node):
                self.flush()
                self.tables += 1
                self._table(node, self.tables)
                continue
            if tag in _BLOCK:
                self.flush()
            if tag in _HEADINGS:
                self.heading.append(_HEADINGS[tag])
            elif tag == "pre":
                self.pre += 1
            elif tag == "a":
                link = _link(node)
                if link:
                    self.links.append(link)
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(list(_children(node))))

    def _table(self, table, number: int) -> None:
        caption = next((c for c in _children(table) if c.tag == "caption"), None)
        if caption is not None:
            text, links = _flow_text(caption)
            if text:
                self.paragraphs += 1
                self.blocks.append(Block("paragraph", text, f"¶{self.paragraphs}", links=tuple(links)))
        # Spans are capped by the table's real size: no row grows wider than the widest row has cells, and
        # spans repeat at most a few times as many cells as the table has (colspan=1000 rowspan=0 over 20,000
        # rows would otherwise be 20 million cells). `active` holds, per column, a rowspan still running.
        rows = [list(_cells(tr)) for tr in _rows(table)]
        width = max((len(cells) for cells in rows), default=0)
        spare = 3 * sum(len(cells) for cells in rows) + 1000  # extra cells spans may add, table-wide
        active: dict[int, tuple[int, str, str | None]] = {}  # col → (first row past the span, text, link)
        for r, tds in enumerate(rows):
            row_number = r + 1
            values: list[tuple[str, str | None]] = []  # one per grid column, in order

            def spanned(col: int) -> bool:
                return col in active and active[col][0] > r  # noqa: B023 (used within this row only)

            for td in tds:
                while spanned(len(values)) and len(values) < width and spare > 0:
                    values.append(active[len(values)][1:])
                    spare -= 1
                text, links = _flow_text(td)
                text = clean_cell(text)
                link = links[0] if links else None
                colspan = _span(td, "colspan", width)
                rowspan = _span(td, "rowspan", len(rows) - r, zero_means_rest=True)
                for k in range(colspan):
                    col = len(values)
                    if k and (col >= width or spare <= 0):
                        break
                    if rowspan > 1 and spare > 0:  # overlapping spans in a malformed table: this cell wins
                        active[col] = (r + rowspan, text, link)
                        spare -= min(rowspan - 1, spare)
                    values.append((text, link))
                    spare -= 1 if k else 0
            for col in sorted(c for c in active if spanned(c) and c >= len(values) and c < width):
                values += [("", None)] * (col - len(values))  # rowspans reaching past the last cell
                values.append(active[col][1:])
            cells = [Cell(text, f"T{number}!{column_letter(col + 1)}{row_number}", link)
                     for col, (text, link) in enumerate(values)]
            row = make_row(cells, f"T{number}!{row_number}", number)
            if row is not None:
                self.blocks.append(row)


def _span(node, name: str, limit: int, zero_means_rest: bool = False) -> int:
    value = (node.attributes.get(name) or "").strip()
    digits = re.match(r"[0-9]+", value)
    if not digits:
        return 1
    span = small_int(digits.group()[:9]) or 0
    if span == 0:
        return max(1, limit) if zero_means_rest else 1
    return max(1, min(span, limit))


def _rows(table):
    for child in _children(table):
        if child.tag == "tr":
            yield child
        elif child.tag in ("thead", "tbody", "tfoot"):
            yield from (tr for tr in _children(child) if tr.tag == "tr")


def _cells(tr):
    return [c for c in _children(tr) if c.tag in ("td", "th") and not _hidden(c)]


def _is_layout(table) -> bool:
    """A table used to lay out a page rather than to hold data."""
    cells = [td for tr in _rows(table) for td in _cells(tr)]
    if len(cells) <= 1:
        return True
    for td in cells:
        if td.css_first("table") is not None:
            return True
        if len(td.text(deep=True)) > _LAYOUT_TEXT and len(td.css("p, div, br, li")) >= 2:
            return True
    return False


def _flow_text(root) -> tuple[str, list[str]]:
    """Text of a subtree: block boundaries and <br> become newlines, other whitespace collapses."""
    parts: list[str] = []
    links: list[str] = []
    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        tag = node.tag
        if leaving:
            parts.append("\n")
            continue
        if tag == "-text":
            parts.append(_SPACE.sub(" ", node.text_content or ""))
            continue
        if tag in _SKIP or tag.startswith("-") or _hidden(node):
            continue
        if tag == "br":
            parts.append("\n")
            continue
        if tag == "a":
            link = _link(node)
            if link:
                links.append(link)
        if node is not root and tag in _BLOCK:
            parts.append("\n")
            stack.append((node, True))
        stack.extend((child, False) for child in reversed(list(_children(node))))
    lines = (clean(line) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line), links


def main_content(html: str, blocks: list[Block]) -> tuple[list[Block], str]:
    """The blocks of the page's article, told from the site around it (menus, the 信息公开目录 sidebar, footer)
    by trafilatura; the whole page when the extractor finds nothing or is not installed. Blocks keep their
    locators: the extractor only decides which of the page's own blocks are the article.

    benchmarks/extractors.py on school pages: trafilatura in precision mode kept every article line and 清单
    row and no sidebar entry; readability-lxml dropped the 清单 table; jusText (no Chinese stop list) kept
    nothing."""
    try:
        import trafilatura
    except ImportError:
        return blocks, "whole page (trafilatura not installed)"
    try:
        extracted = trafilatura.extract(html, include_tables=True, include_comments=False, favor_precision=True,
                                        fast=True)  # its fallback extractors cost 35 MB and a second per process
    except Exception:  # noqa: BLE001 - an extractor failing on odd markup must not cost the page
        extracted = None
    lines = {k for line in (extracted or "").splitlines() if (k := text_key(line))}
    kept = _in_article(blocks, lines) if lines else []
    if not kept:
        return blocks, "whole page (nothing extracted)"
    return kept, "trafilatura"


def _in_article(blocks: list[Block], lines: set[str]) -> list[Block]:
    """The article's span of the page: from the first block the extracted article holds (or the heading just
    above it: extractors take the title for metadata) to the last. Inside the span everything stays (extractors
    also drop short headings such as 一、概述); menus, side lists and footers lie outside it. A short block counts
    only as a line of its own (a menu's 信息公开 is in any article's words), a long one anywhere; a table when
    most of its rows are there."""
    article = "\n".join(lines)

    def held(text: str) -> bool:
        found = text_key(text)
        return bool(found) and (found in lines or (len(found) >= WHOLE_LINE and found in article))

    rows_by_table: dict[int, list[bool]] = {}
    for block in blocks:
        if block.kind == "row" and block.table is not None:
            cells = [k for c in block.cells if len(k := text_key(c.text)) >= 2]
            rows_by_table.setdefault(block.table, []).append(bool(cells) and all(k in article for k in cells))
    tables = {t for t, found in rows_by_table.items() if sum(found) * 2 >= len(found)}
    held_at = [i for i, b in enumerate(blocks) if ((b.table in tables) if b.kind == "row" else held(b.text))]
    if not held_at:
        return []
    first, last = held_at[0], held_at[-1]
    while last + 1 < len(blocks) and blocks[last + 1].kind == "heading":  # a last heading with nothing under it
        last += 1
    heading = next((i for i in range(first - 1, max(-1, first - HEADING_REACH), -1) if blocks[i].kind == "heading"),
                   None)
    return blocks[first if heading is None else heading:last + 1]
