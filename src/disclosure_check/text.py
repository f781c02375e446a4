"""Text normalisation for matching, with offsets mapped back to the original; dates and periods.

Matching runs on a *key* form of the text: NFKC, traditional → simplified, lower case, and no whitespace or
punctuation. That makes "授予博士、硕士、学士学位", "授予博士硕士学士学位", "學位" and a PDF line break inside a
word all compare equal. Every key character remembers the index of the original character it came from, so
evidence quotes what the user wrote.
"""

from __future__ import annotations

import calendar
import heapq
import re
import sys
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import accumulate

# Dropped from the key: separators whose presence or absence never changes what an item name means.
_DROPPED = set(" \t\r\n\u3000\u00a0、，,。.；;：:“”‘’\"'()（）《》〈〉<>[]【】〔〕·•—–-_/\\|*#")


@lru_cache(maxsize=1)
def _t2s():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


class Keyed:
    """Text in key form, and for each key character the index of the original character.

    The offsets are worked out on first use, into a compact array: most blocks never need them (only those a
    keyword hit lands in), and a list of ints would cost 36 bytes a character instead of 4.
    """

    __slots__ = ("key", "_folded", "_start", "_end", "_origin")

    def __init__(self, key: str, folded: str, start: int = 0, end: int | None = None) -> None:
        self.key = key
        # the text simplified and folded, one character for one of the original and the characters the key
        # drops as spaces (`_KEY_FOLD`): folded[start:end], kept unsliced so that the blocks of a document
        # share the one string folded for them all
        self._folded = folded
        self._start = start
        self._end = len(folded) if end is None else end
        self._origin: array[int] | None = None

    @property
    def origin(self) -> array[int]:
        if self._origin is None and self._end - self._start > _OFFSETS_KEPT:
            self._origin = _vector_origin(self._folded[self._start:self._end])
        if self._origin is None:
            # The kept characters come in runs between spaces: each run's offsets are copied from a table
            # of 0, 1, 2 … in C, not made one int at a time.
            origin = array("I")
            offsets = _offsets(self._end - self._start)
            position = 0
            for run in self._folded[self._start:self._end].split(_DROPPED_MARK):
                if run:
                    end = position + len(run)
                    if end <= len(offsets):
                        origin += offsets[position:end]
                    else:
                        origin.extend(range(position, end))
                    position = end + 1
                else:
                    position += 1
            self._origin = origin
        return self._origin

    def holds(self, pattern: re.Pattern[str], start: int, end: int) -> bool:
        """Whether `pattern` (a `folded_pattern`) finds a key in the original text[start:end]: the stretch is
        searched where it lies in the folded text, with no key built for it."""
        return pattern.search(self._folded, self._start + start, self._start + end) is not None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original [start, end) that key[start:end] came from."""
        origin = self.origin
        return origin[start], origin[end - 1] + 1

    def __repr__(self) -> str:
        return f"Keyed({self.key!r})"


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _convert(text: str) -> str:
    """OpenCC's t2s of text, a lone surrogate (which UTF-8, all OpenCC takes, cannot encode) as U+FFFD: one for
    one, so offsets survive. Text is rarely so broken: it is searched for them only when encoding fails."""
    try:
        return _t2s().convert(text)
    except UnicodeEncodeError:
        return _t2s().convert(_LONE_SURROGATE.sub("\ufffd", text))


def to_simplified(text: str) -> str:
    """Traditional → simplified, character for character so offsets survive."""
    if text.isascii():
        return text
    converted = _convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(c if len(c := _convert(ch)) == 1 else ch for ch in _LONE_SURROGATE.sub("\ufffd", text))


# A control character the readers drop, and in no phrase of OpenCC's dictionaries: no conversion crosses it.
_BATCH_SEPARATOR = "\x00"


def to_simplified_all(texts: list[str]) -> list[str]:
    """`to_simplified` of each text, with one OpenCC call for them all (a call costs far more than a block).

    Each text converts as it would alone, since no phrase spans the separator; a text that would not come
    back one for one, or a batch whose texts hold the separator themselves, is converted text by text.
    """
    joined = _BATCH_SEPARATOR.join(texts)
    if len(texts) < 2 or joined.count(_BATCH_SEPARATOR) != len(texts) - 1:
        return [to_simplified(text) for text in texts]
    parts = _convert(joined).split(_BATCH_SEPARATOR)
    if len(parts) != len(texts):
        return [to_simplified(text) for text in texts]
    return [text if text.isascii() else part if len(part) == len(text) else to_simplified(text)
            for text, part in zip(texts, parts, strict=True)]


class _Fold(dict):
    """Per-character NFKC + lower case, filled on first sight, for `str.translate`.

    Only one-to-one foldings are kept (full-width letters, digits and punctuation, upper case), so the folded
    text keeps the original's offsets; the rare one-to-many expansions (①, ㈠) stay as written.
    """

    def __missing__(self, code: int) -> str:
        folded = unicodedata.normalize("NFKC", chr(code)).lower()
        if len(folded) != 1:
            raise LookupError(code)
        self[code] = folded
        return folded


_FOLD = _Fold()

_DROPPED_MARK = " "  # itself dropped: a text holding it means the same when each dropped character is one


class _KeyFold(dict):
    """`_FOLD`, with each character that folds to one of `_DROPPED` as a space (characters `_FOLD` keeps as
    written included), for `str.translate`. The key is then the folded text without its spaces, which
    `str.replace` removes in C, a tenth of the cost of a regular expression's character set; and where the
    spaces are is where the key leaves characters out."""

    def __missing__(self, code: int) -> str:
        try:
            folded = _FOLD[code]
        except LookupError:
            folded = chr(code)
        marked = self[code] = _DROPPED_MARK if folded in _DROPPED else folded
        return marked


_KEY_FOLD = _KeyFold()

_OFFSETS = array("I")
_OFFSETS_KEPT = 1 << 18  # 1 MB: the larger offsets of a longer block (a report without line breaks) are made one by one


def _offsets(length: int) -> array[int]:
    """0, 1, 2 … to copy runs of offsets from: up to `length`, or `_OFFSETS_KEPT` when that is less."""
    if len(_OFFSETS) < min(length, _OFFSETS_KEPT):
        _OFFSETS.extend(range(len(_OFFSETS), min(max(length, 2 * len(_OFFSETS), 4096), _OFFSETS_KEPT)))
    return _OFFSETS


# str.translate costs a dict lookup and an int object per character (60-100 ns here): a fifth of checking a
# large text. numpy's gather through a table over all code points does the same fold in 11-16 ns a
# character, but importing numpy costs what translating 1-3 M characters does (docs/PERFORMANCE.md), so it is
# used from 2 M on, or from a far shorter text once some other part of the run (OCR, an earlier large file)
# has imported numpy already.
_VECTOR_FOLD_FROM = 2_000_000
_VECTOR_FOLD_LOADED_FROM = 250_000
_VECTOR_CHUNK = 1 << 20  # characters per gather: bounds the transient arrays (4 bytes a character, three of them)


def _key_fold(text: str) -> str:
    """text.translate(_KEY_FOLD), by numpy when it is installed and pays for itself at this length."""
    vector = _vector_for(len(text))
    return text.translate(_KEY_FOLD) if vector is None else vector.translate(text)


def _vector_for(length: int) -> _VectorFold | None:
    """numpy's table for work on `length` characters, if numpy is installed and worth importing for it."""
    if length >= _VECTOR_FOLD_LOADED_FROM and ("numpy" in sys.modules or length >= _VECTOR_FOLD_FROM):
        return _vector_fold()
    return None


