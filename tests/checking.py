"""Run the real pipeline on text written to a temporary file; shared by the rule and CLI tests."""

from __future__ import annotations

from pathlib import Path

from disclosure_check.checklist import load_checklist
from disclosure_check.config import Settings
from disclosure_check.pipeline import check_file
from disclosure_check.result import DocumentResult


def check_text(tmp_path: Path, text: str, name: str = "report.txt", **settings: object) -> DocumentResult:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return check_path(path, **settings)


def check_path(path: Path, **settings: object) -> DocumentResult:
    return check_file(path, load_checklist(), Settings(**settings))


def statuses(result: DocumentResult) -> dict[int, str]:
    return {item.id: item.status.value for item in result.items}
