"""Reading inputs without a model: encodings, formats, metadata, dates and the bad-input table.

Every bad input gets one Failure naming its file (and line), and the good articles beside it
are still read.
"""

from __future__ import annotations

import datetime as dt
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from quotes.decode import decode
from quotes.errors import InputError
from quotes.formats import ReadOptions, split_front_matter
from quotes.ingest import iter_articles
from quotes.rules import load_rules
from quotes.types import Article, Failure

DATES = load_rules().dates
FRENCH = "Le préfet a dit « Nous rouvrirons l’école », d’après l’AFP. Coût : 3 €.\n"


def _read(paths, **options) -> tuple[list[Article], list[Failure]]:
    articles, failures = [], []
    for item in iter_articles(paths, DATES, ReadOptions(**options)):
        (failures if isinstance(item, Failure) else articles).append(item)
    return articles, failures


ENCODINGS = [
    # (bytes, encoding recorded)
    (FRENCH.encode("utf-8"), "utf-8"),
    (FRENCH.encode("utf-8-sig"), "utf-8 with BOM"),
    (FRENCH.encode("utf-16"), "utf-16"),
    (FRENCH.encode("utf-16-le"), "utf-16-le"),
    (FRENCH.encode("utf-16-be"), "utf-16-be"),
    (FRENCH.encode("cp1252"), "cp1252"),
    (FRENCH.replace("’", "'").replace(" €", "").encode("latin-1"), "cp1252"),
]


@pytest.mark.parametrize(("raw", "encoding"), ENCODINGS)
def test_decode_finds_the_encoding(raw, encoding):
    decoded = decode(raw)
    assert decoded.encoding == encoding
    assert "préfet" in decoded.text and "« Nous" in decoded.text


def test_decode_gives_nfc():
    assert decode("Le pre\u0301fet".encode()).text == "Le préfet"


NOT_TEXT = [
    # (bytes, words the error must hold)
    (b"", "empty"),
    (b" \n\t\n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
    (bytes(range(1, 32)) * 20, "binary"),
    ("Le préfet a dit « non ».".encode() + b" \xff\xfe\x81 " + "été".encode(), "undecodable"),
    (bytes(range(128, 256)) * 4, "undecodable"),
]


@pytest.mark.parametrize(("raw", "words"), NOT_TEXT)
def test_decode_refuses_what_is_not_text(raw, words):
    with pytest.raises(InputError, match=words):
        decode(raw)


FRONT_MATTER = [
    ("Sans métadonnées.", "Sans métadonnées.", {}),
    (
        "---\ntitle: « Un titre »\ndate: 2024-12-03\nsource: Le Temps\n---\n\nLe texte.",
        "Le texte.",
        {"title": "« Un titre »", "date": dt.date(2024, 12, 3), "source": "Le Temps"},
    ),
    (
        '+++\ntitle = "Un titre"\noutlet = "RFI"\n+++\nLe texte.',
        "Le texte.",
        {"title": "Un titre", "source": "RFI"},
    ),
    ("---\nauthor: X\n---\nLe texte.", "Le texte.", {}),
]


@pytest.mark.parametrize(("text", "body", "meta"), FRONT_MATTER)
def test_front_matter(text, body, meta):
    got_body, got_meta, _ = split_front_matter(text)
    assert (got_body, got_meta) == (body, meta)


GOOD = "Le maire a déclaré : « Nous rouvrirons l’école. »\n"

BAD_INPUTS = [
    # (file name, content, line of the failure or None, words the reason must hold)
    ("empty.txt", b"", None, "empty"),
    ("blank.md", b"\n\n  \n", None, "empty"),
    ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01", None, "binary"),
    (
        "mixed.txt",
        "Il a dit « oui ».".encode() + b"\xff\x81\xfe" + "été".encode(),
        None,
        "undecodable",
    ),
    ("open.md", b"---\ntitle: x\nLe texte sans fin de bloc.", None, "never closed"),
    ("bad-yaml.md", b"---\ntitle: [x\n---\nTexte.", None, "YAML"),
    (
        "page.html",
        b"<html><head><script>var x = 1;</script></head><body></body></html>",
        None,
        "no article text",
    ),
    (
        "broken.jsonl",
        (json.dumps({"id": "j1", "text": GOOD}) + '\n{"id": "j2", "text": \n').encode(),
        2,
        "not valid JSON",
    ),
    ("list.jsonl", b'["a", "b"]\n', 1, "JSON object"),
    ("notext.jsonl", b'{"id": "j3", "body": "x"}\n', 1, "no 'text' column"),
    ("empty-text.jsonl", b'{"id": "j4", "text": "  "}\n', 1, "empty"),
    ("notext.csv", b"id,body\nc1,texte\n", None, "no 'text' column (columns: 'id', 'body')"),
    ("table.parquet", b"PAR1 not really parquet", None, "not a readable Parquet file"),
]


@pytest.mark.parametrize(("name", "content", "line", "words"), BAD_INPUTS)
def test_each_bad_input_is_named_and_the_rest_is_read(tmp_path, name, content, line, words):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / name).write_bytes(content)
    articles, failures = _read([tmp_path])
    assert "good" in [a.id for a in articles]
    assert len(failures) == 1, failures
    failure = failures[0]
    assert failure.path == str(tmp_path / name)
    assert failure.line == line
    assert words in failure.reason
    assert str(failure).startswith(f"{tmp_path / name}{'' if line is None else f':{line}'}: ")


