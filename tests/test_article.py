"""What a document is before any rule reads it: site chrome left out, the title, the year, the kind
(article.py, readers/html.py main content), item 6 disclosed by the report itself, and `--explain report`."""

from __future__ import annotations

import json

import builders
import pytest
import yaml
from checking import check_path, check_text, statuses
from pydantic import ValidationError
from test_cli import run
from typer.testing import CliRunner

from disclosure_check.checklist import DocumentKinds, builtin_dir
from disclosure_check.cli import app
from disclosure_check.readers import html, read_document

OPENING = [
    "某某大学2017-2018学年信息公开工作年度报告",
    "学校高度重视信息公开工作，按照《高等学校信息公开办法》要求编制本报告。本报告统计期限自2017年9月1日起至2018年8月31日止。",
    "一、概述",
    "学校信息公开工作稳步推进，师生满意度较高。",
]
# Official item titles, as some sites' sidebars name them: the matcher would take each for its item.
SIDEBAR = ["学生申诉办法", "学籍管理办法", "学生奖励处罚办法", "学术规范制度", "来华留学生管理相关规定"]


def test_a_site_page_is_read_for_its_article(tmp_path):
    path = builders.to_site_html(OPENING, tmp_path / "page.html", sidebar=SIDEBAR)
    article = read_document(path)
    texts = [b.text for b in article.blocks]
    assert article.main_content == "trafilatura"
    assert texts[0] == OPENING[0] and OPENING[3] in texts
    assert not set(SIDEBAR) & set(texts) and not any("版权所有" in t or "当前位置" in t for t in texts)
    whole = html.parse(path.read_text(encoding="utf-8"), str(path))  # the page as a whole holds the sidebar
    assert set(SIDEBAR) <= {b.text for b in whole.blocks}
    result = check_path(path)
    assert [statuses(result)[n] for n in (36, 38, 39, 41, 48)] == ["missing"] * 5
    assert (result.report.kind, result.report.title, result.report.year) == (
        "university_annual_report", OPENING[0], 2018)


def test_a_page_the_extractor_finds_nothing_in_is_read_whole(tmp_path):
    path = tmp_path / "short.html"
    path.write_text('<html><body><ul><li><a href="/1">学校章程</a></li><li><a href="/2">招生章程</a></li></ul>'
                    "</body></html>", encoding="utf-8")
    document = read_document(path)
    assert document.main_content == "whole page (nothing extracted)"
    assert [b.text for b in document.blocks] == ["学校章程", "招生章程"]


def test_chrome_left_out_is_recorded(tmp_path):
    text = "\n".join(["当前位置：首页 > 信息公开 > 正文", "信息公开目录", *SIDEBAR, *OPENING,
                      "版权所有 © 2023 某某大学", "湘ICP备00000000号"]) + "\n"
    result = check_text(tmp_path, text)
    removed = result.report.explain.removed
    assert [r.why for r in removed] == ["chrome", *["side_list"] * (1 + len(SIDEBAR)), "chrome", "chrome"]
    assert removed[0].locator == "L1" and removed[-1].text == "湘ICP备00000000号"
    assert [statuses(result)[n] for n in (36, 38, 39, 41, 48)] == ["missing"] * 5
    assert result.report.title == OPENING[0]


def test_a_university_report_discloses_item_6_by_its_title(tmp_path):
    result = check_text(tmp_path, "\n".join(OPENING) + "\n")
    item = next(i for i in result.items if i.id == 6)
    assert item.status.value == "disclosed" and item.evidence[0].quote == OPENING[0]
    assert item.evidence[0].locator == "L1" and item.message == "本文件即学校信息公开年度报告（以标题为证）"


@pytest.mark.parametrize("text", [
    "区人民政府办公室2023年政府信息公开工作年度报告\n根据《中华人民共和国政府信息公开条例》规定，现公布区人民政府办公室"
    "2023年政府信息公开工作年度报告。\n一、总体情况\n",
    "人民网北京11月1日电 10月31日是高校公布信息公开工作年度报告的最后期限。记者浏览75所高校网站发现，多数高校已公布"
    "信息公开工作年度报告。\n",
])
def test_other_documents_do_not_disclose_item_6_by_speaking_of_reports(tmp_path, text):
    result = check_text(tmp_path, text)
    assert result.report.kind in ("government_annual_report", "other") and not result.report.is_annual_report
    assert statuses(result)[6] == "missing"


def test_a_catalog_row_still_shows_item_6(tmp_path):
    rows = [["序号", "公开事项", "公开情况", "公开网址"]] + [
        [str(n), title, "已公开", f"https://xxgk.example.edu.cn/{n}"] for n, title in
        enumerate(["学校章程及制定的各项规章制度", "教职工代表大会相关制度、工作报告", "学术委员会相关制度、年度报告",
                   "学校发展规划、年度工作计划及重点工作安排", "信息公开年度报告", "财务、资产管理制度",
                   "受捐赠财产的使用与管理情况", "校办企业资产、负债、国有资产保值增值等信息", "拟录取研究生名单",
                   "参加研究生复试的考生成绩", "学籍管理办法"], start=1)]
    result = check_path(builders.to_xlsx({"清单": rows}, tmp_path / "list.xlsx"))
    assert result.report.kind == "catalog" and statuses(result)[6] == "disclosed"


def test_json_carries_the_kind_and_its_reasons(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text("\n".join(OPENING) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, [str(path), "--format", "json"])
    report = json.loads(result.stdout)["documents"][0]["report"]
    assert report["kind"] == "university_annual_report" and report["is_annual_report"] is True
    assert report["explain"]["title_source"] == "line" and report["explain"]["year_source"] == "period"
    assert {s["name"] for s in report["explain"]["signals"]} >= {"institution-report-title", "academic-year"}


def test_explain_report(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text("首页 > 新闻媒体 > 通知公告 > 正文\n" + "\n".join(OPENING) + "\n", encoding="utf-8")
    wide = {"COLUMNS": "300"}
    zh = CliRunner().invoke(app, [str(path), "--explain", "report"], env=wide).output
    assert "文件类型：高校信息公开年度报告" in zh
    assert f"标题：“{OPENING[0]}” [L2]（开头第一个写明文件类型的行）" in zh
    assert "年份：2018（统计期限的截止年份" in zh
    assert "统计期限：2017-09-01 – 2018-08-31（文件写明的统计期限） [L3]" in zh
    assert "[L1] 网站页面元素: “首页>新闻媒体>通知公告>正文”" in zh
    assert "序号" not in zh  # the explanation instead of the table
    en = CliRunner().invoke(app, [str(path), "--explain", "report", "--lang", "en"], env=wide).output
    assert "taken for: a university's annual disclosure report" in en and "year: 2018 (the year the reporting" in en


def test_explain_refuses_anything_but_an_item_or_report(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text("\n".join(OPENING) + "\n", encoding="utf-8")
    done = run(str(path), "--explain", "kind", "--lang", "en")
    assert done.returncode == 2
    assert done.stderr == "disclosure-check: --explain: expected an item number or 'report', got 'kind' (choose 1-50)\n"


def test_document_kinds_file_is_validated():
    data = yaml.safe_load((builtin_dir() / "document-kinds.yaml").read_text(encoding="utf-8"))
    DocumentKinds.model_validate(data)
    data["signals"][0]["pattern"] = "(unclosed"
    with pytest.raises(ValidationError, match="not a valid regular expression"):
        DocumentKinds.model_validate(data)
    data["signals"][0]["pattern"], data["signals"][0]["kind"] = "x", "newspaper"
    with pytest.raises(ValidationError):
        DocumentKinds.model_validate(data)
