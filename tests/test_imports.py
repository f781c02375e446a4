"""Start-up stays light: what each entry point imports, in a fresh interpreter. A single-file check is run as a
pre-commit hook, where start-up is most of its time (benchmarks/latency.py measures it); a module imported
where it is not needed is the usual way that time comes back. No timing here: only what is imported."""

from __future__ import annotations

import json
import subprocess
import sys

# Libraries that only some formats or options need.
HEAVY = ("openpyxl", "pypdfium2", "lxml", "trafilatura", "aiohttp", "opencc", "pytesseract", "platformdirs")


def imported(code: str) -> set[str]:
    """The modules a fresh interpreter has loaded after running `code`."""
    program = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    return set(json.loads(done.stdout.splitlines()[-1]))


def loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(name for name in names if name in modules or any(m.startswith(name + ".") for m in modules))


def test_the_command_line_module_imports_no_checker_nor_format_library() -> None:
    modules = imported("import disclosure_check.cli")
    assert loaded(modules, HEAVY) == []
    assert loaded(modules, ("rich", "yaml", "pydantic", "disclosure_check.engine", "disclosure_check.readers",
                            "disclosure_check.rules", "disclosure_check.render")) == []


def test_the_pipeline_imports_no_format_library_nor_renderer() -> None:
    modules = imported("import disclosure_check.pipeline")
    assert loaded(modules, HEAVY) == []
    assert loaded(modules, ("rich", "disclosure_check.readers", "disclosure_check.rules",
                            "disclosure_check.render")) == []
