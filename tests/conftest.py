"""Shared fixtures."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import builders  # noqa: E402


@pytest.fixture(autouse=True, scope="session")
def _pattern_cache(tmp_path_factory) -> Iterator[None]:
    """Command lines under test keep their compiled patterns (pattern_cache.py) in the session's folder, never
    in the user's cache folder."""
    import os

    name = "DISCLOSURE_CHECK_PATTERN_CACHE"
    before = os.environ.get(name)
    os.environ[name] = before if before is not None else str(tmp_path_factory.mktemp("patterns") / "cache.marshal")
    yield
    if before is None:
        del os.environ[name]


@pytest.fixture(scope="session")
def sample_formats(tmp_path_factory) -> dict[str, Path]:
    """The sample report as txt, docx, pdf and html (GBK bytes labelled gb2312), built once per session.

    "pdf" is absent when LibreOffice is not installed; tests needing it skip.
    """
    if not builders.SAMPLE.exists():
        pytest.skip(f"sample report not found at {builders.SAMPLE}")
    out = tmp_path_factory.mktemp("sample-formats")
    lines = builders.lines_of(builders.SAMPLE)
    formats = {"txt": out / "report.txt"}
    shutil.copyfile(builders.SAMPLE, formats["txt"])
    formats["docx"] = builders.to_docx(lines, out / "report.docx")
    formats["html"] = builders.to_html(lines, out / "report.html", encoding="gb18030", declared="gb2312")
    if builders.pdf_converter():
        formats["pdf"] = builders.docx_to_pdf(formats["docx"], out)
    return formats


@pytest.fixture(params=["fork", "spawn"])
def start_method(request, monkeypatch) -> str:
    """Worker processes started as on Linux (fork) and as on Windows and macOS (spawn); output must not differ."""
    import multiprocessing
    import os

    if request.param not in multiprocessing.get_all_start_methods() or (request.param == "fork" and not hasattr(os, "fork")):
        pytest.skip(f"no {request.param} on this platform")
    monkeypatch.setenv("DISCLOSURE_CHECK_START_METHOD", request.param)
    return request.param
