"""Small builders for throwaway annuaires: one valid record, changed by keyword."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

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
