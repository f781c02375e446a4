"""The repository stands alone: a clone with nothing beside it runs its tests, scripts and benchmarks."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Only the SARIF test may look beside the clone, for the official schema it does not redistribute.
ALLOWED = {"tests/test_render_sarif.py", "tests/test_self_contained.py"}
OUTSIDE = re.compile(r"\.\./shared|parents\[2\]\s*/\s*[\"']shared[\"']|/work/shared")


def tracked() -> list[str]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    listing = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
    return listing.stdout.splitlines()


def test_no_tracked_file_reads_beside_the_clone():
    offenders = []
    for name in tracked():
        path = ROOT / name
        if name in ALLOWED or path.suffix not in {".py", ".sh", ".toml", ".cfg", ".yml", ".yaml", ""}:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        offenders += [f"{name}:{n}" for n, line in enumerate(text.splitlines(), 1) if OUTSIDE.search(line)]
    assert offenders == []


def test_the_sample_the_tests_use_is_the_bundled_example():
    import builders

    assert builders.SAMPLE == ROOT / "examples" / "huse-2023-report.txt" and builders.SAMPLE.is_file()
