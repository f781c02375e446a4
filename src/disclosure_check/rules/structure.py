"""Report structure: the title, the parts a report announces ("报告包括…八个部分") and the parts it has.

A part is recognised by a numbered heading ("二、主动公开情况", "第二部分", "2. 主动公开情况", a Word heading)
whose text holds one of the part's keywords. Sub-headings ("（一）主动公开情况") only count when their number
is the part's own, so a subsection of part 2 never stands in for a missing part. Part 8, the checklist table,
is also present when the document holds a table whose rows name many checklist items.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from disclosure_check.analysis import Analysis
from disclosure_check.i18n import t
from disclosure_check.result import Finding, PartResult, ReportInfo, Severity
from disclosure_check.text import cn_number, key, keys, title_year

HEADING_TEXT_LIMIT = 40
TABLE_PART_MIN_ITEMS = 10  # rows naming this many distinct items make a table the 清单事项公开情况表
CHECKLIST_TABLE_PART = 8
PRESENT_SCORE = 3

_NUMBERING = re.compile(
    r"^\s*(?:第(?P<part>[一二三四五六七八九十]+)部分|(?P<cn>[一二三四五六七八九十]+)\s*[、.．]"
    r"|(?P<arabic>\d{1,2})\s*[、.．](?!\d)|[（(](?P<sub>[一二三四五六七八九十\d]+)[)）])"
)
_HEADING_END = re.compile(r"[。，；：,;:！？!?]")
_PARTS_WORD = re.compile("部分")
_ANNOUNCED = re.compile(
    r"(?:包括|包含|分为|分成|由|共)[^。]{0,400}?(?P<n>[一二三四五六七八九十]|\d{1,2})\s*(?:个|大)?部分"
)


@dataclass(slots=True, unsafe_hash=True)  # hashed like a frozen one; frozen's __init__ is 3× slower
class Heading:
    block: int
    text: str  # the heading's own words, without the rest of a merged paragraph
    number: int | None
    style: int  # 3 for 一、/第一部分/Word heading, 2 for 1., 1 for （一）


def headings(analysis: Analysis) -> list[Heading]:
    found = []
    for index, block in enumerate(analysis.document.blocks):
        if block.kind == "row":
            continue
        match = _NUMBERING.match(block.text)
        if match is None and block.kind != "heading":
            continue
        text = _HEADING_END.split(block.text.strip(), maxsplit=1)[0][:HEADING_TEXT_LIMIT]
        if match is None:
            found.append(Heading(index, text, None, 3))
            continue
        number_text = match.group("part") or match.group("cn") or match.group("arabic") or match.group("sub")
        style = 3 if match.group("part") or match.group("cn") else 2 if match.group("arabic") else 1
        if block.kind == "heading" and (block.level or 1) <= 1:
            style = 3
        found.append(Heading(index, text, cn_number(number_text), style))
    return found


_TITLE_MAX = 200  # real titles are under 60 characters


def report_info(analysis: Analysis) -> ReportInfo:
    document = analysis.document
    title = document.title or next((b.text.strip() for b in document.blocks if b.text.strip()), None)
    if title and len(title) > _TITLE_MAX:  # a one-line 20 MB text is no title: it would fill the JSON and table
        title = title[:_TITLE_MAX] + "…"
    announced = None
    for block in (document.blocks[i] for i in analysis.blocks_with(_PARTS_WORD)):  # an announcement names 部分
        if block.kind != "row" and (match := _ANNOUNCED.search(block.text)):
            announced = cn_number(match.group("n"))
            break
    title_key = analysis.key_of(title or "")
    is_report = announced is not None or any(key(k) in title_key for k in analysis.vocabulary.report_title_keywords)
    year = analysis.settings.year or (title_year(title) if title else None)
    return ReportInfo(title=title, year=year, institution=_institution(title, analysis),
                      announced_parts=announced, is_annual_report=is_report)


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
    found = _find_parts(analysis)
    if not report.is_annual_report and len(found) >= 3:
        report.is_annual_report = True
    if not report.is_annual_report:
        return [], [Finding(rule="structure.not-annual-report", severity=Severity.info, message=t("report.not_annual", lang))]
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
    """Part number → block index of its heading (or of the checklist table's first row).

    Parts are headed at the document's top numbering level, the highest level whose headings name parts; a
    lower-level heading ("（三）…" under "二、…") counts only when that level is the top one.
    """
    # Each part's keywords as one pattern; the headings' keys in one batch (a report may have thousands).
    part_keys = [(part, re.compile("|".join(re.escape(key(k)) for k in part.keywords) or "(?!)"))
                 for part in analysis.vocabulary.parts]
    found_headings = headings(analysis)
    naming = [
        (heading, part)
        for heading, heading_key in zip(found_headings, keys([h.text for h in found_headings]), strict=True)
        for part, keywords in part_keys
        if keywords.search(heading_key)
    ]
    top_style = max((heading.style for heading, _ in naming), default=0)
    found: dict[int, int] = {}
    scores: dict[int, int] = {}
    for heading, part in naming:
        if heading.style != top_style and not (heading.style >= 2 and heading.number == part.number):
            continue
        score = heading.style + (2 if heading.number == part.number else 0)
        if score >= PRESENT_SCORE and score > scores.get(part.number, 0):
            scores[part.number], found[part.number] = score, heading.block
    if CHECKLIST_TABLE_PART not in found and (table_row := _checklist_table(analysis)) is not None:
        found[CHECKLIST_TABLE_PART] = table_row
    return found


def _checklist_table(analysis: Analysis) -> int | None:
    """The first row of a table whose rows name at least TABLE_PART_MIN_ITEMS distinct checklist items."""
    blocks = analysis.document.blocks
    items_by_table: dict[int, set[int]] = defaultdict(set)
    first_row: dict[int, int] = {}
    for hit in analysis.hits:
        block = blocks[hit.block]
        if block.kind == "row" and block.table is not None:
            items_by_table[block.table].add(hit.pattern.item)
            first_row[block.table] = min(first_row.get(block.table, hit.block), hit.block)
    tables = [table for table, items in items_by_table.items() if len(items) >= TABLE_PART_MIN_ITEMS]
    return first_row[min(tables)] if tables else None
