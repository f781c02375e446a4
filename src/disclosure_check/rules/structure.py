"""Report structure: the title, the parts a report announces ("报告包括…八个部分") and the parts it has.

A part is recognised by a numbered heading ("二、主动公开情况", "第二部分", "2. 主动公开情况", a Word heading)
whose text holds one of the part's keywords. Sub-headings ("（一）主动公开情况") only count when their number
is the part's own, so a subsection of part 2 never stands in for a missing part. Part 8, the checklist table,
is also present when the document holds a table whose rows name many checklist items.
"""

from __future__ import annotations

import re
from collections import defaultdict

from disclosure_check.analysis import Analysis
from disclosure_check.checklist import Part
from disclosure_check.i18n import t
from disclosure_check.result import (
    Evidence,
    Finding,
    ItemResult,
    ItemStatus,
    KindSignal,
    PartResult,
    RemovedLine,
    ReportExplanation,
    ReportInfo,
    Severity,
)
from disclosure_check.rules.coverage import Judged, Verdict
from disclosure_check.text import cn_number, folded_pattern

HEADING_TEXT_LIMIT = 40
TABLE_PART_MIN_ITEMS = 10  # rows naming this many distinct items make a table the 清单事项公开情况表
CHECKLIST_TABLE_PART = 8
PRESENT_SCORE = 3
PROSE_LENGTH = 50  # a paragraph this long is running text (a catalog has next to none beside its table)
UNIVERSITY_REPORT = "university_annual_report"

_NUMBERING = re.compile(
    r"^\s*(?:第(?P<part>[一二三四五六七八九十]+)部分|(?P<cn>[一二三四五六七八九十]+)\s*[、.．]"
    r"|(?P<arabic>\d{1,2})\s*[、.．](?!\d)|[（(](?P<sub>[一二三四五六七八九十\d]+)[)）])"
)
_HEADING_END = re.compile(r"[。，；：,;:！？!?]")
_PARTS_WORD = re.compile("部分")
_ANNOUNCED = re.compile(
    r"(?:包括|包含|分为|分成|由|共)[^。]{0,400}?(?P<n>[一二三四五六七八九十]|\d{1,2})\s*(?:个|大)?部分"
)


_STYLES = {"part": 3, "cn": 3, "arabic": 2, "sub": 1}  # by _NUMBERING's group: 一、/第一部分 3, 1. 2, （一） 1


def _heading_bounds(text: str) -> tuple[int, int]:
    """Where a heading's own words lie in its block's text: from the first non-blank character to the first
    sentence or clause mark, at most HEADING_TEXT_LIMIT characters."""
    start, stripped_end = len(text) - len(text.lstrip()), len(text.rstrip())
    limit = min(start + HEADING_TEXT_LIMIT, stripped_end)
    stop = _HEADING_END.search(text, start, limit) if start < limit else None
    return start, stop.start() if stop else max(start, limit)


_TITLE_MAX = 200  # real titles are under 60 characters


def report_info(analysis: Analysis) -> ReportInfo:
    """Title, announced parts and kind; the year follows once the period is decided (decide_year)."""
    from disclosure_check.article import classify
    from disclosure_check.checklist import load_document_kinds

    document = analysis.document
    recognition = analysis.recognition
    title = recognition.title
    if title and len(title) > _TITLE_MAX:  # a one-line 20 MB text is no title: it would fill the JSON and table
        title = title[:_TITLE_MAX] + "…"
    announced = None
    for block in (document.blocks[i] for i in analysis.blocks_with(_PARTS_WORD)):  # an announcement names 部分
        if block.kind != "row" and (match := _ANNOUNCED.search(block.text)):
            announced = cn_number(match.group("n"))
            break
    tables = _items_by_table(analysis)
    structure = {
        "announced_parts": 1 if announced else 0,
        "part_headings": len(_heading_parts(analysis)),
        "item_table": max((len(items) for items in tables.values()), default=0),
        "prose": sum(1 for b in document.blocks if b.kind != "row" and len(b.text) >= PROSE_LENGTH),
    }
    decision = classify(document, load_document_kinds(), recognition, structure)
    title_locator = (document.blocks[recognition.title_block].locator if recognition.title_block is not None
                     else None)
    explain = ReportExplanation(
        kind_scores=decision.scores, taken_for=decision.taken_for,
        signals=[KindSignal(kind=f.kind, name=f.name, where=f.where, weight=f.weight, text=f.text) for f in decision.fired],
        title_source=recognition.title_source, title_locator=title_locator, page_title=recognition.page_title,
        main_content=recognition.main_content,
        removed=[RemovedLine(locator=r.locator, text=r.text, why=r.why) for r in recognition.removed],
    )
    return ReportInfo(title=title, institution=_institution(title, analysis), announced_parts=announced,
                      is_annual_report=decision.kind == UNIVERSITY_REPORT, kind=decision.kind, explain=explain)