class _VectorFold:
    """`_KEY_FOLD` as a numpy table from every code point to its folded one, filled for the code points met."""

    def __init__(self, np) -> None:  # type: ignore[no-untyped-def]
        self.np = np
        # little-endian throughout, as the UTF-32-LE the text is encoded in, whatever the machine's order
        self.table = np.arange(sys.maxunicode + 1, dtype="<u4")
        self.known = np.zeros(sys.maxunicode + 1, dtype=bool)

    def translate(self, text: str) -> str:
        np = self.np
        pieces = []
        for start in range(0, len(text), _VECTOR_CHUNK):
            # surrogatepass: a lone surrogate (broken text) is a code point like any other, as for translate
            codes = np.frombuffer(text[start:start + _VECTOR_CHUNK].encode("utf-32-le", "surrogatepass"), "<u4")
            present = np.zeros(len(self.known), dtype=bool)
            present[codes] = True
            new = np.flatnonzero(present & ~self.known)
            if new.size:
                self.table[new] = [ord(_KEY_FOLD[code]) for code in new.tolist()]
                self.known[new] = True
            pieces.append(self.table[codes].tobytes().decode("utf-32-le", "surrogatepass"))
        return "".join(pieces)


@lru_cache(maxsize=1)
def _vector_fold() -> _VectorFold | None:
    try:
        import numpy
    except ImportError:  # an optional speed-up: str.translate does the same
        return None
    return _VectorFold(numpy)


