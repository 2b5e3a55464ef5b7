"""The built guide (tests/fixtures/site) used like a visitor would, in headless Chromium.

Three places: the CCAS de Sablé-sur-Sarthe (premier accueil, 72264), the Caf's reception in
Le Mans (72181, approximate position, a permanence in La Flèche) and the épicerie solidaire
of La Flèche (72154, reviewed monthly, hence stale at the build date). Screenshots go to
tests/artifacts/ (gitignored).
"""

from __future__ import annotations

import math
import re
from typing import Any
from urllib.parse import unquote

import pytest
from playwright.sync_api import expect

from .conftest import CONTACT_SIGNALEMENT, DEPOT_PRO_URL, DEPOT_URL, capture, horloge

pytestmark = pytest.mark.browser

POSITIONS = {
    "ccas-sable-centre": (47.8404, -0.3334),
    "caf-le-mans": (48.0074, 0.1968),
    "epicerie-la-fleche": (47.6990, -0.0760),
}
MOBILE = {"width": 390, "height": 844}


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def ouvrir_carte(page: Any, site: str) -> None:
    page.goto(site + "carte/")
    page.wait_for_function("window.GuideCarte && window.GuideCarte.visibles().length > 0")


# --- Home ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("saisie", "commune"), [
    ("72300", "Sablé-sur-Sarthe"),
    ("sable sur sarthe", "Sablé-sur-Sarthe"),
    ("La Fleche", "La Flèche"),
])
def test_near_me_goes_to_the_commune_page(page: Any, site_public: str, saisie: str,
                                          commune: str) -> None:
    page.goto(site_public)
    page.get_by_label("Votre commune ou votre code postal").fill(saisie)
    page.get_by_role("button", name="Voir les lieux").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(commune)
    assert re.search(r"/communes/\d{5}/$", page.url)


def test_near_me_explains_an_unknown_commune(page: Any, site_public: str) -> None:
    page.goto(site_public)
    champ = page.get_by_label("Votre commune ou votre code postal")
    champ.fill("Trifouillis")
    page.get_by_role("button", name="Voir les lieux").click()
    expect(page.locator(".gs-formulaire .gs-message")).to_contain_text(
        "Aucune commune ne correspond à « Trifouillis »")
    expect(champ).to_be_focused()
    assert page.url == site_public


def test_commune_page_lists_its_places(page: Any, site_public: str) -> None:
    page.goto(site_public + "communes/72154/")
    expect(page.get_by_role("heading", level=1)).to_have_text("La Flèche")
    cartes = page.locator(".gs-cartes").first.locator(".gs-carte__titre")
    expect(cartes).to_have_text(["Épicerie solidaire de La Flèche"])
    # The Caf holds a permanence there.
    expect(page.get_by_role("heading", name="Permanences à La Flèche")).to_be_visible()


def test_a_theme_button_leads_to_the_places_of_that_theme(page: Any, site_public: str) -> None:
    page.goto(site_public)
    page.get_by_role("link", name=re.compile("^Argent et budget")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Argent et budget")
    expect(page.locator(".gs-carte__titre")).to_have_text(["CCAS de Sablé-sur-Sarthe"])
    page.go_back()
    page.get_by_role("link", name=re.compile("^Alimentation et équipement")).click()
    expect(page.locator(".gs-carte__titre")).to_have_text(["Épicerie solidaire de La Flèche"])


# --- A place -----------------------------------------------------------------------------------


def test_place_page_phone_link_and_error_report_link(page: Any, site_public: str) -> None:
    page.goto(site_public + "lieux/ccas-sable-centre/")
    expect(page.get_by_role("heading", level=1)).to_have_text("CCAS de Sablé-sur-Sarthe")
    expect(page.get_by_role("link", name="Appeler le 02 43 62 50 10")).to_have_attribute(
        "href", "tel:+33243625010")
    # Anyone can report an error: a mail, no account needed; partners may also edit.
    signaler = page.get_by_role("link", name=re.compile("^Signaler une erreur"))
    lien = signaler.get_attribute("href")
    assert lien.startswith(f"mailto:{CONTACT_SIGNALEMENT}?subject=")
    corps = unquote(lien.split("&body=", 1)[1])
    assert "Fiche : CCAS de Sablé-sur-Sarthe" in corps and "lieux/ccas-sable-centre/" in corps
    assert "Ce qui est faux :" in corps
    expect(page.get_by_role("link", name="Modifier cette fiche (partenaires)")).to_have_attribute(
        "href", f"{DEPOT_URL}/edit/main/annuaire/ccas-sable/ccas-sable-centre.yml")
    # Up to date: no stale warning for the public.
    expect(page.get_by_text("n'ont pas été revues depuis longtemps")).to_have_count(0)
    # Cost not given: a premier accueil is free by definition; never a bare "None".
    expect(page.locator("#accueil + ul > li").first).to_have_text(
        "Gratuit : le premier accueil social ne coûte rien.")
    expect(page.get_by_text(re.compile(r"\bNone\b"))).to_have_count(0)


def test_stale_place_warns_the_public(page: Any, site_public: str) -> None:
    page.goto(site_public + "lieux/epicerie-la-fleche/")
    expect(page.locator(".gs-verification .gs-alerte")).to_have_text(
        "Ces informations n'ont pas été revues depuis longtemps : appelez avant de vous "
        "déplacer.")
    expect(page.locator("#accueil + ul > li").first).to_have_text(
        "Coût : information non connue, demandez avant de venir.")


def test_print_hides_header_navigation_and_search(page: Any, site_public: str) -> None:
    page.goto(site_public + "lieux/ccas-sable-centre/")
    expect(page.locator(".md-header")).to_be_visible()
    page.emulate_media(media="print")
    for selecteur in (".md-header", ".md-sidebar--primary", ".md-search", ".md-footer",
                      ".gs-modifier", ".gs-etat", ".gs-resume-horaires"):
        for element in page.locator(selecteur).all():
            expect(element).to_be_hidden()
    # What the person takes away stays: name, phone, address, the week.
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text("Appeler le 02 43 62 50 10")).to_be_visible()
    expect(page.locator(".gs-adresse").first).to_be_visible()
    expect(page.locator(".gs-semaine").first).to_be_visible()


