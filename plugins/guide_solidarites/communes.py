"""The French communes table: INSEE code, name, postcodes, population and town-hall point."""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DEFAULT_PATH = Path(__file__).parent / "data" / "communes-france.csv"


@dataclass(frozen=True, slots=True)
class Commune:
    code_insee: str
    nom: str
    departement: str
    codes_postaux: tuple[str, ...]
    population: int
    # The town hall stands for the commune; 142 communes have no known point.
    latitude: float | None
    longitude: float | None

    @property
    def a_coordonnees(self) -> bool:
        return self.latitude is not None and self.longitude is not None


def _coordinate(text: str) -> float | None:
    # Two rows of the source carry "nan" for an unknown town hall: the same as empty.
    value = float(text) if text else None
    return None if value is None or math.isnan(value) else value


@cache
def load_communes(path: Path = DEFAULT_PATH) -> dict[str, Commune]:
    """Every commune keyed by INSEE code (read once per path)."""
    communes: dict[str, Commune] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            lat, lon = row["latitude_mairie"], row["longitude_mairie"]
            communes[row["code_insee"]] = Commune(
                code_insee=row["code_insee"],
                nom=row["nom"],
                departement=row["departement"],
                codes_postaux=tuple(p for p in row["codes_postaux"].split() if p),
                population=int(row["population"] or 0),
                latitude=_coordinate(lat),
                longitude=_coordinate(lon),
            )
    return communes


def communes_du_departement(departement: str, path: Path = DEFAULT_PATH) -> list[Commune]:
    """The communes of one département, in INSEE order."""
    return [c for c in load_communes(path).values() if c.departement == departement]
