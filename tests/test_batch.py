"""Many files in one run: folders and globs, mixed formats, a broken file, determinism, a worker that dies."""

from __future__ import annotations

import functools
import json
import re
import shutil
import sys
from pathlib import Path

import builders
import pytest
from test_cli import run

from disclosure_check import pipeline, workers
from disclosure_check.config import Settings
from disclosure_check.pipeline import expand
from disclosure_check.render.summary_xlsx import safe
from disclosure_check.result import DocumentResult

LINES = builders.lines_of(builders.SAMPLE)
OTHER = ["长沙示例大学2022年度信息公开工作报告", *LINES[1:-1], "长沙示例大学", "2022年10月28日"]


@pytest.fixture()
def province(tmp_path: Path, sample_formats) -> Path:
    """A reviewer's folder: formats mixed, nested by year, with a broken file and files that must be skipped."""
    root = tmp_path / "湖南 省"
    (root / "2022" / "长沙").mkdir(parents=True)
    (root / ".git").mkdir()
    shutil.copyfile(sample_formats["txt"], root / "hnust.txt")
    shutil.copyfile(sample_formats["docx"], root / "2022" / "hnust.docx")
    shutil.copyfile(sample_formats["html"], root / "2022" / "长沙" / "hnust.html")
    if "pdf" in sample_formats:
        shutil.copyfile(sample_formats["pdf"], root / "hnust.pdf")
    builders.to_docx(OTHER, root / "2022" / "长沙" / "csu.docx")
    (root / "broken.docx").write_bytes((root / "2022" / "hnust.docx").read_bytes()[:3000])
    for skipped in (".git/a.txt", ".hidden.txt", "~$hnust.docx", "hnust.txt~", "upload.tmp", "notes.png"):
        (root / skipped).write_text("\n".join(LINES), encoding="utf-8")
    return root


def test_walk_skips_hidden_temp_and_foreign_files(province):
    names = [p.relative_to(province).as_posix() for p in expand([province])]
    pdf = ["hnust.pdf"] if (province / "hnust.pdf").exists() else []
    assert names == ["2022/hnust.docx", "2022/长沙/csu.docx", "2022/长沙/hnust.html", "broken.docx", *pdf,
                     "hnust.txt"]


def test_globs_explicit_files_and_missing_paths(province, tmp_path):
    pattern = province / "**" / "*.docx"
    assert [p.name for p in expand([pattern])] == ["hnust.docx", "csu.docx", "broken.docx"]
    named = province / "~$hnust.docx"  # named explicitly: read, whatever its name
    assert expand([named, named, province / "hnust.txt"]) == [named, province / "hnust.txt"]
    assert expand([tmp_path / "no-such-*.pdf"]) == [tmp_path / "no-such-*.pdf"]


def test_a_glob_through_looping_symlinks_finishes_and_finds_each_file_once(tmp_path):
    folder = tmp_path / "reports"
    (folder / "sub").mkdir(parents=True)
    _reports(folder, ["a.txt"])
    _reports(folder / "sub", ["b.txt"])
    (folder / "self").symlink_to(".", target_is_directory=True)
    (folder / "sub" / "up").symlink_to("..", target_is_directory=True)
    (folder / "ping").symlink_to("pong", target_is_directory=True)
    (folder / "pong").symlink_to("ping", target_is_directory=True)
    # glob.glob follows every link: 2^40 paths (run() gives up after 120 s). Here each folder is entered once.
    done = run(str(folder / "**" / "*.txt"), "-f", "json")
    assert done.returncode == 1, done.stderr
    assert [d["path"] for d in json.loads(done.stdout)["documents"]] == [str(folder / "a.txt"), str(folder / "sub" / "b.txt")]
    assert sorted(p.name for p in expand([folder / "*"])) == ["a.txt", "b.txt"]  # a matched folder is walked


def test_folder_run_reports_the_broken_file_once_and_checks_the_rest(province):
    done = run(str(province), "-f", "json", "--jobs", "2")
    assert done.returncode == 1
    assert len(done.stderr.splitlines()) == 1
    assert done.stderr.startswith(f"disclosure-check: {province / 'broken.docx'}: ")
    documents = json.loads(done.stdout)["documents"]
    assert [Path(d["path"]).name for d in documents] == [p.name for p in expand([province])]
    by_name = {Path(d["path"]).relative_to(province).as_posix(): d for d in documents}
    assert by_name["broken.docx"]["error"] and not by_name["broken.docx"]["items"]
    for name in ("hnust.txt", "2022/hnust.docx", "2022/长沙/hnust.html", *(["hnust.pdf"] if "hnust.pdf" in by_name else [])):
        report = by_name[name]["report"]
        assert (report["institution"], report["year"]) == ("湖南科技学院", 2023), name
        assert by_name[name]["summary"]["parts_missing"] == [8], name
    csu = by_name["2022/长沙/csu.docx"]
    assert (csu["report"]["institution"], csu["report"]["year"], csu["report"]["published"]) == \
        ("长沙示例大学", 2022, "2022-10-28")


def test_summary_table_is_sorted_by_institution_then_year(province):
    done = run(str(province), env={"COLUMNS": "160"})
    assert done.returncode == 1
    out = done.stdout
    assert "份文件汇总" in out and "无法读取" in out
    assert out.index("湖南科技学院") < out.index("长沙示例大学") < out.index("broken.docx")


