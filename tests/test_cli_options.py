"""The options surface as a newcomer meets it: what --output chooses, --explain, settings, --summary, --help."""

from __future__ import annotations

import json

import pytest
from test_cli import SAMPLE, run


@pytest.mark.parametrize("name", ["out.txt", "report.html.bak", "noext"])
def test_output_suffix_that_names_no_format_is_a_usage_error(tmp_path, name):
    done = run(str(SAMPLE), "--output", name, cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("disclosure-check: --output: ") and "--format" in done.stderr
    assert len(done.stderr.splitlines()) == 1 and list(tmp_path.iterdir()) == []


def test_output_suffix_error_is_refused_before_reading(tmp_path):
    done = run(str(tmp_path / "absent.docx"), "--output", "out.txt", "--lang", "en", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == ("disclosure-check: --output: the name 'out.txt' does not say which format to write: "
                           "add --format, or use a suffix .sarif.json .xlsx .json .sarif .xml .md .csv\n")


def test_format_decides_when_given_and_a_suffix_naming_another_format_is_refused(tmp_path):
    done = run(str(SAMPLE), "-f", "json", "-o", "out.txt", cwd=tmp_path)
    assert done.returncode == 1 and json.loads((tmp_path / "out.txt").read_text(encoding="utf-8"))["schema_version"] == 1
    done = run(str(SAMPLE), "-f", "markdown", "-o", "x.xlsx", cwd=tmp_path)
    assert done.returncode == 2 and not (tmp_path / "x.xlsx").exists()
    assert done.stderr == "disclosure-check: --output: 文件名“x.xlsx”是 xlsx 格式的后缀，与 --format markdown 不符\n"
    done = run(str(SAMPLE), "-f", "sarif", "-o", "results.sarif.json", cwd=tmp_path)
    assert done.returncode == 1
    assert json.loads((tmp_path / "results.sarif.json").read_text(encoding="utf-8"))["version"] == "2.1.0"
    done = run(str(SAMPLE), "-o", "gaps.md", cwd=tmp_path)
    assert done.returncode == 1 and (tmp_path / "gaps.md").read_text(encoding="utf-8").startswith("#")


def test_explain_prints_only_the_explanation():
    done = run(SAMPLE.name, "--explain", "3", cwd=SAMPLE.parent)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0] == f"{SAMPLE.name} — 第3项 教职工代表大会相关制度、工作报告：未公开"
    assert "清单事项" not in done.stdout and "序号" not in done.stdout and "缺第8部分" not in done.stdout
    assert "→ 0/2个方面有公开证据，0个方面自述不适用 → 未公开" in done.stdout


def test_explain_with_json_keeps_stdout_parseable():
    done = run(str(SAMPLE), "--explain", "3", "--format", "json")
    assert json.loads(done.stdout)["documents"][0]["items"][2]["explain"]["considered"] == 1
    assert "第3项" in done.stderr


@pytest.mark.parametrize("number", ["0", "51", "-1"])
def test_explain_outside_the_checklist_is_refused_before_any_file_is_read(tmp_path, number):
    done = run(str(tmp_path / "absent.docx"), f"--explain={number}")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == f"disclosure-check: --explain: 清单中没有第{number}项（可选 1–50）\n"
