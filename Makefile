# Qantar - the whole study as real file targets (the script making a target is its first
# prerequisite). `make help` lists the shortcuts; a second `make all` with nothing changed does
# nothing. Every step is also `python -m analysis <step>`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

PY      := .venv/bin/python
VENV    := .venv/.installed
CORPUS  := $(wildcard corpus/*.csv) $(wildcard corpus/features/*.jsonl)
LEXICON := $(wildcard analysis/lexicon/*.csv)
CORE    := analysis/schema.py analysis/paths.py analysis/corpus.py analysis/store.py \
           analysis/stemming.py analysis/stopwords.py analysis/textnorm.py analysis/lexicon.py \
           analysis/results.py analysis/stats.py
NB_SRC  := $(sort $(wildcard notebooks/[0-9][0-9]_*.py))
NB_OUT  := $(NB_SRC:.py=.ipynb)

##@ Shortcuts
help: ## show this help
	@awk 'BEGIN{FS=":.*## "} /^##@/{printf "\n%s\n", substr($$0,5)} /^[a-zA-Z_-]+:.*## /{printf "  make %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

all: report notebooks corpus/README.md ## set up if needed, then corpus -> analysis -> figures -> notebooks -> report
setup: $(VENV) ## create .venv with the pinned packages (requirements.lock.txt)
validate: results/validate.txt ## validate the corpus (schema, keys, dates, sorted bags)
analysis: results/values.json ## every analysis step (summary, topics, concepts, blame, compare, audit)
figures: figures/figures.json ## draw every figure
notebooks: $(NB_OUT) ## execute the notebooks headless into .ipynb
report: report/report.pdf ## compile report/report.pdf and report/report.html
test: $(VENV) system-deps ## run the test suite (what CI runs)
	$(PY) -m pytest -q
bench: $(VENV) ## time and measure the analysis steps (writes results/benchmark.json)
	$(PY) benchmarks/bench.py
system-deps: ## install chromium + poppler-utils for the browser/PDF tests (root + apt only)
	@bash scripts/system-deps.sh
clean-results: ## delete generated results, figures, notebooks and report (keeps the corpus)
	rm -rf results figures/*.png figures/*.pdf figures/figures.json notebooks/*.ipynb report/report.*
.PHONY: help all setup validate analysis figures notebooks report test bench system-deps clean-results

##@ Files
$(VENV): requirements.lock.txt
	python3 -m venv .venv
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.lock.txt
	touch $@

results/validate.txt: analysis/validate.py $(CORE) $(CORPUS) | $(VENV)
	@mkdir -p results
	$(PY) -m analysis validate > $@

results/corpus/summary.json: analysis/pipeline.py analysis/agreement.py results/validate.txt
	$(PY) -m analysis summary

corpus/README.md: analysis/datasheet.py results/corpus/summary.json
	$(PY) -m analysis datasheet

results/topics/summary.json: analysis/topics.py results/validate.txt
	$(PY) -m analysis topics

results/concepts/prevalence.csv: analysis/concepts.py results/validate.txt $(LEXICON)
	$(PY) -m analysis concepts

results/blame/choice.json: analysis/blame.py analysis/agreement.py analysis/compare.py results/validate.txt $(LEXICON)
	$(PY) -m analysis blame

results/compare/outlet_distance_blame.csv: analysis/compare.py results/blame/choice.json results/concepts/prevalence.csv
	$(PY) -m analysis compare

results/audit/summary.json: analysis/audit.py results/validate.txt $(LEXICON)
	$(PY) -m analysis audit

results/values.json: analysis/pipeline.py analysis/freshness.py results/corpus/summary.json results/topics/summary.json \
                     results/blame/choice.json results/compare/outlet_distance_blame.csv results/audit/summary.json
	$(PY) -m analysis values

figures/figures.json: analysis/figures.py analysis/arabic.py results/values.json
	$(PY) -m analysis figures

notebooks/%.ipynb: notebooks/%.py analysis/notebook.py figures/figures.json
	$(PY) -m analysis notebook $<

report/report.pdf report/report.html &: analysis/report.py report/template.typ results/values.json figures/figures.json
	$(PY) -m analysis report
