"""One test per family of attribution errors seen on unseen articles (issue 14), on invented
sentences through the real model: names, verbs and constructions of no gold article."""

from __future__ import annotations

import pandas as pd
import pytest

from quotes.firstnames import first_name_gender
from quotes.mentions import feminine_form, noun_gender
from quotes.pipeline import parse_input, run
from quotes.types import Article, Attribution

pytestmark = pytest.mark.model


def _rows(rules, backend, text: str) -> list[tuple[str, str, str | None]]:
    """(kind, text, speaker) of every row of `text`."""
    result = run(Article("invented", text), rules, backend)
    return [_row(text, a) for a in result.attributions]


def _row(text: str, a: Attribution) -> tuple[str, str, str | None]:
    return a.kind.value, text[a.span.start : a.span.end], a.speaker


def _speaker_of(rows, words: str) -> str | None:
    found = [speaker for _kind, text, speaker in rows if words in text]
    assert found, (words, rows)
    return found[0]


# 1. Non-speakers: abstract, event and quantity nouns never speak.
@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        (
            (
                "Le rétablissement des frontières serait « une erreur historique », a déclaré "
                "mardi Jeanne Morel, la présidente de l'association."
            ),
            "erreur historique",
            "Jeanne Morel",
        ),
        (
            "Des milliards d'euros de taxes « dorment dans les caisses », a regretté le syndicat.",
            "dorment dans les caisses",
            "syndicat",
        ),
    ],
)
def test_an_abstract_noun_near_a_quote_is_no_speaker(rules, backend, text, words, speaker):
    assert _speaker_of(_rows(rules, backend, text), words) == speaker


def test_a_quote_beside_only_abstract_nouns_names_nobody(rules, backend):
    text = "La hausse de la mobilisation reste « très préoccupante » pour les élus de la région."
    speakers = {s for _k, _t, s in _rows(rules, backend, text)}
    assert not speakers & {"hausse", "hausse de la mobilisation", "mobilisation"}


# 2. Names cut short or glued: a body's lower-case words, a role's complement, a full name.
@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        (
            (
                "« Nous restons prudents sur la reprise », a déclaré jeudi la Confédération des "
                "petites et moyennes entreprises (CPME)."
            ),
            "prudents",
            "Confédération des petites et moyennes entreprises",
        ),
        (
            (
                "« Nous avons reçu la lettre hier », indique l'Office fédéral de l'agriculture "
                "dans un communiqué."
            ),
            "reçu la lettre",
            "Office fédéral de l'agriculture",
        ),
        (
            "« Il a été interpellé à son domicile », a indiqué une source proche de l'enquête.",
            "interpellé",
            "source proche de l'enquête",
        ),
        (
            (
                "Le président Bernard Loiseau a reçu les syndicats. "
                "« Le dialogue reprendra lundi »,"
                " a promis Bernard Loiseau."
            ),
            "dialogue",
            "Bernard Loiseau",
        ),
        (
            (
                "Le gouvernement présentera « des mesures concrètes et immédiates », selon la "
                "ministre du Travail Claire Vasseur, qui a écarté toute hausse."
            ),
            "mesures concrètes",
            "Claire Vasseur",
        ),
        (
            (
                "« Le Vatican n'agit pas », estime l'Italien Marco Bellini, fondateur d'une "
                "association."
            ),
            "Vatican",
            "Marco Bellini",
        ),
    ],
)
def test_a_name_is_given_whole(rules, backend, text, words, speaker):
    assert _speaker_of(_rows(rules, backend, text), words) == speaker


# 3. A role left as a role: the role named earlier with its holder's name is that person.
def test_a_role_with_its_time_and_place_resolves_to_the_name_given_before(rules, backend):
    text = (
        "La secrétaire d'État Marie Durand s'est rendue à Lyon lundi. « Nous tiendrons nos "
        "engagements », a assuré jeudi la secrétaire d'État lors d'une conférence de presse."
    )
    assert _speaker_of(_rows(rules, backend, text), "engagements") == "Marie Durand"


# 4. Fragments: a partial quote belongs to the subject of the sentence that holds it.
def test_a_fragment_belongs_to_its_sentence_s_subject_not_the_last_voice(rules, backend):
    text = (
        "« La réforme passera », a affirmé le ministre Paul Arnaud. Dans l'opposition, "
        "Marie Durand a dénoncé un « repli » du gouvernement."
    )
    rows = _rows(rules, backend, text)
    assert _speaker_of(rows, "La réforme passera") == "Paul Arnaud"
    assert _speaker_of(rows, "repli") == "Marie Durand"


