"""The search page of the fixture guide (tests/fixtures/site) in headless Chromium.

Three places: the CCAS of Sablé-sur-Sarthe (premier accueil, budget and housing, open
Monday to Friday 9-12 and 14-17), the Épicerie solidaire of La Flèche (food, open Tuesday
and Friday 14-17) and the Caf in Le Mans (by appointment, no hours). The clock is fixed on
Monday 2026-11-23 at 10:00 unless a test says otherwise.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from guide_solidarites.communes import load_communes
from guide_solidarites.formats import distance_fr
from guide_solidarites.geo import haversine_km

from .conftest import horloge
from .test_accessibilite import debordements

pytestmark = pytest.mark.browser

MAINTENANT = "2026-11-23T10:00"
SABLE = "72264"
EPICERIE = (47.6990, -0.0760)


def ouvrir(page: Any, base: str, **params: str) -> None:
    horloge(page, params.pop("maintenant", MAINTENANT))
    page.goto(f"{base}recherche/?{urlencode(params, safe=':,')}")
    attendre(page)


def attendre(page: Any) -> None:
    page.wait_for_function(
        "() => document.querySelector('[data-gs-recherche]').dataset.gsEtat === 'fini'",
        timeout=15_000)


def lieux(page: Any) -> list[str]:
    """The places listed, in rank order, as the ids of their /lieux/<id>/ links."""
    liens = page.eval_on_selector_all(
        "[data-resultats] > li > a.gs-resultat__titre", "els => els.map(a => a.href)")
    return [lien.rstrip("/").rsplit("/", 1)[-1] for lien in liens]


def statut(page: Any) -> str:
    return page.inner_text("#gs-recherche-statut")


def km_de_sable(lat: float, lon: float) -> str:
    sable = load_communes()[SABLE]
    assert sable.latitude is not None and sable.longitude is not None
    return distance_fr(haversine_km(sable.latitude, sable.longitude, lat, lon))


def test_food_in_sable_offers_the_nearest_food_place_with_its_distance(
        page: Any, site_public: str) -> None:
    ouvrir(page, site_public, q="manger", commune=SABLE)
    assert lieux(page) == ["epicerie-la-fleche"]
    distance = km_de_sable(*EPICERIE)
    assert statut(page) == ("Rien à Sablé-sur-Sarthe pour « manger, aide alimentaire » ; "
                            f"le plus proche : Épicerie solidaire de La Flèche à {distance}.")
    assert f"à {distance}" in page.inner_text("[data-resultats] > li")
    # Thin answer: the commune's premier accueil, which receives any request, comes next.
    repli = page.locator("[data-repli]")
    assert "Le premier accueil social le plus proche" in repli.inner_text()
    assert "CCAS de Sablé-sur-Sarthe" in repli.inner_text()
    assert "On y reçoit toute demande" in repli.inner_text()
    assert repli.locator("a[href='tel:0243625010']").count() == 1
    assert "Sans rendez-vous : ouvert" in repli.inner_text()


def test_the_state_lives_in_the_address(page: Any, site_public: str) -> None:
    ouvrir(page, site_public, q="manger", commune=SABLE, ouvert="1")
    assert page.input_value("#gs-q") == "manger"
    assert page.input_value("#gs-ou") == "Sablé-sur-Sarthe"
    assert page.is_checked("#gs-ouvert")
    # A filter is on: the "Filtres" button says how many, and shows them.
    assert page.inner_text("#gs-filtres summary") == "Filtres (1)"
    assert "q=manger" in page.url and f"commune={SABLE}" in page.url and "ouvert=1" in page.url
    # Typing a commune in "Où ?" is the same as choosing it; the address names its code.
    page.fill("#gs-ou", "la fleche")
    page.press("#gs-ou", "Enter")
    attendre(page)
    assert "commune=72154" in page.url


def test_filters_that_empty_a_need_are_offered_off(page: Any, site_public: str) -> None:
    # Monday 10:00: the épicerie is closed (it opens on Tuesday).
    ouvrir(page, site_public, q="colis alimentaire", commune=SABLE, ouvert="1")
    assert lieux(page) == []
    repli = page.locator("[data-repli]")
    assert "CCAS de Sablé-sur-Sarthe" in repli.inner_text()
    lien = repli.get_by_role("link", name="Voir les 1 lieux de cette recherche sans les filtres")
    lien.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => !location.search.includes('ouvert=1')")
    attendre(page)
    assert lieux(page) == ["epicerie-la-fleche"]
    assert "ouvert=1" not in page.url and "q=colis" in page.url


def test_a_result_shows_what_one_needs_to_choose(page: Any, site_public: str) -> None:
    ouvrir(page, site_public, q="dettes", commune=SABLE)
    assert lieux(page)[0] == "ccas-sable-centre"
    item = page.locator("[data-resultats] > li").first
    texte = item.inner_text()
    assert "CCAS / CIAS · Sablé-sur-Sarthe · à" in texte
    assert "Premier accueil social" in texte
    assert "Sans rendez-vous" in texte and "Sur rendez-vous" in texte
    assert "Sans rendez-vous : ouvert · ferme à 12 h" in texte
    assert "Améliorer sa gestion budgétaire" in texte
    assert item.locator("a[href='tel:0243625010']").inner_text() == "02 43 62 50 10"
    # No named referents in the public guide.
    assert "Référents" not in texte
    item.locator("a.gs-resultat__titre").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/lieux/ccas-sable-centre/")


def test_a_place_without_walk_in_hours_says_so(page: Any, site_public: str) -> None:
    ouvrir(page, site_public, q="caf")
    assert lieux(page)[0] == "caf-le-mans"
    # Its phone line has hours, its counter none: the line says which are missing.
    assert "Horaires sans rendez-vous non renseignés" in page.inner_text(
        "[data-resultats] > li")


def test_the_pro_results_mark_places_with_named_referents(page: Any, site_pro: str) -> None:
    ouvrir(page, site_pro, q="dettes", commune=SABLE)
    assert "Référents nommés" in page.inner_text("[data-resultats] > li")


def test_a_partner_and_its_place_appear_once(page: Any, site_public: str) -> None:
    ouvrir(page, site_public, q="caf sarthe")
    liens = page.eval_on_selector_all("[data-resultats] a, [data-pages] a",
                                      "els => els.map(a => a.getAttribute('href'))")
    assert not [lien for lien in liens if "/partenaires/" in lien]
    assert lieux(page).count("caf-le-mans") == 1


def test_misspelt_need_is_understood(page: Any, site_public: str) -> None:
    ouvrir(page, site_public, q="epicrie solidaire")
    assert lieux(page) == ["epicerie-la-fleche"]


def test_around_me_sorts_by_distance_and_keeps_the_position_in_the_address(
        nouvelle_page: Any, site_public: str) -> None:
    page = nouvelle_page(geolocation={"latitude": 47.70, "longitude": -0.08},
                         permissions=["geolocation"])
    ouvrir(page, site_public, q="aide")
    page.focus("#gs-autour-bouton")
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search.includes('autour=')")
    attendre(page)
    assert "autour=47.700,-0.080" in page.url
    assert lieux(page) == ["ccas-sable-centre"]
    assert " km" in page.inner_text("[data-resultats] > li")
    assert "les plus proches de votre position d'abord" in statut(page)
    # The shared address gives the same answer.
    ouvrir(page, site_public, q="manger", autour="47.700,-0.080")
    assert lieux(page) == ["epicerie-la-fleche"]
    assert "à 300 m" in page.inner_text("[data-resultats] > li")


def test_an_emergency_need_shows_its_numbers(page: Any, site_public: str) -> None:
    ouvrir(page, site_public, q="sdf")
    assert page.locator("[data-gs-recherche] a[href='tel:115']").count() >= 1


def test_results_come_first_on_a_phone(nouvelle_page: Any, site_public: str) -> None:
    page = nouvelle_page(viewport={"width": 390, "height": 844})
    ouvrir(page, site_public, q="dettes", commune=SABLE)
    haut = page.eval_on_selector("[data-resultats] > li", "e => e.getBoundingClientRect().top")
    assert haut < 844
    assert not page.locator("#gs-categorie").is_visible()  # behind "Filtres"
    page.focus("#gs-filtres summary")
    page.keyboard.press("Enter")
    assert page.locator("#gs-categorie").is_visible()


@pytest.mark.parametrize("largeur,taille", [(320, "100%"), (640, "200%")],
                         ids=["320-px", "200-pourcent"])
def test_the_search_page_never_scrolls_sideways(nouvelle_page: Any, site_public: str,
                                               largeur: int, taille: str) -> None:
    page = nouvelle_page(viewport={"width": largeur, "height": 800})
    # Typed, not in the address: the fixture site also runs Material's own search, whose
    # overlay opens on ?q= (the guide's mkdocs.yml does not).
    ouvrir(page, site_public)
    page.fill("#gs-q", "manger")
    page.fill("#gs-ou", "Sablé-sur-Sarthe")
    page.press("#gs-ou", "Enter")
    page.wait_for_function("() => location.search.includes('commune=72264')")
    attendre(page)
    page.focus("#gs-filtres summary")
    page.keyboard.press("Enter")
    page.evaluate(f"document.documentElement.style.fontSize = '{taille}'")
    page.wait_for_timeout(100)
    assert page.evaluate("document.documentElement.scrollWidth") <= largeur
    assert debordements(page) == []


def test_without_javascript_the_themes_and_communes_come_first(
        nouvelle_page: Any, site_public: str) -> None:
    page = nouvelle_page(java_script_enabled=False)
    page.goto(site_public + "recherche/?q=logement")
    secours = page.locator(".gs-recherche__secours")
    assert secours.is_visible()
    liens = secours.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert "../themes/difficultes-financieres/" in liens
    assert f"../communes/{SABLE}/" in liens
    haut_secours = secours.evaluate("e => e.getBoundingClientRect().top")
    haut_form = page.locator("#gs-recherche-form").evaluate("e => e.getBoundingClientRect().top")
    assert haut_secours < haut_form


@pytest.mark.parametrize("texte", ["Mo-Fr 09:00-12:00,14:00-17:00; PH off", "24/7",
                                   "Mo-Sa 22:00-02:00", "Tu,Fr 14:00-17:00"])
def test_the_usual_week_decodes_to_the_same_intervals_as_every_day(
        page: Any, site_public: str, texte: str) -> None:
    import datetime as dt

    from guide_solidarites.hours import Closure, intervals_payload
    from guide_solidarites.search import horaires_compacts, horaires_semaine

    payload = intervals_payload(texte, dt.date(2026, 12, 14), 42,
                                [Closure(dt.date(2026, 12, 24), dt.date(2026, 12, 26), "")])
    ouvrir(page, site_public)
    semaine, jours = page.evaluate(
        "([a, b]) => [GuideRecherche.decoderSemaine(a), GuideRecherche.decoderHoraires(b)]",
        [horaires_semaine(payload), horaires_compacts(payload)])
    assert semaine == jours
    if texte.startswith("Mo-Fr"):  # nothing crosses midnight: the very same intervals
        assert semaine["intervalles"] == [list(i) for i in payload["intervalles"]]
