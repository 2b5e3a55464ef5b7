"""The professional directory's content: pro sections, fiche de liaison, coverage, quality,
and mkdocs.pro.yml against mkdocs.yml."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import AUJOURDHUI, lieu_data, partenaire_data
from guide_solidarites import pro
from guide_solidarites.catalogue import Catalogue, CataloguePro
from guide_solidarites.chemins import racine_relative
from guide_solidarites.communes import Commune, load_communes
from guide_solidarites.couverture import (
    PointAccueil,
    analyser_couverture,
    points_du_catalogue,
    report_to_dict,
)
from guide_solidarites.models import InfosPro, LieuPro, LieuPublic, PartenairePro, PartenairePublic
from guide_solidarites.render import Rendu

RACINE = Path(__file__).resolve().parents[1]


# --- Builders -------------------------------------------------------------------------------


def _infos(pro: dict[str, Any] | None) -> InfosPro | None:
    return None if pro is None else InfosPro.model_validate(pro)


def partenaire(id: str = "ccas-sable", pro: dict[str, Any] | None = None,
               **overrides: Any) -> PartenairePro:
    """A partner of the pro directory: its public record, and its pro file if `pro`."""
    public = PartenairePublic.model_validate({**partenaire_data(**overrides), "id": id})
    return PartenairePro(public, _infos(pro))


def lieu(id: str = "ccas-sable-centre", partenaire: str = "ccas-sable",
         pro: dict[str, Any] | None = None, **overrides: Any) -> LieuPro:
    public = LieuPublic.model_validate({**lieu_data(**overrides), "id": id,
                                        "partenaire": partenaire})
    return LieuPro(public, _infos(pro))


def catalogue(*records: LieuPro | PartenairePro, aujourdhui: dt.date = AUJOURDHUI,
              communes: dict[str, Commune] | None = None) -> CataloguePro:
    partenaires = [r for r in records if isinstance(r, PartenairePro)] or [partenaire()]
    lieux = [r for r in records if isinstance(r, LieuPro)]
    public = Catalogue(
        partenaires={p.id: p.public for p in partenaires},
        lieux={r.id: r.public for r in lieux},
        fichiers={},
        communes=communes if communes is not None else load_communes(),
        aujourdhui=aujourdhui,
    )
    return CataloguePro(public, {p.id: p for p in partenaires}, {r.id: r for r in lieux}, {})


# The pro pages and sections as the build prints them: its templates, its one environment.
TUILES = "https://{s}.tile.openstreetmap.fr/osmfr/{z}/{x}/{y}.png"
ATTRIBUTION = "&copy; contributeurs OpenStreetMap"


def rendre(gabarit: str, contexte: dict[str, Any], url: str) -> str:
    env = Rendu({}, pro=True).env
    return env.get_template(gabarit).render(racine=racine_relative(url), **contexte)


def fragment_lieu_pro(record: LieuPro, cat: CataloguePro,
                      motif_modification: str | None = None) -> str:
    return rendre("pro/lieu.html", {"section_pro": pro.contexte_lieu_pro(
        record, cat, motif_modification)}, f"lieux/{record.id}/")


def fragment_lieu_pro_contacts(record: LieuPro, cat: CataloguePro) -> str:
    return rendre("pro/lieu_contacts.html", {"section_pro": pro.contexte_lieu_pro(record, cat)},
                  f"lieux/{record.id}/")


def fragment_partenaire_pro(record: PartenairePro, cat: CataloguePro) -> str:
    return rendre("pro/partenaire.html", {"section_pro": pro.contexte_partenaire_pro(
        record, cat)}, f"partenaires/{record.id}/")


def page_fiche_de_liaison(record: LieuPro, cat: CataloguePro) -> str:
    return rendre("pro/fiche_de_liaison.html", pro.contexte_fiche_de_liaison(record, cat),
                  pro.url_fiche_de_liaison(record.id))


def page_couverture(cat: Catalogue, seuil_km: float = 20.0, tuiles: str | None = TUILES
                    ) -> tuple[str, dict[str, Any]]:
    rapport = pro.rapport_couverture(cat, seuil_km)
    html = rendre("pro/couverture.html", pro.contexte_couverture(cat, rapport, tuiles,
                                                                 ATTRIBUTION), pro.URL_COUVERTURE)
    return html, pro.donnees_couverture(rapport, cat)


def page_qualite(cat: Catalogue) -> str:
    return rendre("pro/qualite.html", pro.contexte_qualite(cat), pro.URL_QUALITE)


def texte(fragment: str) -> str:
    """What a reader sees: tags dropped, entities decoded, ASCII spaces collapsed (no-break
    spaces kept: French typography puts them before % and km, and in 12 345)."""
    sans_balises = re.sub(r"<[^>]+>", " ", fragment)
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(sans_balises)).replace(" ,", ",").strip()


PRO_COMPLET: dict[str, Any] = {
    "referents": [
        {"nom": "Camille Exemple", "fonction": "Responsable de l'accueil",
         "telephone": "02 61 91 10 21", "courriel": "camille.exemple@example.org"},
        {"nom": "Dominique Exemple", "fonction": "Assistante sociale",
         "telephone": "02 61 91 10 22"},
    ],
    "ligne_directe": "02 61 91 10 23",
    "courriel": "pro@example.org",
    "orientation": {"modalites": "Appeler avant d'envoyer la personne.",
                    "documents": ["Pièce d'identité", "Dernier avis d'imposition"],
                    "courriel": "orientation@example.org"},
    "notes": "Parking derrière la mairie.\n\nFermé la première semaine d'août.",
    "conventions": [{"partenaire": "caf-sarthe", "objet": "Accès aux droits",
                     "depuis": "2024-01-15"}],
    "a_verifier": [{"champ": "horaires", "valeur": "le matin sauf jeudi",
                    "raison": "horaires en texte libre"}],
}


# --- The pro section of a place -----------------------------------------------------------------


def test_place_contacts_show_referents_with_direct_phone_and_mail_links() -> None:
    record = lieu(pro=PRO_COMPLET)
    fragment = fragment_lieu_pro_contacts(record, catalogue(record))
    assert '<a href="tel:+33261911021">02 61 91 10 21</a>' in fragment
    assert '<a href="mailto:camille.exemple@example.org">' in fragment
    lu = texte(fragment)
    assert "Camille Exemple, Responsable de l'accueil" in lu
    assert "Dominique Exemple, Assistante sociale" in lu
    assert "Ligne directe (à ne pas donner au public) : 02 61 91 10 23" in lu
    assert "Courriel professionnel : pro@example.org" in lu
    # Shown under the name, they are not repeated in the section at the bottom of the page.
    assert "Camille Exemple" not in fragment_lieu_pro(record, catalogue(record))


def test_place_contacts_without_any_say_to_go_through_the_reception() -> None:
    record = lieu()
    assert "Aucun interlocuteur nommé ni ligne directe n'a été saisi" in texte(
        fragment_lieu_pro_contacts(record, catalogue(record)))


def test_place_section_says_how_to_refer_someone() -> None:
    record = lieu(pro=PRO_COMPLET)
    lu = texte(fragment_lieu_pro(record, catalogue(record)))
    assert "Orienter une personne" in lu
    assert "Appeler avant d'envoyer la personne." in lu
    assert "Pièce d'identité" in lu and "Dernier avis d'imposition" in lu
    assert "Fiche de liaison commune : acceptée." in lu
    assert "Envoyer les orientations à : orientation@example.org" in lu


def test_place_contacts_link_to_its_fiche_de_liaison() -> None:
    record = lieu()
    assert 'href="fiche-de-liaison/"' in fragment_lieu_pro_contacts(record, catalogue(record))


def test_place_section_shows_notes_as_paragraphs_conventions_and_import_notes() -> None:
    caf = partenaire("caf-sarthe", nom="Caisse d'allocations familiales de la Sarthe")
    record = lieu(pro=PRO_COMPLET)
    fragment = fragment_lieu_pro(record, catalogue(record, partenaire(), caf))
    assert "<p>Parking derrière la mairie.</p>" in fragment
    assert ('<a href="../../partenaires/caf-sarthe/">Caisse d&#39;allocations familiales de '
            "la Sarthe</a> : Accès aux droits (depuis le 15 janvier 2024)") in fragment
    lu = texte(fragment)
    assert "Valeurs importées à reprendre" in lu
    assert "horaires le matin sauf jeudi horaires en texte libre" in lu


def test_place_section_without_pro_block_says_nothing_was_entered() -> None:
    record = lieu()
    lu = texte(fragment_lieu_pro(record, catalogue(record)))
    assert "Aucune information réservée aux professionnels n'a encore été saisie pour ce lieu" \
        in lu
    assert "Interlocuteurs privilégiés" not in lu


@pytest.mark.parametrize(("aujourdhui", "perime"), [
    (dt.date(2026, 11, 21), False),
    (dt.date(2026, 11, 22), False),  # the review day itself: still valid
    (dt.date(2026, 11, 23), True),
])
def test_stale_warning_shown_exactly_past_the_review_date(aujourdhui: dt.date,
                                                          perime: bool) -> None:
    record = lieu(verifie_le="2025-11-22", revision_mois=12)
    cat = catalogue(record, aujourdhui=aujourdhui)
    # The warning stands with the contacts, before anyone calls them.
    lu = texte(fragment_lieu_pro_contacts(record, cat) + fragment_lieu_pro(record, cat))
    avertissement = ("Fiche à revérifier : vérifiée le 22 novembre 2025, à revoir depuis le "
                     "22 novembre 2026.")
    assert (avertissement in lu) is perime
    assert "Informations vérifiées le 22 novembre 2025 par CCAS de Sablé-sur-Sarthe" in lu


def test_partner_section_shows_its_pro_block_and_stale_warning() -> None:
    record = partenaire(verifie_le="2025-01-10", revision_mois=6,
                        pro={"ligne_directe": "02 61 91 00 01", "notes": "Note interne."})
    lu = texte(fragment_partenaire_pro(record, catalogue(record)))
    assert "Fiche à revérifier : vérifiée le 10 janvier 2025, à revoir depuis le 10 juillet " \
        "2025." in lu
    assert "02 61 91 00 01" in lu and "Note interne." in lu
    assert "fiche-de-liaison" not in fragment_partenaire_pro(record, catalogue(record))


def test_pro_block_edit_link_points_to_the_private_repository() -> None:
    record = lieu(pro={"notes": "Note interne."})
    cat = catalogue(record)
    cat.fichiers["lieu:ccas-sable-centre"] = "ccas-sable/ccas-sable-centre.yml"
    motif = "https://forge.example.org/cd72/annuaire-pro/edit/main/{chemin}"
    fragment = fragment_lieu_pro(record, cat, motif_modification=motif)
    assert ('<a href="https://forge.example.org/cd72/annuaire-pro/edit/main/ccas-sable/'
            'ccas-sable-centre.yml" rel="nofollow">Modifier les informations '
            "professionnelles de cette fiche (dépôt privé)</a>") in fragment
    # No private repository configured, or no pro file yet: no link.
    assert "Modifier les informations" not in fragment_lieu_pro(record, cat)
    autre = lieu("autre")
    assert "Modifier les informations" not in fragment_lieu_pro(
        autre, catalogue(autre), motif_modification=motif)


def test_section_escapes_what_partners_write() -> None:
    record = lieu(pro={"notes": "<script>alert(1)</script>"})
    fragment = fragment_lieu_pro(record, catalogue(record))
    assert "<script>" not in fragment and "&lt;script&gt;" in fragment


# --- Fiche de liaison ---------------------------------------------------------------------


def test_fiche_de_liaison_is_prefilled_with_the_place_and_its_hours() -> None:
    record = lieu(pro=PRO_COMPLET)
    lu = texte(page_fiche_de_liaison(record, catalogue(record)))
    assert "Orientation d'une personne vers CCAS de Sablé-sur-Sarthe" in lu
    assert "1 place Raphaël Élizé, 72300 Sablé-sur-Sarthe" in lu
    assert "Téléphone 02 61 91 10 20" in lu
    # One line per way of being received: the sheet fits on one page.
    assert "Sans rendez-vous : lun.–ven. 9 h–12 h ; fermé les jours fériés" in lu
    assert "Samedi" not in lu
    assert "☐ Pièce d'identité" in lu and "☐ Dernier avis d'imposition" in lu
    assert "Envoyer la fiche à orientation@example.org" in lu


def test_fiche_de_liaison_offers_a_choice_when_there_are_several_referents() -> None:
    record = lieu(pro=PRO_COMPLET)
    page = page_fiche_de_liaison(record, catalogue(record))
    assert '<label for="fiche-referent">Référent</label>' in page
    options = re.findall(r"<option( selected)?>([^<]+)</option>", page)
    assert [(bool(sel), html.unescape(t)) for sel, t in options] == [
        (True, "Camille Exemple, Responsable de l'accueil — 02 61 91 10 21 — "
               "camille.exemple@example.org"),
        (False, "Dominique Exemple, Assistante sociale — 02 61 91 10 22"),
    ]


def test_fiche_de_liaison_names_the_only_referent() -> None:
    record = lieu(pro={"referents": [PRO_COMPLET["referents"][0]]})
    page = page_fiche_de_liaison(record, catalogue(record))
    assert "<select" not in page
    assert "Référent Camille Exemple, Responsable de l'accueil Téléphone direct : 02 61 91 10 21" \
        in texte(page)


def test_fiche_de_liaison_without_referent_or_documents_says_so() -> None:
    record = lieu()
    lu = texte(page_fiche_de_liaison(record, catalogue(record)))
    assert "Référent L'accueil du lieu" in lu
    assert "Non précisé : demandez à l'accueil du lieu." in lu


def test_fiche_de_liaison_has_a_label_for_every_field() -> None:
    record = lieu(pro=PRO_COMPLET)
    page = page_fiche_de_liaison(record, catalogue(record))
    champs = re.findall(r'<(?:input|textarea|select)[^>]* id="([^"]+)"', page)
    labels = set(re.findall(r'<label for="([^"]+)"', page))
    assert len(champs) >= 12
    assert set(champs) <= labels, set(champs) - labels
    for attendu in ("Nom", "Prénom", "Date de naissance", "Adresse", "Téléphone",
                    "Motif et demande de la personne", "Structure", "Nom et prénom",
                    "Courriel", "Date"):
        assert f">{attendu}</label>" in page, attendu
    assert 'type="checkbox" id="personne-consentement"' in page
    assert "Consentement recueilli" in page


def test_fiche_de_liaison_prints_with_a_button_and_without_javascript() -> None:
    record = lieu()
    page = page_fiche_de_liaison(record, catalogue(record))
    assert re.search(r"<button [^>]*data-imprimer hidden>Imprimer</button>", page)
    assert "utilisez la commande Imprimer de votre navigateur" in page
    assert '<script src="../../../assets/javascripts/fiche-de-liaison.js" defer>' in page
    # The site's CSP forbids inline scripts and styles.
    assert "onclick" not in page and "style=" not in page
    assert not re.search(r"<script>(?!</script>)", page)


def test_fiche_de_liaison_warns_when_the_place_refuses_it() -> None:
    record = lieu(pro={"orientation": {"fiche_de_liaison": False}})
    assert "Ce lieu n'accepte pas la fiche de liaison commune." in texte(
        page_fiche_de_liaison(record, catalogue(record)))


# --- Coverage ---------------------------------------------------------------------------------


def _commune(code: str, nom: str, population: int, lat: float | None,
             lon: float | None) -> Commune:
    return Commune(code, nom, code[:2], ("99000",), population, lat, lon)


COMMUNES = {c.code_insee: c for c in [
    _commune("99001", "Centre", 5000, 48.0, 0.0),
    _commune("99002", "Voisine", 1000, 48.1, 0.0),          # ~11 km
    _commune("99003", "Lointaine", 300, 48.5, 0.0),         # ~56 km
    _commune("99004", "Isolée", 800, 48.0, 0.6),            # ~45 km, a permanence at ~7 km
    _commune("99005", "Sans mairie", 50, None, None),
    _commune("98001", "Autre département", 9999, 48.0, 0.01),
]}


def _catalogue_couverture() -> CataloguePro:
    centre = lieu("accueil-centre", code_insee="99001", code_postal="99000",
                  premier_accueil=True,
                  coordonnees={"latitude": 48.0, "longitude": 0.0, "precision": "adresse"},
                  permanences=[{"nom": "Salle des fêtes", "code_insee": "99004",
                                "coordonnees": {"latitude": 48.0, "longitude": 0.5,
                                                "precision": "commune"},
                                "horaires": "We 14:00-16:00"}])
    autre = lieu("association", code_insee="99003", code_postal="99000",
                 coordonnees={"latitude": 48.5, "longitude": 0.0, "precision": "adresse"})
    return catalogue(centre, autre, communes=COMMUNES)


def test_coverage_counts_the_departement_communes_and_premier_accueil_places_only() -> None:
    cat = _catalogue_couverture()
    assert [c.code_insee for c in pro.communes_du_territoire(cat.public)] == [
        "99001", "99002", "99003", "99004", "99005"]
    lieux, permanences, _ = points_du_catalogue(cat.public)
    assert [p.id for p in lieux] == ["accueil-centre"]
    assert [(p.id, p.code_insee) for p in permanences] == [("accueil-centre", "99004")]


def test_coverage_page_totals_match_the_analysis() -> None:
    cat = _catalogue_couverture()
    attendu = analyser_couverture(
        [c for c in COMMUNES.values() if c.departement == "99"],
        [PointAccueil("accueil-centre", "x", 48.0, 0.0, "99001")],
        [PointAccueil("accueil-centre", "x", 48.0, 0.5, "99004")],
        20.0,
    )
    page, donnees = page_couverture(cat.public, 20.0)
    assert donnees["totaux"] == report_to_dict(attendu)["totaux"]
    assert donnees["totaux_avec_permanences"] == report_to_dict(attendu)["totaux_avec_permanences"]
    t, tp = attendu.totaux, attendu.totaux_avec_permanences
    assert (t.communes_accessibles, t.communes, tp.communes_accessibles) == (2, 5, 3)
    lu = texte(page)
    assert ("Les lieux de premier accueil 2 sur 5 (40,0\u00a0%) 6\u202f000 sur 7\u202f150 "
            "(83,9\u00a0%) 2 1\u202f100") in lu
    assert ("Les lieux et leurs permanences 3 sur 5 (60,0\u00a0%) 6\u202f800 sur 7\u202f150 "
            "(95,1\u00a0%)") in lu
    assert "1 commune (50 habitants) sans position connue de la mairie" in lu
    assert "Sans mairie (99005)" in lu


def test_coverage_page_explains_the_threshold() -> None:
    page, donnees = page_couverture(_catalogue_couverture().public, 20.0)
    assert "Le seuil : 20\u00a0km à vol d'oiseau" in texte(page)
    assert "Nous retenons 20 km" in texte(page)
    assert donnees["seuil_km"] == 20.0


def test_coverage_table_lists_communes_beyond_reach_most_populated_first() -> None:
    page, _ = page_couverture(_catalogue_couverture().public, 20.0)
    tableau = page[page.index('<table class="gs-couverture-communes"'):]
    assert re.findall(r'<th scope="row">([^<]+)</th>', tableau) == ["Isolée", "Lointaine"]
    assert 'data-tri="nombre" aria-sort="descending">Population</th>' in tableau
    assert tableau.count('<th scope="col"') == 6
    assert "7,4\u00a0km (permanence, à portée)" in texte(tableau)


def test_coverage_page_links_the_csv_and_the_map_data() -> None:
    page, donnees = page_couverture(_catalogue_couverture().public, 20.0)
    assert 'href="couverture.csv"' in page
    assert '<div id="carte-couverture"' in page and 'data-json="couverture.json"' in page
    assert '<script src="../assets/vendor/leaflet/leaflet.js" defer>' in page
    assert '<script src="../assets/javascripts/couverture.js" defer>' in page
    assert "style=" not in page
    assert [b["classe"] for b in donnees["bandes"]] == [
        "proche", "accessible", "hors-portee", "tres-loin"]
    assert donnees["lieux"] == [{"id": "accueil-centre", "nom": "CCAS de Sablé-sur-Sarthe",
                                 "latitude": 48.0, "longitude": 0.0}]
    # The legend says the bands in words, not by colour alone.
    assert "de 20\u00a0km à 30\u00a0km : hors de portée" in texte(page)


def test_permanence_without_coordinates_stands_at_its_commune_town_hall() -> None:
    record = lieu("accueil-centre", code_insee="99001", code_postal="99000",
                  premier_accueil=True,
                  coordonnees={"latitude": 48.0, "longitude": 0.0, "precision": "adresse"},
                  permanences=[{"nom": "Mairie", "code_insee": "99003",
                                "horaires": "We 14:00-16:00"}])
    _, permanences, _ = points_du_catalogue(catalogue(record, communes=COMMUNES).public)
    assert [(p.latitude, p.longitude) for p in permanences] == [(48.5, 0.0)]


# --- Quality ------------------------------------------------------------------------------------


def test_quality_page_lists_stale_records_per_partner_with_links() -> None:
    recent = lieu("recent", nom="Accueil récent")
    ancien = lieu("ancien", nom="Accueil ancien", verifie_le="2024-01-05")
    page = page_qualite(catalogue(recent, ancien).public)
    assert '<a href="../lieux/ancien/">Accueil ancien</a>' in page
    lu = texte(page)
    assert "Accueil ancien : vérifiée le 5 janvier 2024, à revoir depuis le 5 janvier 2025" in lu
    assert "Accueil récent :" not in lu.split("Score par partenaire")[0]
    assert "1 fiche à revérifier" in lu


def test_quality_page_scores_partners_and_lists_what_is_missing() -> None:
    record = lieu("sans-description")
    lu = texte(page_qualite(catalogue(record).public))
    assert "Score par partenaire" in lu
    assert "pas de description" in lu


# --- All the pro pages --------------------------------------------------------------------------


def test_pages_pro_gives_a_fiche_per_place_and_the_coordinator_pages() -> None:
    cat = _catalogue_couverture()
    pages, donnees = pro.pages_pro(cat, pro.rapport_couverture(cat.public), TUILES, ATTRIBUTION)
    assert [p.url for p in pages] == [
        "lieux/accueil-centre/fiche-de-liaison/", "lieux/association/fiche-de-liaison/",
        "couverture/", "qualite/"]
    assert donnees["totaux"]["communes"] == 5


def test_pages_pro_refuses_the_public_catalogue() -> None:
    cat = _catalogue_couverture()
    with pytest.raises(ValueError):
        pro.pages_pro(cat.public, pro.rapport_couverture(cat.public),  # type: ignore[arg-type]
                      TUILES, ATTRIBUTION)  # what the guard is for


# --- mkdocs.pro.yml -------------------------------------------------------------------------------


def _configs() -> tuple[Any, Any]:
    from mkdocs.config import load_config

    return load_config(str(RACINE / "mkdocs.yml")), load_config(str(RACINE / "mkdocs.pro.yml"))


def test_pro_config_inherits_the_public_one_and_builds_the_pro_variant() -> None:
    public, pro_ = _configs()
    assert pro_.site_name == public.site_name + " — annuaire professionnel"
    assert Path(pro_.site_dir).name == "site-pro"
    assert pro_.site_url.endswith("/pro/")
    assert pro_.plugins["guide-solidarites"].config.variant == "pro"
    assert public.plugins["guide-solidarites"].config.variant == "public"
    assert pro_.docs_dir == public.docs_dir
    # The pro nav is the public one plus the pro-only pages.
    pro_pages = [entry for entry in pro_.nav if entry not in public.nav]
    assert [entry for entry in pro_.nav if entry in public.nav] == public.nav
    assert pro_pages == [{"Couverture du territoire": "couverture/index.md"},
                         {"Qualité des données": "qualite/index.md"}]


def test_pro_config_keeps_every_public_plugin_and_option() -> None:
    """MkDocs replaces lists under INHERIT: mkdocs.pro.yml repeats `plugins` in full."""
    public, pro_ = _configs()
    assert list(pro_.plugins) == list(public.plugins)
    for nom, plugin in public.plugins.items():
        options = dict(plugin.config)
        options_pro = dict(pro_.plugins[nom].config)
        if nom == "guide-solidarites":
            # The variant and the professional tree (with its private repository) are what
            # the pro build adds; the public build must not even name the tree.
            for cle in ("variant", "annuaire_pro", "depot_pro_url"):
                options.pop(cle)
                options_pro.pop(cle)
            assert public.plugins[nom].config.annuaire_pro is None
        assert options_pro == options, f"options du plugin {nom} différentes dans mkdocs.pro.yml"


def test_only_the_pro_config_names_the_professional_tree() -> None:
    public, pro_ = _configs()
    assert public.plugins["guide-solidarites"].config.annuaire_pro is None
    assert "annuaire_pro" not in (RACINE / "mkdocs.yml").read_text("utf-8")
    chemin = Path(pro_.plugins["guide-solidarites"].config.annuaire_pro)
    assert chemin.resolve() == (RACINE / "exemples" / "annuaire-pro").resolve()


def test_pro_config_adds_pro_css_to_the_public_stylesheets() -> None:
    public, pro_ = _configs()
    assert list(pro_.extra_css) == [*public.extra_css, "assets/stylesheets/pro.css"]
    assert list(pro_.extra_javascript) == list(public.extra_javascript)
    assert (RACINE / "overrides" / "assets" / "stylesheets" / "pro.css").is_file()
