# Two commands: `make html` builds the site, `make test` runs the tests.
# `make check` is the strict build CI runs on every pull request.
# `make venv` makes .venv: the site's pinned requirements.txt and this repository's minutes
# package installed editable (its source is _ext/minutes), so `minutes` is a command there.
# `make test` and `make lint` add the tools pinned in requirements-dev.txt. Each is redone
# when its pins (or pyproject.toml) change.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --quiet --disable-pip-version-check
STAMP := $(VENV)/.requirements.stamp
DEV_STAMP := $(VENV)/.requirements-dev.stamp
SPHINXOPTS ?=
BUILDDIR := _build

.PHONY: html check test lint clean venv dev livehtml new import bench

# `make bench`: the benchmark against plain MyST and the peers (benchmarks/README.md).
# N, JOBS, REPEATS select part of the matrix, e.g. `make bench N="100 1000" REPEATS="100:3 1000:1"`.
BENCH_VENV := benchmarks/.venv
BENCH_PY := $(BENCH_VENV)/bin/python
BENCH_STAMP := $(BENCH_VENV)/.requirements.stamp
N ?= 100 1000 3000
JOBS ?= 1 2
REPEATS ?=
BENCHOPTS ?=

venv: $(STAMP)

dev: $(DEV_STAMP)

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -r requirements.txt
	$(PIP) install --no-deps --editable .
	@touch $@

$(DEV_STAMP): $(STAMP) requirements-dev.txt
	$(PIP) install -r requirements.txt -r requirements-dev.txt
	@touch $@

html: $(STAMP)
	$(PY) -m sphinx -b html --jobs auto -d $(BUILDDIR)/doctrees $(SPHINXOPTS) . $(BUILDDIR)/html
	@echo "The site is in $(BUILDDIR)/html/index.html"

# A live preview while writing: rebuilds on save and reloads the browser (sphinx-autobuild).
livehtml: $(DEV_STAMP)
	$(VENV)/bin/sphinx-autobuild --port $${PORT:-8000} --ignore '$(BUILDDIR)/*' -d $(BUILDDIR)/doctrees $(SPHINXOPTS) . $(BUILDDIR)/html

# Start a meeting page: make new SERIES=dm-sst [DATE=YYYY-MM-DD]
new: $(STAMP)
	@test -n "$(SERIES)" || { echo "usage: make new SERIES=<series> [DATE=YYYY-MM-DD]" >&2; exit 2; }
	cd $(CURDIR) && $(VENV)/bin/minutes new "$(SERIES)" $(if $(DATE),--date "$(DATE)")

# Bring wiki pages in: make import SERIES=dm-sst FILES="page1.txt page2.xml" [TASK_REPORT=1]
import: $(STAMP)
	@test -n "$(SERIES)" -a -n "$(FILES)" || { echo "usage: make import SERIES=<series> FILES=\"...\" [TASK_REPORT=1]" >&2; exit 2; }
	cd $(CURDIR) && $(VENV)/bin/minutes import confluence --series "$(SERIES)" $(if $(TASK_REPORT),--task-report) $(FILES)

# Strict: every warning fails the build (-W), all are printed, each once, before it fails
# (--keep-going), broken references count (-n), and every page is read afresh (-E), since
# an incremental build would not repeat the warnings of pages it did not read again.
check: $(STAMP)
	$(PY) -m sphinx -b html -W --keep-going -n -E -q --jobs auto -d $(BUILDDIR)/doctrees-check $(SPHINXOPTS) . $(BUILDDIR)/check
	@echo "No problems found."

# `make lint`: ruff format and ruff check, mypy (mypy.ini), and the size habit (STYLE.md §7: no
# function over about 60 lines or class over about 250 in _ext/minutes unless its docstring says
# why), which tests/test_lint.py holds, as `make test` runs it in CI.
lint: $(DEV_STAMP)
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(PY) -m pytest -q -p no:cacheprovider tests/test_lint.py -k fit_on_a_screen

test: $(DEV_STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(BUILDDIR)

$(BENCH_STAMP): requirements.txt requirements-dev.txt benchmarks/requirements.txt
	@test -x $(BENCH_PY) || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_PY) -m pip install --quiet --disable-pip-version-check -r benchmarks/requirements.txt
	@touch $@

bench: $(BENCH_STAMP)
	$(BENCH_PY) benchmarks/run.py --sizes $(N) --jobs $(JOBS) $(if $(REPEATS),--repeats $(REPEATS)) $(BENCHOPTS)
