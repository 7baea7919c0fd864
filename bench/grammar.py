"""Just enough grammar for synthetic news to read like news: Russian cases, French articles.

The gazetteer gives names in the nominative and without articles; the
templates ask for ``{B:ins}`` (Russian instrumental) or put a French state
after ``de``. These rules cover the regular patterns of names, titles and
state names that news uses; an irregular word stays as written, which the
extractor's stemmer copes with anyway. Not a morphology library.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CASES = ("nom", "gen", "dat", "acc", "ins", "prep")
_PARTICLES = {"бин", "ибн", "аль", "ад", "ас", "ан", "ат", "ар", "фон", "де", "ван", "дер", "ла",
              "ди", "да", "эль", "дель", "ле", "бен", "абу", "оглы", "кызы", "уулу"}
_HUSHING = set("жшчщц")
_VELAR = set("кгх")


def _is_adj(word: str) -> bool:
    return word.endswith(("ый", "ий", "ой", "ая", "яя", "ое", "ее")) and len(word) > 3


def ru_adj(word: str, case: str, *, animate: bool = False) -> str:
    """A masculine or feminine adjective in ``case`` (российский -> российским)."""
    if case == "nom":
        return word
    low = word
    if low.endswith(("ая", "яя")):
        stem = word[:-2]
        soft = low.endswith("яя")
        return stem + {"gen": "ей" if soft else "ой", "dat": "ей" if soft else "ой",
                       "acc": "юю" if soft else "ую", "ins": "ей" if soft else "ой",
                       "prep": "ей" if soft else "ой"}[case]
    if low.endswith(("ое", "ее")):
        stem = word[:-2]
        if case == "acc":
            return word
        return stem + {"gen": "ого", "dat": "ому", "ins": "ым", "prep": "ом"}[case]
    stem = word[:-2]
    i = "и" if (stem[-1:] in _VELAR or stem[-1:] in _HUSHING or low.endswith("ий")) else "ы"
    forms = {"gen": "ого", "dat": "ому", "ins": i + "м", "prep": "ом"}
    if case == "acc":
        return stem + forms["gen"] if animate else word
    return stem + forms[case]


def ru_noun(word: str, case: str, *, animate: bool, female: bool = False,
            surname: bool = False) -> str:
    """A noun or name word in ``case`` by the regular endings (Путин -> Путиным)."""
    if case == "nom" or not word or word.isupper() or word.lower() in _PARTICLES:
        return word
    if "-" in word:  # премьер-министр, Касым-Жомарт: the last part declines
        head, _, last = word.rpartition("-")
        return f"{head}-{ru_noun(last, case, animate=animate, female=female, surname=surname)}"
    low = word.lower()
    last = low[-1]
    if low.endswith(("ова", "ева", "ина", "ына")) and surname:  # Захарова
        return word[:-1] + {"gen": "ой", "dat": "ой", "acc": "у", "ins": "ой", "prep": "ой"}[case]
    if last == "а":
        stem = word[:-1]
        gen = "и" if stem[-1:].lower() in _VELAR | _HUSHING else "ы"
        ins = "ей" if stem[-1:].lower() in _HUSHING else "ой"
        return stem + {"gen": gen, "dat": "е", "acc": "у", "ins": ins, "prep": "е"}[case]
    if last == "я":
        stem = word[:-1]
        if low.endswith("ия"):
            return stem + {"gen": "и", "dat": "и", "acc": "ю", "ins": "ей", "prep": "и"}[case]
        return stem + {"gen": "и", "dat": "е", "acc": "ю", "ins": "ей", "prep": "е"}[case]
    if female or last in "оеиуюэы" or not ("а" <= last <= "я" or last == "ё"):
        return word  # indeclinable: a woman's consonant-final name, Шойгу, Токио, a Latin word
    if last in "йь":
        stem = word[:-1]
        if low.endswith("ий"):
            return stem + {"gen": "я", "dat": "ю", "acc": "я" if animate else "й", "ins": "ем",
                           "prep": "и"}[case]
        return stem + {"gen": "я", "dat": "ю", "acc": ("я" if animate else last), "ins": "ем",
                       "prep": "е"}[case]
    ins = "ым" if surname and low.endswith(("ов", "ев", "ин", "ын", "ёв")) else (
        "ем" if last in _HUSHING else "ом")
    if case == "acc" and not animate:
        return word
    if case == "prep" and surname and ins == "ым":
        return word + "е"
    return word + {"gen": "а", "dat": "у", "acc": "а", "ins": ins, "prep": "е"}[case]


@dataclass(frozen=True)
class Seg:
    """One stretch of a Russian phrase and how it declines."""

    text: str
    mode: str  # "person" (name words), "noun" (head noun), "adj", "fixed"
    animate: bool = True
    female: bool = False


class Phrase(str):
    """A mention that declines on request: ``format(p, 'ins')`` (Russian only)."""

    segs: tuple[Seg, ...]

    def __new__(cls, segs: tuple[Seg, ...]) -> Phrase:
        obj = super().__new__(cls, " ".join(s.text for s in segs if s.text))
        obj.segs = segs
        return obj

    def __format__(self, spec: str) -> str:
        if not spec or spec == "nom":
            return str(self)
        if spec not in CASES:
            raise ValueError(f"unknown case {spec!r}; use one of {CASES}")
        return " ".join(_decline(s, spec) for s in self.segs if s.text)


def _decline(seg: Seg, case: str) -> str:
    if seg.mode == "fixed":
        return seg.text
    words = seg.text.split()
    if seg.mode == "adj":
        return " ".join(ru_adj(w, case, animate=seg.animate) for w in words)
    if seg.mode == "person":
        n = len(words)
        return " ".join(ru_noun(w, case, animate=True, female=seg.female, surname=(k == n - 1))
                        for k, w in enumerate(words))
    # A head noun phrase: leading adjectives and the first noun decline, the rest stays.
    out, done = [], False
    for w in words:
        if done:
            out.append(w)
        elif _is_adj(w.lower()):
            out.append(ru_adj(w, case, animate=seg.animate))
        else:
            out.append(ru_noun(w, case, animate=seg.animate))
            done = True
    return " ".join(out)


def ru_female(name: str) -> bool:
    """A woman's name, by its first word's ending (Мария, Анналена)."""
    first = name.split()[0] if name.split() else ""
    return first.lower().endswith(("а", "я")) and first.lower() not in {"никита", "илья", "муса",
                                                                          "иса", "аль-фаттах"}


# -- French ----------------------------------------------------------------------------------
_FR_MASC_E = {"Mexique", "Cambodge", "Mozambique", "Zimbabwe", "Belize", "Suriname",
              "Liechtenstein", "Bangladesh"}
_CONTRACT = [(re.compile(r"(?<!\w)à le "), "au "), (re.compile(r"(?<!\w)À le "), "Au "),
             (re.compile(r"(?<!\w)à les "), "aux "), (re.compile(r"(?<!\w)À les "), "Aux "),
             (re.compile(r"\b([Dd])e le "), r"\1u "), (re.compile(r"\b([Dd])e les "), r"\1es ")]


def fr_article(name: str, *, plural: bool = False) -> str:
    """The definite article a French state or body name takes (la Russie, le Kazakhstan)."""
    if not name or (name.isupper() and len(name) <= 5 and name[0] not in "AEIOUÉ"):
        return "le " + name if name else name
    first = name.split()[0]
    if plural or (first.endswith("s") and not first.endswith("ïs")):
        return "les " + name
    if name[0] in "AEIOUÉÈÊÎÔÂHaeiouéèêîôâh":
        return "l'" + name
    if first.endswith("e") and first not in _FR_MASC_E:
        return "la " + name
    return "le " + name


def fr_contract(text: str) -> str:
    """à le -> au, de le -> du, à les -> aux, de les -> des."""
    for pat, rep in _CONTRACT:
        text = pat.sub(rep, text)
    return text


def capitalize_first(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text
