"""The compiled-pattern cache (pattern_cache.py): patterns built from it are those `re` compiles, a damaged cache
costs nothing but compiling, and the command line stores and reuses it. Each case runs in a fresh interpreter:
installing the cache changes that process's `re`."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
from pathlib import Path

SAMPLE = "2023年度 第（三）部分：招生考试信息 Ab_c 2023-09-01 UNIVERSITY 大学"

# Named groups, flags, bytes, a wide CJK class, a verbose pattern and a lookbehind.
PROGRAM = r"""
import json, re, sys
from disclosure_check import pattern_cache
if sys.argv[1] != "none":
    pattern_cache.install()
SAMPLE = sys.argv[2]
patterns = [
    (r"(?P<year>(?:19|20)\d{2})\s*年度", 0),
    (r"第[（(](?P<n>[一二三四五六七八九十]+)[）)]部分", 0),
    (r"university|大学", re.IGNORECASE),
    (r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+", 0),
    (r"(?<=[：:])\s*(\S+)", 0),
    (r" (\d{4}) - (\d{2}) - (\d{2})  # a date", re.VERBOSE),
    (r"^\w+$", re.MULTILINE | re.ASCII),
]
out = []
for text, flags in patterns:
    compiled = re.compile(text, flags)
    found = [m.group() for m in compiled.finditer(SAMPLE)]
    out.append([compiled.pattern, int(compiled.flags), compiled.groups, dict(compiled.groupindex), found])
data = re.compile(rb"[\x80-\xff]+(?P<tail>\d)")
out.append([repr(data.pattern), int(data.flags), data.groups, dict(data.groupindex),
            [m.group().hex() for m in data.finditer(SAMPLE.encode("utf-8") + b"7")]])
print(json.dumps({"results": out, "added": pattern_cache._added,
                  "path": str(pattern_cache.cache_file())}, ensure_ascii=False))
"""


def run(cache: Path | str, mode: str = "cache") -> dict:
    env = {**os.environ, "DISCLOSURE_CHECK_PATTERN_CACHE": str(cache)}
    done = subprocess.run([sys.executable, "-c", PROGRAM, mode, SAMPLE], env=env, capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout)


def test_patterns_from_the_cache_are_those_re_compiles(tmp_path: Path) -> None:
    cache = tmp_path / "patterns.marshal"
    plain = run(cache, "none")
    assert plain["path"] == "None" and not cache.exists()

    cold = run(cache)
    assert cold["results"] == plain["results"]
    assert cold["path"] == str(cache)
    stored = marshal.loads(cache.read_bytes())
    assert (r"(?P<year>(?:19|20)\d{2})\s*年度", 0) in stored
    assert any(isinstance(pattern, bytes) for pattern, _ in stored)

    warm = run(cache)
    assert warm["results"] == plain["results"]
    assert warm["added"] == 0  # every pattern came from the file: nothing compiled, nothing to store


def test_a_damaged_cache_is_compiled_afresh_and_replaced(tmp_path: Path) -> None:
    cache = tmp_path / "patterns.marshal"
    plain = run(cache, "none")
    cache.write_bytes(b"\x00not marshal at all")
    assert run(cache)["results"] == plain["results"]
    assert isinstance(marshal.loads(cache.read_bytes()), dict)

    # Well-formed file, nonsense opcodes: _sre refuses them, and the pattern is compiled as usual.
    stored = marshal.loads(cache.read_bytes())
    for key, (flags, _code, groups, groupindex, indexgroup) in stored.items():
        stored[key] = (flags, b"\x07\x00\x00\x00" * 3, groups, groupindex, indexgroup)
    cache.write_bytes(marshal.dumps(stored))
    again = run(cache)
    assert again["results"] == plain["results"]
    assert again["added"] == len(stored)  # compiled afresh, and stored again at exit
    assert run(cache)["added"] == 0


def test_no_cache_when_the_setting_says_none(tmp_path: Path) -> None:
    assert run("")["path"] == "None"
    assert run("0")["path"] == "None"


def test_the_command_line_stores_its_patterns_and_reads_them_back(tmp_path: Path) -> None:
    cache = tmp_path / "patterns.marshal"
    report = tmp_path / "report.txt"
    report.write_text("湖南科技学院2023年信息公开年度报告\n一、概述\n本年度学校主动公开信息。\n", encoding="utf-8")
    env = {**os.environ, "DISCLOSURE_CHECK_PATTERN_CACHE": str(cache)}
    command = [sys.executable, "-m", "disclosure_check", str(report), "-f", "json"]
    cold = subprocess.run(command, env=env, capture_output=True, check=False)
    stored = marshal.loads(cache.read_bytes())
    warm = subprocess.run(command, env=env, capture_output=True, check=False)
    assert (warm.returncode, warm.stdout, warm.stderr) == (cold.returncode, cold.stdout, cold.stderr)
    assert cold.returncode in (0, 1) and cold.stdout
    # The worker's patterns too (the rules compile theirs in the worker): it saves them itself.
    assert len(stored) > 100
    assert len(marshal.loads(cache.read_bytes())) == len(stored)


def test_a_cache_grown_past_its_bound_keeps_what_the_last_run_used(tmp_path: Path) -> None:
    from disclosure_check.pattern_cache import MAX_ENTRIES

    cache = tmp_path / "patterns.marshal"
    run(cache)
    used = marshal.loads(cache.read_bytes())
    entry = next(iter(used.values()))
    stale = {(f"pattern of an older version {n}", 0): entry for n in range(MAX_ENTRIES)}
    cache.write_bytes(marshal.dumps(stale))  # full of patterns no run compiles any more
    assert run(cache)["added"] == len(used)
    assert marshal.loads(cache.read_bytes()).keys() == used.keys()
