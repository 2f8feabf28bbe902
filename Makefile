# SocialMine Setup Assistant: `make run` opens the app, `make test` runs every check.
# Both install what is missing first (Debian 12; apt packages need root).

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

CARGO ?= cargo
export CARGO_TARGET_DIR ?= $(CURDIR)/target
APP := $(CARGO_TARGET_DIR)/debug/socialmine-setup

APT_PACKAGES := build-essential pkg-config curl file libwebkit2gtk-4.1-dev libayatana-appindicator3-dev \
  librsvg2-dev librsvg2-bin libssl-dev libxdo-dev webkit2gtk-driver xvfb xauth xdotool imagemagick \
  dbus dbus-x11 gnome-keyring libsecret-1-dev keyutils git \
  desktop-file-utils appstream rpm x11-apps xclip
# Tools from crates.io that the checks run, built from source with `cargo install --locked` when
# missing (never prebuilt downloads), as BINARY=CRATE@VERSION. `make check-tools` fails when a
# command `make test` runs is neither installed here nor a documented prerequisite.
CARGO_TOOLS := cargo-nextest=cargo-nextest@^0.9 tauri-driver=tauri-driver@^2 cargo-deny=cargo-deny@^0.20
CARGO_BIN := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin
export PATH := $(PATH):$(CARGO_BIN)

# Where tests keep everything the app, WebKit and the keyring write (never the real $HOME).
TEST_HOME := $(CURDIR)/.e2e-home

.PHONY: help run dev test deps apt-deps node-check ui-deps tools check-tools tauri-driver package package-test updater-test bench ui bindings check-bindings fmt fmt-check \
  lint check-core-pure cli check-cli-headless rust-test ui-test ui-check e2e keyring-test build release icons screenshots clean \
  catalog-sign fuzz deny cargo-deny advisory-db check-npm

help:
	@echo "make run    install what is missing, build, open the app on the embedded sandbox"
	@echo "make test   install what is missing, run every check"
	@echo "make package  the .deb and .rpm of the release build (package-test checks them)"
	@echo "other: fmt lint rust-test ui-test ui-check e2e bindings icons release screenshots bench cli fuzz deny catalog-sign"

## ---- installing what is missing -------------------------------------------------------

deps: apt-deps node-check ui-deps

# Node.js 20.19+ with npm (the machine's own; Debian 12's nodejs 18 is too old for Vite 8).
node-check:
	@command -v npm >/dev/null || { echo "Node.js 20.19 or newer with npm is needed: https://nodejs.org (or your distribution's backports)"; exit 1; }
	@node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a==20&&b<19)) { console.error("Node.js "+process.versions.node+" is too old: 20.19 or newer is needed"); process.exit(1) }'

apt-deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "These Debian packages are missing. Install them, then run make again:"; \
	    echo "  sudo apt-get install -y $$missing"; exit 1; \
	  fi; \
	fi

ui/node_modules/.package-lock.json: ui/package.json ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund

ui-deps: ui/node_modules/.package-lock.json

