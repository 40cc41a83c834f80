# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
VENV   ?= .venv
PYTHON ?= python3
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
DATA   ?= ../shared/data

.PHONY: demo test bench clean-venv

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/newsdigest summarize examples/harbour-bridge --format markdown

test: $(STAMP)
	NEWSDIGEST_DATA=$(DATA) $(PY) -m pytest -q

bench: $(STAMP)
	$(PY) benchmarks/speed.py --data $(DATA)
	$(PY) benchmarks/clean_appended.py --data $(DATA)

clean-venv:
	rm -rf $(VENV)
