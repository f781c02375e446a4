import sys
from datetime import date

import pytest

from disclosure_check.text import cn_number, find_dates, find_periods, half_width, key, keyed, title_year


def test_key_ignores_punctuation_spacing_width_and_script():
    assert key("授予博士、硕士、学士学位的基本要求") == key("授予博士硕士学士学位的 基本\n要求")
    assert key("學術不端行為查處機制") == key("学术不端行为查处机制")
    assert key("（一）ＯＡ系统") == key("(一)oa系统")


def test_key_offsets_map_back_to_the_original_text():
    original = "近日，學校 公布了「授予博士、硕士学位」要求"
    keyed_text = keyed(original)
    start = keyed_text.key.index("授予博士硕士学位")
    s, e = keyed_text.span(start, start + len("授予博士硕士学位"))
    assert original[s:e] == "授予博士、硕士学位"
    s, e = keyed_text.span(keyed_text.key.index("学校"), keyed_text.key.index("学校") + 2)
    assert original[s:e] == "學校"


def test_half_width_maps_each_full_width_ascii_character_and_nothing_else():
    full = "".join(chr(code) for code in range(0xFF01, 0xFF5F))
    assert half_width(full) == "".join(chr(code) for code in range(0x21, 0x7F))
    assert half_width("２０２３年，学校（本部）：１２％；「全角」　ｑ！") == "2023年,学校(本部):12%;「全角」　q!"
    assert half_width("学校。") == "学校。"


@pytest.mark.parametrize(("text", "start", "end", "kind", "stated"), [
    ("本报告所列数据的统计期限自2022年9月1日起至2023年8月31日止。", date(2022, 9, 1), date(2023, 8, 31), "academic_year", True),
    ("2023年1月1日至11月24日，在校园网发布综合新闻信息290余条", date(2023, 1, 1), date(2023, 11, 24), "custom", False),
    ("统计时间为2022.9.1-2023.8.31。", date(2022, 9, 1), date(2023, 8, 31), "academic_year", True),
    ("二〇二二年九月一日至二〇二三年八月三十一日", date(2022, 9, 1), date(2023, 8, 31), "academic_year", False),
    ("数据统计区间：2022-09-01至2023-08-31", date(2022, 9, 1), date(2023, 8, 31), "academic_year", True),
    ("2021-2022学年，学校共发布信息", date(2021, 9, 1), date(2022, 8, 31), "academic_year", False),
    ("2021—2022学年度", date(2021, 9, 1), date(2022, 8, 31), "academic_year", False),
    ("统计期限为2025年1月1日至10月31日", date(2025, 1, 1), date(2025, 10, 31), "custom", True),
    ("报告期为2023年1月1日至2023年12月31日", date(2023, 1, 1), date(2023, 12, 31), "calendar_year", True),
])
def test_period_spellings(text, start, end, kind, stated):
    (period,) = find_periods(text, context_year=2023)
    assert (period.start, period.end, period.kind, period.stated) == (start, end, kind, stated)


def test_month_day_range_takes_the_context_year():
    (period,) = find_periods("自9月1日至12月31日", context_year=2024)
    assert (period.start, period.end) == (date(2024, 9, 1), date(2024, 12, 31))


def test_dates_and_numbers():
    assert [d for d, _, _ in find_dates("截至11月24日，2023年10月30日发布，2023.1.5更新", 2023)] == [
        date(2023, 11, 24), date(2023, 10, 30), date(2023, 1, 5)]
    assert find_dates("2023年2月30日") == []
    assert (cn_number("二〇二三"), cn_number("十一"), cn_number("三十一"), cn_number("十")) == (2023, 11, 31, 10)


def test_title_year():
    assert title_year("湖南科技学院2023年度信息公开工作报告") == 2023
    assert title_year("某大学2021-2022学年信息公开年度报告") == 2022
    assert title_year("信息公开年度报告") is None


def test_cn_number_ignores_digit_like_characters_int_rejects():
    # Found by tests/test_fuzz.py: '²'.isdigit() is True but int('²') raises.
    from disclosure_check.text import cn_number

    assert cn_number("²") is None and cn_number("２０２３") == 2023


def test_lone_surrogates_from_broken_decodes_keep_offsets():
    keyed_text = keyed("\ud800學校\udfff公开")
    assert keyed_text.key == "\ufffd学校\ufffd公开" and list(keyed_text.origin) == [0, 1, 2, 3, 4, 5]


def test_the_vector_fold_of_a_large_text_is_the_translate_fold_character_for_character(monkeypatch):
    """numpy's table gives what str.translate gives for every code point of the BMP (surrogates, NUL and the
    characters the key drops included) and for astral ones, across chunk boundaries, and from a table already
    part filled; without numpy the text is translated as before."""
    from disclosure_check import text

    codes = [*range(0x10000), *range(0x10000, 0x110000, 97), 0x10FFFF]
    sample = "".join(map(chr, codes))
    sample = sample + sample[::-1] + "一、主动公开情况，（二）ＯＡ系统" * 50
    expected = sample.translate(text._KEY_FOLD)
    monkeypatch.setattr(text, "_VECTOR_CHUNK", 4099)  # many chunks, each boundary inside some run
    vector = text._vector_fold()
    if vector is None:
        pytest.skip("numpy is not installed")
    assert vector.translate(sample) == expected
    assert vector.translate(sample[::3]) == sample[::3].translate(text._KEY_FOLD)
    monkeypatch.setattr(text, "_VECTOR_FOLD_LOADED_FROM", 1)
    assert text._key_fold("一、ＯＡ") == "一 oa"

    text._vector_fold.cache_clear()
    monkeypatch.setitem(sys.modules, "numpy", None)  # import numpy raises ImportError
    monkeypatch.setattr(text, "_VECTOR_FOLD_FROM", 1)
    try:
        assert text._vector_fold() is None
        assert text._key_fold("一、ＯＡ") == "一 oa"
    finally:
        text._vector_fold.cache_clear()


def test_the_offsets_of_a_long_block_by_numpy_are_those_made_run_by_run(monkeypatch):
    from disclosure_check import text

    sample = "一、主 动·公開情况（ＯＡ系统）\t2023年\n" * 3000 + "\ud800末"
    made_run_by_run = keyed(sample).origin
    monkeypatch.setattr(text, "_OFFSETS_KEPT", 100)  # the block counts as long
    monkeypatch.setattr(text, "_VECTOR_FOLD_LOADED_FROM", 1)
    if text._vector_fold() is None:
        pytest.skip("numpy is not installed")
    by_numpy = keyed(sample).origin
    assert by_numpy.typecode == "I" and by_numpy == made_run_by_run
    assert len(by_numpy) == len(keyed(sample).key)
