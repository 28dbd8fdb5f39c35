"""Universal Dependencies sentences (what CoNLL-U files and stanza Documents hold) turned into
the project's `Parse`, with every word mapped back to the article text.

A UD sentence has surface *tokens* (what is written: « du ») and syntactic *words* (what is
parsed: « de » + « le »). Attribution reads words, and every word must carry offsets into the
article: a word of a multi-word token gets its own part of the token where the words spell
it out (« vas-y » → « vas » + « -y »), else the whole token (« du » → « de » + « le »: both
point at « du »). Tokens that come without offsets are laid over the text in order, each
allowed to follow the previous one after white space only.

The words kept are those inside the paragraphs the pipeline parses (a boilerplate line
blanked before the parse is not one), and a sentence never crosses a paragraph: a
pre-parsed file may have joined a headline to the next line, and a word whose head is left
outside becomes a root (dep `ROOT`, as spaCy names it; UD's `root` is renamed too).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from quotes.errors import ParseInputError
from quotes.parse.base import Parse, Word
from quotes.types import Span


@dataclass(frozen=True, slots=True)
class UDToken:
    """A surface token: its form, its offsets when the source gave them, its BIOES entity tag
    (« B-PER », « S-LOC », or empty), and `line` (where a file gave it, for messages)."""

    form: str
    start: int | None = None
    end: int | None = None
    ner: str = ""
    line: int | None = None


@dataclass(frozen=True, slots=True)
class UDWord:
    """A syntactic word: `id` and `head` are 1-based in its sentence (head 0: the root),
    `feats` as written in CoNLL-U (« Gender=Masc|Number=Sing », or empty), `token` the index
    of its surface token in the sentence."""

    id: int
    form: str
    lemma: str
    upos: str
    feats: str
    head: int
    deprel: str
    token: int


@dataclass(frozen=True, slots=True)
class UDSentence:
    tokens: tuple[UDToken, ...]
    words: tuple[UDWord, ...]


# Characters a parser or a conversion may write differently from the article: typographic
# apostrophes and quote marks, dashes, and the spaces of French typography.
_SAME = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "`": "'",
        "´": "'",
        "“": '"',
        "”": '"',
        "«": '"',
        "»": '"',
        "–": "-",
        "—": "-",
        "‑": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
    }
)
_SPACE = regex.compile(r"\s+")


def to_parse(
    sentences: Sequence[UDSentence],
    text: str,
    paragraphs: Sequence[Span],
    backend: str,
    model: str,
    source: str = "",
) -> Parse:
    """The `Parse` of `sentences` over `text` (offsets of tokens that have none are found in
    `text`; `source` names the file in errors). Words outside `paragraphs` are left out."""
    spans = align_tokens(sentences, text, source)
    words: list[Word] = []
    bounds: list[tuple[int, int]] = []
    inside = _paragraph_test(paragraphs)
    for sentence, token_spans in zip(sentences, spans, strict=True):
        _add_sentence(sentence, token_spans, inside, words, bounds)
    return Parse(tuple(words), tuple(bounds), backend, model)


def align_tokens(
    sentences: Sequence[UDSentence], text: str, source: str = ""
) -> list[list[tuple[int, int]]]:
    """The (start, end) of every token in `text`: its own offsets when they spell its form
    there, else the next place after white space where its form is written (the characters
    in `_SAME` compared as equal, spaces inside a token ignored)."""
    folded = text.translate(_SAME)
    cursor = 0
    out: list[list[tuple[int, int]]] = []
    for sentence in sentences:
        spans = []
        for token in sentence.tokens:
            span = _given(token, text, folded) or _follow(token, text, folded, cursor, source)
            spans.append(span)
            cursor = span[1]
        out.append(spans)
    return out


def _given(token: UDToken, text: str, folded: str) -> tuple[int, int] | None:
    if token.start is None or token.end is None or not 0 <= token.start <= token.end <= len(text):
        return None
    written = folded[token.start : token.end]
    return (token.start, token.end) if _same(written, token.form) else None


def _same(written: str, form: str) -> bool:
    return _SPACE.sub("", written) == _SPACE.sub("", form.translate(_SAME))


def _follow(token: UDToken, text: str, folded: str, cursor: int, source: str) -> tuple[int, int]:
    """The token's form written at `cursor` after white space (inner spaces may differ)."""
    start = cursor
    while start < len(text) and text[start].isspace():
        start += 1
    form = _SPACE.sub("", token.form.translate(_SAME))
    k, end = 0, start
    while k < len(form) and end < len(text):
        if folded[end] == form[k]:
            k += 1
        elif not (k and text[end].isspace()):
            break
        end += 1
    if k < len(form) or not form:
        where = f"{source}:{token.line}: " if token.line else f"{source}: " if source else ""
        found = text[start : start + 20].replace("\n", " ")
        raise ParseInputError(
            f"{where}token {token.form!r} is not in the article text at offset {start} "
            f"(the text there reads {found!r}): is this the parse of this article?"
        )
    return start, end


