"""Item coverage: for each checklist item, which facets the document shows were published, and the verdict.

Each hit is judged in its context (the whole row of a table, else the clause around it):
- a clause or row that says the item does not apply (不涉及, 本年度未发生 …) makes the hit `not_applicable`;
- one that says it was published in part (部分公开) makes it `partly`: the item can be no more than partial;
- one that says it was not published (未公开, 待公开 …) makes it `negative`;
- a channel keyword (教职工代表大会 as the channel of publishing) never counts;
- otherwise the hit is `positive`.
A declaration by item number ("第47项不涉及", rules/numbered.py) is the document's own word on the item and
outranks both; a row of an item table outranks a passing mention in running text; within the same rank a
positive hit wins.
Every hit considered, counted or not (and those inside an excluded phrase), is recorded with the reason, so
`--explain N` and the JSON can show how a verdict followed.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left
from dataclasses import dataclass
from enum import IntEnum

from disclosure_check.analysis import Analysis
from disclosure_check.checklist import Applicability, Item
from disclosure_check.config import expand_items
from disclosure_check.document import Block
from disclosure_check.i18n import t
from disclosure_check.matching import Hit, HitKind, Pattern
from disclosure_check.result import Evidence, ExplainedHit, Explanation, FacetResult, ItemResult, ItemStatus
from disclosure_check.rules import catalog, numbered
from disclosure_check.rules.columns import columns_for
from disclosure_check.text import display, half_width, key

EVIDENCE_PER_ITEM = 3
EXPLAIN_LIMIT = 20  # hits kept per item in the result; `considered` still counts them all
EXPLAIN_TEXT = 60
DECLARED, ROW, TEXT = 3, 2, 1  # strengths: a declaration by item number, a table row, running text


class Verdict(IntEnum):
    """Ordered so that, among hits of equal strength, the greater verdict decides a facet."""

    negative = 0
    not_applicable = 1
    partly = 2  # published in part, by the document's own account (部分公开)
    positive = 3


@dataclass(slots=True, unsafe_hash=True)  # hashed like a frozen one; frozen's __init__ is 3× slower
class Judged:
    hit: Hit
    verdict: Verdict
    strength: int  # DECLARED, ROW or TEXT
    phrase: str | None = None  # the phrase that set a negative, partly or not-applicable verdict

    @property
    def rank(self) -> tuple[int, int]:
        return self.strength, self.verdict


class _Phrases:
    def __init__(self, analysis: Analysis) -> None:
        vocabulary = analysis.vocabulary
        self.not_applicable = _any_of(vocabulary.not_applicable)
        self.not_published = _any_of(vocabulary.not_published)
        self.partly_published = _any_of(vocabulary.partly_published)
        # Most contexts hold none of these phrases: one search of them all settles those (an empty list matches
        # everywhere, so then each is asked as before).
        lists = (vocabulary.not_applicable, vocabulary.partly_published, vocabulary.not_published)
        self._any = _any_of([p for phrases in lists for p in phrases]) if all(lists) else None
        self.published = [key(p) for p in vocabulary.published]

    def verdict_and_phrase(self, context_key: str) -> tuple[Verdict, str | None]:
        """The verdict and the longest phrase that set it (for explanations)."""
        if not self.may_declare(context_key):
            return Verdict.positive, None
        for pattern, verdict in ((self.not_applicable, Verdict.not_applicable),
                                 (self.partly_published, Verdict.partly), (self.not_published, Verdict.negative)):
            if found := pattern.findall(context_key):
                return verdict, max(found, key=len)
        return Verdict.positive, None

    def may_declare(self, text_key: str) -> bool:
        """False when no part of text_key holds a phrase: every context in it is positive."""
        return self._any is None or self._any.search(text_key) is not None


def _any_of(phrases: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(key(p)) for p in phrases))


def judge(analysis: Analysis, bare: _BareRows) -> tuple[dict[int, list[Judged]], dict[int, list[tuple[Hit, str]]]]:
    """Every hit by item: judged when it counts, else set aside with the reason (for explanations)."""
    phrases = _Phrases(analysis)
    blocks = analysis.document.blocks
    keys = analysis.keys
    judged: dict[int, list[Judged]] = {}
    ignored: dict[int, list[tuple[Hit, str]]] = {}
    verdicts: dict[tuple[int, int, int], tuple[Verdict, str | None]] = {}
    # Most blocks hold no declaring phrase, hence no context in them does: asked once per block, so that
    # their hits need no context of their own.
    declaring: dict[int, bool] = {}
    # read once: an enum member costs a lookup each time
    positive, not_applicable, alias, facet = Verdict.positive, Verdict.not_applicable, HitKind.alias, HitKind.facet
    title = _title_block(analysis)
    for hit in analysis.hits:
        index = hit.block
        may_declare = declaring.get(index)
        if may_declare is None:
            may_declare = declaring[index] = phrases.may_declare(keys[index].key)
        if may_declare:
            start, end = analysis.context(hit)
            context = (index, start, end)
            if context not in verdicts:
                verdicts[context] = phrases.verdict_and_phrase(keys[index].key[start:end])
            verdict, phrase = verdicts[context]
        else:
            verdict, phrase = positive, None
        row = blocks[index].kind == "row"
        if row and verdict is positive and (cell := bare.nothing_to_publish(hit)) is not None:
            verdict, phrase = not_applicable, cell
        # a positive alias or facet in running text, not the title, counts as it is (see _set_aside)
        kind = hit.pattern.kind
        if (row or verdict is not positive or index == title or not (kind is alias or kind is facet)) \
                and (why := _set_aside(hit, verdict, row, index == title, bare)):
            ignored.setdefault(hit.pattern.item, []).append((hit, why))
        else:
            judged.setdefault(hit.pattern.item, []).append(Judged(hit, verdict, ROW if row else TEXT, phrase))
    for found in numbered.find(analysis.document, [k.key for k in keys], len(analysis.checklist.items),
                               phrases.verdict_and_phrase, phrases.published):
        origin = keys[found.block].origin
        start, end = bisect_left(origin, found.start), bisect_left(origin, found.end)
        for item in found.items:
            hit = Hit(Pattern(item, HitKind.number, None, found.reference), found.block, start, end)
            judged.setdefault(item, []).append(Judged(hit, found.verdict, DECLARED, found.phrase))
    for hit, phrase in analysis.suppressed:
        ignored.setdefault(hit.pattern.item, []).append((hit, f"excluded:{phrase}"))
    return judged, ignored


def _set_aside(hit: Hit, verdict: Verdict, row: bool, in_title: bool, bare: _BareRows) -> str | None:
    """Why a hit never counts: the bare name of the item's subject (a channel), the report's own title, a scope
    word outside a 不涉及 declaration, a row name in running text, or a row that only names the item."""
    kind = hit.pattern.kind
    if kind is HitKind.channel:
        return "channel"
    if in_title:
        return "title"
    if kind is HitKind.scope and verdict is not Verdict.not_applicable:
        return "scope"
    if kind is HitKind.row_alias and not row:
        return "row_alias"
    if row and verdict is Verdict.positive and bare.names_only(hit):
        return "catalog_listing" if bare.in_catalog(hit) else "bare_listing"
    return None


def _title_block(analysis: Analysis) -> int | None:
    """The block that is the document's own title: a report naming itself is not evidence of item 6."""
    title = analysis.document.title
    blocks = analysis.document.blocks
    first = next((i for i, b in enumerate(blocks) if b.text.strip()), None)
    if first is None or not title or blocks[first].kind == "row":
        return None
    title_key = analysis.key_of(title)
    if analysis.keys[first].key != title_key:
        return None
    names_report = any(key(k) in title_key for k in analysis.vocabulary.report_title_keywords)
    return first if names_report else None


