"""`--explain N`: every hit considered for one item, why each counted or not, and how the verdict followed."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from disclosure_check.i18n import t
from disclosure_check.result import RunResult

_WHY = {  # the reason codes recorded by rules/coverage.py
    "row": ("表格行", "table row"),
    "text": ("正文", "running text"),
    "outranked": ("正文顺带提及，表格行优先", "passing mention, a table row outranks it"),
    "outranked_declared": ("文件按清单序号另有声明，以声明为准", "the document declares the item by number, which decides"),
    "negation": ("自述未公开", "says not published"),
    "not_applicable": ("自述不适用", "says not applicable"),
    "number": ("按清单序号声明", "declared by item number"),
    "channel": ("仅作为公开渠道提及", "named only as a channel"),
    "row_alias": ("表格行名称，正文中不代表整项", "a row name, not the whole item in running text"),
    "scope": ("范围词，仅在声明不涉及时计入", "a scope word, counted only where the item is declared not applicable"),
    "excluded": ("属于排除短语", "inside an excluded phrase"),
    "bare_listing": ("表格行仅列出事项名称", "the row only names the item"),
    "catalog_listing": ("目录行仅列明责任部门和更新时间，不是公开证据",
                        "a catalog row: a department and an update rule are no evidence of publishing"),
    "title": ("文件自身的标题", "the document's own title"),
}


def why_text(why: str, lang: str) -> str:
    code, _, phrase = why.partition(":")
    zh, en = _WHY.get(code, (code, code))
    words = zh if lang == "zh" else en
    return f"{words}（{phrase}）" if phrase and lang == "zh" else f"{words} ({phrase})" if phrase else words


def render(result: RunResult, item_id: int, console: Console) -> None:
    lang = result.tool.lang
    for document in result.documents:
        item = next((i for i in document.items if i.id == item_id), None)
        if item is None:
            continue
        title = item.title if lang == "zh" else item.title_en or item.title
        console.print(f"[bold]{escape(document.path)}[/bold] — "
                      + escape(t("explain.heading", lang, id=item.id, title=title, status=t(item.status.value, lang))))
        explanation = item.explain
        if explanation is None or not explanation.hits:
            console.print("  " + t("explain.none", lang))
        else:
            for hit in explanation.hits:
                mark = t("explain.counted" if hit.counted else "explain.not_counted", lang)
                facet = f" [{hit.facet}]" if hit.facet else ""
                console.print(f"  {mark} {escape(hit.locator)} “{escape(hit.keyword)}”{escape(facet)} "
                              f"{escape(why_text(hit.why, lang))}: {escape(hit.text)}")
            if explanation.considered > len(explanation.hits):
                console.print(f"  … +{explanation.considered - len(explanation.hits)}")
        if explanation is not None:
            console.print("  → " + escape(explanation.decision))
        if item.message:
            console.print("  " + escape(item.message))


# --explain report: how the document's kind, title, year and period were decided (ReportInfo.explain).
_KIND = {
    "university_annual_report": ("高校信息公开年度报告", "a university's annual disclosure report"),
    "government_annual_report": ("政府信息公开工作年度报告", "a government agency's annual disclosure report"),
    "catalog": ("清单或信息公开目录", "a checklist table or disclosure catalog"),
    "notice": ("关于年度报告的通知（按“其他”处理）", "a notice about annual reports (taken as other)"),
    "news": ("关于年度报告的新闻（按“其他”处理）", "a news story about annual reports (taken as other)"),
    "regulation": ("规章制度或指南（按“其他”处理）", "rules or a guide (taken as other)"),
    "other": ("其他文件", "another kind of document"),
}
_WHERE = {"title": ("标题", "title"), "opening": ("开头", "opening"), "page": ("网页标题", "page title"),
          "structure": ("结构", "structure")}
_TITLE_SOURCE = {
    "line": ("开头第一个写明文件类型的行", "the first line near the top that names the document"),
    "joined": ("分两行印出的标题，已合并", "a title printed on two lines, joined"),
    "run_in": ("与正文连在一起的标题（原文缺少换行）", "a title run into the first paragraph (line breaks lost)"),
    "page": ("网页或文件属性中的标题", "the page's or file's own title"),
    "none": ("未找到：开头没有写明文件类型的行", "none: no line near the top names the document"),
}
_YEAR_SOURCE = {
    "setting": ("设置（--year）", "the setting (--year)"),
    "period": ("统计期限的截止年份", "the year the reporting period ends"),
    "title": ("标题中的年份（学年取截止年）", "the title's year (an academic year gives its end)"),
    "stated": ("开头写明的统计期限的截止年份", "the end of the period the opening states"),
    "academic_year": ("开头提到的学年（取截止年）", "the academic year the opening names (its end)"),
    "year_of": ("开头提到的年度", "the year the opening names"),
    "none": ("未找到：文件未写明年份", "none: the document states no year"),
}
_PERIOD_SOURCE = {
    "setting": ("按设置的年份推定的学年", "the academic year of the year set"),
    "stated": ("文件写明的统计期限", "the period the document states"),
    "text": ("正文中最常用的日期范围", "the date range the text uses most"),
    "title": ("按标题年份推定的学年", "the academic year of the title's year"),
}
_REMOVED = {"chrome": ("网站页面元素", "site chrome"), "menu": ("导航菜单", "menu"),
            "side_list": ("侧栏列表", "side list"), "byline": ("发布信息", "byline")}


def _word(table: dict[str, tuple[str, str]], code: str | None, lang: str) -> str:
    zh, en = table.get(code or "", (code or "", code or ""))
    return zh if lang == "zh" else en


def render_report(result: RunResult, console: Console) -> None:
    """The kind, title, year and period decisions for each document, and why."""
    lang = result.tool.lang
    zh = lang == "zh"
    for document in result.documents:
        if document.error:
            continue
        report, why = document.report, document.report.explain
        console.print(f"[bold]{escape(document.path)}[/bold] — "
                      + escape(("文件类型：" if zh else "taken for: ") + _word(_KIND, report.kind, lang)))
        if why is None:
            continue
        scores = "，".join if zh else ", ".join
        console.print("  " + escape(("类型得分：" if zh else "kind scores: ")
                                    + (scores(f"{_word(_KIND, k, lang)} {v}" for k, v in
                                              sorted(why.kind_scores.items(), key=lambda kv: -kv[1]))
                                       or ("无" if zh else "none"))))
        if why.taken_for != report.kind:
            console.print("  " + escape(("得分最高：" if zh else "highest: ") + _word(_KIND, why.taken_for, lang)))
        for signal in why.signals:
            console.print("    + " + escape(f"{_word(_KIND, signal.kind, lang)} {signal.weight} "
                                         f"[{_word(_WHERE, signal.where, lang)}] {signal.name}: “{signal.text}”"))
        place = f" [{why.title_locator}]" if why.title_locator else ""
        title = f"“{report.title}”{place}" if report.title else ("无" if zh else "none")
        console.print("  " + escape(("标题：" if zh else "title: ") + title
                                    + (f"（{_word(_TITLE_SOURCE, why.title_source, lang)}）" if zh
                                       else f" ({_word(_TITLE_SOURCE, why.title_source, lang)})")))
        year = str(report.year) if report.year else ("无" if zh else "none")
        source = _word(_YEAR_SOURCE, why.year_source, lang) + (f" “{why.year_text}”" if why.year_text else "")
        console.print("  " + escape(("年份：" if zh else "year: ") + year
                                    + (f"（{source}）" if zh else f" ({source})")))
        period = report.period
        if period.start:
            where = f" [{period.evidence.locator}] “{period.evidence.quote}”" if period.evidence else ""
            console.print("  " + escape(("统计期限：" if zh else "period: ") + f"{period.start} – {period.end}"
                                        + (f"（{_word(_PERIOD_SOURCE, period.source, lang)}）" if zh
                                           else f" ({_word(_PERIOD_SOURCE, period.source, lang)})") + where))
        else:
            console.print("  " + escape("统计期限：未找到" if zh else "period: none found"))
        if why.main_content:
            console.print("  " + escape(("网页正文：" if zh else "page article: ") + why.main_content))
        if why.removed:
            console.print("  " + escape(f"未计入的网站页面内容 {len(why.removed)} 行：" if zh
                                         else f"site chrome left out, {len(why.removed)} lines:"))
            for line in why.removed[:12]:
                console.print("    - " + escape(f"[{line.locator}] {_word(_REMOVED, line.why, lang)}: “{line.text[:60]}”"))
            if len(why.removed) > 12:
                console.print(f"    … +{len(why.removed) - 12}")
