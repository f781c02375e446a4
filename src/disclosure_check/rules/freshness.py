"""Freshness: a disclosed or partial item whose freshest dated evidence is older than its cadence allows
becomes `stale`.

Three signals, each judged against the reporting year Y (the period's end year) and the period start:
- a year named beside the item's keyword (2021届, 2022年度, 2021-2022学年, 2022年预算), checked against the
  item's `freshness.named_year` window; the year is read in the 《title》 holding the keyword, else in its clause
  with other 《titles》 and 〔document numbers〕 blanked, so "2014年发布的《清单》" never dates an item;
- the date column of a 清单 row (the first date in the row), for items with a dated cadence;
- a date in the path of a link (…/2021/1030/…, …/202110/t20211030_…), for items with a dated cadence.
Undated evidence neither rescues nor condemns an item: only the freshest dated signal decides.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from disclosure_check.analysis import Analysis
from disclosure_check.checklist import Cadence, Item
from disclosure_check.i18n import t
from disclosure_check.locators import place as in_words
from disclosure_check.result import Finding, ItemResult, ItemStatus, ReportInfo, Severity
from disclosure_check.rules.coverage import Judged, Verdict
from disclosure_check.text import url_date

RULE = "freshness.stale-evidence"
DATED_CADENCES = {Cadence.annual, Cadence.admissions_cycle, Cadence.fiscal_year}

_NAMED_YEAR = re.compile(
    r"(?:(?:19|20)\d{2}\s*[-—–~～至到－/]\s*)?(?P<year>(?:19|20)\d{2})\s*"
    r"(?:届|年度|学年度?|年(?!\s*(?:发布|印发|颁布|出台|制定|修订|施行|实施|以来|起|开始|成立|建校|创办|[0-9]{1,2}\s*月)))"
)
_BRACKETED = re.compile(r"《[^《》]*》|〔[^〔〕]*〕|\[[^\[\]]*\]|［[^［］]*］")
_TITLE = re.compile(r"《[^《》]*》")
_YEAR = re.compile(r"(?:19|20)\d{2}")  # what every named year holds
_YEARS = (re.compile(r"19\d{2}"), re.compile(r"20\d{2}"))  # the same, as patterns with a literal start (fast scans)
_LINK = re.compile("://")  # what every link in a text holds (analysis.link_and_date); a literal scans fast
_CLAUSE_STOPS = "，,。；;！？!?\n\t"


@dataclass(slots=True, unsafe_hash=True)  # hashed like a frozen one; frozen's __init__ is 3× slower
class Signal:
    found: str  # what the document says: "2021届", "2021-10-30"
    where: str  # the locator, or the link
    fresh: bool
    order: date  # to pick the freshest
    place: tuple[int, int, int]  # block, start, end of the hit: evidence is built only for the signal shown


def apply(analysis: Analysis, report: ReportInfo, items: list[ItemResult], judged: dict[int, list[Judged]]) -> list[Finding]:
    """Turn items whose dated evidence is all too old into `stale`; one finding per such item."""
    period = report.period
    if period.start is None or period.end is None:
        return []
    start, end = date.fromisoformat(period.start), date.fromisoformat(period.end)
    signalling = _Signalling(analysis)
    findings = []
    for result in items:
        if result.status not in (ItemStatus.disclosed, ItemStatus.partial):
            continue
        item = analysis.checklist.item(result.id)
        signals = [s for j in judged.get(item.id, ()) if j.verdict is Verdict.positive
                   for s in _signals(analysis, item, j.hit, start, end.year, signalling)]
        if not signals or any(s.fresh for s in signals):
            continue
        latest = max(signals, key=lambda s: s.order)
        evidence = analysis.evidence(*latest.place)
        expected = _expected(item, start, end.year, analysis.lang)
        message = t("freshness.stale", analysis.lang, found=latest.found, where=in_words(latest.where, analysis.lang),
                    expected=expected)
        result.status = ItemStatus.stale
        result.message = message
        result.evidence = [evidence, *[e for e in result.evidence if e != evidence]][:3]
        findings.append(Finding(rule=RULE, severity=Severity.warning, message=f"{result.id}. {message}",
                                locator=evidence.locator, item=result.id, evidence=[evidence]))
    return findings


def oldest_date(item: Item, start: date, year: int) -> date:
    oldest = start - timedelta(days=item.freshness.grace_days)
    if item.freshness.named_year:
        oldest = min(oldest, date(year + item.freshness.named_year[0], 1, 1))
    return oldest


def _expected(item: Item, start: date, year: int, lang: str) -> str:
    window = item.freshness.named_year
    if window:
        low, high = year + window[0], year + window[1]
        years = str(low) if low == high else f"{low}–{high}"
        return t("freshness.expect_year", lang, years=years)
    return t("freshness.expect_date", lang, date=oldest_date(item, start, year).isoformat())


class _Signalling:
    """Which blocks may give a signal at all, each found by one scan of the document on first use: most hits sit
    in blocks that name no year and hold no link, and are passed over without being placed or read."""

    def __init__(self, analysis: Analysis) -> None:
        self._analysis = analysis

    @cached_property
    def years(self) -> set[int]:
        return set(self._analysis.blocks_with(*_YEARS))

    @cached_property
    def links(self) -> set[int]:
        return set(self._analysis.blocks_with(_LINK))


def _signals(analysis: Analysis, item: Item, hit, start: date, year: int, signalling: _Signalling) -> list[Signal]:  # type: ignore[no-untyped-def]
    block = analysis.document.blocks[hit.block]
    window = item.freshness.named_year
    named = window and hit.block in signalling.years
    # A dated cadence reads the date of a row and the dates in links: a paragraph without a link has neither.
    linked = item.cadence in DATED_CADENCES and (block.kind == "row" or block.links or hit.block in signalling.links)
    if not named and not linked:
        return []
    hit_start, hit_end = analysis.span(hit)
    place = (hit.block, hit_start, hit_end)
    signals = []
    if named and (found_year := _named_year(analysis, hit.block, hit_start, hit_end)):
        text, value = found_year
        fresh = year + window[0] <= value <= year + window[1]
        signals.append(Signal(text, analysis.locator(hit.block, hit_start), fresh, date(value, 12, 31), place))
    if not linked:
        return signals
    oldest = oldest_date(item, start, year)
    link, day = analysis.link_and_date(*place)
    if block.kind == "row" and day:
        found = date.fromisoformat(day)
        signals.append(Signal(day, analysis.locator(hit.block, hit_start), found >= oldest, found, place))
    links = [*block.links, *([link] if link else [])]
    for link in dict.fromkeys(links):
        if (found := url_date(link)) is not None:
            signals.append(Signal(found.isoformat(), link, found >= oldest, found, place))
    return signals


def _named_year(analysis: Analysis, index: int, start: int, end: int) -> tuple[str, int] | None:
    """The year named nearest the keyword at text[start:end], within its title, cell or clause."""
    text = analysis.document.blocks[index].text
    left, right = _unit(analysis, index, start, end)
    years = analysis.spans(index, _YEAR)  # a named year holds one, and units part digits from digits
    first = bisect_left(years, left, key=lambda span: span[0])
    if first == len(years) or years[first][1] > right:
        return None
    unit = text[left:right]
    inside_title = any(m.start() <= start - left and end - left <= m.end() for m in _BRACKETED.finditer(unit))
    if not inside_title:
        unit = _BRACKETED.sub(lambda m: " " * len(m.group()), unit)
    best: tuple[int, str, int] | None = None
    for match in _NAMED_YEAR.finditer(unit):
        distance = min(abs(match.start() - (start - left)), abs(match.end() - (end - left)))
        if best is None or distance < best[0]:
            best = (distance, match.group().strip(), int(match.group("year")))
    return (best[1], best[2]) if best else None


def _unit(analysis: Analysis, index: int, start: int, end: int) -> tuple[int, int]:
    """The 《title》 holding text[start:end], else its cell (a row) or clause. The block's titles and stops are
    found once and bisected: a hit never rescans its block, whose length may be a whole report's."""
    titles = analysis.spans(index, _TITLE)
    holder = bisect_right(titles, start, key=lambda span: span[0]) - 1  # titles are disjoint: only this one can
    if holder >= 0 and end <= titles[holder][1]:
        return titles[holder]
    text = analysis.document.blocks[index].text
    stops = analysis.stops(index, "\t" if analysis.document.blocks[index].kind == "row" else _CLAUSE_STOPS)
    before, after = bisect_left(stops, start), bisect_left(stops, end)
    return stops[before - 1] + 1 if before else 0, stops[after] if after < len(stops) else len(text)