def decide_year(analysis: Analysis, report: ReportInfo) -> None:
    """report.year is the year the reporting period ends: set, or the end of the period the document states
    or uses, or else the year its title or opening names."""
    recognition = analysis.recognition
    period = report.period
    if analysis.settings.year:
        year, source, text = analysis.settings.year, "setting", None
    elif period.end and period.source in ("stated", "text"):
        year, source = int(period.end[:4]), "period"
        text = period.evidence.quote if period.evidence else None
    else:
        year, source, text = recognition.year, recognition.year_source, recognition.year_text
    report.year = year
    if report.explain is not None:
        report.explain.year_source, report.explain.year_text = source if year else "none", text


def self_disclosed(analysis: Analysis, report: ReportInfo, items: list[ItemResult],
                   judged: dict[int, list[Judged]]) -> None:
    """A university's annual report discloses the checklist item that asks for the annual report: the
    document is that report (its title is the evidence). A government agency's report or a catalog does not,
    and in any other document only a table row (a 清单 or catalog row) shows that item published: running text
    that speaks of annual reports (a notice, a news story) is not the institution's report."""
    if report.kind != UNIVERSITY_REPORT:
        _rows_only(analysis, items, judged)
        return
    recognition = analysis.recognition
    if recognition.title_block is not None:
        evidence = analysis.evidence(recognition.title_block)
    else:
        evidence = Evidence(quote=report.title or "", locator="title")
    for item in items:
        if not analysis.checklist.item(item.id).disclosed_by_annual_report or item.reason is not None:
            continue
        if item.status is ItemStatus.not_applicable and not item.self_declared:
            continue
        item.status, item.self_declared = ItemStatus.disclosed, False
        item.evidence = [evidence, *(e for e in item.evidence if e != evidence)][:3]
        item.facets = [f.model_copy(update={"covered": True, "evidence": f.evidence or [evidence]}) for f in item.facets]
        item.message = t("item.self_report", analysis.lang)
        if item.explain is not None:
            item.explain.decision += " → " + t("item.self_report", analysis.lang)


# The issuing institution names itself before the year or the report's name: "湖南科技学院2023年度信息公开工作报告".
_INSTITUTION = re.compile(r"([\u4e00-\u9fff（）()]{2,30}?(?:大学|学院|高等专科学校|学校))(?:[（(][^）)]{1,10}[）)])?"
                          r"(?=\s*(?:(?:19|20)\d{2}|二[〇零○]|[—–-]|关于|信息公开|年度))")


def _institution(title: str | None, analysis: Analysis) -> str | None:
    # Only a title-like line that starts with the name: body text cites "高等学校信息公开办法".
    heads = [title or "", *(b.text for b in analysis.document.blocks[:3] if b.kind != "row" and len(b.text) <= 60)]
    for text in heads:
        if match := _INSTITUTION.match(text.strip()):
            return match.group(1)
    return None


def check_parts(analysis: Analysis, report: ReportInfo) -> tuple[list[PartResult], list[Finding]]:
    lang = analysis.lang
    if not report.is_annual_report:
        taken = t(f"doc_kind.{report.kind}", lang)
        return [], [Finding(rule="structure.not-annual-report", severity=Severity.info,
                            message=t("report.not_annual_kind", lang, kind=taken))]
    found = _find_parts(analysis)
    parts: list[PartResult] = []
    findings: list[Finding] = []
    for part in analysis.vocabulary.parts:
        block = found.get(part.number)
        title = part.title if lang == "zh" else part.title_en
        if block is not None:
            parts.append(PartResult(number=part.number, title=part.title, title_en=part.title_en, status="present",
                                    evidence=analysis.evidence(block)))
            continue
        parts.append(PartResult(number=part.number, title=part.title, title_en=part.title_en, status="missing"))
        findings.append(Finding(rule="structure.part-missing", severity=Severity.error, part=part.number,
                                message=t("part.missing", lang, number=part.number, title=title)))
    present = sum(1 for p in parts if p.status == "present")
    if report.announced_parts and present < report.announced_parts:
        findings.insert(0, Finding(rule="structure.incomplete", severity=Severity.error,
                                   message=t("report.incomplete", lang, announced=report.announced_parts, found=present)))
    return parts, findings


def _find_parts(analysis: Analysis) -> dict[int, int]:
    """Part number → block index of its heading (or of the checklist table's first row)."""
    found = dict(_heading_parts(analysis))
    if CHECKLIST_TABLE_PART not in found and (table_row := _checklist_table(analysis)) is not None:
        found[CHECKLIST_TABLE_PART] = table_row
    return found


