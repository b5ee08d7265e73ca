"""Issue 16, one node per thing: the identity rules of kgbuild.resolve (in one
article, across a batch or store, places named after places, bodies every
state has), and the cross-article identity of a build of the seed and the
Arabic dev and train sets measured against the gold (scripts/check_identity.py).
"""
from __future__ import annotations

import importlib.util
import sys

import pytest
from rdflib import URIRef

from conftest import CORPUS, ROOT, needs_shared
from kgbuild.model import ORGANIZATION, PERSON, PLACE, Article, Entity, Event, Extraction, Membership, Span
from kgbuild.extract.identity import merge_in_article, national_body, split_place_part
from kgbuild.rdf import entity_iri
from kgbuild.resolve import org_merges, person_merges, spelling_variant
from kgbuild.text import org_key

P = "https://w3id.org/kgbuild/id/person/"


def _script(name: str):
    """A script of scripts/ as a module (registered: its dataclasses need it)."""
    mod_name = f"_kgb_{name}"
    if mod_name not in sys.modules:
        spec = importlib.util.spec_from_file_location(mod_name, ROOT / "scripts" / f"{name}.py")
        mod = importlib.util.module_from_spec(spec)
        sys.modules[mod_name] = mod
        spec.loader.exec_module(mod)
    return sys.modules[mod_name]


# ---------------------------------------------------------------- person rules

def test_resolve_one_name_spelt_three_ways_is_one_person():
    """"Sergey Lavrov", "سيرغي لافروف" and "سيرجي لافروف" each match the two
    others (transliteration, a spelling variant of persons sharing a post):
    not a choice between two people but one person, merged into one IRI
    (the dev build had kept three once the Arabic variants shared a post).
    Two candidates that do not match each other stay ambiguous."""
    en, ar1, ar2 = URIRef(P + "sergey-lavrov"), URIRef(P + "syrghy-lafrwf"), URIRef(P + "syrjy-lafrwf")
    ru = URIRef("https://w3id.org/kgbuild/id/country/RU")
    labels = {en: [("Sergey Lavrov", "en")], ar1: [("سيرغي لافروف", "ar")], ar2: [("سيرجي لافروف", "ar")]}
    got = person_merges(labels, {en: {ru}, ar1: {ru}, ar2: {ru}})
    assert got == {ar1: (en, "translit"), ar2: (en, "translit")}, got
    a, b, c = URIRef(P + "a"), URIRef(P + "b"), URIRef(P + "c")
    two = {a: [("Ali Hassan", "en")], b: [("علي حسن", "ar")], c: [("علي حسين", "ar")]}
    assert person_merges(two, {}) == {}


def test_resolve_first_last_needs_a_shared_post_or_article():
    short, full = URIRef(P + "jubeir"), URIRef(P + "jubeir-full")
    labels = {short: [("عادل الجبير", "ar")], full: [("عادل بن أحمد الجبير", "ar")]}
    assert person_merges(labels, {}, None, {}) == {}
    gov = URIRef("https://w3id.org/kgbuild/id/org/government-SA")
    assert person_merges(labels, {short: {gov}, full: {gov}}) == {short: (full, "first-last")}
    assert person_merges(labels, {}, None, {short: {"a1"}, full: {"a1", "a2"}}) == {short: (full, "first-last")}
    # two longer names of the same first and last word: ambiguous, left alone
    other = URIRef(P + "jubeir-other")
    labels[other] = [("عادل بن محمد الجبير", "ar")]
    assert person_merges(labels, {short: {gov}, full: {gov}, other: {gov}}) == {}


def test_resolve_spelling_variants_of_one_language():
    a, b = URIRef(P + "a"), URIRef(P + "b")
    assert person_merges({a: [("دونالد ترامب", "ar")], b: [("دونالد ترمب", "ar")]}, {}) == {b: (a, "variant")}
    # a short word that differs (three consonants: سرج) takes a shared post or article
    lavrov = {a: [("سيرغي لافروف", "ar")], b: [("سيرجي لافروف", "ar")]}
    assert person_merges(lavrov, {}) == {}
    ru = URIRef("https://w3id.org/kgbuild/id/org/government-RU")
    assert person_merges(lavrov, {a: {ru}, b: {ru}}) == {b: (a, "variant")}
    assert person_merges({a: [("محمود علي", "ar")], b: [("محمود علوي", "ar")]}, {}) == {}
    # given names that differ by a long vowel are two names; so are family names with the article
    assert spelling_variant("أحمد سعد", "أحمد سعيد", "ar") is False
    assert spelling_variant("محمد علي", "محمود علي", "ar") is False
    assert spelling_variant("خالد السعدي", "خالد السعيدي", "ar") is False
    assert person_merges({a: [("أحمد سعد", "ar")], b: [("أحمد سعيد", "ar")]}, {}) == {}
    assert spelling_variant("جوزف بلاتر", "جوزيف بلاتر", "ar") is True


