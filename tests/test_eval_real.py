"""The real-world development set (tests/eval/real) as a regression guard, and the rules its labels follow."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from disclosure_check.eval import score

REAL = Path(__file__).resolve().parent / "eval" / "real"
KINDS = {"university_annual_report", "government_annual_report", "catalog", "other"}
# Floors a little under the figures in docs/ACCURACY.md ("Real-world development set").
MIN = {"kind": 0.95, "year": 0.95, "period": 0.95, "title": 0.85, "announced_parts": 0.95}
OPENING_LIMIT = 1600  # characters: a page's first lines, never a whole page


@pytest.fixture(scope="module")
def scores():
    return score(REAL)


def test_figures_do_not_drop(scores):
    ours, _, skipped = scores
    assert ours.cases >= 60 and not skipped
    for what, floor in MIN.items():
        accuracy, labelled = ours.accuracy(what)
        assert labelled and accuracy >= floor, (what, accuracy, ours.misses(what))
    assert len(ours.unpublished_disclosed) == 0


def test_no_sidebar_item_is_taken_for_evidence(scores):
    ours, _, _ = scores
    sidebar = {2, 7, 21, 33, 35, 37, 39}
    site_pages = {p.stem for p in (REAL / "docs").glob("*.json")
                  if json.loads(p.read_text(encoding="utf-8"))["format"] == "site_html"}
    assert site_pages
    assert [(c, i, g) for c, i, e, g in ours.pairs if c in site_pages and i in sidebar and g != e] == []


def test_every_document_is_labelled_with_its_source_and_quotes_only_an_opening():
    specs = sorted((REAL / "docs").glob("*.json"))
    assert len(specs) >= 60
    sources = set()
    for path in specs:
        spec = json.loads(path.read_text(encoding="utf-8"))
        labels = spec["labels"]
        assert spec["source"].startswith(("http://", "https://")), path.name
        sources.add(spec["source"])
        assert labels["kind"] in KINDS, path.name
        assert set(labels) >= {"kind", "title", "year", "period", "announced_parts", "items"}, path.name
        quoted = sum(len(line) for line in spec["lines"]) + sum(
            len(str(cell)) for table in spec.get("tables", []) for row in table for cell in row)
        assert quoted <= OPENING_LIMIT, (path.name, quoted)
        if labels["period"]:
            assert labels["year"] == int(labels["period"]["end"][:4]), path.name
    assert len(sources) == len(specs)  # distinct pages
