"""The options surface as a newcomer meets it: what --output chooses, --explain, settings, --summary, --help."""

from __future__ import annotations

import json

import pytest
from test_cli import SAMPLE, run

from disclosure_check.render import SUFFIX_FORMATS


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
                           f"add --format, or use a suffix {' '.join(SUFFIX_FORMATS)}\n")


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


# --- settings copied from the README -------------------------------------------------------------------------

README_WAIVER = '''[tool.disclosure-check]
year = 2023
fail-on = "missing"

[[tool.disclosure-check.waivers]]   # in .disclosure-check.toml: [[waivers]]
item = 26
reason = "《教职工申诉办法》修订中，2024年3月发布"
approved_by = "党政办公室"
expires = 2099-03-31
'''


@pytest.mark.parametrize("name", [".disclosure-check.toml", "pyproject.toml"])
def test_the_readme_settings_table_works_in_either_file(tmp_path, name):
    (tmp_path / name).write_text(README_WAIVER, encoding="utf-8")
    done = run(str(SAMPLE), "--format", "json", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    (document,) = json.loads(done.stdout)["documents"]
    item = document["items"][25]
    assert item["waived"] is True and item["waiver"]["approved_by"] == "党政办公室"
    assert document["report"]["period"]["source"] == "setting"


def test_bare_keys_and_dashed_waiver_fields_work(tmp_path):
    (tmp_path / ".disclosure-check.toml").write_text(
        'fail-on = "never"\n[[waivers]]\nitem = 26\nreason = "x"\napproved-by = "y"\nexpires = 2099-01-01\n',
        encoding="utf-8")
    assert run(str(SAMPLE), cwd=tmp_path).returncode == 0


def test_a_missing_waiver_field_is_named_as_the_readme_names_it(tmp_path):
    (tmp_path / ".disclosure-check.toml").write_text('[[waivers]]\nitem = 26\nreason = "x"\nexpires = 2099-01-01\n',
                                                     encoding="utf-8")
    done = run(str(SAMPLE), cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == (f"disclosure-check: {tmp_path / '.disclosure-check.toml'}: 设置无效："
                           "waivers[1] (item = 26) approved_by：缺少此项（必填）\n")
    done = run(str(SAMPLE), "--lang", "en", cwd=tmp_path)
    assert done.stderr.endswith("invalid settings: waivers[1] (item = 26) approved_by: is required\n")


def test_a_bad_option_is_named_as_typed(tmp_path):
    done = run(str(SAMPLE), "--fail-on", "sometimes", "--lang", "en", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == ("disclosure-check: --fail-on: should be one of "
                           "missing | error | stale | warning | partial | info | never\n")
    (tmp_path / ".disclosure-check.toml").write_text("year = 1900\n", encoding="utf-8")
    done = run(str(SAMPLE), cwd=tmp_path)
    assert done.stderr.endswith("设置无效：year：应大于等于 1990\n")


# --- --lang en throughout --------------------------------------------------------------------------------------

def test_english_findings_use_english_units_and_sarif_describes_rules_in_english():
    done = run(str(SAMPLE), "--lang", "en", env={"COLUMNS": "200"})
    assert ("warning: the parts add up to 155 items, more than the total: “在学校官网科学研究专栏和科技处网站发布信息145条” "
            "vs 29, 8, 3, 13, 6, 96 items [line 32]") in done.stdout
    sarif = json.loads(run(str(SAMPLE), "--lang", "en", "--format", "sarif").stdout)
    rules = {rule["id"]: rule for rule in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["item-02"]["shortDescription"]["text"] == "2. University charter and its rules and regulations"
    assert rules["item-02"]["properties"]["title"] == "学校章程及制定的各项规章制度"
    assert rules["consistency.parts-sum"]["shortDescription"]["text"] == "parts add up to more than their total"
    assert rules["structure.part-missing"]["shortDescription"]["text"] == "the annual report lacks a required part"
    chinese = json.loads(run(str(SAMPLE), "--format", "sarif").stdout)["runs"][0]["tool"]["driver"]["rules"]
    assert {r["id"]: r["shortDescription"]["text"] for r in chinese}["consistency.parts-sum"] == "分项之和超过总数"


@pytest.mark.parametrize("args", [["--lang", "en"], ["--lang=en"]])
def test_errors_are_english_with_lang_en_however_written(tmp_path, args):
    done = run(str(tmp_path / "absent.docx"), "--explain", "99", *args)
    assert done.stderr == "disclosure-check: --explain: there is no item 99 in the checklist (choose 1-50)\n"


def test_errors_follow_the_settings_files_language(tmp_path):
    (tmp_path / ".disclosure-check.toml").write_text('lang = "en"\n', encoding="utf-8")
    done = run("absent.docx", "--output", "x.txt", cwd=tmp_path)
    assert done.returncode == 2 and "does not say which format to write" in done.stderr


# --- --summary and the pre-commit hook -------------------------------------------------------------------------

def test_summary_prints_one_line_per_document(tmp_path):
    from rendering import EXAMPLE_TABLE

    done = run(str(SAMPLE), str(EXAMPLE_TABLE), str(tmp_path / "absent.docx"), "--summary", env={"COLUMNS": "40"})
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f"{SAMPLE}：7/50 已公开 · 12 部分公开 · 0 过时 · 31 未公开 · 0 不适用 · 缺第8部分",
        f"{EXAMPLE_TABLE}：43/50 已公开 · 0 部分公开 · 0 过时 · 2 未公开 · 5 不适用"]
    assert "absent.docx" in done.stderr
    done = run(str(SAMPLE), "--summary", "--lang", "en")
    assert done.stdout == f"{SAMPLE}: 7/50 disclosed · 12 partial · 0 stale · 31 missing · 0 n/a · part 8 missing\n"


def test_the_pre_commit_hook_matches_reports_not_every_markdown_file():
    import re
    from pathlib import Path

    import yaml

    (hook,) = yaml.safe_load((Path(__file__).resolve().parents[1] / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert hook["entry"] == "disclosure-check" and hook["args"] == ["--summary"]
    files = re.compile(hook["files"])
    chosen = ["2023年报告.docx", "reports/2023.pdf", "a/b/清单.XLSX", "site/report.html", "reports/2023.md",
              "x/report/2023.txt"]
    ignored = ["README.md", "docs/DESIGN.md", "notes.txt", "CHANGELOG.md", "src/app.py", "reportsx/a.md"]
    assert [bool(files.search(name)) for name in chosen] == [True] * len(chosen)
    assert [bool(files.search(name)) for name in ignored] == [False] * len(ignored)


# --- --help ----------------------------------------------------------------------------------------------------

def test_help_shows_readable_placeholders_one_style_of_defaults_and_the_settings():
    done = run("check", "--help", env={"COLUMNS": "100"})
    assert done.returncode == 0
    text = done.stdout
    assert text.startswith("Usage: disclosure-check check [OPTIONS] FILE...\n")
    for placeholder in ("FILE...", "-o, --output PATH", "--explain N", "--timeout SECONDS", "-j, --jobs N",
                        "--baseline PATH", "--fail-on LEVEL"):
        assert placeholder in text
    assert "<list[" not in text and "<path>" not in text and "<int" not in text and "{FILE" not in text
    assert "[default:" not in text and text.count("(default: ") >= 6  # one style of defaults
    flat = " ".join(text.split())
    assert "without --format its suffix chooses the format: .xlsx, .json, .sarif, .xml (junit), .md, .csv" in flat
    assert ".disclosure-check.toml" in flat and "[[waivers]]" in flat and "approved_by" in flat
    root = " ".join(run("--help").stdout.split())
    assert "Usage: disclosure-check [OPTIONS] COMMAND" in root and "disclosure-check FILE..." in root
    diff = run("diff", "--help").stdout
    assert diff.startswith("Usage: disclosure-check diff [OPTIONS] OLD NEW\n")
