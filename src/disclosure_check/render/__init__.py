"""Renderers: pure functions from a RunResult to text or bytes. They know nothing but the Result.

`table` draws on the terminal; every other format is a module here with `render(result) -> str | bytes`,
registered below so that the CLI can offer it and import it only when asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from disclosure_check.result import RunResult

TERMINAL = "table"
MACHINE_FORMATS: dict[str, str] = {
    "json": "disclosure_check.render.json",
}
FORMATS = (TERMINAL, *MACHINE_FORMATS)


def machine_renderer(name: str) -> Callable[[RunResult], str | bytes]:
    return import_module(MACHINE_FORMATS[name]).render