def test_a_missing_path_is_named(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    articles, failures = _read([tmp_path / "good.txt", tmp_path / "nope"])
    assert [a.id for a in articles] == ["good"]
    assert [(f.path, f.reason) for f in failures] == [
        (str(tmp_path / "nope"), "no such file or folder")
    ]


def test_size_limit_applies_to_files_and_rows(tmp_path):
    (tmp_path / "big.txt").write_text(GOOD * 20, encoding="utf-8")
    (tmp_path / "small.txt").write_text(GOOD, encoding="utf-8")
    rows = [{"id": "r1", "text": GOOD}, {"id": "r2", "text": GOOD * 20}]
    (tmp_path / "rows.jsonl").write_text("\n".join(json.dumps(r) for r in rows), "utf-8")
    articles, failures = _read([tmp_path], max_size=200)
    assert sorted(a.id for a in articles) == ["r1", "small"]
    assert sorted((f.path.rsplit("/", 1)[1], f.line) for f in failures) == [
        ("big.txt", None),
        ("rows.jsonl", 2),
    ]
    assert all("size limit of 200" in f.reason for f in failures)


def test_duplicate_ids_keep_the_first(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "a", "text": GOOD}), encoding="utf-8")
    articles, failures = _read([tmp_path])
    assert [a.path for a in articles] == [str(tmp_path / "a.txt")]
    assert "already read from" in failures[0].reason and failures[0].line == 1


def test_collections_with_named_columns(tmp_path):
    (tmp_path / "rows.csv").write_text(
        "ref;corps;date;title;source;url\n"
        f'c1;"{GOOD.strip()}";2024-12-03;Un titre;Le Temps;https://example.org/c1\n',
        encoding="cp1252",
    )
    pq.write_table(
        pa.table({"ref": ["p1"], "corps": [GOOD], "date": [dt.date(2024, 12, 4)]}),
        tmp_path / "rows.parquet",
    )
    articles, failures = _read([tmp_path], text_column="corps", id_column="ref")
    assert failures == []
    by_id = {a.id: a for a in articles}
    c1 = by_id["c1"]
    assert (c1.text, c1.title, c1.source, c1.url) == (
        GOOD.strip(),
        "Un titre",
        "Le Temps",
        "https://example.org/c1",
    )
    assert (c1.date, c1.date_source, c1.encoding) == (dt.date(2024, 12, 3), "row", "cp1252")
    assert c1.path == f"{tmp_path / 'rows.csv'}:2"
    assert (by_id["p1"].date, by_id["p1"].path) == (
        dt.date(2024, 12, 4),
        f"{tmp_path / 'rows.parquet'}:1",
    )