def test_same_json_with_one_or_two_jobs(province):
    one = run(str(province), "-f", "json", "--jobs", "1")
    two = run(str(province), "-f", "json", "--jobs", "2")
    assert one.returncode == two.returncode == 1
    # Byte-identical but for the command line the JSON records (tool.command names --jobs).
    assert one.stdout.count('"command": "disclosure-check ') == 1
    same = [re.sub(r'"command": "[^\n]*\n', "", done.stdout) for done in (one, two)]
    assert same[0] == same[1] and same[0].count('"path"') == len(expand([province]))


def test_exit_2_only_when_every_file_fails(tmp_path):
    for name in ("a.docx", "b.pdf"):
        (tmp_path / name).write_bytes(b"\x00\x01garbage" * 10)
    done = run(str(tmp_path))
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 2


def test_summary_workbook_has_a_coloured_matrix(province, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "summary.xlsx"
    done = run(str(province), "-o", str(out))
    assert done.returncode == 1, done.stderr
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["汇总", "矩阵", "明细"]
    matrix = book["矩阵"]
    documents = len(expand([province]))
    assert matrix.max_row == 1 + documents and matrix.max_column == 3 + 50
    assert [c.value for c in matrix[1]][3:] == [f"第{n}项" for n in range(1, 51)]
    row = next(r for r in matrix.iter_rows(min_row=2) if r[0].value.endswith("hnust.txt"))
    statuses = {"✔": "C6EFCE", "◐": "FFEB9C", "✘": "FFC7CE"}
    assert {c.value for c in row[3:]} <= set(statuses)
    assert all(c.fill.fgColor.rgb.endswith(statuses[c.value]) for c in row[3:])
    assert book["明细"].max_row == 1 + 50 * (documents - 1)


def test_cells_never_start_a_formula():
    assert safe("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert safe("+1") == "'+1" and safe("@x") == "'@x" and safe("a\x01b") == "ab" and safe(3) == 3


# --- workers that die, hang or finish out of order, forked or spawned ------------------------------------------

def _reports(folder: Path, names: list[str]) -> list[Path]:
    for name in names:
        (folder / name).write_text("\n".join(LINES), encoding="utf-8")
    return [folder / name for name in names]


def _pool(paths: list[Path], jobs: int, settings: Settings, seen: list[str]) -> list[DocumentResult]:
    import misbehaving

    checker = functools.partial(misbehaving.check, settings)
    return [DocumentResult.model_validate_json(text) for text in
            workers.run_pool(paths, checker, jobs, settings.lang, seen.append, init=pipeline.prepare_worker,
                             timeout=settings.timeout)]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_worker_that_dies_costs_only_its_file(tmp_path, start_method, jobs):
    posix = sys.platform != "win32"  # Windows has no signals: an abort is exit 3 there, and no SIGKILL
    names = ["a.txt", "abort.txt", "b.txt", *(["kill.txt"] if posix else []), "c.txt", "exit.txt", "d.txt"]
    seen: list[str] = []
    documents = _pool(_reports(tmp_path, names), jobs, Settings(), seen)
    assert [Path(d.path).name for d in documents] == names
    assert len(seen) == len(names)
    errors = {Path(d.path).name: d.error for d in documents if d.error}
    assert set(errors) == {"abort.txt", "exit.txt", *(["kill.txt"] if posix else [])}
    assert ("SIGABRT" if posix else "exit 3") in errors["abort.txt"] and "exit 3" in errors["exit.txt"]
    assert not posix or "SIGKILL" in errors["kill.txt"]
    assert errors["abort.txt"].startswith(f"{tmp_path / 'abort.txt'}: 读取时解析进程异常退出")
    assert all(d.summary.disclosed == 7 for d in documents if not d.error)


def test_results_come_in_argument_order_and_progress_as_they_finish(tmp_path, start_method):
    paths = _reports(tmp_path, ["slow.txt", "a.txt", "b.txt"])
    seen: list[str] = []
    documents = _pool(paths, 2, Settings(), seen)
    assert [Path(d.path).name for d in documents] == ["slow.txt", "a.txt", "b.txt"]
    assert [Path(json.loads(text)["path"]).name for text in seen][-1] == "slow.txt"


def test_the_parent_ends_a_worker_stuck_past_the_time_limit(tmp_path, start_method, monkeypatch):
    from disclosure_check.readers._common import timed_out

    monkeypatch.setattr(workers, "GRACE", 0.5)
    paths = _reports(tmp_path, ["stuck.txt", "a.txt", "b.txt"])
    settings = Settings(lang="en", timeout=2)
    documents = _pool(paths, 1, settings, [])
    assert documents[0].error == timed_out(paths[0], 2).message("en")
    assert [d.error for d in documents[1:]] == [None, None]
    assert [d.report.institution for d in documents[1:]] == ["湖南科技学院"] * 2


def test_same_output_forked_or_spawned(province):
    forked, spawned = (run(str(province), "-f", "json", "--jobs", "2", env={workers.START_METHOD_ENV: method})
                       for method in ("fork", "spawn"))
    assert forked.returncode == spawned.returncode == 1
    assert forked.stderr == spawned.stderr
    assert forked.stdout == spawned.stdout and forked.stdout.count('"path"') == len(expand([province]))
    tables = [run(str(province), env={workers.START_METHOD_ENV: method, "COLUMNS": "160"}).stdout
              for method in ("fork", "spawn")]
    assert tables[0] == tables[1]


def test_an_unknown_start_method_is_one_line(tmp_path):
    done = run(str(builders.SAMPLE), env={workers.START_METHOD_ENV: "teleport"})
    assert done.returncode == 2
    assert done.stderr.startswith("disclosure-check: DISCLOSURE_CHECK_START_METHOD: 此平台不支持进程启动方式 'teleport'")
