# handbook: `make` builds the example handbook into public/, `make test` runs every test.
GO      ?= go
BIN     := .bin/handbook
CONTENT ?= content
OUT     ?= public

.PHONY: all site build check test vet serve watch bench bench-serve fuzz clean

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

# Every test, with the race detector.
test: vet
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
