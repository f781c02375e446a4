"""The repository stands alone: a clone with nothing beside it runs its tests, scripts and benchmarks."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Only the SARIF test may look beside the clone, for the official schema it does not redistribute; it skips
# with a reason where the file is absent. This file only holds examples of such lines.
ALLOWED = {"tests/test_render_sarif.py", "tests/test_self_contained.py"}
PARENTS = re.compile(r"Path\(__file__\)\.resolve\(\)\.parents\[(\d+)\]")
UPWARD = re.compile(r"[\"']\.\./")  # a string literal starting with a relative path above the working folder


def climbs_out(name: str, line: str) -> bool:
    """Whether a line of file `name` (relative to the repository root) names a path above the root:
    `Path(__file__).resolve().parents[N]` is the root when N is the file's folder depth, outside beyond it."""
    depth = len(Path(name).parts) - 1
    return any(int(n) > depth for n in PARENTS.findall(line)) or bool(UPWARD.search(line))


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
        offenders += [f"{name}:{n}" for n, line in enumerate(text.splitlines(), 1) if climbs_out(name, line)]
    assert offenders == []


def test_the_sample_the_tests_use_is_the_bundled_example():
    import builders

    assert builders.SAMPLE == ROOT / "examples" / "huse-2023-report.txt" and builders.SAMPLE.is_file()


def test_climbing_out_is_told_from_reaching_the_root():
    assert climbs_out("tests/x.py", "ROOT = Path(__file__).resolve().parents[2] / 'y'")
    assert not climbs_out("tests/x.py", "ROOT = Path(__file__).resolve().parents[1]")
    assert not climbs_out("src/pkg/x.py", "ROOT = Path(__file__).resolve().parents[2] / 'checklist'")
    assert climbs_out("scripts/x.py", 'SAMPLE = "../elsewhere/sample.txt"')
