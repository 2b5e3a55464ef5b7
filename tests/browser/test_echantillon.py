"""The real sample annuaire, built with the repository's own mkdocs.yml and searched as a
visitor would: misspelt, without accents, then narrowed by a filter."""

from __future__ import annotations

import gzip
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from .conftest import AUJOURDHUI, CHROMIUM, ROOT, servir

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def construit(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The guide of annuaire/ as `make site` builds it, served on 127.0.0.1."""
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium (/usr/bin/chromium): `make setup-test` installs it")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site_dir = tmp_path_factory.mktemp("echantillon") / "site"
    config = load_config(config_file=str(ROOT / "mkdocs.yml"), site_dir=str(site_dir))
    config.plugins["guide-solidarites"].config.aujourdhui = AUJOURDHUI
    build(config)
    serveur = servir(site_dir)
    yield f"http://127.0.0.1:{serveur.server_address[1]}/", site_dir
    serveur.shutdown()
    serveur.server_close()


@pytest.fixture
def echantillon(construit: tuple[str, Path]) -> str:
    return construit[0]


def resultats(page: Any, url: str) -> list[str]:
    page.goto(url)
    page.wait_for_selector("#gs-recherche-resultats li a")
    page.wait_for_function(
        "() => document.querySelector('[data-gs-recherche]').dataset.gsEtat === 'fini'")
    return [a.inner_text() for a in page.query_selector_all(
        "#gs-recherche-resultats > li > a.gs-resultat__titre")]


def test_a_misspelt_unaccented_search_finds_the_emergency_shelter_line(
        echantillon: str, page: Any) -> None:
    trouves = resultats(page, echantillon + "recherche/?q=" + quote("hebergment urgence"))
    assert trouves[0] == "115 de la Sarthe, hébergement d'urgence"


def test_a_search_without_accents_finds_the_departement_s_reception_point(
        echantillon: str, page: Any) -> None:
    trouves = resultats(page, echantillon + "recherche/?q=" + quote("solidarites mamers"))
    assert trouves[0] == "Maison départementale des solidarités de Mamers"


def test_the_commune_lists_the_places_serving_it_first(
        echantillon: str, nouvelle_page: Callable[..., Any]) -> None:
    page = nouvelle_page()
    # Bonnétable (72039): its France Services, and the MDS of Mamers through its permanence,
    # come before the places of other communes (listed after, nearest first).
    trouves = resultats(page, echantillon + "recherche/?q=accueil&commune=72039")
    assert "Maison départementale des solidarités de Mamers" in trouves[:3]
    assert "France services de Bonnétable" in trouves[:3]
    assert all("Mans" not in nom for nom in trouves[:2]), trouves


def test_the_sample_site_has_every_kind_of_page(echantillon: str, page: Any) -> None:
    for chemin, titre in [("", "Trouver de l'aide près de chez vous"),
                          ("lieux/mds-mamers/", "Maison départementale des solidarités de Mamers"),
                          ("communes/72039/", "Bonnétable"),
                          ("carte/", "Carte des lieux d'accueil"),
                          ("donnees/", "Données ouvertes")]:
        page.goto(echantillon + chemin)
        assert page.inner_text("h1") == titre


def test_no_public_file_mentions_the_fictional_professional_contacts(
        construit: tuple[str, Path]) -> None:
    # The sample's pro data is fictional but shaped like the real thing (02 61 91 lines,
    # example.org e-mails): none of it may reach the guide, search index included.
    for fichier in construit[1].rglob("*"):
        if fichier.is_file() and not fichier.name.endswith((".png", ".wasm", ".pagefind")):
            brut = fichier.read_bytes()
            if brut[:2] == b"\x1f\x8b":  # gzip: the search index fragments
                brut = gzip.decompress(brut)
            texte = brut.decode("utf-8", errors="ignore")
            assert "example.org" not in texte and "02 61 91" not in texte, fichier
