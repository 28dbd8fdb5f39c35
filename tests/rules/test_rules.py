"""Every rule file loads; every example and counter-example runs through the real detector;
bad rule data raises an error naming the file and the key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quotes.detect_cues import pattern_cue, source_cues
from quotes.detect_quotes import detect_quotes
from quotes.errors import RulesError
from quotes.rules import DEFAULT_RULES_DIR, RULE_FILES, load_rules
from quotes.segment import paragraphs
from quotes.types import Span

RULES = load_rules()


def test_at_least_150_verb_lemmas():
    assert len(RULES.verbs) >= 150
    assert all(v.lemma == v.lemma.lower() for v in RULES.verbs)


MARK_EXAMPLES = [
    (m.id, e) for m in (*RULES.marks.pairs, *RULES.marks.symmetric) for e in m.examples
]
MARK_COUNTERS = [
    (m.id, e) for m in (*RULES.marks.pairs, *RULES.marks.symmetric) for e in m.counter_examples
]


@pytest.mark.parametrize(("rule_id", "text"), MARK_EXAMPLES)
def test_mark_examples_find_a_quote(rule_id, text):
    quotes = detect_quotes(text, paragraphs(text), RULES.marks)
    assert any(q.rule_id.startswith(rule_id) for q in quotes)


@pytest.mark.parametrize(("rule_id", "text"), MARK_COUNTERS)
def test_mark_counter_examples_find_none(rule_id, text):
    quotes = detect_quotes(text, paragraphs(text), RULES.marks)
    assert not any(q.rule_id.startswith(rule_id) for q in quotes)


def _cue_ids(text: str) -> set[str]:
    """The ids of the cue patterns that the detector finds around the quotes of `text`."""
    found = {c.rule_id for c in source_cues(text, RULES, Span(0, len(text)))}
    for q in detect_quotes(text, paragraphs(text), RULES.marks):
        for where, window in (
            ("after", Span(q.outer.end, len(text))),
            ("before", Span(0, q.outer.start)),
        ):
            hit = pattern_cue(text, RULES, where, window)
            if hit:
                found.add(hit[0].id)
    return found


CUE_EXAMPLES = [(c.id, e) for c in RULES.cues for e in c.examples]
CUE_COUNTERS = [(c.id, e) for c in RULES.cues for e in c.counter_examples]


@pytest.mark.parametrize(("rule_id", "text"), CUE_EXAMPLES)
def test_cue_examples_match(rule_id, text):
    assert rule_id in _cue_ids(text)


@pytest.mark.parametrize(("rule_id", "text"), CUE_COUNTERS)
def test_cue_counter_examples_do_not_match(rule_id, text):
    assert rule_id not in _cue_ids(text)


BAD_RULES = [
    # (file, text replaced, replacement, words the error must name)
    ("verbs.toml", "schema_version = 1", "schema_version = 2", ["verbs.toml", "schema_version"]),
    (
        "verbs.toml",
        'id = "verbs.neutral"',
        'id = "verbs.neutral"\ncolour = "red"',
        ["verbs.toml", "colour"],
    ),
    ("verbs.toml", '"affirmer",', '"affirmer", "affirmer",', ["verbs.toml", "affirmer"]),
    ("verbs.toml", '"affirmer",', '"Affirmer",', ["verbs.toml", "Affirmer"]),
    (
        "cues.toml",
        "regex = '''(?P<mention>",
        "regex = '''(?P<mention>(",
        ["cues.toml", "cue.colon"],
    ),
    ("cues.toml", 'where = "after"', 'where = "around"', ["cues.toml", "where"]),
    ("quote_marks.toml", 'close = "»"', 'close = "»»"', ["quote_marks.toml", "one character"]),
    ("titles.toml", 'gender = "f"', 'gender = "x"', ["titles.toml", "gender"]),
    ("titles.toml", '"adjoint",', '"adjoint", "adjoint",', ["titles.toml", "adjoint"]),
    ("titles.toml", '"adjoint",', '"adjoint", "e\u0301lu",', ["titles.toml", "NFC"]),
    ("titles.toml", '["sh", "ch"]', '["sh"]', ["titles.toml", "names.spelling"]),
    ("speakers.toml", 'id = "mark-rutte"', 'id = "Mark Rutte"', ["speakers.toml", "id"]),
    ("speakers.toml", 'type = "organization"', 'type = "club"', ["speakers.toml", "type"]),
    ("speakers.toml", 'gender = "m"', 'gender = "male"', ["speakers.toml", "gender"]),
    (
        "speakers.toml",
        "start = 2024-10-01\n",
        "start = 2024-10-01\nend = 2024-01-01\n",
        ["speakers.toml", "mark-rutte", "end"],
    ),
    ("speakers.toml", "start = 2024-10-01", 'start = "2024"', ["speakers.toml", "start", "date"]),
    (
        "speakers.toml",
        'aliases = ["Marc Rutte"]',
        'aliases = ["Marc Rutte", "Jens Stoltenberg"]',
        ["speakers.toml", "Jens Stoltenberg", "jens-stoltenberg"],
    ),
    (
        "speakers.toml",
        'id = "xi-jinping"',
        'id = "xi-jinping"\nparty = 1',
        ["speakers.toml", "party"],
    ),
    (
        "speakers.toml",
        'id = "xi-jinping"',
        'id = "mark-rutte"',
        ["speakers.toml", "duplicate", "mark-rutte"],
    ),
    (
        "boilerplate.toml",
        "regex = '''(?:publicit",
        "regex = '''((?:publicit",
        ["boilerplate.toml", "boilerplate.advert", "regex"],
    ),
    (
        "boilerplate.toml",
        'id = "boilerplate.share"',
        'id = "boilerplate.advert"',
        ["boilerplate.toml", "duplicate"],
    ),
    ("dates.toml", "within = 400", "within = 400\nyear = 2024", ["dates.toml", "year"]),
    (
        "dates.toml",
        "(?P<date><DATE>)",
        "(?P<when><DATE>)",
        ["dates.toml", "date.published", "date"],
    ),
    ("dates.toml", '"dimanche"]', "]", ["dates.toml", "weekdays"]),
    (
        "attribution.toml",
        "min_likeness = 0.1",
        "min_likeness = 2",
        ["attribution.toml", "min_likeness"],
    ),
    (
        "attribution.toml",
        "threshold = 0.5",
        'threshold = "high"',
        ["attribution.toml", "threshold"],
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "words"), BAD_RULES)
def test_bad_rules_raise_naming_file_and_key(tmp_path: Path, file, old, new, words):
    for name in RULE_FILES:
        shutil.copy(DEFAULT_RULES_DIR / name, tmp_path / name)
    path = tmp_path / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RulesError) as err:
        load_rules(tmp_path)
    for word in words:
        assert word in str(err.value)


def test_speakers_file_has_a_useful_starting_set():
    """Heads of state and government, international organisations, French ministers."""
    by_id = {s.id: s for s in RULES.speakers}
    assert len(by_id) >= 50
    titles = {t for s in RULES.speakers for r in s.roles for t in r.titles}
    for title in (
        "président de la République",
        "secrétaire général de l'OTAN",
        "secrétaire général de l'ONU",
        "président de la Commission européenne",
        "Premier ministre français",
        "ministre de l'Intérieur",
    ):
        assert title in titles


def test_no_person_name_in_the_package():
    """French knowledge and names live in rules/ and data, never in quotes/."""
    import json

    from tests.conftest import SHARED

    aliases_file = SHARED / "gold" / "speakers.json"
    if not aliases_file.is_file():
        pytest.skip(f"{aliases_file} is absent")
    names = {
        a
        for aliases in json.loads(aliases_file.read_text()).values()
        for a in aliases
        if (a[:1].isupper() and " " not in a) or (len(a.split()) == 2 and a.istitle())
    }
    package = Path(__file__).resolve().parents[2] / "quotes"
    source = "\n".join(p.read_text(encoding="utf-8") for p in package.rglob("*.py"))
    assert [n for n in sorted(names) if n in source] == []


BOILERPLATE = [(b.id, e, True) for b in RULES.boilerplate for e in b.examples] + [
    (b.id, e, False) for b in RULES.boilerplate for e in b.counter_examples
]


@pytest.mark.parametrize(("rule_id", "line", "blanked"), BOILERPLATE)
def test_boilerplate_examples(rule_id, line, blanked):
    """An example line is blanked (offsets kept); a counter-example is kept."""
    from quotes.boilerplate import blank, boilerplate_lines

    text = f"Le maire a parlé.\n{line}\nFin."
    spans = boilerplate_lines(text, RULES.boilerplate)
    assert bool(spans) == blanked
    visible = blank(text, spans)
    assert len(visible) == len(text)
    assert (line in visible) != blanked


DATE_EXAMPLES = [(p.id, t, iso) for p in RULES.dates.patterns for t, iso in p.examples]
DATE_COUNTERS = [(p.id, t) for p in RULES.dates.patterns for t in p.counter_examples]


@pytest.mark.parametrize(("rule_id", "text", "iso"), DATE_EXAMPLES)
def test_date_examples(rule_id, text, iso):
    from quotes.dates import date_in_text

    found = date_in_text(text, RULES.dates)
    assert found is not None
    assert (found[0].isoformat(), found[1]) == (iso, rule_id)


@pytest.mark.parametrize(("rule_id", "text"), DATE_COUNTERS)
def test_date_counter_examples(rule_id, text):
    from quotes.dates import date_in_text

    assert date_in_text(text, RULES.dates) is None


URL_EXAMPLES = [(p.id, u, iso) for p in RULES.dates.url_patterns for u, iso in p.examples]
URL_COUNTERS = [(p.id, u) for p in RULES.dates.url_patterns for u in p.counter_examples]


@pytest.mark.parametrize(("rule_id", "url", "iso"), URL_EXAMPLES)
def test_url_date_examples(rule_id, url, iso):
    from quotes.dates import date_in_url

    found = date_in_url(url, RULES.dates)
    assert found is not None
    assert (found[0].isoformat(), found[1]) == (iso, rule_id)


@pytest.mark.parametrize(("rule_id", "url"), URL_COUNTERS)
def test_url_date_counter_examples(rule_id, url):
    from quotes.dates import date_in_url

    assert date_in_url(url, RULES.dates) is None
