"""Bytes -> text without ever failing: BOM, a declared charset, UTF-8, then a latin-1 fallback."""

from __future__ import annotations

import codecs

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding used)``; never raises on any bytes.

    >>> decode_bytes("café".encode("latin-1"))
    ('café', 'cp1252')
    >>> decode_bytes(codecs.BOM_UTF8 + "x".encode())
    ('x', 'utf-8')
    >>> decode_bytes("café".encode(), "undefined")
    ('café', 'utf-8')
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(name, errors="replace"), name
    candidates = [declared] if declared else []
    candidates.append("utf-8")
    for name in candidates:
        try:
            return data.decode(_normalise(name)), _normalise(name)
        except (UnicodeError, LookupError):  # a label no codec has, or Python's "undefined"
            continue  # codec (which refuses everything): go on as a browser would
    # cp1252 is what "latin-1" pages really are (curly quotes in 0x80-0x9f); latin-1 never fails.
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _normalise(name: str) -> str:
    name = name.strip().strip("\"'").lower()
    if name in ("latin-1", "latin1", "iso-8859-1", "iso8859-1", "us-ascii", "ascii"):
        return "cp1252"  # WHATWG: these labels mean windows-1252
    return name
