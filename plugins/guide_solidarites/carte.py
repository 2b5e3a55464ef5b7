"""The map's own points: what the map draws, shows and filters of the open data's GeoJSON
(overrides/assets/javascripts/carte.js), in a compact table, so that a phone reads and parses
a fraction of it before the first clusters appear. The open data keeps its complete,
standard GeoJSON (exports.py); this file is for the map only.

The format ("guide-carte/1"), one JSON object:

    {"format": "guide-carte/1",
     "champs": ["id", "nom", "type", ...],          the properties, in the GeoJSON's order
     "tables": {"type": ["ccas-cias", ...], ...},   values of the repetitive properties
     "lieux": [[lon, lat, v1, v2, ...], ...]}       one row per feature, in its order

A row holds the point's longitude and latitude (null, null without a geometry) and then one
cell per field of `champs`: the value itself, or, for a field named in `tables`, the index of
its value in that table (every distinct value of the field, in order of first appearance).
A property a feature lacks is null, as carte.js reads a missing property.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .exports import PROPRIETES_GEOJSON
from .filtres import FILTRES

URL_CARTE = "carte"
FICHIER_CARTE = "lieux.json"
"""The public map's points, beside its page (carte/lieux.json)."""
FICHIER_CARTE_PRO = "lieux-pro.json"
"""The professional map's points (with the referents), in the professional site only."""
FORMAT = "guide-carte/1"

PROPRIETES_HORS_CARTE: frozenset[str] = frozenset({
    "thematiques", "zone_eligibilite", "partenaire", "partenaire_nom", "verifie_le",
    "adresse", "code_postal"})
"""Properties of the open data that no marker, popup, list line or filter of the map reads
(the popup shows `adresse_complete`): left out of its file. Any other property, including
one added to `PROPRIETES_GEOJSON` later, reaches the map."""

assert PROPRIETES_HORS_CARTE <= {p.nom for p in PROPRIETES_GEOJSON}
assert not PROPRIETES_HORS_CARTE & {f.propriete for f in FILTRES}, "a filter reads it"


def _cle(valeur: Any) -> str:
    return json.dumps(valeur, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def points_carte(collection: dict[str, Any]) -> dict[str, Any]:
    """The map's table of a FeatureCollection of places (public or professional)."""
    features = collection["features"]
    champs: list[str] = []
    for feature in features:
        for cle in feature["properties"]:
            if cle not in PROPRIETES_HORS_CARTE and cle not in champs:
                champs.append(cle)
    colonnes = [[feature["properties"].get(champ) for feature in features] for champ in champs]
    tables: dict[str, list[Any]] = {}
    cellules: list[list[Any]] = []
    for champ, valeurs in zip(champs, colonnes, strict=True):
        rangs: dict[str, int] = {}
        distinctes: list[Any] = []
        for valeur in valeurs:
            if rangs.setdefault(_cle(valeur), len(distinctes)) == len(distinctes):
                distinctes.append(valeur)
        # A table pays when values repeat (types, communes, filter values): a name, an id
        # or an address, nearly unique, stays in its row.
        if len(distinctes) * 2 <= len(valeurs):
            tables[champ] = distinctes
            cellules.append([rangs[_cle(valeur)] for valeur in valeurs])
        else:
            cellules.append(valeurs)
    lieux = []
    for n, feature in enumerate(features):
        geometrie = feature.get("geometry") or {}
        coordonnees = (geometrie.get("coordinates") if geometrie.get("type") == "Point"
                       else None) or [None, None]
        lieux.append([coordonnees[0], coordonnees[1], *(colonne[n] for colonne in cellules)])
    return {"format": FORMAT, "champs": champs, "tables": tables, "lieux": lieux}


def lire_points_carte(points: dict[str, Any]) -> list[dict[str, Any]]:
    """The features back from the table, as carte.js reads it (for tests and tools)."""
    champs, tables = points["champs"], points["tables"]
    features = []
    for ligne in points["lieux"]:
        proprietes = {champ: tables[champ][cellule] if champ in tables else cellule
                      for champ, cellule in zip(champs, ligne[2:], strict=True)}
        geometrie = None if ligne[0] is None else {"type": "Point",
                                                   "coordinates": [ligne[0], ligne[1]]}
        features.append({"type": "Feature", "geometry": geometrie, "properties": proprietes})
    return features


def ecrire_points_carte(collection: dict[str, Any], chemin: Path) -> None:
    chemin.parent.mkdir(parents=True, exist_ok=True)
    chemin.write_text(json.dumps(points_carte(collection), ensure_ascii=False,
                                 separators=(",", ":")), encoding="utf-8")
