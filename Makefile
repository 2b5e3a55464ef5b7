# Two commands on a fresh machine (Python 3.11, node 20, apt):
#   make serve   set up, build the guide from annuaire/ and serve it on http://127.0.0.1:8000
#   make test    set up (with the test tools) and run every test
# The other targets are the steps they are made of.

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Material 9.8 prints its end-of-life notice at every build; it is in the project notes.
export NO_MKDOCS_2_WARNING := 1
# Debian packages the browser and deployment tests drive for real.
APT_TEST_PACKAGES := chromium nginx-light fonts-dejavu-core poppler-utils

.PHONY: setup setup-test site site-pro construire properdocs serve test lint bench clean valider apercu resume \
	codeowners campagne

# The pull-request checks (the forge workflows run these same targets):
#   make valider [DEPUIS=<ref>] [FORMAT=texte|github|gitlab|json] [VALIDER_OPTIONS=...]
#   make apercu DEPUIS=<ref>    the public pages the change touches -> apercu/, resume.md
#   make resume DEPUIS=<ref>    only the summary (apercu/resume.md), without building
#   make codeowners [CODEOWNERS_OPTIONS=--verifier]  CODEOWNERS from partners' `responsables`
#   make campagne [JOURS=30]    one reminder per partner -> campagne/
DEPUIS ?=
FORMAT ?= texte
VALIDER_OPTIONS ?=
CODEOWNERS_OPTIONS ?=
JOURS ?= 30
DEPUIS_OPTION = $(if $(DEPUIS),--depuis '$(DEPUIS)')

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

setup: $(STAMP)

setup-test: setup
	@missing=""; for p in $(APT_TEST_PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	# axe-core (accessibility tests), yaml-language-server (the editor test), decap-server
	# (the web form's test) and acorn (the shipped scripts' syntax trees, tests/test_minify.py),
	# from the npm registry at the locked versions; not the optional packages (Decap CMS
	# itself, only needed by `npm run vendor`: the site uses the copy in overrides/assets/vendor/).
	test -d node_modules/axe-core -a -d node_modules/yaml-language-server \
	  -a -d node_modules/decap-server -a -d node_modules/acorn \
	  || npm ci --omit=optional --no-audit --no-fund --silent

site: setup
	$(BIN)/mkdocs build --strict

site-pro: setup
	$(BIN)/mkdocs build --strict -f mkdocs.pro.yml

# Both sites in one process (what they share is made once): the files of `site` + `site-pro`.
construire: setup
	$(BIN)/guide construire --strict

# The sample built with properdocs (the maintained fork of MkDocs 1.6) writes the same pages
# as with MkDocs, but for the engine's name in <meta name="generator">.
properdocs: setup
	rm -rf .properdocs && mkdir .properdocs
	$(BIN)/mkdocs build -q --strict -d .properdocs/mkdocs
	$(BIN)/properdocs build -q --strict -d .properdocs/properdocs
	$(BIN)/mkdocs build -q --strict -f mkdocs.pro.yml -d .properdocs/mkdocs-pro
	$(BIN)/properdocs build -q --strict -f mkdocs.pro.yml -d .properdocs/properdocs-pro
	$(BIN)/python -m guide_solidarites.moteur --sans-generateur .properdocs/mkdocs .properdocs/properdocs
	$(BIN)/python -m guide_solidarites.moteur --sans-generateur .properdocs/mkdocs-pro .properdocs/properdocs-pro

serve: site
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

lint: setup
	$(BIN)/ruff check plugins tests bench deploy
	$(BIN)/mypy plugins/guide_solidarites

# Two workers (pytest-xdist), one per core of CI's machine; `make test TEST_WORKERS=4` on more.
TEST_WORKERS ?= 2

test: setup-test lint
	$(BIN)/pytest -q -n $(TEST_WORKERS)
	# The pure parts of the page scripts (hours, distances), with node's own test runner.
	npm run --silent test:js

valider: setup
	$(BIN)/guide valider annuaire $(DEPUIS_OPTION) --format $(FORMAT) $(VALIDER_OPTIONS)

apercu: site
	$(BIN)/guide apercu annuaire $(DEPUIS_OPTION) --site site --sortie apercu

resume: setup
	$(BIN)/guide apercu annuaire $(DEPUIS_OPTION) --sortie apercu

codeowners: setup
	$(BIN)/guide codeowners annuaire $(CODEOWNERS_OPTIONS)

campagne: setup
	$(BIN)/guide campagne annuaire --jours '$(JOURS)' --sortie campagne

bench: setup
	$(BIN)/python bench/run_all.py

clean:
	rm -rf site site-pro apercu campagne .properdocs
