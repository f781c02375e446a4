"""Link verification against a real HTTP server on 127.0.0.1 (tests/linkserver.py): fetching, judging, the
cache, safety, the pipeline in batch, and the command line on a 12-row 清单."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date

import builders
import pytest
from linkserver import (
    LinkServer,
    bomb_body,
    drip,
    endless,
    gzip_bomb,
    head_refused,
    html,
    page,
    redirect,
    slow,
    too_many_once,
)

from disclosure_check.checklist import load_checklist
from disclosure_check.config import Settings
from disclosure_check.links import wanted, worst
from disclosure_check.links.fetch import BODY_CAP, USER_AGENT, Cache, Options, Page, fetch_all
from disclosure_check.links.judge import judge, read_page
from disclosure_check.pipeline import check_file, run

CHECKLIST = load_checklist()
GBK_HEADERS = {"Content-Type": "text/html; charset=gbk"}


def fetch(server: LinkServer, paths: list[str], need_body: bool = True, **options: object) -> dict[str, Page]:
    pages = fetch_all({server.url(p): need_body for p in paths}, Options(**{"timeout": 2.0, **options}))
    return {p: pages[server.url(p)] for p in paths}


# --- fetching ---------------------------------------------------------------------------------------------------

def test_statuses_redirects_and_head_fallback():
    routes = {
        "/ok": page(html("学校章程")),
        "/chain/0": redirect("/chain/1", 301), "/chain/1": redirect("/chain/2", 307), "/chain/2": redirect("/ok", 308),
        "/loop/a": redirect("/loop/b"), "/loop/b": redirect("/loop/a"),
        **{f"/far/{i}": redirect(f"/far/{i + 1}") for i in range(12)}, "/far/12": page(html("学校章程")),
        "/head": head_refused(html("学校章程")),
        "/500": page(b"", 500), "/403": page(b"", 403),
        "/pdf": page(b"%PDF-1.4", headers={"Content-Type": "application/pdf"}),
    }
    with LinkServer(routes) as server:
        got = fetch(server, [*routes, "/missing"])
        requests = list(server.requests)
    assert (got["/ok"].http_status, got["/ok"].final_url, got["/ok"].kind) == (200, server.url("/ok"), "response")
    assert got["/chain/0"].final_url == server.url("/ok") and got["/chain/0"].http_status == 200
    assert got["/loop/a"].kind == "error" and got["/loop/a"].error.startswith("redirect loop")
    assert got["/far/0"].kind == "error" and got["/far/0"].error == "more than 10 redirects"
    assert got["/head"].http_status == 200 and got["/head"].body and ("HEAD", "/head") in requests
    assert ("GET", "/head") in requests
    assert got["/missing"].http_status == 404 and got["/500"].http_status == 500
    assert got["/403"].http_status == 403 and ("GET", "/403") in requests  # HEAD refused with 403: GET tried
    assert got["/pdf"].http_status == 200 and got["/pdf"].body is None and ("GET", "/pdf") not in requests
    assert [judge(got[p]).status for p in ("/ok", "/chain/0", "/loop/a", "/far/0", "/head", "/missing", "/500")] == [
        "ok", "ok", "broken", "broken", "ok", "broken", "broken"]


def test_head_only_when_no_body_is_needed():
    with LinkServer({"/ok": page(html("学校章程"))}) as server:
        got = fetch(server, ["/ok"], need_body=False)
        assert server.requests == [("HEAD", "/ok")]
    assert got["/ok"].body is None and judge(got["/ok"]).status == "ok"


def test_user_agent_names_the_tool_and_no_cookie_is_sent():
    seen: list[dict[str, str]] = []

    def record(h):  # type: ignore[no-untyped-def]
        seen.append(dict(h.headers))
        h.send(200, html("学校章程"), {"Set-Cookie": "session=secret; Path=/"})

    with LinkServer({"/a": record, "/b": record}) as server:
        fetch_all({server.url("/a"): False, server.url("/b"): False}, Options(jobs=1))
        fetch_all({server.url("/b").replace("//", "//user:pw@"): False}, Options())
    assert all(h["User-Agent"] == USER_AGENT and "disclosure-check" in USER_AGENT for h in seen)
    assert not any("Cookie" in h or "Authorization" in h for h in seen)


def test_429_waits_for_retry_after_then_succeeds():
    with LinkServer({"/busy": too_many_once(html("学校章程"), "1")}) as server:
        got = fetch(server, ["/busy"])
        assert server.counts["/busy"] == 3  # HEAD 429, HEAD 200, GET 200
    assert got["/busy"].http_status == 200 and judge(got["/busy"]).status == "ok"


def test_503_without_retry_after_gives_up_after_the_retries():
    with LinkServer({"/down": page(b"", 503)}) as server:
        got = fetch(server, ["/down"], need_body=False)
        assert server.counts["/down"] == 3
    assert got["/down"].http_status == 503 and judge(got["/down"]).status == "broken"


def test_hostile_servers_cost_only_their_link():
    bomb_body()  # built before the clock of the fetch starts
    routes = {"/drip": drip(), "/slow": slow(5, html("学校章程")), "/bomb": gzip_bomb(), "/endless": endless(),
              "/ok": page(html("学校章程")),
              "/bad-gzip": page(b"not gzip at all", headers={"Content-Encoding": "gzip"}),
              "/latin": page("<title>学校章程</title>".encode() + b"\xff\xfe\x00",
                             headers={"Content-Type": "text/html; charset=iso-8859-1"})}
    with LinkServer(routes) as server:
        got = fetch(server, list(routes), timeout=1.5)
    assert got["/drip"].kind == "timeout" and judge(got["/drip"]).status == "timeout"
    assert got["/slow"].kind == "timeout"
    assert got["/bomb"].kind == "response" and len(got["/bomb"].body) == BODY_CAP
    assert got["/endless"].kind == "response" and len(got["/endless"].body) == BODY_CAP
    assert read_page(got["/endless"]).title.startswith("无尽的页面")  # cut at the cap, still decoded as UTF-8
    assert got["/bad-gzip"].kind == "error" and "gzip" in got["/bad-gzip"].error
    assert judge(got["/latin"]).page_title == "学校章程"
    assert got["/ok"].http_status == 200 and judge(got["/ok"]).status == "ok"


def test_gbk_page_is_decoded_like_the_html_reader():
    body = html("财务、资产管理制度", "发布时间：2023-03-01 学校财务管理制度全文", charset="gbk")
    assert body.decode("gb18030") and b"\xb2\xc6\xce\xf1" in body  # 财务 in GBK
    with LinkServer({"/gbk": page(body, headers=GBK_HEADERS)}) as server:
        got = fetch(server, ["/gbk"])
    verdict = judge(got["/gbk"], CHECKLIST, CHECKLIST.item(15))
    assert (verdict.status, verdict.page_title, verdict.page_date) == ("ok", "财务、资产管理制度", "2023-03-01")


def test_never_link_local_and_private_only_when_asked():
    with LinkServer({"/meta": redirect("http://169.254.169.254/latest/meta-data/"), "/ok": page(html("学校章程"))}) as server:
        urls = ["http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/", server.url("/meta"), server.url("/ok"),
                "mailto:office@example.edu.cn", "ftp://example.edu.cn/x", "javascript:void(0)"]
        pages = fetch_all(dict.fromkeys(urls, True), Options())
        private = fetch_all({server.url("/ok"): True}, Options(exclude_private=True))
        excluded = fetch_all({server.url("/ok"): True}, Options(exclude=(__import__("re").compile(r"/ok$"),)))
        assert server.counts == {"/meta": 1, "/ok": 2}  # HEAD and GET of /ok once; nothing for the skipped
    assert pages[urls[0]].kind == pages[urls[1]].kind == pages[urls[2]].kind == "skipped"
    assert "link-local" in pages[urls[0]].error and "link-local" in pages[urls[1]].error
    assert "link-local" in pages[urls[2]].error  # a redirect there is refused too
    assert pages[urls[3]].kind == "response"
    assert [pages[u].error for u in urls[4:]] == ["not http(s): mailto", "not http(s): ftp", "not http(s): javascript"]
    assert private[server.url("/ok")].kind == "skipped" and "private" in private[server.url("/ok")].error
    assert excluded[server.url("/ok")].kind == "skipped" and "--link-exclude" in excluded[server.url("/ok")].error
    assert judge(pages[urls[0]]).status == "skipped"


def test_unresolvable_name_and_refused_connection_are_broken():
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    unresolvable = f"http://{'a' * 64}.example/"  # a label too long for DNS: fails without asking any server
    pages = fetch_all({f"http://127.0.0.1:{port}/": False, unresolvable: False}, Options(timeout=2))
    assert judge(pages[f"http://127.0.0.1:{port}/"]).status == "broken"
    assert "cannot connect" in pages[f"http://127.0.0.1:{port}/"].error
    assert judge(pages[unresolvable]).status == "broken" and pages[unresolvable].error.startswith("DNS")


def test_budget_skips_what_it_cannot_reach():
    with LinkServer({f"/s{i}": slow(3, html("学校章程")) for i in range(3)}) as server:
        got = fetch(server, ["/s0", "/s1", "/s2"], timeout=10, budget=1.0)
    assert {p.kind for p in got.values()} == {"skipped"}
    assert all("budget" in p.error for p in got.values())


def test_cache_second_run_makes_no_requests(tmp_path):
    routes = {"/ok": page(html("学校章程")), "/gone": page(b"", 404), "/slow": slow(3, b"")}
    cache = tmp_path / "cache" / "links.sqlite3"
    with LinkServer(routes) as server:
        first = fetch(server, ["/ok", "/gone", "/slow"], cache=cache, timeout=1)
        before = len(server.requests)
        second = fetch(server, ["/ok", "/gone"], cache=cache, timeout=1)
        assert len(server.requests) == before  # nothing asked again
        third = fetch(server, ["/slow"], cache=cache, timeout=1)
        assert len(server.requests) > before  # a timeout is not remembered
    assert second["/ok"].cached and second["/ok"].body == first["/ok"].body and second["/gone"].http_status == 404
    assert third["/slow"].kind == "timeout"
    assert Cache(None).get("x", True) is None
    Cache(None).put([Page("x")])


def test_cache_with_head_only_entry_is_read_again_when_the_body_is_needed(tmp_path):
    cache = tmp_path / "links.sqlite3"
    with LinkServer({"/ok": page(html("学校章程"))}) as server:
        fetch(server, ["/ok"], need_body=False, cache=cache)
        got = fetch(server, ["/ok"], need_body=True, cache=cache)
        assert server.requests.count(("GET", "/ok")) == 1
        fetch(server, ["/ok"], need_body=True, cache=cache)
        assert server.requests.count(("GET", "/ok")) == 1
    assert got["/ok"].body


def test_unusable_cache_file_is_ignored(tmp_path):
    cache = tmp_path / "links.sqlite3"
    cache.write_bytes(b"this is not a database" * 100)
    with LinkServer({"/ok": page(html("学校章程"))}) as server:
        got = fetch(server, ["/ok"], cache=cache)
    assert got["/ok"].http_status == 200


# --- judging (pure) -----------------------------------------------------------------------------------------

def _page(body: str | bytes, url: str = "https://www.example.edu.cn/info/1.htm", final: str | None = None,
          status: int = 200) -> Page:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return Page(url, http_status=status, final_url=final or url, content_type="text/html", body=data)


@pytest.mark.parametrize(("page_", "why"), [
    (_page("<title>页面不存在</title><p>返回首页</p>"), "error_page:页面不存在"),
    (_page("<title>提示</title><p>出错了！您访问的页面已被删除。</p>"), "error_page:出错了"),
    (_page("<title>404 Not Found</title>"), "error_page:404"),
    (_page("<title>学校</title>", final="https://www.example.edu.cn/"), "home"),
    (_page("<title>学校</title>", final="https://www.example.edu.cn/index.html"), "home"),
    (_page("<title>统一身份认证</title>", final="https://ids.example.edu.cn/authserver/login?service=x"), "login"),
    (_page("<title>用户登录</title><p>用户名 密码</p>"), "login"),
])
def test_soft_404(page_, why):
    verdict = judge(page_, CHECKLIST, CHECKLIST.item(2))
    assert (verdict.status, verdict.why) == ("soft_404", why)


def test_home_title_and_home_itself():
    home = _page("<title>某某大学</title>", url="https://www.example.edu.cn/")
    assert judge(home, home_title="某某大学").status == "ok"  # the home page itself is no soft 404
    copy = _page("<title>某某大学</title><p>学校章程</p>")
    assert judge(copy, CHECKLIST, CHECKLIST.item(2), home_title="某某大学").why == "home_title"
    long_article = _page("<title>学校章程</title><p>" + "学校章程第一章总则。" * 100 + "错误代码 404 不影响</p>")
    assert judge(long_article, CHECKLIST, CHECKLIST.item(2)).status == "ok"


def test_mismatch_uses_the_checkers_normalised_matcher():
    traditional = _page("<title>學校章程</title><p>全文</p>")  # traditional characters, normalised like reports
    assert judge(traditional, CHECKLIST, CHECKLIST.item(2)).status == "ok"
    wrong = _page("<title>运动会开幕</title><p>我校第十届运动会今日开幕。</p>")
    assert judge(wrong, CHECKLIST, CHECKLIST.item(2)).status == "mismatch"
    assert judge(wrong).status == "ok"  # a link of no item is not judged by content
    in_text = _page("<title>通知公告</title><p>关于印发学籍管理办法的通知</p>")
    assert judge(in_text, CHECKLIST, CHECKLIST.item(36)).status == "ok"


@pytest.mark.parametrize(("body", "url", "expected"), [
    ('<meta name="PubDate" content="2020-10-30 09:00"><title>t</title>', None, "2020-10-30"),
    ('<meta property="article:published_time" content="2021-03-05T08:00:00+08:00">', None, "2021-03-05"),
    ("<title>t</title><div>发布时间：2021-10-30 来源：教务处</div>", None, "2021-10-30"),
    ("<title>t</title><span>发布日期：2021年10月30日</span>", None, "2021-10-30"),
    ("<title>t</title><span>作者：办公室 时间：2019/6/1 点击：12</span>", None, "2019-06-01"),
    ("<title>t</title><p>统计时间：2022年9月1日至2023年8月31日</p>", None, None),
    ("<title>t</title>", "https://www.example.edu.cn/info/2021/1030/12.htm", "2021-10-30"),
    ("<title>t</title>", "https://www.example.edu.cn/xxgk/202110/t20211030_77.html", "2021-10-30"),
])
def test_page_date(body, url, expected):
    page_ = _page(body, url=url or "https://www.example.edu.cn/a.htm")
    assert judge(page_).page_date == expected


def test_stale_page_against_the_oldest_allowed_date():
    old = _page("<title>本科教学质量报告</title><div>发布时间：2020-10-30</div>")
    assert judge(old, CHECKLIST, CHECKLIST.item(35), oldest=date(2022, 1, 1)).status == "stale_page"
    assert judge(old, CHECKLIST, CHECKLIST.item(35), oldest=date(2020, 1, 1)).status == "ok"
    assert judge(old, CHECKLIST, CHECKLIST.item(35)).status == "ok"  # no freshness data: never stale


def test_failures_and_worst():
    assert judge(Page("u", kind="timeout", error="slow")).status == "timeout"
    assert judge(Page("u", kind="error", error="TLS: bad certificate")).why == "TLS: bad certificate"
    assert judge(Page("u", http_status=410)).why == "HTTP 410"
    assert worst(["ok", "mismatch", "broken"]) == "broken" and worst([None, "ok"]) == "ok" and worst([]) is None


# --- the pipeline --------------------------------------------------------------------------------------------

HEADER = ["序号", "公开事项", "公开情况", "网址"]


def _table(rows: list[tuple[int, str, object]]) -> dict[str, list[list[object]]]:
    return {"清单": [HEADER, *[[n, CHECKLIST.item(n).title, "已公开", link] for n, _, link in rows]]}


def test_collect_rows_evidence_and_all(tmp_path):
    text = ("某大学2023年度信息公开工作年度报告\n学校在官网公开了学校章程（https://www.example.edu.cn/zc.htm）。\n"
            "联系我们：https://www.example.edu.cn/contact.htm\n")
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    rows = check_file(path, CHECKLIST, Settings(check_links="rows"))
    assert [(link.url, link.item, link.locator) for link in rows.links] == [
        ("https://www.example.edu.cn/zc.htm", 2, "L2")]
    every = check_file(path, CHECKLIST, Settings(check_links="all"))
    assert [(link.url, link.item) for link in every.links] == [
        ("https://www.example.edu.cn/zc.htm", 2), ("https://www.example.edu.cn/contact.htm", None)]
    assert check_file(path, CHECKLIST, Settings()).links == []
    assert wanted(every.links) == {"https://www.example.edu.cn/zc.htm": True, "https://www.example.edu.cn/": True,
                                   "https://www.example.edu.cn/contact.htm": False}


def test_batch_fetches_a_shared_url_once(tmp_path):
    routes = {"/": page(html("某某大学")), "/zc": page(html("学校章程")), "/xj": page(html("学籍管理办法"))}
    with LinkServer(routes) as server:
        paths = [builders.to_xlsx(_table([(2, "", server.url("/zc")), (36, "", (("链接", server.url("/xj"))))]),
                                  tmp_path / f"d{i}.xlsx") for i in range(3)]
        seen = []
        result = run(paths, Settings(check_links="rows", link_cache=False), jobs=2,
                     each=lambda d: seen.append(d.path) or False)
        assert sorted(server.requests) == sorted([("HEAD", p) for p in routes] + [("GET", p) for p in routes])
    assert seen == [str(p) for p in paths]
    for document in result.documents:
        assert [(link.item, link.status, link.locator) for link in document.links] == [
            (2, "ok", "清单!D2"), (36, "ok", "清单!D3")]
    import io

    import openpyxl

    from disclosure_check.render import summary_xlsx

    sheet = openpyxl.load_workbook(io.BytesIO(summary_xlsx.render(result)))["链接"]
    assert [(r[0].value, r[1].value, r[3].value) for r in sheet.iter_rows(min_row=2)] == [
        (str(p), n, "正常") for p in paths for n in (2, 36)]


def _twelve_rows(server: LinkServer) -> dict[str, list[list[object]]]:
    rows = [
        (2, "ok", server.url("/ok")),
        (36, "redirect", server.url("/moved")),
        (38, "404", server.url("/gone")),
        (39, "500", server.url("/error")),
        (41, "home-redirect", server.url("/old-column")),
        (42, "error page", server.url("/deleted")),
        (48, "timeout", server.url("/slow")),
        (26, "wrong page", server.url("/news")),
        (35, "old page", server.url("/report")),
        (15, "GBK page", ("链接", server.url("/gbk"))),
        (24, "HEAD refused", server.url("/no-head")),
        (40, "429 once", server.url("/busy")),
    ]
    return _table(rows)


TWELVE_ROUTES = {
    "/": page(html("某某大学")),
    "/ok": page(html("学校章程")),
    "/moved": redirect("/new/xj.htm", 301), "/new/xj.htm": page(html("学籍管理办法")),
    "/gone": page(html("404"), 404),
    "/error": page(b"", 500),
    "/old-column": redirect("/"),
    "/deleted": page(html("提示", "对不起，您访问的页面不存在！")),
    "/slow": slow(6, html("来华留学生管理相关规定")),
    "/news": page(html("我校举行第十届运动会", "运动会今日开幕。")),
    "/report": page(html("本科教学质量报告", "发布时间：2020-10-30")),
    "/gbk": page(html("财务、资产管理制度", "学校财务管理制度", charset="gbk"), headers=GBK_HEADERS),
    "/no-head": head_refused(html("岗位设置管理与聘用办法")),
    "/busy": too_many_once(html("学风建设机构"), "1"),
}
EXPECTED = {38: "links.broken", 39: "links.broken", 41: "links.soft-404", 42: "links.soft-404", 48: "links.timeout",
            26: "links.mismatch", 35: "links.stale-page"}


def test_cli_twelve_row_table(tmp_path):
    with LinkServer(TWELVE_ROUTES) as server:
        table = builders.to_xlsx(_twelve_rows(server), tmp_path / "清单.xlsx")
        env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
        args = [sys.executable, "-m", "disclosure_check", str(table), "--check-links", "--link-timeout", "3",
                "--year", "2023", "--format", "json", "--link-cache", str(tmp_path / "cache.sqlite3")]
        done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    document = json.loads(done.stdout)["documents"][0]
    findings = {f["item"]: f["rule"] for f in document["findings"] if f["rule"].startswith("links.")}
    assert findings == EXPECTED
    assert len([f for f in document["findings"] if f["rule"].startswith("links.")]) == len(EXPECTED)
    links = {link["item"]: link for link in document["links"]}
    assert {n: link["status"] for n, link in links.items()} == {
        2: "ok", 36: "ok", 38: "broken", 39: "broken", 41: "soft_404", 42: "soft_404", 48: "timeout",
        26: "mismatch", 35: "stale_page", 15: "ok", 24: "ok", 40: "ok"}
    assert links[36]["final_url"].endswith("/new/xj.htm") and links[38]["http_status"] == 404
    assert links[15]["page_title"] == "财务、资产管理制度" and links[15]["locator"] == "清单!D11"
    assert links[35]["page_date"] == "2020-10-30" and links[35]["error"] == "2022-01-01"  # the oldest allowed
    assert (links[41]["error"], links[42]["error"]) == ("home", "error_page:页面不存在")
    assert links[40]["http_status"] == 200 and links[24]["http_status"] == 200
    assert set(links[2]) == {"url", "status", "http_status", "final_url", "item", "locator", "page_title",
                             "page_date", "elapsed_ms", "error"}
    broken = next(f for f in document["findings"] if f["item"] == 38)
    assert broken["severity"] == "error" and broken["locator"] == "清单!D4"
    assert broken["evidence"][0]["link"] == links[38]["url"] and broken["evidence"][0]["locator"] == "清单!D4"
    assert broken["evidence"][0]["place"] == "清单!D4"  # a cell reads as it is
    assert next(f for f in document["findings"] if f["item"] == 26)["severity"] == "warning"
    item35 = next(i for i in document["items"] if i["id"] == 35)
    assert item35["status"] == "stale" and links[35]["url"] in item35["message"]
    assert document["summary"]["stale"] >= 1


def test_cli_fail_on_ranks_and_settings(tmp_path):
    routes = {"/": page(html("某某大学")), "/ok": page(html("学校章程")), "/news": page(html("运动会"))}
    with LinkServer(routes) as server:
        table = builders.to_xlsx(_table([(2, "", server.url("/ok")), (36, "", server.url("/news"))]),
                                 tmp_path / "t.xlsx")
        env = {**os.environ, "NO_COLOR": "1"}

        def cli(*extra: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run([sys.executable, "-m", "disclosure_check", str(table), "--format", "json",
                                   "--no-link-cache", "--not-applicable", "1,3-35,37-50", *extra],
                                  capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path)

        mismatch_only = cli("--check-links", "--fail-on", "error")
        assert mismatch_only.returncode == 0, mismatch_only.stderr  # a mismatch is a warning
        assert cli("--check-links", "--fail-on", "warning").returncode == 1
        before = len(server.requests)
        assert json.loads(cli().stdout)["documents"][0]["links"] == []  # off by default: no request
        assert len(server.requests) == before
        (tmp_path / ".disclosure-check.toml").write_text('check-links = "all"\nlink-exclude = ["/news$"]\n',
                                                         encoding="utf-8")
        configured = json.loads(cli().stdout)["documents"][0]["links"]
        assert {link["status"] for link in configured} == {"ok", "skipped"}
        bad = cli("--check-links", "--link-exclude", "([")
        assert bad.returncode == 2 and "--link-exclude" in bad.stderr and "Traceback" not in bad.stderr


def test_links_reach_every_format(tmp_path):
    import csv
    import io

    import openpyxl
    from rich.console import Console

    from disclosure_check.render import machine_renderer, table

    routes = {"/": page(html("某某大学")), "/ok": page(html("学校章程")), "/gone": page(b"", 404)}
    with LinkServer(routes) as server:
        path = builders.to_xlsx(_table([(2, "", server.url("/ok")), (36, "", server.url("/gone"))]), tmp_path / "t.xlsx")
        result = run([path], Settings(check_links="rows", link_cache=False))
    assert result.tool.check_links == "rows"
    rows = list(csv.reader(io.StringIO(machine_renderer("csv")(result).decode("utf-8-sig"))))
    assert rows[0][-1] == "链接检查"
    by_item = {row[1]: row[-1] for row in rows[1:]}
    assert (by_item["2"], by_item["36"], by_item["3"]) == ("正常", "无法打开", "")
    workbook = openpyxl.load_workbook(io.BytesIO(machine_renderer("xlsx")(result)))
    gaps = workbook["差距清单"]
    assert gaps.cell(1, gaps.max_column).value == "链接检查"
    assert {gaps.cell(r, 1).value: gaps.cell(r, gaps.max_column).value for r in range(2, gaps.max_row + 1)}[36] == "无法打开"
    links = workbook["链接"]
    assert [c.value for c in links[1]][:4] == ["序号", "链接", "链接检查", "HTTP 状态"]
    assert [(r[0].value, r[1].value, r[2].value, r[3].value) for r in links.iter_rows(min_row=2)] == [
        (2, server.url("/ok"), "正常", 200), (36, server.url("/gone"), "无法打开", 404)]
    sarif = json.loads(machine_renderer("sarif")(result))
    assert any(r["ruleId"] == "links.broken" for r in sarif["runs"][0]["results"])
    assert b"links.broken" in machine_renderer("junit")(result)
    assert "links.broken" in machine_renderer("markdown")(result)
    assert "链接检查：2 个链接 · 1 正常 · 1 无法打开" in machine_renderer("markdown")(result)
    assert server.url("/gone") in machine_renderer("github")(result)
    console = Console(file=io.StringIO(), width=200, no_color=True)
    table.render(result, console)
    shown = console.file.getvalue()
    assert "链接无法打开" in shown and "链接检查：2 个链接 · 1 正常 · 1 无法打开" in shown
    plain = run([path], Settings())
    assert machine_renderer("csv")(plain).decode("utf-8-sig").splitlines()[0].split(",")[-1] != "链接检查"
    assert "链接" not in openpyxl.load_workbook(io.BytesIO(machine_renderer("xlsx")(plain))).sheetnames


def test_retry_after_beyond_the_cap_is_not_waited_for():
    with LinkServer({"/later": page(b"", 429, {"Retry-After": "3600"})}) as server:
        got = fetch(server, ["/later"])
        assert server.requests == [("HEAD", "/later")]
    assert judge(got["/later"]).why == "HTTP 429"


def test_tls_failure_is_broken():
    with LinkServer({"/ok": page(html("学校章程"))}) as server:  # plain HTTP: a TLS handshake with it fails
        url = server.url("/ok").replace("http://", "https://")
        got = fetch_all({url: True}, Options(timeout=3))[url]
    assert judge(got).status == "broken" and got.error.startswith("TLS")


@pytest.mark.parametrize(("args", "expected"), [
    (["a.xlsx", "--check-links"], ["a.xlsx", "--check-links=rows"]),
    (["--check-links", "a.xlsx"], ["--check-links=rows", "a.xlsx"]),
    (["--check-links", "all", "a.xlsx"], ["--check-links=all", "a.xlsx"]),
    (["a.xlsx", "--check-links=false"], ["a.xlsx", "--check-links=false"]),
])
def test_check_links_alone_means_rows(args, expected):
    from disclosure_check.cli import _links_flag

    assert _links_flag(args) == expected


def test_progress_bar_on_a_terminal_only(tmp_path):
    import pty
    import threading

    routes = {"/": page(html("某某大学")), "/ok": slow(1, html("学校章程"))}
    with LinkServer(routes) as server:
        table = builders.to_xlsx(_table([(2, "", server.url("/ok"))]), tmp_path / "t.xlsx")
        args = [sys.executable, "-m", "disclosure_check", str(table), "--check-links", "--no-link-cache", "-f", "json"]
        master, slave = pty.openpty()
        seen = bytearray()

        def drain() -> None:  # read as it is written: a full terminal buffer would block the CLI
            while True:
                try:
                    chunk = os.read(master, 4096)
                except OSError:
                    return
                if not chunk:
                    return
                seen.extend(chunk)

        reader = threading.Thread(target=drain, daemon=True)
        reader.start()
        done = subprocess.run(args, stdout=subprocess.PIPE, stderr=slave, text=True, timeout=120, cwd=tmp_path,
                              env={**os.environ, "COLUMNS": "100"})
        os.close(slave)
        reader.join(5)
        os.close(master)
        piped = subprocess.run(args, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert json.loads(done.stdout)["documents"][0]["links"][0]["status"] == "ok"
    assert "检查链接" in seen.decode("utf-8", "replace")
    assert "检查链接" not in piped.stderr and json.loads(piped.stdout)["documents"][0]["links"][0]["status"] == "ok"


def test_each_host_is_resolved_once(monkeypatch):
    import asyncio

    lookups: list[str] = []
    real = asyncio.BaseEventLoop.getaddrinfo

    async def counted(self, host, *args, **kwargs):  # type: ignore[no-untyped-def]
        lookups.append(host)
        return await real(self, host, *args, **kwargs)

    monkeypatch.setattr(asyncio.BaseEventLoop, "getaddrinfo", counted)
    with LinkServer({f"/p{i}": page(html("学校章程")) for i in range(6)}) as server:
        port = server.server_address[1]
        pages = fetch_all({f"http://localhost:{port}/p{i}": True for i in range(6)}, Options())
    assert {p.http_status for p in pages.values()} == {200}
    assert lookups.count("localhost") == 1


def test_a_date_only_in_the_link_as_written_is_left_to_the_freshness_rule():
    dated = "https://www.example.edu.cn/info/2021/1030/12.htm"
    written_only = _page("<title>本科教学质量报告</title>", url=dated)
    verdict = judge(written_only, CHECKLIST, CHECKLIST.item(35), oldest=date(2022, 1, 1))
    assert (verdict.status, verdict.page_date) == ("ok", "2021-10-30")  # rules/freshness.py reports that path
    moved = _page("<title>本科教学质量报告</title>", url="https://www.example.edu.cn/bkjx",
                  final="https://www.example.edu.cn/info/2021/1030/12.htm")
    assert judge(moved, CHECKLIST, CHECKLIST.item(35), oldest=date(2022, 1, 1)).status == "stale_page"


def test_big5_page_declared_only_in_the_http_header():
    body = "<html><head><title>章程</title></head></html>".encode("big5")  # too short for the bytes to tell
    page_ = Page("https://www.example.edu.tw/a", http_status=200, final_url="https://www.example.edu.tw/a",
                 content_type="text/html; charset=big5", body=body)
    assert judge(page_).page_title == "章程"
    unlabelled = Page(page_.url, http_status=200, final_url=page_.url, content_type="text/html", body=body)
    assert judge(unlabelled).page_title != "章程"


def test_link_settings(tmp_path):
    from disclosure_check.config import load_settings
    from disclosure_check.errors import InputError
    from disclosure_check.links import cache_path

    assert [Settings(**{"check-links": v}).check_links for v in (True, False, "false", "all", "rows")] == [
        "rows", None, None, "all", "rows"]
    with pytest.raises(ValueError):
        Settings(**{"check-links": "everything"})
    (tmp_path / "sub").mkdir()
    (tmp_path / ".disclosure-check.toml").write_text(
        'check-links = true\nlink-cache = "cache/links.db"\nlink-jobs = 4\nlink-exclude = "^https://intranet\\\\."\n',
        encoding="utf-8")
    settings = load_settings(tmp_path / "sub", {})
    assert (settings.check_links, settings.link_jobs, settings.link_exclude) == ("rows", 4, ["^https://intranet\\."])
    assert cache_path(settings) == tmp_path / "cache" / "links.db"  # relative to the settings file
    assert cache_path(load_settings(tmp_path / "sub", {"link_cache": False})) is None
    assert cache_path(Settings()).name == "links.sqlite3"
    with pytest.raises(InputError):
        load_settings(tmp_path / "sub", {"link_jobs": 0})


def test_bodies_are_let_go_once_read(tmp_path):
    body = html("学校章程")

    def size(page_: Page) -> int:
        return len(page_.body)
    with LinkServer({"/ok": page(body)}) as server:
        cache = tmp_path / "links.sqlite3"
        fresh = fetch_all({server.url("/ok"): True}, Options(cache=cache), digest=size)[server.url("/ok")]
        cached = fetch_all({server.url("/ok"): True}, Options(cache=cache), digest=size)[server.url("/ok")]
    assert (fresh.body, fresh.digest, cached.body, cached.digest, cached.cached) == (None, len(body), None, len(body), True)