def _vector_origin(folded: str) -> array[int] | None:
    """Keyed.origin of a block longer than the offsets table, by numpy where it pays (`_vector_for`): the
    positions of the characters the key keeps (a report without line breaks is one such block, with a quarter
    million runs between dropped characters, each a Python step otherwise)."""
    vector = _vector_for(len(folded))
    origin = array("I")
    if vector is None or origin.itemsize != 4:
        return None
    np = vector.np
    codes = np.frombuffer(folded.encode("utf-32-le", "surrogatepass"), "<u4")
    origin.frombytes(np.flatnonzero(codes != ord(_DROPPED_MARK)).astype(np.uint32).tobytes())
    return origin


def keyed(text: str) -> Keyed:
    folded = to_simplified(text).translate(_KEY_FOLD)
    return Keyed(folded.replace(_DROPPED_MARK, ""), folded)


def keyed_all(texts: list[str]) -> list[Keyed]:
    """`keyed` of each text, with one OpenCC call, one fold and one removal of separators for them all."""
    simplified = to_simplified_all(texts)
    # The fold and the removal are per character, and NUL is neither folded nor removed: joined by NUL, the
    # texts come apart again unless one holds a NUL itself (then each is keyed alone).
    folded = _key_fold(_BATCH_SEPARATOR.join(simplified))
    block_keys = folded.replace(_DROPPED_MARK, "").split(_BATCH_SEPARATOR)
    if len(block_keys) != len(texts):
        return [keyed(text) for text in texts]
    found = []
    start = 0
    for block_key, text in zip(block_keys, simplified, strict=True):
        end = start + len(text)
        found.append(Keyed(block_key, folded, start, end))
        start = end + 1
    return found


def key(text: str) -> str:
    """The key form alone, without offsets (for keywords, phrases and cells compared whole)."""
    return to_simplified(text).translate(_KEY_FOLD).replace(_DROPPED_MARK, "")


def folded_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """A pattern that finds the key of any of `words` in folded text (`Keyed.holds`) with the separators the key
    drops still in place: it matches folded[start:end] exactly when the key of that stretch holds one of them,
    without building that key."""
    separators = re.escape(_DROPPED_MARK) + "*"
    return re.compile("|".join(separators.join(re.escape(c) for c in key(word)) for word in words) or "(?!)")


def keys(texts: list[str]) -> list[str]:
    """`key` of each text, with one OpenCC call for them all."""
    return [text.translate(_KEY_FOLD).replace(_DROPPED_MARK, "") for text in to_simplified_all(texts)]


_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_SPACE_BY_CJK = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")


_WHITESPACE_RUN = re.compile(r"\s+")


@lru_cache(maxsize=4096)  # rules quote the same rows and clauses again and again
def display(text: str) -> str:
    """Text as quoted to users: whitespace runs collapsed, and none beside CJK characters, where PDF
    extraction and line wrapping put spaces that the author never typed."""
    return _SPACE_BY_CJK.sub("", _WHITESPACE_RUN.sub(" ", text)).strip()


