"""The map at any size: a no-JS list by commune that still reaches every place, the map's own
lighter table of points, and every place on the map with JavaScript."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from guide_solidarites.carte import lire_points_carte
from playwright.sync_api import expect

from .conftest import capture


def lieux_du_site(site_dir: str) -> set[str]:
    return {p.name for p in (Path(site_dir) / "lieux").iterdir() if (p / "index.html").is_file()}


def test_map_without_javascript_reaches_every_place_through_its_communes(
        nouvelle_page: Any, sites: dict[str, str]) -> None:
    page = nouvelle_page(java_script_enabled=False)
    page.goto(sites["public"] + "carte/")
    communes = page.eval_on_selector_all("#liste-carte a", "liens => liens.map(a => a.href)")
    assert communes, "no commune listed under the map"
    atteints: set[str] = set()
    for adresse in communes:
        page.goto(adresse)
        expect(page.get_by_role("heading", level=1)).to_contain_text("Lieux d'accueil à")
        for lien in page.eval_on_selector_all("ol.gs-liste-carte a",
                                              "liens => liens.map(a => a.href)"):
            assert lien.startswith(sites["public"] + "lieux/")
            atteints.add(lien.removeprefix(sites["public"] + "lieux/").strip("/"))
    assert atteints == lieux_du_site(sites["public_dir"])


def test_map_with_javascript_shows_every_place_in_its_clusters(
        page: Any, sites: dict[str, str]) -> None:
    page.goto(sites["public"] + "carte/")
    page.wait_for_function("window.GuideCarte && window.GuideCarte.pret")
    page.evaluate("window.GuideCarte.pret")
    page.evaluate("window.GuideCarte.map.setZoom(6, {animate: false})")
    page.wait_for_timeout(300)
    total = page.evaluate("""() => {
        const pane = document.querySelector('.leaflet-marker-pane');
        const grappes = [...pane.querySelectorAll('.gs-grappe > span:first-child')]
            .reduce((n, s) => n + parseInt(s.textContent, 10), 0);
        return grappes + pane.querySelectorAll('.gs-marqueur').length;
    }""")
    assert total == len(lieux_du_site(sites["public_dir"]))
    # The list under the map gives the places themselves once the script has run.
    expect(page.locator("#liste-carte > li")).to_have_count(total)


def test_the_map_reads_its_own_lighter_points(sites: dict[str, str]) -> None:
    site = Path(sites["public_dir"])
    brut = (site / "carte/lieux.json").read_bytes()
    carte = lire_points_carte(json.loads(brut))
    donnees = json.loads((site / "donnees/lieux.geojson").read_text(encoding="utf-8"))
    assert [f["properties"]["id"] for f in carte] == [f["id"] for f in donnees["features"]]
    for leger, complet in zip(carte, donnees["features"], strict=True):
        assert leger["geometry"] == complet["geometry"]
        # What the markers, popups, list and filters read (carte.js) is all there.
        for cle in ("id", "nom", "type", "type_libelle", "premier_accueil", "precision",
                    "adresse_complete", "code_insee", "commune", "url", "telephone",
                    "modes_accueil", "categories", "publics", "pmr", "douches"):
            assert leger["properties"][cle] == complet["properties"][cle]
        assert "thematiques" not in leger["properties"]
    # The open data stays a complete GeoJSON; the map's table is a fraction of it.
    assert donnees["type"] == "FeatureCollection"
    assert len(brut) * 2 < (site / "donnees/lieux.geojson").stat().st_size
    assert 'data-points="lieux.json"' in (site / "carte/index.html").read_text()


def test_map_page_does_not_grow_with_the_places(sites: dict[str, str]) -> None:
    html = (Path(sites["public_dir"]) / "carte/index.html").read_bytes()
    # One line per commune, none per place: 40 KiB gzip holds thousands of communes.
    assert html.count(b'href="../lieux/') == 0
    assert len(gzip.compress(html, 6)) < 40 * 1024


def test_screenshots_of_the_map(nouvelle_page: Any, site_public: str) -> None:
    """tests/artifacts/legere-carte{,-sans-js}-{390,1280}.png and a commune list, to look at."""
    for largeur in (390, 1280):
        for js in (True, False):
            page = nouvelle_page(viewport={"width": largeur, "height": 900},
                                 java_script_enabled=js)
            page.goto(site_public + "carte/")
            if js:
                page.wait_for_function("window.GuideCarte && window.GuideCarte.pret")
                page.evaluate("window.GuideCarte.pret")
            nom = f"legere-carte{'' if js else '-sans-js'}-{largeur}"
            assert capture(page, nom).stat().st_size > 5_000
    page = nouvelle_page(viewport={"width": 390, "height": 900}, java_script_enabled=False)
    page.goto(site_public + "carte/72264/")
    assert capture(page, "legere-carte-commune-390").stat().st_size > 5_000
