"""CoNLL-U read into the project's parse types: multi-word tokens, offsets given or found,
entity tags, paragraphs, and bad files named with their line. No model, no stanza."""

from __future__ import annotations

import pytest

from quotes.errors import ParseInputError
from quotes.parse.conllu_backend import read_conllu, to_conllu
from quotes.parse.ud import to_parse
from quotes.segment import paragraphs


def _row(i, form, lemma, pos, head, dep, misc="_", feats="_"):
    return "\t".join([str(i), form, lemma, pos, "_", feats, str(head), dep, "_", misc])


def _parse(conllu: str, text: str):
    sentences, model = read_conllu(conllu, "t.conllu")
    return to_parse(sentences, text, paragraphs(text), "conllu", model or "?", "t.conllu")


DU = "\n".join(
    [
        _row(1, "Il", "il", "PRON", 2, "nsubj"),
        _row(2, "parle", "parler", "VERB", 0, "root"),
        "3-4\tdu\t_\t_\t_\t_\t_\t_\t_\t_",
        _row(3, "de", "de", "ADP", 5, "case"),
        _row(4, "le", "le", "DET", 5, "det"),
        _row(5, "maire", "maire", "NOUN", 2, "obl:arg", "SpaceAfter=No"),
        _row(6, ".", ".", "PUNCT", 2, "punct"),
    ]
)


def test_words_of_a_multi_word_token_share_its_offsets():
    text = "Il parle du maire."
    parse = _parse(DU + "\n", text)
    assert [w.text for w in parse.words] == ["Il", "parle", "de", "le", "maire", "."]
    assert [text[w.start : w.end] for w in parse.words] == ["Il", "parle", "du", "du", "maire", "."]
    assert [w.dep for w in parse.words] == ["nsubj", "ROOT", "case", "det", "obl:arg", "punct"]
    assert parse.words[4].head == 1 and parse.words[1].head == 1
    assert parse.sentences == ((0, 6),)


@pytest.mark.parametrize(
    ("token", "words", "expected"),
    [
        ("du", ["de", "le"], ["du", "du"]),  # the words do not spell the token
        ("aux", ["à", "les"], ["aux", "aux"]),
        ("auquel", ["au", "quel"], ["au", "quel"]),  # they do: each gets its part
        ("vas-y", ["vas", "-y"], ["vas", "-y"]),
    ],
)
def test_multi_word_token_parts(token, words, expected):
    rows = [f"1-{len(words)}\t{token}\t_\t_\t_\t_\t_\t_\t_\t_"]
    rows += [_row(k, w, w, "X", 0 if k == 1 else 1, "dep") for k, w in enumerate(words, 1)]
    text = f"{token} !"
    parse = _parse("\n".join([*rows, _row(len(words) + 1, "!", "!", "PUNCT", 1, "punct")]), text)
    assert [text[w.start : w.end] for w in parse.words[:-1]] == expected


@pytest.mark.parametrize(
    ("text", "forms", "spans"),
    [
        ("L’Élysée a tranché.", ["L'", "Élysée", "a", "tranché", "."], "L’ Élysée a tranché ."),
        ("« Oui », dit-il.", ['"', "Oui", '"', ",", "dit", "-il", "."], "« Oui » , dit -il ."),
        (
            "Plus de 3\u202f000 voix.",
            ["Plus", "de", "3 000", "voix", "."],
            "Plus de 3\u202f000 voix .",
        ),
        ("Un  double   espace.", ["Un", "double", "espace", "."], "Un double espace ."),
    ],
)
def test_forms_are_found_in_the_text_when_no_offsets_are_given(text, forms, spans):
    rows = [_row(k, f, f, "X", 0 if k == 1 else 1, "dep") for k, f in enumerate(forms, 1)]
    parse = _parse("\n".join(rows) + "\n", text)
    assert [text[w.start : w.end] for w in parse.words] == spans.split(" ")


@pytest.mark.parametrize(
    "misc",
    ["start_char=7|end_char=12", "TokenRange=7:12", "SpaceAfter=No|start_char=7|end_char=12"],
)
def test_given_offsets_are_used(misc):
    text = "Merci. Merci."  # the form is twice in the text: the offsets say which
    conllu = "\n".join(
        [_row(1, "Merci", "merci", "INTJ", 0, "root", misc), _row(2, ".", ".", "PUNCT", 1, "punct")]
    )
    parse = _parse(conllu, text)
    assert [(w.start, w.end) for w in parse.words] == [(7, 12), (12, 13)]


