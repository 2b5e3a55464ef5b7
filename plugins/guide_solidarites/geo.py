"""Great-circle distances and nearest reception points, exact to the metre, without I/O."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree

from .communes import Commune

# Mean Earth radius (IUGG). The sphere is off the ellipsoid by at most ~0.5 %, far below the
# uncertainty of "the town hall stands for the commune".
RAYON_TERRE_KM = 6371.0088

K = TypeVar("K")

FloatArray = npt.NDArray[np.float64]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in decimal degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    # Rounding can push `a` a hair above 1 for antipodal points; asin would then fail.
    return 2 * RAYON_TERRE_KM * math.asin(math.sqrt(min(a, 1.0)))


def position_mairie(commune: Commune) -> tuple[float, float] | None:
    """The commune's town-hall point as (latitude, longitude), or None when it is unusable.

    Stricter than `Commune.a_coordonnees`: the bundled table also holds "nan" for two
    communes (Lanester 56098, Solore-en-Forez 42084), which would otherwise slip through as
    NaN distances that compare False with every threshold.
    """
    lat, lon = commune.latitude, commune.longitude
    if lat is None or lon is None:
        return None
    if not (math.isfinite(lat) and math.isfinite(lon)) or abs(lat) > 90 or abs(lon) > 180:
        return None
    return lat, lon


TOUTE_LA_FRANCE = "france"
"""The data·inclusion code for a zone that admits everyone in the country."""


def est_code_departement(code: str) -> bool:
    """"72", "2A", "974": the forms a département code takes in a zone d'éligibilité."""
    return len(code) in (2, 3) and code != TOUTE_LA_FRANCE


def est_code_epci(code: str) -> bool:
    """A SIREN: the only 9-digit code a zone d'éligibilité holds."""
    return len(code) == 9 and code.isdigit()


def communes_eligibles(zone: Sequence[str] | None,
                       communes: Mapping[str, Commune]) -> frozenset[str] | None:
    """The INSEE codes of the communes whose inhabitants a `zone_eligibilite` admits.

    None means everyone (no zone, or "france"). Commune codes stand for themselves and
    département codes for all their communes. EPCI codes cannot be resolved: the bundled
    communes table does not say which EPCI a commune belongs to, so validation refuses
    them and they add nothing here.
    """
    if not zone or TOUTE_LA_FRANCE in zone:
        return None
    codes = {code for code in zone if code in communes}
    departements = {code for code in zone if est_code_departement(code)}
    if departements:
        codes.update(c.code_insee for c in communes.values() if c.departement in departements)
    return frozenset(codes)


def distance_to_commune_km(lat: float, lon: float, commune: Commune) -> float | None:
    """Distance in km from a point to the commune's town hall; None when that point is unknown.

    Meant for the validator's check that a place's coordinates lie in or near its commune.
    None is not an error of the record: 144 communes have no usable town-hall point, so the
    check cannot be made. The largest communes (Arles, Val-Cenis, Guyane's) span tens of
    km, so a fixed threshold of "a few km" will flag some correct records there.
    """
    mairie = position_mairie(commune)
    if mairie is None:
        return None
    return haversine_km(lat, lon, *mairie)


def _unit_vectors(lats: FloatArray, lons: FloatArray) -> FloatArray:
    """Points on the unit sphere: the Euclidean (chord) order there is the great-circle order."""
    phi = np.radians(lats)
    lam = np.radians(lons)
    cos_phi = np.cos(phi)
    return np.column_stack((cos_phi * np.cos(lam), cos_phi * np.sin(lam), np.sin(phi)))


def _chord_to_km(chord: FloatArray) -> FloatArray:
    """Exact conversion of a chord of the unit sphere to the great-circle arc, in km.

    A chord c subtends the angle 2·asin(c/2). Clipping guards against c exceeding 2 by
    rounding for antipodal points; infinite chords (no neighbour) stay infinite.
    """
    finite = np.isfinite(chord)
    km = np.full(chord.shape, np.inf)
    km[finite] = 2 * RAYON_TERRE_KM * np.arcsin(np.clip(chord[finite] / 2, 0.0, 1.0))
    return km


