# wasync: `make run` builds and starts the app, `make test` runs every test.
# Both install what is missing first (apt and npm packages); see scripts/deps.sh.

SHELL   := /bin/bash
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X github.com/wasync/wasync/backend/buildinfo.version=$(VERSION)
DESKTOP_TAGS := desktop,production,webkit2_41
BIN     := build/bin
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
GO_SRC  := $(shell find . -name '*.go' -not -path './frontend/*' -not -path './build/*') go.mod go.sum
UI_SRC  := $(shell find frontend/src frontend/public -type f 2>/dev/null) frontend/index.html frontend/package.json frontend/vite.config.ts

.PHONY: run test race bench server desktop fakewa frontend deps deps-test lint go-test ui-test e2e clean package package-test demo screenshot

## run: install what is missing, build, start (window with a display, headless otherwise)
run:
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
		scripts/deps.sh desktop && $(MAKE) --no-print-directory desktop && exec $(BIN)/wasync $(ARGS); \
	else \
		scripts/deps.sh server && $(MAKE) --no-print-directory server && exec $(BIN)/wasync-server --headless $(ARGS); \
	fi

## test: install what tests need, then Go vet/staticcheck/tests, UI unit tests, browser and desktop tests
test: deps-test frontend lint go-test ui-test server desktop e2e package-test

deps:
	@scripts/deps.sh desktop

deps-test:
	@scripts/deps.sh test

frontend: frontend/dist/index.html

# A fresh clone has no node_modules: install them before the first build.
frontend/node_modules/.package-lock.json: frontend/package-lock.json
	@scripts/deps.sh server

frontend/dist/index.html: $(UI_SRC) frontend/package-lock.json frontend/node_modules/.package-lock.json
	@cd frontend && npm run --silent build >/dev/null
	@echo "frontend built"

## server: the headless server, a static binary with no C libraries
server: frontend
	CGO_ENABLED=0 go build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN)/wasync-server .

## desktop: the window app (installs GTK/WebKitGTK headers first)
desktop: frontend
	@scripts/deps.sh desktop
	go build -trimpath -tags $(DESKTOP_TAGS) -ldflags '$(LDFLAGS)' -o $(BIN)/wasync .

lint: frontend
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "gofmt: files above need formatting"; exit 1; }
	go vet ./...
	go vet -tags $(DESKTOP_TAGS) .
	go run $(STATICCHECK) ./...

# whatsmeow's FrameSocket reads its `closed` flag without its lock
# (socket/framesocket.go:215 vs :70), so -race flags a disconnect racing a
# read pump now and then inside whatsmeow. Our code runs under -race; the
# packages driving whatsmeow run plain here and under -race in `make race`.
WA_PKGS := ./backend/wa/...
go-test: frontend
	go test -race -count=1 $$(go list ./... | grep -v /backend/wa)
	go test -count=1 $(WA_PKGS)

race: frontend
	go test -race -count=1 ./...

ui-test:
	cd frontend && npm test --silent

fakewa:
	go build -o $(BIN)/fakewa ./backend/wa/fakewa/cmd/fakewa

e2e: server desktop fakewa
	cd frontend/e2e && WASYNC_SERVER_BIN=$(CURDIR)/$(BIN)/wasync-server WASYNC_DESKTOP_BIN=$(CURDIR)/$(BIN)/wasync \
		WASYNC_FAKEWA_BIN=$(CURDIR)/$(BIN)/fakewa \
		node --test --test-concurrency=1 --test-reporter=spec *.test.mjs

## bench: the benchmarks later capabilities add, with memory figures
bench: frontend
	go test -run '^$$' -bench . -benchmem ./...

## package: Debian packages of the server and the desktop app into build/dist (nfpm)
NFPM := github.com/goreleaser/nfpm/v2/cmd/nfpm@v2.48.0
package: server desktop
	NFPM=$(NFPM) scripts/package.sh $(VERSION)

## package-test: build the packages, inspect them, unpack into a scratch root, start the server
package-test: package
	WASYNC_PACKAGES_DIR=$(CURDIR)/build/dist go test -count=1 -run 'Package' ./backend/internal/release/

## demo: try wasync without a phone (fake WhatsApp, generated chats, own data folder)
demo: server fakewa
	@scripts/deps.sh server
	node scripts/demo.mjs $(ARGS)

## screenshot: docs/screenshot.png from the demo, with headless Chromium
screenshot: server fakewa
	@scripts/deps.sh test
	node scripts/screenshot.mjs docs/screenshot.png

clean:
	rm -rf $(BIN) build/dist frontend/dist test-output