class _BareRows:
    """Rows that only name an item (beside its number and category) — a blank template or a bare list of
    items — say nothing about whether the item was published; nor does a cell that only points elsewhere
    (见说明). A row whose status cell says there was nothing to publish (无, 暂无 …) declares the item not
    applicable."""

    def __init__(self, analysis: Analysis) -> None:
        self._analysis = analysis
        vocabulary = analysis.vocabulary
        self.columns = columns_for(analysis)
        self._catalogs = catalog.catalog_tables(analysis)
        self._labels = [key(c.name) for c in analysis.checklist.categories]
        self._references = {key(p) for p in vocabulary.reference_cells}
        self._nothing = {key(p) for p in vocabulary.nothing_to_publish}
        self._longest_nothing = 2 * max(map(len, vocabulary.nothing_to_publish), default=0) + 4  # with spaces, marks
        self._bare: dict[tuple[int, str], bool] = {}
        self._nothing_cells: dict[int, str | None] = {}
        self._nothing_text: dict[str, bool] = {}
        self._label_text: dict[str, bool] = {}  # cell texts repeat down a catalog; key() is the costly part

    def names_only(self, hit: Hit) -> bool:
        block = self._analysis.document.blocks[hit.block]
        if block.links:
            return False
        named = block.cell_at(self._analysis.span(hit)[0])
        if named is None:
            return False
        place = (hit.block, named.text)
        if place not in self._bare:
            # a catalog's 责任部门 and update rule say who will publish and when, not that anyone did
            planning = self.columns.roles(block) if block.table in self._catalogs else ()
            planning += (None,) * (len(block.cells) - len(planning))
            # stops at the first cell with substance of its own, so most rows key one or two cells, not all
            self._bare[place] = all(cell.text == named.text or self._is_label_text(cell.text)
                                    or _plans(cell.text, role) for cell, role in zip(block.cells, planning, strict=True))
        return self._bare[place]

    def in_catalog(self, hit: Hit) -> bool:
        return self._analysis.document.blocks[hit.block].table in self._catalogs

    def nothing_to_publish(self, hit: Hit) -> str | None:
        """The status cell saying there was nothing to publish, if the hit's row has one."""
        if hit.block not in self._nothing_cells:
            self._nothing_cells[hit.block] = self._nothing_cell(self._analysis.document.blocks[hit.block])
        return self._nothing_cells[hit.block]

    def _nothing_cell(self, block: Block) -> str | None:
        if not any(self._says_nothing(c.text) for c in block.cells):
            return None  # most rows: settled by their short cells alone
        roles = self.columns.roles(block)
        if "status" in roles:
            status = [c for c, role in zip(block.cells, roles, strict=True) if role == "status"]
            return next((c.text for c in status if self._says_nothing(c.text)), None)
        if block.links:
            return None
        roles += (None,) * (len(block.cells) - len(roles))
        # Without a status column: the row's only substance besides the item's name says nothing was published.
        others = [c for c, role in zip(block.cells, roles, strict=True)
                  if role != "remark" and not self._is_label_text(c.text)]
        saying = [c for c in others if self._says_nothing(c.text)]
        return saying[0].text if saying and len(others) - len(saying) <= 1 else None

    def _says_nothing(self, text: str) -> bool:
        # a longer cell cannot be one of the phrases: most cells (names, links, dates) are never keyed here
        if len(text) > self._longest_nothing:
            return False
        if text not in self._nothing_text:
            self._nothing_text[text] = key(text) in self._nothing
        return self._nothing_text[text]

    def _is_label_text(self, text: str) -> bool:
        if text not in self._label_text:
            self._label_text[text] = self._is_label(key(text))
        return self._label_text[text]

    def _is_label(self, cell_key: str) -> bool:
        # a number (序号 12, 1.2) is a label; a date (2023-10-30 keys as 20231030) is substance
        return (not cell_key or (cell_key.isdigit() and len(cell_key) <= 4) or cell_key in self._references
                or any(label in cell_key for label in self._labels))


