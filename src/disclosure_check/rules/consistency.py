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
from bisect import bisect_right
from dataclasses import dataclass

from disclosure_check.analysis import Analysis
from disclosure_check.i18n import quantity, t
from disclosure_check.result import Evidence, Finding, Severity
from disclosure_check.text import display

_SENTENCE_STOPS = "。！？!?；;\n"
_CLAUSE = re.compile(r"[^，,]+")
_DIGIT = re.compile(r"\d")
# A quantity: a figure and its unit, "约"/"近"/"超过"/"逾" before it or "余"/"多" after it when approximate. The
# figure is sought first (a pattern that opens with a digit is scanned for in C), what stands before it after.
_QUANTITY = re.compile(r"(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)\s*(?P<approx>余|多)?\s*(?P<unit>人次|万元|件|条|人|元|%|％)")
_APPROX_BEFORE = ("约", "近", "超过", "逾")
_APPROX_LAST = {word[-1] for word in _APPROX_BEFORE}
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
# What a sentence needs to be worth reading, besides a figure (`_checks_for`), and what a block needs for the
# 万元 check: text without is skipped.
_MARKER = re.compile("其中|%|％|" + _RECEIVED.pattern)
_WAN = re.compile("万元")
_HUNDREDS = re.compile(r"\d,?\d,?\d")  # a figure of three digits or more: a percentage over 100 has one
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
    blocks = analysis.document.blocks
    marked = _marked_sentences(analysis)
    for index in sorted({*marked, *analysis.blocks_with(_WAN)}):  # in document order, block by block
        block = blocks[index]
        if block.kind == "row":
            continue
        for start, end in marked.get(index, ()):
            if checks := _checks_for(block.text, start, end):
                clauses = _Clauses(block.text, start, end)
                for check_sentence in checks:
                    for rule, message, sides in check_sentence(clauses, analysis.lang):
                        findings.append(_finding(analysis, index, rule, message, sides))
        for match in _WAN_YUAN.finditer(block.text) if "万元" in block.text else ():  # costly: only where it can match
            wan_text, yuan_text = match.group("wan") or match.group("wan2"), match.group("yuan") or match.group("yuan2")
            wan, yuan = _number(wan_text), _number(yuan_text)
            if abs(wan * 10000 - yuan) > tolerance(_decimals(wan_text)) * 10000:
                message = t("consistency.unit-conversion", analysis.lang, wan=f"{wan_text}万元", yuan=f"{yuan_text}元")
                findings.append(_finding(analysis, index, "consistency.unit-conversion", message,
                                         [(match.start(), match.end())]))
    return findings


def _marked_sentences(analysis: Analysis) -> dict[int, list[tuple[int, int]]]:
    """Block → the sentences in it that hold a _MARKER, found by one scan of the document and the sentence stops
    of the blocks it finds them in."""
    found: dict[int, list[tuple[int, int]]] = {}
    last = (-1, -1)
    for index, position in analysis.places_of(_MARKER):
        stops = analysis.stops(index, _SENTENCE_STOPS)
        after = bisect_right(stops, position)
        if (index, after) != last:
            last = (index, after)
            end = stops[after] if after < len(stops) else len(analysis.document.blocks[index].text)
            found.setdefault(index, []).append((stops[after - 1] + 1 if after else 0, end))
    return found


def _checks_for(text: str, start: int, end: int) -> list:  # type: ignore[type-arg]
    """The checks a sentence can fail, in the order their findings are listed: each needs figures, and words
    received and answered (a reply check), a clause opening with 其中 (parts of a total) or a percentage with a
    figure of 100 or more (a rate out of range)."""
    if not _DIGIT.search(text, start, end):
        return []
    sentence = text[start:end]
    checks = []
    if _RECEIVED.search(sentence) and _ANSWERED.search(sentence):
        checks.append(_replies)
    if "其中" in sentence:
        checks.append(_parts)
    if ("%" in sentence or "％" in sentence) and _HUNDREDS.search(sentence):
        checks.append(_rates)
    return checks


def _finding(analysis: Analysis, index: int, rule: str, message: str, sides: list[tuple[int, int]]) -> Finding:
    block = analysis.document.blocks[index]
    evidence = [Evidence(quote=display(block.text[s:e]), locator=block.locator) for s, e in sides]
    return Finding(rule=rule, severity=Severity.warning, message=message, locator=block.locator, evidence=evidence)


_OPENS_WITH_PARTS = re.compile(r"\s*其中")


