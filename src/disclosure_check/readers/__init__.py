"""Readers: one module per format, each turning a file into the format-neutral `Document`.

`read_document` chooses the reader by sniffing the bytes (a docx renamed .pdf is still read as docx), checks
the path first (missing, directory, permission, empty) and lets only `InputError` out for bad input. Each
format's library is imported lazily inside its reader so that start-up stays fast.

`limits` (config.Limits) bound what one file may cost: the zip directory is checked before inflating, PDF
pages are counted before reading (the wall-clock budget for a whole file is set by the pipeline, budget.py;
the PDF child has its own timeout). The path "-" reads standard input, located as "<stdin>".
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from disclosure_check.config import DEFAULT_LIMITS, Limits
from disclosure_check.document import Document
from disclosure_check.errors import InputError

__all__ = ["read_document", "sniff", "FORMATS", "STDIN", "STDIN_NAME"]

STDIN = "-"
STDIN_NAME = "<stdin>"

FORMATS = ("txt", "md", "docx", "xlsx", "pdf", "html")

_HEAD_SIZE = 4096
_TITLE_MAX = 200
_HTML_MARKERS = ("<html", "<!doctype html", "<meta", "<table", "<head", "<body")
_MARKDOWN_SUFFIXES = (".md", ".markdown")
# What a suffix promises, to name the expected format when the bytes say otherwise.
_SUFFIX_FORMAT = {".docx": "docx", ".docm": "docx", ".xlsx": "xlsx", ".xlsm": "xlsx", ".pdf": "pdf",
                  ".doc": "doc", ".xls": "xls"}

OLE_ZH = "受密码保护或旧版 Office 格式（.doc/.xls）"
OLE_EN = "password-protected or legacy Office format (.doc/.xls)"


def sniff(head: bytes, suffix: str) -> str:
    """Name the container the first bytes of a file reveal.

    Returns one of "pdf", "zip" (an OOXML package or another zip: `read_document` decides from the zip
    directory), "ole" (a CFB container: legacy .doc/.xls or password-protected OOXML), "html", "md", "txt",
    "empty" or "binary" (not a document this tool reads). `suffix` only separates markdown from plain text.
    """
    if not head:
        return "empty"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    sample = _head_text(head)
    if sample is None:
        return "binary"
    start = sample.lstrip().lower()
    if start.startswith("<") and any(marker in start[:1024] for marker in _HTML_MARKERS):
        return "html"
    return "md" if suffix.lower() in _MARKDOWN_SUFFIXES else "txt"


def _head_text(head: bytes) -> str | None:
    """The head as text for marker checks, or None when it looks binary (NULs or control bytes)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf-16-le" if head.startswith(b"\xff\xfe") else "utf-16-be"
        body = head[2:]
        return body[: len(body) // 2 * 2].decode(codec, errors="replace")
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    # Text has next to no control bytes (a stray one in a damaged file is tolerated); binary data has many.
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    if controls > max(2, len(head) // 100):
        return None
    return head.decode("latin-1")


def read_document(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS, source: Path | None = None) -> Document:
    """Read any supported file into a Document; bad input raises InputError (never another exception).

    `source`: the file to open when it is not `path` itself — standard input's copy (`spooled_stdin`) when
    `path` is "-", or the long form of a Windows path (`long_path`). The document and errors still name `path`.
    """
    from disclosure_check.document import TooMuchText, text_budget

    if str(path) == STDIN and source is None:
        with spooled_stdin(limits) as copy:
            return read_document(path, limits, copy)
    shown = STDIN_NAME if str(path) == STDIN else str(path)
    try:
        with text_budget(limits.max_text):
            if source is None or source == Path(path):
                document = _read(Path(path), limits)
            else:
                try:
                    document = _read(source, limits)
                except InputError as error:
                    raise InputError(shown, error.zh, error.en) from None
                document.path = shown
    except TooMuchText:
        raise too_large(shown, limits, "文字") from None
    if document.title and len(document.title) > _TITLE_MAX:  # a one-line 20 MB text is no title
        document.title = document.title[:_TITLE_MAX] + "…"
    return document


def too_large(path: object, limits: Limits, what: str = "文件") -> InputError:
    """The --max-text-mb limit, named: for a text file's bytes, standard input, or the text a document yields."""
    en = {"文件": "the file is", "文字": "the document's text is", "标准输入": "standard input is"}[what]
    return InputError(str(path), f"{what}超过 {limits.max_text_mb} MB 上限（--max-text-mb）",
                      f"{en} over the {limits.max_text_mb} MB limit (--max-text-mb)")


def long_path(path: str, platform: str = sys.platform) -> str:
    r"""The form Windows opens past MAX_PATH (260 characters) even where long paths are not enabled:
    \\?\C:\… or \\?\UNC\server\share\… (absolute, backslashes only). Elsewhere, or when short, `path` itself."""
    if platform != "win32" or path.startswith("\\\\?\\") or path == STDIN:
        return path
    import ntpath

    full = ntpath.normpath(path if ntpath.isabs(path) else ntpath.join(os.getcwd(), path))
    if len(full) < 260:
        return path
    return "\\\\?\\UNC\\" + full[2:] if full.startswith("\\\\") else "\\\\?\\" + full


@contextlib.contextmanager
def spooled_stdin(limits: Limits = DEFAULT_LIMITS) -> Iterator[Path]:
    """Standard input copied to a private temporary file (formats are sniffed from bytes; the PDF and zip
    readers need a file, and a spawned worker process has no stdin), removed afterwards."""
    folder = tempfile.mkdtemp(prefix="disclosure-check-stdin-")
    try:
        temp = Path(folder) / "stdin"
        try:
            with open(temp, "wb") as target:
                source = sys.stdin.buffer
                while piece := source.read(1 << 20):
                    target.write(piece)
                    if target.tell() > limits.max_text:  # `- < /dev/zero` must not fill the temp folder
                        raise too_large(STDIN_NAME, limits, "标准输入")
        except (OSError, ValueError, AttributeError) as exc:
            raise InputError(STDIN_NAME, "无法读取标准输入", f"cannot read standard input ({exc})") from None
        yield temp
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _read(path: Path, limits: Limits) -> Document:
    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputError(path, "文件不存在", "file not found") from None
    except PermissionError:
        raise InputError(path, "没有权限访问该文件", "permission denied") from None
    except OSError as exc:
        raise InputError(path, f"无法访问文件（{exc.strerror}）", f"cannot access file ({exc.strerror})") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(path, "这是一个目录，不是文件", "is a directory, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(path, "不是普通文件", "not a regular file")
    try:
        with open(path, "rb") as fh:
            head = fh.read(_HEAD_SIZE)
    except PermissionError:
        raise InputError(path, "没有读取该文件的权限", "permission denied") from None
    except OSError as exc:
        raise InputError(path, f"无法读取文件（{exc.strerror}）", f"cannot read file ({exc.strerror})") from None

    suffix = path.suffix.lower()
    kind = sniff(head, suffix)
    if kind in ("html", "md", "txt") and st.st_size > limits.max_text:
        raise too_large(path, limits)
    if kind == "empty":
        raise InputError(path, "文件为空", "empty file")
    if kind == "ole":
        raise InputError(path, OLE_ZH, OLE_EN)
    if kind == "binary":
        raise _unrecognised(path, suffix)
    if kind == "pdf":
        from disclosure_check.readers import ocr, pdf

        document = pdf.read(path, limits)
        return ocr.read(path, document, limits) if document.needs_ocr and limits.ocr and ocr.available() else document
    if kind == "zip":
        from disclosure_check.readers import _ooxml

        package = _ooxml.package_kind(path, suffix, limits)
        if package == "docx":
            from disclosure_check.readers import docx

            return docx.read(path, limits)
        if package == "xlsx":
            from disclosure_check.readers import xlsx

            return xlsx.read(path, limits)
        raise InputError(path, "ZIP 压缩包不是 docx 或 xlsx 文档", "a zip archive that is not a docx or xlsx document")
    if kind == "html":
        from disclosure_check.readers import html

        return html.read(path)
    if head.startswith(b"{\\rtf"):
        raise InputError(path, "RTF 格式不受支持，请另存为 .docx", "RTF is not supported; save the file as .docx")
    if suffix in _SUFFIX_FORMAT:
        # Plain text behind a binary format's name is a broken or mislabelled file; reading it as text would
        # report every item missing. (HTML saved as .doc, a common web export, was taken above.)
        raise _unrecognised(path, suffix)
    from disclosure_check.readers import text

    return text.read(path, markdown=(kind == "md"))


def _unrecognised(path: Path, suffix: str) -> InputError:
    expected = _SUFFIX_FORMAT.get(suffix)
    if expected:
        return InputError(path, f"不是有效的 {expected} 文件（内容无法识别，可能已损坏）",
                          f"not a valid {expected} file (unrecognised content, possibly corrupt)")
    return InputError(path, "无法识别的文件格式（支持 docx、xlsx、pdf、html、txt、md）",
                      "unrecognised file format (supported: docx, xlsx, pdf, html, txt, md)")
