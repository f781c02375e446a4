"""Compiled regular expressions kept between runs, as Python keeps compiled modules in __pycache__.

Python compiles a pattern in Python code (re's parser and compiler), slowly for wide character classes such
as the CJK ranges: the ~250 patterns a check compiles (ours, PyYAML's, rich's…) cost about 0.1 s of CPU at
every start, a third of a single-file check. What compiling produces, the opcode list that `_sre.compile`
turns into a Pattern, depends only on the pattern, its flags and the interpreter. So it is stored in the user
cache folder, in a file named for the interpreter's build, and the next run builds its Patterns from there.

`install()` makes every compile in the process look there first; the command line calls it (cli.main and its
workers), never an import, so a program that imports this package keeps its `re` untouched. An entry is
stored only when the Pattern rebuilt from it equals the one `re` compiled (same code, flags and groups), so
an interpreter whose internals differ from what this expects compiles as usual and never stores anything.
A missing, unreadable or damaged cache file costs nothing but the compiling; the file is replaced atomically.
"""

from __future__ import annotations

import atexit
import marshal
import os
import re
import sys
import zlib
from array import array
from pathlib import Path

try:
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # Python 3.10, or an interpreter without CPython's regex internals
    try:
        import _sre
        import sre_compile as _compiler  # type: ignore[no-redef]
        import sre_parse as _parser  # type: ignore[no-redef]
    except ImportError:
        _compiler = None  # type: ignore[assignment]

ENV = "DISCLOSURE_CHECK_PATTERN_CACHE"  # a file to use instead of the user cache folder's; "" or "0": none
MAX_ENTRIES = 1_000  # past this (patterns of many versions), a save keeps only what its process used

# (pattern, flags) → what `_sre.compile` takes after the pattern: flags, code (array('I') bytes), group count,
# group index, index group.
Entry = tuple[int, bytes, int, dict, tuple]

_entries: dict[tuple[str | bytes, int], Entry] = {}
_used: set[tuple[str | bytes, int]] = set()  # the entries this process built Patterns from, or stored
_added = 0  # entries compiled by this process and not yet saved
_path: Path | None = None
_original = None


def install(path: Path | None = None) -> None:
    """Route this process's regex compiles through the cache (once; a second call does nothing)."""
    global _original, _path
    if _original is not None or _compiler is None or array("I").itemsize != getattr(_sre, "CODESIZE", 0):
        return
    _path = path if path is not None else _default_path()
    if _path is None:
        return
    _load(_path)
    _original = _compiler.compile
    _compiler.compile = _compile
    atexit.register(save)


def save() -> None:
    """Store what this process compiled (merged with what other processes stored meanwhile). A worker
    process calls it itself: it ends without running atexit handlers."""
    global _added
    if not _added or _path is None:
        return
    _added = 0
    import tempfile

    try:
        on_disk = _read(_path)
        merged = {**on_disk, **_entries}
        if len(merged) > MAX_ENTRIES:
            merged = {key: _entries[key] for key in _used if key in _entries}
        _path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=_path.parent, prefix=_path.name, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                marshal.dump(merged, out)
            os.replace(temporary, _path)
        except BaseException:
            os.unlink(temporary)
            raise
    except (OSError, ValueError, EOFError, TypeError):  # a read-only or full disk: the next run compiles again
        pass


def _default_path() -> Path | None:
    chosen = os.environ.get(ENV)
    if chosen is not None:
        return Path(chosen) if chosen not in ("", "0") else None
    import platformdirs

    # Named for the interpreter's build: opcodes differ between versions, and marshal's format may.
    build = f"{sys.implementation.cache_tag}-{_sre.MAGIC}-{sys.maxunicode}-{zlib.crc32(sys.version.encode()):08x}"
    return Path(platformdirs.user_cache_dir("disclosure-check")) / f"patterns-{build}.marshal"


def _read(path: Path) -> dict:
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    return data if isinstance(data, dict) else {}


def _load(path: Path) -> None:
    _entries.update(_read(path))


def cache_file() -> Path | None:
    """The cache file in use, None when the cache is not installed (for a spawned worker to use the same)."""
    return _path if _original is not None else None


def _compile(pattern, flags=0):  # type: ignore[no-untyped-def]
    """re's compile step, from the cache when the pattern is there."""
    global _added
    if not isinstance(pattern, (str, bytes)) or flags & re.DEBUG:
        return _original(pattern, flags)  # type: ignore[misc]
    key = (pattern, int(flags))
    entry = _entries.get(key)
    if entry is not None:
        try:
            final, code, groups, groupindex, indexgroup = entry
            compiled = _sre.compile(pattern, final, array("I", code).tolist(), groups, groupindex, indexgroup)
            _used.add(key)
            return compiled
        except Exception:  # a damaged entry: compiled afresh below, and replaced
            del _entries[key]
    compiled = _original(pattern, flags)  # type: ignore[misc]
    try:
        entry = _entry(pattern, int(flags))
        rebuilt = _sre.compile(pattern, entry[0], array("I", entry[1]).tolist(), *entry[2:])
    except Exception:
        return compiled
    if rebuilt == compiled and rebuilt.groups == compiled.groups and rebuilt.groupindex == compiled.groupindex:
        _entries[key] = entry
        _used.add(key)
        _added += 1
    return compiled


def _entry(pattern: str | bytes, flags: int) -> Entry:
    """As re's compile does it (re/_compiler.py `compile`), keeping the parts instead of the Pattern."""
    tree = _parser.parse(pattern, flags)
    code = _compiler._code(tree, flags)
    groupindex = dict(tree.state.groupdict)
    indexgroup: list[str | None] = [None] * tree.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (int(flags | tree.state.flags), array("I", code).tobytes(), tree.state.groups - 1, groupindex,
            tuple(indexgroup))
