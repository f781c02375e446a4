"""The held-out set: documents written after the matching was tuned, rendered by the tuning set's generator.

Nothing in the matching, the checklist data or these labels was changed after the set was first scored, so
its numbers estimate accuracy on unseen reports (README "Accuracy", "Held-out set").
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("disclosure_check_eval_generate", HERE.parent / "generate.py")
assert _spec is not None and _spec.loader is not None
_generator = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_generator)


def build(out: Path) -> list[dict[str, Any]]:
    return _generator.build(out, HERE / "docs")
