"""`guide valider` on the bad-files corpus: exact messages, places and exit codes.

Each folder of tests/data/invalid/ is a tiny annuaire with one mistake a partner
can really make, and `attendu.txt` holds what `guide valider` must print for it.
After a deliberate change of wording, regenerate and read the diff:

    GUIDE_REGENERER_ATTENDUS=1 .venv/bin/pytest tests/test_cli.py
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import lieu_yaml, partenaire_yaml, write_annuaire
from guide_solidarites import cli

CORPUS = Path(__file__).parent / "data" / "invalid"
CAS = sorted(p.name for p in CORPUS.iterdir() if (p / "annuaire").is_dir())
DATE = "2026-11-22"
REGENERER = os.environ.get("GUIDE_REGENERER_ATTENDUS") == "1"


def valider(racine: Path, capsys: pytest.CaptureFixture[str], *options: str) -> tuple[int, str]:
    code = cli.main(["valider", str(racine), "--date", DATE, *options])
    captured = capsys.readouterr()
    assert captured.out == ""
    return code, captured.err


@pytest.mark.parametrize("cas", CAS)
def test_corpus_message_exact(cas: str, capsys: pytest.CaptureFixture[str]) -> None:
    # A case with an `annuaire-pro/` beside its annuaire is checked with both trees; a case
    # made of warnings only says `--strict` in its `options` file.
    pro = CORPUS / cas / "annuaire-pro"
    options = ["--pro", str(pro)] if pro.is_dir() else []
    fichier_options = CORPUS / cas / "options"
    if fichier_options.is_file():
        options += fichier_options.read_text("utf-8").split()
    code, sortie = valider(CORPUS / cas / "annuaire", capsys, *options)
    attendu = CORPUS / cas / "attendu.txt"
    if REGENERER:
        attendu.write_text(sortie, encoding="utf-8")
    assert code == 1
    assert sortie == attendu.read_text(encoding="utf-8")


# Warning-only cases (run with --strict) count their one warning.
_CODE_RE = re.compile(r"^[^\n]*?: (?:erreur|avertissement) ([a-z0-9-]+) ", re.MULTILINE)


def test_corpus_couvre_au_moins_45_cas_et_40_codes() -> None:
    codes = {c for cas in CAS
             for c in _CODE_RE.findall((CORPUS / cas / "attendu.txt").read_text("utf-8"))}
    assert len(CAS) >= 45
    assert len(codes) >= 40, sorted(codes)


def test_chaque_cas_du_corpus_ne_signale_qu_une_erreur() -> None:
    # One mistake per case: a second error would be noise a partner must not see. A file
    # name used twice is one mistake told on both files: each partner sees it on its own.
    plusieurs = [cas for cas in CAS
                 if len(_CODE_RE.findall((CORPUS / cas / "attendu.txt").read_text("utf-8"))) != 1
                 and cas not in ("virgule-decimale", "lieu-identifiant-duplique")]
    assert plusieurs == []


def test_toutes_les_erreurs_d_un_fichier_sont_signalees_ensemble(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    racine = write_annuaire(tmp_path, {
        "ccas-sable/partenaire.yml": partenaire_yaml(),
        "ccas-sable/ccas-sable-centre.yml": lieu_yaml(
            type="ccas", telephone="02 61 91", telefax="02 61 91 10 21",
            code_postal="7230", verifie_le="31/12/2026", publics=["tout-public"]),
    })
    code, sortie = valider(racine, capsys)
    assert code == 1
    # In the order of the file's lines.
    assert _CODE_RE.findall(sortie) == [
        "valeur-inconnue", "code-postal-invalide", "telephone-invalide", "date-invalide",
        "cle-inconnue", "valeur-inconnue",
    ]
    assert "6 erreurs" in sortie


def test_annuaire_valide_reussit(annuaire_valide: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    code, sortie = valider(annuaire_valide, capsys)
    assert code == 0
    assert "0 erreur, 0 avertissement" in sortie


def test_fiche_perimee_avertit_sans_echouer(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    racine = write_annuaire(tmp_path, {
        "ccas-sable/partenaire.yml": partenaire_yaml(),
        "ccas-sable/ccas-sable-centre.yml": lieu_yaml(verifie_le="2025-06-01"),
    })
    code, sortie = valider(racine, capsys)
    assert code == 0
    assert "avertissement fiche-perimee [verifie_le]" in sortie


def test_strict_echoue_sur_un_avertissement(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    racine = write_annuaire(tmp_path, {
        "ccas-sable/partenaire.yml": partenaire_yaml(),
        "ccas-sable/ccas-sable-centre.yml": lieu_yaml(verifie_le="2025-06-01"),
    })
    code, sortie = valider(racine, capsys, "--strict")
    assert code == 1
    assert sortie.rstrip().endswith("Avertissements refusés (--strict).")


def test_erreurs_seulement_masque_les_avertissements(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    racine = write_annuaire(tmp_path, {
        "ccas-sable/partenaire.yml": partenaire_yaml(),
        "ccas-sable/ccas-sable-centre.yml": lieu_yaml(verifie_le="2025-06-01"),
    })
    _, sortie = valider(racine, capsys, "--erreurs-seulement")
    assert "fiche-perimee" not in sortie
    assert "1 avertissement" in sortie


def test_exemple_du_depot_est_sans_erreur(capsys: pytest.CaptureFixture[str]) -> None:
    racine = Path(__file__).parents[1] / "annuaire"
    code, sortie = valider(racine, capsys)
    assert code == 0, sortie