# 5. Testimonies: a witness introduced once keeps the floor for the quotes that follow.
def test_a_witness_keeps_the_floor_until_someone_else_speaks(rules, backend):
    text = (
        "Les sinistrés attendent toujours. « J'ai tout perdu dans l'incendie », raconte Karim,"
        " 34 ans.\n« Je ne sais pas où dormir ce soir. Mes enfants sont chez ma sœur. »\n"
        "« Personne ne nous a appelés depuis dimanche. »\nLe maire, Paul Ricard, a promis un "
        "relogement. « Chaque famille aura une solution d'ici lundi », a-t-il assuré."
    )
    rows = _rows(rules, backend, text)
    assert _speaker_of(rows, "tout perdu") == "Karim"
    assert _speaker_of(rows, "dormir ce soir") == "Karim"
    assert _speaker_of(rows, "Personne ne nous") == "Karim"
    assert _speaker_of(rows, "Chaque famille") == "Paul Ricard"


# 6. Indirect speech: incises with a role, an observer, an impersonal source; contents that
# hold a quote.
@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        ("Le réseau sera rétabli dans la soirée, a indiqué l'opérateur.", "rétabli", "opérateur"),
        (
            (
                "La circulation reste très perturbée sur l'autoroute, a constaté un journaliste de "
                "l'AFP."
            ),
            "perturbée",
            "journaliste de l'AFP",
        ),
        (
            "Trois personnes ont été blessées, a-t-on appris de source policière.",
            "blessées",
            "source policière",
        ),
        (
            (
                "Le procédé est interdit en Europe, explique à l'AFP le Docteur Paul Vasseur, qui "
                "dirige le laboratoire."
            ),
            "interdit en Europe",
            "Paul Vasseur",
        ),
        (
            (
                "Le maire Jean Valade a estimé que la décision "
                "« ne tient pas compte des habitants »"
                " du quartier."
            ),
            "la décision",
            "Jean Valade",
        ),
    ],
)
def test_indirect_speech_is_found_with_its_speaker(rules, backend, text, words, speaker):
    rows = [r for r in _rows(rules, backend, text) if r[0] == "indirect"]
    assert _speaker_of(rows, words) == speaker


@pytest.mark.xfail(
    strict=True,
    reason="« selon un bilan des pompiers »: a figure noun is no source, and its complement "
    "is not yet taken for the speaker (issue 14, left open)",
)
def test_a_report_of_a_body_after_selon_names_the_body(rules, backend):
    text = "Selon un premier bilan des pompiers, trois personnes ont été légèrement blessées."
    rows = [r for r in _rows(rules, backend, text) if r[0] == "indirect"]
    assert _speaker_of(rows, "blessées") == "pompiers"


# Evidence from other articles: the same words with a clear cue elsewhere name the speaker.
def test_a_statement_with_no_cue_takes_the_speaker_another_article_gives_it(tmp_path):
    import pyarrow.parquet as pq

    from quotes.api import extract_to_parquet

    folder = tmp_path / "in"
    folder.mkdir()
    said = "Nous ne céderons rien sur la réforme des retraites cette année"
    texts = {
        "a": f"Le ministre Paul Arnaud était à Lyon.\n« {said} », a déclaré Paul Arnaud.\n",
        "b": f"La journée a été tendue.\n« {said}. »\nLa grève continue lundi.\n",
        "c": f"Débat à l'Assemblée.\n« {said} », a lancé la députée Lucie Morel.\n",
        "d": f"Le ministre Paul Arnaud était à Lyon.\n« {said} », a déclaré Paul Arnaud.\n",
    }
    lines = ["id,file,date,title"]
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        lines.append(f"{name},{name}.txt,2025-03-0{len(lines)},")
    (folder / "manifest.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "q.parquet"
    extract_to_parquet([folder], out)
    rows = pq.read_table(out).to_pandas().set_index("article")
    # a and d agree, c disagrees: a conflict lends nothing
    assert rows.loc["a", "speaker"] == "Paul Arnaud"
    assert rows.loc["c", "speaker"] == "Lucie Morel"
    assert pd.isna(rows.loc["b", "speaker"])
    (folder / "c.txt").unlink()
    (folder / "manifest.csv").write_text("\n".join(lines[:3] + lines[4:]) + "\n", "utf-8")
    extract_to_parquet([folder], out)
    rows = pq.read_table(out).to_pandas().set_index("article")
    assert rows.loc["b", "speaker"] == "Paul Arnaud"
    assert rows.loc["b", "rule"].startswith("statement.from.")
    assert rows.loc["b", "confidence"] >= 0.8


def test_a_quote_split_by_an_incise_with_a_noun_subject_is_two_items(rules, backend):
    text = (
        "L'actrice Marie Dupuis était invitée lundi. « Je suis à découvert sur mon compte, "
        "j'habite chez un ami, explique la comédienne. Je fais des films indépendants, mais "
        "je ne me plains pas. »"
    )
    rows = _rows(rules, backend, text)
    quoted = [(t, s) for k, t, s in rows if k != "indirect"]
    assert len(quoted) == 2, rows
    assert all(s == "Marie Dupuis" for _t, s in quoted), rows
    assert "explique" not in quoted[0][0] and quoted[1][0].startswith("Je fais")


# Parse errors the evidence reads through (a participle hung on the wrong noun, a noun tagged
# as an adjective, two sentences run together in copy without paragraph breaks).
@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        pytest.param(
            "À Rennes, Pascaline est venue dénoncer l'usage des armes, assurant avoir vu un "
            "jeune perdre un œil lors « d'une manifestation contre la loi travail ».",
            "manifestation contre",
            "Pascaline",
            id="participle-clause",
        ),
        pytest.param(
            "Les questions abordées sont nombreuses. « Nous voulons seulement pouvoir vivre de "
            "notre travail », dit le manifestant.Lire aussi: la mobilisation continue",
            "vivre de notre travail",
            "manifestant",
            id="noun-tagged-adjective",
        ),
        pytest.param(
            "L'avocate Carine Morel a plaidé longtemps. Elle a dénoncé la contrainte («il a "
            "menacé de ruiner sa réputation si elle parlait»).  « C'est un dossier vide, il n'y "
            "a rien contre mon client », juge au contraire Me Marc Durand. L'audience reprend.",
            "dossier vide",
            "Marc Durand",
            id="sentences-run-together",
        ),
    ],
)
def test_the_speaker_is_read_through_a_parse_error(rules, backend, text, words, speaker):
    assert _speaker_of(_rows(rules, backend, text), words) == speaker


