"""The map asks before calling a third party: markers and commune names first, tiles after.

A tile request tells the tile host which part of the map the visitor looks at, often their
own street. The public map of tests/fixtures/site uses the plugin's default (a third-party
host, OpenStreetMap France): it must open without any request leaving the site, draw the
commune names from our own data, and load tiles only after « Afficher le fond de carte »,
a choice then kept on the phone.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import HOTE_TUILES

pytestmark = pytest.mark.browser


def hors_du_site(requetes: list[str]) -> list[str]:
    return [u for u in requetes if urlsplit(u).hostname not in ("127.0.0.1", None)
            and not u.startswith(("data:", "blob:"))]


def tuiles(requetes: list[str]) -> list[str]:
    return [u for u in requetes if HOTE_TUILES.match(urlsplit(u).hostname or "")]


def ouvrir(page: Any, site: str) -> list[str]:
    requetes: list[str] = []
    page.on("request", lambda r: requetes.append(r.url))
    page.goto(site + "carte/")
    page.wait_for_function("window.GuideCarte && window.GuideCarte.visibles().length > 0")
    page.evaluate("window.GuideCarte.pret")
    page.wait_for_load_state("networkidle")
    return requetes


def test_the_map_opens_without_any_request_outside_the_site(page: Any, site_public: str
                                                             ) -> None:
    requetes = ouvrir(page, site_public)
    assert hors_du_site(requetes) == []
    assert any(u.endswith("/carte/communes.json") for u in requetes)
    # The markers are there, over a plain background named from our own data.
    assert page.locator(".gs-marqueur").count() >= 1
    expect(page.locator(".gs-commune-nom--desservie", has_text="Sablé-sur-Sarthe")).to_be_visible()
    expect(page.locator("#fond-de-carte")).to_have_text("Afficher le fond de carte")
    expect(page.locator("#fond-de-carte-note")).to_contain_text("tile.openstreetmap.fr")


def test_tiles_come_after_the_visitor_asks_and_the_choice_is_kept(page: Any, site_public: str
                                                                  ) -> None:
    requetes = ouvrir(page, site_public)
    assert tuiles(requetes) == []
    page.click("#fond-de-carte")
    page.wait_for_function("document.querySelectorAll('.leaflet-tile-loaded').length > 0")
    assert tuiles(requetes), "the tiles should load once asked for"
    expect(page.locator("#fond-de-carte")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".gs-commune-nom")).to_have_count(0)

    # Next visit on the same phone: tiles at once.
    requetes.clear()
    page.reload()
    page.wait_for_function("document.querySelectorAll('.leaflet-tile-loaded').length > 0")
    assert tuiles(requetes)

    # Hidden again: the choice is forgotten, and the next visit asks nothing outside.
    page.click("#fond-de-carte")
    expect(page.locator("#fond-de-carte")).to_have_text("Afficher le fond de carte")
    requetes.clear()
    page.reload()
    page.wait_for_function("window.GuideCarte && window.GuideCarte.visibles().length > 0")
    page.wait_for_load_state("networkidle")
    assert tuiles(requetes) == []
