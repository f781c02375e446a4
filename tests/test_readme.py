"""The README is kept true: its set-up commands are the ones CI runs, and what it shows the tool printing or
reading is what the tool prints and reads."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import tomllib
import yaml
from test_cli import SAMPLE, run

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    """The fenced blocks opened with ```language (plain ``` for "")."""
    found, current, kind = [], None, None
    for line in README.splitlines():
        if line.startswith("```") and current is None:
            current, kind = [], line[3:].strip()
        elif line.startswith("```"):
            if kind == language:
                found.append("\n".join(current) + "\n")
            current = None
        elif current is not None:
            current.append(line)
    return found


def test_the_two_set_up_commands_come_first_and_ci_runs_the_second():
    first = blocks("sh")[0].splitlines()
    assert first == ["pip install . && disclosure-check examples/huse-2023-report.docx",
                     "pip install -e '.[test]' && python -m pytest"]
    assert README.index("## Set up") < README.index("## Usage")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci[-1] == first[1]


def test_the_shown_summary_line_and_annotations_are_what_the_tool_prints():
    (summary,) = [b for b in blocks("") if "已公开 ·" in b]
    assert summary.strip() in run(str(SAMPLE)).stdout.splitlines()
    (annotations,) = [b for b in blocks("") if b.startswith("::")]
    printed = run("examples/huse-2023-report.txt", "--format", "github", cwd=ROOT).stdout.splitlines()
    assert annotations.strip().splitlines()
    assert all(line in printed for line in annotations.strip().splitlines())


def test_the_settings_example_works_in_either_file(tmp_path):
    (toml,) = [b for b in blocks("toml")]
    tomllib.loads(toml)  # valid TOML as printed
    (tmp_path / "checklist").mkdir()
    shutil.copyfile(ROOT / "checklist" / "moe-2014.yaml", tmp_path / "checklist" / "my-province.yaml")
    for name in (".disclosure-check.toml", "pyproject.toml"):
        (tmp_path / name).write_text(toml, encoding="utf-8")
        done = run(str(SAMPLE), "--only-gaps", cwd=tmp_path)
        assert done.returncode == 1 and done.stderr == "", done.stderr
        assert "豁免已失效" in done.stdout and "第26项的豁免已于2024-03-31到期失效（批准人：党政办公室）" in done.stdout
        (tmp_path / name).unlink()


def test_the_pre_commit_example_names_the_hook_and_no_tag():
    (config,) = [b for b in blocks("yaml") if "pre-commit" in b or "hooks:" in b]
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert yaml.safe_load(config)["repos"][0]["hooks"][0]["id"] == hooks[0]["id"]
    assert not re.search(r"rev: v\d", config)


def test_ci_snippets_install_from_the_repository_not_the_index():
    for snippet in blocks("yaml"):
        assert "pip install disclosure-check" not in snippet


def test_the_readme_is_for_users():
    assert len(README.splitlines()) <= 260
    assert not re.search(r"(?i)\bissue\s*#?\d|#\d{2,}\b|load average|uptime", README)
    for doc in ("DESIGN", "ACCURACY", "PERFORMANCE", "RELIABILITY"):
        assert f"docs/{doc}.md" in README and (ROOT / "docs" / f"{doc}.md").is_file()
