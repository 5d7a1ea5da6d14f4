# handbook: `make` builds the example handbook into public/, `make test` runs every test.
GO      ?= go
BIN     := .bin/handbook
CONTENT ?= content
OUT     ?= public

.PHONY: all site build check test vet serve watch bench fuzz clean

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

vet:
	@test -z "$$(gofmt -l cmd generator templates)" || { echo "gofmt needed:"; gofmt -l cmd generator templates; exit 1; }
	$(GO) vet ./...

# Every test, with the race detector.
test: vet
	$(GO) test -race -count=1 ./...

clean:
	rm -rf .bin $(OUT)
