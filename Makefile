# Two commands do all set-up on a fresh machine (see README):
#   make demo   build the graph of the bundled sample articles into out/samples
#   make test   lint and run the whole test suite (what CI runs)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench chromium clean

$(BIN)/kg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

demo: $(BIN)/kg
	$(BIN)/kg build data/samples -o out/samples

# Headless Chromium for the HTML view tests (Debian's package; CI runs as root).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "make: chromium is missing; install Debian's 'chromium' package (browser tests will be skipped)"; fi; }

lint: $(BIN)/kg
	$(BIN)/ruff check .

test: $(BIN)/kg chromium lint
	$(BIN)/pytest -q -n 2

bench: $(BIN)/kg
	$(BIN)/python -m bench --quick

clean:
	rm -rf out .pytest_cache .ruff_cache
