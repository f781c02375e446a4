"""A batch run's memory does not grow with the number of files: the parent keeps documents out of memory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import builders
import pytest

LINES = builders.lines_of(builders.SAMPLE)

# The parent's own peak (VmHWM: workers are other processes) after a whole CLI run writing JSON.
PROBE = """
import sys
from disclosure_check import cli
sys.argv = ["disclosure-check", *sys.argv[1:]]
try:
    cli.main()
except SystemExit:
    pass
status = open("/proc/self/status").read()
print(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")), file=sys.stderr)
"""


def _folder(root: Path, count: int) -> Path:
    root.mkdir()
    for index in range(count):
        year = 2015 + index % 9
        text = [f"湖南示例学院{year}年度信息公开工作报告", *LINES[1:16]]
        (root / f"r{index:03d}.txt").write_text("\n".join(text), encoding="utf-8")
    return root


def _peak_kib(folder: Path, out: Path) -> int:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, "-c", PROBE, str(folder), "-f", "json", "-o", str(out), "--jobs", "2"],
                          capture_output=True, text=True, env=env, timeout=600)
    return int(done.stderr.split()[-1])


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmHWM from /proc")
def test_parent_memory_is_flat_in_the_number_of_files(tmp_path):
    few, many = _folder(tmp_path / "few", 30), _folder(tmp_path / "many", 300)
    small = _peak_kib(few, tmp_path / "few.json")
    large = _peak_kib(many, tmp_path / "many.json")
    documents = json.loads((tmp_path / "many.json").read_text(encoding="utf-8"))["documents"]
    assert len(documents) == 300 and documents[299]["path"].endswith("r299.txt")
    assert documents[299]["report"] == {**documents[299]["report"], "institution": "湖南示例学院", "year": 2017}
    # Keeping the results in memory cost ~0.3 MB a document (~80 MB for these 270 more); now a few bytes each.
    assert large - small < 10 * 1024, (small, large)
