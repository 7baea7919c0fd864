"""Bytes to text: BOMs, UTF-8, the legacy code pages news archives hold, and refusing the rest.

Scraped archives mix encodings: whole files in the Arabic code page cp1256
or the Cyrillic cp1251, files whose lines were appended by tools with
different settings (some lines UTF-8, some cp1256), and files that are
simply broken (a UTF-8 file cut inside a character, random bytes). The
first two are read, line by line where they mix, and said so; the last is
refused with the line and byte where it breaks, never silently mangled.

A legacy reading is accepted only where its non-ASCII characters look like
words of that code page's script (runs of at least two Arabic or Cyrillic
letters, accented Latin letters inside Latin words, the usual punctuation):
stray bytes decode to lone letters, bidi marks and symbols, and are refused.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from kg.errors import InputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True, slots=True)
class CodePage:
    """A legacy encoding and the script of its letters (None: Latin, accented letters)."""

    name: str
    label: str
    script: tuple[int, int] | None


# Tried when UTF-8 fails; the reading whose non-ASCII characters look most like words wins.
LEGACY = (
    CodePage("cp1256", "Arabic (cp1256)", (0x0600, 0x06FF)),
    CodePage("cp1251", "Cyrillic (cp1251)", (0x0400, 0x04FF)),
    CodePage("cp1252", "Western European (cp1252)", None),
)
_PUNCT = frozenset("«»،؛؟…–—‘’‚“”„•\u00a0°·×÷€£¥§©®™")
# Joiners allowed inside a run of script letters (Persian and Urdu write ZWNJ inside words).
_IN_WORD = frozenset("\u200c\u200d\u0640")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
# A legacy reading must show at least this many words of its script (or accented Latin
# words) in the lines it decodes, and this share of its non-ASCII characters must look right.
MIN_WORDS = 3
MIN_SHARE = 0.9
JUDGE_BYTES = 64 * 1024


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KiB mean this is not text."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROLS))
    return bool(head) and controls / len(head) > 0.05


_CONTROLS = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


def _judge(text: str, cp: CodePage) -> tuple[int, int, int]:
    """(good non-ASCII characters, all non-ASCII characters, words) of a legacy reading.

    Words are those of the code page's own script: runs of two or more of its
    letters for Arabic and Cyrillic, accented letters inside an ASCII-lettered
    word for the Latin page.
    """
    good = total = words = 0
    for m in _NON_ASCII.finditer(text):
        run = m.group()
        total += len(run)
        core = run.strip("".join(_PUNCT))  # quotes and dashes around a word are fine
        good += len(run) - len(core)
        if not core:
            continue
        start = m.start() + run.index(core)
        if cp.script is not None:
            lo, hi = cp.script
            if (len(core) >= 2 and all(lo <= ord(c) <= hi or c in _IN_WORD or c in _PUNCT
                                       for c in core)
                    and any(unicodedata.category(c)[0] == "L" for c in core)):
                good += len(core)
                words += 1
                continue
        if all(unicodedata.category(c)[0] in "LM" and 0xC0 <= ord(c) < 0x250 for c in core):
            before = text[start - 1] if start else " "
            after = text[start + len(core)] if start + len(core) < len(text) else " "
            inside = (before.isascii() and before.isalpha()) or (after.isascii()
                                                                  and after.isalpha())
            if inside or len(core) == 1:  # café, Müller; French à on its own
                good += len(core)
                words += inside and cp.script is None
    return good, total, words


def _corrupt_utf8(line: bytes) -> bool:
    """Whether a line that fails UTF-8 is mostly valid UTF-8 (a damaged file, not a code page)."""
    text = line.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    valid = len(text) - len(text.encode("ascii", "ignore")) - bad
    return valid >= bad


def decode_report(data: bytes, *, path: str | None = None,
                  line: int | None = None) -> tuple[str, str | None]:
    """Decode one input's bytes: ``(text, note)``; the note says how, when not plain UTF-8.

    Raises :class:`InputError` naming the line and byte where the input stops
    being text in any encoding kg reads.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), None
            except UnicodeDecodeError as e:
                raise InputError(f"invalid {enc} after its byte-order mark: {e.reason}",
                                 path=path, line=line) from e
    if looks_binary(data):
        raise InputError("binary file, not text (NUL or control bytes)", path=path, line=line)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    return _decode_lines(data, path=path, line=line)


