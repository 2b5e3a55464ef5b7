"""The professional's minute: whom to call at the top of a place's page, and a fiche de
liaison that prints on one A4 sheet (printed to PDF by Chromium, pages counted)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from .conftest import capture

pytestmark = pytest.mark.browser

PAGE_PDF = re.compile(rb"/Type\s*/Page\b(?!s)")


def lieux_du_site(sites: dict[str, str]) -> list[str]:
    return sorted(p.parent.name for p in
                  (Path(sites["pro_dir"]) / "lieux").glob("*/fiche-de-liaison"))


def test_every_fiche_de_liaison_prints_on_one_a4_page(page: Any, sites: dict[str, str]) -> None:
    lieux = lieux_du_site(sites)
    assert len(lieux) >= 3
    pages = {}
    for lieu in lieux:
        page.goto(sites["pro"] + f"lieux/{lieu}/fiche-de-liaison/")
        page.wait_for_load_state("networkidle")
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
        pages[lieu] = len(PAGE_PDF.findall(pdf))
    assert pages == {lieu: 1 for lieu in lieux}


def test_the_sheet_gives_hours_in_one_line_per_way_of_being_received(
        page: Any, site_pro: str) -> None:
    page.goto(site_pro + "lieux/ccas-sable-centre/fiche-de-liaison/")
    expect(page.locator(".gs-fiche-horaires li")).to_have_text([
        "Sans rendez-vous : lun.–ven. 9 h–12 h, 14 h–17 h ; fermé les jours fériés",
        "Sur rendez-vous : mar., jeu. 14 h–18 h ; fermé les jours fériés",
        "Au téléphone : lun.–ven. 9 h–12 h ; fermé les jours fériés",
    ])


@pytest.mark.parametrize("largeur", [390, 1280])
def test_referents_and_direct_line_come_right_after_the_name(
        nouvelle_page: Any, site_pro: str, largeur: int) -> None:
    page = nouvelle_page(viewport={"width": largeur, "height": 844})
    page.goto(site_pro + "lieux/ccas-sable-centre/")
    # The block follows the name and the kind of place directly.
    expect(page.locator("header.gs-entete h1 + .gs-sous-titre + section.gs-pro-contacts")
           ).to_have_count(1)
    contacts = page.locator("section.gs-pro-contacts")
    expect(contacts).to_contain_text("Sentinelle Référente, Responsable de l'accueil")
    expect(contacts.get_by_role("link", name="02 61 91 99 03")).to_have_attribute(
        "href", "tel:+33261919903")
    # Both within the first screen, on a phone too.
    for texte in ("Sentinelle Référente", "Ligne directe"):
        boite = contacts.get_by_text(texte).bounding_box()
        assert boite is not None and boite["y"] + boite["height"] <= 844, texte
    capture(page, f"pro-lieu-contacts-{largeur}")
