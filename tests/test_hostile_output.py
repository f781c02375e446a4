"""Hostile or careless output paths and arguments: nothing is lost, nothing half-written, one line each.

Every case runs the real command in a subprocess and checks the exit code, the one-line message naming the
path and the problem, and that every input is byte-for-byte unchanged.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import signal
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

SRC = str(Path(__file__).resolve().parents[1] / "src")
REPORT = "某某大学2023年度信息公开工作报告\n一、概述\n学校章程及各项规章制度已在信息公开网公开。\n"


def run(*args: str, cwd: Path, umask: int | None = None, fsize: int | None = None,
        stdout: int | None = None) -> subprocess.CompletedProcess[str]:
    def limits() -> None:
        if umask is not None:
            os.umask(umask)
        if fsize is not None:  # a full disk, as far as this process can tell
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    env = {**os.environ, "PYTHONPATH": SRC}
    return subprocess.run([sys.executable, "-m", "disclosure_check", *args], cwd=cwd, env=env, text=True,
                          stdout=stdout if stdout is not None else subprocess.PIPE, stderr=subprocess.PIPE,
                          preexec_fn=limits, timeout=120)


def digest(folder: Path) -> dict[str, str]:
    """Every regular file under `folder` (not through links) and its hash."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


def one_line_error(done: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    for text in expected:
        assert text in lines[0], lines[0]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "r.txt").write_text(REPORT, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("how", ["direct", "symlink", "hardlink", "dotted"])
def test_output_that_is_an_input_is_refused_before_reading(folder, how):
    output = {"direct": "r.txt", "symlink": "link.json", "hardlink": "hard.json", "dotted": "sub/../r.txt"}[how]
    (folder / "sub").mkdir()
    if how == "symlink":
        (folder / "link.json").symlink_to("r.txt")
    if how == "hardlink":
        os.link(folder / "r.txt", folder / "hard.json")
    before = digest(folder)
    done = run("r.txt", "--output", output, "--format", "json", "--lang", "en", cwd=folder)
    one_line_error(done, output, "the output is the input r.txt")
    assert digest(folder) == before


def test_output_onto_the_baseline_or_checklist_is_refused(folder):
    done = run("r.txt", "-f", "json", "-o", "base.json", cwd=folder)
    assert done.returncode == 1
    (folder / "c.yaml").write_text("x: 1\n", encoding="utf-8")
    before = digest(folder)
    one_line_error(run("r.txt", "--baseline", "base.json", "-o", "base.json", "--lang", "en", cwd=folder),
                   "base.json", "the output is the input")
    one_line_error(run("template", "--checklist", "c.yaml", "-o", "c.yaml", cwd=folder), "c.yaml", "输出文件就是输入文件")
    assert digest(folder) == before


def test_a_batch_never_reads_its_own_previous_output(folder):
    (folder / "s.txt").write_text(REPORT, encoding="utf-8")
    for _ in range(2):  # the second run finds the first one's out.txt in the folder it checks
        done = run(".", "-f", "json", "-o", "out.txt", cwd=folder)
        assert done.returncode == 1, done.stderr
        documents = json.loads((folder / "out.txt").read_text(encoding="utf-8"))["documents"]
        assert [d["path"] for d in documents] == ["r.txt", "s.txt"]
    done = run(".", "-o", "summary.xlsx", cwd=folder)
    assert done.returncode == 1 and "summary.xlsx" not in done.stdout
    done = run(".", "-o", "summary.xlsx", cwd=folder)
    assert done.returncode == 1 and "summary.xlsx" not in done.stdout


def test_symlink_to_a_regular_file_is_written_through(folder):
    (folder / "real.json").write_text("old", encoding="utf-8")
    os.chmod(folder / "real.json", 0o644)
    (folder / "link.json").symlink_to("real.json")
    done = run("r.txt", "-f", "json", "-o", "link.json", cwd=folder)
    assert done.returncode == 1, done.stderr
    assert (folder / "link.json").is_symlink()
    assert json.loads((folder / "real.json").read_text(encoding="utf-8"))["schema_version"] == 1
    assert stat.S_IMODE((folder / "real.json").stat().st_mode) == 0o644


def test_special_nodes_are_refused_and_dash_is_stdout(folder):
    os.mkfifo(folder / "fifo")
    (folder / "to-fifo").symlink_to("fifo")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "sock"))
    try:
        for node in ("fifo", "to-fifo", "sock", "/dev/null", "/dev/full"):
            done = run("r.txt", "-f", "json", "-o", node, "--lang", "en", cwd=folder)
            one_line_error(done, node, "not a regular file", "--output -")
    finally:
        sock.close()
    assert stat.S_ISFIFO((folder / "fifo").lstat().st_mode) and (folder / "to-fifo").is_symlink()
    done = run("r.txt", "-f", "json", "-o", "-", cwd=folder)
    assert json.loads(done.stdout)["schema_version"] == 1
    assert not (folder / "-").exists()


