"""The closed vocabulary of the contract (``../shared/spec/ontology.md``).

Entity types, predicates, their domains and ranges and their CAMEO and PLOVER
codes live here once. ``schemas/`` encodes the same contract for other tools
and ``tests/test_schemas.py`` checks the two agree.
"""

from __future__ import annotations

from dataclasses import dataclass

NAMESPACE = "https://w3id.org/kg-news/ontology#"
ENTITY_NAMESPACE = "https://w3id.org/kg-news/entity/"

ENTITY_TYPES: tuple[str, ...] = ("Person", "Country", "Organization", "Location")
LOCATION_SUBTYPES: tuple[str, ...] = ("city", "region", "other")
MODALITIES: tuple[str, ...] = ("asserted", "reported", "planned")

ACTOR = ("Person", "Country", "Organization")
ANY = ENTITY_TYPES


@dataclass(frozen=True, slots=True)
class Predicate:
    name: str
    kind: str  # "standing" or "interaction"
    domain: tuple[str, ...]
    range: tuple[str, ...]
    cameo: str | None = None
    plover: str | None = None
    symmetric: bool = False  # matched in either direction when scoring
    description: str = ""

    @property
    def is_interaction(self) -> bool:
        return self.kind == "interaction"


_P = Predicate
PREDICATES: dict[str, Predicate] = {
    p.name: p
    for p in (
        _P("LEADER_OF", "standing", ("Person",), ("Country", "Organization"),
           description="heads a state, government or organisation"),
        _P("MINISTER_OF", "standing", ("Person",), ("Country",),
           description="holds a ministerial portfolio of a state"),
        _P("SPOKESPERSON_OF", "standing", ("Person",), ("Person", "Organization", "Country"),
           description="speaks officially for a person, body or state"),
        _P("OFFICIAL_OF", "standing", ("Person",), ("Organization", "Country"),
           description="holds another office (ambassador, commander, adviser, ...)"),
        _P("MEMBER_OF", "standing", ("Country", "Organization"), ("Organization",),
           description="belongs to an alliance or international body"),
        _P("PART_OF", "standing", ("Organization",), ("Country", "Organization"),
           description="a body that belongs to a state or a larger body"),
        _P("LOCATED_IN", "standing", ("Location",), ("Location", "Country"),
           description="a place inside a region or country"),
        _P("CALLED", "interaction", ("Person", "Country"), ("Person", "Country"), "041",
           "CONSULT", True, "a telephone call"),
        _P("MET", "interaction", ("Person", "Country"), ("Person", "Country"), "040",
           "CONSULT", True, "met in person"),
        _P("VISITED", "interaction", ("Person",), ("Country", "Location"), "042", "CONSULT",
           description="travelled to a place"),
        _P("IN_CONTACT_WITH", "interaction", ("Person", "Organization"),
           ("Person", "Organization"), "040", "CONSULT", True,
           "consulted or kept in contact"),
        _P("INFORMED", "interaction", ("Person", "Organization"), ("Person", "Organization"),
           "010", "CONSULT", description="briefed or reported to"),
        _P("NEGOTIATED_WITH", "interaction", ACTOR, ACTOR, "046", "CONSULT", True,
           "negotiated"),
        _P("SIGNED_AGREEMENT_WITH", "interaction", ACTOR, ACTOR, "057", "AGREE", True,
           "signed an agreement"),
        _P("SUPPORTED", "interaction", ACTOR, ACTOR, "051", "SUPPORT",
           description="praised, endorsed or backed"),
        _P("PROVIDED_AID_TO", "interaction", ACTOR, ACTOR, "070", "AID",
           description="gave aid"),
        _P("DEPLOYED_FORCES_TO", "interaction", ("Country", "Organization"),
           ("Country", "Location"), "150", "MOBILIZE",
           description="sent troops or peacekeepers (074 / AID for peacekeeping)"),
        _P("ACCUSED", "interaction", ACTOR, ACTOR, "112", "ACCUSE",
           description="accused, criticised or condemned"),
        _P("THREATENED", "interaction", ACTOR, ACTOR, "130", "THREATEN",
           description="threatened"),
        _P("SANCTIONED", "interaction", ACTOR, ACTOR, "163", "SANCTION",
           description="imposed sanctions on"),
        _P("DECLARED_EMERGENCY", "interaction", ("Person", "Organization", "Country"),
           ("Country", "Location"), "1724", "COERCE",
           description="state of emergency, martial law or curfew"),
        _P("DISMISSED", "interaction", ("Person",), ("Person", "Organization"),
           description="removed an official or a government"),
        _P("APPOINTED", "interaction", ("Person",), ("Person",),
           description="named someone to an office"),
        _P("ATTACKED", "interaction", ACTOR, ANY, "190", "ASSAULT",
           description="struck, assaulted or fought"),
        _P("PROTESTED_IN", "interaction", ACTOR, ("Location", "Country"), "141", "PROTEST",
           description="demonstrated or rioted in a place"),
    )
}

STANDING = tuple(n for n, p in PREDICATES.items() if p.kind == "standing")
INTERACTIONS = tuple(n for n, p in PREDICATES.items() if p.kind == "interaction")
SYMMETRIC = frozenset(n for n, p in PREDICATES.items() if p.symmetric)


def predicate(name: str) -> Predicate:
    """Look a predicate up by name; unknown names raise with the list of known ones."""
    from kg.errors import RegistryError

    try:
        return PREDICATES[name]
    except KeyError:
        raise RegistryError(
            f"unknown predicate {name!r}; known: {', '.join(PREDICATES)}"
        ) from None
