"""The public guide offline: what was opened once stays readable with the network cut.

Playwright's offline mode cuts the network of the whole browser context; the service
worker (hors_ligne.py, templates/hors-ligne/sw.js) answers from what it kept.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def installer(page: Any, site: str) -> None:
    """A first visit: the home page, until its service worker controls the page."""
    page.goto(site)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def test_a_visited_place_the_home_and_the_search_load_with_the_network_cut(
        page: Any, site_public: str) -> None:
    installer(page, site_public)
    page.goto(site_public + "lieux/ccas-sable-centre/")
    expect(page.locator("h1")).to_have_text("CCAS de Sablé-sur-Sarthe")
    page.context.set_offline(True)
    try:
        page.goto(site_public + "lieux/ccas-sable-centre/")
        expect(page.locator("h1")).to_have_text("CCAS de Sablé-sur-Sarthe")
        # Its styles came from the kept copy too.
        style = "getComputedStyle(document.querySelector('.gs-bouton')).display"
        assert page.evaluate(style) != "inline"
        expect(page.locator(".gs-hors-connexion")).to_contain_text("Pas de connexion")
        page.goto(site_public)
        expect(page.locator("h1")).to_have_text("Trouver de l'aide près de chez vous")
        page.goto(site_public + "recherche/")
        expect(page.locator("h1")).to_contain_text("Rechercher")
        page.goto(site_public + "ma-selection/")
        expect(page.locator("h1")).to_have_text("Ma sélection")
    finally:
        page.context.set_offline(False)


def test_a_page_never_opened_says_so_with_the_emergency_numbers(page: Any, site_public: str
                                                                ) -> None:
    installer(page, site_public)
    page.context.set_offline(True)
    try:
        page.goto(site_public + "lieux/epicerie-la-fleche/")
        page.wait_for_url(re.compile(r"/hors-ligne/\?page="))
        expect(page.locator("h1")).to_have_text("Pas de connexion")
        expect(page.locator(".gs-alerte")).to_contain_text("pas encore sur ce téléphone")
        expect(page.locator("a[href='tel:3919']")).to_be_visible()
        expect(page.locator("a[href='tel:115']")).to_be_visible()
        expect(page.locator("#hors-ligne-reessayer")).to_have_attribute(
            "href", site_public + "lieux/epicerie-la-fleche/")
    finally:
        page.context.set_offline(False)


def test_a_new_build_is_picked_up_at_the_next_visit(page: Any, site_public: str,
                                                    sites: dict[str, str]) -> None:
    installer(page, site_public)
    sw = Path(sites["public_dir"]) / "sw.js"
    avant = page.evaluate("caches.keys()")
    texte = sw.read_text(encoding="utf-8")
    version = re.search(r'var VERSION = "([0-9a-f]+)"', texte)
    assert version
    try:
        sw.write_text(texte.replace(version.group(1), "0" * 16), encoding="utf-8")
        page.goto(site_public + "communes/")
        page.wait_for_function("caches.keys().then(k => k.includes('gs-base-' + '0'.repeat(16)))"
                               " .then(ok => ok)", polling=200)
        page.wait_for_function(
            f"caches.keys().then(k => !k.includes('gs-base-{version.group(1)}'))")
    finally:
        sw.write_text(texte, encoding="utf-8")
    assert f"gs-base-{version.group(1)}" in avant


def test_the_pro_site_has_no_service_worker_nor_manifest(page: Any, site_pro: str,
                                                         sites: dict[str, str]) -> None:
    assert not (Path(sites["pro_dir"]) / "sw.js").exists()
    assert not (Path(sites["pro_dir"]) / "manifest.webmanifest").exists()
    page.goto(site_pro)
    assert page.locator("link[rel=manifest]").count() == 0
    assert page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