def test_resolve_merge_in_article_short_name_and_venue_adjective():
    text = "أكد أحمد بن سلطان الفعر أن أحمد الفعر زار قاعدة العند الجوية ثم قاعدة العند."
    x = Extraction(Article(id="t", text=text))

    def ent(key, etype, label):
        b = text.index(label)
        x.entities[key] = Entity(key=key, type=etype, label=label, mentions=[Span(b, b + len(label), label)])

    ent("P1", PERSON, "أحمد بن سلطان الفعر")
    ent("P2", PERSON, "أحمد الفعر")
    ent("L1", PLACE, "قاعدة العند الجوية")
    x.entities["L2"] = Entity(key="L2", type=PLACE, label="قاعدة العند",
                              mentions=[Span(text.rindex("قاعدة العند"), text.rindex("قاعدة العند") + 11, "قاعدة العند")])
    x.events.append(Event(type="Visit", trigger=Span(0, 3, "أكد"), status="Occurred", actors=["P2"], place="L2"))
    x.memberships.append(Membership("P2", "L1", "official", "", {}, Span(0, 3, "أكد")))
    assert merge_in_article(x) == [("P2", "P1"), ("L2", "L1")]
    assert set(x.entities) == {"P1", "L1"}
    assert x.entities["P1"].alt_labels == {"أحمد الفعر"} and len(x.entities["P1"].mentions) == 2
    assert x.events[0].actors == ["P1"] and x.events[0].place == "L1"
    assert merge_in_article(x) == []  # once


def test_resolve_merge_in_article_labels_without_head_or_nationality():
    """merge_in_article merges nothing here but adds labels: "مدينة نابلس"
    (a ``same`` unit of place_parts.tsv) is also "نابلس", "منطقة القصيم"
    (``contains``) is not "القصيم"; "وكالة سبوتنيك الروسية" is also "وكالة
    سبوتنيك"; "الاتحاد السعودي" (a bare head) and "وزارة الخارجية المصرية"
    (a body every state has) keep the adjective that tells them apart."""
    text = "زار وفد من وكالة سبوتنيك الروسية والاتحاد السعودي ووزارة الخارجية المصرية مدينة نابلس ثم منطقة القصيم."
    x = Extraction(Article(id="t", text=text))
    for key, etype, label in (("O1", ORGANIZATION, "وكالة سبوتنيك الروسية"), ("O2", ORGANIZATION, "الاتحاد السعودي"),
                              ("O3", ORGANIZATION, "وزارة الخارجية المصرية"), ("L1", PLACE, "مدينة نابلس"),
                              ("L2", PLACE, "منطقة القصيم")):
        b = text.index(label)
        x.entities[key] = Entity(key=key, type=etype, label=label, mentions=[Span(b, b + len(label), label)])
    assert merge_in_article(x) == []
    alt = {k: e.alt_labels for k, e in x.entities.items()}
    assert alt == {"O1": {"وكالة سبوتنيك"}, "O2": set(), "O3": set(), "L1": {"نابلس"}, "L2": set()}, alt


