"""The cheap tests that let costly patterns skip text never skip text those patterns match.

Dates, periods, years opening a clause and 万元 figures are found by patterns that try many branches at every
character, so a block is scanned by them only when it holds what every match must hold (月, 学年, a numeric
date, 年度, 万元). Whoever extends a pattern must extend its hint: these texts — every phrasing case, every
evaluation document, the sample, and spellings written for this test — are scanned by each pattern itself, and
wherever it matches, the hint must have let the text through.
"""

from __future__ import annotations

import json
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
        if consistency._worth_reading(t, 0, len(t)) or "万元" in t:
            assert consistency._HINT.search(t), t
