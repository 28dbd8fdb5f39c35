"""One identity per speaker across articles: aliases, spelling variants, dated roles.

The stage after the per-article pipeline. Each article names its speakers its own way
(« Prénom Nomskyy », « Prenom Nomsky », « le président ukrainien »); linking gives
every person, body or group one `Speaker` with a stable id and one canonical name:

1. A person named in full joins the entry of `rules/speakers.toml`, or the other articles'
   person, with the same surname (up to spelling variants from `rules/titles.toml`) and a
   compatible first name (equal, an initial, a transliteration: Vladimir ~ Volodymyr).
   Different first names stay apart (a father and daughter of one surname).
2. A speaker the article names only by a role (« le secrétaire général de l'OTAN ») is the
   holder of that role on the article's date, from the dated roles of `speakers.toml`.
   The article's own naming always comes first: the resolver has linked roles to names.
3. A surname alone joins the one person of that surname, when there is only one.
4. The rest (bodies, groups, unknown roles) are one speaker per role phrase.
"""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import regex

from quotes.firstnames import RULE as FIRST_NAME_RULE
from quotes.rules import KnownSpeaker, RuleSet, Titles
from quotes.types import ArticleResult, ArticleSpeaker, SpeakerKind

_SPLIT = regex.compile(r"[\s'’]+")
_DOUBLED = regex.compile(r"(\p{L})\1+")


@dataclass(frozen=True, slots=True)
class Speaker:
    """One person, body or group across the corpus."""

    id: str
    name: str
    kind: str | None
    gender: str | None
    gender_rule: str | None
    variants: tuple[str, ...]
    source: str  # "rules": an entry of speakers.toml; "text": found in the articles only


@dataclass(frozen=True, slots=True)
class Linked:
    """The corpus's speakers, and which one each article's speaker is."""

    speakers: tuple[Speaker, ...]
    index: Mapping[tuple[str, int], int] = field(default_factory=dict)

    def of(self, article: str, key: int | None) -> Speaker | None:
        k = self.index.get((article, key)) if key is not None else None
        return self.speakers[k] if k is not None else None


@dataclass(frozen=True, slots=True)
class PersonName:
    """A person's name split for comparison: normalised given names and surname key."""

    given: tuple[str, ...]
    surname: str

    @property
    def full(self) -> bool:
        """Given names that are not only initials (« J. Nom » could be anyone)."""
        return any(len(g) > 1 for g in self.given)


@dataclass(frozen=True, slots=True)
class _Node:
    """A speaker of one article (or an entry of speakers.toml) waiting to be linked."""

    article: str | None
    key: int | None
    date: dt.date | None
    speaker: ArticleSpeaker | None
    entry: KnownSpeaker | None = None


def fold(s: str) -> str:
    """Lowercase without accents."""
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def spelling_key(word: str, titles: Titles) -> str:
    """« Nomskyy », « Nomskiy », « Nomsky » -> one key (rewrites from titles.toml)."""
    return _spelling_key(word, titles.spelling)


@functools.lru_cache(maxsize=65536)
def _spelling_key(word: str, spelling: tuple[tuple[str, str], ...]) -> str:
    # Cached: resolution compares every name of an article with every other.
    s = _DOUBLED.sub(r"\1", fold(word).replace(".", ""))
    for a, b in spelling:
        s = s.replace(a, b)
    return _DOUBLED.sub(r"\1", s)


def person_name(name: str, titles: Titles) -> PersonName | None:
    """Given names and surname key of `name`, honorifics and leading role nouns left out.

    Particles belong to neither: « Le Nom » and « Prénom Le Nom » share the key « nom »."""
    tokens = [t for t in name.split() if t]
    while tokens and _is_title(tokens[0], titles):
        tokens.pop(0)
    if tokens:
        tokens[0] = _strip_glued_honorific(tokens[0], titles)
    if not tokens:
        return None
    cut = len(tokens) - 1
    while cut > 0 and fold(tokens[cut - 1]) in titles.name_particles:
        cut -= 1
    given = tuple(spelling_key(t, titles) for t in tokens[:cut])
    return PersonName(given, spelling_key(tokens[-1], titles))


def _is_title(token: str, titles: Titles) -> bool:
    return token in titles.honorific_forms or fold(token) in _folded_roles(titles)


@functools.lru_cache(maxsize=8)
def _folded_roles(titles: Titles) -> frozenset[str]:
    return frozenset(fold(r) for r in titles.person_roles)


def _strip_glued_honorific(token: str, titles: Titles) -> str:
    """« M.Nom » -> « Nom »: copy that lost the space after an honorific."""
    for h in titles.honorific_forms:
        if h.endswith(".") and token.startswith(h) and token[len(h) :][:1].isupper():
            return token[len(h) :]
    return token


