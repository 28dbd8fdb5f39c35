"""Speaker mentions read off the parse: names, role noun phrases, pronouns, bodies, documents.

A mention is the words naming a speaker at one place; `resolve.py` turns it into a person.
"""

from __future__ import annotations

from dataclasses import dataclass

from quotes.firstnames import first_name_gender
from quotes.parse.base import Parse, Word
from quotes.rules import Titles
from quotes.types import Mention, MentionKind, Span

NOMINAL = frozenset({"NOUN", "PROPN", "PRON"})
GENDERS = {"Fem": "f", "Masc": "m"}  # the parser's Gender feature -> table value
# Dependents that belong to a role noun phrase (« secrétaire général de l'OTAN »).
_ROLE_DEPS = frozenset({"amod", "nmod", "case", "det", "flat:name", "flat", "compound", "fixed"})
_ADJ_DEPS = frozenset({"obl", "obl:arg", "obl:mod"})


@dataclass(frozen=True, slots=True)
class RoleSignature:
    """What a role noun phrase says: its head lemma and its content modifiers."""

    head: str
    modifiers: frozenset[str]
    gender: str | None
    complement: bool = False  # a noun or name complement (« de l'OTAN »), not only adjectives


def is_acronym(w: Word) -> bool:
    """« AFP », « BCE »: a body's initials."""
    return len(w.text) >= 2 and w.text.isupper()


def is_capitalized(w: Word) -> bool:
    return w.text[:1].isupper()


def name_run(parse: Parse, i: int, titles: Titles) -> tuple[int, int] | None:
    """The contiguous capitalised words around word `i` that form a proper name, as [a, b)."""
    key = ("name_run", i, id(titles))
    if key not in parse.memo:
        parse.memo[key] = _name_run(parse, i, titles)
    return parse.memo[key]  # type: ignore[return-value]


def _name_run(parse: Parse, i: int, titles: Titles) -> tuple[int, int] | None:
    run = _capitalised_run(parse, i, titles)
    if run is not None and run[1] - run[0] >= 3:
        run = _after_a_complement(parse, run, i)
    if run is not None and run[1] - run[0] >= 4:
        return _one_of_two_names(parse, run, i)
    if run is None or run[1] - run[0] != 1:
        return run
    _, hi = parse.sentences[parse.sentence_index[i]]
    return run[0], _institution_end(parse, run[0], hi, titles)


def _after_a_complement(parse: Parse, run: tuple[int, int], i: int) -> tuple[int, int]:
    """« la ministre du Travail Prénom Nom », « l'Italien Prénom Nom », « à Washington Prénom
    Nom »: a capitalised word after a preposition or an article, that is no first name, ends a
    complement; the name begins at the first name right after it."""
    a, b = run
    words = parse.words
    if (
        a > 0
        and words[a - 1].pos in ("ADP", "DET")
        and not first_name_gender(words[a].text)
        and _starts_full_name(parse, a + 1, b)
    ):
        return (a, a + 1) if i == a else (a + 1, b)
    return run


def _one_of_two_names(parse: Parse, run: tuple[int, int], i: int) -> tuple[int, int]:
    """« Prénom Nom Prénom2 Nom2 »: two full names glued (an interview's speaker label before
    the answer, a byline before the text) are two names; the one holding word `i`. A first
    name from the third word on, with a word after it, starts the second."""
    a, b = run
    if not first_name_gender(parse.words[a].text):
        return run
    for k in range(a + 2, b - 1):
        if first_name_gender(parse.words[k].text):
            return (a, k) if i < k else (k, b)
    return run


