"""CI behaviour: waivers from the settings and a previous run as baseline, applied to a finished RunResult or,
in a batch run, to each document as it arrives (`waive`, `compare`).

Both only mark the Result (ItemResult.waived / regressed, Finding.baselined); the status an item was found in is
never changed, so every renderer still tells the truth and the exit code reads `ItemResult.gates`.
"""

from __future__ import annotations

import datetime as dt
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel as PydanticModel
from pydantic import ConfigDict, ValidationError

from disclosure_check.config import WaiverSetting
from disclosure_check.errors import InputError
from disclosure_check.i18n import t
from disclosure_check.result import SCHEMA_VERSION, DocumentResult, Finding, ItemStatus, RunResult, Severity, Waiver

MAX_RESULT_MB = 1024  # a JSON result read back (--baseline, diff): a batch of ~10,000 documents


class _Slim(PydanticModel):
    model_config = ConfigDict(extra="ignore")

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


def compare(document: DocumentResult, previous: Baseline, position: int) -> None:
    """Mark one checked document against the previous run; `position` counts checked documents only."""
    before = previous.match(document.path, position)
    if before is None:
        return
    for item in document.items:
        old = before.statuses.get(item.id)
        item.baseline_status = ItemStatus(old) if old else None
        item.regressed = old is None or _BADNESS[item.status.value] > _BADNESS[old]
    for finding in document.findings:
        finding.baselined = (finding.rule, finding.item, finding.part) in before.findings
    document.summary.regressed = sum(1 for item in document.items if item.regressed)


@dataclass
class _Before:
    statuses: dict[int, str]
    findings: set[tuple[str, int | None, int | None]]


class Baseline:
    """What --baseline needs of each readable document of the previous run: item statuses and finding keys, not
    the documents (a previous batch's would be hundreds of MB), found by path once (no scan per document)."""

    def __init__(self, previous: RunResult) -> None:
        self._documents: list[_Before] = []
        self._by_path: dict[str, _Before] = {}
        for document in previous.documents:
            if document.error:
                continue
            before = _Before({item.id: item.status.value for item in document.items},
                             {(f.rule, f.item, f.part) for f in document.findings})
            self._documents.append(before)
            self._by_path.setdefault(document.path, before)

    def match(self, path: str, position: int) -> _Before | None:
        """The document with the same path, else the only one, else the one at the same position: a baseline is
        usually last year's report, whose file name differs."""
        if path in self._by_path:
            return self._by_path[path]
        if len(self._documents) == 1:
            return self._documents[0]
        return self._documents[position] if position < len(self._documents) else None


def checked(document: DocumentResult) -> bool:
    return not document.error and not document.needs_ocr


def _checked(result: RunResult) -> Iterator[tuple[int, DocumentResult]]:
    return ((i, d) for i, d in enumerate(result.documents) if checked(d))


def load_baseline(path: Path) -> Baseline:
    """Only what a baseline needs is built from the JSON (pydantic skips the rest while parsing), so a previous
    batch of hundreds of documents costs its bytes and the statuses, not hundreds of MB of objects."""
    return Baseline(read_result(path, _SlimRun))  # type: ignore[arg-type]


class _SlimItem(_Slim):
    id: int
    status: ItemStatus


class _SlimFinding(_Slim):
    rule: str
    item: int | None = None
    part: int | None = None


class _SlimDocument(_Slim):
    path: str
    error: str | None = None
    items: list[_SlimItem] = []
    findings: list[_SlimFinding] = []


class _SlimRun(_Slim):
    schema_version: int
    documents: list[_SlimDocument]


_M = TypeVar("_M", bound=PydanticModel)


def read_result(path: Path, model: type[_M] = RunResult) -> _M:  # type: ignore[assignment]
    """A `--format json` result (for --baseline and diff), or one line saying why the file is not one: not a
    regular file (a FIFO or /dev/zero would block or never end), too large, not JSON (or several documents),
    nested too deeply, another schema or schema_version."""
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            raise InputError(path, "不是普通文件，无法作为 JSON 结果读取", "not a regular file; cannot read a JSON result from it")
        if st.st_size > MAX_RESULT_MB << 20:
            raise InputError(path, f"JSON 结果文件超过 {MAX_RESULT_MB} MB 上限", f"the JSON result is over the {MAX_RESULT_MB} MB limit")
        with open(path, "rb") as stream:
            data = stream.read((MAX_RESULT_MB << 20) + 1)
    except OSError as exc:
        raise InputError(path, f"无法读取 JSON 结果（{exc.strerror}）", f"cannot read the JSON result ({exc.strerror})") from None
    try:
        result = model.model_validate_json(data)
    except ValidationError as error:
        kinds = {e["type"] for e in error.errors()}
        if kinds & {"json_invalid", "recursion_loop"} or "recursion" in str(error):
            raise InputError(path, "不是有效的 JSON 结果文件（或嵌套过深、含多个文档）",
                             "not valid JSON (or nested too deeply, or several documents)") from None
        raise InputError(path, "JSON 不是 disclosure-check 的结果（--format json 的输出）",
                         "the JSON is not a disclosure-check result (--format json output)") from None
    version = getattr(result, "schema_version", None)
    if version != SCHEMA_VERSION:
        raise InputError(path, f"JSON 结果的 schema_version 为 {version}，本工具只读 {SCHEMA_VERSION}",
                         f"the JSON result has schema_version {version}; this tool reads {SCHEMA_VERSION}")
    return result
