"""Catalogs (信息公开目录): tables that say where and when items will be published, not that they were.

A catalog table is one whose header names a responsible-department column (责任部门) and an update-rule column
(更新时间, 生成时间: 变动即更, 每年10月) — header words are data (`columns` in checklist/annual-report.yaml).
In such a table a row with only those two beside the item's name is no evidence of disclosure (coverage.py
treats the cells as labels); a row with a link or a status still is. Each item of a catalog is `listed` when
a row of a catalog table names it, and a listed row with no 责任部门 or no update rule is a finding.

`listed` is set only for a document whose kind (report.kind, checklist/document-kinds.yaml) is catalog.
"""

from __future__ import annotations

from disclosure_check.analysis import Analysis
from disclosure_check.i18n import t
from disclosure_check.matching import HitKind
from disclosure_check.result import Finding, Severity
from disclosure_check.rules.columns import columns_for

RULE = "catalog.row-incomplete"
_NAMING = (HitKind.alias, HitKind.row_alias, HitKind.facet)  # hits that name the item (not a channel or scope)
PLANNING = ("owner", "schedule")  # the roles of a catalog's own columns


def catalog_tables(analysis: Analysis) -> set[int]:
    columns = columns_for(analysis)
    return {table for table, (_, roles) in columns.headers.items() if all(role in roles for role in PLANNING)}


def is_catalog(analysis: Analysis) -> bool:
    return bool(catalog_tables(analysis))


def _rows(analysis: Analysis) -> dict[int, list[int]]:
    """Each data row of a catalog table and the items it names, in order of first mention."""
    tables = catalog_tables(analysis)
    columns = columns_for(analysis)
    blocks = analysis.document.blocks
    rows: dict[int, list[int]] = {}
    for hit in analysis.hits:
        block = blocks[hit.block]
        if (block.table is not None and block.table in tables and hit.pattern.kind in _NAMING
                and not columns.is_header(hit.block)):
            named = rows.setdefault(hit.block, [])
            if hit.pattern.item not in named:
                named.append(hit.pattern.item)
    return rows


def listed(analysis: Analysis, kind: str) -> set[int] | None:
    """The items a catalog names in its rows; None unless the document is a catalog (report.kind) laid out as
    one (责任部门 and update-rule columns): a 清单事项公开情况表 stays a disclosure table."""
    if kind != "catalog" or not is_catalog(analysis):
        return None
    return {item for items in _rows(analysis).values() for item in items}


def check(analysis: Analysis) -> list[Finding]:
    """A listed row with no 责任部门 or no update rule."""
    if not is_catalog(analysis):
        return []
    columns = columns_for(analysis)
    lang = analysis.lang
    findings = []
    for index, items in sorted(_rows(analysis).items()):
        block = analysis.document.blocks[index]
        roles = columns.roles(block)
        filled = {role for cell, role in zip(block.cells, roles, strict=True) if cell.text.strip()}
        absent = [t(f"catalog.{role}", lang) for role in PLANNING if role not in filled]
        if not absent:
            continue
        item = analysis.checklist.item(items[0])
        title = item.title if lang == "zh" else item.title_en
        findings.append(Finding(rule=RULE, severity=Severity.warning, locator=block.locator, item=item.id,
                                evidence=[analysis.evidence(index)],
                                message=t(RULE, lang, id=item.id, title=title,
                                          absent=("、" if lang == "zh" else ", ").join(absent))))
    return findings
