"""Main-content extractors on school article pages: what each keeps of the article and of the chrome.

`python benchmarks/extractors.py` builds pages the way school sites lay them out (tests/builders.py
`to_site_html`: top menu, breadcrumbs, 发布时间/来源 line, the 信息公开目录 sidebar, footer) around the sample
report, evaluation-set reports with their 50-row 清单 table, and short real openings, then runs trafilatura,
readability-lxml and jusText on each. It prints, per extractor: the share of article lines kept, the share of
table rows kept, sidebar entries and footer lines leaked, and the median time per page.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import builders  # noqa: E402


def pages(folder: Path) -> list[tuple[str, Path, list[str], list[str]]]:
    """(name, page, article lines, table row texts)."""
    found = []
    sources = [("sample", builders.lines_of(builders.SAMPLE), [])]
    for stem in ("t01-official-docx", "t07-traditional-html", "t20-catalog-links-html", "t04-narrative-docx"):
        spec = json.loads((ROOT / "tests/eval/docs" / f"{stem}.json").read_text(encoding="utf-8"))
        tables = [[[tuple(c) if isinstance(c, list) else c for c in row] for row in t] for t in spec.get("tables", [])]
        sources.append((stem, spec["lines"], tables))
    sources.append(("short-opening", ["安庆师范大学2023-2024学年信息公开工作年度报告", "省教育厅：",
                                      "2023-2024学年，学校深入贯彻落实《高等学校信息公开办法》，扎实做好信息公开工作。",
                                      "本报告中所列数据的统计起止时间为2023年9月1日至2024年8月31日。"], []))
    for name, lines, tables in sources:
        path = builders.to_site_html(lines, folder / f"{name}.html", tables=tables)
        rows = [str(row[2]) for t in tables for row in t[1:] if len(row) > 2 and isinstance(row[2], str)]
        found.append((name, path, lines[1:], rows))
    return found


def trafilatura_text(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html, include_tables=True, favor_precision=True, fast=True) or ""


def readability_text(html: str) -> str:
    from lxml import html as lxml_html
    from readability import Document

    return lxml_html.fromstring(Document(html).summary()).text_content()


def justext_text(html: str) -> str:
    import justext

    # No Chinese stop list ships with jusText: an empty one makes it judge by length and link density alone.
    paragraphs = justext.justext(html.encode("utf-8"), frozenset(), encoding="utf-8")
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


EXTRACTORS = {"trafilatura": trafilatura_text, "readability-lxml": readability_text, "justext": justext_text}


def squash(text: str) -> str:
    return "".join(text.split())


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        built = pages(Path(tmp))
        print(f"{'extractor':<18}{'page':<24}{'lines kept':>11}{'rows kept':>10}{'sidebar':>8}{'footer':>7}{'ms':>8}")
        for name, extract in EXTRACTORS.items():
            for page, path, lines, rows in built:
                html = path.read_text(encoding="utf-8")
                times = []
                for _ in range(3):
                    started = time.perf_counter()
                    text = squash(extract(html))
                    times.append((time.perf_counter() - started) * 1000)
                kept = sum(1 for line in lines if squash(line)[:30] in text) / max(1, len(lines))
                row_kept = sum(1 for row in rows if squash(row)[:20] in text) / len(rows) if rows else float("nan")
                article = squash("".join(lines) + "".join(str(c) for row in rows for c in row))
                sidebar = sum(1 for entry in builders.SITE_SIDEBAR if entry in text and entry not in article)
                footer = sum(1 for marker in ("版权所有", "ICP备") if marker in text)
                print(f"{name:<18}{page:<24}{kept:>11.2f}{row_kept:>10.2f}{sidebar:>8}{footer:>7}"
                      f"{statistics.median(times):>8.1f}")


if __name__ == "__main__":
    main()
