"""What each generated page holds, without MkDocs: pages.py and render.py on small catalogues."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import AUJOURDHUI, lieu_yaml, partenaire_yaml, write_annuaire
from guide_solidarites.catalogue import Catalogue, Variante, build_catalogue
from guide_solidarites.chemins import racine_relative
from guide_solidarites.formats import date_fr, distance_fr
from guide_solidarites.pages import (
    PageGeneree,
    json_script,
    lien_signalement,
    pages_du_guide,
    reglages,
    semaine_habituelle,
    tel_href,
    vue_commune,
    vue_lieu,
)
from guide_solidarites.render import Rendu
from guide_solidarites.validation import valider

REGLAGES = reglages(horizon_semaines=2, lien_modification="https://forge.example.org/g/edit/main/{chemin}")


def catalogue(tmp_path: Path, files: dict[str, str], variante: Variante = Variante.PUBLIC,
              pro: dict[str, str] | None = None) -> Catalogue:
    """The catalogue of `files`; `pro`: files of the professional tree, read as well."""
    racine = write_annuaire(tmp_path, files)
    racine_pro = None
    if pro is not None:
        racine_pro = tmp_path / "annuaire-pro"
        for nom, texte in pro.items():
            (racine_pro / nom).parent.mkdir(parents=True, exist_ok=True)
            (racine_pro / nom).write_text(texte, encoding="utf-8")
    charge, report = valider(racine, aujourdhui=AUJOURDHUI, racine_pro=racine_pro)
    assert not report.erreurs, [p.format() for p in report.erreurs]
    return build_catalogue(charge, variante, racine, aujourdhui=AUJOURDHUI)


@pytest.fixture
def sable(tmp_path: Path) -> Catalogue:
    """A premier accueil in Sablé, and a food bank without premier accueil in La Flèche."""
    return catalogue(tmp_path, {
        "ccas-sable/partenaire.yml": partenaire_yaml(),
        "ccas-sable/ccas-sable-centre.yml": lieu_yaml(
            premier_accueil=True,
            thematiques=["difficultes-financieres--ameliorer-sa-gestion-budgetaire"],
            fermetures=[{"du": "2026-12-24", "au": "2026-12-26", "message": "Congés."}]),
        "ccas-sable/epicerie.yml": lieu_yaml(
            nom="Épicerie solidaire", type="aide-alimentaire", code_insee="72154",
            code_postal="72200", adresse="5 rue de la Tour",
            coordonnees={"latitude": 47.699, "longitude": -0.076, "precision": "adresse"},
            thematiques=["equipement-et-alimentation--alimentation"]),
    }, pro={"ccas-sable/ccas-sable-centre.yml": "notes: SENTINELLE-PRO\n"})


# --- Addresses -----------------------------------------------------------------------------


def test_generated_paths_become_directory_urls() -> None:
    assert PageGeneree("index.md", "Accueil", "accueil.html").url == ""
    assert PageGeneree("communes/index.md", "C", "communes.html").url == "communes/"
    assert PageGeneree("lieux/ccas.md", "L", "lieu.html").url == "lieux/ccas/"


def test_relative_root_climbs_one_level_per_folder() -> None:
    assert racine_relative("") == racine_relative("./") == ""
    assert racine_relative("communes/") == "../"
    assert racine_relative("lieux/ccas/") == "../../"


# --- Formatting ------------------------------------------------------------------------------


def test_dates_are_written_the_french_way() -> None:
    assert date_fr(dt.date(2026, 10, 15)) == "15 octobre 2026"
    assert date_fr(dt.date(2027, 5, 1)) == "1er mai 2027"


def test_phone_links_dial_international_or_short_numbers() -> None:
    assert tel_href("02 43 62 50 10") == "tel:+33243625010"
    assert tel_href("115") == "tel:115"
    assert tel_href("3230") == "tel:3230"


def test_distances_are_rounded_for_people() -> None:
    assert distance_fr(0.34) == "300 m"
    assert distance_fr(4.26) == "4,3 km"
    assert distance_fr(23.6) == "24 km"
    # One step rule with distances.js (tests/js/distances.test.mjs): never « 1000 m ».
    assert distance_fr(0.94) == "900 m"
    assert distance_fr(0.96) == "1,0 km"
    assert distance_fr(0.01) == "100 m"


def test_json_in_a_script_element_cannot_close_it() -> None:
    text = json_script({"message": "</script><script>alert(1)</script>"})
    assert "</script>" not in text and "<" not in text
    assert json.loads(text) == {"message": "</script><script>alert(1)</script>"}


def test_usual_week_ignores_public_holidays() -> None:
    # Six Fridays from 23/11/2026: Christmas and New Year's Day are two of them.
    semaine = semaine_habituelle("Mo-Fr 09:00-12:00; PH off", dt.date(2026, 11, 23), 42)
    assert semaine[4] == (("09:00", "12:00"),)
    assert semaine[5] == semaine[6] == ()


# --- The set of pages ------------------------------------------------------------------------


def test_every_record_gets_a_page_and_only_indexes_may_be_in_the_menu(sable: Catalogue) -> None:
    pages = {p.chemin: p for p in pages_du_guide(sable, REGLAGES)}
    assert {"index.md", "communes/index.md", "partenaires/index.md", "lieux/ccas-sable-centre.md",
            "lieux/epicerie.md", "partenaires/ccas-sable.md", "communes/72264.md",
            "communes/72154.md", "themes/difficultes-financieres.md",
            "themes/equipement-et-alimentation.md"} <= pages.keys()
    assert {p.chemin for p in pages.values() if p.dans_menu} == {
        "index.md", "communes/index.md", "partenaires/index.md", "carte/index.md",
        "donnees/index.md", "recherche/index.md"}


def test_theme_pages_exist_only_for_categories_with_places(sable: Catalogue) -> None:
    themes = {p.chemin for p in pages_du_guide(sable, REGLAGES) if p.chemin.startswith("themes/")}
    assert themes == {"themes/difficultes-financieres.md", "themes/equipement-et-alimentation.md"}


def _trois_epiceries(tmp_path: Path) -> Catalogue:
    """Three places for food: two in La Flèche, one in Sablé."""
    alimentation = ["equipement-et-alimentation--alimentation"]
    fleche = {"code_insee": "72154", "code_postal": "72200", "adresse": "5 rue de la Tour",
              "coordonnees": {"latitude": 47.699, "longitude": -0.076, "precision": "adresse"}}
    return catalogue(tmp_path, {
        "ccas-sable/partenaire.yml": partenaire_yaml(),
        "ccas-sable/sable.yml": lieu_yaml(nom="Épicerie de Sablé", thematiques=alimentation),
        "ccas-sable/fleche-1.yml": lieu_yaml(nom="Épicerie du Pré", thematiques=alimentation,
                                             **fleche),
        "ccas-sable/fleche-2.yml": lieu_yaml(nom="Resto du cœur", thematiques=alimentation,
                                             **fleche),
    })


def test_theme_page_lists_its_places_while_they_are_few(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("guide_solidarites.pages.LIEUX_PAR_THEME", 3)
    html = fragment(_trois_epiceries(tmp_path), "themes/equipement-et-alimentation.md")
    assert "3 lieux d'accueil peuvent vous aider." in html
    assert len(re.findall(r'class="gs-carte[ "]', html)) == 3 and "Resto du cœur" in html
    assert "Par commune" not in html


def test_theme_page_of_a_large_guide_lists_communes_not_thousands_of_cards(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Above LIEUX_PAR_THEME places, a megabyte of cards on a phone: the communes instead,
    each with its number of places, and the search with the theme chosen."""
    monkeypatch.setattr("guide_solidarites.pages.LIEUX_PAR_THEME", 2)
    html = fragment(_trois_epiceries(tmp_path), "themes/equipement-et-alimentation.md")
    assert "3 lieux d'accueil peuvent vous aider." in html
    assert not re.findall(r'class="gs-carte[ "]', html) and "Resto du cœur" not in html
    communes = re.findall(r'<li><a href="../../communes/(\d+)/">([^<]+)</a> · ([^<]+)</li>', html)
    assert communes == [("72154", "La Flèche", "2 lieux"), ("72264", "Sablé-sur-Sarthe", "1 lieu")]
    assert 'href="../../recherche/?categorie=equipement-et-alimentation"' in html


