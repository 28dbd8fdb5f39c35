"""Who a mention names, within one article: names, role nouns, pronouns, documents.

The article's people are built once from the parse: every proper-name run, clustered by
surname (spelling variants merged), each with the roles the article gives it in apposition
(« Le secrétaire général de l'OTAN, Prénom Nom »). A speaker is always the fullest name the
article gives. Pronouns go to the most salient earlier person of matching gender, where
salience counts being the subject of a finite verb or the speaker of a quote, not merely
being named (a name in a garbled sentence must not steal a quote).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from quotes.detect_cues import source_cues
from quotes.firstnames import RULE as FIRST_NAME_RULE
from quotes.firstnames import first_name_gender
from quotes.link import fold, role_bag, spelling_key
from quotes.mentions import (
    GENDERS,
    RoleSignature,
    attached_name,
    has_case,
    name_run,
    noun_gender,
    partitive_group,
    role_phrase,
    role_signature,
)
from quotes.parse.base import Parse
from quotes.rules import RuleSet, Titles
from quotes.types import ArticleSpeaker, Mention, MentionKind, Span, SpeakerKind

# How likely a name of each entity type is a speaker (a person, a body, a capital speaking
# for its government, a work or event).
_ENT_LIKENESS = {"PER": 0.95, "ORG": 0.85, "LOC": 0.6, "MISC": 0.5}
SUBJECT_WEIGHT = 3.0
SPEAKER_WEIGHT = 3.0
NAME_WEIGHT = 1.0


@dataclass
class Entity:
    """One person or body of the article (built here, read-only once the article is resolved)."""

    names: list[tuple[str, ...]] = field(default_factory=list)
    gender: str | None = None
    gender_rule: str | None = None
    kind: str = "person"
    evidence: bool = False  # named as a person somewhere (PER, honorific, role, speaker)
    place_or_body: bool = False  # every naming was tagged LOC, ORG or MISC by the NER
    named: bool = True  # False: known only by a role phrase (« le porte-parole de la présidence »)
    role: tuple[str, ...] = ()  # an unnamed entity's role phrase as lemmas, head first
    ents: set[str] = field(default_factory=set)  # entity types the recogniser gave its names
    plural: bool = False  # a group (« les manifestants »), the antecedent of « ils »
    first_offset: int | None = None  # where an unnamed entity is first named

    @property
    def canonical(self) -> str:
        best = max(self.names, key=lambda n: (len(n), -self.names.index(n)))
        return " ".join(best)

    @property
    def surname(self) -> str:
        return fold(self.names[0][-1])

    def set_gender(self, gender: str | None, rule: str) -> None:
        """Keep the first evidence of gender and the rule that gave it."""
        if self.gender is None and gender is not None:
            self.gender, self.gender_rule = gender, rule

    def as_speaker(self) -> ArticleSpeaker:
        kind = SpeakerKind(self.kind) if self.kind else None
        if kind is SpeakerKind.PERSON and self.place_or_body and not self.evidence:
            kind = SpeakerKind.ORGANIZATION  # a capital or a body speaking
        # A body has no gender, whatever the grammar of its noun (« le ministère »).
        gender = self.gender if kind is SpeakerKind.PERSON else None
        names = sorted(
            {" ".join(n) for n in self.names}, key=lambda n: (n != self.canonical, -len(n), n)
        )
        return ArticleSpeaker(
            self.canonical,
            kind,
            tuple(names),
            self.named,
            gender,
            self.gender_rule if gender else None,
            self.role,
        )


@dataclass(frozen=True, slots=True)
class Resolution:
    speaker: str | None
    entity: int | None
    rule: str


@dataclass
class Resolver:
    """The people of one article and the salience of each along the text."""

    parse: Parse
    text: str
    rules: RuleSet
    quotes: tuple[Span, ...]
    entities: list[Entity] = field(default_factory=list)
    run_entity: dict[tuple[int, int], int] = field(default_factory=dict)
    roles: list[tuple[RoleSignature, int, int]] = field(
        default_factory=list
    )  # (role, entity, offset)
    # (sentence, entity, weight, word) of each naming, subject and quote
    events: list[tuple[int, int, float, int]] = field(default_factory=list)
    noun_likeness: Callable[[str], float] = lambda lemma: 0.5
    voices: list[tuple[int, int]] = field(default_factory=list)  # (offset, entity) of speech
    said: list[tuple[int, int]] = field(default_factory=list)  # (sentence, entity) of any quote
    # the article's words, counted, and those that end a name (read once: _unglue)
    word_counts: Counter[str] = field(default_factory=Counter)
    name_ends: set[str] = field(default_factory=set)

    @classmethod
    def build(
        cls,
        parse: Parse,
        text: str,
        rules: RuleSet,
        quotes: tuple[Span, ...],
        noun_likeness: Callable[[str], float] | None = None,
    ) -> Resolver:
        r = cls(parse, text, rules, quotes)
        if noun_likeness is not None:
            r.noun_likeness = noun_likeness
        words = parse.words
        r.word_counts = Counter(w.text for w in words)
        # a middle name (« Tran Van Chau ») is no stem for a glued word
        r.name_ends = {
            w.text for w in words if w.i + 1 >= len(words) or not words[w.i + 1].text[:1].isupper()
        }
        r._collect_names()
        r._collect_roles()
        r._collect_agreement()
        r._collect_first_names()
        r._collect_subjects()
        r._collect_sources()
        return r

    # --- building -------------------------------------------------------------------------

    def _inside_quote(self, offset: int) -> bool:
        return any(q.start <= offset < q.end for q in self.quotes)

    def _collect_names(self) -> None:
        seen: set[tuple[int, int]] = set()
        for w in self.parse.words:
            run = name_run(self.parse, w.i, self.rules.titles)
            if run is None or run in seen:
                continue
            seen.add(run)
            tokens = self._name_tokens(run)
            if not tokens:
                continue
            k = self._entity_for(tokens)
            self.run_entity[run] = k
            e = self.entities[k]
            ents = {self.parse.words[j].ent for j in range(*run)}
            e.ents |= ents - {""}
            # A person is named with first and last name, an honorific, or a role (below); a
            # lone capitalised word, even tagged PER, may be a place or a body (« République »).
            if (
                self._honorific_gender(run[0]) is not None
                or (len(tokens) >= 2 and "PER" in ents)
                or self._age_after(run[1])
            ):
                e.evidence = True
            elif ents <= {"LOC", "ORG", "MISC"} and len(e.names) == 1:
                e.place_or_body = True
            e.set_gender(self._honorific_gender(run[0]), "gender.honorific")
            if not self._inside_quote(w.start):
                self.events.append((self.parse.sentence_index[w.i], k, NAME_WEIGHT, w.i))

    def _age_after(self, b: int) -> bool:
        """« Pamela, 33 ans, … », « raconte Karim, 34 ans »: a name with an age is a person."""
        words = self.parse.words
        return (
            b + 2 < len(words)
            and words[b].text == ","
            and words[b + 1].pos == "NUM"
            and words[b + 2].lemma.lower() in self.rules.titles.age_words
        )

    def _honorific_gender(self, a: int) -> str | None:
        if a == 0:
            return None
        return self.rules.titles.honorific_gender(self.parse.words[a - 1].text)

    def _name_tokens(self, run: tuple[int, int]) -> tuple[str, ...]:
        """The name's words as written (« Parent-Massin » stays one word)."""
        words = self.parse.words
        tokens = self.text[words[run[0]].start : words[run[1] - 1].end].split()
        return tuple(self._unglue(t) for t in tokens)

    def _unglue(self, token: str) -> str:
        """« Nomà » -> « Nom » when copy glued a short word to the name and the article
        spells the name without it elsewhere."""
        if self.word_counts[token] > 1:
            return token  # a word written so twice is no accident of copy
        for g in self.rules.titles.glued:
            stem = token[: -len(g)]
            if token.endswith(g) and len(stem) >= 3 and stem in self.name_ends:
                return stem
        return token

    def _entity_for(self, tokens: tuple[str, ...]) -> int:
        for k, e in enumerate(self.entities):
            if _same_person(tokens, e, self.rules.titles):
                if tokens not in e.names:
                    e.names.append(tokens)
                return k
        self.entities.append(Entity(names=[tokens]))
        return len(self.entities) - 1

    def _collect_roles(self) -> None:
        titles = self.rules.titles
        for w in self.parse.words:
            lemma = w.lemma.lower()
            if w.pos != "NOUN":
                continue
            if lemma in titles.person_roles:
                run = attached_name(self.parse, w.i, self.rules.titles)
                if run is None:
                    run = self._name_before_role(w.i)
            elif self._speaker_noun(w.i):
                run = self._name_before_role(w.i)  # « Prénom Nom, un habitant, … »
            else:
                continue
            if run is None or run not in self.run_entity:
                continue
            k = self.run_entity[run]
            sig = role_signature(self.parse, w.i, titles)
            self.roles.append((sig, k, w.start))
            e = self.entities[k]
            e.evidence = True
            if lemma not in titles.generic_roles:
                e.set_gender(sig.gender, "gender.role")

    def _collect_agreement(self) -> None:
        """Gender from a participle agreeing with a name: « Prénom Nom, interrogée par … »,
        « Prénom Nom est arrivée ». A participle after « avoir » never agrees: not evidence."""
        words = self.parse.words
        for (a, b), k in self.run_entity.items():
            head = next((j for j in range(a, b) if not a <= words[j].head < b), b - 1)
            w = words[head]
            targets = [c for c in self.parse.children[head] if words[c].dep in ("acl", "amod")]
            if w.dep.startswith("nsubj") and self._with_etre(w.head):
                targets.append(w.head)
            for t in targets:
                if words[t].feat("VerbForm") == "Part" and t != head:
                    g = GENDERS.get(words[t].feat("Gender") or "")
                    self.entities[k].set_gender(g, "gender.agreement")

    def _collect_first_names(self) -> None:
        """Gender from a person's first name, where the article gave none (« Joanna », « Marc
        Durand »): a name of two words or more, or one the recogniser or the article shows is
        a person's. A known first name is evidence of a person."""
        for e in self.entities:
            if e.gender is not None or e.kind != "person" or not e.named or e.place_or_body:
                continue
            name = max(e.names, key=len)
            lone = len(name) == 1 and "PER" in e.ents  # « Joanna », tagged a person
            if len(name) >= 2 or e.evidence or lone:
                gender = first_name_gender(name[0])
                e.set_gender(gender, FIRST_NAME_RULE)
                e.evidence = e.evidence or gender is not None

    def _with_etre(self, v: int) -> bool:
        return any(
            self.parse.words[c].dep in ("aux:pass", "aux:tense", "cop")
            and self.parse.words[c].lemma in self.rules.titles.agreeing_auxiliaries
            for c in self.parse.children[v]
        )

    def _name_before_role(self, i: int) -> tuple[int, int] | None:
        """« Prénom Nom, la secrétaire générale du syndicat »: a role apposed after a name."""
        words = self.parse.words
        a, _ = role_phrase(self.parse, i, self.rules.titles)
        k = a - 1
        while k >= 0 and words[k].pos == "DET":
            k -= 1
        if k < 1 or words[k].text != ",":
            return None
        run = name_run(self.parse, k - 1, self.rules.titles)
        if run is None or run[1] != k:
            return None
        # « Reçue à l'Elysée, la secrétaire générale »: a place after a preposition is no
        # apposition anchor.
        if any(has_case(self.parse, j) for j in range(*run)):
            return None
        return run

    def _collect_subjects(self) -> None:
        self._collect_name_subjects()
        for w in self.parse.words:
            if not w.dep.startswith("nsubj") or self._inside_quote(w.start):
                continue
            if not is_finite(self.parse, w.head):
                continue  # « Prénom Nom maintenir son soutien »: no finite verb, no salience
            k = self._entity_of_word(w.i)
            if k is None and self._speaker_noun(w.i):
                # « Prénom Nom … La comédienne de 54 ans était invitée »: the person named
                # before; else a role of its own (« une habitante raconte », « le syndicat a »)
                k = self._role_anaphor(w.i)
                if k is None:
                    k = self.unnamed_entity(w.i)
            if k is not None:
                weight = self._subject_weight(w.head)
                self.events.append((self.parse.sentence_index[w.i], k, weight, w.i))

    def _collect_sources(self) -> None:
        """« Pour Prénom Nom, élu de la ville, … », « selon la préfecture »: a source speaks, and
        the text goes on about it as about a subject (« …, fait-il remarquer »)."""
        for cue in source_cues(self.text, self.rules, Span(0, len(self.text))):
            if cue.mention is None or self._inside_quote(cue.span.start):
                continue
            for w in self.parse.words_in(cue.mention):
                k = self._entity_of_word(w.i)
                if k is None and self._speaker_noun(w.i):
                    k = self.unnamed_entity(w.i)
                if k is not None:
                    self.events.append((self.parse.sentence_index[w.i], k, SUBJECT_WEIGHT, w.i))
                    e = self.entities[k]
                    if e.named and not e.place_or_body:
                        e.evidence = True  # a name cited as a source is a person's (or a body's)
                    break

    def _subject_weight(self, v: int) -> float:
        """The salience a subject of verb `v` gains: a main clause's subject is what the text
        is about; a relative clause's is only named (« Prénom Nom, élu de la ville où
        Prénom2 Nom2 vint en 2005 »: the text goes on about the first)."""
        return NAME_WEIGHT if self.parse.words[v].dep.startswith("acl") else SUBJECT_WEIGHT

    def _collect_name_subjects(self) -> None:
        """« Prénom Nom défend … »: a name right before a finite verb, with no preposition, is
        its subject even where the parse says otherwise (a surname that is also a common word
        is often parsed as one)."""
        words = self.parse.words
        for (a, b), k in self.run_entity.items():
            if self._inside_quote(words[a].start) or any(
                has_case(self.parse, j) for j in range(a, b)
            ):
                continue
            if a > 0 and words[a - 1].pos == "ADP":
                continue
            j = b
            while j < len(words) and (words[j].pos == "ADV" or words[j].dep.startswith("expl")):
                j += 1
            if j < len(words) and words[j].pos in ("VERB", "AUX") and is_finite(self.parse, j):
                if any(words[c].dep.startswith("nsubj") and c < a for c in self.parse.children[j]):
                    continue
                weight = self._subject_weight(j)
                self.events.append((self.parse.sentence_index[a], k, weight, a))

    def _entity_of_word(self, i: int) -> int | None:
        run = name_run(self.parse, i, self.rules.titles)
        if run is not None:
            return self.run_entity.get(run)
        w = self.parse.words[i]
        if w.pos != "NOUN":
            return None
        if w.lemma.lower() in self.rules.titles.person_roles or self._speaker_noun(i):
            # « le capitaine de frégate Prénom »: the role's own name
            run = attached_name(self.parse, i, self.rules.titles)
            if run is not None:
                return self.run_entity.get(run)
        if w.lemma.lower() in self.rules.titles.person_roles:
            return self._role_entity(role_signature(self.parse, i, self.rules.titles), w.start)
        return None

    def _speaker_noun(self, i: int, at_least: float = 0.85) -> bool:
        """A common noun that surely names someone who speaks (« habitante », « syndicat »),
        not a document (« le communiqué » speaks, but is no antecedent of « il »)."""
        w = self.parse.words[i]
        lemma = w.lemma.lower()
        return (
            w.pos == "NOUN"
            and lemma not in self.rules.titles.document_nouns
            and self.noun_likeness(lemma) >= at_least
        )

    def unnamed_entity(self, head: int) -> int:
        """The entity of the unnamed role, body or group headed by noun `head` (« une
        habitante », « le syndicat des enseignants »): one per role phrase in the article."""
        a, b = role_phrase(self.parse, head, self.rules.titles)
        words = self.parse.words
        phrase = self.text[words[a].start : words[b - 1].end]
        # « le collectif des "gilets jaunes" »: the marks set off a term, no part of the name
        marks = "".join(self.rules.marks.characters)
        tokens = tuple(t for t in (w.strip(marks) for w in phrase.split()) if t)
        for k, e in enumerate(self.entities):
            if not e.named and tokens in e.names:
                return k
        lemma = words[head].lemma.lower()
        plural = words[head].feat("Number") == "Plur"
        kind = self._noun_kind(lemma, plural)
        e = Entity(names=[tokens], kind=kind, evidence=True, named=False, plural=plural)
        e.first_offset = words[head].start
        e.role = (lemma, *(w.lemma for w in words[a:b]))
        e.set_gender(role_signature(self.parse, head, self.rules.titles).gender, "gender.role")
        self.entities.append(e)
        return len(self.entities) - 1

    def _noun_kind(self, lemma: str, plural: bool) -> str:
        """Person, body or group by the head noun's list in titles.toml; "" when the noun is
        in none (a speaker-like noun of no known kind)."""
        titles = self.rules.titles
        if lemma in titles.org_nouns:
            return "organization"
        if lemma in titles.document_nouns:
            return ""
        person = lemma in titles.person_roles or lemma in titles.group_nouns
        if not person and self.noun_likeness(lemma) < 0.85:
            return ""
        return "group" if plural else "person"

    # --- resolving ------------------------------------------------------------------------

    def add_speaker(self, entity: int | None, offset: int, direct: bool = False) -> None:
        """Record that `entity` spoke at `offset`: speakers are salient for later pronouns;
        `direct` speech (not a fragment of the journalist's sentence) makes it the voice the
        next quotes and pronouns most likely continue; a fragment only names its speaker
        (« où X vint promettre la "racaille" au "karcher" » is not what the text is about)."""
        if entity is None:
            return
        if direct:
            self.voices.append((offset, entity))
        e = self.entities[entity]
        if e.named and not e.place_or_body:
            e.evidence = True  # a name that speaks is a person's (or a body's)
        w = self.parse.word_at(offset)
        s = self._sentence_at(offset)
        i = w.i if w else len(self.parse.words)
        self.events.append((s, entity, SPEAKER_WEIGHT if direct else NAME_WEIGHT, i))
        self.said.append((s, entity))

    def resolve(self, mention: Mention, head: int, anchor: int | None = None) -> Resolution:
        """The speaker named by `mention`, whose head word is `head`.

        `anchor` is the word from which a pronoun looks back (the start of the quote for an
        incise after a long quote, whose own sentences name no antecedent).
        """
        if mention.kind is MentionKind.NAME:
            run = name_run(self.parse, head, self.rules.titles)
            if run is None or not mention.span.start <= self.parse.words[run[0]].start:
                # the mention names someone after its head (« l'Italien Prénom Nom »)
                run = _run_at(self.parse, mention.span, self.rules.titles) or run
            k = self.run_entity.get(run) if run else None
            if k is None and mention.text.split():
                k = self._entity_for(tuple(mention.text.split()))
            if k is None:
                return Resolution(None, None, "name")
            return Resolution(self.entities[k].canonical, k, "name")
        if mention.kind is MentionKind.PRONOUN:
            if mention.head in self.rules.titles.impersonal_clitics:
                return Resolution(None, None, "pronoun")  # « a-t-on appris »: nobody known
            k = self.most_salient(
                head if anchor is None else anchor, mention.gender, plural=mention.plural
            )
            return Resolution(self.entities[k].canonical if k is not None else None, k, "pronoun")
        if (
            mention.kind is MentionKind.DOCUMENT
            and not role_signature(self.parse, head, self.rules.titles).modifiers
        ):
            # « le communiqué », « ce rapport »: the one the text spoke of before, else the
            # last speaker's; « le rapport parlementaire » speaks for itself (below)
            k = self._earlier_unnamed(head, mention.span.start) if self._definite(head) else None
            if k is not None:
                return Resolution(self.entities[k].canonical, k, "role.anaphora")
            k = self.last_speaker(head)
            if k is not None:
                return Resolution(self.entities[k].canonical, k, "document")
        if partitive_group(self.parse, head, self.rules.titles) is not None:
            return self._partitive(mention)
        sig = role_signature(self.parse, head, self.rules.titles)
        plural = self.parse.words[head].feat("Number") == "Plur"
        # « les deux hommes » are not the one person the article called « homme ».
        k = None if plural else self._role_entity(sig, mention.span.start)
        if k is not None:
            return Resolution(self.entities[k].canonical, k, "role")
        if self._definite(head):
            # « cette source », « le manifestant »: the unnamed speaker of that role the text
            # introduced before (« une source proche de l'enquête »).
            k = self._earlier_unnamed(head, mention.span.start)
            if k is not None:
                return Resolution(self.entities[k].canonical, k, "role.anaphora")
        if mention.kind is MentionKind.ROLE:
            k = self._role_anaphor(head, sig)
            if k is not None:
                return Resolution(self.entities[k].canonical, k, "role.anaphora")
        return self._unnamed(mention, head, sig)

    def _role_anaphor(self, head: int, sig: RoleSignature | None = None) -> int | None:
        """The named person a definite role refers back to: « l'homme politique norvégien »,
        « le président américain élu », a role with only adjectives, is someone the text is
        already about (one person: « les organisateurs » is not the last person named); a
        demonstrative describes whom it points back to (« Prénom Nom, une infirmière … cette
        mère de deux enfants »): no role of the antecedent stands against it."""
        sig = sig or role_signature(self.parse, head, self.rules.titles)
        if (
            (sig.complement and not self._demonstrative(head))
            or self.parse.words[head].feat("Number") == "Plur"
            or not self._definite(head)
            or self.parse.words[head].lemma.lower() in self.rules.titles.org_nouns
        ):
            return None
        role = None if self._demonstrative(head) else sig
        return self.most_salient(head, sig.gender, role=role, named=True)

    def _demonstrative(self, head: int) -> bool:
        """« cette mère de deux enfants »: a demonstrative points back, complement or not."""
        return any(
            self.parse.words[c].dep == "det" and self.parse.words[c].feat("PronType") == "Dem"
            for c in self.parse.children[head]
        )

    def _definite(self, head: int) -> bool:
        """A definite or demonstrative determiner (« le manifestant », « cette source »)."""
        return any(
            self.parse.words[c].dep == "det"
            and (
                self.parse.words[c].feat("Definite") == "Def"
                or self.parse.words[c].feat("PronType") == "Dem"
            )
            for c in self.parse.children[head]
        )

    def _earlier_unnamed(self, head: int, offset: int) -> int | None:
        """The unnamed entity named before `offset` with the same head noun as `head`; the
        phrase at `head` becomes one of its names (the fullest one is its name).

        The phrase may say less than the entity's names (« une source proche de l'enquête …
        la source »), never more nor another gender: « la présidente de la FNSEA » is not
        the « président » named before."""
        words = self.parse.words
        lemma = words[head].lemma.lower()
        plural = words[head].feat("Number") == "Plur"
        a, b = role_phrase(self.parse, head, self.rules.titles)
        tokens = tuple(self.text[words[a].start : words[b - 1].end].split())
        gender = noun_gender(self.parse, head, self.rules.titles)
        for k in range(len(self.entities) - 1, -1, -1):
            e = self.entities[k]
            if e.named or not e.role or e.role[0] != lemma or e.plural != plural:
                continue
            if e.first_offset is not None and e.first_offset < offset:
                if (gender and e.gender and gender != e.gender) or self._says_more(tokens, e.names):
                    continue
                if tokens not in e.names:
                    e.names.append(tokens)
                return k
        earlier = self._earlier_phrase(head)
        if earlier is None:
            return None
        c, d = role_phrase(self.parse, earlier, self.rules.titles)
        before = tuple(self.text[words[c].start : words[d - 1].end].split())
        return None if self._says_more(tokens, [before]) else self.unnamed_entity(earlier)

    def _says_more(self, phrase: tuple[str, ...], names: list[tuple[str, ...]]) -> bool:
        """Does `phrase` hold a content word that none of `names` holds (up to gender,
        number and the names of one body)?"""
        titles = self.rules.titles
        known = frozenset().union(*(role_bag(n, titles) for n in names))
        return bool(role_bag(phrase, titles) - known)

    def _earlier_phrase(self, head: int, reach: int = 8) -> int | None:
        """« une source judiciaire … la source »: the nearest earlier noun phrase of the same
        head noun and number, outside quotes, that says more than its head, within `reach`
        sentences (no finder has made it an entity yet)."""
        words = self.parse.words
        w = words[head]
        lo = self.parse.sentences[max(0, self.parse.sentence_index[head] - reach)][0]
        for j in range(head - 1, lo - 1, -1):
            v = words[j]
            if (
                v.pos == "NOUN"
                and v.lemma.lower() == w.lemma.lower()
                and v.feat("Number") == w.feat("Number")
                and not self._inside_quote(v.start)
            ):
                a, b = role_phrase(self.parse, j, self.rules.titles)
                return j if b - a > 1 else None
        return None

    def _partitive(self, mention: Mention) -> Resolution:
        """« l'un des orateurs »: one person of a group, named by the phrase."""
        tokens = tuple(mention.text.split())
        for k, e in enumerate(self.entities):
            if not e.named and tokens in e.names:
                return Resolution(e.canonical, k, "role.unnamed")
        e = Entity(names=[tokens], kind="person", evidence=True, named=False)
        e.role = (mention.head, *(w.lemma for w in self.parse.words_in(mention.span)))
        e.first_offset = mention.span.start
        e.set_gender(mention.gender, "gender.role")
        self.entities.append(e)
        return Resolution(e.canonical, len(self.entities) - 1, "role.unnamed")

    def _role_conflict(self, k: int, sig: RoleSignature) -> bool:
        """Entity `k` holds another specific role (« président » is not « secrétaire d'État »)."""
        if sig.head in self.rules.titles.generic_roles:
            return False
        heads = {role.head for role, e, _ in self.roles if e == k}
        return bool(heads) and sig.head not in heads

    def _unnamed(self, mention: Mention, head: int, sig: RoleSignature) -> Resolution:
        """An unnamed role or body speaks under its phrase (« porte-parole du gouvernement »)."""
        k = self.unnamed_entity(head)
        if mention.kind is MentionKind.ORG:
            self.entities[k].kind = "organization"
        return Resolution(self.entities[k].canonical, k, "role.unnamed")

    def _role_entity(self, sig: RoleSignature, offset: int) -> int | None:
        """The person the article named in a role matching `sig`, latest before `offset` first."""
        generic = self.rules.titles.generic_roles
        candidates: list[tuple[float, bool, int, int]] = []
        for role, k, where in self.roles:
            if role.head != sig.head and sig.head not in generic:
                continue
            if not _gender_ok(role.gender, sig.gender):
                continue  # « l'habitante » is not the man named « un habitant »
            shared = len(role.modifiers & sig.modifiers)
            if sig.modifiers and shared == 0:
                continue
            score = shared - 0.5 * len(sig.modifiers - role.modifiers)
            score += 0.5 if role.head == sig.head else 0.0
            # Earlier naming first, the latest one among them; else the nearest later one.
            candidates.append((score, where <= offset, where if where <= offset else -where, k))
        return max(candidates)[3] if candidates else None

    def most_salient(
        self,
        head: int,
        gender: str | None,
        window: int = 6,
        role: RoleSignature | None = None,
        min_score: float = 0.0,
        plural: bool = False,
        named: bool = False,
    ) -> int | None:
        """The person (or group, for a plural) with the highest decayed salience before word
        `head` (`named`: among the named ones). When a gender is asked for, an entity of
        unknown gender counts half."""
        scores = {
            k: v * (0.5 if gender is not None and self.entities[k].gender is None else 1.0)
            for k, v in self.salience(head, window).items()
            if self._antecedent(k, gender, role, plural) and (self.entities[k].named or not named)
        }
        best = max(scores, key=lambda k: scores[k]) if scores else None
        return best if best is not None and scores[best] >= min_score else None

    def salience(self, head: int, window: int = 6) -> dict[int, float]:
        """Each entity's salience before word `head`: its namings, subjects and quotes in the
        last `window` sentences, each decaying by 0.6 a sentence."""
        here = self.parse.sentence_index[head]
        scores: dict[int, float] = {}
        for s, k, weight, i in self.events:
            if s > here or here - s > window or (s == here and i >= head):
                continue
            scores[k] = scores.get(k, 0.0) + weight * 0.6 ** (here - s)
        return scores

    def _antecedent(
        self, k: int, gender: str | None, role: RoleSignature | None, plural: bool = False
    ) -> bool:
        """Can entity `k` be the antecedent of a pronoun or role of `gender`, `role` and
        number (« ils » stands for a group, « il » for a person)?"""
        e = self.entities[k]
        if not _gender_ok(e.gender, gender):
            return False
        if e.kind == "organization" and not plural and role is None:
            # « le ministère … Il précise que »: a body named by a noun phrase, whose gender
            # its determiner gives
            return not e.named and e.gender is not None and gender is not None
        if plural and e.kind == "organization" and e.plural:
            return e.evidence  # « les syndicats … ont-ils prévenu »: bodies, taken together
        if e.kind != ("group" if plural else "person"):
            return False
        if not e.evidence:
            return False  # « l'Ukraine », « l'OTAN » are not antecedents of « il »
        return role is None or not self._role_conflict(k, role)

    def likeness(self, k: int, noun_likeness: Callable[[str], float]) -> float:
        """Can entity `k` speak? A person named as one, else by the recogniser's types of its
        names, or for an unnamed role or body by the likeness of its head noun."""
        e = self.entities[k]
        if e.evidence and e.kind == "person" and e.named:
            return 1.0
        if not e.named:
            return noun_likeness(e.role[0]) if e.role else 0.5
        # A name the recogniser left untyped is most often a person's.
        return max((_ENT_LIKENESS.get(t, 0.5) for t in e.ents), default=0.9)

    def speakers(self) -> tuple[ArticleSpeaker, ...]:
        """Every entity as an `ArticleSpeaker`, in entity order (attributions index them)."""
        return tuple(e.as_speaker() for e in self.entities)

    def voice_for(
        self, offset: int, since: int, gender: str | None, plural: bool = False, reach: int = 3
    ) -> int | None:
        """The speaker of the last direct speech between `since` and `offset`, at most `reach`
        of the journalist's sentences back, when a pronoun of `gender` and number can stand
        for it (« "…", poursuit-il ») and nobody else it could stand for was named since
        (« "…", dit X. Y le contredit. "…", a-t-il ajouté »)."""
        before = [(at, k) for at, k in self.voices if since <= at < offset]
        if not before or not self._antecedent(before[-1][1], gender, None, plural):
            return None
        at, voice = before[-1]
        lo, hi = self._sentence_at(at), self._sentence_at(offset)
        if sum(self._narrative(k) for k in range(lo + 1, hi + 1)) > reach:
            return None  # too far back: the text has gone on to others
        rivals = {k for s, k, _weight, _i in self.events if lo < s <= hi and k != voice}
        if any(self._antecedent(k, gender, None, plural) for k in rivals):
            return None
        return voice

    def _narrative(self, s: int) -> bool:
        """Is sentence `s` the journalist's (its first word outside quotes)?"""
        lo, hi = self.parse.sentences[s]
        first = next((w for w in self.parse.words[lo:hi] if w.text[:1].isalnum()), None)
        return first is not None and not self._inside_quote(first.start)

    def _sentence_at(self, offset: int) -> int:
        w = self.parse.word_at(offset)
        return self.parse.sentence_index[w.i] if w is not None else len(self.parse.sentences)

    def voice_before(self, offset: int) -> int | None:
        """The speaker of the last direct speech before `offset`."""
        before = [k for at, k in self.voices if at < offset]
        return before[-1] if before else None

    def antecedents(
        self, head: int, gender: str | None, plural: bool = False, n: int = 3
    ) -> list[int]:
        """The `n` likeliest antecedents of a pronoun at `head`, most salient first."""
        scores = {
            k: v * (0.5 if gender is not None and self.entities[k].gender is None else 1.0)
            for k, v in self.salience(head).items()
            if self._antecedent(k, gender, None, plural)
        }
        return sorted(scores, key=lambda k: -scores[k])[:n]

    def last_speaker(self, head: int) -> int | None:
        here = self.parse.sentence_index[head]
        for s, k in reversed(self.said):
            if s <= here:
                return k
        return None