def _capitalised_run(parse: Parse, i: int, titles: Titles) -> tuple[int, int] | None:
    words = parse.words
    if not (
        words[i].pos == "PROPN"
        or (is_capitalized(words[i]) and (words[i].pos in ("NOUN", "X") or words[i].ent == "PER"))
    ):
        return None
    if words[i].text.lower() in titles.time_words:
        return None  # « Mardi, le syndicat a confirmé »: a day opening a sentence is no name
    s = parse.sentence_index[i]
    lo, hi = parse.sentences[s]
    a = i
    while (
        a - 1 >= lo
        and _in_name(words, a - 1, lo, titles)
        and words[a - 1].end + 1 >= words[a].start
    ):
        a -= 1
    b = i + 1
    while b < hi and _in_name(words, b, lo, titles) and words[b - 1].end + 1 >= words[b].start:
        b += 1
    # « à l'AFP le Docteur Prénom Nom »: an honorific inside the words ends one name and
    # begins the next
    for h in range(a + 1, b):
        if words[h].text in titles.honorific_forms:
            if i >= h:
                a = h
            else:
                b = h
                break
    while a < b and (not is_capitalized(words[a]) or words[a].text in titles.honorific_forms):
        a += 1  # a particle never starts a name; an honorific (« Mme ») is not part of it
    while b > a and not is_capitalized(words[b - 1]):
        b -= 1
    if a >= b or (b - a == 1 and words[a].pos == "NOUN" and _role_word(words[a], titles)):
        return None  # « le PDG », « Président » opening a sentence: a role, not a name
    # « LFI Prénom Nom », « Londres Prénom Nom »: a party or place tagged apart from the person.
    cut = a
    while cut < b - 1 and words[cut].ent != "PER" and any(w.ent == "PER" for w in words[cut:b]):
        cut += 1
    if a <= i < cut:
        return (a, cut)
    a = cut
    for k in range(a, b - 1):
        if is_acronym(words[k]) and any(words[c].dep == "det" and c < k for c in parse.children[k]):
            # « à l'AFP Prénom », « la BCE Prénom Nom »: a body's acronym, then a person
            if i <= k:
                return (a, k + 1)
            a = k + 1
            continue
        if words[k + 1].head == k and words[k + 1].dep.startswith("flat"):
            continue  # « de Prénom Nom »: the name goes on
        # An article never stands before a person's name: « l'OTAN » ends where the name begins.
        if any(words[c].dep == "det" and c < a for c in parse.children[k]):
            if i <= k:
                return (a, k + 1)
            a = k + 1
    return (a, b)


def _institution_end(parse: Parse, a: int, hi: int, titles: Titles, longest: int = 8) -> int:
    """« la Confédération des petites et moyennes entreprises », « l'Office fédéral de
    l'agriculture »: a capitalised common noun after an article names a body whose name goes
    on in lower case, through its adjectives and complements (not past a comma or a clause)."""
    words = parse.words
    w = words[a]
    if w.pos != "NOUN" or not any(words[c].dep == "det" and c < a for c in parse.children[a]):
        return a + 1
    b = a + 1
    while b < min(hi, a + longest):
        k = words[b]
        if (
            a not in parse.ancestors(b)
            or k.text in (",", "(", ")", ";", ":")
            or k.pos in ("VERB", "AUX")
        ):
            break
        if k.dep.startswith(("acl", "appos", "conj")) and k.head == a:
            break
        if _starts_full_name(parse, b, hi):
            break  # « l'Italien Prénom Nom »: a person named after the noun, not the body's name
        if k.pos == "ADP" and k.lemma.lower() not in titles.complement_prepositions:
            break  # « … dans un communiqué »: the name's complements are « de … » only
        b += 1
    while b > a + 1 and words[b - 1].pos in ("DET", "ADP", "CCONJ", "PUNCT"):
        b -= 1
    return b


def _starts_full_name(parse: Parse, k: int, hi: int) -> bool:
    """Is word `k` a known first name followed by another capitalised word (« Prénom Nom »)?"""
    words = parse.words
    return (
        k + 1 < hi
        and is_capitalized(words[k])
        and is_capitalized(words[k + 1])
        and first_name_gender(words[k].text) is not None
    )


def nominal_adjective(parse: Parse, i: int) -> bool:
    """« dit le manifestant. »: a word tagged adjective with its own article and nothing after
    it in its phrase is a noun the tagger missed."""
    words = parse.words
    w = words[i]
    return (
        w.pos == "ADJ"
        and any(words[c].dep == "det" and c < i for c in parse.children[i])
        and (i + 1 >= len(words) or words[i + 1].pos in ("PUNCT", "ADP"))
    )


def has_case(parse: Parse, i: int) -> bool:
    """Word `i` is governed by a preposition (« de l'OTAN », « à Kiev »)."""
    return any(parse.words[c].dep == "case" for c in parse.children[i])


def _role_word(w: Word, titles: Titles) -> bool:
    return w.lemma.lower() in titles.role_nouns or w.text.lower() in titles.role_nouns