def _check_coordinates(lats: FloatArray, lons: FloatArray) -> None:
    # A NaN or a swapped lat/lon would silently give a wrong "nearest": refuse it loudly.
    if not (np.all(np.isfinite(lats)) and np.all(np.isfinite(lons))):
        raise ValueError("Coordonnées non numériques (NaN ou infini).")
    if np.any(np.abs(lats) > 90) or np.any(np.abs(lons) > 180):
        raise ValueError(
            "Coordonnées hors limites : la latitude doit être entre -90 et 90, "
            "la longitude entre -180 et 180 (latitude et longitude inversées ?)."
        )


@dataclass(frozen=True, slots=True)
class Voisin(Generic[K]):
    """One point found near a location: its id and its great-circle distance."""

    id: K
    km: float


class PointIndex(Generic[K]):
    """Nearest-point queries over a fixed set of (id, latitude, longitude) points.

    Points are stored as 3-D unit vectors in a k-d tree: the straight-line (chord) distance
    between unit vectors grows strictly with the great-circle distance, so the chord
    nearest neighbour *is* the great-circle nearest neighbour, with no projection error
    anywhere on Earth, and the chord converts back to km exactly.

    Ids need not be unique: a place and the stops of its permanences may share one id.
    An empty index is allowed and answers "no neighbour" (infinite distance).
    """

    __slots__ = ("_ids", "_tree", "_size")

    def __init__(self, points: Iterable[tuple[K, float, float]]) -> None:
        rows = list(points)
        self._ids: list[K] = [row[0] for row in rows]
        self._size = len(rows)
        lats = np.fromiter((row[1] for row in rows), dtype=np.float64, count=self._size)
        lons = np.fromiter((row[2] for row in rows), dtype=np.float64, count=self._size)
        _check_coordinates(lats, lons)
        self._tree = cKDTree(_unit_vectors(lats, lons)) if self._size else None

    def __len__(self) -> int:
        return self._size

    @property
    def ids(self) -> Sequence[K]:
        """The ids in the order the points were given."""
        return tuple(self._ids)

    def nearest(self, lat: float, lon: float, k: int = 1) -> list[Voisin[K]]:
        """The k nearest points, nearest first (fewer if the index holds fewer)."""
        if k < 1:
            raise ValueError(f"k must be at least 1, got {k}")
        _check_coordinates(np.array([lat]), np.array([lon]))
        if self._tree is None:
            return []
        k = min(k, self._size)
        query = _unit_vectors(np.array([lat]), np.array([lon]))[0]
        # A list for k makes scipy return arrays even for k == 1.
        chords, positions = self._tree.query(query, k=list(range(1, k + 1)))
        kms = _chord_to_km(np.asarray(chords, dtype=np.float64))
        return [Voisin(self._ids[int(i)], float(d)) for i, d in zip(positions, kms, strict=True)]

    def nearest_many(
        self, lats: npt.ArrayLike, lons: npt.ArrayLike
    ) -> tuple[list[K | None], FloatArray]:
        """For each location, the id of the nearest point and its distance in km.

        Vectorised: one tree query for all locations. With an empty index every id is None
        and every distance infinite.
        """
        lat_arr = np.asarray(lats, dtype=np.float64).ravel()
        lon_arr = np.asarray(lons, dtype=np.float64).ravel()
        if lat_arr.shape != lon_arr.shape:
            raise ValueError("lats and lons must have the same length")
        _check_coordinates(lat_arr, lon_arr)
        if self._tree is None or lat_arr.size == 0:
            return [None] * lat_arr.size, np.full(lat_arr.size, np.inf)
        chords, positions = self._tree.query(_unit_vectors(lat_arr, lon_arr), k=1)
        ids: list[K | None] = [self._ids[i] for i in positions.tolist()]
        return ids, _chord_to_km(np.asarray(chords, dtype=np.float64))
