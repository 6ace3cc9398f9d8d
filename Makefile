# The two commands of the README: `make demo` and `make test`. Both set up .venv themselves.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Debian packages the tests use: a PostgreSQL server (started by the tests themselves on
# 127.0.0.1 and stopped afterwards), poppler-utils and qpdf to read the PDF reports, tmux for
# the terminal tests, a CJK font for the reports' non-Latin fallback. Installed when missing,
# as root or with sudo; otherwise the tests that need them are skipped with the reason.
SYSDEPS_CHECK := ls /usr/lib/postgresql/*/bin/initdb && command -v pdftotext && command -v qpdf \
                 && command -v tmux && ls /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf
SYSDEPS_PKGS  := postgresql poppler-utils qpdf tmux fonts-droid-fallback

.PHONY: demo test lint typecheck pytest bench fuzz clean sysdeps readme-images shipped-forms catalogues

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "sscassess needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The newcomer's first command: a whole campaign for a fictional city, re-made on every run.
demo: $(STAMP)
	rm -rf reports/demo
	$(BIN)/sscassess demo --out reports/demo

# The release step of the shipped questionnaires and reference packs (run it after changing
# one): refuses a released version whose content changed (bump its version), archives every
# released version that is no longer current (from the git history, into questionnaires/archive/
# or reference/archive/), records new versions in questionnaires/released.json and
# reference/released.json, and writes the resolved form of each shipped questionnaire, read on a
# first start instead of validating. tests/test_shipped_versions.py and
# tests/test_questionnaire_cache.py fail until it has run; `python -m sscassess.questionnaire.release
# --check` only lists what it would have to do.
shipped-forms: $(STAMP)
	$(BIN)/python -m sscassess.questionnaire.release

# The message catalogues (sscassess/locale/<lang>/LC_MESSAGES/sscassess.po and .mo), with Babel's
# own tool: extract every marked message of the package into a template, merge it into each
# language's .po (new messages arrive untranslated, removed ones are dropped), and compile the
# .mo files the package reads. Run it after adding or changing a message, translate what
# tests/test_catalogues.py lists, and run it again. A new language: `$(BIN)/pybabel init -D
# sscassess -i $(VENV)/sscassess.pot -d sscassess/locale -l <lang>`, then translate.
LOCALE := sscassess/locale
# The messages of the package, and click's own ("Usage:", "Show this message and exit."),
# which the command line shows in the same language.
catalogues: $(STAMP)
	$(BIN)/pybabel --quiet extract -F $(LOCALE)/babel.cfg -k Plural:1,2 -k Msg -k InContext:1c,2 --no-location \
	  --sort-output --project sscassess --omit-header -o $(VENV)/sscassess.pot sscassess \
	  "$$($(BIN)/python -c 'import click, os; print(os.path.dirname(click.__file__))')"
	$(BIN)/pybabel --quiet update -D sscassess -i $(VENV)/sscassess.pot -d $(LOCALE) \
	  --no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date --width 100
	$(BIN)/pybabel --quiet compile -D sscassess -d $(LOCALE) --statistics

# The README's pictures and wizard capture, regenerated from the demo (never edited by hand).
readme-images: demo sysdeps
	$(BIN)/python docs/readme_images.py

lint: $(STAMP)
	$(BIN)/ruff check sscassess tests bench docs fuzz
	$(BIN)/ruff format --check sscassess tests bench docs fuzz
	$(BIN)/lint-imports --no-logo --no-cache

typecheck: $(STAMP)
	$(BIN)/mypy

sysdeps:
	@if ! ( $(SYSDEPS_CHECK) ) >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; \
	  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO=sudo; \
	  else echo "note: cannot install $(SYSDEPS_PKGS) (not root, no sudo); tests needing it will be skipped"; exit 0; fi; \
	  echo "installing $(SYSDEPS_PKGS) from Debian packages"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $(SYSDEPS_PKGS) >/dev/null; \
	fi

pytest: $(STAMP) sysdeps
	$(BIN)/python -m pytest

test: lint typecheck pytest

bench: $(STAMP) sysdeps
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/store_concurrency.py
	$(BIN)/python bench/wizard_startup.py
	$(BIN)/python bench/wizard_keys.py
	$(BIN)/python bench/analysis.py
	$(BIN)/python bench/charts.py
	$(BIN)/python bench/report.py

# Coverage-guided fuzzing (THREATS "Fuzzing and properties"): each fuzz/ target runs for
# FUZZ_SECONDS from the seeds in tests/fuzz_corpus/<target>/. atheris is installed here, not in
# the dev extra, because it compiles where no wheel fits. The corpus grows and crashes land in
# FUZZ_WORK; copy a crash into tests/fuzz_corpus/<target>/ so `make test` replays it
# (tests/test_fuzz_regressions.py). The known crash-* files are left out of the run, so a
# target with an unfixed crash still fuzzes (and usually finds that crash again).
FUZZ_TARGETS := yaml_loader json_strict number_parsing envelope paragraph cell_safe
FUZZ_SECONDS ?= 60
FUZZ_WORK    ?= $(or $(TMPDIR),/tmp)/sscassess-fuzz

fuzz: $(STAMP)
	$(BIN)/python -m pip install --quiet atheris
	@failed=""; for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_WORK)/$$t/corpus $(FUZZ_WORK)/$$t/crashes; \
	  cp tests/fuzz_corpus/$$t/seed-* $(FUZZ_WORK)/$$t/corpus/; \
	  dict=""; if [ -f fuzz/$$t.dict ]; then dict="-dict=fuzz/$$t.dict"; fi; \
	  echo "fuzz/$$t.py: $(FUZZ_SECONDS) s, log in $(FUZZ_WORK)/$$t.log"; \
	  $(BIN)/python fuzz/$$t.py $(FUZZ_WORK)/$$t/corpus -max_total_time=$(FUZZ_SECONDS) \
	    -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 $$dict \
	    -artifact_prefix=$(FUZZ_WORK)/$$t/crashes/ >$(FUZZ_WORK)/$$t.log 2>&1 \
	    || failed="$$failed $$t"; \
	  grep -E '^stat::number_of_executed_units' $(FUZZ_WORK)/$$t.log || true; \
	done; \
	if [ -n "$$failed" ]; then echo "crashed:$$failed (inputs in $(FUZZ_WORK)/*/crashes)"; exit 1; fi

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