def test_a_departement_gives_every_commune_a_page(sable: Catalogue) -> None:
    pages = pages_du_guide(sable, reglages(departement="72"))
    communes = [p for p in pages if re.fullmatch(r"communes/\d{5}\.md", p.chemin)]
    assert len(communes) > 300
    assert any(p.chemin == "communes/72228.md" for p in communes)  # Parcé-sur-Sarthe: no place


# --- Views -----------------------------------------------------------------------------------


def test_commune_without_premier_accueil_shows_the_nearest_one(sable: Catalogue) -> None:
    vue = vue_commune(sable.communes["72154"], sable)
    assert [lieu.id for lieu in vue["lieux"]] == ["epicerie"]
    assert vue["proches"][0].lieu.id == "ccas-sable-centre"
    assert 20 < vue["proches"][0].km < 25


def test_commune_with_premier_accueil_needs_no_nearest(sable: Catalogue) -> None:
    assert vue_commune(sable.communes["72264"], sable)["proches"] == []


def _ccas_et_mds(tmp_path: Path) -> Catalogue:
    """Sablé's CCAS serves Sablé only; an MDS in La Flèche serves everyone."""
    return catalogue(tmp_path, {
        "ccas-sable/partenaire.yml": partenaire_yaml(),
        "ccas-sable/ccas-sable-centre.yml": lieu_yaml(
            premier_accueil=True, zone_eligibilite=["72264"],
            permanences=[{"nom": "Mairie de Vion", "code_insee": "72378",
                          "horaires": "We 09:00-12:00"}]),
        "ccas-sable/mds-la-fleche.yml": lieu_yaml(
            nom="MDS de La Flèche", type="maison-des-solidarites", premier_accueil=True,
            code_insee="72154", code_postal="72200", adresse="5 rue de la Tour",
            coordonnees={"latitude": 47.699, "longitude": -0.076, "precision": "adresse"}),
    })


