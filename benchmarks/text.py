"""Large plain text: the engine against its floor, growth with paragraph length, and peak memory.

    PYTHONPATH=src python benchmarks/text.py [--mb 20] [--runs 3] [--skip-memory] [--quick]

All inputs are the sample report (examples/huse-2023-report.txt) repeated, built in a temporary folder:
- throughput: a ~20 MB text with its line breaks kept; measured side by side, alternating, in one process:
  the floor (read and decode the file, the per-character fold with `str.translate`, OpenCC t2s and the
  Aho-Corasick scan of the checklist's keywords, each over the whole text) and the full check
  (`pipeline.check_file`, reader and every rule);
- line breaks: the same 5 MB text with its line breaks kept, with all of them removed (one block, which the
  engine takes for the title) and with all but the title's removed (a title and one 5 MB paragraph, which
  every rule reads);
- growth: a title and one paragraph of the sample's body repeated, at 1, 2, 4 and 8 times a base length; a
  linear engine doubles its time with each doubling;
- memory: peak RSS of `disclosure-check FILE --format json` in a fresh process on 20 MB and 50 MB.
Every figure is the median of `--runs` runs. The load average is printed before and after: the machine may be
shared, so only the ratios measured side by side mean much.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "huse-2023-report.txt"
MB = 1_000_000


def repeated(size: int) -> str:
    """The sample repeated to at least `size` bytes of UTF-8, line breaks kept."""
    text = SAMPLE.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    return text * (size // len(text.encode("utf-8")) + 1)


def one_paragraph(body_chars: int) -> str:
    """The sample's title line, then its body joined into one paragraph and repeated to `body_chars`."""
    title, _, body = SAMPLE.read_text(encoding="utf-8").partition("\n")
    body = body.replace("\n", "")
    return title + "\n" + (body * (body_chars // len(body) + 1))[:body_chars] + "\n"


def floor(path: Path) -> None:
    """Read + decode, fold, OpenCC, Aho-Corasick: what any checker of this text must at least do."""
    from disclosure_check.checklist import load_checklist
    from disclosure_check.matching import matcher_for
    from disclosure_check.text import _Fold, _t2s

    automaton = matcher_for(load_checklist())._automaton
    text = path.read_bytes().decode("utf-8")
    folded = _t2s().convert(text).translate(_Fold())  # the engine's fold, with a cache of its own
    for _ in automaton.iter(folded):
        pass




def check(path: Path) -> None:
    from disclosure_check.checklist import load_checklist
    from disclosure_check.config import Settings
    from disclosure_check.pipeline import check_file

    result = check_file(path, load_checklist(), Settings(timeout=3600))
    assert result.error is None, result.error


def side_by_side(actions: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """Median seconds of each action, run in turn so that a change of load hits them alike."""
    timings: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(runs):
        for name, action in actions.items():
            start = time.perf_counter()
            action()
            timings[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in timings.items()}


def peak_rss_mb(path: Path) -> float:
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    args = [sys.executable, "-m", "disclosure_check", str(path), "--format", "json", "--timeout", "3600"]
    out = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, check=True).stdout
    return int(out.strip()) / 1024


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=20, help="size of the throughput text in MB (20)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--growth-base", type=int, default=100_000, help="paragraph length of the first step")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--quick", action="store_true", help="2 MB, 1 run, small growth steps, no memory")
    options = parser.parse_args()
    if options.quick:
        options.mb, options.runs, options.growth_base, options.skip_memory = 2, 1, 25_000, True
    results: dict[str, object] = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
                   f"Python {platform.python_version()}",
        "load_before": load(),
    }
    print(f"{results['date']} · {results['machine']} · load {results['load_before']}", flush=True)
    with tempfile.TemporaryDirectory(prefix="dc-text-bench-") as temp:
        folder = Path(temp)
        big = folder / "report.txt"
        big.write_text(repeated(options.mb * MB), encoding="utf-8")
        check(SAMPLE)  # imports, checklist, automaton
        floor(SAMPLE)
        times = side_by_side({"floor": lambda: floor(big), "check": lambda: check(big)}, options.runs)
        results["throughput"] = {"bytes": big.stat().st_size, **times, "ratio": times["check"] / times["floor"]}
        print(f"throughput {big.stat().st_size / MB:.1f} MB: floor {times['floor']:.2f} s, check "
              f"{times['check']:.2f} s = {times['check'] / times['floor']:.2f}× the floor "
              f"({big.stat().st_size / MB / times['check']:.1f} MB/s)", flush=True)

        size = max(1, options.mb // 4) * MB
        text = repeated(size)
        title, _, body = text.partition("\n")
        variants = {"kept": text, "removed": text.replace("\n", ""), "title kept": title + "\n" + body.replace("\n", "")}
        paths = {}
        for name, content in variants.items():
            paths[name] = folder / f"breaks-{name.replace(' ', '-')}.txt"
            paths[name].write_text(content, encoding="utf-8")
        times = side_by_side({name: (lambda p=p: check(p)) for name, p in paths.items()}, options.runs)
        results["line_breaks"] = {"bytes": size, **times}
        print(f"line breaks, {size / MB:.0f} MB: kept {times['kept']:.2f} s, all removed {times['removed']:.2f} s "
              f"({times['removed'] / times['kept']:.2f}×), all but the title's removed {times['title kept']:.2f} s "
              f"({times['title kept'] / times['kept']:.2f}×)", flush=True)

        steps = [options.growth_base * 2**n for n in range(4)]
        paths = {}
        for chars in steps:
            paths[chars] = folder / f"paragraph-{chars}.txt"
            paths[chars].write_text(one_paragraph(chars), encoding="utf-8")
        times = side_by_side({str(chars): (lambda p=p: check(p)) for chars, p in paths.items()}, options.runs)
        results["growth"] = times
        line = ", ".join(f"{int(c):,} chars {s:.2f} s" for c, s in times.items())
        values = list(times.values())
        factors = ", ".join(f"{b / a:.2f}×" for a, b in zip(values, values[1:], strict=False))
        print(f"one paragraph: {line}; per doubling {factors}", flush=True)

        if not options.skip_memory:
            rss = {}
            for mb in (20, 50):
                path = folder / f"memory-{mb}.txt"
                path.write_text(repeated(mb * MB), encoding="utf-8")
                rss[mb] = peak_rss_mb(path)
                path.unlink()
            results["peak_rss_mb"] = rss
            print("peak RSS, CLI --format json: " + ", ".join(f"{mb} MB text {v:.0f} MB" for mb, v in rss.items()))
    results["load_after"] = load()
    print(f"load {results['load_after']}")
    out = ROOT / "benchmarks" / "out"
    out.mkdir(exist_ok=True)
    (out / "text.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
