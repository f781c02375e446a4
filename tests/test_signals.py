"""SIGTERM and Ctrl-C in the middle of a run: the workers end, no process or temporary file is left behind, no
partial output is written, and the exit code says which signal (143, 130)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import builders
import pytest
from checking import default_sigint
from test_platforms import nested_html

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds child processes in /proc")

LINES = builders.lines_of(builders.SAMPLE)


def _descendants(pid: int) -> set[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z":
                parents[int(entry.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


def _start(args: list[str], tmp: Path, **popen) -> subprocess.Popen[bytes]:
    env = {**os.environ, "TMPDIR": str(tmp), "NO_COLOR": "1"}
    return subprocess.Popen([sys.executable, "-m", "disclosure_check", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, preexec_fn=default_sigint, **popen)


def _wait_for(condition, limit: float = 120) -> None:  # type: ignore[no-untyped-def]
    """Polls until the run has reached the state the signal must land in (not a timing assertion)."""
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, "the run never got there"
        time.sleep(0.1)


def _gone(pids: set[int]) -> bool:
    deadline = time.monotonic() + 30  # a killed process takes a moment to be reaped
    while _alive(pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not _alive(pids)


@pytest.mark.parametrize(("signum", "code", "said"), [(signal.SIGTERM, 143, "已终止"),
                                                      (signal.SIGINT, 130, "已中断")])
def test_a_signal_during_a_batch_ends_the_workers_and_leaves_nothing(tmp_path, start_method, signum, code, said):
    folder, temp, out = tmp_path / "reports", tmp_path / "temp", tmp_path / "out"
    for path in (folder, temp, out):
        path.mkdir()
    nested_html(folder / "a-deep.html")  # minutes in the C parser: both workers are busy when the signal lands
    nested_html(folder / "b-deep.html")
    (folder / "c.txt").write_text("\n".join(LINES), encoding="utf-8")
    process = _start([str(folder), "-j", "2", "--timeout", "600", "-f", "json", "-o", str(out / "r.json")], temp)
    _wait_for(lambda: len(_descendants(process.pid)) >= 2)
    time.sleep(1)  # the workers take their files (not a timing assertion: they hold them for minutes)
    children = _descendants(process.pid)
    process.send_signal(signum)
    _, err = process.communicate(timeout=120)
    assert process.returncode == code
    assert err.decode().splitlines() == [f"disclosure-check: {said}"]
    assert _gone(children), f"left running: {_alive(children)}"
    assert list(temp.iterdir()) == [] and list(out.iterdir()) == []


def test_sigterm_while_standard_input_is_spooled_leaves_no_spool(tmp_path):
    temp = tmp_path / "temp"
    temp.mkdir()
    process = _start(["-", "-f", "json"], temp, stdin=subprocess.PIPE)
    process.stdin.write(builders.SAMPLE.read_bytes())  # and the pipe stays open: the run is still reading it
    process.stdin.flush()
    _wait_for(lambda: any(temp.iterdir()))
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 143 and err.decode() == "disclosure-check: 已终止\n"
    assert list(temp.iterdir()) == []
