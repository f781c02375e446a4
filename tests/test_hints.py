"""The cheap tests that let costly patterns skip text never skip text those patterns match.

Dates, periods, years opening a clause and 万元 figures are found by patterns that try many branches at every
character, so a block is scanned by them only when it holds what every match must hold (月, 学年, a numeric
date, 年度, 万元). Whoever extends a pattern must extend its hint: these texts — every phrasing case, every
evaluation document, the sample, and spellings written for this test — are scanned by each pattern itself, and
wherever it matches, the hint must have let the text through.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import yaml
from builders import SAMPLE

from disclosure_check import text
from disclosure_check.rules import consistency, leftovers

TESTS = Path(__file__).parent

SPELLINGS = [
    "2022年9月1日至2023年8月31日", "２０２２年９月１日至２０２３年８月３１日", "自9月1日至12月31日",
    "2022.9.1-2023.8.31", "２０２２．９．１－２０２３．８．３１", "2022/09/01~2023/08/31", "二〇二二年九月一日至二〇二三年八月三十一日",
    "2022年9月至2023年8月", "2023年1-10月", "2022-2023学年", "２０２２－２０２３学年度", "2022至2023学年",
    "截至2023年8月31日", "截止2023.8.31", "2022年度，学校共公开", "二〇二二年度学校共", "1234.56万元（12345600元）",
    "统计期限自2022年9月1日起至2023年8月31日止", "十月十日", "2023-10-30", "2023年10月30日发布",
]


def _texts() -> list[str]:
    found = list(SPELLINGS)
    found += SAMPLE.read_text(encoding="utf-8").splitlines()
    for path in sorted((TESTS / "cases").glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            found += case["text"].splitlines()
            found += [str(cell) for row in case.get("tables") or [] for cell in row if cell]
    for path in sorted(TESTS.glob("eval/**/docs/*.json")):
        spec = json.loads(path.read_text(encoding="utf-8"))
        found += spec.get("lines", [])
    return [t for t in found if t.strip()]


TEXTS = _texts()


@pytest.mark.parametrize("pattern, hint", [
    (text._SINGLE_DATE, text.may_hold_date),
    (text._RANGE, text.may_hold_date),
    (text._MONTH_RANGE, lambda t: "月" in t),
    (text._ACADEMIC, text.may_hold_period),
    (leftovers._YEAR_OPENING, lambda t: "年度" in t),
    (consistency._WAN_YUAN, lambda t: "万元" in t),
])
def test_a_hint_lets_through_every_text_its_pattern_matches(pattern, hint):
    matched = [t for t in TEXTS if pattern.search(text.half_width(t))]
    assert matched  # the texts exercise the pattern
    assert [t for t in matched if not hint(t)] == []


def test_a_text_without_the_hint_has_no_period_or_date():
    plain = [t for t in TEXTS if not text.may_hold_period(t)]
    assert plain
    assert all(text.find_periods(t, 2023) == [] and text.find_dates(t, 2023) == [] for t in plain)


def test_the_whole_document_hints_find_every_block_the_exact_ones_let_through():
    from disclosure_check.text import PERIOD_HINTS

    for t in TEXTS:
        if text.may_hold_period(t):
            assert any(h.search(t) for h in PERIOD_HINTS), t
        if consistency._checks_for(t, 0, len(t)):  # a sentence some check reads
            assert consistency._MARKER.search(t), t


def _converted(t: str) -> str:
    return text.to_simplified(text.half_width(t))


STATEMENTS = ["统计期限", "统计时限", "统计时间", "统计区间", "统计周期", "统计期间", "统计时段", "统计范围",
              "统计起止时间", "统计起止日期", "统计截止时间", "统计期", "数据的统计期限", "数据时间", "数据统计区间",
              "报告期", "本报告所列数据", "統計期限", "數據的統計時間", "報告期", "本報告所列數據"]


@pytest.mark.parametrize("pattern", [text._SINGLE_DATE, text._RANGE, text._MONTH_RANGE, text._ACADEMIC])
def test_every_date_and_period_is_a_run_of_date_characters_holding_an_anchor(pattern):
    outside = text._OUTSIDE_DATE
    matched = [m.group() for t in TEXTS for m in pattern.finditer(_converted(t))]
    assert matched
    assert [m for m in matched if outside.search(m) or not text._DATE_ANCHOR.search(m)] == []


def test_the_joined_hint_finds_what_the_three_hints_find():
    for t in [*TEXTS, "學年", "学\uf98e", "２０２３．", "1999/", "20２3－"]:
        ends = sorted({m.end() - 1 for h in text.PERIOD_HINTS for m in h.finditer(t)})
        assert list(text._period_hints(t)) == ends, t


def test_a_statement_holds_its_hint_as_written():
    statements = [m for t in TEXTS + STATEMENTS for m in text._STATED.finditer(_converted(t))]
    assert len(statements) > len(STATEMENTS)
    for t in TEXTS + STATEMENTS:
        for match in text._STATED.finditer(_converted(t)):
            assert text._STATED_HINT.search(t, match.start(), match.end()), t


def _read_by_opencc_as(characters: str) -> set[str]:
    """Every CJK ideograph (and compatibility ideograph) that OpenCC, alone, turns into one of `characters`."""
    blocks = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FFFF), (0x30000, 0x3134F)]
    ideographs = [chr(code) for first, last in blocks for code in range(first, last + 1)]
    converted = text.to_simplified_all(ideographs)
    return {c for c, s in zip(ideographs, converted, strict=True) if s != c and s in characters}


def test_the_written_hints_know_every_form_opencc_reads_as_theirs():
    date_ideographs = "自从由起至到止年月日号学度〇零○一二三四五六七八九十"
    assert _read_by_opencc_as(date_ideographs) <= set(text._DATE_CHARACTERS_TO_SIMPLIFY)
    assert all(text._OUTSIDE_DATE.search(c) is None for c in date_ideographs)
    hinted = set(text._STATED_HINT.pattern) - set("[]|")
    assert _read_by_opencc_as("统计数据报告") <= hinted
    assert _read_by_opencc_as("月") == set()
    assert _read_by_opencc_as("学年") <= set(text.PERIOD_HINTS[1].pattern)


def _every_period(t: str, year: int) -> list[text.PeriodMatch]:
    """`find_periods` as it reads without any hint: each pattern over the whole converted text."""
    t = _converted(t)
    stated_at = [m.start() for m in text._STATED.finditer(t)]

    def stated(position: int) -> bool:
        return any(position - 40 <= s <= position for s in stated_at)

    found = []
    for m in text._RANGE.finditer(t):
        start = text._parse_date(m, "1", year)
        end = text._parse_date(m, "2", start.year) if start else None
        if start and end and end >= start:
            found.append(text.PeriodMatch(start, end, text.classify(start, end), m.span(), stated(m.start())))
    ranges = list(found)
    for start, end, span in text._month_periods(t, 0, len(t)):
        if not any(r.span[0] <= span[0] < r.span[1] for r in ranges):
            found.append(text.PeriodMatch(start, end, text.classify(start, end), span, stated(span[0])))
    for m in text._ACADEMIC.finditer(t):
        a, b = int(m.group("a")), int(m.group("b"))
        if b == a + 1:
            found.append(text.PeriodMatch(date(a, 9, 1), date(b, 8, 31), "academic_year", m.span(), stated(m.start())))
    return sorted(found, key=lambda p: p.span)


def test_the_periods_of_a_joined_document_are_those_each_text_holds():
    period = "2022年9月1日至2023年8月31日"
    texts = [*TEXTS, *("".join(TEXTS[i:i + 7]) for i in range(0, len(TEXTS), 7)), "", "月",
             "统计期限：。" + period, "统计时间" + "很" * 36 + period, "统计时间" + "很" * 37 + period,
             "數據的統計期限為二〇二二年九月一日至二〇二三年八月三十一日止，共計", "報告期從2022年9月1日起，至2023年8月31日",
             "2021－2022學年度統計區間", "统计区间为" + period + "，" + period + "；统计期限" + "2023.9.1-2024.8.31",
             "自 2022 年 9 月 1 日\u3000至 2023 年 8 月 31 日", "数据的统计期限《" + period + "》", "2022年1-10月、2023年3月至2023年5月"]
    joined = "\x00".join(texts)
    starts = [0]
    for t in texts[:-1]:
        starts.append(starts[-1] + len(t) + 1)
    found = text.periods_in_joined(joined, starts, 2023)
    expected = {i: p for i, t in enumerate(texts) if (p := _every_period(t, 2023))}
    assert {i: p for i, p in found.items() if p} == expected
    assert list(found) == [i for i, t in enumerate(texts) if any(h.search(t) for h in text.PERIOD_HINTS)]
    assert {i: text.find_periods(t, 2023) for i, t in enumerate(texts) if i in expected} == expected
    assert sum(p.stated for periods in found.values() for p in periods) > 5


def test_the_leftover_markers_hold_their_hints_as_written():
    as_of = year_opening = 0
    for t in [*TEXTS, "2022 \u3000年度，学校共", "年度2023年度，共", "2023年度2024年度，学校", "2023年度年度，", "　2023年度，"]:
        hw = text.half_width(t)
        for match in leftovers._AS_OF.finditer(hw):
            if leftovers._YEAR_AHEAD.match(hw, match.end()):
                as_of += 1
                assert leftovers._AS_OF_HINT.search(t, match.start()), t
        openings = [m.span() for m in leftovers._YEAR_OPENING.finditer(hw)]
        assert [m.span() for m in leftovers._year_openings(hw)] == openings
        year_opening += len(openings)
    assert as_of and year_opening


REFERENCES = ["清单第11至14项、第43至46项不适用于我院", "第47项不涉及", "第 11 - 14 项", "第11项至第14项", "11—14项",
              "第１１、１２项", "第十一至十四项暂未公开", "第七条第5项", "第٣项", "共50项", "第1 项\u3000至 第3项", "项第2项"]


@pytest.mark.parametrize("sample", [*REFERENCES, "".join(TEXTS), "。".join(REFERENCES)],
                         ids=[*(f"reference{i}" for i in range(len(REFERENCES))), "every text joined", "references joined"])
def test_item_references_sought_in_stretches_are_those_the_whole_text_holds(sample):
    from disclosure_check.rules import numbered

    whole = [m.span() for m in numbered._REFERENCE.finditer(sample)]
    stretched = [m.span() for start, end in numbered._stretches(sample)
                 for m in numbered._REFERENCE.finditer(sample, start, end)]
    assert stretched == whole


def test_item_references_in_random_text_are_found_in_stretches_alone():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from disclosure_check.rules import numbered

    alphabet = st.sampled_from([*numbered._REFERENCE_CHARS, *"0123456789１٣ \t\n\u3000\xa0以及清单条款公开。a"])

    @settings(max_examples=400, deadline=None)
    @given(st.text(alphabet=alphabet, max_size=40))
    def holds(sample: str) -> None:
        whole = [m.span() for m in numbered._REFERENCE.finditer(sample)]
        stretched = [m.span() for start, end in numbered._stretches(sample)
                     for m in numbered._REFERENCE.finditer(sample, start, end)]
        assert stretched == whole

    holds()
