"""The importers: real rows in, valid readable YAML out, and every record accounted for."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
from pathlib import Path

import pytest
from guide_solidarites.importers import data_inclusion, france_services
from guide_solidarites.importers.commun import Communes, Notes, slugify, telephone
from guide_solidarites.importers.rapport import Rapport
from guide_solidarites.importers.sortie import REPRISE, Sortie
from guide_solidarites.loader import read_yaml
from guide_solidarites.validation import valider

FIXTURES = Path(__file__).parent / "data" / "import"
FS = FIXTURES / "france-services.csv"
STRUCTURES = FIXTURES / "structures.json"
SERVICES = FIXTURES / "services.json"
# The national files live beside the repository (../shared/data), as on CI.
NATIONAL = Path(os.environ.get("GUIDE_DONNEES_NATIONALES",
                               Path(__file__).resolve().parents[2] / "shared" / "data"))
AUJOURDHUI = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def communes() -> Communes:
    return Communes()


def arbre_pro(racine: Path) -> Path:
    """The professional tree the imports write their notes into, beside the annuaire."""
    return racine.with_name(racine.name + "-pro")


def importe_fs(racine: Path, communes: Communes, departement: str | None = "72") -> Rapport:
    rapport = Rapport()
    france_services.importer(FS, Sortie(racine, racine_pro=arbre_pro(racine)), rapport,
                             departement, communes)
    return rapport


def importe_di(racine: Path, communes: Communes, departement: str | None = "72") -> Rapport:
    rapport = Rapport()
    data_inclusion.importer(STRUCTURES, SERVICES, Sortie(racine, racine_pro=arbre_pro(racine)),
                            rapport, departement, communes)
    return rapport


def lire(path: Path) -> dict:
    doc, problems = read_yaml(path)
    assert doc is not None and not problems, problems
    return doc.data


def fiche(path: Path) -> dict:
    """A written record: its public file, which holds no `pro`, and its professional file
    (same place in the professional tree), if any, under `pro`."""
    data = lire(path)
    assert "pro" not in data, f"{path} : champs professionnels dans l'annuaire public"
    pro = arbre_pro(path.parents[1]) / path.parent.name / path.name
    if pro.is_file():
        data["pro"] = lire(pro)
    return data


# --- France Services --------------------------------------------------------------------------


def test_france_services_sites_become_lieux_of_one_partner_per_departement(tmp_path, communes):
    importe_fs(tmp_path, communes)
    partenaire = lire(tmp_path / "france-services-72" / "partenaire.yml")
    assert partenaire["cercle"] == "premier-accueil"
    lieu = lire(tmp_path / "france-services-72" / "france-services-cc-sud-sarthe.yml")
    assert lieu["type"] == "france-services"
    assert lieu["premier_accueil"] is False
    assert lieu["code_insee"] == "72176"
    assert lieu["source"] == {"nom": "France Services (ANCT)", "identifiant": "426",
                              "date": dt.date(2022, 12, 1)}


def test_france_services_day_cells_become_osm_hours(tmp_path, communes):
    importe_fs(tmp_path, communes)
    lieu = lire(tmp_path / "france-services-72" / "france-services-cc-sud-sarthe.yml")
    assert lieu["horaires"]["sans_rendez_vous"] == (
        "Mo,Fr 09:00-12:30; Tu-Th 09:00-12:30,14:00-17:30")


def test_france_services_comment_is_kept_and_flagged_when_it_changes_the_hours(tmp_path,
                                                                              communes):
    importe_fs(tmp_path, communes)
    lieu = fiche(tmp_path / "france-services-72" / "france-services-le-breil-sur-merize.yml")
    assert lieu["description"] == "Ouverture le 1er et 3ème samedi du mois."
    assert [n["champ"] for n in lieu["pro"]["a_verifier"]] == ["commentaire"]


def test_unreadable_day_cells_go_to_the_report_and_to_a_verifier(tmp_path, communes):
    rapport = importe_fs(tmp_path, communes, departement="11")
    lieu = fiche(tmp_path / "france-services-11" / "france-services-du-limouxin.yml")
    notes = {n["champ"]: n for n in lieu["pro"]["a_verifier"]}
    assert notes["horaires.mardi"]["valeur"] == "08:30 - 12:00 / 08:30 - 17:00"
    assert notes["horaires.mardi"]["raison"] == "horaires illisibles"
    assert ("65", "horaires.mardi") in {(a.identifiant, a.champ) for a in rapport.anomalies}
    # The days that could be read are kept.
    assert lieu["horaires"]["sans_rendez_vous"] == "Mo,We,Th 08:30-12:00"


def test_bad_email_is_dropped_from_the_field_but_kept_as_a_note(tmp_path, communes):
    rapport = importe_fs(tmp_path, communes, departement=None)
    fichier = next(tmp_path.glob("france-services-02/*agglomeration*.yml"))
    lieu = fiche(fichier)
    assert "courriel" not in lieu
    assert {"champ": "courriel", "valeur": "france-service@carct.fr - maisondelagglo@carct.fr",
            "raison": "adresse de courriel invalide"} in lieu["pro"]["a_verifier"]
    assert any(a.champ == "courriel" and a.identifiant == "700" for a in rapport.anomalies)


def test_missing_coordinates_fall_back_to_the_town_hall(tmp_path, communes):
    importe_fs(tmp_path, communes, departement="88")
    lieu = lire(next(tmp_path.glob("france-services-88/*corcieux*.yml")))
    commune = communes.par_insee[lieu["code_insee"]]
    point = lieu["coordonnees"]
    assert (float(point["latitude"]), float(point["longitude"]), point["precision"]) == (
        commune.latitude, commune.longitude, "commune")


def test_every_france_services_row_is_imported_or_skipped_with_a_reason(tmp_path, communes):
    rapport = importe_fs(tmp_path, communes, departement=None)
    bilan = rapport.bilans["france-services.csv"]
    assert bilan.lus == 8 == bilan.importes + sum(bilan.ecartes.values())
    # The antenna with a name only (2696, "Antenne d’Anould") finds its commune in it.
    assert bilan.ecartes == {}
    assert len(list(tmp_path.glob("*/*.yml"))) - len(list(tmp_path.glob("*/partenaire.yml"))) \
        == bilan.importes


def test_a_departement_import_counts_the_other_rows_as_outside(tmp_path, communes):
    bilan = importe_fs(tmp_path, communes).bilans["france-services.csv"]
    assert bilan.importes == 3
    assert bilan.ecartes == {"hors du département demandé": 5}


# --- data·inclusion ---------------------------------------------------------------------------


def test_a_structure_becomes_a_partner_folder_with_one_lieu(tmp_path, communes):
    importe_di(tmp_path, communes)
    dossier = tmp_path / "ccas-d-arnage-centre-communal-d-action-sociale"
    partenaire = lire(dossier / "partenaire.yml")
    assert partenaire["cercle"] == "premier-accueil"
    assert partenaire["reseaux_porteurs"] == ["ccas-cias"]
    assert partenaire["siret"] == "26720077200015"
    lieu = lire(dossier / "ccas-d-arnage-centre-communal-d-action-sociale.yml")
    assert lieu["type"] == "ccas-cias"
    assert lieu["verifie_le"] == dt.date(2017, 11, 15)
    assert lieu["verifie_par"] == "Import data·inclusion (cd72, 2017-11-15)"
    assert lieu["publics"] == ["tous-publics"]


def test_free_text_hours_are_converted_or_kept_as_a_note(tmp_path, communes):
    importe_di(tmp_path, communes)
    tarmac = fiche(tmp_path / "tarmac" / "tarmac.yml")
    assert tarmac["horaires"]["sans_rendez_vous"] == "Mo-Fr 09:00-12:00,14:00-17:00"
    arnage = fiche(tmp_path / "ccas-d-arnage-centre-communal-d-action-sociale"
                  / "ccas-d-arnage-centre-communal-d-action-sociale.yml")
    assert "horaires" not in arnage
    assert arnage["pro"]["a_verifier"][0]["valeur"] == (
        "Du lundi ou vendredi de 9h - 12h et de 14h - 16h30")


def test_cedex_postcode_without_insee_code_finds_the_commune(tmp_path, communes):
    importe_di(tmp_path, communes)
    caf = fiche(tmp_path / "caf-caisse-d-allocations-familiales"
               / "caf-caisse-d-allocations-familiales.yml")
    assert (caf["code_insee"], caf["code_postal"]) == ("72181", "72000")
    assert caf["pro"]["a_verifier"][-1]["champ"] == "code_postal"
    assert caf["type"] == "caf"


def test_services_attach_to_their_structure_with_v1_values(tmp_path, communes):
    importe_di(tmp_path, communes)
    lieu = fiche(next(tmp_path.glob("communaute-de-communes-du-val-de-sarthe/c*.yml")))
    services = {s["id"]: s for s in lieu["services"]}
    assert set(services) == {"mediation-numerique",
                             "faciliter-l-acces-a-l-emploi-ou-la-reconversion"}
    assert services["mediation-numerique"]["type"] == "atelier"
    # A bare v0 category has no v1 sub-theme: kept as a note, not guessed.
    notes = {(n["champ"], n["valeur"]) for n in lieu["pro"]["a_verifier"]}
    assert ("services.mediation-numerique.thematiques", "numerique") in notes


def test_every_structure_and_service_is_accounted_for(tmp_path, communes):
    rapport = importe_di(tmp_path, communes, departement=None)
    structures = rapport.bilans["structures.json"]
    services = rapport.bilans["services.json"]
    assert structures.lus == 7 and structures.comptes and structures.importes == 7
    assert services.lus == 5 and services.comptes
    assert services.ecartes == {"structure absente de l'export": 1}


def test_bad_phone_is_dropped_but_kept_as_a_note(tmp_path, communes):
    rapport = importe_di(tmp_path, communes, departement="973")
    (fichier,) = [p for p in tmp_path.glob("*/*.yml") if p.name != "partenaire.yml"]
    lieu = fiche(fichier)
    assert "telephone" not in lieu
    assert {"champ": "telephone", "valeur": "+33594341747",
            "raison": "numéro de téléphone invalide"} in lieu["pro"]["a_verifier"]
    assert rapport.bilans["structures.json"].avec_notes == 1


def test_commune_named_differently_is_found_by_postcode_and_position(tmp_path, communes):
    importe_di(tmp_path, communes, departement="74")
    (fichier,) = [p for p in tmp_path.glob("mjc-saint-gervais/*.yml")
                  if p.name != "partenaire.yml"]
    assert communes.par_insee[lire(fichier)["code_insee"]].nom == "Saint-Gervais-les-Bains"


# --- Output -------------------------------------------------------------------------------------


def test_written_files_start_with_the_modeline_and_quote_codes(tmp_path, communes):
    importe_fs(tmp_path, communes)
    texte = (tmp_path / "france-services-72" / "france-services-cc-sud-sarthe.yml").read_text(
        "utf-8")
    assert texte.startswith("# yaml-language-server: $schema=../../schemas/lieu.schema.json\n")
    assert 'code_postal: "72800"' in texte and 'code_insee: "72176"' in texte
    assert texte.index("nom:") < texte.index("adresse:") < texte.index("horaires:") \
        < texte.index("verifie_le:")
    assert "pro:" not in texte


def test_notes_for_professionals_go_to_the_professional_tree_only(tmp_path, communes):
    importe_fs(tmp_path, communes)
    chemin = Path("france-services-72") / "france-services-le-breil-sur-merize.yml"
    assert "a_verifier" not in (tmp_path / chemin).read_text("utf-8")
    notes = lire(arbre_pro(tmp_path) / chemin)
    assert [n["champ"] for n in notes["a_verifier"]] == ["commentaire"]


def test_without_a_professional_tree_the_notes_stay_out_of_the_public_files(tmp_path, communes):
    rapport = Rapport()
    france_services.importer(FS, Sortie(tmp_path), rapport, "72", communes)
    textes = [p.read_text("utf-8") for p in tmp_path.rglob("*.yml")]
    assert textes and not [t for t in textes if "a_verifier" in t or "pro:" in t]
    assert rapport.anomalies  # the notes are still in the import report
    assert not arbre_pro(tmp_path).exists()


def test_imported_annuaire_validates_without_errors(tmp_path, communes):
    importe_fs(tmp_path, communes, departement=None)
    importe_di(tmp_path, communes, departement=None)
    _, report = valider(tmp_path, aujourdhui=AUJOURDHUI)
    assert report.erreurs == []


def test_importing_twice_gives_the_same_files(tmp_path, communes):
    importe_di(tmp_path, communes)
    premier = {p: p.read_text("utf-8") for p in tmp_path.glob("*/*.yml")}
    importe_di(tmp_path, communes)
    assert {p: p.read_text("utf-8") for p in tmp_path.glob("*/*.yml")} == premier


def test_a_file_taken_over_by_a_partner_is_never_overwritten(tmp_path, communes):
    importe_di(tmp_path, communes)
    path = tmp_path / "tarmac" / "tarmac.yml"
    repris = path.read_text("utf-8").replace(
        "verifie_par: Import data·inclusion (cd72, 2018-05-24)", "verifie_par: TARMAC, accueil")
    path.write_text(repris, "utf-8")
    rapport = importe_di(tmp_path, communes)
    assert path.read_text("utf-8") == repris
    assert rapport.bilans["structures.json"].ecartes[REPRISE] == 1


def test_report_csv_lists_anomalies_and_totals(tmp_path, communes):
    rapport = importe_fs(tmp_path, communes, departement=None)
    rapport.ecrire_csv(tmp_path / "rapport.csv")
    with (tmp_path / "rapport.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    assert {"fichier_source", "enregistrement_id", "nom", "champ", "valeur_brute",
            "raison"} == set(rows[0])
    totaux = {r["raison"]: r["valeur_brute"] for r in rows if r["champ"] == "TOTAL"}
    assert totaux["enregistrements lus"] == "8"


# --- Small helpers ------------------------------------------------------------------------------


def test_slugs_are_ascii_and_readable():
    assert slugify("CCAS d'Arnage - Centre Communal") == "ccas-d-arnage-centre-communal"
    assert slugify("[ADOMA] |GHL| RS KOENIGS") == "adoma-ghl-rs-koenigs"


def test_second_phone_number_of_a_cell_becomes_a_note():
    notes = Notes()
    assert telephone("02 43 76 70 25 / 06 12 34 56 78", notes) == "02 43 76 70 25"
    assert notes[0].raison.startswith("numéro supplémentaire")


# --- The whole national files -------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(not NATIONAL.is_dir(), reason="national files not available")
def test_all_national_records_import_without_crash_and_are_accounted_for(tmp_path, communes):
    rapport = Rapport()
    # Files are written by the other tests; here only the mapping of every record counts.
    sortie = Sortie(tmp_path, ecrire_fichiers=False)
    data_inclusion.importer(NATIONAL / "data-inclusion-structures-2023-02.json",
                            NATIONAL / "data-inclusion-services-2023-02.json",
                            sortie, rapport, None, communes)
    france_services.importer(NATIONAL / "france-services-2022-12-01.csv", sortie, rapport, None,
                             communes)
    lus = {b.fichier: b.lus for b in rapport.bilans.values()}
    assert lus == {"france-services-2022-12-01.csv": 2683,
                   "data-inclusion-structures-2023-02.json": 3811,
                   "data-inclusion-services-2023-02.json": 4198}
    assert all(b.comptes for b in rapport.bilans.values())
    assert not any("erreur inattendue" in r for b in rapport.bilans.values() for r in b.ecartes)
    with (NATIONAL / "data-inclusion-structures-2023-02.json").open(encoding="utf-8") as f:
        assert len(json.load(f)) == 3811


# --- Eligibility zones ------------------------------------------------------------------------


def test_the_2023_exports_say_no_zone_so_imported_places_serve_everyone(tmp_path, communes):
    importe_di(tmp_path / "di", communes)
    importe_fs(tmp_path / "fs", communes)
    for chemin in tmp_path.rglob("*.yml"):
        if chemin.name != "partenaire.yml":
            data = lire(chemin)
            assert "zone_eligibilite" not in data, chemin
            assert all("zone_eligibilite" not in s for s in data.get("services", [])), chemin


def test_a_v1_service_zone_is_kept_and_an_epci_code_left_for_a_human(tmp_path, communes):
    offres = json.loads(SERVICES.read_text("utf-8"))
    for offre in offres:
        if offre["nom"] == "Médiation numérique":
            offre["zone_eligibilite"] = ["72181", "200093201"]
    services = tmp_path / "services.json"
    services.write_text(json.dumps(offres, ensure_ascii=False), "utf-8")
    racine = tmp_path / "annuaire"
    data_inclusion.importer(STRUCTURES, services, Sortie(racine, racine_pro=arbre_pro(racine)),
                            Rapport(), "72", communes)
    lieu = fiche(next(racine.glob("communaute-de-communes-du-val-de-sarthe/c*.yml")))
    service = next(s for s in lieu["services"] if s["id"] == "mediation-numerique")
    assert service["zone_eligibilite"] == ["72181"]
    notes = {(n["champ"], n["valeur"]) for n in lieu["pro"]["a_verifier"]}
    assert ("services.mediation-numerique.zone_eligibilite", "200093201") in notes
    _, report = valider(racine, AUJOURDHUI)
    assert not report.erreurs


def test_the_written_field_order_holds_every_field_of_the_model() -> None:
    from guide_solidarites.importers.ecriture import ORDRE_LIEU, ORDRE_PARTENAIRE, ORDRE_SERVICE
    from guide_solidarites.models import CLES_AUTOMATIQUES, Lieu, Partenaire, Service

    for model, ordre in ((Lieu, ORDRE_LIEU), (Partenaire, ORDRE_PARTENAIRE),
                         (Service, ORDRE_SERVICE)):
        attendus = set(model.model_fields) - (CLES_AUTOMATIQUES if model is not Service
                                               else set())
        assert set(ordre) == attendus
    assert "photos" in ORDRE_LIEU and ORDRE_LIEU[-1] == "pro"
