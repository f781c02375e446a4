"""The HTML report: one self-contained page, parsed with lxml here (rows agree with the JSON, nothing external,
report text escaped); tests/test_html_browser.py renders it in Chromium."""

from __future__ import annotations

import json
import re
from pathlib import Path

import builders
import pytest
from lxml import html as lxml_html
from rendering import sample_result
from test_cli import run

from disclosure_check.render import html
from disclosure_check.result import RunResult, Waiver

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DOCX = ROOT / "examples" / "huse-2023-report.docx"
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def page(text: str):  # type: ignore[no-untyped-def]
    return lxml_html.document_fromstring(text)


def items_of(tree, scope: str = "") -> dict[int, str]:  # type: ignore[no-untyped-def]
    return {int(row.get("data-item")): row.get("data-status") for row in tree.xpath(f"{scope}//tr[@data-item]")}


def external_references(tree) -> list[str]:  # type: ignore[no-untyped-def]
    """Every address the page would fetch or lead to, other than its own anchors."""
    found = [value for value in tree.xpath("//@src | //@srcset | //@poster | //@data | //@action | //@formaction")]
    found += [href for href in tree.xpath("//@href") if not href.startswith("#")]
    found += [element.tag for element in tree.xpath("//link | //iframe | //object | //embed | //img | //base")]
    for style in tree.xpath("//style/text()") + tree.xpath("//@style"):
        found += re.findall(r"url\(|@import", style)
    return found


@pytest.fixture(scope="module")
def sample_page(tmp_path_factory) -> tuple[Path, dict]:
    """The bundled sample report through the command line: its page and its JSON."""
    out = tmp_path_factory.mktemp("html")
    target = out / "report.html"
    done = run(str(SAMPLE_DOCX), "--output", str(target))
    assert done.returncode == 1, done.stderr  # gaps found, as the table says
    data = json.loads(run(str(SAMPLE_DOCX), "--format", "json").stdout)
    return target, data


def test_sample_page_rows_agree_with_the_json(sample_page):
    target, data = sample_page
    tree = page(target.read_text(encoding="utf-8"))
    document = data["documents"][0]
    assert items_of(tree) == {item["id"]: item["status"] for item in document["items"]}
    assert tree.xpath("/html/@lang") == ["zh-CN"] and tree.xpath("/html/@dir") == ["ltr"]
    assert tree.xpath("//h1")[0].text_content() == "湖南科技学院2023年度信息公开工作报告"
    facts = tree.xpath("//dl[@class='facts']")[0].text_content()
    assert "湖南科技学院" in facts and "2023-01-01 – 2023-11-24" in facts and "第20段" in facts
    assert "信息公开年度报告" in facts
    score = tree.xpath("//div[@class='score']")[0].text_content()
    assert f"{document['summary']['score']['total']:.1f}" in score and "清单事项完成度" in score
    counts = tree.xpath("//ul[@class='counts']")[0].text_content()
    assert "✘ 未公开 31" in " ".join(counts.split())
    # the missing part is named, the others listed as present
    assert "缺少：第8部分 清单事项公开情况表" in tree.xpath("//p[@class='alert']")[0].text_content()
    assert len(tree.xpath("//ol[@class='parts']/li")) == 8
    # items grouped by category: ten groups of the JSON's items by category
    groups = tree.xpath("//table[@class='items']/tbody")
    assert len(groups) == 10
    for group in groups:
        ids = [int(row.get("data-item")) for row in group.xpath("tr[@data-item]")]
        assert ids == [i["id"] for i in document["items"] if str(i["category_id"]) == group.get("data-category")]
    # a row shows status, evidence with its place, and what is missing
    row = tree.xpath("//tr[@data-item='2']")[0]
    text = " ".join(row.text_content().split())
    assert "◐ 部分公开" in text and "各类文件及规章制度的制定与实施情况；" in text and "[¶25]" not in text
    assert row.xpath(".//span[@class='loc']")[0].text == "第25段" and "缺少：学校章程" in text
    # with JS off everything is shown; the filter controls only appear with the script
    assert not tree.xpath("//tr[@data-item][@hidden]") and tree.xpath("//div[@id='filters'][@hidden]")
    assert [o.text for o in tree.xpath("//select[@name='category']/option")][:2] == ["全部类别", "1. 基本信息"]
    # findings grouped by rule, with their evidence
    rules = [code.text for code in tree.xpath("//div[@class='rule']/h3/code")]
    assert rules == list(dict.fromkeys(f["rule"] for f in document["findings"]))
    parts_sum = tree.xpath("//div[@class='rule'][h3/code='consistency.parts-sum']//ul[@class='quotes']/li")
    assert len(parts_sum) == 2
    about = " ".join(tree.xpath("//footer")[0].text_content().split())
    assert "moe-2014" in about and "教办函〔2014〕23号" in about and "高等学校信息公开事项清单" in about
    assert f"disclosure-check {data['tool']['version']}" in about
    assert f"disclosure-check {SAMPLE_DOCX} --output {target}" in about
    assert not tree.xpath("//section[contains(@id, 'links')]")  # no link check was run


