"""Statements across articles: the same words up to inflection, truncation, punctuation or a
partial quote inside a longer one share one id; other quotes do not."""

from __future__ import annotations

import pytest

from quotes.statements import Words, fold_words, same_statement, statement_ids


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # inflection and apostrophes
        ("jeter un pont vers l'adhésion à l’OTAN", "jettent un pont vers l’adhésion à l'OTAN"),
        # case, accents and punctuation
        ("Nous ne céderons pas, jamais !", "nous ne cederons pas jamais"),
        # a partial quote inside the longer quote or indirect content that holds it
        (
            "une ligne rouge pour la sécurité européenne",
            "il a dit que l'annexion était « une ligne rouge pour la sécurité européenne » hier",
        ),
        # truncation
        (
            "Nous devons soutenir l'Ukraine aussi longtemps qu'il le faudra, sans faiblir",
            "Nous devons soutenir l'Ukraine […] aussi longtemps qu'il le faudra, sans faiblir",
        ),
        # one word changed in a long quote
        (
            "la réforme des retraites sera votée avant la fin de l'année",
            "la réforme des retraites sera adoptée avant la fin de l'année",
        ),
    ],
)
def test_same_statement(a, b):
    assert same_statement(Words.of(a), Words.of(b))
    assert same_statement(Words.of(b), Words.of(a))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # too short to be evidence of one statement
        ("inacceptable", "inacceptable"),
        ("une honte", "c'est une honte"),
        # a run of grammar words is no statement
        ("il n'y a pas de preuve", "Il n'y a pas de projet de société, a-t-il dit"),
        # common words scattered through a long content are no shared statement
        (
            "il faut que la France et l'Europe agissent",
            "la France a rappelé que l'Europe devait selon elle que la paix et la France",
        ),
        # different statements on one topic
        (
            "la réforme des retraites sera votée avant la fin de l'année",
            "la réforme des retraites est une erreur historique pour le pays",
        ),
    ],
)
def test_different_statements(a, b):
    assert not same_statement(Words.of(a), Words.of(b))


def test_statement_ids_group_and_keep_apart():
    quotes = [
        "jeter un pont vers l'adhésion à l'OTAN",
        "inacceptable",
        "les mesures prises « jettent un pont vers l'adhésion à l'OTAN » pour l'Ukraine",
        "inacceptable",
        "une tout autre déclaration sur le budget de l'État",
    ]
    ids = statement_ids(quotes, [f"a{i}" for i in range(len(quotes))])
    assert ids[0] == ids[2]
    # Two short quotes with the same words are not matched: they keep their own ids.
    assert len({ids[0], ids[1], ids[3], ids[4]}) == 4


def test_statement_ids_depend_on_keys_not_row_count():
    first = statement_ids(["une phrase assez longue pour compter"], ["x:1:2"])
    again = statement_ids(
        ["une phrase assez longue pour compter", "autre chose de différent ici"], ["x:1:2", "y:3:4"]
    )
    assert first[0] == again[0]


def test_fold_words():
    assert fold_words("« L’Élysée a jeté »") == "l elysee a jete"


def test_a_long_row_holding_two_unrelated_partials_does_not_join_them():
    """Each partial is inside the long content, but the partials share no word: the long row
    joins one of them, never both (no statement is held together by one long row)."""
    quotes = [
        "plus de pouvoir d'achat pour les familles modestes",
        "dix milliards d'euros pour faire face aux émeutiers",
        (
            "il réclame « plus de pouvoir d'achat pour les familles modestes » et "
            "« dix milliards d'euros pour faire face aux émeutiers » dès cet hiver"
        ),
    ]
    ids = statement_ids(quotes, [f"a{i}" for i in range(len(quotes))])
    assert ids[0] != ids[1]
    assert ids[2] in (ids[0], ids[1])


def test_no_chain_of_partials_joins_rows_that_share_nothing():
    """a ~ b and b ~ c, but a and c overlap too little: a statement holds rows that match
    two by two, so c does not join a through b."""
    a = "la réforme des retraites sera votée avant la fin de l'année"
    b = "la réforme des retraites sera votée avant la fin de l'année, sans recours au 49.3"
    c = "avant la fin de l'année, sans recours au 49.3"
    words = [Words.of(x) for x in (a, b, c)]
    assert same_statement(words[0], words[1])
    assert same_statement(words[1], words[2])
    assert not same_statement(words[0], words[2])
    ids = statement_ids([a, b, c], ["a", "b", "c"])
    assert not (ids[0] == ids[1] == ids[2])
    for i, j in ((0, 1), (0, 2), (1, 2)):
        if ids[i] == ids[j]:
            assert same_statement(words[i], words[j])