def _in_name(words: tuple[Word, ...], j: int, sentence_start: int, titles: Titles) -> bool:
    w = words[j]
    if w.text.lower() in titles.time_words:
        return False  # « Mardi Prénom Nom a dit »: the day is no part of the name
    if w.pos == "PROPN":
        return True
    if w.text.lower() in titles.name_particles:
        if not is_capitalized(w):
            return True  # « Prénom Le Nom », « Prénom von der Nom »
        # « selon Le Nom »: a capitalised particle inside a sentence opens a name.
        return j != sentence_start and j + 1 < len(words) and is_capitalized(words[j + 1])
    if not is_capitalized(w) or j == sentence_start:
        return False
    # A capitalised word the recogniser puts in a person's name, or the parser in a name
    # (« Prénom Nom » with « Nom » tagged as an adverb), is part of the name.
    if w.ent == "PER" or w.dep.startswith("flat"):
        return w.text.replace("-", "").isalpha()
    # Capitalised nouns glued to a name (a surname tagged NOUN); not a sentence's first word.
    return w.pos in ("NOUN", "X") and w.text.isalpha()


def role_phrase(parse: Parse, i: int, titles: Titles) -> tuple[int, int]:
    """The role noun phrase headed by word `i`, without determiners, appositions or clauses."""
    keep = {i}
    todo = [i]
    while todo:
        j = todo.pop()
        for c in parse.children[j]:
            w = parse.words[c]
            # « source proche de l'enquête »: an adjective keeps its own complement
            deps = _ROLE_DEPS | _ADJ_DEPS if parse.words[j].pos == "ADJ" else _ROLE_DEPS
            if (
                w.dep in deps
                and w.pos not in ("PUNCT",)
                and not _after_comma(parse, i, c)
                and not _comparison(parse, c, titles)
            ):
                keep.add(c)
                todo.append(c)
    idx = sorted(k for k in keep if parse.words[k].pos != "DET" or k > i)
    a, b = idx[0], idx[-1] + 1
    while a < b and parse.words[a].pos in ("DET", "ADP"):
        a += 1
    while b > a and parse.words[b - 1].pos in ("DET", "ADP", "PUNCT"):
        b -= 1
    return a, b


def _comparison(parse: Parse, c: int, titles: Titles) -> bool:
    """« les autorités de santé comme "une manipulation" »: a complement of comparison is no
    part of the role."""
    return any(
        parse.words[k].dep == "case"
        and parse.words[k].lemma.lower() in titles.comparison_prepositions
        for k in parse.children[c]
    )


def _after_comma(parse: Parse, head: int, j: int) -> bool:
    lo, hi = sorted((head, j))
    return any(parse.words[k].text == "," for k in range(lo + 1, hi))


def role_signature(parse: Parse, i: int, titles: Titles) -> RoleSignature:
    a, b = role_phrase(parse, i, titles)
    mods = frozenset(
        titles.body_key(_fold(w.lemma if w.pos != "PROPN" else w.text))
        for w in parse.words[a:b]
        if w.i != i and w.pos in ("ADJ", "NOUN", "PROPN")
    )
    # « cette dame de 59 ans »: an age is no complement naming a body
    complement = any(
        w.pos in ("NOUN", "PROPN") and w.lemma.lower() not in titles.age_words
        for w in parse.words[a:b]
        if w.i != i
    )
    head = titles.role_key(parse.words[i].lemma.lower())
    return RoleSignature(head, mods, noun_gender(parse, i, titles), complement)


def noun_gender(parse: Parse, i: int, titles: Titles) -> str | None:
    """The gender of noun `i`: from its determiner, else an adjective on it (« l'ancienne
    ministre »), else the noun's own form unless that form is epicene (« ministre »)."""
    words = parse.words
    for deps in (("det",), ("amod",)):
        for c in parse.children[i]:
            if words[c].dep in deps and words[c].feat("Gender"):
                return GENDERS.get(words[c].feat("Gender") or "")
    if words[i].lemma.lower() in titles.epicene_roles:
        return None
    if feminine_form(words[i].text, words[i].lemma, titles):
        return "f"  # « l'avocate » lemmatised « avocat » and tagged masculine
    return GENDERS.get(words[i].feat("Gender") or "")


def feminine_form(form: str, lemma: str, titles: Titles) -> bool:
    """Is `form` the feminine of `lemma` (« avocate »: « avocat », « directrice »:
    « directeur »), by the endings of rules/titles.toml?"""
    form, lemma = form.lower(), lemma.lower()
    if form.endswith("s") and not lemma.endswith("s"):
        form = form[:-1]
    if form == lemma:
        return False
    return any(
        lemma.endswith(m) and form == lemma[: len(lemma) - len(m)] + f
        for m, f in titles.feminine_endings
    )


