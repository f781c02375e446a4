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


def test_duplicate_item_id(tmp_path: Path) -> None:
    data = _small()
    data["items"][2]["id"] = 2
    problems = validate_file(_write(tmp_path, data))
    assert len(problems) == 1
    assert problems[0].startswith("items: ")
    assert "duplicates [2]" in problems[0]
    assert "absent [3]" in problems[0]


def test_item_id_gap(tmp_path: Path) -> None:
    data = _small()
    data["items"][2]["id"] = 4
    problems = validate_file(_write(tmp_path, data))
    assert len(problems) == 1
    assert problems[0].startswith("items: ")
    assert "duplicates []" in problems[0]
    assert "absent [3]" in problems[0]


def test_duplicate_category_id(tmp_path: Path) -> None:
    data = _small()
    data["categories"][1]["id"] = 1
    problems = validate_file(_write(tmp_path, data))
    assert any(p.startswith("categories: duplicate category id") for p in problems)


def test_item_in_undeclared_category(tmp_path: Path) -> None:
    data = _small()
    data["items"][2]["category"] = 7
    problems = validate_file(_write(tmp_path, data))
    assert "items.2.category: 7 is not a declared category" in problems
    # the category it left now has fewer items than it declares
    assert any(p.startswith("categories.1.count: ") for p in problems)


def test_category_count_mismatch(tmp_path: Path) -> None:
    data = _small()
    data["categories"][0]["count"] = 3
    problems = validate_file(_write(tmp_path, data))
    assert problems == ["categories.0.count: declares 3 items, has 2"]


def test_empty_keyword_list(tmp_path: Path) -> None:
    data = _small()
    data["items"][1]["facets"][0]["keywords"] = []
    problems = validate_file(_write(tmp_path, data))
    assert len(problems) == 1
    assert problems[0].startswith("items.1.facets.0.keywords: ")


def test_blank_keyword(tmp_path: Path) -> None:
    data = _small()
    data["items"][0]["facets"][0]["keywords"] = ["好词", "   "]
    problems = validate_file(_write(tmp_path, data))
    assert len(problems) == 1
    assert problems[0].startswith("items.0.facets.0.keywords.1: ")


def test_empty_facet_list(tmp_path: Path) -> None:
    data = _small()
    data["items"][0]["facets"] = []
    problems = validate_file(_write(tmp_path, data))
    assert [p.split(":")[0] for p in problems] == ["items.0.facets"]


def test_unknown_field(tmp_path: Path) -> None:
    data = _small()
    data["items"][0]["keyword"] = ["拼错的字段"]
    data["categories"][1]["colour"] = "red"
    problems = validate_file(_write(tmp_path, data))
    assert sorted(p.split(":")[0] for p in problems) == ["categories.1.colour", "items.0.keyword"]
    assert all("Extra inputs are not permitted" in p for p in problems)


def test_unknown_top_level_field(tmp_path: Path) -> None:
    data = _small()
    data["version"] = 2
    problems = validate_file(_write(tmp_path, data))
    assert [p.split(":")[0] for p in problems] == ["version"]


def test_missing_required_field(tmp_path: Path) -> None:
    data = _small()
    del data["items"][1]["title"]
    del data["categories"][0]["name_en"]
    problems = validate_file(_write(tmp_path, data))
    assert sorted(problems) == ["categories.0.name_en: Field required", "items.1.title: Field required"]


def test_missing_items(tmp_path: Path) -> None:
    data = _small()
    del data["items"]
    assert validate_file(_write(tmp_path, data)) == ["items: Field required"]


def test_bad_enum_value(tmp_path: Path) -> None:
    data = _small()
    data["items"][0]["cadence"] = "weekly"
    data["items"][2]["applies_to"] = "undergraduate"
    problems = validate_file(_write(tmp_path, data))
    assert sorted(p.split(":")[0] for p in problems) == ["items.0.cadence", "items.2.applies_to"]


def test_several_consistency_problems_are_reported_separately(tmp_path: Path) -> None:
    data = _small()
    data["items"][0]["category"] = 9
    data["categories"][1]["count"] = 5
    problems = validate_file(_write(tmp_path, data))
    assert "items.0.category: 9 is not a declared category" in problems
    assert "categories.0.count: declares 2 items, has 1" in problems
    assert "categories.1.count: declares 5 items, has 1" in problems
    assert all(": " in p and not p.startswith(": ") for p in problems)


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
    problems = validate_file(_write(tmp_path, ["a", "list"]))
    assert len(problems) == 1
    assert "dictionary" in problems[0]