def _paragraph_test(paragraphs: Sequence[Span]) -> _Paragraphs:
    return _Paragraphs(tuple(p.start for p in paragraphs), tuple(paragraphs))


@dataclass(frozen=True, slots=True)
class _Paragraphs:
    starts: tuple[int, ...]
    spans: tuple[Span, ...]

    def of(self, start: int, end: int) -> int | None:
        """The index of the paragraph holding [start, end), or None."""
        k = bisect.bisect_right(self.starts, start) - 1
        if k >= 0 and self.spans[k].start <= start and end <= self.spans[k].end:
            return k
        return None


def _add_sentence(
    sentence: UDSentence,
    token_spans: list[tuple[int, int]],
    inside: _Paragraphs,
    words: list[Word],
    bounds: list[tuple[int, int]],
) -> None:
    """Append the words of `sentence` that lie in a paragraph, one sentence per paragraph
    it touches; heads are re-pointed to the new indices, or the word becomes a root."""
    spans = _word_spans(sentence, token_spans)
    where = [inside.of(*spans[k]) for k in range(len(sentence.words))]
    for paragraph in sorted({p for p in where if p is not None}):
        members = [k for k, p in enumerate(where) if p == paragraph]
        index = {sentence.words[k].id: len(words) + n for n, k in enumerate(members)}
        base = len(words)
        for k in members:
            w = sentence.words[k]
            token = sentence.tokens[w.token]
            head = index.get(w.head)
            root = head is None or head == index[w.id]
            words.append(
                Word(
                    i=index[w.id],
                    text=w.form,
                    start=spans[k][0],
                    end=spans[k][1],
                    lemma=w.lemma,
                    pos=w.upos,
                    dep="ROOT" if root else w.deprel,
                    head=index[w.id] if root else head,  # type: ignore[arg-type]
                    morph=features(w.feats),
                    ent=_entity_type(token.ner),
                )
            )
        bounds.append((base, len(words)))


def _word_spans(sentence: UDSentence, token_spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Each word's offsets: its token's, or its own part of a multi-word token when the
    words spell the token out (« aux » read as « à les » does not: both get « aux »)."""
    groups: dict[int, list[int]] = {}
    for k, w in enumerate(sentence.words):
        groups.setdefault(w.token, []).append(k)
    out = [token_spans[w.token] for w in sentence.words]
    for t, members in groups.items():
        if len(members) > 1:
            parts = _split(sentence.tokens[t].form, [sentence.words[k].form for k in members])
            if parts is not None:
                start = token_spans[t][0]
                for k, (a, b) in zip(members, parts, strict=True):
                    out[k] = (start + a, start + b)
    return out


def _split(form: str, pieces: list[str]) -> list[tuple[int, int]] | None:
    pattern = r"\s*".join(f"({regex.escape(p)})" for p in pieces)
    m = regex.fullmatch(pattern, form)
    return [m.span(g + 1) for g in range(len(pieces))] if m else None


def _entity_type(tag: str) -> str:
    """The entity type in a BIOES (or BIO, or bare type) tag: « B-PER » → « PER »."""
    if tag in ("O", "_", ""):
        return ""
    return tag.split("-", 1)[1] if len(tag) > 2 and tag[1] == "-" else tag


def features(feats: str) -> tuple[tuple[str, str], ...]:
    """« Gender=Masc|Number=Sing » as sorted (name, value) pairs."""
    if not feats or feats == "_":
        return ()
    pairs = (item.split("=", 1) for item in feats.split("|") if "=" in item)
    return tuple(sorted((k, v) for k, v in pairs))
