"""Names for entities the gazetteer does not know: ids, English labels, transliteration.

A person found in a pattern ("the Kyrgyz President X") but missing from the
gazetteer still gets one stable id; its label is the English spelling where
it can be made (known Arabic name parts, letter-by-letter otherwise), and the
name as written is kept in ``labels`` under its language.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from kg import resources
from kg.errors import ResourceError

_AR = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h",
    "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s",
    "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l",
    "م": "m", "ن": "n", "ه": "h", "ة": "a", "و": "ou", "ي": "i", "ى": "a", "ء": "", "ؤ": "",
    "ئ": "", "پ": "p", "چ": "ch", "ڤ": "v", "گ": "g",
}
_RU = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "і": "i", "ї": "yi", "є": "ye", "ґ": "g",
}


@functools.cache
def _arabic_parts() -> dict[str, str]:
    try:
        text = resources.read_text("data", "lang", "ar", "name_parts.tsv")
    except ResourceError:
        return {}
    out = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        ar, _, en = line.partition("\t")
        if en.strip():
            out[ar.strip()] = en.strip()
    return out


@functools.cache
def given_names() -> frozenset[str]:
    """Arabic given names and name openers (عبد, أبو) known to the name table."""
    from kg.lang.ar import fold

    return frozenset(fold(k.split()[0]) for k in _arabic_parts() if not k.startswith("ال"))


def slug(s: str) -> str:
    """ASCII slug for ids: lower case, hyphens, nothing else."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"[^A-Za-z0-9]+", "-", s).strip("-").lower()
    return s or "x"


def transliterate(name: str) -> str:
    """An English-alphabet rendering of a name written in Arabic or Cyrillic script."""
    words = name.split()
    if any("\u0600" <= c <= "\u06ff" for c in name):
        parts = _arabic_parts()
        out = []
        k = 0
        while k < len(words):
            two = " ".join(words[k:k + 2])
            if len(words) > k + 1 and two in parts:
                out.append(parts[two])
                k += 2
                continue
            w = words[k]
            if w in parts:
                out.append(parts[w])
            elif w.startswith("ال") and w[2:] in parts:
                out.append("al-" + parts[w[2:]])
            else:
                body = "".join(_AR.get(c, c) for c in w if not ("\u064b" <= c <= "\u0652"))
                if w.startswith("ال"):
                    body = "al-" + "".join(_AR.get(c, c) for c in w[2:])
                out.append(body[:1].upper() + body[1:])
            k += 1
        return " ".join(out)
    if any("\u0400" <= c <= "\u04ff" for c in name):
        out = []
        for w in words:
            body = "".join(_RU.get(c.lower(), c) for c in w)
            out.append(body[:1].upper() + body[1:])
        return " ".join(out)
    return name
