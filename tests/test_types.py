"""Privacy as a type: the type checker refuses a professional record where a public output
expects a public one, before any leak test has to find it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mypy import api

RACINE = Path(__file__).resolve().parents[1]

CODE = '''
from pathlib import Path
from guide_solidarites.catalogue import Catalogue, CataloguePro
from guide_solidarites.exports import data_inclusion, exporter, geojson_lieux
from guide_solidarites.pages import reglages, pages_du_guide, vue_lieu

def fuites(pro: CataloguePro, public: Catalogue) -> None:
    exporter(pro, Path("donnees"))  # refusé
    geojson_lieux(pro)  # refusé
    data_inclusion(pro)  # refusé
    pages_du_guide(pro, reglages())  # refusé
    vue_lieu(pro.lieux["x"], public, reglages())  # refusé
    public.lieux["x"] = pro.lieux["x"]  # refusé

def permis(pro: CataloguePro, public: Catalogue) -> None:
    exporter(pro.public, Path("donnees"))
    pages_du_guide(public, reglages())
    vue_lieu(pro.lieux["x"].public, public, reglages())
'''


@pytest.mark.slow
def test_mypy_refuses_a_professional_record_in_every_public_output(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fichier = tmp_path / "fuite.py"
    fichier.write_text(CODE, encoding="utf-8")
    monkeypatch.setenv("MYPYPATH", str(RACINE / "plugins"))
    sortie, erreurs, _ = api.run(["--config-file", str(RACINE / "pyproject.toml"),
                                  "--no-error-summary", "--hide-error-context",
                                  "--cache-dir", str(tmp_path / "cache"), str(fichier)])
    lignes = sorted({int(n) for n in re.findall(r"fuite\.py:(\d+): error", sortie)})
    attendues = [i for i, ligne in enumerate(CODE.splitlines(), start=1)
                 if ligne.endswith("# refusé")]
    assert len(attendues) == 6
    assert lignes == attendues, sortie + erreurs