def test_resolve_merge_in_article_administrative_units_and_known_bodies():
    """merge_in_article: "محافظة جدة" and "جدة", "منطقة القصيم" and
    "القصيم" are one place (the bare name kept); "منطقة الرياض" (the
    province) and "الرياض" (the city) stay two. "مجلس التعاون الخليجي"
    and "مجلس التعاون لدول الخليج العربية" (organizations.tsv) are one
    body, and so are "الحوثيون" and "الحوثيين"; the first named is kept.
    Sentences written for this test."""
    text = ("وصل الوفد إلى محافظة جدة ثم منطقة القصيم ومنطقة الرياض. وفي جدة والقصيم والرياض التقى مجلس التعاون "
            "لدول الخليج العربية الحوثيين. وقال مجلس التعاون الخليجي إن الحوثيون رفضوا.")
    x = Extraction(Article(id="t", text=text, lang="ar"))

    def ent(key, etype, label, nth=0, **kw):
        b = -1
        for _ in range(nth + 1):
            b = text.index(label, b + 1)
        x.entities[key] = Entity(key=key, type=etype, label=label, lang="ar",
                                 mentions=[Span(b, b + len(label), label)], **kw)

    ent("L1", PLACE, "محافظة جدة")
    ent("L2", PLACE, "منطقة القصيم")
    ent("L3", PLACE, "منطقة الرياض")
    ent("L4", PLACE, "جدة", 1, place_kind="City", country="SA")
    ent("L5", PLACE, "القصيم", 1)
    ent("L6", PLACE, "الرياض", 1, place_kind="City", country="SA")
    ent("O1", ORGANIZATION, "مجلس التعاون لدول الخليج العربية")
    ent("O2", ORGANIZATION, "الحوثيين")
    ent("O3", ORGANIZATION, "مجلس التعاون الخليجي")
    ent("O4", ORGANIZATION, "الحوثيون")
    x.events.append(Event(type="Meet", trigger=Span(0, 3, "وصل"), status="Occurred", actors=["O3", "O4"],
                          place="L1"))
    assert sorted(merge_in_article(x)) == [("L1", "L4"), ("L2", "L5"), ("O3", "O1"), ("O4", "O2")]
    assert sorted(x.entities) == ["L3", "L4", "L5", "L6", "O1", "O2"]
    assert x.entities["L4"].alt_labels == {"محافظة جدة"} and x.entities["O2"].alt_labels == {"الحوثيون"}
    assert x.events[0].actors == ["O1", "O2"] and x.events[0].place == "L4"
    assert merge_in_article(x) == []


def test_resolve_merge_in_article_abbreviation_and_its_name():
    """An abbreviation in capitals goes into the one organisation of the
    article whose initials are its letters, in any order (a translated
    name: "FIS", "Islamic Salvation Front"); with no such organisation it
    stays. Sentences written for this test."""
    text = ("Leaders of the Patriotic Union of Kurdistan met the Islamic Salvation Front. "
            "The PUK said the FIS and the KDP agreed.")
    x = Extraction(Article(id="t", text=text, lang="en"))
    for key, label in (("O1", "Patriotic Union of Kurdistan"), ("O2", "Islamic Salvation Front"),
                       ("O3", "PUK"), ("O4", "FIS"), ("O5", "KDP")):
        b = text.index(label)
        x.entities[key] = Entity(key=key, type=ORGANIZATION, label=label, lang="en",
                                 mentions=[Span(b, b + len(label), label)])
    assert merge_in_article(x) == [("O3", "O1"), ("O4", "O2")]
    assert sorted(x.entities) == ["O1", "O2", "O5"] and x.entities["O1"].alt_labels == {"PUK"}


# ---------------------------------------------------------------- organisations

def test_resolve_org_key_folds_a_plural_nisba():
    assert org_key("قوات الحوثيين") == org_key("قوات الحوثي") == org_key("قوات الحوثيون")
    assert entity_iri(ORGANIZATION, "قوات الحوثيين") == entity_iri(ORGANIZATION, "قوات الحوثي")
    assert org_key("مملكة البحرين") == "مملكه بحرين"  # a name ending in ين is no plural


def test_resolve_national_bodies_take_their_country():
    from kgbuild.gazetteer import get_gazetteer

    gaz = get_gazetteer()
    assert national_body("وزارة الخارجية", "ar", gaz) == ("وزاره خارجيه", None, "ministry")
    assert national_body("وزارة الخارجية السعودية", "ar", gaz) == ("وزاره خارجيه", "SA", "ministry")
    assert national_body("وزارة الدفاع الأميركية", "ar", gaz) == national_body("وزارة الدفاع الأمريكية", "ar", gaz)
    assert national_body("حكومة المملكة العربية السعودية", "ar", gaz)[1:] == ("SA", "government")
    assert national_body("Iraqi Foreign Ministry", "en", gaz) == ("foreign ministry", "IQ", "ministry")
    assert national_body("مجلس التعاون الخليجي", "ar", gaz) is None  # a proper name, not a body of each state
    assert national_body("الحكومة المؤقتة", "ar", gaz) is None