@pytest.mark.parametrize(("output", "expected"), [
    ("missing/x.json", "the output's folder does not exist"),
    (".", "the output is a folder"),
    ("sub", "the output is a folder"),
    ("/proc/x.json", "cannot write the output"),
])
def test_unwritable_outputs_are_one_line(folder, output, expected):
    (folder / "sub").mkdir()
    before = digest(folder)
    one_line_error(run("r.txt", "-f", "json", "-o", output, "--lang", "en", cwd=folder), expected)
    assert digest(folder) == before


def test_read_only_folder(folder):
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders")
    (folder / "ro").mkdir()
    os.chmod(folder / "ro", 0o555)
    try:
        one_line_error(run("r.txt", "-f", "json", "-o", "ro/x.json", "--lang", "en", cwd=folder),
                       "ro/x.json", "not writable")
    finally:
        os.chmod(folder / "ro", 0o755)


def test_output_named_twice_and_odd_names(folder):
    one_line_error(run("r.txt", "-f", "json", "-o", "a.json", "--output", "b.json", "--lang", "en", cwd=folder),
                   "--output", "only once")
    assert not (folder / "a.json").exists() and not (folder / "b.json").exists()
    done = run("r.txt", "-f", "json", "-o", "-x.json", cwd=folder)
    assert done.returncode == 1, done.stderr
    assert json.loads((folder / "-x.json").read_text(encoding="utf-8"))["schema_version"] == 1
    done = run("r.txt", "-f", "json", "-o", "new\nline.json", cwd=folder)
    assert done.returncode == 1 and (folder / "new\nline.json").is_file()
    one_line_error(run("r.txt", "-f", "json", "-o", "no\ndir/x.json", "--lang", "en", cwd=folder),
                   "no\\ndir/x.json", "does not exist")


def test_long_chinese_output_name_fits_with_its_temporary_file(folder):
    name = "信" * 80 + ".json"  # 245 bytes: the temporary file's suffix would pass the 255-byte name limit
    done = run("r.txt", "-f", "json", "-o", name, cwd=folder)
    assert done.returncode == 1, done.stderr
    assert json.loads((folder / name).read_text(encoding="utf-8"))["schema_version"] == 1
    assert sorted(p.name for p in folder.iterdir()) == sorted(["r.txt", name])


def test_disk_full_leaves_no_partial_file(folder):
    (folder / "x.json").write_text("old", encoding="utf-8")
    done = run("r.txt", "-f", "json", "-o", "x.json", "--lang", "en", cwd=folder, fsize=4096)
    one_line_error(done, "x.json", "cannot write the output")
    assert (folder / "x.json").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in folder.iterdir()) == ["r.txt", "x.json"]
    with open("/dev/full", "w") as full:
        for args in (["-f", "json"], []):
            done = run("r.txt", *args, "--lang", "en", cwd=folder, stdout=full.fileno())
            one_line_error(done, "<stdout>")


def test_umask_is_honoured_and_an_existing_mode_kept(folder):
    done = run("r.txt", "-f", "json", "-o", "x.json", cwd=folder, umask=0o022)
    assert done.returncode == 1
    assert stat.S_IMODE((folder / "x.json").stat().st_mode) == 0o644
    run("template", "-o", "t.xlsx", cwd=folder, umask=0o027)
    assert stat.S_IMODE((folder / "t.xlsx").stat().st_mode) == 0o640
    os.chmod(folder / "x.json", 0o664)
    run("r.txt", "-f", "json", "-o", "x.json", cwd=folder, umask=0o077)
    assert stat.S_IMODE((folder / "x.json").stat().st_mode) == 0o664


