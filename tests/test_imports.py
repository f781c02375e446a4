"""Start-up stays light: what each entry point imports, in a fresh interpreter. A single-file check is run as a
pre-commit hook, where start-up is most of its time (benchmarks/latency.py measures it); a module imported
where it is not needed is the usual way that time comes back. No timing here: only what is imported."""

from __future__ import annotations

import json
import subprocess
import sys

# Libraries that only some formats or options need.
HEAVY = ("openpyxl", "pypdfium2", "lxml", "trafilatura", "aiohttp", "opencc", "pytesseract", "numpy")


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


RUN = """
import atexit, json, os, sys
atexit.register(lambda: open(os.environ["DC_TEST_MODULES"], "w").write(json.dumps(sorted(sys.modules))))
sys.argv[0] = "disclosure-check"
from disclosure_check.cli import main
main()
"""


def run_modules(tmp_path, *args: str) -> set[str]:  # type: ignore[no-untyped-def]
    """The modules the command line's own process (not its workers) has loaded when it exits."""
    import os

    out = tmp_path / "modules.json"
    subprocess.run([sys.executable, "-c", RUN, *args], env={**os.environ, "DC_TEST_MODULES": str(out)},
                   capture_output=True, check=False)
    return set(json.loads(out.read_text()))


def test_version_and_help_need_no_models(tmp_path) -> None:  # type: ignore[no-untyped-def]
    for args in (["--version"], ["--help"]):
        assert loaded(run_modules(tmp_path, *args), ("pydantic", "rich", "yaml", *HEAVY)) == []


def test_a_check_reads_and_checks_in_its_worker_only(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The parent of a single-file check imports neither the checker, nor the readers' libraries, nor (once
    its checklist is stored) PyYAML."""
    report = tmp_path / "report.txt"
    report.write_text("湖南科技学院2023年信息公开年度报告\n一、概述\n本年度学校主动公开信息。\n", encoding="utf-8")
    run_modules(tmp_path, str(report))
    modules = run_modules(tmp_path, str(report))
    assert "disclosure_check.render.table" in modules  # the run did get to its output
    assert loaded(modules, ("yaml", "disclosure_check.engine", "disclosure_check.analysis", "disclosure_check.rules",
                            "disclosure_check.readers.text", "disclosure_check.ci", *HEAVY)) == []


def test_a_report_of_ordinary_size_is_checked_without_numpy() -> None:
    """numpy folds only texts long enough to pay for importing it (text._VECTOR_FOLD_FROM)."""
    from pathlib import Path

    sample = Path(__file__).resolve().parents[1] / "examples" / "huse-2023-report.txt"
    modules = imported("from pathlib import Path\n"
                       "from disclosure_check.checklist import load_checklist\n"
                       "from disclosure_check.config import Settings\n"
                       "from disclosure_check.pipeline import check_file\n"
                       f"assert check_file(Path({str(sample)!r}), load_checklist(), Settings()).error is None")
    assert "disclosure_check.engine" in modules and "numpy" not in modules
