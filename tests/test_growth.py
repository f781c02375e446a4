"""The engine's cost grows in step with the text, even when a whole report is one paragraph.

Not a timed test: two sizes compared with a generous ratio. The text is a title and one paragraph of the
sample's body repeated, at one length and at eight times it. A rule that rescans its block for each hit, or
compares each hit with every other hit of the block, grows with the square of the paragraph: eight times the
text costs it up to 64 times as much, where a linear engine pays 8 times. Two measures: the Python lines the
package executes (exact, but blind to work done inside one call, such as slicing the rest of a block), and
the CPU time of the check, the least of three runs (which sees all of it).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from builders import SAMPLE

import disclosure_check
from disclosure_check.checklist import load_checklist, load_vocabulary
from disclosure_check.config import Settings
from disclosure_check.document import Block, Document
from disclosure_check.engine import check

SMALL, LARGE = 8, 64  # copies of the sample's body in the paragraph: 40k and 320k characters
LINEAR = LARGE / SMALL
SLACK = 1.5


def _document(copies: int) -> Document:
    title, _, body = SAMPLE.read_text(encoding="utf-8").partition("\n")
    paragraph = body.replace("\n", "") * copies
    return Document(path="report.txt", format="txt", title=title.strip(),
                    blocks=[Block("paragraph", title.strip(), "L1"), Block("paragraph", paragraph, "L2")])


def _check(document: Document):  # type: ignore[no-untyped-def]
    result = check(document, load_checklist(), load_vocabulary(), Settings())
    assert result.findings  # the paragraph is read by the rules, not set aside
    return result


def lines_executed(document: Document) -> int:
    package = str(Path(disclosure_check.__file__).parent)
    count = 0

    def local(frame, event, arg):  # type: ignore[no-untyped-def]
        nonlocal count
        if event == "line":
            count += 1
        return local

    def calls(frame, event, arg):  # type: ignore[no-untyped-def]
        return local if frame.f_code.co_filename.startswith(package) else None

    _check(document)  # caches and compiled patterns, once
    sys.settrace(calls)
    try:
        _check(document)
    finally:
        sys.settrace(None)
    return count


def cpu_seconds(document: Document) -> float:
    _check(document)
    timings = []
    for _ in range(3):
        start = time.process_time()
        _check(document)
        timings.append(time.process_time() - start)
    return min(timings)


def test_python_lines_grow_linearly_with_one_long_paragraph():
    small, large = lines_executed(_document(SMALL)), lines_executed(_document(LARGE))
    assert large < LINEAR * SLACK * small, (small, large)


def test_cpu_time_grows_linearly_with_one_long_paragraph():
    small, large = cpu_seconds(_document(SMALL)), cpu_seconds(_document(LARGE))
    assert large < LINEAR * SLACK * small, (small, large)
