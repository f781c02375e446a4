"""Consistency (勾稽): counted quantities in one sentence that must agree.

- received vs answered vs the stated reply rate ("收到有效信件13件，回复和有效办理13件，回复率达100%");
- parts that may not exceed their total ("发布信息408条，其中采购公告134条、中标公告125条…");
- a rate (回复率, 满意率, 就业率, 比例…) within 0–100%; growth figures (增长120%) are left alone;
- 万元 beside 元 ("1234.56万元（12345600元）").
Rounding tolerance: a stated figure with d decimals stands for anything within half a unit of its last digit
(98% for 97.5–98.5%), so a reply rate is wrong only when the counts put it outside that band. Approximate
totals ("290余条") bound nothing and are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from disclosure_check.analysis import Analysis
from disclosure_check.i18n import quantity, t
from disclosure_check.result import Evidence, Finding, Severity
from disclosure_check.text import display

_SENTENCE = re.compile(r"[^。！？!?；;\n]+")
_CLAUSE = re.compile(r"[^，,]+")
_DIGIT = re.compile(r"\d")
_QUANTITY = re.compile(
    r"(?P<approx_before>约|近|超过|逾)?\s*(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)\s*(?P<approx>余|多)?\s*"
    r"(?P<unit>人次|万元|件|条|人|元|%|％)"
)
_RECEIVED = re.compile(r"收到|受理|接收|接到|收悉|来信|来电|申请")
_ANSWERED = re.compile(r"回复|答复|办理|办结|处理|回应")
_RATE = re.compile(r"(?:回复|答复|办结|办理|处理|回应)率")
_BOUNDED_RATE = re.compile(r"率|比例|占比|占")
_GROWTH = re.compile(r"增长|增幅|增加|提高|提升|上升|下降|减少|同比|环比|超出")
_NEW_TOTAL = re.compile(r"另|此外|共计|合计|总计|累计|总数")
_WAN_YUAN = re.compile(
    r"(?P<wan>\d+(?:,\d{3})*(?:\.\d+)?)\s*万元\s*[（(]\s*(?:即|合|折合)?\s*(?P<yuan>\d+(?:,\d{3})*(?:\.\d+)?)\s*元\s*[)）]"
    r"|(?P<yuan2>\d+(?:,\d{3})*(?:\.\d+)?)\s*元\s*[（(]\s*(?:即|合|折合)?\s*(?P<wan2>\d+(?:,\d{3})*(?:\.\d+)?)\s*万元\s*[)）]"
)
# What a block needs to give any finding (see `_worth_reading` and the 万元 check): blocks without are skipped.
_HINT = re.compile("其中|%|％|万元|" + _RECEIVED.pattern)
COUNT_UNITS = ("件", "条", "人次", "人")


@dataclass(slots=True, unsafe_hash=True)  # hashed like a frozen one; frozen's __init__ is 3× slower
class Quantity:
    value: float
    unit: str
    approximate: bool
    decimals: int
    start: int  # in the block text
    end: int
    clause: str  # the clause it sits in, as written (shown through `display`, only when a finding quotes it)


def tolerance(decimals: int) -> float:
    """Half a unit of the last stated digit."""
    return 0.5 * 10 ** -decimals


def check(analysis: Analysis) -> list[Finding]:
    findings: list[Finding] = []
    for index in analysis.blocks_with(_HINT):
        block = analysis.document.blocks[index]
        if block.kind == "row":
            continue
        for sentence in _SENTENCE.finditer(block.text):
            if not _worth_reading(block.text, sentence.start(), sentence.end()):
                continue
            clauses = _clauses(block.text, sentence.start(), sentence.end())
            for rule, message, sides in [*_replies(clauses, analysis.lang), *_parts(clauses, analysis.lang),
                                         *_rates(clauses, analysis.lang)]:
                findings.append(_finding(analysis, index, rule, message, sides))
        for match in _WAN_YUAN.finditer(block.text) if "万元" in block.text else ():  # costly: only where it can match
            wan_text, yuan_text = match.group("wan") or match.group("wan2"), match.group("yuan") or match.group("yuan2")
            wan, yuan = _number(wan_text), _number(yuan_text)
            if abs(wan * 10000 - yuan) > tolerance(_decimals(wan_text)) * 10000:
                message = t("consistency.unit-conversion", analysis.lang, wan=f"{wan_text}万元", yuan=f"{yuan_text}元")
                findings.append(_finding(analysis, index, "consistency.unit-conversion", message,
                                         [(match.start(), match.end())]))
    return findings


def _worth_reading(text: str, start: int, end: int) -> bool:
    """Whether a sentence can give a finding: it needs a figure, and words received (a reply check), a clause
    opening with 其中 (parts of a total) or a percentage (a rate out of range)."""
    if not _DIGIT.search(text, start, end):
        return False
    sentence = text[start:end]
    return bool("其中" in sentence or "%" in sentence or "％" in sentence or _RECEIVED.search(sentence))


def _finding(analysis: Analysis, index: int, rule: str, message: str, sides: list[tuple[int, int]]) -> Finding:
    block = analysis.document.blocks[index]
    evidence = [Evidence(quote=display(block.text[s:e]), locator=block.locator) for s, e in sides]
    return Finding(rule=rule, severity=Severity.warning, message=message, locator=block.locator, evidence=evidence)


def _clauses(text: str, start: int, end: int) -> list[tuple[str, list[Quantity], int, int]]:
    found = []
    for match in _CLAUSE.finditer(text[start:end]):
        s, e = start + match.start(), start + match.end()
        clause = text[s:e]
        quantities = [
            Quantity(_number(q.group("num")), "%" if q.group("unit") == "％" else q.group("unit"),
                     bool(q.group("approx") or q.group("approx_before")), _decimals(q.group("num")),
                     s + q.start(), s + q.end(), clause)
            for q in (_QUANTITY.finditer(clause) if _DIGIT.search(clause) else ())  # no figure, no quantity
        ]
        found.append((clause, quantities, s, e))
    return found


def _replies(clauses, lang: str):  # type: ignore[no-untyped-def]
    received = answered = rate = None
    for clause, quantities, s, e in clauses:
        counts = [q for q in quantities if q.unit in COUNT_UNITS]
        percents = [q for q in quantities if q.unit == "%"]
        if _RATE.search(clause) and percents and rate is None:
            rate = (percents[0], s, e)
        elif counts and _ANSWERED.search(clause) and received is not None and answered is None:
            if counts[0].unit == received[0].unit:
                answered = (counts[0], s, e)
        elif counts and _RECEIVED.search(clause) and received is None:
            received = (counts[0], s, e)
    if received is None or answered is None:
        return
    r, a = received[0], answered[0]
    if r.approximate or a.approximate:
        return
    sides = [received[1:], answered[1:]]
    if a.value > r.value:
        yield "consistency.reply-over", t("consistency.reply-over", lang, received=display(r.clause),
                                                answered=display(a.clause)), sides
        return
    if rate is not None and r.value > 0:
        computed = a.value / r.value * 100
        stated = rate[0]
        if abs(computed - stated.value) > tolerance(stated.decimals):
            message = t("consistency.reply-rate", lang, rate=display(stated.clause), received=display(r.clause),
                        answered=display(a.clause), computed=f"{computed:.1f}")
            yield "consistency.reply-rate", message, [rate[1:], *sides]


def _parts(clauses, lang: str):  # type: ignore[no-untyped-def]
    where = next((i for i, (clause, _, _, _) in enumerate(clauses) if clause.lstrip().startswith("其中")), None)
    if where is None or where == 0:
        return
    before = [(q, s, e) for _, quantities, s, e in clauses[:where] for q in quantities if q.unit != "%"]
    if not before:
        return
    total, total_start, total_end = before[-1]
    parts: list[Quantity] = []
    last_end = clauses[where][3]
    for clause, quantities, _, e in clauses[where:]:
        if _NEW_TOTAL.search(clause):
            break
        same = [q for q in quantities if q.unit == total.unit]
        parts.extend(same)
        if same:
            last_end = e
    if total.approximate or len(parts) < 2:
        return
    added = sum(p.value for p in parts)
    if added > total.value + tolerance(total.decimals):
        items = ("、".join(quantity(p.value, p.unit) for p in parts) if lang == "zh"
                 else ", ".join(f"{p.value:g}" for p in parts) + quantity(0, total.unit, lang)[1:])
        message = t("consistency.parts-sum", lang, parts=quantity(added, total.unit, lang), total=display(total.clause),
                    items=items)
        yield "consistency.parts-sum", message, [(total_start, total_end), (clauses[where][2], last_end)]


def _rates(clauses, lang: str):  # type: ignore[no-untyped-def]
    for clause, quantities, s, e in clauses:
        for q in quantities:
            if q.unit != "%" or q.value <= 100 + tolerance(q.decimals):
                continue
            before = clause[:q.start - s]
            if _BOUNDED_RATE.search(before) and not _GROWTH.search(before):
                yield "consistency.percent-range", t("consistency.percent-range", lang, quote=display(q.clause)), [(s, e)]


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _decimals(text: str) -> int:
    return len(text.partition(".")[2])
