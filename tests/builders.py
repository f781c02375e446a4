"""Turn text into each input format, for tests (and scripts/make_examples.py).

Table rows are lists of cell values. In `to_docx` and `to_html` a cell value of `None` continues the cell
above (a vertical merge / rowspan) and a `(text, url)` pair is a hyperlink. In `to_xlsx` values are written
as they are (dates, numbers), a `(text, url)` pair is a hyperlinked cell and `merges` lists ranges per sheet.
"""

from __future__ import annotations

import atexit
import datetime as dt
import functools
import html
import json
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "huse-2023-report.txt"

Row = Sequence[Any]
Table = Sequence[Row]

_TOP = re.compile(r"^[一二三四五六七八九十]+、")
_SECOND = re.compile(r"^（[一二三四五六七八九十]+）")
_FIXED_TIME = dt.datetime(2023, 11, 24, 9, 0, 0)


def lines_of(path: str | os.PathLike[str]) -> list[str]:
    """The non-empty lines of a UTF-8 text file, stripped."""
    text = Path(path).read_text(encoding="utf-8-sig")
    return [line.strip() for line in text.splitlines() if line.strip()]


def heading_level(line: str, index: int) -> int | None:
    """The heading level the builders give a line: 0 for the first line (the title), 1 for "一、…",
    2 for "（一）…", None for body text."""
    if index == 0:
        return 0
    if _TOP.match(line):
        return 1
    if _SECOND.match(line):
        return 2
    return None


# --- docx ---------------------------------------------------------------------------------------------------

def to_docx(lines: Sequence[str], path: str | os.PathLike[str], tables: Iterable[Table] | None = None,
            title: str | None = None, borders: bool = True, repeat_header: bool = False,
            centred: bool = False) -> Path:
    """A docx with python-docx: the first line in the Title style, "一、" lines Heading 1, "（一）" lines
    Heading 2, others plain paragraphs; `tables` appended at the end. Core properties are fixed (title = first
    line, created/modified 2023-11-24) and zip timestamps too, so the same input gives the same bytes. Without
    `borders` the tables have no ruling lines (columns aligned by position only, as some PDFs print them); with
    `repeat_header` their first row is repeated at the top of every page they run onto; with `centred` the text
    of every cell sits in its middle, vertically and horizontally."""
    import docx

    document = docx.Document()
    for index, line in enumerate(lines):
        level = heading_level(line, index)
        if level is None:
            document.add_paragraph(line)
        else:
            document.add_heading(line, level)
    for table in tables or ():
        _docx_table(document, table, borders, repeat_header, centred)
    props = document.core_properties
    props.title = title if title is not None else (lines[0] if lines else "")
    props.author = "disclosure-check tests"
    props.created = props.modified = _FIXED_TIME
    props.last_printed = _FIXED_TIME
    props.revision = 1
    path = Path(path)
    document.save(str(path))
    _fix_zip_times(path)
    return path


def _docx_table(document, rows: Table, borders: bool = True, repeat_header: bool = False,
                centred: bool = False) -> None:
    from docx.enum.table import WD_ALIGN_VERTICAL
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    width = max(len(row) for row in rows)
    table = document.add_table(rows=len(rows), cols=width)
    if borders:
        table.style = "Table Grid"
    if repeat_header:
        marker = OxmlElement("w:tblHeader")
        marker.set(qn("w:val"), "true")
        table.rows[0]._tr.get_or_add_trPr().append(marker)
    for r, row in enumerate(rows):
        for c in range(width):
            value = row[c] if c < len(row) else ""
            if value is None:
                continue
            cell = table.cell(r, c)
            if isinstance(value, tuple):
                text, url = value
                _add_hyperlink(cell.paragraphs[0], str(text), str(url))
            else:
                cell.text = str(value)
    if centred:
        for cell in (cell for row in table.rows for cell in row.cells):
            cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
            for paragraph in cell.paragraphs:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for c in range(width):  # merge each run of None downwards into the cell above it
        r = 0
        while r < len(rows):
            end = r
            while end + 1 < len(rows) and c < len(rows[end + 1]) and rows[end + 1][c] is None:
                end += 1
            if end > r:
                table.cell(r, c).merge(table.cell(end, c))
                # merge() appends the (empty) paragraphs of the merged cells; drop them
                for paragraph in table.cell(r, c).paragraphs[1:]:
                    if not paragraph.text:
                        paragraph._element.getparent().remove(paragraph._element)
            r = end + 1


