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
