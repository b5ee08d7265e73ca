"""Rules + NER combination (kgbuild/extract/combine.py, issue 8).

Most tests give :func:`combine` the model's spans by hand, so they test the
policy and not the model (which is retrained from time to time); the tests
that run the shipped model say so in their names (``_model_``)."""
from __future__ import annotations

import random

import pytest
from rdflib.namespace import PROV, RDF

from conftest import CORPUS, needs_shared
from kgbuild.extract.combine import DEFAULT, combine, model_name
from kgbuild.ingest import article_from_text
from kgbuild.model import ORGANIZATION, PERSON, PLACE, Extraction, Span
from kgbuild.pipeline import extract_article


def _art(text: str, lang: str = "ar"):
    return article_from_text(text, "t1", "t1", lang=lang)


def _spans(text: str, *pieces: tuple[str, str], start: int = 0) -> list[tuple[int, int, str]]:
    """Model spans for the first occurrence (from ``start``) of each piece."""
    out = []
    for piece, typ in pieces:
        b = text.index(piece, start)
        out.append((b, b + len(piece), typ))
    return out


def _by_label(x: Extraction, label: str):
    (ent,) = [e for e in x.entities.values() if e.label == label]
    return ent


# Real-looking short texts (written for these tests).
AR = "وقال سيرجي لافروف إن المحادثات كانت مثمرة، وأضاف لافروف أن موسكو مستعدة للحوار."
AR_RULES = "استقبل وزير الخارجية فيصل المقداد في دمشق اليوم الكاتب أمين معلوف، وقال معلوف إن الزيارة مهمة."


def test_combine_default_is_off():
    """The model is opt-in (README: it makes extraction about five times slower)."""
    assert DEFAULT is False
    x = extract_article(_art(AR_RULES))
    assert x.model_mentions == {}
    assert "+" not in x.extractor


def test_combine_new_person_and_family_name():
    """A multi-word model person the rules missed becomes an entity keyed as
    the rules key theirs; its family name alone later is a further mention."""
    art = _art(AR)
    x = combine(Extraction(article=art, extractor="r"), _spans(AR, ("سيرجي لافروف", "PER"))
                + _spans(AR, ("لافروف", "PER"), start=20))
    ent = _by_label(x, "سيرجي لافروف")
    assert ent.type == PERSON and ent.key == "Person:سيرجي لافروف"
    assert [(m.begin, m.end, m.text) for m in ent.mentions] == [(5, 17, "سيرجي لافروف"), (49, 55, "لافروف")]
    assert x.model_mentions == {(5, 17): "kgbuild.ner.ar", (49, 55): "kgbuild.ner.ar"}
    assert x.extractor == "r+kgbuild.ner.ar"


def test_combine_one_word_person_alone_is_dropped():
    """A one-word person that is no known person's family name makes nothing."""
    art = _art(AR)
    x = combine(Extraction(article=art), [(49, 55, "PER")])
    assert x.entities == {} and x.model_mentions == {}


def test_combine_rules_win_on_overlap():
    """A model span inside, over or across a rule mention adds nothing: the
    rule keeps its type, boundaries and mentions."""
    art = _art(AR_RULES)
    rules = extract_article(art)
    before = {k: (e.type, e.label, list(e.mentions)) for k, e in rules.entities.items()}
    b = AR_RULES.index("المقداد")
    spans = [(b, b + len("المقداد"), "PER"),                       # inside the rule's name
             (AR_RULES.index("وزير"), b + len("المقداد"), "PER"),  # over title and name
             (AR_RULES.index("دمشق"), AR_RULES.index("دمشق") + 4, "ORG")]  # the rule's place, another type
    x = combine(rules, spans)
    assert {k: (e.type, e.label, list(e.mentions)) for k, e in x.entities.items()} == before
    assert x.model_mentions == {}


def test_combine_rules_output_untouched_with_model(tmp_path):
    """With the shipped model on: every rule entity keeps its mentions,
    memberships and events are the rules' own, and model mentions overlap no
    rule mention."""
    art = _art(AR_RULES)
    rules = extract_article(art)
    x = extract_article(art, ner=True)
    for k, e in rules.entities.items():
        assert set(e.mentions) <= set(x.entities[k].mentions)
        assert (x.entities[k].type, x.entities[k].label) == (e.type, e.label)
    assert [(m.person, m.role, m.organization) for m in x.memberships] == \
        [(m.person, m.role, m.organization) for m in rules.memberships]
    assert [(e.type, e.trigger, e.actors, e.recipients) for e in x.events] == \
        [(e.type, e.trigger, e.actors, e.recipients) for e in rules.events]
    rule_spans = [(m.begin, m.end) for e in rules.entities.values() for m in e.mentions]
    for b, e in x.model_mentions:
        assert not any(rb < e and b < re_ for rb, re_ in rule_spans)