# --- The map -----------------------------------------------------------------------------------


def test_map_draws_and_clusters_the_markers(page: Any, site_public: str) -> None:
    ouvrir_carte(page, site_public)
    expect(page.locator("#compte-carte")).to_have_text("3 lieux affichés")
    assert page.evaluate("GuideCarte.cluster.getLayers().length") == 3
    expect(page.locator("#liste-carte > li")).to_have_count(3)
    # Zoomed out on the département, the three places gather into one cluster.
    page.evaluate("GuideCarte.map.setView([47.9, -0.05], 5, {animate: false})")
    grappe = page.locator(".leaflet-marker-icon.gs-grappe")
    expect(grappe).to_have_count(1)
    expect(grappe).to_have_accessible_name(re.compile(r"^3 lieux regroupés"))
    expect(page.locator(".leaflet-marker-icon.gs-marqueur")).to_have_count(0)
    # Zoomed in, each place is a marker of its own.
    page.evaluate("GuideCarte.map.setView([47.85, -0.07], 10, {animate: false})")
    expect(page.locator(".leaflet-marker-icon.gs-grappe")).to_have_count(0)
    expect(page.locator(".leaflet-marker-icon.gs-marqueur")).to_have_count(3)


def test_map_filter_reduces_markers_and_list(page: Any, site_public: str) -> None:
    ouvrir_carte(page, site_public)
    page.get_by_label("de premier accueil social").check()
    expect(page.locator("#compte-carte")).to_have_text("1 lieu affiché")
    expect(page.locator("#liste-carte > li")).to_have_count(1)
    expect(page.locator("#liste-carte > li")).to_have_attribute("data-id", "ccas-sable-centre")
    assert page.evaluate("GuideCarte.cluster.getLayers().length") == 1
    page.get_by_role("button", name="Tout afficher").click()
    expect(page.locator("#compte-carte")).to_have_text("3 lieux affichés")
    page.get_by_label("Sujet").select_option(label="Alimentation et équipement")
    expect(page.locator("#liste-carte > li")).to_have_count(1)
    expect(page.locator("#liste-carte > li")).to_have_attribute("data-id", "epicerie-la-fleche")


