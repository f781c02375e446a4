"""Link verification (--check-links): the network stays at this edge.

Where a document is checked (in a worker for batches) its links are only collected, each with the item whose
row or evidence holds it (`collect`). The main process then fetches every distinct URL of the run once
(`fetch.fetch_all`), judges each link against its item (`judge.judge`, pure) and merges statuses, findings and
stale items into each DocumentResult (`apply`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from disclosure_check.checklist import Checklist
from disclosure_check.config import Settings
from disclosure_check.i18n import t
from disclosure_check.links.judge import (
    BROKEN,
    MISMATCH,
    OK,
    SEVERITY_ORDER,
    SKIPPED,
    SOFT_404,
    STALE_PAGE,
    TIMEOUT,
    judge,
    read_page,
)
from disclosure_check.locators import place
from disclosure_check.result import Evidence, Finding, ItemStatus, LinkResult, Severity

RULES = {BROKEN: ("links.broken", Severity.error), TIMEOUT: ("links.timeout", Severity.error),
         SOFT_404: ("links.soft-404", Severity.warning), MISMATCH: ("links.mismatch", Severity.warning),
         STALE_PAGE: ("links.stale-page", Severity.warning)}
_URL = re.compile(r"https?://[^\s\"'<>，。；、）)]+", re.IGNORECASE)


def collect(analysis, judged, mode: str) -> list[LinkResult]:  # type: ignore[no-untyped-def]
    """The links to check, each once per item: every link in the rows that count for an item (a 清单 row), the
    link of each other counted passage, and with mode "all" every other link of the document (no item)."""
    from disclosure_check.rules.coverage import Verdict

    blocks = analysis.document.blocks
    found: dict[tuple[str, int | None], LinkResult] = {}

    def add(url: str, item: int | None, locator: str) -> None:
        url = url.strip()
        if url and (url, item) not in found:
            found[(url, item)] = LinkResult(url=url, item=item, locator=locator)

    for item_id, hits in sorted(judged.items()):
        for j in hits:
            if j.verdict < Verdict.partly:
                continue
            block = blocks[j.hit.block]
            if block.kind == "row":
                for url, locator in _block_links(block):
                    add(url, item_id, locator)
            else:
                start, end = analysis.span(j.hit)
                evidence = analysis.evidence(j.hit.block, start, end)
                if evidence.link:
                    add(evidence.link, item_id, evidence.locator)
    if mode == "all":
        linked = {url for url, _ in found}
        for block in blocks:
            for url, locator in _block_links(block):
                if url not in linked:
                    add(url, None, locator)
    return list(found.values())


def _block_links(block) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(url, locator) for each link of a block: a row's links at their cells."""
    if block.kind == "row":
        return [(url, cell.locator) for cell in block.cells
                for url in dict.fromkeys([*([cell.link] if cell.link else []), *_URL.findall(cell.text)])]
    return [(url, block.locator) for url in dict.fromkeys([*block.links, *_URL.findall(block.text)])]


def options(settings: Settings):  # type: ignore[no-untyped-def]
    from disclosure_check.links.fetch import Options

    return Options(jobs=settings.link_jobs, timeout=settings.link_timeout, budget=settings.link_budget,
                   exclude=tuple(re.compile(p) for p in settings.link_exclude),
                   exclude_private=settings.link_exclude_private, cache=cache_path(settings))


def cache_path(settings: Settings) -> Path | None:
    if settings.link_cache is False:
        return None
    if settings.link_cache is not None:
        return Path(settings.link_cache)
    import platformdirs

    return Path(platformdirs.user_cache_dir("disclosure-check")) / "links.sqlite3"


def wanted(links: Iterable[LinkResult]) -> dict[str, bool]:
    """URL → whether its body is needed: a link judged against an item is read; each such site's home page is
    read too, for its title (a page titled as the home page is no real page)."""
    need: dict[str, bool] = {}
    for link in links:
        need[link.url] = need.get(link.url, False) or link.item is not None
        if link.item is not None and (home := home_url(link.url)):
            need[home] = True
    return need


def home_url(url: str) -> str | None:
    try:
        parts = urlsplit(url.strip())
        return f"{parts.scheme.lower()}://{parts.netloc.rpartition('@')[2]}/" if parts.scheme.lower() in (
            "http", "https") and parts.hostname else None
    except ValueError:
        return None


