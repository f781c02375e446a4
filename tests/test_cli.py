"""The command line end to end, in a subprocess as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "huse-2023-report.txt"


def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80", **(env or {})}
    return subprocess.run([sys.executable, "-m", "disclosure_check", *args], capture_output=True, text=True,
                          cwd=cwd, env=environment, timeout=120)


def test_version():
    done = run("--version")
    assert done.returncode == 0 and done.stdout.startswith("disclosure-check ")


def test_gap_table_on_the_sample_exits_1_and_names_part_8():
    done = run(str(SAMPLE))
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert "报告结构：✔1 ✔2 ✔3 ✔4 ✔5 ✔6 ✔7 ✘8" in done.stdout
    assert lines[-1].endswith("缺第8部分")
    assert all(len(line) <= 80 for line in lines)  # fits an 80-column terminal when piped
    assert "\x1b[" not in done.stdout  # no colour codes when not a terminal


def test_only_gaps_hides_disclosed_rows():
    full = run(str(SAMPLE)).stdout
    gaps = run(str(SAMPLE), "--only-gaps").stdout
    assert "✔ 已公开" in full and "✔ 已公开" not in gaps
    assert gaps.count("✘ 未公开") == full.count("✘ 未公开") > 0


def test_english_labels():
    done = run(str(SAMPLE), "--lang", "en", "--only-gaps")
    assert "✘ missing" in done.stdout and "part 8 missing" in done.stdout


def test_json_shape(tmp_path):
    done = run(str(SAMPLE), "--format", "json")
    assert done.returncode == 1
    data = json.loads(done.stdout)
    assert data["schema_version"] == 1 and data["tool"]["name"] == "disclosure-check"
    (document,) = data["documents"]
    assert set(document) >= {"path", "format", "report", "parts", "items", "findings", "summary"}
    assert set(document["report"]) >= {"title", "year", "period", "announced_parts"}
    assert set(document["report"]["period"]) >= {"start", "end", "kind", "source"}
    assert set(document["parts"][0]) >= {"number", "title", "status", "evidence"}
    item = document["items"][0]
    assert set(item) >= {"id", "category", "title", "status", "facets", "evidence", "message"}
    assert set(item["evidence"][0]) == {"quote", "locator", "link", "date", "place"}
    assert item["evidence"][0]["place"] == "第" + item["evidence"][0]["locator"][1:] + "行"
    assert len(document["items"]) == 50
    assert {i["status"] for i in document["items"]} <= {"disclosed", "partial", "stale", "missing", "not_applicable"}


def test_json_to_output_file_is_written_and_stdout_keeps_the_table(tmp_path):
    out = tmp_path / "result.json"
    done = run(str(SAMPLE), "--format", "json", "--format", "table", "--output", str(out))
    assert json.loads(out.read_text(encoding="utf-8"))["documents"][0]["summary"]["parts_missing"] == [8]
    assert "清单事项" in done.stdout
    assert [p.name for p in tmp_path.iterdir()] == ["result.json"]  # no temp file left behind


def test_fail_on_never_and_not_applicable_settings(tmp_path):
    assert run(str(SAMPLE), "--fail-on", "never").returncode == 0
    done = run(str(SAMPLE), "--format", "json", "--not-applicable", "11-14", "--reason", "本校无研究生教育")
    items = json.loads(done.stdout)["documents"][0]["items"]
    assert [i["status"] for i in items[10:14]] == ["not_applicable"] * 4
    assert items[10]["reason"] == "本校无研究生教育"


def test_settings_from_pyproject_found_upward(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.disclosure-check]\nnot-applicable = ["graduate"]\nlang = "en"\n', encoding="utf-8")
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    done = run(str(SAMPLE), "--format", "json", cwd=nested)
    data = json.loads(done.stdout)
    assert data["tool"]["lang"] == "en"
    assert [i["status"] for i in data["documents"][0]["items"][10:14]] == ["not_applicable"] * 4


def test_invalid_settings_are_one_line_exit_2(tmp_path):
    (tmp_path / ".disclosure-check.toml").write_text('fail-on = "sometimes"\n', encoding="utf-8")
    done = run(str(SAMPLE), cwd=tmp_path)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and ".disclosure-check.toml" in done.stderr


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("empty.docx", b"", "文件为空"),
    ("missing.pdf", None, "文件不存在"),
    ("noise.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 4, "PDF"),
])
def test_unreadable_input_is_one_line_and_exit_2(tmp_path, name, content, expected):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    done = run(str(path))
    assert done.returncode == 2
    (line,) = done.stderr.strip().splitlines()
    assert str(path) in line and expected in line and "Traceback" not in done.stderr


def test_other_files_are_still_checked_when_one_is_unreadable(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip at all")
    done = run(str(bad), str(SAMPLE), "--format", "json")
    assert done.returncode == 1
    documents = json.loads(done.stdout)["documents"]
    assert documents[0]["error"] and documents[1]["summary"]["total"] == 50


def test_unknown_format_and_bad_item_numbers_are_usage_errors():
    assert run(str(SAMPLE), "--format", "yaml").returncode == 2
    done = run(str(SAMPLE), "--not-applicable", "51")
    assert done.returncode == 2 and "51" in done.stderr


def test_checklist_command_and_json():
    table = run("checklist", env={"COLUMNS": "200"})
    assert table.returncode == 0 and "学术不端行为查处机制" in table.stdout
    data = json.loads(run("checklist", "--format", "json").stdout)
    assert len(data["items"]) == 50 and len(data["categories"]) == 10


def test_checklist_validate(tmp_path):
    good = Path(__file__).resolve().parents[1] / "checklist" / "moe-2014.yaml"
    assert run("checklist", "validate", str(good)).returncode == 0
    broken = tmp_path / "broken.yaml"
    broken.write_text(good.read_text(encoding="utf-8").replace("count: 6", "count: 7", 1), encoding="utf-8")
    done = run("checklist", "validate", str(broken))
    line = next(n for n, text in enumerate(good.read_text(encoding="utf-8").splitlines(), 1) if "count: 6" in text)
    assert done.returncode == 1
    assert done.stdout == f"{broken}:{line}: category 1, count: says 7 items, but 6 items have category 1\n"


@pytest.mark.parametrize(("args", "expected"), [
    (["--bogus", "x.docx"], "No such option: --bogus"),
    (["checklist", "validate"], "Missing argument"),
])
def test_usage_errors_are_one_line_exit_2(args, expected):
    done = run(*args)
    assert done.returncode == 2
    (line,) = done.stderr.strip().splitlines()
    assert expected in line


def test_no_arguments_shows_help():
    done = run()
    assert done.returncode == 0 and "checklist" in done.stdout


@pytest.mark.parametrize(("text", "fail_on", "code"), [
    ("服务平台共受理来信130件，回复128件，回复率100%。\n", "error", 0),
    ("服务平台共受理来信130件，回复128件，回复率100%。\n", "warning", 1),
    ("服务平台共受理来信130件，回复130件，回复率100%。\n", "warning", 0),
    ("服务平台共受理来信130件，回复130件，回复率100%。\n", "info", 1),  # "not an annual report" is info
])
def test_fail_on_severity_levels(tmp_path, text, fail_on, code):
    path = tmp_path / "notes.txt"
    path.write_text(text, encoding="utf-8")
    done = run(str(path), "--not-applicable", "1-50", "--fail-on", fail_on)
    assert done.returncode == code, done.stdout + done.stderr
    if "128" in text:
        assert "consistency" not in done.stdout and "回复率与数量不符" in done.stdout
