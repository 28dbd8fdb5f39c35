"""Parses made elsewhere: one CoNLL-U file per article (`--parser conllu:DIR`).

For users who parse with another tool (UDPipe, stanza, a parsing server): `DIR/<article
id>.conllu` (or the name of the article's file with `.conllu`) holds the UD parse of the
article's text. Tokens are placed in the text by their offsets when the file gives them
(stanza's `start_char`/`end_char`, UDPipe's `TokenRange`), else by their forms in order.
Entity tags are read from the MISC column (`ner=`, `NER=` or `NE=`, BIOES or BIO).

The file's `# model`, `# udpipe_model`, `# parser` or `# generator` comment names the model
recorded on its rows. `to_conllu` writes a `Parse` in the same format: that is how the
checked-in fixtures were made from the spaCy backend.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

from quotes.errors import ParseInputError, ParserUnavailable
from quotes.parse.base import Parse, ParseInput, Word
from quotes.parse.ud import UDSentence, UDToken, UDWord, to_parse
from quotes.types import Article

SUFFIX = ".conllu"
# Document comments naming what parsed the file, most specific first.
MODEL_COMMENTS = ("model", "udpipe_model", "parser", "generator")
_NER_KEYS = ("ner", "NER", "NE")


class ConlluBackend:
    """Reads `folder/<id>.conllu` for each article. With `via_stanza`, the file goes through
    stanza's own reader (`CoNLL.conll2doc`) and the stanza adapter, as a stanza pipeline's
    Document would; otherwise through this module's reader (no stanza needed)."""

    name = "conllu"

    def __init__(self, folder: Path | str, via_stanza: bool = False) -> None:
        self.folder = Path(folder)
        if not self.folder.is_dir():
            raise ParserUnavailable(
                f"--parser conllu:{folder}: no such folder. It must hold one CoNLL-U file per "
                f"article, named after the article's id (<id>{SUFFIX})."
            )
        self.model = folder_label(self.folder)
        self._via_stanza = via_stanza

    def parse_many(self, items: Sequence[ParseInput], batch_size: int = 64) -> list[Parse]:
        return [self._parse(item, k) for k, item in enumerate(items)]

    def _parse(self, item: ParseInput, index: int) -> Parse:
        article = item.article
        if article is None:
            raise ParseInputError("the conllu parser needs the article (its id names the file)")
        path = self.file_for(article)
        if path is None:
            raise ParseInputError(
                f"no CoNLL-U parse for article {article.id!r}: expected "
                f"{self.folder / (article.id + SUFFIX)}",
                index,
            )
        try:
            source = path.read_text(encoding="utf-8")
            if self._via_stanza:
                from quotes.parse.stanza_backend import read_with_stanza

                sentences, model = read_with_stanza(source, str(path))
            else:
                sentences, model = read_conllu(source, str(path))
            return to_parse(
                sentences,
                article.text,
                item.paragraphs,
                self.name,
                model or self.model,
                str(path),
            )
        except (OSError, UnicodeDecodeError) as err:
            raise ParseInputError(f"{path}: cannot read: {err}", index) from err
        except ParseInputError as err:
            raise ParseInputError(str(err), index) from err

    def file_for(self, article: Article) -> Path | None:
        """`<id>.conllu`, else the article file's name with `.conllu` (`a.txt` → `a.conllu`)."""
        names = [conllu_name(article.id)]
        if article.path:
            names.append(Path(article.path.split(":")[0]).stem + SUFFIX)
        for name in names:
            if (self.folder / name).is_file():
                return self.folder / name
        return None


def conllu_name(article_id: str) -> str:
    """The file name of an article's parse: its id, path separators replaced."""
    return article_id.replace("/", "_").replace("\\", "_").replace("\0", "_") + SUFFIX


