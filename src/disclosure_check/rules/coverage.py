"""Item coverage: for each checklist item, which facets the document shows were published, and the verdict.

Each hit is judged in its context (the whole row of a table, else the clause around it):
- a clause or row that says the item does not apply (不涉及, 本年度未发生 …) makes the hit `not_applicable`;
- one that says it was not published (未公开, 待公开 …) makes it `negative`;
- a channel keyword (教职工代表大会 as the channel of publishing) never counts;
- otherwise the hit is `positive`.
A row of an item table outranks a passing mention in running text; within the same rank a positive hit wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum

from disclosure_check.checklist import Applicability, Item
from disclosure_check.config import expand_items
from disclosure_check.engine import Analysis
from disclosure_check.i18n import t
from disclosure_check.matching import Hit, HitKind
from disclosure_check.result import Evidence, FacetResult, ItemResult, ItemStatus
from disclosure_check.text import key

EVIDENCE_PER_ITEM = 3


class Verdict(IntEnum):
    """Ordered so that, among hits of equal strength, the greater verdict decides a facet."""

    negative = 0
    not_applicable = 1
    partly = 2  # published in part, by the document's own account (部分公开)
    positive = 3


@dataclass(frozen=True, slots=True)
class Judged:
    hit: Hit
    verdict: Verdict
    strength: int  # 2 for a table row, 1 for running text

    @property
    def rank(self) -> tuple[int, int]:
        return self.strength, self.verdict


class _Phrases:
    def __init__(self, analysis: Analysis) -> None:
        vocabulary = analysis.vocabulary
        self.not_applicable = _any_of(vocabulary.not_applicable)
        self.not_published = _any_of(vocabulary.not_published)
        self.partly_published = _any_of(vocabulary.partly_published)

    def verdict(self, context_key: str) -> Verdict:
        if self.not_applicable.search(context_key):
            return Verdict.not_applicable
        if self.partly_published.search(context_key):
            return Verdict.partly
        if self.not_published.search(context_key):
            return Verdict.negative
        return Verdict.positive


def _any_of(phrases: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(key(p)) for p in phrases))


def judge(analysis: Analysis) -> dict[int, list[Judged]]:
    """Every counting hit, judged, grouped by item."""
    phrases = _Phrases(analysis)
    blocks = analysis.document.blocks
    judged: dict[int, list[Judged]] = {}
    verdicts: dict[tuple[int, int, int], Verdict] = {}
    labels = _category_labels(analysis)
    for hit in analysis.hits:
        if hit.pattern.kind is HitKind.channel:
            continue
        start, end = analysis.context(hit)
        context = (hit.block, start, end)
        if context not in verdicts:
            verdicts[context] = phrases.verdict(analysis.keys[hit.block].key[start:end])
        row = blocks[hit.block].kind == "row"
        if row and verdicts[context] is Verdict.positive and _bare_listing(analysis, hit, labels):
            continue
        judged.setdefault(hit.pattern.item, []).append(Judged(hit, verdicts[context], 2 if row else 1))
    return judged


def _category_labels(analysis: Analysis) -> list[str]:
    return [key(c.name) for c in analysis.checklist.categories]


def _bare_listing(analysis: Analysis, hit: Hit, labels: list[str]) -> bool:
    """A row that only names the item (beside its number and category) — a blank template or a bare list of
    items — says nothing about whether the item was published."""
    block = analysis.document.blocks[hit.block]
    named = block.cell_at(analysis.span(hit)[0])
    if block.links or named is None:
        return False
    for cell in block.cells:
        cell_key = key(cell.text)
        if cell.text == named.text or not cell_key or cell_key.replace(".", "").isdigit():
            continue
        if not any(label in cell_key for label in labels):
            return False
    return True


def settings_not_applicable(analysis: Analysis) -> set[int]:
    items = analysis.checklist.items
    groups = {a.value: [i.id for i in items if i.applies_to is a] for a in Applicability if a is not Applicability.all}
    return expand_items(analysis.settings.not_applicable, groups, {i.id for i in items})


def check_items(analysis: Analysis) -> list[ItemResult]:
    judged = judge(analysis)
    declared_na = settings_not_applicable(analysis)
    return [decide(analysis, item, judged.get(item.id, []), item.id in declared_na) for item in analysis.checklist.items]


def decide(analysis: Analysis, item: Item, hits: list[Judged], set_not_applicable: bool) -> ItemResult:
    lang = analysis.lang
    category = analysis.checklist.category(item.category)
    result = ItemResult(id=item.id, category=category.name, category_id=category.id, category_en=category.name_en,
                        title=item.title, title_en=item.title_en, status=ItemStatus.missing)
    best: list[Judged | None] = []
    for index in range(len(item.facets)):
        covering = [j for j in hits if j.hit.pattern.facet in (index, None)]
        best.append(max(covering, key=lambda j: j.rank, default=None))
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
    positives = sorted((j for j in hits if _shows(j)),
                       key=lambda j: (-j.strength, j.hit.block, j.hit.start))
    result.evidence = _first_evidence(analysis, positives)
    if not relevant:
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


def _shows(judged: Judged | None) -> bool:
    """Whether a hit shows (at least part of) its facet published."""
    return judged is not None and judged.verdict in (Verdict.positive, Verdict.partly)


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
        found = _evidence(analysis, judged)
        if found.quote not in seen_quotes:
            seen_quotes.add(found.quote)
            evidence.append(found)
            if len(evidence) == EVIDENCE_PER_ITEM:
                break
    return evidence