def test_wrong_given_offsets_fall_back_to_the_text():
    text = "Bonjour Paris."
    conllu = "\n".join(
        [
            _row(1, "Bonjour", "bonjour", "INTJ", 0, "root", "start_char=40|end_char=47"),
            _row(2, "Paris", "Paris", "PROPN", 1, "vocative", "start_char=0|end_char=5"),
            _row(3, ".", ".", "PUNCT", 1, "punct"),
        ]
    )
    parse = _parse(conllu, text)
    assert [(w.start, w.end) for w in parse.words] == [(0, 7), (8, 13), (13, 14)]


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (["B-PER", "E-PER", "O"], ["PER", "PER", ""]),  # BIOES
        (["B-PER", "I-PER", "_"], ["PER", "PER", ""]),  # BIO
        (["S-LOC", "O", "S-ORG"], ["LOC", "", "ORG"]),
        (["PER", "PER", "O"], ["PER", "PER", ""]),  # bare types
    ],
)
def test_entity_tags(tags, expected):
    forms = ["Jean", "Dupont", "parle"]
    rows = [
        _row(k, f, f, "PROPN", 3 if k < 3 else 0, "nsubj" if k < 3 else "root", f"ner={t}")
        for k, (f, t) in enumerate(zip(forms, tags, strict=True), 1)
    ]
    assert [w.ent for w in _parse("\n".join(rows), "Jean Dupont parle").words] == expected


def test_features_are_sorted_pairs():
    conllu = _row(1, "dit", "dire", "VERB", 0, "root", feats="VerbForm=Part|Gender=Masc")
    word = _parse(conllu, "dit").words[0]
    assert word.morph == (("Gender", "Masc"), ("VerbForm", "Part"))
    assert word.feat("Gender") == "Masc"


def test_empty_nodes_and_comments_are_skipped():
    conllu = "\n".join(
        [
            "# sent_id = 1",
            "# text = Il part.",
            _row(1, "Il", "il", "PRON", 2, "nsubj"),
            _row(2, "part", "partir", "VERB", 0, "root"),
            "2.1\tva\taller\tVERB\t_\t_\t_\t_\t2:conj\t_",
            _row(3, ".", ".", "PUNCT", 2, "punct"),
        ]
    )
    assert [w.text for w in _parse(conllu, "Il part.").words] == ["Il", "part", "."]


def test_words_outside_the_paragraphs_are_left_out_and_sentences_split_at_them():
    # A parser joined the headline to the next line; the middle line was blanked
    # (boilerplate): its words go, and the sentence is cut at the paragraph break.
    source = "Titre\nPub ici\nIl dort."
    visible = "Titre\n       \nIl dort."
    rows = [
        _row(1, "Titre", "titre", "NOUN", 4, "nsubj"),
        _row(2, "Pub", "pub", "NOUN", 1, "nmod"),
        _row(3, "ici", "ici", "ADV", 2, "advmod"),
        _row(4, "Il", "il", "PRON", 5, "nsubj"),
        _row(5, "dort", "dormir", "VERB", 0, "root"),
        _row(6, ".", ".", "PUNCT", 5, "punct"),
    ]
    sentences, _ = read_conllu("\n".join(rows))
    parse = to_parse(sentences, source, paragraphs(visible), "conllu", "m")
    assert [w.text for w in parse.words] == ["Titre", "Il", "dort", "."]
    assert parse.sentences == ((0, 1), (1, 4))
    assert parse.words[0].dep == "ROOT" and parse.words[0].head == 0  # its head was elsewhere
    assert parse.words[1].head == 2 and parse.words[3].head == 2


@pytest.mark.parametrize(
    ("conllu", "message"),
    [
        ("1\tIl\til\tPRON\t_\t_\t0\troot\n", "t.conllu:1: expected 10 tab-separated fields"),
        (_row("x", "Il", "il", "PRON", 0, "root"), "t.conllu:1: bad id or head"),
        (_row(1, "Il", "il", "PRON", "y", "root"), "t.conllu:1: bad id or head"),
        (
            "# c\n" + _row(1, "Elle", "elle", "PRON", 0, "root"),
            "t.conllu:2: token 'Elle' is not in the article text at offset 0",
        ),
    ],
)
def test_bad_files_are_named_with_their_line(conllu, message):
    with pytest.raises(ParseInputError, match=message.replace(".", r"\.")):
        _parse(conllu, "Il dort.")


def test_written_parse_reads_back_the_same():
    text = "Il parle du maire.\n\nSelon elle, c'est fini."
    conllu = "\n".join([DU, "", *_selon_rows(), ""])
    parse = _parse(conllu, text)
    again = _parse(to_conllu(parse, text, [("model", "m")]), text)
    # Written as single tokens (the writer has no multi-word tokens), the words stay.
    assert [(w.text, w.start, w.end, w.dep, w.head, w.lemma) for w in again.words] == [
        (w.text, w.start, w.end, w.dep, w.head, w.lemma) for w in parse.words
    ]
    assert again.sentences == parse.sentences
    assert read_conllu(to_conllu(parse, text, [("model", "m")]))[1] == "m"


def _selon_rows():
    return [
        _row(1, "Selon", "selon", "ADP", 2, "case"),
        _row(2, "elle", "lui", "PRON", 6, "obl:mod", "SpaceAfter=No"),
        _row(3, ",", ",", "PUNCT", 2, "punct"),
        _row(4, "c'", "ce", "PRON", 6, "nsubj", "SpaceAfter=No"),
        _row(5, "est", "être", "AUX", 6, "cop"),
        _row(6, "fini", "finir", "ADJ", 0, "root", "SpaceAfter=No"),
        _row(7, ".", ".", "PUNCT", 6, "punct"),
    ]
