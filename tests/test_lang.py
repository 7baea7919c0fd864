"""Languages: identification, normalisation with offsets, Arabic proclitics."""

from __future__ import annotations

import pytest

from kg.extract.matcher import Matcher, Payload
from kg.lang import get_language
from kg.lang.detect import detect


@pytest.mark.parametrize(("text", "code"), [
    ("بحث الرئيس الروسي فلاديمير بوتين الوضع في كازاخستان", "ar"),
    ("Президенты России и США провели телефонные переговоры", "ru"),
    ("Le président français a eu un échange téléphonique avec son homologue russe", "fr"),
    ("Finland formally joined the NATO military alliance on Tuesday", "en"),
])
def test_detect(text, code):
    assert detect(text) == code


def test_arabic_fold():
    fold = get_language("ar").fold
    assert fold("أإآٱ") == "اااا"
    assert fold("مستشفى") == "مستشفي"
    assert fold("منظمة") == "منظمه"
    assert fold("مـــوسكو") == "موسكو"
    assert fold("مُوضَّحًا") == "موضحا"


@pytest.mark.parametrize("written", ["وبوتين", "لكازاخستان", "بالكرملين", "الكازاخي",
                                     "فبوتين", "وللكرملين", "وبالكرملين"])
def test_arabic_proclitics_are_accepted(written):
    lang = get_language("ar")
    m = Matcher(lang, [("بوتين", Payload("ent", "P")), ("كازاخستان", Payload("ent", "K")),
                       ("الكرملين", Payload("ent", "R")), ("كازاخي", Payload("dem", "KAZ"))])
    text = f"قال {written} أمس"
    hits = m.find(lang.tokenize(text), text)
    assert len(hits) == 1
    h = hits[0]
    # The hit's span covers the name, not the glued proclitics.
    assert text[h.start:h.end] in ("بوتين", "كازاخستان", "الكرملين", "لكرملين", "كازاخي")


def test_arabic_rejects_non_proclitic_prefix():
    lang = get_language("ar")
    m = Matcher(lang, [("بوتين", Payload("ent", "P"))])
    text = "سبوتين"
    assert m.find(lang.tokenize(text), text) == []


def test_offsets_survive_diacritics():
    lang = get_language("ar")
    m = Matcher(lang, [("موضحا", Payload("trigger", "x"))])
    text = "قال مُوضِّحًا"
    (h,) = m.find(lang.tokenize(text), text)
    assert text[h.start:h.end] == "مُوضِّحًا"


def test_russian_stemming_finds_inflected_names():
    lang = get_language("ru")
    m = Matcher(lang, [("Путин", Payload("ent", "P", proper=True)),
                       ("Россия", Payload("ent", "R", proper=True))])
    text = "Встреча с Путиным в России"
    hits = m.find(lang.tokenize(text), text)
    assert [text[h.start:h.end] for h in hits] == ["Путиным", "России"]


def test_english_case_rules():
    lang = get_language("en")
    m = Matcher(lang, [("US", Payload("ent", "USA")), ("May", Payload("ent", "P", proper=True))])
    text = "Let us say it may rain in the US, said May."
    hits = m.find(lang.tokenize(text), text)
    assert [text[h.start:h.end] for h in hits] == ["US", "May"]


def test_every_lexicon_phrase_is_text_and_yaml_booleans_are_refused(monkeypatch):
    # YAML reads a bare `no` or `on` as a boolean: the English negation "no" and the
    # marker "on" were once lost that way, and nothing said so.
    from kg.errors import ResourceError
    from kg.extract import lexicon
    from kg.lang import supported

    for code in supported():
        entries = list(lexicon.lexicon_entries(code))
        assert all(isinstance(ph, str) for ph, _ in entries)
    en = [(ph, p.kind, p.value) for ph, p in lexicon.lexicon_entries("en")]
    assert ("no", "neg", None) in en and ("on", "marker", "to") in en
    monkeypatch.setattr(lexicon, "load_lexicon", lambda code: {"negations": ["not", False]})
    with pytest.raises(ResourceError, match=r"lexicon.yaml: phrase False is not text; quote"):
        list(lexicon.lexicon_entries("en"))
