"""`guide valider` on a pull request: a partner's folder, the changed files, and the
reports each forge reads (GitHub annotations, GitLab Code Quality, JSON)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import lieu_yaml, partenaire_yaml, write_annuaire
from guide_solidarites import cli
from guide_solidarites.problems import Gravite, Problem
from guide_solidarites.rapports import ligne_github

DATE = "2026-11-22"


def valider(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["valider", *args, "--date", DATE])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


SABLE_CASSE = lieu_yaml(type="ccas", telefone="02 61 91 10 20")
ARNAGE_PERIME = lieu_yaml(nom="CCAS d'Arnage", verifie_le="2024-01-05")


def deux_partenaires(tmp_path: Path) -> Path:
    """Sablé with a broken record (two errors), Arnage with a stale one."""
    return write_annuaire(tmp_path, {
        "ccas-sable/partenaire.yml": partenaire_yaml(),
        "ccas-sable/ccas-sable-centre.yml": SABLE_CASSE,
        "ccas-arnage/partenaire.yml": partenaire_yaml(nom="CCAS d'Arnage"),
        "ccas-arnage/ccas-arnage.yml": ARNAGE_PERIME,
    })


def ligne_de(texte: str, debut: str) -> int:
    """The line number of the first line starting with `debut`."""
    return next(i for i, ligne in enumerate(texte.splitlines(), 1) if ligne.startswith(debut))


def test_format_github_annote_chaque_ligne_du_fichier_casse(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    partenaire = partenaire_yaml(verifie_le="2025-06-01")
    fiche = lieu_yaml(type="ccas", telefone="02 43 00 00 00")
    racine = write_annuaire(tmp_path, {
        "ccas-sable/partenaire.yml": partenaire,
        "ccas-sable/ccas-sable-centre.yml": fiche,
    })
    code, sortie, _ = valider(capsys, str(racine), "--format", "github")
    assert code == 1
    fichier = "annuaire/ccas-sable/ccas-sable-centre.yml"
    assert sortie.splitlines() == [
        f"::error file={fichier},line={ligne_de(fiche, 'type:')},col=7,"
        "title=valeur-inconnue [type]::valeur inconnue « ccas » pour « type »%0AConseil : "
        "vouliez-vous dire « ccas-cias » ?",
        f"::error file={fichier},line={ligne_de(fiche, 'telefone:')},col=1,"
        "title=cle-inconnue [telefone]::clé inconnue « telefone »%0AConseil : "
        "vouliez-vous dire « telephone » ?",
        "::warning file=annuaire/ccas-sable/partenaire.yml,"
        f"line={ligne_de(partenaire, 'verifie_le:')},col=13,title=fiche-perimee [verifie_le]"
        "::fiche vérifiée le 01/06/2025, à revoir depuis le 01/06/2026%0AConseil : vérifiez "
        "les informations avec le lieu, puis mettez verifie_le à jour",
    ]


def test_format_github_echappe_pourcent_retours_et_separateurs() -> None:
    problem = Problem(code="x", message="100 % sûr\r\nsuite", fichier=Path("a:b,c.yml"),
                      ligne=3, colonne=None, chemin="horaires.telephone",
                      indice="", gravite=Gravite.AVERTISSEMENT)
    assert ligne_github(problem, Path.cwd()) == (
        "::warning file=a%3Ab%2Cc.yml,line=3,col=1,title=x [horaires.telephone]::"
        "100 %25 sûr%0D%0Asuite")


def test_un_dossier_de_partenaire_se_verifie_dans_tout_l_annuaire(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    racine = deux_partenaires(tmp_path)
    code, _, sortie = valider(capsys, str(racine / "ccas-arnage"))
    # Arnage's own stale record only; Sablé's errors are counted, and fail the run.
    assert "fichier-mal-place" not in sortie
    assert sortie.count("annuaire/ccas-arnage/ccas-arnage.yml:") == 1
    assert "ccas-sable" not in sortie.split("Ailleurs")[0]
    assert "0 erreur, 1 avertissement dans les fichiers choisis." in sortie
    assert "Ailleurs dans l'annuaire (non affichés) : 2 erreurs, 0 avertissement." in sortie
    assert code == 1


def test_un_seul_fichier_se_verifie_sans_annuaire_introuvable(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    racine = deux_partenaires(tmp_path)
    code, _, sortie = valider(capsys, str(racine / "ccas-sable" / "ccas-sable-centre.yml"))
    assert "annuaire-introuvable" not in sortie
    assert sortie.count("erreur valeur-inconnue") == 1
    assert "2 partenaires, 1 lieu d'accueil : 2 erreurs, 0 avertissement dans les " \
        "fichiers choisis." in sortie
    assert code == 1


def test_une_reference_vers_un_autre_partenaire_reste_valide_dans_un_dossier(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    racine = write_annuaire(tmp_path, {
        "ccas-sable/partenaire.yml": partenaire_yaml(),
        "ccas-sable/ccas-sable-centre.yml": lieu_yaml(),
        "france-services/partenaire.yml": partenaire_yaml(nom="France Services"),
        "france-services/fs-sable.yml": lieu_yaml(nom="France Services Sablé", permanences=[{
            "nom": "Permanence au CCAS", "lieu": "ccas-sable-centre",
            "code_postal": "72300", "code_insee": "72264",
            "horaires": "Tu 09:00-12:00"}]),
    })
    code, _, sortie = valider(capsys, str(racine / "france-services"))
    assert "reference-inconnue" not in sortie
    assert code == 0, sortie


def test_fichiers_ne_montre_que_leurs_problemes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    racine = deux_partenaires(tmp_path)
    code, _, sortie = valider(capsys, str(racine), "--fichiers",
                              str(racine / "ccas-arnage" / "ccas-arnage.yml"))
    assert "fiche-perimee" in sortie
    assert "valeur-inconnue" not in sortie
    assert "Ailleurs dans l'annuaire (non affichés) : 2 erreurs, 0 avertissement." in sortie
    assert "« guide valider" in sortie
    assert code == 1


def test_partenaire_manquant_est_montre_avec_les_fiches_du_nouveau_dossier(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    racine = write_annuaire(tmp_path, {
        "ccas-sable/partenaire.yml": partenaire_yaml(),
        "ccas-sable/ccas-sable-centre.yml": lieu_yaml(),
        "ccas-arnage/ccas-arnage.yml": lieu_yaml(nom="CCAS d'Arnage"),
    })
    code, _, sortie = valider(capsys, str(racine), "--fichiers",
                              str(racine / "ccas-arnage" / "ccas-arnage.yml"))
    assert "annuaire/ccas-arnage/partenaire.yml: erreur partenaire-manquant" in sortie
    assert code == 1


def _git(depot: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org",
                    "-c", "commit.gpgsign=false", *args], cwd=depot, check=True,
                   capture_output=True)


def test_depuis_montre_les_fichiers_modifies_et_nouveaux(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    racine = write_annuaire(tmp_path, {
        "ccas-sable/partenaire.yml": partenaire_yaml(),
        "ccas-sable/ccas-sable-centre.yml": lieu_yaml(verifie_le="2024-01-05"),
        "ccas-arnage/partenaire.yml": partenaire_yaml(nom="CCAS d'Arnage"),
        "ccas-arnage/ccas-arnage.yml": lieu_yaml(nom="CCAS d'Arnage", verifie_le="2024-01-05"),
    })
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "départ")
    _git(tmp_path, "checkout", "-q", "-b", "horaires-arnage")
    fiche = racine / "ccas-arnage" / "ccas-arnage.yml"
    fiche.write_text(fiche.read_text("utf-8").replace("Mo-Fr", "Mo-Th"), "utf-8")
    _git(tmp_path, "commit", "-q", "-am", "horaires")
    (racine / "ccas-arnage" / "ccas-arnage-sud.yml").write_text(
        lieu_yaml(nom="CCAS d'Arnage, antenne sud", type="ccas"), "utf-8")

    code, sortie, err = valider(capsys, str(racine), "--depuis", "main", "--format", "json")
    rapport = json.loads(sortie)
    fichiers = {p["fichier"] for p in rapport["problemes"]}
    assert fichiers == {"annuaire/ccas-arnage/ccas-arnage.yml",
                        "annuaire/ccas-arnage/ccas-arnage-sud.yml"}
    assert rapport["hors_selection"] == {"erreurs": 0, "avertissements": 1}
    assert code == 1
    assert "Ailleurs dans l'annuaire (non affichés) : 0 erreur, 1 avertissement." in err


def test_depuis_une_reference_inconnue_est_expliquee(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    racine = deux_partenaires(tmp_path)
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "départ")
    code, sortie, err = valider(capsys, str(racine), "--depuis", "origin/nexiste-pas")
    assert code == 2
    assert err.startswith("Fichiers modifiés introuvables : git a refusé")
    assert "Conseil : vérifiez la référence" in err
    assert "Traceback" not in err


def test_format_gitlab_est_un_rapport_code_quality(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    racine = deux_partenaires(tmp_path)
    rapport_chemin = tmp_path / "gl-code-quality-report.json"
    code, sortie, _ = valider(capsys, str(racine), "--format", "gitlab",
                              "--sortie", str(rapport_chemin))
    assert code == 1
    assert sortie == ""
    rapport = json.loads(rapport_chemin.read_text("utf-8"))
    assert [(e["check_name"], e["severity"], e["location"]["path"],
             e["location"]["lines"]["begin"]) for e in rapport] == [
        ("fiche-perimee", "minor", "annuaire/ccas-arnage/ccas-arnage.yml",
         ligne_de(ARNAGE_PERIME, "verifie_le:")),
        ("valeur-inconnue", "major", "annuaire/ccas-sable/ccas-sable-centre.yml",
         ligne_de(SABLE_CASSE, "type:")),
        ("cle-inconnue", "major", "annuaire/ccas-sable/ccas-sable-centre.yml",
         ligne_de(SABLE_CASSE, "telefone:")),
    ]
    assert all(e["description"] and len(e["fingerprint"]) == 32 for e in rapport)
    assert len({e["fingerprint"] for e in rapport}) == 3


def test_format_json_est_stable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    racine = write_annuaire(tmp_path, {
        "ccas-sable/partenaire.yml": partenaire_yaml(),
        "ccas-sable/ccas-sable-centre.yml": lieu_yaml(type="ccas"),
    })
    _, sortie, _ = valider(capsys, str(racine), "--format", "json")
    assert json.loads(sortie) == {
        "version": 1, "annuaire": "annuaire", "partenaires": 1, "lieux": 0,
        "erreurs": 1, "avertissements": 0,
        "hors_selection": {"erreurs": 0, "avertissements": 0},
        "problemes": [{
            "code": "valeur-inconnue", "gravite": "erreur",
            "fichier": "annuaire/ccas-sable/ccas-sable-centre.yml",
            "ligne": ligne_de(lieu_yaml(), "type:"), "colonne": 7,
            "chemin": "type", "message": "valeur inconnue « ccas » pour « type »",
            "indice": "vouliez-vous dire « ccas-cias » ?"}],
    }


def test_sortie_sans_format_de_rapport_est_refusee(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    racine = deux_partenaires(tmp_path)
    code, _, err = valider(capsys, str(racine), "--sortie", str(tmp_path / "r.json"))
    assert code == 2
    assert "ajoutez --format gitlab" in err
    assert not (tmp_path / "r.json").exists()
