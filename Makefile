# Two commands matter: `make run` (set up everything and serve) and `make test` (the suite).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test lint format messages install browser bench clean vendor

# Virtual environment with every pinned dependency; rebuilt when a requirements file changes.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# Compiled translations (.mo) are build output, not committed.
messages: install
	DEBUG=true $(PY) manage.py compilemessages --ignore=$(VENV) --verbosity=0

# Set up and serve on http://$(HOST):$(PORT) with SQLite and sample data (development only).
# The task queue (e-mail, imports, the schedule) runs in the background, its queue in the same
# SQLite file, and stops when runserver stops. Mail goes to the console (EMAIL_BACKEND).
run: messages
	DEBUG=true $(PY) manage.py migrate --no-input
	DEBUG=true $(PY) manage.py load_plan
	DEBUG=true $(PY) manage.py load_sample_data
	DEBUG=true $(PY) manage.py sync_schedule
	DEBUG=true $(PY) manage.py qcluster & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

# Debian's Chromium (and Japanese fonts) for the browser tests, installed when missing.
browser:
	@.ci/install-browser

test: messages browser
	$(PY) -m pytest -n auto $(PYTEST_ARGS)

# Style and types. mypy's Django plugin imports the settings, which need DEBUG=true (or the
# production secrets) to load.
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check templates
	DEBUG=true $(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml templates

bench: messages
	bench/run.sh

# Refresh the front-end libraries committed under static/vendor/ (needs npm; `make run` does not):
# change the pin in vendor/package.json, then `make vendor` and commit both.
vendor:
	npm install --prefix vendor --no-audit --no-fund
	rm -rf static/vendor/leaflet && mkdir -p static/vendor/leaflet/images
	cp vendor/node_modules/leaflet/dist/leaflet.js vendor/node_modules/leaflet/dist/leaflet.js.map \
	   vendor/node_modules/leaflet/dist/leaflet.css vendor/node_modules/leaflet/LICENSE static/vendor/leaflet/
	cp vendor/node_modules/leaflet/dist/images/*.png static/vendor/leaflet/images/

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
	find . -name '*.mo' -not -path './$(VENV)/*' -delete
