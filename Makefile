# Khiên — developer commands. `make run` and `make test` bootstrap everything they need.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PYBABEL := $(VENV)/bin/pybabel
DEMO_DIR ?= demo-profile
LOCALES := vi en
MO_FILES := $(foreach l,$(LOCALES),desktop/locale/$(l)/LC_MESSAGES/khien.mo)
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml | head -n 1)
ARCHIVE := dist/khien-$(VERSION)-linux-$(shell uname -m).tar.gz
# Everything the built program is made of: a change rebuilds it (`make package`).
BUILD_INPUTS := pyproject.toml $(shell find desktop resources packaging -type f \
                  -not -name '*.pyc' -not -path '*/__pycache__/*' -not -name '*.mo' 2>/dev/null)
# Debian packages Qt needs to start (offscreen in tests, xcb or Xvfb for `make run`).
DEB_PKGS := libegl1 libgl1 libfontconfig1 libxkbcommon0 libxkbcommon-x11-0 libdbus-1-3 \
            libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 \
            libxcb-render-util0 libxcb-image0 libxcb-xinerama0 xvfb xauth poppler-utils \
            age sqlcipher

.PHONY: run test lint i18n catalogs bench clean system-deps demo package simulate

$(VENV)/.stamp: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,package]'
	touch $@

.stamp-system-deps:
	@missing=""; for p in $(DEB_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
	touch $@

system-deps: .stamp-system-deps

# binutils (as, ld) rebuild ICU's data library smaller for the Linux package.
.stamp-package-deps:
	@command -v as >/dev/null && command -v ld >/dev/null || { \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq binutils >/dev/null; }
	touch $@

desktop/locale/%/LC_MESSAGES/khien.mo: i18n/%/LC_MESSAGES/khien.po $(VENV)/.stamp
	@mkdir -p $(dir $@)
	$(PYBABEL) compile --use-fuzzy -D khien -i $< -o $@ >/dev/null

catalogs: $(MO_FILES)

# Extract marked strings into the template and merge them into both catalogs.
i18n: $(VENV)/.stamp
	$(PYBABEL) extract -F i18n/babel.cfg -k _ -k _t -k N_ -k ngettext:1,2 --no-location --sort-output -w 100 \
	  --project=Khiên --copyright-holder='Khiên team' -o i18n/khien.pot desktop
	for l in $(LOCALES); do \
	  if [ -f i18n/$$l/LC_MESSAGES/khien.po ]; then $(PYBABEL) update -D khien -i i18n/khien.pot -d i18n -l $$l --no-fuzzy-matching --ignore-obsolete -w 100; \
	  else $(PYBABEL) init -D khien -i i18n/khien.pot -d i18n -l $$l -w 100; fi; done
	$(PY) tools/i18n_sync.py

run: system-deps $(VENV)/.stamp catalogs
	@if [ ! -f $(DEMO_DIR)/keystore.json ]; then \
	  echo "Creating the demo profile in $(DEMO_DIR) (accounts in README.md)…"; \
	  $(VENV)/bin/khien demo --data-dir $(DEMO_DIR) --events 2000 --cases 300 --seed 1; fi
	@if [ -z "$$DISPLAY$$WAYLAND_DISPLAY" ] && [ "$$QT_QPA_PLATFORM" != offscreen ]; then \
	  echo "No screen found: starting on a virtual screen (Xvfb)."; \
	  xvfb-run -a -s "-screen 0 1366x768x24" $(VENV)/bin/khien --data-dir $(DEMO_DIR); \
	else $(VENV)/bin/khien --data-dir $(DEMO_DIR); fi

lint: $(VENV)/.stamp
	$(VENV)/bin/ruff check desktop tests
	$(VENV)/bin/ruff format --check desktop tests
	$(VENV)/bin/mypy

# The tests, then the package built and checked from the built folder, away from the
# source tree (a file the spec leaves out fails here, not on a laptop).
test: system-deps $(VENV)/.stamp catalogs lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest
	@$(MAKE) --no-print-directory package
	packaging/check_build.sh

# One-folder program in dist/khien/ and dist/khien-<version>-linux-<machine>.tar.gz
# (packaging/README.md: the Windows installer). Rebuilt only when a source changed.
package: system-deps .stamp-package-deps $(ARCHIVE)

dist/khien/khien: $(VENV)/.stamp .stamp-package-deps $(MO_FILES) $(BUILD_INPUTS)
	@echo "Building dist/khien with PyInstaller…"
	@start=$$(date +%s); \
	$(VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN --distpath dist \
	  --workpath build/pyinstaller packaging/khien.spec && \
	echo "PyInstaller: $$(( $$(date +%s) - start )) s"
	touch $@

$(ARCHIVE): dist/khien/khien packaging/linux/khien.desktop packaging/linux/install.sh packaging/linux/make_archive.py
	$(PY) packaging/linux/make_archive.py

bench: system-deps $(VENV)/.stamp catalogs
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.bench.run_all

# A whole province's year through the USB chain (tools/simulate.py); figures go to
# docs/PERFORMANCE.md. A reduced run is part of `make test`.
simulate: system-deps $(VENV)/.stamp catalogs
	$(PY) tools/simulate.py --json build/simulate.json --report docs/PERFORMANCE.md

# The guides' screenshots (docs/images/vi, docs/images/en), remade from a fresh demo profile.
.PHONY: guide-images
guide-images: system-deps $(VENV)/.stamp catalogs
	QT_QPA_PLATFORM=offscreen $(PY) tools/guide_screenshots.py

clean:
	rm -rf $(VENV) .stamp-* desktop/locale build dist
