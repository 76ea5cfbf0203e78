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
# boto3 for the Python functions Portico runs, where Portico looks for it (PythonSDK.swift):
# filled here so the tests never wait on PyPI; Portico fills it on first need otherwise.
PYTHON_SDK ?= $(or $(PORTICO_PYTHON_SDK),$(or $(XDG_CACHE_HOME),$(HOME)/.cache)/portico/python-sdk/python3)

.PHONY: serve test deps test-deps python-sdk release debug site fresh browser fuzz

deps:
	@./scripts/install-deps.sh

test-deps:
	@./scripts/install-deps.sh --test
	@$(MAKE) --no-print-directory $(VENV_STAMP)
	@$(MAKE) --no-print-directory python-sdk

# The venv's pip installs for the venv's interpreter, which is python3's version.
python-sdk: $(VENV_STAMP)
	@python3 -c 'import boto3' 2>/dev/null || PYTHONPATH=$(PYTHON_SDK) python3 -c 'import boto3' 2>/dev/null \
		|| $(VENV)/bin/python -m pip install -q --target $(PYTHON_SDK) boto3

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

# libFuzzer targets (Fuzz/), AddressSanitizer on: each parser for a CI-sized run with a fixed
# seed; `scripts/fuzz.sh --seconds 3600` runs them long. Findings land in .build/fuzz/findings/.
fuzz: deps
	./scripts/fuzz.sh --ci
