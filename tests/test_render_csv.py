"""CSV: UTF-8 with BOM, one row per item, formula-looking text defused."""

from __future__ import annotations

import csv
import io

from rendering import sample_result

from disclosure_check.render import csv as csv_render


def rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"))))


def test_sample_rows():
    table = rows(csv_render.render(sample_result()))
    assert table[0] == ["文件", "序号", "类别", "公开事项", "状态", "证据（引文）", "位置", "链接", "日期", "问题说明",
                        "整改建议", "已豁免"]
    assert len(table) == 51
    first = table[1]
    assert first[1:5] == ["1", "基本信息", first[3], "部分公开"] and first[6] == "第25行"
    assert first[9] == "缺少：办学规模、学科、专业、在校生、教师和专业技术人员数量"
    assert first[10] == "补充公开缺少的部分：办学规模、学科、专业、在校生、教师和专业技术人员数量"
    assert [r[4] for r in table[1:]].count("未公开") == 31


def test_formula_injection_is_defused():
    result = sample_result()
    evidence = result.documents[0].items[0].evidence[0]
    evidence.quote, evidence.link = "=HYPERLINK(\"http://evil\")", "@SUM(1)"
    result.documents[0].items[1].message = "-1+2"
    result.documents[0].items[4].message = "+cmd"
    table = rows(csv_render.render(result))
    assert table[1][5] == "'=HYPERLINK(\"http://evil\")" and table[1][7] == "'@SUM(1)"
    assert table[2][9] == "'-1+2" and table[5][9] == "'+cmd"
