# Two commands set diplograph up on a fresh machine:
#   make run   create .venv, install, build the graph and serve the web app on http://127.0.0.1:8000/
#   make test       run the whole test suite
#   make test-fast  the quick loop: everything but the slow, browser, reasoner, remote-store, wheel and serial tests
#   make lint       ruff and mypy, configured in pyproject.toml (make test runs them too)
PYTHON ?= python3
PORT   ?= 8000
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
ASSETS := node_modules/.installed

.PHONY: run test test-fast lint build install assets clean

# pytest-xdist spreads the tests over the cores a file at a time, so a module's fixtures (app servers with
# their workers, the wheel's environment) are made once; the longest files go first (tests/conftest.py), so
# none runs alone at the end. The `serial` tests check responsiveness under a load they make themselves,
# so they run alone once the parallel part is done.
XDIST := -n auto --dist loadfile --no-loadscope-reorder
FAST  := not (slow or browser or reasoner or remote or wheel)

# Python may keep its compiled modules (and pytest its assertion-rewritten tests) in __pycache__, whatever the
# shell says: without them every run, and every worker, server and command a test starts, compiles them again
# (collecting the suite took 9 s instead of 4).
unexport PYTHONDONTWRITEBYTECODE

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
	$(BIN)/python -m pytest -q $(XDIST) -m "not serial"; status=$$?; \
	$(BIN)/python -m pytest -q -m serial || status=1; exit $$status

# The quick loop leaves out the responsiveness tests too: they want the machine to themselves (make test runs them).
test-fast: $(STAMP) $(ASSETS)
	$(BIN)/python -m pytest -q $(XDIST) -m "$(FAST) and not serial" --hypothesis-profile=fast

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build .build.staging-* *.egg-info node_modules
