"""Windows and macOS, tested here: the CLI run as it runs without fork, SIGALRM and `resource` (a sitecustomize
removes them), and the platform rules (file names, paths, console encoding) as pure functions given a platform."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path, PurePosixPath, PureWindowsPath

import builders
import pytest

from disclosure_check.cli import utf8_output
from disclosure_check.errors import InputError
from disclosure_check.output import check_output_name, replace_failed, windows_name_problem
from disclosure_check.pipeline import expand, glob_start
from disclosure_check.readers import long_path
from disclosure_check.render import FORMATS

OFF_LINUX = Path(__file__).resolve().parent / "offlinux"
LINES = builders.lines_of(builders.SAMPLE)


def cli(*args: str, off_linux: bool, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    path = [str(OFF_LINUX)] if off_linux else []
    path += [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", "PYTHONPATH": os.pathsep.join(path)}
    env.pop("DISCLOSURE_CHECK_START_METHOD", None)
    return subprocess.run([sys.executable, "-m", "disclosure_check", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=timeout)


def nested_html(path: Path, depth: int = 500_000) -> Path:
    """A page of `depth` nested <div>s: the C HTML parser takes minutes on it, deaf to SIGALRM."""
    path.write_text("<html><head><meta charset=utf-8></head><body>" + "<div>" * depth + "报告" + "</div>" * depth
                    + "</body></html>", encoding="utf-8")
    return path


def test_the_shim_removes_fork_alarm_and_memory_cap():
    probe = ("import os, signal; from disclosure_check import budget, workers; "
             "print(hasattr(os, 'fork'), hasattr(signal, 'SIGALRM'), workers.start_method(), budget.ALARM, "
             "budget.memory_capped())")
    path = os.pathsep.join([str(OFF_LINUX), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))])
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": path}, timeout=60)
    assert done.stdout.split() == ["False", "False", "spawn", "False", "False"], done.stderr


@pytest.mark.parametrize("name", [f for f in FORMATS if f != "xlsx"])
def test_every_format_is_the_same_off_linux(sample_formats, name):
    # The PDF when LibreOffice made one: read as off Linux, in a spawned worker without a memory cap.
    report = str(sample_formats.get("pdf", sample_formats["docx"]))
    here, there = (cli(report, "-f", name, off_linux=off) for off in (False, True))
    assert here.returncode == there.returncode == 1, there.stderr
    assert there.stdout == here.stdout and there.stderr == here.stderr == ""


def test_the_gap_workbook_is_the_same_off_linux(sample_formats, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    report = str(sample_formats.get("pdf", sample_formats["docx"]))
    books = []
    for off in (False, True):
        (tmp_path / str(off)).mkdir()
        out = tmp_path / str(off) / "gaps.xlsx"  # the same name: the workbook records the command line
        assert cli(report, "-o", "gaps.xlsx", off_linux=off, cwd=out.parent).returncode == 1
        book = openpyxl.load_workbook(out)
        books.append({sheet.title: [[c.value for c in row] for row in sheet.iter_rows()] for sheet in book})
    assert books[0] == books[1] and books[0]


def test_a_batch_with_a_file_past_the_time_limit_off_linux(sample_formats, tmp_path):
    folder = tmp_path / "省"
    folder.mkdir()
    for name, path in sample_formats.items():
        (folder / f"hnust.{name}").write_bytes(path.read_bytes())
    nested_html(folder / "deep.html")
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    here, there = (cli(str(folder), "-f", "json", "-j", "2", "--timeout", "20", off_linux=off) for off in (False, True))
    assert there.returncode == here.returncode == 1
    assert there.stdout == here.stdout and there.stderr == here.stderr
    documents = {Path(d["path"]).name: d for d in json.loads(there.stdout)["documents"]}
    assert documents["deep.html"]["error"] == f"{folder / 'deep.html'}: 读取超时（超过 20 秒上限）"
    assert documents["broken.docx"]["error"]
    assert all(d["report"]["institution"] == "湖南科技学院" for n, d in documents.items() if n.startswith("hnust"))


@pytest.mark.parametrize("off_linux", [False, True])
def test_a_c_parser_past_the_time_limit_is_ended_in_a_single_file_run(tmp_path, off_linux):
    # Issue 14: SIGALRM cannot interrupt the C parser, and off Linux there is no SIGALRM at all; the parent
    # ends the worker either way (run() would give up after 300 s: the parse alone takes minutes).
    deep = nested_html(tmp_path / "deep.html")
    done = cli(str(deep), "--timeout", "3", "--lang", "en", off_linux=off_linux)
    assert done.returncode == 2
    assert done.stderr == f"disclosure-check: {deep}: reading timed out (over the 3 s limit)\n"


def test_standard_input_off_linux(sample_formats):
    path = os.pathsep.join([str(OFF_LINUX), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))])
    done = subprocess.run([sys.executable, "-m", "disclosure_check", "-", "-f", "json"], capture_output=True,
                          input=sample_formats["docx"].read_bytes(), env={**os.environ, "PYTHONPATH": path}, timeout=120)
    (document,) = json.loads(done.stdout)["documents"]
    assert (document["path"], document["format"], document["error"]) == ("<stdin>", "docx", None)


# --- file names and paths ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "problem"), [
    ("CON", "CON is a device name reserved by Windows, not usable as a file name"),
    ("aux.xlsx", "aux is a device name reserved by Windows, not usable as a file name"),
    ("com1.json", "com1 is a device name reserved by Windows, not usable as a file name"),
    ("Lpt9 .tar.gz", "Lpt9 is a device name reserved by Windows, not usable as a file name"),
    ('报告<2023>.xlsx', "the file name contains characters Windows does not allow: < >"),
    ("a:b|c?.json", "the file name contains characters Windows does not allow: : ? |"),
    ("tab\there.csv", "the file name contains characters Windows does not allow: '\\t'"),
    ("结果.", "the file name ends with a space or a dot, which Windows drops"),
])
def test_names_windows_refuses(name, problem):
    assert windows_name_problem(name)[1] == problem
    with pytest.raises(InputError) as caught:
        check_output_name(Path(name), platform="win32")
    assert caught.value.message("en").endswith(f": {problem}")
    check_output_name(Path(name), platform="linux")  # allowed where the system allows it
    check_output_name(Path(name), platform="darwin")


@pytest.mark.parametrize("name", ["console.xlsx", "CONFIG.json", "com10.csv", "汇总表.xlsx", "aux-report.json", "nul_"])
def test_names_windows_allows(name):
    assert windows_name_problem(name) is None
    check_output_name(Path(name), platform="win32")


def test_an_output_held_open_on_windows_says_so():
    exc = PermissionError(13, "Access is denied")
    message = replace_failed(Path("C:/汇总.xlsx"), exc, platform="win32").message("zh")
    assert message == "C:/汇总.xlsx: 文件正被其他程序打开（如 Excel、WPS），请关闭后重试"
    assert replace_failed(Path("x.xlsx"), exc, platform="linux").message("en") == \
        "x.xlsx: cannot write the output (Access is denied)"


@pytest.mark.parametrize(("pattern", "start", "rest"), [
    (PureWindowsPath(r"C:\年报\**\*.docx"), PureWindowsPath(r"C:\年报"), ("**", "*.docx")),
    (PureWindowsPath(r"\\server\share\2023\*.pdf"), PureWindowsPath(r"\\server\share\2023"), ("*.pdf",)),
    (PureWindowsPath("D:/省/报告?.docx"), PureWindowsPath("D:/省"), ("报告?.docx",)),
    (PureWindowsPath(r"reports\*\*.html"), PureWindowsPath("reports"), ("*", "*.html")),
    (PurePosixPath("*.txt"), PurePosixPath("."), ("*.txt",)),
])
def test_where_a_glob_starts_with_drives_unc_and_backslashes(pattern, start, rest):
    assert glob_start(pattern) == (start, rest)


@pytest.mark.parametrize(("path", "extended"), [
    ("C:\\" + "年" * 300 + "\\r.docx", "\\\\?\\C:\\" + "年" * 300 + "\\r.docx"),
    ("C:/" + "a" * 300 + "/r.docx", "\\\\?\\C:\\" + "a" * 300 + "\\r.docx"),
    ("\\\\server\\share\\" + "b" * 300 + ".pdf", "\\\\?\\UNC\\server\\share\\" + "b" * 300 + ".pdf"),
    ("C:\\short\\r.docx", "C:\\short\\r.docx"),
    ("\\\\?\\C:\\" + "c" * 300, "\\\\?\\C:\\" + "c" * 300),
])
def test_long_windows_paths_take_the_extended_form(path, extended):
    assert long_path(path, platform="win32") == extended
    assert long_path(path, platform="linux") == path


def test_a_path_longer_than_windows_max_path_is_read(tmp_path):
    folder = tmp_path
    for index in range(8):
        folder = folder / f"{index}-信息公开年度报告-{'长' * 20}"
    folder.mkdir(parents=True)
    report = folder / "报告.txt"
    report.write_text("\n".join(LINES), encoding="utf-8")
    assert len(str(report)) > 260
    done = cli(str(report), "-f", "json", off_linux=False)
    (document,) = json.loads(done.stdout)["documents"]
    assert document["path"] == str(report) and document["report"]["institution"] == "湖南科技学院"


def test_office_lock_files_are_skipped_in_folders_and_globs(tmp_path):
    for name in ("报告.docx", "~$报告.docx", "~$汇总.xlsx"):
        (tmp_path / name).write_bytes(b"x")
    assert expand([tmp_path]) == expand([tmp_path / "*.docx"]) == [tmp_path / "报告.docx"]


# --- the console ------------------------------------------------------------------------------------------------

def test_redirected_output_on_windows_is_utf8_without_bom():
    out, err = (io.TextIOWrapper(io.BytesIO(), encoding=codec) for codec in ("cp1252", "cp936"))
    utf8_output(platform="win32", streams=[out, err])
    for stream in (out, err):
        stream.write("✘ 未公开：学校章程\n")
        stream.flush()
        assert stream.buffer.getvalue() == "✘ 未公开：学校章程\n".encode()
    kept = io.TextIOWrapper(io.BytesIO(), encoding="cp1252")
    utf8_output(platform="linux", streams=[kept])
    assert kept.encoding == "cp1252"


def test_help_says_where_pdf_parsing_has_no_memory_cap():
    here, there = (cli("check", "--help", off_linux=off) for off in (False, True))
    assert "No memory cap for PDF parsing on this platform" in " ".join(there.stdout.split())
    assert "No memory cap" not in " ".join(here.stdout.split())
