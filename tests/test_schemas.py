"""schemas/ and kg.vocab say the same thing, and real records fit the JSON Schemas.

The contract lives in four places (ontology.md, kg/vocab.py, the JSON
Schemas, the Turtle vocabulary and shapes); these tests fail as soon as one
of them gains, loses or recodes a type, predicate or event code.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import jsonschema
import pytest
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from kg import resources
from kg.graph import aggregate
from kg.model import Entity, EntityRef, Evidence, Triple
from kg.vocab import (
    ENTITY_NAMESPACE,
    ENTITY_TYPES,
    INTERACTIONS,
    LOCATION_SUBTYPES,
    MODALITIES,
    NAMESPACE,
    PREDICATES,
    STANDING,
    SYMMETRIC,
)

KG = rdflib.Namespace(NAMESPACE)
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


def _schema(name: str) -> dict[str, Any]:
    return json.loads(resources.read_text("schemas", name))


def _validator(name: str) -> jsonschema.Draft202012Validator:
    schema = _schema(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.fixture(scope="module")
def vocab_graph() -> rdflib.Graph:
    return rdflib.Graph().parse(data=resources.read_text("schemas", "kg.ttl"), format="turtle")


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(data=resources.read_text("schemas", "shapes.ttl"),
                                format="turtle")


def _local(term: rdflib.term.Node) -> str:
    text = str(term)
    assert text.startswith(NAMESPACE), f"{text} is outside the kg namespace"
    return text[len(NAMESPACE):]


def _classes(g: rdflib.Graph, node: rdflib.term.Node) -> tuple[str, ...]:
    """A class or an owl:unionOf of classes, as local names in order."""
    union = g.value(node, OWL.unionOf)
    if union is None:
        return (_local(node),)
    return tuple(_local(c) for c in Collection(g, union))


# ------------------------------------------------------------------ JSON Schema


def test_json_schema_enums_match_vocab() -> None:
    triple, entity = _schema("triple.schema.json"), _schema("entity.schema.json")
    assert triple["properties"]["predicate"]["enum"] == list(PREDICATES)
    assert triple["$defs"]["entityType"]["enum"] == list(ENTITY_TYPES)
    assert entity["properties"]["type"]["enum"] == list(ENTITY_TYPES)
    assert entity["properties"]["subtype"]["enum"] == list(LOCATION_SUBTYPES)
    props = triple["$defs"]["properties"]["properties"]
    assert props["modality"]["enum"] == list(MODALITIES)
    assert set(props["plover"]["enum"]) == {p.plover for p in PREDICATES.values() if p.plover}
    cameo = jsonschema.Draft202012Validator(props["cameo"])
    for p in PREDICATES.values():
        if p.cameo:
            assert cameo.is_valid(p.cameo), p.name


def _triples() -> list[Triple]:
    putin = EntityRef("person:vladimir-putin", "Person", "Vladimir Putin")
    tokayev = EntityRef("person:kassym-jomart-tokayev", "Person", "Kassym-Jomart Tokayev")
    kaz = EntityRef("KAZ", "Country", "Kazakhstan")
    csto = EntityRef("org:csto", "Organization", "CSTO")
    almaty = EntityRef("loc:almaty", "Location", "Almaty")
    ev_ar = Evidence("sputnik-ar-1", "ar", 'أجرى بوتين "اتصالا" مع توكاييف\nاليوم', 12, 44)
    ev_en = Evidence("doc-en-2", "en", "Tokayev declared a state of emergency in Almaty.", 0, 48)
    return [
        Triple(putin, "CALLED", tokayev, ev_ar, {"cameo": "041", "plover": "CONSULT",
                                                   "date": "2022-01-06",
                                                   "observed": "2022-01-07"}, 0.9),
        Triple(tokayev, "LEADER_OF", kaz, ev_en, {"role": "president",
                                                  "valid_from": "2019-06-12"}, 0.75),
        Triple(tokayev, "DECLARED_EMERGENCY", almaty, ev_en,
               {"cameo": "1724", "date": "2022-01-05", "modality": "asserted",
                "attributed_to": "org:akorda", "source_note": "extra keys are allowed"}),
        Triple(kaz, "MEMBER_OF", csto, ev_en, {}, 0.0),
        Triple(csto, "DEPLOYED_FORCES_TO", kaz, ev_ar,
               {"cameo": "074", "plover": "AID", "date": "2022-01-06"}, 1.0),
    ]


def test_real_triples_validate() -> None:
    v = _validator("triple.schema.json")
    for t in _triples():
        errors = [e.message for e in v.iter_errors(t.to_dict())]
        assert not errors, (t.predicate, errors)
        # The schema and the model agree in both directions.
        assert Triple.from_dict(t.to_dict()).to_dict() == t.to_dict()


def test_real_entities_validate() -> None:
    v = _validator("entity.schema.json")
    records = [
        Entity("person:vladimir-putin", "Person", "Vladimir Putin",
               {"ar": "فلاديمير بوتين", "ru": "Владимир Путин"}, ["Putin"], "Q7747", None, 12),
        Entity("KAZ", "Country", "Kazakhstan", {"ar": "كازاخستان"}, [], "Q232", None, 3),
        Entity("loc:almaty", "Location", "Almaty", {}, ["Alma-Ata"], None, "city", 1),
        Entity("org:csto", "Organization", "CSTO"),
    ]
    for ent in records:
        assert not [e.message for e in v.iter_errors(ent.to_dict())], ent.id


def _set(d: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    d = copy.deepcopy(d)
    *parents, last = path.split(".")
    node = d
    for p in parents:
        node = node[p]
    if value is _DELETE:
        del node[last]
    else:
        node[last] = value
    return d


_DELETE = object()


@pytest.mark.parametrize(("path", "value"), [
    ("extra", 1),                                  # no unknown top-level fields
    ("predicate", "KISSED"),
    ("subject.type", "Planet"),
    ("subject.nickname", "Vova"),
    ("object.id", "Kazakhstan"),                   # a Country id is ISO3
    ("confidence", 1.5),
    ("confidence", -0.1),
    ("properties.cameo", "41a"),
    ("properties.cameo", 41),
    ("properties.plover", "HUG"),
    ("properties.date", "06/01/2022"),
    ("properties.date", "2022-02-30"),             # shaped like a date, not one
    ("properties.observed", "yesterday"),
    ("properties.modality", "rumoured"),
    ("properties.valid_to", "2022"),
    ("evidence.start", -1),
    ("evidence.end", "48"),
    ("evidence.sentence", _DELETE),
    ("evidence.doc_id", _DELETE),
    ("evidence.page", 3),
    ("evidence", _DELETE),
])
def test_broken_triples_are_refused(path: str, value: Any) -> None:
    v = _validator("triple.schema.json")
    good = _triples()[1].to_dict()
    good["properties"]["date"] = "2022-01-06"
    assert v.is_valid(good)
    assert not v.is_valid(_set(good, path, value))


@pytest.mark.parametrize(("field", "value"), [
    ("wikidata", "7747"),
    ("wikidata", "Q77x"),
    ("subtype", "city"),           # only places have a subtype
    ("labels", {"Arabic": "بوتين"}),
    ("aliases", "Putin"),
    ("mentions", -1),
    ("type", "Human"),
    ("homepage", "https://kremlin.ru"),
])
def test_broken_entities_are_refused(field: str, value: Any) -> None:
    v = _validator("entity.schema.json")
    good = Entity("person:vladimir-putin", "Person", "Vladimir Putin", {"ar": "بوتين"},
                  ["Putin"], "Q7747", None, 2).to_dict()
    assert v.is_valid(good)
    assert not v.is_valid({**good, field: value})


# ------------------------------------------------------------------ OWL vocabulary


def test_turtle_namespace_is_vocab_namespace(vocab_graph: rdflib.Graph) -> None:
    ontologies = set(vocab_graph.subjects(RDF.type, OWL.Ontology))
    assert ontologies == {rdflib.URIRef(NAMESPACE.rstrip("#"))}
    bound = dict(vocab_graph.namespaces())
    assert str(bound["kg"]) == NAMESPACE


def test_turtle_classes_match_vocab(vocab_graph: rdflib.Graph) -> None:
    classes = {_local(c) for c in vocab_graph.subjects(RDF.type, OWL.Class)
               if isinstance(c, rdflib.URIRef)}
    assert {*ENTITY_TYPES, "Article", "Evidence"} <= classes
    assert classes - {*ENTITY_TYPES, "Article", "Evidence"} == {"Actor"}


def _predicates(g: rdflib.Graph) -> dict[str, rdflib.URIRef]:
    out = {}
    for parent in (KG.standingRelation, KG.interaction):
        for p in g.subjects(RDFS.subPropertyOf, parent):
            out[_local(p)] = p
    return out


def test_turtle_predicates_match_vocab(vocab_graph: rdflib.Graph) -> None:
    g = vocab_graph
    preds = _predicates(g)
    assert set(preds) == set(PREDICATES)
    assert {n for n, p in preds.items() if (p, RDFS.subPropertyOf, KG.interaction) in g} \
        == set(INTERACTIONS)
    assert {n for n, p in preds.items() if (p, RDFS.subPropertyOf, KG.standingRelation) in g} \
        == set(STANDING)
    for name, iri in preds.items():
        p = PREDICATES[name]
        assert (iri, RDF.type, OWL.ObjectProperty) in g
        assert ((iri, RDF.type, OWL.SymmetricProperty) in g) == (name in SYMMETRIC), name
        assert str(g.value(iri, RDFS.label)) == name
        assert str(g.value(iri, RDFS.comment)) == p.description
        assert _classes(g, g.value(iri, RDFS.domain)) == p.domain, name
        assert _classes(g, g.value(iri, RDFS.range)) == p.range, name
        cameo, plover = g.value(iri, KG.cameo), g.value(iri, KG.plover)
        assert (str(cameo) if cameo is not None else None) == p.cameo, name
        assert (str(plover) if plover is not None else None) == p.plover, name
    for ann in (KG.cameo, KG.plover):
        assert (ann, RDF.type, OWL.AnnotationProperty) in g


def test_every_term_an_export_uses_is_declared(vocab_graph: rdflib.Graph) -> None:
    """The RDF export speaks only the vocabulary's words."""
    from kg.export.rdf import to_rdf

    putin = Entity("person:vladimir-putin", "Person", "Vladimir Putin", {"ar": "بوتين"},
                   ["Putin"], "Q7747", None, 2)
    almaty = Entity("loc:almaty", "Location", "Almaty", subtype="city")
    out = to_rdf(aggregate(_triples(), [putin, almaty]))
    declared = {s for s in vocab_graph.subjects() if isinstance(s, rdflib.URIRef)}
    used = {p for p in out.predicates() if str(p).startswith(NAMESPACE)}
    used |= {o for o in out.objects(None, RDF.type) if str(o).startswith(NAMESPACE)}
    used |= {o for o in out.objects(None, RDF.predicate)}
    assert used, "the export used no kg terms at all"
    assert used - declared == set()
    kinds = {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}
    for p in {p for p in out.predicates() if str(p).startswith(NAMESPACE)}:
        assert set(vocab_graph.objects(p, RDF.type)) & kinds, p


