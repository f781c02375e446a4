"""A document prepared once for the rules: key texts, keyword hits, and the facts of each block that several
rules read (half-width text, periods, sentence and clause bounds), each computed once and shared.

The rules sit above this module and the engine above them, so that no rule imports the engine that runs it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate

from disclosure_check.article import Recognition
from disclosure_check.checklist import Checklist, ReportVocabulary
from disclosure_check.config import Settings
from disclosure_check.document import Document
from disclosure_check.matching import Hit, matcher_for
from disclosure_check.result import Evidence
from disclosure_check.text import (
    Keyed,
    PeriodMatch,
    display,
    find_dates,
    half_width,
    key,
    keyed_all,
    periods_in_joined,
)

QUOTE_LIMIT = 80
_SENTENCE_END = "。！？!?；;\n"
_CLAUSE_END = _SENTENCE_END + "，,"
_STOPS = {stops: re.compile(f"[{re.escape(stops)}]") for stops in (_SENTENCE_END, _CLAUSE_END)}
_PLUS_ONE = (1).__add__
_URL = re.compile(r"https?://[^\s\"'<>，。；、）)]+", re.IGNORECASE)


@dataclass
class Analysis:
    """A document prepared for the rules: key texts, keyword hits and the settings in force."""

    document: Document
    checklist: Checklist
    vocabulary: ReportVocabulary
    settings: Settings
    keys: list[Keyed] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)
    suppressed: list[tuple[Hit, str]] = field(default_factory=list)  # hits inside an excluded phrase, for --explain
    recognition: Recognition = field(default_factory=Recognition)  # title, year and chrome (article.py)
    _evidence: dict[tuple[int, int, int], Evidence] = field(default_factory=dict, repr=False)
    _stops: dict[tuple[int, str], list[int]] = field(default_factory=dict, repr=False)
    _half_width: dict[int, str] = field(default_factory=dict, repr=False)
    _link_and_date: dict[tuple[int, int, int], tuple[str | None, str | None]] = field(default_factory=dict, repr=False)
    _spans: dict[tuple[int, re.Pattern[str]], list[tuple[int, int]]] = field(default_factory=dict, repr=False)
    shared: dict[str, object] = field(default_factory=dict, repr=False)  # what a rule works out once, read twice

    @property
    def lang(self) -> str:
        return self.settings.lang

    @cached_property
    def context_year(self) -> int | None:
        """The year month-day dates belong to, before the period is decided: set, or named by the title or
        the opening (article.py)."""
        return self.settings.year or self.recognition.year

    def key_of(self, text: str) -> str:
        """`text.key(text)`, taken from the block keys when text is one of the first blocks (the title, which a
        report without line breaks makes as long as the report)."""
        for index, block in enumerate(self.document.blocks[:3]):
            if block.text == text:
                return self.keys[index].key
        return key(text)

    @cached_property
    def _joined(self) -> tuple[str, list[int]]:
        """The blocks' texts end to end, parted by NUL, and where each starts."""
        starts, position = [], 0
        for block in self.document.blocks:
            starts.append(position)
            position += len(block.text) + 1
        return "\x00".join(block.text for block in self.document.blocks), starts

    def blocks_with(self, *patterns: re.Pattern[str]) -> list[int]:
        """The blocks in which one of `patterns` matches, ascending: a rule that reads only text holding one of
        them visits these instead of every block. One scan of the whole document per pattern, which `re` runs
        in C when the pattern starts with a literal or a character set; no pattern may match a NUL."""
        joined, starts = self._joined
        found: set[int] = set()
        for pattern in patterns:
            position = 0
            while (match := pattern.search(joined, position)) is not None:
                block = bisect_right(starts, match.start()) - 1
                found.add(block)
                if block + 1 == len(starts):
                    break
                position = starts[block + 1]  # one match is enough: on to the next block
        return sorted(found)

    def places_of(self, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
        """(block, offset in its text) where each match of `pattern` starts, in document order: one scan of the
        whole document, for a rule that reads around each match rather than whole blocks; no match may hold a
        NUL."""
        joined, starts = self._joined
        found = []
        for match in pattern.finditer(joined):
            block = bisect_right(starts, match.start()) - 1
            found.append((block, match.start() - starts[block]))
        return found

    def half_width(self, block_index: int) -> str:
        """The block's text with full-width ASCII as half-width (２０２３ → 2023), offsets unchanged."""
        found = self._half_width.get(block_index)
        if found is None:
            found = self._half_width[block_index] = half_width(self.document.blocks[block_index].text)
        return found

    def periods(self, block_index: int) -> list[PeriodMatch]:
        """The date ranges and academic years in a block (text.find_periods), read with the context year."""
        return self._periods.get(block_index, [])

    @property
    def period_blocks(self) -> list[int]:
        """The blocks that hold a period, ascending."""
        return [index for index, periods in self._periods.items() if periods]

    @property
    def period_hinted_blocks(self) -> list[int]:
        """The blocks that hold a hint of a period or date (text.PERIOD_HINTS), ascending."""
        return list(self._periods)

    @cached_property
    def _periods(self) -> dict[int, list[PeriodMatch]]:
        """The periods of every block that holds a hint of one, by index: found in one pass over the document
        (text.periods_in_joined)."""
        joined, starts = self._joined
        return periods_in_joined(joined, starts, self.context_year)

    def stops(self, block_index: int, stops: str) -> list[int]:
        """Where the block's text has one of `stops`, ascending; found once per block and set of stops."""
        positions = self._stops.get((block_index, stops))
        if positions is None:
            pattern = _STOPS.get(stops) or _STOPS.setdefault(stops, re.compile(f"[{re.escape(stops)}]"))
            text = self.document.blocks[block_index].text
            # Each stop is one character, so the lengths of the pieces between them place them: summed in C,
            # where a match object per stop costs more than the scan.
            pieces = pattern.split(text)
            positions = list(accumulate(map(_PLUS_ONE, map(len, pieces)), initial=-1))[1:-1]
            self._stops[(block_index, stops)] = positions
        return positions

    def spans(self, block_index: int, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
        """Where `pattern` matches in the block's text, ascending; found once per block and pattern, so that a
        rule asking about each of its hits bisects instead of rescanning the block."""
        found = self._spans.get((block_index, pattern))
        if found is None:
            text = self.document.blocks[block_index].text
            found = self._spans[(block_index, pattern)] = [m.span() for m in pattern.finditer(text)]
        return found

    def span(self, hit: Hit) -> tuple[int, int]:
        return self.keys[hit.block].span(hit.start, hit.end)

    def context(self, hit: Hit) -> tuple[int, int]:
        """Where the text that qualifies a hit lies in the block's key: the whole row for a table row, else
        the clause around it."""
        keyed_block = self.keys[hit.block]
        block = self.document.blocks[hit.block]
        if block.kind == "row":
            return 0, len(keyed_block.key)
        # bounds() and span() written out: this runs for every hit of the document
        origin = keyed_block.origin
        start, end = origin[hit.start], origin[hit.end - 1] + 1
        positions = self._stops.get((hit.block, _CLAUSE_END)) or self.stops(hit.block, _CLAUSE_END)
        before, after = bisect_left(positions, start), bisect_left(positions, end)
        left = positions[before - 1] + 1 if before else 0
        right = positions[after] + 1 if after < len(positions) else len(block.text)
        return bisect_left(origin, left), bisect_left(origin, right)

    def bounds(self, block_index: int, start: int, end: int, stops: str) -> tuple[int, int]:
        """The span of the sentence or clause (ended by one of `stops`) around text[start:end] of a block;
        the stops of a block are found once, every hit after that is two bisections."""
        text = self.document.blocks[block_index].text
        positions = self.stops(block_index, stops)
        before, after = bisect_left(positions, start), bisect_left(positions, end)
        left = positions[before - 1] + 1 if before else 0
        return left, positions[after] + 1 if after < len(positions) else len(text)

    def locator(self, block_index: int, start: int = 0) -> str:
        """Where a place in a block is: its cell for a table row, else the block."""
        block = self.document.blocks[block_index]
        cell = block.cell_at(start) if block.kind == "row" else None
        return cell.locator if cell else block.locator

    def evidence(self, block_index: int, start: int = 0, end: int = 0) -> Evidence:
        """Quote, locator, link and date for a place in a block (a row quotes its cells); several rules ask
        for the same places, so each is built once."""
        place = (block_index, start, end)
        if place not in self._evidence:
            self._evidence[place] = self._build_evidence(block_index, start, end)
        return self._evidence[place]

    def _build_evidence(self, block_index: int, start: int, end: int) -> Evidence:
        link, day = self.link_and_date(block_index, start, end)
        return Evidence(quote=self.quote(block_index, start, end), locator=self.locator(block_index, start),
                        link=link, date=day)

    def quote(self, block_index: int, start: int = 0, end: int = 0) -> str:
        """The quote of `evidence` alone: a row's cells, else the sentence (or a window of it) around a place."""
        place = (block_index, start, end)
        if place in self._evidence:
            return self._evidence[place].quote
        block = self.document.blocks[block_index]
        if block.kind == "row":
            return _clip(" | ".join(display(c.text) for c in block.cells if c.text.strip()))
        sentence_start, sentence_end = self.bounds(block_index, start, end, _SENTENCE_END)
        return _clip(_window(block.text, start, sentence_start, sentence_end))

    def link_and_date(self, block_index: int, start: int = 0, end: int = 0) -> tuple[str | None, str | None]:
        """The link and the date that evidence for a place carries, without building its quote: the block's
        first link, else the first in the place's sentence (the whole row for a row); the first date there."""
        block = self.document.blocks[block_index]
        scope = (0, len(block.text)) if block.kind == "row" else self.bounds(block_index, start, end, _SENTENCE_END)
        found = self._link_and_date.get((block_index, *scope))
        if found is None:
            text = block.text[scope[0]:scope[1]]
            links = [*block.links, *_URL.findall(text)]
            dates = find_dates(text, self.context_year)
            found = (links[0] if links else None, dates[0][0].isoformat() if dates else None)
            self._link_and_date[(block_index, *scope)] = found
        return found


def _window(text: str, start: int, sentence_start: int, sentence_end: int) -> str:
    """The sentence, or QUOTE_LIMIT characters of it from a little before `start`, with ellipses."""
    if sentence_end - sentence_start <= QUOTE_LIMIT:
        return text[sentence_start:sentence_end]
    left = max(sentence_start, start - 20)
    right = min(sentence_end, left + QUOTE_LIMIT)
    return ("…" if left > sentence_start else "") + text[left:right] + ("…" if right < sentence_end else "")


def _clip(quote: str) -> str:
    quote = display(quote)
    return quote if len(quote) <= QUOTE_LIMIT + 2 else quote[:QUOTE_LIMIT] + "…"


def analyse(document: Document, checklist: Checklist, vocabulary: ReportVocabulary, settings: Settings,
            recognition: Recognition | None = None) -> Analysis:
    keys = keyed_all([block.text for block in document.blocks])
    hits, suppressed = matcher_for(checklist).scan_all([k.key for k in keys])
    return Analysis(document, checklist, vocabulary, settings, keys, hits, suppressed,
                    recognition=recognition or Recognition(title=document.title, year=_title_year(document.title)))


def _title_year(title: str | None) -> int | None:
    from disclosure_check.text import title_year

    return title_year(title) if title else None


