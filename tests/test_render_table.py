"""The terminal table: widths that follow the terminal, Chinese line breaking, waivers and baseline in view,
statuses and locators in words."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from rendering import sample_result
from rich.console import Console

from disclosure_check.ci import Baseline, apply_waivers, compare
from disclosure_check.config import WaiverSetting
from disclosure_check.locators import place
from disclosure_check.render import csv, github, markdown, table
from disclosure_check.render.wrap import CLOSING, OPENING, wrap

BOX = "│┃"


def draw(result, width: int, only_gaps: bool = False) -> str:
    console = Console(width=width, record=True, no_color=True, highlight=False, file=io.StringIO())
    table.render(result, console, only_gaps=only_gaps)
    return console.export_text()


def cells(line: str) -> list[str]:
    return [cell.strip() for cell in re.split(f"[{BOX}]", line)[1:-1]]


@pytest.mark.parametrize("width", [80, 120, 160])
def test_lines_fit_and_no_wrapped_line_starts_with_closing_punctuation(width):
    text = draw(sample_result(), width)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width  # cells: CJK counts two, so check display width too
    from rich.cells import cell_len

    assert max(cell_len(line) for line in lines) <= width
    for line in lines:
        for cell in cells(line) if line[:1] in BOX else [line]:
            assert not cell or cell[0] not in CLOSING, line
            assert not cell or cell[-1] not in OPENING, line


def test_the_title_column_grows_with_the_terminal():
    def title_width(width: int) -> int:
        header = next(line for line in draw(sample_result(), width).splitlines() if "公开事项" in line)
        from rich.cells import cell_len

        return cell_len(re.split(f"[{BOX}]", header)[2])

    assert title_width(80) < title_width(120) < title_width(160)
    text = draw(sample_result(), 160)
    assert "学校发展规划、年度工作计划及重点工作安排" in text  # whole on one line at 160 columns
    assert "│    5 │ 学校发展规划、年度工  │" in draw(sample_result(), 80)  # two lines, not one cut short


def test_wrap_keeps_closing_marks_with_the_character_before():
    text = "包括学校名称、办学地点、办学性质、办学宗旨。（见附件）"
    for width in range(4, 24):
        lines = wrap_lines(text, width)
        assert "".join(lines) == text
        assert all(line[0] not in CLOSING and line[-1] not in OPENING for line in lines), (width, lines)
    assert wrap_lines("发布信息408条，其中采购公告134条", 10) == ["发布信息", "408条，其", "中采购公告", "134条"]
    assert wrap_lines("see https://example.com/a/b", 12) == ["see", "https://exam", "ple.com/a/b"]


def wrap_lines(text: str, width: int) -> list[str]:
    from rich.text import Text

    return wrap(Text(text), width).plain.split("\n")


def test_statuses_period_source_and_locators_in_words():
    text = draw(sample_result(), 80)
    assert "✔ 已公开：找到公开证据 · ◐ 部分公开：只找到其中一部分内容 · ✘ 未公开：未找到公开" in text
    assert "统计期限：2023-01-01 至 2023-11-24（正文数据所用的日期范围，见第21行）" in text
    assert "[第26行]" in text and "[L26]" not in text
    english = draw(sample_result("en"), 120)
    assert "Statistics period: 2023-01-01 to 2023-11-24 (the date range the report's figures use, line 21)" in english
    assert "[line 26]" in english
    first = " ".join(r[3] for r in row(english, 1))
    assert "lacks " in first and "missing" not in first  # a partial item's absent parts are not "missing"


def test_place_words():
    assert [place(x) for x in ("p.3", "¶24", "L12", "T1!B4", "T2!7", "清单!B7", "'清单 2'!7", "<stdin>")] == [
        "第3页", "第24段", "第12行", "表1 B4", "表2 第7行", "清单!B7", "'清单 2' 第7行", "<stdin>"]
    assert [place(x, "en") for x in ("p.3", "¶24", "L12", "T1!B4", "清单!7")] == [
        "page 3", "paragraph 24", "line 12", "table 1 B4", "清单 row 7"]


def waived_result(lang: str = "zh"):
    result = sample_result(lang)
    apply_waivers(result, [WaiverSetting(item=26, reason="修订中", approved_by="党政办公室", expires=dt.date(2099, 3, 31)),
                           WaiverSetting(item=3, reason="待审议", approved_by="校办", expires=dt.date(2020, 1, 1))])
    return result


def row(text: str, number: int) -> list[list[str]]:
    """The cells of item `number`'s row and its continuation lines."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if cells(line)[:1] == [str(number)])
    rows = [cells(lines[start])]
    for line in lines[start + 1:]:
        found = cells(line)
        if not found or found[0]:
            break
        rows.append(found)
    return rows


def test_a_waived_item_shows_its_waiver_and_a_lapsed_one_shows_it_lapsed():
    text = draw(waived_result(), 120)
    waived = row(text, 26)
    assert [r[2] for r in waived][:2] == ["✘ 未公开", "豁免"]
    assert "豁免：修订中（批准人：党政办公室，有效期至2099-03-31）" in "".join(r[3] for r in waived)
    lapsed = row(text, 3)
    assert [r[2] for r in lapsed][:2] == ["✘ 未公开", "豁免已失效"]
    assert "豁免已于2020-01-01到期失效（批准人：校办），不再豁免" in "".join(r[3] for r in lapsed)
    assert "7/50 已公开 · 12 部分公开 · 0 过时 · 31 未公开 · 0 不适用 · 1 项已豁免 · 缺第8部分" in text
    assert "错误：第3项的豁免已于2020-01-01到期失效（批准人：校办）" in text


def test_expired_waivers_are_not_shown_as_valid_in_github_csv_markdown():
    result = waived_result()
    for rendered in (github.render(result), csv.render(result).decode("utf-8-sig"), markdown.render(result)):
        assert "豁免：待审议" not in rendered and "待审议" not in rendered.replace("批准人：校办", "")
        assert "豁免已于2020-01-01到期失效（批准人：校办），不再豁免" in rendered.replace("\\-", "-")
    assert "已豁免" not in csv.render(result).decode("utf-8-sig").splitlines()[3]  # item 3's row: not waived


def test_regressions_are_marked_and_listed():
    before = sample_result()
    before.documents[0].items[2].status = "not_applicable"  # item 3 was fine last year
    before.documents[0].items[25].status = "partial"  # item 26 was partial
    result = sample_result()
    compare(result.documents[0], Baseline(before), 0)
    text = draw(result, 120)
    assert [r[2] for r in row(text, 3)][:2] == ["✘ 未公开", "↓ 退步"]
    assert "比基线退步（基线：不适用）" in "".join(r[3] for r in row(text, 3))
    assert "2 项比基线退步" in text and "比基线退步的事项：第3、26项" in text
    assert "↓" not in "".join(r[2] for r in row(text, 4))


def test_markdown_never_says_nothing_to_fix_while_items_are_missing():
    result = sample_result("en")
    gaps = [i.id for i in result.documents[0].items if i.status.value in ("partial", "stale", "missing")]
    apply_waivers(result, [WaiverSetting(item=n, reason="r", approved_by="a", expires=dt.date(2099, 1, 1))
                           for n in gaps])
    text = markdown.render(result)
    assert "No items to fix." not in text
    assert f"Nothing counts against this run; {len(gaps)} items are still not fully disclosed" in text
    result = sample_result()
    compare(result.documents[0], Baseline(sample_result()), 0)
    text = markdown.render(result)
    assert "没有需要整改的事项" not in text and "#### 与基线相比未变差的事项" in text