def test_a_ccas_is_never_offered_to_another_commune(tmp_path: Path) -> None:
    cat = _ccas_et_mds(tmp_path)
    # Vion is 5 km from Sablé's CCAS, 20 km from La Flèche: only the MDS receives it.
    vue = vue_commune(cat.communes["72378"], cat)
    assert [p.lieu.id for p in vue["proches"]] == ["mds-la-fleche"]
    # Nor are its permanences held in Vion offered there: they are for Sablé's people.
    assert vue["permanences"] == []
    assert [p.lieu.id for p in cat.premier_accueil_proche(cat.communes["72378"], k=3)] == [
        "mds-la-fleche"]


def test_near_a_position_a_ccas_is_offered_only_to_its_inhabitants(tmp_path: Path) -> None:
    cat = _ccas_et_mds(tmp_path)
    pres_de_sable = (47.84, -0.33)
    assert [p.lieu.id for p in cat.premier_accueil_pres_de(*pres_de_sable, "72264", k=2)] == [
        "ccas-sable-centre", "mds-la-fleche"]
    assert [p.lieu.id for p in cat.premier_accueil_pres_de(*pres_de_sable, "72378", k=2)] == [
        "mds-la-fleche"]
    # Where the person lives is unknown: only the places open to everyone.
    assert [p.lieu.id for p in cat.premier_accueil_pres_de(*pres_de_sable, None, k=2)] == [
        "mds-la-fleche"]


def test_a_ccas_is_offered_in_its_own_commune(tmp_path: Path) -> None:
    cat = _ccas_et_mds(tmp_path)
    assert [lieu.id for lieu in vue_commune(cat.communes["72264"], cat)["lieux"]] == [
        "ccas-sable-centre"]
    assert cat.sert(cat.lieux["ccas-sable-centre"], "72264")
    assert not cat.sert(cat.lieux["ccas-sable-centre"], "72378")
    assert cat.sert(cat.lieux["mds-la-fleche"], "72378")