def test_two_runs_writing_one_output_leave_one_whole_file(folder):
    (folder / "b.txt").write_text(REPORT.replace("学校章程", "招生章程"), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": SRC}
    runs = [subprocess.Popen([sys.executable, "-m", "disclosure_check", name, "-f", "json", "-o", "out.json"],
                             cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for name in ("r.txt", "b.txt") * 2]
    assert [p.wait(120) for p in runs] == [1] * 4
    written = json.loads((folder / "out.json").read_text(encoding="utf-8"))
    assert written["documents"][0]["path"] in ("r.txt", "b.txt")
    assert sorted(p.name for p in folder.iterdir()) == ["b.txt", "out.json", "r.txt"]


@pytest.mark.parametrize("args", [["empty"], ["empty", "-f", "json"], ["empty", "-o", "x.xlsx"],
                                  ["nothing-*.docx"], ["nothing-*.docx", "-f", "json"]])
def test_nothing_to_check_names_the_argument(folder, args):
    (folder / "empty").mkdir()
    (folder / "empty" / "notes.png").write_bytes(b"\x89PNG")
    done = run(*args, "--lang", "en", cwd=folder)
    one_line_error(done, args[0], "no checkable file")
    assert done.stdout == "" and not (folder / "x.xlsx").exists()


def test_an_empty_folder_beside_a_report_is_reported_and_the_report_checked(folder):
    (folder / "empty").mkdir()
    done = run("r.txt", "empty", "-f", "json", "--lang", "en", cwd=folder)
    assert done.returncode == 1
    documents = json.loads(done.stdout)["documents"]
    assert [d["path"] for d in documents] == ["r.txt", "empty"]
    assert "no checkable file found" in documents[1]["error"]


def test_symlink_loops_are_walked_once_and_each_file_checked_once(folder):
    (folder / "tree" / "a").mkdir(parents=True)
    (folder / "tree" / "a" / "x.txt").write_text(REPORT, encoding="utf-8")
    (folder / "tree" / "a" / "up").symlink_to("..")
    (folder / "tree" / "self").symlink_to(".")
    (folder / "tree" / "a" / "y.txt").symlink_to("x.txt")
    os.link(folder / "tree" / "a" / "x.txt", folder / "tree" / "hard.txt")
    for args in (["tree"], ["tree/**/*.txt"], ["tree", "tree/a/x.txt", "tree"], ["tr*"]):
        done = run(*args, "-f", "json", cwd=folder)
        assert done.returncode == 1, done.stderr
        assert len(json.loads(done.stdout)["documents"]) == 1, args


def test_a_glob_matching_a_folder_walks_it(folder):
    (folder / "reports" / "2023").mkdir(parents=True)
    (folder / "reports" / "2023" / "a.txt").write_text(REPORT, encoding="utf-8")
    (folder / "reports" / "2023" / "b.txt").write_text(REPORT, encoding="utf-8")
    done = run("reports/20*", "-f", "json", cwd=folder)
    assert done.returncode == 1, done.stderr
    assert [d["path"] for d in json.loads(done.stdout)["documents"]] == ["reports/2023/a.txt", "reports/2023/b.txt"]


# --- what reaches the terminal and the machine formats ---------------------------------------------------------

HOSTILE = ("某某大学2023年度信息公开工作报告\n学校章程\u202e已在信息公开网公开 [bold red]x[/bold red] \x1b[31m "
           "\x1b]8;;http://e\x1b\\link\x1b]8;;\x1b\\ \x9b31m\n")


def test_file_names_are_never_rich_markup(folder):
    (folder / "r.txt").unlink()
    (folder / "reports").mkdir()
    names = ["a[bold]x[／bold].txt", "x[/y].txt", "b[link=https:evil]x.txt"]
    (folder / "reports" / "x[").mkdir()
    for name in names:
        (folder / "reports" / name).write_text(REPORT, encoding="utf-8")
    env_run = subprocess.run([sys.executable, "-m", "disclosure_check", "reports"], cwd=folder, text=True,
                             capture_output=True, env={**os.environ, "PYTHONPATH": SRC, "COLUMNS": "200"})
    assert env_run.returncode == 1 and "Traceback" not in env_run.stderr, env_run.stderr
    for name in names:
        assert f"reports/{name}" in env_run.stdout


def test_document_text_cannot_drive_the_terminal(folder):
    (folder / "h.txt").write_text(HOSTILE, encoding="utf-8")
    outputs = []
    for args in (["h.txt"], ["h.txt", "--explain", "2"], ["h.txt", "-f", "markdown"], ["h.txt", "-f", "github"]):
        done = subprocess.run([sys.executable, "-m", "disclosure_check", *args], cwd=folder, text=True,
                              capture_output=True, env={**os.environ, "PYTHONPATH": SRC, "COLUMNS": "200"})
        assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
        for unsafe in ("\x1b", "\u202e", "\x9b"):
            assert unsafe not in done.stdout + done.stderr, (args, unsafe)
        outputs.append(done.stdout)
    assert "[bold red]x[/bold red]" in outputs[0] + outputs[1]  # shown literally, not interpreted


def test_a_file_name_with_control_characters_is_shown_escaped(folder):
    (folder / "bad\x1b[31mname\u202e.txt").write_text("", encoding="utf-8")
    done = run("bad\x1b[31mname\u202e.txt", "--lang", "en", cwd=folder)
    one_line_error(done, "bad\\x1b[31mname\\u202e.txt", "empty file")


def test_checklist_text_is_never_markup_or_a_formula(folder):
    import yaml

    builtin = Path(__file__).resolve().parents[1] / "checklist" / "moe-2014.yaml"
    data = yaml.safe_load(builtin.read_text(encoding="utf-8"))
    data["title"] = "清单[/x]"
    data["items"][0]["title"] = "=HYPERLINK(\"http://evil\",\"x\")"
    (folder / "c.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    done = run("checklist", "--checklist", "c.yaml", cwd=folder)
    assert done.returncode == 0 and "Traceback" not in done.stderr and "清单[/x]" in done.stdout, done.stderr
    done = run("template", "--checklist", "c.yaml", "-o", "t.xlsx", cwd=folder)
    assert done.returncode == 0, done.stderr
    import openpyxl

    sheet = openpyxl.load_workbook(folder / "t.xlsx").active
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")]
    assert [(c.value, c.data_type) for c in cells] == [("=HYPERLINK(\"http://evil\",\"x\")", "s")]


def test_only_web_links_are_clickable_in_the_gap_sheet(folder):
    (folder / "js.md").write_text("# 某某大学2023年度信息公开工作报告\n\n[学校章程](javascript:alert(1))已公开\n\n"
                                  "[招生章程](file:///etc/passwd)已公开\n\n[收费项目](https://x.cn/a)已公开\n",
                                  encoding="utf-8")
    done = run("js.md", "-o", "g.xlsx", cwd=folder)
    assert done.returncode == 1, done.stderr
    import openpyxl

    book = openpyxl.load_workbook(folder / "g.xlsx")
    targets = {c.hyperlink.target for sheet in book for row in sheet.iter_rows() for c in row if c.hyperlink}
    assert all(t.startswith("https://") for t in targets)
    from disclosure_check.render._common import clickable

    assert [clickable(x) for x in ("javascript:x", " JavaScript:x", "file:///etc", "a.pdf", "https://a", "mailto:a")] \
        == [False, False, False, False, True, True]


def test_a_pipe_in_a_sheet_name_keeps_the_markdown_row(folder):
    import builders

    builders.to_xlsx({"a|b": [["序号", "公开事项", "公开情况"], [1, "学校章程及各项规章制度", "部分公开"]]}, folder / "p.xlsx")
    done = run("p.xlsx", "-f", "markdown", cwd=folder)
    assert done.returncode == 1, done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("| 2 |")]
    assert len(rows) == 1 and rows[0].replace("\\|", "").count("|") == 6  # five cells, one row
    assert "a\\|b" in rows[0]


def test_ten_thousand_files_are_walked(tmp_path):
    from disclosure_check.pipeline import expand

    for n in range(10_000):
        (tmp_path / f"{n:05}.txt").write_bytes(b"x")
    found = expand([tmp_path, tmp_path / "*.txt"])
    assert len(found) == 10_000 and found[0].name == "00000.txt" and found[-1].name == "09999.txt"
