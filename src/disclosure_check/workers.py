"""Worker processes for checking files: each holds one document at a time, and one that dies takes only its own
file with it. Every run reads its files here, a single file too, so that a reader stuck in C code or killed by
a native abort costs that file and never the run. Results travel as JSON text
(`DocumentResult.model_dump_json(indent=2)`): serialising in the worker is cheaper than pickling, and the parent
can store the text without building objects.

concurrent.futures' pool cannot say which task killed a worker (the whole pool breaks), so the workers here
are plain processes, one pipe each: the parent always knows which file a worker holds, and when a worker's
process ends without answering, that file is reported unreadable and a fresh worker takes the rest.

Workers are forked where fork is safe (Linux) and spawned elsewhere (Windows has no fork; on macOS system
libraries are not fork-safe and Python itself defaults to spawn). So everything a worker is given must pickle:
the checker is a module-level function or a functools.partial of one, never a closure.
`DISCLOSURE_CHECK_START_METHOD=spawn` (or fork, forkserver) forces the method.

The parent enforces the time limit on every platform: it ends a worker still on one file past the limit. Where
the worker can time itself (SIGALRM) the parent waits GRACE seconds more, so that the worker's own budget
says whether reading or checking overran; where it cannot, the parent ends it at the limit.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path

from disclosure_check.budget import ALARM
from disclosure_check.errors import InputError
from disclosure_check.result import DocumentResult
from disclosure_check.store import DocumentStore

Checker = Callable[[Path], str]  # a path → its DocumentResult as JSON text; must pickle (see the module doc)
Progress = Callable[[str], None]

START_METHOD_ENV = "DISCLOSURE_CHECK_START_METHOD"
GRACE = 1.0  # seconds past the time limit before the parent ends a worker that can time itself
CRASH_ZH = "读取时解析进程异常退出（{how}），可能是文件损坏或触发了解析库缺陷，已跳过"
CRASH_EN = "the reader process died ({how}) while reading this file, a damaged file or a parser defect; skipped"


def start_method() -> str:
    """fork where it exists and is safe, spawn elsewhere, or what DISCLOSURE_CHECK_START_METHOD says."""
    available = [m for m in multiprocessing.get_all_start_methods() if m == "spawn" or hasattr(os, "fork")]
    forced = os.environ.get(START_METHOD_ENV, "").strip()
    if forced:
        if forced not in available:
            raise InputError(START_METHOD_ENV, f"此平台不支持进程启动方式 {forced!r}（可选 {' | '.join(available)}）",
                             f"start method {forced!r} is not available here (choose from {' | '.join(available)})")
        return forced
    return "fork" if "fork" in available and sys.platform != "darwin" else "spawn"


def context() -> multiprocessing.context.BaseContext:
    return multiprocessing.get_context(start_method())


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    task: tuple[int, Path] | None = None
    started: float | None = None  # when the worker took its task (time.monotonic); None while it starts up


def run_pool(paths: list[Path], checker: Checker, jobs: int, lang: str,
             progress: Progress | None = None, init: Callable[[], None] | None = None,
             timeout: float | None = None, meanwhile: Callable[[], None] | None = None,
             after: Callable[[], None] | None = None) -> Iterator[str]:
    """Results in the order of `paths`; `progress` is called as each file finishes (in completion order);
    `init` (module-level, like `checker`) runs once in each worker as it starts, and `after` (likewise) after
    each result it sends, outside the file's time. A worker still on one file
    past `timeout` (GRACE later where it can time itself) is ended and its file reported as timed out.
    `meanwhile` runs in this process once the workers are started, before their results are awaited: the
    caller's own start-up overlaps theirs (on a single file, the output's imports overlap the reading).

    Close the generator (contextlib.closing) when the caller may stop early: closing ends the workers."""
    ctx = context()
    limit = None if timeout is None else timeout + (GRACE if ALARM else 0.0)
    pending = deque(enumerate(paths))
    # Results that finish far ahead of their turn wait on disk, not in memory: behind one slow file (up to the
    # time limit) thousands of others may finish.
    waiting = DocumentStore()
    done: dict[int, int | str] = {}  # index in `paths` → its result, or its position in `waiting`
    workers: list[_Worker] = []
    following = 0
    try:
        for _ in range(min(jobs, len(paths))):
            workers.append(_assign(_start(ctx, checker, init, after), pending))
        if meanwhile is not None:
            meanwhile()
        while following < len(paths):
            busy = [w for w in workers if w.task is not None]
            clocks = [w.started for w in busy if w.started is not None]
            deadline = min(clocks) + limit if limit is not None and clocks else None
            wait([w.conn for w in busy] + [w.process.sentinel for w in busy],
                 None if deadline is None else max(0.0, deadline - time.monotonic()))
            for worker in busy:
                result, ended = _receive(worker)
                overdue = (limit is not None and worker.started is not None
                           and time.monotonic() > worker.started + limit)
                if result is None and not ended and not overdue:
                    continue
                index, path = worker.task  # type: ignore[misc]
                if result is None:
                    if overdue:
                        worker.process.kill()
                    result = _crashed(worker, path, lang, timeout if overdue else None)
                    workers.remove(worker)
                    if pending:
                        workers.append(_start(ctx, checker, init, after))
                if index - following < jobs:  # its turn is near: kept in memory (one run's file: never on disk)
                    done[index] = result
                else:
                    done[index] = len(waiting)
                    waiting.append_json(result)
                worker.task = worker.started = None
                if progress:
                    progress(result)
            for worker in workers:
                if worker.task is None:
                    _assign(worker, pending)
            while following in done:
                item = done.pop(following)
                yield item if isinstance(item, str) else waiting.json_text(item)
                following += 1
    finally:
        _stop(workers)
        waiting.close()


def _start(ctx, checker: Checker, init: Callable[[], None] | None,  # type: ignore[no-untyped-def]
           after: Callable[[], None] | None = None) -> _Worker:
    parent, child = ctx.Pipe()
    process = ctx.Process(target=_serve, args=(child, checker, init, os.getpid(), after), daemon=False)
    process.start()
    child.close()
    return _Worker(process, parent)


def _assign(worker: _Worker, pending: deque[tuple[int, Path]]) -> _Worker:
    if pending and worker.task is None:
        worker.task = pending.popleft()
        worker.conn.send(worker.task)
    return worker


def _receive(worker: _Worker) -> tuple[str | None, bool]:
    """The worker's result if it has sent it, and whether its process is gone (pipe closed, nothing sent)."""
    try:
        while worker.conn.poll():
            message = worker.conn.recv()
            if message[0] == "result":
                return message[2], False
            worker.started = time.monotonic()  # "started": the clock runs from here, not from its start-up
    except (EOFError, OSError):
        return None, True
    return None, not worker.process.is_alive()


