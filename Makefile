# Two commands: `make html` builds the site, `make test` runs the tests.
# Both create .venv from the pinned requirements.txt when it is missing or stale.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements.stamp
SPHINXOPTS ?=
BUILDDIR := _build

.PHONY: html test clean venv

venv: $(STAMP)

$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

html: $(STAMP)
	$(PY) -m sphinx -b html --jobs auto $(SPHINXOPTS) . $(BUILDDIR)/html
	@echo "The site is in $(BUILDDIR)/html/index.html"

test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(BUILDDIR)