def _add_hyperlink(paragraph, text: str, url: str) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rid = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    props.append(style)
    run.append(props)
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def _fix_zip_times(path: Path) -> None:
    """Rewrite a zip with fixed member timestamps (python-docx stamps the current time)."""
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in members:
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, data)


# --- pdf ----------------------------------------------------------------------------------------------------

_PROFILE: str | None = None


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@functools.lru_cache(maxsize=1)
def has_cjk_fonts() -> bool:
    """Whether fontconfig knows a font covering Chinese: without one LibreOffice writes PDFs of empty boxes."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    listed = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=False)
    return bool(listed.stdout.strip())


def pdf_converter() -> str | None:
    """LibreOffice, when it can render the Chinese test documents as PDF (it needs CJK fonts for that)."""
    return soffice() if has_cjk_fonts() else None


PDF_SKIP_REASON = "needs LibreOffice and a CJK font (apt-get install libreoffice-writer-nogui fonts-noto-cjk)"


def docx_to_pdf(docx_path: str | os.PathLike[str], out_dir: str | os.PathLike[str],
                password: str | None = None) -> Path:
    """Convert with LibreOffice (headless, a private profile per process so parallel runs do not clash);
    with `password`, the PDF is encrypted and needs it to open."""
    return docx_to_pdfs([docx_path], out_dir, password)[0]


def docx_to_pdfs(docx_paths: Sequence[str | os.PathLike[str]], out_dir: str | os.PathLike[str],
                 password: str | None = None) -> list[Path]:
    """Several documents in one LibreOffice start (which costs seconds), as `docx_to_pdf` converts one."""
    global _PROFILE
    binary = soffice()
    if binary is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    if _PROFILE is None:
        _PROFILE = tempfile.mkdtemp(prefix="disclosure-check-lo-")
        atexit.register(shutil.rmtree, _PROFILE, ignore_errors=True)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    sources = [Path(p) for p in docx_paths]
    completed = subprocess.run(
        [binary, f"-env:UserInstallation={Path(_PROFILE).as_uri()}", "--headless", "--norestore",
         "--convert-to", _pdf_filter(password), "--outdir", str(out_dir), *map(str, sources)],
        capture_output=True, text=True, timeout=120 * len(sources), check=False,
    )
    pdfs = [out_dir / (source.stem + ".pdf") for source in sources]
    if completed.returncode != 0 or not all(pdf.exists() for pdf in pdfs):
        raise RuntimeError(f"soffice failed ({completed.returncode}): {completed.stdout} {completed.stderr}")
    return pdfs


def _pdf_filter(password: str | None) -> str:
    if password is None:
        return "pdf"
    options = {"EncryptFile": {"type": "boolean", "value": "true"},
               "DocumentOpenPassword": {"type": "string", "value": password}}
    return "pdf:writer_pdf_Export:" + json.dumps(options)


# --- html ---------------------------------------------------------------------------------------------------

def to_html(lines: Sequence[str], path: str | os.PathLike[str], encoding: str = "gb18030",
            declared: str | None = "gb2312", tables: Iterable[Table] | None = None) -> Path:
    """An HTML page as a university site serves it: the title line as <h1>, "一、" lines <h2>, "（一）" lines
    <h3>, others <p>, `tables` at the end; encoded with `encoding` and labelled `declared` in a
    http-equiv meta (None: no label)."""
    esc = html.escape
    title = lines[0] if lines else ""
    out = ["<!DOCTYPE html>", "<html>", "<head>"]
    if declared:
        out.append(f'<meta http-equiv="Content-Type" content="text/html; charset={declared}">')
    out += [f"<title>{esc(title)}</title>", "</head>", "<body>", '<div class="article">']
    for index, line in enumerate(lines):
        level = heading_level(line, index)
        tag = "p" if level is None else f"h{level + 1}"
        out.append(f"<{tag}>{esc(line)}</{tag}>")
    for table in tables or ():
        out.append(_html_table(table))
    out += ["</div>", "</body>", "</html>", ""]
    path = Path(path)
    path.write_bytes("\n".join(out).encode(encoding))
    return path


# What a school's 信息公开网 puts around every article (the chrome issue 12 is about).
SITE_MENU = ["首页", "学校概况", "机构设置", "新闻媒体", "通知公告", "信息公开", "招生就业", "联系我们"]
SITE_SIDEBAR = ["学校章程", "规章制度", "招生章程", "招生计划", "收费项目及标准", "财务预决算", "学生申诉办法",
                "学生奖学金、助学金评定办法", "毕业生就业质量年度报告", "本科教学质量报告", "学位授予办法",
                "信息公开年度报告", "校务公开", "依申请公开"]


def to_site_html(lines: Sequence[str], path: str | os.PathLike[str], tables: Iterable[Table] | None = None,
                 breadcrumb: str = "首页 > 新闻媒体 > 通知公告 > 正文",
                 meta: str = "发布时间：2023-10-30 来源：党政办公室 作者：信息公开办 点击：",
                 sidebar: Sequence[str] = SITE_SIDEBAR, title_in_body: bool = True, encoding: str = "utf-8") -> Path:
    """An article page laid out the way school content systems serve it: a top menu of links, the breadcrumb
    line, the article's title and its 发布时间/来源 line, the article (lines as `to_html` gives them, tables
    after), the 信息公开目录 sidebar naming a dozen checklist items, and the footer. With `title_in_body`
    False the first line is only the page's <title>, as pages that print the title as an image do."""
    esc = html.escape
    title = lines[0] if lines else ""
    body = lines if title_in_body else lines[1:]
    out = ["<!DOCTYPE html>", "<html>", "<head>", f'<meta charset="{encoding}">',
           f"<title>{esc(title)}-某某大学信息公开网</title>", "</head>", "<body>",
           '<div class="header"><div class="logo"><a href="/">某某大学信息公开网</a></div>',
           '<div class="menu"><ul>' + "".join(f'<li><a href="/{i}.htm">{esc(m)}</a></li>'
                                            for i, m in enumerate(SITE_MENU)) + "</ul></div></div>",
           '<div class="main"><div class="left"><h3>信息公开目录</h3><ul>'
           + "".join(f'<li><a href="/list{i}.htm">{esc(s)}</a></li>' for i, s in enumerate(sidebar))
           + "</ul></div>",
           '<div class="right"><div class="dqwz">当前位置：' + esc(breadcrumb) + "</div>",
           '<div class="content">']
    for index, line in enumerate(body):
        level = heading_level(line, index if title_in_body else index + 1)
        tag = "p" if level is None else f"h{level + 1}"
        out.append(f"<{tag}>{esc(line)}</{tag}>")
        if index == 0 and title_in_body and meta:
            out.append(f'<div class="info">{esc(meta)}<span>1024</span></div>')
    for table in tables or ():
        out.append(_html_table(table))
    out += ["</div></div></div>",
            '<div class="footer"><p>版权所有 © 2023 某某大学 地址：某某市大学路1号 邮编：410000</p>'
            "<p>电话：0731-00000000 备案号：湘ICP备00000000号</p></div>", "</body>", "</html>", ""]
    path = Path(path)
    path.write_bytes("\n".join(out).encode(encoding))
    return path


