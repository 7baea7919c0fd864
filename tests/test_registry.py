"""Contract tests over every registered implementation: a new language or extractor
is picked up here without editing this file."""

from __future__ import annotations

import json

import jsonschema
import pytest

from kg import resources
from kg.errors import RegistryError
from kg.extract import Extractor
from kg.extract.lexicon import load_lexicon, matcher_for
from kg.lang import get_language
from kg.model import Article
from kg.registry import extractors, languages
from kg.vocab import PREDICATES

SAMPLES = {
    "ar": "أجرى الرئيس الروسي فلاديمير بوتين اتصالا هاتفيا مع الرئيس الكازاخي قاسم جومارت توكاييف.",
    "en": "Russian President Vladimir Putin held a phone call with Kazakh President "
          "Kassym-Jomart Tokayev.",
    "fr": "Le président russe Vladimir Poutine s'est entretenu par téléphone avec le président "
          "kazakh Kassym-Jomart Tokaïev.",
    "ru": "Президент России Владимир Путин провел телефонный разговор с президентом Казахстана "
          "Касым-Жомартом Токаевым.",
}


@pytest.fixture(scope="module")
def triple_schema():
    return json.loads(resources.read_text("schemas", "triple.schema.json"))


def test_unknown_names_list_the_known_ones():
    with pytest.raises(RegistryError) as e:
        languages.get("xx")
    assert "ar" in str(e.value) and "en" in str(e.value)


@pytest.mark.parametrize("code", languages.names())
def test_language_contract(code):
    lang = get_language(code)
    assert lang.code == code
    text = SAMPLES.get(code, "x")
    for tok in lang.tokenize(text):
        assert text[tok.start:tok.end] == tok.text and tok.norm
    lex = load_lexicon(code)
    for section in ("titles", "triggers", "markers"):
        assert lex.get(section), f"{code}: lexicon has no {section}"
    for entry in lex["triggers"]:
        assert entry["predicate"] in PREDICATES
    assert matcher_for(code).patterns


@pytest.mark.parametrize("name", extractors.names())
@pytest.mark.parametrize("code", sorted(SAMPLES))
def test_extractor_contract(name, code, triple_schema):
    ex = extractors.get(name)()
    assert isinstance(ex, Extractor)
    art = Article(id=f"sample-{code}", text=SAMPLES[code], lang=code, date="2024-05-01")
    triples, entities = ex.extract(art)
    ids = {e.id for e in entities}
    assert triples, f"{name} found nothing in the {code} sample"
    for t in triples:
        jsonschema.validate(t.to_dict(), triple_schema)
        assert art.text[t.evidence.start:t.evidence.end] == t.evidence.sentence
        assert t.subject.id in ids and t.object.id in ids
    assert any(t.predicate == "CALLED" for t in triples), f"{name}/{code}: no call found"
