"""Cross-article linking on hand-built article speakers: no parser needed.

Most names here are invented, so that the mechanism, not rules/speakers.toml, is what
merges them; the dated-role cases use the real file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from quotes.link import link, person_name, role_bag, same_given, slug
from quotes.rules import load_rules
from quotes.types import (
    Article,
    ArticleResult,
    ArticleSpeaker,
    Attribution,
    QuoteKind,
    Span,
    SpeakerKind,
)

RULES = load_rules()
NO_DIRECTORY = dataclasses.replace(RULES, speakers=())


def _person(*names: str, gender: str | None = None) -> ArticleSpeaker:
    return ArticleSpeaker(names[0], SpeakerKind.PERSON, names, True, gender, None)


def _role(phrase: str, lemmas: tuple[str, ...], kind=SpeakerKind.PERSON, gender=None):
    return ArticleSpeaker(phrase, kind, (phrase,), False, gender, None, lemmas)


def _results(*speakers: ArticleSpeaker, dates=None) -> list[ArticleResult]:
    """One article per speaker, each with one quote by it."""
    out = []
    for k, s in enumerate(speakers):
        date = dates[k] if dates else dt.date(2024, 1, 1)
        row = Attribution(Span(0, 1), QuoteKind.DIRECT, 0, None, None, s.name, "test", 1.0, 0)
        out.append(ArticleResult(Article(f"a{k}", "x", date), (row,), (s,)))
    return out


def _ids(results, rules=NO_DIRECTORY) -> list[str]:
    linked = link(results, rules)
    return [linked.of(r.article.id, 0).id for r in results]


SAME = [
    ("Volodymyr Nomensky", "Volodymyr Nomenskyy"),  # transliteration -y
    ("Oleksandr Kovalskyy", "Oleksandr Kovalskiy"),
    ("Vladimir Kovalski", "Volodymyr Kovalsky"),  # Russian / Ukrainian first name
    ("Oleksandr Ribak", "Aleksandr Ribak"),
    ("Marc Verhoeven", "Mark Verhoeven"),
    ("Élodie Marchal", "Elodie Marchal"),  # accents
    ("Claire DUBOURG", "Claire Dubourg"),  # case
    ("Recep Tayyip Ozkan", "Tayyip Ozkan"),  # a middle name dropped
    ("Andreï Belousov", "Andrei Belooussov"),  # doubled letters, ou ~ u
    ("Sergueï Chogou", "Sergei Shogu"),  # ch ~ sh
    ("Président Paul Ardent", "Paul Ardent"),  # a title glued to the name
]

APART = [
    ("Marine Le Guen", "Jean-Marie Le Guen"),  # one surname, two people
    ("Marine Dupré", "Marion Dupré"),
    ("Paul Ardent", "Paul Ardenne"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_variants_of_one_name_are_one_speaker(a, b):
    ids = _ids(_results(_person(a), _person(b)))
    assert ids[0] == ids[1]


@pytest.mark.parametrize(("a", "b"), APART)
def test_different_people_stay_apart(a, b):
    ids = _ids(_results(_person(a), _person(b)))
    assert ids[0] != ids[1]


def test_a_surname_alone_joins_the_only_person_of_that_name():
    ids = _ids(_results(_person("Hanna Virtanen"), _person("Virtanen")))
    assert ids[0] == ids[1]


def test_a_surname_alone_shared_by_two_people_stays_apart():
    ids = _ids(_results(_person("Marine Le Guen"), _person("Jean-Marie Le Guen"), _person("Guen")))
    assert len(set(ids)) == 3


def test_canonical_name_is_the_most_common_full_form():
    results = _results(
        _person("Volodymyr Nomenko"), _person("Volodymyr Nomenko"), _person("Vladimir Nomenko")
    )
    linked = link(results, NO_DIRECTORY)
    (speaker,) = linked.speakers
    assert speaker.name == "Volodymyr Nomenko"
    assert speaker.id == "volodymyr-nomenko"
    assert speaker.variants == ("Vladimir Nomenko", "Volodymyr Nomenko")
    assert speaker.source == "text"


def test_speakers_toml_gives_name_id_and_gender():
    linked = link(_results(_person("Vladimir Zelensky"), _person("Zelenskiy")), RULES)
    assert [s.id for s in linked.speakers] == ["volodymyr-zelensky"]
    s = linked.speakers[0]
    assert (s.name, s.kind, s.gender, s.source) == ("Volodymyr Zelensky", "person", "m", "rules")


OTAN = ("secrétaire", "secrétaire", "général", "de", "le", "OTAN")
CHEF_OTAN = ("chef", "chef", "de", "le", "OTAN")
DIRIGEANT_UKRAINIEN = ("dirigeant", "dirigeant", "ukrainien")


@pytest.mark.parametrize(
    ("lemmas", "day", "expected"),
    [
        (OTAN, dt.date(2023, 5, 1), "jens-stoltenberg"),
        (OTAN, dt.date(2025, 5, 1), "mark-rutte"),
        (OTAN, dt.date(2024, 10, 1), "mark-rutte"),  # the first day in office
        (CHEF_OTAN, dt.date(2025, 5, 1), "mark-rutte"),  # a generic head
        (DIRIGEANT_UKRAINIEN, dt.date(2024, 5, 1), "volodymyr-zelensky"),
        (("ministre", "ministre"), dt.date(2025, 5, 1), None),  # no body: nobody
        (("chef", "chef"), dt.date(2025, 5, 1), None),
        (OTAN, None, None),  # no date: no holder
        (OTAN, dt.date(1990, 1, 1), None),  # nobody listed then
    ],
)
def test_a_role_is_its_holder_on_the_article_date(lemmas, day, expected):
    phrase = " ".join(lemmas[1:])
    results = _results(_role(phrase, lemmas), dates=[day])
    linked = link(results, RULES)
    speaker = linked.of("a0", 0)
    if expected is None:
        assert speaker.source == "text"
        assert speaker.name == phrase
    else:
        assert speaker.id == expected


def test_role_and_name_of_one_holder_merge_across_articles():
    results = _results(
        _role("secrétaire général de l'OTAN", OTAN),
        _person("Mark Rutte"),
        dates=[dt.date(2025, 1, 1)] * 2,
    )
    assert len(set(_ids(results, RULES))) == 1


def test_a_feminine_role_phrase_never_names_a_man():
    results = _results(_role("la secrétaire générale de l'OTAN", OTAN, gender="f"))
    assert link(results, RULES).of("a0", 0).source == "text"


def test_a_body_phrase_matches_a_body_alias_never_a_person_title():
    lemmas = ("diplomatie", "diplomatie", "ukrainien")
    org = _role("diplomatie ukrainienne", lemmas, kind=SpeakerKind.ORGANIZATION)
    person = _role(
        "ministre ukrainien des Affaires étrangères",
        ("ministre", "ministre", "ukrainien", "de", "le", "affaire", "étranger"),
    )
    linked = link(_results(org, person, dates=[dt.date(2025, 1, 1)] * 2), RULES)
    assert linked.of("a0", 0).id == "ministere-ukrainien-des-affaires-etrangeres"
    assert linked.of("a1", 0).id == "andrii-sybiha"


def test_same_unnamed_body_across_articles_is_one_speaker():
    police = ("police", "police")
    results = _results(
        _role("la police", police, SpeakerKind.ORGANIZATION),
        _role("police", police, SpeakerKind.ORGANIZATION),
    )
    assert len(set(_ids(results))) == 1


def test_gender_majority_and_split_evidence():
    a = dataclasses.replace(_person("Hanna Virtanen"), gender="f", gender_rule="gender.honorific")
    b = dataclasses.replace(_person("Hanna Virtanen"), gender="m", gender_rule="gender.role")
    linked = link(_results(a, b), NO_DIRECTORY)
    assert linked.speakers[0].gender is None  # one vote each: no guess
    linked = link(_results(a, a, b), NO_DIRECTORY)
    assert (linked.speakers[0].gender, linked.speakers[0].gender_rule) == ("f", "gender.honorific")


def test_ids_are_unique_even_when_slugs_collide():
    results = _results(
        _role("Élysée", ("Élysée", "Élysée"), SpeakerKind.ORGANIZATION),
        _role("Elysée", ("Elysée", "Elysée"), None),
    )
    ids = _ids(results)
    assert len(set(ids)) == 2


@pytest.mark.parametrize(
    ("name", "given", "surname"),
    [
        ("M. Prénom Nomsky", ("prenom",), "nomski"),
        ("M.Nomsky", (), "nomski"),
        ("Marine Le Guen", ("marine",), "guen"),
        ("Ursula von der Nom", ("ursula",), "nom"),
    ],
)
def test_person_name_parts(name, given, surname):
    p = person_name(name, RULES.titles)
    assert (p.given, p.surname) == (given, surname)


def test_given_name_compatibility():
    assert same_given(("j",), ("jean",))
    assert not same_given(("j",), ("pierre",))
    assert not same_given(("marine",), ("marion",))


def test_role_bag_folds_inflection_bodies_and_countries():
    bag = role_bag
    t = RULES.titles
    assert bag(["présidente de l'Ukraine"], t) == bag(["président", "ukrainien"], t)
    assert bag(["secrétaire général de l'Alliance atlantique"], t) == bag(
        ["secrétaire générale de l'OTAN"], t
    )


def test_slug():
    assert slug("Élisabeth N'Diaye-Roux") == "elisabeth-n-diaye-roux"


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("président de la République", "président des Républicains", False),
        ("sénatrices", "sénateur", True),
        ("Première ministre", "premier ministre", True),
        ("conseillères municipales", "conseiller municipal", True),
        ("ambassadrice", "ambassadeur", True),
        ("ministre", "ministère", False),
        ("députée", "député", True),
    ],
)
def test_role_bags_agree_up_to_gender_and_number_only(a, b, same):
    t = RULES.titles
    assert (role_bag([a], t) == role_bag([b], t)) is same