def _html_table(rows: Table) -> str:
    esc = html.escape
    out = ['<table border="1">']
    for r, row in enumerate(rows):
        out.append("<tr>")
        for c, value in enumerate(row):
            if value is None:
                continue
            span = 1
            while r + span < len(rows) and c < len(rows[r + span]) and rows[r + span][c] is None:
                span += 1
            attr = f' rowspan="{span}"' if span > 1 else ""
            if isinstance(value, tuple):
                content = f'<a href="{esc(str(value[1]))}">{esc(str(value[0]))}</a>'
            else:
                content = esc(str(value))
            out.append(f"<td{attr}>{content}</td>")
        out.append("</tr>")
    out.append("</table>")
    return "\n".join(out)


# --- xlsx ---------------------------------------------------------------------------------------------------

def to_xlsx(rows_by_sheet: Mapping[str, Table], path: str | os.PathLike[str],
            merges: Mapping[str, Sequence[str]] | None = None) -> Path:
    """An xlsx with openpyxl: one sheet per key, rows from A1; `(text, url)` cells get a hyperlink;
    `merges` maps a sheet to ranges such as "A2:A4" (the top-left value shows, Excel-style)."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in rows_by_sheet.items():
        sheet = workbook.create_sheet(name)
        for r, row in enumerate(rows, 1):
            for c, value in enumerate(row, 1):
                if value is None:
                    continue
                cell = sheet.cell(r, c)
                if isinstance(value, tuple):
                    cell.value = value[0]
                    cell.hyperlink = value[1]
                else:
                    cell.value = value
        for rng in (merges or {}).get(name, ()):
            sheet.merge_cells(rng)
    path = Path(path)
    workbook.save(str(path))
    return path


# --- raw pdf ------------------------------------------------------------------------------------------------

def raw_xlsx(path: str | os.PathLike[str], sheet_data: bytes, rows_after: int = 0,
             shared: Sequence[str] | None = None, merges: str = "") -> Path:
    """A minimal xlsx written member by member, for inputs openpyxl would refuse to write: `sheet_data` is the
    sheet's <row> elements; `rows_after` empty formatted rows follow it (streamed: millions are fine);
    `shared` fills the shared-string table; `merges` holds <mergeCell> elements."""
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    types = ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
             'officedocument.spreadsheetml.sharedStrings+xml"/>') if shared is not None else ""
    strings = (f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
               if shared is not None else "")
    path = Path(path)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
                   'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" '
                   f'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>{types}'
                   "</Types>")
        z.writestr("_rels/.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                   f'relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
                   "</Relationships>")
        z.writestr("xl/workbook.xml", f'<workbook xmlns="{ns}" xmlns:r="{rel}"><sheets>'
                   '<sheet name="清单" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/'
                   f'package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" '
                   f'Target="worksheets/sheet1.xml"/>{strings}</Relationships>')
        if shared is not None:
            z.writestr("xl/sharedStrings.xml", f'<sst xmlns="{ns}">' + "".join(f"<si><t>{s}</t></si>" for s in shared)
                       + "</sst>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            member.write(f'<worksheet xmlns="{ns}"><sheetData>'.encode() + sheet_data)
            first = sheet_data.count(b"<row") + 1
            for start in range(first, first + rows_after, 50_000):
                member.write(b"".join(b'<row r="%d" ht="15" customHeight="1"><c r="A%d" s="1"/></row>' % (n, n)
                                      for n in range(start, min(first + rows_after, start + 50_000))))
            member.write(b"</sheetData>" + (f"<mergeCells>{merges}</mergeCells>" if merges else "").encode()
                         + b"</worksheet>")
    return path


def raw_pdf(path: str | os.PathLike[str], text: str | None = None, image: bool = False) -> Path:
    """A one-page PDF written byte by byte: a Helvetica line of ASCII `text` and/or a 64×64 grey image drawn
    over the page (what a scanner produces: pixels, no text layer)."""
    content = b""
    resources = b"/Font << /F1 4 0 R >>"
    if image:
        content += b"q 468 0 0 648 72 72 cm /Im1 Do Q\n"
        resources += b" /XObject << /Im1 6 0 R >>"
    if text:
        content += f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    pixels = bytes((x * 4 + y) % 256 for y in range(64) for x in range(64))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << " + resources + b" >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray /BitsPerComponent 8 "
        b"/Length %d >>\nstream\n" % len(pixels) + pixels + b"\nendstream",
    ]
    path = Path(path)
    path.write_bytes(pdf_from_objects(objects))
    return path


def pdf_from_objects(objects: Sequence[bytes]) -> bytes:
    """A PDF file around numbered object bodies (object 1 the catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def scan_pdf(source: str | os.PathLike[str], path: str | os.PathLike[str], pages: int = 1, scale: float = 2.0) -> Path:
    """A scan of `source`: each page rendered to an image and placed alone on a page, with no text layer."""
    import pypdfium2

    original, scan = pypdfium2.PdfDocument(str(source)), pypdfium2.PdfDocument.new()
    for index in range(min(pages, len(original))):
        width, height = original[index].get_size()
        image = pypdfium2.PdfImage.new(scan)
        image.set_bitmap(original[index].render(scale=scale))
        image.set_matrix(pypdfium2.PdfMatrix().scale(width, height))
        page = scan.new_page(width, height)
        page.insert_obj(image)
        page.gen_content()
    scan.save(str(path))
    return Path(path)
