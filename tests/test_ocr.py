"""Scanned PDFs: `needs_ocr` without --ocr; with --ocr (the `ocr` extra), the text is recognised and checked."""

from __future__ import annotations

import os

import builders
import pytest
from checking import check_path

from disclosure_check.readers import ocr


@pytest.fixture(scope="module")
def scanned(sample_formats, tmp_path_factory):
    if "pdf" not in sample_formats:
        pytest.skip("LibreOffice not installed: no PDF of the sample to scan")
    return builders.scan_pdf(sample_formats["pdf"], tmp_path_factory.mktemp("scan") / "扫描件.pdf", pages=1)


def test_scan_without_ocr_needs_ocr(scanned):
    result = check_path(scanned)
    assert result.needs_ocr and not result.ocr and result.items == []


def test_scan_with_ocr_is_read_like_the_original(scanned):
    if not ocr.available():
        if os.environ.get("CI"):
            pytest.fail("the ocr extra (rapidocr-onnxruntime) is required in CI")
        pytest.skip("the ocr extra is not installed")
    result = check_path(scanned, ocr=True)
    assert result.ocr and not result.needs_ocr and len(result.items) == 50
    assert result.report.title == "湖南科技学院2023年度信息公开工作报告" and result.report.year == 2023
    assert result.report.announced_parts == 8
    assert result.parts[0].status == "present" and result.parts[0].evidence.locator == "p.1"
