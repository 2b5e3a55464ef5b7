"""`guide couverture`: the annuaire's premier accueil places and permanences against a
département's communes."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
import yaml
from guide_solidarites import cli
from guide_solidarites.catalogue import Variante, build_catalogue
from guide_solidarites.communes import load_communes
from guide_solidarites.couverture import points_du_catalogue
from guide_solidarites.loader import load_annuaire

DATE = "2026-11-22"
SABLE = {"latitude": 47.8404, "longitude": -0.3334, "precision": "adresse"}

# --- Fixture builders ----------------------------------------------------------------------


def lieu(**overrides: Any) -> dict[str, Any]:
    return {
        "nom": "CCAS de Sablé-sur-Sarthe",
        "type": "ccas-cias",
        "premier_accueil": True,
        "adresse": "1 place Raphaël Élizé",
        "code_postal": "72300",
        "code_insee": "72264",
        "coordonnees": SABLE,
        "modes_accueil": ["sans-rendez-vous"],
        "horaires": {"sans_rendez_vous": "Mo-Fr 09:00-12:00"},
        "verifie_le": "2026-10-01",
        "verifie_par": "Accueil",
    } | overrides


def permanence(**overrides: Any) -> dict[str, Any]:
    return {"nom": "Mairie de La Flèche", "code_insee": "72154", "code_postal": "72200",
            "horaires": "We 09:00-12:00"} | overrides


@pytest.fixture
def annuaire(tmp_path: Path) -> Path:
    fichiers = {
        "cd72/partenaire.yml": {"nom": "Département de la Sarthe", "cercle": "premier-accueil",
                                "verifie_le": "2026-10-01", "verifie_par": "Coordination"},
        # A place with a permanence placed nowhere: it stands at La Flèche's town hall.
        "cd72/sable.yml": lieu(permanences=[permanence()]),
        # No coordinates: the place stands at Mamers' town hall.
        "cd72/mamers.yml": lieu(nom="MDS de Mamers", type="maison-des-solidarites",
                                adresse="2 rue Paul Bert", code_postal="72600",
                                code_insee="72180", coordonnees=None),
        # Not a premier accueil: ignored by the coverage.
        "cd72/epicerie.yml": lieu(nom="Épicerie solidaire du Mans", premier_accueil=False,
                                  type="aide-alimentaire", code_postal="72000",
                                  code_insee="72181", adresse="3 rue de la Paix",
                                  coordonnees={"latitude": 48.0061, "longitude": 0.1996,
                                               "precision": "adresse"}),
    }
    racine = tmp_path / "annuaire"
    for nom, data in fichiers.items():
        (racine / nom).parent.mkdir(parents=True, exist_ok=True)
        (racine / nom).write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return racine


@pytest.fixture(autouse=True)
def extensions_fraiches(monkeypatch: pytest.MonkeyPatch) -> None:
    # cli.main() appends the registered commands on every call: start each test afresh.
    monkeypatch.setattr(cli, "EXTENSIONS", [])


def couverture(*args: str) -> int:
    return cli.main(["couverture", *args, "--date", DATE])


# --- Points --------------------------------------------------------------------------------


def test_points_premier_accueil_et_permanences(annuaire: Path) -> None:
    catalogue = build_catalogue(load_annuaire(annuaire), Variante.PUBLIC, annuaire,
                                aujourdhui=dt.date(2026, 11, 22))
    lieux, permanences, notes = points_du_catalogue(catalogue)
    mamers, fleche = load_communes()["72180"], load_communes()["72154"]
    assert [(p.id, p.latitude, p.longitude) for p in lieux] == [
        ("mamers", mamers.latitude, mamers.longitude), ("sable", 47.8404, -0.3334)]
    assert [(p.id, p.code_insee, p.latitude) for p in permanences] == [
        ("sable", "72154", fleche.latitude)]
    assert list(notes) == [
        "mamers : sans coordonnées, placé à la mairie de sa commune",
        "sable, permanence 1 (Mairie de La Flèche) : sans coordonnées, placée à la mairie de "
        "sa commune",
    ]


def test_permanence_chez_un_lieu_connu_prend_ses_coordonnees(tmp_path: Path,
                                                             annuaire: Path) -> None:
    chemin = annuaire / "cd72" / "sable.yml"
    data = yaml.safe_load(chemin.read_text("utf-8"))
    data["permanences"] = [permanence(lieu="epicerie", code_insee="72181",
                                      code_postal="72000", nom="Épicerie")]
    chemin.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    catalogue = build_catalogue(load_annuaire(annuaire), Variante.PUBLIC, annuaire)
    _, permanences, notes = points_du_catalogue(catalogue)
    assert [(p.latitude, p.longitude) for p in permanences] == [(48.0061, 0.1996)]
    assert list(notes) == ["mamers : sans coordonnées, placé à la mairie de sa commune"]


# --- The command ---------------------------------------------------------------------------


def test_couverture_imprime_totaux_et_communes_hors_de_portee(
        annuaire: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tableau = tmp_path / "couverture.csv"
    code = couverture(str(annuaire), "--departement", "72", "--csv", str(tableau),
                      "--limite", "3")
    out, err = capsys.readouterr()
    assert code == 0
    lignes = out.splitlines()
    assert lignes[0] == ("Couverture du département 72 par le premier accueil social "
                         "inconditionnel (seuil : 20 km à vol d'oiseau de la mairie)")
    assert lignes[1] == "2 lieu(x) de premier accueil, 1 permanence(s)."
    assert lignes[2].startswith("Lieux seuls : ") and "communes sur 352" in lignes[2]
    assert lignes[3].startswith("Permanences comprises : ")
    # Le Mans, the most populated commune, is 40 km and more from every point.
    assert lignes[6].startswith("  Le Mans (72181) : ")
    assert "... et " in out and "remarque : mamers : sans coordonnées" in err

    rangs = {r["Code INSEE"]: r for r in
             csv.DictReader(io.StringIO(tableau.read_text("utf-8-sig")), delimiter=";")}
    assert len(rangs) == 352
    assert rangs["72154"]["Accessible"] == "non"
    assert rangs["72154"]["Accessible, permanences comprises"] == "oui"
    assert rangs["72154"]["Par une permanence"] == "oui"
    assert rangs["72180"]["Identifiant du lieu"] == "mamers"


def test_seuil_personnalise(annuaire: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert couverture(str(annuaire), "--departement", "72", "--seuil-km", "17.5") == 0
    assert "seuil : 17,5 km" in capsys.readouterr().out


def test_departement_inconnu(annuaire: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert couverture(str(annuaire), "--departement", "00") == 2
    assert "Département inconnu : « 00 »" in capsys.readouterr().err


def test_seuil_invalide(annuaire: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert couverture(str(annuaire), "--departement", "72", "--seuil-km", "0") == 2
    assert "Seuil invalide" in capsys.readouterr().err


def test_departement_obligatoire(annuaire: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        couverture(str(annuaire))
    assert exc.value.code == 2
