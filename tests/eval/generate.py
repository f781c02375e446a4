"""Render the evaluation specs (docs/*.json) into the files they describe, at evaluation time.

A spec holds the document's text (`lines`: the first is the title; "一、" lines become headings), its tables
(`tables`: rows of cells; `null` continues the cell above, `[text, url]` is a link), the format to render to,
an optional `appendix` (a second file, such as the item table as a spreadsheet) and the hand-written `labels`.
`{"source": "sample"}` stands for the shared sample report. Only sources are committed, never the binaries.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import builders  # noqa: E402


def _cells(rows: list[list[Any]]) -> list[list[Any]]:
    return [[tuple(c) if isinstance(c, list) else c for c in row] for row in rows]


def _markdown(lines: list[str], tables: list[list[list[Any]]]) -> str:
    out = [f"# {lines[0]}", "", *(line + "\n" for line in lines[1:])]
    for rows in tables:
        def cell(c: Any) -> str:
            return "" if c is None else f"[{c[0]}]({c[1]})" if isinstance(c, list) else str(c)
        out.append("| " + " | ".join(cell(c) for c in rows[0]) + " |")
        out.append("|" + "---|" * len(rows[0]))
        out += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows[1:]]
        out.append("")
    return "\n".join(out) + "\n"


def render(spec: dict[str, Any], stem: str, out: Path) -> Path | None:
    """The file a spec describes, or None when it needs LibreOffice and that is not installed."""
    fmt = spec["format"]
    lines = builders.lines_of(builders.SAMPLE) if spec.get("source") == "sample" else spec.get("lines", [])
    tables = [_cells(t) for t in spec.get("tables", [])]
    if fmt == "txt":
        path = out / f"{stem}.txt"
        path.write_bytes("\n".join(lines).encode(spec.get("encoding", "utf-8")) + b"\n")
        return path
    if fmt == "md":
        path = out / f"{stem}.md"
        path.write_text(_markdown(lines, spec.get("tables", [])), encoding="utf-8")
        return path
    if fmt == "html":
        return builders.to_html(lines, out / f"{stem}.html", encoding=spec.get("encoding", "utf-8"),
                                declared=spec.get("declared", "utf-8"), tables=tables)
    if fmt == "xlsx":
        sheets = {name: _cells(rows) for name, rows in spec["sheets"].items()}
        return builders.to_xlsx(sheets, out / f"{stem}.xlsx", merges=spec.get("merges"))
    if fmt in ("docx", "pdf"):
        docx = builders.to_docx(lines, out / f"{stem}.docx", tables=tables)
        if fmt == "docx":
            return docx
        if builders.pdf_converter() is None:
            return None
        pdf_dir = out / "pdf"
        pdf = builders.docx_to_pdf(docx, pdf_dir)
        return Path(shutil.move(str(pdf), out / f"{stem}.pdf"))
    raise ValueError(f"{stem}: unknown format {fmt!r}")


def build(out: Path, docs: Path = HERE / "docs") -> list[dict[str, Any]]:
    """Each case: name, the files to check together (a report and its appendix), labels, or `skipped`."""
    cases = []
    for spec_path in sorted(docs.glob("*.json")):
        spec = json.loads(spec_path.read_text(encoding="utf-8"))
        stem = spec_path.stem
        files = [render(spec, stem, out)]
        if "appendix" in spec:
            files.append(render(spec["appendix"], stem + "-appendix", out))
        case = {"name": stem, "labels": spec["labels"], "files": [str(f) for f in files if f is not None]}
        if any(f is None for f in files):
            case["skipped"] = "LibreOffice (soffice) is not installed"
        cases.append(case)
    return cases
