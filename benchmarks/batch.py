"""Batch benchmark (not a test): generate N realistic reports in mixed formats and time a folder run.

    PYTHONPATH=src python benchmarks/batch.py --n 60 --jobs 1 2

Each report is the sample annual report (tests/builders.SAMPLE) with its own institution, year and a seeded
random fifth of its body lines dropped, so items vary; formats rotate txt, md, docx, html (GBK), xlsx (an item
table) and pdf (LibreOffice, when installed). Reported: wall time, files/s and peak RSS of the largest process
(the CLI or one of its workers), each run in a fresh process.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import builders  # noqa: E402

FORMATS = ("txt", "md", "docx", "html", "xlsx", "pdf")
PLACES = ("湖南", "江西", "广西", "贵州", "云南", "四川", "湖北", "河南")
KINDS = ("科技学院", "师范大学", "理工大学", "职业技术学院", "医学院")


def generate(folder: Path, count: int) -> dict[str, int]:
    lines = builders.lines_of(builders.SAMPLE)
    rng = random.Random(2023)
    made: dict[str, int] = {}
    pdf_source: Path | None = None
    for index in range(count):
        fmt = FORMATS[index % len(FORMATS)]
        if fmt == "pdf" and not builders.pdf_converter():
            fmt = "docx"
        year = 2015 + index % 9
        name = f"{PLACES[index % len(PLACES)]}{KINDS[index % len(KINDS)]}{index:03d}"
        body = [line for line in lines[1:] if rng.random() > 0.2 or line[:2] in ("一、", "二、")]
        text = [f"{name}{year}年度信息公开工作报告", *body]
        sub = folder / str(year)
        sub.mkdir(exist_ok=True)
        target = sub / f"{name}.{fmt}"
        if fmt in ("txt", "md"):
            target.write_text("\n".join(text), encoding="utf-8")
        elif fmt == "docx":
            builders.to_docx(text, target)
        elif fmt == "html":
            builders.to_html(text, target)
        elif fmt == "xlsx":
            rows = [("序号", "公开事项", "公开情况", "公开网址")]
            rows += [(i, f"事项{i}：{line[:30]}", "已公开", f"https://example.edu.cn/{i}") for i, line in enumerate(body, 1)]
            builders.to_xlsx({"清单": rows}, target)
        else:  # one conversion, copied: converting every report would dominate the setup time
            if pdf_source is None:
                docx = builders.to_docx(text, folder / "pdf-source.docx")
                pdf_source = builders.docx_to_pdf(docx, folder)
                docx.unlink()
            shutil.copyfile(pdf_source, target)
        made[fmt] = made.get(fmt, 0) + 1
    if pdf_source is not None:
        pdf_source.unlink()
    return made


def measure(folder: Path, jobs: int) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of a fresh `disclosure-check FOLDER -f json -j JOBS`."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "subprocess.run([sys.executable, '-m', 'disclosure_check', sys.argv[1], '-f', 'json', '-j', sys.argv[2]],"
        " stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(folder), str(jobs)], capture_output=True, text=True,
                          check=True)
    wall, rss = done.stdout.split()
    return float(wall), int(rss)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=60, help="reports to generate")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dc-bench-") as temp:
        folder = Path(temp)
        started = time.perf_counter()
        made = generate(folder, args.n)
        size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
        print(f"generated {args.n} reports {made} ({size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s")
        for jobs in args.jobs:
            for _ in range(args.repeat):
                wall, rss = measure(folder, jobs)
                print(f"--jobs {jobs}: {wall:.2f} s, {args.n / wall:.1f} files/s, peak RSS {rss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
