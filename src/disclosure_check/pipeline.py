"""From paths to a RunResult: expand folders and globs, read and check each file (in worker processes when
there are several), and turn unreadable input — even a reader that kills its process — into a per-file error."""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path, PurePath

from disclosure_check import __version__, pattern_cache
from disclosure_check.budget import OverBudget, time_budget
from disclosure_check.checklist import Checklist, load_checklist, load_vocabulary
from disclosure_check.config import Settings
from disclosure_check.errors import InputError
from disclosure_check.result import DocumentResult, RunResult, ToolInfo

# What a folder walk picks up; a file named explicitly is always read (its bytes decide the format).
SUFFIXES = frozenset({".docx", ".docm", ".xlsx", ".xlsm", ".pdf", ".html", ".htm", ".txt", ".md", ".markdown"})
_GLOB_CHARS = frozenset("*?[")

Progress = Callable[[object], None]  # called once per file as it finishes
Each = Callable[[DocumentResult], bool]
# --check-links: given the number of URLs, yields a callback called as each URL is done (a progress bar)
LinkProgress = Callable[[int], AbstractContextManager[Callable[[], None] | None]]


def check_file(path: Path, checklist: Checklist, settings: Settings, stdin: Path | None = None) -> DocumentResult:
    """One file read and checked within the time budget; unreadable input becomes the result's error.
    `stdin`: where standard input was already copied, when `path` is "-"."""
    from disclosure_check import engine
    from disclosure_check.readers import STDIN, STDIN_NAME, long_path, read_document
    from disclosure_check.readers._common import timed_out

    stage = "read"
    empty = nothing_found(path)
    if empty is not None:
        return DocumentResult(path=empty.source, error=empty.message(settings.lang))
    try:
        with time_budget(settings.limits.timeout):
            source = stdin if str(path) == STDIN else Path(long_path(str(path)))
            document = read_document(path, settings.limits, source)
            if document.needs_ocr:
                return DocumentResult(path=document.path, format=document.format, needs_ocr=True)
            stage = "check"
            with _no_cycle_collection():
                return engine.check(document, checklist, load_vocabulary(), settings)
    except InputError as error:
        return DocumentResult(path=error.source, error=error.message(settings.lang))
    except OverBudget:
        shown = STDIN_NAME if str(path) == STDIN else path
        return DocumentResult(path=str(shown), error=timed_out(shown, settings.limits.timeout, stage).message(settings.lang))


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """The collector paused while the rules run: they make hundreds of thousands of small objects that
    reference counting frees (no cycles), and each full collection walks them all again — 6 % of a 10 MB
    check. Reading keeps the collector: parsers' object graphs (openpyxl's) do hold cycles."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def check_json(checklist: Checklist, settings: Settings, stdin: Path | None, path: Path) -> str:
    """`check_file` as a worker runs it (workers.py): module-level, so that it pickles for spawned workers."""
    return check_file(path, checklist, settings, stdin).model_dump_json(indent=2)


def prepare_worker(patterns: Path | None = None) -> None:
    """Run in each worker as it starts, before its clock runs: imports and data every file needs, so that a
    fresh (above all a spawned) worker does not spend its first file's time budget on them. `patterns`: the
    parent's compiled-pattern cache (pattern_cache.py), which a spawned worker does not inherit."""
    if patterns is not None:
        pattern_cache.install(patterns)
    # The checker is imported here, not by the parent: a forked worker imports it while the parent prepares
    # its output (see run's `meanwhile`).
    from disclosure_check import engine  # noqa: F401
    from disclosure_check.readers import docx, html, pdf, text, xlsx  # noqa: F401

    load_vocabulary()
    pdf.guard_in_process()