def _heading_parts(analysis: Analysis) -> dict[int, int]:
    """Part number → block index of its heading (worked out once: the report's kind and its parts both ask)."""
    if "heading_parts" not in analysis.shared:
        analysis.shared["heading_parts"] = _find_heading_parts(analysis)
    return analysis.shared["heading_parts"]  # type: ignore[return-value]


def _find_heading_parts(analysis: Analysis) -> dict[int, int]:
    """Part number → block index of its heading.

    A heading is a numbered block ("二、…", "第二部分", "2. …", "（二）…") or one the source marks, whose own words
    (`_heading_bounds`) name a part by one of its keywords; its style is 3 for 一、/第一部分/a top Word heading,
    2 for 1., 1 for （一）. Parts are headed at the document's top numbering level, the highest style whose
    headings name parts; a lower-level heading ("（三）…" under "二、…") counts only when that level is the top one.
    """
    # The keywords are sought in each block's folded text within the heading's bounds (Keyed.holds): no heading
    # is converted or keyed again, and most numbered lines (list items) name no part at all.
    part_keys = [(part, folded_pattern(part.keywords)) for part in analysis.vocabulary.parts]
    numbered = {part.number: [(part, keywords)] for part, keywords in part_keys}
    any_part = folded_pattern(k for part in analysis.vocabulary.parts for k in part.keywords)
    numbers: dict[str, int | None] = {}  # each numeral as written ("二", "3"), read once
    naming: list[tuple[int, int, int | None, Part]] = []  # (block, style, number, part), in document order
    top_style = 0
    for index, block in enumerate(analysis.document.blocks):
        if block.kind == "row":
            continue
        match = _NUMBERING.match(block.text)
        if match is None and block.kind != "heading":
            continue
        start, end = _heading_bounds(block.text)
        keyed = analysis.keys[index]
        if not keyed.holds(any_part, start, end):
            continue
        if match is None:
            style, number = 3, None
        else:
            style, written = _STYLES[match.lastgroup], match[match.lastgroup]  # type: ignore[index]
            if block.kind == "heading" and (block.level or 1) <= 1:
                style = 3
            number = numbers[written] if written in numbers else numbers.setdefault(written, cn_number(written))
        top_style = max(top_style, style)
        # Below PRESENT_SCORE, only its own number's bonus lets a heading count: for that part alone.
        for part, keywords in part_keys if style >= PRESENT_SCORE else numbered.get(number, ()):  # type: ignore[arg-type]
            if keyed.holds(keywords, start, end):
                naming.append((index, style, number, part))
    found: dict[int, int] = {}
    scores: dict[int, int] = {}
    for index, style, number, part in naming:
        if style != top_style and not (style >= 2 and number == part.number):
            continue
        score = style + (2 if number == part.number else 0)
        if score >= PRESENT_SCORE and score > scores.get(part.number, 0):
            scores[part.number], found[part.number] = score, index
    return found


def _items_by_table(analysis: Analysis) -> dict[int, set[int]]:
    blocks = analysis.document.blocks
    items_by_table: dict[int, set[int]] = defaultdict(set)
    for hit in analysis.hits:
        block = blocks[hit.block]
        if block.kind == "row" and block.table is not None:
            items_by_table[block.table].add(hit.pattern.item)
    return items_by_table


def _checklist_table(analysis: Analysis) -> int | None:
    """The first row naming an item, of the first table whose rows name at least TABLE_PART_MIN_ITEMS distinct
    checklist items."""
    tables = [table for table, items in _items_by_table(analysis).items() if len(items) >= TABLE_PART_MIN_ITEMS]
    if not tables:
        return None
    first = min(tables)
    blocks = analysis.document.blocks
    return min(hit.block for hit in analysis.hits if blocks[hit.block].kind == "row" and blocks[hit.block].table == first)


def _rows_only(analysis: Analysis, items: list[ItemResult], judged: dict[int, list[Judged]]) -> None:
    blocks = analysis.document.blocks
    for item in items:
        if not analysis.checklist.item(item.id).disclosed_by_annual_report:
            continue
        if item.status not in (ItemStatus.disclosed, ItemStatus.partial, ItemStatus.stale):
            continue
        if any(blocks[j.hit.block].kind == "row" and j.verdict is not Verdict.negative for j in judged.get(item.id, [])):
            continue
        item.status, item.evidence, item.self_declared = ItemStatus.missing, [], False
        item.facets = [f.model_copy(update={"covered": False, "evidence": []}) for f in item.facets]
        item.message = t("item.report_mention", analysis.lang)
        if item.explain is not None:
            item.explain.decision += " → " + t("item.report_mention", analysis.lang)
