# Two commands from a fresh clone: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB := demo/rashomon.duckdb

.PHONY: install demo test lint browser bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/rashomon analyze demo/corpus --manifest demo/corpus/manifest.jsonl --actors demo/actors.toml --outlets demo/outlets.csv --db $(DEMO_DB)
	$(BIN)/rashomon export --db $(DEMO_DB) --out demo/export
	$(BIN)/rashomon report --db $(DEMO_DB) -o demo/report.html
	@echo "report: demo/report.html (open it in a browser; it works offline); data: $(DEMO_DB), demo/export/"
	@echo "serve it: $(BIN)/rashomon serve --db $(DEMO_DB)   then open http://127.0.0.1:8000/ (API: /api, /docs)"

lint: install
	$(BIN)/ruff check rashomon tests bench
	$(BIN)/ruff format --check rashomon tests bench

# The browser tests drive Debian's chromium (Playwright cannot download browsers here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi; \
	  $$sudo apt-get update -qq && $$sudo apt-get install -y -qq chromium >/dev/null; }

test: lint browser
	$(BIN)/python -m pytest -q

bench: install browser
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	$(BIN)/python bench/extract.py
	$(BIN)/python bench/plaintext.py
	$(BIN)/python bench/time.py
	$(BIN)/python bench/actors.py
	$(BIN)/python bench/actors_news.py
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/quotes.py
	$(BIN)/python bench/events.py
	$(BIN)/python bench/events_news.py
	$(BIN)/python bench/claims.py
	$(BIN)/python bench/stance.py
	$(BIN)/python bench/hostile.py
	$(BIN)/python bench/faults.py
	$(BIN)/python bench/scale.py --sizes 1000  # 10,000: python bench/scale.py (hours on 2 cores)

clean:
	rm -rf $(VENV) demo/rashomon.duckdb demo/export demo/report.html .pytest_cache
