# Two commands do all the set-up on a fresh machine:
#   make course   build the site, student and teacher edition
#   make test     run every test (installs the system packages it needs as root on Debian)
# The virtual environment is created and filled from requirements.lock when it
# is missing or when pyproject.toml / requirements.lock changed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SPHINX := PYTHONWARNINGS=ignore::DeprecationWarning $(BIN)/sphinx-build
SPHINXOPTS ?= -E -W -n --keep-going -q
BUILD  := _build

.PHONY: course student teacher test lint typecheck pytest serve clean bench system-packages

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==0.13.9"
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	@touch $(STAMP)

course: student teacher
	@echo "Studenteneditie: $(BUILD)/html/student/index.html"
	@echo "Docenteneditie:  $(BUILD)/html/teacher/index.html  (niet publiceren waar studenten kunnen lezen)"

student teacher: %: $(STAMP)
	$(SPHINX) $(SPHINXOPTS) -b html -D casetools_edition=$* -d $(BUILD)/doctrees/$* . $(BUILD)/html/$*

system-packages:
	@bash scripts/system-packages.sh

test: $(STAMP) system-packages lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks conf.py
	$(BIN)/ruff format --check src tests benchmarks conf.py

typecheck: $(STAMP)
	$(BIN)/mypy --strict src

pytest: $(STAMP)
	$(BIN)/pytest

serve: $(STAMP)
	$(BIN)/sphinx-autobuild -b html -D casetools_edition=teacher -d $(BUILD)/doctrees/serve \
		--ignore "_build/*" --ignore ".venv/*" --watch src . $(BUILD)/html/serve

clean:
	rm -rf $(BUILD) _generated .pytest_cache .mypy_cache .ruff_cache .hypothesis

# Speed figures, printed (never asserted in tests). Each script prints one or more lines.
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_variants.py
	$(BIN)/python benchmarks/bench_gallery.py
	$(BIN)/python benchmarks/bench_preview.py
	$(BIN)/python benchmarks/bench_handouts.py

# The course reader: the student edition as one A4 PDF through xelatex, without
# the variant gallery. Needs the reader group of scripts/system-packages.sh
# (installed as root on Debian, otherwise the missing packages are named).
.PHONY: pdf
pdf: $(STAMP)
	@bash scripts/system-packages.sh reader
	$(SPHINX) -M latexpdf . $(BUILD)/pdf $(SPHINXOPTS) -D casetools_edition=student -D casetools_gallery_size=0
	@echo "Cursusreader: $(BUILD)/pdf/latex/cursusreader.pdf"