# A name in apposition to « l'un des … » is who speaks; a noun phrase and its apposition
# before a verb are its subject, not an indirect content.
def test_one_of_a_group_named_in_apposition_is_that_person(rules, backend):
    text = (
        "Les manifestants se sont rassemblés samedi. L'un des porte-parole du collectif, "
        "Julien Marchal, justifie ainsi le blocage : « Nous n'avons pas le choix. »"
    )
    rows = _rows(rules, backend, text)
    assert _speaker_of(rows, "pas le choix") == "Julien Marchal"
    assert not [r for r in rows if r[0] == "indirect" and "porte-parole" in r[1]]


# « selon la même source », « de même source »: the source named last before; « -t-on » with
# no source names nobody, not the person the text is about.
def test_the_same_source_is_the_source_named_before(rules, backend):
    text = (
        "Quarante personnes ont été évacuées dans la nuit, selon la préfecture du Var. Deux "
        "maisons ont été détruites par les flammes, selon la même source.\n"
        "Le chantier reprendra en mars, a-t-on appris auprès de la direction régionale. Les "
        "travaux dureront deux ans, a-t-on ajouté de même source."
    )
    rows = [r for r in _rows(rules, backend, text) if r[0] == "indirect"]
    assert _speaker_of(rows, "Deux maisons") == "préfecture du Var"
    assert _speaker_of(rows, "travaux dureront") == "direction régionale"


def test_the_same_source_may_have_been_cited_by_an_incise(rules, backend):
    text = (
        "Le projet sera présenté lundi aux habitants, a indiqué la mairie de Blida. La "
        "nouvelle feuille de route sera « bientôt mise en œuvre dans les quartiers », a-t-on "
        "souligné de même source."
    )
    rows = _rows(rules, backend, text)
    assert _speaker_of(rows, "bientôt mise en œuvre") == "mairie de Blida"


def test_de_sources_names_the_source_and_holds_the_whole_content(rules, backend):
    text = (
        "Par ailleurs, un autre haut responsable de la sécurité à Paris va être remplacé, alors "
        "que le gouvernement a vertement critiqué la gestion des violences, a-t-on appris hier "
        "de sources concordantes."
    )
    rows = [r for r in _rows(rules, backend, text) if r[0] == "indirect"]
    assert len(rows) == 1, rows
    assert _speaker_of(rows, "va être remplacé") == "sources concordantes"


def test_an_impersonal_incise_with_no_source_names_nobody(rules, backend):
    text = (
        "La juge Claire Moreau préside l'audience depuis lundi. Le tribunal rendra sa décision "
        "vendredi, a-t-on précisé."
    )
    rows = _rows(rules, backend, text)
    assert not [r for r in rows if "rendra sa décision" in r[1] and r[2] is not None]


def test_a_feminine_role_noun_is_feminine_where_the_tagger_says_otherwise(rules, backend):
    article = Article("invented", "L'avocate de la famille a parlé.")
    parse = backend.parse_many([parse_input(article, rules)])[0]
    noun = next(w.i for w in parse.words if w.text == "avocate")
    assert noun_gender(parse, noun, rules.titles) == "f"


@pytest.mark.parametrize(
    ("form", "lemma", "feminine"),
    [
        ("avocate", "avocat", True),
        ("directrices", "directeur", True),
        ("lycéenne", "lycéen", True),
        ("infirmière", "infirmier", True),
        ("juges", "juge", False),
        ("avocat", "avocat", False),
    ],
)
def test_feminine_forms_by_their_endings(rules, form, lemma, feminine):
    assert feminine_form(form, lemma, rules.titles) is feminine


