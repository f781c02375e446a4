"""The HTML report in a real browser: Debian's headless Chromium renders the sample's page and a batch page
(screenshots that are not blank), and the status, category and search filters, driven by the URL fragment,
hide exactly the rows they should."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import builders
import pytest
from browser import CHROMIUM, SKIP_REASON, Browser, once
from lxml import html as lxml_html
from test_cli import run

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DOCX = ROOT / "examples" / "huse-2023-report.docx"
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason=SKIP_REASON)


def dom(tmp_path: Path, page: Path, fragment: str = ""):  # type: ignore[no-untyped-def]
    """The page's DOM after its script ran, as lxml sees it."""
    return lxml_html.document_fromstring(once(tmp_path / "profile", "--dump-dom", page.as_uri() + fragment))


def screenshot(tmp_path: Path, page: Path, width: int, height: int) -> tuple[int, int, list[bytes], int]:
    target = tmp_path / f"shot-{width}.png"
    once(tmp_path / "profile", f"--window-size={width},{height}", f"--screenshot={target}", page.as_uri())
    return decode_png(target.read_bytes())


def decode_png(data: bytes) -> tuple[int, int, list[bytes], int]:
    """Width, height, pixel rows and bytes per pixel of an 8-bit RGB(A) PNG (what Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, compressed = 8, []
    while position < len(data):
        size, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + size]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            compressed.append(body)
        position += 12 + size
    assert depth == 8 and colour in (2, 6)
    step = 4 if colour == 6 else 3
    raw, stride = zlib.decompress(b"".join(compressed)), width * step
    previous, rows = bytearray(stride), []
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - step] if i >= step else 0
            up, corner = previous[i], (previous[i - step] if i >= step else 0)
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                guess = left + up - corner
                near = min((abs(guess - left), 0, left), (abs(guess - up), 1, up), (abs(guess - corner), 2, corner))
                line[i] = (line[i] + near[2]) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, rows, step


def assert_not_blank(shot: tuple[int, int, list[bytes], int], width: int) -> None:
    found_width, _, rows, step = shot
    assert found_width == width
    pixels = [row[i:i + 3] for row in rows for i in range(0, len(row), step)]
    background = max(set(pixels[:2000]), key=pixels[:2000].count)
    inked = sum(pixel != background for pixel in pixels)
    assert len(set(pixels)) > 50 and inked > len(pixels) * 0.03, (len(set(pixels)), inked)


@pytest.fixture(scope="module")
def sample_page(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("browser") / "report.html"
    assert run(str(SAMPLE_DOCX), "--output", str(target)).returncode == 1
    return target


def test_sample_page_renders(tmp_path, sample_page):
    assert_not_blank(screenshot(tmp_path, sample_page, 1280, 800), 1280)
    assert_not_blank(screenshot(tmp_path, sample_page, 390, 844), 390)


def test_status_filter_hides_rows(tmp_path, sample_page):
    static = lxml_html.document_fromstring(sample_page.read_bytes())
    statuses = {row.get("data-item"): row.get("data-status") for row in static.xpath("//tr[@data-item]")}
    tree = dom(tmp_path, sample_page, "#status=missing,partial")
    assert not tree.xpath("//div[@id='filters'][@hidden]")  # the script ran (the CSP let it)
    shown = {row.get("data-item") for row in tree.xpath("//tr[@data-item][not(@hidden)]")}
    assert shown == {item for item, status in statuses.items() if status in ("missing", "partial")}
    assert len(shown) == 43 and tree.xpath("//output[@id='shown']")[0].text == "显示 43 / 50 项"


def test_category_and_search_filters(tmp_path, sample_page):
    static = lxml_html.document_fromstring(sample_page.read_bytes())
    expected = {row.get("data-item") for row in static.xpath("//tbody[@data-category='3']/tr[@data-item]")
                if "预算" in row.text_content()}
    assert expected == {"19"}
    tree = dom(tmp_path, sample_page, "#category=3&q=%E9%A2%84%E7%AE%97")
    assert {row.get("data-item") for row in tree.xpath("//tr[@data-item][not(@hidden)]")} == expected
    # a category with no row left is hidden whole, heading and all
    assert [group.get("data-category") for group in tree.xpath("//tbody[@data-category][not(@hidden)]")] == ["3"]


def test_filters_and_search_respond_to_the_reader(sample_page):
    with Browser() as browser:
        browser.open(sample_page.as_uri())
        shown = "document.querySelectorAll('tr[data-item]:not([hidden])').length"
        assert browser.evaluate(shown) == 50
        browser.evaluate("document.querySelector('input[name=status][value=missing]').click()")
        assert browser.evaluate(shown) == 19  # the 31 missing items hidden
        assert browser.evaluate("location.hash") == "#status=disclosed,partial,stale,not_applicable"
        browser.evaluate("""(() => { const box = document.querySelector('input[name=q]'); box.value = '章程';
                            box.dispatchEvent(new Event('input', {bubbles: true})); })()""")
        browser.evaluate("new Promise(done => setTimeout(done, 300))")  # the search waits for typing to pause
        found = browser.evaluate("[...document.querySelectorAll('tr[data-item]:not([hidden])')].map(r => r.dataset.item)")
        assert found == ["2", "7", "9"]
        assert browser.evaluate("document.getElementById('shown').textContent") == "显示 3 / 50 项"


def test_prints_on_a4_without_the_filters(sample_page):
    import base64

    import pypdfium2

    with Browser() as browser:
        browser.open(sample_page.as_uri())
        browser.send("Emulation.setEmulatedMedia", session=True, media="print")
        style = "(selector, name) => getComputedStyle(document.querySelector(selector)).getPropertyValue(name)"
        assert browser.evaluate(f"({style})('#filters', 'display')") == "none"
        assert browser.evaluate(f"({style})('tr[data-item]', 'break-inside')") == "avoid"
        assert browser.evaluate(f"({style})('table.items thead', 'display')") == "table-header-group"
        printed = browser.send("Page.printToPDF", session=True, preferCSSPageSize=True, printBackground=True)
    pdf = pypdfium2.PdfDocument(base64.b64decode(printed["data"]))
    width, height = pdf[0].get_size()
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)  # A4, in millimetres
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "第8部分 清单事项公开情况表" in text and "教办函〔2014〕23号" in text and "搜索" not in text


def test_batch_page_renders_and_filters(tmp_path, sample_formats):
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ("txt", "docx", "html"):
        (folder / f"r.{name}").write_bytes(sample_formats[name].read_bytes())
    builders.to_docx(["长沙示例大学2022年度信息公开工作报告", *builders.lines_of(builders.SAMPLE)[1:40]], folder / "b.docx")
    target = tmp_path / "index.html"
    assert run(str(folder), "--output", str(target), "-j", "1").returncode == 1
    assert_not_blank(screenshot(tmp_path, target, 1280, 800), 1280)
    tree = dom(tmp_path, target, "#status=disclosed")
    rows = tree.xpath("//tr[@data-item]")
    shown = [row for row in rows if row.get("hidden") is None]
    assert len(rows) == 200 and 0 < len(shown) < 200
    assert shown == [row for row in rows if row.get("data-status") == "disclosed"]
    assert len(tree.xpath("//tr[@data-document]")) == 4
    with Browser() as browser:  # the document table sorts on a click, numbers as numbers, twice to reverse
        browser.open(target.as_uri())
        scores = "[...document.querySelectorAll('table.documents tbody tr')].map(r => r.cells[r.cells.length - 1].textContent)"
        heading = "document.querySelector('table.documents thead th:last-child')"
        browser.evaluate(f"{heading}.click()")
        ascending = browser.evaluate(scores)
        assert ascending == sorted(ascending, key=float) and browser.evaluate(f"{heading}.getAttribute('aria-sort')") == "ascending"
        browser.evaluate(f"{heading}.click()")
        assert browser.evaluate(scores) == sorted(ascending, key=float, reverse=True)