tools:
	@for t in $(CARGO_TOOLS); do \
	  bin=$${t%%=*}; spec=$${t#*=}; crate=$${spec%@*}; version=$${spec#*@}; \
	  command -v "$$bin" >/dev/null || { \
	    echo "Installing $$crate $$version from crates.io (cargo install --locked, a few minutes once)"; \
	    $(CARGO) install --locked "$$crate" --version "$$version"; }; \
	done

tauri-driver: tools

# Every command `make test` runs is installed by it or a documented prerequisite (see .ci/).
check-tools: deps tools
	for t in test package-test bench updater-test; do node .ci/check-tools.mjs Makefile $$t; done
	.ci/check-tools.test.sh

## ---- building -----------------------------------------------------------------------

# The UI is compiled into the binary, so it is built first.
ui: ui-deps
	cd ui && npm run build

build: deps ui
	$(CARGO) build -p socialmine-setup

# The headless CLI (crates/cli, binary socialmine-setup-cli) is built and packaged with the app
# once the workspace has it.
CLI_PACKAGE := $(shell sed -n 's/^name *= *"\(.*\)"/\1/p' crates/cli/Cargo.toml 2>/dev/null | head -1)
RELEASE_PACKAGES := socialmine-setup $(CLI_PACKAGE)

release: deps ui
	$(CARGO) build --release $(addprefix -p ,$(RELEASE_PACKAGES))
	@ls -l $(CARGO_TARGET_DIR)/release/socialmine-setup*

## ---- packages (.deb and .rpm, with Tauri's bundler) ------------------------------------

packaging/node_modules/.package-lock.json: packaging/package.json packaging/package-lock.json
	cd packaging && npm ci --no-audit --no-fund

# The release build, bundled: $(CARGO_TARGET_DIR)/release/bundle/{deb,rpm}/. No AppImage (its
# bundler downloads tools from GitHub; build that on a release machine).
package: release packaging/node_modules/.package-lock.json
	packaging/package.sh

package-test: package
	packaging/check-packages.sh

# Updates of the app itself (src-tauri/src/updater.rs) against a local update server, on Tauri's
# mock runtime (src-tauri/tests/updater.rs; see packaging/UPDATER.md). Also part of rust-test.
updater-test:
	$(CARGO) test -p socialmine-setup --test updater

## ---- performance ---------------------------------------------------------------------

# The app against a bare Tauri 2 app (bench/baseline, its own workspace), both release builds,
# side by side under Xvfb, and the keystroke → findings latency in the app's window through
# tauri-driver (bench/keystrokes.mjs); writes bench/results.md.
BENCH_RUNS ?= 10
bench: release tools
	cd bench/baseline && $(CARGO) build --release --locked
	bench/bench.sh $(BENCH_RUNS)

run: build
	$(APP)

# The app against the Vite dev server (hot reload).
dev: deps ui-deps
	cd ui && npm run dev & \
	$(CARGO) run -p socialmine-setup --no-default-features

icons:
	icons/generate.sh

## ---- checks --------------------------------------------------------------------------

test: deps tools check-tools check-npm ui fmt-check lint check-core-pure check-cli-headless deny rust-test check-bindings ui-check ui-test keyring-test e2e
	@echo "make test: every check passed"

fmt:
	$(CARGO) fmt --all

fmt-check:
	$(CARGO) fmt --all -- --check

lint: ui
	$(CARGO) clippy --workspace --all-targets --features socialmine-tests/e2e,socialmine-setup/e2e -- -D warnings

# The headless CLI links no GTK or WebKit: it runs on a server without them.
CLI := $(CARGO_TARGET_DIR)/debug/socialmine-setup-cli
cli:
	$(CARGO) build -p socialmine-setup-cli

check-cli-headless: cli
	CARGO=$(CARGO) scripts/check-cli-headless.sh $(CLI)

# crates/core is the pure domain: it must not depend on tauri.
check-core-pure:
	@if $(CARGO) tree -p socialmine-core -i tauri -e normal,build 2>/dev/null | grep -q tauri; then \
	  echo "crates/core depends on tauri; keep it pure"; exit 1; \
	else echo "crates/core does not depend on tauri"; fi

rust-test: ui
	$(CARGO) nextest run --workspace --no-fail-fast

# The TypeScript bindings are generated from Rust (ts-rs); the committed ones must be current.
# Every crate whose types the UI sees exports them; stale files are removed first so that a
# type renamed or deleted in Rust does not linger in the UI.
BINDING_CRATES := socialmine-core socialmine-store socialmine-net socialmine-app socialmine-setup
bindings: ui
	rm -f ui/src/lib/bindings/*.ts
	$(CARGO) test $(addprefix -p ,$(BINDING_CRATES)) --lib export_bindings -- --quiet

check-bindings: bindings
	@if [ -n "$$(git status --porcelain -- ui/src/lib/bindings)" ]; then \
	  git status --porcelain -- ui/src/lib/bindings; \
	  echo "ui/src/lib/bindings is out of date: run 'make bindings' and commit the result"; exit 1; \
	else echo "TypeScript bindings are current"; fi

ui-check: ui-deps
	cd ui && npm run check

ui-test: ui-deps
	cd ui && npm test

# Runs the real app in WebKitGTK under Xvfb, inside a private dbus session with an unlocked
# gnome-keyring, with every XDG folder pointed at a throwaway home.
define in_session
	rm -rf $(TEST_HOME) && mkdir -p $(TEST_HOME)/{data,config,cache,runtime} && chmod 700 $(TEST_HOME)/runtime; \
	env XDG_DATA_HOME=$(TEST_HOME)/data XDG_CONFIG_HOME=$(TEST_HOME)/config \
	  XDG_CACHE_HOME=$(TEST_HOME)/cache XDG_RUNTIME_DIR=$(TEST_HOME)/runtime \
	  WEBKIT_DISABLE_DMABUF_RENDERER=1 PATH="$$PATH:$${CARGO_HOME:-$$HOME/.cargo}/bin" \
	  xvfb-run -a -s "-screen 0 1280x800x24" \
	  dbus-run-session -- sh -c 'eval "$$(printf pass | gnome-keyring-daemon --unlock --components=secrets)"; $(1)'
endef

# The app is built with its `e2e` feature: its updater may then ask the tests' loopback server.
e2e: ui tauri-driver
	$(CARGO) build -p socialmine-setup --features e2e
	$(CARGO) build -p socialmine-tests --features e2e --tests
	$(call in_session,SOCIALMINE_APP=$(APP) $(CARGO) test -p socialmine-tests --features e2e --test e2e --test catalog --test lockdown --test a11y --test keyboard -- --test-threads=1)

# socialmine-store against a real Secret Service (the in_session gnome-keyring), including the
# tests marked #[ignore] because they need one; and the secret copied to the real X clipboard
# under Xvfb (xclip reads it back).
keyring-test:
	$(call in_session,$(CARGO) test -p socialmine-store -- --include-ignored && $(CARGO) test -p socialmine-app --test clipboard_x11 -- --include-ignored)

# Screenshots of every screen of the real app under Xvfb, into docs/screenshots/ (see README).
screenshots: ui tauri-driver
	$(CARGO) build -p socialmine-setup
	$(call in_session,SOCIALMINE_APP=$(APP) $(CARGO) test -p socialmine-tests --features e2e --test screenshots -- --nocapture)

# Sign a provider-facts catalog (maintainers): the key comes from SOCIALMINE_CATALOG_SIGNING_KEY
# (its text) or SOCIALMINE_CATALOG_SIGNING_KEY_FILE (its path); CATALOG=... picks another file.
catalog-sign:
	CARGO=$(CARGO) scripts/catalog-sign.sh $(CATALOG)

## ---- fuzzing and supply chain ---------------------------------------------------------

# Every fuzz target (fuzz/, stable toolchain) for FUZZ_SECONDS each; prints executions per target.
# Crashes are saved under fuzz/artifacts/<target>/; fixed ones go to fuzz/regressions/<target>/.
FUZZ_SECONDS ?= 30
fuzz:
	$(CARGO) run -p socialmine-fuzz -- --seconds $(FUZZ_SECONDS)

cargo-deny: tools

# Licenses, banned crates and sources (from Cargo.lock, offline; `cargo fetch` first brings the
# crates of every target from the registry, since cargo-deny reads their manifests), then
# advisories: against the RustSec database fetched from GitHub when it can be reached, else
# against the newer of this machine's copy and the snapshot committed in deny/ (never skipped).
# The test script shows, on a throwaway CARGO_HOME without GitHub, that the snapshot is used,
# that a planted advisory fails the check and that a stale database does.
deny: cargo-deny
	$(CARGO) fetch --locked
	$(CARGO) deny --offline check bans licenses sources
	CARGO=$(CARGO) scripts/deny-advisories.sh
	CARGO=$(CARGO) scripts/deny-advisories.test.sh

# Refreshes the committed advisory database snapshot (deny/); needs GitHub. Commit the result.
advisory-db:
	scripts/advisory-db-snapshot.sh

# Every package.json has its committed package-lock.json, and every install is `npm ci`.
check-npm:
	scripts/check-npm-lockfiles.sh
	scripts/check-npm-lockfiles.test.sh

clean:
	$(CARGO) clean
	rm -rf ui/dist ui/node_modules $(TEST_HOME)
