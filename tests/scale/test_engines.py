"""Every engine writes the same rows: one worker, a pool of two, and a Dask cluster."""

from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq
import pytest

import quotes
from quotes import table
from quotes.api import RunOptions, extract_to_parquet
from tests.ingest.seed_formats import SEEDS

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def one_worker(tmp_path_factory):
    out = tmp_path_factory.mktemp("one") / "quotes.parquet"
    report = extract_to_parquet([SEEDS], out, options=RunOptions(workers=1, batch=2))
    assert report.failures == ()
    return out


def test_two_workers_write_the_rows_of_one(tmp_path, one_worker):
    out = tmp_path / "quotes.parquet"
    report = extract_to_parquet([SEEDS], out, options=RunOptions(workers=2, batch=2))
    assert report.processed == 5
    for name in (out, table.articles_path(out), table.speakers_path(out)):
        other = one_worker.parent / name.name
        assert pq.read_table(name).equals(pq.read_table(other)), name.name


def test_dask_local_cluster_writes_the_rows_of_the_local_engine(tmp_path, one_worker):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        out = tmp_path / "quotes.parquet"
        address = cluster.scheduler_address
        options = RunOptions(engine="dask", scheduler=address, batch=2, part_rows=20)
        report = extract_to_parquet([SEEDS], out, options=options)
    assert report.processed == 5
    assert out.is_dir()
    parts = -(-len(pd.read_parquet(one_worker)) // 20)  # 20 rows a part, the last one short
    assert parts >= 2
    assert sorted(p.name for p in out.iterdir()) == [f"part-{k:05d}.parquet" for k in range(parts)]
    pd.testing.assert_frame_equal(quotes.load(out), quotes.load(one_worker))
    pd.testing.assert_frame_equal(pd.read_parquet(out), pd.read_parquet(one_worker))
    assert pq.read_table(table.speakers_path(out)).equals(
        pq.read_table(table.speakers_path(one_worker))
    )
