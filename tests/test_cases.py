"""Phrasing cases kept as data: every `tests/cases/*.yaml` file is one rule family, every entry one named case.

A reviewer extends the checker's coverage of real phrasings without writing Python: add a case with the text
(and optionally tables and a format) and what the JSON result must say. See tests/cases/README.md.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import builders
import pytest
import yaml
from checking import check_path

CASES = Path(__file__).parent / "cases"


def _load() -> list[Any]:
    params = []
    for path in sorted(CASES.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            params.append(pytest.param(case, id=f"{path.stem}:{case['name']}"))
    return params


def _render(case: dict[str, Any], folder: Path) -> Path:
    lines = [line for line in case["text"].splitlines() if line.strip()]
    tables = case.get("tables")
    fmt = case.get("format", "txt")
    if fmt in ("txt", "md"):
        path = folder / f"case.{fmt}"
        path.write_bytes(case["text"].encode(case.get("encoding", "utf-8")))
        return path
    if fmt == "html":
        return builders.to_html(lines, folder / "case.html", tables=tables)
    if fmt == "site_html":  # the article inside a school site's page: menu, breadcrumbs, sidebar, footer
        return builders.to_site_html(lines, folder / "case.html", tables=tables, **case.get("page", {}))
    if fmt == "docx":
        return builders.to_docx(lines, folder / "case.docx", tables=tables)
    if fmt == "xlsx":
        return builders.to_xlsx({"清单": tables[0]}, folder / "case.xlsx")
    raise ValueError(f"{case['name']}: unknown format {fmt!r}")


def _plain(value: Any) -> Any:
    """YAML reads 2018-08-31 as a date; the JSON result holds ISO strings."""
    return value.isoformat() if isinstance(value, dt.date) else value


def _assert_subset(expected: Any, actual: Any, where: str) -> None:
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{where}: expected a mapping, got {actual!r}"
        for key, value in expected.items():
            assert key in actual, f"{where}.{key}: absent from the result"
            _assert_subset(value, actual[key], f"{where}.{key}")
    else:
        assert _plain(expected) == actual, f"{where}: expected {_plain(expected)!r}, got {actual!r}"


@pytest.mark.parametrize("case", _load())
def test_case(case: dict[str, Any], tmp_path: Path) -> None:
    result = check_path(_render(case, tmp_path), **case.get("settings", {})).model_dump(mode="json")
    expect = case["expect"]
    if "report" in expect:
        _assert_subset(expect["report"], result["report"], "report")
    items = {item["id"]: item for item in result["items"]}
    for number, status in expect.get("items", {}).items():
        assert items[int(number)]["status"] == status, (
            f"item {number}: expected {status}, got {items[int(number)]['status']} ({items[int(number)]['message']})")
    for number, listed in expect.get("listed", {}).items():
        assert items[int(number)]["listed"] == listed, f"item {number}: listed is {items[int(number)]['listed']}"
    for number in expect.get("self_declared", []):
        assert items[int(number)]["self_declared"], f"item {number}: not marked self-declared"
    rules = {finding["rule"] for finding in result["findings"]}
    for rule in expect.get("findings", []):
        assert rule in rules, f"finding {rule} absent; found {sorted(rules)}"
    for rule in expect.get("no_findings", []):
        assert rule not in rules, f"finding {rule} present"
    if "parts_present" in expect:
        assert result["summary"]["parts_present"] == expect["parts_present"]
