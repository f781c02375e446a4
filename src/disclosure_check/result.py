"""The Result: the one contract every renderer reads and the JSON output serialises (versioned)."""

from __future__ import annotations

import re
from enum import Enum
from typing import Annotated

from pydantic import AfterValidator, ConfigDict, Field
from pydantic import BaseModel as _PydanticModel

SCHEMA_VERSION = 1

# What no output may carry, whatever the report contained: C0/C1 control characters (terminal escapes; not
# allowed in XML), lone surrogates from broken decodes (not encodable as UTF-8: the JSON dump would fail)
# and the non-characters U+FFFE/U+FFFF, and bidirectional controls (U+202E shows the rest of a line reversed,
# hiding what it says). Tabs and line breaks stay.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                     "\ud800-\udfff\ufffe\uffff]")


def safe_text(text: str) -> str:
    """Surrogates become U+FFFD (something was there), control characters are dropped."""
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(lambda m: "\ufffd" if "\ud800" <= m.group() <= "\udfff" else "", text)


# Every string field of the Result is `Text`: it passes `safe_text` once, when the model is built or the field
# assigned — the one place that makes every renderer (terminal, JSON, SARIF, XML, spreadsheets) safe for any
# input text. A type rather than a validator on "*", so pydantic calls it for strings only.
Text = Annotated[str, AfterValidator(safe_text)]


class BaseModel(_PydanticModel):
    """Rules fill results by assignment, hence validate_assignment (which runs `Text` on assigned strings)."""

    model_config = ConfigDict(validate_assignment=True)


class ItemStatus(str, Enum):
    disclosed = "disclosed"
    partial = "partial"
    stale = "stale"
    missing = "missing"
    not_applicable = "not_applicable"


