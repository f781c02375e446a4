"""CI behaviour end to end: --exit-zero, waivers, --baseline, formats chosen by --output, several at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
from rendering import EXAMPLE_TABLE, SAMPLE


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    return subprocess.run([sys.executable, "-m", "disclosure_check", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=120)


def waivers(tmp_path: Path, *entries: tuple[int, str]) -> None:
    text = "".join(f'[[waivers]]\nitem = {item}\nreason = "修订中"\napproved_by = "党政办公室"\nexpires = {expires}\n\n'
                   for item, expires in entries)
    (tmp_path / ".disclosure-check.toml").write_text(text, encoding="utf-8")


def test_exit_zero_keeps_output_and_usage_errors(tmp_path):
    done = run(str(SAMPLE), "--exit-zero", cwd=tmp_path)
    assert done.returncode == 0 and "缺第8部分" in done.stdout
    assert run(str(tmp_path / "absent.docx"), "--exit-zero", cwd=tmp_path).returncode == 2


def test_waivers_pass_the_run_and_are_reported_apart(tmp_path):
    assert run(str(EXAMPLE_TABLE), cwd=tmp_path).returncode == 1  # items 26 and 34 are 未公开
    waivers(tmp_path, (26, "2099-12-31"), (34, "2099-12-31"))
    done = run(str(EXAMPLE_TABLE), "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)["documents"][0]
    items = {i["id"]: i for i in document["items"]}
    assert items[26]["status"] == "missing" and items[26]["waived"] is True
    assert items[26]["waiver"] == {"reason": "修订中", "approved_by": "党政办公室", "expires": "2099-12-31"}
    assert document["summary"]["waived"] == 2 and document["summary"]["missing"] == 2


def test_expired_waiver_is_an_error(tmp_path):
    waivers(tmp_path, (26, "2020-01-01"), (34, "2099-12-31"))
    done = run(str(EXAMPLE_TABLE), "--format", "json", cwd=tmp_path)
    assert done.returncode == 1
    document = json.loads(done.stdout)["documents"][0]
    expired = [f for f in document["findings"] if f["rule"] == "waiver.expired"]
    assert expired == [{"rule": "waiver.expired", "severity": "error", "item": 26, "part": None, "locator": None,
                        "message": "第26项的豁免已于2020-01-01到期失效（批准人：党政办公室）", "evidence": [],
                        "baselined": False}]
    assert document["summary"]["waived"] == 1


def test_invalid_waiver_is_a_usage_error(tmp_path):
    (tmp_path / ".disclosure-check.toml").write_text('[[waivers]]\nitem = 26\nreason = "x"\n', encoding="utf-8")
    done = run(str(EXAMPLE_TABLE), cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "approved_by：缺少此项（必填）" in done.stderr
    waivers(tmp_path, (77, "2099-12-31"))
    done = run(str(EXAMPLE_TABLE), cwd=tmp_path)
    assert done.returncode == 2 and "77" in done.stderr and "Traceback" not in done.stderr


def test_baseline_reports_only_regressions(tmp_path):
    last = tmp_path / "last-year.json"
    last.write_text(run(str(SAMPLE), "--format", "json", cwd=tmp_path).stdout, encoding="utf-8")
    same = run(str(SAMPLE), "--baseline", str(last), "--format", "github", cwd=tmp_path)
    assert same.returncode == 0 and same.stdout == ""
    good = tmp_path / "good.json"
    good.write_text(run(str(EXAMPLE_TABLE), "--format", "json", cwd=tmp_path).stdout, encoding="utf-8")
    worse = run(str(SAMPLE), "--baseline", str(good), "--format", "json", cwd=tmp_path)
    assert worse.returncode == 1
    document = json.loads(worse.stdout)["documents"][0]
    items = {i["id"]: i for i in document["items"]}
    assert items[3]["baseline_status"] == "disclosed" and items[3]["regressed"] is True
    assert items[26]["baseline_status"] == "missing" and items[26]["regressed"] is False
    assert items[11]["baseline_status"] == "not_applicable" and items[11]["status"] == "missing"
    assert document["summary"]["regressed"] == sum(1 for i in items.values() if i["regressed"])
    assert [f["baselined"] for f in document["findings"]] == [False] * 3  # structure errors, parts-sum: new


def test_bad_baseline_is_one_line(tmp_path):
    bad = tmp_path / "last.json"
    bad.write_text("{not json", encoding="utf-8")
    done = run(str(SAMPLE), "--baseline", str(bad), cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.strip().endswith("不是有效的 JSON 结果文件（或嵌套过深、含多个文档）")


def test_output_suffix_and_several_formats(tmp_path):
    done = run(str(SAMPLE), "--output", "gaps.xlsx", cwd=tmp_path)
    assert done.returncode == 1 and "缺第8部分" in done.stdout  # the table still goes to the terminal
    book = openpyxl.load_workbook(tmp_path / "gaps.xlsx")
    facts = {row[0].value: row[1].value for row in book["汇总"].iter_rows(min_row=13, max_col=2)}
    assert facts["命令"] == "disclosure-check " + str(SAMPLE) + " --output gaps.xlsx"
    done = run(str(SAMPLE), "--format", "sarif", "--output", "results.sarif", "--format", "table", cwd=tmp_path)
    assert done.returncode == 1 and "缺第8部分" in done.stdout
    assert json.loads((tmp_path / "results.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"
    done = run(str(SAMPLE), "--format", "json", "--format", "xlsx", cwd=tmp_path)
    assert done.returncode == 2 and "--output" in done.stderr
