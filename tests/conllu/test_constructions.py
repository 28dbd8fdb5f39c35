"""Hand-annotated CoNLL-U (UD French conventions) of the constructions attribution reads
from the parse: multi-word tokens (du, au, aux, des → de le, à le, à les, de les), inverted
subjects (« …, assure X »), « -t-elle », « selon X », « d'après X », a name of another clause
hung on a role. They run with any backend's reader and no model: the rows and offsets below
come from the parse alone."""

from __future__ import annotations

import pytest

from quotes.parse.conllu_backend import ConlluBackend, read_conllu
from quotes.pipeline import parse_input, run
from tests.conllu.fixtures import CONSTRUCTIONS, READERS, articles

EXPECTED = {
    # (speaker, mention, kind, content, cue lemma)
    # a name of the next clause the parse hangs on a role as its apposition is not the role's
    "far_appos": [
        ("journaliste", "journaliste", "partial", "entachée", "demander"),
        ("Marc Garnier", "Marc Garnier", "direct", "non, elle est intacte !", "répondre"),
    ],
    "inverted": [
        ("Paul Girard", "Paul Girard", "direct", "Nous ne fermerons aucune classe", "assurer"),
        ("Paul Girard", "directeur", "direct", "Les parents seront consultés", "ajouter"),
    ],
    "mwt": [
        (
            "Jeanne Morel",
            "-t-elle",
            "direct",
            "Les travaux du lycée commenceront au printemps",
            "déclarer",
        ),
    ],
    "selon": [
        ("Marc Petit", "Marc Petit", "indirect", "la grève durera jusqu'au 12 mars", "selon"),
        (
            "organisateurs",
            "organisateurs",
            "indirect",
            "plus de 3 000 personnes ont défilé dans les rues du centre",
            "d'après",
        ),
    ],
}


@pytest.mark.parametrize("via_stanza", READERS)
def test_rows_of_the_hand_annotated_parses(rules, via_stanza):
    backend = ConlluBackend(CONSTRUCTIONS, via_stanza=via_stanza)
    for article in articles(CONSTRUCTIONS, rules):
        result = run(article, rules, backend)
        got = [
            (
                a.speaker,
                a.mention.text if a.mention else None,
                a.kind.value,
                a.span.text(article.text),
                a.cue.lemma if a.cue else None,
            )
            for a in result.attributions
        ]
        assert got == EXPECTED[article.id], article.id
        assert (result.backend, result.model) == ("conllu", _model(article.id))


def _model(article_id: str) -> str:
    return read_conllu((CONSTRUCTIONS / f"{article_id}.conllu").read_text("utf-8"))[1]


@pytest.mark.parametrize("via_stanza", READERS)
def test_every_word_maps_back_to_the_text_through_multi_word_tokens(rules, via_stanza):
    backend = ConlluBackend(CONSTRUCTIONS, via_stanza=via_stanza)
    for article in articles(CONSTRUCTIONS, rules):
        lines = (CONSTRUCTIONS / f"{article.id}.conllu").read_text("utf-8").splitlines()
        ids = [line.split("\t")[:2] for line in lines if not line.startswith("#")]
        ranges = [f for f in ids if "-" in f[0]]
        parse = backend.parse_many([parse_input(article, rules)])[0]
        shared: dict[tuple[int, int], list[str]] = {}
        for w in parse.words:
            written = article.text[w.start : w.end]
            if written.replace("’", "'") != w.text.replace("’", "'"):
                shared.setdefault((w.start, w.end), []).append(w.text)
        # Where a word is not written as such, it is a multi-word token's: exactly the
        # tokens of the file, in order, each span holding all the token's words.
        assert len(shared) == len(ranges), article.id
        for (a, b), (ids, form) in zip(sorted(shared), ranges, strict=True):
            first, last = (int(x) for x in ids.split("-"))
            assert article.text[a:b] == form
            assert len(shared[(a, b)]) == last - first + 1


def test_the_multi_word_tokens_of_the_fixture(rules):
    """« du » is one span of the text and two words of the parse: « de » then « le »."""
    (article,) = [a for a in articles(CONSTRUCTIONS, rules) if a.id == "mwt"]
    parse = ConlluBackend(CONSTRUCTIONS).parse_many([parse_input(article, rules)])[0]
    text = article.text
    pairs = [
        (text[w.start : w.end], w.text, w.pos)
        for w in parse.words
        if text[w.start : w.end] in ("du", "aux", "des", "au")
    ]
    assert pairs == [
        ("du", "de", "ADP"),
        ("du", "le", "DET"),
        ("aux", "à", "ADP"),
        ("aux", "les", "DET"),
        ("des", "de", "ADP"),
        ("des", "les", "DET"),
        ("du", "de", "ADP"),
        ("du", "le", "DET"),
        ("du", "de", "ADP"),
        ("du", "le", "DET"),
        ("au", "à", "ADP"),
        ("au", "le", "DET"),
        ("aux", "à", "ADP"),
        ("aux", "les", "DET"),
    ]
    # The words of « du » hang where the annotation says: « de » on the noun, as its case.
    de = next(w for w in parse.words if w.text == "de")
    assert parse.words[de.head].text == "conseil" and de.dep == "case"
