"""The score: exact components and weights on hand-made results, and on the sample report."""

from __future__ import annotations

from pathlib import Path

import builders
import pytest
from checking import check_path

from disclosure_check.result import DocumentResult, FacetResult, ItemResult, ItemStatus, PartResult, Period
from disclosure_check.score import WEIGHTS, score


def item(number: int, status: str, facets: tuple[bool, ...] = (), self_declared: bool = False) -> ItemResult:
    return ItemResult(id=number, category="c", title=f"t{number}", category_id=1, status=ItemStatus(status),
                      facets=[FacetResult(name=f"f{i}", covered=c) for i, c in enumerate(facets)],
                      self_declared=self_declared)


def document(items: list[ItemResult], parts: str = "", published: str | None = None,
             end: str | None = None) -> DocumentResult:
    result = DocumentResult(path="x.txt", items=items,
                            parts=[PartResult(number=i + 1, title="p", status="present" if c == "1" else "missing")
                                   for i, c in enumerate(parts)])
    result.report.published = published
    result.report.period = Period(end=end)
    return result


def test_components_and_weighted_total():
    items = [item(1, "disclosed"), item(2, "partial", (True, False, False, True)), item(3, "stale"),
             item(4, "missing"), item(5, "not_applicable", self_declared=True), item(6, "not_applicable")]
    result = score(document(items, parts="11111110", published="2023-10-20", end="2023-08-31"))
    # checklist: (1 + 2/4 + 1/2 + 0) / 4 applicable = 50; report: 7/8 = 87.5; timeliness: by 31 Oct = 100
    assert (result.checklist, result.report, result.timeliness) == (50.0, 87.5, 100.0)
    assert result.total == round((60 * 50 + 30 * 87.5 + 10 * 100) / 100, 1) == 66.2
    assert (result.applicable, result.not_applicable, result.waived) == (4, 2, 1)
    assert result.weights == WEIGHTS


def test_not_applicable_items_leave_the_denominator():
    with_na = score(document([item(1, "disclosed"), item(2, "not_applicable")]))
    without = score(document([item(1, "disclosed"), item(2, "missing")]))
    assert with_na.checklist == 100.0 and without.checklist == 50.0


def test_unknown_components_drop_their_weight():
    result = score(document([item(1, "disclosed"), item(2, "missing")]))
    assert result.report is None and result.timeliness is None
    assert result.weights == {"checklist": 60.0} and result.total == 50.0


@pytest.mark.parametrize(("published", "end", "expected"), [
    ("2023-10-31", "2023-08-31", 100.0),  # on the deadline
    ("2023-11-01", "2023-08-31", 0.0),  # a day late
    ("2024-10-30", "2023-11-24", 100.0),  # a period ending after October is due the next October
    (None, "2023-08-31", None),
    ("2023-10-01", None, None),
])
def test_timeliness(published, end, expected):
    assert score(document([item(1, "disclosed")], published=published, end=end)).timeliness == expected


def test_everything_not_applicable_scores_only_what_is_known():
    result = score(document([item(1, "not_applicable")], parts="11"))
    assert result.checklist is None and result.report == 100.0 and result.total == 100.0


def test_the_sample_report(tmp_path: Path):
    result = check_path(builders.SAMPLE)
    assert result.report.institution == "湖南科技学院" and result.report.year == 2023
    summary = result.summary
    assert (summary.disclosed, summary.partial, summary.missing) == (6, 12, 32)
    assert summary.score is not None
    assert (summary.score.checklist, summary.score.report, summary.score.timeliness) == (23.1, 87.5, None)
    assert summary.score.total == 44.5


def test_waived_by_settings_are_counted_apart(tmp_path: Path):
    result = check_path(builders.SAMPLE, not_applicable=["11-14"], reason="本校无研究生教育")
    assert result.summary.score.not_applicable == 4 and result.summary.score.waived == 4
    assert result.summary.score.applicable == 46
