"""SARIF 2.1.0: valid against the official schema, items and rules as descriptors, stable fingerprints."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import jsonschema
import pytest
from rendering import EXAMPLE_TABLE, sample_result

from disclosure_check.ci import apply_baseline, apply_waivers
from disclosure_check.config import WaiverSetting
from disclosure_check.render import sarif

# The official schema is not redistributed with the project; CI and developers have it beside the clone.
SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "reference" / "sarif-schema-2.1.0.json"


def validate(text: str) -> dict:
    """Parse the SARIF text, and validate it against the official schema where that file is present."""
    data = json.loads(text)
    if SCHEMA.is_file():
        jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
    return data


@pytest.mark.skipif(not SCHEMA.is_file(), reason=f"the official SARIF schema is not at {SCHEMA}")
def test_sample_is_valid_against_the_official_schema():
    data = json.loads(sarif.render(sample_result()))
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))


def test_sample_validates_and_lists_every_item_and_rule():
    data = validate(sarif.render(sample_result()))
    run = data["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules[:50]] == [f"item-{n:02d}" for n in range(1, 51)]
    assert [r["id"] for r in rules[50:]] == ["consistency.parts-sum", "structure.incomplete", "structure.part-missing"]
    assert rules[5]["shortDescription"]["text"] == "6. 信息公开年度报告"
    assert rules[5]["properties"]["title_en"] and rules[5]["fullDescription"]["text"].startswith("6. ")
    results = run["results"]
    assert len(results) == 12 + 31 + 3  # partial + missing items, then two structure findings and parts-sum
    assert {r["ruleId"] for r in results if r["level"] == "error"} >= {"item-03", "structure.part-missing"}


def test_locations_carry_file_and_line_or_logical_locator():
    run = validate(sarif.render(sample_result()))["runs"][0]
    first = next(r for r in run["results"] if r["ruleId"] == "item-01")
    location = first["locations"][0]
    assert location["physicalLocation"]["artifactLocation"]["uri"].endswith("huse-2023-report.txt")
    assert location["physicalLocation"]["region"] == {"startLine": 25}
    assert first["ruleIndex"] == 0 and first["level"] == "warning"
    table = sample_result(path=EXAMPLE_TABLE)
    table.documents[0].items[0].status = table.documents[0].items[0].status.partial  # give a cell locator a result
    run = validate(sarif.render(table))["runs"][0]
    location = next(r for r in run["results"] if r["ruleId"] == "item-01")["locations"][0]
    assert location["logicalLocations"] == [{"name": "清单事项公开情况表!C4", "kind": "element"}]
    assert "%E6%B8%85" in location["physicalLocation"]["artifactLocation"]["uri"]  # percent-encoded 清


def test_fingerprints_are_keyed_by_item_id_not_by_location():
    one = sample_result()
    other = sample_result()
    other.documents[0].path = "renamed/last-year.txt"
    other.documents[0].items[2].evidence = []
    fingerprints = [{r["ruleId"]: r["fingerprints"]["disclosureCheck/v1"]
                     for r in validate(sarif.render(result))["runs"][0]["results"]} for result in (one, other)]
    assert fingerprints[0] == fingerprints[1]
    assert fingerprints[0]["item-03"] == hashlib.sha256(b"item-03").hexdigest()[:32]
    assert len(set(fingerprints[0].values())) == len(fingerprints[0])


def test_waiver_is_a_suppression_and_baseline_sets_state(tmp_path):
    result = sample_result()
    apply_waivers(result, [WaiverSetting(item=3, reason="教代会报告待审议", approved_by="党政办", expires="2099-12-31")],
                  today=dt.date(2024, 1, 1))
    baseline = sample_result()
    baseline.documents[0].items[3].status = baseline.documents[0].items[3].status.disclosed
    (tmp_path / "last.json").write_text(baseline.model_dump_json(), encoding="utf-8")
    apply_baseline(result, tmp_path / "last.json")
    results = {r["ruleId"]: r for r in validate(sarif.render(result))["runs"][0]["results"]}
    assert results["item-03"]["suppressions"] == [
        {"kind": "external", "status": "accepted", "justification": "教代会报告待审议 (党政办, 2099-12-31)"}]
    assert results["item-04"]["baselineState"] == "new"
    assert results["item-05"]["baselineState"] == "unchanged"
    assert results["structure.part-missing"]["baselineState"] == "unchanged"
    assert "suppressions" not in results["item-04"]


def test_unreadable_file_is_a_notification(tmp_path):
    from disclosure_check.config import Settings
    from disclosure_check.pipeline import run

    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 not a zip")
    data = validate(sarif.render(run([bad], Settings())))
    invocation = data["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "bad.docx" in invocation["toolExecutionNotifications"][0]["message"]["text"]
    assert data["runs"][0]["results"] == []
