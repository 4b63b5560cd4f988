# fixtext: `make run` sets everything up and repairs an example; `make test` runs the suite
# (`make test-fast`: the unit tests only, under a minute).
# Setup is idempotent: the venv and packages are reinstalled only when pyproject.toml or
# requirements.lock (the exact, tested versions) change (pip's cache is reused), LanguageTool's jars and BERT come from Maven's cache
# (BERT is converted once into fixtext's cache: `fixtext model install`).

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.fixtext-installed
EXAMPLE ?= examples/port-strike.txt

.PHONY: setup browser run test test-fast lint lock data measurements rules-doc screenshot \
	clean-languagetool

setup: $(STAMP) browser
	$(BIN)/fixtext languagetool install
	$(BIN)/fixtext model install
	$(BIN)/python -m fixtext.lexicon.wordnet install
	@# Byte-compile fixtext (only what changed): where PYTHONDONTWRITEBYTECODE is set,
	@# every run would compile it again (about 0.09 s of a warm check's 1.2 s).
	$(BIN)/python -m compileall -q fixtext

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev,ray]'
	touch $(STAMP)

# Debian's chromium, which the review page's browser tests drive with Playwright (no
# browser download); skipped where chromium is installed. Without root, apt-get runs
# under sudo; where it cannot install, the browser tests skip, saying why.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" -eq 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  { $$SUDO apt-get update -q && \
	    $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	      --no-install-recommends chromium; } || \
	  echo "warning: could not install chromium: the browser tests will be skipped" >&2; }

# Record the venv's exact versions as the tested set (after changing a range and testing).
lock: setup
	sed -n '1,3p' requirements.lock > requirements.lock.new
	$(BIN)/python -m pip freeze --exclude-editable >> requirements.lock.new
	mv requirements.lock.new requirements.lock

run: setup
	$(BIN)/fixtext fix $(EXAMPLE) --diff || test $$? -eq 1

test: setup
	$(BIN)/python -m pytest -q

test-fast: setup
	$(BIN)/python -m pytest -q tests/unit

# Rebuild the data files fixtext ships (needs ../shared): the word lists, the corpus
# n-gram models (trigrams after bigrams: they share word ids), the model's detector
# calibration, then the fix policy, which measures all of them (about 30 minutes).
data: setup
	$(BIN)/python -m tools.build_lexicon
	$(BIN)/python -m tools.build_bigrams
	$(BIN)/python -m tools.build_trigrams
	$(BIN)/python -m tools.calibrate_detector models/fixtext-small --limit 300 --target 0.005
	$(BIN)/python -m tools.fix_policy
	$(BIN)/fixtext rule --all --format markdown > docs/rules.md

# Re-measure every figure of docs/measurements.md (needs ../shared; about an hour).
MEASURE_OUT := runs/measure-$(shell date +%Y%m%d-%H%M)
measurements: setup
	tools/measure.sh $(MEASURE_OUT)
	$(BIN)/python -m tools.measurements $(MEASURE_OUT)

# docs/review-page.png (the README's screenshot), taken by the review page's browser test.
screenshot: setup
	FIXTEXT_SCREENSHOT=docs/review-page.png $(BIN)/python -m pytest -q \
	  tests/integration/test_review_page.py -k accept_pick_reject

# docs/rules.md, generated from the rule registry.
rules-doc: setup
	$(BIN)/fixtext rule --all --format markdown > docs/rules.md

lint: setup
	$(BIN)/ruff check fixtext tests tools research benchmarks
	$(BIN)/ruff format --check fixtext tests tools research benchmarks

clean-languagetool:
	-$(BIN)/fixtext languagetool stop
