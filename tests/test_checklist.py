"""Loading and validating checklist files: the built-in MOE 2014 checklist and broken files."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from disclosure_check.checklist import (
    Applicability,
    Cadence,
    Checklist,
    builtin_dir,
    load_checklist,
    validate_file,
)
from disclosure_check.errors import InputError

BUILTIN = builtin_dir() / "moe-2014.yaml"

# Official wording from 教办函〔2014〕23号 as universities reproduce it.
OFFICIAL_TITLES = {
    1: "办学规模、校级领导班子简介及分工、学校机构设置、学科情况、专业情况、各类在校生情况、教师和专业技术人员数量等办学基本情况",
    3: "教职工代表大会相关制度、工作报告",
    6: "信息公开年度报告",
    7: "招生章程及特殊类型招生办法，分批次、分科类招生计划",
    19: "收支预算总表、收入预算表、支出预算表、财政拨款支出预算表",
    21: "收费项目、收费依据、收费标准及投诉方式",
    23: "校级领导干部因公出国（境）情况",
    37: "学生奖学金、助学金、学费减免、助学贷款、勤工俭学的申请与管理规定",
    43: "授予博士、硕士、学士学位的基本要求",
    50: "自然灾害等突发事件的应急处理预案、预警信息和处置情况，涉及学校的重大事件的调查和处理情况",
}


@pytest.fixture(scope="module")
def checklist() -> Checklist:
    return load_checklist()


@pytest.fixture(scope="module")
def raw() -> dict:
    return yaml.safe_load(BUILTIN.read_text(encoding="utf-8"))


# --- the built-in checklist ---------------------------------------------------------------------------------


def test_builtin_file_is_valid() -> None:
    assert BUILTIN.is_file()
    assert validate_file(BUILTIN) == []


def test_header(checklist: Checklist) -> None:
    assert checklist.id == "moe-2014"
    assert checklist.title == "高等学校信息公开事项清单"
    assert checklist.title_en
    assert checklist.source == "教办函〔2014〕23号"


def test_fifty_items_in_ten_categories(checklist: Checklist) -> None:
    assert [i.id for i in checklist.items] == list(range(1, 51))
    assert [c.id for c in checklist.categories] == list(range(1, 11))
    assert [c.count for c in checklist.categories] == [6, 8, 7, 5, 9, 4, 3, 4, 2, 2]
    for category in checklist.categories:
        assert sum(1 for i in checklist.items if i.category == category.id) == category.count


def test_items_follow_category_order(checklist: Checklist) -> None:
    assert [i.category for i in checklist.items] == sorted(i.category for i in checklist.items)
    assert checklist.category(3).name == "财务、资产及收费信息"
    assert checklist.item(15).category == 3


def test_item_1_has_seven_facets(checklist: Checklist) -> None:
    assert [f.name for f in checklist.item(1).facets] == [
        "办学规模",
        "校级领导班子简介及分工",
        "机构设置",
        "学科",
        "专业",
        "在校生",
        "教师和专业技术人员数量",
    ]


@pytest.mark.parametrize(("item_id", "facets"), [(19, 4), (20, 4), (21, 4), (37, 5), (6, 1), (36, 1)])
def test_list_items_have_one_facet_per_element(checklist: Checklist, item_id: int, facets: int) -> None:
    assert len(checklist.item(item_id).facets) == facets


def test_every_item_has_facets_with_keywords(checklist: Checklist) -> None:
    for item in checklist.items:
        assert item.facets, item.id
        assert item.title_en.strip(), item.id
        for facet in item.facets:
            assert facet.keywords, (item.id, facet.name)
            assert facet.name_en.strip(), (item.id, facet.name)
            assert all(k.strip() for k in facet.keywords), (item.id, facet.name)


def test_title_is_never_repeated_as_alias(checklist: Checklist) -> None:
    for item in checklist.items:
        assert item.title not in item.aliases, item.id


def test_applicability(checklist: Checklist) -> None:
    graduate = {i.id for i in checklist.items if i.applies_to is Applicability.graduate}
    degree = {i.id for i in checklist.items if i.applies_to is Applicability.degree}
    assert graduate == {11, 12, 13, 14, 44}
    assert degree == {45, 46}
    assert checklist.item(43).applies_to is Applicability.all
    assert checklist.item(1).applies_to is Applicability.all


def test_cadence(checklist: Checklist) -> None:
    for item_id in (1, 6, 33, 34, 35):
        assert checklist.item(item_id).cadence is Cadence.annual
    for item_id in (19, 20):
        assert checklist.item(item_id).cadence is Cadence.fiscal_year
    for item_id in range(7, 15):
        assert checklist.item(item_id).cadence is Cadence.admissions_cycle
    for item_id in (49, 50):
        assert checklist.item(item_id).cadence is Cadence.event
    assert "20日" in checklist.item(19).cadence_note


@pytest.mark.parametrize(("item_id", "title"), sorted(OFFICIAL_TITLES.items()))
def test_titles_are_the_official_wording(checklist: Checklist, item_id: int, title: str) -> None:
    assert checklist.item(item_id).title == title


def test_staff_congress_bare_name_is_only_a_channel_keyword(checklist: Checklist) -> None:
    item = checklist.item(3)
    assert "教职工代表大会" in item.channel_keywords
    facet_keywords = {k for f in item.facets for k in f.keywords}
    assert "教职工代表大会" not in facet_keywords
    assert "教代会" not in facet_keywords


def test_load_checklist_from_explicit_path(tmp_path: Path, raw: dict) -> None:
    path = tmp_path / "copy.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    assert len(load_checklist(path).items) == 50


def test_load_checklist_rejects_invalid_file(tmp_path: Path, raw: dict) -> None:
    data = copy.deepcopy(raw)
    data["items"][0]["facets"][0]["keywords"] = []
    path = tmp_path / "invalid.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError, match="items.0.facets.0.keywords"):
        load_checklist(path)


# --- validate_file on broken files --------------------------------------------------------------------------


def _small() -> dict:
    """A valid two-category, three-item checklist to break."""

    def item(number: int, category: int) -> dict:
        return {
            "id": number,
            "category": category,
            "title": f"事项{number}",
            "title_en": f"Item {number}",
            "facets": [{"name": f"要素{number}", "name_en": f"Facet {number}", "keywords": [f"关键词{number}"]}],
            "cadence": "annual",
        }

    return {
        "id": "test",
        "title": "测试清单",
        "title_en": "Test checklist",
        "categories": [
            {"id": 1, "name": "甲类", "name_en": "A", "count": 2},
            {"id": 2, "name": "乙类", "name_en": "B", "count": 1},
        ],
        "items": [item(1, 1), item(2, 1), item(3, 2)],
    }


def _write(tmp_path: Path, data: object, name: str = "checklist.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_small_fixture_is_valid(tmp_path: Path) -> None:
    assert validate_file(_write(tmp_path, _small())) == []


def _problems(tmp_path: Path, data: object) -> list[tuple[int | None, str, str]]:
    return [tuple(p) for p in validate_file(_write(tmp_path, data))]


# The small fixture's lines, as yaml.safe_dump writes it: items start at 14 (item 1), 24 (item 2), 34 (item 3).
ITEM_LINES = {1: 14, 2: 24, 3: 34}


def test_the_fixture_lines_are_where_this_file_says(tmp_path: Path) -> None:
    lines = _write(tmp_path, _small()).read_text(encoding="utf-8").splitlines()
    assert [lines[n - 1] for n in ITEM_LINES.values()] == ["- id: 1", "- id: 2", "- id: 3"]


def test_duplicate_item_id(tmp_path: Path) -> None:
    data = _small()
    data["items"][2]["id"] = 2
    assert _problems(tmp_path, data) == [
        (13, "items", "no item has id 3 (ids run 1..3, each once)"),
        (34, "item 2 (position 3 under items), id", "item id 2 is used twice (ids run 1..3, each once)")]


def test_item_id_gap(tmp_path: Path) -> None:
    data = _small()
    data["items"][2]["id"] = 4
    assert _problems(tmp_path, data) == [(13, "items", "no item has id 3 (ids run 1..3, each once)")]


def test_duplicate_category_id(tmp_path: Path) -> None:
    data = _small()
    data["categories"][1]["id"] = 1
    problems = _problems(tmp_path, data)
    assert (9, "category 1 (position 2 under categories), id", "category id 1 is used twice") in problems


def test_item_in_undeclared_category(tmp_path: Path) -> None:
    data = _small()
    data["items"][2]["category"] = 7
    assert _problems(tmp_path, data) == [
        (12, "category 2, count", "says 1 items, but 0 items have category 2"),
        (35, "item 3, category", "category 7 is not declared under categories")]


def test_category_count_mismatch(tmp_path: Path) -> None:
    data = _small()
    data["categories"][0]["count"] = 3
    assert _problems(tmp_path, data) == [(8, "category 1, count", "says 3 items, but 2 items have category 1")]


def test_empty_keyword_list(tmp_path: Path) -> None:
    data = _small()
    data["items"][1]["facets"][0]["keywords"] = []
    assert _problems(tmp_path, data) == [(31, "item 2, facet 1, keywords", "must not be empty")]


def test_blank_keyword(tmp_path: Path) -> None:
    data = _small()
    data["items"][0]["facets"][0]["keywords"] = ["好词", "   "]
    assert _problems(tmp_path, data) == [(23, "item 1, facet 1, keyword 2", "must not be blank")]


def test_empty_facet_list(tmp_path: Path) -> None:
    data = _small()
    data["items"][0]["facets"] = []
    assert _problems(tmp_path, data) == [(18, "item 1, facets", "must not be empty")]


def test_unknown_field(tmp_path: Path) -> None:
    data = _small()
    data["items"][0]["keyword"] = ["拼错的字段"]
    data["categories"][1]["colour"] = "red"
    assert [(where, what) for _, where, what in _problems(tmp_path, data)] == [
        ("category 2, colour", "is not a known field (misspelt?)"),
        ("item 1, keyword", "is not a known field (misspelt?)")]


def test_unknown_top_level_field(tmp_path: Path) -> None:
    data = _small()
    data["version"] = 2
    assert _problems(tmp_path, data) == [(44, "version", "is not a known field (misspelt?)")]


def test_missing_required_field(tmp_path: Path) -> None:
    data = _small()
    del data["items"][1]["title"]
    del data["categories"][0]["name_en"]
    assert [(where, what) for _, where, what in _problems(tmp_path, data)] == [
        ("category 1, name_en", "is required but missing"), ("item 2, title", "is required but missing")]


def test_missing_items(tmp_path: Path) -> None:
    data = _small()
    del data["items"]
    assert [(where, what) for _, where, what in _problems(tmp_path, data)] == [
        ("items", "is required but missing"),  # no line: the field is not in the file
        ("category 1, count", "says 2 items, but 0 items have category 1"),
        ("category 2, count", "says 1 items, but 0 items have category 2")]


def test_bad_enum_value(tmp_path: Path) -> None:
    data = _small()
    data["items"][0]["cadence"] = "weekly"
    data["items"][2]["applies_to"] = "undergraduate"
    assert [(where, what.split(" one of ")[0]) for _, where, what in _problems(tmp_path, data)] == [
        ("item 1, cadence", "must be"), ("item 3, applies_to", "must be")]


def test_every_problem_is_reported_in_one_run(tmp_path: Path) -> None:
    """A field error in one item does not hide the cross-checks or another item's errors."""
    data = _small()
    data["items"][0]["category"] = 9
    data["items"][1]["facets"][0]["keywords"] = []
    del data["items"][2]["title_en"]
    data["categories"][1]["count"] = 5
    assert [(where, what) for _, where, what in _problems(tmp_path, data)] == [
        ("category 1, count", "says 2 items, but 1 item has category 1"),
        ("category 2, count", "says 5 items, but 1 item has category 2"),
        ("item 1, category", "category 9 is not declared under categories"),
        ("item 2, facet 1, keywords", "must not be empty"),
        ("item 3, title_en", "is required but missing")]


