"""The map's own points: the open data's GeoJSON with only what the map draws, shows and
filters (overrides/assets/javascripts/carte.js), so that a phone parses less before the
first clusters appear. The full properties stay in the open data (exports.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .exports import PROPRIETES_GEOJSON
from .filtres import FILTRES

URL_CARTE = "carte"
FICHIER_CARTE = "lieux.geojson"
"""The public map's points, beside its page (carte/lieux.geojson)."""

PROPRIETES_HORS_CARTE: frozenset[str] = frozenset({
    "thematiques", "zone_eligibilite", "partenaire", "partenaire_nom", "verifie_le"})
"""Properties of the open data that no marker, popup, list line or filter of the map reads:
left out of its file. Any other property, including one added to `PROPRIETES_GEOJSON`
later, reaches the map."""

assert PROPRIETES_HORS_CARTE <= {p.nom for p in PROPRIETES_GEOJSON}
assert not PROPRIETES_HORS_CARTE & {f.propriete for f in FILTRES}, "a filter reads it"


def geojson_carte(collection: dict[str, Any]) -> dict[str, Any]:
    """A copy of a FeatureCollection of places (public or professional) for the map."""
    return {"type": "FeatureCollection", "features": [
        {**feature, "properties": {cle: valeur for cle, valeur in feature["properties"].items()
                                   if cle not in PROPRIETES_HORS_CARTE}}
        for feature in collection["features"]]}


def ecrire_geojson_carte(collection: dict[str, Any], chemin: Path) -> None:
    chemin.parent.mkdir(parents=True, exist_ok=True)
    chemin.write_text(json.dumps(geojson_carte(collection), ensure_ascii=False,
                                 separators=(",", ":")), encoding="utf-8")
