"""SARIF 2.1.0 for code-scanning dashboards: items and rules as reportingDescriptors, gaps and findings as
results with the file and the page/paragraph/cell locator, fingerprints keyed by item id (not by location),
waivers as suppressions and --baseline as baselineState."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from urllib.parse import quote

from disclosure_check.i18n import describe_rule, t
from disclosure_check.render._common import category, checked, is_gap, line_number, problem, title
from disclosure_check.result import DocumentResult, Evidence, Finding, ItemResult, RunResult

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT = "disclosureCheck/v1"
_EMPTY_RESULTS = '"results": []'  # where the results go in the whole document
_RESULT_INDENT = " " * 8  # a result's depth: {} > runs [] > run {} > results []
_LEVEL = {"missing": "error", "stale": "warning", "partial": "warning", "error": "error", "warning": "warning",
          "info": "note"}


def item_rule_id(item_id: int) -> str:
    return f"item-{item_id:02d}"


def render(result: RunResult) -> str:
    return "".join(chunks(result))


def chunks(result: RunResult) -> Iterator[str]:
    """The SARIF text a result at a time: one pass over the documents for the rules, one for the results, each
    result dumped and indented as it would be inside the whole (so the text is the same as dumping it whole)."""
    lang = result.tool.lang
    items: dict[int, ItemResult] = {}
    finding_rules: set[str] = set()
    notifications, artifacts = [], []
    for d in result.documents:
        artifacts.append({"location": {"uri": _uri(d.path)}})
        if d.error or d.needs_ocr:
            notifications.append({"level": "error", "message": {"text": d.error or t("summary.needs_ocr", lang)},
                                  "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(d.path)}}}]})
            continue
        items.update((item.id, item) for item in d.items if item.id not in items)
        finding_rules.update(f.rule for f in d.findings)
    rules = [_item_descriptor(item, lang) for _, item in sorted(items.items())]
    rules += [{"id": rule, "name": rule, "shortDescription": {"text": describe_rule(rule, lang)}}
              for rule in sorted(finding_rules)]
    index = {rule["id"]: position for position, rule in enumerate(rules)}
    invocation: dict = {"executionSuccessful": not notifications or len(notifications) < len(artifacts),
                        "toolExecutionNotifications": notifications}
    if result.tool.command:
        invocation["commandLine"] = result.tool.command
    run = {
        "tool": {"driver": {
            "name": result.tool.name, "version": result.tool.version, "semanticVersion": result.tool.version,
            "informationUri": "https://pypi.org/project/disclosure-check/",
            "properties": {"checklist": result.tool.checklist}, "rules": rules}},
        "invocations": [invocation],
        "artifacts": artifacts,
        "results": [],
        "columnKind": "unicodeCodePoints",
    }
    whole = json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, ensure_ascii=False, indent=2) + "\n"
    head, tail = whole.split(_EMPTY_RESULTS)
    yield head + '"results": ['
    first = True
    for document in checked(result):
        entries = [_item_result(document, item, index, lang) for item in document.items if is_gap(item)]
        entries += [_finding_result(document, finding, index) for finding in document.findings]
        for entry in entries:
            text = json.dumps(entry, ensure_ascii=False, indent=2).replace("\n", "\n" + _RESULT_INDENT)
            yield ("\n" if first else ",\n") + _RESULT_INDENT + text
            first = False
    yield ("]" if first else "\n" + _RESULT_INDENT[:-2] + "]") + tail


def _item_descriptor(item: ItemResult, lang: str) -> dict:
    """In the run's language; the other language's title stays in the properties."""
    return {
        "id": item_rule_id(item.id), "name": f"ChecklistItem{item.id:02d}",
        "shortDescription": {"text": f"{item.id}. {title(item, lang)}"},
        "fullDescription": {"text": f"{item.id}. {category(item, lang)}: {title(item, lang)}"},
        "properties": {"title": item.title, "title_en": item.title_en, "category": item.category,
                       "category_en": item.category_en, "category_id": item.category_id},
    }


def _item_result(document: DocumentResult, item: ItemResult, index: dict[str, int], lang: str) -> dict:
    rule = item_rule_id(item.id)
    text = f"{item.id}. {title(item, lang)}: {t(item.status.value, lang)}"
    detail = problem(item, lang)
    entry: dict = {
        "ruleId": rule, "ruleIndex": index[rule], "level": _LEVEL[item.status.value],
        "kind": "fail", "message": {"text": f"{text} — {detail}" if detail else text},
        "locations": _locations(document.path, item.evidence[:1]),
        "fingerprints": {FINGERPRINT: _fingerprint(rule)},
        "partialFingerprints": {"itemId": str(item.id)},
        "properties": {"status": item.status.value, "self_declared": item.self_declared},
    }
    if item.waiver is not None and item.waived:
        entry["suppressions"] = [{"kind": "external", "status": "accepted", "justification":
                                  f"{item.waiver.reason} ({item.waiver.approved_by}, {item.waiver.expires})"}]
    if item.regressed is not None:
        entry["baselineState"] = "new" if item.regressed else "unchanged"
    return entry


def _finding_result(document: DocumentResult, finding: Finding, index: dict[str, int]) -> dict:
    key = f"{finding.rule}:{finding.item or ''}:{finding.part or ''}"
    evidence = finding.evidence[:1] or ([Evidence(quote="", locator=finding.locator)] if finding.locator else [])
    entry: dict = {
        "ruleId": finding.rule, "ruleIndex": index[finding.rule], "level": _LEVEL[finding.severity.value],
        "message": {"text": finding.message}, "locations": _locations(document.path, evidence),
        "fingerprints": {FINGERPRINT: _fingerprint(key)},
    }
    if finding.baselined:
        entry["baselineState"] = "unchanged"
    return entry


def _locations(path: str, evidence: list[Evidence]) -> list[dict]:
    physical: dict = {"artifactLocation": {"uri": _uri(path)}}
    location: dict = {"physicalLocation": physical}
    if evidence:
        first = evidence[0]
        line = line_number(first.locator)
        if line is not None:
            physical["region"] = {"startLine": line}
        elif first.locator:
            # A page, paragraph or cell has no line: SARIF carries it as a logical location.
            location["logicalLocations"] = [{"name": first.locator, "kind": "element"}]
        if first.quote:
            location["message"] = {"text": first.quote}
    return [location]


def _uri(path: str) -> str:
    text = path.replace("\\", "/")
    if re.match(r"[A-Za-z]:/", text):  # C:\年报: a Windows drive, not a URI scheme "c"
        text = "file:///" + text
    elif text.startswith("//"):  # \\server\share\年报: a UNC path
        text = "file:" + text
    return quote(text, safe="/:")


def _fingerprint(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
