"""Accessibility of the built guide: axe-core (WCAG 2.1 A and AA rules) on every page type,
and reflow (WCAG 1.4.10, RGAA 10.11) at 320 px and at 200 % text.

axe-core comes from node_modules (package.json's devDependencies, `npm ci`). Violations
are fixed in the templates and stylesheets, never by turning rules off.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from .conftest import ROOT, horloge

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
REGLES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make setup-test` (npm ci at the repository root)")
    return AXE.read_text("utf-8")


def violations(page: Any, axe_source: str) -> list[dict[str, Any]]:
    page.add_script_tag(content=axe_source)
    resultat: dict[str, Any] = page.evaluate("opts => axe.run(document, opts)", REGLES)
    return list(resultat["violations"])


def rapport(violations_: list[dict[str, Any]]) -> str:
    lignes = []
    for v in violations_:
        lignes.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        for noeud in v["nodes"][:8]:
            lignes.append(f"    {noeud['target']}: {noeud['failureSummary'].splitlines()[-1]}")
    return "\n".join(lignes)


def verifier(page: Any, axe_source: str) -> None:
    trouvees = violations(page, axe_source)
    assert trouvees == [], f"{page.url}\n{rapport(trouvees)}"


PUBLIQUES = {
    "accueil": "",
    "lieu": "lieux/ccas-sable-centre/",
    "lieu-perime": "lieux/epicerie-la-fleche/",
    "commune": "communes/72154/",
    "theme": "themes/difficultes-financieres/",
    "partenaire": "partenaires/caf-sarthe/",
    "communes": "communes/",
    "carte-commune": "carte/72264/",
}

PROFESSIONNELLES = {
    "pro-lieu": "lieux/ccas-sable-centre/",
    "pro-fiche-de-liaison": "lieux/ccas-sable-centre/fiche-de-liaison/",
    "pro-couverture": "couverture/",
}


@pytest.mark.parametrize("chemin", PUBLIQUES.values(), ids=PUBLIQUES.keys())
def test_public_page_has_no_violation(page: Any, site_public: str, axe_source: str,
                                      chemin: str) -> None:
    horloge(page, "2026-11-24T10:00")  # the open-now lines are shown and checked too
    page.goto(site_public + chemin)
    verifier(page, axe_source)


def test_map_page_has_no_violation(page: Any, site_public: str, axe_source: str) -> None:
    page.goto(site_public + "carte/")
    page.wait_for_function("window.GuideCarte && window.GuideCarte.visibles().length > 0")
    page.wait_for_load_state("networkidle")
    verifier(page, axe_source)
    # With a popup open too.
    page.evaluate("GuideCarte.ouvrir('ccas-sable-centre')")
    expect(page.locator(".gs-popup__nom")).to_have_text("CCAS de Sablé-sur-Sarthe")
    # Leaflet fades the popup in: contrast is measured once it is fully shown.
    page.wait_for_function(
        "getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'")
    verifier(page, axe_source)


@pytest.mark.parametrize("chemin", PROFESSIONNELLES.values(), ids=PROFESSIONNELLES.keys())
def test_pro_page_has_no_violation(page: Any, site_pro: str, axe_source: str,
                                   chemin: str) -> None:
    horloge(page, "2026-11-24T10:00")
    page.goto(site_pro + chemin)
    page.wait_for_load_state("networkidle")
    verifier(page, axe_source)


def test_search_results_have_no_violation(page: Any, sites: dict[str, str],
                                          axe_source: str) -> None:
    # The search page is part of the product: its absence is a failure, never a skip.
    assert (Path(sites["public_dir"]) / "recherche" / "index.html").is_file()
    page.goto(sites["public"] + "recherche/")
    page.get_by_label("Que cherchez-vous ?").fill("budget")
    page.get_by_label("Que cherchez-vous ?").press("Enter")
    expect(page.locator("#gs-recherche-resultats > li").first).to_be_visible()
    verifier(page, axe_source)


# --- Reflow --------------------------------------------------------------------------------------


def debordements(page: Any) -> list[str]:
    """Elements reaching past the window's right edge (the page would scroll sideways), as
    short selectors. Material's closed drawer sits left of the page: that never scrolls."""
    trouves: list[str] = page.evaluate("""() => {
        const largeur = document.documentElement.clientWidth;
        const hors = [];
        for (const e of document.querySelectorAll('body *')) {
            const r = e.getBoundingClientRect();
            if (!r.width || getComputedStyle(e).visibility === 'hidden') continue;
            if (r.right > largeur + 1) {
                // Skip what sits inside a clipping box (scrolling tables, the map).
                let p = e.parentElement, coupe = false;
                while (p && p !== document.body) {
                    const o = getComputedStyle(p).overflowX;
                    if (o === 'hidden' || o === 'auto' || o === 'scroll' || o === 'clip') {
                        const rp = p.getBoundingClientRect();
                        if (rp.right <= largeur + 1) { coupe = true; break; }
                    }
                    p = p.parentElement;
                }
                if (coupe) continue;
                hors.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
                          (e.className && typeof e.className === 'string'
                           ? '.' + e.className.trim().split(/\\s+/).join('.') : '') +
                          ` [${Math.round(r.left)}–${Math.round(r.right)} / ${largeur}]`);
            }
        }
        return hors;
    }""")
    return trouves


