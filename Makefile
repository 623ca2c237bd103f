# The two commands a newcomer runs: `make demo` and `make test`.
# Both create .venv and install what they need, again when pyproject.toml changes.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest bench messages system-packages clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/dpaportal demo

test: $(STAMP) system-packages lint typecheck pytest

system-packages:
	@bash scripts/ensure-system-packages

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python -m bench

# Refresh the German catalogue after adding strings; needs GNU gettext.
messages: $(STAMP)
	cd src/dpaportal && DPAPORTAL_DEBUG=true DPAPORTAL_DATA_DIR=$(CURDIR)/var \
		../../$(BIN)/dpaportal makemessages --locale de --no-obsolete --no-location
	$(BIN)/python -m scripts.compile_messages

clean:
	rm -rf $(VENV)
