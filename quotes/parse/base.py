"""The parser protocol and the project's own parse types.

Token indices never leave `quotes/parse/` and the attribution code: every word carries the
character offsets of its text in the article, so that multi-word tokens (du -> de le) and
paragraph-by-paragraph parsing still map back to the article exactly.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple, Protocol

from quotes.types import Article, Span


@dataclass(frozen=True, slots=True)
class Word:
    """One syntactic word, with the offsets of its text in the article (the words of a
    multi-word token « du » → « de le » both point at « du »). `head` is the index of its
    head in `Parse.words`; `dep` a UD relation, `ROOT` at a root (whose head is itself);
    `ent` the entity type (PER, LOC, ORG, MISC) or empty."""

    i: int
    text: str
    start: int
    end: int
    lemma: str
    pos: str
    dep: str
    head: int
    morph: tuple[tuple[str, str], ...] = ()
    ent: str = ""

    def feat(self, name: str) -> str | None:
        for key, value in self.morph:
            if key == name:
                return value
        return None

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


@dataclass(frozen=True)
class Parse:
    """The words of an article with their sentences (as index ranges into `words`)."""

    words: tuple[Word, ...]
    sentences: tuple[tuple[int, int], ...]
    backend: str = ""
    model: str = ""

    @cached_property
    def memo(self) -> dict[tuple[object, ...], object]:
        """Results of pure functions of this parse (a word's name run, its mention), asked
        again for every quote whose window holds the word."""
        return {}

    @cached_property
    def children(self) -> tuple[tuple[int, ...], ...]:
        kids: list[list[int]] = [[] for _ in self.words]
        for w in self.words:
            if w.head != w.i:
                kids[w.head].append(w.i)
        return tuple(tuple(k) for k in kids)

    @cached_property
    def sentence_index(self) -> tuple[int, ...]:
        index = [0] * len(self.words)
        for s, (a, b) in enumerate(self.sentences):
            for i in range(a, b):
                index[i] = s
        return tuple(index)

    def sentence_span(self, s: int) -> Span:
        a, b = self.sentences[s]
        return Span(self.words[a].start, self.words[b - 1].end)

    def sentence_words(self, s: int) -> tuple[Word, ...]:
        a, b = self.sentences[s]
        return self.words[a:b]

    @cached_property
    def _starts(self) -> tuple[int, ...]:
        return tuple(w.start for w in self.words)

    @cached_property
    def _ends(self) -> tuple[int, ...]:
        return tuple(w.end for w in self.words)

    def words_in(self, span: Span) -> tuple[Word, ...]:
        """The words inside `span` (words are in text order: both bounds are bisected)."""
        lo = bisect.bisect_left(self._starts, span.start)
        hi = bisect.bisect_right(self._ends, span.end)
        return self.words[lo:hi] if lo < hi else ()

    def word_at(self, offset: int) -> Word | None:
        """The first word that ends after `offset`."""
        k = bisect.bisect_right(self._ends, offset)
        return self.words[k] if k < len(self.words) else None

    def subtree(self, i: int) -> list[int]:
        out, todo = [], [i]
        while todo:
            j = todo.pop()
            out.append(j)
            todo.extend(self.children[j])
        return sorted(out)

    def ancestors(self, i: int) -> list[int]:
        out: list[int] = []
        while self.words[i].head != i and len(out) < 50:
            i = self.words[i].head
            out.append(i)
        return out


class ParseInput(NamedTuple):
    """What a backend parses for one article: `text` (the article with its boilerplate
    blanked, same length), its `paragraphs` (spans into it), and the article as read (a
    backend reading parses made elsewhere finds them by its id, and aligns them to its
    text)."""

    text: str
    paragraphs: Sequence[Span]
    article: Article | None = None


class ParserBackend(Protocol):
    """Parses the paragraphs of each article into one `Parse` per article, in order.

    `name` is the backend (spacy, stanza, conllu) and `model` what parsed the words, both
    recorded on every row. A backend that cannot parse one article raises
    `ParseInputError` with that article's index in `items`.
    """

    name: str
    model: str

    def parse_many(self, items: Sequence[ParseInput], batch_size: int = 64) -> list[Parse]: ...
