"""The search page in headless Chromium: Pagefind index + recherche.js + horaires.js.

The site is built in tmp_path from tests/browser/fixtures/recherche (record pages that
carry the markup contract of guide_solidarites.search) and the search page rendered from
templates/recherche/page.html, so these tests do not depend on the MkDocs plugin.
The clock is fixed on Monday 2026-11-23 at 10:00 (see the fixtures' README).
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import jinja2
import pytest
from guide_solidarites.search import indexer_site

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
       "img-src 'self' data:; connect-src 'self'; worker-src 'self'; object-src 'none'; "
       "base-uri 'self'; form-action 'self'")


class _Silencieux(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "application/javascript", ".json": "application/json"}

    def end_headers(self) -> None:
        # The public site's policy (deploy/nginx): no inline script or style, no eval,
        # WebAssembly allowed for Pagefind, everything from the site itself.
        self.send_header("Content-Security-Policy", CSP)
        super().end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def serveur_statique() -> Iterator[object]:
    """A function: serve(folder) -> base URL; every server stops at the end of the session."""
    serveurs: list[http.server.ThreadingHTTPServer] = []

    def servir(dossier: Path) -> str:
        handler = functools.partial(_Silencieux, directory=str(dossier))
        srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        serveurs.append(srv)
        return f"http://127.0.0.1:{srv.server_port}"

    yield servir
    for srv in serveurs:
        srv.shutdown()
        srv.server_close()


@pytest.fixture(scope="module")
def navigateur(browser: object) -> object:
    # The session's browser (tests/browser/conftest.py): Playwright's sync API allows one
    # running instance per process.
    return browser


def rendre_template(nom: str, **variables: object) -> str:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(ROOT / "plugins" / "guide_solidarites" / "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined)
    return env.get_template(nom).render(**variables)


def copier_assets(site: Path, *noms: str) -> None:
    dest = site / "assets" / "javascripts"
    dest.mkdir(parents=True, exist_ok=True)
    for nom in noms:
        shutil.copy(ROOT / "overrides" / "assets" / "javascripts" / nom, dest / nom)


FIXTURES = Path(__file__).parent / "fixtures" / "recherche"
MAINTENANT = "2026-11-23T10:00"

CCAS = "CCAS de Sablé-sur-Sarthe"
CAFE = "Café solidaire du Vieux-Mans"
CPAM = "Assurance maladie de la Sarthe (CPAM)"
SOURCE = "Hébergement d'urgence La Source"
MISSION = "Mission locale du Sud Sarthe"
DROITS = "Vos droits : le premier accueil social"
LIEUX = {CCAS, CAFE, CPAM, SOURCE, MISSION}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, serveur_statique) -> str:  # type: ignore[no-untyped-def]
    racine = tmp_path_factory.mktemp("recherche") / "site"
    shutil.copytree(FIXTURES, racine, ignore=shutil.ignore_patterns("README.md"))
    partiel = rendre_template(
        "recherche/page.html",
        base_url="..",
        categories=[("difficultes-financieres", "Argent et budget"),
                    ("logement-hebergement", "Logement et hébergement"),
                    ("sante", "Santé"), ("trouver-un-emploi", "Trouver un emploi")],
        publics=[("jeunes", "Jeunes"), ("personnes-en-situation-durgence",
                                        "Personnes en situation d’urgence")],
        communes=[("72154", "La Flèche"), ("72181", "Le Mans"), ("72264", "Sablé-sur-Sarthe")],
        url_themes="../themes/", url_communes="../communes/",
    )
    (racine / "recherche").mkdir()
    (racine / "recherche" / "index.html").write_text(
        '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
        "<title>Rechercher · Guide des solidarités</title>"
        '<link rel="stylesheet" href="../assets/stylesheets/recherche.css"></head>'
        f"<body><main>{partiel}</main></body></html>", encoding="utf-8")
    copier_assets(racine, "horaires.js", "recherche.js")
    (racine / "assets" / "stylesheets").mkdir(parents=True)
    shutil.copy(ROOT / "overrides" / "assets" / "stylesheets" / "recherche.css",
                racine / "assets" / "stylesheets" / "recherche.css")
    indexer_site(racine)
    return serveur_statique(racine)


@pytest.fixture
def page(navigateur, site: str):  # type: ignore[no-untyped-def]
    """A fresh page; every request is recorded and checked to stay on 127.0.0.1."""
    ctx = navigateur.new_context(viewport={"width": 360, "height": 740}, locale="fr-FR")
    requetes: list[str] = []
    ctx.on("request", lambda r: requetes.append(r.url))
    erreurs: list[str] = []
    p = ctx.new_page()
    p.on("pageerror", lambda e: erreurs.append(str(e)))
    # Console errors (CSP violations...) and failed requests, but the browser's favicon.
    p.on("console", lambda m: erreurs.append(m.text)
         if m.type == "error" and "404" not in m.text else None)
    p.on("response", lambda r: erreurs.append(f"{r.status} {r.url}")
         if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
    p.base = site  # type: ignore[attr-defined]
    yield p
    ctx.close()
    assert requetes, "no request recorded"
    dehors = [u for u in requetes if not u.startswith(site + "/")]
    assert not dehors, f"requests off the site: {dehors}"
    assert not erreurs, erreurs


def ouvrir(page, **params: str) -> None:  # type: ignore[no-untyped-def]
    params.setdefault("maintenant", MAINTENANT)
    page.goto(f"{page.base}/recherche/?{urlencode(params, safe=':')}")


def attendre(page) -> set[str]:  # type: ignore[no-untyped-def]
    """The titles listed once the status line has settled."""
    page.wait_for_function(
        "() => { const s = document.getElementById('gs-recherche-statut').textContent;"
        " return s && !s.startsWith('Chargement'); }", timeout=10_000)
    return set(page.locator("#gs-recherche-resultats .gs-resultat__titre").all_inner_texts())


def chercher(page, texte: str) -> set[str]:  # type: ignore[no-untyped-def]
    page.evaluate("document.getElementById('gs-recherche-statut').textContent = ''")
    page.fill("#gs-q", texte)
    page.press("#gs-q", "Enter")
    return attendre(page)


def test_query_from_the_address_and_accent_insensitive(page) -> None:  # type: ignore[no-untyped-def]
    ouvrir(page, q="cafe")
    assert CAFE in attendre(page)
    assert page.input_value("#gs-q") == "cafe"
    assert chercher(page, "SECU") == {CPAM}
    assert SOURCE in chercher(page, "hebergement")
    # The fallback for browsers without the search is hidden once the script runs.
    assert page.locator(".gs-recherche__secours").is_hidden()


def test_misspelt_unaccented_word_finds_the_place(page) -> None:  # type: ignore[no-untyped-def]
    ouvrir(page)
    # "hebergment": no accent and a missing letter (Pagefind's French stemming finds it).
    assert SOURCE in chercher(page, "hebergment")
    # "seucrite": no accents, two letters swapped: no result as such, so the word is
    # corrected from the site's vocabulary, and the page says so.
    assert chercher(page, "seucrite") == {CPAM}
    statut = page.text_content("#gs-recherche-statut") or ""
    assert "Recherche faite avec « securite »" in statut
    assert chercher(page, "zzzzzz") == set()
    assert "Aucun résultat" in (page.text_content("#gs-recherche-statut") or "")


def test_each_filter_narrows_the_results(page) -> None:  # type: ignore[no-untyped-def]
    ouvrir(page)
    # Filters alone (no words) browse the places; the editorial page drops out.
    page.select_option("#gs-commune", "72181")
    assert attendre(page) == {CAFE, CPAM, SOURCE}
    page.select_option("#gs-commune", "")
    page.select_option("#gs-categorie", "sante")
    assert attendre(page) == {CPAM}
    page.select_option("#gs-categorie", "")
    page.select_option("#gs-public", "jeunes")  # and the places open to everyone
    assert attendre(page) == {MISSION, CCAS, CPAM}
    page.select_option("#gs-public", "")
    page.check("#gs-sans-rdv")
    assert attendre(page) == {CCAS, CAFE, SOURCE, MISSION}
    page.uncheck("#gs-sans-rdv")
    page.check("#gs-pmr")
    assert attendre(page) == {CCAS, CPAM, SOURCE}
    # Words and filters together; the state is kept in the address.
    assert chercher(page, "logement") == {CCAS, SOURCE}
    page.select_option("#gs-commune", "72181")
    assert attendre(page) == {SOURCE}
    assert "commune=72181" in page.url and "pmr=1" in page.url and "q=logement" in page.url
    assert "1 résultat" in (page.text_content("#gs-recherche-statut") or "")


def test_words_alone_include_editorial_pages(page) -> None:  # type: ignore[no-untyped-def]
    ouvrir(page, q="premier accueil")
    assert DROITS in attendre(page)


def test_open_now_with_a_fixed_clock(page) -> None:  # type: ignore[no-untyped-def]
    # Monday 10:00: the CCAS (9-12) and La Source (24/7) are open; the Mission locale is
    # open on Mondays but only in the afternoon; the café opens on Tuesday.
    ouvrir(page, ouvert="1")
    assert attendre(page) == {CCAS, SOURCE}
    assert "2 lieux ouverts maintenant" in (page.text_content("#gs-recherche-statut") or "")
    lignes = page.locator("#gs-recherche-resultats .gs-etat").all_inner_texts()
    assert any("ferme à 12 h" in t for t in lignes)
    # At 15:00 the CCAS has closed and the Mission locale has opened.
    ouvrir(page, ouvert="1", maintenant="2026-11-23T15:00")
    assert attendre(page) == {MISSION, SOURCE}
    # Tuesday 15:00 with a word: the café is open.
    ouvrir(page, ouvert="1", q="cafe", maintenant="2026-11-24T15:00")
    assert attendre(page) == {CAFE}


def test_result_shows_address_commune_and_status(page) -> None:  # type: ignore[no-untyped-def]
    ouvrir(page, q="mission locale")
    assert attendre(page) == {MISSION}
    item = page.locator("#gs-recherche-resultats li").first
    assert "2 rue de la Tour d'Auvergne, La Flèche" in item.inner_text()
    assert "fermé · ouvre aujourd'hui à 14 h" in item.locator(".gs-etat").inner_text()
    page.click("#gs-recherche-resultats a")
    page.wait_for_url("**/lieux/mission-locale-la-fleche/")


def test_without_javascript_the_fallback_points_to_themes_and_communes(  # type: ignore[no-untyped-def]
        navigateur, site: str) -> None:
    ctx = navigateur.new_context(java_script_enabled=False)
    page = ctx.new_page()
    page.goto(f"{site}/recherche/?q=logement")
    secours = page.locator(".gs-recherche__secours")
    assert secours.is_visible()
    assert secours.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))") == [
        "../themes/", "../communes/"]
    # The form still has its labels (and works as a GET form to this page).
    assert page.locator("label[for=gs-q]").is_visible()
    assert page.locator("#gs-recherche-form").get_attribute("method") == "get"
    ctx.close()
