"""The JSON Schemas editors use: up to date with the models, and true to real files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import lieu_data, partenaire_data
from guide_solidarites import schema
from guide_solidarites.loader import FICHIER_PARTENAIRE
from jsonschema import Draft202012Validator

RACINE = Path(__file__).parents[1]
EXEMPLES = sorted((RACINE / "annuaire").glob("*/*.yml"))


def validateur(nom: str) -> Draft202012Validator:
    data = json.loads((RACINE / "schemas" / nom).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(data)
    return Draft202012Validator(data, format_checker=Draft202012Validator.FORMAT_CHECKER)


def comme_un_editeur(texte: str) -> Any:
    """The file as yaml-language-server sees it: YAML 1.2, where a date is text."""
    data = yaml.safe_load(texte)
    return json.loads(json.dumps(data, default=lambda v: v.isoformat()
                                 if isinstance(v, dt.date) else str(v)))


def erreurs(nom: str, data: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validateur(nom).iter_errors(data)]


@pytest.mark.parametrize("nom", sorted(schema.SCHEMAS))
def test_schema_a_jour(nom: str) -> None:
    model, titre = schema.SCHEMAS[nom]
    fichier = RACINE / "schemas" / nom
    assert fichier.is_file(), f"{fichier} manque : lancez `guide schema`"
    assert fichier.read_text(encoding="utf-8") == schema.render(model, titre), (
        f"{fichier.name} ne correspond plus aux modèles : lancez `guide schema` et "
        "committez le résultat")


@pytest.mark.parametrize("chemin", EXEMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_exemples_du_depot_valides_selon_le_schema(chemin: Path) -> None:
    nom = "partenaire.schema.json" if chemin.name == FICHIER_PARTENAIRE else "lieu.schema.json"
    assert erreurs(nom, comme_un_editeur(chemin.read_text(encoding="utf-8"))) == []


def test_fiches_des_tests_valides_selon_le_schema() -> None:
    assert erreurs("lieu.schema.json", lieu_data()) == []
    assert erreurs("partenaire.schema.json", partenaire_data()) == []


def test_cles_automatiques_absentes_du_schema() -> None:
    lieu = json.loads((RACINE / "schemas" / "lieu.schema.json").read_text(encoding="utf-8"))
    assert "id" not in lieu["properties"] and "partenaire" not in lieu["properties"]
    assert erreurs("lieu.schema.json", lieu_data(id="ccas-sable-centre")) != []


@pytest.mark.parametrize(("nom", "data"), [
    ("lieu.schema.json", lieu_data(type="ccas")),
    ("lieu.schema.json", lieu_data(telefone="02 61 91 10 20")),
    ("lieu.schema.json", lieu_data(modes_accueil=[])),
    ("lieu.schema.json", lieu_data(verifie_le="31/12/2026")),
    ("partenaire.schema.json", partenaire_data(cercle="1er-cercle")),
], ids=["type", "cle-inconnue", "modes-vides", "date", "cercle"])
def test_schema_refuse_les_erreurs_courantes(nom: str, data: dict[str, Any]) -> None:
    assert erreurs(nom, data) != []
