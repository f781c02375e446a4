"""The versioned JSON document (schema_version in the output; field names are a contract)."""

from __future__ import annotations

from disclosure_check.result import RunResult


def render(result: RunResult) -> str:
    return result.model_dump_json(indent=2) + "\n"
