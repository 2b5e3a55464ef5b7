"""Light record pages: what a place page paints before any script, what it loads on a first
visit, and that Material's frame still works on record and editorial pages."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from .conftest import ROOT, capture

sys.path.insert(0, str(ROOT))
from bench.poids import BUDGET_FICHE, poids_premiere_visite  # noqa: E402

LIEU = "lieux/ccas-sable-centre/"
MOBILE = {"width": 390, "height": 844}
BUNDLE = re.compile(r"/assets/javascripts/bundle\.[0-9a-f]+\.min\.js$")


def bundles(requetes: list[str]) -> list[str]:
    return [u for u in requetes if BUNDLE.search(u)]


def test_place_page_paints_its_essentials_with_scripts_blocked(
        nouvelle_page: Any, site_public: str) -> None:
    page = nouvelle_page(java_script_enabled=False, viewport=MOBILE)
    page.goto(site_public + LIEU)
    expect(page.get_by_role("heading", level=1)).to_have_text("CCAS de Sablé-sur-Sarthe")
    # The open-now line needs the clock; without it, the usual hours of the first mode.
    resume = page.locator(".gs-entete .gs-resume-horaires")
    expect(resume).to_be_visible()
    expect(resume).to_have_text("Sans rendez-vous : lun.–ven. 9 h–12 h, 14 h–17 h ; "
                                "fermé les jours fériés")
    expect(page.get_by_role("link", name="Appeler le 02 43 62 50 10")).to_be_visible()
    expect(page.locator(".gs-adresse").first).to_contain_text("72300")
    expect(page.locator(".gs-adresse").first).to_be_visible()


def test_place_page_runs_its_scripts_without_material_until_a_gesture(
        nouvelle_page: Any, site_public: str, browser: Any) -> None:
    page = nouvelle_page(viewport=MOBILE)
    requetes: list[str] = []
    page.on("request", lambda r: requetes.append(r.url))
    page.add_init_script("window.GUIDE_MAINTENANT = '2026-11-24T10:00';")
    page.goto(site_public + LIEU)
    page.wait_for_load_state("networkidle")
    # Our own scripts ran: the live status line, the selection and listening buttons.
    expect(page.locator(".gs-entete .gs-etat--principal")).to_have_text(
        "Ouvert maintenant · ferme à 12 h")
    expect(page.locator("#selection-bouton")).to_be_visible()
    assert bundles(requetes) == []
    assert page.evaluate("typeof window.document$") == "undefined"
    # The first gesture brings Material: its drawer then opens and closes as usual.
    page.locator("label.md-header__button[for=__drawer]").click()
    page.wait_for_function("typeof window.document$ !== 'undefined'")
    assert len(bundles(requetes)) == 1
    expect(page.locator(".md-sidebar--primary")).to_be_in_viewport()
    expect(page.locator(".md-nav--primary").get_by_role("link", name="Urgences")).to_be_visible()
    page.mouse.click(MOBILE["width"] - 5, MOBILE["height"] // 2)  # on the overlay
    expect(page.locator(".md-sidebar--primary")).not_to_be_in_viewport()


def test_mobile_drawer_of_a_place_page_works_without_any_script(
        nouvelle_page: Any, site_public: str) -> None:
    page = nouvelle_page(java_script_enabled=False, viewport=MOBILE)
    page.goto(site_public + LIEU)
    page.locator("label.md-header__button[for=__drawer]").click()
    lien = page.locator(".md-nav--primary").get_by_role("link", name="Urgences")
    expect(lien).to_be_visible()
    lien.click()
    expect(page).to_have_url(re.compile(r"/urgences/$"))


def test_editorial_pages_keep_material_from_the_start(nouvelle_page: Any,
                                                      site_public: str) -> None:
    page = nouvelle_page(viewport=MOBILE)
    requetes: list[str] = []
    page.on("request", lambda r: requetes.append(r.url))
    page.goto(site_public + "ressources/")
    page.wait_for_function("typeof window.document$ !== 'undefined'")
    assert len(bundles(requetes)) == 1
    page.locator("label.md-header__button[for=__drawer]").click()
    lien = page.locator(".md-nav--primary").get_by_role("link", name="Urgences")
    expect(lien).to_be_visible()
    lien.click()
    expect(page).to_have_url(re.compile(r"/urgences/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_header_of_a_place_page_follows_the_scroll_once_material_has_loaded(
        nouvelle_page: Any, site_public: str) -> None:
    page = nouvelle_page(viewport=MOBILE)
    page.goto(site_public + LIEU)
    titre = page.locator(".md-header__title")
    expect(titre).not_to_have_class(re.compile("md-header__title--active"))
    # Scrolling is a gesture: it loads the bundle, which then shows the page's name in the
    # header once the heading has left the screen.
    page.mouse.wheel(0, 1500)
    page.wait_for_function("typeof window.document$ !== 'undefined'")
    page.mouse.wheel(0, 100)
    expect(titre).to_have_class(re.compile("md-header__title--active"))


@pytest.mark.parametrize("variante,budget", [("public", BUDGET_FICHE),
                                             ("pro", BUDGET_FICHE + 2 * 1024)])
def test_first_visit_of_a_place_page_stays_within_its_budget(
        sites: dict[str, str], variante: str, budget: int) -> None:
    site = Path(sites[f"{variante}_dir"])
    fiche = poids_premiere_visite(site, LIEU)
    editoriale = poids_premiere_visite(site, "ressources/")
    assert fiche.gzip <= budget, fiche.detail()
    assert not any(BUNDLE.search("/" + f) for f in fiche.fichiers)
    # Material's frame stays whole on the editorial pages.
    assert any(BUNDLE.search("/" + f) for f in editoriale.fichiers)


def test_screenshots_of_light_pages(nouvelle_page: Any, site_public: str) -> None:
    """tests/artifacts/legere-{lieu,lieu-sans-js}-{390,1280}.png and
    legere-lieu-impression.png, to look at."""
    for largeur in (390, 1280):
        for js in (True, False):
            page = nouvelle_page(viewport={"width": largeur, "height": 900},
                                 java_script_enabled=js)
            page.goto(site_public + LIEU)
            page.wait_for_load_state("networkidle")
            nom = f"legere-lieu{'' if js else '-sans-js'}-{largeur}"
            assert capture(page, nom).stat().st_size > 5_000
    # On paper, as before: the week, not the one-line summary (nor the live line).
    page = nouvelle_page(viewport={"width": 794, "height": 1123})
    page.goto(site_public + LIEU)
    page.emulate_media(media="print")
    expect(page.locator(".gs-resume-horaires")).to_be_hidden()
    assert capture(page, "legere-lieu-impression").stat().st_size > 5_000


def test_shipped_stylesheets_are_the_same_rules_for_the_browser(page: Any) -> None:
    """Each of the guide's stylesheets as written and as shipped without its comments
    (minify.py): Chromium parses the same rules, in the same order."""
    sys.path.insert(0, str(ROOT / "plugins"))
    from guide_solidarites.minify import css_allege

    regles = ("(css) => { const s = new CSSStyleSheet(); s.replaceSync(css);"
              " return [...s.cssRules].map((r) => r.cssText); }")
    for feuille in sorted((ROOT / "overrides/assets/stylesheets").glob("*.css")):
        source = feuille.read_text("utf-8")
        ecrites, livrees = page.evaluate(regles, source), page.evaluate(regles,
                                                                        css_allege(source))
        assert len(ecrites) > 10 and ecrites == livrees, feuille.name