# --- dates -------------------------------------------------------------------------------------------------

_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "О": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}


def cn_number(text: str) -> int | None:
    """二〇二三 → 2023, 十一 → 11, 三十一 → 31, 12 → 12."""
    text = text.strip()
    if text.isdecimal():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        value = (_CN_DIGITS.get(tens, 0) if tens else 1) * 10
        return value + (_CN_DIGITS.get(ones, 0) if ones else 0) if all(c in _CN_DIGITS for c in tens + ones) else None
    if text and all(c in _CN_DIGITS for c in text):
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    return None


_NUM = "[0-9〇零○一二三四五六七八九十]"
YEAR = "(?:19|20)[0-9]{2}|二[〇零○][〇零○一二三四五六七八九]{2}"  # a year as reports write it: 2023 or 二〇二三


def _date_regex(tag: str) -> str:
    """A date in the spellings reports use; groups are suffixed with `tag` so two dates fit one pattern."""
    return (
        rf"(?:(?P<y{tag}a>{YEAR})\s*年\s*)?(?P<m{tag}a>{_NUM}{{1,3}})\s*月\s*(?P<d{tag}a>{_NUM}{{1,3}})\s*[日号]"
        rf"|(?P<y{tag}b>(?:19|20)[0-9]{{2}})[./-](?P<m{tag}b>[0-9]{{1,2}})[./-](?P<d{tag}b>[0-9]{{1,2}})(?![0-9])"
    )


def _parse_date(match: re.Match[str], tag: str, default_year: int | None) -> date | None:
    for form in "ab":
        month_text = match.group(f"m{tag}{form}")
        if month_text is None:
            continue
        year_text = match.group(f"y{tag}{form}")
        year = cn_number(year_text) if year_text else default_year
        month, day = cn_number(month_text), cn_number(match.group(f"d{tag}{form}"))
        if year is None or month is None or day is None:
            return None
        try:
            return date(year, month, day)
        except ValueError:
            return None
    return None


_SINGLE_DATE = re.compile(_date_regex("0"))
# Full-width ASCII (２０２３年, ９／１) as half-width, one character for one so spans stay the original's.
_HALF_WIDTH = {chr(0xFF01 + i): chr(0x21 + i) for i in range(94)}
_FULL_WIDTH = re.compile("[\uff01-\uff5e]")


# The full-width characters Chinese text is full of: each is replaced throughout by one `str.replace`.
_COMMON_FULL_WIDTH = "，（）：；！？％"


def half_width(text: str) -> str:
    # Not `str.translate`, which looks up every character, nor a substitution per full-width character, which
    # calls back into Python for each comma: a pass in C per common full-width character, then the rare ones.
    for full in _COMMON_FULL_WIDTH:
        if full in text:
            text = text.replace(full, _HALF_WIDTH[full])
    if _FULL_WIDTH.search(text) is None:
        return text
    return _FULL_WIDTH.sub(lambda m: _HALF_WIDTH[m.group()], text)


# Every date `_date_regex` reads has 月 (the first form) or a year then . / - (the second), in half-width or
# full-width characters. The date and period patterns try a dozen branches at each character, which makes
# them the costliest scans of a block; text with neither (most of a report) is not scanned by them, nor
# even made half-width. Keep in step with the patterns.
_NUMERIC_DATE_HINT = re.compile(r"(?:[1１][9９]|[2２][0０])[0-9０-９]{2}[./\-．／－]")


def may_hold_date(text: str) -> bool:
    """False when text can hold no date of `_date_regex`, hence no range of `_RANGE`."""
    return "月" in text or _NUMERIC_DATE_HINT.search(text) is not None