def _gender_ok(entity: str | None, wanted: str | None) -> bool:
    return entity is None or wanted is None or entity == wanted


def is_finite(parse: Parse, v: int) -> bool:
    w = parse.words[v]
    if w.feat("VerbForm") == "Fin":
        return True
    return any(
        parse.words[c].dep.startswith("aux") and parse.words[c].feat("VerbForm") == "Fin"
        for c in parse.children[v]
    ) or any(
        parse.words[c].dep == "cop" and parse.words[c].feat("VerbForm") == "Fin"
        for c in parse.children[v]
    )


def _run_at(parse: Parse, span: Span, titles: Titles) -> tuple[int, int] | None:
    for w in parse.words_in(span):
        run = name_run(parse, w.i, titles)
        if run is not None:
            return run
    return None


def _same_person(tokens: tuple[str, ...], e: Entity, titles: Titles) -> bool:
    """Same surname (up to spelling variants) and compatible first names: with every full
    name the entity has, not only one (« Durand », then « Claire Durand », then « Paul
    Durand »: the last is another person, not a third name of the first)."""
    if e.kind != "person":
        return False
    surname = spelling_key(tokens[-1], titles)
    if len(tokens) > 1 and any(
        len(known) > 1
        and _surname_match(surname, spelling_key(known[-1], titles))
        and fold(tokens[0])[:1] != fold(known[0])[:1]
        for known in e.names
    ):
        return False
    for known in e.names:
        same = _surname_match(spelling_key(tokens[-1], titles), spelling_key(known[-1], titles))
        if same and (
            len(tokens) == 1 or len(known) == 1 or fold(tokens[0])[:1] == fold(known[0])[:1]
        ):
            return True
        if len(tokens) == 1 and len(known) > 1 and fold(tokens[0]) == fold(known[0]):
            return True  # a first name alone (« le président ukrainien Prénom »)
    return False


def _surname_match(a: str, b: str, shortest: int = 7) -> bool:
    """Spelling keys equal, or one letter apart in a long name (a typo); shorter ones equal
    (« Caire » is no typo of « Maire », nor « Franck » of « France »)."""
    if a == b:
        return True
    if min(len(a), len(b)) < shortest or len(a) != len(b):
        return False
    return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
