"""CI behaviour: waivers from the settings and a previous run as baseline, applied to a finished RunResult or,
in a batch run, to each document as it arrives (`waive`, `compare`).

Both only mark the Result (ItemResult.waived / regressed, Finding.baselined); the status an item was found in is
never changed, so every renderer still tells the truth and the exit code reads `ItemResult.gates`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from disclosure_check.config import WaiverSetting
from disclosure_check.errors import InputError
from disclosure_check.i18n import t
from disclosure_check.result import DocumentResult, Finding, ItemStatus, RunResult, Severity, Waiver

# How bad a status is, for "regressed": not_applicable and disclosed are both fine.
_BADNESS = {"disclosed": 0, "not_applicable": 0, "partial": 1, "stale": 2, "missing": 3}


def apply_waivers(result: RunResult, waivers: list[WaiverSetting], today: dt.date | None = None) -> None:
    for index, document in _checked(result):
        waive(document, waivers, result.tool.lang, today)
        result.documents[index] = document  # a DocumentStore hands out copies


def waive(document: DocumentResult, waivers: list[WaiverSetting], lang: str, today: dt.date | None = None) -> None:
    """Mark one checked document's waived items (a batch run applies this as each document arrives)."""
    today = today or dt.date.today()
    known = {item.id for item in document.items}
    for waiver in waivers:
        if waiver.item not in known:
            raise InputError("waivers", f"豁免的事项编号不存在：{waiver.item}",
                             f"waiver for an item that does not exist: {waiver.item}")
    for item in document.items:
        for waiver in (w for w in waivers if w.item == item.id):
            item.waiver = Waiver(reason=waiver.reason, approved_by=waiver.approved_by,
                                 expires=waiver.expires.isoformat())
            if waiver.expires < today:
                item.waived = False
                document.findings.append(Finding(
                    rule="waiver.expired", severity=Severity.error, item=item.id,
                    message=t("waiver.expired", lang, item=item.id, expires=waiver.expires.isoformat(),
                              approved_by=waiver.approved_by)))
            else:
                item.waived = True
    document.summary.waived = sum(1 for item in document.items if item.waived)


def apply_baseline(result: RunResult, path: Path) -> None:
    previous = load_baseline(path)
    for position, (index, document) in enumerate(_checked(result)):
        compare(document, previous, position)
        result.documents[index] = document


def compare(document: DocumentResult, previous: RunResult, position: int) -> None:
    """Mark one checked document against the previous run; `position` counts checked documents only."""
    before = _match(previous, document, position)
    if before is None:
        return
    old_status = {item.id: item.status.value for item in before.items}
    for item in document.items:
        old = old_status.get(item.id)
        item.baseline_status = ItemStatus(old) if old else None
        item.regressed = old is None or _BADNESS[item.status.value] > _BADNESS[old]
    old_findings = {(f.rule, f.item, f.part) for f in before.findings}
    for finding in document.findings:
        finding.baselined = (finding.rule, finding.item, finding.part) in old_findings
    document.summary.regressed = sum(1 for item in document.items if item.regressed)


def checked(document: DocumentResult) -> bool:
    return not document.error and not document.needs_ocr


def _checked(result: RunResult) -> Iterator[tuple[int, DocumentResult]]:
    return ((i, d) for i, d in enumerate(result.documents) if checked(d))


def load_baseline(path: Path) -> RunResult:
    try:
        data = json.loads(path.read_bytes())
        return RunResult.model_validate(data)
    except OSError as exc:
        raise InputError(path, f"无法读取基线文件：{exc.strerror}", f"cannot read the baseline: {exc.strerror}") from None
    except (ValueError, ValidationError):  # JSONDecodeError is a ValueError
        raise InputError(path, "不是 disclosure-check --format json 的输出", "not a disclosure-check JSON result") from None


def _match(previous: RunResult, document: DocumentResult, index: int) -> DocumentResult | None:
    """The previous run's document with the same path, else the one at the same position, else the only one:
    a baseline is usually last year's report, whose file name differs."""
    candidates = [d for d in previous.documents if not d.error]
    for candidate in candidates:
        if candidate.path == document.path:
            return candidate
    if len(candidates) == 1:
        return candidates[0]
    return candidates[index] if index < len(candidates) else None
