"""The wheel ships the checklist data and the HTML templates: an installed tool must not depend on the
repository's folders."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_contains_the_checklist_yaml(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path),
                    str(ROOT)], check=True, capture_output=True, timeout=300)
    (wheel,) = tmp_path.glob("disclosure_check-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("moe-2014.yaml", "annual-report.yaml"):
        packaged = f"disclosure_check/checklist/{name}"
        assert packaged in names
        assert zipfile.ZipFile(wheel).read(packaged) == (ROOT / "checklist" / name).read_bytes()
    assert "disclosure_check/cli.py" in names
    templates = ROOT / "src" / "disclosure_check" / "render" / "templates"
    for template in templates.iterdir():  # the HTML report's template, style and script
        assert f"disclosure_check/render/templates/{template.name}" in names
    assert {"report.css", "report.js", "page.html.j2"} <= {p.name for p in templates.iterdir()}
