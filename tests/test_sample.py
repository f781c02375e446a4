"""The real sample report gives the same verdicts in every format it is published in."""

from __future__ import annotations

import os

import pytest
from checking import check_path, statuses

EVIDENCE = {1, 2, 5, 7, 9, 10, 15, 16, 18, 19, 20, 21, 24, 25, 31, 36, 37, 38}
DISCLOSED = {16, 24, 25, 36, 37, 38}  # every facet found; the other evidence items lack some facets
SELF = 6  # 信息公开年度报告: the sample is that report, its title the evidence
EXPECTED = {n: "disclosed" if n in DISCLOSED | {SELF} else "partial" if n in EVIDENCE else "missing" for n in range(1, 51)}
FORMATS = ["txt", "docx", "html", "pdf"]


@pytest.fixture(params=FORMATS)
def sample_result(request, sample_formats):
    if request.param not in sample_formats:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is required in CI to build the PDF form of the sample")
        pytest.skip("LibreOffice not installed: no PDF form of the sample")
    return check_path(sample_formats[request.param])


def test_item_verdicts(sample_result):
    assert statuses(sample_result) == EXPECTED


def test_report_is_its_own_item_6(sample_result):
    assert sample_result.report.kind == "university_annual_report" and sample_result.report.is_annual_report
    item = next(i for i in sample_result.items if i.id == SELF)
    assert item.evidence[0].quote == "湖南科技学院2023年度信息公开工作报告"
    assert item.message == "本文件即学校信息公开年度报告（以标题为证）"


def test_part_8_missing_and_report_incomplete(sample_result):
    assert [p.number for p in sample_result.parts if p.status == "present"] == [1, 2, 3, 4, 5, 6, 7]
    assert sample_result.summary.parts_missing == [8] and not sample_result.summary.complete
    assert sample_result.report.announced_parts == 8
    # The science paragraph's parts (29+8+3+13+6+96 = 155条) exceed its stated total (145条): a real 勾稽 error
    # in the published report. The docx builder stamps created = 2023-11-24, after the 31 October deadline.
    late = ["timeliness.late"] if sample_result.format == "docx" else []
    assert [f.rule for f in sample_result.findings] == [
        "structure.incomplete", "structure.part-missing", "consistency.parts-sum", *late]
    assert not [f for f in sample_result.findings if f.rule.startswith(("freshness.", "leftover."))]


def test_title_year_and_period(sample_result):
    report = sample_result.report
    assert report.year == 2023 and report.is_annual_report
    assert (report.period.start, report.period.end) == ("2023-01-01", "2023-11-24")
    assert report.period.evidence.quote.startswith("（1）2023年1月1日至11月24日")


def test_evidence_quotes_the_original_text(sample_result):
    by_id = {i.id: i for i in sample_result.items}
    assert "学校年度工作要点" in by_id[5].evidence[0].quote
    assert "预、决算信息" in by_id[19].evidence[0].quote  # punctuation kept in quotes, ignored in matching
    assert {f.name for f in by_id[1].facets if f.covered} == {"校级领导班子简介及分工", "机构设置"}
    assert all(len(e.quote) <= 82 for i in sample_result.items for e in i.evidence)


def test_traps_are_not_evidence(sample_result):
    got = statuses(sample_result)
    # 教职工代表大会 only as a channel; 国际交流合作 is not 中外合作办学; 专业简介 is not 专业设置; 师德师风建设 is not 学风建设
    assert (got[3], got[47], got[28], got[40]) == ("missing",) * 4
