"""The « ouvert maintenant » line of a reception point page, in a real browser, at fixed clocks.

The CCAS de Sablé-sur-Sarthe (tests/fixtures/site) opens sans rendez-vous Mo-Fr 9-12 h and
14-17 h, is closed on public holidays (PH off) and from 24 to 26 December 2026 (fermetures).
The site is built on Monday 2026-11-23 with 8 weeks of intervals (conftest.py).
"""

from __future__ import annotations

from typing import Any

import pytest
from guide_solidarites.hours import intervals_payload
from horaires_constructions import CONSTRUCTIONS, DEBUT, JOURS
from playwright.sync_api import expect

from .conftest import horloge

pytestmark = pytest.mark.browser

LIEU = "lieux/ccas-sable-centre/"


def etat_principal(page: Any, site: str, maintenant: str) -> Any:
    horloge(page, maintenant)
    page.goto(site + LIEU)
    etat = page.locator(".gs-entete .gs-etat--principal")
    expect(etat).to_be_visible()
    return etat


@pytest.mark.parametrize(("maintenant", "texte", "classe"), [
    # A weekday morning, inside the opening hours.
    ("2026-11-24T10:00", "Ouvert maintenant · ferme à 12 h", "gs-etat--ouvert"),
    # Lunch break: it reopens the same day.
    ("2026-11-24T12:30", "Fermé · ouvre aujourd'hui à 14 h", "gs-etat--ferme"),
    # A Sunday: Monday is tomorrow.
    ("2026-11-29T11:00", "Fermé · ouvre demain à 9 h", "gs-etat--ferme"),
    # A Saturday: Monday is named.
    ("2026-11-28T11:00", "Fermé · ouvre lundi à 9 h", "gs-etat--ferme"),
    # New Year's Day 2027 (a Friday): a public holiday, next opening on Monday 4 January.
    ("2027-01-01T10:00", "Fermé · jour férié · ouvre lundi à 9 h", "gs-etat--ferme"),
])
def test_open_now_line_at_fixed_clocks(page: Any, site_public: str, maintenant: str,
                                       texte: str, classe: str) -> None:
    etat = etat_principal(page, site_public, maintenant)
    expect(etat).to_have_text(texte)
    expect(etat).to_have_class(f"gs-etat gs-etat--principal {classe}")


def test_temporary_closure_gives_its_message_and_the_reopening(page: Any,
                                                                 site_public: str) -> None:
    # Thursday 24 December 2026, a weekday inside the usual hours, but the CCAS is closed.
    etat = etat_principal(page, site_public, "2026-12-24T10:00")
    expect(etat).to_have_text(
        "Fermé exceptionnellement : Congés de fin d'année. En cas d'urgence, appelez le 115. "
        "· réouverture le lundi 28 décembre")
    expect(etat).to_have_class("gs-etat gs-etat--principal gs-etat--ferme")
    # The closure is also written in the page, for everyone.
    expect(page.locator(".gs-entete .gs-alerte")).to_contain_text(
        "Fermé du 24 décembre 2026 au 26 décembre 2026.")


def test_christmas_inside_the_closure_says_closed_exceptionally(page: Any,
                                                                site_public: str) -> None:
    etat = etat_principal(page, site_public, "2026-12-25T10:00")
    expect(etat).to_contain_text("Fermé exceptionnellement")
    expect(etat).to_contain_text("réouverture le lundi 28 décembre")


def test_each_mode_has_its_own_line(page: Any, site_public: str) -> None:
    horloge(page, "2026-11-24T15:00")  # Tuesday afternoon
    page.goto(site_public + LIEU)
    blocs = page.locator(".gs-horaires")
    expect(blocs).to_have_count(3)
    expect(blocs.nth(0).locator(".gs-etat")).to_have_text("Ouvert maintenant · ferme à 17 h")
    # Sur rendez-vous: Tu,Th 14-18 h.
    expect(blocs.nth(1).locator(".gs-etat")).to_have_text("Ouvert maintenant · ferme à 18 h")
    # Téléphone: mornings only.
    expect(blocs.nth(2).locator(".gs-etat")).to_have_text("Fermé · ouvre demain à 9 h")


def test_after_the_precomputed_weeks_the_line_asks_to_check(page: Any,
                                                            site_public: str) -> None:
    etat = etat_principal(page, site_public, "2027-02-01T10:00")
    expect(etat).to_have_text("Horaires à confirmer")
    expect(etat).to_have_class("gs-etat gs-etat--principal gs-etat--inconnu")


def test_without_javascript_the_week_is_written_in_plain_french(
        nouvelle_page: Any, site_public: str) -> None:
    page = nouvelle_page(java_script_enabled=False)
    page.goto(site_public + LIEU)
    # No status line (it needs the clock), but the usual week and the closure are there.
    expect(page.locator(".gs-etat").first).to_be_hidden()
    sans_rdv = page.locator(".gs-horaires").first
    expect(sans_rdv.get_by_role("heading")).to_contain_text("Sans rendez-vous")
    jours = sans_rdv.locator(".gs-semaine > li")
    expect(jours).to_have_count(7)
    expect(jours.nth(0)).to_have_text("lundi : 9 h – 12 h, 14 h – 17 h")
    expect(jours.nth(5)).to_have_text("samedi : fermé")
    expect(jours.nth(6)).to_have_text("dimanche : fermé")
    expect(sans_rdv).to_contain_text("Fermé les jours fériés")
    expect(page.locator(".gs-entete .gs-alerte")).to_contain_text(
        "Fermé du 24 décembre 2026 au 26 décembre 2026.")
    expect(page.get_by_role("link", name="Appeler le 02 43 62 50 10")).to_have_attribute(
        "href", "tel:+33243625010")


def test_every_accepted_construct_gives_the_right_line_at_fixed_clocks(page: Any,
                                                                       site_public: str) -> None:
    # The served page's own horaires.js reads the payload Python builds for each construct
    # (tests/horaires_constructions.py), as a place's page would embed it.
    page.goto(site_public)
    page.wait_for_function("() => window.GuideHoraires !== undefined")
    faux = []
    for n, construction in enumerate(CONSTRUCTIONS):
        donnees = intervals_payload(construction.horaires, DEBUT, JOURS, construction.fermetures)
        for instant, ouvert in construction.instants:
            texte, classes = page.evaluate("""([id, donnees, instant]) => {
                const source = document.createElement("script");
                source.type = "application/json";
                source.id = id;
                source.textContent = JSON.stringify(donnees);
                const etat = document.createElement("p");
                etat.className = "gs-etat";
                etat.hidden = true;
                etat.setAttribute("data-horaires", id);
                const boite = document.createElement("div");
                boite.append(source, etat);
                document.body.append(boite);
                window.GuideHoraires.remplir(boite, instant);
                boite.remove();
                return [etat.textContent, etat.className];
            }""", [f"horaires-construction-{n}", donnees, instant])
            if ouvert != texte.startswith("Ouvert maintenant") or \
                    ouvert != ("gs-etat--ouvert" in classes):
                faux.append(f"{construction.horaires} à {instant} : {texte} ({classes})")
    assert faux == []
