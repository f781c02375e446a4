"""Readers: the sample report in every format, tables, encodings, sniffing and bad input."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import re
import sys
import zipfile
from pathlib import Path

import builders
import pytest

from disclosure_check.document import Cell, Document
from disclosure_check.errors import InputError
from disclosure_check.readers import html, read_document, sniff
from disclosure_check.readers.pdf import Line, Page, paragraphs

TITLE = "湖南科技学院2023年度信息公开工作报告"
PARTS = [
    "一、概述",
    "二、信息公开情况",
    "三、依申请公开和不予公开情况",
    "四、对信息公开的评议情况",
    "五、因学校信息公开工作受到举报、复议、诉讼的情况",
    "六、本年度信息公开工作的新做法新举措、主要经验、问题和下一步改进措施",
    "七、其他需要报告的事项",
]
SENTENCES = [
    "2023年度，学校未收到依申请公开事项。",
    "回复和有效办理130件，回复率达100%，满意率达98%。",
    "2023年，学校信息公开工作未发生举报、复议、诉讼的情况。",
]
ALL_FORMATS = ["txt", "docx", "pdf", "html"]


def squash(text: str) -> str:
    """Text without whitespace and curly quotes: PDF extraction adds spaces around digits and moves quotes."""
    return re.sub(r"[\s“”]", "", text)


def sample(sample_formats: dict[str, Path], fmt: str) -> Path:
    if fmt not in sample_formats:
        pytest.skip(f"no {fmt} sample (LibreOffice missing?)")
    return sample_formats[fmt]


def texts(document: Document) -> list[str]:
    return [b.text for b in document.blocks]


def error_of(path: Path) -> InputError:
    with pytest.raises(InputError) as info:
        read_document(path)
    return info.value


# --- the sample report in every format ------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_sample_parts_in_order_and_sentences_present(sample_formats, fmt):
    document = read_document(sample(sample_formats, fmt))
    assert document.format == fmt
    assert document.title == TITLE or squash(document.title or "") == TITLE
    blocks = [squash(t) for t in texts(document)]
    positions = [blocks.index(part) for part in PARTS]
    assert positions == sorted(positions)
    for sentence in SENTENCES:
        assert any(squash(sentence) in block for block in blocks), sentence
    assert all(b.text and b.text == b.text.strip() for b in document.blocks)


def test_sample_txt_lines_and_locators(sample_formats):
    document = read_document(sample(sample_formats, "txt"))
    lines = builders.lines_of(builders.SAMPLE)
    assert texts(document) == lines
    first, intro, overview = document.blocks[:3]
    assert (first.kind, first.locator, first.text) == ("paragraph", "L1", TITLE)  # leading space stripped
    assert intro.locator == "L3"  # line 2 is empty
    assert (overview.kind, overview.locator, overview.text) == ("paragraph", "L4", "一、概述")


def test_sample_docx_headings_and_metadata(sample_formats):
    document = read_document(sample(sample_formats, "docx"))
    assert texts(document) == builders.lines_of(builders.SAMPLE)
    headings = [(b.text, b.level, b.locator) for b in document.blocks if b.kind == "heading"]
    assert headings[0] == (TITLE, 0, "¶1")
    assert headings[1] == ("一、概述", 1, "¶3")
    assert headings[2] == ("（一）加强领导，持续完善体制机制", 2, "¶5")
    assert [h[0] for h in headings if h[1] == 1] == PARTS
    assert document.blocks[1].kind == "paragraph" and document.blocks[1].locator == "¶2"
    assert (document.created, document.modified) == ("2023-11-24", "2023-11-24")


def test_sample_html_headings_and_locators(sample_formats):
    document = read_document(sample(sample_formats, "html"))
    assert texts(document) == builders.lines_of(builders.SAMPLE)
    assert [(b.kind, b.level, b.locator) for b in document.blocks[:3]] == [
        ("heading", 1, "¶1"), ("paragraph", None, "¶2"), ("heading", 2, "¶3")]
    assert [b.text for b in document.blocks if b.kind == "heading" and b.level == 2] == PARTS


def test_sample_pdf_lines_merged_into_paragraphs(sample_formats):
    document = read_document(sample(sample_formats, "pdf"))
    assert document.pages and document.pages >= 3 and not document.needs_ocr
    assert all(b.kind == "paragraph" and b.locator == f"p.{b.page}" for b in document.blocks)
    overview = next(b for b in document.blocks if b.text == "一、概述")
    assert (overview.page, overview.locator) == (1, "p.1")
    assert document.blocks[-1].text == PARTS[-1]
    assert document.blocks[-1].page == document.pages
    assert squash(document.blocks[0].text) == TITLE  # the title wraps onto two lines and is merged back
    # Every line of the source is one block, or consecutive blocks that together give exactly that line
    # (split at a page break or after a colon) — never half a line glued to another.
    blocks = [squash(b.text) for b in document.blocks]
    for line in builders.lines_of(builders.SAMPLE):
        target = squash(line)
        assert any(_spans(blocks, start, target) for start in range(len(blocks))), line


def _spans(blocks: list[str], start: int, target: str) -> bool:
    joined = ""
    for block in blocks[start:start + 3]:
        joined += block
        if joined == target:
            return True
        if not target.startswith(joined):
            return False
    return False


def test_input_files_are_not_modified(sample_formats):
    for fmt in sample_formats:
        path = sample_formats[fmt]
        before = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
        read_document(path)
        assert (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns) == before


def test_example_docx_matches_example_text():
    root = Path(__file__).resolve().parents[1] / "examples"
    document = read_document(root / "huse-2023-report.docx")
    assert texts(document) == builders.lines_of(root / "huse-2023-report.txt")


# --- docx ---------------------------------------------------------------------------------------------------

ITEM_TABLE = [
    ["序号", "类别", "公开事项", "公开网址"],
    ["1", "一、基本信息", "办学规模", ("办学规模页面", "https://xxgk.example.edu.cn/jbxx/1.htm")],
    ["2", None, "学校章程", "https://xxgk.example.edu.cn/jbxx/2.htm"],
    ["3", None, "教代会制度", ""],
    ["4", "二、招生考试信息", "招生章程", ""],
]


def test_docx_table_vertical_merge_and_hyperlink(tmp_path):
    path = builders.to_docx(["某大学2023年度信息公开工作报告", "八、清单事项公开情况表"], tmp_path / "t.docx",
                            tables=[ITEM_TABLE])
    document = read_document(path)
    rows = [b for b in document.blocks if b.kind == "row"]
    assert [r.locator for r in rows] == ["T1!1", "T1!2", "T1!3", "T1!4", "T1!5"]
    assert all(r.table == 1 for r in rows)
    assert rows[1].cells == (
        Cell("1", "T1!A2"), Cell("一、基本信息", "T1!B2"), Cell("办学规模", "T1!C2"),
        Cell("办学规模页面", "T1!D2", "https://xxgk.example.edu.cn/jbxx/1.htm"))
    assert rows[1].links == ("https://xxgk.example.edu.cn/jbxx/1.htm",)
    assert rows[2].text == "2\t一、基本信息\t学校章程\thttps://xxgk.example.edu.cn/jbxx/2.htm"
    assert rows[3].cells == (Cell("3", "T1!A4"), Cell("一、基本信息", "T1!B4"), Cell("教代会制度", "T1!C4"))
    assert rows[4].text == "4\t二、招生考试信息\t招生章程"
    assert rows[3].cell_at(rows[3].text.index("教代会")) == Cell("教代会制度", "T1!C4")
    assert document.blocks[1].locator == "¶2" and document.blocks[1].level == 1


W_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml"')


def raw_docx(path: Path, body: str, styles: str = "", numbering: str = "", links: dict[str, str] | None = None,
             core: str = "") -> Path:
    """A docx written member by member, to exercise what python-docx cannot produce."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document {W_NS}>'
                                        f"<w:body>{body}</w:body></w:document>")
        if styles:
            z.writestr("word/styles.xml", f"<w:styles {W_NS}>{styles}</w:styles>")
        if numbering:
            z.writestr("word/numbering.xml", f"<w:numbering {W_NS}>{numbering}</w:numbering>")
        if links:
            rels = "".join(
                f'<Relationship Id="{rid}" TargetMode="External" Target="{url}" Type="http://schemas.openxml'
                f'formats.org/officeDocument/2006/relationships/hyperlink"/>' for rid, url in links.items())
            z.writestr("word/_rels/document.xml.rels",
                       '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                       f"{rels}</Relationships>")
        if core:
            z.writestr("docProps/core.xml", core)
    return path


def p(text: str, ppr: str = "") -> str:
    return f"<w:p><w:pPr>{ppr}</w:pPr><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


def test_docx_styles_numbering_text_boxes_spans_and_nested_tables(tmp_path):
    styles = (
        '<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="1"><w:name w:val="标题 1"/><w:basedOn w:val="a"/>'
        '<w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="MyHeading"><w:name w:val="报告小标题"/><w:basedOn w:val="2"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:pPr><w:outlineLvl w:val="1"/>'
        "</w:pPr></w:style>"
    )
    numbering = (
        '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/>'
        "</w:lvl></w:abstractNum>"
        '<w:num w:numId="5"><w:abstractNumId w:val="0"/></w:num>'
    )
    body = (
        p("报告标题")
        + p("概述", '<w:pStyle w:val="1"/>')
        + p("小标题", '<w:pStyle w:val="MyHeading"/>')
        + "<w:p/>"  # an empty paragraph still counts for ¶ numbers
        + '<w:p><w:r><w:t>甲</w:t></w:r><w:r><w:tab/><w:t>乙</w:t><w:br/><w:t>丙</w:t></w:r>'
          '<w:hyperlink r:id="rId9"><w:r><w:t>链接</w:t></w:r></w:hyperlink>'
          '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> HYPERLINK "https://b.example.cn/" '
          '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>域</w:t></w:r>'
          '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        + '<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>'
          + p("文本框内容") + "</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict>"
          "<v:textbox><w:txbxContent>" + p("文本框内容") + "</w:txbxContent></v:textbox></w:pict></mc:Fallback>"
          "</mc:AlternateContent></w:r></w:p>"
        + p("大纲级别段落", '<w:outlineLvl w:val="2"/>')
        + '<w:sdt><w:sdtContent>' + p("二级", '<w:pStyle w:val="1"/>') + "</w:sdtContent></w:sdt>"
        + "<w:tbl>"
          '<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>' + p("合并标题") + "</w:tc>"
          "<w:tc>" + p("丙列") + "</w:tc></w:tr>"
          '<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr><w:tc>' + p("乙列")
          + "<w:tbl><w:tr><w:tc>" + p("内1") + "</w:tc><w:tc>" + p("内2") + "</w:tc></w:tr></w:tbl>"
          "</w:tc><w:tc>" + p("x\ty") + "</w:tc></w:tr>"
          "</w:tbl>"
        + p("表后")
    )
    path = raw_docx(tmp_path / "raw.docx", body, styles, numbering, {"rId9": "https://a.example.cn/"},
                    core='<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
                         'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
                         'xmlns:dcterms="http://purl.org/dc/terms/"><dc:title>  </dc:title>'
                         "<dcterms:created>2023-11-20T08:00:00Z</dcterms:created></cp:coreProperties>")
    document = read_document(path)
    got = [(b.kind, b.level, b.locator, b.text, b.links) for b in document.blocks]
    assert got == [
        ("paragraph", None, "¶1", "报告标题", ()),
        ("heading", 1, "¶2", "一、概述", ()),
        ("heading", 2, "¶3", "小标题", ()),
        ("paragraph", None, "¶5", "甲 乙\n丙链接域", ("https://a.example.cn/", "https://b.example.cn/")),
        ("paragraph", None, "¶6", "文本框内容", ()),
        ("heading", 3, "¶7", "大纲级别段落", ()),
        ("heading", 1, "¶8", "二、二级", ()),
        ("row", None, "T1!1", "合并标题\t合并标题\t丙列", ()),
        ("row", None, "T1!2", "\t乙列\n内1 内2\tx y", ()),
        ("paragraph", None, "¶9", "表后", ()),
    ]
    assert [c.locator for c in document.blocks[8].cells] == ["T1!A2", "T1!B2", "T1!C2"]
    assert document.title == "报告标题"  # a blank dc:title falls back to the first paragraph
    assert document.created == "2023-11-20" and document.modified is None


def test_docx_never_resolves_entities(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    path = tmp_path / "xxe.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml",
                   f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>'
                   f"<w:document {W_NS}><w:body>{p('before &x; after')}</w:body></w:document>")
    document = read_document(path)
    assert "TOPSECRET" not in " ".join(texts(document))


# --- xlsx ---------------------------------------------------------------------------------------------------

def test_xlsx_merged_cells_dates_numbers_and_hyperlinks(tmp_path):
    rows = [
        ["序号", "类别", "公开事项", "公开时间", "公开网址", "完成率", "数量"],
        [1, "一、基本信息", "办学规模", dt.datetime(2023, 10, 30), ("查看", "https://xxgk.example.edu.cn/1.htm"),
         0.98, 3.0],
        [2, None, "学校章程", dt.date(2023, 1, 5), None, None, 2.5],
        [None, None, None, None, None, None, None],
        ["备注：本表", None, None, None, None, None, None],
    ]
    path = builders.to_xlsx({"清单": rows, "Sheet 2": [["第二张表"]]}, tmp_path / "t.xlsx",
                            merges={"清单": ["B2:B3", "A5:C5"]})
    import openpyxl

    workbook = openpyxl.load_workbook(path)
    workbook["清单"]["F2"].number_format = "0%"
    workbook.properties.title = "清单事项公开情况表"
    workbook.save(path)

    document = read_document(path)
    assert document.format == "xlsx" and document.title == "清单事项公开情况表"
    assert [b.locator for b in document.blocks] == ["清单!1", "清单!2", "清单!3", "清单!5", "'Sheet 2'!1"]
    assert [b.table for b in document.blocks] == [1, 1, 1, 1, 2]
    row2 = document.blocks[1]
    assert row2.cells == (
        Cell("1", "清单!A2"), Cell("一、基本信息", "清单!B2"), Cell("办学规模", "清单!C2"),
        Cell("2023-10-30", "清单!D2"), Cell("查看", "清单!E2", "https://xxgk.example.edu.cn/1.htm"),
        Cell("98%", "清单!F2"), Cell("3", "清单!G2"))
    assert row2.links == ("https://xxgk.example.edu.cn/1.htm",)
    assert document.blocks[2].text == "2\t一、基本信息\t学校章程\t2023-01-05\t\t\t2.5"
    assert document.blocks[2].cells[1] == Cell("一、基本信息", "清单!B3")
    assert document.blocks[3].text == "备注：本表\t备注：本表\t备注：本表"
    assert document.blocks[4].cells == (Cell("第二张表", "'Sheet 2'!A1"),)


# --- html ---------------------------------------------------------------------------------------------------

def test_html_gbk_labelled_gb2312_with_rowspan_table(tmp_path):
    with pytest.raises(UnicodeEncodeError):
        "喆堃玥昇".encode("gb2312")  # the page really is GBK, whatever its label says
    lines = ["某大学2023年度信息公开工作报告", "一、概述", "信息公开工作由张喆、李堃、王玥、赵昇负责。"]
    table = [["类别", "公开事项", "网址"],
             ["一、基本信息", "办学规模", ("办学规模页面", "https://xxgk.example.edu.cn/1.htm")],
             [None, "学校章程", "无"],
             ["二、招生考试信息", "招生章程", "有"]]
    path = builders.to_html(lines, tmp_path / "gbk.html", encoding="gb18030", declared="gb2312", tables=[table])
    assert b"charset=gb2312" in path.read_bytes()
    document = read_document(path)
    assert document.format == "html" and document.title == lines[0]
    assert texts(document)[:3] == lines
    assert [(b.kind, b.level, b.locator) for b in document.blocks[:3]] == [
        ("heading", 1, "¶1"), ("heading", 2, "¶2"), ("paragraph", None, "¶3")]
    rows = document.blocks[3:]
    assert [(r.kind, r.locator, r.table) for r in rows] == [("row", f"T1!{n}", 1) for n in range(1, 5)]
    assert rows[1].cells[2] == Cell("办学规模页面", "T1!C2", "https://xxgk.example.edu.cn/1.htm")
    assert rows[2].cells == (Cell("一、基本信息", "T1!A3"), Cell("学校章程", "T1!B3"), Cell("无", "T1!C3"))
    assert rows[3].text == "二、招生考试信息\t招生章程\t有"


def test_html_flow_nesting_br_links_colspan_and_noise(tmp_path):
    page = (
        '<!doctype html><html><head><meta charset="utf-8"><title> 页面标题 </title>'
        "<style>p{color:red}</style></head><body><nav>首页 | 信息公开</nav>"
        "<div><div>甲  段\n落</div>乙<br>丙<p>丁<a href='https://x.example.cn/d'>链接</a></p>"
        "<script>var s = '不应出现';</script><p style='display:none'>隐藏</p></div>"
        "<table><tr><th colspan='2'>合并表头</th><th>三</th></tr>"
        "<tr><td rowspan='2'>A</td><td>B</td><td>C</td></tr><tr><td>D</td></tr></table>"
        "<table><tr><td><p>整页布局表格</p><table><tr><td>内一</td><td>内二</td></tr></table></td></tr></table>"
        "</body></html>"
    )
    # The walker itself: read_document also keeps only the page's article (tests/test_article.py).
    document = html.parse(page, str(tmp_path / "page.htm"))
    assert document.title == "页面标题"
    got = [(b.locator, b.text, b.links) for b in document.blocks]
    assert got == [
        ("¶1", "甲 段 落", ()),
        ("¶2", "乙", ()),
        ("¶3", "丙", ()),
        ("¶4", "丁链接", ("https://x.example.cn/d",)),
        ("T1!1", "合并表头\t合并表头\t三", ()),
        ("T1!2", "A\tB\tC", ()),
        ("T1!3", "A\tD", ()),
        ("¶5", "整页布局表格", ()),
        ("T2!1", "内一\t内二", ()),
    ]
    assert document.blocks[6].cells == (Cell("A", "T1!A3"), Cell("D", "T1!B3"))


def test_html_utf8_page_labelled_gb2312_is_read_as_utf8(tmp_path):
    path = builders.to_html(["某大学年度报告", "喆堃玥昇"], tmp_path / "u.html", encoding="utf-8",
                            declared="gb2312")
    assert texts(read_document(path)) == ["某大学年度报告", "喆堃玥昇"]


# --- text and markdown --------------------------------------------------------------------------------------

def test_text_utf8_with_bom_and_crlf(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeff某大学2023年度信息公开工作报告\r\n\r\n  一、概述  \r\n正文。".encode())
    document = read_document(path)
    assert document.format == "txt"
    assert [(b.locator, b.text) for b in document.blocks] == [
        ("L1", "某大学2023年度信息公开工作报告"), ("L3", "一、概述"), ("L4", "正文。")]
    assert all(b.kind == "paragraph" for b in document.blocks)
    assert document.title == "某大学2023年度信息公开工作报告"


def test_text_gbk(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("某大学年度报告\n联系人：张喆、李堃、王玥、赵昇\n".encode("gbk"))
    assert texts(read_document(path)) == ["某大学年度报告", "联系人：张喆、李堃、王玥、赵昇"]


def test_text_big5(tmp_path):
    path = tmp_path / "big5.txt"
    path.write_bytes("國立大學資訊公開年度報告\n學校依照規定公開辦學資訊。\n".encode("big5"))
    assert texts(read_document(path)) == ["國立大學資訊公開年度報告", "學校依照規定公開辦學資訊。"]


def test_markdown_headings_and_pipe_table(tmp_path):
    path = tmp_path / "report.md"
    path.write_text(
        "# 某大学2023年度信息公开工作报告\n\n## 一、概述 ##\n正文见[门户网站](https://www.example.edu.cn)。\n\n"
        "八、清单事项公开情况表\n\n"
        "| 序号 | 公开事项 | 网址 |\n|:---:|---|---|\n| 1 | 办学规模 | [链接](https://a.example.cn) |\n"
        "| 2 | 章程 \\| 制度 | |\n\n后记\n---\n",
        encoding="utf-8")
    document = read_document(path)
    assert document.format == "md" and document.title == "某大学2023年度信息公开工作报告"
    got = [(b.kind, b.level, b.locator, b.text, b.links) for b in document.blocks]
    assert got == [
        ("heading", 1, "L1", "某大学2023年度信息公开工作报告", ()),
        ("heading", 2, "L3", "一、概述", ()),
        ("paragraph", None, "L4", "正文见门户网站。", ("https://www.example.edu.cn",)),
        ("paragraph", None, "L6", "八、清单事项公开情况表", ()),
        ("row", None, "T1!1", "序号\t公开事项\t网址", ()),
        ("row", None, "T1!2", "1\t办学规模\t链接", ("https://a.example.cn",)),
        ("row", None, "T1!3", "2\t章程 | 制度", ()),
        ("heading", 2, "L13", "后记", ()),  # setext: "---" under the line
    ]
    assert document.blocks[5].cells[2] == Cell("链接", "T1!C2", "https://a.example.cn")
    assert document.blocks[6].cells[1].locator == "T1!B3"
    assert document.blocks[4].table == 1


def test_txt_keeps_pipes_and_hashes_as_text(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text("# 不是标题\n| a | b |\n|---|---|\n", encoding="utf-8")
    assert [(b.kind, b.text) for b in read_document(path).blocks] == [
        ("paragraph", "# 不是标题"), ("paragraph", "| a | b |"), ("paragraph", "|---|---|")]


# --- pdf ----------------------------------------------------------------------------------------------------

def minimal_pdf(path: Path, text: str | None) -> Path:
    """A one-page PDF with a Helvetica text line, or with no content at all (a scan without text layer)."""
    return builders.raw_pdf(path, text)


def test_pdf_minimal_text_and_needs_ocr(tmp_path):
    document = read_document(minimal_pdf(tmp_path / "a.pdf", "Annual report 2023"))
    assert [(b.kind, b.locator, b.page, b.text) for b in document.blocks] == [
        ("paragraph", "p.1", 1, "Annual report 2023")]
    assert document.pages == 1 and not document.needs_ocr

    scan = read_document(minimal_pdf(tmp_path / "scan.pdf", None))
    assert scan.needs_ocr and scan.blocks == [] and scan.pages == 1


def test_pdf_paragraph_merging_rules():
    # Without geometry a line is full when it is at least 75 % as wide as most lines (ASCII counts half).
    full = "学校高度重视信息公开工作将信息公开工作列入学校重要议事日程"  # 29 characters
    dates = "在校园网发布综合新闻信息，统计时间为2023年1月1日至"  # full width, a number split at the end
    english = "The university publishes its yearly report on the"
    lines = [
        "某大学2023年度信息公开工作报告",  # short, no punctuation: a heading
        full, full, "推进相关工作。",  # a paragraph over three lines
        "一、概述", full, "续行",  # a numbered line starts a block
        "（一）加强领导", full + "，", "理财",  # a comma at the end continues even a short line
        "1.主动公开",
        dates, "11月24日止",
        english, "checklist", english[:-4] + " infor\x02", "mation",
    ]
    blocks = paragraphs([Page([Line(t) for t in lines[:11]]), Page([Line(t) for t in lines[11:]])])
    assert [(b.locator, b.page, b.text) for b in blocks] == [
        ("p.1", 1, "某大学2023年度信息公开工作报告"),
        ("p.1", 1, full + full + "推进相关工作。"),
        ("p.1", 1, "一、概述"),
        ("p.1", 1, full + "续行"),
        ("p.1", 1, "（一）加强领导"),
        ("p.1", 1, full + "，理财"),
        ("p.1", 1, "1.主动公开"),
        ("p.2", 2, dates + "11月24日止"),
        ("p.2", 2, english + " checklist"),
        ("p.2", 2, english[:-4] + " information"),
    ]


def test_pdf_paragraph_merging_by_geometry():
    # The wrapped title line reaches the right margin (continues); its short second line ends the title.
    page = Page([Line("湖南科技学院 2023 年度信息公开工", 508.6, 23.4), Line("作报告", 168.6, 23.4),
                 Line("根据有关规定，落实《湖南省教育厅关于做好", 519.1, 10.0), Line("要求。", 140.0, 10.0)], 612)
    assert [b.text for b in paragraphs([page])] == ["湖南科技学院 2023 年度信息公开工作报告",
                                                    "根据有关规定，落实《湖南省教育厅关于做好要求。"]


def test_encrypted_pdf(sample_formats, tmp_path):
    docx = sample(sample_formats, "docx")
    sample(sample_formats, "pdf")
    path = builders.docx_to_pdf(docx, tmp_path / "encrypted", password="secret")
    error = error_of(path)
    assert (error.zh, error.en) == ("PDF 已加密（需要密码）", "encrypted PDF (password required)")


def flate_bomb_pdf(path: Path, megabytes: int) -> Path:
    """A one-page PDF whose content stream inflates to `megabytes` of zeros (about 1/1000 of that on disk)."""
    import zlib

    packer = zlib.compressobj(6)
    chunk = bytes(1 << 20)
    stream = b"".join(packer.compress(chunk) for _ in range(megabytes)) + packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    path.write_bytes(builders.pdf_from_objects(objects))
    return path


linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PDFs are isolated on Linux only")


@linux_only
def test_pdf_decompression_bomb_is_an_input_error_not_an_abort(tmp_path, monkeypatch):
    from disclosure_check.readers import pdf

    monkeypatch.setattr(pdf, "MEMORY_HEADROOM", 64 << 20)  # pdfium aborts the process when this runs out
    error = error_of(flate_bomb_pdf(tmp_path / "bomb.pdf", 300))
    assert error.en == "the PDF parser ran out of memory or crashed (a decompression bomb or a damaged file)"
    assert error.zh == "PDF 解析时内存超限或崩溃（可能是压缩炸弹或文件损坏）"


@linux_only
def test_pdf_parsing_times_out(tmp_path, monkeypatch):
    import time

    from disclosure_check.config import Limits
    from disclosure_check.readers import pdf

    monkeypatch.setenv("DISCLOSURE_CHECK_START_METHOD", "fork")  # the forked child sees the patch
    monkeypatch.setattr(pdf, "_extract", lambda path, max_pages: time.sleep(30))
    path = minimal_pdf(tmp_path / "slow.pdf", "Hello")
    started = time.monotonic()
    with pytest.raises(InputError) as caught:  # the child's own timeout (no alarm outside read_document)
        pdf.read(path, Limits(timeout=0.5))
    error = caught.value
    assert error.en == "reading timed out (over the 0.5 s limit)" and error.zh == "读取超时（超过 0.5 秒上限）"
    assert time.monotonic() - started < 5


def test_pdf_in_process_reading_gives_the_same_document(sample_formats, monkeypatch):
    path = sample(sample_formats, "pdf")
    isolated = read_document(path)
    monkeypatch.setenv("DISCLOSURE_CHECK_PDF_INPROCESS", "1")
    assert read_document(path) == isolated


@pytest.mark.parametrize("fraction", [0.5, 0.9])
def test_truncated_pdf(sample_formats, tmp_path, fraction):
    data = sample(sample_formats, "pdf").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: int(len(data) * fraction)])
    error = error_of(path)
    assert (error.zh, error.en) == ("PDF 文件损坏或被截断", "corrupt or truncated PDF")


def test_pdf_header_then_garbage(tmp_path):
    path = tmp_path / "garbage.pdf"
    path.write_bytes(b"%PDF-1.7\n" + random.Random(1).randbytes(2000))
    assert error_of(path).en == "corrupt or truncated PDF"


# --- sniffing -----------------------------------------------------------------------------------------------

def test_sniff_by_content_not_name(sample_formats, tmp_path):
    docx_as_pdf = tmp_path / "report.pdf"
    docx_as_pdf.write_bytes(sample(sample_formats, "docx").read_bytes())
    document = read_document(docx_as_pdf)
    assert document.format == "docx" and texts(document)[0] == TITLE

    pdf_as_docx = tmp_path / "report.docx"
    pdf_as_docx.write_bytes(minimal_pdf(tmp_path / "m.pdf", "Hello").read_bytes())
    assert read_document(pdf_as_docx).format == "pdf"

    html_as_txt = tmp_path / "page.txt"
    html_as_txt.write_bytes(sample(sample_formats, "html").read_bytes())
    assert read_document(html_as_txt).format == "html"


@pytest.mark.parametrize(("head", "suffix", "kind"), [
    (b"%PDF-1.7\n", ".docx", "pdf"),
    (b"PK\x03\x04rest", ".pdf", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", ".docx", "ole"),
    (b"\xef\xbb\xbf  \n<!DOCTYPE html><html>", ".txt", "html"),
    (b"<meta charset=gbk><p>x", ".txt", "html"),
    (b"\r\n<TABLE><tr>", "", "html"),
    ("<html><body>中文</body></html>".encode("utf-16"), ".htm", "html"),
    ("# 标题\n".encode(), ".md", "md"),
    ("# 标题\n".encode(), ".MARKDOWN", "md"),
    ("一、概述\n".encode("gbk"), ".txt", "txt"),
    ("<这不是标签>".encode(), ".txt", "txt"),
    (b"\x00\x01\x02binary", ".txt", "binary"),
    (b"", ".txt", "empty"),
])
def test_sniff(head, suffix, kind):
    assert sniff(head, suffix) == kind


# --- bad input ----------------------------------------------------------------------------------------------

def test_empty_file(tmp_path):
    for name in ("empty.txt", "empty.docx", "empty.pdf"):
        path = tmp_path / name
        path.write_bytes(b"")
        error = error_of(path)
        assert (error.zh, error.en, error.source) == ("文件为空", "empty file", str(path))


@pytest.mark.parametrize("fmt", ["docx", "pdf", "xlsx"])
def test_random_bytes(tmp_path, fmt):
    path = tmp_path / f"random.{fmt}"
    path.write_bytes(random.Random(fmt).randbytes(8192))
    error = error_of(path)
    assert error.zh == f"不是有效的 {fmt} 文件（内容无法识别，可能已损坏）"
    assert error.en == f"not a valid {fmt} file (unrecognised content, possibly corrupt)"


def test_random_bytes_without_known_suffix(tmp_path):
    path = tmp_path / "random.bin"
    path.write_bytes(random.Random(0).randbytes(8192))
    assert error_of(path).en == "unrecognised file format (supported: docx, xlsx, pdf, html, txt, md)"


def test_truncated_docx(sample_formats, tmp_path):
    data = sample(sample_formats, "docx").read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(data[: len(data) // 2])
    error = error_of(path)
    assert (error.zh, error.en) == ("docx 文件损坏或被截断", "corrupt or truncated docx file")


@pytest.mark.parametrize("name", ["locked.docx", "old.doc", "old.xls", "noext"])
def test_ole_container(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    error = error_of(path)
    assert (error.zh, error.en) == ("受密码保护或旧版 Office 格式（.doc/.xls）",
                                    "password-protected or legacy Office format (.doc/.xls)")


def test_zip_that_is_not_a_document(tmp_path):
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "hello")
    assert error_of(path).en == "a zip archive that is not a docx or xlsx document"


def test_corrupt_xlsx(tmp_path):
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/workbook.xml", "<not xml")
    assert error_of(path).zh == "xlsx 文件损坏或无法解析"


@pytest.fixture(scope="module")
def zip_bomb(tmp_path_factory) -> Path:
    """A real ~300 KB docx whose document.xml inflates to 300 MB of zeros."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.docx"
    chunk = bytes(1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z, \
            z.open("word/document.xml", "w", force_zip64=True) as member:
        for _ in range(300):
            member.write(chunk)
    return path


@pytest.mark.parametrize("suffix", [".docx", ".xlsx", ".pdf"])
def test_zip_bomb_refused_before_decompression(zip_bomb, tmp_path, monkeypatch, suffix):
    assert zip_bomb.stat().st_size < 2 * 1024 * 1024
    path = tmp_path / f"bomb{suffix}"
    path.write_bytes(zip_bomb.read_bytes())

    def no_inflating(*args, **kwargs):
        raise AssertionError("a member was opened before the size check")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_inflating)
    error = error_of(path)
    assert (error.zh, error.en) == ("超过解压大小上限 200 MB", "exceeds the 200 MB decompressed-size limit")


def test_zip_with_too_many_members(tmp_path):
    path = tmp_path / "many.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        for n in range(10_001):
            z.writestr(f"xl/m{n}.xml", "")
    assert error_of(path).en == "more than 10000 members in the zip package"


def test_docx_reader_checks_the_zip_itself(zip_bomb):
    from disclosure_check.readers import docx, xlsx

    for reader in (docx, xlsx):
        with pytest.raises(InputError, match="200 MB"):
            reader.read(zip_bomb)


def test_directory_and_missing_path(tmp_path):
    error = error_of(tmp_path)
    assert (error.zh, error.en) == ("这是一个目录，不是文件", "is a directory, not a file")
    error = error_of(tmp_path / "nope.docx")
    assert (error.zh, error.en) == ("文件不存在", "file not found")


def test_permission_denied_when_opening(tmp_path, monkeypatch):
    import disclosure_check.readers as readers

    path = tmp_path / "locked.txt"
    path.write_text("x", encoding="utf-8")

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(readers, "open", denied, raising=False)
    error = error_of(path)
    assert (error.zh, error.en) == ("没有读取该文件的权限", "permission denied")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_permission_denied(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("x", encoding="utf-8")
    path.chmod(0)
    try:
        assert error_of(path).en == "permission denied"
    finally:
        path.chmod(0o644)


def test_undecodable_text(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes(b"caf\xe9 \xff\xfe\xfd na\xefve " * 3)
    assert error_of(path).en == "cannot decode the text (not UTF-8, GBK/GB18030 or Big5)"



def test_text_named_like_a_binary_format(tmp_path):
    path = tmp_path / "report.docx"
    path.write_text("一、概述\n正文。\n", encoding="utf-8")
    assert error_of(path).en == "not a valid docx file (unrecognised content, possibly corrupt)"
    web_export = tmp_path / "report.doc"  # "Word" files that web systems export are often HTML
    web_export.write_text("<html><body><p>一、概述</p></body></html>", encoding="utf-8")
    assert texts(read_document(web_export)) == ["一、概述"]


def test_text_cut_inside_a_character_is_still_read(tmp_path):
    data = "某大学2023年度信息公开工作报告\n一、概述\n学校坚持公开。".encode()
    path = tmp_path / "cut.txt"
    path.write_bytes(data[:-2])  # the last character loses its final bytes
    assert texts(read_document(path)) == ["某大学2023年度信息公开工作报告", "一、概述", "学校坚持公开\ufffd"]


@pytest.mark.parametrize("fmt", ["txt", "docx", "html", "pdf"])
def test_damaged_files_give_a_document_or_an_input_error(sample_formats, tmp_path, fmt):
    data = sample(sample_formats, fmt).read_bytes()
    rng = random.Random(fmt)
    for n in range(25):
        damaged = bytearray(data)
        if n % 3 == 0:
            damaged = damaged[: rng.randrange(1, len(damaged))]
        else:
            for _ in range(rng.randint(1, 20)):
                damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        path = tmp_path / f"damaged{n}.{fmt}"
        path.write_bytes(bytes(damaged))
        try:
            document = read_document(path)
        except InputError:
            continue
        assert all(block.text and block.text == block.text.strip() for block in document.blocks)
