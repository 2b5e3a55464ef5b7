"""JSON Schemas of the YAML files, generated from the models, for editors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .models import CLES_AUTOMATIQUES, InfosPro, LieuPublic, PartenairePublic
from .vocab import ENUMERATIONS, Enumeration

SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "partenaire.schema.json": (
        PartenairePublic, "Fiche partenaire (annuaire/<partenaire>/partenaire.yml)"),
    "lieu.schema.json": (LieuPublic, "Lieu d'accueil (annuaire/<partenaire>/<lieu>.yml)"),
    # The professional tree's files, for the editors of the private repository: the schema
    # names fields only, never a value.
    "pro.schema.json": (InfosPro, "Informations professionnelles "
                        "(annuaire-pro/<partenaire>/<lieu>.yml, dépôt privé)"),
}


def _enumeration(valeurs: list[Any]) -> Enumeration:
    # Found by its values: an enumeration class and an inline list (langues) alike.
    for enumeration in ENUMERATIONS.values():
        if set(enumeration.libelles) == set(valeurs):
            return enumeration
    raise KeyError(f"aucune enumeration de vocab.py n'a les valeurs {valeurs}")


def _label_enums(node: Any) -> None:
    """Give every enumerated value its French label, in the two forms editors read:
    `enumDescriptions` (VS Code's JSON) and `markdownEnumDescriptions` (its YAML
    extension, which shows it beside each completion)."""
    if isinstance(node, list):
        for item in node:
            _label_enums(item)
        return
    if not isinstance(node, dict):
        return
    if "enum" in node:
        enumeration = _enumeration(node["enum"])
        libelles = [enumeration.libelles[v] for v in node["enum"]]
        node["title"] = enumeration.nom
        node["description"] = enumeration.nom
        node["enumDescriptions"] = libelles
        node["markdownEnumDescriptions"] = libelles
    for value in node.values():
        _label_enums(value)


def file_schema(model: type[BaseModel], title: str) -> dict[str, Any]:
    """The schema of the file as written: without the keys the loader fills in."""
    schema = model.model_json_schema(mode="validation")
    _label_enums(schema)
    for key in CLES_AUTOMATIQUES:
        schema.get("properties", {}).pop(key, None)
    schema["required"] = [k for k in schema.get("required", []) if k not in CLES_AUTOMATIQUES]
    schema["title"] = title
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def render(model: type[BaseModel], title: str) -> str:
    schema = file_schema(model, title)
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(dossier: Path) -> list[Path]:
    dossier.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (model, title) in SCHEMAS.items():
        path = dossier / name
        path.write_text(render(model, title), encoding="utf-8")
        written.append(path)
    return written
