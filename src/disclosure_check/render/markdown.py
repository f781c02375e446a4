"""Markdown for a pull-request comment or a wiki page: a summary line, the gaps as a table, findings, waivers.
Every piece of report text is escaped, so a quote cannot open a link, a heading or a new table cell."""

from __future__ import annotations

import re

from disclosure_check.i18n import t
from disclosure_check.render._common import is_gap, links_line, locator, problem, reported_finding, reported_gap, title
from disclosure_check.result import DocumentResult, RunResult

_SPECIAL = re.compile(r"([\\`*_\[\]<>#!|~&])")


def escape(text: str) -> str:
    """CommonMark lets any ASCII punctuation be backslash-escaped; line breaks would end a table row."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def render(result: RunResult) -> str:
    lang = result.tool.lang
    out: list[str] = []
    for document in result.documents:
        out.append(f"### {escape(document.path)}\n")
        if document.error or document.needs_ocr:
            out.append(f"**{t('error', lang)}**: {escape(document.error or t('summary.needs_ocr', lang))}\n")
            continue
        out += _document(document, lang)
    return "\n".join(out).rstrip() + "\n"


def _document(document: DocumentResult, lang: str) -> list[str]:
    from disclosure_check.render.table import summary_line

    out = [f"**{escape(summary_line(document.summary, lang))}**\n"]
    if line := links_line(document, lang):
        out.append(f"{escape(line)}\n")
    gaps = [item for item in document.items if reported_gap(item)]
    out.append(f"#### {t('heading.gaps', lang)}\n")
    if gaps:
        headers = [t(k, lang) for k in ("col.id", "col.item", "col.status", "col.problem", "col.locator")]
        out.append("| " + " | ".join(headers) + " |")
        out.append("|" + "---|" * len(headers))
        for item in gaps:
            where = locator(item)
            cells = [str(item.id), escape(title(item, lang)), t(item.status.value, lang),
                     escape(problem(item, lang)), f"`{where}`" if where and not {"`", "|"} & set(where) else escape(where or "")]
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    else:
        remaining = sum(1 for item in document.items if is_gap(item))
        out.append((t("md.no_new_gaps", lang, n=remaining) if remaining else t("md.no_gaps", lang)) + "\n")
    findings = [f for f in document.findings if reported_finding(f)]
    if findings:
        out.append(f"#### {t('heading.findings', lang)}\n")
        for finding in findings:
            where = f" ({escape(finding.locator)})" if finding.locator else ""
            out.append(f"- **{t(finding.severity.value, lang)}** `{finding.rule}`: {escape(finding.message)}{where}")
        out.append("")
    for heading, excused in (
            ("heading.waived", [item for item in document.items if item.waived and is_gap(item)]),
            ("heading.unchanged", [item for item in document.items
                                   if not item.waived and item.regressed is False and is_gap(item)])):
        if excused:
            out.append(f"#### {t(heading, lang)}\n")
            out += [f"- {item.id}. {escape(title(item, lang))} ({t(item.status.value, lang)}): "
                    f"{escape(problem(item, lang))}" for item in excused]
            out.append("")
    return out
