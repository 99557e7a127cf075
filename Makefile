# Two commands set diplograph up on a fresh machine:
#   make run   create .venv, install, build the graph and serve the web app on http://127.0.0.1:8000/
#   make test  run the whole test suite
#   make lint  ruff and mypy, configured in pyproject.toml (make test runs them too)
PYTHON ?= python3
PORT   ?= 8000
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
ASSETS := node_modules/.installed

.PHONY: run test lint build install assets clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# Front-end libraries the web app serves itself (YASGUI), pinned by package-lock.json.
$(ASSETS): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $(ASSETS)

install: $(STAMP) $(ASSETS)

assets: $(ASSETS)

build: $(STAMP)
	$(BIN)/diplograph build

run: build $(ASSETS)
	$(BIN)/diplograph stats
	@echo
	@echo "Serving on http://127.0.0.1:$(PORT)/ (SPARQL endpoint: /sparql). Stop with Ctrl-C."
	$(BIN)/diplograph serve --host 127.0.0.1 --port $(PORT)

test: $(STAMP) $(ASSETS)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build .build.staging-* *.egg-info node_modules
