"""Locators in words an office worker follows: `p.3` → 第3页, `¶24` → 第24段, `L12` → 第12行, `T1!B4` → 表1 B4.

The locator itself stays as the readers make it (JSON and SARIF keep it; GitHub annotations parse `L12`); the
words are for people: the terminal table, the spreadsheets, JSON evidence's `place`.
"""

from __future__ import annotations

import re

_FORMS: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"^p\.(\d+)$"), "第{0}页", "page {0}"),
    (re.compile(r"^¶(\d+)$"), "第{0}段", "paragraph {0}"),
    (re.compile(r"^L(\d+)$"), "第{0}行", "line {0}"),
    (re.compile(r"^T(\d+)!([A-Z]+\d+)$"), "表{0} {1}", "table {0} {1}"),
    (re.compile(r"^T(\d+)!(\d+)$"), "表{0} 第{1}行", "table {0} row {1}"),
    (re.compile(r"^(.+)!(\d+)$"), "{0} 第{1}行", "{0} row {1}"),  # a sheet's row; a sheet's cell stays 清单!B7
)


def place(locator: str | None, lang: str = "zh") -> str:
    """The words for a locator; one this does not know is shown as it is."""
    if not locator:
        return ""
    for pattern, zh, en in _FORMS:
        match = pattern.match(locator)
        if match:
            return (zh if lang == "zh" else en).format(*match.groups())
    return locator
