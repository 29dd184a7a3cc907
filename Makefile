# Two commands set everything up on a fresh machine: `make report` and `make test`.
# Both create or refresh .venv from requirements.lock first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help report test test-fast bench lab lock clean venv system-deps quarto

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name jjjhealth --display-name "Python (jjjhealth)" >/dev/null
	@touch $(STAMP)

venv: $(STAMP) ## Create or refresh .venv from requirements.lock

quarto: $(STAMP) ## Make sure the pinned Quarto runs (PATH, QUARTO_BUNDLE or ../shared/tools/quarto, else PyPI)
	@tools/ensure-quarto >/dev/null

report: quarto ## Build data/facts.csv, run the notebooks, render report/_output/ with Quarto (ARGS="-p place 保定")
	@tools/system-deps report
	$(BIN)/jjjhealth build $(ARGS)

system-deps: ## Install fonts-noto-cjk, poppler-utils and chromium with apt if missing (ALLOW_SKIPS=1 to go on without)
	@tools/system-deps

test: quarto system-deps ## Run the whole test suite on every core (end-to-end builds, PDF and browser checks)
	$(BIN)/python -m pytest -n auto --dist loadfile $(ARGS)

test-fast: $(STAMP) ## Tests not marked slow or browser (unit and quick CLI checks), on every core
	$(BIN)/python -m pytest -n auto -m "not slow and not browser" $(ARGS)

bench: quarto ## Print speed, memory and extraction-quality figures (ARGS="--only adversarial")
	$(BIN)/python -m jjjhealth.build.bench $(ARGS)

lab: $(STAMP) ## Open the notebooks in JupyterLab with the project's kernel
	cd notebooks && ../$(BIN)/jupyter lab

lock: ## Re-resolve requirements.lock from pyproject.toml (needs PyPI)
	$(BIN)/pip-compile --quiet --extra test --extra dask --strip-extras --no-emit-index-url -o requirements.lock pyproject.toml

clean: ## Remove build state and report outputs (keeps data/ and .venv)
	@test -x $(BIN)/jjjhealth && $(BIN)/jjjhealth clean || rm -rf build report/_output
