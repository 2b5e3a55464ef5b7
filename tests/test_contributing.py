"""Every YAML example of CONTRIBUTING.md passes `guide valider` as a partner copies it: into
a new partner folder, the lieu beside its partenaire.yml, the professional file in the
professional tree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from guide_solidarites import cli

RACINE = Path(__file__).parents[1]
CONTRIBUTING = RACINE / "CONTRIBUTING.md"
MODELINE = re.compile(r"^# yaml-language-server: \$schema=\S*/schemas/(\w+)\.schema\.json$")
DATE = "2026-11-22"


def exemples() -> list[str]:
    texte = CONTRIBUTING.read_text(encoding="utf-8")
    return re.findall(r"^```yaml\n(.*?)^```$", texte, re.MULTILINE | re.DOTALL)


def schema_de(exemple: str) -> str | None:
    """The schema a whole-file example names on its first line; None for an excerpt."""
    found = MODELINE.match(exemple.splitlines()[0])
    return found.group(1) if found else None


def fichiers() -> dict[str, str]:
    return {nom: e for e in exemples() if (nom := schema_de(e)) is not None}


def extraits() -> list[str]:
    """Each line of the examples that are excerpts of a lieu: alternatives of one key."""
    return [ligne for e in exemples() if schema_de(e) is None
            for ligne in e.splitlines() if ligne.strip() and not ligne.startswith("#")]


def test_contributing_a_un_exemple_de_chaque_fichier() -> None:
    assert sorted(fichiers()) == ["lieu", "partenaire", "pro"]


def valider(tmp_path: Path, capsys: pytest.CaptureFixture[str], lieu: str) -> tuple[int, str]:
    par_schema = fichiers()
    dossier = tmp_path / "annuaire" / "nouveau-partenaire"
    dossier_pro = tmp_path / "annuaire-pro" / "nouveau-partenaire"
    dossier.mkdir(parents=True)
    dossier_pro.mkdir(parents=True)
    (dossier / "partenaire.yml").write_text(par_schema["partenaire"], encoding="utf-8")
    (dossier / "nouveau-lieu.yml").write_text(lieu, encoding="utf-8")
    (dossier_pro / "nouveau-lieu.yml").write_text(par_schema["pro"], encoding="utf-8")
    code = cli.main(["valider", str(tmp_path / "annuaire"), "--pro",
                     str(tmp_path / "annuaire-pro"), "--date", DATE, "--strict"])
    return code, capsys.readouterr().err


def test_exemples_valides_copies_dans_un_nouveau_dossier(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, sortie = valider(tmp_path, capsys, fichiers()["lieu"])
    assert code == 0, sortie
    assert "0 erreur, 0 avertissement" in sortie


@pytest.mark.parametrize("ligne", extraits())
def test_extraits_valides_ajoutes_a_l_exemple_de_lieu(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], ligne: str) -> None:
    code, sortie = valider(tmp_path, capsys, fichiers()["lieu"] + ligne + "\n")
    assert code == 0, sortie
    assert "0 erreur, 0 avertissement" in sortie
