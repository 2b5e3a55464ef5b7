"""The search page of a guide whose index comes in parts (search.py), in headless Chromium.

The fixture guide built with `recherche_pages_par_index: 2`: its places are indexed in
parts beside the first bundle (the editorial and partner pages), and the words below are
only in the text of one place's page (its street), so only Pagefind can find them, in the
part that holds that page.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import AUJOURDHUI, FIXTURE, HORIZON_SEMAINES, servir
from .test_recherche import lieux, ouvrir

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site_en_parties(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    dossier = tmp_path_factory.mktemp("parties") / "site"
    config = load_config(config_file=str(FIXTURE / "mkdocs.yml"), site_dir=str(dossier))
    guide = config.plugins["guide-solidarites"]
    guide.config.annuaire = str(FIXTURE / "annuaire")
    guide.config.aujourdhui = AUJOURDHUI
    guide.config.horizon_semaines = HORIZON_SEMAINES
    guide.config.recherche_pages_par_index = 2
    build(config)
    serveur = servir(dossier)
    yield f"http://127.0.0.1:{serveur.server_address[1]}/", dossier
    serveur.shutdown()
    serveur.server_close()


def partie_de(site: Path, url: str, langue: str = "fr") -> str:
    """The part of the index holding the page at `url` (e.g. "parties/6/")."""
    import gzip

    for fragment in (site / "pagefind" / "parties").glob(f"*/fragment/{langue}_*"):
        if json.loads(gzip.decompress(fragment.read_bytes())[12:])["url"] == url:
            return f"parties/{fragment.parent.parent.name}/"
    raise AssertionError(f"{url} dans aucune partie")


@pytest.mark.parametrize("mot,lieu", [("Bollée", "caf-le-mans"), ("tour", "epicerie-la-fleche"),
                                      ("Élizé", "ccas-sable-centre")])
def test_a_place_of_each_part_is_found_by_the_words_of_its_page(
        page: Any, site_en_parties: tuple[str, Path], mot: str, lieu: str) -> None:
    base, dossier = site_en_parties
    partie = partie_de(dossier, f"/lieux/{lieu}/")
    lues: list[str] = []
    # At the context: Pagefind fetches from its worker too.
    page.context.on("request", lambda requete: lues.append(requete.url))
    ouvrir(page, base, q=mot)
    assert lieu in lieux(page)
    # The query searched that part: its word index was read.
    assert any(u.startswith(f"{base}pagefind/{partie}index/") for u in lues)
    index = json.loads((dossier / "pagefind" / "gs-lieux.json").read_text(encoding="utf-8"))
    assert partie in index["parties"]


def test_a_translated_search_page_merges_the_parts_of_its_language(
        page: Any, site_en_parties: tuple[str, Path]) -> None:
    base, dossier = site_en_parties
    index = json.loads((dossier / "pagefind" / "gs-lieux-en.json").read_text(encoding="utf-8"))
    francais = json.loads((dossier / "pagefind" / "gs-lieux.json").read_text(encoding="utf-8"))
    assert partie_de(dossier, "/en/lieux/caf-le-mans/", "en") in index["parties"]
    assert set(index["parties"]) != set(francais["parties"])
    lues: list[str] = []
    page.context.on("request", lambda requete: lues.append(requete.url))
    ouvrir(page, f"{base}en/", q="Bollée")
    assert "caf-le-mans" in lieux(page)
    # Pagefind's own reads of an entry file carry "?ts=" (the service worker's do not).
    merges = {u.removeprefix(f"{base}pagefind/").split("pagefind-entry.json?ts=")[0]
              for u in lues if "/parties/" in u and "pagefind-entry.json?ts=" in u}
    assert merges == set(index["parties"])
