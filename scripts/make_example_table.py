"""Write examples/清单事项公开情况表-示例.xlsx: a filled-in checklist disclosure table for a fictional college.

The table has one row per item of the built-in checklist (titles come from `load_checklist()`, so the example
follows the YAML), the category column merged vertically per category, and a hyperlink in every 公开网址 cell.
示例学院 has no graduate education, so the graduate-only items are marked 不适用; two items are 未公开.
Everything else (links, dates, departments) is invented. The output is byte-for-byte reproducible.

    python scripts/make_example_table.py [OUTPUT.xlsx]
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from datetime import date, datetime
from pathlib import Path

from openpyxl.styles import Font

from disclosure_check import template
from disclosure_check.checklist import Applicability, load_checklist

INSTITUTION = "示例学院"
YEAR = 2023
BASE_URL = "https://xxgk.example.edu.cn"
OUTPUT = Path(__file__).resolve().parents[1] / "examples" / "清单事项公开情况表-示例.xlsx"
STAMP = datetime(2023, 10, 27, 9, 30, 0)  # document properties and zip entry times, for reproducible output

# URL section per category (pinyin initials, as real 信息公开网 sites use).
SECTIONS = {1: "jbxx", 2: "zsks", 3: "cwzc", 4: "rssz", 5: "jxzl", 6: "xsgl", 7: "xfjs", 8: "xwxk", 9: "dwjl", 10: "qt"}

# 责任部门 per item.
DEPARTMENTS = {
    1: "党政办公室", 2: "党政办公室", 3: "工会", 4: "科技处", 5: "发展规划处", 6: "党政办公室",
    7: "招生就业处", 8: "招生就业处", 9: "招生就业处", 10: "招生就业处",
    11: "—", 12: "—", 13: "—", 14: "—",
    15: "计划财务处", 16: "校友与发展联络办公室", 17: "国有资产管理处", 18: "资产与采购管理中心",
    19: "计划财务处", 20: "计划财务处", 21: "计划财务处",
    22: "党委组织部", 23: "国际交流合作处", 24: "人事处", 25: "党委组织部、人事处", 26: "人事处",
    27: "教务处", 28: "教务处", 29: "教务处", 30: "教务处",
    31: "招生就业处", 32: "招生就业处", 33: "招生就业处", 34: "团委", 35: "教学质量监控与评估中心",
    36: "教务处", 37: "学生工作处", 38: "学生工作处", 39: "学生工作处",
    40: "教务处", 41: "科技处", 42: "科技处",
    43: "教务处", 44: "—", 45: "发展规划处", 46: "发展规划处",
    47: "国际交流合作处", 48: "国际交流合作处",
    49: "党委办公室", 50: "保卫处",
}

# 公开时间 per item (month, day in YEAR), none after the 填报日期; items not listed were published on 3 March.
DATES = {
    1: (10, 12), 2: (4, 18), 3: (2, 24), 4: (1, 16), 5: (2, 28), 6: (10, 27),
    7: (5, 26), 8: (4, 10), 9: (7, 28), 10: (6, 5),
    15: (3, 14), 16: (5, 8), 17: (6, 30), 18: (9, 21), 19: (4, 7), 20: (8, 29), 21: (8, 25),
    22: (3, 22), 23: (9, 18), 24: (5, 16), 25: (10, 9),
    27: (1, 10), 28: (7, 3), 29: (1, 10), 30: (1, 10), 31: (3, 30), 32: (9, 15), 33: (1, 6), 35: (1, 10),
    36: (9, 1), 37: (9, 12), 38: (9, 1), 39: (9, 1),
    40: (3, 8), 41: (6, 14), 42: (6, 14), 43: (5, 30), 45: (8, 10), 46: (8, 10),
    47: (10, 18), 48: (4, 25), 49: (7, 12), 50: (10, 16),
}

# Items the college has not published, with the explanation it gives in 备注.
NOT_PUBLISHED = {
    26: "《教职工申诉及争议调解办法》修订中，预计2024年3月发布",
    34: "2022—2023学年艺术教育发展年度报告编制中，预计2024年1月发布",
}
NOT_APPLICABLE_REASON = "本校无研究生教育"

# 备注 for some published items.
NOTES = {
    1: "含学校简介、现任领导及分工、机构设置、在校生与教职工人数",
    3: "二届三次教代会工作报告及提案办理情况",
    6: "2022—2023学年度报告",
    7: "含分省分科类招生计划",
    16: "教育发展基金会2022年度工作报告",
    17: "示例学院资产经营有限公司2022年度资产负债情况",
    18: "采购公告、中标（成交）结果公告栏目",
    19: "2023年部门预算（八张表）",
    20: "2022年部门决算",
    21: "收费公示栏，含价格举报电话",
    25: "干部任前公示、公开招聘公告栏目",
    33: "2022届毕业生就业质量年度报告",
    35: "2021—2022学年本科教学质量报告",
    45: "转发省学位委员会审核办法",
    46: "硕士学位授权点申报及论证材料公示",
    47: "中外合作办学项目1个（与示例海外大学合作举办）",
    50: "含应急预案、预警信息栏目",
}

def status(item_id: int, applies_to: Applicability) -> str:
    if applies_to is Applicability.graduate:
        return "不适用"
    if item_id in NOT_PUBLISHED:
        return "未公开"
    return "已公开"


def build(path: Path) -> None:
    """The blank template (`disclosure-check template`) filled in as the college would."""
    checklist = load_checklist()
    wb = template.blank(checklist)
    ws = wb.active
    ws["A1"] = f"{INSTITUTION}{YEAR}年度清单事项公开情况表"
    ws["A2"] = f"填报单位：{INSTITUTION}党政办公室　　统计期限：{YEAR - 1}年9月1日至{YEAR}年8月31日　　填报日期：{YEAR}年10月27日"
    category_of = {item.id: item.category for item in checklist.items}
    for row, item in enumerate(checklist.items, start=template.HEADER_ROW + 1):
        state = status(item.id, item.applies_to)
        month, day = DATES.get(item.id, (3, 3))
        url = f"{BASE_URL}/{SECTIONS[category_of[item.id]]}/{item.id:02d}.htm"
        filled = {
            "已公开": (url, date(YEAR, month, day), NOTES.get(item.id)),
            "未公开": ("—", "—", NOT_PUBLISHED.get(item.id)),
            "不适用": ("—", "—", NOT_APPLICABLE_REASON),
        }[state]
        for column, value in zip((4, 5, 6, 7, 8), (state, *filled[:2], DEPARTMENTS[item.id], filled[2]), strict=True):
            ws.cell(row=row, column=column, value=value)
        if state == "已公开":
            ws.cell(row=row, column=5).hyperlink = url
            ws.cell(row=row, column=5).font = Font(color="0563C1", underline="single")

    last = template.HEADER_ROW + len(checklist.items)
    published = sum(1 for i in checklist.items if status(i.id, i.applies_to) == "已公开")
    applicable = sum(1 for i in checklist.items if status(i.id, i.applies_to) != "不适用")
    ws.merge_cells(start_row=last + 2, start_column=1, end_row=last + 2, end_column=len(template.HEADERS))
    ws.cell(row=last + 2, column=1,
            value=f"说明：清单共{len(checklist.items)}项，适用本校{applicable}项，已公开{published}项；"
                  f"第11—14项、第44项为研究生教育事项，本校不适用。")

    wb.properties.creator = f"{INSTITUTION}党政办公室"
    wb.properties.title = f"{INSTITUTION}{YEAR}年度清单事项公开情况表"
    wb.properties.created = STAMP
    buffer = io.BytesIO()
    wb.save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_reproducible(buffer.getvalue()))


def _reproducible(data: bytes) -> bytes:
    """Fix the save-time modified stamp and the zip entry times that openpyxl sets to 'now'."""
    stamp = STAMP.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                                 rb"\g<1>" + stamp.encode() + rb"\g<2>", content)
            entry = zipfile.ZipInfo(info.filename, date_time=STAMP.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, content)
    return out.getvalue()


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else OUTPUT
    build(path)
    print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
