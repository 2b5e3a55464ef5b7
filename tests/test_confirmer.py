"""`guide confirmer`: "still accurate" changes the two lines and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
from guide_solidarites import cli

FICHE = """\
# yaml-language-server: $schema=../../schemas/lieu.schema.json
# Fiche relue avec l'accueil chaque année.
nom: CCAS de Sablé-sur-Sarthe
type: ccas-cias
code_postal: "72300"      # entre guillemets
code_insee: "72264"
modes_accueil: [sans-rendez-vous]

horaires:
  sans_rendez_vous: Mo-Fr 09:00-12:00; PH off
verifie_le: 2024-03-01   # date de la dernière visite
verifie_par: "Accueil #1"  # le service
revision_mois: 12
"""


def confirmer(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = cli.main(["confirmer", *args, "--date", "2026-11-22"])
    return code, capsys.readouterr().err


def test_seules_les_deux_lignes_changent_commentaires_gardes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fiche = tmp_path / "ccas-sable.yml"
    fiche.write_text(FICHE, encoding="utf-8")
    code, err = confirmer(capsys, str(fiche), "--par", "CCAS de Sablé, accueil")
    assert code == 0, err
    assert fiche.read_bytes() == FICHE.replace(
        "verifie_le: 2024-03-01   #", "verifie_le: 2026-11-22   #").replace(
        'verifie_par: "Accueil #1"  #', "verifie_par: CCAS de Sablé, accueil  #").encode()
    assert "1 fiche(s) confirmée(s) au 22/11/2026." in err


def test_fin_de_ligne_windows_gardee_et_verifie_par_ajoute(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    texte = "nom: CCAS\r\nverifie_le: 2024-03-01\r\ntype: ccas-cias\r\n"
    fiche = tmp_path / "ccas.yml"
    fiche.write_bytes(texte.encode())
    code, _ = confirmer(capsys, str(fiche), "--par", "Accueil: mairie")
    assert code == 0
    assert fiche.read_bytes() == (b'nom: CCAS\r\nverifie_le: 2026-11-22\r\n'
                                  b'verifie_par: "Accueil: mairie"\r\ntype: ccas-cias\r\n')


def test_un_dossier_confirme_toutes_ses_fiches(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dossier = tmp_path / "ccas-sable"
    dossier.mkdir()
    for nom in ("partenaire.yml", "ccas-sable.yml"):
        (dossier / nom).write_text("nom: X\nverifie_le: 2020-01-01\nverifie_par: Y\n", "utf-8")
    code, _ = confirmer(capsys, str(dossier), "--par", "CCAS")
    assert code == 0
    for nom in ("partenaire.yml", "ccas-sable.yml"):
        assert (dossier / nom).read_text("utf-8") == \
            "nom: X\nverifie_le: 2026-11-22\nverifie_par: CCAS\n"


def test_rien_n_est_ecrit_si_une_fiche_ne_peut_pas_l_etre(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bonne = tmp_path / "bonne.yml"
    bonne.write_text(FICHE, encoding="utf-8")
    bloc = tmp_path / "bloc.yml"
    bloc_texte = "nom: X\nverifie_le: 2020-01-01\nverifie_par: >-\n  Accueil\n  du CCAS\n"
    bloc.write_text(bloc_texte, encoding="utf-8")
    sans = tmp_path / "sans.yml"
    sans.write_text("nom: X\n", encoding="utf-8")
    code, err = confirmer(capsys, str(bonne), str(bloc), str(sans),
                          str(tmp_path / "absente.yml"), "--par", "CCAS")
    assert code == 1
    assert bonne.read_text("utf-8") == FICHE
    assert bloc.read_text("utf-8") == bloc_texte
    assert f"{bloc}: erreur confirmation-impossible" in err
    assert f"{sans}: erreur verifie-le-introuvable" in err
    assert "absente.yml: erreur fichier-illisible" in err
    assert err.rstrip().endswith("Aucune fiche n'a été modifiée.")


@pytest.mark.parametrize("par", ["", "   ", "Accueil\nsecret", "x" * 201])
def test_par_doit_etre_un_service_sur_une_ligne(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], par: str) -> None:
    fiche = tmp_path / "ccas.yml"
    fiche.write_text(FICHE, encoding="utf-8")
    code, err = confirmer(capsys, str(fiche), "--par", par)
    assert code == 1
    assert "verifie-par-invalide" in err
    assert fiche.read_text("utf-8") == FICHE
