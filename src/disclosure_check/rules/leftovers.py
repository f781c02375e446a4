"""Leftovers: paragraphs whose own period contradicts the report's, as when last year's text is reused.

Only dates used as the period of figures or of the report count:
- a date range or academic year ("2021年9月1日至2022年8月31日", "2021-2022学年") in a sentence that states a
  statistics period or gives counted figures (408条, 13件, 98%…);
- "截至2022年8月31日" (an as-of date always dates the figures that follow);
- "2022年度，…" opening a clause (the year of what the clause reports).
Not counted: anything inside 《titles》 or 〔document numbers〕, origins ("自2016-2017学年起"), bare years
("2014年发布的清单", "2015年学校更名"), and ranges in sentences without figures (history).
A range contradicts the report when less than half of it lies in the report's period; an as-of date when it
precedes the period.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from datetime import date

from disclosure_check.analysis import Analysis
from disclosure_check.i18n import t
from disclosure_check.result import Finding, ReportInfo, Severity
from disclosure_check.text import YEAR, cn_number, find_dates, may_hold_period, periods_in

RULE = "leftover.period"
MIN_OVERLAP = 0.5

_SENTENCE_END = "。！？!?；;\n"
_BRACKETED = re.compile(r"《[^《》]*》|〔[^〔〕]*〕|［[^［］]*］|\[[^\[\]]*\]")
_COUNTED = re.compile(r"\d[\d,]*(?:\.\d+)?\s*(?:余|多)?\s*(?:件|条|人次|人|万元|元|个|项|门|篇|次|%|％)")
_STATISTICS = re.compile(r"统计|累计|共计|合计|数据")
_AS_OF = re.compile(r"截(?:至|止)(?:到)?\s*")
_YEAR_OPENING = re.compile(rf"(?:^|(?<=[，,。；;：:\s（(]))(?P<year>{YEAR})\s*年度(?=\s*[，,]|\s*(?:学校|我校|全校|本校|共|累计))")
_YEAR_OPENING_HINT = re.compile("年度")
# An as-of marker as written, before half-width: 截至, then its year.
_AS_OF_HINT = re.compile(r"截[至止]到?\s*(?:[12１２][09０９][0-9０-９]{2}|二[〇零○])")
_TITLE_OPENINGS = "《〔［["  # what every match of _BRACKETED starts with (a test of each is faster than a set)
_ORIGIN_BEFORE = re.compile(r"(?:自|从|于|由)\s*$")
_ORIGIN_AFTER = re.compile(r"\s*(?:起|以来|开始)")  # matched where a marker ends, without slicing the rest
_YEAR_AHEAD = re.compile(rf"\s*(?:{YEAR})")
_SENTENCE_STOP = re.compile(f"[{re.escape(_SENTENCE_END)}]")


def check(analysis: Analysis, report: ReportInfo) -> list[Finding]:
    period = report.period
    if period.start is None or period.end is None:
        return []
    start, end = date.fromisoformat(period.start), date.fromisoformat(period.end)
    findings = []
    for index in _may_hold_marker(analysis):
        block = analysis.document.blocks[index]
        if block.kind == "row" or index == 0:  # rows are judged by freshness; the first block is the title
            continue
        hit = _first_leftover(analysis, index, start, end)
        if hit is None:
            continue
        found, (s, e) = hit
        evidence = analysis.evidence(index, s, e)
        findings.append(Finding(rule=RULE, severity=Severity.warning, locator=block.locator, evidence=[evidence],
                                message=t("leftover.period", analysis.lang, found=found, start=period.start,
                                          end=period.end)))
    return findings


def _may_hold_marker(analysis: Analysis) -> list[int]:
    """The blocks that may hold a marker, ascending: those with a period, an as-of date with its year (as written)
    or a year opening a clause, found by scans of the whole document, and those with a title and a hint of any
    of them, since a title blanked may join what it parted ("截至《…》2022年…")."""
    blocks = analysis.document.blocks
    year_hinted = analysis.blocks_with(_YEAR_OPENING_HINT)
    titled = {i for i in {*analysis.period_hinted_blocks, *year_hinted}
              if any(opening in blocks[i].text for opening in _TITLE_OPENINGS)}
    found = {*analysis.period_blocks, *analysis.blocks_with(_AS_OF_HINT), *titled,
             *(i for i in year_hinted if i not in titled and any(_year_openings(analysis.half_width(i))))}
    return sorted(found)


def _year_openings(text: str) -> Iterator[re.Match[str]]:
    """`_YEAR_OPENING.finditer(text)`, tried only where 年度 is instead of at every character: a match is a
    four-character year, spaces and 年度, so each 年度 tells where its match would start."""
    position = text.find("年度")
    while position >= 0:
        start = position
        while start and text[start - 1].isspace():
            start -= 1
        if start >= 4 and (match := _YEAR_OPENING.match(text, start - 4)):
            yield match
        position = text.find("年度", position + 2)


def _first_leftover(analysis: Analysis, index: int, start: date, end: date) -> tuple[str, tuple[int, int]] | None:
    text = analysis.document.blocks[index].text
    titles = [m.span() for m in _BRACKETED.finditer(text)]
    if not titles:  # nothing to blank: the block's own half-width text and periods serve
        blanked, periods = analysis.half_width(index), analysis.periods(index)
    else:  # the block's half-width text with its titles blanked (one for one, so the same as blanking first)
        hw, pieces, done = analysis.half_width(index), [], 0
        for title_start, title_end in titles:
            pieces += [hw[done:title_start], " " * (title_end - title_start)]
            done = title_end
        blanked = "".join([*pieces, hw[done:]])
        # blanking makes no hint: without one in the block, no period
        periods = periods_in(blanked, analysis.context_year) if may_hold_period(text) else []
    markers: list[tuple[int, int, date, date, bool]] = []  # span, range, whether it needs figures nearby
    for match in periods:
        markers.append((*match.span, match.start, match.end, not match.stated))
    for match in _AS_OF.finditer(blanked):
        dates = find_dates(blanked[match.end():match.end() + 20])
        if dates and dates[0][1] == 0 and _YEAR_AHEAD.match(blanked, match.end()):
            day, _, length = dates[0]
            markers.append((match.start(), match.end() + length, day, day, False))
    for match in _year_openings(blanked):
        value = cn_number(match.group("year")) or 0
        markers.append((match.start(), match.end(), date(value, 1, 1), date(value, 12, 31), False))
    sentence_ends: list[int] | None = None
    for s, e, first, last, needs_figures in sorted(markers):
        if _ORIGIN_BEFORE.search(blanked[max(0, s - 2):s]) and _ORIGIN_AFTER.match(blanked, e):
            continue
        if needs_figures:
            if sentence_ends is None:  # the block's own unless a title blanked held one
                sentence_ends = (analysis.stops(index, _SENTENCE_END) if not titles
                                 else [m.start() for m in _SENTENCE_STOP.finditer(blanked)])
            if not _has_figures(blanked, sentence_ends, s, e):
                continue
        if _contradicts(first, last, start, end):
            return text[s:e].strip(), (s, e)
    return None


def _has_figures(text: str, sentence_ends: list[int], start: int, end: int) -> bool:
    before, after = bisect_left(sentence_ends, start), bisect_left(sentence_ends, end)
    left = sentence_ends[before - 1] + 1 if before else 0
    sentence = text[left:sentence_ends[after] if after < len(sentence_ends) else len(text)]
    rest = sentence[:start - left] + sentence[end - left:]
    return bool(_COUNTED.search(rest) or _STATISTICS.search(rest))


def _contradicts(first: date, last: date, start: date, end: date) -> bool:
    if first == last:
        return first < start
    overlap = (min(last, end) - max(first, start)).days + 1
    return overlap < MIN_OVERLAP * ((last - first).days + 1)
