"""The year-over-year comparison on a terminal."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from disclosure_check.diff import DiffResult
from disclosure_check.i18n import t
from disclosure_check.render.table import status_text


def render(result: DiffResult, console: Console) -> None:
    lang = result.lang
    console.rule(Text(f"{result.old} → {result.new}", style="bold"))
    for key, changes, style in (("diff.regressed", result.regressed, "bold red"),
                                ("diff.improved", result.improved, "green")):
        for change in changes:
            line = Text(f"{t(key, lang)} ", style=style)
            line.append(f"{change.item}. {change.title if lang == 'zh' else change.title_en}: ")
            line.append_text(status_text(change.old, lang))
            line.append(" → ")
            line.append_text(status_text(change.new, lang))
            console.print(line)
    for key, parts, style in (("diff.part_removed", result.parts_removed, "bold red"),
                              ("diff.part_added", result.parts_added, "green")):
        if parts:
            console.print(Text(f"{t(key, lang)}: {'、'.join(map(str, parts))}", style=style))
    if not (result.regressed or result.improved or result.parts_added or result.parts_removed):
        console.print(t("diff.none", lang))
    line = t("diff.line", lang, regressed=len(result.regressed), improved=len(result.improved),
             added=len(result.parts_added), removed=len(result.parts_removed))
    if result.score_old is not None and result.score_new is not None:
        line += f" · {t('col.score', lang)} {result.score_old:.1f} → {result.score_new:.1f}"
    console.print(Text(line, style="bold"))
