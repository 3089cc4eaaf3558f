# The same commands for people and CI: make run, make test, make lint, make fix, make bench.
NHSUK_FRONTEND_VERSION := 10.6.1
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test lint fix bench install frontend clean

$(BIN)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11) and "Python 3.11 is needed (Django 5.2 LTS)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@

install: $(BIN)/.installed

# A local demo: SQLite, eager tasks and console mail unless DATABASE_URL / REDIS_URL say otherwise.
run: export DEBUG = true
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo ""
	@echo "Open http://127.0.0.1:$(PORT)/ and sign in with a demo login above."
	@echo ""
ifdef REDIS_URL
	PATH=$(CURDIR)/$(BIN):$$PATH PORT=$(PORT) $(BIN)/honcho start
else
	PATH=$(CURDIR)/$(BIN):$$PATH PORT=$(PORT) $(BIN)/honcho start web
endif

# The whole check. Tests run against PostgreSQL and Redis (started by .ci/run in CI).
test: export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/mentoring
test: export REDIS_URL ?= redis://127.0.0.1:6379/1
test: install lint
	DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run
	env -u DEBUG SECRET_KEY=check-deploy-$$(openssl rand -hex 32) ALLOWED_HOSTS=mentoring.example.nhs.uk \
		EMAIL_URL=smtp://mail.example.nhs.uk:587 ENCRYPTION_KEYS=$$($(BIN)/python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())') \
		$(BIN)/python manage.py check --deploy --fail-level WARNING
	$(BIN)/pytest
	# The README's demo as `make run` builds it (SQLite, no Redis): every page as every demo login, and a journey.
	demo_dir=$$(mktemp -d) && env -u REDIS_URL DATABASE_URL=sqlite:///$$demo_dir/demo.sqlite3 \
		$(BIN)/pytest -m sqlite_demo --no-cov tests/demo; status=$$?; rm -rf $$demo_dir; exit $$status

# ruff, then the apps' layers (pyproject.toml [tool.importlinter], drawn in docs/architecture.md).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

fix: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Every benchmark on a generated dataset of the whole of England, in one table (benchmarks/run.py);
# BENCH_SIZE=region (7 ICBs) for a quicker look.
BENCH_SIZE ?= national
bench: export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/mentoring_bench
bench: export REDIS_URL ?= redis://127.0.0.1:6379/2
bench: install
	$(BIN)/python benchmarks/run.py --size $(BENCH_SIZE)

# NHS.UK frontend, compiled, copied into static/ and committed, so running the site needs no Node.
# The remote Frutiger font is dropped (no request may leave the machine); text falls back to Arial.
frontend:
	rm -rf build/nhsuk-frontend && mkdir -p build/nhsuk-frontend static/nhsuk
	cd build/nhsuk-frontend && npm pack --silent nhsuk-frontend@$(NHSUK_FRONTEND_VERSION) >/dev/null && tar xzf nhsuk-frontend-*.tgz
	cp build/nhsuk-frontend/package/dist/nhsuk/nhsuk-frontend.min.js static/nhsuk/
	rm -rf static/nhsuk/assets && cp -r build/nhsuk-frontend/package/dist/nhsuk/assets static/nhsuk/assets
	sed -E 's#@font-face\{[^}]*assets\.nhs\.uk[^}]*\}##g; s#url\(/assets/#url(assets/#g; s#/\*\# sourceMappingURL=[^*]*\*/##' \
		build/nhsuk-frontend/package/dist/nhsuk/nhsuk-frontend.min.css > static/nhsuk/nhsuk-frontend.min.css
	sed -i -E 's#//\# sourceMappingURL=.*$$##' static/nhsuk/nhsuk-frontend.min.js
	echo "$(NHSUK_FRONTEND_VERSION)" > static/nhsuk/VERSION

clean:
	rm -rf $(VENV) build staticfiles .coverage
