# lindung — two commands: `make run` (demo on SQLite) and `make test` (whole suite).
# DATABASE_URL selects the database (empty = embedded SQLite in var/).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1
PYTEST_ARGS ?=
BENCH_ARGS ?=

.PHONY: install run demo test lint bench browser messages clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade "pip>=24"
	$(BIN)/pip install -q -e ".[dev]"
	touch $(STAMP)

# Debian's Chromium for the browser tests; Playwright never downloads a browser.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "installing Debian chromium for the browser tests"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO="sudo"; \
	  $$SUDO apt-get install -y -q chromium >/dev/null 2>&1 || \
	  { $$SUDO apt-get update -q >/dev/null && $$SUDO apt-get install -y -q chromium >/dev/null; } || \
	  echo "warning: could not install chromium; browser tests will be skipped"; \
	fi

var:
	mkdir -p var

run: $(STAMP) var
	$(BIN)/lindung migrate --noinput
	$(BIN)/lindung load-regions
	$(BIN)/lindung demo
	@echo ""
	@echo "  lindung is serving on http://127.0.0.1:8000/"
	@$(BIN)/lindung demo --logins
	@echo ""
	$(BIN)/lindung runserver 127.0.0.1:8000

demo: $(STAMP) var
	$(BIN)/lindung migrate --noinput
	$(BIN)/lindung load-regions
	$(BIN)/lindung demo

# pytest exits 5 when it collects nothing; that is not a failure of the suite.
test: $(STAMP) browser var
	$(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; if [ $$rc -eq 5 ]; then rc=0; fi; exit $$rc

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

bench: $(STAMP) var
	$(BIN)/python -m bench $(BENCH_ARGS)

# Recompile the Indonesian translations (needs gettext's msgfmt; the .mo files are committed).
# Each app keeps its own locale/id/LC_MESSAGES/django.po; fill msgstr, then `make messages` compiles.
APPS_WITH_TEXT := $(patsubst src/lindung/%/locale,%,$(wildcard src/lindung/*/locale))
messages: $(STAMP)
	for app in $(APPS_WITH_TEXT); do \
	  (cd src/lindung/$$app && ../../../$(BIN)/lindung makemessages -l id --ignore "migrations/*" >/dev/null \
	   && ../../../$(BIN)/lindung compilemessages >/dev/null) || exit 1; \
	done
	@echo "compiled: $(APPS_WITH_TEXT)"

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
