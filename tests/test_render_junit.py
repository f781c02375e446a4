"""JUnit XML: read back with junitparser, 50 item testcases and one per finding rule, gaps as failures."""

from __future__ import annotations

import datetime as dt

from junitparser import Error, Failure, JUnitXml, Skipped
from rendering import sample_result

from disclosure_check.ci import apply_waivers
from disclosure_check.config import WaiverSetting
from disclosure_check.render import junit


def parse(tmp_path, result) -> JUnitXml:
    path = tmp_path / "junit.xml"
    path.write_bytes(junit.render(result))
    return JUnitXml.fromfile(str(path))


def test_sample_has_50_items_and_the_rules(tmp_path):
    suites = list(parse(tmp_path, sample_result()))
    assert len(suites) == 1
    cases = list(suites[0])
    items = [c for c in cases if c.classname.endswith(".items")]
    rules = [c for c in cases if c.classname.endswith(".rules")]
    assert len(items) == 50 and items[0].name.startswith("01 办学规模")
    assert [c.name for c in rules] == ["consistency.parts-sum", "structure.incomplete", "structure.part-missing"]
    failed = {c.name[:2] for c in items if any(isinstance(r, Failure) for r in c.result)}
    assert len(failed) == 43 and "06" not in failed and "03" in failed  # item 6: the report itself
    passed = [c for c in items if not c.result]
    assert len(passed) == 7
    assert suites[0].tests == 53 and suites[0].failures == 46 and suites[0].errors == 0
    item3 = next(c for c in items if c.name.startswith("03"))
    assert item3.result[0].type == "missing" and item3.result[0].message == "未公开: 未找到公开证据"


def test_waived_gap_is_skipped_not_failed(tmp_path):
    result = sample_result("en")
    apply_waivers(result, [WaiverSetting(item=3, reason="published separately", approved_by="Office",
                                         expires=dt.date(2099, 1, 1))])
    cases = {c.name[:2]: c for c in next(iter(parse(tmp_path, result)))}
    assert isinstance(cases["03"].result[0], Skipped)
    assert "waived: published separately (approved by Office, until 2099-01-01)" in cases["03"].result[0].message
    assert cases["03"].name.startswith("03 ") and "教职工" not in cases["03"].name  # English titles


def test_unreadable_file_is_an_error(tmp_path):
    from disclosure_check.config import Settings
    from disclosure_check.pipeline import run

    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 broken")
    suite = next(iter(parse(tmp_path, run([bad], Settings()))))
    case = next(iter(suite))
    assert isinstance(case.result[0], Error) and "bad.pdf" in case.result[0].message