def test_sample_page_is_self_contained(sample_page):
    target, _ = sample_page
    tree = page(target.read_text(encoding="utf-8"))
    assert external_references(tree) == []
    assert len(tree.xpath("//script")) == 1 and not tree.xpath("//script/@src")
    policy = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert "default-src 'none'" in policy and "script-src 'sha256-" in policy
    for href in tree.xpath("//@href"):  # every anchor leads somewhere on the page
        assert tree.xpath(f"//*[@id='{href[1:]}']"), href


def test_report_text_is_escaped_and_only_web_links_are_links(tmp_path):
    lines = builders.lines_of(builders.SAMPLE)
    rows = [("序号", "公开事项", "公开情况", "公开网址"),
            ("2", f"学校章程{HOSTILE}", "已公开", ("章程", "javascript:alert(1)")),
            ("3", "教职工代表大会相关制度、工作报告", "已公开", ("制度", "https://example.edu.cn/jdh?a=1&b=<2>"))]
    report = builders.to_docx([*lines, f"附：{HOSTILE}"], tmp_path / f"{HOSTILE[:8]}.docx", tables=[rows])
    target = tmp_path / "out.html"
    done = run(str(report), "--output", str(target))
    assert done.returncode == 1, done.stderr
    text = target.read_text(encoding="utf-8")
    tree = page(text)
    assert len(tree.xpath("//script")) == 1 and not tree.xpath("//img")  # the report's markup stayed text
    assert HOSTILE in tree.xpath("//tr[@data-item='2']")[0].text_content()
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in text
    assert "javascript:" not in "".join(tree.xpath("//@href"))
    assert "javascript:alert(1)" in tree.xpath("//tr[@data-item='2']//span[@class='url']")[0].text
    assert tree.xpath("//tr[@data-item='3']//a/@href") == ["https://example.edu.cn/jdh?a=1&b=<2>"]
    assert tree.xpath("//tr[@data-item='3']//a/@rel") == ["noopener noreferrer"]
    assert [h for h in tree.xpath("//@href") if not h.startswith("#")] == ["https://example.edu.cn/jdh?a=1&b=<2>"]
    assert tree.xpath("//dl[@class='facts']//code")[0].text == str(report)  # the path, with its markup, as text


def test_english_page():
    result = sample_result("en")
    tree = page(html.render(result))
    assert tree.xpath("/html/@lang") == ["en"]
    assert tree.xpath("//p[@class='alert']")[0].text_content() == "Missing: Part 8: Checklist disclosure table"
    assert "moe-2014 《高等学校信息公开事项清单》 (教办函〔2014〕23号)" in tree.xpath("//footer")[0].text_content()
    row = " ".join(tree.xpath("//tr[@data-item='3']")[0].text_content().split())
    assert "Staff congress rules and work reports" in row and "✘ missing" in row
    assert tree.xpath("//tr[@data-item='2']//q/@lang") == ["zh-CN", "zh-CN"]  # quotes are the report's Chinese
    headings = [h.text_content() for h in tree.xpath("//h2")]
    assert headings[:4] == ["Report structure", "Coverage by category", "Checklist items", "Findings"]