def expand(arguments: list[Path], skip: os.stat_result | None = None) -> list[Path]:
    """Files named, files under folders (recursively, sorted) and glob matches, each once, in argument order.

    Hidden entries (".git", ".x.docx") and office lock/temp files ("~$x.docx", "x.docx~", "x.tmp") are skipped
    in folders and globs, and so is `skip` (the run's own --output, from an earlier run). Folders are walked
    through symlinks, each folder once (a link loop ends), and a file reached twice (links, hard links, repeated
    arguments) is checked once. A glob that matches a folder walks it. An argument that yields nothing is kept,
    so that the run reports it: not found, or no checkable file in it (`nothing_found`).
    """
    seen: dict[object, Path] = {}
    for argument in arguments:
        text = str(argument)
        if argument.is_dir():
            found = [p for p in _walk(argument) if _wanted(p.relative_to(argument))]
        elif not argument.exists() and _GLOB_CHARS & set(text):
            found = _glob(text)
        else:
            seen.setdefault(_identity(argument), argument)
            continue
        found = [p for p in found if skip is None or _identity(p) != (skip.st_dev, skip.st_ino)]
        if not found:
            seen.setdefault(("argument", text), argument)
        for path in sorted(found, key=lambda p: p.as_posix()):
            seen.setdefault(_identity(path), path)
    return list(seen.values())


def nothing_found(path: Path) -> InputError | None:
    """Why an argument that `expand` kept as it is yields no file to check, if that is the case."""
    if path.is_dir():
        return InputError(path, "目录中没有可检查的文件（docx、pdf、xlsx、html、txt、md）",
                          "no checkable file found in this folder (docx, pdf, xlsx, html, txt, md)")
    if _GLOB_CHARS & set(str(path)) and not path.exists():
        return InputError(path, "没有与此模式匹配的可检查文件", "no checkable file matches this pattern")
    return None


def _identity(path: Path) -> object:
    try:
        st = path.stat()
    except (OSError, ValueError):
        return ("path", str(path))
    return (st.st_dev, st.st_ino)


def _walk(root: Path) -> list[Path]:
    """Regular files under `root`."""
    return [path for path in _walk_all(root) if path.is_file()]


def _glob(pattern: str) -> list[Path]:
    """Files matching a glob (`**` spans folders); a matched folder is walked. Through the loop-safe walk,
    not glob.glob, which follows symlink loops without end."""
    start, rest = glob_start(Path(pattern))
    base = Path(start)
    if not base.is_dir():
        return []
    regex = re.compile(_translate(rest), re.DOTALL)
    found: list[Path] = []
    for path in _walk_all(base):
        relative = path.relative_to(base)
        if not regex.match(relative.as_posix()) or not _wanted_glob(relative):
            continue
        if path.is_dir():
            found.extend(p for p in _walk(path) if _wanted(p.relative_to(base)))
        elif path.is_file() and _wanted(relative):
            found.append(path)
    return found


def _walk_all(root: Path) -> list[Path]:
    """Every folder and file under `root` (not root itself), following symlinks to folders but entering each
    folder once, so that a link loop ends."""
    entries: list[Path] = []
    visited: set[tuple[int, int]] = set()
    for folder, folders, names in os.walk(root, followlinks=True):
        try:
            st = os.stat(folder)
        except OSError:
            folders[:] = []
            continue
        if (st.st_dev, st.st_ino) in visited:
            folders[:] = []
            continue
        visited.add((st.st_dev, st.st_ino))
        folders[:] = [name for name in folders if not name.startswith(".")]  # never needed: skip .git early
        entries.extend(Path(folder, name) for name in (*folders, *names))
    return entries


def _translate(parts: tuple[str, ...]) -> str:
    """A glob's components as one regex over a relative POSIX path: `**` spans any number of folders."""
    pieces = []
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if part == "**":
            pieces.append(".*" if last else "(?:[^/]+/)*")
        else:
            pieces.append(_component(part) + ("" if last else "/"))
    return "".join(pieces) + r"\Z"


def _component(part: str) -> str:
    """One path component of a glob as a regex: `*` and `?` stay within the component."""
    out, i = [], 0
    while i < len(part):
        char = part[i]
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[" and "]" in part[i + 2:]:
            close = part.index("]", i + 2)
            inner = part[i + 1:close]
            out.append("[" + ("^" + inner[1:] if inner.startswith("!") else inner).replace("\\", "\\\\") + "]")
            i = close
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out)


def glob_start(pattern: PurePath) -> tuple[PurePath, tuple[str, ...]]:
    """The folder a glob starts from (drive, UNC share and all, as the platform's paths parse it) and the
    parts matched below it: C:\\年报\\**\\*.docx → (C:\\年报, ("**", "*.docx"))."""
    parts = pattern.parts
    fixed = next((i for i, part in enumerate(parts) if _GLOB_CHARS & set(part)), len(parts))
    return (type(pattern)(*parts[:fixed]) if fixed else type(pattern)("."), parts[fixed:])


