# quotewire — the two commands a new machine needs: `make demo` and `make test`.
# Needs Python 3.11+ and make; everything else is installed, locked, into .venv.

PYTHON ?= python3
UV_VERSION := 0.13.8
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
VENV := .venv
BIN := $(VENV)/bin
export UV_PYTHON_DOWNLOADS := never

.DEFAULT_GOAL := help
.PHONY: help setup demo lint test test-unit test-integration eval bench bench-broker bench-index bench-e2e chaos schema screenshots stack-up stack-down clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-17s %s\n", $$1, $$2}'

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet "uv==$(UV_VERSION)"

$(BIN)/.synced: uv.lock pyproject.toml $(wildcard packages/*/pyproject.toml services/*/pyproject.toml) | $(UV)
	$(UV) sync --frozen --all-packages --python $(PYTHON)
	@touch $@

setup: $(BIN)/.synced ## Create .venv with every locked dependency (idempotent)

demo: setup ## The whole pipeline on a local stack, on the articles in seeds/
	$(BIN)/quotewire demo seeds

lint: setup ## ruff check and ruff format --check over the whole repository (part of make test)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: setup lint ## Lint, then the whole test suite (unit + integration against real local servers + deploy checks)
	$(BIN)/pytest

test-unit: setup ## Unit tests only (no servers)
	$(BIN)/pytest tests/unit

test-integration: setup ## Integration tests only (starts a broker and a search server)
	$(BIN)/pytest tests/integration

GOLD := $(wildcard data/attribution/*.jsonl)

eval: setup ## Score the extractor on every gold file beside the textacy baseline
	@for f in $(GOLD); do echo "== $$f"; $(BIN)/quotewire eval $$f || exit 1; done

bench: setup ## Extraction throughput vs bare nlp.pipe (same process), F1, memory, 2 workers vs 1
	$(BIN)/quotewire bench $(GOLD)

bench-broker: setup ## Produce latency of the durable local broker (object store) vs in memory
	$(BIN)/quotewire stack bench-broker

bench-index: setup ## Indexer vs bare streaming_bulk (same process) and search p50/p99 at 100,000 statements
	$(BIN)/python -m tests.integration.bench_index

bench-e2e: setup ## POST -> searchable latency at 1-35 articles/s, a burst, 2 workers vs 1, ingest vs bare producer (15-20 min; BENCH_ARGS="--rates 1,20 --seconds 30")
	nice -n 5 $(BIN)/python -m tests.integration.bench_index --ratio-statements 6000 --search-statements 0 --json .quotewire/bench/index-ratio.json
	nice -n 5 $(BIN)/quotewire stack bench-e2e --indexer-ratio .quotewire/bench/index-ratio.json $(BENCH_ARGS)

chaos: setup ## 2,000 articles through a durable local stack while processes are killed and paused (~13 min)
	$(BIN)/quotewire stack chaos --articles 2000

schema: setup ## Rewrite the checked-in JSON Schema of the topic events
	$(BIN)/quotewire-schema

SHOTS := search speaker article

screenshots: setup ## Re-take docs/screenshots/ in chromium (the browser tests, on the seed articles)
	@test -x /usr/bin/chromium -a -x /usr/bin/chromedriver || { echo "needs: apt-get install chromium chromium-driver"; exit 1; }
	rm -f $(SHOTS:%=.artifacts/browser/%.png)
	QW_TEST_ARTIFACTS=.artifacts $(BIN)/pytest tests/integration/test_web_browser.py -q
	cp $(SHOTS:%=.artifacts/browser/%.png) docs/screenshots/

stack-up: setup ## Leave the durable local stack running (Kafka :9092, Elasticsearch :9200, ingest :8000, search :8001; data in .quotewire/data)
	$(BIN)/quotewire stack up

stack-down: ## Stop the local stack
	$(BIN)/quotewire stack down

clean: ## Stop a running local stack, remove the environment and local state (keeps the stack's data in .quotewire/data)
	@if [ -x $(BIN)/quotewire ]; then $(BIN)/quotewire stack down; fi
	rm -rf $(VENV) .tools .pytest_cache
	@if [ -d .quotewire ]; then find .quotewire -mindepth 1 -maxdepth 1 ! -name data -exec rm -rf {} +; fi
	@if [ -d .quotewire/data ]; then echo "kept .quotewire/data (the local stack's topics): rm -rf it to start empty"; fi