def _crashed(worker: _Worker, path: Path, lang: str, timeout: float | None = None) -> str:
    worker.process.join(5)
    code = worker.process.exitcode
    if code is None:
        worker.process.kill()
        worker.process.join()
    if code is not None and code < 0:
        try:
            how = signal.Signals(-code).name
        except ValueError:
            how = f"signal {-code}"
    else:
        how = f"exit {code}"
    worker.conn.close()
    shown = _shown(path)
    if timeout is not None:
        from disclosure_check.readers._common import timed_out

        return DocumentResult(path=shown, error=timed_out(shown, timeout).message(lang)).model_dump_json(indent=2)
    message = (CRASH_ZH if lang == "zh" else CRASH_EN).format(how=how)
    return DocumentResult(path=shown, error=f"{shown}: {message}").model_dump_json(indent=2)


def _shown(path: Path) -> str:
    from disclosure_check.readers import STDIN, STDIN_NAME

    return STDIN_NAME if str(path) == STDIN else str(path)


def _stop(workers: list[_Worker]) -> None:
    for worker in workers:
        try:
            if worker.task is None:
                worker.conn.send(None)
            else:
                worker.process.kill()
        except (OSError, ValueError):
            worker.process.kill()
    for worker in workers:
        worker.process.join(5)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.conn.close()


def _serve(conn: Connection, checker: Checker, init: Callable[[], None] | None, parent: int,
           after: Callable[[], None] | None = None) -> None:
    # Ctrl-C reaches the whole process group; the parent stops the workers, which must not print tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A forked worker inherits the parent's SIGTERM handler (which unwinds the parent): here it just ends.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # A native abort must not print a fatal-error report on the user's terminal: the parent reports it.
    import faulthandler

    faulthandler.disable()
    if init is not None:
        init()
    while True:
        try:
            # A forked worker holds copies of its siblings' pipe ends, so a parent killed outright never
            # closes them: the worker also leaves when it finds itself orphaned.
            while not conn.poll(1.0):
                if os.getppid() != parent:
                    return
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        index, path = task
        conn.send(("started", index))
        try:
            result = checker(path)
        except Exception as exc:  # a defect of ours: one line for this file, never a traceback
            result = DocumentResult(path=_shown(path), error=f"{_shown(path)}: internal error "
                                    f"({type(exc).__name__}: {exc})").model_dump_json(indent=2)
        conn.send(("result", index, result))
        if after is not None:
            after()
