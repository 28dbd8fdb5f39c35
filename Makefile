# quotes: French quote attribution. `make quotes` builds data/quotes.parquet; `make test` runs the tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared
STAMP  := $(VENV)/.installed

.PHONY: install stanza fixtures browser quotes report serve test eval bench bench-serve lint clean

install: $(STAMP)

# The stamp is rebuilt whenever pyproject.toml changes, so `make quotes` and `make test`
# install only when needed. pip is upgraded first: the machine's pip is too old for some extras.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# stanza (--parser stanza) is an extra, since it pulls torch: the default install has neither.
# torch 2.13.0 (the CPU build this machine has) goes in first, and a constraint keeps pip
# from ever choosing a newer torch; stanza's own `torch>=1.13` is then met as it is.
TORCH         ?= torch==2.13.0
STANZA_STAMP  := $(VENV)/.stanza
stanza: $(STANZA_STAMP)
$(STANZA_STAMP): $(STAMP)
	echo '$(TORCH)' > $(VENV)/torch-constraint.txt
	$(BIN)/python -m pip install --quiet '$(TORCH)'
	$(BIN)/python -m pip install --quiet -c $(VENV)/torch-constraint.txt -e '.[dev,stanza]'
	touch $(STANZA_STAMP)

# The seed articles' CoNLL-U fixtures, parsed by the spaCy backend (tests check they are current).
fixtures: install
	$(BIN)/quotes parse data/articles --out tests/fixtures/conllu/seeds

quotes: install
	$(BIN)/quotes extract data/articles --out data/quotes.parquet
	$(BIN)/quotes summary data/quotes.parquet

# The report's browser tests drive Debian's chromium through chromedriver; install both when
# missing (as root, or through sudo when there is one).
SUDO := $(shell [ "$$(id -u)" = 0 ] || command -v sudo)
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium chromium-driver >/dev/null; }

report: quotes
	$(BIN)/quotes report --html data/report.html

# Browse data/quotes.parquet at http://127.0.0.1:8000/ (read-only; Ctrl-C stops).
serve: install
	test -e data/quotes.parquet || $(MAKE) quotes
	$(BIN)/quotes serve --table data/quotes.parquet

test: install browser
	$(BIN)/python -m pytest -q

eval: install
	$(BIN)/quotes extract data/articles --out $(VENV)/eval-seeds.parquet --quiet
	@echo "== seed gold =="
	$(BIN)/python $(SHARED)/tools/score_quotes.py $(SHARED)/gold/seeds.gold.jsonl $(SHARED)/gold/speakers.json $(VENV)/eval-seeds.parquet
	$(BIN)/quotes extract $(SHARED)/corpus --out $(VENV)/eval-dev.parquet --quiet
	@echo "== dev gold =="
	$(BIN)/python $(SHARED)/tools/score_quotes.py $(SHARED)/gold/dev.gold.jsonl $(SHARED)/gold/speakers.json $(VENV)/eval-dev.parquet
	$(BIN)/quotes extract $(SHARED)/corpus2 --out $(VENV)/eval-dev2.parquet --quiet
	@echo "== dev2 gold =="
	$(BIN)/python $(SHARED)/tools/score_quotes.py $(SHARED)/gold/dev2.gold.jsonl $(SHARED)/gold/dev2.speakers.json $(VENV)/eval-dev2.parquet

# Throughput against a parse-everything baseline on the first N distinct articles of
# ../shared/scale (see bench/run.py); writes bench/results.json. `make bench N=4200
# ONLY=extract` runs only the extraction on every core (memory at scale);
# `BENCH_FLAGS=--replicated` replicates the 36 dev articles instead (warm caches: flattering).
N           ?= 600
ONLY        ?= all
BENCH_FLAGS ?=
bench: install
	$(BIN)/python bench/run.py --n $(N) --only $(ONLY) $(BENCH_FLAGS)

lint: install
	$(BIN)/ruff check quotes tests
	$(BIN)/ruff format --check quotes tests
	$(BIN)/mypy quotes

clean:
	rm -rf $(VENV) data/*.parquet data/report.html

# `quotes serve` on the table of the whole scale corpus (extracted once under bench/scale-table/)
# and on a replicated table of twice its rows: p50/p95 per endpoint in bench/serve-results.json.
bench-serve: install
	$(BIN)/python bench/serve.py --double $(SERVE_FLAGS)
