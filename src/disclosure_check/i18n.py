"""User-facing words in Chinese (the default) and English."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # statuses
    "disclosed": ("已公开", "disclosed"),
    "partial": ("部分公开", "partial"),
    "stale": ("过期", "stale"),
    "missing": ("未公开", "missing"),
    "not_applicable": ("不适用", "n/a"),
    "present": ("有", "present"),
    "absent": ("缺", "missing"),
    # item messages
    "item.missing": ("未找到公开证据", "no evidence found"),
    "item.declared_missing": ("文件自述该事项未公开", "the document says this item was not published"),
    "item.partial": ("缺少：{facets}", "missing: {facets}"),
    "item.na_declared": ("文件自述不适用，请复核", "the document declares this item not applicable; review the claim"),
    "item.na_setting": ("按设置不适用：{reason}", "not applicable by settings: {reason}"),
    "item.na_setting_noreason": ("按设置不适用", "not applicable by settings"),
    # structure
    "part.missing": ("年度报告缺少第{number}部分“{title}”", "the annual report lacks part {number} ({title})"),
    "report.incomplete": ("报告声明包括{announced}个部分，实际找到{found}个", "the report announces {announced} parts and has {found}"),
    "report.not_annual": ("未识别为信息公开年度报告，未检查报告结构", "not recognised as an annual report; structure not checked"),
    "period.none": ("未找到统计期限，也无法从标题推断年份", "no statistics period stated and no year in the title"),
    # summary
    "summary.line": ("{disclosed}/{total} 已公开 · {partial} 部分公开 · {stale} 过期 · {missing} 未公开 · {na} 不适用",
                     "{disclosed}/{total} disclosed · {partial} partial · {stale} stale · {missing} missing · {na} n/a"),
    "summary.part_missing": ("缺第{numbers}部分", "part {numbers} missing"),
    "summary.parts_ok": ("报告结构完整", "all parts present"),
    "summary.needs_ocr": ("扫描件（无文字层），需要 OCR 后再检查", "scanned PDF without a text layer: run OCR first"),
    # table headings
    "col.id": ("序号", "#"),
    "col.category": ("类别", "Category"),
    "col.item": ("公开事项", "Item"),
    "col.status": ("状态", "Status"),
    "col.evidence": ("证据", "Evidence"),
    "col.part": ("部分", "Part"),
    "col.severity": ("级别", "Severity"),
    "col.finding": ("发现", "Finding"),
    "col.locator": ("位置", "Location"),
    "heading.items": ("清单事项", "Checklist items"),
    "heading.structure": ("报告结构", "Report structure"),
    "heading.findings": ("其他发现", "Findings"),
    "heading.period": ("统计期限", "Statistics period"),
    # CI and spreadsheets
    "waived": ("已豁免", "waived"),
    "waiver.expired": ("第{item}项的豁免已于{expires}过期（批准人：{approved_by}）",
                       "the waiver for item {item} expired on {expires} (approved by {approved_by})"),
    "waiver.note": ("豁免：{reason}（批准人：{approved_by}，有效期至{expires}）",
                    "waived: {reason} (approved by {approved_by}, until {expires})"),
    "baseline.unchanged": ("与基线相比未变差（基线：{status}）", "not worse than the baseline ({status})"),
    "col.file": ("文件", "File"),
    "col.quote": ("证据（引文）", "Evidence (quote)"),
    "col.link": ("链接", "Link"),
    "col.date": ("日期", "Date"),
    "col.problem": ("问题说明", "Problem"),
    "col.advice": ("整改建议", "What to do"),
    "col.department": ("责任部门", "Responsible department"),
    "col.rule": ("规则", "Rule"),
    "col.message": ("说明", "Message"),
    "col.count": ("数量", "Count"),
    "col.coverage": ("已公开比例", "Coverage"),
    "col.waiver": ("豁免", "Waiver"),
    "sheet.gaps": ("差距清单", "Gaps"),
    "sheet.summary": ("汇总", "Summary"),
    "sheet.findings": ("发现", "Findings"),
    "advice.missing": ("在年度报告或信息公开网公开此事项，并在清单事项公开情况表中注明网址",
                       "publish this item in the report or on the disclosure site and give its URL in the item table"),
    "advice.partial": ("补充公开缺少的部分：{facets}", "publish the missing parts: {facets}"),
    "advice.stale": ("更新为本统计期限内的信息", "update it to the reporting period"),
    "advice.na": ("核实不适用的理由", "check the reason it does not apply"),
    "summary.period": ("统计期限", "Reporting period"),
    "summary.tool": ("工具版本", "Tool version"),
    "summary.command": ("命令", "Command"),
    "summary.structure": ("报告结构", "Report structure"),
    "summary.total": ("合计", "Total"),
    "heading.gaps": ("需要整改的事项", "Items to fix"),
    "heading.waived": ("已豁免的事项（不计入结论）", "Waived items (not counted against the run)"),
    "md.no_gaps": ("没有需要整改的事项。", "No items to fix."),
    "error": ("错误", "error"),
    "warning": ("警告", "warning"),
    "info": ("提示", "info"),
}


def t(message: str, lang: str = "zh", **values: object) -> str:
    zh, en = MESSAGES[message]
    return (zh if lang == "zh" else en).format(**values)
