"""Quote-mark pairing: a table of French strings, broken copy and negatives included."""

from __future__ import annotations

import pytest

from quotes.detect_quotes import detect_quotes
from quotes.segment import paragraphs

NBSP, NNBSP = "\u00a0", "\u202f"

CASES = [
    # (text, expected quote texts)
    ("« Nous devons agir », a-t-il dit.", ["Nous devons agir"]),
    ("«Nous devons agir», a-t-il dit.", ["Nous devons agir"]),
    (f"«{NBSP}Nous devons agir{NBSP}», a-t-il dit.", ["Nous devons agir"]),
    (f"«{NNBSP}Nous devons agir{NNBSP}», a-t-il dit.", ["Nous devons agir"]),
    ("“Nous devons agir”, a-t-il dit.", ["Nous devons agir"]),
    ("„Nous devons agir“, a-t-il dit.", ["Nous devons agir"]),
    ("‹ Nous devons agir ›, a-t-il dit.", ["Nous devons agir"]),
    ('"Nous devons agir", a-t-il dit.', ["Nous devons agir"]),
    # an apostrophe glued to a straight mark is not a mark: d'"imprudentes"
    (
        'les qualifiant d\'"imprudentes" et de "déstabilisantes".',
        ["imprudentes", "déstabilisantes"],
    ),
    ('les qualifiant d’"imprudentes".', ["imprudentes"]),
    # nested quotes belong to the outer quote
    (
        "« Il a parlé du « plan de victoire » hier », dit-elle.",
        ["Il a parlé du « plan de victoire » hier"],
    ),
    # broken copy: « used as a closing mark before ", admet"
    (
        "« Cela pourrait être l’hiver le plus difficile depuis 2022« , admet le chef.",
        ["Cela pourrait être l’hiver le plus difficile depuis 2022"],
    ),
    # broken copy: a stray « inside a quote closed once at the end
    (
        (
            "« La défense est importante près des frontières « L’OTAN, c’est l’absence"
            " de décisions », a-t-il déclaré."
        ),
        ["La défense est importante près des frontières « L’OTAN, c’est l’absence de décisions"],
    ),
    # a missing closing mark runs to the paragraph end and costs nothing else
    (
        "« Première citation », dit-il. « Seconde sans fin",
        ["Première citation", "Seconde sans fin"],
    ),
    # multi-paragraph speech: French reopens « at each paragraph
    (
        "« Premier paragraphe de discours.\n« Second paragraphe », a-t-il conclu.",
        ["Premier paragraphe de discours.", "Second paragraphe"],
    ),
    # negatives
    ("Aucune citation dans cette phrase.", []),
    ("» un guillemet fermant isolé.", []),
    ('Un pouce vaut 2,54 cm, noté 1" sur les plans.', []),
    ("« »", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_detect_quotes(rules, text, expected):
    quotes = detect_quotes(text, paragraphs(text), rules.marks)
    assert [text[q.span.start : q.span.end] for q in quotes] == expected


def test_multi_paragraph_flag(rules):
    text = "« Premier paragraphe.\n« Second », dit-il."
    first, second = detect_quotes(text, paragraphs(text), rules.marks)
    assert first.continues and not second.continues
    assert (first.paragraph, second.paragraph) == (0, 1)


@pytest.mark.parametrize("text", ["« a » « b » « c", '"a" "b', "« « « »", "»»»«««"])
def test_odd_marks_never_cost_other_quotes(rules, text):
    quotes = detect_quotes(text, paragraphs(text), rules.marks)
    spans = [(q.span.start, q.span.end) for q in quotes]
    assert spans == sorted(spans)
