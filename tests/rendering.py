"""The sample report (and the example item table) run through the real pipeline, for the renderer tests."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from disclosure_check.config import Settings
from disclosure_check.pipeline import run
from disclosure_check.result import RunResult

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "huse-2023-report.txt"
EXAMPLE_TABLE = ROOT / "examples" / "清单事项公开情况表-示例.xlsx"


@cache
def _cached(path: Path, lang: str) -> str:
    return run([path], Settings(lang=lang)).model_dump_json()


def sample_result(lang: str = "zh", path: Path = SAMPLE) -> RunResult:
    """A fresh copy each call, so a test may mark it (waivers, baseline) without touching another's."""
    return RunResult.model_validate_json(_cached(path, lang))
