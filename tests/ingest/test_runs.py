"""Whole runs of `quotes extract` on the real model: a collection in many formats with bad
files, incremental runs, determinism, and an interrupted write."""

from __future__ import annotations

import csv
import os

import pandas as pd
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from quotes import table
from quotes.api import RunOptions, extract_to_parquet
from quotes.cli import app
from tests.ingest.seed_formats import SEEDS, mixed_folder, seed_manifest

pytestmark = pytest.mark.model
runner = CliRunner()
# The columns that depend on the text only through offsets are compared too: the formats
# below give the very text of the .txt file.
SAME = [c for c in table.SCHEMA.names if c not in ("date_source", "source")]
CP1252_ARTICLE = (
    "La maire de Villeneuve, Françoise Lévêque, a déclaré mardi : « Nous rouvrirons la "
    "piscine dès l’été, c’est promis. » Elle a précisé que les travaux coûteraient 3 millions "
    "d’euros.\n"
)


@pytest.fixture(scope="module")
def txt_rows(tmp_path_factory):
    out = tmp_path_factory.mktemp("txt") / "quotes.parquet"
    extract_to_parquet([SEEDS], out)
    return pd.read_parquet(out)


def _seed_rows(df: pd.DataFrame) -> pd.DataFrame:
    df = df[df["article"].isin(seed_manifest())]
    return df[SAME].sort_values(["article", "start", "end"]).reset_index(drop=True)


