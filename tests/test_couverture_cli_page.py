"""`guide couverture` and the pro site's /couverture/ page agree on the same annuaire.

Both once computed the coverage their own way: the command placed a premier accueil
without coordinates at its town hall, the page dropped it. The page is built for real
by the plugin here, the command run on the same folder, and their tables compared.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from conftest import lieu_yaml, partenaire_yaml, write_annuaire
from guide_solidarites import cli
from mkdocs.commands.build import build
from mkdocs.config import load_config

RACINE = Path(__file__).resolve().parent.parent
DATE = "2026-11-23"

MKDOCS = f"""site_name: Guide de test
site_url: https://guide.example.org/pro/
docs_dir: ressources
use_directory_urls: true
theme:
  name: material
  custom_dir: {RACINE / "overrides"}
  language: fr
  font: false
plugins:
  - guide-solidarites:
      annuaire: annuaire
      variant: pro
      aujourdhui: {DATE}
"""


@pytest.fixture(scope="module")
def projet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    racine = tmp_path_factory.mktemp("couverture")
    write_annuaire(racine, {
        "cd72/partenaire.yml": partenaire_yaml(nom="Département de la Sarthe"),
        # No coordinates: both must place it at Mamers' town hall (the old disagreement).
        "cd72/mds-mamers.yml": lieu_yaml(
            nom="MDS de Mamers", type="maison-des-solidarites", premier_accueil=True,
            adresse="2 rue Paul Bert", code_postal="72600", code_insee="72180",
            coordonnees=None),
        "ccas-sable/partenaire.yml": partenaire_yaml(),
        # Sablé's CCAS receives Sablé's inhabitants only.
        "ccas-sable/ccas-sable-centre.yml": lieu_yaml(premier_accueil=True,
                                                      zone_eligibilite=["72264"]),
    })
    (racine / "ressources").mkdir()
    (racine / "ressources" / "apropos.md").write_text("# À propos\n", "utf-8")
    (racine / "mkdocs.yml").write_text(MKDOCS, "utf-8")
    build(load_config(config_file=str(racine / "mkdocs.yml"),
                      site_dir=str(racine / "site")))
    return racine


def _lignes(texte: str) -> dict[str, dict[str, str]]:
    return {row["Code INSEE"]: row
            for row in csv.DictReader(io.StringIO(texte.lstrip("\ufeff")), delimiter=";")}


@pytest.fixture(scope="module")
def tableau_cli(projet: Path) -> str:
    sortie = projet / "cli.csv"
    code = cli.main(["couverture", str(projet / "annuaire"), "--departement", "72",
                     "--date", DATE, "--csv", str(sortie)])
    assert code == 0
    return sortie.read_text("utf-8")


def test_the_cli_and_the_page_write_the_same_table(projet: Path, tableau_cli: str) -> None:
    page = (projet / "site" / "couverture" / "couverture.csv").read_text("utf-8")
    assert page == tableau_cli


def test_a_place_without_coordinates_counts_at_its_town_hall_on_both(
        projet: Path, tableau_cli: str) -> None:
    for texte in (tableau_cli,
                  (projet / "site" / "couverture" / "couverture.csv").read_text("utf-8")):
        mamers = _lignes(texte)["72180"]
        assert (mamers["Identifiant du lieu"], mamers["Distance (km)"]) == ("mds-mamers", "0.0")
    html = (projet / "site" / "couverture" / "index.html").read_text("utf-8")
    assert "mds-mamers : sans coordonnées, placé à la mairie de sa commune" in html


def test_a_ccas_counts_for_its_own_commune_only(tableau_cli: str) -> None:
    lignes = _lignes(tableau_cli)
    assert lignes["72264"]["Identifiant du lieu"] == "ccas-sable-centre"
    # Vion is 5 km from Sablé's CCAS, which does not receive its inhabitants.
    assert lignes["72378"]["Identifiant du lieu"] == "mds-mamers"


def test_the_page_prints_the_totals_the_cli_prints(
        projet: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cli.main(["couverture", str(projet / "annuaire"), "--departement", "72", "--date", DATE])
    sortie = capsys.readouterr().out
    html = (projet / "site" / "couverture" / "index.html").read_text("utf-8")
    ligne = next(ligne for ligne in sortie.splitlines() if ligne.startswith("Lieux seuls"))
    habitants = ligne.split(" : ")[1].split(" habitants")[0]  # "12 345" with a no-break space
    assert habitants.replace("\u00a0", "\u202f") in html
