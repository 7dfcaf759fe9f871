# Two commands matter: `make run` serves the dashboard, `make test` runs every check and test.
# Both create .venv; `run` installs requirements.txt, `test` adds requirements-dev.txt.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
hash = $(shell $(PYTHON) -c "import hashlib,sys;print(hashlib.sha256(b''.join(open(f,'rb').read() for f in sys.argv[1:])).hexdigest()[:12])" $(1))
RUN_STAMP := $(VENV)/.run-$(call hash,requirements.txt)
DEV_STAMP := $(VENV)/.dev-$(call hash,requirements.txt requirements-dev.txt)
SHARED ?= ../shared
LAYERS ?= $(SHARED)/deepstate-layers
PORT ?= 8501

.PHONY: setup setup-dev run test unit lint typecheck data geo bench bench-cli bench-map bench-area bench-load clean

$(RUN_STAMP): requirements.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.run-*
	touch $@

$(DEV_STAMP): $(RUN_STAMP) requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	rm -f $(VENV)/.dev-*
	touch $@

setup: $(RUN_STAMP)
	$(BIN)/python -m frontline assets

setup-dev: $(DEV_STAMP) setup

run: setup
	$(BIN)/streamlit run app.py --server.port $(PORT)

# Tests run in WORKERS processes (pytest-xdist), a test file to a process: a file's
# module-scoped fixtures are built once, and the archive store once for all of them.
WORKERS ?= 2
PYTEST := $(BIN)/python -m pytest -n $(WORKERS) --dist loadfile

# Everything a reviewer would run: lint, formatting, types, then every test tier. The slowest
# tests are listed at the end, so a run's log shows where the time goes.
test: setup-dev lint typecheck
	$(PYTEST) --durations=25

# The fast tiers only (unit and AppTest): no browser, no whole-archive or slow runs.
unit: setup-dev
	$(PYTEST) -m "not browser and not slow"

lint: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup-dev
	$(BIN)/mypy

# Rewrite the committed figures (data/control.csv) and map outlines (data/map_history.parquet)
# from the store, whatever filled it. First the
# store is refreshed from REFRESH_FROM: a folder, an http(s) archive URL, or nothing
# (`make data REFRESH_FROM=`) to take the store as it is; and from the weekly layered maps in
# LAYERS (`make data LAYERS=` to skip them).
REFRESH_FROM ?= $(SHARED)/deepstate
data: setup
	$(if $(REFRESH_FROM),$(BIN)/python -m frontline refresh --source $(REFRESH_FROM))
	$(if $(LAYERS),$(BIN)/python -m frontline refresh --source $(LAYERS) --format layered)
	$(BIN)/python -m frontline stats --history --out data/control.csv \
		--map-history data/map_history.parquet

# Regenerate geo/: Natural Earth oblasts along the OpenStreetMap border, the towns, and the
# town search's places with their alternate names.
geo: setup-dev
	$(BIN)/python scripts/build_geo.py
	$(BIN)/python scripts/build_settlements.py

bench: setup
	$(BIN)/python -m frontline.benchmark --source $(SHARED)/deepstate

# The daily archive as a user runs it: `frontline refresh` into an empty store, then
# `frontline stats`, two processes, against the plain geopandas loop (limit 0.3 in CPU seconds).
bench-cli: setup
	$(BIN)/python -m frontline.benchmark --source $(SHARED)/deepstate --cli

bench-map: setup-dev
	$(BIN)/python -m pytest tests/browser -m bench -s -q

# A drawn area's history, measured warm on the embedded map history (budget 2 s).
bench-area: setup-dev
	$(BIN)/python -m pytest tests/test_area_bench.py -m bench -s -q

# K browser sessions (one Chromium) changing dates and comparing, against 1 then 3 replicas
# behind nginx (/usr/sbin/nginx) on the store: p50/p95 per date change, errors, memory per
# session and after sessions close. Not a timed test; BENCH_LOAD adds options.
BENCH_LOAD ?=
bench-load: setup-dev
	$(BIN)/python scripts/bench_load.py $(BENCH_LOAD)

clean:
	rm -rf $(VENV) data/store static/vendor test-artifacts