# Where a period may be, found fast in a whole document (each pattern starts with a literal or a set, which
# `re` skips to in C): 月, 学年 (學年, and 年 as a compatibility ideograph, which OpenCC reads as 年), or something
# like a year then . / - (a loose form of `_NUMERIC_DATE_HINT`).
PERIOD_HINTS = (re.compile("月"), re.compile("[学學][年\uf98e]"), re.compile(r"[12１２][09０９][0-9０-９]{2}[./\-．／－]"))
# The same, as patterns that each start with one character, which `re` skips to fastest (a set costs it a
# dozen times more per character): 月, 年, or a separator, each with what must come before it.
_PERIOD_HINT_LITERALS = (re.compile("月"), *(re.compile(f"{year}(?<=[学學]{year})") for year in "年\uf98e"),
                         *(re.compile(f"{re.escape(c)}(?<=[12１２][09０９][0-9０-９]{{2}}{re.escape(c)})")
                           for c in "./-．／－"))


def _period_hints(text: str) -> Iterator[int]:
    """Where a hint of `PERIOD_HINTS` ends (its last character), ascending."""
    return heapq.merge(*((m.start() for m in pattern.finditer(text)) for pattern in _PERIOD_HINT_LITERALS))

# Every character that a date, range or academic year of the patterns below may hold, in half-width,
# simplified text. Those patterns try a dozen branches at each character, so they scan only the runs of these
# characters around an anchor that every match holds (月, 学年, or a year then . / -): no match crosses a
# character outside the runs, and a run without an anchor holds none. Keep in step with the patterns
# (tests/test_hints.py checks both on every phrasing case).
_DATE_CHARACTERS = r"\s\d自从由起至到止年月日号学度〇零○一二三四五六七八九十,，./\-—–~～－"
_OUTSIDE_DATE = re.compile(f"[^{_DATE_CHARACTERS}]")
_DATE_RUN = re.compile(f"[{_DATE_CHARACTERS}]*")
_DATE_ANCHOR = re.compile(r"[月年./-](?:(?<=月)|(?<=学年)|(?<=(?:19|20)[0-9]{2}[./-]))")  # a set, then what precedes


def _date_runs(text: str) -> list[tuple[int, int]]:
    """The maximal runs of `_DATE_CHARACTERS` in text that hold an anchor, ascending."""
    return runs_around(text, _DATE_ANCHOR, _OUTSIDE_DATE, _DATE_RUN)


def runs_around(text: str, anchor: re.Pattern[str], outside: re.Pattern[str],
                run: re.Pattern[str]) -> list[tuple[int, int]]:
    """The maximal runs of characters that `run` matches (`outside`: one character not among them) holding a
    match of `anchor`, ascending: where a costly pattern whose matches hold an anchor and no other character
    is tried, instead of at every character of the text. A run's start is found by searching the reversed text
    from its anchor, so each character is looked at a bounded number of times."""
    runs: list[tuple[int, int]] = []
    backwards = ""
    end = 0
    for found in anchor.finditer(text):
        if found.start() < end:
            continue  # in the run just found
        backwards = backwards or text[::-1]
        before = outside.search(backwards, len(text) - found.start())
        start = len(text) - before.start() if before else 0
        end = run.match(text, found.end()).end()  # type: ignore[union-attr]  # it matches the empty run
        runs.append((start, end))
    return runs


def may_hold_period(text: str) -> bool:
    """False when `find_periods` finds nothing in text: no date, and no academic year (学年)."""
    return PERIOD_HINTS[1].search(text) is not None or may_hold_date(text)


def find_dates(text: str, default_year: int | None = None) -> list[tuple[date, int, int]]:
    """Every full date in text with its span; month-day dates take `default_year`."""
    text = half_width(text)
    if not may_hold_date(text):
        return []
    found = []
    for run_start, run_end in _date_runs(text):
        for match in _SINGLE_DATE.finditer(text, run_start, run_end):
            parsed = _parse_date(match, "0", default_year)
            if parsed:
                found.append((parsed, match.start(), match.end()))
    return found


# --- periods -----------------------------------------------------------------------------------------------


