"""Synthetic graphs of the aggregated shape, for timing and testing views at scale.

Real corpora large enough to stress a view are not at hand in tests, and a
view must stay usable at thousands of entities; this builds a graph with the
same node and edge attributes as :func:`kg.graph.aggregate` (hub-heavy, like
news: a few states and leaders in most relations), deterministically.
"""

from __future__ import annotations

import itertools
import random

import networkx as nx

from kg.vocab import ENTITY_TYPES, PREDICATES

_SENTENCES = {
    "en": "{a} held talks with {b} on {d}, officials said.",
    "ru": "{a} провёл переговоры с {b} {d}, сообщили официальные лица.",
    "ar": "أجرى {a} محادثات مع {b} يوم {d}، حسبما أفاد مسؤولون.",
}


def synthetic_graph(n_nodes: int, n_edges: int | None = None, *, seed: int = 0) -> nx.MultiDiGraph:
    """A hub-heavy MultiDiGraph with ``n_nodes`` entities and about ``2 * n_nodes`` relations."""
    rng = random.Random(seed)
    n_edges = 2 * n_nodes if n_edges is None else n_edges
    g = nx.MultiDiGraph()
    ids = []
    for i in range(n_nodes):
        t = ENTITY_TYPES[i % len(ENTITY_TYPES)] if i >= 4 else ENTITY_TYPES[i]
        nid = f"{t.lower()}:e{i:06d}"
        label = f"{t} {i}"
        g.add_node(nid, type=t, label=label, labels={"ar": f"كيان {i}", "ru": f"Объект {i}"},
                   aliases=[f"E{i}"], wikidata=f"Q{1000 + i}" if i % 3 == 0 else None,
                   subtype="city" if t == "Location" else None, mentions=rng.randint(1, 50))
        ids.append(nid)
    preds = list(PREDICATES)
    # Preferential attachment by index: low indices are hubs.
    cum = list(itertools.accumulate(1.0 / (1 + i) ** 0.8 for i in range(n_nodes)))
    sources = rng.choices(range(n_nodes), cum_weights=cum, k=n_edges) if n_nodes else []
    targets = rng.choices(range(n_nodes), cum_weights=cum, k=n_edges) if n_nodes else []
    for k, (si, oi) in enumerate(zip(sources, targets, strict=True)):
        if k % 2:
            oi = rng.randrange(n_nodes)
        if oi == si:
            oi = (si + 1) % n_nodes
        s, o = ids[si], ids[oi]
        p = preds[rng.randrange(len(preds))]
        spec = PREDICATES[p]
        date = f"2022-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        lang = ("en", "ru", "ar")[k % 3]
        sentence = _SENTENCES[lang].format(a=g.nodes[s]["label"], b=g.nodes[o]["label"], d=date)
        doc = f"doc-{k % (n_edges // 3 + 1):06d}"
        key = f"{s}|{p}|{o}" + (f"|{date}" if spec.is_interaction else "")
        g.add_edge(
            s, o, key=key, predicate=p, date=date if spec.is_interaction else None,
            first_seen=date, last_seen=date, count=rng.randint(1, 5),
            confidence=round(rng.uniform(0.5, 1.0), 2), cameo=spec.cameo, plover=spec.plover,
            docs=[doc], properties={},
            evidence=[{"doc_id": doc, "lang": lang, "sentence": sentence, "start": 0,
                       "end": len(sentence)}],
        )
    return g


def demo_graph() -> nx.MultiDiGraph:
    """A small Arabic and English graph (Kazakhstan, January 2022) to look at a view by eye."""
    from kg.graph import aggregate
    from kg.model import Entity, EntityRef, Evidence, Triple

    putin = EntityRef("person:vladimir-putin", "Person", "Vladimir Putin")
    japarov = EntityRef("person:sadyr-japarov", "Person", "Sadyr Japarov")
    tokayev = EntityRef("person:kassym-jomart-tokayev", "Person", "Kassym-Jomart Tokayev")
    rus, kaz = EntityRef("RUS", "Country", "Russia"), EntityRef("KAZ", "Country", "Kazakhstan")
    csto = EntityRef("org:csto", "Organization", "CSTO")
    almaty = EntityRef("loc:almaty", "Location", "Almaty")

    def t(s: EntityRef, p: str, o: EntityRef, doc: str, lang: str, sentence: str,
          props: dict[str, str], conf: float = 0.9) -> Triple:
        return Triple(s, p, o, Evidence(doc, lang, sentence, 0, len(sentence)), props, conf)

    triples = [
        t(putin, "CALLED", japarov, "ar-csto-calls", "ar",
          "أجرى الرئيس الروسي فلاديمير بوتين اتصالا هاتفيا مع رئيس قيرغيزستان صادر جباروف "
          "يوم 7 يناير 2022.", {"date": "2022-01-07"}),
        t(putin, "CALLED", japarov, "en-csto-calls", "en",
          "Putin spoke by phone with Kyrgyz President Sadyr Japarov on January 7.",
          {"date": "2022-01-07"}, 0.85),
        t(putin, "CALLED", tokayev, "en-csto-calls", "en",
          "Putin also held a phone call with Kazakh President Kassym-Jomart Tokayev.",
          {"date": "2022-01-10"}, 0.8),
        t(putin, "LEADER_OF", rus, "en-csto-calls", "en",
          "Russian President Vladimir Putin said the mission would be limited.",
          {"role": "president"}, 0.95),
        t(tokayev, "LEADER_OF", kaz, "ar-csto-calls", "ar",
          "قال الرئيس الكازاخستاني قاسم جومارت توكاييف إن الوضع مستقر.", {"role": "president"}),
        t(rus, "MEMBER_OF", csto, "en-csto-calls", "en",
          "Russia leads the Collective Security Treaty Organization (CSTO).", {}),
        t(kaz, "MEMBER_OF", csto, "en-csto-calls", "en",
          "Kazakhstan is a member of the CSTO.", {}),
        t(csto, "DEPLOYED_FORCES_TO", kaz, "ar-csto-calls", "ar",
          "أرسلت منظمة معاهدة الأمن الجماعي قوات حفظ سلام إلى كازاخستان.",
          {"date": "2022-01-06", "cameo": "074", "plover": "AID"}),
        t(tokayev, "DECLARED_EMERGENCY", almaty, "en-almaty", "en",
          "Tokayev declared a state of emergency in Almaty.", {"date": "2022-01-05"}),
        t(almaty, "LOCATED_IN", kaz, "en-almaty", "en",
          "Almaty, Kazakhstan's largest city, saw the worst unrest.", {}),
    ]
    entities = [
        Entity("person:vladimir-putin", "Person", "Vladimir Putin",
               {"ar": "فلاديمير بوتين", "ru": "Владимир Путин"}, ["Putin", "بوتين"], "Q7747"),
        Entity("person:kassym-jomart-tokayev", "Person", "Kassym-Jomart Tokayev",
               {"ar": "قاسم جومارت توكاييف"}, ["Tokayev"], "Q2478432"),
        Entity("KAZ", "Country", "Kazakhstan", {"ar": "كازاخستان", "ru": "Казахстан"}, [], "Q232"),
        Entity("org:csto", "Organization", "CSTO",
               {"ar": "منظمة معاهدة الأمن الجماعي"}, ["Collective Security Treaty Organization"]),
        Entity("loc:almaty", "Location", "Almaty", {"ar": "ألماتي"}, [], "Q35493", "city"),
    ]
    return aggregate(triples, entities)
