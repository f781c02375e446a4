"""The one error type that reaches the user as a one-line message (exit code 2)."""

from __future__ import annotations

import re
from pathlib import Path

# What must not reach a terminal from a file name or a document: C0/C1 controls (escape sequences, a newline
# that splits a one-line message) and bidirectional controls (U+202E shows text reversed).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def shown(text: str) -> str:
    """`text` with its unprintable characters written as escapes (a newline as \\n), for one-line messages."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], text)


class InputError(Exception):
    """A file cannot be read or a setting is invalid.

    The message names the source and the problem, in Chinese (the default) and English, so the CLI can print
    one line in the user's language and never a traceback.
    """

    def __init__(self, source: str | Path, zh: str, en: str | None = None) -> None:
        self.source = str(source)
        self.zh = zh
        self.en = en or zh
        super().__init__(f"{self.source}: {self.en}")

    def message(self, lang: str = "zh") -> str:
        return shown(f"{self.source}: {self.zh if lang == 'zh' else self.en}")
