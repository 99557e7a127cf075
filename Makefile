# Two commands set diplograph up on a fresh machine:
#   make run   create .venv, install, build the graph and show what it holds
#   make test  run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test build install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

build: $(STAMP)
	$(BIN)/diplograph build

run: build
	$(BIN)/diplograph stats
	@echo
	@echo "The graph is in build/: diplograph.trig and diplograph.nq (every named graph),"
	@echo "ontology.ttl, and the ontology's documentation in build/ontology/index.html."

test: $(STAMP)
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) build *.egg-info