_YEAR = re.compile(r"(?:19|20)[0-9]{2}")


def _plans(text: str, role: str | None) -> bool:
    """A catalog cell naming who publishes (责任部门) or a rule for when (每年10月), not a date it happened."""
    return role == "owner" or (role == "schedule" and not _YEAR.search(half_width(text)))


def settings_not_applicable(analysis: Analysis) -> set[int]:
    items = analysis.checklist.items
    groups = {a.value: [i.id for i in items if i.applies_to is a] for a in Applicability if a is not Applicability.all}
    return expand_items(analysis.settings.not_applicable, groups, {i.id for i in items})


def check_items(analysis: Analysis) -> tuple[list[ItemResult], dict[int, list[Judged]]]:
    """Each item's verdict, and the judged hits by item (the freshness rule reads their dates)."""
    judged, skipped = judge(analysis, _BareRows(analysis))
    declared_na = settings_not_applicable(analysis)
    items = [decide(analysis, item, judged.get(item.id, []), item.id in declared_na, skipped.get(item.id, []))
             for item in analysis.checklist.items]
    return items, judged


def decide(analysis: Analysis, item: Item, hits: list[Judged], set_not_applicable: bool,
           skipped: list[tuple[Hit, str]] | None = None) -> ItemResult:
    best = _best(item, hits)
    result = _decide(analysis, item, hits, best, set_not_applicable)
    result.explain = explain(analysis, item, hits, skipped or [], result, best)
    return result