def test_yaml_syntax_error_raises_input_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("id: test\nitems: [1, 2\ntitle: 未闭合\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        validate_file(path)
    assert caught.value.source == str(path)
    assert "YAML" in caught.value.message("en")
    assert "line" in caught.value.message("en")


def test_missing_file_raises_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        validate_file(tmp_path / "absent.yaml")


def test_non_utf8_file_raises_input_error(tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes("title: 高等学校信息公开事项清单\n".encode("gbk"))
    with pytest.raises(InputError, match="UTF-8"):
        validate_file(path)


def test_not_a_mapping(tmp_path: Path) -> None:
    assert _problems(tmp_path, ["a", "list"]) == [
        (1, "the file", "must be a mapping of fields (id, title, categories, items…), not list")]


STORED = r"""
import json, sys
from pathlib import Path
from disclosure_check import pattern_cache
if sys.argv[2] == "cache":
    pattern_cache.install()
from disclosure_check.checklist import load_checklist
checklist = load_checklist(Path(sys.argv[1]))
print(json.dumps({"parsed": "yaml" in sys.modules, "checklist": checklist.model_dump(mode="json")}))
"""


def test_the_command_line_keeps_a_validated_checklist_between_runs(tmp_path: Path) -> None:
    """A stored checklist is the one parsing gives, and only for the same text; a damaged one is parsed again."""
    import json
    import os
    import subprocess
    import sys

    from disclosure_check.checklist import DEFAULT_CHECKLIST, builtin_dir

    path = tmp_path / "checklist.yaml"
    path.write_text((builtin_dir() / DEFAULT_CHECKLIST).read_text(encoding="utf-8"), encoding="utf-8")
    folder = tmp_path / "cache"
    env = {**os.environ, "DISCLOSURE_CHECK_PATTERN_CACHE": str(folder / "patterns.marshal")}

    def load(mode: str = "cache") -> dict:
        done = subprocess.run([sys.executable, "-c", STORED, str(path), mode], env=env, capture_output=True,
                              text=True, check=True)
        return json.loads(done.stdout)

    plain = load("none")
    assert plain["parsed"] and not folder.exists()  # outside the command line nothing is stored
    cold, warm = load(), load()
    assert cold["parsed"] and not warm["parsed"]  # the second run read no YAML
    assert cold["checklist"] == warm["checklist"] == plain["checklist"]
    [stored] = folder.glob("checklist-*.pickle")

    path.write_text(path.read_text(encoding="utf-8").replace("高等学校信息公开事项清单", "某省高校信息公开事项清单"),
                    encoding="utf-8")
    edited = load()
    assert edited["parsed"] and edited["checklist"]["title"] == "某省高校信息公开事项清单"
    assert not load()["parsed"]

    stored.write_bytes(b"not a pickle")
    again = load()
    assert again["parsed"] and again["checklist"] == edited["checklist"]
