"""Arabic: letter-form folding and the proclitic/enclitic chains glued to words."""

from __future__ import annotations

from kg.lang.base import Language

_DIACRITICS = {chr(c) for c in range(0x064B, 0x0660)} | {
    "\u0670", "\u0640"} | {chr(c) for c in range(0x0610, 0x061B)} | {
    chr(c) for c in range(0x06D6, 0x06EE)}
_MAP = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ی": "ي", "ې": "ي",
    "ة": "ه", "ۀ": "ه",
    "ؤ": "و", "ئ": "ي",
    "ک": "ك", "گ": "ك",
    "٠": "0", "١": "1", "٢": "2", "٣": "3", "٤": "4",
    "٥": "5", "٦": "6", "٧": "7", "٨": "8", "٩": "9",
}
_TABLE = {ord(k): v for k, v in _MAP.items()} | {ord(c): None for c in _DIACRITICS}


def fold(token: str) -> str:
    """Normal form of one Arabic token: one alef, ya for alef maqsura, ha for ta marbuta,
    no hamza seats, no diacritics or tatweel; Latin letters lower-cased.

    Each kept character maps to exactly one character, so an offset inside a
    folded token maps back by skipping the removed marks (see ``kg.extract.matcher``).
    """
    return token.translate(_TABLE).lower()


def _proclitic_chains() -> frozenset[str]:
    chains = set()
    for conj in ("", "و", "ف"):
        for prep in ("", "ب", "ل", "ك"):
            for art in ("", "ال"):
                chain = conj + prep + art
                if prep == "ل" and art == "ال":
                    chain = conj + "لل"
                chains.add(chain)
        # The future prefix of verbs: سيزور (will visit); the matcher keeps it off names.
        chains.add(conj + "س")
    chains.discard("")
    return frozenset(chains)


PROCLITICS = _proclitic_chains()
# Pronoun endings that may follow a title, trigger or place noun: his, her, their, our, my, your.
ENCLITICS = frozenset({"ه", "ها", "هم", "هما", "هن", "نا", "كم", "ين", "ان"})

LANGUAGE = Language(
    code="ar",
    name="Arabic",
    fold=fold,
    proclitics=PROCLITICS,
    enclitics=ENCLITICS,
    script="Arab",
    names_capitalised=False,
)
