# The two commands of the README:
#   make serve   set up, build portico (release), build Content/ into Site/, serve it on :8080
#   make test    set up, run the tests, check that the committed Site/ is fresh, run the browser test
SWIFT ?= swift
HOST ?= 127.0.0.1
PORT ?= 8080
VENV := .build/test-venv
# Made when the venv holds what Tests/browser/requirements.txt asks: a changed list reinstalls.
VENV_STAMP := $(VENV)/.requirements-installed

.PHONY: serve test deps test-deps release debug site fresh browser

deps:
	@./scripts/install-deps.sh

test-deps:
	@./scripts/install-deps.sh --test
	@$(MAKE) --no-print-directory $(VENV_STAMP)

$(VENV_STAMP): Tests/browser/requirements.txt
	@[ -x $(VENV)/bin/python3 ] || python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q -r Tests/browser/requirements.txt
	@touch $@

release: deps
	$(SWIFT) build -c release --product portico

debug: deps
	$(SWIFT) build --product portico

site: release
	.build/release/portico build .

serve: site
	.build/release/portico serve . --host $(HOST) --port $(PORT)

test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	./scripts/check-site-fresh.sh .build/debug/portico
	$(MAKE) browser

browser: test-deps
	PORTICO_BIN=$(CURDIR)/.build/debug/portico $(VENV)/bin/pytest -q Tests/browser
