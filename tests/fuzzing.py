"""Mutated documents for fuzzing the readers and the text normaliser; shared by tests/test_fuzz.py (bounded,
in CI) and scripts/fuzz.py (long local runs).

Seeds are real documents built by builders.py. A case picks a seed and a suffix and applies a few mutations:
byte flips, cuts, insertions and splices on the raw bytes, or — for zip packages, where a flipped byte only
breaks a CRC — the same mutations on one member's XML, re-zipped. The only acceptable failure of a reader is
InputError; anything else is a bug.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import builders
from hypothesis import strategies as st

from disclosure_check.config import Limits
from disclosure_check.errors import InputError
from disclosure_check.readers import read_document

SUFFIXES = (".docx", ".xlsx", ".pdf", ".html", ".txt", ".md", ".doc", "")
LINES = ["某某大学2023年度信息公开工作报告", "一、概述", "学校严格执行《高等学校信息公开办法》，统计期限为2022年9月1日至2023年8月31日。",
         "（一）主动公开情况", "本年度通过学校网站公开招生章程、收费项目及标准、学籍管理办法等信息。",
         "二、主动公开情况", "三、依申请公开情况", "八、其他需要报告的事项"]
TABLE = [["序号", "公开事项", "公开情况"], ["1", "学校章程及规章制度", ("已公开", "https://xxgk.example.edu.cn/1")],
         ["2", "招生章程", None], ["3", "收支预算总表", "未公开"]]
# Small limits keep a mutated "bomb" cheap; the fuzzer tests robustness, not the defaults.
LIMITS = Limits(max_unzip_mb=20, max_members=500, max_pages=50, timeout=20.0)


def build_seeds(folder: Path) -> dict[str, bytes]:
    folder.mkdir(parents=True, exist_ok=True)
    seeds = {
        ".docx": builders.to_docx(LINES, folder / "s.docx", tables=[TABLE]).read_bytes(),
        ".xlsx": builders.to_xlsx({"清单": [row for row in TABLE if None not in row]}, folder / "s.xlsx",
                                  merges={"清单": ["C3:C4"]}).read_bytes(),
        ".html": builders.to_html(LINES, folder / "s.html", tables=[TABLE]).read_bytes(),
        ".txt": "\n".join(LINES).encode("utf-8"),
        ".md": ("# " + "\n\n".join(LINES) + "\n\n| 序号 | 事项 |\n|---|---|\n| 1 | 招生章程 |\n").encode("gb18030"),
        ".pdf": builders.raw_pdf(folder / "s.pdf", "Annual report 2023 / 2022-09-01", image=True).read_bytes(),
    }
    return seeds


def _mutate(data: bytes, ops: list[tuple[int, int, int, bytes]]) -> bytes:
    buf = bytearray(data)
    for kind, a, b, chunk in ops:
        if not buf:
            buf += chunk
            continue
        i, j = a % len(buf), b % len(buf)
        if kind == 0:  # flip bytes
            for k in range(i, min(len(buf), i + 1 + b % 8)):
                buf[k] ^= (chunk[0] if chunk else 0xFF) or 1
        elif kind == 1:  # cut
            del buf[i:i + 1 + j % 4096]
        elif kind == 2:  # insert
            buf[i:i] = chunk
        elif kind == 3:  # truncate
            del buf[i:]
        else:  # duplicate a slice elsewhere (splice)
            lo, hi = sorted((i, j))
            buf[i:i] = buf[lo:hi][:4096]
    return bytes(buf)


def _mutate_member(data: bytes, pick: int, ops: list[tuple[int, int, int, bytes]]) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            members = [(info.filename, source.read(info)) for info in source.infolist()]
    except Exception:
        return _mutate(data, ops)
    index = pick % len(members)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for n, (name, body) in enumerate(members):
            target.writestr(name, _mutate(body, ops) if n == index else body)
    return out.getvalue()


_OPS = st.lists(st.tuples(st.integers(0, 4), st.integers(0, 1 << 30), st.integers(0, 1 << 30),
                          st.binary(min_size=0, max_size=64)), min_size=0, max_size=6)


@st.composite
def documents(draw, seeds: dict[str, bytes]) -> tuple[str, bytes]:
    """(suffix, bytes): a mutated seed under any suffix, or random bytes."""
    suffix = draw(st.sampled_from(SUFFIXES))
    source = draw(st.sampled_from(sorted(seeds) + ["random"]))
    if source == "random":
        return suffix, draw(st.binary(max_size=2048))
    data = seeds[source]
    ops = draw(_OPS)
    if source in (".docx", ".xlsx") and draw(st.booleans()):
        return suffix, _mutate_member(data, draw(st.integers(0, 100)), ops)
    return suffix, _mutate(data, ops)


def read_or_input_error(path: Path) -> str:
    """'ok', 'needs_ocr' or 'input-error'; any other exception propagates (the fuzzer's finding)."""
    try:
        document = read_document(path, LIMITS)
    except InputError as error:
        assert error.message("zh") and "\n" not in error.message("en")
        return "input-error"
    assert all(block.text for block in document.blocks)
    return "needs_ocr" if document.needs_ocr else "ok"


TEXT = st.text(alphabet=st.one_of(st.characters(), st.sampled_from("一二〇零年月日至学年度第号、，。：（）()-—.0123456789")),
               max_size=200)


def normalise(text: str) -> None:
    """The normaliser's promises: keyed offsets map back into the original; nothing raises."""
    from disclosure_check import text as t

    k = t.keyed(text)
    assert len(k.origin) == len(k.key)
    assert all(0 <= i < len(text) for i in k.origin) and list(k.origin) == sorted(k.origin)
    if k.key:
        start, end = k.span(0, len(k.key))
        assert 0 <= start < end <= len(text)
    t.display(text)
    t.find_periods(text)
    t.find_dates(text)
    t.cn_number(text)
    t.title_year(text)


# --- settings files and JSON results ----------------------------------------------------------------------------
# What a user hands the tool besides documents: the settings TOML, a checklist YAML, a previous --format json
# result (--baseline, diff). Mutated like documents; the only acceptable failure is InputError, and a
# checklist's `validate` may also report problems.

SETTINGS = """year = 2023
not-applicable = ["11-14", "graduate"]
reason = "本校无研究生教育"
fail-on = "warning"
lang = "en"
timeout = 60
max-text-mb = 50

[[waivers]]
item = 7
reason = "招生章程在省招生网公开"
approved_by = "信息公开办公室"
expires = 2030-01-01
"""


def build_config_seeds(folder: Path) -> dict[str, bytes]:
    """'.toml' settings, '.yaml' the built-in checklist, '.json' a real result of checking LINES."""
    from disclosure_check.checklist import DEFAULT_CHECKLIST, builtin_dir, load_checklist
    from disclosure_check.config import Settings
    from disclosure_check.pipeline import check_file
    from disclosure_check.result import RunResult, ToolInfo

    report = folder / "r.txt"
    folder.mkdir(parents=True, exist_ok=True)
    report.write_text("\n".join(LINES), encoding="utf-8")
    document = check_file(report, load_checklist(), Settings())
    result = RunResult(tool=ToolInfo(version="0", checklist="moe-2014"), documents=[document])
    return {".toml": SETTINGS.encode("utf-8"), ".yaml": (builtin_dir() / DEFAULT_CHECKLIST).read_bytes(),
            ".json": result.model_dump_json(indent=2).encode("utf-8")}


@st.composite
def config_files(draw, seeds: dict[str, bytes]) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(sorted(seeds)))
    if draw(st.integers(0, 9)) == 0:
        return kind, draw(st.binary(max_size=1024))
    return kind, _mutate(seeds[kind], draw(_OPS))


def load_or_input_error(kind: str, path: Path) -> str:
    """'ok' or 'input-error' (a checklist's validate may also say 'problems'); anything else propagates."""
    from disclosure_check import checklist
    from disclosure_check.ci import load_baseline
    from disclosure_check.config import load_settings
    from disclosure_check.diff import _from_json

    try:
        if kind == ".toml":
            target = path.with_name(".disclosure-check.toml")
            path.replace(target)
            load_settings(path.parent, {})
        elif kind == ".yaml":
            problems = checklist.validate_file(path)
            checklist._cached.cache_clear()
            try:
                checklist.load_checklist(path)
            except InputError:
                if problems:
                    return "problems"
                raise
            return "problems" if problems else "ok"
        else:
            load_baseline(path)
            _from_json(path)
    except InputError as error:
        assert error.message("zh") and "\n" not in error.message("en")
        return "input-error"
    return "ok"