# One page of each type, in both variants; the search page has its own tests.
REFLOW = {
    "accueil": ("public", ""),
    "lieu": ("public", "lieux/ccas-sable-centre/"),
    "commune": ("public", "communes/72154/"),
    "communes": ("public", "communes/"),
    "theme": ("public", "themes/difficultes-financieres/"),
    "partenaire": ("public", "partenaires/caf-sarthe/"),
    "partenaires": ("public", "partenaires/"),
    "carte": ("public", "carte/"),
    "carte-commune": ("public", "carte/72264/"),
    "donnees": ("public", "donnees/"),
    "editoriale": ("public", "ressources/"),
    "urgences": ("public", "urgences/"),
    "404": ("public", "404.html"),
    "pro-accueil": ("pro", ""),
    "pro-lieu": ("pro", "lieux/ccas-sable-centre/"),
    "pro-partenaire": ("pro", "partenaires/ccas-sable/"),
    "pro-fiche-de-liaison": ("pro", "lieux/ccas-sable-centre/fiche-de-liaison/"),
    "pro-couverture": ("pro", "couverture/"),
    "pro-qualite": ("pro", "qualite/"),
    "pro-carte": ("pro", "carte/"),
}


def ouvrir_etroit(nouvelle_page: Any, sites: dict[str, str], variante: str, chemin: str,
                  texte_double: bool) -> Any:
    page = nouvelle_page(viewport={"width": 320, "height": 640})
    horloge(page, "2026-11-24T10:00")
    page.goto(sites[variante] + chemin)
    page.wait_for_load_state("load")
    if texte_double:
        # Text at 200 %, as a phone's "large text" setting gives: every rem and em doubles.
        page.evaluate("""() => { const h = document.documentElement;
            h.style.fontSize = 2 * parseFloat(getComputedStyle(h).fontSize) + 'px'; }""")
        page.wait_for_timeout(100)
    return page


@pytest.mark.parametrize(("variante", "chemin"), REFLOW.values(), ids=REFLOW.keys())
def test_nothing_overflows_at_320_px(nouvelle_page: Any, sites: dict[str, str], variante: str,
                                     chemin: str) -> None:
    page = ouvrir_etroit(nouvelle_page, sites, variante, chemin, texte_double=False)
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    assert debordements(page) == []


@pytest.mark.parametrize(("variante", "chemin"), REFLOW.values(), ids=REFLOW.keys())
def test_nothing_overflows_at_200_percent_text(nouvelle_page: Any, sites: dict[str, str],
                                               variante: str, chemin: str) -> None:
    page = ouvrir_etroit(nouvelle_page, sites, variante, chemin, texte_double=True)
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    assert debordements(page) == []


def test_place_hours_are_not_clipped_at_200_percent_text(nouvelle_page: Any,
                                                         sites: dict[str, str]) -> None:
    page = ouvrir_etroit(nouvelle_page, sites, "public", "lieux/ccas-sable-centre/",
                         texte_double=True)
    largeur = page.evaluate("innerWidth")
    for boite in page.locator(".gs-grille-horaires .gs-horaires").all():
        cadre = boite.bounding_box()
        assert cadre is not None and cadre["x"] >= 0 and cadre["x"] + cadre["width"] <= largeur
