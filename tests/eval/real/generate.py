"""The real-world development set: openings of real public pages, labelled by hand before they were scored.

Each spec (docs/*.json) quotes a page's first lines only, as the page shows them (site chrome, mirror damage and
traditional characters included), records the page's address in `source`, and holds the hand-written labels:
the document's kind, its title (null: it shows none), the year its reporting period ends, the stated period,
the number of parts it announces, and the statuses of the items a reader can see (item 6 is the report itself;
on site pages, the items that only the 信息公开目录 sidebar names are missing). `format` is txt (the page's text
as copied), html (a table rebuilt from the page), or site_html: the opening inside a school site's layout
(tests/builders.py `to_site_html`, with the page's own breadcrumb and byline). Only sources are committed.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

import builders  # noqa: E402

_spec = importlib.util.spec_from_file_location("disclosure_check_eval_generate", HERE.parent / "generate.py")
assert _spec is not None and _spec.loader is not None
_generator = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_generator)


def render(spec: dict[str, Any], stem: str, out: Path) -> Path | None:
    if spec["format"] == "site_html":
        return builders.to_site_html(spec["lines"], out / f"{stem}.html", **spec.get("page", {}))
    return _generator.render(spec, stem, out)


def build(out: Path) -> list[dict[str, Any]]:
    cases = []
    for spec_path in sorted((HERE / "docs").glob("*.json")):
        spec = json.loads(spec_path.read_text(encoding="utf-8"))
        path = render(spec, spec_path.stem, out)
        cases.append({"name": spec_path.stem, "labels": spec["labels"], "files": [str(path)] if path else [],
                      "source": spec["source"]})
    return cases
