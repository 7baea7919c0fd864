"""Consistency of the country and place gazetteer (data/gazetteer/countries.yaml, places.yaml).

The matcher compiles every name into one pattern per language, so a name that two
entries share, or a place named like a country, turns into a wrong link silently. These
tests keep the hand-edited YAML honest: complete (every UN member, names and demonyms in
each language), closed (every reference resolves) and unambiguous.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from functools import cache

import pytest
import yaml

from kg import resources

LANGS = ("en", "ar", "fr", "ru")

# The 193 UN member states (ISO 3166-1 alpha-3), written out so the test does not trust
# the data it checks.
UN_MEMBERS = re.findall(
    r"[A-Z]{3}",
    """
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA
BRA BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG COD CRI CIV HRV CUB CYP CZE
PRK DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD
GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ
LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MDA MCO MNG
MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL
PRT QAT KOR ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF
SSD ESP LKA SDN SUR SWE CHE SYR TJK TZA THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR
USA URY UZB VUT VEN VNM YEM ZMB ZWE
""",
)
EXTRA_STATES = ["PSE", "VAT", "XKX", "TWN"]  # observers, plus two states news names

# Demonyms that two countries genuinely share; the resolver has to use context for them.
SHARED_DEMONYMS = {
    frozenset({"COD", "COG"}): {
        "congolese",
        "congolais",
        "congolaise",
        "congolaises",
        "конголезский",
        "конголезская",
        "конголезское",
        "конголезские",
        "конголезец",
        "конголезцы",
        "كونغولي",
        "كونغوليه",
        "كونغوليون",
        "كونغوليين",
    },
}

AR_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
AR_SCRIPT = re.compile(r"^[\u0621-\u064a ()\-'.]+$")
CYRILLIC = re.compile(r"^[\u0400-\u04ff0-9 ()\-—'’.,]+$")
SUBTYPES = {"city", "region", "other"}

# Places that international news names often; the gazetteer must know every one.
NEWS_PLACES = re.findall(
    r"\S+",
    """
aleppo idlib homs mosul basra erbil benghazi misrata aden hodeidah kharkiv donetsk luhansk
mariupol odesa zaporizhzhia kherson sevastopol gaza-city rafah khan-younis jenin hebron
jerusalem tel-aviv haifa sochi st-petersburg kazan astana almaty aktau zhanaozen shymkent
bishkek osh dushanbe khujand tashkent samarkand davos geneva munich brussels the-hague
strasbourg sharm-el-sheikh doha jeddah mecca riyadh dubai abu-dhabi khartoum omdurman el-fasher
goma maputo pemba lviv bakhmut avdiivka kursk belgorod cabo-delgado-province mangystau-region
donetsk-oblast kursk-oblast crimea gaza-strip west-bank nagorno-karabakh abkhazia south-ossetia
transnistria xinjiang tibet hong-kong macau bavaria texas california kurdistan-region tigray-region
""",
)


def _load(name: str) -> list[dict]:
    data = yaml.load(resources.read_text("data", "gazetteer", name), Loader=yaml.CSafeLoader)
    assert isinstance(data, list), f"{name} must be a list of entries"
    return data


@cache
def countries() -> list[dict]:
    return _load("countries.yaml")


@cache
def places() -> list[dict]:
    return _load("places.yaml")


def fold(text: str, lang: str) -> str:
    """A collision key at least as loose as the matcher's own folding."""
    if lang == "ar":
        t = AR_MARKS.sub("", text)
        t = re.sub("[أإآٱ]", "ا", t).replace("ى", "ي").replace("ة", "ه")
        t = re.sub(r"[-\s]+", " ", t).strip()
        return " ".join(w[2:] if w.startswith("ال") and len(w) > 3 else w for w in t.split())
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c))
    t = t.casefold().replace("ё", "е").replace("’", "'").replace("‘", "'")
    return re.sub(r"[-–—\s]+", " ", t).strip(" .")


def all_strings(entry: dict, key: str):
    for lang, names in (entry.get(key) or {}).items():
        for n in names:
            yield lang, n


# --------------------------------------------------------------------------- shape


def test_ids_unique_and_well_formed():
    ids = [c["id"] for c in countries()] + [p["id"] for p in places()]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    assert not dupes, f"duplicate ids: {dupes}"
    for c in countries():
        assert re.fullmatch(r"[A-Z]{3}", c["id"]), c["id"]
    for p in places():
        assert re.fullmatch(r"loc:[a-z0-9]+(-[a-z0-9]+)*", p["id"]), p["id"]


def test_every_un_member_and_extra_state_present():
    have = {c["id"] for c in countries()}
    assert len(set(UN_MEMBERS)) == 193
    missing = sorted(set(UN_MEMBERS + EXTRA_STATES) - have)
    assert not missing, f"countries missing: {missing}"
    assert len(countries()) >= 197


