"""Full-width dates, areas declared out of scope in one sentence, and catalog row names (issue 8)."""

from __future__ import annotations

from checking import check_text, statuses

from disclosure_check.text import find_dates, find_periods, title_year

HEAD = "测试学院２０２３年度信息公开工作报告\n"


def test_full_width_digits_state_the_period(tmp_path):
    result = check_text(tmp_path, HEAD + "统计期限：２０２２年９月１日至２０２３年８月３１日。\n")
    period = result.report.period
    assert (period.start, period.end, period.kind, period.source) == ("2022-09-01", "2023-08-31",
                                                                      "academic_year", "stated")
    assert "２０２２年９月１日至２０２３年８月３１日" in period.evidence.quote  # quoted as the author wrote it


def test_full_width_keeps_offsets():
    text = "截至２０２３年８月３１日，共２０２２－２０２３学年"
    (day, start, end), = find_dates(text)
    assert str(day) == "2023-08-31" and text[start:end] == "２０２３年８月３１日"
    academic, = [p for p in find_periods(text) if p.kind == "academic_year"]
    assert text[slice(*academic.span)] == "２０２２－２０２３学年"
    assert title_year("西岭大学２０２３年度信息公开工作报告") == 2023


SCOPED = HEAD + ("学校为高职院校，清单中研究生招生考试、拟授予同等学力人员资格审查、学位授权点审核及申报等事项"
                 "本校不涉及。\n")


def test_one_sentence_declares_whole_areas_not_applicable(tmp_path):
    result = check_text(tmp_path, SCOPED)
    got = statuses(result)
    assert [got[i] for i in (11, 12, 13, 14, 44, 45, 46)] == ["not_applicable"] * 7
    assert got[43] == "missing" and got[7] == "missing"  # undergraduate admissions and degrees are not in it
    by_id = {i.id: i for i in result.items}
    assert by_id[12].self_declared
    assert {(h.keyword, h.why) for h in by_id[12].explain.hits} == {
        ("研究生招生考试", "not_applicable:不涉及"), ("研究生招生", "not_applicable:不涉及")}


def test_a_scope_word_is_never_evidence_of_publishing(tmp_path):
    result = check_text(tmp_path, HEAD + "学校网站设有研究生招生专栏，学位授权点建设稳步推进。\n")
    got = statuses(result)
    assert [got[i] for i in (11, 12, 13, 14, 45, 46)] == ["missing"] * 6
    by_id = {i.id: i for i in result.items}
    assert [(h.keyword, h.counted, h.why) for h in by_id[11].explain.hits] == [("研究生招生", False, "scope")]


def test_a_catalog_row_name_covers_the_item_only_in_a_row(tmp_path):
    row = HEAD + "| 序号 | 事项 | 公开情况 |\n|---|---|---|\n| 9 | 历年录取成绩及录取信息查询 | 已公开 |\n"
    assert statuses(check_text(tmp_path, row, name="row.md"))[9] == "disclosed"
    text = HEAD + "招生信息网包括招生章程、招生计划、历年录取成绩等栏目。\n"
    result = check_text(tmp_path, text)
    assert statuses(result)[9] == "partial"
    nine = next(i for i in result.items if i.id == 9)
    assert ("历年录取成绩", False, "row_alias") in {(h.keyword, h.counted, h.why) for h in nine.explain.hits}