@pytest.mark.parametrize(
    ("name", "gender"),
    [("Joanna", "f"), ("Marc", "m"), ("Jean-Luc", "m"), ("Édouard", "m"), ("Joan", "m")],
)
def test_first_names_tell_a_gender(name, gender):
    assert first_name_gender(name) == gender


def test_a_name_both_use_or_no_name_tells_no_gender():
    assert first_name_gender("Dominique") is None
    assert first_name_gender("Ahcen") is None


# « Prénom Nom juge que … » with « juge » tagged a noun: the name still says the fragment,
# and « analyse-t-il » after it is that person, not the columnist quoted before.
def test_a_reporting_verb_tagged_a_noun_after_a_name_still_speaks(rules, backend):
    text = (
        "Christian Dumont, éditorialiste au Soir, estime que le gouvernement a « manqué de "
        "courage ». « Les électeurs s'en souviendront », écrit-il.\n"
        "Dans L'Écho, Pierre Lambert juge que le parti a définitivement abîmé « ses relations "
        "avec ses partenaires ». « Il faudra des années pour réparer cela », analyse-t-il."
    )
    rows = _rows(rules, backend, text)
    assert _speaker_of(rows, "ses relations") == "Pierre Lambert"
    assert _speaker_of(rows, "réparer cela") == "Pierre Lambert"


# Indirect contents before an incise: « a-t-elle ajouté » is inverted; a content may open with
# a fragment in quote marks; a direct quote before its incise is no content of it.
@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        (
            (
                "La porte-parole du parquet, Anne Lemoine, a confirmé l'interpellation. Le "
                "conducteur, « qui n'était pas séquestré », a été placé en garde à vue, a-t-elle "
                "ajouté."
            ),
            "placé en garde à vue",
            "Anne Lemoine",
        ),
        (
            (
                "Le ministre Paul Arnaud était à Caracas lundi. « Une vague d'investisseurs » "
                "arrive dans le pays, a-t-il affirmé."
            ),
            "arrive dans le pays",
            "Paul Arnaud",
        ),
        (
            (
                "L'Otan et l'Ukraine se retrouveront mardi à Bruxelles pour évoquer le tir de "
                "missile, a-t-on appris vendredi de sources diplomatiques. Cette réunion, à la "
                "demande de Kiev, se déroulera au niveau des ambassadeurs, a-t-on précisé de même "
                "source."
            ),
            "au niveau des ambassadeurs",
            "sources diplomatiques",
        ),
    ],
)
def test_an_incise_s_content_is_found_through_clitics_and_fragments(
    rules, backend, text, words, speaker
):
    rows = [r for r in _rows(rules, backend, text) if r[0] == "indirect"]
    assert _speaker_of(rows, words) == speaker


def test_a_direct_quote_before_its_incise_is_no_indirect_content(rules, backend):
    text = (
        "Depuis Washington, Claire Dubois, directrice du fonds, a jugé « impératif » mardi que "
        "les tensions s'apaisent : « Elles menacent l'économie mondiale », a-t-elle estimé."
    )
    rows = _rows(rules, backend, text)
    assert not [r for r in rows if r[0] == "indirect" and r[1].startswith("Depuis")]
    assert _speaker_of(rows, "menacent l'économie") == "Claire Dubois"


def test_a_content_ends_before_an_aside_that_names_a_source(rules, backend):
    text = (
        "Le secrétaire général Paul Arnaud a rappelé que « chaque mètre regagné est un mètre "
        "perdu par l'adversaire », comme le rapporte Reuters."
    )
    rows = _rows(rules, backend, text)
    assert not [r for r in rows if r[0] == "indirect" and "Reuters" in r[1]]


# Copy that lost the space after a full stop keeps its inverted clitic: « résume-t-il.Le »
# is an incise, and the quote before it is direct speech.
def test_an_incise_glued_to_the_next_sentence_is_still_an_incise(rules, backend):
    text = (
        "« Les policiers ont frappé », témoigne Julien Roux, manifestant. « C'était une scène "
        "pénible », résume-t-il.Le quotidien affirme que l'enquête avance."
    )
    rows = _rows(rules, backend, text)
    found = [r for r in rows if "scène pénible" in r[1]]
    assert found == [("direct", "C'était une scène pénible", "Julien Roux")]


# « …, raconte à l'AFP Prénom Nom. » with the verb tagged an adjective: the sentence before
# is what was told, and its fragments are that person's.
def test_an_incise_verb_tagged_an_adjective_still_tells_the_sentence(rules, backend):
    text = (
        "Deux des complices descendent de l'hélicoptère, un troisième reste avec le pilote. Les "
        "deux hommes portent « des cagoules et des brassards de police », sont équipés de "
        "« fusils d'assaut » et de disqueuses, raconte à l'AFP Julien Marchal."
    )
    rows = _rows(rules, backend, text)
    assert _speaker_of(rows, "cagoules") == "Julien Marchal"
    assert _speaker_of([r for r in rows if r[0] == "indirect"], "portent") == "Julien Marchal"


