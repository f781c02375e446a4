"""GitHub Actions workflow commands (`::error file=…,line=…,title=…::message`): one annotation per gap and
per finding, shown on the pull request's files. Values are escaped as the runner expects."""

from __future__ import annotations

from disclosure_check.i18n import t
from disclosure_check.render._common import (
    checked,
    line_number,
    locator,
    problem,
    reported_finding,
    reported_gap,
    title,
)
from disclosure_check.result import RunResult

_COMMAND = {"missing": "error", "stale": "warning", "partial": "warning", "error": "error", "warning": "warning",
            "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _line(kind: str, path: str, where: str | None, heading: str, message: str) -> str:
    fields = [f"file={_property(path)}"]
    line = line_number(where)
    if line is not None:
        fields.append(f"line={line}")
    fields.append(f"title={_property(heading)}")
    suffix = f" [{where}]" if where and line is None else ""
    return f"::{kind} {','.join(fields)}::{_data(message + suffix)}"


def render(result: RunResult) -> str:
    lang = result.tool.lang
    lines = [f"::error file={_property(d.path)}::{_data(d.error or t('summary.needs_ocr', lang))}"
             for d in result.documents if d.error or d.needs_ocr]
    for document in checked(result):
        for item in document.items:
            if reported_gap(item):
                heading = f"{item.id}. {title(item, lang)}: {t(item.status.value, lang)}"
                lines.append(_line(_COMMAND[item.status.value], document.path, locator(item), heading,
                                   problem(item, lang) or heading))
        for finding in document.findings:
            if reported_finding(finding):
                lines.append(_line(_COMMAND[finding.severity.value], document.path, finding.locator, finding.rule,
                                   finding.message))
    return "\n".join(lines) + "\n" if lines else ""