def test_combine_model_adds_unannounced_person():
    """The shipped Arabic model finds a person the rules miss (no title, no
    gazetteer entry): "أمين معلوف", and "معلوف" later goes to him."""
    x = extract_article(_art(AR_RULES), ner=True)
    ent = _by_label(x, "أمين معلوف")
    assert [m.text for m in ent.mentions] == ["أمين معلوف", "معلوف"]
    assert all((m.begin, m.end) in x.model_mentions for m in ent.mentions)
    assert _by_label(x, "فيصل المقداد").type == PERSON  # the rules' person is still there


def test_combine_model_mention_of_rule_entity_elsewhere():
    """A model mention of a name the rules found elsewhere goes to the rules'
    entity (name key equal), whatever type the model gives it."""
    from kgbuild.model import Entity
    from kgbuild.text import name_key

    text = "استقبل وزير الخارجية فيصل المقداد وفدا. وقال فيصل المقداد إن اللقاء مثمر."
    first, second = text.index("فيصل المقداد"), text.index("فيصل المقداد", 30)
    rule = Entity(key=f"{PERSON}:{name_key('فيصل المقداد')}", type=PERSON, label="فيصل المقداد",
                  mentions=[Span(first, first + 12, "فيصل المقداد")])
    x = combine(Extraction(article=_art(text), entities={rule.key: rule}), [(second, second + 12, "ORG")])
    assert list(x.entities) == [rule.key]
    assert rule.type == PERSON and rule.mentions == [Span(first, first + 12, "فيصل المقداد"),
                                                     Span(second, second + 12, "فيصل المقداد")]
    assert x.model_mentions == {(second, second + 12): "kgbuild.ner.ar"}


@pytest.mark.parametrize("piece, typ", [
    ("الله", "MISC"),              # MISC is dropped
    ("ولي ولي العهد", "PER"),      # a role title, not a name
    ("لسمو ولي العهد", "PER"),     # honorific + role
    ("الشيشاني", "PER"),           # a nationality adjective
    ("يناير", "LOC"),              # a month
    ("إم تي", "ORG"),              # spelled-out letters
])
def test_combine_junk_dropped(piece, typ):
    text = f"قال {piece} في بيان ، والحمد لله."
    x = combine(Extraction(article=_art(text)), _spans(text, (piece, typ)))
    assert x.entities == {}, piece


def test_combine_trims_honorific_and_clitic():
    """Honorifics are cut from the span; an attached و is cut from label and
    mention when the name stands without it elsewhere."""
    text = "وحضر الحفل معالي مساعد البراك وناهدة سبحان. وشكرت ناهدة سبحان الحضور."
    # a span taking in the honorific
    b = text.index("معالي")
    x = combine(Extraction(article=_art(text)), [(b, b + len("معالي مساعد البراك"), "PER")])
    ent = _by_label(x, "مساعد البراك")
    assert [(m.begin, m.end) for m in ent.mentions] == [(text.index("مساعد"), text.index("مساعد") + 12)]
    b = text.index("وناهدة")
    x = combine(Extraction(article=_art(text)), [(b, b + len("وناهدة سبحان"), "PER")])
    ent = _by_label(x, "ناهدة سبحان")
    assert ent.mentions[0].text == "ناهدة سبحان"


def test_combine_place_linked_and_country_typed():
    """A model place is linked to GeoNames like a rule place; a country the
    model calls an organisation is a Place with the lexicon's label."""
    text = "وصل الوفد إلى جنيف أمس، وقالت فرنسا إنها ترحب."
    x = combine(Extraction(article=_art(text)), _spans(text, ("جنيف", "LOC"), ("فرنسا", "ORG")))
    geneva = _by_label(x, "جنيف")
    assert geneva.type == PLACE and geneva.geonames == 2660646 and geneva.country == "CH"
    france = _by_label(x, "فرنسا")
    assert france.type == PLACE and france.place_kind == "Country" and france.country == "FR"


def test_combine_one_word_org_needs_lexicon():
    """A one-word organisation makes an entity only when a lexicon knows it;
    a multi-word one needs an organisation head word."""
    text = "وأعلنت شركة غازبروم وبنك الراجحي ويونيسف أن مجموعة السودة ستنظم الحفل."
    x = combine(Extraction(article=_art(text)),
                _spans(text, ("غازبروم", "ORG"), ("بنك الراجحي", "ORG"), ("يونيسف", "ORG"),
                       ("السودة", "ORG")))
    labels = {e.label for e in x.entities.values()}
    assert "غازبروم" not in labels and "السودة" not in labels
    assert "بنك الراجحي" in labels
    assert any(e.wikidata for e in x.entities.values() if e.type == ORGANIZATION) or "يونيسف" not in labels


