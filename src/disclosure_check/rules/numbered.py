"""Declarations by item number: "清单第11至14项、第43至46项不适用于我院", "第47项不涉及", "第34项暂未公开".

Reports (and the 说明 sheet beside a 清单 whose rows say 见说明) often speak of items by their number in the
checklist rather than by name. A reference is `第N项`, a list `第11、12、13项`, or a range `第11至14项`,
`第11-14项`, `第11项至第14项`, `11—14项` (a range needs no 第: a bare `50项` is a count, not an item). What it
declares is the declaring phrase (不适用, 暂未公开 … from the report vocabulary) in the reference's own clause,
else — unless that clause says the items were published (`published` words: 公开, 发布 …) — in the clauses after
it, in the same sentence and up to the next reference ("第11至14项，因本校无研究生招生，不适用"; "第34项艺术教育发展
年度报告正在编制，暂未公开"). A reference with no declaring phrase says nothing ("第1至33项已公开，第34项…").

The grammar of numbers is code, like the grammar of dates; the phrases are data.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from disclosure_check.document import Document
from disclosure_check.text import cn_number, half_width, key, runs_around, to_simplified

_NUM = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_DASH = r"(?:至|到|~|-|—|–|―|‒)+"
_SEP = r"(?:、|,|，|和|及|与|以及)"
_REFERENCE = re.compile(
    rf"(?P<lead>第)?\s*(?P<body>{_NUM}(?:\s*项?\s*(?:{_DASH}|{_SEP})\s*第?\s*{_NUM})*)\s*项")
_TOKEN = re.compile(rf"{_NUM}|{_DASH}")
_DASH_ONLY = re.compile(_DASH)
_CANDIDATE = re.compile(r"[0-9一二三四五六七八九十]项")  # on the key text: cheap test before parsing a block
# Every character _REFERENCE can match besides \s and \d: a reference lies within a stretch of them around a
# 项, and is sought there only (`_stretches`).
_REFERENCE_CHARS = "第项一二三四五六七八九十至到~-—–―‒、,，和及与以"
_OUTSIDE_REFERENCE = re.compile(rf"[^{re.escape(_REFERENCE_CHARS)}\s\d]")
_REFERENCE_RUN = re.compile(rf"[{re.escape(_REFERENCE_CHARS)}\s\d]*")
_ITEM_MARK = re.compile("项")
_CLAUSE_STOPS = re.compile(r"[，,。；;！？!?\n\t]")
_SENTENCE_STOPS = re.compile(r"[。；;！？!?\n\t]")


@dataclass(frozen=True, slots=True)
class Declaration:
    items: tuple[int, ...]
    block: int
    start: int  # span of the reference in the block's original text
    end: int
    reference: str  # as written: "第11至14项"
    verdict: object  # what `judge` returned for the declaring text
    phrase: str  # the declaring phrase


def find(document: Document, block_keys: list[str], item_count: int,
         judge: Callable[[str], tuple[object, str | None]], published: list[str]) -> list[Declaration]:
    """Every item-number reference that a declaring phrase qualifies. `judge` takes key text and returns the
    verdict and the phrase that set it (the phrase None when the text declares nothing); `published` are the
    key forms of words saying something was published (公开, 发布)."""
    found: list[Declaration] = []
    for index, block_key in enumerate(block_keys):
        if "项" not in block_key or not _CANDIDATE.search(block_key):  # `in` finds the one character in C, fast
            continue
        text = document.blocks[index].text
        plain = half_width(to_simplified(text))  # one for one: offsets stay the original's
        sentences = _Sentences(plain)
        references = [r for start, end in _stretches(plain)
                      for r in (_reference(m, plain, item_count, sentences) for m in _REFERENCE.finditer(plain, start, end))
                      if r]
        for number, (span, items) in enumerate(references):
            following = references[number + 1][0][0] if number + 1 < len(references) else len(plain)
            preceding = references[number - 1][0][1] if number else 0
            declared = _declaring(plain, span, preceding, following, judge, published)
            if declared is not None:
                verdict, phrase = declared
                found.append(Declaration(items, index, span[0], span[1], text[span[0]:span[1]], verdict, phrase))
    return found


def _stretches(text: str) -> list[tuple[int, int]]:
    """The stretches of text that can hold a reference: each 项 with the characters a reference is made of on
    either side. Sought there, _REFERENCE finds what it finds in the whole text (no match holds another
    character, and it has no anchor or lookaround), but is not tried at every character of a long block
    (a report without line breaks is one block: the regex, which opens with no fixed character, is slow to
    scan)."""
    return runs_around(text, _ITEM_MARK, _OUTSIDE_REFERENCE, _REFERENCE_RUN)


def _reference(match: re.Match[str], text: str, item_count: int,
               sentences: _Sentences) -> tuple[tuple[int, int], tuple[int, ...]] | None:
    """The items a reference names, or None when it is not one (a count, an article's clause, out of range)."""
    body = match.group("body")
    has_range = bool(_DASH_ONLY.search(body))
    if not match.group("lead") and not has_range:
        return None  # "50项", "3、4项": counts
    start = match.start()
    before = text[max(0, start - 1):start]
    if before and (before.isdigit() or before in "条款"):
        return None  # 第七条第5项: a clause of an article, not an item
    if not any(ch.isdigit() for ch in body) and "清单" not in sentences.around(start):
        return None  # 第一项 in prose is an enumeration ("第一项，坚持…不公开为例外"); 清单第四十七项 is an item
    items: list[int] = []
    pending_range = False
    for token in _TOKEN.finditer(body):
        value = token.group()
        if _DASH_ONLY.fullmatch(value):
            pending_range = True
            continue
        number = cn_number(value)
        if number is None or not 1 <= number <= item_count:
            return None
        if pending_range and items and number > items[-1]:
            items.extend(range(items[-1] + 1, number + 1))
        else:
            items.append(number)
        pending_range = False
    return (start, match.end()), tuple(dict.fromkeys(items))


def _declaring(text: str, span: tuple[int, int], preceding: int, following: int,
               judge: Callable[[str], tuple[object, str | None]], published: list[str]) -> tuple[object, str] | None:
    clause_start = max(_last_stop(text, preceding, span[0]), preceding)
    clause_end = min(_next_stop(_CLAUSE_STOPS, text, span[1]), following)
    for window in (text[span[1]:clause_end], text[clause_start:span[0]]):  # after the reference, else before it
        verdict, phrase = judge(key(window))
        if phrase is not None:
            return verdict, phrase
    own = key(text[clause_start:span[0]] + text[span[1]:clause_end])
    if any(word in own for word in published):
        return None  # "第1至33项已公开，第34项暂未公开": the clause speaks for its own numbers
    sentence_end = min(_next_stop(_SENTENCE_STOPS, text, span[1]), following)
    verdict, phrase = judge(key(text[clause_end:sentence_end]))
    return (verdict, phrase) if phrase is not None else None


class _Sentences:
    """The sentences of a block's text, its stops found once (on first need) and bisected for each reference:
    a block with many references written in Chinese numerals is not rescanned from its start for each."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._stop_ends: list[int] | None = None

    def around(self, position: int) -> str:
        """The sentence holding position: from just after the last stop ending at or before it, to the first
        stop at or after it."""
        if self._stop_ends is None:
            self._stop_ends = [m.end() for m in _SENTENCE_STOPS.finditer(self.text)]
        ends = self._stop_ends
        index = bisect_right(ends, position)  # stops are one character: ends[index] - 1 is the next stop
        return self.text[ends[index - 1] if index else 0:ends[index] - 1 if index < len(ends) else len(self.text)]


def _last_stop(text: str, since: int, position: int) -> int:
    """The end of the last clause stop in text[since:position], else 0 (only from `since`, the reference before:
    a block with many references is not rescanned from its start for each)."""
    stops = [m.end() for m in _CLAUSE_STOPS.finditer(text, since, position)]
    return stops[-1] if stops else 0


def _next_stop(pattern: re.Pattern[str], text: str, position: int) -> int:
    match = pattern.search(text, position)
    return match.start() if match else len(text)