def test_map_popup_of_a_marker(page: Any, site_public: str) -> None:
    ouvrir_carte(page, site_public)
    page.evaluate("""() => new Promise(ok => {
        const m = GuideCarte.marqueurs().find(m => m.lieu.props.id === 'ccas-sable-centre');
        GuideCarte.cluster.zoomToShowLayer(m, ok);
    })""")
    page.locator(".leaflet-marker-icon[title^='CCAS de Sablé']").click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup.locator(".gs-popup__nom a")).to_have_text("CCAS de Sablé-sur-Sarthe")
    expect(popup).to_contain_text("1 place Raphaël Élizé")
    expect(popup.get_by_role("link", name="02 43 62 50 10")).to_have_attribute(
        "href", "tel:+33243625010")
    # Follow the popup's link to the place page.
    popup.get_by_role("link", name=re.compile("^Voir la fiche")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("CCAS de Sablé-sur-Sarthe")


def test_map_me_localiser_lists_nearest_in_order(nouvelle_page: Any, site_public: str) -> None:
    ici = (47.71, -0.10)  # near La Flèche
    page = nouvelle_page(geolocation={"latitude": ici[0], "longitude": ici[1]},
                         permissions=["geolocation"])
    ouvrir_carte(page, site_public)
    page.get_by_role("button", name="Me localiser").click()
    attendus = sorted(POSITIONS, key=lambda i: distance_km(ici, POSITIONS[i]))
    proches = page.locator("#proches > li")
    expect(proches).to_have_count(3)
    assert proches.evaluate_all("lis => lis.map(li => li.dataset.id)") == attendus
    expect(proches.first).to_contain_text(
        f"à {distance_km(ici, POSITIONS[attendus[0]]):.1f} km".replace(".", ","))


def test_home_around_my_position(nouvelle_page: Any, site_public: str) -> None:
    ici = (48.0, 0.2)  # Le Mans
    page = nouvelle_page(geolocation={"latitude": ici[0], "longitude": ici[1]},
                         permissions=["geolocation"])
    page.goto(site_public)
    page.get_by_role("button", name="Chercher autour de ma position").click()
    titres = page.locator(".gs-proches .gs-carte__titre")
    expect(titres).to_have_count(3)
    expect(titres.first).to_have_text("Caf de la Sarthe, accueil du Mans")


# --- The professional directory -------------------------------------------------------------


def test_pro_place_shows_referent_and_no_stale_warning(page: Any, site_pro: str) -> None:
    page.goto(site_pro + "lieux/ccas-sable-centre/")
    pro = page.locator("section.gs-pro")
    expect(pro.get_by_role("heading", name="Espace professionnel")).to_be_visible()
    expect(pro.locator(".gs-pro-referents")).to_contain_text(
        "Sentinelle Référente, Responsable de l'accueil")
    expect(pro.get_by_role("link", name="sentinelle-referent@example.org")).to_have_attribute(
        "href", "mailto:sentinelle-referent@example.org")
    expect(pro.locator(".gs-pro-perime")).to_have_count(0)
    # The professional block is edited in the private repository, not the public one.
    expect(pro.get_by_role("link", name=re.compile("^Modifier les informations "
                                                   "professionnelles"))).to_have_attribute(
        "href", f"{DEPOT_PRO_URL}/edit/main/ccas-sable/ccas-sable-centre.yml")


def test_pro_stale_place_warns_before_orienting(page: Any, site_pro: str) -> None:
    page.goto(site_pro + "lieux/epicerie-la-fleche/")
    expect(page.locator(".gs-pro-perime")).to_contain_text(
        "Fiche à revérifier : vérifiée le 20 octobre 2026")
    expect(page.locator(".gs-pro-perime")).to_contain_text("appelez le lieu")


def test_public_site_has_no_professional_section(page: Any, site_public: str) -> None:
    page.goto(site_public + "lieux/ccas-sable-centre/")
    expect(page.locator("section.gs-pro")).to_have_count(0)
    expect(page.get_by_text("Sentinelle")).to_have_count(0)


# --- Screenshots -------------------------------------------------------------------------------


def test_screenshots_to_look_at(nouvelle_page: Any, site_public: str, site_pro: str) -> None:
    """tests/artifacts/{accueil,lieu,pro-lieu,carte}-390.png (and -1.png, -2.png... slices),
    lieu-impression.png: open them and look."""
    page = nouvelle_page(viewport=MOBILE, device_scale_factor=1, is_mobile=True,
                         has_touch=True)
    horloge(page, "2026-11-24T10:00")
    for nom, url in (("accueil", site_public), ("lieu", site_public + "lieux/ccas-sable-centre/"),
                     ("pro-lieu", site_pro + "lieux/ccas-sable-centre/")):
        page.goto(url)
        assert capture(page, f"{nom}-390").stat().st_size > 5_000
    ouvrir_carte(page, site_public)
    page.evaluate("GuideCarte.ouvrir('ccas-sable-centre')")
    expect(page.locator(".gs-popup__nom")).to_have_text("CCAS de Sablé-sur-Sarthe")
    page.wait_for_timeout(300)
    # On a phone the popup and its close button stay inside the map.
    carte = page.locator("#carte").bounding_box()
    popup = page.locator(".leaflet-popup").bounding_box()
    fermer = page.locator(".leaflet-popup-close-button").bounding_box()
    assert carte and popup and fermer
    assert carte["x"] <= popup["x"] and popup["x"] + popup["width"] <= carte["x"] + carte["width"]
    assert fermer["x"] + fermer["width"] <= carte["x"] + carte["width"]
    capture(page, "carte-390")
    page.emulate_media(media="print")
    page.goto(site_public + "lieux/ccas-sable-centre/")
    capture(page, "lieu-impression")
