# The two commands of the README:
#   make serve   set up, build portico (release), build Content/ into Site/, serve it on :8080
#   make test    set up, run the tests, check that the committed Site/ is fresh, check the example
#                SAM application (Examples/sam-shop), run the browser test
SWIFT ?= swift
HOST ?= 127.0.0.1
PORT ?= 8080
VENV := .build/test-venv
# The test virtual environment's packages: the browser test's and the Swift tests' Python helpers.
# The stamp is older than a requirements file that changed, so an existing venv is brought up to date.
TEST_REQUIREMENTS := Tests/browser/requirements.txt Tests/requirements.txt
VENV_STAMP := $(VENV)/.requirements-installed

.PHONY: serve test deps test-deps release debug site fresh browser

deps:
	@./scripts/install-deps.sh

test-deps:
	@./scripts/install-deps.sh --test
	@$(MAKE) --no-print-directory $(VENV_STAMP)

$(VENV_STAMP): $(TEST_REQUIREMENTS)
	@[ -x $(VENV)/bin/python ] || python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q $(addprefix -r ,$(TEST_REQUIREMENTS))
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
	.build/debug/portico check Examples/sam-shop
	$(MAKE) browser

browser: test-deps
	PORTICO_BIN=$(CURDIR)/.build/debug/portico $(VENV)/bin/pytest -q Tests/browser
