"""Markup planted in every text field runs nowhere: the pages opened in Chromium.

The hostile annuaire of tests/hostile.py (every text field of a partner, a place, its
services, permanences and closures, and the `pro:` block) is built in both variants
with the production configuration and served without any Content-Security-Policy, so
that only escaping can stop the payloads. Each page that shows records is opened (and the
search and the map are used): the planted code would call `gsx(marker)`, open a dialog,
or navigate through `<meta http-equiv=refresh>`; none of it may happen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hostile import LIEU_ID, PARTENAIRE_ID, AnnuaireHostile

from .conftest import CHROMIUM, servir

pytestmark = pytest.mark.browser

ESPION = """
window.__gsx = [];
window.gsx = function (m) { window.__gsx.push(String(m)); };
"""

PAGES = {
    "public": ["", f"lieux/{LIEU_ID}/", f"partenaires/{PARTENAIRE_ID}/", "partenaires/",
               "communes/72264/", "communes/72096/", "carte/", "themes/famille/",
               # The translated pages, where the `traductions:` block is shown.
               "en/", f"en/lieux/{LIEU_ID}/", f"ar/lieux/{LIEU_ID}/", f"uk/lieux/{LIEU_ID}/",
               f"es/lieux/{LIEU_ID}/", f"ar/partenaires/{PARTENAIRE_ID}/",
               "ar/communes/72264/"],
    "pro": [f"lieux/{LIEU_ID}/", f"lieux/{LIEU_ID}/fiche-de-liaison/",
            f"partenaires/{PARTENAIRE_ID}/", "carte/", "couverture/", "qualite/"],
}




@pytest.fixture(scope="module")
def hostiles(annuaire_hostile: AnnuaireHostile,
             sites_hostiles: dict[str, Path]) -> Iterator[dict[str, str]]:
    """{"public": url, "pro": url, "nom": the place's planted name}."""
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium (/usr/bin/chromium): `make setup-test` installs it")
    # hostile.construire's sites with mkdocs.yml and mkdocs.pro.yml, built once for this
    # module and test_escaping.py (tests/conftest.py).
    nom = next(p.valeur for p in annuaire_hostile.plantations
               if (p.record, p.champ) == ("lieu", "nom"))
    assert nom
    adresses, serveurs = {"nom": nom}, []
    for variante in ("public", "pro"):
        serveur = servir(sites_hostiles[variante])
        serveurs.append(serveur)
        adresses[variante] = f"http://127.0.0.1:{serveur.server_address[1]}/"
    yield adresses
    for serveur in serveurs:
        serveur.shutdown()
        serveur.server_close()


def ouvrir_surveille(nouvelle_page: Callable[..., Any]) -> tuple[Any, list[str], list[str]]:
    page = nouvelle_page()
    page.add_init_script(ESPION)
    dialogues: list[str] = []
    navigations: list[str] = []

    def dialogue(d: Any) -> None:
        dialogues.append(d.message)
        d.dismiss()

    page.on("dialog", dialogue)
    page.on("framenavigated", lambda f: navigations.append(f.url) if f == page.main_frame
            else None)
    return page, dialogues, navigations


def verifier(page: Any, dialogues: list[str], navigations: list[str], adresse: str) -> None:
    # A refresh of 0 s fires at load; give it, and onerror handlers, time to run.
    page.wait_for_timeout(700)
    executes = page.evaluate("window.__gsx")
    assert executes == [], f"{adresse} : code planté exécuté {executes}"
    assert dialogues == [], f"{adresse} : dialogue ouvert {dialogues}"
    assert [u for u in navigations if u != adresse] == [], f"{adresse} : redirigé {navigations}"
    assert page.url == adresse


@pytest.mark.parametrize(("variante", "chemin"),
                         [(v, c) for v, chemins in PAGES.items() for c in chemins])
def test_planted_markup_does_not_run_on_the_page(
        hostiles: dict[str, str], nouvelle_page: Callable[..., Any], variante: str,
        chemin: str) -> None:
    page, dialogues, navigations = ouvrir_surveille(nouvelle_page)
    adresse = hostiles[variante] + chemin
    reponse = page.goto(adresse)
    assert reponse is not None and reponse.ok, adresse
    if chemin not in ("", "en/"):  # a home page lists no record ("near me" reads its JSON)
        # The page shows the planted text, as text.
        assert "gsx" in page.locator("body").inner_text(), adresse
    verifier(page, dialogues, navigations, adresse)


@pytest.mark.parametrize(("variante", "langue"), [("public", ""), ("public", "ar/"),
                                                  ("pro", "")])
def test_search_results_show_planted_names_as_text(
        hostiles: dict[str, str], nouvelle_page: Callable[..., Any], variante: str,
        langue: str) -> None:
    page, dialogues, navigations = ouvrir_surveille(nouvelle_page)
    marqueur = hostiles["nom"][:6]
    adresse = hostiles[variante] + f"{langue}recherche/?q={marqueur}"
    page.goto(adresse)
    # The status line is in the page's language: wait for the results themselves.
    page.locator("#gs-recherche-resultats .gs-resultat__titre").first.wait_for(timeout=15_000)
    titres = page.locator("#gs-recherche-resultats .gs-resultat__titre").all_inner_texts()
    assert hostiles["nom"] in titres, titres
    verifier(page, dialogues, navigations, adresse)


def test_map_popup_shows_planted_text_without_running_it(
        hostiles: dict[str, str], nouvelle_page: Callable[..., Any]) -> None:
    page, dialogues, navigations = ouvrir_surveille(nouvelle_page)
    adresse = hostiles["pro"] + "carte/"
    page.goto(adresse)
    page.locator(".gs-carte-lieu__voir").first.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=10_000)
    assert hostiles["nom"] in popup.inner_text()
    verifier(page, dialogues, navigations, adresse)
