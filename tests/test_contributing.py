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


def schema_de(exemple: str) -> str:
    found = MODELINE.match(exemple.splitlines()[0])
    assert found, f"un exemple YAML sans sa première ligne de schéma :\n{exemple[:200]}"
    return found.group(1)


def test_contributing_a_un_exemple_de_chaque_fichier() -> None:
    assert sorted(schema_de(e) for e in exemples()) == ["lieu", "partenaire", "pro"]


def test_exemples_valides_copies_dans_un_nouveau_dossier(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    par_schema = {schema_de(e): e for e in exemples()}
    dossier = tmp_path / "annuaire" / "nouveau-partenaire"
    dossier_pro = tmp_path / "annuaire-pro" / "nouveau-partenaire"
    dossier.mkdir(parents=True)
    dossier_pro.mkdir(parents=True)
    (dossier / "partenaire.yml").write_text(par_schema["partenaire"], encoding="utf-8")
    (dossier / "nouveau-lieu.yml").write_text(par_schema["lieu"], encoding="utf-8")
    (dossier_pro / "nouveau-lieu.yml").write_text(par_schema["pro"], encoding="utf-8")
    code = cli.main(["valider", str(tmp_path / "annuaire"), "--pro",
                     str(tmp_path / "annuaire-pro"), "--date", DATE, "--strict"])
    sortie = capsys.readouterr().err
    assert code == 0, sortie
    assert "0 erreur, 0 avertissement" in sortie
