"""Hostile input, round 2: tiny files that expand, numbers that are no numbers, JSON that is not a result,
special files. Each case through the real command: one line naming the file and the problem (or a normal
check), the documented exit code, no traceback, bounded peak memory, inputs unchanged."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import builders
import pytest
from checking import run_measured
from openpyxl.utils import get_column_letter

SRC = str(Path(__file__).resolve().parents[1] / "src")
REPORT = "某某大学2023年度信息公开工作报告\n一、概述\n学校章程及各项规章制度已在信息公开网公开。\n"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def cli(*args: str, cwd: Path, stdin: object = None, timeout: float = 180) -> tuple[int, str, str, int]:
    """Exit code, stdout, stderr and peak RSS (MB) of the command run as a user runs it."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "PYTHONPATH": SRC}
    code, out, err, rss = run_measured([sys.executable, "-m", "disclosure_check", *args], cwd=cwd, env=env,
                                       stdin=stdin if stdin is not None else subprocess.DEVNULL, timeout=timeout)
    return code, out.decode(), err.decode(), rss // 1024


def one_line(err: str, *expected: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    for text in expected:
        assert text in lines[0], lines[0]
    return lines[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def docx(path: Path, body: str) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", f'<?xml version="1.0"?><w:document {W}><w:body>{body}</w:body></w:document>')
    return path


def table(cell_props: str = "", row_props: str = "", text: str = "学校章程", grid: int = 2) -> str:
    cols = "".join('<w:gridCol w:w="100"/>' for _ in range(grid))
    return (f"<w:tbl><w:tblGrid>{cols}</w:tblGrid><w:tr>{row_props}<w:tc>{cell_props}<w:p><w:r><w:t>{text}"
            f"</w:t></w:r></w:p></w:tc></w:tr></w:tbl>")


def xlsx(path: Path, sheet: str, shared: list[str] | None = None, merges: str = "") -> Path:
    return builders.raw_xlsx(path, sheet.encode(), shared=shared, merges=merges)


def _cells(row: int, count: int, value: str) -> str:
    return f'<row r="{row}">' + "".join(f'<c r="{get_column_letter(i + 1)}{row}" t="s"><v>{value}</v></c>'
                                        for i in range(count)) + "</row>"


def _cases(d: Path) -> dict[str, tuple[Path, list[str], int, str]]:
    html_rows = "".join('<tr><td colspan="1000" rowspan="0">学校章程</td></tr>' for _ in range(20_000))
    xml_elements = "<w:p/>" * 2_100_000
    return {
        "gridspan": (docx(d / "gridspan.docx", table('<w:tcPr><w:gridSpan w:val="1000000000"/></w:tcPr>')), [], 1, ""),
        "gridbefore": (docx(d / "gridbefore.docx", table(row_props='<w:trPr><w:gridBefore w:val="1000000000"/></w:trPr>')),
                       [], 1, ""),
        "superscript": (docx(d / "sup.docx", table('<w:tcPr><w:gridSpan w:val="²"/></w:tcPr>')
                             + '<w:p><w:pPr><w:outlineLvl w:val="²"/></w:pPr><w:r><w:t>一、概述</w:t></w:r></w:p>'), [], 1, ""),
        "digits": (docx(d / "digits.docx", table(f'<w:tcPr><w:gridSpan w:val="{"9" * 5000}"/></w:tcPr>')
                        + f'<w:p><w:pPr><w:outlineLvl w:val="{"7" * 5000}"/></w:pPr><w:r><w:t>一、概述</w:t></w:r></w:p>'),
                   [], 1, ""),
        "nested": (docx(d / "nested.docx", "<w:tbl><w:tr><w:tc>" * 300 + "<w:p/>" + "</w:tc></w:tr></w:tbl>" * 300),
                   ["--lang", "en"], 2, "nested too deeply"),
        "elements": (docx(d / "elements.docx", xml_elements), ["--lang", "en"], 2, "--max-text-mb"),
        "html-spans": (builders_html(d / "spans.html", f"<table>{html_rows}</table>"), [], 1, ""),
        "html-digits": (builders_html(d / "digits.html", f'<table><tr><td colspan="{"9" * 5000}" rowspan="{"9" * 5000}">'
                                                         "学校章程</td><td>x</td></tr></table>"), [], 1, ""),
        "merged": (xlsx(d / "merged.xlsx", '<row r="1"><c r="A1" t="inlineStr"><is><t>学校章程</t></is></c></row>',
                        merges='<mergeCell ref="A3:XFD1048576"/><mergeCell ref="A1:XFD1048576"/>'), [], 1, ""),
        "shared": (xlsx(d / "shared.xlsx", _cells(1, 2000, "0"), shared=["章" * 5_000_000]), ["--lang", "en"], 2,
                   "the document's text is over the 100 MB limit (--max-text-mb)"),
    }


def builders_html(path: Path, body: str) -> Path:
    path.write_text(f"<html><head><title>t</title></head><body><p>某某大学信息公开工作报告</p>{body}</body></html>",
                    encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, tuple[Path, list[str], int, str]]:
    return _cases(tmp_path_factory.mktemp("hostile"))


@pytest.mark.parametrize("name", ["gridspan", "gridbefore", "superscript", "digits", "nested", "elements",
                                  "html-spans", "html-digits", "merged", "shared"])
def test_tiny_files_do_not_expand(corpus, name):
    path, args, code, expected = corpus[name]
    before = digest(path)
    done, out, err, rss = cli(str(path), "-f", "json", *args, cwd=path.parent)
    assert done == code, err
    if code == 2:
        one_line(err, path.name, expected)
    else:
        assert err == "" and json.loads(out)["documents"][0]["error"] is None
    assert rss < 900, f"{name}: peak RSS {rss} MB"
    assert digest(path) == before


def test_spans_are_capped_but_their_text_kept(corpus):
    from disclosure_check.readers import read_document

    rows = [b for b in read_document(corpus["gridspan"][0]).blocks if b.kind == "row"]
    assert [len(b.cells) for b in rows] == [63] and rows[0].cells[0].text == "学校章程"
    rows = [b for b in read_document(corpus["html-spans"][0]).blocks if b.kind == "row"]
    assert len(rows) == 20_000 and max(len(b.cells) for b in rows) <= 2  # a spanned cell, then its own
    rows = [b for b in read_document(corpus["merged"][0]).blocks if b.kind == "row"]
    assert [b.text for b in rows] == ["学校章程"]


def test_text_and_stdin_limits_name_the_option(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text(REPORT + "学校章程。" * 200_000, encoding="utf-8")  # 3 MB
    code, _, err, _ = cli("big.txt", "--max-text-mb", "2", "--lang", "en", cwd=tmp_path)
    assert code == 2
    one_line(err, "big.txt", "the file is over the 2 MB limit (--max-text-mb)")
    with open("/dev/zero", "rb") as zero:
        code, _, err, _ = cli("-", "--max-text-mb", "5", "--lang", "en", cwd=tmp_path, stdin=zero)
    assert code == 2
    one_line(err, "<stdin>", "standard input is over the 5 MB limit (--max-text-mb)")


def test_item_ranges_are_bounded_before_expanding(tmp_path):
    (tmp_path / "r.txt").write_text(REPORT, encoding="utf-8")
    for spec in ("1-1000000000", "9" * 5000, "3-1"):
        code, _, err, rss = cli("r.txt", "--not-applicable", spec, "--lang", "en", cwd=tmp_path)
        assert code == 2
        one_line(err, "--not-applicable")
        assert rss < 900


@pytest.mark.parametrize("setting", ["timeout = inf", "timeout = nan", "timeout = 1e300", 'timeout = "x"',
                                     "max-text-mb = 0", "unknown-key = 1", "timeout = [", 'max-pages = "many"'])
def test_bad_settings_are_one_line_naming_the_file(tmp_path, setting):
    (tmp_path / "r.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / ".disclosure-check.toml").write_text(setting + "\n", encoding="utf-8")
    code, _, err, _ = cli("r.txt", "--lang", "en", cwd=tmp_path)
    assert code == 2
    one_line(err, ".disclosure-check.toml")


def _json_cases(d: Path) -> dict[str, Path]:
    (d / "r.txt").write_text(REPORT, encoding="utf-8")
    good = subprocess.run([sys.executable, "-m", "disclosure_check", "r.txt", "-f", "json"], cwd=d, text=True,
                          capture_output=True, env={**os.environ, "PYTHONPATH": SRC}).stdout
    files = {
        "deep.json": "[" * 200_000 + "]" * 200_000,
        "deep-object.txt": '{"a":' * 100_000 + "1" + "}" * 100_000,
        "wrong.json": '{"documents": [{"x": 1}]}',
        "v2.json": good.replace('"schema_version": 1', '"schema_version": 2'),
        "two.json": good + good,
        "list.json": f"[{good}]",
    }
    paths = {}
    for name, text in files.items():
        paths[name] = d / name
        paths[name].write_text(text, encoding="utf-8")
    paths["huge.json"] = d / "huge.json"
    with open(paths["huge.json"], "wb") as sparse:  # over the 1 GiB limit, refused before a byte is read
        sparse.truncate((1 << 30) + 1)
    os.mkfifo(d / "fifo.json")
    paths["fifo.json"] = d / "fifo.json"
    paths["/dev/zero"] = Path("/dev/zero")
    return paths


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> dict[str, Path]:
    return _json_cases(tmp_path_factory.mktemp("results"))


EXPECTED_JSON = {"deep.json": "not valid JSON", "deep-object.txt": "not valid JSON",
                 "wrong.json": "not a disclosure-check result", "v2.json": "schema_version 2",
                 "two.json": "not valid JSON", "list.json": "not a disclosure-check result",
                 "huge.json": "over the 1024 MB limit", "fifo.json": "not a regular file",
                 "/dev/zero": "not a regular file"}


@pytest.mark.parametrize("name", sorted(EXPECTED_JSON))
def test_json_that_is_not_a_result(results, name):
    path = results[name]
    d = results["deep.json"].parent
    for args in (["diff", str(path), "r.txt"], ["r.txt", "--baseline", str(path)]):
        code, _, err, rss = cli(*args, "--lang", "en", cwd=d, timeout=60)
        assert code == 2, err
        one_line(err, str(path), EXPECTED_JSON[name])
        assert rss < 900


def test_special_files_as_reports_and_checklists_never_hang(results, tmp_path):
    d = results["deep.json"].parent
    for args in (["fifo.json"], ["/dev/zero"], ["/dev/urandom"], ["r.txt", "--checklist", "fifo.json"],
                 ["checklist", "validate", "fifo.json"], ["r.txt", "--checklist", "/dev/zero"],
                 ["diff", "r.txt", "/dev/stdin"]):
        code, _, err, _ = cli(*args, cwd=d, timeout=60)
        assert code == 2, (args, err)
        one_line(err, "不是普通文件")


def test_a_growing_file_is_read_as_it_was_when_opened(tmp_path):
    path = tmp_path / "grow.txt"
    path.write_text(REPORT, encoding="utf-8")
    with open(path, "ab") as writer:
        from disclosure_check.readers import read_document

        writer.write(b"x" * 10)
        writer.flush()
        document = read_document(path)
    assert document.blocks[0].text == "某某大学2023年度信息公开工作报告"


def _laughs() -> str:
    lines = ['id: x', 'title: x', 'title_en: x', 'l0: &l0 "lol"']
    for level in range(1, 10):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 10) + "]")
    return "\n".join(lines) + "\ncategories: *l9\nitems: *l9\n"


def _big_alias() -> str:
    return ('id: x\ntitle: &t "' + "章" * 5_000_000 + '"\ntitle_en: x\ncategories: []\nitems: ['
            + ", ".join(["*t"] * 2000) + "]\n")


def _many_items(count: int) -> str:
    items = "".join(f"  - {{id: {n}, category: 1, title: 事项{n}, title_en: Item {n}, cadence: annual, "
                    f"facets: [{{name: 事项{n}, name_en: Item {n}, keywords: [事项{n}]}}]}}\n"
                    for n in range(1, count + 1))
    return (f"id: big\ntitle: 大清单\ntitle_en: Big\ncategories:\n  - {{id: 1, name: 类, name_en: C, count: {count}}}\n"
            f"items:\n{items}")


@pytest.mark.parametrize(("text", "expected"), [
    (_laughs(), "alias bomb"),
    (_big_alias(), "alias bomb"),
    ("[" * 100_000 + "]" * 100_000, "YAML"),
    ("id: [1, 2]\ntitle: {a: 1}\ntitle_en: 3\ncategories: x\nitems: 7\n", ""),
], ids=["laughs", "big-alias", "deep", "wrong-types"])
def test_checklist_bombs_and_wrong_types(tmp_path, text, expected):
    (tmp_path / "r.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "c.yaml").write_text(text, encoding="utf-8")
    code, _, err, rss = cli("r.txt", "--checklist", "c.yaml", "--lang", "en", cwd=tmp_path)
    assert code == 2
    one_line(err, "c.yaml", expected)
    code, out, err, rss = cli("checklist", "validate", "c.yaml", cwd=tmp_path)
    assert code in (1, 2) and "Traceback" not in err, err
    assert rss < 900


def test_a_20000_item_checklist_is_valid(tmp_path):
    (tmp_path / "big.yaml").write_text(_many_items(20_000), encoding="utf-8")
    code, out, err, _ = cli("checklist", "validate", "big.yaml", cwd=tmp_path)
    assert (code, err) == (0, "") and "OK" in out
    (tmp_path / "dup.yaml").write_text(_many_items(20_000).replace("id: 20000,", "id: 1,"), encoding="utf-8")
    code, out, err, _ = cli("checklist", "validate", "dup.yaml", cwd=tmp_path)
    assert code == 1 and "item id 1 is used twice" in out and "no item has id 20000" in out


def test_a_huge_single_line_gives_a_clipped_title_and_a_small_result(tmp_path):
    (tmp_path / "one.txt").write_text("某某大学2023年度信息公开工作报告学校章程已公开" * 50_000, encoding="utf-8")  # 3.3 MB
    code, out, err, _ = cli("one.txt", "-f", "json", cwd=tmp_path)
    assert code == 1 and "Traceback" not in err
    document = json.loads(out)["documents"][0]
    assert len(document["report"]["title"] or "") <= 201 and len(out) < 500_000