def test_words_before_selon_with_no_verb_are_no_part_of_the_content(rules, backend):
    text = "Au total, selon les autorités, cinq personnes ont été évacuées dans la nuit."
    rows = [r for r in _rows(rules, backend, text) if r[0] == "indirect"]
    assert rows == [("indirect", "cinq personnes ont été évacuées dans la nuit", "autorités")]


# « Ainsi, pour Prénom Nom, … »: « pour X » after an opening adverb still names the source,
# who is then the « il » of the next incise.
def test_pour_after_an_opening_adverb_names_the_source(rules, backend):
    text = (
        "Du côté des élus, c'est un autre son de cloche. Ainsi, pour Paul Arnaud, élu de la "
        "ville, certains citoyens font preuve d'incivisme. « Que peut-on faire face à ces "
        "gens ? », fait-il remarquer."
    )
    rows = _rows(rules, backend, text)
    assert _speaker_of([r for r in rows if r[0] == "indirect"], "incivisme") == "Paul Arnaud"
    assert _speaker_of(rows, "face à ces gens") == "Paul Arnaud"


def test_a_quantity_that_governs_a_fragment_is_no_speaker(rules, backend):
    text = "Les milliards d'euros de taxes évoquent des « avantages fiscaux illicites »."
    rows = _rows(rules, backend, text)
    assert not [r for r in rows if r[2] is not None and "milliards" in r[2]]


# An incise inside the marks splits the quote, and its subject (with a short apposition that
# closes the sentence) says both parts, where nobody else is named.
@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            (
                "La salle est comble. « Je suis heureuse, explique la comédienne. C'est un grand "
                "jour. »"
            ),
            "comédienne",
        ),
        (
            (
                "La salle est comble. « On croit en elle pour sauver le pays, jure Véronique, une "
                "militante. Elle nous rendra le pouvoir. »"
            ),
            "Véronique",
        ),
    ],
)
def test_an_incise_inside_the_marks_says_both_parts(rules, backend, text, speaker):
    rows = [r for r in _rows(rules, backend, text) if r[0] != "indirect"]
    assert len(rows) == 2, rows
    assert all(s == speaker for _k, _t, s in rows), rows
    assert not rows[1][1].startswith("une militante")


# One construction each, through the real model: the speaker of the words named.
@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        # A passive verb's agent speaks; the thing said or done is no speaker.
        pytest.param(
            (
                "La réforme des retraites, promesse de campagne du Premier ministre Hugo "
                "Lemaire, a été dénoncée comme « injuste » par les syndicats."
            ),
            "injuste",
            "syndicats",
            id="the_agent_of_a_passive_verb_says_the_fragment",
        ),
        pytest.param(
            (
                "Les militants se sont réunis devant la mairie. « Une simple annonce » de "
                "soutien suffirait, dit le militant."
            ),
            "Une simple annonce",
            "militant",
            id="the_quote_s_own_words_are_not_its_speaker",
        ),
        # A pronoun agrees with its antecedent: a first name tells a person's gender where the
        # article does not (the salient man does not say what « a-t-elle promis » introduces).
        pytest.param(
            (
                "Paul Durand a reçu Joanna Lefort lundi à Lyon. Paul Durand a ensuite quitté "
                "la salle sous les applaudissements. « Nous reviendrons », a-t-elle promis."
            ),
            "Nous reviendrons",
            "Joanna Lefort",
            id="a_feminine_pronoun_finds_the_woman_a_first_name_shows",
        ),
        # A demonstrative describes whom it points back to, whatever role the text gave them
        # before.
        pytest.param(
            (
                "« On n'y arrive plus », a déclaré à l'AFP Maria Lopes, une infirmière de "
                "Clermont-Ferrand de 33 ans. « On est taxés sur tout », a poursuivi cette mère "
                "de deux enfants."
            ),
            "taxés sur tout",
            "Maria Lopes",
            id="a_demonstrative_role_points_back_to_the_person_described",
        ),
        # A quote right after a quote and its incise goes on with that speech, however long the
        # incise's subject (« explique cette dame de 59 ans »).
        pytest.param(
            (
                "Le ministre Paul Arnaud a défendu les forces de l'ordre.\n\nLes manifestants se "
                "sont rassemblés à Valence samedi.\n\n« Ça aurait pu être moi », explique cette "
                "dame de 59 ans. « Moi en tant que mère, je suis inquiète. »"
            ),
            "je suis inquiète",
            "dame de 59 ans",
            id="a_quote_after_an_incise_with_a_long_subject_continues_the_speech",
        ),
        # « à l'AFP Prénom »: a body's acronym and the person after it are two names.
        pytest.param(
            (
                "Des manifestants ont bloqué l'autoroute près de Lyon, selon des journalistes "
                "de l'AFP. « Nous, on est là pour changer le système », a déclaré à l'AFP "
                "Walter, étudiant de 23 ans."
            ),
            "changer le système",
            "Walter",
            id="a_person_named_after_an_agency_s_acronym_is_that_person",
        ),
        # « ils » stands for bodies taken together (« les syndicats … ont-ils prévenu »).
        pytest.param(
            (
                "Les syndicats ont quitté la réunion lundi soir. « Nous ne signerons pas », "
                "ont-ils prévenu."
            ),
            "signerons",
            "syndicats",
            id="a_plural_pronoun_stands_for_plural_bodies",
        ),
        # « » complète-t-on au ministère »: a word with an inverted clitic after it is a verb,
        # even tagged an adjective and lemmatised wrong; « -t-on » speaks for the source named
        # after it.
        pytest.param(
            (
                "Deux stratégies pour un même but ? « La procédure communautaire est trop "
                "lourde. » complète-t-on au ministère des Finances."
            ),
            "trop lourde",
            "ministère des Finances",
            id="a_word_before_an_inverted_clitic_is_the_incise_verb",
        ),
        # A lone surname, then two full names with different first names: two persons, not
        # one entity holding both names (seen at scale: a spouse merged into the president).
        pytest.param(
            (
                "Durand est arrivé à Lyon mardi. Claire Durand a confié : « Je suis fière de "
                "lui ». Plus tard, Paul Durand a déclaré : « Nous tiendrons nos promesses »."
            ),
            "tiendrons",
            "Paul Durand",
            id="two_full_names_of_one_surname_are_two_persons",
        ),
    ],
)
def test_the_speaker_of_a_construction(rules, backend, text, words, speaker):
    assert _speaker_of(_rows(rules, backend, text), words) == speaker


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("zelensky", "zelenski", True),  # a one-letter typo in a long name
        ("caire", "maire", False),  # « Le Caire » is no typo of « Le Maire »
        ("franck", "france", False),
        ("durand", "durand", True),
    ],
)
def test_a_typo_joins_long_surnames_only(a, b, same):
    from quotes.resolve import _surname_match

    assert _surname_match(a, b) is same