@dataclass(slots=True, unsafe_hash=True)  # hashed like a frozen one; frozen's __init__ is 3× slower
class PeriodMatch:
    start: date
    end: date
    kind: str  # academic_year | calendar_year | october_year | custom
    span: tuple[int, int]
    stated: bool  # introduced by 统计期限/统计时间/统计区间… rather than found in running text


_RANGE = re.compile(
    r"(?:自|从|由)?\s*(?:" + _date_regex("1") + r")\s*(?:起\s*[，,]?\s*)?(?:至|到|—|–|-|~|～|－)\s*(?:" + _date_regex("2")
    + r")\s*止?"
)
_ACADEMIC = re.compile(
    r"(?P<a>(?:19|20)\d{2})\s*(?:年)?\s*[-—–~～至到－/]\s*(?P<b>(?:19|20)\d{2})\s*(?:年)?\s*学年(?:度)?"
)
_CALENDAR = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年度")
_STATED = re.compile(r"统计(?:期限|时限|时间|区间|周期|期间|时段|范围|起止时间|起止日期|截止时间|期)"
                     r"|数据的?(?:统计)?(?:期限|时限|时间|区间)|报告期|本报告所列数据")


def classify(start: date, end: date) -> str:
    if (start.month, start.day, end.month, end.day) == (9, 1, 8, 31) and end.year == start.year + 1:
        return "academic_year"
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and end.year == start.year:
        return "calendar_year"
    if (start.month, start.day, end.month, end.day) == (11, 1, 10, 31) and end.year == start.year + 1:
        return "october_year"  # the reports that run to the 31 October deadline
    return "custom"


def find_periods(text: str, context_year: int | None = None) -> list[PeriodMatch]:
    """Date ranges ("2022年9月1日至2023年8月31日", "2023年1月1日至11月24日") and academic years in text."""
    return periods_in(half_width(text), context_year)


def periods_in(text: str, context_year: int | None = None) -> list[PeriodMatch]:
    """`find_periods` of text already made half-width (a block's, computed once for all the rules), in
    simplified or traditional characters (統計期限 reads as 统计期限; the conversion keeps offsets)."""
    return simplified_periods_in(to_simplified(text), context_year)


def simplified_periods_in(text: str, context_year: int | None = None) -> list[PeriodMatch]:
    """`periods_in` of text already made simplified too (`to_simplified`)."""
    return _periods_of_regions(text, [(0, len(text), 0)], context_year)[0]


_STATED_REACH = 40  # a statement introduces a period that starts at most this many characters after it
# What holds a statement of `_STATED` before OpenCC: 统计, 数据 or 报告 as written, in any form OpenCC reads as
# those (traditional forms and compatibility ideographs; tests/test_hints.py checks them against OpenCC).
_STATED_HINT = re.compile("[统統][计計]|[数數\uf969][据據]|[报報\U0002f857]告")
# The characters OpenCC reads as one of the date characters (checked the same way), and full-width ASCII
# (half-width to the patterns): a date as written is a run of these.
_DATE_CHARACTERS_TO_SIMPLIFY = "學從號\uf98e\uf9b2\uf9d1\ufa01\U0002f9d7"
_WRITTEN_DATE_CHARACTERS = _DATE_CHARACTERS + "．／" + _DATE_CHARACTERS_TO_SIMPLIFY
# OpenCC converts runs of CJK ideographs phrase by phrase; no phrase holds any other character.
_IDEOGRAPHS = "\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_PHRASE_BREAK = re.compile(f"[^{_IDEOGRAPHS}]")
# A run of written date characters, then the ideographs up to the next phrase break: where a region read ends.
_RUN_TO_BREAK = re.compile(f"([{_WRITTEN_DATE_CHARACTERS}]*)[{_IDEOGRAPHS}]*")


