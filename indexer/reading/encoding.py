"""Bytes -> text without ever failing: BOM, a declared charset, UTF-8, then, for text in another
script saved without its charset (a Russian page in windows-1251, a Japanese one in Shift_JIS),
the legacy encoding charset-normalizer finds, Central European text (windows-1250, ISO 8859-2)
told by the symbols it shows inside words when read as windows-1252, else windows-1252 (what
"latin-1" pages are)."""

from __future__ import annotations

import codecs
import re

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
    if guessed := _other_script(data):
        return data.decode(guessed, errors="replace"), guessed
    # cp1252 is what "latin-1" pages really are (curly quotes in 0x80-0x9f); latin-1 never fails.
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:  # a byte cp1252 leaves undefined ("ť", "Ź" in windows-1250)
        try:
            return data.decode("cp1250"), "cp1250"
        except UnicodeDecodeError:
            return data.decode("latin-1"), "latin-1"
    if central := _central_european(data, text):
        return data.decode(central), central
    return text, "cp1252"


def _normalise(name: str) -> str:
    name = name.strip().strip("\"'").lower()
    if name in ("latin-1", "latin1", "iso-8859-1", "iso8859-1", "us-ascii", "ascii"):
        return "cp1252"  # WHATWG: these labels mean windows-1252
    return name


# Legacy encodings of other scripts that archives hold, and the Western ones they are told from.
_OTHER_SCRIPTS = frozenset(
    "cp1251 koi8_r iso8859_5 cp866 cp1253 iso8859_7 cp1255 iso8859_8 cp1256 iso8859_6 cp874 "
    "tis_620 shift_jis cp932 euc_jp gb18030 gb2312 gbk big5 euc_kr cp949".split()
)
_CANDIDATES = sorted(_OTHER_SCRIPTS | {"cp1252", "cp1250", "cp1254", "cp1257", "iso8859_2"})
_MIN_HIGH_BYTES = 0.05  # Western text has a few accented letters; another script has many
_SAMPLE_BYTES = 64 * 1024
_ASCII = bytes(range(128))


def _other_script(data: bytes) -> str | None:
    """Return the legacy encoding of text in another script (Cyrillic, Greek, Hebrew, Arabic,
    Thai, Chinese, Japanese, Korean), or None for Western text, which stays windows-1252.

    Only bytes with many non-ASCII bytes are looked at (a Western page has a few: it costs
    nothing), and only among the encodings archives use (not Mac or DOS code pages).
    """
    sample = data[:_SAMPLE_BYTES]
    high = len(sample.translate(None, _ASCII))  # the bytes left once ASCII is deleted
    if high < _MIN_HIGH_BYTES * len(sample):
        return None
    from charset_normalizer import from_bytes  # only for such files

    best = from_bytes(sample, cp_isolation=_CANDIDATES).best()
    encoding = best.encoding if best is not None else None
    return encoding if encoding in _OTHER_SCRIPTS else None


# Read as windows-1252, Central European letters become symbols inside words: "g³ówn¹" (Polish
# "główną" in windows-1250), "w ¶rodê" ("w środę" in ISO 8859-2). Western text never has a
# symbol between two letters ("m³", "¿Qué" have a letter on one side only).
_SYMBOL_IN_WORD = re.compile(r"(?<=[^\W\d_])[¹³¿¥£¯±¶¼¾¦¬](?=[^\W\d_])")
_MIN_SYMBOLS_IN_WORDS = 2
# windows-1250 has letters in 0x80-0x9f ("š ž ś ź"), where ISO 8859-2 has only control codes.
_C1_BYTES = re.compile(b"[\\x80-\\x9f]")


def _central_european(data: bytes, as_western: str) -> str | None:
    """Return "cp1250" or "iso8859_2" when text read as windows-1252 shows Central European
    letters turned into symbols inside words, else None."""
    symbols = _SYMBOL_IN_WORD.findall(as_western, 0, _SAMPLE_BYTES)
    if len(symbols) < _MIN_SYMBOLS_IN_WORDS:
        return None
    return "cp1250" if _C1_BYTES.search(data, 0, _SAMPLE_BYTES) else "iso8859_2"
