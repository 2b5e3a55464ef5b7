"""The map page (carte.js) in a real browser, on a guide the plugin builds.

tests/fixtures/carte/ holds an annuaire of 32 places around Le Mans (and a professional
file naming a referent); the test builds the professional directory from it with the
real plugin, so the map page, its filters and its GeoJSON are the ones a département
publishes. Tiles are answered by the test with a tiny PNG, every other request leaving
localhost fails the test.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from guide_solidarites.filtres import FILTRES
from playwright.sync_api import Browser, Page, Route, expect

from .conftest import CHROMIUM, HOTE_TUILES, PNG, ROOT, construire, servir

FIXTURE = ROOT / "tests" / "fixtures" / "carte"
SCREENSHOT = Path("/tmp/carte.png")
LIBELLES = {f.cle: f.libelle for f in FILTRES}

# Filled from the built site's open data (the `url` fixture): what the map must show.
FEATURES: list[dict[str, Any]] = []
LIEUX: dict[str, dict[str, Any]] = {}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (/usr/bin/chromium)"),
]


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = construire(tmp_path_factory.mktemp("carte") / "site", "pro",
                      FIXTURE / "annuaire", FIXTURE / "annuaire-pro")
    # The open data's GeoJSON (complete and standard): what the map's own points must show.
    FEATURES[:] = json.loads((site / "donnees" / "lieux.geojson").read_text("utf-8"))[
        "features"]
    LIEUX.clear()
    LIEUX.update({f["properties"]["id"]: f for f in FEATURES})
    assert len(LIEUX) == 32
    serveur = servir(site)
    yield f"http://127.0.0.1:{serveur.server_address[1]}/carte/"
    serveur.shutdown()
    serveur.server_close()


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
        elif HOTE_TUILES.match(urlsplit(adresse).hostname or ""):
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
    page.get_by_role("button", name="Afficher le fond de carte").click()
    attribution = page.locator(".leaflet-control-attribution")
    expect(attribution).to_be_visible()
    expect(attribution).to_contain_text("OpenStreetMap")
    page.set_viewport_size({"width": 360, "height": 740})
    expect(attribution).to_be_visible()


# ---- Filters ----


def test_premier_accueil_filter_reduces_markers_and_list(visite: Visite) -> None:
    page = visite.ouvrir()
    page.get_by_label(LIBELLES["premier-accueil"]).check()
    attendus = [i for i, f in LIEUX.items() if f["properties"]["premier_accueil"]]
    expect(page.locator("#compte-carte")).to_have_text(f"{len(attendus)} lieux affichés")
    assert visite.visibles() == attendus
    assert ids_liste(page, "#liste-carte") == attendus
    assert visite.marqueurs_dans_la_grappe() == len(attendus)
    assert "premier-accueil=1" in page.url


def test_filters_combine_and_reset(visite: Visite) -> None:
    page = visite.ouvrir()
    page.get_by_label(LIBELLES["commune"]).select_option(label="Le Mans")
    page.get_by_label(LIBELLES["sans-rendez-vous"]).check()
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
    page.get_by_label(LIBELLES["public"]).select_option("jeunes")
    attendus = [i for i, f in LIEUX.items()
                if {"jeunes", "tous-publics"} & set(f["properties"]["publics"])]
    assert visite.visibles() == attendus
    assert "mission-locale-le-mans" in attendus and "ccas-le-mans" in attendus


def test_wheelchair_and_category_filters(visite: Visite) -> None:
    page = visite.ouvrir()
    page.get_by_label(LIBELLES["categorie"]).select_option("sante")
    page.get_by_label(LIBELLES["pmr"]).check()
    attendus = [i for i, f in LIEUX.items() if "sante" in f["properties"]["categories"]
                and f["properties"]["pmr"] is True]
    assert visite.visibles() == attendus == ["cpam-le-mans"]


def test_no_match_says_so(visite: Visite) -> None:
    page = visite.ouvrir()
    page.get_by_label(LIBELLES["commune"]).select_option(label="Loué")
    page.get_by_label(LIBELLES["pmr"]).check()
    expect(page.locator("#compte-carte")).to_have_text(re.compile("^Aucun lieu ne correspond"))
    expect(page.locator("#liste-carte > li")).to_have_count(0)


def test_the_address_presets_the_filters(visite: Visite) -> None:
    page = visite.ouvrir("?premier-accueil=oui&commune=72181")
    expect(page.get_by_label(LIBELLES["premier-accueil"])).to_be_checked()
    attendus = [i for i, f in LIEUX.items() if f["properties"]["premier_accueil"]
                and f["properties"]["code_insee"] == "72181"]
    assert visite.visibles() == attendus
    assert {"mds-le-mans-nord", "mds-le-mans-sud", "ccas-le-mans"} == set(attendus)


def test_the_showers_box_keeps_the_places_with_showers(visite: Visite) -> None:
    page = visite.ouvrir()
    page.get_by_label(LIBELLES["douches"]).check()
    assert visite.visibles() == ["accueil-jour-le-mans"]
    expect(page.locator("#liste-carte > li")).to_have_count(1)
    assert "douches=1" in page.url


def test_a_filtered_map_address_opens_the_search_with_the_same_filters(
        visite: Visite) -> None:
    page = visite.ouvrir()
    page.get_by_label(LIBELLES["pmr"]).check()
    page.get_by_label(LIBELLES["public"]).select_option("jeunes")
    requete = urlsplit(page.url).query
    assert "pmr=1" in requete and "public=jeunes" in requete
    page.goto(visite.url.replace("/carte/", "/recherche/") + "?" + requete)
    formulaire = page.locator("#gs-recherche-form")
    expect(formulaire.get_by_label(LIBELLES["pmr"])).to_be_checked()
    expect(formulaire.get_by_label(LIBELLES["public"])).to_have_value("jeunes")


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
        "href", "../lieux/caf-sarthe-le-mans/")
    expect(popup).to_contain_text("Caf")
    expect(popup.locator(".gs-popup__adresse")).to_have_text(
        "6 rue de la République, 72000 Le Mans")
    expect(popup.get_by_role("link", name="02 43 13 20 33")).to_have_attribute(
        "href", "tel:+33243132033")
    expect(popup.get_by_role("link", name=re.compile("^Voir la fiche"))).to_have_attribute(
        "href", "../lieux/caf-sarthe-le-mans/")
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
        page.get_by_label(LIBELLES["premier-accueil"]).check()
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
    page.get_by_role("button", name="Afficher le fond de carte").click()
    page.evaluate("GuideCarte.ouvrir('mds-le-mans-nord')")
    page.wait_for_load_state("networkidle")
    sorties = visite.sorties()
    assert sorties, "the map should have asked for tiles"
    assert [u for u in sorties if not re.match(
        r"^https://[a-c]\.tile\.openstreetmap\.fr/osmfr/\d+/\d+/\d+\.png$", u)] == []
    locales = [urlsplit(u).path for u in visite.requetes if u not in sorties]
    # No image but the tiles: markers are CSS, Leaflet's default icons are never used.
    assert not [p for p in locales if p.endswith(".png") and p != "/assets/images/favicon.png"]


def dans_la_vue(page: Page, selecteur: str) -> bool:
    """Whether every element the selector finds is drawn within the map's box, as a
    visitor sees it (and there is at least one)."""
    vu: bool = page.evaluate("""s => {
        const c = document.getElementById('carte').getBoundingClientRect();
        const boites = [...document.querySelectorAll(s)].map(e => e.getBoundingClientRect());
        return boites.length > 0 && boites.every(b => b.width > 0
            && b.left >= c.left - 1 && b.right <= c.right + 1
            && b.top >= c.top - 1 && b.bottom <= c.bottom + 1); }""", selecteur)
    return vu


def test_what_a_visitor_sees_on_a_computer_and_on_a_phone(visite: Visite) -> None:
    """Pictures to look at are kept (/tmp/carte.png, carte-popup.png, carte-mobile.png);
    what is checked is what they show: the points on the map, an open popup, the list."""
    page = visite.ouvrir()
    carte = page.locator("#carte")
    expect(carte).to_be_visible()
    boite = carte.bounding_box()
    assert boite is not None and boite["height"] > 300
    # Every point is drawn inside the map: as a marker or inside a cluster's count.
    points = "#carte .leaflet-marker-icon.gs-marqueur, #carte .leaflet-marker-icon.gs-grappe"
    expect(page.locator(points).first).to_be_visible()
    assert dans_la_vue(page, points)
    expect(page.locator("#compte-carte")).to_have_text(f"{len(FEATURES)} lieux affichés")
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    page.evaluate("GuideCarte.ouvrir('ccas-le-mans')")
    popup = page.locator(".leaflet-popup-content")
    expect(popup.locator(".gs-popup__nom")).to_have_text("CCAS du Mans")
    expect(popup).to_contain_text("Premier accueil social")
    expect(popup.locator(".gs-popup__adresse")).to_have_text(
        LIEUX["ccas-le-mans"]["properties"]["adresse_complete"])
    page.wait_for_timeout(400)
    assert dans_la_vue(page, ".leaflet-popup-content")
    page.screenshot(path=str(SCREENSHOT.with_name("carte-popup.png")))

    # On a phone the list follows the map, one line per place, each a link to its page.
    page.set_viewport_size({"width": 390, "height": 844})
    liste = page.locator("#liste-carte")
    liste.scroll_into_view_if_needed()
    expect(liste.locator("> li")).to_have_count(len(FEATURES))
    expect(liste.locator("> li").first.get_by_role("link")).to_be_visible()
    carte_bas = carte.bounding_box()
    liste_haut = liste.bounding_box()
    assert carte_bas is not None and liste_haut is not None
    assert liste_haut["y"] >= carte_bas["y"] + carte_bas["height"] - 1
    page.screenshot(path=str(SCREENSHOT.with_name("carte-mobile.png")), full_page=True)


# ---- Clusters at every zoom (grappes.js) ----


COMPTE_DESSINE = """() => {
    const pane = document.querySelector('#carte .leaflet-marker-pane');
    const grappes = [...pane.querySelectorAll('.gs-grappe > span:first-child')]
        .reduce((n, s) => n + parseInt(s.textContent, 10), 0);
    return grappes + pane.querySelectorAll('.gs-marqueur').length;
}"""
"""The places drawn in the map's marker pane: each cluster's count, plus each marker."""


def compte_dessine(page: Page) -> int:
    n: int = page.evaluate(COMPTE_DESSINE)
    return n


def attendre_compte(page: Page, n: int) -> None:
    """Once the map has flown to the filtered places (it animates), n places are drawn."""
    page.wait_for_function(f"({COMPTE_DESSINE})() === {n} && !GuideCarte.map._animatingZoom")
    assert compte_dessine(page) == n


def test_cluster_counts_add_up_to_the_places_shown_at_each_zoom(visite: Visite) -> None:
    page = visite.ouvrir()
    depart = page.evaluate("GuideCarte.map.getZoom()")
    centre = page.evaluate("(() => { const c = GuideCarte.map.getCenter(); "
                           "return [c.lat, c.lng]; })()")
    vus = {}
    # Down to the whole of France, where all the territory is in view: every place is counted
    # once, in a cluster or as a marker.
    for zoom in range(depart, 2, -1):
        page.evaluate(f"GuideCarte.map.setView({centre}, {zoom}, {{animate: false}})")
        vus[zoom] = compte_dessine(page)
    assert vus == dict.fromkeys(vus, len(FEATURES))
    assert page.locator(".leaflet-marker-icon.gs-grappe").count() == 1
    # At the last zoom over one place, its marker stands alone.
    lat, lon = position("caf-sarthe-le-mans")
    page.evaluate(f"GuideCarte.map.setView([{lat}, {lon}], 18, {{animate: false}})")
    expect(page.locator(".leaflet-marker-icon[title^='Caf de la Sarthe']")).to_have_count(1)


def test_filtering_redraws_the_clusters_with_the_places_left(visite: Visite) -> None:
    page = visite.ouvrir()
    page.get_by_label(LIBELLES["commune"]).select_option(label="Le Mans")
    attendus = [i for i, f in LIEUX.items() if f["properties"]["code_insee"] == "72181"]
    expect(page.locator("#compte-carte")).to_have_text(f"{len(attendus)} lieux affichés")
    attendre_compte(page, len(attendus))
    page.get_by_label(LIBELLES["premier-accueil"]).check()
    attendus = [i for i in attendus if LIEUX[i]["properties"]["premier_accueil"]]
    expect(page.locator("#compte-carte")).to_have_text(f"{len(attendus)} lieux affichés")
    attendre_compte(page, len(attendus))
    page.get_by_role("button", name="Tout afficher").click()
    expect(page.locator("#compte-carte")).to_have_text(f"{len(FEATURES)} lieux affichés")
    attendre_compte(page, len(FEATURES))


def test_a_cluster_opens_from_the_keyboard(visite: Visite) -> None:
    page = visite.ouvrir()
    zoom = page.evaluate("GuideCarte.map.getZoom()")
    grappe = page.locator(".leaflet-marker-icon.gs-grappe").first
    grappe.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"GuideCarte.map.getZoom() > {zoom}")


def test_places_at_one_address_are_spread_when_their_cluster_is_opened(
        browser: Browser, url: str) -> None:
    """Two places given the same coordinates: no zoom parts them, so opening their cluster
    at the last zoom spreads them around their address, each with its own popup."""
    v = Visite(browser, url)
    try:
        def meme_adresse(route: Route) -> None:
            points = json.loads(route.fetch().body())
            champ = 2 + points["champs"].index("id")
            lignes = {ligne[champ]: ligne for ligne in points["lieux"]}
            lignes["cidff-sarthe"][:2] = lignes["caf-sarthe-le-mans"][:2]
            route.fulfill(status=200, content_type="application/json",
                          body=json.dumps(points))

        v.page.route(re.compile(r"/carte/lieux-pro\.json$"), meme_adresse)
        page = v.ouvrir()
        lat, lon = position("caf-sarthe-le-mans")
        page.evaluate(f"GuideCarte.map.setView([{lat}, {lon}], 18, {{animate: false}})")
        grappe = page.locator(".leaflet-marker-icon.gs-grappe")
        expect(grappe).to_have_count(1)
        expect(grappe).to_have_accessible_name(re.compile(r"^2 lieux regroupés"))
        grappe.click()
        caf = page.locator(".leaflet-marker-icon[title^='Caf de la Sarthe']")
        cidff = page.locator(".leaflet-marker-icon[title^='CIDFF']")
        expect(caf).to_have_count(1)
        expect(cidff).to_have_count(1)
        a, b = caf.bounding_box(), cidff.bounding_box()
        assert a is not None and b is not None
        assert math.dist((a["x"], a["y"]), (b["x"], b["y"])) > 30
        cidff.click()
        expect(page.locator(".leaflet-popup-content .gs-popup__nom")).to_contain_text("CIDFF")
        # The list reaches a spread place too.
        page.evaluate("GuideCarte.ouvrir('caf-sarthe-le-mans')")
        expect(page.locator(".leaflet-popup-content", has_text="Caf de la Sarthe")).to_have_count(1)
        # Zoomed out, they are one cluster again.
        page.evaluate("GuideCarte.map.setZoom(17, {animate: false})")
        expect(caf).to_have_count(0)
        assert v.erreurs == []
    finally:
        v.context.close()