def test_resolve_national_body_without_country_joins_the_one_with_a_country():
    o = "https://w3id.org/kgbuild/id/org/"
    generic, sa, iq = URIRef(o + "moe"), URIRef(o + "moe-sa"), URIRef(o + "moe-iq")
    labels = {generic: [("وزارة التعليم", "ar")], sa: [("وزارة التعليم", "ar")]}
    assert org_merges(labels, {sa: {"SA"}}) == {generic: (sa, "national-body")}
    labels[iq] = [("وزارة التعليم العراقية", "ar")]
    assert org_merges(labels, {sa: {"SA"}, iq: {"IQ"}}) == {}  # whose? two states have one


# ---------------------------------------------------------------- places inside places

@pytest.mark.parametrize("label,lang,want", [
    ("مطار دمشق الدولي", "ar", ("دمشق", "within")),
    ("ريف حلب", "ar", ("حلب", "within")),
    ("محافظة جدة", "ar", ("جدة", "same")),
    ("منطقة نجران", "ar", ("نجران", "contains")),
    ("Damascus International Airport", "en", ("Damascus", "within")),
    ("the outskirts of Aleppo", "en", ("Aleppo", "within")),
    ("قصر العوجا", "ar", None),
])
def test_resolve_split_place_part(label, lang, want):
    assert split_place_part(label, lang) == want


@needs_shared()
def test_resolve_venue_named_after_a_city_lies_in_it():
    """ar_pages_16 of the dev set: the delegation is seen off at "مطار الخرطوم"
    (the gold marks الخرطوم optional): the airport lies in Khartoum, which
    carries its GeoNames id (379252), in the article's graph."""
    from kgbuild.ingest import read_articles
    from kgbuild.pipeline import article_ntriples, extract_article

    (art,) = [a for a in read_articles([CORPUS / "ar" / "dev.jsonl"]) if a.id == "ar_pages_16"]
    nt = article_ntriples(extract_article(art))
    airport = next(line.split()[0] for line in nt.splitlines() if '"مطار الخرطوم"@ar' in line)
    assert f"{airport} <http://schema.org/containedInPlace> <https://w3id.org/kgbuild/id/place/geonames-379252> ." in nt
    assert "<https://w3id.org/kgbuild/id/place/geonames-379252> <http://www.w3.org/2002/07/owl#sameAs> " \
           "<https://sws.geonames.org/379252/> ." in nt


# ---------------------------------------------------------------- the three-file build against the gold

THREE = [CORPUS / "ar" / "seed_qasioun_2025-01-22.txt", CORPUS / "ar" / "dev.jsonl", CORPUS / "ar" / "train.jsonl"]
GOLD = [CORPUS / "ar" / "gold.jsonl", CORPUS / "ar" / "train_gold.jsonl"]
#: What the build of THREE by the Arabic rules left when issue 16 was closed (before:
#: persons 25 splits and 1 false merge, organisations 18 and 12, places 5 and 0). Each
#: remaining one is listed by `python scripts/check_identity.py`: extraction errors (a
#: name run on into the next word, two names glued), synonyms only world knowledge
#: joins ("تنظيم داعش"/"تنظيم الدولة الإسلامية", "حركة فتح"), bodies whose country the
#: article does not say, and governorates the gold treats both ways.
#: Two of the organisations' "false merges" are one body under the names of
#: organizations.tsv that the gold of two articles does not join ("التحالف الدولي"/"التحالف
#: الدولي لمواجهة تنظيم الدولة الاسلامية"; "التحالف العربي"/"تحالف دعم الشرعية في
#: اليمن"/"تحالف عاصفة الحزم"); the same table joined "تنظيم داعش"/"تنظيم الدولة
#: الإسلامية" (2026-12-07: organisations 12 splits -> 11, 10 false merges -> 11).
MAX_SPLITS = {"Person": 9, "Organization": 11, "Place": 1}
MAX_MERGES = {"Person": 1, "Organization": 11, "Place": 2}
#: The extractor of these figures: the rules, so that they measure resolution, not the
#: learned deciders the default extractor is growing (its figures: the same script).
RULES = "kgbuild.ar.rules.v1"


@pytest.fixture(scope="module")
def three_store(tmp_path_factory):
    if not all(p.is_file() for p in THREE + GOLD):
        pytest.skip(f"shared corpus not found at {CORPUS}")
    from kgbuild.extract import DEFAULTS
    from kgbuild.pipeline import build

    out = tmp_path_factory.mktemp("three")
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(DEFAULTS, "ar", RULES)  # build() runs in this process (one worker)
        report = build(THREE, out, files=False)
    assert report.articles == 209 and not report.errors
    return out / "store", report


