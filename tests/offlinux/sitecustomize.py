"""Make this Python look like Windows to disclosure-check (tests/test_platforms.py puts this folder on
PYTHONPATH): no fork (workers must be spawned), no SIGALRM or interval timers (the time budget must come from
the parent), no `resource` module (no memory cap for PDF parsing, which must still be contained)."""

import os
import signal
import sys

for name in ("fork", "forkpty"):
    if hasattr(os, name):
        delattr(os, name)
for name in ("SIGALRM", "setitimer", "getitimer", "alarm", "ITIMER_REAL", "ITIMER_VIRTUAL", "ITIMER_PROF"):
    if hasattr(signal, name):
        delattr(signal, name)
sys.modules["resource"] = None  # `import resource` raises ImportError, as on Windows
