"""The map page script (carte.js) in a real browser, on a standalone harness.

The harness (fixtures/carte/) follows the markup contract written at the top of
overrides/assets/javascripts/carte.js and loads only the vendored libraries; tiles are
answered by the test with a tiny PNG, every other request leaving localhost fails the test.
"""

from __future__ import annotations

import json
import math
import re
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from .conftest import CHROMIUM, PNG

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).parent / "fixtures" / "carte"
ASSETS = ROOT / "overrides" / "assets"
TUILES = "https://tile.openstreetmap.org/"
SCREENSHOT = Path("/tmp/carte.png")

FEATURES: list[dict[str, Any]] = json.loads((FIXTURE / "lieux.geojson").read_text("utf-8"))[
    "features"
]
LIEUX = {f["properties"]["id"]: f for f in FEATURES}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (/usr/bin/chromium)"),
]


class Harness(SimpleHTTPRequestHandler):
    """/assets/ from overrides/assets/ (as in the built site), the rest from the fixture."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map,
                      ".geojson": "application/geo+json", ".js": "text/javascript"}

    def translate_path(self, path: str) -> str:
        chemin = urlsplit(path).path
        if chemin.startswith("/assets/"):
            return str(ASSETS / chemin.removeprefix("/assets/"))
        return super().translate_path(path)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def servir() -> ThreadingHTTPServer:
    serveur = ThreadingHTTPServer(("127.0.0.1", 0), partial(Harness, directory=str(FIXTURE)))
    threading.Thread(target=serveur.serve_forever, daemon=True).start()
    return serveur


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    serveur = servir()
    yield f"http://127.0.0.1:{serveur.server_address[1]}/index.html"
    serveur.shutdown()


# The browser is the session's (tests/browser/conftest.py): Playwright's sync API allows
# one running instance per process.


class Visite:
    """A page on the harness, with every request it made and every script error."""

    def __init__(self, browser: Browser, url: str, **contexte: Any) -> None:
        self.requetes: list[str] = []
        self.erreurs: list[str] = []
        self.context = browser.new_context(
            viewport={"width": 1280, "height": 900}, locale="fr-FR", **contexte
        )
        self.page = self.context.new_page()
        self.page.on("request", lambda r: self.requetes.append(r.url))
        self.page.on("pageerror", lambda e: self.erreurs.append(str(e)))
        self.page.route("**/*", self._router)
        self.url = url

    def _router(self, route: Route) -> None:
        adresse = route.request.url
        if urlsplit(adresse).hostname == "127.0.0.1":
            route.continue_()
        elif adresse.startswith(TUILES):
            route.fulfill(status=200, content_type="image/png", body=PNG)
        else:
            route.abort()

    def ouvrir(self, query: str = "") -> Page:
        self.page.goto(self.url + query)
        self.page.wait_for_function("window.GuideCarte && window.GuideCarte.visibles().length > 0")
        return self.page

    def visibles(self) -> list[str]:
        ids: list[str] = self.page.evaluate("GuideCarte.visibles().map(p => p.id)")
        return ids

    def marqueurs_dans_la_grappe(self) -> int:
        n: int = self.page.evaluate("GuideCarte.cluster.getLayers().length")
        return n

    def sorties(self) -> list[str]:
        """Requests that left localhost."""
        return [u for u in self.requetes if urlsplit(u).hostname != "127.0.0.1"]


@pytest.fixture
def visite(browser: Browser, url: str) -> Iterator[Visite]:
    v = Visite(browser, url)
    yield v
    v.context.close()
    assert v.erreurs == []


def ids_liste(page: Page, selecteur: str) -> list[str]:
    ids: list[str] = page.locator(f"{selecteur} > li").evaluate_all(
        "lis => lis.map(li => li.dataset.id)"
    )
    return ids


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def position(lieu_id: str) -> tuple[float, float]:
    lon, lat = LIEUX[lieu_id]["geometry"]["coordinates"]
    return lat, lon


# ---- Loading, clustering, the list ----


def test_every_point_is_on_the_map_and_in_the_list(visite: Visite) -> None:
    page = visite.ouvrir()
    expect(page.locator("#compte-carte")).to_have_text(f"{len(FEATURES)} lieux affichés")
    assert ids_liste(page, "#liste-carte") == list(LIEUX)
    assert visite.marqueurs_dans_la_grappe() == len(FEATURES)
    expect(page.locator("#filtres-carte")).to_be_visible()
    expect(page.locator("#me-localiser")).to_be_visible()


def test_points_are_clustered_at_the_initial_zoom(visite: Visite) -> None:
    page = visite.ouvrir()
    grappes = page.locator(".leaflet-marker-icon.gs-grappe")
    expect(grappes.first).to_be_visible()
    dans_les_grappes = sum(int(t) for t in grappes.evaluate_all(
        "els => els.map(e => e.querySelector('[aria-hidden]').textContent)"))
    seuls = page.locator(".leaflet-marker-icon.gs-marqueur").count()
    assert dans_les_grappes + seuls == len(FEATURES)
    assert dans_les_grappes > 1
    # Clusters are keyboard buttons with a French name.
    expect(grappes.first).to_have_attribute("role", "button")
    expect(grappes.first).to_have_attribute("tabindex", "0")
    expect(grappes.first).to_have_accessible_name(
        re.compile(r"^\d+ lieux regroupés(, dont \d+ de premier accueil social)?, agrandir$"))
    # A cluster holding a premier accueil point shows it before zooming in.
    expect(page.locator(".gs-grappe--premier-accueil .gs-grappe__etoile svg").first).to_be_visible()


def test_premier_accueil_and_approximate_points_are_marked(visite: Visite) -> None:
    page = visite.ouvrir()
    classes: dict[str, str] = page.evaluate("""Object.fromEntries(GuideCarte.marqueurs().map(
        m => [m.lieu.props.id, m.options.icon.createIcon().className]))""")
    for lieu_id, feature in LIEUX.items():
        props = feature["properties"]
        assert ("gs-marqueur--premier-accueil" in classes[lieu_id]) is props["premier_accueil"]
        assert ("gs-marqueur--approx" in classes[lieu_id]) is (props["precision"] == "commune")
    # On the map, a premier accueil is a star (its shape, not only its colour) and bigger.
    page.evaluate("GuideCarte.ouvrir('ccas-coulaines')")
    marqueur = page.locator(".leaflet-marker-icon[title^='CCAS de Coulaines']")
    expect(marqueur).to_have_attribute(
        "title", "CCAS de Coulaines, premier accueil social, position approximative")
    expect(marqueur.locator("svg")).to_have_count(1)
    boite = marqueur.bounding_box()
    assert boite is not None and boite["width"] == 30


def test_attribution_is_always_visible(visite: Visite) -> None:
    page = visite.ouvrir()
    attribution = page.locator(".leaflet-control-attribution")
    expect(attribution).to_be_visible()
    expect(attribution).to_contain_text("OpenStreetMap")
    page.set_viewport_size({"width": 360, "height": 740})
    expect(attribution).to_be_visible()


# ---- Filters ----


def test_premier_accueil_filter_reduces_markers_and_list(visite: Visite) -> None:
    page = visite.ouvrir()
    page.get_by_label("Premier accueil social").check()
    attendus = [i for i, f in LIEUX.items() if f["properties"]["premier_accueil"]]
    expect(page.locator("#compte-carte")).to_have_text(f"{len(attendus)} lieux affichés")
    assert visite.visibles() == attendus
    assert ids_liste(page, "#liste-carte") == attendus
    assert visite.marqueurs_dans_la_grappe() == len(attendus)
    assert "premier-accueil=1" in page.url


def test_filters_combine_and_reset(visite: Visite) -> None:
    page = visite.ouvrir()
    page.get_by_label("Commune").select_option(label="Le Mans")
    page.get_by_label("Sans rendez-vous").check()
    attendus = [i for i, f in LIEUX.items() if f["properties"]["code_insee"] == "72181"
                and "sans-rendez-vous" in f["properties"]["modes_accueil"]]
    expect(page.locator("#compte-carte")).to_have_text(f"{len(attendus)} lieux affichés")
    assert ids_liste(page, "#liste-carte") == attendus
    assert visite.marqueurs_dans_la_grappe() == len(attendus)

    page.get_by_role("button", name="Tout afficher").click()
    expect(page.locator("#compte-carte")).to_have_text(f"{len(FEATURES)} lieux affichés")
    assert visite.marqueurs_dans_la_grappe() == len(FEATURES)


def test_a_public_filter_keeps_places_open_to_everyone(visite: Visite) -> None:
    page = visite.ouvrir()
    page.get_by_label("Pour qui").select_option("jeunes")
    attendus = [i for i, f in LIEUX.items()
                if {"jeunes", "tous-publics"} & set(f["properties"]["publics"])]
    assert visite.visibles() == attendus
    assert "mission-locale-le-mans" in attendus and "ccas-le-mans" in attendus


def test_wheelchair_and_category_filters(visite: Visite) -> None:
    page = visite.ouvrir()
    page.get_by_label("Sujet").select_option("sante")
    page.get_by_label("Accès en fauteuil roulant").check()
    attendus = [i for i, f in LIEUX.items() if "sante" in f["properties"]["categories"]
                and f["properties"]["pmr"] is True]
    assert visite.visibles() == attendus == ["cpam-le-mans"]


def test_no_match_says_so(visite: Visite) -> None:
    page = visite.ouvrir()
    page.get_by_label("Commune").select_option(label="Loué")
    page.get_by_label("Accès en fauteuil roulant").check()
    expect(page.locator("#compte-carte")).to_have_text(re.compile("^Aucun lieu ne correspond"))
    expect(page.locator("#liste-carte > li")).to_have_count(0)


def test_the_address_presets_the_filters(visite: Visite) -> None:
    page = visite.ouvrir("?premier-accueil=oui&commune=72181")
    expect(page.get_by_label("Premier accueil social")).to_be_checked()
    assert visite.visibles() == ["mds-le-mans-nord", "mds-le-mans-sud", "ccas-le-mans"]


def test_the_commune_select_is_filled_from_the_data(visite: Visite) -> None:
    page = visite.ouvrir()
    options = page.locator("select[name=commune] option").all_text_contents()
    communes = sorted({f["properties"]["commune"] for f in FEATURES})
    assert options[0] == "Toutes les communes"
    assert sorted(options[1:]) == communes


# ---- Popups ----


def test_clicking_a_marker_opens_its_popup(visite: Visite) -> None:
    page = visite.ouvrir()
    # Zoom until the marker leaves its cluster, then click it like a visitor.
    page.evaluate("""() => new Promise(ok => {
        const m = GuideCarte.marqueurs().find(m => m.lieu.props.id === 'caf-sarthe-le-mans');
        GuideCarte.cluster.zoomToShowLayer(m, ok);
    })""")
    page.locator(".leaflet-marker-icon[title^='Caf de la Sarthe']").click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup.locator(".gs-popup__nom a")).to_have_text("Caf de la Sarthe, accueil du Mans")
    expect(popup.locator(".gs-popup__nom a")).to_have_attribute(
        "href", "/lieux/caf-sarthe-le-mans/")
    expect(popup).to_contain_text("Caf")
    expect(popup).to_contain_text("6 rue de la République")
    expect(popup).to_contain_text("72000 Le Mans")
    expect(popup.get_by_role("link", name="02 43 13 20 33")).to_have_attribute(
        "href", "tel:+33243132033")
    expect(popup.get_by_role("link", name=re.compile("^Voir la fiche"))).to_have_attribute(
        "href", "/lieux/caf-sarthe-le-mans/")
    expect(popup).not_to_contain_text("approximative")
    expect(page.locator(".leaflet-popup-close-button")).to_have_attribute("aria-label", "Fermer")


def test_the_list_opens_the_popup_and_moves_focus_into_it(visite: Visite) -> None:
    page = visite.ouvrir()
    page.locator("#liste-carte li[data-id='ccas-coulaines']").get_by_role(
        "button", name=re.compile("Voir sur la carte")).click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup.locator(".gs-popup__nom a")).to_have_text("CCAS de Coulaines")
    expect(popup.locator(".gs-popup__nom a")).to_be_focused()
    expect(popup).to_contain_text("Position approximative")
    expect(popup).to_contain_text("Premier accueil social")


def test_popup_escapes_names_and_shows_professional_contacts(visite: Visite) -> None:
    page = visite.ouvrir()
    page.evaluate("GuideCarte.ouvrir('accueil-jour-le-mans')")
    expect(page.locator(".gs-popup__nom")).to_have_text("Accueil de jour « L'Escale » & Cie")
    page.evaluate("GuideCarte.ouvrir('mds-le-mans-nord')")
    # The first popup fades out for 200 ms: look for the new one by its content.
    popup = page.locator(".leaflet-popup-content", has_text="du Mans Nord")
    expect(popup.locator(".gs-popup__nom")).to_have_text(
        "Maison départementale des solidarités du Mans Nord")
    expect(page.locator(".leaflet-popup")).to_have_count(1)
    expect(popup).to_contain_text("Ligne directe (professionnels)")
    expect(popup).to_contain_text("Claire Martin, Travailleuse sociale référente")
    expect(popup.get_by_role("link", name="claire.martin@example.org")).to_have_attribute(
        "href", "mailto:claire.martin@example.org")


def test_a_marker_opens_from_the_keyboard(visite: Visite) -> None:
    page = visite.ouvrir()
    page.evaluate("""() => new Promise(ok => {
        const m = GuideCarte.marqueurs().find(m => m.lieu.props.id === 'ccas-sable');
        GuideCarte.cluster.zoomToShowLayer(m, ok);
    })""")
    marqueur = page.locator(".leaflet-marker-icon[title^='CCAS de Sablé']")
    expect(marqueur).to_have_attribute("tabindex", "0")
    marqueur.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".gs-popup__nom")).to_have_text("CCAS de Sablé-sur-Sarthe")


# ---- « Me localiser » ----


def test_me_localiser_lists_the_five_nearest_in_order(browser: Browser, url: str) -> None:
    ici = (48.045, 0.215)
    v = Visite(browser, url, geolocation={"latitude": ici[0], "longitude": ici[1]},
               permissions=["geolocation"])
    try:
        page = v.ouvrir()
        page.get_by_role("button", name="Me localiser").click()
        expect(page.locator("#proches > li")).to_have_count(5)
        distances = sorted((distance_km(ici, position(i)), i) for i in LIEUX)
        assert ids_liste(page, "#proches") == [i for _, i in distances[:5]]
        premier_km = distances[0][0]
        attendu = (f"à {round(premier_km * 100) * 10} m" if premier_km < 1
                   else f"à {premier_km:.1f} km".replace(".", ","))
        expect(page.locator("#proches > li").first).to_contain_text(attendu)
        expect(page.locator("#proches > li").nth(4)).to_contain_text(re.compile(r"à \d+,\d km"))
        expect(page.locator("#localisation-message")).to_contain_text(
            "Les 5 lieux affichés les plus proches")
        # The map is centred on the visitor.
        centre = page.evaluate("(() => { const c = GuideCarte.map.getCenter(); "
                               "return [c.lat, c.lng]; })()")
        assert distance_km(ici, (centre[0], centre[1])) < 0.5
        # With a filter, the nearest *visible* points.
        page.get_by_label("Premier accueil social").check()
        pa = [i for _, i in distances if LIEUX[i]["properties"]["premier_accueil"]]
        expect(page.locator("#proches > li").first).to_have_attribute("data-id", pa[0])
        assert ids_liste(page, "#proches") == pa[:5]
        assert v.erreurs == []
    finally:
        v.context.close()


def test_me_localiser_explains_a_refusal(browser: Browser, url: str) -> None:
    v = Visite(browser, url)
    try:
        v.page.add_init_script("""
            navigator.geolocation.getCurrentPosition = (ok, erreur) =>
                setTimeout(() => erreur({code: 1, message: 'User denied Geolocation'}), 10);
        """)
        page = v.ouvrir()
        page.get_by_role("button", name="Me localiser").click()
        expect(page.locator("#localisation-message")).to_contain_text(
            "Vous n'avez pas autorisé la localisation")
        expect(page.locator("#proches > li")).to_have_count(0)
        expect(page.get_by_role("button", name="Me localiser")).to_be_enabled()
    finally:
        v.context.close()


# ---- Network and looks ----


def test_only_tiles_leave_localhost(visite: Visite) -> None:
    page = visite.ouvrir()
    page.evaluate("GuideCarte.ouvrir('mds-le-mans-nord')")
    page.wait_for_load_state("networkidle")
    sorties = visite.sorties()
    assert sorties, "the map should have asked for tiles"
    assert [u for u in sorties if not re.match(re.escape(TUILES) + r"\d+/\d+/\d+\.png$", u)] == []
    locales = [urlsplit(u).path for u in visite.requetes if u not in sorties]
    # No image but the tiles: markers are CSS, Leaflet's default icons are never used.
    assert not [p for p in locales if p.endswith(".png")]


def test_screenshot(visite: Visite) -> None:
    """Pictures to look at: /tmp/carte.png (initial view), carte-popup.png, carte-mobile.png."""
    page = visite.ouvrir()
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    page.evaluate("GuideCarte.ouvrir('ccas-le-mans')")
    expect(page.locator(".gs-popup__nom")).to_have_text("CCAS du Mans")
    page.wait_for_timeout(400)
    page.screenshot(path=str(SCREENSHOT.with_name("carte-popup.png")))
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(300)
    page.screenshot(path=str(SCREENSHOT.with_name("carte-mobile.png")), full_page=True)
    assert SCREENSHOT.stat().st_size > 10_000


if __name__ == "__main__":
    # Serve the harness to look at it in a browser (tiles will come from the network).
    serveur = servir()
    print(f"http://127.0.0.1:{serveur.server_address[1]}/index.html  (Ctrl+C to stop)")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        serveur.shutdown()
