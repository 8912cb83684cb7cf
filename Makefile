# OCOP Portal. `make run` to try it, `make test` for the whole suite. See README.md.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
STAMP := $(VENV)/.installed

.PHONY: run test install migrate demo serve lint format worker beat messages bench loadtest clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check uv==0.13.9 || true
	if [ -x $(UV) ]; then $(UV) pip install --python $(PY) -q -r requirements-dev.txt; \
	else $(PY) -m pip install -q -r requirements-dev.txt; fi
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py seed_demo

serve:
	$(PY) manage.py runserver 127.0.0.1:8000

## run: fresh machine -> virtualenv, install, migrate, demo data and accounts, serve on http://127.0.0.1:8000
run: demo
	@echo "Cổng OCOP: http://127.0.0.1:8000  (Ctrl+C để dừng)"
	$(PY) manage.py runserver 127.0.0.1:8000

## test: the whole suite (PostgreSQL/Redis/Chromium tests are skipped with a reason when those are missing,
## and fail instead when CI=true)
test: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py collectstatic --noinput -v0
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format . && $(VENV)/bin/ruff check --fix .

worker: install
	$(PY) -m celery -A ocop_portal worker -l info

beat: install
	$(PY) -m celery -A ocop_portal beat -l info

messages:
	$(PY) manage.py makemessages -l en --no-obsolete -i ".venv/*" -i "staticfiles/*" && $(PY) manage.py compilemessages -l en -i .venv

## bench: benchmark on the generated national dataset in PostgreSQL (generated first if missing; see bench/RESULTS.md)
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/ocop_bench
bench: install
	$(PY) -c "import sys, psycopg; from urllib.parse import urlsplit; u = urlsplit(sys.argv[1]); c = psycopg.connect(sys.argv[1].replace(u.path, '/postgres'), autocommit=True); c.execute('SELECT 1 FROM pg_database WHERE datname = %s', [u.path[1:]]).fetchone() or c.execute('CREATE DATABASE \"%s\"' % u.path[1:])" "$(BENCH_DATABASE_URL)"
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) bench/run.py --generate $(BENCH_ARGS)

## loadtest: locust (bench/locustfile.py: officers, offices, leaders, API clients; think time 1-5 s) against gunicorn
## (ocop_portal/gunicorn.conf.py, OCOP_ENV=production: DEBUG off, WhiteNoise, Redis cache) on the bench database
## (generated national dataset: `make bench` first). Starts gunicorn on 127.0.0.1:$(LOADTEST_PORT), runs locust
## headless for LOADTEST_TIME with LOADTEST_USERS users, writes CSV/HTML stats to bench/loadtest/, prints p50/p95/p99,
## req/s and failures per page and in total, then stops gunicorn. LOADTEST_ARGS=--profile adds py-spy profiles.
## Example: make loadtest LOADTEST_USERS=100 LOADTEST_TIME=3m
LOADTEST_USERS ?= 50
LOADTEST_TIME ?= 3m
LOADTEST_SPAWN_RATE ?= 2
LOADTEST_PORT ?= 8790
LOADTEST_REDIS_URL ?= redis://127.0.0.1:6379/7
loadtest: install
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py migrate --noinput -v0
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) LOADTEST_REDIS_URL=$(LOADTEST_REDIS_URL) $(PY) bench/loadtest.py \
		--users $(LOADTEST_USERS) --time $(LOADTEST_TIME) --spawn-rate $(LOADTEST_SPAWN_RATE) --port $(LOADTEST_PORT) \
		$(LOADTEST_ARGS)

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 var