@needs_shared()
def test_resolve_three_file_build_against_the_gold(three_store):
    store, _report = three_store
    rep = _script("check_identity").check(store, GOLD)
    for t in ("Person", "Organization", "Place"):
        assert len(rep.splits[t]) <= MAX_SPLITS[t], rep.summary()
        assert len(rep.merges[t]) <= MAX_MERGES[t], rep.summary()
    assert rep.found["Person"] >= 370 and rep.found["Place"] >= 200
    split_names = {n for t in rep.splits for s in rep.splits[t] for n in s["names"]}
    # kinds of input fixed by issue 16: spelling variants, the name with and without the
    # father's, a governorate named after its city, a body with and without its country
    for name in ("سيرجي لافروف", "بنيامين نتنياهو", "جوزيف بلاتر", "عادل الجبير", "مساعد العيبان",
                 "أحمد بن سلطان الفعر", "جدة", "محافظة الجبيل", "قاعدة العند الجوية",
                 "وزارة الدفاع الأميركية", "حكومة المملكة العربية السعودية", "الحوثيين"):
        assert name not in split_names, rep.summary()


@needs_shared()
def test_resolve_three_file_build_duplicates_are_explained(three_store):
    """The duplicates query lists only keys whose IRIs may be one thing; on
    this build what is left is a person the extractor made of "مجلس إدارة"
    (next to the organisation of that name) and the cabinet of an article
    that does not say whose it is (two states' cabinets are in the build)."""
    from kgbuild.query import load_graph, result_rows, run_query, saved_query

    store, _report = three_store
    g = load_graph(store)
    try:
        cols, rows = result_rows(run_query(g, saved_query("duplicates")))
    finally:
        g.kg.close()
    keys = {dict(zip(cols, r))["key"] for r in rows}
    assert keys <= {"مجلس اداره", "مجلس وزراء"}, rows
    assert "عمان" not in keys  # Oman and Amman: two countries, homonyms


