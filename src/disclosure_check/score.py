"""A 0–100 score shaped like the published evaluations (21世纪教育研究院's 高校信息公开观察报告 scores checklist
completion, the annual report's completeness and publishing on time; CASS's transparency index scores sections).

    checklist  = 100 × Σ credit / applicable items      disclosed 1, partial covered facets / facets (½ if the
                                                          item has none), stale ½, missing 0
    report     = 100 × parts present / parts expected   None when the document is not an annual report
    timeliness = 0 when the timeliness rule finds the report published after 31 October of its reporting
                 year, 100 when it was published by then, None when the publishing date is unknown
    total      = Σ weight × component / Σ weight, over the components that are not None

Not-applicable items (declared by the document or set in the settings: the latter counted as `waived`) are
outside the denominator and reported beside the score, so waiving items cannot buy points silently.
"""

from __future__ import annotations

from disclosure_check.result import DocumentResult, ItemResult, Score

WEIGHTS: dict[str, float] = {"checklist": 60.0, "report": 30.0, "timeliness": 10.0}
LATE = "timeliness.late"


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
    """The timeliness rule's verdict: late if it found the report published after its deadline."""
    if any(f.rule == LATE for f in result.findings):
        return 0.0
    return 100.0 if result.report.published and result.report.is_annual_report else None
