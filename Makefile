# LiveDesk — set-up and everyday commands. `make run` and `make test` work on a fresh Debian/Ubuntu.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
SYSTEM_TEST_PKGS := obs-studio xvfb xauth chromium fonts-noto-cjk ngircd appstream desktop-file-utils binutils ffmpeg
TS_FILES := $(wildcard resources/i18n/*.ts)
QM_FILES := $(TS_FILES:.ts=.qm)

.PHONY: setup run demo test test-fast bench lint format package system-deps clean translations i18n

$(VENV)/.installed-run: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e '.[dev]'
	touch $(VENV)/.installed-run $@

setup: $(VENV)/.installed-dev

# The interface's translations: .qm compiled from resources/i18n/*.ts (never committed).
translations: $(QM_FILES)

resources/i18n/%.qm: resources/i18n/%.ts | $(VENV)/.installed-run
	$(PY) scripts/i18n.py build $<

# Re-read every text from app/ui, app/runtime and app/main.py into the .ts (new ones unfinished).
i18n: | $(VENV)/.installed-run
	$(PY) scripts/i18n.py update

run: $(VENV)/.installed-run translations
	$(VENV)/bin/livedesk

demo: $(VENV)/.installed-run translations
	$(VENV)/bin/livedesk --demo

# Installs what the integration tests drive for real (OBS Studio, Xvfb, Chromium, CJK fonts, an IRC
# server, ffmpeg for the clips) when it is missing and we may (root or passwordless sudo).
system-deps:
	@bash scripts/system-deps.sh $(SYSTEM_TEST_PKGS)

test: $(VENV)/.installed-dev system-deps translations
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

test-fast: $(VENV)/.installed-dev translations
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -m 'not obs and not e2e and not bench'

bench: $(VENV)/.installed-dev system-deps translations
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -s -m bench -p no:randomly tests/bench

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check app tests
	$(VENV)/bin/ruff format --check app tests
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff format app tests
	$(VENV)/bin/ruff check --fix app tests

# The one-folder bundle for this OS: dist/livedesk/ and an archive of it (packaging/README.md).
$(VENV)/.installed-package: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e '.[package]'
	touch $(VENV)/.installed-run $@

package: $(VENV)/.installed-package
	$(PY) packaging/build.py --archive

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache .mypy_cache $(QM_FILES)
