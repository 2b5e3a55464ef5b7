"""« Quitter ce site »: pages about violence can be left in one gesture, leaving no way back.

The neutral site is the plugin's default (sortie_rapide.URL_NEUTRE), answered here by a
local stand-in: the browser never reaches the real one. Playwright's Chromium runs without
the back-forward cache, as many phones do once memory is short.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from guide_solidarites.sortie_rapide import URL_NEUTRE
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NEUTRE = re.compile("^" + re.escape(URL_NEUTRE))


def avec_site_neutre(page: Any) -> Any:
    """The neutral site, answered locally (registered last, so it runs before conftest's
    guard, which would abort the request)."""
    page.context.route(NEUTRE, lambda route: route.fulfill(
        status=200, content_type="text/html; charset=utf-8",
        body="<!doctype html><html lang=fr><title>Météo</title><p>Prévisions du jour</p>"))
    return page


def historique(page: Any) -> int:
    return int(page.evaluate("history.length"))


def test_the_button_replaces_the_page_without_a_new_history_entry(page: Any, site_public: str
                                                                  ) -> None:
    avec_site_neutre(page)
    page.goto(site_public + "urgences/")
    # A new tab's blank page, then the guide.
    assert historique(page) == 2
    expect(page.locator(".gs-sortie-rapide__aide")).to_contain_text("Échap pressée deux fois")
    page.click("#sortie-rapide")
    page.wait_for_url(NEUTRE)
    assert historique(page) == 2
    # « Précédent » leads to what came before the guide, never to the guide.
    page.go_back()
    assert page.url == "about:blank"


def test_escape_twice_also_walks_back_over_the_guides_own_pages(page: Any, site_public: str
                                                                ) -> None:
    avec_site_neutre(page)
    page.goto(site_public)
    # Home, then the emergency page through the skip link's anchor and a link: three of
    # the guide's entries in this tab.
    page.goto(site_public + "#contenu")
    page.click("a[href$='urgences/']")
    page.wait_for_url(re.compile(r"/urgences/$"))
    assert historique(page) == 4  # the blank page the tab opened on, then the guide's
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url(NEUTRE)
    page.wait_for_load_state()
    assert historique(page) == 4
    # « Précédent » has nothing of the guide left: its first entry is now the neutral site,
    # the others are ahead of it (only « Suivant » reaches them).
    page.go_back()
    assert page.url == "about:blank"
    page.go_forward()
    assert NEUTRE.match(page.url)


def test_one_escape_does_not_leave(page: Any, site_public: str) -> None:
    avec_site_neutre(page)
    page.goto(site_public + "urgences/")
    page.keyboard.press("Escape")
    page.wait_for_timeout(1200)
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert page.url.startswith(site_public)


def test_only_pages_about_violence_carry_the_button(page: Any, site_public: str) -> None:
    for adresse, attendu in (("", 1), ("urgences/", 1), ("lieux/caf-le-mans/", 0),
                             ("communes/", 0)):
        page.goto(site_public + adresse)
        assert page.locator("#sortie-rapide").count() == attendu, adresse


def test_without_javascript_the_button_is_a_plain_link(nouvelle_page: Any, site_public: str
                                                       ) -> None:
    page = avec_site_neutre(nouvelle_page(java_script_enabled=False))
    page.goto(site_public + "urgences/")
    page.click("#sortie-rapide")
    page.wait_for_url(NEUTRE)
