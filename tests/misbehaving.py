"""Checkers for workers.run_pool that misbehave on cue, by file name. Module-level, so that spawned workers
(which import this module by name: the tests folder is on their sys.path) run them as forked ones do."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from disclosure_check.checklist import load_checklist
from disclosure_check.config import Settings
from disclosure_check.pipeline import check_json


def check(settings: Settings, path: Path) -> str:
    name = Path(path).name
    if name == "abort.txt":
        os.abort()
    if name == "kill.txt":
        os.kill(os.getpid(), signal.SIGKILL)
    if name == "exit.txt":
        os._exit(3)
    if name.startswith("stuck"):  # as a parser inside a C call: the worker's own alarm cannot interrupt it
        if hasattr(signal, "pthread_sigmask") and hasattr(signal, "SIGALRM"):
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(60)
    if name.startswith("slow"):  # finishes, but after the files behind it
        time.sleep(1.5)
    return check_json(load_checklist(settings.checklist), settings, None, path)
