"""Rules × Document → Result. The engine prepares what every rule shares (key texts, hits) once."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cached_property

from disclosure_check.checklist import Checklist, ReportVocabulary
from disclosure_check.config import Settings
from disclosure_check.document import Document
from disclosure_check.matching import Hit, matcher_for
from disclosure_check.result import DocumentResult, Evidence, Summary
from disclosure_check.score import score
from disclosure_check.text import Keyed, display, find_dates, keyed

QUOTE_LIMIT = 80
_SENTENCE_END = "。！？!?；;\n"
_CLAUSE_END = _SENTENCE_END + "，,"
_STOPS = {stops: re.compile(f"[{re.escape(stops)}]") for stops in (_SENTENCE_END, _CLAUSE_END)}
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
    _evidence: dict[tuple[int, int, int], Evidence] = field(default_factory=dict, repr=False)
    _stops: dict[tuple[int, str], list[int]] = field(default_factory=dict, repr=False)

    @property
    def lang(self) -> str:
        return self.settings.lang

    @cached_property
    def context_year(self) -> int | None:
        from disclosure_check.text import title_year

        return self.settings.year or (title_year(self.document.title) if self.document.title else None)

    def span(self, hit: Hit) -> tuple[int, int]:
        return self.keys[hit.block].span(hit.start, hit.end)

    def context(self, hit: Hit) -> tuple[int, int]:
        """Where the text that qualifies a hit lies in the block's key: the whole row for a table row, else
        the clause around it."""
        keyed_block = self.keys[hit.block]
        block = self.document.blocks[hit.block]
        if block.kind == "row":
            return 0, len(keyed_block.key)
        start, end = self.span(hit)
        left, right = self.bounds(hit.block, start, end, _CLAUSE_END)
        return bisect_left(keyed_block.origin, left), bisect_left(keyed_block.origin, right)

    def bounds(self, block_index: int, start: int, end: int, stops: str) -> tuple[int, int]:
        """The span of the sentence or clause (ended by one of `stops`) around text[start:end] of a block;
        the stops of a block are found once, every hit after that is two bisections."""
        text = self.document.blocks[block_index].text
        positions = self._stops.get((block_index, stops))
        if positions is None:
            positions = self._stops[(block_index, stops)] = [m.start() for m in _STOPS[stops].finditer(text)]
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
        block = self.document.blocks[block_index]
        if block.kind == "row":
            cell = block.cell_at(start)
            scope = block.text
            quote = " | ".join(display(c.text) for c in block.cells if c.text.strip())
            locator = cell.locator if cell else block.locator
        else:
            sentence_start, sentence_end = self.bounds(block_index, start, end, _SENTENCE_END)
            scope = block.text[sentence_start:sentence_end]
            quote = _window(block.text, start, sentence_start, sentence_end)
            locator = block.locator
        links = [*block.links, *_URL.findall(scope)]
        dates = find_dates(scope, self.context_year)
        return Evidence(
            quote=_clip(quote),
            locator=locator,
            link=links[0] if links else None,
            date=dates[0][0].isoformat() if dates else None,
        )


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


def analyse(document: Document, checklist: Checklist, vocabulary: ReportVocabulary, settings: Settings) -> Analysis:
    keys = [keyed(block.text) for block in document.blocks]
    hits, suppressed = matcher_for(checklist).scan_all([k.key for k in keys])
    return Analysis(document, checklist, vocabulary, settings, keys, hits, suppressed)


def check(document: Document, checklist: Checklist, vocabulary: ReportVocabulary, settings: Settings) -> DocumentResult:
    from disclosure_check.rules import consistency, coverage, freshness, leftovers, period, structure, timeliness

    analysis = analyse(document, checklist, vocabulary, settings)
    result = DocumentResult(path=document.path, format=document.format, needs_ocr=document.needs_ocr, ocr=document.ocr)
    result.items, judged = coverage.check_items(analysis)
    result.report = structure.report_info(analysis)
    result.report.period = period.decide(analysis)
    result.parts, structure_findings = structure.check_parts(analysis, result.report)
    result.findings = [*structure_findings, *period.findings(analysis, result.report),
                       *freshness.apply(analysis, result.report, result.items, judged),
                       *leftovers.check(analysis, result.report), *consistency.check(analysis),
                       *timeliness.check(analysis, result.report)]
    result.summary = summarise(result)
    result.summary.score = score(result)
    if settings.check_links:  # only collected here: the main process fetches them (links/)
        from disclosure_check.links import collect

        result.links = collect(analysis, judged, settings.check_links)
    _name_places(result, settings.lang)
    return result


def _name_places(result: DocumentResult, lang: str) -> None:
    """Every evidence's locator in words, once the rules are done with it."""
    from disclosure_check.locators import place

    evidence = [e for item in result.items for e in (*item.evidence, *(e for f in item.facets for e in f.evidence))]
    evidence += [p.evidence for p in result.parts if p.evidence] + [e for f in result.findings for e in f.evidence]
    if result.report.period.evidence:
        evidence.append(result.report.period.evidence)
    for one in evidence:
        one.place = place(one.locator, lang)


def summarise(result: DocumentResult) -> Summary:
    counts = {status: sum(1 for i in result.items if i.status.value == status)
              for status in ("disclosed", "partial", "stale", "missing", "not_applicable")}
    present = [p.number for p in result.parts if p.status == "present"]
    missing = [p.number for p in result.parts if p.status == "missing"]
    return Summary(total=len(result.items), **counts, parts_present=present, parts_missing=missing,
                   complete=not missing)
