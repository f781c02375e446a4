"""Where settings come from: the nearest `.disclosure-check.toml`, or `[tool.disclosure-check]` in a pyproject.toml,
from the current directory upward. Apart from config.py's models, so that what runs before them (the language
of an early error message, --version, --help) needs no pydantic."""

from __future__ import annotations

import sys
from pathlib import Path

from disclosure_check.errors import InputError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_FILES = (".disclosure-check.toml", "pyproject.toml")


def find_config(start: Path) -> tuple[Path, dict] | None:
    """The nearest settings table from `start` upward: a .disclosure-check.toml, or a pyproject.toml that has
    a [tool.disclosure-check] table."""
    for folder in (start, *start.parents):
        for name in CONFIG_FILES:
            path = folder / name
            if not path.is_file():
                continue
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
                raise InputError(path, f"配置文件无法解析：{exc}", f"cannot parse settings: {exc}") from None
            tool = data.get("tool", {}).get("disclosure-check") if isinstance(data.get("tool"), dict) else None
            if name == "pyproject.toml":
                table = tool
            else:  # bare keys, or the table copied from a pyproject.toml example
                table = {**{k: v for k, v in data.items() if k != "tool" or tool is None}, **(tool or {})}
            if table is not None:
                return path, table
    return None
