"""A batch run's memory does not grow with the number of files: the parent keeps documents out of memory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import builders
import pytest

LINES = builders.lines_of(builders.SAMPLE)

# The parent's own peak (VmHWM: workers are other processes) after a whole CLI run writing JSON.
PROBE = """
import sys
from disclosure_check import cli
sys.argv = ["disclosure-check", *sys.argv[1:]]
try:
    cli.main()
except SystemExit:
    pass
status = open("/proc/self/status").read()
print(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")), file=sys.stderr)
"""


def _folder(root: Path, count: int) -> Path:
    root.mkdir()
    for index in range(count):
        year = 2015 + index % 9
        text = [f"湖南示例学院{year}年度信息公开工作报告", *LINES[1:16]]
        (root / f"r{index:03d}.txt").write_text("\n".join(text), encoding="utf-8")
    return root


def _peak_kib(folder: Path, out: Path) -> int:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, "-c", PROBE, str(folder), "-f", "json", "-o", str(out), "--jobs", "2"],
                          capture_output=True, text=True, env=env, timeout=600)
    return int(done.stderr.split()[-1])


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmHWM from /proc")
def test_parent_memory_is_flat_in_the_number_of_files(tmp_path):
    few, many = _folder(tmp_path / "few", 30), _folder(tmp_path / "many", 300)
    small = _peak_kib(few, tmp_path / "few.json")
    large = _peak_kib(many, tmp_path / "many.json")
    documents = json.loads((tmp_path / "many.json").read_text(encoding="utf-8"))["documents"]
    assert len(documents) == 300 and documents[299]["path"].endswith("r299.txt")
    assert documents[299]["report"] == {**documents[299]["report"], "institution": "湖南示例学院", "year": 2017}
    # Keeping the results in memory cost ~0.3 MB a document (~80 MB for these 270 more); now a few bytes each.
    assert large - small < 10 * 1024, (small, large)


# --- documents marked as they stream (waivers, baseline) --------------------------------------------------------

def test_waivers_and_baseline_mark_every_document_of_a_batch(tmp_path):
    from test_ci import run, waivers

    folder = _folder(tmp_path / "reports", 3)
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    last = run(str(folder), "-f", "json", cwd=tmp_path)
    previous = json.loads(last.stdout)
    # Last year item 3 was disclosed everywhere: this year's missing item 3 is a regression in every document.
    for document in previous["documents"]:
        for item in document["items"]:
            if item["id"] == 3:
                item["status"] = "disclosed"
    (tmp_path / "last.json").write_text(json.dumps(previous, ensure_ascii=False), encoding="utf-8")
    waivers(tmp_path, (26, "2099-12-31"))
    done = run(str(folder), "-f", "json", "--jobs", "2", "--baseline", str(tmp_path / "last.json"), cwd=tmp_path)
    assert done.returncode == 1 and done.stderr.count("\n") == 1
    documents = json.loads(done.stdout)["documents"]
    assert [Path(d["path"]).name for d in documents] == ["broken.docx", "r000.txt", "r001.txt", "r002.txt"]
    assert documents[0]["error"] and documents[0]["summary"]["regressed"] is None
    for document in documents[1:]:
        items = {i["id"]: i for i in document["items"]}
        assert items[26]["waived"] is True and document["summary"]["waived"] == 1
        assert (items[3]["status"], items[3]["baseline_status"], items[3]["regressed"]) == \
            ("missing", "disclosed", True)
        assert document["summary"]["regressed"] == 1, [i["id"] for i in items.values() if i["regressed"]]


# --- PDFs inside a batch worker ---------------------------------------------------------------------------------

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PDFs are isolated on Linux only")


@linux_only
def test_a_batch_worker_reads_pdfs_in_process(sample_formats, tmp_path, monkeypatch):
    from disclosure_check import pipeline
    from disclosure_check.config import Settings
    from disclosure_check.readers import pdf

    if "pdf" not in sample_formats:
        pytest.skip("no LibreOffice to make the PDF")

    def no_second_child(*args):
        raise AssertionError("forked a child for a PDF inside a worker")

    monkeypatch.setenv("DISCLOSURE_CHECK_START_METHOD", "fork")  # forked workers see the patch
    monkeypatch.setattr(pdf, "_extract_isolated", no_second_child)
    paths = [sample_formats["pdf"], sample_formats["txt"]]
    result = pipeline.run(paths, Settings(), jobs=1)
    documents = list(result.documents)
    assert [d.error for d in documents] == [None, None]
    assert documents[0].format == "pdf" and documents[0].report.institution == "湖南科技学院"


@linux_only
def test_a_pdf_stuck_in_c_costs_only_its_file_in_a_batch(tmp_path, monkeypatch):
    import signal
    import time

    from test_readers import minimal_pdf

    from disclosure_check import pipeline, workers
    from disclosure_check.config import Settings
    from disclosure_check.readers import pdf
    from disclosure_check.readers._common import timed_out

    def stuck(path, max_pages):  # as pdfium inside a C call: the worker's own alarm cannot interrupt it
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(60)

    monkeypatch.setenv("DISCLOSURE_CHECK_START_METHOD", "fork")  # forked workers see the patch
    monkeypatch.setattr(pdf, "_extract", stuck)
    monkeypatch.setattr(workers, "GRACE", 0.5)
    slow = minimal_pdf(tmp_path / "slow.pdf", "Hello")
    text = tmp_path / "a.txt"
    text.write_text("\n".join(LINES), encoding="utf-8")
    settings = Settings(lang="en", timeout=0.5)
    documents = list(pipeline.run([slow, text, text], settings, jobs=1).documents)
    assert documents[0].error == timed_out(slow, 0.5).message("en")
    assert [d.report.institution for d in documents[1:]] == ["湖南科技学院"] * 2


@linux_only
def test_a_pdf_bomb_costs_only_its_file_in_a_batch(tmp_path, monkeypatch):
    from test_readers import flate_bomb_pdf

    from disclosure_check import pipeline
    from disclosure_check.config import Settings
    from disclosure_check.readers import pdf

    monkeypatch.setenv("DISCLOSURE_CHECK_START_METHOD", "fork")  # forked workers see the patch
    monkeypatch.setattr(pdf, "MEMORY_HEADROOM", 64 << 20)
    bomb = flate_bomb_pdf(tmp_path / "bomb.pdf", 300)
    text = tmp_path / "a.txt"
    text.write_text("\n".join(LINES), encoding="utf-8")
    documents = list(pipeline.run([bomb, text, text.with_name("b.txt")], Settings(lang="en"), jobs=1).documents)
    # pdfium either aborts (the worker dies) or fails an allocation (MemoryError): the file's error either way.
    assert documents[0].error in (
        f"{bomb}: the PDF parser ran out of memory or crashed (a decompression bomb or a damaged file)",
        f"{bomb}: the reader process died (SIGABRT) while reading this file, a damaged file or a parser defect; "
        "skipped")
    assert documents[1].error is None and documents[2].error.endswith("file not found")
