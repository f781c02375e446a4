"""A wall-clock budget for one file: reading and checking together.

SIGALRM interrupts pure-Python loops and most C calls; the PDF reader's child process has its own timeout
because pdfium can block signals for long stretches.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator


class OverBudget(BaseException):
    """Raised by the alarm; a BaseException so that no reader's `except Exception` swallows it."""


@contextlib.contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
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
