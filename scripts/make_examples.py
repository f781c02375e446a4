"""Write examples/huse-2023-report.txt (an exact copy of the sample report) and examples/huse-2023-report.docx
built from it with the same code the tests use (tests/builders.py `to_docx`: the first line in the Title style,
"一、" lines Heading 1, "（一）" lines Heading 2). The docx is byte-for-byte reproducible.

    python scripts/make_examples.py [SAMPLE.txt]

SAMPLE defaults to examples/huse-2023-report.txt itself, so by default only the docx is rebuilt.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import builders  # noqa: E402

EXAMPLES = ROOT / "examples"


def main(argv: list[str]) -> int:
    sample = Path(argv[0]) if argv else builders.SAMPLE
    txt = EXAMPLES / "huse-2023-report.txt"
    EXAMPLES.mkdir(exist_ok=True)
    if sample.exists() and sample.resolve() != txt.resolve():
        shutil.copyfile(sample, txt)
    elif not txt.exists():
        print(f"sample not found: {sample}", file=sys.stderr)
        return 1
    docx = builders.to_docx(builders.lines_of(txt), EXAMPLES / "huse-2023-report.docx")
    print(f"wrote {txt.relative_to(ROOT)} and {docx.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
