# make run: set up and serve the application on SQLite with the 2023 plan loaded.
# make test: set up and run the whole test suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PORT ?= 8000
# Links in e-mails and calendar feeds point to the port the site is served on.
SITE_URL ?= http://127.0.0.1:$(PORT)
export SITE_URL
PLAN := fixtures/seoul-dpb-2023.yaml

.PHONY: run test install lint browser services worker

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
	$(MANAGE) seed_demo
	$(MANAGE) install_schedule
	$(MANAGE) send_reminders --at-start
	@echo "Serving http://127.0.0.1:$(PORT)/admin/"
	@echo "Reminders: Celery beat runs beside the server; without REDIS_URL it runs each task itself."
	$(BIN)/celery -A govtrack beat --loglevel=WARNING --pidfile= & trap 'kill $$! 2>/dev/null' EXIT; \
		$(MANAGE) runserver 127.0.0.1:$(PORT)

# With REDIS_URL set, the worker that sends what beat and the site queue (make run starts beat).
worker: install
	$(BIN)/celery -A govtrack worker --loglevel=INFO

# Headless Chromium for the browser tests, from the distribution's packages.
browser:
	@{ command -v chromium >/dev/null 2>&1 && fc-list :lang=ko family 2>/dev/null | grep -q .; } || { \
		echo "Installing chromium and a Korean font (Debian packages) for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-nanum >/dev/null; }

test: install browser
	$(BIN)/pytest -n 2

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# make bench: city-scale benchmarks (10k, 100k, 1M milestones) against PostgreSQL, not part of make test.
# BENCH_DATABASE_URL names the database (default postgres://postgres@127.0.0.1:5432/govtrack_bench);
# it is dropped and created afresh (BENCH_ARGS=--reuse keeps it). Results: artefacts/bench.md.
.PHONY: bench
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)