# 3b. A role that says more than an earlier one, or in the other gender, is someone else:
# « la présidente de la FNPL » does not take over the entity of « le président du groupe ».
def test_a_more_specific_role_is_not_the_earlier_unnamed_one(rules, backend):
    text = (
        "Les syndicats ont été reçus jeudi par le président. «Le président a indiqué qu'il "
        "donnerait des éléments de réponse», précisait de son côté le président du groupe. "
        "À l'issue de leur entretien, tous se sont félicités. La présidente de la FNPL avait "
        "ainsi salué le fait que «le président et le gouvernement aient pris conscience de la "
        "détresse des campagnes»."
    )
    result = run(Article("invented", text), rules, backend)
    rows = {text[a.span.start : a.span.end][:20]: a for a in result.attributions}
    fnpl = rows["le président et le g"]
    assert fnpl.speaker == "présidente de la FNPL"
    assert "anaphora" not in fnpl.rule_id  # its own phrase, not a name for someone earlier


# 3c. A role in the feminine is not the man the text gave that role in the masculine.
def test_a_role_keeps_its_gender(rules, backend):
    text = (
        "Des habitants ont pu récupérer leurs affaires mardi. Mais Sonia reste très en colère "
        "contre « les marchands de sommeil ». « Cela fait dix ans que je vis ici, je n'ai jamais "
        "vu personne », relate l'habitante. « C'est l'enfer ici », dénonce à son tour Karim "
        "Benhamou, un habitant."
    )
    rows = _rows(rules, backend, text)
    assert _speaker_of(rows, "Cela fait dix ans") != "Karim Benhamou"
    assert _speaker_of(rows, "C'est l'enfer ici") == "Karim Benhamou"


# 4b. The subject of a relative clause is named, not what the text goes on about.
def test_a_relative_clause_subject_does_not_take_the_next_pronoun(rules, backend):
    text = (
        "« Absolument pas », riposte Pierre Renucci, candidat dans la commune où Paul Garnier "
        "vint en 2005 promettre de tout changer. Il reste confiant. « Les électeurs ont compris "
        "qui nous sommes », poursuit-il."
    )
    rows = _rows(rules, backend, text)
    assert _speaker_of(rows, "Les électeurs ont compris") == "Pierre Renucci"


# 2b. A day that opens a sentence is no name (« Mardi, la Commission a confirmé que … »).
def test_a_weekday_is_no_speaker(rules, backend):
    text = (
        "L'économie ralentit. Mardi, la Commission a confirmé que le PIB ne pourrait croître "
        "que de 0,5 % cette année. Jeudi Paul Garnier a estimé que « la reprise viendra »."
    )
    rows = _rows(rules, backend, text)
    assert _speaker_of(rows, "le PIB ne pourrait") == "Commission"
    assert _speaker_of(rows, "la reprise viendra") == "Paul Garnier"