def _fold(s: str) -> str:
    return s.lower().strip("’'")


def attached_name(parse: Parse, i: int, titles: Titles) -> tuple[int, int] | None:
    """A name given to role noun `i` in apposition (« le gouverneur de la région, Prénom Nom »,
    « le président ukrainien Prénom Nom »); not a one-word body or place (« la candidate
    FN », « le maire PS » name the holder's party)."""
    run = _attached_run(parse, i, titles)
    if run is None:
        return None
    types = {parse.words[k].ent for k in range(*run)} - {""}
    if parse.words[i].lemma.lower() in titles.org_nouns:
        return run  # « le cabinet Occurence »: a body's own name
    return None if run[1] - run[0] == 1 and types and "PER" not in types else run


def _attached_run(parse: Parse, i: int, titles: Titles) -> tuple[int, int] | None:
    _a, b = role_phrase(parse, i, titles)
    words = parse.words
    j = i + 1
    while j < b and words[j].pos == "ADJ":
        j += 1
    if j < b:
        # « le juge Nom », « le président américain Prénom Nom »: a name right after the
        # role and its adjectives (« de l'Alliance atlantique » is the body, not the person).
        run = name_run(parse, j, titles)
        if run is not None and run[0] == j:
            return run
    run = _closing_name(parse, i, b, titles)
    if run is not None:
        return run
    _s_lo, s_hi = parse.sentences[parse.sentence_index[i]]
    k = b
    if k < s_hi and words[k].text == ",":
        k += 1
    run = _name_past_complement(parse, k, s_hi, titles)
    if run is not None:
        return run
    if k < s_hi and (
        words[k].pos == "PROPN" or (is_capitalized(words[k]) and words[k].pos in ("NOUN", "X"))
    ):
        run = name_run(parse, k, titles)
        if run and run[0] >= b:
            return run
    for c in parse.children[i]:
        if words[c].dep == "appos" and words[c].pos == "PROPN" and _next_to(parse, i, b, c):
            return name_run(parse, c, titles)
    return None


def _next_to(parse: Parse, i: int, b: int, c: int, reach: int = 3) -> bool:
    """Does word `c` stand in the phrase of word `i` ending before word `b`, or right after
    it past a comma at most? (The parser may hang a name of the next sentence on a role:
    « par un journaliste lui demandant si … : "non !" Prénom Nom, qui … ».)"""
    return i < c <= b + reach and all(parse.words[j].text == "," for j in range(b, c))


def _name_past_complement(
    parse: Parse, k: int, hi: int, titles: Titles, reach: int = 5
) -> tuple[int, int] | None:
    """« le commissaire à l'économie Prénom Nom »: a person's name right after a short
    complement the parser left out of the role."""
    words = parse.words
    j = k
    while j < min(hi, k + reach) and words[j].pos in ("ADP", "DET", "NOUN", "ADJ"):
        if is_capitalized(words[j]) and words[j].pos != "DET":
            break
        j += 1
    if j == k or j >= hi or words[k].pos != "ADP":
        return None
    run = name_run(parse, j, titles)
    if run is None or run[0] != j or not any(words[x].ent == "PER" for x in range(*run)):
        return None
    return run


def _closing_name(parse: Parse, i: int, b: int, titles: Titles) -> tuple[int, int] | None:
    """« la présidente du groupe socialiste Prénom Nom »: a person's name closing the role
    phrase of noun `i`, which no preposition governs (« le directeur de cabinet de Prénom
    Nom » names whom he works for, not him)."""
    words = parse.words
    run = name_run(parse, b - 1, titles) if b - 1 > i else None
    if run is None or run[1] != b or run[0] <= i + 1:
        return None
    before = name_run(parse, run[0] - 1, titles) if is_capitalized(words[run[0] - 1]) else None
    if before is not None and before[1] > run[0]:
        return None  # a name cut out of a longer capitalised run
    if is_capitalized(words[run[0] - 1]) and before is None:
        return None
    if any(has_case(parse, k) for k in range(*run)) or words[run[0] - 1].pos == "ADP":
        return None
    person = any(words[k].ent == "PER" for k in range(*run)) or run[1] - run[0] >= 2
    return run if person else None


