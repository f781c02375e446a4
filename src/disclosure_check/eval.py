"""Score the checker against a labelled evaluation set: `python -m disclosure_check.eval tests/eval`.

The set's directory holds `generate.py`, whose `build(out_dir)` renders the documents and returns, per case,
the files to check together (a report and its appendix spreadsheet) and the hand-written labels: the status
of every item, the items whose rows say 未公开, the parts present (null: not an annual report) and the
statistics period; where given, also the document's kind, title, year and announced parts count (the real-world
development set, tests/eval/real, is labelled so: its figures show each kind of failure apart). The same numbers are given for a naive baseline (an item is disclosed when its official
title occurs verbatim), so the gain over plain search is visible.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from disclosure_check.checklist import Checklist, load_checklist
from disclosure_check.config import Settings
from disclosure_check.pipeline import check_file
from disclosure_check.result import DocumentResult

STATUSES = ["disclosed", "partial", "stale", "missing", "not_applicable"]
# When a report and its appendix both speak of an item, the stronger verdict stands.
_STRENGTH = {s: i for i, s in enumerate(["missing", "not_applicable", "stale", "partial", "disclosed"])}


@dataclass
class Prediction:
    items: dict[int, str]
    parts: list[int] | None  # None: not read as an annual report
    period: tuple[str | None, str | None] | None
    kind: str | None = None
    title: str | None = None
    year: int | None = None
    announced: int | None = None


@dataclass
class Scores:
    cases: int = 0
    pairs: list[tuple[str, int, str, str]] = field(default_factory=list)  # case, item, expected, predicted
    parts: list[bool] = field(default_factory=list)
    periods: list[bool] = field(default_factory=list)
    unpublished_disclosed: list[tuple[str, int]] = field(default_factory=list)
    # case, expected, predicted: for the labels a set gives (kind, title, year, announced parts, period)
    checks: dict[str, list[tuple[str, Any, Any]]] = field(default_factory=dict)

    def accuracy(self, what: str) -> tuple[float, int]:
        found = self.checks.get(what, [])
        return (sum(1 for _, e, g in found if _same(what, e, g)) / len(found) if found else 1.0), len(found)

    def misses(self, what: str) -> list[tuple[str, Any, Any]]:
        return [(c, e, g) for c, e, g in self.checks.get(what, []) if not _same(what, e, g)]

    def prf(self, status: str, item: int | None = None) -> tuple[float, float, float, int]:
        pairs = [(e, p) for _, i, e, p in self.pairs if item is None or i == item]
        tp = sum(1 for e, p in pairs if e == status and p == status)
        predicted = sum(1 for _, p in pairs if p == status)
        actual = sum(1 for e, _ in pairs if e == status)
        precision = tp / predicted if predicted else 1.0
        recall = tp / actual if actual else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1, actual

    @property
    def f1(self) -> float:
        return self.prf("disclosed")[2]

    @property
    def parts_accuracy(self) -> float:
        return sum(self.parts) / len(self.parts) if self.parts else 1.0

    @property
    def period_accuracy(self) -> float:
        return sum(self.periods) / len(self.periods) if self.periods else 1.0

    def confusion(self) -> dict[str, dict[str, int]]:
        counts = Counter((e, p) for _, _, e, p in self.pairs)
        return {e: {p: counts[(e, p)] for p in STATUSES} for e in STATUSES}

    def summary(self) -> dict[str, Any]:
        return {
            "cases": self.cases, "items": len(self.pairs),
            "statuses": {s: dict(zip(("precision", "recall", "f1", "support"), self.prf(s), strict=True))
                         for s in STATUSES},
            "parts_accuracy": self.parts_accuracy, "period_accuracy": self.period_accuracy,
            "unpublished_disclosed": len(self.unpublished_disclosed), "confusion": self.confusion(),
            "documents": {what: {"accuracy": self.accuracy(what)[0], "labelled": self.accuracy(what)[1],
                                 "misses": [list(m) for m in self.misses(what)]} for what in self.checks},
        }


def predict(results: list[DocumentResult]) -> Prediction:
    readable = [r for r in results if not r.error and not r.needs_ocr]
    items: dict[int, str] = {}
    for result in readable:
        for item in result.items:
            old = items.get(item.id, "missing")
            items[item.id] = max(old, item.status.value, key=_STRENGTH.__getitem__)
    reports = [r for r in readable if r.report.is_annual_report]
    parts = sorted({p.number for r in reports for p in r.parts if p.status == "present"}) if reports else None
    # The report's period first; a document of another kind (a government report) still states one.
    period = next(((r.report.period.start, r.report.period.end) for r in [*reports, *readable] if r.report.period.start),
                  None)
    first = (reports or readable or [None])[0]
    if first is None:
        return Prediction(items, parts, period)
    report = first.report
    # Results written before report.kind existed: an annual report or not.
    kind = getattr(report, "kind", None) or ("university_annual_report" if report.is_annual_report else "other")
    return Prediction(items, parts, period, kind=kind, title=report.title, year=report.year,
                      announced=report.announced_parts)


def baseline(paths: list[Path], checklist: Checklist) -> Prediction:
    """Exact search for each item's official title and each part's title in the raw text."""
    from disclosure_check.readers import read_document

    text = "\n".join(b.text for p in paths for b in read_document(p).blocks)
    from disclosure_check.checklist import load_vocabulary

    items = {i.id: "disclosed" if i.title in text else "missing" for i in checklist.items}
    parts = [p.number for p in load_vocabulary().parts if p.title in text]
    return Prediction(items, parts or None, None)


def load_cases(directory: Path, out: Path) -> list[dict[str, Any]]:
    spec = importlib.util.spec_from_file_location("disclosure_check_eval_set", directory / "generate.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"{directory}: no generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build(out)


def score(directory: Path) -> tuple[Scores, Scores, list[str]]:
    """The checker's scores, the baseline's, and the cases skipped (needing software not installed)."""
    checklist = load_checklist()
    ours, naive, skipped = Scores(), Scores(), []
    with tempfile.TemporaryDirectory(prefix="disclosure-check-eval-") as tmp:
        for case in load_cases(directory, Path(tmp)):
            if case.get("skipped"):
                skipped.append(f"{case['name']}: {case['skipped']}")
                continue
            paths = [Path(f) for f in case["files"]]
            prediction = predict([check_file(p, checklist, Settings()) for p in paths])
            _add(ours, case, prediction)
            _add(naive, case, baseline(paths, checklist))
    return ours, naive, skipped


def _add(scores: Scores, case: dict[str, Any], prediction: Prediction) -> None:
    labels = case["labels"]
    scores.cases += 1
    for item, expected in sorted(labels["items"].items(), key=lambda kv: int(kv[0])):
        got = prediction.items.get(int(item), "missing")
        scores.pairs.append((case["name"], int(item), expected, got))
        if int(item) in labels.get("marked_unpublished", []) and got == "disclosed":
            scores.unpublished_disclosed.append((case["name"], int(item)))
    expected_parts = labels.get("parts_present")
    if expected_parts is not None:
        got_parts = set(prediction.parts or [])
        scores.parts.extend((n in got_parts) == (n in expected_parts) for n in range(1, 9))
    if labels.get("period") is not None:
        expected = (labels["period"]["start"], labels["period"]["end"])
        scores.periods.append(prediction.period == expected)
        scores.checks.setdefault("period", []).append((case["name"], expected, prediction.period))
    checked = {"kind": prediction.kind, "title": prediction.title, "year": prediction.year,
               "announced_parts": prediction.announced}
    for what, got in checked.items():
        if what in labels and not (what == "year" and labels.get("kind") not in REPORT_KINDS):
            scores.checks.setdefault(what, []).append((case["name"], labels[what], got))


REPORT_KINDS = ("university_annual_report", "government_annual_report")  # the kinds whose year is scored


def _same(what: str, expected: Any, got: Any) -> bool:
    """A title is found when one holds the other once spacing and punctuation are set aside (a page may add
    its site's name); everything else must be equal."""
    if what != "title" or expected is None or got is None:
        return expected == got
    from disclosure_check.text import key

    a, b = key(str(expected)), key(str(got))
    return bool(a and b) and (a in b or b in a)


def report(ours: Scores, naive: Scores, skipped: list[str], per_item: bool = True) -> str:
    lines = [f"evaluation set: {ours.cases} documents, {len(ours.pairs)} labelled items"]
    lines += [f"skipped {s}" for s in skipped]
    lines.append("")
    lines.append(f"{'status':<16}{'precision':>10}{'recall':>8}{'F1':>7}{'support':>9}   baseline P/R/F1")
    for status in STATUSES:
        p, r, f, n = ours.prf(status)
        bp, br, bf, _ = naive.prf(status)
        lines.append(f"{status:<16}{p:>10.3f}{r:>8.3f}{f:>7.3f}{n:>9}   {bp:.3f}/{br:.3f}/{bf:.3f}")
    lines.append("")
    lines.append(f"parts accuracy   {ours.parts_accuracy:.3f} ({len(ours.parts)} part labels)   "
                 f"baseline {naive.parts_accuracy:.3f}")
    lines.append(f"period accuracy  {ours.period_accuracy:.3f} ({len(ours.periods)} documents)   baseline 0.000")
    lines.append(f"'disclosed' on rows marked 未公开: {len(ours.unpublished_disclosed)}"
                 + (f" {ours.unpublished_disclosed}" if ours.unpublished_disclosed else ""))
    for what in ("kind", "title", "year", "announced_parts", "period"):
        accuracy, labelled = ours.accuracy(what)
        if what in ours.checks:
            lines.append(f"{what + ' accuracy':<26}{accuracy:.3f} ({labelled} documents)")
            lines += [f"    {case}: expected {expected!r}, got {got!r}" for case, expected, got in ours.misses(what)]
    if "kind" in ours.checks:
        kinds = sorted({e for _, e, _ in ours.checks["kind"]} | {g or "none" for _, _, g in ours.checks["kind"]})
        counts = Counter((e, g or "none") for _, e, g in ours.checks["kind"])
        lines.append("kind confusion (rows: expected, columns: predicted)")
        lines.append(" " * 26 + "".join(f"{k[:12]:>14}" for k in kinds))
        lines += [f"{e:<26}" + "".join(f"{counts[(e, g)]:>14}" for g in kinds) for e in kinds]
    lines.append("")
    lines.append("confusion (rows: expected, columns: predicted)")
    lines.append(" " * 16 + "".join(f"{s[:8]:>10}" for s in STATUSES))
    for expected, row in ours.confusion().items():
        lines.append(f"{expected:<16}" + "".join(f"{row[p]:>10}" for p in STATUSES))
    if per_item:
        lines.append("")
        lines.append("per item, 'disclosed': precision recall F1 support (baseline F1); errors")
        for item in range(1, 51):
            p, r, f, n = ours.prf("disclosed", item)
            errors = [f"{c}:{e}→{g}" for c, i, e, g in ours.pairs if i == item and e != g]
            lines.append(f"{item:>3} {p:.2f} {r:.2f} {f:.2f} {n:>3} ({naive.prf('disclosed', item)[2]:.2f}) "
                         + " ".join(errors))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m disclosure_check.eval", description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path, help="the evaluation set (with generate.py and docs/)")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    parser.add_argument("--brief", action="store_true", help="leave out the per-item lines")
    args = parser.parse_args(argv)
    ours, naive, skipped = score(args.directory)
    if args.json:
        print(json.dumps({"checker": ours.summary(), "baseline": naive.summary(), "skipped": skipped},
                         ensure_ascii=False, indent=2))
    else:
        print(report(ours, naive, skipped, per_item=not args.brief))
    return 0


if __name__ == "__main__":
    sys.exit(main())