class _Clauses:
    """The clauses of a sentence, each with the quantities it states, read when a check first asks for them:
    checks pass over most clauses on their words alone."""

    __slots__ = ("text", "spans", "_quantities")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text  # the block's text: spans are in it
        self.spans = [m.span() for m in _CLAUSE.finditer(text, start, end)]
        self._quantities: dict[int, list[Quantity]] = {}

    def has(self, pattern: re.Pattern[str], index: int) -> bool:
        return pattern.search(self.text, *self.spans[index]) is not None

    def quantities(self, index: int) -> list[Quantity]:
        found = self._quantities.get(index)
        if found is None:
            found = self._quantities[index] = _quantities(self.text, *self.spans[index])
        return found


def _quantities(text: str, start: int, end: int) -> list[Quantity]:
    """The quantities stated in the clause text[start:end]. The figure is sought first; "约"/"近"/"超过"/"逾" (and
    blanks) before it are read back from it, within the text after the quantity before."""
    found: list[Quantity] = []
    if not _DIGIT.search(text, start, end):
        return found
    clause = text[start:end]
    searched_from = start
    for q in _QUANTITY.finditer(text, start, end):
        begin, stop = q.span()
        while begin > searched_from and text[begin - 1].isspace():
            begin -= 1
        number, approx, unit = q.group("num", "approx", "unit")
        approximate = approx is not None
        if begin > searched_from and text[begin - 1] in _APPROX_LAST:
            for word in _APPROX_BEFORE:
                if begin - len(word) >= searched_from and text.startswith(word, begin - len(word)):
                    begin, approximate = begin - len(word), True
                    break
        found.append(Quantity(_number(number), "%" if unit == "％" else unit, approximate, _decimals(number), begin, stop,
                              clause))
        searched_from = stop
    return found


def _replies(clauses: _Clauses, lang: str):  # type: ignore[no-untyped-def]
    received = answered = rate = None
    for i, (s, e) in enumerate(clauses.spans):
        # The words are tested before the quantities are read; each branch as `if counts and words and …`.
        if rate is None and clauses.has(_RATE, i) and (percents := [q for q in clauses.quantities(i) if q.unit == "%"]):
            rate = (percents[0], s, e)
        elif received is not None and answered is None and clauses.has(_ANSWERED, i) and (counts := _counts(clauses, i)):
            if counts[0].unit == received[0].unit:
                answered = (counts[0], s, e)
        elif received is None and clauses.has(_RECEIVED, i) and (counts := _counts(clauses, i)):
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


def _counts(clauses: _Clauses, index: int) -> list[Quantity]:
    return [q for q in clauses.quantities(index) if q.unit in COUNT_UNITS]


def _parts(clauses: _Clauses, lang: str):  # type: ignore[no-untyped-def]
    spans = clauses.spans
    where = next((i for i in range(len(spans)) if _OPENS_WITH_PARTS.match(clauses.text, *spans[i])), None)
    if where is None or where == 0:
        return
    # The total is the last figure before 其中 that is not a percentage.
    total = next((q for i in range(where - 1, -1, -1) for q in reversed(clauses.quantities(i)) if q.unit != "%"), None)
    if total is None:
        return
    parts: list[Quantity] = []
    last_end = spans[where][1]
    for i in range(where, len(spans)):
        if clauses.has(_NEW_TOTAL, i):
            break
        same = [q for q in clauses.quantities(i) if q.unit == total.unit]
        parts.extend(same)
        if same:
            last_end = spans[i][1]
    if total.approximate or len(parts) < 2:
        return
    added = sum(p.value for p in parts)
    if added > total.value + tolerance(total.decimals):
        items = ("、".join(quantity(p.value, p.unit) for p in parts) if lang == "zh"
                 else ", ".join(f"{p.value:g}" for p in parts) + quantity(0, total.unit, lang)[1:])
        message = t("consistency.parts-sum", lang, parts=quantity(added, total.unit, lang), total=display(total.clause),
                    items=items)
        total_start, total_end = next(span for span in spans if span[0] <= total.start < span[1])
        yield "consistency.parts-sum", message, [(total_start, total_end), (spans[where][0], last_end)]


def _rates(clauses: _Clauses, lang: str):  # type: ignore[no-untyped-def]
    text = clauses.text
    for i, (s, e) in enumerate(clauses.spans):
        if text.find("%", s, e) < 0 and text.find("％", s, e) < 0:  # no percentage here
            continue
        for q in clauses.quantities(i):
            if q.unit != "%" or q.value <= 100 + tolerance(q.decimals):
                continue
            before = text[s:q.start]
            if _BOUNDED_RATE.search(before) and not _GROWTH.search(before):
                yield "consistency.percent-range", t("consistency.percent-range", lang, quote=display(q.clause)), [(s, e)]


def _number(text: str) -> float:
    return float(text.replace(",", "") if "," in text else text)


def _decimals(text: str) -> int:
    return len(text.partition(".")[2])
