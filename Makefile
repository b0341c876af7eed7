# Two commands on a fresh machine with Python >= 3.11:
#   make run    install what the dashboard needs and start it on http://localhost:8501
#   make test   install what the tests need (and a headless Chromium) and run every test
#   make serve-replicas N=2   N replicas behind HAProxy on http://localhost:8500
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test lint browser haproxy serve-replicas bench clean lock i18n-extract i18n-update i18n-compile

# The exact versions the suite passes on (constraints.txt); `make lock` refreshes them.
$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test]'
	$(PY) -m dashboard.map.assets
	$(PY) -m babel.messages.frontend compile -d locales -D messages --statistics
	touch $@

run: $(VENV)/.installed
	$(PY) -m streamlit run dashboard/app.py --server.port $(PORT)

browser: $(VENV)/.installed
	PY=$(PY) bash scripts/ensure_browser.sh

# Debian's haproxy for serve-replicas and the balancer's tests (skipped where it is missing).
haproxy:
	bash scripts/ensure_haproxy.sh || echo "haproxy: the balancer tests will be skipped"

N ?= 2
serve-replicas: $(VENV)/.installed
	N=$(N) PORT=$(or $(BALANCER_PORT),8500) PY=$(PY) bash scripts/serve_replicas.sh

test: $(VENV)/.installed browser haproxy
	$(PY) -m ruff check .
	$(PY) -m pytest -n 2 --dist loadgroup

lint: $(VENV)/.installed
	$(PY) -m ruff check .

# Newest versions allowed by pyproject.toml, into a fresh environment, written to
# constraints.txt; then run `make test` on them before committing the new file.
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet -e '.[test]'
	( echo "# The exact versions the test suite passed on; refresh with 'make lock'."; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable ) > constraints.txt
	rm -rf .lock-venv

# Translations (README, "Languages"): collect the strings, merge them into each language's
# catalogue, compile the catalogues (make run does that once at install).
LANGS ?= ru
i18n-extract: $(VENV)/.installed
	$(PY) -m babel.messages.frontend extract -F babel.cfg -k N_ --no-location --sort-output \
		--project "Border Incident Map" -o locales/messages.pot .

i18n-update: i18n-extract
	for lang in $(LANGS); do \
		$(PY) -m babel.messages.frontend update -i locales/messages.pot -d locales \
			-D messages -l $$lang --no-fuzzy-matching --ignore-obsolete; done

i18n-compile: $(VENV)/.installed
	$(PY) -m babel.messages.frontend compile -d locales -D messages --statistics

clean:
	rm -rf $(VENV) dashboard/static/vendor .pytest_cache test-artifacts