def _best(item: Item, hits: list[Judged]) -> list[Judged | None]:
    """For each facet, the hit that decides it: the strongest, and among equals the most positive (the first
    of those); a hit of no facet (the item's title, a declaration) covers every facet."""
    facets = range(len(item.facets))
    best: list[Judged | None] = [None for _ in facets]
    ranks = [-1 for _ in facets]
    for judged in hits:
        rank = judged.strength * 4 + judged.verdict  # the order of `Judged.rank`, as one number
        facet = judged.hit.pattern.facet
        for index in facets if facet is None else (facet,):
            if rank > ranks[index]:
                best[index], ranks[index] = judged, rank
    return best


_VERDICT_WHY = {Verdict.negative: "negation", Verdict.not_applicable: "not_applicable", Verdict.partly: "partly"}


def explain(analysis: Analysis, item: Item, hits: list[Judged], skipped: list[tuple[Hit, str]],
            result: ItemResult, best: list[Judged | None]) -> Explanation:
    deciding = {id(b) for b in best if b is not None}
    # Every hit is considered, but only the first few in the document are explained: only theirs are worked out.
    entries: list[tuple[Hit, Judged | None, str]] = [(j.hit, j, "") for j in hits]
    entries += [(hit, None, why) for hit, why in skipped]
    shown = heapq.nsmallest(EXPLAIN_LIMIT, entries, key=lambda e: (e[0].block, e[0].start))  # a stable sort's first
    explained = [_explained(analysis, item, hit, j is not None and id(j) in deciding,
                            why if j is None else _why(j, best, id(j) in deciding)) for hit, j, why in shown]
    covered = sum(1 for f in result.facets if f.covered)
    na = sum(1 for b in best if b is not None and b.verdict is Verdict.not_applicable)
    decision = t("explain.decision", analysis.lang, covered=covered, total=len(item.facets), na=na,
                 status=t(result.status.value, analysis.lang))
    if result.reason is not None or (result.status is ItemStatus.not_applicable and not result.self_declared):
        decision = result.message
    return Explanation(considered=len(entries), decision=decision, hits=explained)


def _why(j: Judged, best: list[Judged | None], deciding: bool) -> str:
    """Why a judged hit did or did not decide its facet."""
    if j.hit.pattern.kind is HitKind.number:
        return f"number:{j.phrase}"
    if j.verdict in _VERDICT_WHY:
        return f"{_VERDICT_WHY[j.verdict]}:{j.phrase}"
    if deciding or not (stronger := [b.strength for b in best if b is not None and b.strength > j.strength]):
        return "row" if j.strength == ROW else "text"
    return "outranked_declared" if max(stronger) == DECLARED else "outranked"


def _explained(analysis: Analysis, item: Item, hit: Hit, counted: bool, why: str) -> ExplainedHit:
    facet = item.facets[hit.pattern.facet].name if hit.pattern.facet is not None else None
    keyed_block = analysis.keys[hit.block]
    start, end = analysis.context(hit)
    if end > start:
        left, right = keyed_block.span(start, end)
        text = display(analysis.document.blocks[hit.block].text[left:right])
    else:
        text = ""
    return ExplainedHit(keyword=hit.pattern.keyword, kind=hit.pattern.kind.value, facet=facet,
                        locator=analysis.locator(hit.block, analysis.span(hit)[0]), counted=counted, why=why,
                        text=text if len(text) <= EXPLAIN_TEXT else text[:EXPLAIN_TEXT] + "…")


