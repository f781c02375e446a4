"""Writing outputs atomically: a reader of the file sees the old content or the new, never half of it."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from disclosure_check.errors import InputError


def write_atomic(path: Path, data: bytes | Iterable[bytes]) -> None:
    """`data` may come in pieces (a renderer that streams), written as they come."""
    path = path.expanduser()
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(path, f"无法写入：{exc.strerror}", f"cannot write: {exc.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            for piece in [data] if isinstance(data, bytes) else data:
                stream.write(piece)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
