"""The score: exact components and weights on hand-made results, and on the sample report."""

from __future__ import annotations

from pathlib import Path

import builders
import pytest
from checking import check_path

from disclosure_check.result import (
    DocumentResult,
    FacetResult,
    Finding,
    ItemResult,
    ItemStatus,
    PartResult,
    Period,
    Severity,
)
from disclosure_check.score import WEIGHTS, score


def item(number: int, status: str, facets: tuple[bool, ...] = (), self_declared: bool = False) -> ItemResult:
    return ItemResult(id=number, category="c", title=f"t{number}", category_id=1, status=ItemStatus(status),
                      facets=[FacetResult(name=f"f{i}", covered=c) for i, c in enumerate(facets)],
                      self_declared=self_declared)


def document(items: list[ItemResult], parts: str = "", published: str | None = None,
             end: str | None = None, late: bool = False) -> DocumentResult:
    result = DocumentResult(path="x.txt", items=items,
                            parts=[PartResult(number=i + 1, title="p", status="present" if c == "1" else "missing")
                                   for i, c in enumerate(parts)])
    result.report.published = published
    result.report.period = Period(end=end)
    result.report.is_annual_report = bool(parts)
    if late:
        result.findings.append(Finding(rule="timeliness.late", severity=Severity.warning, message="late"))
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


@pytest.mark.parametrize(("published", "late", "parts", "expected"), [
    ("2023-10-31", False, "11", 100.0),  # the timeliness rule found it on time
    ("2023-11-01", True, "11", 0.0),  # the timeliness rule found it late
    (None, False, "11", None),  # publishing date unknown
    ("2023-10-01", False, "", None),  # not an annual report
])
def test_timeliness_follows_the_timeliness_rule(published, late, parts, expected):
    result = document([item(1, "disclosed")], parts=parts, published=published, late=late)
    assert score(result).timeliness == expected


def test_late_docx_sample_scores_no_timeliness(sample_formats):
    result = check_path(sample_formats["docx"])  # created 2023-11-24, after the 31 October deadline
    assert [f.rule for f in result.findings if f.rule.startswith("timeliness")] == ["timeliness.late"]
    assert result.report.published == "2023-11-24" and result.summary.score.timeliness == 0.0


def test_everything_not_applicable_scores_only_what_is_known():
    result = score(document([item(1, "not_applicable")], parts="11"))
    assert result.checklist is None and result.report == 100.0 and result.total == 100.0


def test_the_sample_report(tmp_path: Path):
    result = check_path(builders.SAMPLE)
    assert result.report.institution == "湖南科技学院" and result.report.year == 2023
    summary = result.summary
    assert (summary.disclosed, summary.partial, summary.missing) == (7, 12, 31)
    assert summary.score is not None
    assert (summary.score.checklist, summary.score.report, summary.score.timeliness) == (25.1, 87.5, None)
    assert summary.score.total == 45.9


def test_waived_by_settings_are_counted_apart(tmp_path: Path):
    result = check_path(builders.SAMPLE, not_applicable=["11-14"], reason="本校无研究生教育")
    assert result.summary.score.not_applicable == 4 and result.summary.score.waived == 4
    assert result.summary.score.applicable == 46
