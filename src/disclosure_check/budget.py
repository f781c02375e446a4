"""A wall-clock budget for one file: reading and checking together.

SIGALRM interrupts pure-Python loops and most C calls. It does not exist on Windows, and cannot interrupt a C
parser that never returns to Python (pdfium, lxml on pathological nesting): there the parent of the worker
process that reads the file ends it at the limit (workers.py), on every platform.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator

# Whether a process can time itself (not on Windows); the worker pool gives such a worker some grace.
ALARM = hasattr(signal, "SIGALRM") and hasattr(signal, "setitimer")


def memory_capped() -> bool:
    """Whether a PDF parse can run under an address-space limit: RLIMIT_AS, and /proc to size it (Linux).
    Elsewhere a decompression bomb may take the memory it wants, and still costs only its own file."""
    try:
        import resource
    except ImportError:
        return False
    return hasattr(resource, "RLIMIT_AS") and os.path.exists("/proc/self/statm")


class OverBudget(BaseException):
    """Raised by the alarm; a BaseException so that no reader's `except Exception` swallows it."""


@contextlib.contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    if not ALARM or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):  # type: ignore[no-untyped-def]
        raise OverBudget

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