def periods_in_joined(joined: str, starts: list[int], context_year: int | None = None) -> dict[int, list[PeriodMatch]]:
    """`find_periods` of each text in `joined` (texts parted by NUL; `starts[i]` is where text i starts), by
    index, for the texts that hold a hint (`PERIOD_HINTS`); the others hold no period.

    Only the runs of date characters around a hint are read (with, when a statement may stand within
    `_STATED_REACH` characters before one, the text up to there): made half-width and simplified in one pass
    and one OpenCC call, and scanned together. A region read starts and ends at a character no OpenCC phrase
    holds, so that it converts as in the whole text, and no statement runs across its start.
    """
    backwards = joined[::-1]  # what comes before a place is matched in it from that place on
    length = len(joined)
    regions: list[list[int]] = []  # [start, end) in joined, ascending
    position = 0
    for hint in _period_hints(joined):
        if hint < position:
            continue  # in the run just read
        before = _RUN_TO_BREAK.match(backwards, length - hint)
        after = _RUN_TO_BREAK.match(joined, hint + 1)
        run_start, start = length - before.end(1), length - before.end()  # type: ignore[union-attr]
        reach = max(run_start - _STATED_REACH, starts[bisect_right(starts, run_start) - 1])
        if _STATED_HINT.search(joined, reach, run_start) is not None:
            found = _PHRASE_BREAK.search(backwards, length - reach)
            start = min(start, length - found.start() if found else 0)
        end = after.end()  # type: ignore[union-attr]  # both always match
        if regions and start <= regions[-1][1]:  # the same text (a NUL parts two): read both as one
            regions[-1][1] = max(regions[-1][1], end)
        else:
            regions.append([start, end])
        position = after.end(1)  # type: ignore[union-attr]  # a hint after the run, before the break, needs its own run
    if not regions:
        return {}
    half = half_width("".join(joined[s:e] for s, e in regions))  # one pass; one for one, so cut where joined
    cuts = list(accumulate((e - s for s, e in regions), initial=0))
    converted = to_simplified_all([half[cuts[i]:cuts[i + 1]] for i in range(len(regions))])
    placed, position = [], 0
    for (start, _), text in zip(regions, converted, strict=True):
        placed.append((position, position + len(text), start - starts[bisect_right(starts, start) - 1]))
        position += len(text) + 1
    found: dict[int, list[PeriodMatch]] = {}
    for (start, _), periods in zip(regions, _periods_of_regions("\x00".join(converted), placed, context_year),
                                   strict=True):
        found.setdefault(bisect_right(starts, start) - 1, []).extend(periods)
    return found


def _periods_of_regions(text: str, regions: list[tuple[int, int, int]],
                        context_year: int | None) -> list[list[PeriodMatch]]:
    """The periods in each region (start, end, where it starts in its own text) of half-width, simplified text,
    spans in that text. Regions are ascending and disjoint, and start where no statement runs across."""
    stated_at = [m.start() for m in _STATED.finditer(text)]
    region_starts = [start for start, _, _ in regions]

    def is_stated(position: int, floor: int) -> bool:  # a statement at most _STATED_REACH characters before,
        nearest = bisect_left(stated_at, max(position - _STATED_REACH, floor))  # in the same region; bisected,
        return nearest < len(stated_at) and stated_at[nearest] <= position  # as a paragraph may hold thousands

    ranges: list[list[PeriodMatch]] = [[] for _ in regions]
    months: list[list[PeriodMatch]] = [[] for _ in regions]
    academic: list[list[PeriodMatch]] = [[] for _ in regions]
    for run_start, run_end in _date_runs(text):
        index = bisect_right(region_starts, run_start) - 1
        floor, _, offset = regions[index]
        shift = offset - floor
        for match in _RANGE.finditer(text, run_start, run_end):
            start = _parse_date(match, "1", context_year)
            if start is None:
                continue
            end = _parse_date(match, "2", start.year)
            if end is None or end < start:
                continue
            ranges[index].append(PeriodMatch(start, end, classify(start, end),
                                             (match.start() + shift, match.end() + shift),
                                             is_stated(match.start(), floor)))
        for start, end, (s, e) in _month_periods(text, run_start, run_end):
            months[index].append(PeriodMatch(start, end, classify(start, end), (s + shift, e + shift),
                                             is_stated(s, floor)))
        for match in _ACADEMIC.finditer(text, run_start, run_end):
            a, b = int(match.group("a")), int(match.group("b"))
            if b == a + 1:
                academic[index].append(PeriodMatch(date(a, 9, 1), date(b, 8, 31), "academic_year",
                                                   (match.start() + shift, match.end() + shift),
                                                   is_stated(match.start(), floor)))
    return [_assemble(*parts) for parts in zip(ranges, months, academic, strict=True)]


