# Tonggao (统稿). `make run` and `make test` each do their whole set-up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMPS := .make-stamps
PYTEST_ARGS ?=

.PHONY: run test bench pages deps venv translations messages vendor lint fmt clean

run: deps venv translations
	$(BIN)/tonggao run

test: deps venv translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: deps venv translations
	$(BIN)/python -m pytest tests/bench -o addopts="" -p no:cacheprovider --import-mode=importlib --benchmark-enable --benchmark-columns=min,median,mean,max,rounds $(PYTEST_ARGS)

# The sample reports as DOCX, PDF and PNG pages in build/pages/ (look at them).
pages: deps venv
	$(BIN)/python scripts/render_pages.py

# Debian packages (redis-server, postgresql, chromium, libreoffice, fonts, poppler): only missing ones.
deps: $(STAMPS)/deps
$(STAMPS)/deps: scripts/install-system-deps.sh
	bash scripts/install-system-deps.sh
	@mkdir -p $(STAMPS) && touch $@

venv: $(STAMPS)/venv
$(STAMPS)/venv: setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@mkdir -p $(STAMPS) && touch $@

translations: venv
	$(BIN)/pybabel compile -d webapp/translations

# Re-extract the Chinese source strings and merge them into the English catalogue.
messages: venv
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output --project Tonggao --version 0.1 --copyright-holder Tonggao -o webapp/translations/messages.pot .
	$(BIN)/pybabel update -i webapp/translations/messages.pot -d webapp/translations --width 100

# Refresh the vendored Bootstrap and htmx from the npm registry (they are committed).
vendor:
	bash scripts/vendor-assets.sh

lint: venv
	$(BIN)/ruff check .

fmt: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) $(STAMPS) instance
