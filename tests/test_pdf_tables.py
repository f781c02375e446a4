"""PDF tables: rows rebuilt from the ruled grid, so a wrapped item name stays with its 未公开 cell."""

from __future__ import annotations

import builders
import pytest
from checking import check_path, statuses

from disclosure_check.readers import read_document

pytestmark = pytest.mark.skipif(builders.pdf_converter() is None, reason=builders.PDF_SKIP_REASON)

TITLES = ["学校名称、办学地点、办学性质、办学宗旨、办学层次、办学规模等办学基本情况", "学校章程及制定的各项规章制度",
          "教职工代表大会相关制度、工作报告", "学术委员会相关制度、年度报告", "学校发展规划、年度工作计划及重点工作安排",
          "信息公开年度报告", "招生章程及特殊类型招生办法，分批次、分科类招生计划", "财务、资产管理制度"]
ROWS = [["序号", "公开事项", "公开情况"]] + [[str(n), title, "未公开" if n == 4 else "已公开"]
                                          for n, title in enumerate(TITLES, 1)]


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf-table")
    docx = builders.to_docx(["测试大学2023年度信息公开工作报告", "学校逐项梳理清单事项，详见下表。"],
                            out / "t.docx", tables=[ROWS])
    return builders.docx_to_pdf(docx, out)


def test_wrapped_cells_come_back_as_rows(pdf):
    document = read_document(pdf)
    rows = [b for b in document.blocks if b.kind == "row"]
    assert [[c.text for c in r.cells] for r in rows] == ROWS
    assert {r.locator for r in rows} == {"p.1"} and {r.table for r in rows} == {0}
    paragraphs = ["".join(b.text.split()) for b in document.blocks if b.kind != "row"]
    assert paragraphs == ["测试大学2023年度信息公开工作报告", "学校逐项梳理清单事项，详见下表。"]


def test_unpublished_cell_is_read_with_its_item(pdf):
    got = statuses(check_path(pdf))
    assert [got[i] for i in (2, 3, 4, 5, 6)] == ["disclosed", "disclosed", "missing", "disclosed", "disclosed"]


# --- tables printed without ruling lines ----------------------------------------------------------------------

def _long_rows() -> list[list[str]]:
    """The 50 items with their official titles (long enough to wrap), three of them 未公开, one 不涉及."""
    from disclosure_check.checklist import load_checklist

    status = {4: "未公开", 26: "未公开", 50: "未公开", 47: "不涉及"}
    return [["序号", "公开事项", "公开情况", "备注"]] + [
        [str(item.id), item.title, status.get(item.id, "已公开"), "见网站" if item.id % 7 == 0 else ""]
        for item in load_checklist().items]


@pytest.fixture(scope="module")
def borderless(tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf-borderless")
    lines = ["测试大学2023年度信息公开工作报告", "学校逐项梳理清单事项，详见下表。"]
    ruled = builders.to_docx(lines, out / "ruled.docx", tables=[_long_rows()], repeat_header=True)
    bare = builders.to_docx(lines, out / "bare.docx", tables=[_long_rows()], borders=False, repeat_header=True)
    short = builders.to_docx(lines, out / "short.docx", tables=[ROWS], borders=False)
    centred = builders.to_docx(lines, out / "centred.docx", tables=[_long_rows()], borders=False, centred=True)
    names = ("ruled", "bare", "short", "centred")
    return dict(zip(names, builders.docx_to_pdfs([ruled, bare, short, centred], out), strict=True))


def test_borderless_table_over_pages_comes_back_row_by_row(borderless):
    document = read_document(borderless["bare"])
    assert document.pages and document.pages > 2  # the table runs over pages, its header repeated on each
    rows = [b for b in document.blocks if b.kind == "row"]
    assert [[c.text for c in r.cells][:3] for r in rows] == [r[:3] for r in _long_rows()]
    assert {r.table for r in rows} == {0}  # one table, the repeated headers dropped
    paragraphs = ["".join(b.text.split()) for b in document.blocks if b.kind != "row"]
    assert paragraphs == ["测试大学2023年度信息公开工作报告", "学校逐项梳理清单事项，详见下表。"]


def test_borderless_table_judged_as_the_ruled_one(borderless):
    bare, ruled = statuses(check_path(borderless["bare"])), statuses(check_path(borderless["ruled"]))
    assert bare == ruled
    assert [bare[i] for i in (3, 4, 26, 47, 50)] == ["disclosed", "missing", "missing", "not_applicable", "missing"]


def test_borderless_short_rows_one_line_each(borderless):
    rows = [b for b in read_document(borderless["short"]).blocks if b.kind == "row"]
    assert [[c.text for c in r.cells] for r in rows] == ROWS
    got = statuses(check_path(borderless["short"]))
    assert [got[i] for i in (2, 3, 4, 5)] == ["disclosed", "disclosed", "missing", "disclosed"]


def test_borderless_centred_cells_keep_their_numbers(borderless):
    """Every cell centred: the 序号 of a tall row sits beside its middle line, below the row's first lines."""
    rows = [b for b in read_document(borderless["centred"]).blocks if b.kind == "row"]
    assert [[c.text for c in r.cells][:3] for r in rows] == [r[:3] for r in _long_rows()]
    assert statuses(check_path(borderless["centred"])) == statuses(check_path(borderless["ruled"]))