def mention_at(parse: Parse, i: int, titles: Titles, text: str) -> Mention | None:
    """The mention headed by word `i`, or None when the word cannot name a speaker."""
    key = ("mention_at", i, id(titles), id(text))
    if key not in parse.memo:
        parse.memo[key] = _mention_at(parse, i, titles, text)
    return parse.memo[key]  # type: ignore[return-value]


def _mention_at(parse: Parse, i: int, titles: Titles, text: str) -> Mention | None:
    w = parse.words[i]
    group = partitive_group(parse, i, titles)
    if group is not None:
        named = name_run(parse, w.head, titles) if w.dep == "appos" else None
        if named is None:
            named = _apposed_name(parse, (i, group), titles)
        if named is not None:
            # « Prénom Nom, un des leaders », « un des leaders, Prénom Nom, »
            return _name_mention(parse, named, titles, text)
        return _partitive_mention(parse, i, group, titles, text)
    if w.pos == "PRON" or w.text.lower() in titles.possessives:
        form = titles.bare_clitic(w.text)
        gender = titles.clitic_gender(form)
        if gender is None and w.feat("Gender"):
            gender = GENDERS.get(w.feat("Gender") or "")
        plural = w.feat("Number") == "Plur"
        return Mention(w.span, w.text, MentionKind.PRONOUN, gender, form, plural)
    run = name_run(parse, i, titles)
    if run is not None:
        _lo, hi = parse.sentences[parse.sentence_index[i]]
        if run[1] - run[0] == 1 and _starts_full_name(parse, run[1], hi):
            # « l'Italien Prénom Nom », « du Travail Prénom Nom »: the person named after it
            run = name_run(parse, run[1], titles) or run
        return _name_mention(parse, run, titles, text)
    if w.pos != "NOUN" and not nominal_adjective(parse, i):
        return None
    name = attached_name(parse, i, titles)
    if name is not None:
        return _name_mention(parse, name, titles, text)
    a, b = role_phrase(parse, i, titles)
    span = Span(parse.words[a].start, parse.words[b - 1].end)
    lemma = w.lemma.lower()
    kind = MentionKind.ROLE
    if lemma in titles.org_nouns:
        kind = MentionKind.ORG
    elif lemma in titles.document_nouns:
        kind = MentionKind.DOCUMENT
    plural = w.feat("Number") == "Plur"
    return Mention(span, span.text(text), kind, noun_gender(parse, i, titles), lemma, plural)


def partitive_group(parse: Parse, i: int, titles: Titles) -> int | None:
    """« l'un des orateurs »: the noun of the group that pronoun `i` takes one of."""
    w = parse.words[i]
    if w.pos not in ("PRON", "NUM", "DET") or w.text.lower() not in titles.partitives:
        return None
    for c in parse.children[i]:
        g = parse.words[c]
        common = g.pos == "NOUN" or (g.pos == "PROPN" and not is_capitalized(g))
        if g.dep == "nmod" and common and has_case(parse, c):
            return c  # « des porte-parole » is sometimes tagged a proper noun
    return None


def _apposed_name(parse: Parse, heads: tuple[int, ...], titles: Titles) -> tuple[int, int] | None:
    """A name set off by commas in apposition to one of `heads` (« l'un des porte-parole
    du collectif, Prénom Nom, »)."""
    words = parse.words
    for h in heads:
        for c in parse.children[h]:
            if words[c].dep != "appos" or c < 1 or words[c - 1].text != ",":
                continue
            run = name_run(parse, c, titles)
            if run is not None and run[0] == c:
                return run
    return None


def _partitive_mention(parse: Parse, i: int, group: int, titles: Titles, text: str) -> Mention:
    """« un des gilets jaunes »: one of a group, named by the whole phrase."""
    _a, b = role_phrase(parse, group, titles)
    span = Span(parse.words[i].start, parse.words[b - 1].end)
    g = parse.words[group]
    gender = GENDERS.get(parse.words[i].feat("Gender") or "")
    return Mention(span, span.text(text), MentionKind.ROLE, gender, g.lemma.lower(), False)


def _name_mention(parse: Parse, run: tuple[int, int], titles: Titles, text: str) -> Mention:
    a, b = run
    words = parse.words
    gender = None
    if a > 0 and titles.honorific_gender(words[a - 1].text) is not None:
        gender = titles.honorific_gender(words[a - 1].text)
    span = Span(words[a].start, words[b - 1].end)
    return Mention(span, span.text(text), MentionKind.NAME, gender, words[b - 1].text)
