"""Shared fixtures: a small known graph (every predicate, Arabic names and sentences).

``sample_triples``  ~40 :class:`kg.model.Triple` across all 25 predicates, from
                    four Arabic articles of January-February 2022 (Kazakhstan's
                    unrest, the CSTO deployment, calls around it). Two reports of
                    one call (one edge, two docs), a call on another date (a second
                    edge), one triple repeated verbatim (no second mention).
``sample_entities`` full :class:`kg.model.Entity` records (Arabic ``labels``) for
                    most of the entities the triples name.
``built_store``     a :class:`kg.api.Store` (embedded LadybugDB) in ``tmp_path``
                    loaded with both; closed after the test.

Facts are simplified for testing and are not a reference.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from kg.model import Entity, EntityRef, Evidence, Triple

# id -> (type, English label, Arabic label)
ENTITIES: dict[str, tuple[str, str, str]] = {
    "person:vladimir-putin": ("Person", "Vladimir Putin", "فلاديمير بوتين"),
    "person:kassym-jomart-tokayev": ("Person", "Kassym-Jomart Tokayev", "قاسم جومارت توكاييف"),
    "person:sadyr-japarov": ("Person", "Sadyr Japarov", "صدر جباروف"),
    "person:alexander-lukashenko": ("Person", "Alexander Lukashenko", "ألكسندر لوكاشينكو"),
    "person:nikol-pashinyan": ("Person", "Nikol Pashinyan", "نيكول باشينيان"),
    "person:dmitry-peskov": ("Person", "Dmitry Peskov", "دميتري بيسكوف"),
    "person:sergei-lavrov": ("Person", "Sergei Lavrov", "سيرغي لافروف"),
    "person:stanislav-zas": ("Person", "Stanislav Zas", "ستانيسلاف زاس"),
    "person:alikhan-smailov": ("Person", "Alikhan Smailov", "عليخان سمايلوف"),
    "person:antony-blinken": ("Person", "Antony Blinken", "أنتوني بلينكن"),
    "RUS": ("Country", "Russia", "روسيا"),
    "KAZ": ("Country", "Kazakhstan", "كازاخستان"),
    "KGZ": ("Country", "Kyrgyzstan", "قرغيزستان"),
    "BLR": ("Country", "Belarus", "بيلاروس"),
    "ARM": ("Country", "Armenia", "أرمينيا"),
    "TJK": ("Country", "Tajikistan", "طاجيكستان"),
    "USA": ("Country", "United States", "الولايات المتحدة"),
    "CHN": ("Country", "China", "الصين"),
    "UKR": ("Country", "Ukraine", "أوكرانيا"),
    "org:csto": ("Organization", "Collective Security Treaty Organization",
                 "منظمة معاهدة الأمن الجماعي"),
    "org:kremlin": ("Organization", "Kremlin", "الكرملين"),
    "org:eu": ("Organization", "European Union", "الاتحاد الأوروبي"),
    "org:russian-foreign-ministry": ("Organization", "Russian Foreign Ministry",
                                     "وزارة الخارجية الروسية"),
    "org:government-of-kazakhstan": ("Organization", "Government of Kazakhstan",
                                     "حكومة كازاخستان"),
    "org:kazakh-protesters-union": ("Organization", "Kazakh Protesters Union",
                                    "اتحاد المحتجين الكازاخ"),
    "loc:almaty": ("Location", "Almaty", "ألماتي"),
    "loc:mangystau": ("Location", "Mangystau Region", "منطقة مانغيستاو"),
}

DOCS = {  # doc id -> article date
    "sputnik-ar-2022-01-06": "2022-01-06",
    "rt-ar-2022-01-07": "2022-01-07",
    "sputnik-ar-2022-01-11": "2022-01-11",
    "rt-ar-2022-02-25": "2022-02-25",
}

# (subject, predicate, object, properties, doc, Arabic sentence, confidence)
ROWS: list[tuple[str, str, str, dict[str, Any], str, str, float]] = [
    # standing relations
    ("person:vladimir-putin", "LEADER_OF", "RUS", {"role": "president"},
     "sputnik-ar-2022-01-06", "الرئيس الروسي فلاديمير بوتين", 0.95),
    ("person:kassym-jomart-tokayev", "LEADER_OF", "KAZ", {"role": "president"},
     "sputnik-ar-2022-01-06", "الرئيس الكازاخستاني قاسم جومارت توكاييف", 0.95),
    ("person:sadyr-japarov", "LEADER_OF", "KGZ", {"role": "president"},
     "rt-ar-2022-01-07", "الرئيس القرغيزي صدر جباروف", 0.9),
    ("person:nikol-pashinyan", "LEADER_OF", "ARM", {"role": "prime_minister"},
     "rt-ar-2022-01-07", "رئيس الوزراء الأرميني نيكول باشينيان", 0.9),
    ("person:alexander-lukashenko", "LEADER_OF", "BLR", {"role": "president"},
     "rt-ar-2022-01-07", "الرئيس البيلاروسي ألكسندر لوكاشينكو", 0.9),
    ("person:sergei-lavrov", "MINISTER_OF", "RUS", {"portfolio": "foreign_affairs"},
     "sputnik-ar-2022-01-11", "وزير الخارجية الروسي سيرغي لافروف", 0.9),
    ("person:dmitry-peskov", "SPOKESPERSON_OF", "org:kremlin", {},
     "sputnik-ar-2022-01-06", "المتحدث باسم الكرملين دميتري بيسكوف", 0.9),
    ("person:stanislav-zas", "OFFICIAL_OF", "org:csto", {"role": "secretary_general"},
     "rt-ar-2022-01-07", "الأمين العام لمنظمة معاهدة الأمن الجماعي ستانيسلاف زاس", 0.85),
    ("RUS", "MEMBER_OF", "org:csto", {}, "rt-ar-2022-01-07",
     "الدول الأعضاء في منظمة معاهدة الأمن الجماعي روسيا وكازاخستان", 0.8),
    ("KAZ", "MEMBER_OF", "org:csto", {}, "rt-ar-2022-01-07",
     "الدول الأعضاء في منظمة معاهدة الأمن الجماعي روسيا وكازاخستان", 0.8),
    ("ARM", "MEMBER_OF", "org:csto", {}, "rt-ar-2022-01-07",
     "أرمينيا التي ترأس منظمة معاهدة الأمن الجماعي", 0.8),
    ("BLR", "MEMBER_OF", "org:csto", {}, "rt-ar-2022-01-07",
     "بيلاروس العضو في المنظمة", 0.8),
    ("KGZ", "MEMBER_OF", "org:csto", {}, "sputnik-ar-2022-01-11",
     "قرغيزستان العضو في المنظمة", 0.8),
    ("TJK", "MEMBER_OF", "org:csto", {}, "sputnik-ar-2022-01-11",
     "طاجيكستان العضو في المنظمة", 0.8),
    ("org:russian-foreign-ministry", "PART_OF", "RUS", {}, "sputnik-ar-2022-01-11",
     "وزارة الخارجية الروسية", 0.85),
    ("loc:almaty", "LOCATED_IN", "KAZ", {}, "sputnik-ar-2022-01-06",
     "مدينة ألماتي في كازاخستان", 0.9),
    ("loc:mangystau", "LOCATED_IN", "KAZ", {}, "sputnik-ar-2022-01-06",
     "منطقة مانغيستاو غرب كازاخستان", 0.9),
    # interactions
    ("person:vladimir-putin", "CALLED", "person:kassym-jomart-tokayev",
     {"date": "2022-01-06", "attributed_to": "person:dmitry-peskov", "modality": "reported"},
     "sputnik-ar-2022-01-06", "أجرى الرئيس الروسي فلاديمير بوتين اتصالا هاتفيا مع توكاييف", 0.9),
    ("person:vladimir-putin", "CALLED", "person:kassym-jomart-tokayev",
     {"date": "2022-01-06"},
     "rt-ar-2022-01-07", "بحث بوتين وتوكاييف هاتفيا أمس الوضع في كازاخستان", 0.8),
    ("person:vladimir-putin", "CALLED", "person:kassym-jomart-tokayev",
     {"date": "2022-01-10"},
     "sputnik-ar-2022-01-11", "جرى اتصال هاتفي جديد بين بوتين وتوكاييف", 0.85),
    ("person:vladimir-putin", "CALLED", "person:sadyr-japarov", {"date": "2022-01-07"},
     "rt-ar-2022-01-07", "وتحدث بوتين هاتفيا مع الرئيس القرغيزي صدر جباروف", 0.9),
    ("person:vladimir-putin", "MET", "person:kassym-jomart-tokayev", {"date": "2022-02-10"},
     "rt-ar-2022-02-25", "التقى بوتين توكاييف في موسكو", 0.9),
    ("person:kassym-jomart-tokayev", "VISITED", "RUS", {"date": "2022-02-10"},
     "rt-ar-2022-02-25", "زار توكاييف روسيا في العاشر من فبراير", 0.9),
    ("person:sergei-lavrov", "IN_CONTACT_WITH", "person:stanislav-zas", {"date": "2022-01-06"},
     "sputnik-ar-2022-01-06", "بقي لافروف على اتصال مع زاس", 0.7),
    ("person:stanislav-zas", "INFORMED", "person:nikol-pashinyan", {"date": "2022-01-08"},
     "sputnik-ar-2022-01-11", "أطلع زاس باشينيان على سير العملية", 0.75),
    ("USA", "NEGOTIATED_WITH", "RUS", {"date": "2022-01-10"},
     "sputnik-ar-2022-01-11", "أجرت الولايات المتحدة وروسيا محادثات في جنيف", 0.85),
    ("RUS", "SIGNED_AGREEMENT_WITH", "CHN", {"date": "2022-02-04"},
     "rt-ar-2022-02-25", "وقعت روسيا والصين اتفاقية", 0.85),
    ("person:alexander-lukashenko", "SUPPORTED", "person:kassym-jomart-tokayev",
     {"date": "2022-01-07"}, "rt-ar-2022-01-07", "أعرب لوكاشينكو عن دعمه لتوكاييف", 0.8),
    ("RUS", "PROVIDED_AID_TO", "KAZ", {"date": "2022-01-12"},
     "sputnik-ar-2022-01-11", "أرسلت روسيا مساعدات إنسانية إلى كازاخستان", 0.75),
    ("org:csto", "DEPLOYED_FORCES_TO", "KAZ", {"date": "2022-01-06", "cameo": "074",
                                               "plover": "AID"},
     "sputnik-ar-2022-01-06", "أرسلت منظمة معاهدة الأمن الجماعي قوات حفظ سلام إلى كازاخستان",
     0.9),
    ("RUS", "DEPLOYED_FORCES_TO", "loc:almaty", {"date": "2022-01-06"},
     "rt-ar-2022-01-07", "وصلت القوات الروسية إلى ألماتي", 0.8),
    ("org:russian-foreign-ministry", "ACCUSED", "USA", {"date": "2022-01-07"},
     "rt-ar-2022-01-07", "اتهمت وزارة الخارجية الروسية الولايات المتحدة", 0.7),
    ("USA", "THREATENED", "RUS", {"date": "2022-01-20"},
     "sputnik-ar-2022-01-11", "هددت الولايات المتحدة روسيا بعواقب وخيمة", 0.7),
    ("org:eu", "SANCTIONED", "BLR", {"date": "2022-01-05"},
     "sputnik-ar-2022-01-06", "فرض الاتحاد الأوروبي عقوبات على بيلاروس", 0.8),
    ("USA", "SANCTIONED", "RUS", {"date": "2022-02-22"},
     "rt-ar-2022-02-25", "فرضت الولايات المتحدة عقوبات على روسيا", 0.85),
    ("person:kassym-jomart-tokayev", "DECLARED_EMERGENCY", "loc:almaty", {"date": "2022-01-05"},
     "sputnik-ar-2022-01-06", "أعلن توكاييف حالة الطوارئ في ألماتي", 0.9),
    ("person:kassym-jomart-tokayev", "DECLARED_EMERGENCY", "loc:mangystau",
     {"date": "2022-01-05"}, "sputnik-ar-2022-01-06",
     "أعلن توكاييف حالة الطوارئ في منطقة مانغيستاو", 0.9),
    ("person:kassym-jomart-tokayev", "DISMISSED", "org:government-of-kazakhstan",
     {"date": "2022-01-05"}, "sputnik-ar-2022-01-06", "أقال توكاييف الحكومة", 0.9),
    ("person:kassym-jomart-tokayev", "APPOINTED", "person:alikhan-smailov",
     {"date": "2022-01-11"}, "sputnik-ar-2022-01-11", "عين توكاييف عليخان سمايلوف رئيسا للوزراء",
     0.85),
    ("RUS", "ATTACKED", "UKR", {"date": "2022-02-24"},
     "rt-ar-2022-02-25", "شنت روسيا هجوما على أوكرانيا", 0.9),
    ("org:kazakh-protesters-union", "PROTESTED_IN", "loc:almaty",
     {"date": "2022-01-04", "modality": "reported"},
     "sputnik-ar-2022-01-06", "تظاهر المحتجون في ألماتي", 0.7),
    ("person:antony-blinken", "ACCUSED", "RUS", {"date": "2022-01-07"},
     "rt-ar-2022-01-07", "انتقد بلينكن روسيا", 0.7),
]


def make_triples() -> list[Triple]:
    """The sample triples; the first CALLED report appears twice (same mention)."""
    out = []
    for i, (s, p, o, props, doc, sentence, conf) in enumerate(ROWS):
        ref = [EntityRef(x, ENTITIES[x][0], ENTITIES[x][1]) for x in (s, o)]
        start = 100 * i
        out.append(Triple(
            subject=ref[0], predicate=p, object=ref[1],
            evidence=Evidence(doc, "ar", sentence, start, start + len(sentence)),
            properties={**props, "observed": DOCS[doc]}, confidence=conf,
        ))
    out.append(out[17])  # the same mention again: changes nothing
    return out


def make_entities() -> list[Entity]:
    """Full records for all but two entities (those keep the label of the triple refs)."""
    out = []
    for eid, (typ, label, ar) in ENTITIES.items():
        if eid in ("UKR", "org:kazakh-protesters-union"):
            continue
        out.append(Entity(
            id=eid, type=typ, label=label, labels={"ar": ar, "en": label},
            aliases=[ar.split()[-1]] if typ == "Person" else [],
            wikidata="Q7747" if eid == "person:vladimir-putin" else None,
            subtype="city" if eid == "loc:almaty" else "region" if eid == "loc:mangystau" else None,
            mentions=3,
        ))
    return out


@pytest.fixture
def sample_triples() -> list[Triple]:
    return make_triples()


@pytest.fixture
def sample_entities() -> list[Entity]:
    return make_entities()


@pytest.fixture
def built_store(tmp_path, sample_triples, sample_entities) -> Iterator[Any]:
    from kg.api import open_store

    store = open_store(tmp_path / "kg-store")
    store.load(sample_triples, sample_entities)
    yield store
    store.close()


def same_graph(a: Any, b: Any) -> None:
    """Two aggregated graphs hold the same nodes, edges, attributes and evidence."""
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    ea = {k: (s, o, d) for s, o, k, d in a.edges(keys=True, data=True)}
    eb = {k: (s, o, d) for s, o, k, d in b.edges(keys=True, data=True)}
    assert ea.keys() == eb.keys()
    for k in ea:
        (s1, o1, d1), (s2, o2, d2) = ea[k], eb[k]
        assert (s1, o1) == (s2, o2), k
        ev1 = sorted(json.dumps(e, sort_keys=True) for e in d1["evidence"])
        ev2 = sorted(json.dumps(e, sort_keys=True) for e in d2["evidence"])
        assert ev1 == ev2, k
        strip = {x: y for x, y in d1.items() if x != "evidence"}
        assert strip == {x: y for x, y in d2.items() if x != "evidence"}, k
