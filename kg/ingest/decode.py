"""Bytes to text: BOMs, UTF-8, the legacy Arabic code page cp1256, and refusing binaries."""

from __future__ import annotations

import codecs

from kg.errors import InputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Legacy encodings news archives still hold, tried in this order when UTF-8 fails.
LEGACY = ("cp1256", "cp1251")


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KiB mean this is not text."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return bool(head) and controls / len(head) > 0.05


def _plausible(text: str) -> float:
    """Share of characters that are letters, digits, spaces or common punctuation."""
    if not text:
        return 0.0
    good = sum(1 for c in text if c.isalnum() or c.isspace() or c in ".,;:!?'\"()-«»،؛؟“”’")
    return good / len(text)


def decode(data: bytes, *, path: str | None = None, line: int | None = None) -> str:
    """Decode one input's bytes, or raise :class:`InputError` saying why it is not text.

    UTF-8 (with or without BOM) first; a UTF-16/32 BOM is honoured; otherwise
    the legacy code pages (Arabic cp1256, Cyrillic cp1251) are tried and the
    most plausible decoding kept. Invalid UTF-8 that no legacy page reads
    cleanly is refused rather than silently mangled.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError as e:
                raise InputError(f"invalid {enc} after its byte-order mark: {e.reason}",
                                 path=path, line=line) from e
    if looks_binary(data):
        raise InputError("binary file, not text (NUL or control bytes)", path=path, line=line)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        best: tuple[float, str] | None = None
        for enc in LEGACY:
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            score = _plausible(text) + (0.05 if enc == "cp1256" and _arabic_share(text) > 0.3
                                        else 0.0)
            if best is None or score > best[0]:
                best = (score, text)
        if best is not None and best[0] >= 0.9:
            return best[1]
        raise InputError(
            f"not valid UTF-8 (byte {utf8_error.start}: {utf8_error.reason}) and not a "
            "legacy Arabic (cp1256) or Cyrillic (cp1251) text either; re-encode it as UTF-8",
            path=path, line=line,
        ) from utf8_error


def _arabic_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if "\u0600" <= c <= "\u06ff") / len(letters)