class Severity(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


class Evidence(BaseModel):
    quote: Text  # the original text, at most ~80 characters
    locator: Text
    link: Text | None = None
    date: Text | None = None  # ISO date found on the same row or sentence
    place: Text | None = None  # the locator in words, in the run's language ("第3页", "page 3"): locators.place


class FacetResult(BaseModel):
    name: Text
    name_en: Text = ""
    covered: bool
    evidence: list[Evidence] = []


class Waiver(BaseModel):
    """An approved exception from the settings: the item stays as found but does not fail the run."""

    reason: Text
    approved_by: Text
    expires: Text  # ISO date; a waiver past it is an error finding and no longer waives


class ExplainedHit(BaseModel):
    """One keyword occurrence considered for an item, and whether and why it counted."""

    keyword: Text
    kind: Text  # alias | facet | channel
    facet: Text | None = None  # the facet it speaks for; None for a whole-item wording
    locator: Text
    text: Text  # the row or clause, clipped
    counted: bool
    why: Text  # row | text | outranked | negation:未公开 | not_applicable:不涉及 | channel | title | excluded:招生章程


class Explanation(BaseModel):
    considered: int = 0  # hits considered; `hits` keeps the first EXPLAIN_LIMIT
    hits: list[ExplainedHit] = []
    decision: Text = ""


class ItemResult(BaseModel):
    id: int
    category: Text
    title: Text
    category_id: int
    category_en: Text = ""
    title_en: Text = ""
    status: ItemStatus
    facets: list[FacetResult] = []
    evidence: list[Evidence] = []
    message: Text = ""
    self_declared: bool = False  # not_applicable / missing because the document itself says so
    # A catalog (信息公开目录) only: whether it has a row for the item; None for any other kind of document.
    listed: bool | None = None
    reason: Text | None = None  # why an item was set not applicable in the settings
    # CI: a waived item keeps its status but is reported apart and never fails the run.
    waived: bool = False
    waiver: Waiver | None = None
    # --baseline: the status in the previous run (keyed by item id); regressed is None without a baseline.
    baseline_status: ItemStatus | None = None
    regressed: bool | None = None

    @property
    def gates(self) -> bool:
        """Whether this item may fail the run: not waived, and (under a baseline) worse than before."""
        return not self.waived and self.regressed is not False
    explain: Explanation | None = None


class PartResult(BaseModel):
    number: int
    title: Text
    title_en: Text = ""
    status: Text  # present | missing
    evidence: Evidence | None = None


class Period(BaseModel):
    start: Text | None = None  # ISO dates
    end: Text | None = None
    kind: Text | None = None  # academic_year | calendar_year | custom
    source: Text | None = None  # setting | stated | title
    evidence: Evidence | None = None


class KindSignal(BaseModel):
    """One signal weighed for the document's kind (checklist/document-kinds.yaml)."""

    kind: Text  # university_annual_report | government_annual_report | catalog | notice | news
    name: Text
    where: Text  # title | opening | page | structure
    weight: int
    text: Text  # the words (or the count) that fired it


class RemovedLine(BaseModel):
    locator: Text
    text: Text
    why: Text  # chrome | byline | menu | side_list


class ReportExplanation(BaseModel):
    """How the kind, title, year and period were decided (--explain report)."""

    kind_scores: dict[str, int] = {}
    taken_for: Text = "other"  # the winning signals' kind, before a notice or news story is reported as other
    signals: list[KindSignal] = []
    title_source: Text = "none"  # line | joined | page | first_line | none
    title_locator: Text | None = None
    page_title: Text | None = None
    year_source: Text = "none"  # setting | period | title | stated | academic_year | year_of | none
    year_text: Text | None = None
    main_content: Text | None = None  # html: the extractor that found the article, or why the whole page was read
    removed: list[RemovedLine] = []  # site chrome left out of the document


class ReportInfo(BaseModel):
    title: Text | None = None
    year: int | None = None
    institution: Text | None = None  # "湖南科技学院", from the title or the opening lines
    published: Text | None = None  # ISO date the report is signed or dated (its last dated line, else metadata)
    period: Period = Field(default_factory=Period)
    announced_parts: int | None = None  # "报告包括…八个部分" → 8
    is_annual_report: bool = False  # true exactly when kind is university_annual_report
    # university_annual_report | government_annual_report | catalog (a 清单/目录 table) | other
    kind: Text = "other"
    explain: ReportExplanation | None = None


class Finding(BaseModel):
    rule: Text  # stable identifier, e.g. "structure.part-missing"
    severity: Severity
    message: Text
    locator: Text | None = None
    item: int | None = None
    part: int | None = None
    evidence: list[Evidence] = []
    baselined: bool = False  # --baseline: the previous run had the same finding, so it is not reported as new


class Score(BaseModel):
    """score.py: weighted 0–100; a component that cannot be judged is None and its weight is left out."""

    total: float = 0.0
    checklist: float | None = None  # completion of the applicable items
    report: float | None = None  # parts of the annual report present
    timeliness: float | None = None  # 100 published by the deadline, 0 after, None when the date is unknown
    weights: dict[str, float] = {}
    applicable: int = 0  # items in the checklist denominator
    not_applicable: int = 0  # excluded from the denominator: declared by the document or set in the settings
    waived: int = 0  # of those, set not applicable in the settings


class Summary(BaseModel):
    total: int = 0
    disclosed: int = 0
    partial: int = 0
    stale: int = 0
    missing: int = 0
    not_applicable: int = 0
    parts_present: list[int] = []
    parts_missing: list[int] = []
    complete: bool = True  # every announced / expected part present
    waived: int = 0  # items under a valid waiver (still counted under their status above)
    regressed: int | None = None  # items worse than in the --baseline run; None without a baseline
    score: Score | None = None


class LinkResult(BaseModel):
    """One link checked by --check-links (links/): where it was written, what fetching it found, the verdict."""

    url: Text  # as written in the document
    status: Text | None = None  # ok | broken | timeout | soft_404 | mismatch | stale_page | skipped
    http_status: int | None = None
    final_url: Text | None = None  # after redirects
    item: int | None = None  # the checklist item whose row or evidence holds the link
    locator: Text
    page_title: Text | None = None
    page_date: Text | None = None  # ISO
    elapsed_ms: int | None = None
    error: Text | None = None  # why it is not ok, in a word or a server's own terms


class DocumentResult(BaseModel):
    path: Text
    format: Text | None = None
    error: Text | None = None  # set when the file could not be read; everything else is then empty
    needs_ocr: bool = False
    ocr: bool = False  # the text was recognised from page images (--ocr)
    report: ReportInfo = Field(default_factory=ReportInfo)
    parts: list[PartResult] = []
    items: list[ItemResult] = []
    findings: list[Finding] = []
    summary: Summary = Field(default_factory=Summary)
    links: list[LinkResult] = []  # filled by --check-links only


class ToolInfo(BaseModel):
    name: Text = "disclosure-check"
    version: Text
    checklist: Text
    checklist_title: Text | None = None  # 高等学校信息公开事项清单
    checklist_source: Text | None = None  # the document that issued it: 教办函〔2014〕23号
    lang: Text = "zh"
    command: Text | None = None  # the command line as run, for reports that must say how they were made
    check_links: Text | None = None  # rows | all when --check-links ran (renderers then show link columns)


class RunResult(BaseModel):
    schema_version: int = SCHEMA_VERSION
    tool: ToolInfo
    documents: list[DocumentResult] = []
