"""JUnit XML for CI test reports: per document a testsuite with one testcase per checklist item and one per
finding rule; gaps are failures, waived or baseline-unchanged gaps are skipped, unreadable files are errors."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from disclosure_check.i18n import t
from disclosure_check.render._common import is_gap, problem, reported_finding, reported_gap, title
from disclosure_check.result import DocumentResult, RunResult

_FAILING_SEVERITIES = ("error", "warning")


def render(result: RunResult) -> bytes:
    lang = result.tool.lang
    root = ET.Element("testsuites", name=result.tool.name)
    for document in result.documents:
        root.append(_suite(document, lang))
    for attribute in ("tests", "failures", "errors", "skipped"):
        root.set(attribute, str(sum(int(s.get(attribute, "0")) for s in root)))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _suite(document: DocumentResult, lang: str) -> ET.Element:
    suite = ET.Element("testsuite", name=document.path)
    if document.error or document.needs_ocr:
        case = ET.SubElement(suite, "testcase", name=document.path, classname=document.path)
        ET.SubElement(case, "error", message=document.error or t("summary.needs_ocr", lang))
    for item in document.items:
        case = ET.SubElement(suite, "testcase", name=f"{item.id:02d} {title(item, lang)}",
                             classname=f"{document.path}.items")
        detail = problem(item, lang)
        message = f"{t(item.status.value, lang)}: {detail}" if detail else t(item.status.value, lang)
        if reported_gap(item):
            failure = ET.SubElement(case, "failure", message=message, type=item.status.value)
            failure.text = "\n".join(f"{e.locator}: {e.quote}" for e in item.evidence) or None
        elif is_gap(item):
            ET.SubElement(case, "skipped", message=message)
        elif item.evidence:
            ET.SubElement(case, "system-out").text = f"{item.evidence[0].locator}: {item.evidence[0].quote}"
    for rule in sorted({f.rule for f in document.findings}):
        case = ET.SubElement(suite, "testcase", name=rule, classname=f"{document.path}.rules")
        findings = [f for f in document.findings if f.rule == rule]
        failing = [f for f in findings if f.severity.value in _FAILING_SEVERITIES and reported_finding(f)]
        lines = "\n".join(f"{f.severity.value}: {f.message}" + (f" [{f.locator}]" if f.locator else "")
                          for f in findings)
        if failing:
            ET.SubElement(case, "failure", message=failing[0].message, type=failing[0].severity.value).text = lines
        else:
            ET.SubElement(case, "system-out").text = lines
    cases = list(suite)
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(sum(1 for c in cases if c.find("failure") is not None)))
    suite.set("errors", str(sum(1 for c in cases if c.find("error") is not None)))
    suite.set("skipped", str(sum(1 for c in cases if c.find("skipped") is not None)))
    return suite
