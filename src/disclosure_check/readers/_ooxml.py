"""OOXML (docx/xlsx) packages: the zip-bomb check, package sniffing and docProps/core.xml.

libraries.md: every docx/xlsx library either raises MemoryError or hangs on a zip bomb; checking the members'
declared uncompressed sizes (and their count) in the zip directory before opening stops it instantly. Python's
zipfile never returns more than a member's declared size, so the declared sizes bound what is inflated.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from disclosure_check.config import DEFAULT_LIMITS, Limits
from disclosure_check.errors import InputError
from disclosure_check.readers._common import iso_date

_NS_CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_NS_DC = "http://purl.org/dc/elements/1.1/"
_NS_DCTERMS = "http://purl.org/dc/terms/"


def xml_parser():
    """An lxml parser that never resolves entities, loads DTDs or touches the network."""
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                           remove_comments=True, remove_pis=True)


def open_package(path: Path, fmt: str, limits: Limits = DEFAULT_LIMITS) -> zipfile.ZipFile:
    """Open the zip read-only after checking its directory against the size and member limits."""
    try:
        package = zipfile.ZipFile(path, "r")
    except Exception:  # BadZipFile, OSError, EOFError, and NotImplementedError for a forged "zip version" (fuzzing)
        raise InputError(path, f"{fmt} 文件损坏或被截断", f"corrupt or truncated {fmt} file") from None
    try:
        infos = package.infolist()
        if len(infos) > limits.max_members:
            raise InputError(path, f"压缩包成员超过 {limits.max_members} 个上限",
                             f"more than {limits.max_members} members in the zip package")
        if sum(info.file_size for info in infos) > limits.max_unzip_mb * 1024 * 1024:
            raise InputError(path, f"超过解压大小上限 {limits.max_unzip_mb} MB",
                             f"exceeds the {limits.max_unzip_mb} MB decompressed-size limit")
        if any(info.flag_bits & 0x1 for info in infos):
            raise InputError(path, "压缩包已加密", "encrypted zip package")
    except BaseException:
        package.close()
        raise
    return package


def package_kind(path: Path, suffix: str, limits: Limits = DEFAULT_LIMITS) -> str:
    """'docx', 'xlsx' or 'zip' (another zip), from the zip directory; checks the limits on the way."""
    fmt = {".xlsx": "xlsx", ".xlsm": "xlsx"}.get(suffix, "docx" if suffix in (".docx", ".docm") else "zip")
    with open_package(path, fmt, limits) as package:
        names = set(package.namelist())
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return "zip"


def read_member(package: zipfile.ZipFile, name: str, path: Path, fmt: str) -> bytes | None:
    """A member's bytes, None when absent; a damaged member raises InputError."""
    try:
        return package.read(name)
    except KeyError:
        return None
    except Exception:  # BadZipFile (CRC), zlib.error, EOFError, NotImplementedError (compression method)…
        raise InputError(path, f"{fmt} 文件损坏或被截断", f"corrupt or truncated {fmt} file") from None


def core_properties(package: zipfile.ZipFile, path: Path, fmt: str) -> tuple[str | None, str | None, str | None]:
    """(title, created, modified) from docProps/core.xml; dates as ISO dates."""
    data = read_member(package, "docProps/core.xml", path, fmt)
    if not data:
        return None, None, None
    from lxml import etree

    try:
        root = etree.fromstring(data, xml_parser())
    except etree.XMLSyntaxError:
        return None, None, None

    def first(ns: str, tag: str) -> str | None:
        el = root.find(f"{{{ns}}}{tag}")
        text = (el.text or "").strip() if el is not None else ""
        return text or None

    return first(_NS_DC, "title"), iso_date(first(_NS_DCTERMS, "created")), iso_date(first(_NS_DCTERMS, "modified"))
