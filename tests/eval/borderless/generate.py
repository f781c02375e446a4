"""Borderless PDF tables: every document of the development and held-out sets that has item tables, printed
as a PDF whose tables have no ruling lines (columns aligned by position only, cells wrapped over lines, tables
running over pages), with the documents' own labels. `python -m disclosure_check.eval tests/eval/borderless`.

The same text as the ruled documents, so the figures compare with them directly (docs/ACCURACY.md).
"""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("disclosure_check_eval_generate", HERE.parent / "generate.py")
assert _spec is not None and _spec.loader is not None
_generator = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_generator)
builders = _generator.builders

SOURCES = (HERE.parent / "docs", HERE.parent / "holdout" / "docs")


def build(out: Path, borders: bool = False) -> list[dict[str, Any]]:
    specs = [(path.stem, json.loads(path.read_text(encoding="utf-8")))
             for folder in SOURCES for path in sorted(folder.glob("*.json"))]
    specs = [(stem, spec) for stem, spec in specs if spec.get("tables") and "appendix" not in spec]
    if builders.pdf_converter() is None:
        return [{"name": stem, "labels": spec["labels"], "files": [], "skipped": "LibreOffice (soffice) is not installed"}
                for stem, spec in specs]
    docx = [builders.to_docx(spec["lines"], out / f"{stem}.docx", tables=[_generator._cells(t) for t in spec["tables"]],
                             borders=borders) for stem, spec in specs]
    pdfs = builders.docx_to_pdfs(docx, out / "pdf")
    return [{"name": stem, "labels": spec["labels"], "files": [str(shutil.move(str(pdf), out / f"{stem}.pdf"))]}
            for (stem, spec), pdf in zip(specs, pdfs, strict=True)]