def test_a_departement_zone_admits_each_of_its_communes(tmp_path: Path) -> None:
    cat = catalogue(tmp_path, {"ccas-sable/partenaire.yml": partenaire_yaml(),
                               "ccas-sable/ccas-sable-centre.yml": lieu_yaml(
                                   zone_eligibilite=["72"])})
    lieu = cat.lieux["ccas-sable-centre"]
    assert cat.sert(lieu, "72378") and cat.sert(lieu, "72181")
    assert not cat.sert(lieu, "53130")  # Laval


def test_place_view_links_to_its_yaml_file(sable: Catalogue) -> None:
    vue = vue_lieu(sable.lieux["ccas-sable-centre"], sable, REGLAGES)
    assert vue["modification"] == (
        "https://forge.example.org/g/edit/main/annuaire/ccas-sable/ccas-sable-centre.yml")


def test_place_view_has_no_edit_link_without_repository(sable: Catalogue) -> None:
    assert vue_lieu(sable.lieux["epicerie"], sable, reglages())["modification"] is None


def test_hours_payload_carries_closures_for_the_horizon(sable: Catalogue) -> None:
    vue = vue_lieu(sable.lieux["ccas-sable-centre"], sable, reglages(horizon_semaines=6))
    payload = json.loads(vue["horaires"][0].payload)
    assert payload["du"] == "2026-11-22" and payload["jusqu_au"] == "2027-01-03"
    assert payload["fermetures"] == [{"du": "2026-12-24", "au": "2026-12-26", "message": "Congés."}]
    assert not any(a.startswith("2026-12-24") for a, _ in payload["intervalles"])


def test_public_catalogue_hands_templates_no_pro_block(sable: Catalogue) -> None:
    vue = vue_lieu(sable.lieux["ccas-sable-centre"], sable, REGLAGES)
    assert not hasattr(vue["lieu"], "pro")
    assert "SENTINELLE" not in repr(vue)


def test_report_link_is_a_mail_naming_the_place_and_its_page(sable: Catalogue) -> None:
    choisis = reglages(contact_signalement="guide@example.org",
                        site_url="https://guide.example.org/")
    lien = vue_lieu(sable.lieux["ccas-sable-centre"], sable, choisis)["signalement"]
    destinataire, _, requete = lien.partition("?")
    assert destinataire == "mailto:guide@example.org"
    champs = dict(part.split("=", 1) for part in requete.split("&"))
    assert list(champs) == ["subject", "body"]
    assert unquote(champs["subject"]) == "Erreur dans le guide : CCAS de Sablé-sur-Sarthe"
    assert unquote(champs["body"]) == (
        "Fiche : CCAS de Sablé-sur-Sarthe\r\n"
        "Adresse de la page : https://guide.example.org/lieux/ccas-sable-centre/\r\n\r\n"
        "Ce qui est faux :\r\n\r\n")


def test_report_link_encodes_what_could_break_the_mail(tmp_path: Path) -> None:
    """A name with &, ? # or a line break cannot add a header (bcc=...) or cut the body."""
    nom = "Accueil & co ?bcc=x@evil.example #1\nCc: y@evil.example"
    cat = catalogue(tmp_path, {"ccas-sable/partenaire.yml": partenaire_yaml(),
                               "ccas-sable/ccas.yml": lieu_yaml(nom="Accueil")})
    lien = lien_signalement(reglages(contact_signalement="guide@example.org"), nom,
                            "lieux/ccas/")
    assert lien is not None and cat.lieux
    requete = lien.split("?", 1)[1]
    assert requete.count("&") == 1 and "#" not in lien and "\n" not in lien and " " not in lien
    assert unquote(requete.split("&")[0].removeprefix("subject=")).endswith(nom)


def test_no_report_link_without_an_address_and_no_edit_link_unless_enabled(
        sable: Catalogue) -> None:
    vue = vue_lieu(sable.lieux["ccas-sable-centre"], sable, reglages())
    assert vue["signalement"] is None and vue["modification"] is None


