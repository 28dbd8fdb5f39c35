"""Frozen value types shared by the stages. No logic beyond tiny properties.

Every position that leaves a module is a character offset into the article text as read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A half-open range of character offsets into an article's text."""

    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def text(self, source: str) -> str:
        return source[self.start : self.end]


@dataclass(frozen=True, slots=True)
class Article:
    """One article: its text in NFC as read, and what is known of it.

    `path` names where it was read (a file, or `file:line` for a row of a collection);
    `date_source` says where the date came from (manifest, front_matter, html_meta, row,
    text); `encoding` is the encoding the bytes were read with.
    """

    id: str
    text: str
    date: dt.date | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    path: str | None = None
    date_source: str | None = None
    encoding: str | None = None


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be read, and why; `line` for a row of a collection."""

    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.reason}"


class QuoteKind(StrEnum):
    DIRECT = "direct"
    PARTIAL = "partial"
    INDIRECT = "indirect"


class MentionKind(StrEnum):
    NAME = "name"
    ROLE = "role"
    PRONOUN = "pronoun"
    ORG = "org"
    DOCUMENT = "document"


@dataclass(frozen=True, slots=True)
class Quote:
    """Text between a pair of quote marks: `span` is the content, `outer` includes the marks.

    `continues` is true when the quote runs to the end of its paragraph and the next
    paragraph reopens a quote (French multi-paragraph speech).
    """

    span: Span
    outer: Span
    paragraph: int
    rule_id: str
    continues: bool = False


@dataclass(frozen=True, slots=True)
class Cue:
    """Words that introduce reported speech: a verb, « selon », a colon, a dash.

    `lemma` is the verb lemma, or the cue word itself (« selon », « d'après », « : »).
    `mention` is the span naming the speaker when the cue pattern itself names it.
    """

    span: Span
    lemma: str
    kind: str
    rule_id: str
    mention: Span | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """Words naming a speaker at a cue; not yet a person."""

    span: Span
    text: str
    kind: MentionKind
    gender: str | None = None
    head: str = ""
    plural: bool = False  # « ils », « les manifestants »


@dataclass(frozen=True, slots=True)
class Attribution:
    """One row of reported speech: content, kind, cue, mention and the resolved speaker.

    `speaker` is the fullest name the article gives; `speaker_key` indexes the article's
    `ArticleResult.speakers`, where the person's variants, kind and gender are.
    """

    span: Span
    kind: QuoteKind
    paragraph: int
    cue: Cue | None
    mention: Mention | None
    speaker: str | None
    rule_id: str
    confidence: float
    speaker_key: int | None = None


class SpeakerKind(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"
    GROUP = "group"


@dataclass(frozen=True, slots=True)
class ArticleSpeaker:
    """A person, body or group of one article, as that article names it.

    `names` are every form the article uses (the fullest first); `named` is false when the
    article names it only by a role phrase (« le secrétaire général de l'OTAN »), whose words
    are then in `role`: the head lemma first, then the lemmas of its modifiers.
    `kind` is None when the words are no known kind of speaker; `gender_rule` says what
    evidence gave the gender (honorific, role noun, agreement).
    """

    name: str
    kind: SpeakerKind | None
    names: tuple[str, ...]
    named: bool
    gender: str | None = None
    gender_rule: str | None = None
    role: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """What one article gave, and the backend and model that parsed it (recorded per row)."""

    article: Article
    attributions: tuple[Attribution, ...] = field(default_factory=tuple)
    speakers: tuple[ArticleSpeaker, ...] = field(default_factory=tuple)
    backend: str = ""
    model: str = ""
