# One command per workflow. `make run` and `make test` are the README's two commands.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DFE_PORT ?= 8765
TEST_WORKERS ?= auto  # pytest-xdist: one worker per core (each with its own test database)

.PHONY: install run test lint format bench worker beat clean backup restore

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

# The single sign-on tests' OpenID Provider (panva's oidc-provider, from the npm registry), where Node.js is.
IDP := tests/idp/oidc
$(IDP)/node_modules/.package-lock.json: $(IDP)/package-lock.json
	@if command -v npm >/dev/null; then npm ci --prefix $(IDP) --no-audit --no-fund --silent; \
	else echo "npm not found: the single sign-on browser tests will be skipped"; fi

install: $(VENV)/.installed $(IDP)/node_modules/.package-lock.json

run: install  ## set up the embedded default (SQLite, local files, eager tasks) with demo data and serve it
	$(PY) manage.py migrate --noinput
	@# The offline DfE (dfe/fake) beside the portal, for the NPQ's Lead Provider API; stopped with the server.
	$(PY) manage.py dfe_fake --port $(DFE_PORT) --state var/dfe-fake.json & FAKE=$$!; \
	trap 'kill $$FAKE 2>/dev/null' EXIT INT TERM; \
	DFE_DEMO_URL=http://127.0.0.1:$(DFE_PORT) $(PY) manage.py seed_demo && $(PY) manage.py runserver $(PORT)

test: install  ## lint, the import contract, then the whole suite (uses DATABASE_URL / REDIS_URL when set)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Backup and restore use the venv as it is (the production install's runtime lock, or the development one):
# they never create a venv or install anything.
backup:  ## the database and every private file, with a manifest: make backup [TO=folder]
	@test -x $(PY) || (echo "No $(PY): install the portal first (README, Production)" && exit 2)
	$(PY) manage.py backup $(if $(TO),--to $(TO))

restore:  ## into an EMPTY database and storage, checked against the manifest: make restore FROM=folder
	@test -n "$(FROM)" || (echo "Say which backup: make restore FROM=var/backups/20261130-120000" && exit 2)
	@test -x $(PY) || (echo "No $(PY): install the portal first (README, Production)" && exit 2)
	$(PY) manage.py restore --from $(FROM)

bench: install  ## measure page times, queries and memory; writes docs/benchmarks.md
	$(PY) -m tests.benchmarks.run

worker: install
	$(VENV)/bin/celery -A nasenco worker --loglevel=INFO

beat: install
	$(VENV)/bin/celery -A nasenco beat --loglevel=INFO --schedule=var/celerybeat-schedule

clean:
	rm -rf $(VENV) var
