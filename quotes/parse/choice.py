"""Which parser a run uses: `spacy` (the default, offline), `stanza` or `stanza:DIR` (its
models in DIR), `conllu:DIR` (parses made elsewhere, one CoNLL-U file per article)."""

from __future__ import annotations

from dataclasses import dataclass

from quotes.errors import ParserUnavailable
from quotes.parse.base import ParserBackend

KINDS = ("spacy", "stanza", "conllu")


@dataclass(frozen=True, slots=True)
class ParserSpec:
    """A parser choice, small enough to send to worker processes: `folder` is stanza's
    models or the CoNLL-U files, `model` the spaCy model or the stanza package (None: the
    backend's default), `ner` how much the spaCy entity recogniser reads."""

    kind: str = "spacy"
    folder: str | None = None
    model: str | None = None
    ner: str = "names"


def parser_spec(choice: str = "spacy", model: str | None = None, ner: str = "names") -> ParserSpec:
    """`--parser` as given: `spacy`, `stanza`, `stanza:DIR` or `conllu:DIR`.

    >>> parser_spec("conllu:parses")
    ParserSpec(kind='conllu', folder='parses', model=None, ner='names')
    """
    kind, sep, folder = choice.partition(":")
    if kind not in KINDS or (kind == "spacy" and sep) or (kind == "conllu" and not folder):
        raise ParserUnavailable(
            f"unknown parser {choice!r}: spacy (the default), stanza, stanza:MODELS_DIR "
            f"or conllu:DIR (one CoNLL-U file per article)"
        )
    return ParserSpec(kind, folder or None, model or None, ner)


def load_parser(spec: ParserSpec) -> ParserBackend:
    """The backend of `spec`, loaded (this can take seconds)."""
    if spec.kind == "stanza":
        from quotes.parse.stanza_backend import DEFAULT_PACKAGE, StanzaBackend

        return StanzaBackend(spec.folder, spec.model or DEFAULT_PACKAGE)
    if spec.kind == "conllu":
        from quotes.parse.conllu_backend import ConlluBackend

        return ConlluBackend(spec.folder or ".")
    from quotes.parse.spacy_backend import DEFAULT_MODEL, SpacyBackend

    return SpacyBackend(spec.model or DEFAULT_MODEL, ner=spec.ner)


def parser_label(spec: ParserSpec) -> str:
    """What parses with `spec`, read without loading it (results cached under another
    label are not reused). A missing CoNLL-U folder is reported here already."""
    if spec.kind == "stanza":
        from quotes.parse.stanza_backend import DEFAULT_PACKAGE, stanza_label

        return stanza_label(spec.model or DEFAULT_PACKAGE, spec.folder)
    if spec.kind == "conllu":
        from quotes.parse.conllu_backend import ConlluBackend

        return ConlluBackend(spec.folder or ".").model
    from quotes.parse.spacy_backend import DEFAULT_MODEL, model_label

    model = spec.model or DEFAULT_MODEL
    return model_label(model) or model