def test_waived_and_regressed_items_are_marked():
    result = sample_result()
    items = result.documents[0].items
    items[2].waived, items[2].waiver = True, Waiver(reason="修订中", approved_by="党政办公室", expires="2099-03-31")
    items[3].baseline_status, items[3].regressed = "disclosed", True
    tree = page(html.render(result))
    waived = " ".join(tree.xpath("//tr[@data-item='3']")[0].text_content().split())
    assert "已豁免" in waived and "修订中" in waived and "党政办公室" in waived
    regressed = tree.xpath("//tr[@data-item='4']//span[@class='mark reg']")[0]
    assert regressed.text_content() == "↓ 退步" and regressed.get("title") == "基线为已公开"
    assert not tree.xpath("//tr[@data-item='5']//span[contains(@class, 'mark')]")


def test_link_check_results(tmp_path):
    from linkserver import LinkServer
    from linkserver import html as served
    from linkserver import page as route

    routes = {"/zc": route(served("学校章程", "学校章程全文")), "/gone": route(served("404"), 404)}
    with LinkServer(routes) as server:
        rows = [("序号", "公开事项", "公开情况", "公开网址"),
                (2, "学校章程及制定的各项规章制度", "已公开", server.url("/zc")),
                (3, "教职工代表大会相关制度、工作报告", "已公开", server.url("/gone"))]
        table = builders.to_xlsx({"清单": rows}, tmp_path / "清单.xlsx")
        target = tmp_path / "report.html"
        done = run(str(table), "--check-links", "--link-timeout", "3", "--link-cache", str(tmp_path / "cache.sqlite3"),
                   "--output", str(target))
    assert done.returncode == 1, done.stderr
    tree = page(target.read_text(encoding="utf-8"))
    checked = {row.xpath("td[1]/a")[0].text: row for row in tree.xpath("//section[@id='doc-links']//tbody/tr")}
    assert set(checked) == {server.url("/zc"), server.url("/gone")}
    assert checked[server.url("/zc")].get("data-link-status") == "ok"
    gone = checked[server.url("/gone")]
    assert gone.get("data-link-status") == "broken" and "✘ 无法打开" in gone.text_content()
    assert [cell.text_content() for cell in gone.xpath("td")[2:5]] == ["404", "3", "清单!D3"]
    # the item's own row says how its link fared
    assert "✘ 无法打开" in tree.xpath("//tr[@data-item='3']/td[4]")[0].text_content()
    assert "✔ 正常" in tree.xpath("//tr[@data-item='2']/td[4]")[0].text_content()
    assert "links.broken" in [code.text for code in tree.xpath("//div[@class='rule']/h3/code")]


def test_link_page_titles_are_escaped():
    from disclosure_check.result import LinkResult

    result = sample_result()
    result.documents[0].links = [LinkResult(url="javascript:alert(1)", status="skipped", locator="T1!D2", item=2,
                                            error="not http(s)"),
                                 LinkResult(url="https://example.edu.cn/ok", status="ok", http_status=200, item=3,
                                            locator="T1!D3", page_title=f"章程{HOSTILE}", elapsed_ms=8)]
    tree = page(html.render(result))
    rows = tree.xpath("//section[@id='doc-links']//tbody/tr")
    assert [row.get("data-link-status") for row in rows] == ["skipped", "ok"]
    assert rows[0].xpath("td[1]/span[@class='url']")[0].text == "javascript:alert(1)" and not rows[0].xpath(".//a")
    assert HOSTILE in rows[1].text_content() and len(tree.xpath("//script")) == 1 and not tree.xpath("//img")