PAGE = """<html><head><title>Un maire promet de rouvrir l’école</title>
<meta property="og:site_name" content="Le Quotidien">
<meta property="article:published_time" content="2024-12-03T10:00:00+01:00">
<link rel="canonical" href="https://example.org/ecole"></head><body>
<nav><a href="/">Accueil</a> <a href="/politique">Politique</a></nav>
<article><h1>Un maire promet de rouvrir l’école</h1>
<p>Le maire de la ville a pris la parole mardi devant le conseil municipal réuni en séance.</p>
<p>« Nous rouvrirons l’école dès la rentrée, quoi qu’il en coûte », a déclaré l’élu,
sous les applaudissements.</p>
<p>Les travaux dureront six mois selon les services techniques de la commune,
qui ont chiffré le coût.</p>
</article><footer>Partager sur Facebook</footer></body></html>"""


def test_html_text_and_metadata(tmp_path):
    (tmp_path / "ecole.html").write_text(PAGE, encoding="utf-8")
    (article,), failures = _read([tmp_path])
    assert failures == []
    assert article.text.startswith("Le maire de la ville")  # the headline is the title
    assert "« Nous rouvrirons l’école" in article.text and "Accueil" not in article.text
    assert (article.title, article.source, article.url) == (
        "Un maire promet de rouvrir l’école",
        "Le Quotidien",
        "https://example.org/ecole",
    )
    assert (article.date, article.date_source) == (dt.date(2024, 12, 3), "html_meta")


DATED = [
    # (files, the article's date and its source)
    (
        {"a.txt": "Texte.", "manifest.csv": "id,file,date\na,a.txt,2024-12-03\n"},
        "2024-12-03",
        "manifest",
    ),
    ({"a.md": "---\ndate: 2024-12-03\n---\nTexte."}, "2024-12-03", "front_matter"),
    ({"a.md": '---\ndate: "3 décembre 2024"\n---\nTexte.'}, "2024-12-03", "front_matter"),
    (
        {"a.jsonl": '{"id": "a", "text": "Texte.", "date": "2024-12-03T10:00:00Z"}'},
        "2024-12-03",
        "row",
    ),
    (
        {"a.txt": "Par Jeanne Martin\nPublié le 3 décembre 2024 à 10h05\nTexte."},
        "2024-12-03",
        "text",
    ),
    ({"a.txt": "PARIS, 3 déc. 2024 (AFP) - Le gouvernement a parlé."}, "2024-12-03", "text"),
    ({"a.txt": "Jeudi 3 octobre\nEn 2023 déjà, puis en 2024, il a parlé."}, "2024-10-03", "text"),
    # A partial metadata date gives way to the text's own date.
    (
        {
            "a.txt": "Publié le 5 février 2019\nTexte.",
            "manifest.csv": "id,file,date\na,a.txt,2019-02\n",
        },
        "2019-02-05",
        "text",
    ),
    # Collections give dates day first, as French usage does: « 8-1-2019 » is 8 January.
    ({"a.jsonl": '{"id": "a", "text": "Texte.", "date": "8-1-2019"}'}, "2019-01-08", "row"),
    ({"a.jsonl": '{"id": "a", "text": "Texte.", "date": "13-12-2018"}'}, "2018-12-13", "row"),
    # No date in the metadata nor in the text: the page's address gives it.
    (
        {
            "a.jsonl": '{"id": "a", "text": "Texte.", "date": "", "url": "https://x.ca/2018/11/17/t"}'
        },
        "2018-11-17",
        "url",
    ),
    # The weekday agrees with no year the text mentions: no date rather than a wrong one.
    ({"a.txt": "Mercredi 3 octobre\nEn 2023 puis en 2024, il a parlé."}, None, None),
    ({"a.txt": "Le 24 février 2022, la Russie a envahi l'Ukraine."}, None, None),
]


@pytest.mark.parametrize(("files", "date", "source"), DATED)
def test_date_and_its_source(tmp_path, files, date, source):
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (article,), _ = _read([tmp_path])
    assert (article.date and article.date.isoformat(), article.date_source) == (date, source)


def test_folders_skip_hidden_files_and_other_formats(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "b.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text(GOOD, encoding="utf-8")
    articles, failures = _read([tmp_path])
    assert [a.id for a in articles] == ["a", "c"]
    assert failures == []


def test_the_shared_corpus_reads_without_a_failure():
    from pathlib import Path

    corpus = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
    if not corpus.is_dir():
        pytest.skip(f"the shared corpus is absent ({corpus})")
    articles, failures = _read([corpus])
    assert failures == []
    assert len(articles) == 36
    assert all(a.encoding == "utf-8" for a in articles)
