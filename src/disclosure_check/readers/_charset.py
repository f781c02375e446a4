"""Decoding bytes of Chinese text: BOM → strict UTF-8 → GB18030 (→ Big5 when GB18030 reads it as rare
characters). libraries.md: this order got 12/12 GB/UTF-8 samples right in 0.06 ms, better than the detectors.
"""

from __future__ import annotations

import codecs

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Labels pages declare, mapped to the codec that actually decodes what such pages contain.
_ALIASES = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030", "gb_2312": "gb18030",
    "csgb2312": "gb18030", "chinese": "gb18030", "cp936": "gb18030", "windows-936": "gb18030",
    "x-euc-cn": "gb18030", "euc-cn": "gb18030", "gb18030": "gb18030",
    "big5": "big5hkscs", "big5-hkscs": "big5hkscs", "x-x-big5": "big5hkscs", "cn-big5": "big5hkscs",
    "utf8": "utf-8", "unicode-1-1-utf-8": "utf-8",
}
# Western single-byte labels decode anything; a Chinese page carrying one is usually mislabelled.
_WESTERN = {"iso-8859-1", "latin1", "latin-1", "windows-1252", "cp1252", "ascii", "us-ascii", "iso8859-1"}


def strip_bom(data: bytes) -> tuple[bytes, str | None]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom):], codec
    return data, None


def codec_for(label: str) -> str | None:
    """The Python codec for a declared charset label, or None when unknown."""
    label = label.strip().strip("\"'").lower()
    if label in _ALIASES:
        return _ALIASES[label]
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode(data: bytes, declared: str | None = None) -> tuple[str, str] | None:
    """(text, codec) or None when no candidate decodes the bytes strictly.

    A BOM wins; then strict UTF-8; then the declared label (HTML), unless it is a Western single-byte
    label; then GB18030 (a superset of GB2312/GBK), then Big5 — before GB18030 when GB18030 turns the bytes
    mostly into characters outside GB2312, which is what Big5 text looks like through a GBK lens.
    """
    body, bom_codec = strip_bom(data)
    if bom_codec:
        try:
            return body.decode(bom_codec), bom_codec
        except UnicodeDecodeError:
            pass
    # Strict UTF-8 comes first even before a declared label: Chinese text in GBK practically never forms valid
    # UTF-8, while pages that say gb2312 but were re-saved as UTF-8 are common (and GB18030 would decode
    # their bytes into mojibake without an error).
    candidates: list[str] = ["utf-8"]
    codec = codec_for(declared) if declared else None
    if codec and codec not in _WESTERN and codecs.lookup(codec).name not in _WESTERN:
        candidates.append(codec)
    candidates += ["gb18030", "big5hkscs"]
    if codec and codec not in candidates:
        candidates.append(codec)  # a Western label: last resort
    seen: set[str] = set()
    for name in candidates:
        if name in seen:
            continue
        seen.add(name)
        try:
            text = body.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        if name == "gb18030" and _mostly_rare(text):
            try:
                return body.decode("big5hkscs"), "big5hkscs"
            except UnicodeDecodeError:
                pass
        return text, name
    return None


def _mostly_rare(text: str) -> bool:
    """True when most CJK characters fall outside GB2312 (GBK extension areas): Big5 read as GBK."""
    cjk = rare = 0
    for ch in text:
        if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf":
            cjk += 1
            try:
                ch.encode("gb2312")
            except UnicodeEncodeError:
                rare += 1
            if cjk >= 2000:
                break
    return cjk >= 4 and rare > cjk * 0.3


def decode_damaged(data: bytes, tolerance: float = 0.02) -> tuple[str, str] | None:
    """For text that no codec decodes strictly — a file cut inside a character, a few flipped bytes: the
    UTF-8 or GB18030 reading with the fewest replacement characters, when they are at most `tolerance` of the
    text; otherwise None (the bytes are not text in these encodings)."""
    body, _ = strip_bom(data)
    best = min(((body.decode(codec, errors="replace"), codec) for codec in ("utf-8", "gb18030")),
               key=lambda pair: pair[0].count("\ufffd"))
    text = best[0]
    return best if text and text.count("\ufffd") <= max(1, len(text) * tolerance) else None
