# handbook: `make` builds the example handbook into public/, `make test` runs every test.
GO      ?= go
BIN     := .bin/handbook
CONTENT ?= content
OUT     ?= public

# go.mod's toolchain line names the Go release that builds and tests the
# handbook (the go command fetches it once through the module proxy): the
# Go release installed on this machine has standard-library vulnerabilities
# that govulncheck finds on the handbook's call paths.
export GOTOOLCHAIN ?= auto

# govulncheck and the vulnerability database it reads, pinned; `make vulndb`
# (run by .ci/run) installs the one and builds the other from the
# golang.org/x/vulndb module, since vuln.go.dev is not reachable from CI.
# To update: pick a newer version (go list -m -versions golang.org/x/vuln;
# go list -m golang.org/x/vulndb@latest), then `make vulndb test`.
GOVULNCHECK_VERSION := v1.9.0
VULNDB_VERSION      := v0.0.0-20261105234957-e22db6528018
VULNDB              := .cache/vulndb/$(VULNDB_VERSION)

.PHONY: all site build check test vet vulncheck vulndb serve watch bench bench-serve fuzz clean

all: site

$(BIN): FORCE
	@mkdir -p .bin
	$(GO) build -o $(BIN) ./cmd/handbook

FORCE:

# Build the example handbook into public/.
site: $(BIN)
	$(BIN) build --content $(CONTENT) --out $(OUT)

build: $(BIN)

# Check content/ without writing anything.
check: $(BIN)
	$(BIN) check --content $(CONTENT)

# Live preview of the example handbook on http://127.0.0.1:1313/ (Ctrl-C to stop).
serve: $(BIN)
	$(BIN) serve --content $(CONTENT)

# Rebuild public/ on every change (Ctrl-C to stop).
watch: $(BIN)
	$(BIN) watch --content $(CONTENT) --out $(OUT)

vet:
	@test -z "$$(gofmt -l cmd generator templates)" || { echo "gofmt needed:"; gofmt -l cmd generator templates; exit 1; }
	$(GO) vet ./...

# Known vulnerabilities on the handbook's call paths, in its dependencies
# and the standard library, from the pinned database; never skipped. On a
# new machine the first run installs govulncheck and builds the database
# (a few minutes, through the Go module proxy alone).
vulncheck: vulndb
	.bin/govulncheck -db file://$(abspath $(VULNDB)) ./...

vulndb:
	.ci/vulndb $(GOVULNCHECK_VERSION) $(VULNDB_VERSION) $(VULNDB)

# Every test, with the race detector.
test: vet vulncheck
	$(GO) test -race -count=1 ./...

# Time handbook build against Hugo and the floor on the 1k and 10k synthetic
# handbooks of ../shared/bench, side by side (not part of `make test`; about
# 10 minutes once Hugo is compiled, see .ci/bench). BENCH_50K=1 adds 50k pages.
# Stage benchmarks: go test -run '^$$' -bench . -benchmem ./generator/
bench:
	.ci/bench

# Edit-to-output latency of handbook watch and hugo server on the 10k site,
# measured the same way (../shared/bench/editlat); run make bench once first.
bench-serve:
	.ci/serve-bench

# Run each fuzz target for FUZZTIME (default 10 minutes each, about 90
# minutes in all); `go test` runs only their seeds (testdata/fuzz). A target
# that finds a failure stops the run and leaves the input in its package's
# testdata/fuzz/<Target>/: fix the bug and keep the input as a seed.
FUZZTIME ?= 10m
FUZZ_TARGETS := \
	./generator/load:FuzzSplitFrontMatter ./generator/load:FuzzCard ./generator/load:FuzzCardURL \
	./generator/load:FuzzContentPath ./generator/markdown:FuzzConvert ./generator/markdown:FuzzWikilink \
	./generator/resolve:FuzzAliasURL ./generator/serve:FuzzRequestPath

fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t##*:}; \
		echo "== $$name ($$pkg) for $(FUZZTIME)"; \
		$(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) $$pkg; \
	done

clean:
	rm -rf .bin $(OUT)
