# The two commands of the README:
#   make serve   set up, build portico (release), build Content/ into Site/, serve it on :8080
#   make test    set up, run the tests, check that the committed Site/ is fresh
SWIFT ?= swift
HOST ?= 127.0.0.1
PORT ?= 8080

.PHONY: serve test deps release debug site fresh e2e

deps:
	@./scripts/install-deps.sh

release: deps
	$(SWIFT) build -c release --product portico

debug: deps
	$(SWIFT) build --product portico

site: release
	.build/release/portico build .

serve: site
	.build/release/portico serve . --host $(HOST) --port $(PORT)

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	./scripts/check-site-fresh.sh .build/debug/portico
