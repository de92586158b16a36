# make run: set up and serve the application on SQLite with the 2023 plan loaded.
# make test: set up and run the whole test suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PORT ?= 8000
PLAN := fixtures/seoul-dpb-2023.yaml

.PHONY: run test install lint browser services

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/activate
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

install: $(VENV)/.installed

run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_plan $(PLAN)
	$(MANAGE) ensure_admin
	@echo "Serving http://127.0.0.1:$(PORT)/admin/"
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# Headless Chromium for the browser tests, from the distribution's packages.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing chromium (Debian package) for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: install browser
	$(BIN)/pytest -n 2

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