def _decide(analysis: Analysis, item: Item, hits: list[Judged], best: list[Judged | None],
            set_not_applicable: bool) -> ItemResult:
    lang = analysis.lang
    category = analysis.checklist.category(item.category)
    result = ItemResult(id=item.id, category=category.name, category_id=category.id, category_en=category.name_en,
                        title=item.title, title_en=item.title_en, status=ItemStatus.missing)
    result.facets = [
        FacetResult(name=f.name, name_en=f.name_en, covered=_shows(b), evidence=[_evidence(analysis, b)] if _shows(b) else [])
        for f, b in zip(item.facets, best, strict=True)
    ]
    if set_not_applicable:
        result.status = ItemStatus.not_applicable
        reason = analysis.settings.reason
        result.reason = reason
        result.message = t("item.na_setting", lang, reason=reason) if reason else t("item.na_setting_noreason", lang)
        return result

    relevant = [b for b in best if b is None or b.verdict is not Verdict.not_applicable]
    covered = [b for b in relevant if _shows(b)]
    partly = any(b.verdict is Verdict.partly for b in covered if b is not None)
    shows = _SHOWING  # `_shows` written out: this runs for every hit
    positives = sorted([j for j in hits if j.verdict in shows], key=lambda j: (-j.strength, j.hit.block, j.hit.start))
    result.evidence = _first_evidence(analysis, positives)
    declared_na = any(b is not None and b.verdict is Verdict.not_applicable for b in best)
    # "学校无校办企业" reaches one part of the item; when nothing else is said of the item, it speaks for all of it
    if not relevant or (declared_na and all(b is None for b in relevant)):
        result.status = ItemStatus.not_applicable
        result.self_declared = True
        deciding = next(b for b in best if b is not None)
        result.evidence = [_evidence(analysis, deciding)]
        result.message = t("item.na_declared", lang)
    elif len(covered) == len(relevant) and not partly:
        result.status = ItemStatus.disclosed
    elif len(covered) == len(relevant):
        result.status = ItemStatus.partial
        result.self_declared = True
        result.message = t("item.declared_partial", lang)
    elif covered:
        result.status = ItemStatus.partial
        absent = [f for f, b in zip(result.facets, best, strict=True) if not f.covered and (b is None or b.verdict is not Verdict.not_applicable)]
        names = "、".join(f.name for f in absent) if lang == "zh" else ", ".join(f.name_en for f in absent)
        result.message = t("item.partial", lang, facets=names)
    else:
        negative = [b for b in relevant if b is not None and b.verdict is Verdict.negative]
        if negative:
            result.self_declared = True
            result.evidence = [_evidence(analysis, negative[0])]
            result.message = t("item.declared_missing", lang)
        else:
            result.message = t("item.missing", lang)
    return result


_SHOWING = (Verdict.positive, Verdict.partly)


def _shows(judged: Judged | None) -> bool:
    """Whether a hit shows (at least part of) its facet published."""
    return judged is not None and judged.verdict in _SHOWING


def _evidence(analysis: Analysis, judged: Judged) -> Evidence:
    start, end = analysis.span(judged.hit)
    return analysis.evidence(judged.hit.block, start, end)


def _first_evidence(analysis: Analysis, ranked: list[Judged]) -> list[Evidence]:
    """Evidence for the best hits, one per block and quote; built only for the few that are shown."""
    seen_blocks: set[int] = set()
    seen_quotes: set[str] = set()
    evidence: list[Evidence] = []
    for judged in ranked:
        if judged.hit.block in seen_blocks:
            continue
        seen_blocks.add(judged.hit.block)
        start, end = analysis.span(judged.hit)
        quote = analysis.quote(judged.hit.block, start, end)  # a repeated quote needs no link or date
        if quote not in seen_quotes:
            seen_quotes.add(quote)
            evidence.append(analysis.evidence(judged.hit.block, start, end))
            if len(evidence) == EVIDENCE_PER_ITEM:
                break
    return evidence
