# The targets CI runs. `make run` and `make test` set up everything they need first.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export UV_PYTHON_DOWNLOADS := never
export PYTHONDONTWRITEBYTECODE := 1

UV ?= $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
PY := .venv/bin/python
PYTEST_WORKERS ?= 2

.PHONY: help setup run test lint format typecheck unit e2e bench package clean

help:
	@echo "make run    set up, start the local stack with demo data (Ctrl-C stops it)"
	@echo "make test   set up, lint, type-check and run the whole test suite"
	@echo "make bench  run the benchmarks and print their figures"

.tools/bin/uv:
	@scripts/ensure-system-deps.sh venv
	python3 -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv

.venv/.synced: pyproject.toml uv.lock | $(if $(filter .tools/bin/uv,$(UV)),.tools/bin/uv)
	$(UV) sync --frozen --python python3.11
	@touch $@

setup: .venv/.synced
	@scripts/ensure-system-deps.sh tesseract

run: setup
	$(PY) -m coi_cli.main local up --seed-demo

lint: .venv/.synced
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format: .venv/.synced
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

typecheck: .venv/.synced
	.venv/bin/mypy shared services coi_cli

unit: setup
	$(PY) -m pytest -m "not e2e and not browser" -n $(PYTEST_WORKERS) -q

e2e: setup
	@scripts/ensure-system-deps.sh chromium
	$(PY) -m pytest -m "e2e or browser" -q

test: setup lint typecheck
	@scripts/ensure-system-deps.sh chromium
	$(PY) -m pytest -m "not e2e and not browser" -n $(PYTEST_WORKERS) -q -p no:cacheprovider
	$(PY) -m pytest -m "e2e or browser" -q -p no:cacheprovider

bench: setup
	$(PY) benchmarks/run_all.py

package: setup
	$(PY) scripts/build_lambda.py

clean:
	rm -rf .venv .tools var .pytest_cache .mypy_cache .ruff_cache infra/build
