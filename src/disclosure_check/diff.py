"""Year over year: compare two reports (or two JSON results) item by item and part by part.

An item regresses when its status falls on disclosed > partial > stale > missing and improves when it rises;
an item that is not applicable on either side is left out (applicability is a setting, not progress). A part
present last year and absent now is removed. Regressions or removed parts make the exit code 1.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from disclosure_check.config import Settings
from disclosure_check.errors import InputError
from disclosure_check.result import DocumentResult

RANK = {"disclosed": 3, "partial": 2, "stale": 1, "missing": 0}


class Change(BaseModel):
    item: int
    title: str
    title_en: str = ""
    old: str
    new: str


class DiffResult(BaseModel):
    old: str
    new: str
    lang: str = "zh"
    regressed: list[Change] = []
    improved: list[Change] = []
    parts_added: list[int] = []
    parts_removed: list[int] = []
    score_old: float | None = None
    score_new: float | None = None

    @property
    def worse(self) -> bool:
        return bool(self.regressed or self.parts_removed)


def load(path: Path, settings: Settings) -> DocumentResult:
    """A JSON result written by --format json (one readable document in it), or a report checked now."""
    document = _from_json(path)
    if document is None:
        from disclosure_check.checklist import load_checklist
        from disclosure_check.pipeline import check_file

        document = check_file(path, load_checklist(settings.checklist), settings)
    if document.error:
        raise InputError(path, document.error.removeprefix(f"{path}: "))
    if document.needs_ocr:
        raise InputError(path, "扫描件（无文字层），无法比较", "scanned PDF without a text layer: nothing to compare")
    return document


def _from_json(path: Path) -> DocumentResult | None:
    """The one readable document of a JSON result, or None when `path` is a report (not JSON)."""
    from disclosure_check.ci import read_result

    if path.suffix.lower() != ".json":
        if not path.is_file():  # never opened: a FIFO would block; the report reader says what it is
            return None
        try:
            with open(path, "rb") as stream:
                if not stream.read(64).lstrip().startswith((b"{", b"[")):
                    return None
        except OSError:
            return None  # the report reader gives the precise one-line message
    run = read_result(path)
    readable = [d for d in run.documents if not d.error and not d.needs_ocr]
    if len(readable) != 1:
        raise InputError(path, f"JSON 结果应只含一份可读文件，实际 {len(readable)} 份",
                         f"the JSON result must hold exactly one readable document, not {len(readable)}")
    return readable[0]


def diff(old: DocumentResult, new: DocumentResult, lang: str = "zh") -> DiffResult:
    result = DiffResult(old=old.path, new=new.path, lang=lang,
                        score_old=old.summary.score.total if old.summary.score else None,
                        score_new=new.summary.score.total if new.summary.score else None)
    before = {i.id: i for i in old.items}
    for item in new.items:
        previous = before.get(item.id)
        if previous is None or item.status.value not in RANK or previous.status.value not in RANK:
            continue
        change = Change(item=item.id, title=item.title, title_en=item.title_en, old=previous.status.value,
                        new=item.status.value)
        if RANK[change.new] < RANK[change.old]:
            result.regressed.append(change)
        elif RANK[change.new] > RANK[change.old]:
            result.improved.append(change)
    was, now = set(old.summary.parts_present), set(new.summary.parts_present)
    result.parts_added, result.parts_removed = sorted(now - was), sorted(was - now)
    return result
