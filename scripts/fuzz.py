"""Long fuzzing runs of the readers and the text normaliser (Hypothesis with a big budget).

    nice python scripts/fuzz.py --cases 100000            # readers
    nice python scripts/fuzz.py --cases 100000 --text     # text.keyed/display/find_periods…
    nice python scripts/fuzz.py --cases 20000 --config    # settings TOML, checklist YAML, JSON results

Each case is a mutated real document (tests/fuzzing.py) read through `read_document`; the only acceptable
failure is InputError. The first other exception stops the run, saves the input under fuzz-failures/ and
exits 1. Prints the count of cases, their outcomes and the time taken.
"""

from __future__ import annotations

import argparse
import collections
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "src")]

import fuzzing  # noqa: E402
from hypothesis import HealthCheck, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--text", action="store_true", help="fuzz the text normaliser instead of the readers")
    parser.add_argument("--config", action="store_true",
                        help="fuzz settings files, checklists and JSON results (--baseline, diff) instead")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--isolate-pdf", action="store_true",
                        help="parse PDFs in a forked child as the CLI does (3x slower; a pdfium abort is then "
                             "an InputError instead of ending the run)")
    args = parser.parse_args()
    if not args.isolate_pdf:
        os.environ["DISCLOSURE_CHECK_PDF_INPROCESS"] = "1"
    outcomes: collections.Counter[str] = collections.Counter()
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="disclosure-check-fuzz-"))
    chosen = settings(max_examples=args.cases, deadline=None, database=None, derandomize=args.seed is None,
                      suppress_health_check=list(HealthCheck), print_blob=True)

    def config(test):  # type: ignore[no-untyped-def]
        return chosen(test) if args.seed is None else seed(args.seed)(chosen(test))

    def report() -> None:
        done = sum(outcomes.values())
        print(f"{done} cases in {time.monotonic() - started:.0f} s: {dict(outcomes)}", flush=True)

    if args.text:
        @config
        @given(fuzzing.TEXT)
        def run(text: str) -> None:
            fuzzing.normalise(text)
            outcomes["ok"] += 1
            if sum(outcomes.values()) % 10_000 == 0:
                report()
    elif args.config:
        config_seeds = fuzzing.build_config_seeds(work / "seeds")
        count = iter(range(1 << 62))

        @config
        @given(fuzzing.config_files(config_seeds))
        def run(case: tuple[str, bytes]) -> None:
            kind, data = case
            path = work / str(next(count) % 10) / f"case{kind}"
            path.parent.mkdir(exist_ok=True)
            path.with_name(".disclosure-check.toml").unlink(missing_ok=True)
            path.write_bytes(data)
            try:
                outcomes[fuzzing.load_or_input_error(kind, path)] += 1
            except Exception:
                failures = ROOT / "fuzz-failures"
                failures.mkdir(exist_ok=True)
                saved = failures / f"{int(time.time())}{kind}"
                saved.write_bytes(data)
                print(f"unexpected exception; input saved to {saved}", file=sys.stderr)
                raise
            if sum(outcomes.values()) % 1000 == 0:
                report()
    else:
        seeds = fuzzing.build_seeds(work / "seeds")

        @config
        @given(fuzzing.documents(seeds), st.integers(0, 9))
        def run(case: tuple[str, bytes], slot: int) -> None:
            suffix, data = case
            path = work / f"case{slot} 报告{suffix}"
            path.write_bytes(data)
            try:
                outcomes[fuzzing.read_or_input_error(path)] += 1
            except Exception:
                failures = ROOT / "fuzz-failures"
                failures.mkdir(exist_ok=True)
                saved = failures / f"{int(time.time())}{suffix}"
                saved.write_bytes(data)
                print(f"unexpected exception; input saved to {saved}", file=sys.stderr)
                raise
            if sum(outcomes.values()) % 1000 == 0:
                report()

    try:
        run()
    except Exception:
        traceback.print_exc()
        report()
        return 1
    report()
    print("unexpected exceptions: 0")
    return 0


if __name__ == "__main__":
    sys.exit(main())