@needs_shared()
def test_resolve_check_identity_reads_a_trig_file_and_reports_bad_input(tmp_path):
    mod = _script("check_identity")
    from kgbuild.pipeline import build_dataset, extract_all
    from kgbuild.rdf import serialize

    trig = tmp_path / "seed.trig"
    trig.write_text(serialize(build_dataset(extract_all([THREE[0]])), "trig"), encoding="utf-8")
    rep = mod.check(trig, [CORPUS / "ar" / "seed_gold.jsonl"])
    assert rep.found["Person"] == 6 and rep.ok, rep.summary()
    assert mod.main([str(trig), str(CORPUS / "ar" / "seed_gold.jsonl")]) == 0
    bad = tmp_path / "same.tsv"
    bad.write_text("Person\tonly one name\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"same\.tsv:1: expected TYPE"):
        mod.check(trig, [CORPUS / "ar" / "seed_gold.jsonl"], bad)
    assert mod.main([str(tmp_path / "missing.ttl"), str(CORPUS / "ar" / "seed_gold.jsonl")]) == 2


# ---------------------------------------------------------------- organisation batch rules (descriptor, alias, variant)

O = "https://w3id.org/kgbuild/id/org/"


def test_resolve_org_names_of_one_known_body_are_one():
    """Rule ``known``: two articles' names of one organizations.tsv body
    ("تنظيم داعش", "تنظيم الدولة الإسلامية"; "Islamic State") are one
    organisation, merged into the smaller IRI; a body of no row, or names
    of two rows, stay apart."""
    daesh, state, en, fifa, mofa = (URIRef(O + s) for s in ("a-daesh", "b-state", "c-en", "d-fifa", "e-mofa"))
    out = org_merges({daesh: [("تنظيم داعش", "ar")], state: [("تنظيم الدولة الإسلامية", "ar")],
                      en: [("Islamic State", "en")], fifa: [("الفيفا", "ar")], mofa: [("وزارة الخارجية", "ar")]}, {})
    assert out == {state: (daesh, "known"), en: (daesh, "known")}


def test_resolve_org_named_with_and_without_its_descriptor_is_one():
    bare, militia, plural, rebels = (URIRef(O + s) for s in ("houthi", "militia", "plural", "rebels"))
    labels = {bare: [("الحوثيين", "ar")], militia: [("ميليشيا الحوثي", "ar")],
              plural: [("المليشيات الحوثية", "ar")], rebels: [("المتمردين الحوثيين", "ar")]}
    assert org_merges(labels, {}) == {militia: (bare, "descriptor"), plural: (bare, "descriptor"),
                                      rebels: (bare, "descriptor")}
    # without the bare name, the described forms of one name are still one body
    del labels[bare]
    assert org_merges(labels, {}) == {plural: (militia, "descriptor"), rebels: (militia, "descriptor")}


def test_resolve_descriptor_leaves_two_kinds_countries_and_place_names_apart():
    movement, club = URIRef(O + "shabab-movement"), URIRef(O + "shabab-club")
    assert org_merges({movement: [("حركة الشباب", "ar")], club: [("نادي الشباب", "ar")]}, {}) == {}
    paper, team = URIRef(O + "riyadh-paper"), URIRef(O + "riyadh-team")
    assert org_merges({paper: [("الرياض", "ar")], team: [("فريق الرياض", "ar")]}, {}) == {}
    sa, sy = URIRef(O + "forces-sa"), URIRef(O + "forces-sy")
    labels = {sa: [("القوات المسلحة", "ar")], sy: [("القوات المسلحة", "ar")]}
    assert org_merges(labels, {sa: {"SA"}, sy: {"SY"}}) == {}


def test_resolve_org_alias_of_another_article_and_spelling_variants():
    # (a body of organizations.tsv, FIFA, is joined by the rule "known" first; the BBC is in no table)
    bbc, short = URIRef(O + "bbc"), URIRef(O + "bbc-short")
    labels = {bbc: [("هيئة الإذاعة البريطانية", "ar")], short: [("بي بي سي", "ar")]}
    assert org_merges(labels, {}, alt_labels={bbc: [("بي بي سي", "ar")]}) == {short: (bbc, "alias")}
    fifa = URIRef(O + "fifa")
    # an acronym written with the article is another word ("الحماس", zeal, is no "حماس")
    hamas, zeal = URIRef(O + "hamas"), URIRef(O + "zeal")
    labels = {hamas: [("حركة المقاومة الإسلامية", "ar")], zeal: [("الحماس", "ar")]}
    assert org_merges(labels, {}, alt_labels={hamas: [("حماس", "ar")]}) == {}
    # an alias that is a word of the full name (an in-article short form) is no alias across articles
    club = URIRef(O + "ittihad")
    labels = {fifa: [("الاتحاد الدولي لكرة القدم", "ar")], club: [("الاتحاد", "ar")]}
    assert org_merges(labels, {}, alt_labels={fifa: [("الاتحاد", "ar")]}) == {}
    a, b = URIRef(O + "congress-a"), URIRef(O + "congress-b")
    assert org_merges({a: [("الكونغرس الأمريكي", "ar")], b: [("الكونجرس الأميركي", "ar")]}, {}) == {b: (a, "variant")}
    c, d = URIRef(O + "health"), URIRef(O + "hajj")  # four consonants differ: no variant
    assert org_merges({c: [("وزارة الصحة", "ar")], d: [("وزارة الحج", "ar")]}, {}) == {}


def test_resolve_area_named_after_an_unknown_place_is_that_place():
    """"منطقة عسير" and "قرية المفتاحة" (the gazetteer knows neither inner
    name as a city) are named by the inner name, the full name kept as an
    alternative label; an airport of an unknown town is left as it is."""
    from kgbuild.resolve import link_place_parts

    text = "وصل الوفد إلى منطقة عسير ثم زار قرية المفتاحة ومطار المفتاحة."
    x = Extraction(article=Article(id="t", text=text, lang="ar"))
    for name in ("منطقة عسير", "قرية المفتاحة", "مطار المفتاحة"):
        b = text.index(name)
        x.entities[f"{PLACE}:{name}"] = Entity(key=f"{PLACE}:{name}", type=PLACE, label=name, lang="ar",
                                              mentions=[Span(b, b + len(name), name)])
    link_place_parts(x)
    got = {k: (e.label, sorted(e.alt_labels)) for k, e in x.entities.items()}
    assert got == {f"{PLACE}:منطقة عسير": ("عسير", ["منطقة عسير"]),
                   f"{PLACE}:قرية المفتاحة": ("المفتاحة", ["قرية المفتاحة"]),
                   f"{PLACE}:مطار المفتاحة": ("مطار المفتاحة", [])}
