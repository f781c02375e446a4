"""`disclosure-check diff OLD NEW`: year over year, from reports or from JSON results."""

from __future__ import annotations

import json
from pathlib import Path

import builders
import pytest
from test_cli import run

from disclosure_check.config import Settings
from disclosure_check.diff import diff, load
from disclosure_check.errors import InputError

LINES = builders.lines_of(builders.SAMPLE)
# This year's report lost the admissions paragraph (items 7, 9, 10 partial → missing) and part 7's heading.
SHRUNK = [line for line in LINES if not line.startswith("（4）学校招生政策") and line != "七、其他需要报告的事项"]


@pytest.fixture()
def years(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "2022.txt", tmp_path / "2023.txt"
    old.write_text("\n".join(LINES), encoding="utf-8")
    new.write_text("\n".join(SHRUNK), encoding="utf-8")
    return old, new


def test_regressions_and_removed_part(years):
    old, new = years
    result = diff(load(old, Settings()), load(new, Settings()))
    assert [(c.item, c.old, c.new) for c in result.regressed] == [(7, "partial", "missing"), (9, "partial", "missing"),
                                                                  (10, "partial", "missing")]
    assert result.improved == [] and result.parts_added == [] and result.parts_removed == [7]
    assert result.worse and result.score_new < result.score_old


def test_the_other_way_round_is_improvement(years):
    old, new = years
    result = diff(load(new, Settings()), load(old, Settings()))
    assert [c.item for c in result.improved] == [7, 9, 10] and result.regressed == []
    assert result.parts_added == [7] and result.parts_removed == [] and not result.worse


def test_cli_exit_codes_and_text(years):
    old, new = years
    worse = run("diff", str(old), str(new))
    assert worse.returncode == 1, worse.stderr
    assert "退步 7." in worse.stdout and "缺失部分: 7" in worse.stdout
    assert "3 项退步 · 0 项进步 · 新增 0 部分 · 缺失 1 部分" in worse.stdout
    better = run("diff", str(new), str(old), "--lang", "en")
    assert better.returncode == 0, better.stderr
    assert "improved 9." in better.stdout and "part added: 7" in better.stdout


def test_same_report_has_no_change(years):
    old, _ = years
    done = run("diff", str(old), str(old))
    assert done.returncode == 0 and "两份报告的事项状态与结构相同" in done.stdout


def test_json_inputs_give_the_same_diff_as_reports(years, tmp_path):
    old, new = years
    for report in (old, new):
        done = run(str(report), "-f", "json", "-o", str(report.with_suffix(".json")))
        assert done.returncode == 1, done.stderr
    from_json = run("diff", str(old.with_suffix(".json")), str(new.with_suffix(".json")), "-f", "json")
    from_reports = run("diff", str(old), str(new), "-f", "json")
    assert from_json.returncode == from_reports.returncode == 1
    a, b = json.loads(from_json.stdout), json.loads(from_reports.stdout)
    assert a["old"].endswith("2022.txt") and a["new"].endswith("2023.txt")
    for key in ("regressed", "improved", "parts_added", "parts_removed", "score_old", "score_new"):
        assert a[key] == b[key], key
    # A JSON result against a report works too.
    mixed = run("diff", str(old.with_suffix(".json")), str(new), "-f", "json")
    assert json.loads(mixed.stdout)["regressed"] == b["regressed"]


def test_bad_inputs_are_one_line_exit_2(years, tmp_path):
    old, _ = years
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema_version": 1, "tool"', encoding="utf-8")
    other = tmp_path / "other.json"
    other.write_text('{"hello": 1}', encoding="utf-8")
    for path, message in ((broken, "不是有效的 JSON 结果文件"), (other, "不是 disclosure-check 的结果"),
                          (tmp_path / "nope.docx", "文件不存在")):
        done = run("diff", str(old), str(path))
        assert done.returncode == 2 and done.stderr.count("\n") == 1 and message in done.stderr, done.stderr
    with pytest.raises(InputError, match="exactly one readable document"):
        two = tmp_path / "two.json"
        done = run(str(old), str(old.with_name("2023.txt")), "-f", "json", "-o", str(two))
        load(two, Settings())
