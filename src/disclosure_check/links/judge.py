"""What a fetched page says about the link that led to it: a pure function of the page, the row's item and the
oldest date the item's freshness allows; no I/O, so every verdict is testable without a network.

Page dates are read here rather than with htmldate: on Chinese pages htmldate read "发布日期：2021年10月30日" as
2021-01-01 and missed /2021/1030/ paths (docs/DESIGN.md), and it brings dateparser with it. The project's own
date and URL-date readers already know those spellings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from disclosure_check.checklist import Checklist, Item
from disclosure_check.links.fetch import Page
from disclosure_check.matching import HitKind, matcher_for
from disclosure_check.text import display, find_dates, key, url_date

OK, BROKEN, TIMEOUT, SOFT_404, MISMATCH, STALE_PAGE, SKIPPED = (
    "ok", "broken", "timeout", "soft_404", "mismatch", "stale_page", "skipped")
# Worst first: the status an item's links column shows when it has several.
SEVERITY_ORDER = (BROKEN, TIMEOUT, SOFT_404, MISMATCH, STALE_PAGE, SKIPPED, OK)

# What error pages say. Matched in the title, or anywhere in a page with little text (a long article that
# mentions 404 once is not an error page).
_ERROR_PHRASES = re.compile(
    r"页面不存在|页面未找到|找不到(?:该|此|您要访问的)?页面|页面已(?:被)?删除|文章不存在|信息不存在|"
    r"内容不存在|记录不存在|出错了|错误提示|系统错误|访问出错|无法访问|不存在或已被删除|\b404\b|not\s+found|"
    r"page\s+(?:does\s+not|doesn't)\s+exist|error\s+page",
    re.IGNORECASE)
TITLE_LIMIT = 120
_SHORT_PAGE = 600  # characters of text below which a page is judged by its whole text
_HOME_PATHS = re.compile(r"^/?(?:(?:index|default|main|home)\.(?:s?html?|jsp|php|aspx?|do))?$", re.IGNORECASE)
_LOGIN_PATH = re.compile(r"(?:^|[/._-])(?:login|signin|sign-in|sso|cas|authserver|passport|auth)(?:$|[/._?-])",
                         re.IGNORECASE)
_LOGIN_TITLE = re.compile(r"登录|登陆|统一身份认证|身份认证|log\s*in|sign\s*in", re.IGNORECASE)
_META = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""([a-zA-Z:_.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_DATE_META = frozenset({
    "pubdate", "publishdate", "publish_date", "publishtime", "publish-date", "article:published_time",
    "og:published_time", "og:article:published_time", "datepublished", "dc.date", "dc.date.issued",
    "dc.date.created", "dcterms.created", "dcterms.issued", "firstpublishedtime", "releasedate", "createdate",
    "date", "sitepublishdate", "contentpublishdate",
})
_DATE_LABEL = re.compile(r"(?:发布|更新|发表|发稿|公布|上传|录入|印发|成文)(?:时间|日期)|(?<![统计])(?:时间|日期)\s*[:：]")


@dataclass(frozen=True, slots=True)
class Judgement:
    status: str
    page_title: str | None = None
    page_date: str | None = None  # ISO
    why: str | None = None  # for statuses other than ok: a detail ("HTTP 404", "home", the error phrase)


@dataclass(frozen=True, slots=True)
class Reading:
    """What the verdicts need of an HTML page, small enough to keep for every page of a run (the body is not)."""

    title: str
    date: date | None
    items: frozenset[int]  # checklist items the title or text names (the checker's matcher)
    error_phrase: str | None  # an error page's wording, in the title or a short page
    login: bool  # a short page titled 登录/统一身份认证


def judge(page: Page, checklist: Checklist | None = None, item: Item | None = None, oldest: date | None = None,
          home_title: str | None = None, reading: Reading | None = None) -> Judgement:
    """The link's status. `item` (with its `checklist`) asks whether the page names the item; `oldest` is the
    earliest page date the item's freshness allows; `home_title` the title of the site's home page; `reading`
    the page already read (`read_page`), when its body has been let go."""
    if page.kind == "skipped":
        return Judgement(SKIPPED, why=page.error)
    if page.kind == "timeout":
        return Judgement(TIMEOUT, why=page.error)
    if page.kind != "response" or page.http_status is None:
        return Judgement(BROKEN, why=page.error)
    if page.http_status >= 400:
        return Judgement(BROKEN, why=f"HTTP {page.http_status}")
    if reading is None:
        reading = read_page(page, checklist)
    title = reading.title if reading else None
    written = url_date(page.url)
    found = (reading.date if reading else None) or url_date(page.final_url or "") or written
    page_date = found.isoformat() if found else None
    # A date that only the link as written carries was judged already (rules/freshness.py): not twice.
    dates_page = found is not None and not (found == written and url_date(page.final_url or "") in (None, written)
                                            and not (reading and reading.date))

    def verdict(status: str, why: str | None = None) -> Judgement:
        return Judgement(status, title or None, page_date, why)

    if page.http_status >= 300:
        return verdict(BROKEN, f"HTTP {page.http_status}")
    if soft := _soft_404(page, reading, home_title):
        return verdict(SOFT_404, soft)
    if item is not None and reading is not None and item.id not in reading.items:
        return verdict(MISMATCH)
    if oldest is not None and dates_page and found < oldest:  # type: ignore[operator]
        return verdict(STALE_PAGE, oldest.isoformat())
    return verdict(OK)


def read_page(page: Page, checklist: Checklist | None = None) -> Reading | None:
    """What an HTML body says (the items it names, with `checklist`); None when there is no body to read."""
    if not page.body:
        return None
    from disclosure_check.links.fetch import BODY_CAP
    from disclosure_check.readers.html import decode_html, parse

    body = page.body
    if len(body) >= BODY_CAP and (cut := body.rfind(b"<")) > 0:
        body = body[:cut]  # a body cut at the cap ends inside a character; "<" is ASCII in UTF-8 and GBK alike
    markup = decode_html(body, _charset(page.content_type))
    document = parse(markup, page.url)
    text = "\n".join(b.text for b in document.blocks)
    title = display(document.title or "")
    title = title if len(title) <= TITLE_LIMIT else title[:TITLE_LIMIT] + "…"
    short = len(text) < _SHORT_PAGE
    phrase = _ERROR_PHRASES.search(title) or (_ERROR_PHRASES.search(text) if short else None)
    return Reading(title, _meta_date(markup[:65536]) or _labelled_date(text),
                   named_items(checklist, f"{title}\n{text}") if checklist is not None else frozenset(),
                   phrase.group() if phrase else None,
                   bool(_LOGIN_TITLE.search(title)) and len(text) < _SHORT_PAGE * 2)


def _charset(content_type: str | None) -> str | None:
    """The charset an HTTP Content-Type header declares (used when the page itself declares none). Western
    single-byte labels are dropped: servers send them by default, and they would decode anything as mojibake."""
    import codecs

    match = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-:.]+)", content_type or "", re.IGNORECASE)
    try:
        western = match is not None and codecs.lookup(match.group(1)).name in ("iso8859-1", "cp1252", "ascii")
    except LookupError:
        return None
    return match.group(1) if match and not western else None


def named_items(checklist: Checklist, text: str) -> frozenset[int]:
    """The items the text names, by the checker's own normalised matcher (an excluded phrase hides the keyword
    inside it, as in a report)."""
    return frozenset(hit.pattern.item for hit in matcher_for(checklist).scan([key(text)])
                     if hit.pattern.kind is not HitKind.exclude)


def _soft_404(page: Page, reading: Reading | None, home_title: str | None) -> str | None:
    asked, landed = urlsplit(page.url), urlsplit(page.final_url or page.url)
    asked_home = _HOME_PATHS.match(asked.path) is not None and not asked.query
    if not asked_home and _HOME_PATHS.match(landed.path) and not landed.query:
        return "home"
    if _LOGIN_PATH.search(landed.path) and not _LOGIN_PATH.search(asked.path):
        return "login"
    if reading is None:
        return None
    if reading.login:
        return "login"
    if reading.error_phrase:
        return f"error_page:{reading.error_phrase}"
    if home_title and not asked_home and key(reading.title) and key(reading.title) == key(home_title):
        return "home_title"
    return None


def _meta_date(head: str) -> date | None:
    for tag in _META.finditer(head):
        attrs = {m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or "" for m in _ATTR.finditer(tag.group())}
        name = (attrs.get("name") or attrs.get("property") or attrs.get("itemprop") or "").lower()
        if name in _DATE_META and (found := find_dates(attrs.get("content", ""))):
            return found[0][0]
    return None


def _labelled_date(text: str) -> date | None:
    """The date after 发布时间/发布日期/更新时间… (the first such label with a date right after it)."""
    for label in _DATE_LABEL.finditer(text):
        after = text[label.end(): label.end() + 40]
        found = find_dates(after)
        if found and found[0][1] <= 4:
            return found[0][0]
    return None
