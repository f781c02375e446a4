"""Worker processes for checking many files: each holds one document at a time, and one that dies takes only
its own file with it. Results travel as JSON text (`DocumentResult.model_dump_json(indent=2)`): serialising
in the worker is cheaper than pickling, and the parent can store the text without building objects.

concurrent.futures' pool cannot say which task killed a worker (the whole pool breaks), so the workers here
are plain processes, one pipe each: the parent always knows which file a worker holds, and when a worker's
process ends without answering, that file is reported unreadable and a fresh worker takes the rest.
"""

from __future__ import annotations

import multiprocessing
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path

from disclosure_check.result import DocumentResult
from disclosure_check.store import DocumentStore

Checker = Callable[[Path], str]  # a path → its DocumentResult as JSON text
Progress = Callable[[str], None]

GRACE = 5.0  # seconds past the time limit before the parent kills a worker (its own budget fires first)
CRASH_ZH = "读取时解析进程异常退出（{how}），可能是文件损坏或触发了解析库缺陷，已跳过"
CRASH_EN = "the reader process died ({how}) while reading this file, a damaged file or a parser defect; skipped"


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    task: tuple[int, Path] | None = None
    started: float = 0.0  # when it was given its task (time.monotonic)


def run_pool(paths: list[Path], checker: Checker, jobs: int, lang: str,
             progress: Progress | None = None, init: Callable[[], None] | None = None,
             timeout: float | None = None) -> Iterator[str]:
    """Results in the order of `paths`; `progress` is called as each file finishes (in completion order);
    `init` runs once in each worker as it starts. A worker still on one file GRACE seconds after `timeout`
    (stuck where its own time budget cannot interrupt it: inside a C call) is killed and the file reported
    as timed out."""
    if "fork" not in multiprocessing.get_all_start_methods():  # the checker is a closure: fork only
        for path in paths:
            result = checker(path)
            if progress:
                progress(result)
            yield result
        return
    context = multiprocessing.get_context("fork")
    pending = deque(enumerate(paths))
    # Results that finish ahead of their turn wait on disk, not in memory: behind one slow file (up to the PDF
    # timeout) thousands of others may finish.
    waiting = DocumentStore()
    done: dict[int, int] = {}  # index in `paths` → position in `waiting`
    workers: list[_Worker] = []
    following = 0
    try:
        for _ in range(min(jobs, len(paths))):
            workers.append(_assign(_start(context, checker, init), pending))
        while following < len(paths):
            busy = [w for w in workers if w.task is not None]
            deadline = min(w.started for w in busy) + timeout + GRACE if timeout is not None else None
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy],
                         None if deadline is None else max(0.0, deadline - time.monotonic()))
            for worker in busy:
                overdue = timeout is not None and time.monotonic() > worker.started + timeout + GRACE
                if worker.conn not in ready and worker.process.sentinel not in ready and not overdue:
                    continue
                index, path = worker.task  # type: ignore[misc]
                result = _receive(worker)
                if result is None:
                    if overdue:
                        worker.process.kill()
                    result = _crashed(worker, path, lang, timeout if overdue else None)
                    workers.remove(worker)
                    if pending:
                        workers.append(_start(context, checker, init))
                done[index] = len(waiting)
                waiting.append_json(result)
                worker.task = None
                if progress:
                    progress(result)
            for worker in workers:
                if worker.task is None:
                    _assign(worker, pending)
            while following in done:
                yield waiting.json_text(done.pop(following))
                following += 1
    finally:
        _stop(workers)
        waiting.close()


def _start(context, checker: Checker, init: Callable[[], None] | None) -> _Worker:  # type: ignore[no-untyped-def]
    parent, child = context.Pipe()
    process = context.Process(target=_serve, args=(child, checker, init), daemon=False)
    process.start()
    child.close()
    return _Worker(process, parent)


def _assign(worker: _Worker, pending: deque[tuple[int, Path]]) -> _Worker:
    if pending and worker.task is None:
        worker.task = pending.popleft()
        worker.started = time.monotonic()
        worker.conn.send(worker.task)
    return worker


def _receive(worker: _Worker) -> str | None:
    try:
        if worker.conn.poll():
            index, result = worker.conn.recv()
            return result
    except (EOFError, OSError):
        pass
    return None


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
    if timeout is not None:
        from disclosure_check.readers._common import timed_out

        return DocumentResult(path=str(path), error=timed_out(path, timeout).message(lang)).model_dump_json(indent=2)
    message = (CRASH_ZH if lang == "zh" else CRASH_EN).format(how=how)
    return DocumentResult(path=str(path), error=f"{path}: {message}").model_dump_json(indent=2)


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


def _serve(conn: Connection, checker: Checker, init: Callable[[], None] | None) -> None:
    # Ctrl-C reaches the whole process group; the parent stops the workers, which must not print tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A native abort must not print a fatal-error report on the user's terminal: the parent reports it.
    import faulthandler

    faulthandler.disable()
    if init is not None:
        init()
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        index, path = task
        try:
            result = checker(path)
        except Exception as exc:  # a defect of ours: one line for this file, never a traceback
            result = DocumentResult(path=str(path), error=f"{path}: internal error ({type(exc).__name__}: {exc})"
                                    ).model_dump_json(indent=2)
        conn.send((index, result))