def fetch(need: dict[str, bool], settings: Settings, checklist: Checklist,  # type: ignore[no-untyped-def]
          progress: Callable[[], None] | None = None):
    """The pages, each read (`judge.read_page`) as it arrives and its body let go."""
    from disclosure_check.links.fetch import fetch_all

    return fetch_all(need, options(settings), progress, digest=lambda page: read_page(page, checklist))


def apply(document, pages, checklist: Checklist, lang: str) -> None:  # type: ignore[no-untyped-def]
    """Each link of the document judged; findings added; an item whose linked page is too old made stale."""
    if not document.links:
        return
    from disclosure_check.engine import summarise
    from disclosure_check.rules.freshness import DATED_CADENCES, oldest_date
    from disclosure_check.score import score

    period = document.report.period
    start = date.fromisoformat(period.start) if period.start else None
    end = date.fromisoformat(period.end) if period.end else None
    items = {i.id: i for i in document.items}
    home_titles: dict[str, str | None] = {}
    findings = []
    for link in document.links:
        page = pages.get(link.url)
        if page is None:
            continue
        item = checklist.item(link.item) if link.item is not None and link.item in items else None
        oldest = oldest_date(item, start, end.year) if item and start and end and item.cadence in DATED_CADENCES \
            else None
        home = home_url(link.url)
        if home and home not in home_titles:
            home_page = pages.get(home)
            reading = _reading(home_page, checklist) if home_page is not None and home_page.http_status == 200 else None
            home_titles[home] = reading.title if reading else None
        verdict = judge(page, checklist, item, oldest, home_titles.get(home) if home else None,
                        _reading(page, checklist))
        link.status, link.http_status, link.final_url = verdict.status, page.http_status, page.final_url
        link.page_title, link.page_date, link.elapsed_ms = verdict.page_title, verdict.page_date, page.elapsed_ms
        link.error = verdict.why if verdict.status != OK else None
        if verdict.status not in RULES:
            continue
        message = _message(link, verdict, item, lang)
        rule, severity = RULES[verdict.status]
        evidence = Evidence(quote=link.page_title or link.url, locator=link.locator, link=link.url, date=link.page_date,
                            place=place(link.locator, lang))
        findings.append(Finding(rule=rule, severity=severity, message=f"{link.item}. {message}" if link.item else message,
                                locator=link.locator, item=link.item, evidence=[evidence]))
        result = items.get(link.item) if link.item is not None else None
        if verdict.status == STALE_PAGE and result is not None and result.status in (ItemStatus.disclosed,
                                                                                      ItemStatus.partial):
            result.status = ItemStatus.stale
            result.message = t("freshness.stale", lang, found=link.page_date, where=link.url,
                               expected=t("freshness.expect_date", lang, date=verdict.why))
            result.evidence = [evidence, *result.evidence][:3]
    document.findings = [*document.findings, *findings]
    waived, regressed = document.summary.waived, document.summary.regressed
    document.summary = summarise(document)
    document.summary.waived, document.summary.regressed = waived, regressed
    document.summary.score = score(document)


def _reading(page, checklist: Checklist):  # type: ignore[no-untyped-def]
    """The page as read when it arrived (`fetch`), else read now."""
    return page.digest if page.digest is not None else read_page(page, checklist)


def _message(link: LinkResult, verdict, item, lang: str) -> str:  # type: ignore[no-untyped-def]
    why = verdict.why or ""
    if verdict.status == SOFT_404:
        kind, _, phrase = why.partition(":")
        why = t(f"links.why.{kind}", lang, phrase=phrase)
    if verdict.status == MISMATCH:
        return t("links.mismatch", lang, url=link.url, title=link.page_title or "", item=link.item,
                 item_title=item.title if lang == "zh" else item.title_en)
    if verdict.status == STALE_PAGE:
        return t("links.stale_page", lang, url=link.url, date=link.page_date, oldest=why)
    return t(f"links.{verdict.status}", lang, url=link.url, why=why)


def worst(statuses: Iterable[str | None]) -> str | None:
    """The status an item's links column shows: its worst link's."""
    present = [s for s in statuses if s]
    return min(present, key=SEVERITY_ORDER.index) if present else None


__all__ = ["OK", "SKIPPED", "apply", "collect", "fetch", "wanted", "worst"]
