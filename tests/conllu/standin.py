"""A stand-in for stanza's neural pipeline: it hands back, for each paragraph Document it is
given, the sentences of a checked-in CoNLL-U parse of the article (read by stanza's own
`CoNLL.conll2doc`), as real stanza Documents with offsets into the paragraph. What runs
after it is the stanza backend's own code, as with the models."""

from __future__ import annotations

from pathlib import Path
from typing import Any


class FixturePipeline:
    def __init__(self, files: list[Path], texts: list[str]) -> None:
        from stanza.utils.conll import CoNLL

        self._docs = []
        for path, text in zip(files, texts, strict=True):
            doc = CoNLL.conll2doc(input_file=str(path))
            doc.build_ents()
            self._docs.append((text, doc))

    def __call__(self, docs: list[Any]) -> list[Any]:
        return [self._annotate(doc.text) for doc in docs]

    def _annotate(self, paragraph: str) -> Any:
        """The parse of `paragraph`, found in the first article that holds it."""
        from stanza.models.common.doc import Document

        doc, start = next(
            (doc, text.find(paragraph)) for text, doc in self._docs if paragraph in text
        )
        end = start + len(paragraph)
        sentences = []
        for sentence in doc.sentences:
            first, last = sentence.tokens[0], sentence.tokens[-1]
            if first.start_char >= start and last.end_char <= end:
                sentences.append([_shifted(entry, start) for entry in sentence.to_dict()])
        return Document(sentences, text=paragraph)


def _shifted(entry: dict, offset: int) -> dict:
    entry = dict(entry)
    for key in ("start_char", "end_char"):
        if entry.get(key) is not None:
            entry[key] -= offset
    return entry
