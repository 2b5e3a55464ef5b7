"""Benchmark: coverage of all of France's communes by 10,000 synthetic reception points.

Not a test: run it by hand after touching geo.py or couverture.py.

    .venv/bin/python bench/bench_couverture.py [--points 10000] [--seed 2019] [--repeat 5]

Points are placed near the town halls of random communes with a jitter of a few km, so
their density follows the communes' (dense in the north-east, sparse in the mountains),
as real reception points would. A fifth of them are permanences. Timings are the best of
`--repeat` runs, the usual way to filter out the noise of a shared machine.

Last runs (2026-11-22, shared AMD EPYC container, Python 3.11, scipy 1.17.1; best of 5,
spread over 3 runs): 34,825 usable town halls out of 34,969 communes, 8,000 places and
2,000 permanences.
    index build (10,000 points)                 4-6 ms
    nearest query (34,825 town halls)           21-27 ms
    total: analyser_couverture (2 indexes)      270-430 ms
    report_to_dict                              50-130 ms
The total is mostly building tens of thousands of small frozen dataclasses; a real
département (300 to 900 communes) takes a few ms.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import TypeVar

import numpy as np
from guide_solidarites.communes import Commune, load_communes
from guide_solidarites.couverture import PointAccueil, analyser_couverture, report_to_dict
from guide_solidarites.geo import PointIndex, position_mairie

T = TypeVar("T")

# About 3 km of jitter: a reception point is near, rarely at, the town hall.
JITTER_DEGRES = 0.03
PART_PERMANENCES = 0.2


def points_synthetiques(
    communes: list[Commune], n: int, seed: int
) -> tuple[list[PointAccueil], list[PointAccueil]]:
    """n points near random town halls; the last fifth are permanences of the first places."""
    rng = np.random.default_rng(seed)
    situees = [c for c in communes if position_mairie(c) is not None]
    mairies = [m for m in map(position_mairie, situees) if m is not None]
    choix = rng.integers(0, len(situees), size=n)
    decalage = rng.normal(0.0, JITTER_DEGRES, size=(n, 2))
    points: list[PointAccueil] = []
    for k, (i, (dlat, dlon)) in enumerate(zip(choix.tolist(), decalage.tolist(), strict=True)):
        (lat, lon), c = mairies[i], situees[i]
        lat = float(np.clip(lat + dlat, -90, 90))
        lon += dlon
        lon = (lon + 180) % 360 - 180  # keep Wallis-et-Futuna's side of the antimeridian valid
        points.append(PointAccueil(f"lieu-{k}", f"Lieu {k}", lat, lon, c.code_insee))
    n_lieux = n - int(n * PART_PERMANENCES)
    lieux = points[:n_lieux]
    # A permanence carries the id and name of the place holding it, at the stop's position.
    permanences = [
        PointAccueil(
            lieux[k % n_lieux].id, lieux[k % n_lieux].nom, p.latitude, p.longitude, p.code_insee
        )
        for k, p in enumerate(points[n_lieux:])
    ]
    return lieux, permanences


def meilleur_temps(fonction: Callable[[], T], repeat: int) -> tuple[float, T]:
    """Best wall time over `repeat` runs, in seconds, and the last result."""
    meilleur = float("inf")
    resultat: T | None = None
    for _ in range(repeat):
        debut = time.perf_counter()
        resultat = fonction()
        meilleur = min(meilleur, time.perf_counter() - debut)
    assert resultat is not None
    return meilleur, resultat


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    debut = time.perf_counter()
    communes = list(load_communes().values())
    t_chargement = time.perf_counter() - debut
    lieux, permanences = points_synthetiques(communes, args.points, args.seed)
    mairies = [m for m in map(position_mairie, communes) if m is not None]
    lats = np.array([lat for lat, _ in mairies], dtype=np.float64)
    lons = np.array([lon for _, lon in mairies], dtype=np.float64)

    # The raw index over all 10,000 points, places and permanences alike.
    tous = [*lieux, *permanences]
    t_index, index = meilleur_temps(
        lambda: PointIndex((i, p.latitude, p.longitude) for i, p in enumerate(tous)),
        args.repeat,
    )
    t_requete, _ = meilleur_temps(lambda: index.nearest_many(lats, lons), args.repeat)
    t_analyse, rapport = meilleur_temps(
        lambda: analyser_couverture(communes, lieux, permanences), args.repeat
    )
    t_dict, _ = meilleur_temps(lambda: report_to_dict(rapport), args.repeat)

    t, tp = rapport.totaux, rapport.totaux_avec_permanences
    ms_csv = t_chargement * 1000
    print(f"communes chargées         {len(communes):>8,}  ({ms_csv:.0f} ms, lecture du CSV)")
    print(f"  dont sans mairie située {len(rapport.sans_coordonnees):>8,}")
    print(f"lieux / permanences       {len(lieux):>8,} / {len(permanences):,}")
    print(f"construction de l'index   {t_index * 1000:>8.1f} ms  ({len(tous):,} points)")
    print(f"requête plus proche       {t_requete * 1000:>8.1f} ms  ({len(mairies):,} mairies)")
    print(f"total : analyse complète  {t_analyse * 1000:>8.1f} ms  (2 index, 2 requêtes, rapport)")
    print(f"report_to_dict            {t_dict * 1000:>8.1f} ms")
    print(f"seuil                     {rapport.seuil_km:>8g} km")
    print(
        f"accessibles               {t.communes_accessibles:>8,} communes "
        f"({t.part_communes_accessibles} %), {t.part_habitants_accessibles} % des habitants"
    )
    print(
        f"  permanences comprises   {tp.communes_accessibles:>8,} communes "
        f"({tp.part_communes_accessibles} %), {tp.part_habitants_accessibles} % des habitants"
    )
    plus_loin = max(
        (c for c in rapport.communes if c.premier_accueil.distance_km is not None),
        key=lambda c: c.premier_accueil.distance_km or 0.0,
    )
    print(
        f"commune la plus éloignée  {plus_loin.nom} ({plus_loin.code_insee}), "
        f"{plus_loin.premier_accueil.distance_km} km"
    )


if __name__ == "__main__":
    main()
