"""Speed of disclosure-check next to the floor set by the bare extraction libraries.

    python benchmarks/run.py [--quick]

Builds realistic inputs from the sample report (needs the test extra and LibreOffice for the PDF, as the test
suite does), then measures in one run, side by side: raw extraction with the bare library (the floor) and the
full check in-process, per format and at 1×, 5× and 20× size; end-to-end CLI time and start-up time against
`python -c pass`; batch throughput of 200 mixed files with --jobs 1 and --jobs 2, with peak RSS. Prints a
table and writes benchmarks/results.json. Every figure is the median of several runs.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import builders  # noqa: E402

from disclosure_check.checklist import load_checklist  # noqa: E402
from disclosure_check.config import Settings  # noqa: E402
from disclosure_check.pipeline import check_file  # noqa: E402

SCALES = (1, 5, 20)
SAMPLE_COPIES_FOR_60_PAGES = 12  # the sample is 5 pages when LibreOffice renders it


def median_time(action: Callable[[], object], runs: int) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


# --- inputs ------------------------------------------------------------------------------------------------


def catalog_rows(count: int) -> list[list[object]]:
    """A 信息公开目录-like sheet: one published document per row, items cycling through the checklist."""
    items = load_checklist().items
    rows: list[list[object]] = [["序号", "公开事项", "信息名称", "公开时间", "公开网址", "责任部门"]]
    for n in range(1, count + 1):
        item = items[n % len(items)]
        rows.append([n, item.title, f"{item.title}（第{n}号文件）", date(2023, 1 + n % 12, 1 + n % 28),
                     f"https://xxgk.example.edu.cn/info/{n}.htm", "党政办公室"])
    return rows


def build_inputs(folder: Path, scale: int) -> dict[str, Path]:
    lines = builders.lines_of(builders.SAMPLE)
    table = [["序号", "公开事项", "公开情况", "公开网址"]] + [
        [item.id, item.title, "已公开", f"https://xxgk.example.edu.cn/{item.id}.htm"] for item in load_checklist().items
    ]
    inputs = {
        "docx": builders.to_docx(lines * scale, folder / f"report-{scale}x.docx", tables=[table]),
        "html": builders.to_html(lines * scale, folder / f"report-{scale}x.html", tables=[table]),
        "xlsx": builders.to_xlsx({"信息公开目录": catalog_rows(1000 * scale)}, folder / f"catalog-{scale}x.xlsx"),
    }
    if builders.pdf_converter():
        long_docx = builders.to_docx(lines * SAMPLE_COPIES_FOR_60_PAGES * scale, folder / f"long-{scale}x.docx")
        inputs["pdf"] = builders.docx_to_pdf(long_docx, folder)
    return inputs


# --- floors: the bare library, no checking -----------------------------------------------------------------


def floor_pdf(path: Path) -> None:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    for page in pdf:
        page.get_textpage().get_text_range()
    pdf.close()


def floor_docx(path: Path) -> None:
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(path) as package:
        "".join(etree.fromstring(package.read("word/document.xml")).itertext())


def floor_xlsx(path: Path) -> None:
    import openpyxl

    workbook = openpyxl.load_workbook(path, data_only=True)
    for sheet in workbook.worksheets:
        for _ in sheet.iter_rows(values_only=True):
            pass


def floor_html(path: Path) -> None:
    from selectolax.lexbor import LexborHTMLParser

    LexborHTMLParser(path.read_bytes().decode("gb18030")).body.text()


FLOORS = {"pdf": floor_pdf, "docx": floor_docx, "xlsx": floor_xlsx, "html": floor_html}


# --- measurements ------------------------------------------------------------------------------------------


def in_process(inputs_by_scale: dict[int, dict[str, Path]], runs: int) -> list[dict[str, object]]:
    checklist, settings = load_checklist(), Settings()
    rows = []
    for scale, inputs in inputs_by_scale.items():
        for fmt, path in inputs.items():
            check_file(path, checklist, settings)  # warm imports and caches
            floor = median_time(lambda fmt=fmt, path=path: FLOORS[fmt](path), runs)
            full = median_time(lambda path=path: check_file(path, checklist, settings), runs)
            rows.append({"format": fmt, "scale": scale, "bytes": path.stat().st_size, "floor_s": floor, "check_s": full,
                         "ratio": full / floor})
    return rows


def command_time(args: list[str], runs: int) -> float:
    return median_time(lambda: subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL), runs)


def peak_rss_mb(args: list[str]) -> float:
    """Peak resident memory of the largest process `args` starts (the CLI or one of its workers)."""
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
             "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, check=True).stdout
    return int(out.strip()) / 1024


def cli(inputs: dict[str, Path], runs: int) -> dict[str, float]:
    tool = [sys.executable, "-m", "disclosure_check"]
    figures = {"python_c_pass_s": command_time([sys.executable, "-c", "pass"], runs),
               "version_s": command_time([*tool, "--version"], runs)}
    for fmt, path in inputs.items():
        figures[f"check_{fmt}_s"] = command_time([*tool, str(path), "--format", "json"], runs)
    return figures


def supports_jobs() -> bool:
    done = subprocess.run([sys.executable, "-m", "disclosure_check", "check", "--help"], capture_output=True, text=True)
    return "--jobs" in done.stdout


def batch(inputs: dict[str, Path], folder: Path, count: int, runs: int) -> list[dict[str, object]]:
    batch_dir = folder / "batch"
    batch_dir.mkdir()
    sources = list(inputs.values())
    files = []
    for n in range(count):
        source = sources[n % len(sources)]
        files.append(shutil.copyfile(source, batch_dir / f"{n:04d}-{source.name}"))
    rows = []
    for jobs in (1, 2):
        args = [sys.executable, "-m", "disclosure_check", str(batch_dir), "--format", "json", "--jobs", str(jobs)]
        if not supports_jobs():
            if jobs == 2:
                break
            args = [sys.executable, "-m", "disclosure_check", *map(str, files), "--format", "json"]
        seconds = command_time(args, runs)
        rows.append({"jobs": jobs, "files": count, "seconds": seconds, "files_per_s": count / seconds,
                     "peak_rss_mb": peak_rss_mb(args)})
    return rows


def machine() -> str:
    import os

    return f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs and a smaller batch (for a smoke test)")
    parser.add_argument("--runs", type=int, default=None)
    options = parser.parse_args()
    runs = options.runs or (2 if options.quick else 5)
    scales = (1,) if options.quick else SCALES
    with tempfile.TemporaryDirectory(prefix="dc-bench-") as temp:
        folder = Path(temp)
        print("building inputs…", file=sys.stderr)
        inputs_by_scale = {scale: build_inputs(folder, scale) for scale in scales}
        print("measuring…", file=sys.stderr)
        results = {
            "date": date.today().isoformat(),
            "machine": machine(),
            "in_process": in_process(inputs_by_scale, runs),
            "cli": cli(inputs_by_scale[1], runs),
            "batch": batch(inputs_by_scale[1], folder, 40 if options.quick else 200, max(1, runs // 2)),
        }
    report(results)
    (ROOT / "benchmarks" / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


def report(results: dict[str, object]) -> None:
    print(f"{results['date']} · {results['machine']}")
    print(f"{'format':<6} {'scale':>5} {'size':>9} {'floor':>9} {'check':>9} {'ratio':>6}")
    for row in results["in_process"]:
        print(f"{row['format']:<6} {row['scale']:>4}× {row['bytes'] / 1024:>7.0f}KB {row['floor_s'] * 1000:>7.1f}ms "
              f"{row['check_s'] * 1000:>7.1f}ms {row['ratio']:>5.2f}×")
    print()
    for name, seconds in results["cli"].items():
        print(f"cli {name:<18} {seconds * 1000:>7.0f} ms")
    print()
    for row in results["batch"]:
        print(f"batch --jobs {row['jobs']}: {row['files']} files in {row['seconds']:.1f} s = "
              f"{row['files_per_s']:.1f} files/s, peak RSS {row['peak_rss_mb']:.0f} MB")


if __name__ == "__main__":
    main()
