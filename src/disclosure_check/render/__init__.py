"""Renderers: pure functions from a RunResult to text or bytes. They know nothing but the Result.

`table` draws on the terminal; every other format is a module here with `render(result) -> str | bytes`,
registered below so that the CLI can offer it and import it only when asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from importlib import import_module

from disclosure_check.result import RunResult

TERMINAL = "table"
MACHINE_FORMATS: dict[str, str] = {
    "json": "disclosure_check.render.json",
    "sarif": "disclosure_check.render.sarif",
    "junit": "disclosure_check.render.junit",
    "markdown": "disclosure_check.render.markdown",
    "github": "disclosure_check.render.github",
    "csv": "disclosure_check.render.csv",
    "xlsx": "disclosure_check.render.xlsx",
    "html": "disclosure_check.render.html",
}
# Formats that are bytes a terminal cannot show: they need --output.
BINARY_FORMATS = frozenset({"xlsx"})
# The format an --output suffix names: it chooses the format when no machine --format is given, and a
# --format that names another one is refused. A suffix not here (.txt) chooses nothing. Longest match first,
# so `results.sarif.json` is SARIF.
SUFFIX_FORMATS: dict[str, str] = {".sarif.json": "sarif", ".xlsx": "xlsx", ".json": "json", ".sarif": "sarif",
                                  ".xml": "junit", ".md": "markdown", ".csv": "csv",
                                  ".html": "html", ".htm": "html"}
FORMATS = (TERMINAL, *MACHINE_FORMATS)


def suffix_format(name: str) -> str | None:
    """The format a file name's suffix names (SUFFIX_FORMATS), or None."""
    lowered = name.lower()
    return next((fmt for suffix, fmt in sorted(SUFFIX_FORMATS.items(), key=lambda kv: -len(kv[0]))
                 if lowered.endswith(suffix) and len(lowered) > len(suffix)), None)


def machine_renderer(name: str) -> Callable[[RunResult], str | bytes]:
    return import_module(MACHINE_FORMATS[name]).render


def machine_chunks(name: str) -> Callable[[RunResult], Iterable[str | bytes]]:
    """The output in pieces, for writing as it is made: a renderer's `chunks` where it has one (the formats a
    batch run makes large: json, sarif), else its whole output as one piece."""
    module = import_module(MACHINE_FORMATS[name])
    return getattr(module, "chunks", None) or (lambda result: [module.render(result)])
