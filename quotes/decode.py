"""Bytes -> text: which encoding a file uses, and whether it is text at all.

The encodings met in French news dumps are UTF-8 (with or without a byte-order mark), UTF-16
(Windows exports) and cp1252 (older Windows tools; latin-1 text decodes the same way for every
printable character). The order of the tests matters: UTF-8 is tried before cp1252 because
cp1252 decodes almost any byte string, so it is accepted only when the result reads as text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from quotes.errors import InputError

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# Non-ASCII characters that are not letters but are common in French text.
_TEXT_SYMBOLS = frozenset("«»‘’‚“”„‹›…–—•€£°·×÷§©®™\u00a0\u202f\u2009\u200b\u2028\u2029")
# C0 and C1 control characters, but for tab, line feed, vertical tab, form feed, return.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


@dataclass(frozen=True, slots=True)
class Decoded:
    """A file's text in Unicode NFC and the encoding it was read with."""

    text: str
    encoding: str


def decode(raw: bytes, max_control_share: float = 0.005, min_text_share: float = 0.9) -> Decoded:
    """The text of `raw`, or an InputError saying why it is not text (the caller names the
    file).

    Args:
        raw: the bytes as read.
        max_control_share: above this share of control characters the bytes are binary.
        min_text_share: below this share of letters and usual symbols among the non-ASCII
            characters, a cp1252 reading is mojibake or binary, not text.
    """
    if not raw.strip():
        raise InputError("the file is empty")
    encoding = _encoding(raw, min_text_share)
    text = raw.decode(encoding)
    controls = len(_CONTROL.findall(text))
    if controls > max_control_share * len(text):
        raise InputError(f"looks binary ({controls} control characters), not text")
    if not text.strip():
        raise InputError("the file is empty")
    return Decoded(unicodedata.normalize("NFC", text), encoding.replace("-sig", " with BOM"))


def _encoding(raw: bytes, min_text_share: float) -> str:
    for bom, name in _BOMS:
        if raw.startswith(bom):
            _check(raw, name)
            return name
    utf16 = _utf16_without_bom(raw[:4096])
    if utf16:
        _check(raw, utf16)
        return utf16
    if b"\x00" in raw:
        raise InputError("looks binary (NUL bytes), not text")
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as err:
        bad = err.start
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        text = ""
    # A file of UTF-8 with a few bad bytes must not be read as cp1252 mojibake (« Ã© »).
    if text and not _mostly_utf8(raw) and _reads_as_text(text, min_text_share):
        return "cp1252"
    raise InputError(
        f"undecodable bytes: not UTF-8 (byte 0x{raw[bad]:02x} at offset {bad}), "
        "not UTF-16, and not cp1252/latin-1 text either"
    )


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when every other byte is NUL, as in ASCII-heavy UTF-16."""
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _check(raw: bytes, encoding: str) -> None:
    try:
        raw.decode(encoding)
    except UnicodeDecodeError as err:
        raise InputError(
            f"undecodable bytes: starts like {encoding} but byte {err.start} is invalid"
        ) from err


def _mostly_utf8(raw: bytes) -> bool:
    high = sum(1 for b in raw if b > 127)
    in_sequences = sum(len(m) for m in _UTF8_SEQUENCE.findall(raw))
    return in_sequences > 0.5 * high


def _reads_as_text(text: str, min_share: float) -> bool:
    high = [c for c in text if ord(c) > 127]
    if not high:
        return True
    texty = sum(1 for c in high if c.isalpha() or c in _TEXT_SYMBOLS)
    return texty >= min_share * len(high) and len(high) < 0.3 * len(text)
