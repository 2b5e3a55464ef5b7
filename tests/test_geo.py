"""Distances and nearest points: the k-d tree index must agree with plain haversine."""

from __future__ import annotations

import math

import numpy as np
import pytest
from guide_solidarites.communes import Commune
from guide_solidarites.geo import (
    RAYON_TERRE_KM,
    PointIndex,
    distance_to_commune_km,
    haversine_km,
    position_mairie,
)

KM_PAR_DEGRE = math.pi * RAYON_TERRE_KM / 180  # along a meridian: about 111.195 km

# A micrometre: far below any real need, and well above float rounding at these distances.
TOLERANCE_KM = 1e-9


def points_aleatoires(
    n: int, seed: int, lat: tuple[float, float], lon: tuple[float, float]
) -> list[tuple[str, float, float]]:
    rng = np.random.default_rng(seed)
    lats = rng.uniform(*lat, size=n)
    lons = rng.uniform(*lon, size=n)
    return [(f"p{i}", float(a), float(o)) for i, (a, o) in enumerate(zip(lats, lons, strict=True))]


def plus_proche_par_force_brute(
    points: list[tuple[str, float, float]], lat: float, lon: float
) -> tuple[str, float]:
    return min(((pid, haversine_km(lat, lon, a, o)) for pid, a, o in points), key=lambda x: x[1])


def commune(latitude: float | None, longitude: float | None) -> Commune:
    return Commune("99001", "Essai", "99", ("99000",), 100, latitude, longitude)


# --- haversine -----------------------------------------------------------------------------


def test_one_degree_of_latitude_is_about_111_195_km() -> None:
    assert haversine_km(45.0, 2.0, 46.0, 2.0) == pytest.approx(111.195, abs=1e-3)


def test_equator_to_pole_is_a_quarter_of_the_meridian() -> None:
    assert haversine_km(0.0, 0.0, 90.0, 0.0) == pytest.approx(math.pi * RAYON_TERRE_KM / 2)


def test_distance_is_zero_to_oneself_and_symmetric() -> None:
    assert haversine_km(43.3, 5.4, 43.3, 5.4) == 0.0
    assert haversine_km(48.85, 2.35, 43.3, 5.4) == haversine_km(43.3, 5.4, 48.85, 2.35)


def test_antipodal_points_are_half_the_circumference_apart() -> None:
    assert haversine_km(10.0, 20.0, -10.0, -160.0) == pytest.approx(math.pi * RAYON_TERRE_KM)


# --- PointIndex against brute force ---------------------------------------------------------


def test_nearest_many_matches_brute_force_haversine_over_france() -> None:
    points = points_aleatoires(500, seed=1, lat=(41.3, 51.1), lon=(-5.2, 9.6))
    requetes = points_aleatoires(300, seed=2, lat=(41.3, 51.1), lon=(-5.2, 9.6))
    index = PointIndex(points)
    ids, kms = index.nearest_many([r[1] for r in requetes], [r[2] for r in requetes])
    for (_, lat, lon), pid, km in zip(requetes, ids, kms, strict=True):
        attendu_id, attendu_km = plus_proche_par_force_brute(points, lat, lon)
        assert pid == attendu_id
        assert km == pytest.approx(attendu_km, abs=TOLERANCE_KM)


def test_nearest_many_matches_brute_force_haversine_worldwide() -> None:
    points = points_aleatoires(400, seed=3, lat=(-90, 90), lon=(-180, 180))
    requetes = points_aleatoires(200, seed=4, lat=(-90, 90), lon=(-180, 180))
    index = PointIndex(points)
    ids, kms = index.nearest_many([r[1] for r in requetes], [r[2] for r in requetes])
    for (_, lat, lon), pid, km in zip(requetes, ids, kms, strict=True):
        attendu_id, attendu_km = plus_proche_par_force_brute(points, lat, lon)
        assert pid == attendu_id
        assert km == pytest.approx(attendu_km, abs=TOLERANCE_KM)