def test_un_member_list_matches_iso():
    pycountry = pytest.importorskip("pycountry")
    for code in UN_MEMBERS:
        assert pycountry.countries.get(alpha_3=code) is not None, code


def test_country_fields():
    for c in countries():
        assert c.get("label"), c["id"]
        if "wikidata" in c:
            assert re.fullmatch(r"Q\d+", c["wikidata"]), c["id"]
        for lang in LANGS:
            assert c["names"].get(lang), f"{c['id']} has no {lang} name"
            assert c["demonyms"].get(lang), f"{c['id']} has no {lang} demonym"


def test_place_fields():
    for p in places():
        assert p.get("label"), p["id"]
        assert p["subtype"] in SUBTYPES, p["id"]
        assert isinstance(p["capital"], bool), p["id"]
        assert p["names"].get("en"), f"{p['id']} has no English name"
        for lang in p["names"]:
            assert lang in LANGS, f"{p['id']}: unknown language {lang}"


# --------------------------------------------------------------------------- references


def test_capitals_resolve_to_capital_cities_of_the_same_country():
    by_id = {p["id"]: p for p in places()}
    seen = set()
    for c in countries():
        cap = by_id.get(c["capital"])
        assert cap is not None, f"{c['id']}: capital {c['capital']} is not a place"
        assert cap["capital"] is True, f"{c['capital']} is not flagged capital"
        assert cap["country"] == c["id"], f"{c['capital']} is not in {c['id']}"
        assert c["capital"] not in seen, f"{c['capital']} is the capital of two countries"
        seen.add(c["capital"])
    flagged = {p["id"] for p in places() if p["capital"]}
    assert flagged == seen, f"flagged capital but no country's: {sorted(flagged - seen)}"


def test_in_and_country_references_resolve():
    by_id = {p["id"]: p for p in places()}
    iso = {c["id"] for c in countries()}
    for p in places():
        assert p["country"] in iso, f"{p['id']}: unknown country {p['country']}"
        if p["in"] is None:
            continue
        parent = by_id.get(p["in"])
        assert parent is not None, f"{p['id']}: 'in' {p['in']} is not a place"
        assert parent["subtype"] != "city", f"{p['id']} is inside a city"
        assert parent["country"] == p["country"], f"{p['id']} is in another country's region"
        assert parent["id"] != p["id"]


def test_cities_sit_in_their_listed_region():
    by_id = {p["id"]: p for p in places()}
    assert by_id["loc:aktau"]["in"] == "loc:mangystau-region"
    assert by_id["loc:zhanaozen"]["in"] == "loc:mangystau-region"
    assert by_id["loc:almaty"]["in"] is None
    assert by_id["loc:donetsk"]["in"] == "loc:donetsk-oblast"
    assert by_id["loc:pemba"]["in"] == "loc:cabo-delgado-province"
    assert by_id["loc:crimea"]["country"] == "UKR"
    assert by_id["loc:gaza-strip"]["country"] == "PSE"
    assert by_id["loc:nagorno-karabakh"]["country"] == "AZE"


# --------------------------------------------------------------------------- ambiguity


def test_no_name_belongs_to_two_countries():
    owner: dict[tuple[str, str], str] = {}
    for c in countries():
        for lang, n in all_strings(c, "names"):
            key = (lang, fold(n, lang))
            assert owner.setdefault(key, c["id"]) == c["id"], (
                f"{lang} name {n!r} is listed for {owner[key]} and {c['id']}"
            )


def test_demonyms_are_not_shared_unless_documented():
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    names = {
        (lang, fold(n, lang)): c["id"] for c in countries() for lang, n in all_strings(c, "names")
    }
    for c in countries():
        for lang, n in all_strings(c, "demonyms"):
            key = (lang, fold(n, lang))
            owners[key].add(c["id"])
            other = names.get(key)
            assert other in (None, c["id"]), (
                f"{lang} demonym {n!r} of {c['id']} is a name of {other}"
            )
    for (lang, key), who in owners.items():
        if len(who) > 1:
            allowed = SHARED_DEMONYMS.get(frozenset(who), set())
            assert key in {fold(w, lang) for w in allowed}, (
                f"{lang} demonym {key!r} shared by {sorted(who)}"
            )


def test_places_do_not_take_country_names_or_each_others():
    taken: dict[tuple[str, str], str] = {}
    for c in countries():
        for field in ("names", "demonyms"):
            for lang, n in all_strings(c, field):
                taken.setdefault((lang, fold(n, lang)), c["id"])
    for p in places():
        for lang, n in all_strings(p, "names"):
            key = (lang, fold(n, lang))
            prev = taken.setdefault(key, p["id"])
            assert prev == p["id"], f"{lang} name {n!r} of {p['id']} is also a name of {prev}"