def test_seeds_in_four_formats_with_bad_files(tmp_path, txt_rows):
    folder = mixed_folder(
        tmp_path / "in",
        {
            "000_c969c52df54374a3": "html",
            "001_999fac4f14141b66": "txt",
            "002_367df188a69f6029": "md",
            "003_48992c03739d0fc1": "txt",
            "004_5e9fcdbe9afd1f96": "jsonl",
        },
    )
    (folder / "empty.txt").write_bytes(b"")
    (folder / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
    (folder / "villeneuve.txt").write_bytes(CP1252_ARTICLE.encode("cp1252"))
    (folder / "collection.jsonl").open("a", encoding="utf-8").write('{"id": "cassé", "text": "\n')
    out = tmp_path / "out" / "quotes.parquet"
    result = runner.invoke(app, ["extract", str(folder), "--out", str(out)])

    assert result.exit_code == 1, result.output
    for name in ("empty.txt", "scan.txt", "collection.jsonl:2"):
        assert name in result.output
    with table.errors_path(out).open(encoding="utf-8") as fh:
        errors = list(csv.DictReader(fh))
    assert sorted((e["path"].rsplit("/", 1)[1], e["line"]) for e in errors) == [
        ("collection.jsonl", "2"),
        ("empty.txt", ""),
        ("scan.txt", ""),
    ]
    df = pd.read_parquet(out)
    pd.testing.assert_frame_equal(_seed_rows(df), _seed_rows(txt_rows))
    sources = df.drop_duplicates("article").set_index("article")["date_source"].to_dict()
    assert sources["000_c969c52df54374a3"] == "html_meta"
    assert sources["001_999fac4f14141b66"] == "manifest"
    assert sources["002_367df188a69f6029"] == "front_matter"
    assert sources["004_5e9fcdbe9afd1f96"] == "row"
    latin = df[df["article"] == "villeneuve"]
    assert list(latin["speaker"].dropna().unique()) == ["Françoise Lévêque"]
    direct = latin[latin["kind"] == "direct"]
    assert list(direct["quote"]) == ["Nous rouvrirons la piscine dès l’été, c’est promis."]
    articles = pd.read_parquet(table.articles_path(out)).set_index("article")
    assert articles.loc["villeneuve", "encoding"] == "cp1252"
    assert articles.loc["villeneuve", "text"] == CP1252_ARTICLE


@pytest.mark.parametrize("fmt", ["md", "jsonl"])
def test_every_seed_in_one_format_gives_the_txt_rows(tmp_path, txt_rows, fmt):
    folder = mixed_folder(tmp_path / "in", dict.fromkeys(seed_manifest(), fmt))
    out = tmp_path / "q.parquet"
    extract_to_parquet([folder], out)
    pd.testing.assert_frame_equal(_seed_rows(pd.read_parquet(out)), _seed_rows(txt_rows))


def test_every_seed_as_a_web_page_gives_the_same_quotes(tmp_path, txt_rows):
    # A page does not keep the blank lines and double spaces of a text file, so offsets can
    # move; the quotes, their speakers and kinds must not.
    folder = mixed_folder(tmp_path / "in", dict.fromkeys(seed_manifest(), "html"))
    out = tmp_path / "q.parquet"
    extract_to_parquet([folder], out)
    keys = ["article", "quote", "speaker", "kind"]

    def key_rows(df):
        return sorted(map(tuple, df[keys].astype(str).to_numpy()))

    assert key_rows(pd.read_parquet(out)) == key_rows(txt_rows)


def _copy_seeds(folder, ids):
    folder.mkdir(exist_ok=True)
    meta = seed_manifest()
    for i in ids:
        (folder / f"{i}.txt").write_text((SEEDS / f"{i}.txt").read_text("utf-8"), "utf-8")
    with (folder / "manifest.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["id", "file", "date", "title"])
        writer.writeheader()
        writer.writerows(meta[i] for i in ids)


def test_incremental_run_processes_only_the_new_article(tmp_path):
    ids = sorted(seed_manifest())
    folder, out = tmp_path / "in", tmp_path / "inc" / "quotes.parquet"
    _copy_seeds(folder, ids[:4])
    first = extract_to_parquet([folder], out)
    assert (first.articles, first.processed) == (4, 4)
    _copy_seeds(folder, ids)
    second = extract_to_parquet([folder], out)
    assert (second.articles, second.processed) == (5, 1)
    again = extract_to_parquet([folder], out)
    assert again.processed == 0

    full_out = tmp_path / "full" / "quotes.parquet"
    full = extract_to_parquet([folder], full_out, options=RunOptions(full=True))
    assert full.processed == 5
    for name in (out, table.articles_path(out), table.speakers_path(out)):
        full_name = full_out.parent / name.name
        assert pq.read_table(name).equals(pq.read_table(full_name)), name.name


def test_a_changed_article_is_processed_again(tmp_path):
    ids = sorted(seed_manifest())[:2]
    folder, out = tmp_path / "in", tmp_path / "quotes.parquet"
    _copy_seeds(folder, ids)
    extract_to_parquet([folder], out)
    path = folder / f"{ids[0]}.txt"
    path.write_text(path.read_text("utf-8") + "\n« Ajouté », a dit Jean Martin.\n", "utf-8")
    report = extract_to_parquet([folder], out)
    assert report.processed == 1
    assert "Ajouté" in set(pd.read_parquet(out)["quote"])
    assert extract_to_parquet([folder], out, options=RunOptions(full=True)).processed == 2


def test_same_inputs_same_rows_in_the_same_order(tmp_path):
    outs = [tmp_path / f"run{k}" / "quotes.parquet" for k in range(2)]
    for out in outs:
        extract_to_parquet([SEEDS], out)
    assert pq.read_table(outs[0]).equals(pq.read_table(outs[1]))


def test_an_interrupted_write_leaves_the_old_tables(tmp_path, monkeypatch):
    out = tmp_path / "quotes.parquet"
    _copy_seeds(tmp_path / "in", sorted(seed_manifest())[:2])
    extract_to_parquet([tmp_path / "in"], out)
    names = [out, table.articles_path(out), table.speakers_path(out), table.errors_path(out)]
    before = {p: p.read_bytes() for p in names}
    _copy_seeds(tmp_path / "in", sorted(seed_manifest()))
    real_write = pq.write_table
    calls = []

    def interrupted(*args, **kwargs):
        calls.append(args)
        if len(calls) == 2:  # the first table is written, the second is cut short
            real_write(*args, **kwargs)
            raise KeyboardInterrupt
        return real_write(*args, **kwargs)

    monkeypatch.setattr(pq, "write_table", interrupted)
    with pytest.raises(KeyboardInterrupt):
        extract_to_parquet([tmp_path / "in"], out)
    assert {p: p.read_bytes() for p in names} == before
    assert not [f for f in os.listdir(tmp_path) if f.endswith(".tmp")]


def test_a_run_where_nothing_can_be_read_keeps_the_old_tables(tmp_path):
    out = tmp_path / "quotes.parquet"
    _copy_seeds(tmp_path / "in", sorted(seed_manifest())[:1])
    extract_to_parquet([tmp_path / "in"], out)
    before = out.read_bytes()
    result = runner.invoke(app, ["extract", str(tmp_path / "nope"), "--out", str(out)])
    assert result.exit_code == 1
    assert "no such file or folder" in result.output
    assert "previous tables are left" in result.output
    assert out.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ([str(SEEDS), "--max-size", "lots"], "is no size"),
        ([str(SEEDS), "--max-size", "0"], "must be positive"),
        ([str(SEEDS), "--max-size", "inf"], "is no size"),
        ([str(SEEDS), "--no-such-flag"], "No such option"),
        ([], "Missing argument"),
    ],
)
def test_usage_errors_exit_2_without_traceback(args, words):
    result = runner.invoke(app, ["extract", *args])
    assert result.exit_code == 2
    assert words in result.output
    assert "Traceback" not in result.output
