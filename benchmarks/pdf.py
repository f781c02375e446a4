"""A long PDF: the reader and the whole check against extraction with pypdfium2 alone.

    PYTHONPATH=src python benchmarks/pdf.py [--copies 60] [--runs 7] [--pdf FILE]

Builds a PDF of the sample report (examples/huse-2023-report.txt) repeated `--copies` times with LibreOffice,
as benchmarks/run.py builds its PDFs (60 copies: about 256 pages), or takes `--pdf`. Then measures side by
side in one process, alternating, the median of `--runs` runs of CPU time and of wall time:
  (a) text: every page's text page and its text (`get_text_range`), nothing else;
  (b) text and character boxes: (a) plus the loose box of every character, through pdfium's C call with one
      buffer for all (the floor issue 15 sets the check against: the reader needs the text, boxes to place
      lines and, on pages that may hold a borderless table, every character's box);
  (c) the reader alone (`read_document`);
  (d) the whole check (`pipeline.check_file`: the reader and every rule).
The reader runs in this process as it does in a worker of the command line (`pdf.guard_in_process`), not in the
child process a library call forks. The load average is printed before and after: the machine may be shared,
so only the ratios measured side by side mean much.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import builders  # noqa: E402

SAMPLE = ROOT / "examples" / "huse-2023-report.txt"


def build(folder: Path, copies: int) -> Path:
    if not builders.pdf_converter():
        sys.exit(f"cannot build the PDF: {builders.PDF_SKIP_REASON}")
    lines = builders.lines_of(SAMPLE)
    return builders.docx_to_pdf(builders.to_docx(lines * copies, folder / f"long-{copies}.docx"), folder)


def text_only(path: Path) -> None:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    for index in range(len(pdf)):
        page = pdf[index]
        textpage = page.get_textpage()
        textpage.get_text_range()
        textpage.close()
        page.close()
    pdf.close()


def text_and_boxes(path: Path) -> None:
    import pypdfium2
    import pypdfium2.raw as raw

    rect = raw.FS_RECTF()
    pdf = pypdfium2.PdfDocument(str(path))
    for index in range(len(pdf)):
        page = pdf[index]
        textpage = page.get_textpage()
        textpage.get_text_range()
        handle, loose_box = textpage.raw, raw.FPDFText_GetLooseCharBox
        for char in range(textpage.count_chars()):
            loose_box(handle, char, rect)
        textpage.close()
        page.close()
    pdf.close()


def measure(actions: dict[str, Callable[[], object]], runs: int) -> dict[str, tuple[float, float]]:
    """Median CPU and wall seconds of each action, the actions taking turns."""
    cpu: dict[str, list[float]] = {name: [] for name in actions}
    wall: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(runs):
        for name, action in actions.items():
            started_cpu, started = time.process_time(), time.perf_counter()
            action()
            cpu[name].append(time.process_time() - started_cpu)
            wall[name].append(time.perf_counter() - started)
    return {name: (statistics.median(cpu[name]), statistics.median(wall[name])) for name in actions}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=60, help="copies of the sample report (60: about 256 pages)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--pdf", type=Path, help="measure this PDF instead of building one")
    options = parser.parse_args()

    from disclosure_check.checklist import load_checklist
    from disclosure_check.config import Settings
    from disclosure_check.pipeline import check_file
    from disclosure_check.readers import pdf as pdf_reader
    from disclosure_check.readers import read_document

    pdf_reader.guard_in_process()
    checklist, settings = load_checklist(), Settings()
    with tempfile.TemporaryDirectory(prefix="dc-bench-pdf-") as temp:
        path = options.pdf or build(Path(temp), options.copies)
        import pypdfium2

        pages = len(pypdfium2.PdfDocument(str(path)))
        check_file(path, checklist, settings)  # warm imports and caches
        print(f"{path.name}: {pages} pages, {path.stat().st_size / 1024:.0f} KB; load {os.getloadavg()[0]:.2f}")
        figures = measure({
            "(a) text": lambda: text_only(path),
            "(b) text + character boxes": lambda: text_and_boxes(path),
            "(c) reader": lambda: read_document(path, settings.limits, path),
            "(d) check": lambda: check_file(path, checklist, settings),
        }, options.runs)
    print(f"{'':<28}{'CPU s':>8}{'wall s':>8}")
    for name, (cpu, wall) in figures.items():
        print(f"{name:<28}{cpu:>8.3f}{wall:>8.3f}")
    floor_cpu, floor_wall = figures["(b) text + character boxes"]
    for name in ("(c) reader", "(d) check"):
        cpu, wall = figures[name]
        print(f"{name} / (b): {cpu / floor_cpu:.2f}× CPU, {wall / floor_wall:.2f}× wall")
    reader_cpu, check_cpu = figures["(c) reader"][0], figures["(d) check"][0]
    print(f"rules (d − c): {check_cpu - reader_cpu:.3f} s CPU; load after {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
