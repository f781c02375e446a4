"""docx: raw lxml over word/document.xml (libraries.md: 2.5 ms, against 28 ms for python-docx).

The body is walked in document order. Paragraphs are located by `¶N`, N counting every body paragraph
(empty ones too, so a Word user can count them); text boxes anchored in a paragraph join its text. Tables give
one row block per `w:tr` (`T1!4`) with one cell per grid column (`T1!B4`): a horizontal span repeats its text
in every column it covers, a vertical-merge continuation takes the text of the cell above, nested tables are
flattened into their cell's text. Headings come from the paragraph style (name "heading N"/"标题 N", outline
level, "Title" → level 0). Automatic list numbering ("一、" produced by Word) is rendered into the text, since
that is what the reader of the document sees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from disclosure_check.config import DEFAULT_LIMITS, Limits
from disclosure_check.document import Block, Cell, Document
from disclosure_check.errors import InputError
from disclosure_check.readers._common import clean, clean_cell, column_letter, make_row, small_int
from disclosure_check.readers._ooxml import core_properties, open_package, read_member, xml_parser

_W_TRANSITIONAL = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_R_IDS = ("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id",
          "{http://purl.oclc.org/ooxml/officeDocument/relationships}id")
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_HYPERLINK_FIELD = re.compile(r'HYPERLINK\s+(?:\\[a-z]\s+)*"([^"]+)"', re.IGNORECASE)
_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_TITLE_NAMES = {"title", "标题"}
_MAX_COLUMNS = 63  # Word's own limit; a table's grid may declare more
_MAX_LEVEL = 9  # list levels 0..8
_ELEMENTS_PER_MB = 20_000  # XML elements allowed in document.xml per MB of --max-text-mb (2,000,000 by default)


class _Names:
    """Clark-notation tag names for one WordprocessingML namespace (transitional or strict)."""

    def __init__(self, ns: str) -> None:
        w = f"{{{ns}}}"
        self.val = w + "val"
        self.body, self.p, self.tbl, self.tr, self.tc = w + "body", w + "p", w + "tbl", w + "tr", w + "tc"
        self.sdt, self.sdt_content, self.custom_xml = w + "sdt", w + "sdtContent", w + "customXml"
        self.ppr, self.rpr, self.tcpr, self.trpr = w + "pPr", w + "rPr", w + "tcPr", w + "trPr"
        self.pstyle, self.outline, self.numpr = w + "pStyle", w + "outlineLvl", w + "numPr"
        self.ilvl, self.numid = w + "ilvl", w + "numId"
        self.t, self.tab, self.br, self.cr = w + "t", w + "tab", w + "br", w + "cr"
        self.nbhyphen, self.sym = w + "noBreakHyphen", w + "sym"
        self.hyperlink, self.instr, self.fldsimple, self.instr_attr = (w + "hyperlink", w + "instrText",
                                                                        w + "fldSimple", w + "instr")
        self.txbx = w + "txbxContent"
        self.grid_span, self.vmerge, self.grid_before = w + "gridSpan", w + "vMerge", w + "gridBefore"
        self.tbl_grid = w + "tblGrid"
        self.skip = {w + "pPr", w + "rPr", w + "del", w + "moveFrom", w + "delText", w + "delInstrText",
                     w + "footnoteReference", w + "endnoteReference", w + "commentReference",
                     w + "fldData", f"{{{_MC}}}Fallback"}
        self.style, self.style_id, self.type, self.name, self.based_on = (w + "style", w + "styleId", w + "type",
                                                                           w + "name", w + "basedOn")
        self.default = w + "default"
        self.num, self.abstract_num, self.abstract_num_id = w + "num", w + "abstractNum", w + "abstractNumId"
        self.lvl, self.start, self.num_fmt, self.lvl_text = w + "lvl", w + "start", w + "numFmt", w + "lvlText"
        self.lvl_override, self.start_override = w + "lvlOverride", w + "startOverride"


@dataclass
class _Style:
    name: str = ""
    based_on: str | None = None
    outline: int | None = None
    numbering: tuple[str | None, int | None] = (None, None)  # (numId, ilvl) from the style's pPr


@dataclass
class _Text:
    parts: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    boxes: list[str] = field(default_factory=list)  # text of text boxes anchored in the paragraph


def read(path: Path, limits: Limits = DEFAULT_LIMITS) -> Document:
    with open_package(path, "docx", limits) as package:
        main = read_member(package, "word/document.xml", path, "docx")
        if main is None:
            raise InputError(path, "docx 文件缺少 word/document.xml", "docx without word/document.xml")
        styles = read_member(package, "word/styles.xml", path, "docx")
        numbering = read_member(package, "word/numbering.xml", path, "docx")
        rels = read_member(package, "word/_rels/document.xml.rels", path, "docx")
        title, created, modified = core_properties(package, path, "docx")
    from lxml import etree

    if main.count(b"<") > limits.max_text_mb * _ELEMENTS_PER_MB:  # an XML tree costs ~130 bytes per element
        raise InputError(path, f"docx 正文元素过多（超过 --max-text-mb {limits.max_text_mb} MB 对应的上限）",
                         f"the docx body has too many XML elements for the {limits.max_text_mb} MB limit "
                         "(--max-text-mb)")
    parser = xml_parser()
    try:
        root = etree.fromstring(main, parser)
    except etree.XMLSyntaxError as exc:
        if "depth" in str(exc).lower():
            raise InputError(path, "docx 嵌套过深（表格或元素嵌套超过 256 层）",
                             "the docx is nested too deeply (tables or elements over 256 levels)") from None
        raise InputError(path, "docx 文件损坏（document.xml 无法解析）",
                         f"corrupt docx (document.xml does not parse: {exc})") from None
    ns = etree.QName(root).namespace or _W_TRANSITIONAL
    names = _Names(ns if ns in (_W_TRANSITIONAL, _W_STRICT) else _W_TRANSITIONAL)
    walker = _Walker(names, _parse_rels(rels, parser), _parse_styles(styles, parser, names),
                     _Numbering(numbering, parser, names))
    body = root.find(names.body)
    if body is not None:
        walker.body(body)
    blocks = walker.blocks
    if not title:
        title = next((b.text for b in blocks if b.kind != "row"), None)
    return Document(path=str(path), format="docx", blocks=blocks, title=title, created=created, modified=modified)


def _safe_parse(data: bytes | None, parser):
    if not data:
        return None
    from lxml import etree

    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None


def _parse_rels(data: bytes | None, parser) -> dict[str, str]:
    root = _safe_parse(data, parser)
    if root is None:
        return {}
    out = {}
    for rel in root.iter(f"{{{_PKG_REL}}}Relationship"):
        if rel.get("Type", "").endswith("/hyperlink") and rel.get("Id") and rel.get("Target"):
            out[rel.get("Id")] = rel.get("Target")
    return out


def _parse_styles(data: bytes | None, parser, n: _Names) -> dict[str, _Style]:
    root = _safe_parse(data, parser)
    styles: dict[str, _Style] = {}
    if root is None:
        return styles
    for el in root.iter(n.style):
        if el.get(n.type) != "paragraph":
            continue
        style = _Style()
        name = el.find(n.name)
        style.name = (name.get(n.val) or "").strip() if name is not None else ""
        based = el.find(n.based_on)
        style.based_on = based.get(n.val) if based is not None else None
        ppr = el.find(n.ppr)
        if ppr is not None:
            outline = ppr.find(n.outline)
            if outline is not None and small_int(outline.get(n.val)) is not None:
                style.outline = small_int(outline.get(n.val))
            style.numbering = _num_pr(ppr, n)
        sid = el.get(n.style_id) or ""
        styles[sid] = style
        if el.get(n.default) in ("1", "true", "on"):
            styles[""] = style  # paragraphs without pStyle use the default paragraph style
    return styles


def _num_pr(ppr, n: _Names) -> tuple[str | None, int | None]:
    numpr = ppr.find(n.numpr)
    if numpr is None:
        return None, None
    num_id = numpr.find(n.numid)
    ilvl = numpr.find(n.ilvl)
    level = ilvl.get(n.val) if ilvl is not None else None
    return (num_id.get(n.val) if num_id is not None else None,
            small_int(level, _MAX_LEVEL))


class _Numbering:
    """Renders Word's automatic numbering ("一、", "（一）", "1.") the way Word displays it."""

    def __init__(self, data: bytes | None, parser, n: _Names) -> None:
        self.n = n
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # abstractNumId → ilvl → (start, fmt, text)
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId → (abstractNumId, start overrides)
        self.counters: dict[str, dict[int, int]] = {}  # per abstractNum, as Word continues lists sharing one
        root = _safe_parse(data, parser)
        if root is None:
            return
        for abstract in root.iter(n.abstract_num):
            levels = {}
            for lvl in abstract.iter(n.lvl):
                ilvl = lvl.get(n.ilvl)
                level = small_int(ilvl, _MAX_LEVEL)
                if level is None:
                    continue
                start = small_int(self._val(lvl, n.start))
                levels[level] = (start if start is not None else 1,
                                     self._val(lvl, n.num_fmt) or "decimal", self._val(lvl, n.lvl_text) or "")
            self.levels[abstract.get(n.abstract_num_id) or ""] = levels
        for num in root.iter(n.num):
            abstract_id = self._val(num, n.abstract_num_id)
            if abstract_id is None:
                continue
            overrides = {}
            for override in num.iter(n.lvl_override):
                start = self._val(override, n.start_override)
                ilvl = override.get(n.ilvl)
                if small_int(start) is not None and small_int(ilvl, _MAX_LEVEL) is not None:
                    overrides[small_int(ilvl, _MAX_LEVEL)] = small_int(start)
            self.nums[num.get(n.numid) or ""] = (abstract_id, overrides)

    def _val(self, el, tag: str) -> str | None:
        child = el.find(tag)
        return child.get(self.n.val) if child is not None else None

    def label(self, num_id: str | None, ilvl: int | None) -> str:
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        abstract_id, overrides = self.nums[num_id]
        levels = self.levels.get(abstract_id, {})
        ilvl = ilvl or 0
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(abstract_id, {})
        start = overrides.get(ilvl, levels[ilvl][0])
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else start
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        _, fmt, text = levels[ilvl]
        if fmt in ("bullet", "none"):
            return ""

        def render(match: re.Match[str]) -> str:
            level = int(match.group(1)) - 1
            if level not in levels:
                return ""
            value = counters.get(level, overrides.get(level, levels[level][0]))
            return _format_number(value, levels[level][1])

        return re.sub(r"%([1-9])", render, text)


