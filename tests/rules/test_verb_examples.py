"""Every verb group's examples and counter-examples through the real pipeline: an example
gives a row whose cue is a verb of its group; a counter-example gives no row at all."""

from __future__ import annotations

import pytest

from quotes.pipeline import run
from quotes.rules import load_rules
from quotes.types import Article

RULES = load_rules()
GROUP_OF = {v.lemma: v.group for v in RULES.verbs}
EXAMPLES = [(g.id, e) for g in RULES.verb_groups for e in g.examples]
COUNTERS = [(g.id, e) for g in RULES.verb_groups for e in g.counter_examples]

pytestmark = pytest.mark.model
# Examples say « il » or « elle »: the context gives each pronoun its antecedent.
CONTEXT = "Mme Hanna Virtanen est arrivée mardi. M. Paul Ardent est arrivé mercredi.\n"


@pytest.mark.parametrize(("group", "text"), EXAMPLES)
def test_verb_group_example_gives_a_row_of_its_group(backend, group, text):
    rows = run(Article("example", CONTEXT + text), RULES, backend).attributions
    assert any(r.cue is not None and GROUP_OF.get(r.cue.lemma) == group for r in rows), rows


@pytest.mark.parametrize(("group", "text"), COUNTERS)
def test_verb_group_counter_example_gives_no_row(backend, group, text):
    assert run(Article("counter", CONTEXT + text), RULES, backend).attributions == ()


GUESS = RULES.incise_guess


@pytest.mark.parametrize("text", GUESS.examples)
def test_incise_guess_example_finds_the_missed_verb(backend, text):
    rows = run(Article("example", CONTEXT + text), RULES, backend).attributions
    assert any(r.cue is not None and r.cue.lemma in GROUP_OF for r in rows), rows


@pytest.mark.parametrize("text", GUESS.counter_examples)
def test_incise_guess_counter_example_finds_no_verb(backend, text):
    rows = run(Article("counter", CONTEXT + text), RULES, backend).attributions
    assert not any(r.cue is not None and r.cue.lemma in GROUP_OF for r in rows), rows