def folder_label(folder: Path) -> str:
    """`conllu:<name>@<digest>`: the digest covers each file's name, size and modification
    time, so a result cached from an earlier parse is not reused once the files change."""
    digest = hashlib.sha256()
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name.endswith(SUFFIX) and entry.is_file():
            stat = entry.stat()
            digest.update(f"{entry.name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return f"conllu:{folder.name}@{digest.hexdigest()[:12]}"


def read_conllu(source: str, where: str = "") -> tuple[list[UDSentence], str]:
    """The sentences of a CoNLL-U text and the model its comments name ("" if none).
    Empty nodes (ids like 3.1) are skipped; malformed lines raise `ParseInputError`."""
    sentences: list[UDSentence] = []
    model: dict[str, str] = {}
    rows: list[tuple[int, list[str]]] = []
    for n, line in enumerate(source.splitlines(), 1):
        line = line.rstrip("\r\n")
        if line.startswith("#"):
            key, sep, value = line[1:].partition("=")
            if sep and key.strip() in MODEL_COMMENTS:
                model.setdefault(key.strip(), value.strip())
        elif not line.strip():
            if rows:
                sentences.append(_sentence(rows, where))
                rows = []
        else:
            fields = line.split("\t")
            if len(fields) != 10:
                raise ParseInputError(
                    f"{where}:{n}: expected 10 tab-separated fields, got {len(fields)}"
                )
            rows.append((n, fields))
    if rows:
        sentences.append(_sentence(rows, where))
    named = next((model[k] for k in MODEL_COMMENTS if k in model), "")
    return sentences, named


def _sentence(rows: list[tuple[int, list[str]]], where: str) -> UDSentence:
    """One sentence's token and word lines: a range line (4-5) is a multi-word token whose
    words follow; a word outside a range is its own token."""
    tokens: list[UDToken] = []
    words: list[UDWord] = []
    last = 0  # the last word id of the open multi-word token
    for n, f in rows:
        ident = f[0]
        if "." in ident:
            continue  # an empty node: no surface, no place in the tree
        try:
            if "-" in ident:
                last = int(ident.split("-", 1)[1])
                tokens.append(_token(f, n))
                continue
            wid, head = int(ident), int(f[6]) if f[6] != "_" else 0
        except ValueError as err:
            raise ParseInputError(f"{where}:{n}: bad id or head: {ident!r}, {f[6]!r}") from err
        if wid > last:
            tokens.append(_token(f, n))
        words.append(
            UDWord(
                wid,
                f[1],
                _value(f[2], f[1]),
                _value(f[3]),
                _value(f[5]),
                head,
                _value(f[7]),
                len(tokens) - 1,
            )
        )
    return UDSentence(tuple(tokens), tuple(words))


def _value(field: str, form: str = "") -> str:
    return "" if field == "_" and form != "_" else field


def _token(f: list[str], line: int) -> UDToken:
    misc = dict(item.split("=", 1) for item in f[9].split("|") if "=" in item)
    start = end = None
    if "start_char" in misc and "end_char" in misc:
        start, end = _int(misc["start_char"]), _int(misc["end_char"])
    elif "TokenRange" in misc:
        a, _, b = misc["TokenRange"].partition(":")
        start, end = _int(a), _int(b)
    ner = next((misc[k] for k in _NER_KEYS if k in misc), "")
    return UDToken(f[1], start, end, ner, line)


def _int(value: str) -> int | None:
    return int(value) if value.isdigit() else None


def to_conllu(parse: Parse, text: str, comments: Sequence[tuple[str, str]] = ()) -> str:
    """`parse` as CoNLL-U: document `comments` first, then per sentence `# sent_id` and
    `# text`, one line per word (white-space words left out, their dependents made roots),
    MISC `start_char`/`end_char` (offsets into `text`), `ner` (BIOES) and `SpaceAfter=No`.
    Words sharing one span (« du » read as « de le ») are written as a multi-word token."""
    out = [f"# {key} = {value}" for key, value in comments]
    for s, (a, b) in enumerate(parse.sentences):
        kept = [w for w in parse.words[a:b] if w.text.strip()]
        if kept:
            out += [f"# sent_id = {s + 1}", *_sentence_lines(kept, text), ""]
    return "\n".join(out) + "\n"


def _sentence_lines(kept: list[Word], text: str) -> list[str]:
    lines = [f"# text = {text[kept[0].start : kept[-1].end].replace(chr(10), ' ')}"]
    local = {w.i: n for n, w in enumerate(kept, 1)}
    tags = _bioes([w.ent for w in kept])
    n = 0
    while n < len(kept):
        last = n + 1
        while last < len(kept) and (kept[last].start, kept[last].end) == (
            kept[n].start,
            kept[n].end,
        ):
            last += 1
        group = kept[n:last]
        w0 = kept[n]
        misc = [f"start_char={w0.start}", f"end_char={w0.end}"]
        if tags[n]:
            misc.append(f"ner={tags[n]}")
        if last < len(kept) and kept[last].start == w0.end:
            misc.append("SpaceAfter=No")
        if len(group) > 1:
            surface = text[w0.start : w0.end]
            lines.append(f"{n + 1}-{last}\t{surface}\t_\t_\t_\t_\t_\t_\t_\t" + "|".join(misc))
        for k, w in enumerate(group, n + 1):
            head = local.get(w.head, 0) if w.head != w.i else 0
            feats = "|".join(f"{key}={value}" for key, value in w.morph) or "_"
            dep = "root" if head == 0 else (w.dep or "dep")
            word_misc = "|".join(misc) if len(group) == 1 else "_"
            fields = [str(k), w.text, w.lemma or "_", w.pos or "_", "_", feats, str(head), dep]
            lines.append("\t".join([*fields, "_", word_misc]))
        n = last
    return lines


def _bioes(types: list[str]) -> list[str]:
    """BIOES tags for runs of one entity type (a parse keeps each word's type only)."""
    tags = []
    for k, t in enumerate(types):
        if not t:
            tags.append("")
            continue
        first = k == 0 or types[k - 1] != t
        last = k == len(types) - 1 or types[k + 1] != t
        tags.append(("S" if last else "B") if first else ("E" if last else "I"))
        tags[-1] += f"-{t}"
    return tags
