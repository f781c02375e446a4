"""The checklist itself as a Rich table, by category."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from disclosure_check.checklist import Checklist
from disclosure_check.i18n import t

CADENCE = {
    "annual": ("每年", "annual"),
    "on_change": ("变动即更", "on change"),
    "admissions_cycle": ("每个招生周期", "per admissions cycle"),
    "fiscal_year": ("每个预算年度", "per fiscal year"),
    "event": ("发生时", "when it occurs"),
}


def render(checklist: Checklist, console: Console, lang: str = "zh") -> None:
    zh = lang == "zh"
    # Every text from the checklist file as Text: a title such as "[/x]" is not Rich markup.
    table = Table(title=Text(checklist.title if zh else checklist.title_en), title_justify="left")
    table.add_column(t("col.id", lang), justify="right", no_wrap=True)
    table.add_column(t("col.category", lang), max_width=12, overflow="fold")
    table.add_column(t("col.item", lang), ratio=3, overflow="fold")
    table.add_column("要素" if zh else "Facets", ratio=2, overflow="fold")
    table.add_column("更新" if zh else "Cadence", no_wrap=True)
    by_category: dict[int, list] = {}
    for item in checklist.items:  # one pass: a 20,000-item checklist × its categories would be quadratic
        by_category.setdefault(item.category, []).append(item)
    for category in checklist.categories:
        items = by_category.get(category.id, [])
        for position, item in enumerate(items):
            facets = "、".join(f.name for f in item.facets) if zh else "; ".join(f.name_en for f in item.facets)
            scope = "" if item.applies_to.value == "all" else (" ⓖ" if item.applies_to.value == "graduate" else " ⓓ")
            table.add_row(str(item.id), Text((category.name if zh else category.name_en) if position == 0 else ""),
                          Text((item.title if zh else item.title_en) + scope), Text(facets),
                          CADENCE[item.cadence.value][0 if zh else 1])
        table.add_section()
    console.print(table)
    console.print(("ⓖ 仅适用于有研究生教育的学校  ⓓ 仅适用于有学位授予权的学校" if zh else
                   "ⓖ graduate programmes only  ⓓ degree-granting institutions only"), style="dim")
