"""Small builders for throwaway annuaires: one valid record, changed by keyword."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml

if TYPE_CHECKING:
    from hostile import AnnuaireHostile

# The date every test runs at, so that "verified last month" never goes stale.
AUJOURDHUI = dt.date(2026, 11, 22)

RETIRER = object()
"""Pass as an override to drop a key from the record."""

PARTENAIRE: dict[str, Any] = {
    "nom": "Centre communal d'action sociale de Sablé-sur-Sarthe",
    "cercle": "premier-accueil",
    "verifie_le": "2026-10-01",
    "verifie_par": "CCAS de Sablé-sur-Sarthe, accueil",
}

LIEU: dict[str, Any] = {
    "nom": "CCAS de Sablé-sur-Sarthe",
    "type": "ccas-cias",
    "adresse": "1 place Raphaël Élizé",
    "code_postal": "72300",
    "code_insee": "72264",
    "coordonnees": {"latitude": 47.8404, "longitude": -0.3334, "precision": "adresse"},
    "modes_accueil": ["sans-rendez-vous", "telephone"],
    "telephone": "02 61 91 10 20",
    "horaires": {"sans_rendez_vous": "Mo-Fr 09:00-12:00; PH off"},
    "verifie_le": "2026-10-01",
    "verifie_par": "CCAS de Sablé-sur-Sarthe, accueil",
}


def _merge(base: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    data = dict(base)
    for key, value in overrides.items():
        if value is RETIRER:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def partenaire_data(**overrides: Any) -> dict[str, Any]:
    return _merge(PARTENAIRE, overrides)


def lieu_data(**overrides: Any) -> dict[str, Any]:
    return _merge(LIEU, overrides)


def to_yaml(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def partenaire_yaml(**overrides: Any) -> str:
    """A valid partenaire.yml; `key=RETIRER` drops a key."""
    return to_yaml(partenaire_data(**overrides))


def lieu_yaml(**overrides: Any) -> str:
    """A valid reception point file; `key=RETIRER` drops a key."""
    return to_yaml(lieu_data(**overrides))


def write_annuaire(tmp_path: Path, files: dict[str, str]) -> Path:
    """Write `{"partner/file.yml": text}` under tmp_path/annuaire and return that folder."""
    racine = tmp_path / "annuaire"
    racine.mkdir(exist_ok=True)
    for name, text in files.items():
        path = racine / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return racine


@pytest.fixture
def annuaire_valide(tmp_path: Path) -> Path:
    """One partner with one reception point, both valid."""
    return write_annuaire(tmp_path, {
        "ccas-sable/partenaire.yml": partenaire_yaml(),
        "ccas-sable/ccas-sable-centre.yml": lieu_yaml(),
    })


# --- Sites built once per session -----------------------------------------------------------
# A build takes seconds; the modules that only read the same site share one. None of these
# fixtures' users writes into the site (a test that must change one copies it first).

RACINE = Path(__file__).resolve().parents[1]
FIXTURE = RACINE / "tests" / "fixtures" / "site"


def construire_fixture(site_dir: Path, variante: str) -> Path:
    """tests/fixtures/site with its own mkdocs.yml, nothing changed but the variant (no
    annuaire_pro: the professional build without its private tree)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(config_file=str(FIXTURE / "mkdocs.yml"), site_dir=str(site_dir))
    guide = config.plugins["guide-solidarites"]
    guide.config.annuaire = str(FIXTURE / "annuaire")
    guide.config.variant = variante
    build(config)
    return site_dir


@pytest.fixture(scope="session")
def site_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The public build of tests/fixtures/site as its mkdocs.yml says."""
    return construire_fixture(tmp_path_factory.mktemp("fixture") / "site", "public")


@pytest.fixture(scope="session")
def site_fixture_pro(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same with `variant: pro`."""
    return construire_fixture(tmp_path_factory.mktemp("fixture") / "site-pro", "pro")


@pytest.fixture(scope="session")
def annuaire_hostile(tmp_path_factory: pytest.TempPathFactory) -> AnnuaireHostile:
    """tests/hostile.py's annuaire, markup planted in every text field."""
    from hostile import ecrire_annuaire

    return ecrire_annuaire(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="session")
def sites_hostiles(annuaire_hostile: AnnuaireHostile,
                   tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The hostile annuaire built with the production mkdocs.yml and mkdocs.pro.yml: read
    file by file (test_escaping.py) and opened in Chromium (browser/test_hostile_markup.py)."""
    from hostile import construire

    dossier = tmp_path_factory.mktemp("sites-hostiles")
    return {"public": construire(RACINE / "mkdocs.yml", annuaire_hostile, dossier / "site"),
            "pro": construire(RACINE / "mkdocs.pro.yml", annuaire_hostile,
                              dossier / "site-pro", pro=True)}


# --- Parallel runs ---------------------------------------------------------------------------
# `make test` runs `pytest -n 2 --dist loadscope` (pytest-xdist): each module runs whole on
# one worker, so that its module fixtures are built once. The scheduler below also keeps
# together the modules that share a session build, and hands out the longest units first,
# so that a long module does not start last and run alone.

ENSEMBLES = {
    "tests/test_plugin_build.py": "site_fixture",
    "tests/test_skip_link.py": "site_fixture",
    "tests/test_apercu.py": "site_fixture",
    "tests/test_minify.py": "site_fixture",
    "tests/test_escaping.py": "sites_hostiles",
    "tests/browser/test_hostile_markup.py": "sites_hostiles",
}
"""Module -> the unit it runs in, for the modules that share a session fixture."""

LONGS = [
    "tests/browser/test_recherche_besoins.py", "tests/browser/test_accessibilite.py",
    "tests/browser/test_langues.py", "tests/browser/test_carte_standalone.py",
    "tests/browser/test_cms.py", "tests/browser/test_recherche.py", "tests/browser/test_site.py",
    "sites_hostiles", "tests/test_atomic_build.py", "tests/test_moteur.py", "tests/test_fuite.py",
    "tests/browser/test_echantillon.py", "tests/browser/test_pages_legeres.py",
    "tests/browser/test_selection.py", "tests/browser/test_horaires_navigateur.py",
    "tests/browser/test_carte_legere.py",
]
"""The longest units as last measured, longest first; the others follow in file order. Only
the order of the run depends on it, never a result."""


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ParModule(LoadScopeScheduling):  # type: ignore[misc]
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return ENSEMBLES.get(module, module)

        def _assign_work_unit(self, node: Any) -> None:
            rang = {unite: i for i, unite in enumerate(LONGS)}
            suivante = min(self.workqueue, key=lambda unite: rang.get(unite, len(LONGS)))
            self.workqueue.move_to_end(suivante, last=False)
            super()._assign_work_unit(node)

    return ParModule(config, log)