_CN_DIGITS = "〇一二三四五六七八九"


def _chinese(value: int) -> str:
    if value <= 0:
        return str(value)
    if value < 10:
        return _CN_DIGITS[value]
    if value < 100:
        tens, ones = divmod(value, 10)
        return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")
    return str(value)


def _format_number(value: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographDigital",
               "taiwaneseCounting", "taiwaneseCountingThousand", "japaneseCounting"):
        return _chinese(value)
    if fmt == "ideographTraditional" and 1 <= value <= 10:
        return "甲乙丙丁戊己庚辛壬癸"[value - 1]
    if fmt == "decimalEnclosedCircle" and 1 <= value <= 20:
        return chr(0x2460 + value - 1)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(value))
    if fmt in ("upperLetter", "lowerLetter") and value >= 1:
        letter = column_letter(value)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and 0 < value < 4000:
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


def _roman(value: int) -> str:
    out = ""
    for number, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                            (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, value = divmod(value, number)
        out += letters * count
    return out


class _Walker:
    def __init__(self, names: _Names, rels: dict[str, str], styles: dict[str, _Style], numbering: _Numbering):
        self.n = names
        self.rels = rels
        self.styles = styles
        self.numbering = numbering
        self.blocks: list[Block] = []
        self.paragraphs = 0
        self.tables = 0

    # --- block level -------------------------------------------------------------------------------------
    def _items(self, container):
        """Paragraphs and tables of a container in order, looking through content controls and custom XML."""
        n = self.n
        for child in container:
            tag = child.tag
            if tag == n.p or tag == n.tbl:
                yield child
            elif tag == n.sdt:
                content = child.find(n.sdt_content)
                if content is not None:
                    yield from self._items(content)
            elif tag in (n.custom_xml, n.sdt_content, f"{{{_MC}}}AlternateContent", f"{{{_MC}}}Choice"):
                yield from self._items(child)

    def body(self, body) -> None:
        for item in self._items(body):
            if item.tag == self.n.p:
                self.paragraphs += 1
                self._paragraph(item)
            else:
                self.tables += 1
                self._table(item, self.tables)

    def _paragraph(self, p) -> None:
        text, links, level = self.paragraph_text(p)
        text = clean(text)
        if not text:
            return
        locator = f"¶{self.paragraphs}"
        if level is not None:
            self.blocks.append(Block("heading", text, locator, level=level, links=links))
        else:
            self.blocks.append(Block("paragraph", text, locator, links=links))

    def _table(self, tbl, number: int) -> None:
        n = self.n
        # Spans are capped by the table's real width (its grid, or Word's 63 columns): gridSpan="1000000000"
        # in a 1 KB file must not make a billion cells.
        grid = tbl.find(n.tbl_grid)
        width = max(_MAX_COLUMNS, len(grid) if grid is not None else 0)
        above: dict[int, tuple[str, str | None]] = {}
        for row_number, tr in enumerate(self._rows(tbl), 1):
            cells: list[Cell] = []
            col = min(self._int(tr.find(n.trpr), n.grid_before) or 0, width)
            for empty in range(col):
                cells.append(Cell("", f"T{number}!{column_letter(empty + 1)}{row_number}"))
            for tc in self._cells(tr):
                tcpr = tc.find(n.tcpr)
                span = max(1, min(self._int(tcpr, n.grid_span) or 1, width - col))
                vmerge = tcpr.find(n.vmerge) if tcpr is not None else None
                if vmerge is not None and vmerge.get(n.val) in (None, "continue"):
                    text, link = above.get(col, ("", None))
                else:
                    text, link = self.cell_text(tc)
                for k in range(span):
                    cells.append(Cell(text, f"T{number}!{column_letter(col + k + 1)}{row_number}", link))
                    above[col + k] = (text, link)
                col += span
            row = make_row(cells, f"T{number}!{row_number}", number)
            if row is not None:
                self.blocks.append(row)

    def _rows(self, tbl):
        return self._children(tbl, self.n.tr)

    def _cells(self, tr):
        return self._children(tr, self.n.tc)

    def _children(self, parent, tag):
        """Children with `tag`, looking through content controls and custom XML that may wrap them."""
        n = self.n
        for child in parent:
            if child.tag == tag:
                yield child
            elif child.tag in (n.sdt, n.custom_xml, n.sdt_content):
                inner = child.find(n.sdt_content) if child.tag == n.sdt else child
                if inner is not None:
                    yield from self._children(inner, tag)

    def _int(self, parent, tag: str) -> int | None:
        if parent is None:
            return None
        el = parent.find(tag)
        value = el.get(self.n.val) if el is not None else None
        return small_int(value)

    # --- text --------------------------------------------------------------------------------------------
    def cell_text(self, tc) -> tuple[str, str | None]:
        text, links = self.flow_text(tc)
        return clean_cell(text), (links[0] if links else None)

    def flow_text(self, container) -> tuple[str, list[str]]:
        """Text of paragraphs and (flattened) tables inside a cell or text box, lines joined by newlines."""
        lines: list[str] = []
        links: list[str] = []
        for item in self._items(container):
            if item.tag == self.n.p:
                text, item_links, _ = self.paragraph_text(item)
                lines.append(text)
                links += item_links
            else:
                for tr in self._rows(item):
                    row = []
                    for tc in self._cells(tr):
                        text, cell_links = self.flow_text(tc)
                        row.append(clean_cell(text))
                        links += cell_links
                    lines.append(" ".join(t for t in row if t))
        return "\n".join(line for line in (clean(x) for x in lines) if line), links

    def paragraph_text(self, p) -> tuple[str, tuple[str, ...], int | None]:
        """(text, links, heading level) of one paragraph, text boxes appended on their own lines."""
        n = self.n
        ppr = p.find(n.ppr)
        style_id = ""
        level = None
        num_id, ilvl = None, None
        if ppr is not None:
            pstyle = ppr.find(n.pstyle)
            if pstyle is not None:
                style_id = pstyle.get(n.val) or ""
            outline = ppr.find(n.outline)
            if outline is not None and small_int(outline.get(n.val)) is not None:
                value = small_int(outline.get(n.val))
                level = value + 1 if value < 9 else -1
            num_id, ilvl = _num_pr(ppr, n)
        style_level, style_num = self._style_info(style_id)
        if level is None:
            level = style_level
        elif level == -1:
            level = None
        if num_id is None:
            num_id, style_ilvl = style_num
            ilvl = ilvl if ilvl is not None else style_ilvl
        acc = _Text()
        self._inline(p, acc, None)
        text = "".join(acc.parts)
        label = self.numbering.label(num_id, ilvl) if num_id else ""
        if label and text.strip():
            text = label + text.lstrip()
        if acc.boxes:
            text = "\n".join(t for t in [text.strip(), *acc.boxes] if t)
        return text, tuple(dict.fromkeys(acc.links)), level

    def _style_info(self, style_id: str) -> tuple[int | None, tuple[str | None, int | None]]:
        level: int | None = None
        numbering: tuple[str | None, int | None] = (None, None)
        seen = set()
        sid: str | None = style_id
        level_found = False
        while sid is not None and sid not in seen and sid in self.styles:
            seen.add(sid)
            style = self.styles[sid]
            if not level_found:
                if style.outline is not None:
                    level, level_found = (style.outline + 1 if style.outline < 9 else None), True
                else:
                    match = _HEADING_NAME.match(style.name)
                    if match:
                        level, level_found = int(match.group(1)), True
                    elif style.name.lower() in _TITLE_NAMES:
                        level, level_found = 0, True
            if numbering[0] is None and style.numbering[0] is not None:
                numbering = style.numbering
            sid = style.based_on
        return level, numbering

    def _inline(self, el, acc: _Text, link: str | None) -> None:
        n = self.n
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in n.skip:
                continue
            if tag == n.t:
                if child.text:
                    acc.parts.append(child.text)
                    if link:
                        acc.links.append(link)
            elif tag == n.tab:
                acc.parts.append(" ")
            elif tag == n.br or tag == n.cr:
                acc.parts.append("\n")
            elif tag == n.nbhyphen:
                acc.parts.append("-")
            elif tag == n.txbx:
                text, links = self.flow_text(child)
                if text:
                    acc.boxes.append(text)
                acc.links += links
            elif tag == n.hyperlink:
                target = None
                for attr in _R_IDS:
                    rid = child.get(attr)
                    if rid:
                        target = self.rels.get(rid)
                        break
                self._inline(child, acc, target or link)
            elif tag == n.instr:
                match = _HYPERLINK_FIELD.search(child.text or "")
                if match:
                    acc.links.append(match.group(1))
            elif tag == n.fldsimple:
                match = _HYPERLINK_FIELD.search(child.get(n.instr_attr) or "")
                self._inline(child, acc, match.group(1) if match else link)
            else:
                self._inline(child, acc, link)