def _wanted(relative: Path) -> bool:
    if not _wanted_glob(relative):
        return False
    name = relative.name
    return not name.endswith(("~", ".tmp")) and relative.suffix.lower() in SUFFIXES


def _wanted_glob(relative: Path) -> bool:
    return not any(part.startswith((".", "~$")) for part in relative.parts if part not in (".", ".."))


def run(paths: list[Path], settings: Settings, jobs: int | None = None, progress: Progress | None = None,
        each: Each | None = None, link_progress: LinkProgress | None = None,
        meanwhile: Callable[[], None] | None = None) -> RunResult:
    """Every path's DocumentResult, in the order of `paths` whatever the parallelism.

    Files are read in worker processes (see workers.py), a single file too, so that a reader that aborts, is
    killed or is stuck in C past the time limit costs only its own file; the results are kept in a
    DocumentStore rather than in memory. Standard input is copied to a temporary file here first (a spawned
    worker has no stdin). `each` sees every document in order as it arrives and returns whether it changed it
    (waivers, baseline), so that the stored copy is the changed one. With --check-links, `each` sees the
    documents after their links are judged (all at the end of the run: the URLs of all documents are fetched
    together, each once). `meanwhile` runs here once the workers are started (the caller's own preparation,
    such as importing its renderers, done while they read).
    """
    from disclosure_check.readers import STDIN, spooled_stdin
    from disclosure_check.store import DocumentStore
    from disclosure_check.workers import run_pool

    checklist = load_checklist(settings.checklist)
    tool = ToolInfo(version=__version__, checklist=checklist.id, checklist_title=checklist.title,
                    checklist_source=checklist.source or None, lang=settings.lang,
                    check_links=settings.check_links)
    count = max(1, min(jobs or os.cpu_count() or 1, len(paths)))
    # One document stays in memory, as a plain list (nothing to spare: the store is for batches).
    store: DocumentStore | None = DocumentStore() if len(paths) > 1 else None
    single: list[DocumentResult] = []
    later = each if not settings.check_links else None
    with contextlib.ExitStack() as stack:
        stdin = stack.enter_context(spooled_stdin(settings.limits)) if any(str(p) == STDIN for p in paths) else None
        checker = functools.partial(check_json, checklist, settings, stdin)
        results = stack.enter_context(contextlib.closing(run_pool(
            paths, checker, count, settings.lang, progress,
            init=functools.partial(prepare_worker, pattern_cache.cache_file()),
            timeout=settings.limits.timeout, meanwhile=meanwhile,
            # A worker ends without atexit handlers: what it compiled is stored after each file it sends.
            after=pattern_cache.save)))
        for text in results:
            if store is None:
                single.append(DocumentResult.model_validate_json(text))
                continue
            if later is not None:
                document = DocumentResult.model_validate_json(text)
                if later(document):
                    text = document.model_dump_json(indent=2)
            store.append_json(text)
    if store is None:
        if settings.check_links:
            _check_links(single, checklist, settings, link_progress)
        for document in single:
            if each is not None:
                each(document)
        return RunResult(tool=tool, documents=single)
    if settings.check_links:
        store = _check_links(store, checklist, settings, link_progress, each)
    # Not a list: validation would parse every document back into memory.
    return RunResult.model_construct(tool=tool, documents=store)


def _check_links(documents, checklist: Checklist, settings: Settings, link_progress: LinkProgress | None,  # type: ignore[no-untyped-def]
                 each: Each | None = None):
    """Every distinct URL of the run fetched once, then each document's links judged (in place for a list; a
    store is rewritten into a new one, `each` seeing every document on the way)."""
    from disclosure_check import links

    need: dict[str, bool] = {}
    for document in documents:
        for url, body in links.wanted(document.links).items():
            need[url] = need.get(url, False) or body
    with (link_progress(len(need)) if link_progress and need else nullcontext()) as advance:
        pages = links.fetch(need, settings, checklist, advance)
    if isinstance(documents, list):
        for document in documents:
            links.apply(document, pages, checklist, settings.lang)
        return documents
    from disclosure_check.store import DocumentStore

    judged = DocumentStore()
    for document in documents:
        links.apply(document, pages, checklist, settings.lang)
        if each is not None:
            each(document)
        judged.append(document)
    documents.close()
    return judged