def test_batch_page(tmp_path, sample_formats):
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ("txt", "docx", "html"):
        (folder / f"a-{name}.{name}").write_bytes(sample_formats[name].read_bytes())
    other = ["长沙示例大学2022年度信息公开工作报告", *builders.lines_of(builders.SAMPLE)[1:]]
    builders.to_docx(other, folder / "b.docx")
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    target = tmp_path / "index.html"
    done = run(str(folder), "--output", str(target), "-j", "1")
    assert done.returncode == 1, done.stderr
    data = json.loads(run(str(folder), "--format", "json", "-j", "1").stdout)
    tree = page(target.read_text(encoding="utf-8"))
    by_path = {d["path"]: d for d in data["documents"]}
    summary = tree.xpath("//table[contains(@class, 'documents')]/tbody/tr")
    assert sorted(row.get("data-document") for row in summary) == sorted(by_path)
    assert summary[-1].get("data-document").endswith("broken.docx")  # unreadable last
    assert "无法读取" in summary[-1].text_content()
    matrix = tree.xpath("//table[@class='matrix']/tbody/tr")
    assert len(matrix) == 5 and len(tree.xpath("//table[@class='matrix']/thead/tr/th")) == 51
    for row, line in zip(summary, matrix, strict=True):
        document = by_path[row.get("data-document")]
        anchor = row.xpath("th/a/@href")[0]
        assert line.xpath("th/a/@href") == [anchor]
        cells = line.xpath("td")
        statuses = {item["id"]: item["status"] for item in document["items"]}
        assert [c.get("class") for c in cells if c.get("class")] == [f"m st-{statuses[i]}" for i in sorted(statuses)]
        details = tree.xpath(f"//article[@id='{anchor[1:]}']")[0]
        assert details.get("data-document") == document["path"]
        assert items_of(details, ".") == statuses
        if document["items"]:
            score = row.xpath("td")[-1].text
            assert score == f"{document['summary']['score']['total']:.1f}"
    assert external_references(tree) == []
    assert len(tree.xpath("//div[@id='filters']")) == 1  # one set of filters for every document's rows
    ids = tree.xpath("//@id")
    assert len(ids) == len(set(ids))
    for href in tree.xpath("//@href"):
        assert href[1:] in ids, href


def test_batch_is_written_in_pieces_reading_each_document_once(monkeypatch):
    from disclosure_check.store import DocumentStore

    result = sample_result()
    store = DocumentStore()
    for index in range(40):
        store.append(result.documents[0].model_copy(update={"path": f"r{39 - index:02d}.docx"}))
    reads: list[int] = []
    original = DocumentStore.__getitem__
    monkeypatch.setattr(DocumentStore, "__getitem__", lambda self, i: reads.append(i) or original(self, i))
    pieces = list(html.chunks(RunResult.model_construct(tool=result.tool, documents=store)))  # as pipeline.run makes it
    assert reads == list(range(40)) and len(pieces) > 10
    tree = page("".join(pieces))
    articles = tree.xpath("//article")
    assert len(articles) == 40 and len(tree.xpath("//tr[@data-item]")) == 2000
    # details in the summary's order (by path here), each reached from its row
    paths = [row.get("data-document") for row in tree.xpath("//tr[@data-document]")]
    assert paths == sorted(paths) == [article.get("data-document") for article in articles]
    assert [row.xpath("th/a/@href")[0][1:] for row in tree.xpath("//tr[@data-document]")] == [a.get("id") for a in articles]


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_status_colours_pass_wcag_aa():
    css = (Path(html.__file__).parent / "templates" / "report.css").read_text(encoding="utf-8")
    colours = dict(re.findall(r"--([\w-]+): (#[0-9a-f]{6})", css))
    for name in ("disclosed", "partial", "stale", "missing", "not_applicable", "mark"):
        assert _contrast(colours[f"{name}-fg"], colours[f"{name}-bg"]) >= 4.5, name
        assert _contrast(colours[f"{name}-fg"], "#ffffff") >= 4.5, name
    for name in ("fg", "muted", "link"):
        assert _contrast(colours[name], "#ffffff") >= 4.5 and _contrast(colours[name], colours["head"]) >= 4.5, name