def _assemble(ranges: list[PeriodMatch], months: list[PeriodMatch], academic: list[PeriodMatch]) -> list[PeriodMatch]:
    """A text's periods in order: its ranges, its whole-month ranges outside them, its academic years."""
    if not months and not academic:
        return ranges  # in text order already
    found = list(ranges)
    range_starts = [p.span[0] for p in found]  # ascending and disjoint: only the last range before can hold one
    for month in months:
        before = bisect_right(range_starts, month.span[0]) - 1
        if before < 0 or not month.span[0] < found[before].span[1]:
            found.append(month)
    found += academic
    return sorted(found, key=lambda p: p.span)


def title_year(title: str) -> int | None:
    """The year a report's title names: "湖南科技学院2023年度信息公开工作报告" → 2023."""
    title = half_width(title)
    match = _CALENDAR.search(title) or _ACADEMIC.search(title) or re.search(r"((?:19|20)\d{2})\s*年", title)
    if not match:
        return None
    return int(match.group("b") if "b" in match.groupdict() else match.group(1))


_MONTH_RANGE = re.compile(
    rf"(?P<y1>{YEAR})\s*年\s*(?P<m1>[0-9]{{1,2}})\s*(?:月\s*)?(?:至|到|—|–|-|~|～|－)\s*"
    rf"(?:(?P<y2>{YEAR})\s*年\s*)?(?P<m2>[0-9]{{1,2}})\s*月(?!\s*{_NUM}{{1,3}}\s*[日号])"
)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def find_month_periods(text: str) -> list[tuple[date, date, tuple[int, int]]]:
    """Whole-month ranges: "2022年9月至2023年8月", "2023年1-10月" → first to last day of the months."""
    text = half_width(text)
    return [found for start, end in _date_runs(text) for found in _month_periods(text, start, end)]


def _month_periods(text: str, run_start: int, run_end: int) -> list[tuple[date, date, tuple[int, int]]]:
    found = []
    for match in _MONTH_RANGE.finditer(text, run_start, run_end):
        y1 = cn_number(match.group("y1"))
        y2 = cn_number(match.group("y2")) if match.group("y2") else y1
        m1, m2 = int(match.group("m1")), int(match.group("m2"))
        if y1 is None or y2 is None or not (1 <= m1 <= 12 and 1 <= m2 <= 12):
            continue
        start, end = date(y1, m1, 1), _month_end(y2, m2)
        if end > start:
            found.append((start, end, match.span()))
    return found


# --- dates in links ----------------------------------------------------------------------------------------

_URL_DATES = (
    re.compile(r"/t((?:19|20)\d{2})(\d{2})(\d{2})_"),  # …/202110/t20211030_123.html (CMS article ids)
    re.compile(r"/((?:19|20)\d{2})/(\d{2})(\d{2})/"),  # …/2021/1030/…
    re.compile(r"/((?:19|20)\d{2})[-_]?(\d{2})[-_]?(\d{2})/"),  # …/20211030/…, …/2021-10-30/…
    re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/"),  # …/2021/10/30/…
    re.compile(r"/((?:19|20)\d{2})(\d{2})/"),  # …/202110/… (month only: the first of the month)
)


def url_date(url: str) -> date | None:
    """The date a link's path carries, as content systems put it there; None when it carries none."""
    for pattern in _URL_DATES:
        for match in pattern.finditer(url):
            parts = [int(g) for g in match.groups()] + [1] * (3 - len(match.groups()))
            try:
                return date(*parts)
            except ValueError:
                continue
    return None
