"""Records passed between the stages of the pipeline.

They mirror the contract's JSON Lines shapes (``schemas/triple.schema.json``,
``schemas/entity.schema.json``): ``to_dict`` writes exactly that shape and
``from_dict`` refuses unknown fields, so a typo never passes silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.errors import SchemaError
from kg.vocab import ENTITY_TYPES, PREDICATES


def _refuse_unknown(record: dict[str, Any], allowed: set[str], what: str) -> None:
    extra = set(record) - allowed
    if extra:
        raise SchemaError(f"{what} has unknown field(s): {', '.join(sorted(extra))}")


@dataclass(slots=True)
class Article:
    """One document as read: the text every offset points into."""

    id: str
    text: str
    lang: str | None = None
    date: str | None = None  # ISO date, from metadata or the text
    title: str | None = None
    url: str | None = None
    source: str | None = None  # file path (and line for JSON Lines) it came from


@dataclass(frozen=True, slots=True)
class EntityRef:
    """The short form of an entity carried inside a triple."""

    id: str
    type: str
    label: str

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "type": self.type, "label": self.label}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> EntityRef:
        _refuse_unknown(d, {"id", "type", "label"}, "entity reference")
        if d.get("type") not in ENTITY_TYPES:
            raise SchemaError(f"entity type {d.get('type')!r} is not one of {ENTITY_TYPES}")
        return cls(str(d["id"]), d["type"], str(d["label"]))


@dataclass(slots=True)
class Entity:
    """One real-world entity: one node in the graph."""

    id: str
    type: str
    label: str
    labels: dict[str, str] = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)
    wikidata: str | None = None
    subtype: str | None = None  # Location: city, region, other
    mentions: int = 0

    def ref(self) -> EntityRef:
        return EntityRef(self.id, self.type, self.label)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "type": self.type,
            "label": self.label,
            "labels": dict(self.labels),
            "aliases": list(self.aliases),
            "mentions": self.mentions,
        }
        if self.wikidata:
            d["wikidata"] = self.wikidata
        if self.subtype:
            d["subtype"] = self.subtype
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Entity:
        _refuse_unknown(
            d,
            {"id", "type", "label", "labels", "aliases", "wikidata", "subtype", "mentions"},
            "entity",
        )
        if d.get("type") not in ENTITY_TYPES:
            raise SchemaError(f"entity type {d.get('type')!r} is not one of {ENTITY_TYPES}")
        return cls(
            id=str(d["id"]),
            type=d["type"],
            label=str(d["label"]),
            labels=dict(d.get("labels") or {}),
            aliases=list(d.get("aliases") or []),
            wikidata=d.get("wikidata"),
            subtype=d.get("subtype"),
            mentions=int(d.get("mentions") or 0),
        )


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where the text supports a triple: ``sentence == text[start:end]`` of the document."""

    doc_id: str
    lang: str
    sentence: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "lang": self.lang,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Evidence:
        _refuse_unknown(d, {"doc_id", "lang", "sentence", "start", "end"}, "evidence")
        return cls(str(d["doc_id"]), str(d["lang"]), str(d["sentence"]), int(d["start"]),
                   int(d["end"]))


@dataclass(slots=True)
class Triple:
    """One relation with the text that supports it."""

    subject: EntityRef
    predicate: str
    object: EntityRef
    evidence: Evidence
    properties: dict[str, Any] = field(default_factory=dict)
    confidence: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "subject": self.subject.to_dict(),
            "predicate": self.predicate,
            "object": self.object.to_dict(),
            "properties": dict(self.properties),
            "confidence": round(float(self.confidence), 3),
            "evidence": self.evidence.to_dict(),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Triple:
        _refuse_unknown(
            d, {"subject", "predicate", "object", "properties", "confidence", "evidence"},
            "triple",
        )
        if d.get("predicate") not in PREDICATES:
            raise SchemaError(f"predicate {d.get('predicate')!r} is not in the contract")
        return cls(
            subject=EntityRef.from_dict(d["subject"]),
            predicate=d["predicate"],
            object=EntityRef.from_dict(d["object"]),
            evidence=Evidence.from_dict(d["evidence"]),
            properties=dict(d.get("properties") or {}),
            confidence=float(d.get("confidence", 1.0)),
        )

    @property
    def date(self) -> str | None:
        return self.properties.get("date")

    def edge_key(self) -> str:
        """The identity of the aggregated edge this triple adds a mention to.

        Standing relations are one edge per (subject, predicate, object);
        interactions also key on their event date, so two calls on different
        days are two edges and two reports of one call are one.
        """
        base = f"{self.subject.id}|{self.predicate}|{self.object.id}"
        if PREDICATES[self.predicate].is_interaction:
            return f"{base}|{self.properties.get('date') or ''}"
        return base
