# Two commands: `make run` (set up, build the demo store if missing, serve the dashboard) and
# `make test` (set up what the tests need, run them). Everything else here serves those two.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
DEMO   := data/demo.duckdb
PORT   ?= 8501
HOST   ?= localhost
N      ?= 2
TIER   ?= province
REPLICA_PORT ?= 8511
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test demo check-store upgrade-store restore deps test-deps system-deps nginx-deps serve-replicas bench bench-store clean

run: deps system-deps
	@if [ -z "$$ZSGT_DB" ]; then $(MAKE) --no-print-directory $(DEMO); fi
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.address $(HOST)

test: test-deps system-deps nginx-deps
	$(BIN)/python -m pytest

# The demo store (示例数据): built from the deterministic generator when missing or older than the
# generator or the schema. Never touches $ZSGT_DB. `make demo` rebuilds it always.
$(DEMO): data/generate_demo.py data/schema.sql zsgt/pinyin.py | deps
	$(BIN)/python data/generate_demo.py --out $(DEMO)

demo: deps
	$(BIN)/python data/generate_demo.py --out $(DEMO)

# Every data check (zsgt/checks.py) on $ZSGT_DB, or on the demo store; fails on any error-level check.
check-store: deps
	@if [ -z "$$ZSGT_DB" ]; then $(MAKE) --no-print-directory $(DEMO); fi
	$(BIN)/python -m zsgt.checks

# Bring an existing store ($ZSGT_DB) up to this version's macros; the data is not touched.
upgrade-store: deps
	@test -n "$$ZSGT_DB" || { echo "set ZSGT_DB to the store to upgrade"; exit 2; }
	$(BIN)/python -m zsgt.store upgrade "$$ZSGT_DB"

# Bring back the store ($ZSGT_DB, else the demo store) as it was before an import: the newest backup,
# or BACKUP=<name> (`python -m zsgt.importer --list-backups` lists them). The current store is backed up first.
restore: deps
	$(BIN)/python -m zsgt.importer --restore $(BACKUP)

deps: $(VENV)/.deps
test-deps: $(VENV)/.test-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.deps: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.test-deps: requirements-test.txt $(VENV)/.deps
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements-test.txt
	touch $@

# Debian's Chromium and Noto CJK: the server renders chart exports (PNG/SVG) and the deck's diagrams
# with them at run time, and the browser tests drive the same Chromium.
system-deps:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -q "Noto Sans CJK"; then \
		echo "installing Debian's chromium and fonts-noto-cjk"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk; \
	fi

# N Streamlit processes (replicas) on 127.0.0.1:$(REPLICA_PORT)... behind Debian's nginx on $(HOST):$(PORT),
# sticky sessions, one shared cookie secret, one read-only store (deploy/replicas.py; README "Deploying for many users").
serve-replicas: deps system-deps nginx-deps
	@if [ -z "$$ZSGT_DB" ]; then $(MAKE) --no-print-directory $(DEMO); fi
	$(BIN)/python deploy/replicas.py --n $(N) --port $(PORT) --host $(HOST) --replica-port $(REPLICA_PORT)

# Debian's nginx, for serve-replicas and its test: run by deploy/replicas.py as its own child, never as
# the system service (Debian's package enables that service on port 80; `systemctl disable --now nginx`).
nginx-deps:
	@if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then \
		echo "installing Debian's nginx"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nginx; \
	fi

# A store of one tier (city = the demo; province ~50,000 projects, 1,000,000 companies; national ~1,000,000
# projects, 10,000,000 companies) built into bench/out/$(TIER).duckdb; prints how long it took and its size.
bench-store: deps
	$(BIN)/python data/generate_tiers.py --tier $(TIER) --out bench/out/$(TIER).duckdb

bench: deps
	@for b in bench/*.py; do [ -e "$$b" ] && $(BIN)/python "$$b"; done; true

clean:
	rm -rf $(VENV) $(DEMO) .pytest_cache
