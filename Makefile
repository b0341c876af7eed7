# Two commands on a fresh machine with Python >= 3.11:
#   make run    install what the dashboard needs and start it on http://localhost:8501
#   make test   install what the tests need (and a headless Chromium) and run every test
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test lint browser bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	$(PY) -m dashboard.map.assets
	touch $@

run: $(VENV)/.installed
	$(PY) -m streamlit run dashboard/app.py --server.port $(PORT)

browser: $(VENV)/.installed
	PY=$(PY) bash scripts/ensure_browser.sh

test: $(VENV)/.installed browser
	$(PY) -m ruff check .
	$(PY) -m pytest

lint: $(VENV)/.installed
	$(PY) -m ruff check .

clean:
	rm -rf $(VENV) dashboard/static/vendor .pytest_cache test-artifacts
