"""stanza's French pipeline (tokenize, mwt, pos, lemma, depparse, ner), for users who have
its models: `quotes extract --parser stanza` (or `stanza:DIR`).

stanza's models come from a hub; nothing here downloads them. They are looked for in the
folder given, else `$STANZA_RESOURCES_DIR`, else stanza's own default, and their absence
is a `ParserUnavailable` error that says how to get them. stanza (and torch) is an extra:
`make stanza`.

The adapter, `document_sentences`, turns a stanza Document into UD sentences (tokens with
their offsets and entity tags, words with their token) and `ud.to_parse` makes the project's
`Parse` of them, exactly as for a CoNLL-U file: the same attribution code runs on both.
"""

from __future__ import annotations

import importlib.metadata
import os
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from quotes.errors import ParseInputError, ParserUnavailable
from quotes.parse.base import Parse, ParseInput
from quotes.parse.conllu_backend import MODEL_COMMENTS
from quotes.parse.ud import UDSentence, UDToken, UDWord, to_parse

PROCESSORS = "tokenize,mwt,pos,lemma,depparse,ner"
DEFAULT_PACKAGE = "default"
LANGUAGE = "fr"


def resources_dir(folder: str | Path | None = None) -> Path:
    """Where stanza's models are looked for: `folder`, else `$STANZA_RESOURCES_DIR`, else
    stanza's default (read from stanza when it is installed)."""
    if folder:
        return Path(folder).expanduser()
    if os.environ.get("STANZA_RESOURCES_DIR"):
        return Path(os.environ["STANZA_RESOURCES_DIR"]).expanduser()
    try:
        from stanza.resources.common import DEFAULT_MODEL_DIR
    except ImportError:
        return Path("~/stanza_resources").expanduser()
    return Path(DEFAULT_MODEL_DIR)


def stanza_label(package: str = DEFAULT_PACKAGE, folder: str | Path | None = None) -> str:
    """`stanza-<version>:fr-<package>@<folder>`, read without loading anything."""
    try:
        version = importlib.metadata.version("stanza")
    except importlib.metadata.PackageNotFoundError:
        version = "?"
    return f"stanza-{version}:{LANGUAGE}-{package}@{resources_dir(folder)}"


def missing_models(folder: Path, why: str) -> ParserUnavailable:
    return ParserUnavailable(
        f"The stanza parser needs stanza's French models, and they are not in {folder} "
        f"({why}). They are never downloaded at run time. On a machine with internet run "
        f"`python -c \"import stanza; stanza.download('{LANGUAGE}', model_dir='models', "
        f"processors='{PROCESSORS}')\"`, copy the `models` folder here, and give it with "
        f"`--parser stanza:FOLDER` or `STANZA_RESOURCES_DIR=FOLDER`. "
        f"`--parser spacy` (the default) works offline with the installed spaCy model."
    )


class StanzaBackend:
    """Each paragraph is a stanza Document of its own (a headline must not merge into the
    next line); a batch of paragraphs goes through the pipeline together.

    `pipeline` replaces the neural pipeline (any callable from a list of Documents to the
    same Documents annotated): the tests run the adapter on Documents read from CoNLL-U.
    """

    name = "stanza"

    def __init__(
        self,
        folder: str | Path | None = None,
        package: str = DEFAULT_PACKAGE,
        pipeline: Callable[[list[Any]], list[Any]] | None = None,
    ) -> None:
        try:
            import stanza
        except ImportError as err:
            raise ParserUnavailable(
                "--parser stanza needs the stanza package, an optional extra: `make stanza` "
                "(installs torch 2.13.0 for the CPU, then `pip install -e '.[stanza]'`). "
                "`--parser spacy` (the default) works offline."
            ) from err
        self._stanza = stanza
        self.model = stanza_label(package, folder)
        self._nlp = pipeline or _load(stanza, resources_dir(folder), package)

    def parse_many(self, items: Sequence[ParseInput], batch_size: int = 64) -> list[Parse]:
        document = self._stanza.Document
        texts = [(k, p) for k, item in enumerate(items) for p in item.paragraphs]
        docs = [document([], text=items[k].text[p.start : p.end]) for k, p in texts]
        for start in range(0, len(docs), batch_size):
            docs[start : start + batch_size] = self._nlp(docs[start : start + batch_size])
        sentences: list[list[UDSentence]] = [[] for _ in items]
        for (k, p), doc in zip(texts, docs, strict=True):
            sentences[k].extend(document_sentences(doc, p.start))
        out = []
        for k, (sents, item) in enumerate(zip(sentences, items, strict=True)):
            try:
                out.append(to_parse(sents, item.text, item.paragraphs, self.name, self.model))
            except ParseInputError as err:  # stanza's tokens are not in the text
                raise ParseInputError(str(err), k) from err
        return out


def _load(stanza: Any, folder: Path, package: str) -> Callable[[list[Any]], list[Any]]:
    """The French pipeline from `folder`, with downloads turned off."""
    if not (folder / "resources.json").is_file():
        raise missing_models(folder, "no resources.json")
    if not (folder / LANGUAGE).is_dir():
        raise missing_models(folder, f"no {LANGUAGE}/ folder")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nlp = stanza.Pipeline(
                LANGUAGE,
                dir=str(folder),
                package=package,
                processors=PROCESSORS,
                download_method=None,
                logging_level="WARN",
            )
    except Exception as err:  # missing files, unknown package, unmet requirements: no common base
        raise missing_models(folder, f"{type(err).__name__}: {err}") from err
    return nlp.bulk_process  # type: ignore[no-any-return]


def document_sentences(doc: Any, offset: int = 0) -> list[UDSentence]:
    """The UD sentences of a stanza Document; token offsets shifted by `offset` (where the
    Document's text starts in the article), None where the Document has none."""
    out = []
    for sentence in doc.sentences:
        tokens, words = [], []
        for t, token in enumerate(sentence.tokens):
            start, end = token.start_char, token.end_char
            tokens.append(
                UDToken(
                    token.text,
                    None if start is None else start + offset,
                    None if end is None else end + offset,
                    token.ner or "",
                    getattr(token, "line_number", None),
                )
            )
            for word in token.words:
                words.append(
                    UDWord(
                        word.id,
                        word.text,
                        word.lemma or "",
                        word.upos or "",
                        word.feats or "",
                        word.head or 0,
                        word.deprel or "",
                        t,
                    )
                )
        out.append(UDSentence(tuple(tokens), tuple(words)))
    return out


def read_with_stanza(source: str, where: str = "") -> tuple[list[UDSentence], str]:
    """A CoNLL-U text read by stanza's own reader into a Document (entities built from the
    MISC `ner` tags), then through the adapter: what `read_conllu` gives, the stanza way."""
    from stanza.utils.conll import CoNLL

    try:
        doc = CoNLL.conll2doc(input_str=source)
    except Exception as err:  # stanza raises CoNLLError, ValueError or AssertionError
        raise ParseInputError(f"{where}: stanza cannot read it: {err}") from err
    doc.build_ents()
    return document_sentences(doc), _named_model(doc)


def _named_model(doc: Any) -> str:
    """The model a document comment names (`# model = …`), as `read_conllu` reads it."""
    found: dict[str, str] = {}
    for sentence in doc.sentences:
        for comment in sentence.comments:
            key, sep, value = comment.lstrip("#").partition("=")
            if sep and key.strip() in MODEL_COMMENTS:
                found.setdefault(key.strip(), value.strip())
    return next((found[k] for k in MODEL_COMMENTS if k in found), "")
