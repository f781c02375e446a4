"""From paths to a RunResult: expand folders and globs, read and check each file (in worker processes when
there are several), and turn unreadable input — even a reader that kills its process — into a per-file error."""

from __future__ import annotations

import glob
import os
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

from disclosure_check import __version__
from disclosure_check.budget import OverBudget, time_budget
from disclosure_check.checklist import Checklist, load_checklist, load_vocabulary
from disclosure_check.config import Settings
from disclosure_check.engine import check
from disclosure_check.errors import InputError
from disclosure_check.result import DocumentResult, RunResult, ToolInfo

# What a folder walk picks up; a file named explicitly is always read (its bytes decide the format).
SUFFIXES = frozenset({".docx", ".docm", ".xlsx", ".xlsm", ".pdf", ".html", ".htm", ".txt", ".md", ".markdown"})
_GLOB_CHARS = frozenset("*?[")

Progress = Callable[[object], None]  # called once per file as it finishes
Each = Callable[[DocumentResult], bool]
# --check-links: given the number of URLs, yields a callback called as each URL is done (a progress bar)
LinkProgress = Callable[[int], AbstractContextManager[Callable[[], None] | None]]


def check_file(path: Path, checklist: Checklist, settings: Settings) -> DocumentResult:
    """One file read and checked within the time budget; unreadable input becomes the result's error."""
    from disclosure_check.readers import STDIN, STDIN_NAME, read_document
    from disclosure_check.readers._common import timed_out

    stage = "read"
    try:
        with time_budget(settings.limits.timeout):
            document = read_document(path, settings.limits)
            if document.needs_ocr:
                return DocumentResult(path=document.path, format=document.format, needs_ocr=True)
            stage = "check"
            return check(document, checklist, load_vocabulary(), settings)
    except InputError as error:
        return DocumentResult(path=error.source, error=error.message(settings.lang))
    except OverBudget:
        shown = STDIN_NAME if str(path) == STDIN else path
        return DocumentResult(path=str(shown), error=timed_out(shown, settings.limits.timeout, stage).message(settings.lang))


def expand(arguments: list[Path]) -> list[Path]:
    """Files named, files under folders (recursively, sorted) and glob matches, each once, in argument order.

    Hidden entries (".git", ".x.docx") and office lock/temp files ("~$x.docx", "x.docx~", "x.tmp") are skipped
    in folders and globs. An argument that names nothing is kept, so the reader reports it as not found.
    """
    seen: dict[Path, None] = {}
    for argument in arguments:
        text = str(argument)
        if argument.is_dir():
            found = [p for p in argument.rglob("*") if p.is_file() and _wanted(p.relative_to(argument))]
        elif not argument.exists() and _GLOB_CHARS & set(text):
            found = [Path(m) for m in glob.glob(text, recursive=True) if Path(m).is_file() and _wanted(Path(m))]
            found = found or [argument]
        else:
            found = [argument]
        for path in sorted(found, key=lambda p: p.as_posix()) if len(found) > 1 else found:
            seen.setdefault(path, None)
    return list(seen)


def _wanted(relative: Path) -> bool:
    if any(part.startswith((".", "~$")) for part in relative.parts if part not in (".", "..")):
        return False
    name = relative.name
    return not name.endswith(("~", ".tmp")) and relative.suffix.lower() in SUFFIXES


def run(paths: list[Path], settings: Settings, jobs: int | None = None, progress: Progress | None = None,
        each: Each | None = None, link_progress: LinkProgress | None = None) -> RunResult:
    """Every path's DocumentResult, in the order of `paths` whatever the parallelism.

    Several files are read in worker processes (see workers.py), so that a reader that aborts or is killed
    costs only its own file, and their results are kept in a DocumentStore rather than in memory; a single
    file is read here (the PDF reader isolates itself). `each` sees every document in order as it arrives
    and returns whether it changed it (waivers, baseline), so that the stored copy is the changed one.
    With --check-links, `each` sees the documents after their links are judged (all at the end of the run:
    the URLs of all documents are fetched together, each once).
    """
    checklist = load_checklist(settings.checklist)
    tool = ToolInfo(version=__version__, checklist=checklist.id, checklist_title=checklist.title,
                    checklist_source=checklist.source or None, lang=settings.lang)
    if len(paths) == 1:
        document = check_file(paths[0], checklist, settings)
        if progress:
            progress(document)
        if settings.check_links:
            _check_links([document], checklist, settings, link_progress)
        if each:
            each(document)
        return RunResult(tool=tool, documents=[document])
    from disclosure_check.readers import pdf
    from disclosure_check.store import DocumentStore
    from disclosure_check.workers import run_pool

    count = max(1, min(jobs or os.cpu_count() or 1, len(paths)))
    store = DocumentStore()
    later = each if not settings.check_links else None
    for text in run_pool(paths, lambda path: check_file(path, checklist, settings).model_dump_json(indent=2),
                         count, settings.lang, progress, init=pdf.guard_in_process, timeout=settings.limits.timeout):
        if later is not None:
            document = DocumentResult.model_validate_json(text)
            if later(document):
                text = document.model_dump_json(indent=2)
        store.append_json(text)
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
        pages = links.fetch(need, settings, advance)
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
