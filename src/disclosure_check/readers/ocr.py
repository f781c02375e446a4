"""Text for scanned PDFs by OCR, with the optional `ocr` extra (rapidocr-onnxruntime: its detection and
recognition models ship inside the wheel, so it runs offline).

Each page is rendered and recognised line by line; the lines, with their positions, then go through the PDF
reader's own paragraph merging, so an OCR'd report reads like a born-digital one. About 3–6 s a page on two
cores: only used when asked for (`--ocr`) and only for PDFs with no text layer.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

from disclosure_check.config import Limits
from disclosure_check.document import Document
from disclosure_check.readers.pdf import Line, Page, paragraphs

SCALE = 2.0  # 144 dpi: small CJK print is not recognised at 72


def available() -> bool:
    return importlib.util.find_spec("rapidocr_onnxruntime") is not None


@lru_cache(maxsize=1)
def _engine():  # type: ignore[no-untyped-def]
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR()


def read(path: Path, scanned: Document, limits: Limits) -> Document:
    """`scanned` is the PDF reader's result for the file (metadata, no text); the text comes from OCR."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        pages = [_page(pdf[index]) for index in range(min(len(pdf), limits.max_pages))]
    finally:
        pdf.close()
    blocks = paragraphs(pages)
    return Document(path=scanned.path, format="pdf", blocks=blocks, title=scanned.title or (blocks[0].text if blocks else None),
                    created=scanned.created, modified=scanned.modified, pages=scanned.pages, ocr=True)


def _page(page) -> Page:  # type: ignore[no-untyped-def]
    width, height = page.get_size()
    found, _ = _engine()(page.render(scale=SCALE).to_numpy())
    lines = []
    for box, text, _score in found or []:
        xs, ys = [x for x, _ in box], [y for _, y in box]
        top, bottom = min(ys) / SCALE, max(ys) / SCALE
        lines.append(Line(text=text, right=max(xs) / SCALE, size=bottom - top,
                          at=(min(xs) / SCALE, height - (top + bottom) / 2)))  # PDF y grows upwards
    lines.sort(key=lambda line: (-line.at[1], line.at[0]))  # type: ignore[index]
    page.close()
    return Page(lines=lines, width=width)