def test_shared_capital_names_belong_to_the_country():
    by_id = {p["id"]: p for p in places()}
    for cap, country_name, lang in [
        ("loc:kuwait-city", "الكويت", "ar"),
        ("loc:algiers", "الجزائر", "ar"),
        ("loc:tunis", "تونس", "ar"),
        ("loc:djibouti-city", "Djibouti", "en"),
        ("loc:singapore-city", "Singapore", "en"),
        ("loc:luxembourg-city", "Luxembourg", "en"),
        ("loc:amman", "عمان", "ar"),
    ]:
        assert country_name not in by_id[cap]["names"].get(lang, []), cap
    oman = next(c for c in countries() if c["id"] == "OMN")
    assert "عمان" in oman["names"]["ar"]


# --------------------------------------------------------------------------- text


def test_arabic_has_no_diacritics_or_tatweel_and_scripts_match():
    for entry in countries() + places():
        for field in ("names", "demonyms"):
            for lang, n in all_strings(entry, field):
                assert n == n.strip() and "  " not in n, f"{entry['id']}: stray space in {n!r}"
                if lang == "ar":
                    assert not AR_MARKS.search(n), f"{entry['id']}: diacritic or tatweel in {n!r}"
                    assert AR_SCRIPT.match(n), f"{entry['id']}: non-Arabic letters in {n!r}"
                if lang == "ru":
                    assert CYRILLIC.match(n) or re.fullmatch(r"[A-Z]{2,}", n), (
                        f"{entry['id']}: non-Cyrillic letters in {n!r}"
                    )


def test_news_forms_present():
    by_id = {c["id"]: c for c in countries()}
    assert "الولايات المتحدة الأمريكية" in by_id["USA"]["names"]["ar"]
    assert "США" in by_id["USA"]["names"]["ru"]
    assert {"U.S.", "US", "USA", "America"} <= set(by_id["USA"]["names"]["en"])
    assert {"UK", "Britain"} <= set(by_id["GBR"]["names"]["en"])
    assert {"قيرغيزي", "قرغيزي"} <= set(by_id["KGZ"]["demonyms"]["ar"])
    assert {"كازاخي", "كازاخستاني"} <= set(by_id["KAZ"]["demonyms"]["ar"])
    assert {"Kazakh", "Kazakhstani"} <= set(by_id["KAZ"]["demonyms"]["en"])
    assert {"российский", "россиянин", "россияне"} <= set(by_id["RUS"]["demonyms"]["ru"])
    assert {"française", "françaises"} <= set(by_id["FRA"]["demonyms"]["fr"])
    assert by_id["RUS"]["label"] == "Russia" and by_id["CIV"]["label"] == "Ivory Coast"


# --------------------------------------------------------------------------- coverage


def test_counts():
    assert len(countries()) >= 197
    cities = [p for p in places() if p["subtype"] == "city"]
    assert len(cities) >= 400, len(cities)
    assert len(places()) >= 1500, len(places())


def test_news_places_present():
    ids = {p["id"] for p in places()}
    missing = [s for s in NEWS_PLACES if f"loc:{s}" not in ids]
    assert not missing, f"places missing: {missing}"


@pytest.mark.parametrize(
    "country,minimum",
    [
        ("KAZ", 17),
        ("RUS", 80),
        ("UKR", 25),
        ("SYR", 14),
        ("IRQ", 18),
        ("YEM", 21),
        ("LBY", 22),
        ("SDN", 18),
        ("EGY", 27),
        ("SAU", 13),
        ("IRN", 31),
        ("TUR", 81),
        ("AFG", 34),
        ("MOZ", 10),
        ("ETH", 11),
        ("SOM", 18),
        ("MLI", 10),
        ("NGA", 37),
        ("COD", 25),
        ("KGZ", 7),
        ("TJK", 4),
        ("ARM", 10),
        ("GEO", 12),
        ("MDA", 34),
        ("BLR", 6),
        ("USA", 50),
        ("CHN", 29),
        ("DEU", 13),
    ],
)
def test_focus_countries_have_their_regions_in_four_languages(country, minimum):
    regions = [
        p for p in places() if p["country"] == country and p["subtype"] in ("region", "other")
    ]
    assert len(regions) >= minimum, f"{country}: {len(regions)} regions"
    for lang in ("en", "ru"):
        bare = [p["id"] for p in regions if not p["names"].get(lang)]
        assert not bare, f"{country} regions without {lang} names: {bare}"


def test_every_country_with_iso_subdivisions_has_regions():
    pycountry = pytest.importorskip("pycountry")
    have = defaultdict(int)
    for p in places():
        if p["subtype"] in ("region", "other"):
            have[p["country"]] += 1
    for code in UN_MEMBERS:
        a2 = pycountry.countries.get(alpha_3=code).alpha_2
        subs = [
            s
            for s in pycountry.subdivisions.get(country_code=a2) or []
            if s.parent_code is None
            and s.type not in ("Local council", "Island council", "Municipality")
        ]
        if len(subs) >= 5:
            assert have[code] >= 1, f"{code} has ISO 3166-2 subdivisions but no regions listed"
