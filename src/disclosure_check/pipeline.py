"""From paths to a RunResult: read each file, check it, and turn unreadable input into a per-file error."""

from __future__ import annotations

from pathlib import Path

from disclosure_check import __version__
from disclosure_check.checklist import Checklist, load_checklist, load_vocabulary
from disclosure_check.config import Settings
from disclosure_check.engine import check
from disclosure_check.errors import InputError
from disclosure_check.result import DocumentResult, RunResult, ToolInfo


def check_file(path: Path, checklist: Checklist, settings: Settings) -> DocumentResult:
    from disclosure_check.readers import read_document

    try:
        document = read_document(path)
    except InputError as error:
        return DocumentResult(path=str(path), error=error.message(settings.lang))
    if document.needs_ocr:
        return DocumentResult(path=str(path), format=document.format, needs_ocr=True)
    return check(document, checklist, load_vocabulary(), settings)


def run(paths: list[Path], settings: Settings) -> RunResult:
    checklist = load_checklist(settings.checklist)
    tool = ToolInfo(version=__version__, checklist=checklist.id, lang=settings.lang)
    return RunResult(tool=tool, documents=[check_file(path, checklist, settings) for path in paths])
