"""`quotes serve` through its ASGI app (Starlette's test client), on invented tables: the
JSON contract, bound parameters, escaping, a 400 for every bad parameter, a 404 for every
path outside the app, and a clear error at start when there is no table."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner

from quotes.cli import app as cli_app
from quotes.store import NoSuchTable, Store
from quotes.web import create_app
from tests import invented_tables
from tests.invented_tables import HOSTILE


@pytest.fixture(scope="module")
def small_table(tmp_path_factory):
    return invented_tables.small(tmp_path_factory.mktemp("serve-small"))


@pytest.fixture(scope="module")
def client(small_table):
    with TestClient(create_app(small_table), raise_server_exceptions=False) as c:
        yield c


def _rows(client, url: str) -> dict:
    answer = client.get(url)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert set(body) == {"total", "rows"}
    return body


def test_speakers_lists_ids_names_and_counts(client):
    body = _rows(client, "/api/speakers")
    assert body["total"] == 2
    first = body["rows"][0]
    assert {"id", "name", "quotes", "articles"} <= set(first)
    assert (first["id"], first["name"], first["quotes"], first["articles"]) == (
        "jeanne-dupont",
        "Jeanne Dupont",
        3,
        2,
    )


@pytest.mark.parametrize(
    ("q", "ids"),
    [
        ("dupont", ["jeanne-dupont"]),
        ("J. Dupont", ["jeanne-dupont"]),
        ("MARTÍN", ["paul-martin"]),
        ("nobody", []),
    ],
)
def test_speakers_are_found_by_any_name_folded(client, q, ids):
    assert [r["id"] for r in _rows(client, f"/api/speakers?q={q}")["rows"]] == ids


def test_said_gives_one_speaker_by_date_with_its_sentence(client):
    body = _rows(client, "/api/said?speaker=jeanne-dupont")
    assert body["total"] == 3
    dates = [r["date"] for r in body["rows"]]
    assert dates == sorted(dates)
    first = body["rows"][0]
    assert first["before"] == "Jeanne Dupont a dit « " and first["after"].startswith(" ».")
    assert first["url"] == "https://example.org/a1"


@pytest.mark.parametrize(
    ("query", "total"),
    [
        ("q=négociation", 3),  # any inflection: « négocierons »
        ("q=NEGOCIERONS", 3),  # case and accents folded
        ("q=noel", 1),
        ("q=pouvoir+achat", 1),  # every word
        ("q=%22achat+pouvoir%22", 0),  # a phrase keeps its order
        ("q=%22pouvoir+d%E2%80%99achat%22", 1),
        ("who=dupont", 3),
        ("who=dupont&since=2024-01-06", 1),
        ("outlet=Journal+3", 2),
        ("kind=partial", 0),
        ("min_confidence=0.9&who=dupont", 2),  # below it a row names nobody
        ("speaker=paul-martin&q=achat", 1),
    ],
)
def test_search_filters(client, query, total):
    assert _rows(client, f"/api/search?{query}")["total"] == total


def test_search_pages_and_counts_all(client):
    page = _rows(client, "/api/search?limit=2&offset=2")
    assert page["total"] == 6 and len(page["rows"]) == 2
    assert _rows(client, "/api/search?offset=100") == {"total": 6, "rows": []}


@pytest.mark.parametrize(
    "hostile",
    ["'; DROP TABLE quotes; --", "%' OR 1=1 --", '") OR (1=1', "\\", "(?i).*", "[", "$1 $$ ?"],
)
def test_values_are_bound_parameters(client, hostile):
    for url in ("/api/search", "/api/speakers", "/api/statements"):
        answer = client.get(url, params={"q": hostile})
        assert answer.status_code == 200, answer.text
    assert client.get("/api/search", params={"who": hostile}).status_code == 200
    assert client.get("/api/search", params={"outlet": hostile}).json()["total"] == 0
    assert _rows(client, "/api/search")["total"] == 6  # the table is still there


def test_statements_and_conflicts(client):
    every = _rows(client, "/api/statements")
    assert every["total"] == 1
    statement = every["rows"][0]
    assert statement["conflict"] is True and statement["articles"] == 3
    assert {r["speaker"] for r in statement["rows"]} == {"Jeanne Dupont", "Paul Martin"}
    assert statement["headline"] == "nous négocierons jusqu’au bout"
    assert _rows(client, "/api/statements?conflicts=1")["total"] == 1
    assert _rows(client, "/api/statements?q=achat")["total"] == 0


def test_compare_gives_one_line_per_date(client):
    body = _rows(client, "/api/compare?speaker=jeanne-dupont&speaker=Paul+Martin")
    assert [d["date"] for d in body["rows"]] == ["2024-02-01", "2024-01-06", "2024-01-05"]
    assert {r["speaker_id"] for d in body["rows"] for r in d["rows"]} == {
        "jeanne-dupont",
        "paul-martin",
    }


def test_speaker_and_article(client):
    who = client.get("/api/speaker/jeanne-dupont").json()
    assert who["variants"] == ["Dupont", "J. Dupont"] and who["quotes"] == 3
    assert sum(t["n"] for t in who["timeline"]) == 3
    art = client.get("/api/article/a2").json()
    assert art["text"].startswith("« Nous négocierons") and len(art["rows"]) == 2


def test_json_never_holds_raw_markup(client):
    answer = client.get("/api/search?q=script")
    assert answer.json()["rows"][0]["quote"] == HOSTILE
    assert "<script>" not in answer.text and "\\u003cscript\\u003e" in answer.text


@pytest.mark.parametrize("path", ["/", "/?q=script", "/article/a2", "/statements"])
def test_pages_escape_every_text(client, path):
    answer = client.get(path)
    assert answer.status_code == 200
    assert "<script>alert" not in answer.text
    assert '" onmouseover="' not in answer.text
    if path != "/statements":
        assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover=&quot;" in answer.text
    assert "script-src" not in answer.headers["content-security-policy"]
    assert "default-src 'none'" in answer.headers["content-security-policy"]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/api/search?kind=quoted", "kind: 'quoted' is not one of direct, partial, indirect"),
        ("/api/search?since=2024-02-30", "since: '2024-02-30' is not a date"),
        ("/api/search?until=hier", "until: 'hier' is not a date"),
        ("/api/search?since=2024-03-01&until=2024-01-01", "comes after until"),
        ("/api/search?offset=-1", "offset: -1 is out of range"),
        ("/api/search?offset=deux", "offset: 'deux' is not a whole number"),
        ("/api/search?limit=501", "limit: 501 is out of range (1 to 500)"),
        ("/api/search?limit=0", "limit: 0 is out of range"),
        ("/api/search?min_confidence=2", "min_confidence: 2 is not between 0 and 1"),
        ("/api/search?min_confidence=nan", "min_confidence: nan is not between 0 and 1"),
        ("/api/search?q=" + "x" * 301, "q: at most 300 characters"),
        ("/api/statements?conflicts=maybe", "conflicts: 'maybe' is not 1 or 0"),
        ("/api/said", "speaker: a speaker id is required"),
        ("/api/compare?speaker=jeanne-dupont", "give two to four speakers"),
        ("/api/compare?" + "&".join(["speaker=jeanne-dupont"] * 5), "at most 4 speakers"),
        ("/api/speakers?limit=-5", "limit: -5 is out of range"),
        ("/?kind=quoted", "kind: 'quoted'"),
        ("/speaker/jeanne-dupont?since=demain", "since: 'demain' is not a date"),
        ("/compare?speaker=a&speaker=b&speaker=c&speaker=d&speaker=e", "at most 4 speakers"),
        ("/statements?offset=-3", "offset: -3 is out of range"),
    ],
)
def test_every_bad_parameter_is_a_400_with_a_message(client, url, message):
    answer = client.get(url)
    assert answer.status_code == 400, answer.text
    text = answer.json()["error"] if url.startswith("/api/") else answer.text
    assert message in text.replace("&#x27;", "'")
    assert "Traceback" not in answer.text


@pytest.mark.parametrize(
    "url",
    [
        "/nowhere",
        "/../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/static/../../quotes.parquet",
        "/api/nothing",
        "/api/speaker/nobody-at-all",
        "/speaker/nobody-at-all",
        "/article/zzz",
        "/api/article/zzz",
        "/api/said?speaker=nobody-at-all",
        "/compare?speaker=x&speaker=y",
    ],
)
def test_paths_outside_the_app_are_404(client, url):
    assert client.get(url).status_code == 404


def test_nothing_writes(client):
    for method in ("post", "put", "delete", "patch"):
        assert getattr(client, method)("/api/search").status_code == 405


def test_a_folder_of_parts_is_served_as_one_table(tmp_path):
    folder = invented_tables.small(tmp_path, parts=True)
    assert folder.is_dir()
    with TestClient(create_app(folder)) as c:
        assert c.get("/api/search").json()["total"] == 6
        assert c.get("/api/speakers?q=dupont").json()["rows"][0]["quotes"] == 3


def test_a_missing_table_is_a_clear_error_and_exit_2(tmp_path):
    with pytest.raises(NoSuchTable, match="no such table"):
        Store(tmp_path / "none.parquet")
    (tmp_path / "bad.parquet").write_text("not parquet")
    with pytest.raises(NoSuchTable, match="cannot be read"):
        Store(tmp_path / "bad.parquet")
    result = CliRunner().invoke(cli_app, ["serve", "--table", str(tmp_path / "none.parquet")])
    assert result.exit_code == 2
    assert "none.parquet: no such table" in result.output


def test_serve_listens_on_this_machine_only_by_default():
    import inspect

    from quotes.cli import serve

    assert inspect.signature(serve).parameters["host"].default == "127.0.0.1"


def test_every_address_the_readme_gives_answers(client):
    import re

    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text("utf-8")
    paths = set(re.findall(r"`GET (/api/[a-z]+(?:/ID)?)", readme))
    assert {"/api/speakers", "/api/said", "/api/search", "/api/statements"} <= paths
    examples = {
        "/api/speaker/ID": "/api/speaker/jeanne-dupont",
        "/api/article/ID": "/api/article/a1",
        "/api/said": "/api/said?speaker=jeanne-dupont",
        "/api/compare": "/api/compare?speaker=jeanne-dupont&speaker=paul-martin",
    }
    for path in paths:
        assert client.get(examples.get(path, path)).status_code == 200, path


def test_overlapping_rows_are_all_highlighted_in_their_article():
    from quotes.pages import highlighted

    text = "Elle a dit que l'accord « tiendra bon » <b>demain</b>."
    a, b = text.index("l'accord"), text.index(" <b>")
    c = text.index("tiendra")
    outer = {"start": a, "end": b, "kind": "indirect", "speaker": "Jeanne"}
    inner = {"start": c, "end": c + len("tiendra bon"), "kind": "partial", "speaker": "Jeanne"}
    page = highlighted(text, [outer, inner])
    assert page.count('<a class="anchor"') == 2
    assert '<mark class="partial" title="Jeanne">tiendra bon</mark>' in page
    assert page.count('<sup class="said">Jeanne</sup>') == 2
    assert "&lt;b&gt;demain&lt;/b&gt;" in page and "<b>" not in page
