"""What starting worker processes costs, forked (Linux) or spawned (Windows, macOS). Not a test.

    PYTHONPATH=src python benchmarks/pool_startup.py --runs 7

Measured side by side, the methods interleaved in each round, medians reported:
- pool: workers.run_pool over `jobs` copies of the sample report, in this process — from the call to the first
  result (start-up: process start, imports, prepare_worker, one file) and to the last;
- cli: the whole command line on one file (`disclosure-check sample.txt -f json`), which also reads its file in
  a worker, and on a folder of 20 files with -j 2.
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import builders  # noqa: E402

from disclosure_check import pipeline, workers  # noqa: E402
from disclosure_check.checklist import load_checklist  # noqa: E402
from disclosure_check.config import Settings  # noqa: E402

METHODS = ("fork", "spawn")


def pool_once(paths: list[Path], jobs: int) -> tuple[float, float]:
    settings = Settings()
    checker = functools.partial(pipeline.check_json, load_checklist(), settings, None)
    started = time.perf_counter()
    first = None
    for _ in workers.run_pool(paths, checker, jobs, "zh", init=pipeline.prepare_worker, timeout=120):
        first = first or time.perf_counter() - started
    return first or 0.0, time.perf_counter() - started


def cli_once(args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "disclosure_check", *args], capture_output=True, check=False)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "reports"
        folder.mkdir()
        text = builders.SAMPLE.read_text(encoding="utf-8")
        paths = []
        for index in range(20):
            paths.append(folder / f"r{index:02d}.txt")
            paths[-1].write_text(text, encoding="utf-8")
        samples: dict[str, dict[str, list[float]]] = {m: {} for m in METHODS}
        for _ in range(args.runs):
            for method in METHODS:
                os.environ[workers.START_METHOD_ENV] = method
                first, last = pool_once(paths[: args.jobs], args.jobs)
                samples[method].setdefault(f"pool {args.jobs} workers: first result", []).append(first)
                samples[method].setdefault(f"pool {args.jobs} workers: {args.jobs} files", []).append(last)
                samples[method].setdefault("cli: 1 file", []).append(cli_once([str(paths[0]), "-f", "json"]))
                samples[method].setdefault(f"cli: 20 files -j {args.jobs}", []).append(
                    cli_once([str(folder), "-f", "json", "-j", str(args.jobs)]))
    print(f"load: {os.getloadavg()[0]:.2f} (1-min average at the end); medians of {args.runs} runs, seconds")
    print(f"| {'measure':32} | {' | '.join(f'{m:>6}' for m in METHODS)} | spawn − fork |")
    print(f"| {'-' * 32} | {' | '.join('-' * 6 for _ in METHODS)} | ----------- |")
    for measure in samples["fork"]:
        medians = [statistics.median(samples[m][measure]) for m in METHODS]
        print(f"| {measure:32} | {' | '.join(f'{v:6.3f}' for v in medians)} | {medians[1] - medians[0]:+11.3f} |")


if __name__ == "__main__":
    main()
