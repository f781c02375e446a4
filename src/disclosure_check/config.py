"""Settings and their sources: `[tool.disclosure-check]` in pyproject.toml or a `.disclosure-check.toml`,
found from the current directory upward, then overridden by the command line."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from disclosure_check.errors import InputError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

FailOn = Literal["missing", "error", "stale", "warning", "partial", "info", "never"]

# One scale for item statuses and finding severities: --fail-on X fails on anything ranked at or above X.
FAIL_RANK: dict[str, int] = {"missing": 3, "error": 3, "stale": 2, "warning": 2, "partial": 1, "info": 0,
                             "never": 99}


class WaiverSetting(BaseModel):
    """One `[[tool.disclosure-check.waivers]]` entry: every field is required, so a waiver is accountable."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    item: int = Field(ge=1)
    reason: str = Field(min_length=1)
    approved_by: str = Field(min_length=1, alias="approved-by")
    expires: dt.date


@dataclass(frozen=True, slots=True)
class Limits:
    """What one input file may cost the machine; the readers refuse a file that would exceed a limit."""

    max_unzip_mb: int = 200  # declared inflated size of all members of a docx/xlsx package
    max_members: int = 10_000  # members of a docx/xlsx package
    max_pages: int = 2_000  # PDF pages
    timeout: float = 120.0  # seconds to read and check one file
    ocr: bool = False  # recognise scanned PDFs' text (needs the `ocr` extra)


DEFAULT_LIMITS = Limits()


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    year: int | None = Field(default=None, ge=1990, le=2100)
    not_applicable: list[str] = []  # item numbers, ranges ("11-14") or groups ("graduate", "degree")
    reason: str | None = None
    fail_on: FailOn = Field(default="missing", alias="fail-on")
    lang: Literal["zh", "en"] = "zh"
    checklist: Path | None = None
    waivers: list[WaiverSetting] = []
    max_unzip_mb: int = Field(default=DEFAULT_LIMITS.max_unzip_mb, ge=1, alias="max-unzip-mb")
    max_members: int = Field(default=DEFAULT_LIMITS.max_members, ge=1, alias="max-members")
    max_pages: int = Field(default=DEFAULT_LIMITS.max_pages, ge=1, alias="max-pages")
    timeout: float = Field(default=DEFAULT_LIMITS.timeout, gt=0)
    ocr: bool = False

    @property
    def limits(self) -> Limits:
        return Limits(self.max_unzip_mb, self.max_members, self.max_pages, self.timeout, self.ocr)

    @field_validator("not_applicable", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if isinstance(value, str):
            return [part for part in value.replace("，", ",").split(",") if part.strip()]
        if isinstance(value, list):
            return [str(v) for v in value]
        return value


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
            table = data.get("tool", {}).get("disclosure-check") if name == "pyproject.toml" else data
            if table is not None:
                return path, table
    return None


def load_settings(start: Path, overrides: dict[str, object]) -> Settings:
    found = find_config(start)
    values: dict[str, object] = {}
    source: Path | str = "command line"
    if found:
        source, table = found
        values.update({k.replace("-", "_"): v for k, v in table.items()})
        if isinstance(values.get("checklist"), str):
            values["checklist"] = (source.parent / str(values["checklist"])).resolve()
    values.update({k: v for k, v in overrides.items() if v not in (None, [], ())})
    try:
        return Settings.model_validate(values)
    except ValidationError as error:
        problem = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        raise InputError(source, f"设置无效：{problem}", f"invalid settings: {problem}") from None


def expand_items(specs: list[str], groups: dict[str, list[int]], known: set[int]) -> set[int]:
    """"11-14", "44", "graduate" → item numbers; an unknown spec is a usage error."""
    numbers: set[int] = set()
    for raw in specs:
        spec = raw.strip()
        if spec in groups:
            numbers.update(groups[spec])
            continue
        low, _, high = spec.partition("-")
        try:
            first, last = int(low), int(high or low)
        except ValueError:
            raise InputError("--not-applicable", f"无法识别的事项编号“{spec}”",
                             f"not an item number, range or group: {spec!r}") from None
        chosen = set(range(first, last + 1))
        if not chosen or not chosen <= known:
            raise InputError("--not-applicable", f"事项编号超出范围：{spec}", f"item number out of range: {spec}")
        numbers.update(chosen)
    return numbers
