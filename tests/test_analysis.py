"""The document-wide scans the rules share: where a pattern matches, and keywords sought in folded text."""

from __future__ import annotations

import re

from disclosure_check.analysis import analyse
from disclosure_check.checklist import load_checklist, load_vocabulary
from disclosure_check.config import Settings
from disclosure_check.document import Block, Document
from disclosure_check.text import folded_pattern, keyed_all


def _analysis(*texts: str):  # type: ignore[no-untyped-def]
    document = Document("x.txt", "txt", [Block("paragraph", text, f"L{i}") for i, text in enumerate(texts, 1)])
    return analyse(document, load_checklist(), load_vocabulary(), Settings())


def test_places_of_gives_each_match_as_block_and_offset_in_document_order():
    analysis = _analysis("其中一项，其中两项", "无", "共3项其中")
    assert analysis.places_of(re.compile("其中")) == [(0, 0), (0, 5), (2, 3)]
    assert analysis.places_of(re.compile("没有")) == []
    assert analysis.blocks_with(re.compile("其中")) == [0, 2]


def test_a_folded_pattern_finds_a_key_across_the_separators_it_drops_and_within_bounds_only():
    first, second, third = keyed_all(["一、主 动·公開情况", "一、主动公开", "情况"])
    pattern = folded_pattern(["主动公开情况"])
    assert first.holds(pattern, 0, 10)  # 公開 is simplified, the blank and 「·」 dropped
    assert not first.holds(pattern, 0, 8)  # the bounds cut the keyword
    assert first.holds(pattern, 2, 10)
    assert not second.holds(pattern, 0, 6)  # a block never reads into the next one
    assert second.holds(folded_pattern(["主動公開"]), 2, 6)  # keywords are keyed too
    assert not second.holds(folded_pattern(["主动公开"]), 3, 6)
    assert third.holds(folded_pattern(["情况"]), 0, 2) and not third.holds(folded_pattern([]), 0, 2)
