"""HTML report benchmark (not a test): the batch page for N generated reports, its size, the time to write it
beside the JSON of the same run, and what headless Chromium takes to load it and to filter it.

    PYTHONPATH=src python benchmarks/html_report.py --n 1000 --jobs 2 --repeat 3

Reports are made as in benchmarks/batch.py (the sample with its own institution and year, a seeded fifth of its
lines dropped, formats rotating). Chromium is driven through the DevTools pipe (tests/browser.py): the load
time is the page's own `loadEventEnd`, the filter time a status box clicked and the rows re-shown, measured in
the page.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))
from batch import generate  # noqa: E402
from browser import CHROMIUM, Browser  # noqa: E402

PROBE = (
    "import resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "done = subprocess.run([sys.executable, '-m', 'disclosure_check', *sys.argv[1:]], stdout=subprocess.DEVNULL,"
    " stderr=subprocess.PIPE, text=True)\n"
    "assert done.returncode in (0, 1), done.stderr[-2000:]\n"
    "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def command(*args: str) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of a fresh `disclosure-check ARGS`."""
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True)
    wall, rss = done.stdout.split()
    return float(wall), int(rss)


FILTER = """(() => {
  const box = document.querySelector('input[name=status][value=disclosed]');
  const start = performance.now();
  box.click();
  const shown = document.querySelectorAll('tr[data-item]:not([hidden])').length;
  document.body.offsetHeight;  // the layout the change causes, inside the measurement
  const took = performance.now() - start;
  box.click();
  return [took, shown];
})()"""


def browse(page: Path) -> tuple[float, float, int]:
    with Browser() as browser:
        load = browser.open(page.as_uri())
        took, shown = browser.evaluate(FILTER)
        rows = browser.evaluate("document.querySelectorAll('tr[data-item]').length")
    return load, took / 1000, rows - shown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100, help="reports to generate")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--folder", type=Path, help="reuse reports generated before (kept when given)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dc-html-") as temp:
        folder = args.folder or Path(temp) / "reports"
        if not folder.exists() or not any(folder.iterdir()):
            folder.mkdir(parents=True, exist_ok=True)
            made = generate(folder, args.n)
            print(f"generated {args.n} reports {made}")
        page, data = Path(temp) / "index.html", Path(temp) / "result.json"
        html_runs, json_runs, loads, filters = [], [], [], []
        for _ in range(args.repeat):  # side by side, alternating, so that load changes hit both alike
            json_runs.append(command(str(folder), "-f", "json", "-o", str(data), "-j", str(args.jobs)))
            html_runs.append(command(str(folder), "-o", str(page), "-j", str(args.jobs)))
            if CHROMIUM:
                load, took, hidden = browse(page)
                loads.append(load)
                filters.append(took)
        size = page.stat().st_size
        print(f"{args.n} documents, --jobs {args.jobs}, median of {args.repeat}:")
        print(f"  index.html {size / 1e6:.1f} MB ({size / args.n / 1e3:.0f} KB a document); "
              f"result.json {data.stat().st_size / 1e6:.1f} MB")
        for name, runs in (("-f json", json_runs), ("-o index.html", html_runs)):
            wall = statistics.median(r[0] for r in runs)
            rss = max(r[1] for r in runs) / 1024
            print(f"  disclosure-check DIR {name}: {wall:.2f} s, peak RSS {rss:.0f} MiB  {[round(r[0], 2) for r in runs]}")
        if loads:
            print(f"  Chromium load (loadEventEnd): {statistics.median(loads):.2f} s  {[round(x, 2) for x in loads]}")
            print(f"  status filter (one box, {hidden} rows hidden): {statistics.median(filters) * 1000:.0f} ms  "
                  f"{[round(x * 1000) for x in filters]}")


if __name__ == "__main__":
    main()
