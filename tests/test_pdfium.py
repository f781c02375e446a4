"""readers/_pdfium.py: pdfium's per-object and per-character calls with plain addresses answer as the typed
bindings do."""

from __future__ import annotations

import ctypes

import builders
import pypdfium2
import pypdfium2.raw as raw

from disclosure_check.readers import _pdfium


def test_untyped_calls_answer_as_the_typed_bindings(tmp_path):
    pdf = pypdfium2.PdfDocument(str(builders.raw_pdf(tmp_path / "a.pdf", "Annual report 2023", image=True)))
    page = pdf[0]
    textpage = page.get_textpage()
    calls = _pdfium.calls()

    handle, count = _pdfium.address(page.raw), raw.FPDFPage_CountObjects(page.raw)
    objects = [calls.get_object(handle, index) for index in range(count)]
    assert [calls.object_type(obj) for obj in objects] == [
        raw.FPDFPageObj_GetType(raw.FPDFPage_GetObject(page.raw, index)) for index in range(count)]
    assert sorted(calls.object_type(obj) for obj in objects) == [raw.FPDF_PAGEOBJ_TEXT, raw.FPDF_PAGEOBJ_IMAGE]
    corners = [ctypes.c_float() for _ in range(4)]
    for index, obj in enumerate(objects):
        assert calls.object_bounds(obj, *(ctypes.addressof(corner) for corner in corners))
        expected = [ctypes.c_float() for _ in range(4)]
        assert raw.FPDFPageObj_GetBounds(raw.FPDFPage_GetObject(page.raw, index), *expected)
        assert [c.value for c in corners] == [c.value for c in expected]

    box, into = _pdfium.rect()
    text_handle = _pdfium.address(textpage.raw)
    assert textpage.count_chars() == len("Annual report 2023")
    for index in range(textpage.count_chars()):
        assert calls.loose_box(text_handle, index, into)
        assert (box.left, box.bottom, box.right, box.top) == textpage.get_charbox(index, loose=True)
    assert not calls.loose_box(text_handle, textpage.count_chars() + 5, into)  # out of range: a failure, no crash
    textpage.close()
    page.close()
    pdf.close()
