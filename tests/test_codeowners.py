"""`guide codeowners`: one reviewing rule per partner that declares `responsables`."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import lieu_yaml, partenaire_yaml, write_annuaire
from guide_solidarites import cli
from guide_solidarites.codeowners import CHEMIN, MARQUE, generer
from guide_solidarites.forge import Forge, lire_reglages
from guide_solidarites.validation import valider

DEPOT = Path(__file__).parents[1]


def test_le_codeowners_du_depot_est_a_jour() -> None:
    forge = lire_reglages(DEPOT / "mkdocs.yml").forge
    assert forge is Forge.GITHUB
    chemin = DEPOT / CHEMIN[forge]
    existant = chemin.read_text("utf-8")
    charge, _ = valider(DEPOT / "annuaire")
    attendu = generer(charge.partenaires, DEPOT / "annuaire", DEPOT, forge, existant,
                      "departement-sarthe")
    assert existant == attendu.texte, "lancez « guide codeowners » et ajoutez le fichier"
    assert attendu.remarques == []
    # Every partner that names reviewers has its folder's rule.
    declares = [p for p in charge.partenaires.values() if p.responsables]
    assert len(declares) >= 5
    for partenaire in declares:
        assert f"\n/annuaire/{partenaire.id}/ {' '.join(partenaire.responsables)} " in existant


def _annuaire(tmp_path: Path) -> Path:
    return write_annuaire(tmp_path, {
        "ccas-sable/partenaire.yml": partenaire_yaml(
            responsables=["@departement-sarthe/ccas-sable", "@agent-ccas"]),
        "ccas-sable/ccas-sable-centre.yml": lieu_yaml(),
        "ccas-arnage/partenaire.yml": partenaire_yaml(nom="CCAS d'Arnage"),
        "caf/partenaire.yml": partenaire_yaml(nom="Caf de la Sarthe",
                                              responsables=["@caf-sarthe/accueil"]),
    })


def _mkdocs(tmp_path: Path, depot_url: str) -> Path:
    chemin = tmp_path / "mkdocs.yml"
    chemin.write_text("site_name: Test\nplugins:\n  - search\n  - guide-solidarites:\n"
                      f"      depot_url: {depot_url}\n", encoding="utf-8")
    return chemin


def test_gitlab_ecrit_dans_dot_gitlab_avec_une_ligne_par_partenaire_declare(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    racine = _annuaire(tmp_path)
    config = _mkdocs(tmp_path, "https://gitlab.example.org/cd72/guide")
    assert cli.main(["codeowners", str(racine), "--config", str(config)]) == 0
    texte = (tmp_path / ".gitlab" / "CODEOWNERS").read_text("utf-8")
    assert not (tmp_path / ".github").exists()
    assert texte.endswith(MARQUE + "\n"
                          "/annuaire/caf/ @caf-sarthe/accueil\n"
                          "/annuaire/ccas-sable/ @departement-sarthe/ccas-sable @agent-ccas\n")
    capsys.readouterr()


def test_la_partie_ecrite_a_la_main_est_gardee_et_sa_regle_etoile_ajoutee(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    racine = _annuaire(tmp_path)
    config = _mkdocs(tmp_path, "https://github.com/departement-sarthe/guide")
    chemin = tmp_path / ".github" / "CODEOWNERS"
    chemin.parent.mkdir()
    chemin.write_text(f"# À la main\n* @departement-sarthe/coordination\n\n{MARQUE}\n"
                      "/annuaire/ancien/ @x\n", encoding="utf-8")
    assert cli.main(["codeowners", str(racine), "--config", str(config), "--verifier"]) == 1
    assert "n'est pas à jour" in capsys.readouterr().err
    assert cli.main(["codeowners", str(racine), "--config", str(config)]) == 0
    err = capsys.readouterr().err
    assert chemin.read_text("utf-8") == (
        f"# À la main\n* @departement-sarthe/coordination\n\n{MARQUE}\n"
        "/annuaire/caf/ @caf-sarthe/accueil @departement-sarthe/coordination\n"
        "/annuaire/ccas-sable/ @departement-sarthe/ccas-sable @agent-ccas "
        "@departement-sarthe/coordination\n")
    # GitHub ignores teams of another organisation: said, not hidden.
    assert ("remarque : caf : l'équipe @caf-sarthe/accueil n'est pas une équipe de "
            "l'organisation departement-sarthe") in err
    assert cli.main(["codeowners", str(racine), "--config", str(config), "--verifier"]) == 0


def test_un_responsable_mal_ecrit_est_une_erreur_placee(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    racine = write_annuaire(tmp_path, {
        "ccas-sable/partenaire.yml": partenaire_yaml(responsables=["ccas sable"]),
    })
    assert cli.main(["valider", str(racine), "--date", "2026-11-22"]) == 1
    err = capsys.readouterr().err
    assert "erreur responsable-invalide [responsables[1]] : responsable invalide : " \
        "« ccas sable »" in err
    assert "Conseil : un compte ou une équipe de la forge, précédé de @" in err
    config = _mkdocs(tmp_path, "https://github.com/departement-sarthe/guide")
    assert cli.main(["codeowners", str(racine), "--config", str(config)]) == 1
    assert "rien n'a été écrit" in capsys.readouterr().err
    assert not (tmp_path / ".github").exists()


def test_forge_inconnue_demande_forge(tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    racine = _annuaire(tmp_path)
    config = _mkdocs(tmp_path, "https://forge.example.org/cd72/guide")
    assert cli.main(["codeowners", str(racine), "--config", str(config)]) == 2
    assert "précisez --forge github ou --forge gitlab" in capsys.readouterr().err
