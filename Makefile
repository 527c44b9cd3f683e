# Two commands on a fresh clone: `make demo` and `make test`.
# Each creates .venv and installs what it needs (offline except the package registries).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)

.PHONY: demo test lint bench serve clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	# The CPU build of torch first: an unpinned torch pulls a multi-GB CUDA build.
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e ".[dev,local,llm,bench,eval,notebook,backend]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/pomocbot index examples/sklep/kb --out build/demo-index
	$(PY) examples/sklep/demo.py build/demo-index

test: $(STAMP)
	$(PY) -m pytest -q

# The service with PostgreSQL and Redis started locally (pip-shipped servers), 3 workers on :8000.
serve: $(STAMP)
	$(PY) -m pomocbot.serve.local --workers 3 --port 8000

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks examples
	$(VENV)/bin/mypy src

bench: $(STAMP)
	$(PY) benchmarks/retrieval.py

clean:
	rm -rf build $(VENV)
