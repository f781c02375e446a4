"""Does every dependency install from wheels on Windows and macOS? (Not a test: it needs PyPI.)

    python scripts/check_wheels.py                 # runtime dependencies, every platform and Python below
    python scripts/check_wheels.py --extra ocr     # the runtime dependencies plus an extra

For each platform and Python it runs `pip download --only-binary=:all: --platform … --python-version …` on the
project's own requirements (read from pyproject.toml, environment markers and all), so pip resolves the whole
dependency tree as that machine would and refuses any package that would have to be compiled there. It prints
one line per combination, each wheel pip chose, and the error for a combination that fails; it exits 1 when
one fails. docs/PLATFORMS.md records the last run.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]

# pip --platform tags: a wheel built for an older macOS runs on newer ones, so several tags are offered.
PLATFORMS = {
    "windows-x64": ["win_amd64"],
    "macos-arm64": [f"macosx_{v}_0_arm64" for v in (15, 14, 13, 12, 11)] + ["macosx_11_0_universal2"],
    "macos-x64": [f"macosx_{v}_0_x86_64" for v in (15, 14, 13, 12, 11)]
    + [f"macosx_10_{v}_x86_64" for v in (15, 14, 13, 12, 11, 10, 9)] + ["macosx_10_9_universal2"],
    "linux-x64": ["manylinux2014_x86_64", "manylinux_2_17_x86_64", "manylinux_2_28_x86_64"],
}
PYTHONS = ("3.10", "3.14")  # the oldest supported and the newest released


def requirements(extras: list[str]) -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    found = list(project["dependencies"])
    for extra in extras:
        found += project["optional-dependencies"][extra]
    return found


def check(platform: str, python: str, requires: list[str], cache: Path) -> tuple[bool, str]:
    """(ok, what pip chose or which requirements have no wheel) for one platform and Python."""
    ok, detail = _download(platform, python, requires, cache)
    if ok or len(requires) == 1:
        return ok, detail
    # pip stops at the first requirement it cannot satisfy: ask for each one alone to name them all.
    missing = [r for r in requires if not _download(platform, python, [r], cache, deps=False)[0]]
    return False, "no wheel: " + ", ".join(missing) if missing else detail


def _download(platform: str, python: str, requires: list[str], cache: Path, deps: bool = True) -> tuple[bool, str]:
    with tempfile.TemporaryDirectory() as dest:
        command = [sys.executable, "-m", "pip", "download", "--only-binary=:all:", "--python-version", python,
                   "--implementation", "cp", "--dest", dest, "--cache-dir", str(cache), "--quiet",
                   "--disable-pip-version-check", "--no-input"]
        command += [] if deps else ["--no-deps"]
        for tag in PLATFORMS[platform]:
            command += ["--platform", tag]
        environment = {**os.environ, "PIP_FIND_LINKS": "", "PIP_EXTRA_INDEX_URL": ""}  # PyPI only
        done = subprocess.run([*command, *requires], capture_output=True, text=True, env=environment)
        if done.returncode != 0:
            lines = [line for line in done.stderr.splitlines() if line.startswith("ERROR: No matching")]
            return False, "\n".join(lines[:3]) or done.stderr[-800:]
        wheels = sorted(p.name for p in Path(dest).iterdir())
        return True, "\n".join(wheels)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--extra", action="append", default=[], help="also an optional extra (repeatable)")
    parser.add_argument("--platform", action="append", choices=sorted(PLATFORMS), help="default: all")
    parser.add_argument("--python", action="append", help=f"default: {' '.join(PYTHONS)}")
    parser.add_argument("--verbose", action="store_true", help="list every wheel pip chose")
    args = parser.parse_args()
    requires = requirements(args.extra)
    failed = 0
    with tempfile.TemporaryDirectory() as cache:
        for platform in args.platform or list(PLATFORMS):
            for python in args.python or PYTHONS:
                ok, detail = check(platform, python, requires, Path(cache))
                failed += not ok
                binary = [w for w in detail.splitlines() if ok and not re.search(r"-none-any\.whl$", w)]
                summary = f"{len(detail.splitlines())} wheels, {len(binary)} platform-specific" if ok else "FAILED"
                print(f"{platform:12} Python {python:5} {'+'.join(args.extra) or 'runtime':8} {summary}", flush=True)
                if not ok or args.verbose:
                    for line in (detail if not ok else "\n".join(binary)).splitlines():
                        print(f"    {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
