"""Settings and their sources: `[tool.disclosure-check]` in pyproject.toml or a `.disclosure-check.toml`,
found from the current directory upward (config_file.py), then overridden by the command line."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from disclosure_check.config_file import CONFIG_FILES, find_config  # noqa: F401 (settings' public names)
from disclosure_check.errors import InputError

FailOn = Literal["missing", "error", "stale", "warning", "partial", "info", "never"]

# One scale for item statuses and finding severities: --fail-on X fails on anything ranked at or above X.
FAIL_RANK: dict[str, int] = {"missing": 3, "error": 3, "stale": 2, "warning": 2, "partial": 1, "info": 0,
                             "never": 99}


class WaiverSetting(BaseModel):
    """One `[[tool.disclosure-check.waivers]]` entry: every field is required, so a waiver is accountable."""

    model_config = ConfigDict(extra="forbid")

    item: int = Field(ge=1)
    reason: str = Field(min_length=1)
    approved_by: str = Field(min_length=1)  # `approved-by` is accepted too (keys are read with - as _)
    expires: dt.date


@dataclass(frozen=True, slots=True)
class Limits:
    """What one input file may cost the machine; the readers refuse a file that would exceed a limit."""

    max_unzip_mb: int = 200  # declared inflated size of all members of a docx/xlsx package
    max_members: int = 10_000  # members of a docx/xlsx package
    max_pages: int = 2_000  # PDF pages
    timeout: float = 120.0  # seconds to read and check one file
    ocr: bool = False  # recognise scanned PDFs' text (needs the `ocr` extra)
    max_text_mb: int = 100  # text read from one document (UTF-8), and the bytes of a text/html file or stdin

    @property
    def max_text(self) -> int:
        return self.max_text_mb << 20


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
    max_text_mb: int = Field(default=DEFAULT_LIMITS.max_text_mb, ge=1, le=100_000, alias="max-text-mb")
    # Finite and below what the interval timer takes (a week): `inf` would crash it.
    timeout: float = Field(default=DEFAULT_LIMITS.timeout, gt=0, le=604_800, allow_inf_nan=False)
    ocr: bool = False
    # --check-links (links/): which links, and what fetching them may cost
    check_links: Literal["rows", "all"] | None = Field(default=None, alias="check-links")
    link_jobs: int = Field(default=16, ge=1, le=256, alias="link-jobs")
    link_timeout: float = Field(default=10.0, gt=0, allow_inf_nan=False, alias="link-timeout")
    link_budget: float = Field(default=300.0, gt=0, allow_inf_nan=False, alias="link-budget")
    link_exclude: list[str] = Field(default=[], alias="link-exclude")
    link_exclude_private: bool = Field(default=False, alias="link-exclude-private")
    link_cache: Path | Literal[False] | None = Field(default=None, alias="link-cache")  # None: the user cache dir

    @field_validator("check_links", mode="before")
    @classmethod
    def _links_mode(cls, value: object) -> object:
        if value is False or (isinstance(value, str) and value.lower() in ("false", "off", "no", "none")):
            return None
        return "rows" if value is True else value

    @field_validator("link_exclude", mode="before")
    @classmethod
    def _patterns(cls, value: object) -> object:
        values = [value] if isinstance(value, str) else value
        for pattern in values if isinstance(values, list) else []:
            try:
                re.compile(str(pattern))
            except re.error as exc:
                raise ValueError(f"not a regular expression: {pattern!r} ({exc})") from None
        return values

    @property
    def limits(self) -> Limits:
        return Limits(self.max_unzip_mb, self.max_members, self.max_pages, self.timeout, self.ocr, self.max_text_mb)

    @field_validator("not_applicable", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if isinstance(value, str):
            return [part for part in value.replace("，", ",").split(",") if part.strip()]
        if isinstance(value, list):
            return [str(v) for v in value]
        return value


def load_settings(start: Path, overrides: dict[str, object]) -> Settings:
    found = find_config(start)
    values: dict[str, object] = {}
    written: dict[str, str] = {}  # field → the name the user wrote, for messages
    source: Path | str = "--"
    if found:
        source, table = found
        for key, value in table.items():
            field = key.replace("-", "_")
            values[field], written[field] = value, key
        if isinstance(values.get("waivers"), list):
            values["waivers"] = [{k.replace("-", "_"): v for k, v in w.items()} if isinstance(w, dict) else w
                                 for w in values["waivers"]]
        for field in ("checklist", "link_cache"):  # paths in a settings file are relative to that file
            if isinstance(values.get(field), str):
                values[field] = (source.parent / str(values[field])).resolve()
    given = {k: v for k, v in overrides.items() if v not in (None, [], ())}
    values.update(given)
    written.update({k: "--" + k.replace("_", "-") for k in given})
    try:
        return Settings.model_validate(values)
    except ValidationError as error:
        problems = [_problem(e, written, values) for e in error.errors()]
        from_file = found is not None and any(not name.startswith("--") for name, _, _ in problems)
        if not from_file:  # only options typed on the command line: name the first as the source
            name, zh, en = problems[0]
            raise InputError(name, zh, en) from None
        zh = "；".join(f"{name}：{zh}" for name, zh, _ in problems)
        en = "; ".join(f"{name}: {en}" for name, _, en in problems)
        raise InputError(source, f"设置无效：{zh}", f"invalid settings: {en}") from None


def _problem(error: dict, written: dict[str, str], values: dict[str, object]) -> tuple[str, str, str]:
    """One validation error in plain words: (the setting as the user wrote it, Chinese, English)."""
    loc = [str(part) for part in error["loc"]]
    field = loc[0].replace("-", "_")
    name = written.get(field, loc[0].replace("_", "-"))
    if field == "waivers" and len(loc) > 1 and loc[1].isdigit():
        index = int(loc[1])
        entry = values["waivers"][index] if isinstance(values.get("waivers"), list) else None  # type: ignore[index]
        item = f" (item = {entry['item']})" if isinstance(entry, dict) and "item" in entry else ""
        name = f"waivers[{index + 1}]{item}" + (f" {loc[2]}" if len(loc) > 2 else "")
    kind, context = error["type"], error.get("ctx", {})
    if kind == "missing":
        return name, "缺少此项（必填）", "is required"
    if kind == "extra_forbidden":
        return name, "不是已知的设置项", "is not a known setting"
    if kind == "literal_error":
        choices = str(context.get("expected", "")).replace("'", "").replace(" or ", ", ").split(", ")
        return name, f"应为 {' | '.join(choices)} 之一", f"should be one of {' | '.join(choices)}"
    if kind in ("less_than_equal", "less_than"):
        return name, f"不能大于 {context.get('le', context.get('lt'))}", f"should be at most {context.get('le', context.get('lt'))}"
    if kind in ("greater_than_equal", "greater_than"):
        bound = context.get("ge", context.get("gt"))
        return name, f"应大于{'等于' if kind.endswith('equal') else ''} {bound}", f"should be {'at least' if kind.endswith('equal') else 'more than'} {bound}"
    if kind.startswith(("int_", "float_")):
        return name, "应为数字", "should be a number"
    if kind.startswith("date"):
        return name, "应为日期（如 2024-03-31）", "should be a date (like 2024-03-31)"
    if kind == "string_too_short":
        return name, "不能为空", "should not be empty"
    return name, error["msg"], error["msg"]


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
        # Bounds first: "1-1000000000" must not build a billion-number set.
        in_range = known and min(known) <= first <= last <= max(known)
        chosen = set(range(first, last + 1)) if in_range else set()
        if not chosen or not chosen <= known:
            raise InputError("--not-applicable", f"事项编号超出范围：{spec}", f"item number out of range: {spec}")
        numbers.update(chosen)
    return numbers