# ------------------------------------------------------------------ SHACL shapes


def _sh_list(g: rdflib.Graph, node: rdflib.term.Node) -> list[rdflib.term.Node]:
    return list(Collection(g, node))


def test_shapes_predicate_list_matches_vocab(shapes: rdflib.Graph) -> None:
    g = shapes
    prop = next(p for p in g.objects(KG_SH.StatementShape, SH.property)
                if g.value(p, SH.path) == RDF.predicate)
    assert [_local(x) for x in _sh_list(g, g.value(prop, SH["in"]))] == list(PREDICATES)


KG_SH = rdflib.Namespace(NAMESPACE.rstrip("#") + "/shapes#")


def test_shapes_entity_classes_and_country_pattern(shapes: rdflib.Graph) -> None:
    g = shapes
    prop = next(p for p in g.objects(KG_SH.EntityShape, SH.property)
                if g.value(p, SH.path) == RDF.type)
    classes = g.value(g.value(prop, SH.qualifiedValueShape), SH["in"])
    assert tuple(_local(x) for x in _sh_list(g, classes)) == ENTITY_TYPES
    targets = {_local(c) for c in g.objects(KG_SH.EntityShape, SH.targetClass)}
    assert targets == set(ENTITY_TYPES)
    pattern = str(g.value(KG_SH.CountryShape, SH.pattern))
    assert pattern == "^" + ENTITY_NAMESPACE.replace(".", r"\.") + "[A-Z]{3}$"
    import re

    assert re.match(pattern, ENTITY_NAMESPACE + "KAZ")
    assert not re.match(pattern, ENTITY_NAMESPACE + "Kazakhstan")


def _constraint(g: rdflib.Graph, node: rdflib.term.Node) -> tuple[str, ...]:
    single = g.value(node, SH["class"])
    if single is not None:
        return (_local(single),)
    return tuple(_local(g.value(m, SH["class"])) for m in _sh_list(g, g.value(node, SH["or"])))


def test_shapes_domains_and_ranges_match_vocab(shapes: rdflib.Graph) -> None:
    g = shapes
    seen = set()
    for shape in g.subjects(SH.targetSubjectsOf, None):
        pred = g.value(shape, SH.targetSubjectsOf)
        name = _local(pred)
        seen.add(name)
        assert _constraint(g, shape) == PREDICATES[name].domain, name
        prop = g.value(shape, SH.property)
        assert g.value(prop, SH.path) == pred
        assert _constraint(g, prop) == PREDICATES[name].range, name
    assert seen == set(PREDICATES)
