# The two commands of the README: `make book` and `make test`. Each sets up what it needs
# on a fresh machine (a virtual environment in .venv with everything pinned in
# requirements.txt), then runs.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: book pdf student instructor test lab outputs benchmark datadict freshness bundle clean contact-sheet

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

## Build the book into _build/html (strict: any warning or failing cell is an error)
book: $(STAMP)
	$(BIN)/python -m llmcourse.build

## The printable edition: build the book, then print every page with Chromium into one PDF
## (_build/pdf/open-versus-closed.pdf)
pdf: book
	$(BIN)/python scripts/pdf.py

## The student edition (no solutions, no instructor material) into _build/student/html
student: $(STAMP)
	$(BIN)/python -m llmcourse.build --edition student

## The instructor edition (solutions shown, instructor guide, question bank) into _build/instructor/html
instructor: $(STAMP)
	$(BIN)/python -m llmcourse.build --edition instructor

## Run every test: helpers, data, notebooks (nbval), the built HTML and a headless browser
test: $(STAMP)
	$(BIN)/python -m pytest

## Lint (ruff) and the fast tests: no build, no browser, no notebooks. Under 15 s.
check: $(STAMP)
	$(BIN)/ruff check src tests scripts chapters
	$(BIN)/ruff format --check src tests scripts chapters
	$(BIN)/python -m pytest tests -q -m "not build and not browser and not slow and not anywhere and not jupyterlab" -x

## Work on the notebooks with live widgets
lab: $(STAMP)
	$(BIN)/jupyter lab chapters

## Re-execute the notebooks and store their outputs (then review and commit them)
outputs: $(STAMP)
	$(BIN)/python scripts/refresh_outputs.py

## Regenerate data/README.md from data/datapackage.json
datadict: $(STAMP)
	$(BIN)/python -m llmcourse.datadict

## Freshness: rewrite the appendix page from data/ and print the report for today
freshness: $(STAMP)
	$(BIN)/python -m llmcourse.freshness --write
	$(BIN)/python -m llmcourse.freshness

## Time cold and warm builds, notebooks, and measure page sizes (writes benchmark-report.md)
benchmark: $(STAMP)
	$(BIN)/python scripts/benchmark.py

## The student download: dist/llm-course-labs.zip (labs, data, wheel, START-HERE.txt) and dist/llm-course-site.zip
bundle: $(STAMP)
	$(BIN)/python scripts/bundle.py

clean:
	rm -rf _build

## Screenshots of every figure at 1400 and 390 px, in every state of its controls (build the book first)
contact-sheet: $(STAMP)
	$(BIN)/python scripts/contact_sheet.py