def decode(data: bytes, *, path: str | None = None, line: int | None = None) -> str:
    """The text of one input's bytes (see :func:`decode_report`)."""
    return decode_report(data, path=path, line=line)[0]


def _decode_lines(data: bytes, *, path: str | None, line: int | None) -> tuple[str, str | None]:
    """UTF-8 failed: read each line in UTF-8 or in the code page whose reading looks right.

    Lines are judged one by one until :data:`JUDGE_BYTES` of legacy text have
    been seen; later legacy lines are read in the code page chosen most so far
    (judging every line of a 20 MB file would cost seconds, not milliseconds).
    """
    raw_lines = data.split(b"\n")
    out: list[str] = []
    legacy_lines: dict[CodePage, list[int]] = {}
    words = judged = utf8_lines = 0
    offset = 0
    first_error: str | None = None
    for i, raw in enumerate(raw_lines):
        where = line if line is not None else i + 1
        try:
            out.append(raw.decode("utf-8"))
            offset += len(raw) + 1
            utf8_lines += not raw.isascii()
            continue
        except UnicodeDecodeError as e:
            err = e
        if _corrupt_utf8(raw):
            raise InputError(_utf8_reason(err, offset), path=path, line=where)
        chosen: tuple[CodePage, str, float, int] | None = None
        if judged < JUDGE_BYTES:
            judged += len(raw)
            for cp in LEGACY:
                try:
                    text = raw.decode(cp.name)
                except UnicodeDecodeError:
                    continue
                g, t, w = _judge(text[:JUDGE_BYTES], cp)
                if t and g / t >= MIN_SHARE and (chosen is None or (g / t, w) > chosen[2:]):
                    chosen = (cp, text, g / t, w)
        else:
            cp = max(legacy_lines, key=lambda c: len(legacy_lines[c]))
            try:
                chosen = (cp, raw.decode(cp.name), 1.0, 0)
            except UnicodeDecodeError:
                chosen = None
        if chosen is None:
            raise InputError(_utf8_reason(err, offset) + "; not a legacy Arabic (cp1256), "
                             "Cyrillic (cp1251) or Western (cp1252) text either; re-encode "
                             "it as UTF-8", path=path, line=where)
        cp, text, _, w = chosen
        if first_error is None:
            first_error = _utf8_reason(err, offset)
        out.append(text)
        legacy_lines.setdefault(cp, []).append(where)
        words += w
        offset += len(raw) + 1
    if words < MIN_WORDS:
        first = min(n for ns in legacy_lines.values() for n in ns)
        raise InputError(f"{first_error}, and too little text to tell which legacy encoding "
                         "it could be; re-encode it as UTF-8", path=path,
                         line=line if line is not None else first)
    n_legacy = sum(len(v) for v in legacy_lines.values())
    labels = " and ".join(cp.label for cp in legacy_lines)
    if not utf8_lines or line is not None:
        note = f"not UTF-8; read as {labels}"
    else:
        shown = sorted(n for ns in legacy_lines.values() for n in ns)
        listed = ", ".join(str(n) for n in shown[:5]) + (", ..." if len(shown) > 5 else "")
        note = (f"mixed encodings: {n_legacy} lines read as {labels} (line {listed}), "
                f"{utf8_lines} as UTF-8")
    return "\n".join(out), note


def _utf8_reason(err: UnicodeDecodeError, offset: int) -> str:
    return f"not valid UTF-8 (byte {offset + err.start}: {err.reason})"