def test_nearest_k_matches_brute_force_ranking() -> None:
    points = points_aleatoires(200, seed=5, lat=(42.0, 44.0), lon=(1.0, 4.0))
    index = PointIndex(points)
    voisins = index.nearest(43.0, 2.5, k=5)
    attendus = sorted(((haversine_km(43.0, 2.5, a, o), pid) for pid, a, o in points))[:5]
    assert [v.id for v in voisins] == [pid for _, pid in attendus]
    for v, (km, _) in zip(voisins, attendus, strict=True):
        assert v.km == pytest.approx(km, abs=TOLERANCE_KM)


def test_distances_along_a_meridian_are_exact() -> None:
    index = PointIndex([("nord", 45.0 + 20 / KM_PAR_DEGRE, 2.0)])
    [voisin] = index.nearest(45.0, 2.0)
    assert voisin.km == pytest.approx(20.0, abs=TOLERANCE_KM)


# --- PointIndex behaviour -------------------------------------------------------------------


def test_nearest_returns_nearest_first() -> None:
    index = PointIndex([("loin", 46.0, 2.0), ("pres", 45.1, 2.0), ("milieu", 45.5, 2.0)])
    assert [v.id for v in index.nearest(45.0, 2.0, k=3)] == ["pres", "milieu", "loin"]


def test_nearest_with_k_beyond_the_index_size_returns_every_point() -> None:
    index = PointIndex([("a", 45.0, 2.0), ("b", 46.0, 2.0)])
    assert len(index.nearest(45.0, 2.0, k=10)) == 2


def test_points_across_the_antimeridian_are_neighbours() -> None:
    # A flat lat/lon tree would see 359.8 degrees between these: the unit sphere sees 22 km.
    index = PointIndex([("est", -17.5, 179.9), ("ouest_loin", -17.5, 170.0)])
    [voisin] = index.nearest(-17.5, -179.9)
    assert voisin.id == "est"
    assert voisin.km == pytest.approx(haversine_km(-17.5, -179.9, -17.5, 179.9), abs=1e-9)


def test_an_empty_index_answers_no_neighbour_at_infinite_distance() -> None:
    index: PointIndex[str] = PointIndex([])
    assert len(index) == 0
    assert index.nearest(45.0, 2.0) == []
    ids, kms = index.nearest_many([45.0, 46.0], [2.0, 2.0])
    assert ids == [None, None]
    assert np.all(np.isinf(kms))


def test_ids_may_repeat_for_a_place_and_its_permanences() -> None:
    index = PointIndex([("mds", 45.0, 2.0), ("mds", 46.0, 2.0)])
    ids, _ = index.nearest_many([45.0, 46.0], [2.0, 2.0])
    assert ids == ["mds", "mds"]


def test_nearest_many_of_no_location_is_empty() -> None:
    ids, kms = PointIndex([("a", 45.0, 2.0)]).nearest_many([], [])
    assert ids == []
    assert kms.shape == (0,)


def test_swapped_or_impossible_coordinates_are_refused() -> None:
    with pytest.raises(ValueError, match="hors limites"):
        PointIndex([("inverse", 2.0, 245.0)])
    with pytest.raises(ValueError, match="non numériques"):
        PointIndex([("nan", float("nan"), 2.0)])


# --- distance_to_commune_km ----------------------------------------------------------------


def test_distance_to_commune_is_measured_to_its_town_hall() -> None:
    assert distance_to_commune_km(45.1, 2.0, commune(45.0, 2.0)) == pytest.approx(
        0.1 * KM_PAR_DEGRE
    )


def test_distance_to_a_commune_without_town_hall_point_is_unknown() -> None:
    assert distance_to_commune_km(45.1, 2.0, commune(None, None)) is None


def test_a_nan_town_hall_point_counts_as_unknown() -> None:
    # The bundled table holds "nan" for Lanester and Solore-en-Forez.
    nan = float("nan")
    assert position_mairie(commune(nan, nan)) is None
    assert distance_to_commune_km(45.1, 2.0, commune(nan, nan)) is None
    assert position_mairie(commune(45.0, 2.0)) == (45.0, 2.0)
