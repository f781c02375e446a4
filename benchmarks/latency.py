"""Single-file latency, the pre-commit case: the whole process of `disclosure-check REPORT` and of
`--version`, against the interpreter's own start-up. Not a test.

    PYTHONPATH=src python benchmarks/latency.py --runs 11
    python benchmarks/latency.py --src /path/to/other/checkout/src --src src   # two trees side by side

Every command is a fresh process (`python -m disclosure_check …` with PYTHONPATH set to each tree's src), the
commands interleaved in each round, so that the machine's load falls on all alike; medians and minimums of the
wall time and of the CPU time (the process and its worker) are reported. The floor is `python -c pass` and the
imports no run can avoid (`import pydantic, typer`). Then, from one run under `-X importtime`, the imports of
the checking run by package (self time, milliseconds): in the parent and in the worker together, as both
write to the same stderr.

Python writes no bytecode when PYTHONDONTWRITEBYTECODE is set: then every run compiles every module it imports
from source. An installed wheel has its bytecode compiled at install time, so by default each tree is compiled
first (compileall, into its __pycache__ folders) and run without that variable; `--no-bytecode` runs as the
environment says.

`--no-site` runs every interpreter with -S and site-packages on PYTHONPATH instead: no .pth file runs (a
sandbox's may import certifi at every start, ~30 ms), as on a machine without them.

The command line keeps compiled patterns and its validated checklist in the user cache folder: the first,
warming run of each command fills it, as a user's first run does.
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "examples" / "huse-2023-report.docx"


def run_once(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, children included) of one process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(args, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def environment(src: Path | None, bytecode: bool, site: bool = True) -> dict[str, str]:
    env = dict(os.environ)
    paths = [str(src)] if src is not None else []
    if not site:
        import sysconfig

        paths.append(sysconfig.get_paths()["purelib"])
    if paths:
        env["PYTHONPATH"] = os.pathsep.join(paths)
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def import_breakdown(python: list[str], env: dict[str, str]) -> dict[str, float]:
    """Self time of every import in one checking run, summed by top-level package (milliseconds)."""
    done = subprocess.run([*python, "-X", "importtime", "-m", "disclosure_check", str(REPORT)], env=env,
                          cwd=ROOT, capture_output=True, text=True, check=False)
    totals: dict[str, float] = defaultdict(float)
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, _, name = (part.strip() for part in line[len("import time:"):].split("|"))
        package = name.split(".")[0]
        if package == "disclosure_check":
            package = ".".join(name.split(".")[:2])
        totals[package] += int(own) / 1000
    return dict(sorted(totals.items(), key=lambda kv: -kv[1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--src", type=Path, action="append",
                        help="a checkout's src folder (repeatable; default: this repository's)")
    parser.add_argument("--no-bytecode", dest="bytecode", action="store_false",
                        help="run as the environment says (with PYTHONDONTWRITEBYTECODE: compiling every module)")
    parser.add_argument("--no-site", dest="site", action="store_false",
                        help="python -S with site-packages on PYTHONPATH: no .pth file runs at start-up")
    parser.add_argument("--top", type=int, default=12, help="packages shown in the import breakdown")
    args = parser.parse_args()
    python = [sys.executable] if args.site else [sys.executable, "-S"]
    trees = [p.resolve() for p in args.src or [ROOT / "src"]]
    if args.bytecode:
        for tree in trees:
            compileall.compile_dir(str(tree), quiet=1)

    floor = environment(None, args.bytecode, args.site)
    commands: dict[str, tuple[list[str], dict[str, str]]] = {
        "python -c pass": ([*python, "-c", "pass"], floor),
        "import pydantic, typer": ([*python, "-c", "import pydantic, typer"], floor),
        "import pydantic, typer, rich.table": ([*python, "-c", "import pydantic, typer, rich.table"], floor),
    }
    for tree in trees:
        label = "" if len(trees) == 1 else f" [{tree}]"
        env = environment(tree, args.bytecode, args.site)
        commands[f"--version{label}"] = ([*python, "-m", "disclosure_check", "--version"], env)
        commands[f"{REPORT.name}{label}"] = ([*python, "-m", "disclosure_check", str(REPORT)], env)
    for command, env in commands.values():  # warm the page cache
        run_once(command, env)
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, (command, env) in commands.items():
            samples[name].append(run_once(command, env))

    print(f"{os.cpu_count()} cores, load {' '.join(f'{x:.2f}' for x in os.getloadavg())}, "
          f"{args.runs} runs, bytecode {'compiled' if args.bytecode else 'as the environment says'}"
          f"{'' if args.site else ', python -S (no .pth files)'}")
    print(f"{'':<52} {'wall median':>11} {'wall min':>9} {'cpu median':>11} {'cpu min':>8}")
    for name, values in samples.items():
        walls, cpus = [w for w, _ in values], [c for _, c in values]
        print(f"{name:<52} {statistics.median(walls):>11.3f} {min(walls):>9.3f} "
              f"{statistics.median(cpus):>11.3f} {min(cpus):>8.3f}")
    for tree in trees:
        breakdown = import_breakdown(python, environment(tree, args.bytecode, args.site))
        shown = list(breakdown.items())[:args.top]
        rest = sum(list(breakdown.values())[args.top:])
        print(f"\nimports of one check by package, self ms (sum {sum(breakdown.values()):.0f}) [{tree}]:")
        print("  " + ", ".join(f"{name} {ms:.1f}" for name, ms in shown) + f", others {rest:.1f}")


if __name__ == "__main__":
    main()
