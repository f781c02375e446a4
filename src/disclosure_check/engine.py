"""Rules × Document → Result. What every rule shares is prepared once, in analysis.py, beneath the rules."""

from __future__ import annotations

from disclosure_check.analysis import Analysis, analyse
from disclosure_check.checklist import Checklist, ReportVocabulary
from disclosure_check.config import Settings
from disclosure_check.document import Document
from disclosure_check.result import DocumentResult, Summary
from disclosure_check.score import score

__all__ = ["Analysis", "analyse", "check", "summarise"]


def check(document: Document, checklist: Checklist, vocabulary: ReportVocabulary, settings: Settings) -> DocumentResult:
    from disclosure_check.article import recognise
    from disclosure_check.checklist import load_document_kinds
    from disclosure_check.rules import (
        catalog,
        consistency,
        coverage,
        freshness,
        leftovers,
        period,
        structure,
        timeliness,
    )

    # The article without the site around it, its title and year, before any rule reads it.
    document, recognition = recognise(document, load_document_kinds())
    analysis = analyse(document, checklist, vocabulary, settings, recognition)
    result = DocumentResult(path=document.path, format=document.format, needs_ocr=document.needs_ocr, ocr=document.ocr)
    result.items, judged = coverage.check_items(analysis)
    result.report = structure.report_info(analysis)
    if (listed := catalog.listed(analysis, result.report.kind)) is not None:
        for item in result.items:
            item.listed = item.id in listed
    result.report.period = period.decide(analysis)
    structure.decide_year(analysis, result.report)
    structure.self_disclosed(analysis, result.report, result.items, judged)
    result.parts, structure_findings = structure.check_parts(analysis, result.report)
    result.findings = [*structure_findings, *period.findings(analysis, result.report),
                       *freshness.apply(analysis, result.report, result.items, judged),
                       *leftovers.check(analysis, result.report), *consistency.check(analysis),
                       *timeliness.check(analysis, result.report), *catalog.check(analysis)]
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
