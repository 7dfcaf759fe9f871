# Two commands matter: `make run` serves the dashboard, `make test` runs every test.
# Both create .venv and install requirements.txt first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell $(PYTHON) -c "import hashlib,sys;print(hashlib.sha256(open('requirements.txt','rb').read()).hexdigest()[:12])")
SHARED ?= ../shared
PORT ?= 8501

.PHONY: setup run test lint data geo bench bench-map clean

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $@

setup: $(STAMP)
	$(BIN)/python -m frontline assets

run: setup
	$(BIN)/streamlit run app.py --server.port $(PORT)

test: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Rebuild the local store from the shared snapshots, then the committed figures.
data: setup
	$(BIN)/python -m frontline refresh --source $(SHARED)/deepstate
	$(BIN)/python -m frontline stats --out data/control.csv

# Regenerate geo/: Natural Earth oblasts along the OpenStreetMap border, and the towns.
geo: setup
	$(BIN)/python scripts/build_geo.py

bench: setup
	$(BIN)/python -m frontline.benchmark --source $(SHARED)/deepstate

bench-map: setup
	$(BIN)/python -m pytest tests/browser/test_map_browser.py -k changing -s -q

clean:
	rm -rf $(VENV) data/store static/vendor test-artifacts
