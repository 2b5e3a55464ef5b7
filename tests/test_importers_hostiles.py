"""Importers facing broken, hostile or edited input: nothing crashes, nothing half-written,
nothing a person wrote is overwritten."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
from guide_solidarites import cli
from guide_solidarites.importers import data_inclusion, france_services
from guide_solidarites.importers.commun import Communes, Notes, telephone
from guide_solidarites.importers.lecture import LONGUEUR_MAX_VALEUR, ImportImpossible
from guide_solidarites.importers.rapport import Rapport
from guide_solidarites.importers.sortie import MANIFESTE, MODIFIEE, SANS_EMPREINTE, Sortie
from guide_solidarites.loader import read_yaml
from guide_solidarites.validation import valider

FIXTURES = Path(__file__).parent / "data" / "import"
FS = FIXTURES / "france-services.csv"
STRUCTURES = FIXTURES / "structures.json"
SERVICES = FIXTURES / "services.json"
NATIONAL = Path(os.environ.get("GUIDE_DONNEES_NATIONALES",
                               Path(__file__).resolve().parents[2] / "shared" / "data"))
SARTHE = "france-services-72"
SUD_SARTHE = f"{SARTHE}/france-services-cc-sud-sarthe.yml"


@pytest.fixture(scope="module")
def communes() -> Communes:
    return Communes()


def lignes_fs() -> list[dict[str, str]]:
    with FS.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def ecrire_fs(path: Path, lignes: list[dict[str, str]], separateur: str = ",",
              encodage: str = "utf-8", colonnes: list[str] | None = None) -> Path:
    flux = io.StringIO(newline="")
    writer = csv.DictWriter(flux, fieldnames=colonnes or list(lignes[0]),
                            delimiter=separateur, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(lignes)
    path.write_bytes(flux.getvalue().encode(encodage))
    return path


def importe_fs(source: Path, racine: Path, communes: Communes,
               departement: str | None = "72", racine_pro: Path | None = None,
               **kwargs: Any) -> Rapport:
    rapport = Rapport()
    france_services.importer(source, Sortie(racine, racine_pro=racine_pro), rapport,
                             departement, communes, **kwargs)
    return rapport


def importe_di(structures: Path, services: Path, racine: Path, communes: Communes,
               departement: str | None = "72") -> Rapport:
    rapport = Rapport()
    data_inclusion.importer(structures, services, Sortie(racine), rapport, departement,
                            communes)
    return rapport


def arbre(racine: Path) -> dict[str, bytes]:
    """Every file under `racine` (the manifest included) and its bytes."""
    if not racine.exists():
        return {}
    return {p.relative_to(racine).as_posix(): p.read_bytes()
            for p in sorted(racine.rglob("*")) if p.is_file()}


def lire(path: Path) -> dict[str, Any]:
    doc, problems = read_yaml(path)
    assert doc is not None and not problems, problems
    return doc.data


def raisons(rapport: Rapport, fichier: str) -> dict[str, int]:
    return dict(rapport.bilans[fichier].ecartes)


# --- The file as a whole: wrong format, nothing written ---------------------------------------


def test_wrong_delimiter_is_a_format_error_naming_the_columns_not_an_outside_row(
        tmp_path, communes):
    source = ecrire_fs(tmp_path / "fs.csv", lignes_fs(), separateur=";")
    racine = tmp_path / "annuaire"
    with pytest.raises(ImportImpossible) as exc:
        importe_fs(source, racine, communes)
    assert exc.value.message.startswith("format incorrect : colonne(s) manquante(s) : id_fs, "
                                        "insee_dep, lib_fs")
    assert "séparé par « ; »" in exc.value.indice
    assert arbre(racine) == {}


def test_missing_columns_are_named_and_nothing_is_imported(tmp_path, communes):
    colonnes = [c for c in lignes_fs()[0] if c not in ("lib_com", "h_samedi")]
    source = ecrire_fs(tmp_path / "fs.csv", lignes_fs(), colonnes=colonnes)
    with pytest.raises(ImportImpossible) as exc:
        importe_fs(source, tmp_path / "annuaire", communes)
    assert exc.value.message == "format incorrect : colonne(s) manquante(s) : lib_com, h_samedi"
    assert not (tmp_path / "annuaire").exists()


def test_columns_are_read_by_name_whatever_their_order(tmp_path, communes):
    colonnes = list(reversed(list(lignes_fs()[0])))
    source = ecrire_fs(tmp_path / "france-services.csv", lignes_fs(), colonnes=colonnes)
    importe_fs(source, tmp_path / "inverse", communes)
    importe_fs(FS, tmp_path / "ordre", communes)
    assert arbre(tmp_path / "inverse") == arbre(tmp_path / "ordre")


def test_cli_says_format_incorrect_in_french_without_traceback(tmp_path, capsys):
    source = ecrire_fs(tmp_path / "fs.csv", lignes_fs(), separateur="\t")
    code = cli.main(["importer", "france-services", str(source), "--departement", "72",
                     "--sortie", str(tmp_path / "annuaire")])
    err = capsys.readouterr().err
    assert code == 2
    assert "Import impossible : fs.csv : format incorrect : colonne(s) manquante(s)" in err
    assert "tabulation" in err and "Aucun fichier de l'annuaire n'a été modifié." in err
    assert "Traceback" not in err and "hors du département" not in err
    assert not (tmp_path / "annuaire").exists()


def test_latin1_file_is_decoded_and_imported_whole_with_a_report_line(tmp_path, communes):
    lignes = [ligne for ligne in lignes_fs() if ligne["id_fs"] != "2696"]  # ’ is not Latin-1
    source = ecrire_fs(tmp_path / "france-services.csv", lignes, encodage="latin-1")
    rapport = importe_fs(source, tmp_path / "latin1", communes, departement=None)
    importe_fs(ecrire_fs(tmp_path / "utf8.csv", lignes), tmp_path / "utf8", communes,
               departement=None)
    assert arbre(tmp_path / "latin1") == arbre(tmp_path / "utf8")
    assert ("encodage", "cp1252") in {(a.champ, a.valeur) for a in rapport.anomalies}
    assert rapport.bilans["france-services.csv"].importes == 7


def test_a_file_valid_utf8_until_a_latin1_byte_is_not_imported_by_halves(tmp_path, communes):
    # Today's crash: the rows before the bad byte were written, the rest never read.
    texte = FS.read_bytes() + "9999,72,Ancienne mairie d'Écommoy,,,,,,,,,,,,,,,,,,,,\n".encode(
        "latin-1")
    source = tmp_path / "france-services.csv"
    source.write_bytes(texte)
    rapport = importe_fs(source, tmp_path / "annuaire", communes)
    bilan = rapport.bilans["france-services.csv"]
    assert bilan.lus == 9 and bilan.comptes
    # The UTF-8 part read as Windows-1252 is repaired cell by cell ("Ã´" -> "ô").
    assert lire(tmp_path / "annuaire" / SUD_SARTHE)["nom"] == "France services CC Sud Sarthe"
    # The Latin-1 row is read too (and, a name only, placed in its commune).
    ecommoy = lire(tmp_path / "annuaire" / SARTHE / "ancienne-mairie-d-ecommoy.yml")
    assert ecommoy["nom"] == "Ancienne mairie d'Écommoy"
    assert communes.par_insee[ecommoy["code_insee"]].nom == "Écommoy"


def test_a_200_kb_field_costs_its_row_only(tmp_path, communes):
    lignes = lignes_fs()
    geante = next(ligne for ligne in lignes if ligne["id_fs"] == "2253")
    geante["commentaire"] = "x" * 200_000
    source = ecrire_fs(tmp_path / "france-services.csv", lignes)
    rapport = importe_fs(source, tmp_path / "annuaire", communes)
    assert raisons(rapport, "france-services.csv") == {
        "hors du département demandé": 5,
        f"valeur trop longue dans la colonne commentaire (200000 caractères, "
        f"{LONGUEUR_MAX_VALEUR} au plus)": 1}
    assert (tmp_path / "annuaire" / SUD_SARTHE).is_file()


def test_missing_lib_fs_is_reported_and_writes_no_empty_partner(tmp_path, communes):
    lignes = [ligne for ligne in lignes_fs() if ligne["insee_dep"] == "88"]
    for ligne in lignes:
        ligne["lib_fs"] = ""
    source = ecrire_fs(tmp_path / "france-services.csv", lignes)
    rapport = importe_fs(source, tmp_path / "annuaire", communes, departement="88")
    assert raisons(rapport, "france-services.csv") == {france_services.SANS_NOM: 2}
    assert arbre(tmp_path / "annuaire") == {}


def test_two_rows_with_the_same_id_fs_make_one_record_and_a_report_line(tmp_path, communes):
    lignes = lignes_fs()
    copie = dict(next(ligne for ligne in lignes if ligne["id_fs"] == "426"))
    copie["lib_fs"] = "France services CC Sud Sarthe (doublon)"
    source = ecrire_fs(tmp_path / "france-services.csv", [*lignes, copie])
    rapport = importe_fs(source, tmp_path / "annuaire", communes)
    assert raisons(rapport, "france-services.csv")[
        "identifiant id_fs en double (déjà lu ligne 4) : seule la première ligne est "
        "importée"] == 1
    fichiers = sorted(p.name for p in (tmp_path / "annuaire" / SARTHE).glob("*.yml"))
    assert fichiers == ["france-services-cc-sud-sarthe.yml",
                        "france-services-de-l-huisne-sarthoise.yml",
                        "france-services-le-breil-sur-merize.yml", "partenaire.yml"]


def test_the_printed_report_shows_control_characters_instead_of_sending_them(tmp_path,
                                                                             communes):
    lignes = lignes_fs()
    ligne = next(ligne for ligne in lignes if ligne["id_fs"] == "426")
    ligne["telephone"] = "\x1b[2J\u202e00 00"
    source = ecrire_fs(tmp_path / "france-services.csv", lignes)
    texte = importe_fs(source, tmp_path / "annuaire", communes).texte()
    assert "\x1b" not in texte and "\u202e" not in texte
    assert "telephone « <U+001B>[2J<U+202E>00 00 » : numéro de téléphone invalide" in texte


def test_digits_picked_out_of_other_text_are_not_a_phone_number():
    notes = Notes()
    assert telephone("\x1b[2J00 00", notes) is None
    assert notes[0].raison == "numéro de téléphone invalide"
    assert telephone("30 39", Notes()) == "3039"


# --- data·inclusion files --------------------------------------------------------------------


def test_invalid_json_is_a_french_error_with_its_line(tmp_path, communes):
    casse = tmp_path / "structures.json"
    casse.write_text(STRUCTURES.read_text("utf-8")[:-30], "utf-8")
    with pytest.raises(ImportImpossible) as exc:
        importe_di(casse, SERVICES, tmp_path / "annuaire", communes)
    assert exc.value.message.startswith("JSON invalide, ligne ")
    assert exc.value.message == ("JSON invalide, ligne 124, colonne 2 : nom de propriété "
                                 "entre guillemets droits attendu")
    assert not (tmp_path / "annuaire").exists()


def test_an_object_instead_of_a_list_is_a_format_error(tmp_path, communes):
    objet = tmp_path / "services.json"
    objet.write_text(json.dumps({"data": json.loads(SERVICES.read_text("utf-8"))}), "utf-8")
    with pytest.raises(ImportImpossible) as exc:
        importe_di(STRUCTURES, objet, tmp_path / "annuaire", communes)
    assert exc.value.message == ("format incorrect : le fichier contient un objet ({...}) au "
                                 "lieu d'une liste de services ([...])")


def test_cli_reports_invalid_json_without_traceback(tmp_path, capsys):
    casse = tmp_path / "structures.json"
    casse.write_text("[{\"id\": 1,,}]", "utf-8")
    code = cli.main(["importer", "data-inclusion", str(casse), str(SERVICES), "--departement",
                     "72", "--sortie", str(tmp_path / "annuaire")])
    err = capsys.readouterr().err
    assert code == 2
    assert "structures.json : JSON invalide, ligne 1, colonne 11" in err
    assert "Traceback" not in err and "Expecting" not in err


def test_a_200_kb_json_value_or_a_non_object_costs_its_record_only(tmp_path, communes):
    structures = json.loads(STRUCTURES.read_text("utf-8"))
    val = next(s for s in structures if s["nom"] == "COMMUNAUTE DE COMMUNES DU VAL DE SARTHE")
    val["presentation_detail"] = "y" * 200_000
    fichier = tmp_path / "structures.json"
    fichier.write_text(json.dumps([*structures, "pas un objet", [1, 2]]), "utf-8")
    rapport = importe_di(fichier, SERVICES, tmp_path / "annuaire", communes, departement=None)
    ecartes = raisons(rapport, "structures.json")
    assert ecartes == {
        f"valeur trop longue dans le champ presentation_detail (200000 caractères, "
        f"{LONGUEUR_MAX_VALEUR} au plus)": 1,
        "enregistrement qui n'est pas un objet JSON ({...})": 2}
    assert not (tmp_path / "annuaire" / "communaute-de-communes-du-val-de-sarthe").exists()
    assert rapport.bilans["structures.json"].importes == 6
    # Its two services are skipped with it, not counted as orphans.
    assert raisons(rapport, "services.json") == {
        "structure écartée (valeur trop longue)": 2, "structure absente de l'export": 1}


def test_two_structures_with_the_same_id_make_one_record(tmp_path, communes):
    structures = json.loads(STRUCTURES.read_text("utf-8"))
    fichier = tmp_path / "structures.json"
    fichier.write_text(json.dumps([*structures, structures[0]]), "utf-8")
    rapport = importe_di(fichier, SERVICES, tmp_path / "annuaire", communes, departement=None)
    bilan = rapport.bilans["structures.json"]
    assert bilan.ecartes == {data_inclusion.DOUBLON: 1} and bilan.importes == 7
    assert not list((tmp_path / "annuaire").glob("*-2"))


# --- All or nothing ------------------------------------------------------------------------


def test_a_failed_import_leaves_the_previous_import_untouched(tmp_path, communes):
    racine = tmp_path / "annuaire"
    importe_di(STRUCTURES, SERVICES, racine, communes)
    avant = arbre(racine)
    casse = tmp_path / "services.json"
    casse.write_text(SERVICES.read_text("utf-8")[:-10], "utf-8")
    with pytest.raises(ImportImpossible):
        importe_di(STRUCTURES, casse, racine, communes)
    assert arbre(racine) == avant
    assert sorted(p.name for p in tmp_path.iterdir()) == ["annuaire", "services.json"]


def test_files_are_written_through_a_folder_beside_the_annuaire_then_removed(tmp_path,
                                                                            communes):
    racine = tmp_path / "annuaire"
    importe_fs(FS, racine, communes)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["annuaire"]
    assert sorted(arbre(racine)) == [MANIFESTE, f"{SARTHE}/france-services-cc-sud-sarthe.yml",
                                     f"{SARTHE}/france-services-de-l-huisne-sarthoise.yml",
                                     f"{SARTHE}/france-services-le-breil-sur-merize.yml",
                                     f"{SARTHE}/partenaire.yml"]


# --- Never overwrite a file that changed since the import wrote it ---------------------------


def test_manifest_holds_the_fingerprint_and_source_of_every_written_file(tmp_path, communes):
    import hashlib

    racine = tmp_path / "annuaire"
    importe_fs(FS, racine, communes)
    manifeste = json.loads((racine / MANIFESTE).read_text("utf-8"))["fichiers"]
    assert manifeste[SUD_SARTHE] == {
        "sha256": hashlib.sha256((racine / SUD_SARTHE).read_bytes()).hexdigest(),
        "source": "France Services (ANCT)", "identifiant": "426"}
    assert set(manifeste) == {k for k in arbre(racine) if k != MANIFESTE}


def test_an_edited_record_still_signed_import_is_kept_and_reported(tmp_path, communes):
    racine = tmp_path / "annuaire"
    importe_fs(FS, racine, communes)
    path = racine / SUD_SARTHE
    edite = path.read_text("utf-8").replace("Tu-Th 09:00-12:30,14:00-17:30",
                                            "Tu-Th 09:00-12:00,14:00-17:00")
    assert "verifie_par: Import France Services" in edite
    edite += "# Référente : Mme Exemple, 02 61 91 00 00\n"
    path.write_text(edite, "utf-8")
    rapport = importe_fs(FS, racine, communes)
    assert path.read_text("utf-8") == edite
    assert raisons(rapport, "france-services.csv")[MODIFIEE] == 1
    assert (SUD_SARTHE, MODIFIEE) in {(a.valeur, a.raison.removeprefix("écarté : "))
                                      for a in rapport.anomalies}


def test_an_unchanged_imported_record_is_updated_by_the_next_import(tmp_path, communes):
    import datetime as dt

    racine = tmp_path / "annuaire"
    importe_fs(FS, racine, communes)
    rapport = importe_fs(FS, racine, communes, date=dt.date(2023, 6, 1))
    assert lire(racine / SUD_SARTHE)["verifie_le"] == dt.date(2023, 6, 1)
    assert rapport.bilans["france-services.csv"].importes == 3


def test_a_record_that_lost_its_source_block_gets_no_duplicate(tmp_path, communes):
    racine = tmp_path / "annuaire"
    importe_fs(FS, racine, communes)
    path = racine / SUD_SARTHE
    lignes = path.read_text("utf-8").splitlines(keepends=True)
    debut = next(i for i, ligne in enumerate(lignes) if ligne.startswith("source:"))
    fin = next((i for i in range(debut + 1, len(lignes)) if not lignes[i].startswith(" ")),
               len(lignes))
    sans_source = "".join(lignes[:debut] + lignes[fin:])
    assert "source:" not in sans_source and "verifie_par:" in sans_source
    path.write_text(sans_source, "utf-8")
    rapport = importe_fs(FS, racine, communes)
    assert path.read_text("utf-8") == sans_source
    assert sorted(p.name for p in (racine / SARTHE).glob("france-services-cc-sud*")) == [
        "france-services-cc-sud-sarthe.yml"]
    assert raisons(rapport, "france-services.csv")[MODIFIEE] == 1


def test_without_a_manifest_a_stripped_record_is_matched_by_its_file_name(tmp_path, communes):
    racine = tmp_path / "annuaire"
    importe_fs(FS, racine, communes)
    (racine / MANIFESTE).unlink()
    path = racine / SUD_SARTHE
    texte = path.read_text("utf-8")
    debut = texte.index("source:")
    fin = texte.find("\n", texte.index("identifiant:", debut)) + 1
    sans_source = texte[:debut] + texte[fin:]
    assert "source:" not in sans_source
    path.write_text(sans_source, "utf-8")
    rapport = importe_fs(FS, racine, communes)
    assert path.read_text("utf-8") == sans_source
    assert not list((racine / SARTHE).glob("france-services-cc-sud-sarthe-*"))
    assert raisons(rapport, "france-services.csv")[SANS_EMPREINTE] == 1


def test_a_file_edited_while_the_import_runs_is_kept(tmp_path, communes):
    import datetime as dt

    racine = tmp_path / "annuaire"
    importe_fs(FS, racine, communes)
    sortie = Sortie(racine)  # the annuaire as the import finds it when it starts
    path = racine / SUD_SARTHE
    edite = path.read_text("utf-8") + "# corrigé pendant l'import\n"
    path.write_text(edite, "utf-8")
    france_services.importer(FS, sortie, Rapport(), "72", communes, date=dt.date(2023, 6, 1))
    assert path.read_text("utf-8") == edite
    assert sortie.avertissements == [f"{SUD_SARTHE} modifié pendant l'import : conservé"]
    # Its old fingerprint stays: at the next import it counts as edited.
    assert importe_fs(FS, racine, communes).bilans["france-services.csv"].ecartes[MODIFIEE] == 1


def test_a_second_identical_import_rewrites_no_file(tmp_path, communes):
    racine = tmp_path / "annuaire"
    importe_fs(FS, racine, communes)
    sortie = Sortie(racine)
    france_services.importer(FS, sortie, Rapport(), "72", communes)
    assert sortie.ecrits == []


def test_without_a_manifest_an_identical_file_is_adopted(tmp_path, communes):
    racine = tmp_path / "annuaire"
    importe_fs(FS, racine, communes)
    avant = arbre(racine)
    (racine / MANIFESTE).unlink()
    rapport = importe_fs(FS, racine, communes)
    assert arbre(racine) == avant
    assert rapport.bilans["france-services.csv"].importes == 3


def test_an_edited_data_inclusion_partner_file_is_kept(tmp_path, communes):
    racine = tmp_path / "annuaire"
    importe_di(STRUCTURES, SERVICES, racine, communes)
    path = racine / "tarmac" / "partenaire.yml"
    edite = path.read_text("utf-8") + "sigle: TRMC\n"
    path.write_text(edite, "utf-8")
    rapport = importe_di(STRUCTURES, SERVICES, racine, communes)
    assert path.read_text("utf-8") == edite
    assert ("tarmac/partenaire.yml", MODIFIEE) in {(a.valeur, a.raison)
                                                   for a in rapport.anomalies}


# --- Antennas known by their name only --------------------------------------------------------


def test_an_antenna_with_a_name_only_gets_its_commune_from_the_name(tmp_path, communes):
    racine, racine_pro = tmp_path / "annuaire", tmp_path / "annuaire-pro"
    rapport = importe_fs(FS, racine, communes, departement="88", racine_pro=racine_pro)
    lieu = lire(racine / "france-services-88" / "antenne-danould.yml")
    pro = lire(racine_pro / "france-services-88" / "antenne-danould.yml")
    anould = communes.par_insee[lieu["code_insee"]]
    assert anould.nom == "Anould"
    assert lieu["coordonnees"]["precision"] == "commune"
    assert lieu["adresse"] == france_services.ADRESSE_A_PRECISER
    assert "pro" not in lieu
    note = next(n for n in pro["a_verifier"] if n["champ"] == "code_insee")
    assert note["raison"].startswith("ni adresse ni commune dans la source : commune déduite "
                                     "du nom, Anould")
    assert note["raison"].endswith("à vérifier")
    assert rapport.bilans["france-services.csv"].importes == 2


def test_a_commune_inside_a_longer_commune_name_does_not_make_it_ambiguous(communes):
    (trouvee,) = communes.dans_le_nom("Antenne de La Chapelle Devant Bruyères", "88")
    assert trouvee.nom == "La Chapelle-devant-Bruyères"


def test_antennas_without_one_commune_in_their_name_are_reported(tmp_path, communes):
    antenne = next(ligne for ligne in lignes_fs() if ligne["id_fs"] == "2696")
    inconnue = {**antenne, "id_fs": "9001", "lib_fs": "Antenne du Val de Meurthe"}
    deux = {**antenne, "id_fs": "9002", "lib_fs": "Antenne de Fraize et de Corcieux"}
    source = ecrire_fs(tmp_path / "france-services.csv", [inconnue, deux])
    rapport = importe_fs(source, tmp_path / "annuaire", communes, departement="88")
    assert raisons(rapport, "france-services.csv") == {
        "ni adresse ni commune dans la source, ni commune du département reconnue dans le "
        "nom": 1,
        "ni adresse ni commune dans la source, et plusieurs communes dans le nom": 1}
    assert ("9002", "Corcieux (88115), Fraize (88181)") in {
        (a.identifiant, a.valeur) for a in rapport.anomalies}
    assert arbre(tmp_path / "annuaire") == {}


# --- The real national files, end to end ------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(not NATIONAL.is_dir(), reason="national files not available")
def test_national_antennas_are_placed_or_reported(tmp_path, communes):
    rapport = Rapport()
    france_services.importer(NATIONAL / "france-services-2022-12-01.csv",
                             Sortie(tmp_path, ecrire_fichiers=False), rapport, None, communes)
    deduites = {a.identifiant for a in rapport.anomalies
                if a.raison.startswith("ni adresse ni commune dans la source : commune déduite")}
    bilan = rapport.bilans["france-services-2022-12-01.csv"]
    assert len(deduites) == 24
    # "Fresnes-Léguillon" is misspelt (the commune is Fresne-Léguillon): not guessed.
    assert bilan.ecartes == {"ni adresse ni commune dans la source, ni commune du département "
                             "reconnue dans le nom": 2}
    assert bilan.comptes


@pytest.mark.slow
@pytest.mark.skipif(not NATIONAL.is_dir(), reason="national files not available")
def test_sarthe_import_of_the_national_files_validates_and_reimports_to_the_same_files(
        tmp_path, capsys):
    racine = tmp_path / "annuaire"

    def importer() -> None:
        assert cli.main(["importer", "france-services",
                         str(NATIONAL / "france-services-2022-12-01.csv"),
                         "--departement", "72", "--sortie", str(racine), "--resume"]) == 0
        assert cli.main(["importer", "data-inclusion",
                         str(NATIONAL / "data-inclusion-structures-2023-02.json"),
                         str(NATIONAL / "data-inclusion-services-2023-02.json"),
                         "--departement", "72", "--sortie", str(racine), "--resume"]) == 0

    importer()
    premier = arbre(racine)
    assert len(premier) == 1 + 287
    _, report = valider(racine)
    assert [p for p in report.erreurs] == []
    capsys.readouterr()
    importer()
    assert arbre(racine) == premier
    err = capsys.readouterr().err
    assert "modifiée localement" not in err and "0 fichiers écrits" in err


def test_a_professional_file_edited_since_the_import_is_kept(tmp_path, communes):
    # A referent added by a professional must survive the next import's notes.
    racine, racine_pro = tmp_path / "annuaire", tmp_path / "annuaire-pro"
    importe_fs(FS, racine, communes, departement="88", racine_pro=racine_pro)
    path = racine_pro / "france-services-88" / "antenne-danould.yml"
    edite = path.read_text("utf-8") + "referents:\n  - nom: Camille Martin\n"
    path.write_text(edite, "utf-8")
    sortie = Sortie(racine, racine_pro=racine_pro)
    france_services.importer(FS, sortie, Rapport(), "88", communes)
    assert path.read_text("utf-8") == edite
    assert any("antenne-danould.yml (annuaire professionnel) modifié localement, conservé" in a
               for a in sortie.avertissements)
