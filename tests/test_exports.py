"""Open-data exports: GeoJSON, CSV and data·inclusion files from a tiny hand-made annuaire."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import geojson
import pytest
import yaml
from guide_solidarites import cli
from guide_solidarites.catalogue import Variante, build_catalogue
from guide_solidarites.exports import (
    COLONNES_CSV_LIEUX,
    DESCRIPTIONS,
    EXPORTE_DATA_INCLUSION,
    LICENCE_URL,
    NON_EXPORTE_DATA_INCLUSION,
    PROPRIETES_GEOJSON,
    Consequence,
    Remarque,
    _garder_si_valide,
    data_inclusion,
    exporter,
    geojson_lieux,
    telephone_e164,
    write_csv_lieux,
    write_exports,
)
from guide_solidarites.models import Lieu, LieuPublic, PartenairePublic, Service
from guide_solidarites.pro import PROPRIETES_PRO, geojson_lieux_pro
from guide_solidarites.validation import valider
from jsonschema import Draft202012Validator

AUJOURDHUI = dt.date(2026, 11, 22)
DI_DIR = Path(__file__).parents[1] / "plugins" / "guide_solidarites" / "data" / "data-inclusion"
ANNUAIRE_DU_DEPOT = Path(__file__).parents[1] / "annuaire"

# Distinctive professional values: none of them may reach a public file, in any form.
SECRETS = ["Dominique Témoin", "Référente secrète", "02 61 91 99 98", "+33261919998",
           "0261919998", "temoin.secret@example.org", "02 61 91 99 97", "+33261919997",
           "NOTE-INTERNE-XYZ", "pro-only@example.org"]


# --- Fixture builders ----------------------------------------------------------------------


def partenaire(**overrides: Any) -> dict[str, Any]:
    return {
        "nom": "Centre communal d'action sociale de Sablé-sur-Sarthe",
        "cercle": "premier-accueil",
        "siret": "21720264100011",
        "reseaux_porteurs": ["ccas-cias"],
        "verifie_le": "2026-10-01",
        "verifie_par": "CCAS de Sablé-sur-Sarthe, accueil",
    } | overrides


def lieu(**overrides: Any) -> dict[str, Any]:
    return {
        "nom": "CCAS de Sablé-sur-Sarthe",
        "type": "ccas-cias",
        "premier_accueil": True,
        "adresse": "1 place Raphaël Élizé",
        "code_postal": "72300",
        "code_insee": "72264",
        "coordonnees": {"latitude": 47.84041234, "longitude": -0.33345678,
                        "precision": "adresse"},
        "modes_accueil": ["sans-rendez-vous", "telephone"],
        "telephone": "02 43 62 50 00",
        "horaires": {"sans_rendez_vous": "Mo-Fr 09:00-12:00; PH off"},
        "thematiques": ["difficultes-administratives-ou-juridiques--accompagnement-pour-"
                        "lacces-aux-droits"],
        "publics": ["tous-publics"],
        "frais": "gratuit",
        "verifie_le": "2026-10-01",
        "verifie_par": "CCAS de Sablé-sur-Sarthe, accueil",
    } | overrides


PRO = {
    "referents": [{"nom": "Dominique Témoin", "fonction": "Référente secrète",
                   "telephone": "02 61 91 99 98", "courriel": "temoin.secret@example.org"}],
    "ligne_directe": "02 61 91 99 97",
    "courriel": "pro-only@example.org",
    "notes": "NOTE-INTERNE-XYZ",
}

SERVICE = {
    "id": "aide-administrative",
    "nom": "Aide aux démarches administratives",
    "type": "accompagnement",
    "description": "Un agent vous aide à remplir vos dossiers (Caf, logement, retraite).",
    "thematiques": ["difficultes-administratives-ou-juridiques--accompagnement-aux-"
                    "demarches-administratives"],
    "publics": ["tous-publics"],
    "modes_mobilisation": ["se-presenter", "telephoner"],
}


@pytest.fixture(autouse=True)
def extensions_fraiches(monkeypatch: pytest.MonkeyPatch) -> None:
    # cli.main() appends the registered commands on every call: start each test afresh.
    monkeypatch.setattr(cli, "EXTENSIONS", [])


def ecrire_annuaire(tmp_path: Path, fichiers: dict[str, dict[str, Any]]) -> Path:
    """The public tree in tmp_path/annuaire; each record's `pro` goes to the same place in
    the professional tree, tmp_path/annuaire-pro."""
    racine = tmp_path / "annuaire"
    for nom, data in fichiers.items():
        public = {k: v for k, v in data.items() if k != "pro"}
        for arbre, contenu in ((racine, public), (tmp_path / "annuaire-pro", data.get("pro"))):
            if contenu is None:
                continue
            chemin = arbre / nom
            chemin.parent.mkdir(parents=True, exist_ok=True)
            chemin.write_text(yaml.safe_dump(contenu, allow_unicode=True, sort_keys=False),
                              "utf-8")
    (tmp_path / "annuaire-pro").mkdir(exist_ok=True)
    return racine


def catalogue(racine: Path, variante: Variante = Variante.PUBLIC) -> Any:
    charge, report = valider(racine, aujourdhui=AUJOURDHUI,
                             racine_pro=racine.parent / "annuaire-pro")
    assert not report.erreurs, [p.format() for p in report.erreurs]
    return build_catalogue(charge, variante, racine, aujourdhui=AUJOURDHUI)


@pytest.fixture
def annuaire(tmp_path: Path) -> Path:
    """A partner with three places: one with a pro block and services, one unlocated with
    the 115, one plain."""
    return ecrire_annuaire(tmp_path, {
        "ccas-sable/partenaire.yml": partenaire(pro={"notes": "NOTE-INTERNE-XYZ"}),
        "ccas-sable/ccas-sable.yml": lieu(pro=PRO, zone_eligibilite=["72264"], services=[
            SERVICE,
            {"id": "sans-description", "nom": "Domiciliation"},
            {"id": "trop-court", "nom": "Colis", "description": "Oui."},
        ]),
        "ccas-sable/veille-sociale.yml": lieu(
            nom="Veille sociale 115", type="hebergement", premier_accueil=False,
            coordonnees=None, modes_accueil=["telephone"], adresse=None, telephone="115",
            horaires={}, description="Ok"),
        "ccas-sable/epicerie.yml": lieu(
            nom="Épicerie solidaire", type="aide-alimentaire", premier_accueil=False,
            modes_accueil=["sur-rendez-vous"], horaires={"sur_rendez_vous": "Tu 14:00-17:00"},
            accessibilite={"pmr": True}),
    })


def tout_le_texte(dossier: Path) -> str:
    return "\n".join(p.read_text("utf-8-sig") for p in sorted(dossier.rglob("*"))
                     if p.is_file())


def valideur(nom: str) -> Draft202012Validator:
    schema = json.loads((DI_DIR / f"{nom}.json").read_text("utf-8"))
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


# --- Public only ---------------------------------------------------------------------------


def test_aucune_valeur_pro_dans_les_fichiers_ouverts(annuaire: Path, tmp_path: Path) -> None:
    write_exports(catalogue(annuaire), tmp_path / "sortie")
    texte = tout_le_texte(tmp_path / "sortie")
    for secret in SECRETS:
        assert secret not in texte


def test_les_donnees_ouvertes_refusent_le_catalogue_pro(annuaire: Path, tmp_path: Path) -> None:
    pro = catalogue(annuaire, Variante.PRO)
    with pytest.raises(ValueError, match="catalogue public"):
        write_exports(pro, tmp_path / "sortie")
    with pytest.raises(ValueError):
        data_inclusion(pro)
    assert not (tmp_path / "sortie").exists()


def test_les_donnees_ouvertes_refusent_un_enregistrement_qui_n_est_pas_public(
        annuaire: Path, tmp_path: Path) -> None:
    """What the types cannot see: a record as an importer assembles it, `pro` included."""
    cat = catalogue(annuaire)
    lieu = cat.lieux["ccas-sable"]
    cat.lieux["ccas-sable"] = Lieu.model_validate({**lieu.model_dump(), "pro": PRO})
    with pytest.raises(ValueError, match="catalogue public"):
        write_exports(cat, tmp_path / "sortie")
    assert not (tmp_path / "sortie").exists()


def test_geojson_pro_ajoute_referents_et_ligne_directe(annuaire: Path) -> None:
    features = {f["id"]: f for f in
                geojson_lieux_pro(catalogue(annuaire, Variante.PRO))["features"]}
    proprietes = features["ccas-sable"]["properties"]
    assert list(proprietes) == [p.nom for p in (*PROPRIETES_GEOJSON, *PROPRIETES_PRO)]
    assert proprietes["referents"] == [{
        "nom": "Dominique Témoin", "fonction": "Référente secrète",
        "telephone": "02 61 91 99 98", "courriel": "temoin.secret@example.org"}]
    assert proprietes["ligne_directe"] == "02 61 91 99 97"
    assert features["epicerie"]["properties"]["referents"] == []


def test_geojson_public_na_que_les_proprietes_du_contrat(annuaire: Path) -> None:
    for feature in geojson_lieux(catalogue(annuaire))["features"]:
        assert list(feature["properties"]) == [p.nom for p in PROPRIETES_GEOJSON]


# --- GeoJSON -------------------------------------------------------------------------------


def test_geojson_valide_compact_et_arrondi(annuaire: Path, tmp_path: Path) -> None:
    write_exports(catalogue(annuaire), tmp_path)
    texte = (tmp_path / "lieux.geojson").read_text("utf-8")
    assert geojson.loads(texte).is_valid
    assert ": " not in texte and "\n" not in texte
    features = {f["id"]: f for f in json.loads(texte)["features"]}
    assert features["ccas-sable"]["geometry"]["coordinates"] == [-0.333457, 47.840412]
    p = features["ccas-sable"]["properties"]
    assert p == {
        "id": "ccas-sable", "nom": "CCAS de Sablé-sur-Sarthe", "type": "ccas-cias",
        "type_libelle": "CCAS / CIAS", "premier_accueil": True, "precision": "adresse",
        "adresse": "1 place Raphaël Élizé",
        "adresse_complete": "1 place Raphaël Élizé, 72300 Sablé-sur-Sarthe",
        "code_postal": "72300", "code_insee": "72264",
        "commune": "Sablé-sur-Sarthe", "url": "lieux/ccas-sable/",
        "telephone": "02 43 62 50 00", "modes_accueil": ["sans-rendez-vous", "telephone"],
        "categories": ["difficultes-administratives-ou-juridiques"],
        "thematiques": [
            "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
            "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-"
            "administratives"],
        "publics": ["tous-publics"], "zone_eligibilite": ["72264"], "pmr": None,
        "douches": False,
        "partenaire": "ccas-sable",
        "partenaire_nom": "Centre communal d'action sociale de Sablé-sur-Sarthe",
        "verifie_le": "2026-10-01",
    }
    assert features["epicerie"]["properties"]["pmr"] is True


def test_lieu_sans_coordonnees_absent_de_la_carte_et_signale(annuaire: Path) -> None:
    remarques: list[Remarque] = []
    collection = geojson_lieux(catalogue(annuaire), remarques)
    assert "veille-sociale" not in {f["id"] for f in collection["features"]}
    assert [(r.fichier, r.enregistrement, r.champ, r.consequence) for r in remarques] == [
        ("lieux.geojson", "veille-sociale", "coordonnees", Consequence.ENREGISTREMENT_OMIS)]


# --- CSV -----------------------------------------------------------------------------------

ENTETE_CSV = [
    "Identifiant", "Nom", "Type", "Premier accueil social inconditionnel",
    "Identifiant du partenaire", "Partenaire", "Adresse", "Complément d'adresse",
    "Code postal", "Code INSEE", "Commune", "Latitude", "Longitude",
    "Précision de la position", "Téléphone", "Courriel", "Site web", "Démarche en ligne",
    "Modes d'accueil", "Horaires sans rendez-vous", "Horaires sur rendez-vous",
    "Horaires du téléphone", "Thématiques", "Publics", "Zone d'éligibilité", "Langues",
    "Accessible en fauteuil roulant", "Fiche Acceslibre", "Frais", "Vérifié le",
    "Vérifié par", "Page du guide", "Douches",
]


def test_entete_csv_stable() -> None:
    assert list(COLONNES_CSV_LIEUX) == ENTETE_CSV


def test_csv_pour_excel_une_ligne_par_lieu(annuaire: Path, tmp_path: Path) -> None:
    write_csv_lieux(catalogue(annuaire), tmp_path / "lieux.csv")
    brut = (tmp_path / "lieux.csv").read_bytes()
    assert brut.startswith(b"\xef\xbb\xbf")
    lignes = list(csv.DictReader(io.StringIO(brut.decode("utf-8-sig")), delimiter=";"))
    assert [r["Identifiant"] for r in lignes] == ["ccas-sable", "epicerie", "veille-sociale"]
    ccas = lignes[0]
    assert ccas["Latitude"] == "47.840412" and ccas["Longitude"] == "-0.333457"
    assert ccas["Modes d'accueil"] == "Sans rendez-vous|Par téléphone"
    assert ccas["Premier accueil social inconditionnel"] == "oui"
    assert ccas["Frais"] == "Gratuit"
    assert ccas["Zone d'éligibilité"] == "Sablé-sur-Sarthe (72264)"
    assert lignes[1]["Zone d'éligibilité"] == ""  # everyone
    # A place without coordinates keeps its row, with empty position cells.
    assert lignes[2]["Latitude"] == "" and lignes[2]["Téléphone"] == "115"


# --- data·inclusion ------------------------------------------------------------------------


def test_telephone_e164_sauf_numeros_courts() -> None:
    assert telephone_e164("02 43 62 50 00") == "+33243625000"
    assert telephone_e164("+33 2 43 62 50 00") == "+33243625000"
    assert telephone_e164("115") is None


def test_une_structure_par_lieu_avec_siret_du_partenaire(annuaire: Path) -> None:
    structures, _ = data_inclusion(catalogue(annuaire), source="cd72",
                                   site_url="https://guide.example.org/")
    ccas = next(s for s in structures if s["id"] == "cd72--ccas-sable")
    assert ccas == {
        "source": "cd72", "id": "cd72--ccas-sable", "nom": "CCAS de Sablé-sur-Sarthe",
        "date_maj": "2026-10-01",
        "lien_source": "https://guide.example.org/lieux/ccas-sable/",
        "siret": "21720264100011", "commune": "Sablé-sur-Sarthe", "code_postal": "72300",
        "code_insee": "72264", "adresse": "1 place Raphaël Élizé", "longitude": -0.333457,
        "latitude": 47.840412, "telephone": "+33243625000",
        "horaires_accueil": "Mo-Fr 09:00-12:00; PH off", "reseaux_porteurs": ["ccas-cias"],
    }
    assert [s["id"] for s in structures] == ["cd72--ccas-sable", "cd72--epicerie",
                                             "cd72--veille-sociale"]


def test_tous_les_enregistrements_valident_le_schema_officiel(annuaire: Path) -> None:
    structures, services = data_inclusion(catalogue(annuaire))
    assert len(structures) == 3 and len(services) == 1
    for record in structures:
        assert not list(valideur("structure").iter_errors(record)), record["id"]
    for record in services:
        assert not list(valideur("service").iter_errors(record)), record["id"]


def test_service_derive_lieu_et_modes_sans_inventer(annuaire: Path) -> None:
    _, services = data_inclusion(catalogue(annuaire))
    assert services[0]["id"] == "guide-solidarites--ccas-sable--aide-administrative"
    assert services[0]["structure_id"] == "guide-solidarites--ccas-sable"
    assert services[0]["modes_accueil"] == ["en-presentiel", "a-distance"]
    assert services[0]["modes_mobilisation"] == ["se-presenter", "telephoner"]
    # The service has no zone of its own: it receives whom its place receives.
    assert services[0]["zone_eligibilite"] == ["72264"]
    assert "frais" not in services[0]


def test_ce_qui_ne_passe_pas_fidelement_est_signale(annuaire: Path) -> None:
    remarques: list[Remarque] = []
    data_inclusion(catalogue(annuaire), remarques=remarques)
    vues = {(r.fichier, r.enregistrement, r.champ, r.consequence) for r in remarques}
    s = "guide-solidarites--"
    assert vues == {
        ("data-inclusion/services.json", s + "ccas-sable--sans-description", "description",
         Consequence.ENREGISTREMENT_OMIS),
        ("data-inclusion/services.json", s + "ccas-sable--trop-court", "description",
         Consequence.CHAMP_OMIS),
        ("data-inclusion/services.json", s + "ccas-sable--trop-court", "description",
         Consequence.ENREGISTREMENT_OMIS),
        ("data-inclusion/structures.json", s + "veille-sociale", "telephone",
         Consequence.EXPORTE_TEL_QUEL),
        ("data-inclusion/structures.json", s + "veille-sociale", "description",
         Consequence.CHAMP_OMIS),
        ("data-inclusion/structures.json", s + "epicerie", "horaires_accueil",
         Consequence.CHAMP_OMIS),
    }


def test_numero_court_exporte_tel_quel(annuaire: Path) -> None:
    structures, _ = data_inclusion(catalogue(annuaire))
    veille = next(s for s in structures if s["id"].endswith("veille-sociale"))
    assert veille["telephone"] == "115"
    assert "description" not in veille and "latitude" not in veille


def test_enregistrement_refuse_par_le_schema_omis_et_signale() -> None:
    remarques: list[Remarque] = []
    gardé = _garder_si_valide("structure", "data-inclusion/structures.json",
                              {"source": "x", "id": "x--y", "nom": "AB", "date_maj": "2026-01-01"},
                              remarques)
    assert not gardé
    assert [(r.champ, r.consequence) for r in remarques] == [
        ("nom", Consequence.ENREGISTREMENT_OMIS)]


def test_annuaire_du_depot_valide_le_schema_officiel(tmp_path: Path) -> None:
    # The importer fills annuaire/ with real records: whatever is there must export
    # cleanly. Invalid files are not in the catalogue; the export refuses them anyway.
    charge, _ = valider(ANNUAIRE_DU_DEPOT)
    cat = build_catalogue(charge, Variante.PUBLIC, ANNUAIRE_DU_DEPOT)
    remarques: list[Remarque] = []
    structures, services = data_inclusion(cat, remarques=remarques)
    assert not [r for r in remarques if "schéma officiel" in r.raison]
    assert len(structures) == len(cat.lieux)
    for record in structures:
        assert not list(valideur("structure").iter_errors(record)), record["id"]
    for record in services:
        assert not list(valideur("service").iter_errors(record)), record["id"]
    assert geojson.loads(json.dumps(geojson_lieux(cat))).is_valid


# --- Writing and describing ----------------------------------------------------------------


def test_write_exports_ecrit_les_cinq_fichiers(annuaire: Path, tmp_path: Path) -> None:
    chemins, rapport = exporter(catalogue(annuaire), tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in chemins] == [
        "lieux.geojson", "lieux.csv", "data-inclusion/structures.json",
        "data-inclusion/services.json", "rapport-export.json"]
    assert (rapport.lieux, rapport.lieux_geojson, rapport.structures,
            rapport.services_annuaire, rapport.services) == (3, 2, 3, 3, 1)
    sauve = json.loads((tmp_path / "rapport-export.json").read_text("utf-8"))
    assert len(sauve["remarques"]) == len(rapport.remarques) == 7


def test_chaque_fichier_et_champ_est_decrit() -> None:
    decrits = {d.chemin: d for d in DESCRIPTIONS}
    assert set(decrits) == {"lieux.geojson", "lieux.csv", "data-inclusion/structures.json",
                            "data-inclusion/services.json", "rapport-export.json"}
    assert [c.nom for c in decrits["lieux.csv"].champs] == ENTETE_CSV
    assert [c.nom for c in decrits["lieux.geojson"].champs] == [p.nom for p in PROPRIETES_GEOJSON]
    assert "structure_id" in {c.nom for c in decrits["data-inclusion/services.json"].champs}
    for d in DESCRIPTIONS:
        assert d.licence == "Licence Ouverte 2.0" and d.licence_url == LICENCE_URL
        assert all(c.description for c in d.champs)


# --- guide exporter ------------------------------------------------------------------------


def test_cli_exporter(annuaire: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
                      ) -> None:
    sortie = tmp_path / "sortie"
    code = cli.main(["exporter", str(annuaire), "--sortie", str(sortie), "--source", "cd72",
                 "--date", "2026-11-22"])
    out, err = capsys.readouterr()
    assert code == 0
    assert str(sortie / "lieux.geojson") in out
    assert ("Export terminé : 3 lieux dans le CSV, 2 sur la carte (GeoJSON) ; data·inclusion : "
            "3 structures, 1 service sur 3 décrits ; 7 remarques.") in err
    structures = json.loads((sortie / "data-inclusion/structures.json").read_text("utf-8"))
    assert {s["source"] for s in structures} == {"cd72"}


def test_cli_exporter_refuse_un_annuaire_en_erreur(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    racine = ecrire_annuaire(tmp_path, {
        "ccas-sable/partenaire.yml": partenaire(),
        "ccas-sable/ccas-sable.yml": lieu(code_insee="99999"),
    })
    sortie = tmp_path / "sortie"
    code = cli.main(["exporter", str(racine), "--sortie", str(sortie), "--date", "2026-11-22"])
    err = capsys.readouterr().err
    assert code == 1
    assert "commune-inconnue" in err and "Export refusé" in err
    assert not sortie.exists()


# --- The data·inclusion decision, field by field ------------------------------------------


@pytest.mark.parametrize("modele", [LieuPublic, Service, PartenairePublic])
def test_each_public_field_is_either_exported_to_data_inclusion_or_listed_with_a_reason(
        modele: type) -> None:
    exportes = set(EXPORTE_DATA_INCLUSION[modele.__name__])
    omis = NON_EXPORTE_DATA_INCLUSION[modele.__name__]
    assert not exportes & set(omis), "un champ est à la fois exporté et omis"
    manquants = set(modele.model_fields) - exportes - set(omis)  # type: ignore[attr-defined]
    assert not manquants, f"décidez de l'export data·inclusion de {sorted(manquants)}"
    assert not (exportes | set(omis)) - set(modele.model_fields)  # type: ignore[attr-defined]
    assert all(len(raison) > 10 for raison in omis.values())


def test_the_declared_data_inclusion_fields_exist_in_the_official_schemas() -> None:
    proprietes = {nom: set(json.loads((DI_DIR / f"{nom}.json").read_text("utf-8"))
                           ["properties"]) for nom in ("structure", "service")}
    for champs in EXPORTE_DATA_INCLUSION.values():
        for destinations in champs.values():
            for destination in destinations:
                fichier, champ = destination.split(".")
                assert champ in proprietes[fichier], destination