# --- HTML fragments --------------------------------------------------------------------------


def fragment(catalogue: Catalogue, chemin: str, pro: bool = False) -> str:
    page = next(p for p in pages_du_guide(catalogue, REGLAGES) if p.chemin == chemin)
    return Rendu(catalogue.communes, pro=pro).fragment(page)


def test_place_fragment_shows_the_week_without_javascript(sable: Catalogue) -> None:
    html = fragment(sable, "lieux/ccas-sable-centre.md")
    assert '<span class="gs-jour">lundi :</span> 9 h – 12 h' in html
    assert '<p class="gs-etat" data-horaires="horaires-sans-rendez-vous" hidden></p>' in html
    assert '<script type="application/json" id="horaires-sans-rendez-vous">' in html
    assert 'href="tel:+33261911020"' in html
    assert 'href="../../communes/72264/"' in html


def test_place_fragment_says_whom_a_ccas_receives(tmp_path: Path) -> None:
    html = fragment(_ccas_et_mds(tmp_path), "lieux/ccas-sable-centre.md")
    assert ("<strong>Pour les habitants de :</strong> Sablé-sur-Sarthe (72264).") in html


def test_place_fragment_escapes_record_text(tmp_path: Path) -> None:
    cat = catalogue(tmp_path, {
        "ccas-sable/partenaire.yml": partenaire_yaml(),
        "ccas-sable/ccas.yml": lieu_yaml(description="<script>alert(1)</script>"),
    })
    html = fragment(cat, "lieux/ccas.md")
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


def test_pro_slot_is_ignored_when_the_pro_template_is_missing(sable: Catalogue) -> None:
    assert "<h1" in fragment(sable, "lieux/ccas-sable-centre.md", pro=True)


def test_home_fragment_lists_emergency_numbers(sable: Catalogue) -> None:
    html = fragment(sable, "index.md")
    for lien in ("tel:115", "tel:119", "tel:3919", "tel:17", "tel:112", "sms:114"):
        assert f'href="{lien}"' in html
    assert 'href="themes/difficultes-financieres/"' in html
    assert 'href="themes/sante/"' not in html


# --- One field end to end: showers --------------------------------------------------------


def test_a_place_with_showers_says_so_and_passes_the_showers_filter_everywhere(
        tmp_path: Path) -> None:
    from guide_solidarites.exports import geojson_lieux, lignes_csv_lieux
    from guide_solidarites.filtres import FILTRES
    from guide_solidarites.search import DRAPEAUX

    cat = catalogue(tmp_path, {
        "ccas-sable/partenaire.yml": partenaire_yaml(),
        "ccas-sable/accueil-de-jour.yml": lieu_yaml(nom="Accueil de jour", douches=True),
        "ccas-sable/ccas.yml": lieu_yaml(nom="CCAS de Sablé"),
    })
    assert "<li>Douches sur place.</li>" in fragment(cat, "lieux/accueil-de-jour.md")
    assert "Douches sur place" not in fragment(cat, "lieux/ccas.md")
    # The map and the open data carry it; the filter's rule reads the same property.
    proprietes = {f["id"]: f["properties"] for f in geojson_lieux(cat)["features"]}
    assert proprietes["accueil-de-jour"]["douches"] is True
    assert proprietes["ccas"]["douches"] is False
    douches = next(f for f in FILTRES if f.cle == "douches")
    assert [douches.passe(cat, lieu) for lieu in cat.lieux_tries] == [True, False]
    assert {ligne[0]: ligne for ligne in lignes_csv_lieux(cat)}["accueil-de-jour"].count("oui")
    # Both forms offer the box, under the same name and label.
    for chemin in ("carte/index.md", "recherche/index.md"):
        html = fragment(cat, chemin)
        assert re.search(r'name="douches" value="1"[^<]*>\s*(<label[^>]*>)?\s*avec des douches',
                         html), chemin
        assert "&#34;cle&#34;:&#34;douches&#34;" in html
    # Its flag in the search index is a bit of its own.
    assert len(set(DRAPEAUX.values())) == len(DRAPEAUX)
