"""The rule extractor: one engine, every language's words in ``data/lang/<code>/``.

For each article: prepare (furniture masked, tokens, gazetteer and lexicon
hits, sentences), chunk each sentence into actor mentions and standing
relations, resolve roles and pronouns against the people the article names,
then read events around trigger words. Everything is a pure function of the
article and the data loaded once per process, so a process pool can run it.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Any

from kg.extract import dates as dates_mod
from kg.extract.document import Doc, Sentence, prepare
from kg.extract.lexicon import load_lexicon, matcher_for
from kg.extract.mentions import Mention, governed_by, possessive_after
from kg.extract.units import Unit, has_actor, sentence_units
from kg.lang import get_language
from kg.lang.detect import detect
from kg.model import Article, Entity, EntityRef, Evidence, Triple
from kg.registry import extractors
from kg.resolve.gazetteer import Gazetteer
from kg.resolve.gazetteer import load as load_gazetteer
from kg.resolve.names import given_names, slug, transliterate
from kg.vocab import PREDICATES

ACTOR_TYPES = {"Person", "Country", "Organization"}
# Predicates whose object may be a place named after "in".
PLACE_OBJECT = {"VISITED", "DEPLOYED_FORCES_TO", "DECLARED_EMERGENCY", "PROTESTED_IN",
                "ATTACKED"}
# Bodies that act as their state in events (CAMEO codes a government as the state).
STATE_BODIES = {"government"}
# Events where a government acts as the body it is (dismissed, declaring an emergency).
BODY_AS_ITSELF = {"DISMISSED", "APPOINTED", "DECLARED_EMERGENCY"}
# Confidence of an edge whose entity was picked among namesakes nothing told apart.
AMBIGUOUS_CONFIDENCE = 0.5
# Titles that name their body after "of": "head of X", "chairman of X".
OF_ROLES = {"head", "chief", "chairman", "director"}
# Event nouns whose possessor is the one it happens to ("his dismissal").
PATIENT_NOUNS = {"DISMISSED", "APPOINTED"}
# Bodies a state owns, worth a PART_OF edge when named.
OWNED_BODIES = {"ministry", "presidency", "armed_forces"}
# Which of an alias's namesakes to prefer when the article tells them apart no other way.
_TYPE_ORDER = {"Country": 0, "Organization": 1, "Person": 2, "Location": 3}
# Lower-case particles inside a name ("Bashar al-Assad", "Ursula von der Leyen").
_NAME_PARTICLES = frozenset({"al", "el", "bin", "ibn", "de", "van", "von", "da", "di", "du",
                             "bint", "abu", "ould", "ben"})
# Words joining the capitalised words of an organisation's name, and those before its state.
_ORG_JOINERS = ("of", "for", "and", "de", "du", "des", "pour")
_ORG_OF = ("of", "de", "du", "des")


@dataclass
class Found:
    """One relation found, before it becomes a contract triple."""

    subj: str
    pred: str
    obj: str
    sent: Sentence
    conf: float
    props: dict[str, Any] = field(default_factory=dict)


@dataclass
class DocState:
    """What the article has established so far, for resolving later mentions."""

    date: dt.date | None
    persons: list[str] = field(default_factory=list)  # person ids in order of mention
    person_offices: dict[str, list[tuple[str, str, dict[str, Any]]]] = field(
        default_factory=dict)  # pid -> [(predicate, target, role)]
    last_subject: dict[str, str] = field(default_factory=dict)  # predicate -> subject id
    last_object: dict[str, str] = field(default_factory=dict)
    last_person_subject: str | None = None
    new_entities: dict[str, Entity] = field(default_factory=dict)
    mentions: dict[str, int] = field(default_factory=dict)
    found: list[Found] = field(default_factory=list)


class RuleExtractor:
    """Extractor backend ``rules``: gazetteer + lexicon patterns, no model."""

    name = "rules"

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gz = gazetteer or load_gazetteer()

    # -- public ----------------------------------------------------------------------
    def extract(self, article: Article) -> tuple[list[Triple], list[Entity]]:
        """Triples and the entities they mention, for one article."""
        code = article.lang or detect(article.text)
        lang = get_language(code)
        lex = load_lexicon(code)
        doc = prepare(article, lang, matcher_for(code))
        # Sentences with no actor in them cannot hold a relation: no units needed, except
        # the first few, which may carry the article's date.
        units = [sentence_units(doc, sent) if n < 4 or has_actor(sent) else []
                 for n, sent in enumerate(doc.sentences)]
        date = dates_mod.parse_iso(article.date) or self._date_from_text(doc, units)
        st = DocState(date=date)
        run = _Run(self, doc, lex, st, code)
        run.go(units)
        return run.triples(), run.entities()

    def _date_from_text(self, doc: Doc, units: list[list[Unit]]) -> dt.date | None:
        head = doc.text[:600]
        iso = dates_mod.numeric_date(head)
        if iso:
            return dates_mod.parse_iso(iso)
        for sent_units in units[:4]:
            d = _explicit_date(sent_units, None, require_year=True)
            if d:
                return d
        return None


extractors.register("rules", RuleExtractor)


def _explicit_date(units: list[Unit], ref: dt.date | None, *, require_year: bool = False,
                   future: bool = False) -> dt.date | None:
    """A date written in the units: '4 January 2022', 'يوم 4 يناير', 'Friday', 'أمس'."""
    for k, u in enumerate(units):
        if ("date_months" in u.kinds):
            month = u.first("date_months")
            day = year = None
            if k > 0 and units[k - 1].norm.isdigit() and 1 <= int(units[k - 1].norm) <= 31:
                day = int(units[k - 1].norm)
            elif k + 1 < len(units) and units[k + 1].norm.isdigit() and \
                    1 <= int(units[k + 1].norm) <= 31:
                day = int(units[k + 1].norm)
            for n in (k + 1, k + 2, k + 3):
                if n < len(units) and units[n].norm.isdigit() and len(units[n].norm) == 4:
                    year = int(units[n].norm)
                    break
            if day and (year or not require_year):
                d = dates_mod.day_month(ref, day, month, year)
                if d:
                    return d
    if require_year or ref is None:
        return None
    for u in units:
        if ("date_relative" in u.kinds):
            return ref + dt.timedelta(days=u.first("date_relative"))
    for u in units:
        if ("date_weekdays" in u.kinds):
            return dates_mod.weekday_before(ref, u.first("date_weekdays"), future=future)
    return None


class _Run:
    """The work on one article (kept apart so the extractor itself stays stateless)."""

    def __init__(self, ex: RuleExtractor, doc: Doc, lex: dict[str, Any], st: DocState,
                 code: str) -> None:
        self.gz = ex.gz
        self.doc = doc
        self.lex = lex
        self.st = st
        self.code = code
        self.text = doc.text
        self.date_iso = st.date.isoformat() if st.date else None
        self.surnames: dict[str, str | None] = {}
        self.ambiguous: set[str] = set()  # ids chosen among same-type namesakes
        self.new_parts: list[tuple[str, str, int]] = []
        self.sent_units: list[list[Unit]] = []
        self.sent_kinds: list[set[str]] = []
        self._last_source: str | None = None
        self.noun_owner: dict[str, tuple[str, int]] = {}
        self._sent_subject: str | None = None
        self.event_args: dict[int, set[str]] = {}
        self.sent_mentions: list[list[Mention]] = []

    # -- driver -------------------------------------------------------------------------
    def go(self, all_units: list[list[Unit]]) -> None:
        for sent, units in zip(self.doc.sentences, all_units, strict=True):
            self.sent_units.append(units)
            kinds = {k for u in units for k in u.kinds}
            self.sent_kinds.append(kinds)
            self.sent_mentions.append(self.chunk(units, sent, kinds))
        self.resolve_anaphors()
        for mentions in self.sent_mentions:
            self.resolve_roles(mentions)
        for idx, sent in enumerate(self.doc.sentences):
            self.standing(idx, sent)
        for idx, sent in enumerate(self.doc.sentences):
            if "trigger" in self.sent_kinds[idx]:
                self.events(idx, sent)
            self.locations(idx, sent)
        self.memberships()

    # -- entities -----------------------------------------------------------------------
    def entity(self, eid: str) -> Entity | None:
        return self.gz.entities.get(eid) or self.st.new_entities.get(eid)

    def etype(self, eid: str | None) -> str | None:
        if eid is None:
            return None
        e = self.entity(eid)
        return e.type if e else None

    def choose(self, ids: list[str]) -> str:
        """One entity for an alias several entities share."""
        if len(ids) == 1:
            return ids[0]
        seen = [i for i in ids if i in self.st.mentions]
        if len(seen) == 1:
            return seen[0]
        pool = seen or ids
        current = [i for i in pool if self.etype(i) == "Person" and self.gz.offices_of(
            i, self.date_iso)]
        if len(current) == 1 and not any(self.etype(i) == "Country" for i in pool):
            return current[0]
        ranked = sorted(pool, key=lambda i: (_TYPE_ORDER.get(self.etype(i) or "", 9), i))
        if len(ranked) > 1 and self.etype(ranked[0]) == self.etype(ranked[1]):
            # Nothing in the article tells these apart: keep the edge, say we are unsure.
            self.ambiguous.add(ranked[0])
        return ranked[0]

    def new_person(self, name: str) -> str:
        label = transliterate(name) if self.doc.lang.script != "Latn" else name
        pid = f"person:{slug(label)}"
        # Later in the article the surname alone ("Sak said") stands for this person,
        # unless two new people share it.
        last = self.doc.lang.fold(name.split()[-1])
        if len(name.split()) > 1:
            self.surnames[last] = None if self.surnames.get(last, pid) != pid else pid
        if pid not in self.gz.entities and pid not in self.st.new_entities:
            labels = {"en": label}
            if self.code != "en":
                labels[self.code] = name
            self.st.new_entities[pid] = Entity(pid, "Person", label, labels,
                                               sorted({label, name}))
        return pid

    def count(self, eid: str | None) -> None:
        if eid:
            self.st.mentions[eid] = self.st.mentions.get(eid, 0) + 1

    # -- chunking -------------------------------------------------------------------------
    def chunk(self, units: list[Unit], sent: Sentence, kinds: set[str]) -> list[Mention]:
        """Mentions of one sentence, left to right.

        ``kinds``: the kinds present in the sentence, so passes that need one absent
        are skipped (most sentences have no title, no body head, no courtesy title).
        """
        out: list[Mention] = []
        n = len(units)
        used = [False] * n
        text = self.text

        def ent_of(k: int) -> str | None:
            ids = units[k].kinds.get("ent")
            return self.choose(list(ids)) if ids else None

        # 1. Bodies: a head noun and a state (وزارة الدفاع الروسية, Ukraine's defence ministry).
        for k, u in enumerate(units if "orghead" in kinds else ()):
            if "orghead" not in u.kinds or used[k]:
                continue
            country, span = self._state_near(units, k, used)
            if country is None:
                continue
            body = u.first("orghead")
            lo, hi = span
            if body["body"] in STATE_BODIES:
                ent = self.gz.body(body["body"], country)
            else:
                ent = self.gz.body(body["body"], country, body.get("portfolio"))
            m = Mention(lo, hi, units[lo].start, units[hi - 1].end, ent.id, "Organization",
                        "body", country=country, body=body)
            for q in range(lo, hi):
                used[q] = True
            m.governed = governed_by(units, lo)
            m.possessive = possessive_after(text, units, hi - 1)
            out.append(m)

        # 2a. "Yuriy Sak, an adviser to Ukraine's defence ministry": a name the gazetteer
        # lacks, known by the title in apposition after it (capitalised scripts only).
        if self.doc.lang.names_capitalised and "title" in kinds:
            for k in range(n - 2):
                if used[k] or not units[k].raw or not units[k].text[:1].isupper() or (
                        k > 0 and units[k - 1].raw and not units[k - 1].is_punct):
                    continue
                name, end = self._unknown_name(units, k)
                # Two words at least: "Meanwhile, President X" is no name.
                if not name or len(name.split()) < 2 or end >= n or not units[end].is_comma:
                    continue
                q = end + 1
                while q < n and "det" in units[q].kinds:
                    q += 1
                if q < n and "title" in units[q].kinds and not used[q]:
                    pid = self.new_person(name)
                    m = Mention(k, end, units[k].start, units[end - 1].end, pid, "Person",
                                "name", conf=0.8)
                    for r in range(k, end):
                        used[r] = True
                    out.append(m)
                    self._appositive(units, m, used, out)

        # 2b. "Mr Halvorsen", "Mme Dupont": a courtesy title before capitalised words.
        if self.doc.lang.names_capitalised and "honorific" in kinds:
            for k in range(n - 1):
                if used[k] or "honorific" not in units[k].kinds or used[k + 1] or \
                        "title" in units[k + 1].kinds:
                    continue
                name, end = self._unknown_name(units, k + 1)
                if name and units[k + 1].raw:
                    pid = self.new_person(name)
                    m = Mention(k, end, units[k].start, units[end - 1].end, pid, "Person",
                                "name", conf=0.75)
                    for r in range(k, end):
                        used[r] = True
                    m.governed = governed_by(units, k)
                    out.append(m)

        # 2. Titled people and roles.
        k = 0 if ("title" in kinds or "counterpart" in kinds) else n
        while k < n:
            u = units[k]
            if used[k] or not (("title" in u.kinds) or ("counterpart" in u.kinds)):
                k += 1
                continue
            m = self._titled(units, k, used, out)
            k = (m.u1 if m else k + 1)

        # 3. Plain names, nationalities, anaphors, pronouns.
        for k, u in enumerate(units):
            if used[k]:
                continue
            if ("ent" in u.kinds):
                eid = ent_of(k)
                m = Mention(k, k + 1, u.start, u.end, eid, self.etype(eid), "name")
                m.candidates = list(u.kinds["ent"])
            elif ("dem" in u.kinds):
                cid = u.first("dem")
                coll = k > 0 and ("collective" in units[k - 1].kinds) and not used[k - 1]
                nxt_coll = k + 1 < n and ("collective" in units[k + 1].kinds) and not used[k + 1]
                lo = k - 1 if coll else k
                hi = k + 2 if nxt_coll else k + 1
                m = Mention(lo, hi, units[lo].start, units[hi - 1].end, cid, "Country",
                            "collective" if (coll or nxt_coll) else "dem", country=cid)
                if coll or nxt_coll:
                    used[lo] = used[hi - 1] = True
            elif self.surnames and u.raw and self.surnames.get(u.norm) and (
                    not self.doc.lang.names_capitalised or u.text[:1].isupper()):
                pid = self.surnames[u.norm]
                m = Mention(k, k + 1, u.start, u.end, pid, "Person", "name", conf=0.8)
            elif ("anaphor" in u.kinds):
                m = Mention(k, k + 1, u.start, u.end, None, None, "anaphor")
                m.role = {"anaphor": u.first("anaphor")}
            elif ("relative" in u.kinds) or ("orelative" in u.kinds):
                m = Mention(k, k + 1, u.start, u.end, None, None, "pron")
                m.role = {"anaphor": "orelative" if ("orelative" in u.kinds) else "relative"}
            else:
                continue
            used[k] = True
            m.governed = governed_by(units, m.u0)
            m.possessive = possessive_after(text, units, m.u1 - 1)
            out.append(m)
        out.sort(key=lambda m: m.u0)
        # "Assad of Syria" («الأسد من سوريا»): a state right after a person, behind "of" or
        # "from", says where the person is from; it is no argument of any event.
        for a, b in itertools.pairwise(out):
            if a.etype == "Person" and b.etype == "Country" and b.governed in ("agent", "of") \
                    and b.u0 == a.u1 + 1:
                b.governed = "origin"
                a.country = b.eid
        for m in out:
            self.count(m.eid)
            if m.eid and self.etype(m.eid) == "Person" and m.eid not in self.st.persons:
                self.st.persons.append(m.eid)
        return out

    def _state_near(self, units: list[Unit], k: int, used: list[bool]
                    ) -> tuple[str | None, tuple[int, int]]:
        """The state a body head at k belongs to, and the span of the whole body phrase."""
        n = len(units)
        # After: a nationality, a country, or "of" + country.
        j = k + 1
        if j < n and ("marker" in units[j].kinds) and "of" in units[j].kinds["marker"]:
            j += 1
        if j < n and ("det" in units[j].kinds):
            j += 1
        if j < n and not used[j]:
            if ("dem" in units[j].kinds):
                return units[j].first("dem"), (k, j + 1)
            cid = self._country_id(units[j])
            if cid and not units[j].prep_prefix:
                return cid, (k, j + 1)
        # Before (English order): a nationality or a country, possibly possessive.
        j = k - 1
        if j >= 0 and units[j].norm == "s" and self.text[units[j].start - 1:units[j].start] in "’'":
            j -= 1
        if j >= 0 and not used[j]:
            if ("dem" in units[j].kinds):
                return units[j].first("dem"), (j, k + 1)
            cid = self._country_id(units[j])
            if cid:
                return cid, (j, k + 1)
        return None, (k, k + 1)

    def _country_id(self, u: Unit) -> str | None:
        for eid in u.kinds.get("ent", ()):
            if self.etype(eid) == "Country":
                return eid
        return None

    def _titled(self, units: list[Unit], k: int, used: list[bool], out: list[Mention]
                ) -> Mention | None:
        """A title or counterpart at k with its modifiers and, where one follows, a name."""
        n = len(units)
        text = self.text
        u = units[k]
        counterpart = ("counterpart" in u.kinds) and "title" not in u.kinds
        role = dict(u.first("title")) if ("title" in u.kinds) else {"predicate": None}
        lo = k
        target: str | None = None
        possessor_kind = None  # "suffix", "pronoun" or a Mention
        if u.suffix:
            possessor_kind = "suffix"
        # Left modifiers (English order): Russian President; NATO Secretary General;
        # Ukraine's defence minister; his defence minister; Zelensky's chief of staff.
        j = k - 1
        while j >= 0 and not used[j]:
            w = units[j]
            if w.norm == "s" and text[w.start - 1:w.start] in "’'ʼ":
                j -= 1
                continue
            if ("dem" in w.kinds):
                target = target or w.first("dem")
            elif ("ent" in w.kinds) and self.etype(
                    eid := self.choose(list(w.kinds["ent"]))) in ("Country", "Organization"):
                target = target or eid
            elif ("poss" in w.kinds):
                possessor_kind = "pronoun"
            elif ("title" in w.kinds) and "ent" not in w.kinds:
                pass  # "Deputy Prime Minister": let the inner title lead
            else:
                break
            lo = j
            j -= 1
        if lo == k and k > 0:
            prev = [m for m in out if m.u1 == k or (m.u1 == k - 1 and (
                ("orghead" in units[k - 1].kinds) or units[k - 1].norm == "s"))]
            # "Zelensky's chief of staff Yermak": a possessive person right before.
            if prev and prev[-1].possessive and prev[-1].etype == "Person":
                possessor_kind = prev[-1]
            elif prev and (prev[-1].kind == "body" or (
                    prev[-1].possessive and prev[-1].etype in ("Organization", "Country"))):
                # "Rwanda's Defence Force Army Chief of Staff X", "NATO's chief X".
                target = prev[-1].eid
        # Right modifiers (Arabic, French, Russian order).
        hi = k + 1
        while hi < n and not used[hi]:
            w = units[hi]
            if ("title" in w.kinds) and "ent" not in w.kinds and (role.get("predicate") is None or
                                                         _more_specific(w, role)):
                role = dict(w.first("title"))
                hi += 1
                continue
            if ("dem" in w.kinds):
                target = target or w.first("dem")
                hi += 1
                continue
            if ("marker" in w.kinds) and set(w.kinds["marker"]) & {"in", "of"} and hi + 1 < n:
                q = hi + 1
                if ("det" in units[q].kinds) and q + 1 < n:
                    q += 1
                nxt = units[q]
                if ("ent" in nxt.kinds):
                    eid = self.choose(list(nxt.kinds["ent"]))
                    if self.etype(eid) in ("Country", "Organization") and target is None:
                        target = eid
                        hi = q + 1
                        continue
                break
            if ("ent" in w.kinds) and not w.prep_prefix:
                eid = self.choose(list(w.kinds["ent"]))
                if self.etype(eid) in ("Country", "Organization") and target is None:
                    target = eid
                    hi += 1
                    continue
            body_here = [m for m in out if m.u0 == hi and m.kind == "body"]
            if body_here:
                target = target or body_here[0].eid
                hi = body_here[0].u1
                continue
            break
        if target is None and role.get("predicate") in ("LEADER_OF", "OFFICIAL_OF") and \
                self.doc.lang.names_capitalised and role.get("role") in OF_ROLES:
            # "head of the State Property Fund of Ukraine": a body the gazetteer lacks,
            # named by its capitalised words.
            org, org_end = self._unknown_org(units, hi)
            if org:
                target, hi = org, org_end
        # Optional comma, determiners and honorifics, then the name.
        p = hi
        if p < n and units[p].is_comma:
            p += 1
        while p < n and (("honorific" in units[p].kinds) or ("det" in units[p].kinds)) and "ent" not in units[p].kinds:
            p += 1
        person: str | None = None
        name_end = p
        if p < n and not used[p] and ("ent" in units[p].kinds):
            eid = self.choose(list(units[p].kinds["ent"]))
            if self.etype(eid) == "Person":
                person, name_end = eid, p + 1
        plural = _plural_title(u, self.doc.lang.plural_endings)
        if person is None and p < n and not used[p] and not plural:
            name, name_end = self._unknown_name(units, p)
            if name:
                person = self.new_person(name)
        m = Mention(lo, name_end if person else hi, units[lo].start,
                    units[(name_end if person else hi) - 1].end, person,
                    "Person" if person else None, "name" if person else "role",
                    role=role, target=target, counterpart=counterpart)
        m.plural = plural
        if any(("former" in units[q].kinds) for q in range(max(0, lo - 2), min(n, hi + 1))):
            m.role = {**(m.role or {}), "former": True}
        if isinstance(possessor_kind, Mention):
            m.possessor = possessor_kind
        elif possessor_kind:
            m.role = dict(m.role or {})
            m.role["possessed"] = True
        for q in range(m.u0, m.u1):
            used[q] = True
        m.governed = governed_by(units, m.u0)
        m.possessive = possessive_after(text, units, m.u1 - 1)
        out.append(m)
        # Appositive after the name: "X, an adviser to Ukraine's defence ministry".
        if person and m.u1 < n and units[m.u1].is_comma:
            self._appositive(units, m, used, out)
        return m

    def _appositive(self, units: list[Unit], m: Mention, used: list[bool],
                    out: list[Mention]) -> None:
        n = len(units)
        p = m.u1 + 1
        while p < n and ("det" in units[p].kinds):
            p += 1
        if p >= n or used[p] or "title" not in units[p].kinds or units[p].conj_prefix:
            return
        # "X, and the Belarusian President Y": a title that leads to another name is not
        # an apposition of X.
        q = p + 1
        while q < n and (("dem" in units[q].kinds) or ("title" in units[q].kinds) or ("det" in units[q].kinds)
                         or ("honorific" in units[q].kinds)):
            q += 1
        if q < n and ("ent" in units[q].kinds) and any(
                self.etype(e) == "Person" for e in units[q].kinds["ent"]):
            return
        role = dict(units[p].first("title"))
        q = p + 1
        target = None
        while q < n and q < p + 6:
            w = units[q]
            if ("dem" in w.kinds):
                target = w.first("dem")
                break
            if ("ent" in w.kinds) and self.etype(
                    eid := self.choose(list(w.kinds["ent"]))) in ("Country", "Organization"):
                target = eid
                if possessive_after(self.text, units, q):
                    body = [b for b in out if b.u0 == q and b.kind == "body"]
                    if body:
                        target = body[0].eid
                break
            body = [b for b in out if b.u0 == q and b.kind == "body"]
            if body:
                target = body[0].eid
                break
            if ("title" in w.kinds):
                role = dict(w.first("title"))
            elif not (("marker" in w.kinds) or ("det" in w.kinds) or w.is_comma):
                break
            q += 1
        extra = Mention(m.u0, m.u1, m.start, m.end, m.eid, "Person", "name", role=role,
                        target=target)
        extra.conf = 0.85
        out.append(extra)
        for r in range(p, min(q + 1, n)):
            if not any(b.u0 == r for b in out if b.kind == "body"):
                used[r] = True

    def _unknown_org(self, units: list[Unit], p: int) -> tuple[str | None, int]:
        """An organisation named by capitalised words after "head of (the)", with "of",
        "for" and "and" between them: "State Property Fund of Ukraine"."""
        n = len(units)
        q = p
        while q < n and "det" in units[q].kinds:
            q += 1
        words: list[str] = []
        start = q
        country = None
        while q < n and len(words) < 8:
            w = units[q]
            if w.text in _ORG_JOINERS and words:
                words.append(w.text)
                q += 1
                continue
            cid = self._country_id(w)
            if cid and words and words[-1] in _ORG_OF:
                words.append(w.text)
                country = cid
                q += 1
                break
            if not (w.raw and w.text[:1].isupper() and w.text.isalpha()):
                break
            words.append(w.text)
            q += 1
        while words and words[-1] in _ORG_JOINERS:
            words.pop()
            q -= 1
        if len([w for w in words if w[:1].isupper()]) < 2:
            return None, p
        label = " ".join(words)
        oid = f"org:{slug(label)}"
        if oid not in self.gz.entities and oid not in self.st.new_entities:
            labels = {"en": label} if self.code == "en" else {"en": label, self.code: label}
            self.st.new_entities[oid] = Entity(oid, "Organization", label, labels, [label])
        if country:
            self.new_parts.append((oid, country, start))
        self.count(oid)
        return oid, q

    def _unknown_name(self, units: list[Unit], p: int) -> tuple[str | None, int]:
        """A name the gazetteer lacks, read after a title: capitalised words (Latin,
        Cyrillic) or up to four plain words (Arabic)."""
        n = len(units)
        words = []
        q = p
        script = self.doc.lang.script
        particles = _NAME_PARTICLES
        while q < n and len(words) < 4:
            w = units[q]
            if not w.raw or w.is_punct:
                break
            t = w.text
            if script == "Arab":
                if not all("\u0600" <= c <= "\u06ff" for c in t) or len(t) < 2:
                    break
                if w.prefix or ("stop" in w.kinds):
                    break
                # An Arabic name the gazetteer lacks must open with a known given name
                # (علي, محمد, ...): otherwise any words after a title would pass.
                if not words and w.norm not in given_names():
                    break
            else:
                if not (t[:1].isupper() or (words and t.lower() in particles)):
                    break
                if not t.isalpha():
                    break
            words.append(t)
            q += 1
        while words and words[-1].lower() in particles:
            words.pop()
            q -= 1
        if script == "Arab":
            ok = len(words) >= 2 or (len(words) == 1 and (q >= n or units[q].is_punct))
        else:
            ok = len(words) >= 2 or (len(words) == 1 and len(words[0]) > 2)
        if not ok:
            return None, p
        return " ".join(words), q

    # -- roles, pronouns, anaphors ----------------------------------------------------------
    def person_country(self, pid: str) -> str | None:
        """The state a person serves, from this article or else the gazetteer."""
        for _pred, tgt, _ in self.st.person_offices.get(pid, ()):
            if self.etype(tgt) == "Country":
                return tgt
            c = self.gz.country_of.get(tgt)
            if c:
                return c
        for o in self.gz.offices_of(pid, self.date_iso):
            if self.etype(o.of) == "Country":
                return o.of
            c = self.gz.country_of.get(o.of)
            if c:
                return c
        return None

    def person_role(self, pid: str) -> dict[str, Any] | None:
        for pred, _, role in self.st.person_offices.get(pid, ()):
            return {"predicate": pred, **{k: v for k, v in role.items() if k != "predicate"}}
        offs = self.gz.offices_of(pid, self.date_iso)
        if offs:
            o = offs[0]
            return {"predicate": o.predicate, "role": o.role, "portfolio": o.portfolio}
        return None

    def resolve_roles(self, mentions: list[Mention]) -> None:
        """Give role mentions ("the Kazakh president", «نظيره الكازاخي») the person they
        point at, where the article names exactly one such person."""
        for m in mentions:
            if m.kind != "role":
                continue
            role = m.role or {}
            country = m.target
            pred = role.get("predicate")
            r = role.get("role")
            portfolio = role.get("portfolio")
            anchor = None
            if m.counterpart:
                anchor = self._possessor(m, mentions)
                arole = self.person_role(anchor) if anchor else None
                if not arole:
                    continue
                pred, r, portfolio = arole["predicate"], arole.get("role"), arole.get("portfolio")
            if pred is None:
                continue
            cands = []
            for pid in self.st.persons:
                if m.counterpart and pid == anchor:
                    continue
                if self._holds(pid, pred, country, r, portfolio):
                    cands.append(pid)
            if len(cands) == 1:
                m.eid, m.etype, m.conf = cands[0], "Person", 0.75

    def _holds(self, pid: str, pred: str, country: str | None, role: str | None,
               portfolio: str | None) -> bool:
        for p, tgt, rl in self.st.person_offices.get(pid, ()):
            if p == pred and (country is None or tgt == country) and _role_ok(rl, role, portfolio):
                return True
        for o in self.gz.offices_of(pid, self.date_iso):
            if o.predicate == pred and (country is None or o.of == country or
                                        self.gz.country_of.get(o.of) == country) and \
                    _role_ok({"role": o.role, "portfolio": o.portfolio}, role, portfolio):
                return True
        return False

    def resolve_anaphors(self) -> None:
        """'the bloc', 'the alliance', «المنظمة»: the international body last named."""
        last_body: str | None = None
        for mentions in self.sent_mentions:
            for m in mentions:
                if m.eid and m.etype == "Organization" and self.gz.kinds.get(m.eid) not in (
                        None, "news_agency", "government_body", "company", "party"):
                    last_body = m.eid
                elif m.kind == "anaphor" and (m.role or {}).get("anaphor") == "organization" \
                        and last_body:
                    m.eid, m.etype, m.kind, m.conf = last_body, "Organization", "name", 0.75

    def _possessor(self, m: Mention, mentions: list[Mention]) -> str | None:
        """Whose title it is: 'his' means the person the clause is about."""
        if m.possessor is not None:
            return m.possessor.eid
        before = [x for x in mentions if x.u1 <= m.u0 and x.etype == "Person" and x.eid]
        if before:
            free = [x for x in before if x.governed is None]
            return (free or before)[0].eid
        return self.st.last_person_subject or (self.st.persons[0] if self.st.persons else None)

    # -- standing relations -----------------------------------------------------------------
    def standing(self, idx: int, sent: Sentence) -> None:
        mentions = self.sent_mentions[idx]
        for m in mentions:
            if m.kind == "body" and m.body and m.body.get("body") in OWNED_BODIES and m.country:
                self.add(m.eid, "PART_OF", m.country, sent, 0.85)
        for m in mentions:
            if m.etype == "Person" and m.eid and m.country and not m.role:
                for o in self.gz.offices_of(m.eid, self.date_iso):
                    if o.of == m.country and o.predicate in ("LEADER_OF", "MINISTER_OF"):
                        self.add(m.eid, o.predicate, o.of, sent, 0.8,
                                 _role_props({"role": o.role, "portfolio": o.portfolio}))
                        self._note_office(m.eid, o.predicate, o.of, {"role": o.role})
                        break
        for m in mentions:
            # "Umerov has served as head of the Fund": the sentence's subject holds it.
            if m.kind == "role" and m.governed == "as" and m.target and m.role and \
                    m.role.get("predicate"):
                holder = [x for x in mentions if x.u1 <= m.u0 and x.etype == "Person" and
                          x.eid and x.governed is None]
                if holder:
                    self.add(holder[0].eid, m.role["predicate"], m.target, sent, 0.75,
                             _role_props(m.role))
        for oid, country, _ in self.new_parts:
            if any(oid in (m.eid, m.target) for m in mentions):
                self.add(oid, "PART_OF", country, sent, 0.8)
        plural_groups = self._plural_titles(mentions)
        for m in mentions:
            if m.etype != "Person" or not m.eid or not m.role:
                continue
            if id(m) in plural_groups:
                continue
            self._person_office(m, mentions, sent)
        for pid, target, role in plural_groups.values():
            self.add(pid, role["predicate"], target, sent, 0.85, _role_props(role))
            self._note_office(pid, role["predicate"], target, role)

    def _plural_titles(self, mentions: list[Mention]
                       ) -> dict[int, tuple[str, str, dict[str, Any]]]:
        """'Presidents of Russia and the US, Putin and Trump': zip states and names."""
        out: dict[int, tuple[str, str, dict[str, Any]]] = {}
        for m in mentions:
            if not (m.plural and m.eid and m.role and m.role.get("predicate")):
                continue
            states = [x for x in mentions if x.u0 < m.u0 and x.etype == "Country" and
                      m.u0 - x.u1 <= 4]
            later = [x for x in mentions if x.u0 >= m.u0 and x.etype == "Person" and x.eid]
            between = [x for x in mentions if x.etype == "Country" and m.u0 < x.u0 and
                       x.u1 <= m.u1]
            states = states or between
            people = [m, *[x for x in later if x is not m and x.u0 - m.u1 <= 3]]
            if len(states) >= 2 and len(people) == len(states):
                for st_, pm in zip(states, people, strict=True):
                    out[id(pm)] = (pm.eid, st_.eid, m.role)
        return out

    def _person_office(self, m: Mention, mentions: list[Mention], sent: Sentence) -> None:
        role = dict(m.role or {})
        if role.get("former"):
            return  # "the former prime minister": no current relation, and no date for it
        pred = role.get("predicate")
        target = m.target
        if m.counterpart:
            anchor = self._possessor(m, mentions)
            arole = self.person_role(anchor) if anchor else None
            if not arole:
                return
            role = {**arole}
            pred = arole["predicate"]
        if pred is None:
            return
        if target is None and (role.get("possessed") or m.possessor is not None):
            owner = m.possessor.eid if m.possessor else self._possessor(m, mentions)
            if owner and owner != m.eid:
                target = self.person_country(owner)
        conf = 0.9 if target else 0.8
        if target is None or (pred == "SPOKESPERSON_OF" and self.etype(target) == "Country"):
            # The gazetteer knows what office this person held on the article's date.
            for o in self.gz.offices_of(m.eid, self.date_iso):
                if o.predicate == pred and _role_ok(
                        {"role": o.role, "portfolio": o.portfolio}, role.get("role"),
                        role.get("portfolio")) and (target is None or
                                                    self.gz.country_of.get(o.of) == target):
                    target = o.of
                    role = {**role, "role": o.role or role.get("role"),
                            "portfolio": o.portfolio or role.get("portfolio")}
                    break
        if target is None or target == m.eid:
            return
        ttype = self.etype(target)
        if ttype is None and target.startswith("org:"):
            return
        rng = PREDICATES[pred].range
        if ttype not in rng:
            if pred == "MINISTER_OF" and ttype == "Organization" and self.gz.country_of.get(target):
                target = self.gz.country_of[target]
            else:
                return
        self.add(m.eid, pred, target, sent, m.conf if m.conf < conf else conf,
                 _role_props(role))
        self._note_office(m.eid, pred, target, role)

    def _note_office(self, pid: str, pred: str, target: str, role: dict[str, Any]) -> None:
        offs = self.st.person_offices.setdefault(pid, [])
        if not any(p == pred and t == target for p, t, _ in offs):
            offs.append((pred, target, role))

    # -- events ------------------------------------------------------------------------------
    def events(self, idx: int, sent: Sentence) -> None:
        units = self.sent_units[idx]
        mentions = self.sent_mentions[idx]
        triggers = [k for k, u in enumerate(units) if ("trigger" in u.kinds) and "neutral" not in u.kinds]
        # A support verb yields to the event noun right after it ("held talks").
        triggers = [k for n_, k in enumerate(triggers) if not (
            n_ + 1 < len(triggers) and triggers[n_ + 1] - k <= 3 and
            all(("det" in units[q].kinds) for q in range(k + 1, triggers[n_ + 1])))]
        attributed = self._attribution(units, mentions)
        self._sent_subject = None
        for k in triggers:
            trig = units[k].first("trigger")
            pred = trig["predicate"]
            if any(m.u0 <= k < m.u1 for m in mentions):
                continue  # the trigger word is part of a name or title phrase
            if self._negated(units, k):
                continue
            clause = self._clause(units, k)
            future = self._future(units, k, clause)
            subj, objs, conf = self._slots(pred, units, mentions, k, clause, idx)
            if subj is None:
                continue
            self._sent_subject = subj
            # Later mentions of the same event noun ("the peacekeeping forces") keep this
            # actor even when this mention named no object.
            self.noun_owner[units[k].norm] = (subj, idx)
            date = _explicit_date(units, self.st.date, future=future) or self.st.date
            props: dict[str, Any] = {}
            if trig.get("cameo"):
                props["cameo"] = trig["cameo"]
            if date and PREDICATES[pred].is_interaction:
                props["date"] = date.isoformat()
            if future:
                props["modality"] = "planned"
            elif attributed:
                props["modality"] = "reported"
                props["attributed_to"] = attributed
            for obj in objs:
                if obj == subj:
                    continue
                self.add(subj, pred, obj, self.doc.sentences[idx], conf, dict(props))
                self.st.last_object[pred] = obj
                self.event_args.setdefault(idx, set()).update((subj, obj))
                if pred == "APPOINTED":
                    self._appointed_as(subj, obj, mentions, units, idx)
            if objs:
                self.st.last_subject[pred] = subj
                if self.etype(subj) == "Person":
                    self.st.last_person_subject = subj

    def _appointed_as(self, subj: str, obj: str, mentions: list[Mention], units: list[Unit],
                      idx: int) -> None:
        """'appointed X (as) defence minister' («تعيين X وزيرا للدفاع»): X takes that
        office in the appointer's state."""
        for a, b in itertools.pairwise(mentions):
            if a.eid != obj or b.kind != "role" or not b.role:
                continue
            gap = units[a.u1:b.u0]
            if len(gap) > 1 or any(not (("marker" in g.kinds) or ("det" in g.kinds)) for g in gap):
                continue
            pred = b.role.get("predicate")
            target = b.target or (self.person_country(subj) if self.etype(subj) == "Person"
                                  else None)
            if pred and target and not b.plural:
                self.add(obj, pred, target, self.doc.sentences[idx], 0.75, _role_props(b.role))
                self._note_office(obj, pred, target, b.role)

    def _clause(self, units: list[Unit], k: int) -> tuple[int, int]:
        """Unit range of the clause around unit k: up to complementisers, relatives and
        reporting verbs."""
        lo = 0
        for q in range(k - 1, -1, -1):
            u = units[q]
            reporting = ("report" in u.kinds) and "trigger" not in u.kinds
            if ("clause" in u.kinds) or ("cpron" in u.kinds) or reporting or (
                    u.is_punct and u.text in (";", "؛", ":")):
                lo = q + 1
                break
        hi = len(units)
        for q in range(k + 1, len(units)):
            u = units[q]
            if ("clause" in u.kinds) or ("cpron" in u.kinds) or (
                    ("report" in u.kinds) and "trigger" not in u.kinds) or (
                    u.is_punct and u.text in (";", "؛")):
                hi = q
                break
        return lo, hi

    def _negated(self, units: list[Unit], k: int) -> bool:
        if any("denial" in units[q].kinds for q in range(k)):
            return True  # "the Kremlin denied that Putin met ...": all that follows
        return any(("neg" in units[q].kinds) for q in range(max(0, k - 4), k))

    def _future(self, units: list[Unit], k: int, clause: tuple[int, int]) -> bool:
        if units[k].prefix.endswith("س"):
            return True  # سيزور: "will visit"
        return any(("future" in units[q].kinds) for q in range(max(clause[0], k - 4), k))

    def _attribution(self, units: list[Unit], mentions: list[Mention]) -> str | None:
        """Who the sentence says is speaking: the actor right before a reporting verb
        ("Peskov said"), right after it ("قال بيسكوف", "according to Reuters"), or, for a
        bare "he added" at the start, the speaker of the sentence before."""
        for k, u in enumerate(units):
            if "report" not in u.kinds or ("trigger" in u.kinds):
                continue
            src = None
            for m in mentions:
                if m.eid is None or m.etype not in ACTOR_TYPES:
                    continue
                if m.u1 == k or (m.u1 == k - 1 and units[k - 1].is_comma):
                    src = m
                    break
                gap = units[k + 1:m.u0]
                if m.u0 > k and len(gap) <= 2 and all(
                        ("det" in g.kinds) or ("honorific" in g.kinds) or ("marker" in g.kinds) or g.is_comma
                        for g in gap):
                    src = m
                    break
            if src is not None:
                self._last_source = src.eid
                return src.eid
            if k <= 1 and ("report_continue" in u.kinds) and self._last_source:
                return self._last_source
        return None

    def _actor(self, m: Mention, pred: str) -> str | None:
        """The entity a mention stands for in an event of ``pred`` (pronouns and
        unresolved anaphors stand for none here: their referents are found elsewhere)."""
        if m.kind in ("pron", "anaphor") or m.eid is None:
            return None
        if m.kind == "body" and m.body and m.body.get("body") in STATE_BODIES and \
                pred not in BODY_AS_ITSELF and m.country:
            return m.country
        if m.kind == "collective":
            return m.country
        return m.eid

    def _ok(self, eid: str | None, pred: str, side: str) -> bool:
        if eid is None:
            return False
        t = self.etype(eid)
        p = PREDICATES[pred]
        return t in (p.domain if side == "s" else p.range)

    def _slots(self, pred: str, units: list[Unit], mentions: list[Mention], k: int,
               clause: tuple[int, int], idx: int) -> tuple[str | None, list[str], float]:
        """Subject and objects of the event at unit k."""
        lo, hi = clause
        # "X could not reach Y and asked Z": Y is the first verb's object, not a subject —
        # unless an actor stands right before this verb ("A followed ..., and B deployed").
        first_trig = next((q for q in range(lo, k) if ("trigger" in units[q].kinds) and not any(
            m.u0 <= q < m.u1 for m in mentions)), k)
        before = [m for m in mentions if lo <= m.u0 and m.u1 <= k]
        near = [m for m in before if m.governed is None and not m.possessive and
                self._adjacent(units, m.u1, k) and self._ok(self._actor(m, pred), pred, "s")]
        if not near:
            before = [m for m in before if m.u1 <= first_trig]
        after = [m for m in mentions if k < m.u0 and m.u1 <= hi]
        # Stop the object list at the next trigger of another event.
        nxt = [q for q in range(k + 1, hi) if ("trigger" in units[q].kinds) and
               not any(m.u0 <= q < m.u1 for m in mentions)]
        if nxt:
            after = [m for m in after if m.u0 < nxt[0]]
        conf = 0.85
        subj: str | None = None
        objs: list[str] = []
        symmetric = PREDICATES[pred].symmetric
        trig = units[k]
        adverbial = k > 0 and ("adverbial" in units[k - 1].kinds)
        if trig.suffix in ("ه", "ها", "هم") and not adverbial:
            nxt_m = after[0] if after else None
            if nxt_m is not None and nxt_m.u0 == k + 1 and nxt_m.governed is None and \
                    self._ok(self._actor(nxt_m, pred), pred, "s"):
                # A verb with an object pronoun and its subject after it: «الذي يعينه
                # الأسد» (whom Assad appointed): the pronoun is the antecedent.
                ante = [m for m in mentions if m.u1 <= k and self._ok(
                    self._actor(m, pred), pred, "o")]
                if ante:
                    return self._actor(nxt_m, pred), [self._actor(ante[-1], pred)], 0.75
                return None, [], 0.0
            if pred in PATIENT_NOUNS:
                # "his appointment" (تعيينه): the owner is who was appointed; the text
                # does not say here who appointed him.
                return None, [], 0.0
            # "its sanctions" (عقوباته): the owner is the actor named just before.
            owner = [(m.u1, self._actor(m, pred)) for m in mentions if m.u1 <= k]
            # The body a title points at counts too: "EU foreign ministers ... its sanctions".
            owner += [(m.u1, m.target) for m in mentions if m.u1 <= k and m.target]
            owner = sorted((u1, a) for u1, a in owner if self._ok(a, pred, "s"))
            if owner:
                subj = owner[-1][1]
                rest = self._objects(pred, after, k, units)
                return subj, rest, 0.75
        # Passive or received: the actor after "by"/"from"/"من" is the agent.
        agent = [m for m in after if m.governed == "agent" and self._ok(self._actor(m, pred),
                                                                        pred, "s")]
        if agent and agent[0].u0 - k <= 4:
            subj = self._actor(agent[0], pred)
            free = [m for m in before if m.governed is None and self._ok(
                self._actor(m, pred), pred, "o")]
            if free:
                return subj, [self._actor(free[0], pred)], conf
            after = [m for m in after if m is not agent[0]]
            rest = self._objects(pred, after, k, units)
            return subj, rest, conf
        # "between X and Y".
        betw = [m for m in after if m.governed == "between"]
        if betw and symmetric:
            pair = [self._actor(m, pred) for m in after if self._ok(self._actor(m, pred), pred,
                                                                   "o")]
            pair = [p for p in pair if p]
            if len(pair) >= 2:
                return pair[0], [pair[1]], conf
        # "peacekeepers of the CSTO" (قوات حفظ السلام التابعة لمنظمة): the owner acts.
        owner_of = [m for m in after if m.governed == "owner" and m.u0 - k <= 3 and m.etype in (
            "Organization", "Country") and self._ok(self._actor(m, pred), pred, "s")]
        if owner_of and not any(m.governed is None for m in after if m.u0 < owner_of[0].u0):
            subj = self._actor(owner_of[0], pred)
            after = [m for m in after if m is not owner_of[0]]
            return subj, self._objects(pred, after, k, units) or self._default_object(
                pred, subj, after, units, k), conf
        # A nationality or possessive glued to an event noun: Russia's invasion, الهجوم الروسي.
        # Adjectives stand before the noun in English and Russian, after it in Arabic and
        # French (data/lang/<code>/lexicon.yaml: adjectives_follow).
        follow = bool(self.lex.get("adjectives_follow"))
        adj = [m for m in mentions if m.kind in ("dem", "collective") and (
            m.u1 == k or (follow and m.u0 == k + 1)) and m.governed is None]
        poss = [m for m in mentions if m.possessive and m.u1 + 1 == k]
        if poss and self._ok(self._actor(poss[0], pred), pred, "s"):
            subj = self._actor(poss[0], pred)
        elif adj and self._ok(self._actor(adj[0], pred), pred, "s"):
            subj = self._actor(adj[0], pred)
            after = [m for m in after if m is not adj[0]]
        if subj is None and lo > 0 and ("report" in units[lo - 1].kinds) and not [
                m for m in before if m.governed is None and
                self._ok(self._actor(m, pred), pred, "s")]:
            # "Niinisto said at a joint news conference with Stoltenberg": the speaker's
            # own event.
            spk = [m for m in mentions if m.u1 in (lo - 1, lo - 2) and m.governed is None and
                   self._ok(self._actor(m, pred), pred, "s")]
            if spk:
                subj = self._actor(spk[-1], pred)
        if subj is None and k > 0 and ("poss" in units[k - 1].kinds):
            # "his meeting with Assad" (его встречи с): the owner is who the clause is about.
            subj = self._pronoun_referent(idx, lo, mentions, pred, k)
        if subj is None and self._bare_noun(units, k):
            # "the war in X", "his invasion": an event noun after an article takes the
            # clause's subject only through a light verb ("X held talks", "X imposed a ban").
            adverbial = True
        if subj is None and adverbial:
            # "after the attack on X": an event noun in an adverbial names its own agent
            # (Russia's invasion, الهجوم الروسي) or none at all.
            return None, [], 0.0
        if subj is None and lo > 0 and ("cpron" in units[lo - 1].kinds):
            # «أعلن الاتحاد الأوروبي ... إنه وافق على ...»: "that it agreed": the main subject.
            main = [m for m in mentions if m.u1 <= lo - 1 and m.governed is None and
                    self._ok(self._actor(m, pred), pred, "s")]
            if main:
                subj = self._actor(main[0], pred)
        if subj is None and (units[k].conj_prefix or (k > 0 and ("conj" in units[k - 1].kinds))) \
                and self._sent_subject is not None:
            # "Assad dismisses A, and appoints B": coordinated verbs share their subject.
            subj = self._sent_subject
        rel_kind = None
        if lo > 0 and ("relative" in units[lo - 1].kinds):
            rel_kind = "subject"
        elif lo > 0 and ("orelative" in units[lo - 1].kinds):
            rel_kind = "object"
        if subj is None and rel_kind == "subject" and not [
                m for m in before if m.governed is None and m.kind != "pron"]:
            # "..., lequel a sollicité X", "X, who met Y": the relative is the subject.
            subj = self._relative_antecedent(mentions, lo - 1, pred)
        if subj is None:
            free = [m for m in before if m.governed is None and not m.possessive]
            free_ok = [m for m in free if self._ok(self._actor(m, pred), pred, "s")]
            coll = [m for m in mentions if m.kind == "collective" and k - 2 <= m.u1 <= k and
                    self._ok(self._actor(m, pred), pred, "s")]
            if coll:
                # "the Ukrainian delegation in negotiations with Russia".
                subj = self._actor(coll[-1], pred)
            elif free_ok:
                first = free_ok[0]
                last = free_ok[-1]
                if last is not first and self._adjacent(units, last.u1, k):
                    # "Botswana followed ..., and South Africa deployed": the nearest.
                    prev = free_ok[-2]
                    if symmetric and self._conjoined(units, prev, last):
                        return self._actor(prev, pred), [self._actor(last, pred)], conf
                    first = last
                subj = self._actor(first, pred)
                if symmetric and not after:
                    # "Putin and Trump held talks": conjoined subjects.
                    others = [self._actor(m, pred) for m in free_ok if m is not first]
                    others = [o for o in others if o and o != subj and
                              self.etype(o) == self.etype(subj)]
                    if others:
                        return subj, others[:1], conf
            elif any(m.kind in ("pron", "anaphor") and (m.role or {}).get("anaphor") in (
                    "person", "relative", "orelative") for m in before) or \
                    self._pronoun_subject(units, lo, k):
                subj = self._pronoun_referent(idx, lo, mentions, pred)
                conf = 0.7
        if subj is None:
            # Verb-first order (Arabic): the free actor right after the verb is its subject.
            first = after[0] if after else None
            if first is not None and first.governed is None and first.u0 - k <= 2 and \
                    self._ok(self._actor(first, pred), pred, "s"):
                subj = self._actor(first, pred)
                after = after[1:]
        if subj is None and after and after[0].u0 == k + 1 and after[0].etype in (
                "Organization", "Country") and self._ok(self._actor(after[0], pred), pred, "s"):
            # "sanctions of the EU" (عقوبات الاتحاد الأوروبي): the genitive is the agent.
            subj = self._actor(after[0], pred)
            after = after[1:]
        prev_owner = self.noun_owner.get(units[k].norm)
        if subj is None and prev_owner and idx - prev_owner[1] <= 2:
            subj, conf = prev_owner[0], 0.7
        if subj is None and pred in self.st.last_subject:
            subj = self.st.last_subject[pred]  # "the calls were held with ...": same caller
            conf = 0.65
        if subj is None:
            return None, [], 0.0
        objs = self._objects(pred, after, k, units)
        if not objs and rel_kind == "object":
            # "Poutine, dont il a dénoncé la duplicité": the relative is the object.
            ante = self._relative_antecedent(mentions, lo - 1, pred, side="o")
            objs = [ante] if ante and ante != subj else []
        other_trigger_before = any(("trigger" in units[q].kinds) for q in range(lo, k))
        if not objs and not other_trigger_before:
            # Only actors between the subject and the trigger: "listed A and B on the list".
            pos = next((m.u1 for m in before if self._actor(m, pred) == subj), None)
            between = [m for m in before if (pos is None or m.u0 >= pos) and
                       self._actor(m, pred) != subj and m.governed in (
                None, "including") and not m.possessive and
                self._ok(self._actor(m, pred), pred, "o")]
            objs = [self._actor(m, pred) for m in between if m.kind != "dem"]
            conf = min(conf, 0.7)
        if not objs:
            objs = self._default_object(pred, subj, after, units, k)
        return subj, [o for o in objs if o], conf

    def _bare_noun(self, units: list[Unit], k: int) -> bool:
        """An article or possessive before the trigger, and no light verb before that."""
        if k == 0 or not (("det" in units[k - 1].kinds) or ("poss" in units[k - 1].kinds)):
            return False
        for q in range(k - 2, max(-1, k - 5), -1):
            if ("light" in units[q].kinds):
                return False
            if not (units[q].raw and not units[q].is_punct) and "det" not in units[q].kinds:
                break
        return True

    def _pronoun_subject(self, units: list[Unit], lo: int, k: int) -> bool:
        return any(("anaphor" in units[q].kinds) and "person" in units[q].kinds["anaphor"]
                   for q in range(lo, k))

    def _adjacent(self, units: list[Unit], end: int, k: int) -> bool:
        """Only auxiliaries or adverbs (plain words) or one comma between end and k."""
        gap = units[end:k]
        if len(gap) > 2:
            return False
        return all((g.raw and not g.is_punct) or g.is_comma for g in gap)

    def _conjoined(self, units: list[Unit], a: Mention, b: Mention) -> bool:
        gap = units[a.u1:b.u0]
        return (not gap and units[b.u0].conj_prefix) or (
            len(gap) == 1 and (("conj" in gap[0].kinds) or gap[0].is_comma))

    def _relative_antecedent(self, mentions: list[Mention], rel: int, pred: str,
                             side: str = "s") -> str | None:
        """The actor a relative pronoun at unit ``rel`` stands for: the one just before."""
        prev = [m for m in mentions if m.u1 <= rel and m.kind != "pron" and
                self._ok(self._actor(m, pred), pred, side)]
        return self._actor(prev[-1], pred) if prev else None

    def _pronoun_referent(self, idx: int, lo: int, mentions: list[Mention], pred: str,
                          k: int | None = None) -> str | None:
        """'he' / 'il' / 'his': the person the clause, else the sentence (or the one
        before) is about."""
        if k is not None:
            own = [m for m in mentions if lo <= m.u0 and m.u1 <= k and m.etype == "Person" and
                   m.eid and m.governed is None]
            if own:
                return own[0].eid
        main = [m for m in mentions if m.u1 <= lo and m.etype == "Person" and m.eid and
                m.governed is None]
        if main:
            return main[0].eid
        return self._antecedent(idx, lo, mentions)

    def _antecedent(self, idx: int, lo: int, mentions: list[Mention]) -> str | None:
        """'he' / 'lequel' / 'qu'il': the person the text was just talking about."""
        rel = [m for m in mentions if m.kind == "pron" and m.u0 >= lo - 1]
        if rel:
            prev = [m for m in mentions if m.u1 <= rel[0].u0 and m.etype == "Person" and m.eid]
            if prev:
                return prev[-1].eid
        own = [m for m in mentions if m.u1 <= lo and m.etype == "Person" and m.eid and
               m.governed is None]
        if own:
            return own[0].eid
        for j in range(idx - 1, max(-1, idx - 4), -1):
            ms = [m for m in self.sent_mentions[j] if m.etype == "Person" and m.eid and
                  m.governed is None]
            if ms:
                return ms[0].eid
        return self.st.last_person_subject

    def _objects(self, pred: str, after: list[Mention], k: int, units: list[Unit]
                 ) -> list[str]:
        objs: list[str] = []
        persons_seen = False
        prev_end = k + 1
        for m in after:
            gap = units[prev_end:m.u0]
            if objs and any(u.is_comma for u in gap) and len(gap) > 3:
                break  # "..., will be replaced by X": the list of objects has ended
            prev_end = m.u1
            g = m.governed
            if g in ("topic", "origin", "as") or (g == "in" and pred not in PLACE_OBJECT):
                continue
            if g == "prep" and pred not in PLACE_OBJECT and pred not in (
                    "INFORMED", "SANCTIONED", "DEPLOYED_FORCES_TO", "THREATENED", "ACCUSED",
                    "SUPPORTED", "PROVIDED_AID_TO"):
                continue
            if m.kind == "dem" and (objs or m.u0 - k > 2):
                continue  # a nationality counts as the object only right after the verb
            if any(("report" in units[q].kinds) and "trigger" not in units[q].kinds
                   for q in range(m.u1, min(m.u1 + 1, len(units)))):
                continue  # "..., the Israeli military said": the speaker, not an object
            a = self._actor(m, pred)
            if not self._ok(a, pred, "o"):
                continue
            if self.etype(a) == "Person":
                persons_seen = True
            elif persons_seen and pred in ("CALLED", "MET", "INFORMED", "IN_CONTACT_WITH"):
                continue  # "X called Y in Z": a state after a person is context
            if a not in objs:
                objs.append(a)
        if any(self.etype(o) == "Person" for o in objs) and pred in ("CALLED", "MET"):
            objs = [o for o in objs if self.etype(o) == "Person"]
        return objs

    def _default_object(self, pred: str, subj: str, after: list[Mention], units: list[Unit],
                        k: int) -> list[str]:
        """Objects implied by the text: 'the country' is the subject's own state; a
        deployment with no destination goes where the article's last one went."""
        if pred == "DECLARED_EMERGENCY" and any(
                m.kind == "anaphor" and (m.role or {}).get("anaphor") == "country" for m in after):
            c = subj if self.etype(subj) == "Country" else (
                self.gz.country_of.get(subj) or self.person_country(subj))
            return [c] if c else []
        if pred == "DISMISSED" and any(
                m.kind == "anaphor" and (m.role or {}).get("anaphor") == "government"
                for m in after):
            c = self.person_country(subj) if self.etype(subj) == "Person" else None
            return [self.gz.body("government", c).id] if c else []
        if pred == "DEPLOYED_FORCES_TO" and pred in self.st.last_object:
            return [self.st.last_object[pred]]
        return []

    # -- places and membership -----------------------------------------------------------------
    def locations(self, idx: int, sent: Sentence) -> None:
        """Place X, in region Y: LOCATED_IN the nearest following place that contains X."""
        units = self.sent_units[idx]
        ms = [m for m in self.sent_mentions[idx] if m.eid and m.etype in ("Location", "Country")]
        for a_i, a in enumerate(ms):
            if a.etype != "Location":
                continue
            for b in ms[a_i + 1:]:
                if b.u0 - a.u1 > 14:
                    break
                if self.gz.contains(b.eid, a.eid) and self._linked(units, a, b):
                    self.add(a.eid, "LOCATED_IN", b.eid, sent, 0.85)
                    break

    def _linked(self, units: list[Unit], a: Mention, b: Mention) -> bool:
        """The text puts b around a: 'A, in B', 'A in the B region', 'A, capital of B',
        'A and C in B' — a comma, 'in' or a place noun between them, no colon or verb."""
        between = units[a.u1:b.u0]
        if any(u.is_punct and not u.is_comma for u in between):
            return False
        return b.governed == "in" or any(u.is_comma for u in between) or bool(
            between and ("marker" in between[-1].kinds))

    def memberships(self) -> None:
        """States named around a membership statement belong to the body, where the
        gazetteer agrees; explicit joins come through the MEMBER_OF triggers."""
        for idx, _sent in enumerate(self.doc.sentences):
            units = self.sent_units[idx]
            if "membership" not in self.sent_kinds[idx]:
                continue
            orgs = [m.eid for m in self.sent_mentions[idx] if m.eid and m.etype ==
                    "Organization" and m.eid in self.gz.members]
            if not orgs:
                continue
            here = self._states_in(idx)
            # "... calls with the heads of the member states. The calls were with A, B and
            # C": when no state follows the cue and the next sentence goes on with the same
            # event, the states it names are the members.
            cue = min(k for k, u in enumerate(units) if ("membership" in u.kinds))
            later = self._states_in(idx, after=cue)
            nxt: list[tuple[str, int]] = []
            if not later and idx + 1 < len(self.doc.sentences) and \
                    self._same_event(units, self.sent_units[idx + 1]):
                nxt = self._states_in(idx + 1)
            for state, ev in here + nxt:
                for org in orgs:
                    if self.gz.is_member(state, org, self.date_iso):
                        self.add(state, "MEMBER_OF", org, self.doc.sentences[ev], 0.8)

    @staticmethod
    def _same_event(a: list[Unit], b: list[Unit]) -> bool:
        preds_a = {t["predicate"] for u in a for t in u.kinds.get("trigger", ())}
        preds_b = {t["predicate"] for u in b for t in u.kinds.get("trigger", ())}
        return bool(preds_a & preds_b)

    @staticmethod
    def _listed_next_to(units: list[Unit], m: Mention, a: int) -> bool:
        """m stands within a few plain words or commas of unit a, no bracket, title or
        event word between ("A, B and C, all members of X")."""
        gap = units[m.u1:a] if m.u1 <= a else units[a + 1:m.u0]
        # Other states of the same list do not count: "Latvia, Lithuania and Estonia, all".
        gap = [g for g in gap if "ent" not in g.kinds]
        if len(gap) > 5:
            return False
        return not any((g.is_punct and not g.is_comma) or ("title" in g.kinds) or ("trigger" in g.kinds)
                       for g in gap)

    def _states_in(self, j: int, after: int = -1) -> list[tuple[str, int]]:
        """States a membership statement in sentence j speaks of: those listed right next
        to the cue or the body ("A, B and C, all members of X"; "members of X, including
        A"), and those taking part in the sentence's events (the leaders of the member
        states called ...)."""
        out = []
        units = self.sent_units[j]
        cue = [k for k, u in enumerate(units) if ("membership" in u.kinds)]
        anchors = cue + [m.u0 for m in self.sent_mentions[j] if m.etype == "Organization"]
        args = self.event_args.get(j, set())
        for m in self.sent_mentions[j]:
            if m.u0 <= after:
                continue
            # "Sweden will become a member": a future between the state and the cue.
            if cue and any(("future" in units[q].kinds) for q in range(m.u1, max(cue[0], m.u1))):
                continue
            state = None
            if m.etype == "Country" and m.eid and m.governed not in ("topic", "in", "origin"):
                state = m.eid
            elif m.etype == "Person" and m.eid:
                for f in self.st.found:
                    if f.subj == m.eid and f.pred == "LEADER_OF" and self.etype(f.obj) == "Country":
                        state = f.obj
                        break
            if state is None:
                continue
            near = any(self._listed_next_to(units, m, a) for a in anchors)
            if near or m.eid in args:
                out.append((state, j))
        return out

    # -- output ------------------------------------------------------------------------------
    def add(self, s: str | None, pred: str, o: str | None, sent: Sentence, conf: float,
            props: dict[str, Any] | None = None) -> None:
        if not s or not o or s == o:
            return
        if self.etype(s) not in PREDICATES[pred].domain or self.etype(o) not in \
                PREDICATES[pred].range:
            return
        self.st.found.append(Found(s, pred, o, sent, conf, dict(props or {})))

    def triples(self) -> list[Triple]:
        art = self.doc.article
        out: list[Triple] = []
        seen: set[tuple[str, str, str, int]] = set()
        for f in self.st.found:
            key = (f.subj, f.pred, f.obj, f.sent.start)
            if key in seen:
                continue
            seen.add(key)
            props = dict(f.props)
            p = PREDICATES[f.pred]
            if p.cameo and "cameo" not in props:
                props["cameo"] = p.cameo
            if p.plover:
                props.setdefault("plover", "AID" if props.get("cameo") == "074" else p.plover)
            if self.date_iso:
                props.setdefault("observed", self.date_iso)
            conf = f.conf
            if f.subj in self.ambiguous or f.obj in self.ambiguous:
                conf = min(conf, AMBIGUOUS_CONFIDENCE)
            s_ent = self.entity(f.subj)
            o_ent = self.entity(f.obj)
            if s_ent is None or o_ent is None:
                continue
            out.append(Triple(
                subject=EntityRef(s_ent.id, s_ent.type, s_ent.label), predicate=f.pred,
                object=EntityRef(o_ent.id, o_ent.type, o_ent.label),
                evidence=Evidence(art.id, self.code, f.sent.text(self.doc),
                                  f.sent.start, f.sent.end),
                properties=props, confidence=round(conf, 3)))
        return out

    def entities(self) -> list[Entity]:
        ids = set(self.st.mentions)
        for f in self.st.found:
            ids.update((f.subj, f.obj))
        out = []
        for eid in sorted(ids):
            e = self.entity(eid)
            if e is None:
                continue
            # Names are shared with the gazetteer, not copied: records are read-only here
            # and kg.pipeline.merge_entities copies what it changes.
            out.append(Entity(e.id, e.type, e.label, e.labels, e.aliases, e.wikidata,
                              e.subtype, self.st.mentions.get(eid, 0)))
        return out


def _role_ok(have: dict[str, Any], role: str | None, portfolio: str | None) -> bool:
    if portfolio and have.get("portfolio") and have.get("portfolio") != portfolio:
        return False
    return not (role and have.get("role") and role not in ("president", "head") and
                have.get("role") != role)


def _role_props(role: dict[str, Any]) -> dict[str, Any]:
    out = {}
    if role.get("role"):
        out["role"] = role["role"]
    if role.get("portfolio"):
        out["portfolio"] = role["portfolio"]
    return out


def _more_specific(w: Unit, role: dict[str, Any]) -> bool:
    new = w.first("title")
    return bool(new and new.get("predicate") == role.get("predicate") and
                (new.get("portfolio") or new.get("role")) and not role.get("portfolio"))


def _plural_title(u: Unit, plural_endings: frozenset[str]) -> bool:
    """A title in the plural ("Presidents of Russia and the US ..."), from the lexicon's
    ``plural`` flag or, where stemming hides it, the language's plural ending."""
    if any(t.get("plural") for t in u.kinds.get("title", ())):
        return True
    return u.text[-1:] in plural_endings

