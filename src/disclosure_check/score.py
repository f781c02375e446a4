"""A 0–100 score shaped like the published evaluations (21世纪教育研究院's 高校信息公开观察报告 scores checklist
completion, the annual report's completeness and publishing on time; CASS's transparency index scores sections).

    checklist  = 100 × Σ credit / applicable items      disclosed 1, partial covered facets / facets (½ if the
                                                          item has none), stale ½, missing 0
    report     = 100 × parts present / parts expected   None when the document is not an annual report
    timeliness = 100 if published on or before 31 October following the statistics period's end, else 0;
                 None when the publishing date or the period is unknown
    total      = Σ weight × component / Σ weight, over the components that are not None

Not-applicable items (declared by the document or set in the settings: the latter counted as `waived`) are
outside the denominator and reported beside the score, so waiving items cannot buy points silently.
"""

from __future__ import annotations

from datetime import date

from disclosure_check.result import DocumentResult, ItemResult, Score

WEIGHTS: dict[str, float] = {"checklist": 60.0, "report": 30.0, "timeliness": 10.0}
DEADLINE = (10, 31)  # 《高等学校信息公开办法》: the annual report is due by the end of October


def score(result: DocumentResult) -> Score:
    applicable = [i for i in result.items if i.status.value != "not_applicable"]
    excluded = [i for i in result.items if i.status.value == "not_applicable"]
    components = {
        "checklist": _ratio(sum(_credit(i) for i in applicable), len(applicable)),
        "report": _ratio(sum(1 for p in result.parts if p.status == "present"), len(result.parts)),
        "timeliness": _timeliness(result),
    }
    used = {name: WEIGHTS[name] for name, value in components.items() if value is not None}
    total = sum(used[name] * components[name] for name in used) / sum(used.values()) if used else 0.0  # type: ignore[operator]
    return Score(total=round(total, 1), **{k: None if v is None else round(v, 1) for k, v in components.items()},
                 weights=used, applicable=len(applicable), not_applicable=len(excluded),
                 waived=sum(1 for i in excluded if not i.self_declared))


def _ratio(part: float, whole: int) -> float | None:
    return 100.0 * part / whole if whole else None


def _credit(item: ItemResult) -> float:
    status = item.status.value
    if status == "disclosed":
        return 1.0
    if status == "stale":
        return 0.5
    if status == "partial":
        return sum(f.covered for f in item.facets) / len(item.facets) if item.facets else 0.5
    return 0.0


def _timeliness(result: DocumentResult) -> float | None:
    published, end = _iso(result.report.published), _iso(result.report.period.end)
    if published is None or end is None:
        return None
    deadline = date(end.year, *DEADLINE)
    if end > deadline:
        deadline = date(end.year + 1, *DEADLINE)
    return 100.0 if published <= deadline else 0.0


def _iso(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None
