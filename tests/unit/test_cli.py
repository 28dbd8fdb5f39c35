"""The command line through typer's CliRunner: bad input is named, good articles still land."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from quotes.cli import app
from quotes.table import SCHEMA

runner = CliRunner()


@pytest.mark.model
def test_extract_names_bad_files_and_keeps_good_ones(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(
        "« Nous partirons demain », a déclaré le maire, Jean Martin.\n", encoding="utf-8"
    )
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02garbage")
    (folder / "latin.txt").write_bytes("Le préfet a dit « non ».".encode("cp1252"))
    out = tmp_path / "q.parquet"
    result = runner.invoke(app, ["extract", str(folder), "--out", str(out)])
    assert result.exit_code == 1
    for name in ("empty.txt", "binary.txt"):
        assert name in result.output
    assert "latin.txt" not in result.output  # cp1252 is read, not refused
    df = pq.read_table(out).to_pandas()
    assert list(df["article"]) == ["good", "latin"]
    assert df["speaker"].iloc[0] == "Jean Martin"
    assert df["quote"].iloc[1] == "non"


@pytest.mark.model
def test_empty_run_writes_typed_columns(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Aucune parole rapportée ici.\n", encoding="utf-8")
    out = tmp_path / "q.parquet"
    result = runner.invoke(app, ["extract", str(folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    written = pq.read_schema(out)
    assert written.names == SCHEMA.names
    assert [f.type for f in written] == [f.type for f in SCHEMA]


def test_missing_path_is_an_input_failure(tmp_path):
    result = runner.invoke(app, ["summary", str(tmp_path / "nope.parquet")])
    assert result.exit_code == 2
    assert "nope.parquet" in result.output


def test_usage_error_exits_2():
    result = runner.invoke(app, ["extract", "--no-such-flag"])
    assert result.exit_code == 2