def test_this_source_is_the_source_cited_last(rules, backend):
    text = (
        "Deux entrepôts ont brûlé dans la nuit, selon la préfecture du Var. Les pompiers sont "
        "intervenus vers minuit, selon cette source, et le feu a été maîtrisé à l'aube."
    )
    rows = [r for r in _rows(rules, backend, text) if r[0] == "indirect"]
    assert _speaker_of(rows, "Les pompiers sont intervenus") == "préfecture du Var"


# 1b. A participle on a noun speaks of that noun: the words it quotes are not its.
def test_the_suspect_does_not_say_what_he_is_suspected_of(rules, backend):
    text = (
        "Un militant radicalisé, Karim Benhamou, soupçonné d'avoir voulu commettre des "
        "« actions violentes » en France, a été mis en examen dimanche par des juges."
    )
    rows = _rows(rules, backend, text)
    assert not [r for r in rows if "actions violentes" in r[1] and r[2] == "Karim Benhamou"]


# 2c. Two full names glued (an interview's speaker label before the answer) are two names.
def test_two_glued_full_names_are_two_names(rules, backend):
    from quotes.mentions import name_run
    from quotes.pipeline import parse_input

    text = (
        "La réponse du gouvernement est-elle à la hauteur ?\n"
        "Léa Garnier Paul Dumas, s'il a fait des annonces lundi, est resté vague."
    )
    parse = backend.parse_many([parse_input(Article("invented", text), rules)])[0]
    words = {w.text: w.i for w in parse.words}
    runs = {
        " ".join(w.text for w in parse.words[slice(*name_run(parse, words[t], rules.titles))])
        for t in ("Léa", "Dumas")
    }
    assert runs == {"Léa Garnier", "Paul Dumas"}


# 4c. Words an incise gives to a speaker are speech, however short; fragments of the
# journalist's sentence only name theirs (« où X vint promettre la "racaille" »).
def test_fragments_in_an_aside_do_not_take_the_voice(rules, backend):
    text = (
        "Alors, on doute ? « Pas du tout », riposte Louis Ferrand, élu de la ville où Paul "
        "Garnier vint jadis promettre de chasser les « voyous » au « balai ». Ses raisons ? "
        "« Le déclin du pays. Le besoin d'ordre. » Ses voisins approuvent. « Les électeurs ont "
        "compris qui nous sommes, poursuit-il. Nous ne sommes pas des extrémistes. »"
    )
    rows = _rows(rules, backend, text)
    assert _speaker_of(rows, "voyous") == "Paul Garnier"
    assert _speaker_of(rows, "Le déclin du pays") in ("Louis Ferrand", None)
    assert _speaker_of(rows, "Les électeurs ont compris") == "Louis Ferrand"


# 4d. A source cited (« pour X, … ») is what the text goes on about: « fait-il remarquer ».
def test_a_cited_source_takes_the_next_pronoun(rules, backend):
    text = (
        "Les jardins publics sont laissés à l'abandon. « C'est malheureux ! », dira un habitant. "
        "Du côté des élus, le ton est autre. Ainsi, pour Pierre Lambert, élu de la commune, "
        "certains citoyens manquent de civisme. « Que peut-on faire face à ceux qui jettent "
        "leurs déchets partout ? », fait-il remarquer."
    )
    rows = _rows(rules, backend, text)
    assert _speaker_of(rows, "Que peut-on faire") == "Pierre Lambert"


# 4e. « se défendant » after an incise: the reflexive clitic is nobody.
def test_a_reflexive_clitic_is_no_speaker(rules, backend):
    text = (
        "Les enquêteurs soupçonnent Karim Benali d'avoir préparé un départ, selon une source "
        "proche du dossier. « J'aurais voulu être photographe, ce qui m'intéressait, c'était "
        "filmer la tristesse » des gens, avait-il affirmé lors de son procès, se défendant de "
        "toute intention violente."
    )
    rows = _rows(rules, backend, text)
    assert _speaker_of(rows, "être photographe") in ("Karim Benali", None)


# 5b. Words quoted twice are one speaker's: a headline quote, a pull quote without marks.
def test_the_same_words_quoted_twice_have_one_speaker(rules, backend):
    text = (
        "« Il faut tout enlever ou rien »\n\n"
        "Le stade restera fermé samedi. « Il faut tout enlever ou rien », a estimé mardi Paul "
        "Garnier, le directeur du club, devant la presse. « Nous ne céderons rien sur la "
        "sécurité des supporters », a-t-il ajouté. La ligue doit se prononcer jeudi.Nous ne "
        "céderons rien sur la sécurité des supportersLe club a fait appel."
    )
    rows = _rows(rules, backend, text)
    tout = [speaker for _k, words, speaker in rows if words == "Il faut tout enlever ou rien"]
    assert tout == ["Paul Garnier", "Paul Garnier"]
    pulled = [r for r in rows if r[1] == "Nous ne céderons rien sur la sécurité des supporters"]
    assert [(kind, speaker) for kind, _w, speaker in pulled] == [("direct", "Paul Garnier")] * 2


