"""The one error type that reaches the user as a one-line message (exit code 2)."""

from __future__ import annotations

from pathlib import Path


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
        return f"{self.source}: {self.zh if lang == 'zh' else self.en}"
