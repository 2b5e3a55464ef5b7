"""Records -> YAML files a partner can read and edit: human key order, the schema modeline."""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml
from pydantic import BaseModel

from ..loader import SCHEMA_MODELINE
from ..models import (
    CLE_PRO,
    CLES_AUTOMATIQUES,
    Coordonnees,
    Fiable,
    Horaires,
    Lieu,
    NoteImport,
    Partenaire,
    Service,
    Source,
)


def ordre_des_champs(model: type[BaseModel]) -> tuple[str, ...]:
    """The order a person writes a record in: the model's own fields as the model declares
    them (who, where, how, when, what), then the trust fields it inherits from `Fiable` and
    its source, then the professional block. Keys the loader fills from the file's place
    are left out. Derived from the model: a new field is written where the model puts it."""
    champs = [c for c in model.model_fields if c not in CLES_AUTOMATIQUES or
              not issubclass(model, Fiable)]
    # Trust and provenance close a record, as a partner checks them last.
    confiance = [c for c in champs if c in Fiable.model_fields or c == "source"]
    propres = [c for c in champs if c not in confiance and c != CLE_PRO]
    return (*propres, *confiance, *([CLE_PRO] if CLE_PRO in champs else []))


ORDRE_LIEU = ordre_des_champs(Lieu)
ORDRE_PARTENAIRE = ordre_des_champs(Partenaire)
ORDRE_SERVICE = ordre_des_champs(Service)
ORDRE_COORDONNEES = ordre_des_champs(Coordonnees)
ORDRE_HORAIRES = ordre_des_champs(Horaires)
ORDRE_SOURCE = ordre_des_champs(Source)
ORDRE_NOTE = ordre_des_champs(NoteImport)


class _Ligne(dict[str, Any]):
    """A mapping written on one line: `{latitude: 48.0, longitude: 0.2, ...}`."""


class _Liste(list[Any]):
    """A list of short words written on one line: `[sans-rendez-vous, telephone]`."""


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # a repeated date is written twice, never as &id001 / *id001


def _texte(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    # Multi-line texts as blocks, so a partner edits them without escapes.
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    # Text YAML would read as something else ("72000", "09:00", "no", "2022-12-01")
    # in double quotes, the way CONTRIBUTING.md tells partners to write it.
    if dumper.resolve(yaml.ScalarNode, value, (True, False)) != "tag:yaml.org,2002:str":
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_str(value)


_Dumper.add_representer(str, _texte)
_Dumper.add_representer(
    _Ligne, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v.items(), flow_style=True))
_Dumper.add_representer(
    _Liste, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))
_Dumper.add_representer(
    dt.date, lambda d, v: d.represent_scalar("tag:yaml.org,2002:timestamp", v.isoformat()))


def _ordonne(data: dict[str, Any], ordre: tuple[str, ...]) -> dict[str, Any]:
    known = [k for k in ordre if k in data]
    return {k: data[k] for k in known + [k for k in data if k not in ordre]}


def _mots(values: list[Any]) -> list[Any]:
    if all(isinstance(v, str) and " " not in v for v in values) and \
            sum(len(v) + 2 for v in values) < 70:
        return _Liste(values)
    return list(values)


def _prepare(data: dict[str, Any], ordre: tuple[str, ...]) -> dict[str, Any]:
    out = _ordonne(data, ordre)
    for key, value in out.items():
        if key == "coordonnees":
            out[key] = _Ligne(_ordonne(value, ORDRE_COORDONNEES))
        elif key == "horaires":
            out[key] = _ordonne(value, ORDRE_HORAIRES)
        elif key == "source":
            out[key] = _ordonne(value, ORDRE_SOURCE)
        elif key == "services":
            out[key] = [_prepare(s, ORDRE_SERVICE) for s in value]
        elif key == "pro":
            pro = dict(value)
            if "a_verifier" in pro:
                pro["a_verifier"] = [_ordonne(n, ORDRE_NOTE) for n in pro["a_verifier"]]
            out[key] = pro
        elif isinstance(value, list) and key in ("modes_accueil", "publics", "reseaux_porteurs",
                                                  "langues", "zone_eligibilite"):
            out[key] = _mots(value)
    return out


def dump(data: dict[str, Any], partenaire: bool) -> str:
    """The full text of one record file, modeline first."""
    schema = "partenaire.schema.json" if partenaire else "lieu.schema.json"
    ordre = ORDRE_PARTENAIRE if partenaire else ORDRE_LIEU
    body = yaml.dump(_prepare(data, ordre), Dumper=_Dumper, sort_keys=False,
                     allow_unicode=True, width=1_000_000, default_flow_style=False)
    return f"{SCHEMA_MODELINE}../../schemas/{schema}\n{body}"


def dump_pro(pro: dict[str, Any]) -> str:
    """The text of one file of the professional tree: the `pro` block at top level."""
    return yaml.dump(_prepare({"pro": pro}, ("pro",))["pro"], Dumper=_Dumper, sort_keys=False,
                     allow_unicode=True, width=1_000_000, default_flow_style=False)