def test_combine_english_policy():
    """English: a lower-case common word alone is no name; a title before a
    name is trimmed; a one-word person goes to the person it names."""
    text = "State Councilor Wang Yi met the press. Yi said the News was good. Latest News follows."
    art = _art(text, "en")
    b = text.index("State")
    x = combine(Extraction(article=art), [(b, text.index(" met"), "PER"), (text.index("Yi said"),
                                                                           text.index("Yi said") + 2, "PER"),
                                          (text.index("News"), text.index("News") + 4, "ORG")])
    wang = _by_label(x, "Wang Yi")
    assert [m.text for m in wang.mentions] == ["Wang Yi", "Yi"]
    assert len(x.entities) == 1
    assert x.model_mentions[(wang.mentions[0].begin, wang.mentions[0].end)] == model_name("en")


def test_combine_rdf_provenance():
    """Model mentions are prov:wasAttributedTo the model agent; an entity
    found only by the model is too; rule entities and mentions are not."""
    from kgbuild.pipeline import build_dataset
    from kgbuild.rdf import ID, merged_graph

    x = extract_article(_art(AR_RULES), ner=True)
    g = merged_graph(build_dataset([x]))
    agent = ID["agent/kgbuild.ner.ar"]
    assert (agent, RDF.type, PROV.SoftwareAgent) in g
    attributed = set(g.subjects(PROV.wasAttributedTo, agent))
    mentions = {s for s in attributed if "#char=" in str(s)}
    assert {(int(str(m).split("=")[1].split(",")[0])) for m in mentions} == {b for b, _e in x.model_mentions}
    ents = attributed - mentions
    rule_people = {s for s in ents if "mqdad" in str(s)}
    assert ents and not rule_people


def test_combine_output_conforms_to_shapes():
    """The graph with model entities and the agent conforms to the shipped
    SHACL shapes (the agent's label is language-tagged like every label)."""
    from kgbuild.pipeline import build_dataset
    from kgbuild.validate import validate

    x = extract_article(_art(AR_RULES), ner=True)
    assert x.model_mentions
    report = validate(build_dataset([x]))
    assert report.conforms, report.text()


def test_combine_random_spans_never_break():
    """Arbitrary spans (out of range, empty, inside words, of any type) never
    raise, and every added mention is a real, non-overlapping slice."""
    rng = random.Random(8)
    for text, lang in ((AR_RULES, "ar"), (AR, "ar"), ("Wang Yi met Tom Hanks in Paris, said the BBC.", "en")):
        for _ in range(40):
            spans = []
            for _ in range(rng.randint(0, 6)):
                b = rng.randint(-3, len(text) + 3)
                spans.append((b, b + rng.randint(-2, 25), rng.choice(["PER", "ORG", "LOC", "MISC", "X"])))
            x = combine(extract_article(_art(text, lang)), spans)
            for e in x.entities.values():
                for m in e.mentions:
                    assert text[m.begin:m.end] == m.text


def test_combine_cli_switch(tmp_path):
    """--ner/--no-ner on extract (and the option exists on build and eval)."""
    from typer.testing import CliRunner

    from kgbuild.cli import app

    src = tmp_path / "a.txt"
    src.write_text(AR_RULES, encoding="utf-8")
    runner = CliRunner()
    off = runner.invoke(app, ["extract", str(src), "-f", "nt"])
    on = runner.invoke(app, ["extract", str(src), "-f", "nt", "--ner"])
    assert off.exit_code == 0 and on.exit_code == 0, on.output
    assert "wasAttributedTo" not in off.output and "wasAttributedTo" in on.output
    for cmd in ("build", "extract", "eval"):
        res = runner.invoke(app, [cmd, "--help"], terminal_width=200)
        assert "--ner" in res.output and "--no-ner" in res.output


@needs_shared()
@pytest.mark.parametrize("lang", ["ar", "en"])
def test_combine_dev_recall_rises_relations_hold(lang):
    """Issue 8 on the dev sets: with the model, entity recall does not fall
    (Arabic: rises), membership and event F1 do not fall."""
    import functools

    from kgbuild.evaluate import evaluate

    gold = CORPUS / lang / "gold.jsonl"
    if not gold.is_file():
        pytest.skip(f"gold file not found: {gold}")
    # issue 8's claim is about the combination over the rule extractor (the learned pipeline's names
    # CRF does not take the NER model's spans as proposals yet)
    from kgbuild.extract import DEFAULT_RULES, get_extractor
    from kgbuild.extract.combine import model_spans

    rules = get_extractor(DEFAULT_RULES[lang])

    def with_model(article):
        return combine(rules.extract(article), model_spans(article.text, article.lang))

    off = evaluate(gold, rules.extract).counts
    on = evaluate(gold, with_model).counts
    ent = ("persons", "organizations", "places")
    assert sum(on[k].tp for k in ent) >= sum(off[k].tp for k in ent)
    if lang == "ar":
        assert sum(on[k].tp for k in ent) > sum(off[k].tp for k in ent)
    for k in ("memberships", "events"):
        assert on[k].f1 >= off[k].f1, k