# 4f. « a-t-il ajouté » goes on with the last voice, unless someone else it could stand for
# was made the subject since.
def test_a_continuing_verb_yields_to_a_new_subject(rules, backend):
    text = (
        "« Nous ne fermerons aucune classe », a dit Pierre Lambert, le directeur des écoles. "
        "Paul Garnier, le maire de la commune, a pris la parole ensuite devant les parents. "
        "« Trois classes fermeront en septembre », a-t-il ajouté."
    )
    rows = _rows(rules, backend, text)
    assert _speaker_of(rows, "Trois classes fermeront") == "Paul Garnier"


# 3b. A definite role made the subject of a sentence refers back to the person named before
# (« Prénom Nom … La comédienne de 54 ans était invitée »), and so does the same role later.
def test_a_role_subject_refers_back_to_the_person_named(rules, backend):
    text = (
        "« Je viens d'une famille modeste », explique Léa Marchand en réponse aux idées de son "
        "collègue. La comédienne de 54 ans était invitée lundi dans une émission de télévision. "
        "« Je fais des films indépendants, explique la comédienne. Je ne me plains pas. »"
    )
    rows = _rows(rules, backend, text)
    assert _speaker_of(rows, "Je fais des films") == "Léa Marchand"
    assert _speaker_of(rows, "Je ne me plains pas") == "Léa Marchand"


# 2d. « selon X » of the sentence before is not the source of a quote the parser ran into it.
def test_a_source_of_the_sentence_before_is_not_the_quotes(rules, backend):
    text = (
        "Des mesures seront présentées, selon la ministre du Travail Claire Vasseur, qui a "
        "cependant écarté une hausse. « Le Vatican n'agit pas », estime l'Italien Marco "
        "Bellini."
    )
    rows = _rows(rules, backend, text)
    assert _speaker_of(rows, "Le Vatican") == "Marco Bellini"


# 5c. A witness introduced by a role in the quote's own sentence is salient there: « un homme
# donne le ton. "…", dit-il » (the parser may run the two into one sentence).
def test_a_role_subject_before_the_quote_in_its_sentence_takes_the_pronoun(rules, backend):
    text = (
        "« C'est dur en semaine », a glissé à l'AFP l'un des manifestants.Non loin de lui, un "
        "homme donne le ton de la colère que sont venues relayer ces personnes. «Ce que j'ai "
        "obtenu, c'est en me battant», dit-il en exhortant ses camarades à tenir."
    )
    rows = _rows(rules, backend, text)
    assert _speaker_of(rows, "Ce que j'ai obtenu") == "homme"


def test_a_continuing_verb_yields_to_a_person_named_since(rules, backend):
    text = (
        "« La liberté, c'est la conscience », souligne Valérie Morin, venue en famille. Selon "
        "son délégué général Paul Dumas, la marche est « l'acte premier » de la mobilisation. "
        "Claire Lenoir, qui plaidera lundi à Reims pour son fils, s'est déclarée au micro « très "
        "impressionnée ». « Nous commençons à être usés par cette histoire », a-t-elle ajouté."
    )
    rows = _rows(rules, backend, text)
    assert _speaker_of(rows, "Nous commençons") == "Claire Lenoir"


def test_an_intertitle_excerpting_a_quote_has_its_speaker(rules, backend):
    text = (
        "« Des gens meurent pour rien »\n\n"
        "Les immeubles de la rue étaient vétustes. « C'est l'enfer ici, ils le savent et des "
        "gens meurent pour rien », dénonce Karim Benali, un voisin."
    )
    rows = _rows(rules, backend, text)
    assert _speaker_of(rows, "Des gens meurent pour rien") == "Karim Benali"


# 2e. Quote marks setting off a term inside a role are no part of the speaker's name, and a
# quote opened right after a full stop is no part of a word (« insidieux».«Il rejoint »).
def test_marks_inside_a_role_and_glued_after_a_full_stop(rules, backend):
    text = (
        "« Nous ne céderons pas », a déclaré le collectif des « gilets jaunes » de la ville. "
        "Le ministre a célébré le courage du gendarme et dénoncé «l’hydre islamiste».«Il "
        "rejoint le cortège des héros», a déclaré le chef de l’État."
    )
    rows = _rows(rules, backend, text)
    assert _speaker_of(rows, "Nous ne céderons pas") == "collectif des gilets jaunes de la ville"
    assert [t for _k, t, _s in rows if "cortège" in t] == ["Il rejoint le cortège des héros"]


def test_a_letter_between_marks_is_no_row(rules, backend):
    text = (
        "L'homme était fiché « S » depuis 2015, a précisé une source judiciaire. « Il n'avait "
        "jamais été condamné », a-t-elle ajouté."
    )
    rows = _rows(rules, backend, text)
    assert "S" not in [t for _k, t, _s in rows]
    assert _speaker_of(rows, "jamais été condamné") == "source judiciaire"