def same_given(a: tuple[str, ...], b: tuple[str, ...], ratio: float = 0.25) -> bool:
    """Compatible given names: equal, one an initial of the other, a spelling variant within
    `ratio` edits per letter (Wladimir ~ Volodymyr, Luc ~ Luk; not Marine ~ Marion), or
    one person's given names a part of the other's (« Recep Tayyip » ~ « Tayyip »)."""
    if not a or not b:
        return True
    x, y = a[0], b[0]
    if len(x) == 1 or len(y) == 1:
        return x[0] == y[0]
    if _edits(x, y) <= int(min(len(x), len(y)) * ratio):
        return True
    return set(a) <= set(b) or set(b) <= set(a)


def _edits(a: str, b: str) -> int:
    """Levenshtein distance."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def role_bag(words: Iterable[str], titles: Titles) -> frozenset[str]:
    """The content of a role phrase for comparison: function words out, bodies and
    countries to one key (« ukrainien » = « Ukraine »), other words in the masculine
    singular, folded (« présidentes » = « président », but « Républicains » is not
    « République »)."""
    return _role_bag(tuple(words), titles)


@functools.lru_cache(maxsize=65536)
def _role_bag(words: tuple[str, ...], titles: Titles) -> frozenset[str]:
    raw = [t.lower() for w in words for t in _SPLIT.split(w) if t]
    tokens = [fold(t) for t in raw]
    bodies, function_words = _word_classes(titles)
    out: set[str] = set()
    i = 0
    while i < len(tokens):
        for n in (4, 3, 2, 1):
            key = bodies.get(" ".join(tokens[i : i + n]))
            if key is not None and i + n <= len(tokens):
                out.add(key)
                i += n
                break
        else:
            if tokens[i] not in function_words:
                out.add(fold(base_form(raw[i], titles)))
            i += 1
    return frozenset(out)


@functools.lru_cache(maxsize=65536)
def base_form(word: str, titles: Titles, shortest: int = 3) -> str:
    """`word` (lower case) in the masculine singular, by the endings of titles.toml: one
    plural ending, then one feminine ending, the longest that fits, each only when
    `shortest` letters remain (« conseillères » -> « conseiller », « députée » -> « député »).
    """
    for endings in (titles.plural_endings, titles.feminine_endings):
        for single, other in sorted(endings, key=lambda e: -len(e[1])):
            if other and word.endswith(other) and len(word) - len(other) >= shortest:
                word = word[: len(word) - len(other)] + single
                break
    return word


@functools.lru_cache(maxsize=8)
def _word_classes(titles: Titles) -> tuple[dict[str, str], frozenset[str]]:
    bodies = {fold(n): fold(names[0]) for names in titles.bodies for n in names}
    return bodies, frozenset(fold(w) for w in titles.function_words)


class _Sets:
    """Union-find over nodes; a set never holds two entries of speakers.toml."""

    def __init__(self, nodes: Sequence[_Node]) -> None:
        self.parent = list(range(len(nodes)))
        self.entry: list[KnownSpeaker | None] = [n.entry for n in nodes]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> bool:
        a, b = sorted((self.find(i), self.find(j)))
        if a == b:
            return True
        if self.entry[a] is not None and self.entry[b] is not None:
            return False  # two known people are never one
        self.parent[b] = a
        self.entry[a] = self.entry[a] or self.entry[b]
        return True


@dataclass(frozen=True, slots=True)
class SpeakerRefs:
    """What linking needs of one article: its id, its date, and the speakers its rows name
    (by their key in the article's result). A streaming run keeps only this per article."""

    article: str
    date: dt.date | None
    speakers: tuple[tuple[int, ArticleSpeaker], ...]


def speaker_refs(result: ArticleResult) -> SpeakerRefs:
    keys = sorted({a.speaker_key for a in result.attributions if a.speaker_key is not None})
    a = result.article
    return SpeakerRefs(a.id, a.date, tuple((k, result.speakers[k]) for k in keys))


def link(results: Sequence[ArticleResult | SpeakerRefs], rules: RuleSet) -> Linked:
    """Link the speakers of every article into corpus-wide speakers (see the module doc)."""
    titles = rules.titles
    nodes = [_Node(None, None, None, None, e) for e in rules.speakers]
    for r in results:
        refs = r if isinstance(r, SpeakerRefs) else speaker_refs(r)
        for key, speaker in refs.speakers:
            nodes.append(_Node(refs.article, key, refs.date, speaker))
    sets = _Sets(nodes)
    names = {i: _names(n, titles) for i, n in enumerate(nodes)}
    _link_full_names(nodes, names, sets)
    _link_roles(nodes, sets, rules)
    _link_surnames(nodes, names, sets)
    _link_phrases(nodes, names, sets, titles)
    return _speakers(nodes, sets)


def _names(node: _Node, titles: Titles) -> list[PersonName]:
    if node.entry is not None:
        forms = node.entry.names if node.entry.kind == "person" else ()
    elif node.speaker is not None and _is_named_person(node.speaker):
        forms = node.speaker.names
    else:
        forms = ()
    out = [p for p in (person_name(f, titles) for f in forms) if p is not None]
    return out


def _is_named_person(s: ArticleSpeaker) -> bool:
    return s.named and s.kind is SpeakerKind.PERSON


def _link_full_names(
    nodes: Sequence[_Node], names: dict[int, list[PersonName]], sets: _Sets
) -> None:
    """Rule 1: full names with one surname key and compatible given names."""
    by_surname: dict[str, list[int]] = {}
    for i in range(len(nodes)):
        for surname in sorted({p.surname for p in names[i] if p.full}):
            by_surname.setdefault(surname, []).append(i)
    for surname, members in sorted(by_surname.items()):
        # A name recurs in many articles: speakers giving the same full names under this
        # surname are compared once, as one group (pairs of members grow with the square).
        groups: dict[tuple[tuple[tuple[str, ...], str], ...], list[int]] = {}
        for i in members:
            forms = {(p.given, p.surname) for p in names[i] if p.full and p.surname == surname}
            groups.setdefault(tuple(sorted(forms)), []).append(i)
        heads = []
        for group in groups.values():
            if _compatible(names[group[0]], names[group[0]], surname):
                for j in group[1:]:
                    sets.union(group[0], j)
                heads.append(group[0])
            else:  # never seen: a name not compatible with itself is compared one by one
                heads.extend(group)
        for x, i in enumerate(heads):
            for j in heads[x + 1 :]:
                if _compatible(names[i], names[j], surname):
                    sets.union(i, j)


def _compatible(a: list[PersonName], b: list[PersonName], surname: str) -> bool:
    return any(
        same_given(p.given, q.given)
        for p in a
        if p.full and p.surname == surname
        for q in b
        if q.full and q.surname == surname
    )


def _link_roles(nodes: Sequence[_Node], sets: _Sets, rules: RuleSet) -> None:
    """Rule 2: a speaker known by a role phrase is that role's holder on the article's date;
    a body's phrase may be a name of an entry (« diplomatie ukrainienne »)."""
    entries = {id(n.entry): i for i, n in enumerate(nodes) if n.entry is not None}
    for i, n in enumerate(nodes):
        if n.speaker is None or _is_named_person(n.speaker):
            continue
        entry = holder(n.speaker, n.date, rules)
        if entry is not None:
            sets.union(i, entries[id(entry)])


def holder(speaker: ArticleSpeaker, day: dt.date | None, rules: RuleSet) -> KnownSpeaker | None:
    """The entry of speakers.toml that `speaker`'s role phrase or body name stands for.

    A phrase equal to a title (up to inflection and function words) is that title; a generic
    head (« le chef de l'OTAN », « le dirigeant ukrainien ») matches the least specific title
    holding its other words. Only one holder may match, else nobody: a wrong name is worse
    than the phrase."""
    titles = rules.titles
    words = speaker.role[1:] if speaker.role else speaker.names[:1]
    bag = role_bag(words, titles)
    head = fold(speaker.role[0]) if speaker.role else ""
    generic = head in {fold(g) for g in titles.generic_roles}
    # A generic head needs something to go by: « le chef » alone matches no title.
    rest = bag - role_bag([head], titles) if generic else frozenset()
    partial_ok = bool(rest - _role_stems(titles))
    exact: set[str] = set()
    partial: dict[str, int] = {}  # entry id -> fewest words its title adds to the phrase
    for entry in rules.speakers:
        if speaker.gender and entry.gender and speaker.gender != entry.gender:
            continue
        for t in _titles_on(entry, speaker, day):
            tbag = role_bag([t], titles)
            if tbag == bag:
                exact.add(entry.id)
            elif partial_ok and rest <= tbag:
                extra = len(tbag - rest)
                partial[entry.id] = min(extra, partial.get(entry.id, extra))
    # « le dirigeant ukrainien » is the holder of the least specific matching title (the
    # president, not the foreign minister); a tie between two people is nobody.
    fewest = min(partial.values(), default=0)
    found = exact or {k for k, extra in partial.items() if extra == fewest}
    if len(found) != 1:
        return None
    return next(e for e in rules.speakers if e.id in found)


def _titles_on(entry: KnownSpeaker, speaker: ArticleSpeaker, day: dt.date | None) -> list[str]:
    """What `speaker`'s phrase may equal: the titles a person held on `day`, or the names
    of a body or group of the same kind (« le ministre » is never « le ministère »)."""
    if speaker.kind is None or entry.kind != speaker.kind.value:
        return []
    if entry.kind != "person":
        return list(entry.names)
    return [t for r in entry.roles if day is not None and r.holds(day) for t in r.titles]


def _role_stems(titles: Titles) -> frozenset[str]:
    return role_bag(titles.role_nouns, titles)


def _link_surnames(nodes: Sequence[_Node], names: dict[int, list[PersonName]], sets: _Sets) -> None:
    """Rule 3: « Nom » or « P. Nom » alone joins the one person of that surname."""
    initials: dict[str, dict[int, set[str]]] = {}  # surname -> person -> initials of given names
    for i in range(len(nodes)):
        for p in names[i]:
            if p.full:
                person = initials.setdefault(p.surname, {}).setdefault(sets.find(i), set())
                person.add(p.given[0][:1])
    for i in range(len(nodes)):
        if not names[i] or any(p.full for p in names[i]):
            continue
        candidates = {
            root
            for p in names[i]
            for root, letters in initials.get(p.surname, {}).items()
            if not p.given or p.given[0][:1] in letters
        }
        if len(candidates) == 1:
            sets.union(i, candidates.pop())


def _link_phrases(
    nodes: Sequence[_Node], names: dict[int, list[PersonName]], sets: _Sets, titles: Titles
) -> None:
    """Rule 4: speakers left alone with the same phrase are one (« la police » everywhere)."""
    first: dict[tuple[str, frozenset[str]], int] = {}
    for i, n in enumerate(nodes):
        if n.speaker is None or names[i] or sets.entry[sets.find(i)] is not None:
            continue
        words = n.speaker.role[1:] if n.speaker.role else (n.speaker.name,)
        key = (n.speaker.kind.value if n.speaker.kind else "", role_bag(words, titles))
        if key in first:
            sets.union(i, first[key])
        else:
            first[key] = i


def _speakers(nodes: Sequence[_Node], sets: _Sets) -> Linked:
    groups: dict[int, list[int]] = {}
    for i, n in enumerate(nodes):
        if n.speaker is not None:
            groups.setdefault(sets.find(i), []).append(i)
    built = sorted(
        (
            (_speaker([nodes[i] for i in members], sets.entry[root]), members)
            for root, members in groups.items()
        ),
        key=lambda sm: (sm[0].id, sm[0].name, min(sm[1])),
    )
    speakers: list[Speaker] = []
    index: dict[tuple[str, int], int] = {}
    taken: Counter[str] = Counter()
    for speaker, members in built:
        taken[speaker.id] += 1
        if taken[speaker.id] > 1:  # two people whose names give one slug
            speaker = _with_id(speaker, f"{speaker.id}-{taken[speaker.id]}")
        for i in members:
            n = nodes[i]
            assert n.article is not None and n.key is not None
            index[(n.article, n.key)] = len(speakers)
        speakers.append(speaker)
    return Linked(tuple(speakers), index)


def _with_id(s: Speaker, new_id: str) -> Speaker:
    return Speaker(new_id, s.name, s.kind, s.gender, s.gender_rule, s.variants, s.source)


def _speaker(members: list[_Node], entry: KnownSpeaker | None) -> Speaker:
    said = [n.speaker for n in members if n.speaker is not None]
    variants = tuple(sorted({v for s in said for v in s.names}))
    if entry is not None:
        rule = "gender.rules" if entry.gender else None
        return Speaker(entry.id, entry.name, entry.kind, entry.gender, rule, variants, "rules")
    names = Counter(s.name for s in said)
    name = max(names, key=lambda v: (names[v], len(v.split()), v))
    kinds = Counter(s.kind.value for s in said if s.kind is not None)
    kind = max(kinds, key=lambda k: (kinds[k], k)) if kinds else None
    genders: Counter[tuple[str | None, str | None]] = Counter(
        (s.gender, s.gender_rule) for s in said if s.gender is not None
    )
    # the text's evidence outweighs any number of first names
    text = Counter({k: n for k, n in genders.items() if k[1] != FIRST_NAME_RULE})
    gender, rule = _majority(text or genders)
    return Speaker(slug(name), name, kind, gender, rule, variants, "text")


def _majority(votes: Counter[tuple[str | None, str | None]]) -> tuple[str | None, str | None]:
    """The gender most evidence gives; none when the evidence is split evenly."""
    by_gender = Counter[str]()
    for (g, _rule), n in votes.items():
        if g is not None:
            by_gender[g] += n
    if not by_gender:
        return None, None
    ranked = by_gender.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None, None
    best = ranked[0][0]
    rule = max((r for (g, r), _n in votes.items() if g == best and r), default=None)
    return best, rule


def slug(name: str) -> str:
    """« Prénom Nom » -> « prenom-nom »: the id of a speaker found in text."""
    words = regex.findall(r"[a-z0-9]+", fold(name))
    return "-".join(words) or "speaker"
