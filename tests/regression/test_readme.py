"""The README's pandas queries run as written on the seed tables, and answer something."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.model


def test_readme_queries_run_on_the_seed_tables(seed_table, tmp_path):
    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text("utf-8"), re.S)
    assert blocks, "the README has no pandas example"
    data = tmp_path / "data"
    data.mkdir()
    for name in ("quotes.parquet", "articles.parquet", "speakers.parquet"):
        shutil.copy(seed_table.with_name(name), data / name)
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        for block in blocks:
            printed = io.StringIO()
            scope: dict = {}
            with contextlib.redirect_stdout(printed):
                exec(compile(block, "README.md", "exec"), scope)
            assert "Empty DataFrame" not in printed.getvalue()
    finally:
        os.chdir(here)
    assert len(scope["rutte"]) > 0 and len(scope["per_outlet"]) > 0 and len(scope["word"]) > 0
