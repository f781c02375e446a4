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


_MEASURED = """
import atexit, os, runpy, sys
def hwm():
    with open('/proc/self/status') as status, open(os.environ['DC_TEST_HWM'], 'w') as out:
        out.write(next(line.split()[1] for line in status if line.startswith('VmHWM')))
atexit.register(hwm)
module = sys.argv.pop(1)
sys.argv[0] = module
runpy.run_module(module, run_name='__main__', alter_sys=True)
"""


def run_measured(args: list[str], stdin: object = None, timeout: float = 300,
                 **popen: object) -> tuple[int, bytes, bytes, int]:
    """`python -m MODULE …` run as a user runs it: exit code, stdout, stderr and its peak RSS in KB, read from
    its own VmHWM at exit (getrusage would report at least the test process's size: Linux carries the peak
    over fork and exec)."""
    import os
    import subprocess
    import tempfile

    assert args[1] == "-m"
    with tempfile.TemporaryDirectory() as folder:
        mark = os.path.join(folder, "hwm")
        env = {**(popen.pop("env", None) or os.environ), "DC_TEST_HWM": mark}  # type: ignore[arg-type]
        done = subprocess.run([args[0], "-c", _MEASURED, *args[2:]], input=stdin if isinstance(stdin, bytes) else None,
                              stdin=None if isinstance(stdin, bytes) else stdin, capture_output=True,
                              timeout=timeout, env=env, **popen)  # type: ignore[call-overload]
        rss = int(Path(mark).read_text()) if os.path.exists(mark) else 0
    return done.returncode, done.stdout, done.stderr, rss


def default_sigint() -> None:
    """For subprocess.Popen(preexec_fn=…): a shell that starts the test run in the background hands its children
    SIGINT ignored, and Python then installs no Ctrl-C handler. The run under test gets the default, as a
    terminal user's run has."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)
