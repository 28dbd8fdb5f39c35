"""One statement, reported by several articles, gets one id.

Two rows are the same statement when their words agree up to inflection (« jeter » ~
« jettent »), accents, case, punctuation and quote marks, or when one is a truncated or
partial quote of the other (« jeter un pont vers l'adhésion » inside a longer quote or an
indirect content). Words are compared as Snowball stems of their folded forms, so the
mechanism needs no list of French words.

A statement holds only rows that are, two by two, the same statement: a long row that holds
two unrelated fragments joins one of them, never both (« 10 milliards d'euros » and « plus
de pouvoir d'achat » are not one statement because one speech said both), and no chain of
partials links rows that share nothing.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

import regex
import snowballstemmer

from quotes.link import fold

_APOSTROPHES = regex.compile(r"[’'`´ʼ]")
_NOT_WORD = regex.compile(r"[^\w]+")


def fold_words(text: str) -> str:
    """Lowercase, accents out, apostrophes and punctuation to spaces.

    >>> fold_words("« L’Élysée a jeté »")
    'l elysee a jete'
    """
    return " ".join(_NOT_WORD.sub(" ", _APOSTROPHES.sub(" ", fold(text))).split())


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("french")


# The stemmer is pure Python; words repeat (a newspaper's vocabulary is small), so each
# word is stemmed once.
@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return str(_stemmer().stemWord(word))


def stems(text: str) -> tuple[str, ...]:
    """The folded words of `text`, each cut to its Snowball stem (« jettent » -> « jet »)."""
    return tuple(_stem(w) for w in fold_words(text).split())


@lru_cache(maxsize=200_000)
def _fold_word(word: str) -> str:
    return fold_words(word)


def contains_phrase(haystack: Sequence[str], phrase: Sequence[str]) -> bool:
    """True when the stems of `phrase` occur together, in order, in `haystack`."""
    n = len(phrase)
    return n > 0 and any(tuple(haystack[i : i + n]) == tuple(phrase) for i in range(len(haystack)))


@dataclass(frozen=True, slots=True)
class Words:
    """A quote's stems, and for each whether its word carries content: four letters or
    more, or a number. Short words (« de », « il », « pas ») are mostly grammar, so a run of
    them, « il n'y a pas de », is no evidence of one statement."""

    stems: tuple[str, ...]
    content: tuple[bool, ...]
    # how many times each stem occurs: a bound on what any alignment can match
    bag: Counter[str] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "bag", Counter(self.stems))

    @classmethod
    def of(cls, text: str) -> Words:
        # folded word by word (a corpus repeats its words), then split again where folding
        # made spaces (« l’Élysée » -> « l elysee »)
        words = " ".join(_fold_word(w) for w in text.split()).split()
        return cls(
            tuple(_stem(w) for w in words),
            tuple(len(w) >= 4 or any(c.isdigit() for c in w) for w in words),
        )


def same_statement(
    a: Words, b: Words, min_words: int = 4, min_share: float = 0.8, min_content: int = 3
) -> bool:
    """True when the shorter quote is, for at least `min_share` of its words, found in order
    inside the longer one, within a stretch not much longer than itself (a truncation
    « […] » or a changed word still matches; scattered common words do not), and the words
    found hold at least `min_content` content words.

    Quotes shorter than `min_words` never match: « inacceptable » in two articles is not
    evidence of one statement.
    """
    short, long_ = (a, b) if len(a.stems) <= len(b.stems) else (b, a)
    if len(short.stems) < min_words:
        return False
    if sum((short.bag & long_.bag).values()) < min_share * len(short.stems):
        return False  # not enough shared words in any order, let alone in order
    blocks = [
        m
        for m in SequenceMatcher(
            None, short.stems, long_.stems, autojunk=False
        ).get_matching_blocks()
        if m.size
    ]
    if sum(m.size for m in blocks) < min_share * len(short.stems):
        return False
    if sum(sum(short.content[m.a : m.a + m.size]) for m in blocks) < min_content:
        return False
    stretch = blocks[-1].b + blocks[-1].size - blocks[0].b
    return stretch <= 2 * len(short.stems) + 2


def statement_ids(
    quotes: Sequence[str],
    keys: Sequence[str],
    min_words: int = 4,
    min_share: float = 0.8,
    min_content: int = 3,
) -> list[str]:
    """One id per quote; quotes of one statement share it. `keys` name each quote uniquely
    (article and offsets): the id is a hash of the key of the group's first quote, so two
    short quotes of the same words in two articles, which are not matched, stay apart.

    Quotes of identical words are compared once (wire copy repeats them across outlets).
    """
    words = [Words.of(q) for q in quotes]
    distinct: dict[Words, int] = {}
    node = []
    for w in words:
        long_enough = len(w.stems) >= min_words and sum(w.content) >= min_content
        node.append(distinct.setdefault(w, len(distinct)) if long_enough else -1)
    roots = _cluster(list(distinct), min_words, min_share, min_content)
    first: dict[tuple[str, int], int] = {}
    groups = [("statement", roots[n]) if n >= 0 else ("alone", i) for i, n in enumerate(node)]
    for i, group in enumerate(groups):
        first.setdefault(group, i)
    return [_statement_id(keys[first[group]]) for group in groups]


def _cluster(
    words: Sequence[Words], min_words: int, min_share: float, min_content: int, ngram: int = 3
) -> list[int]:
    """A root per item; the items of one root are the same statement two by two.

    Candidates are the pairs that share a run of `ngram` stems, so the work grows with the
    number of overlapping quotes, not with the square of the table. Pairs that match are
    taken closest first (the larger share of the shorter one's words, then the longer
    match); two groups merge only when every item of one matches every item of the other
    (complete linkage), so a group is never held together by one long row or a chain."""
    by_gram: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, w in enumerate(words):
        # Only runs holding two content words are indexed: a match needs three in order,
        # and runs of grammar words (« il y a », « de la ») would pair every quote with
        # every other.
        for gram in {
            w.stems[k : k + ngram]
            for k in range(len(w.stems) - ngram + 1)
            if sum(w.content[k : k + ngram]) >= 2
        }:
            by_gram[gram].append(i)
    pairs = sorted({(i, j) for members in by_gram.values() for i, j in _pairs(members)})
    linked: dict[tuple[int, int], bool] = {}

    def same(i: int, j: int) -> bool:
        key = (i, j) if i < j else (j, i)
        if key not in linked:
            linked[key] = same_statement(words[i], words[j], min_words, min_share, min_content)
        return linked[key]

    matches = [(i, j) for i, j in pairs if same(i, j)]
    matches.sort(key=lambda p: _closeness(words[p[0]], words[p[1]]), reverse=True)
    group = list(range(len(words)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(words))}
    for i, j in matches:
        a, b = group[i], group[j]
        if a == b or not all(same(x, y) for x in members[a] for y in members[b]):
            continue
        if len(members[a]) < len(members[b]):
            a, b = b, a
        for y in members.pop(b):
            group[y] = a
            members[a].append(y)
    return group


def _pairs(members: list[int]) -> Iterator[tuple[int, int]]:
    for x, i in enumerate(members):
        for j in members[x + 1 :]:
            yield (i, j) if i < j else (j, i)


def _closeness(a: Words, b: Words) -> tuple[float, int]:
    """How near two matching quotes are: the shorter one's share of the longer one's
    words, then the shorter one's length."""
    short, long_ = sorted((len(a.stems), len(b.stems)))
    return short / max(long_, 1), short


def _statement_id(key: str) -> str:
    return f"st-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:10]}"
