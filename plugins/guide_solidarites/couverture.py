"""Coverage of a département by premier accueil social inconditionnel points (30-minute rule).

The *schéma départemental d'amélioration de l'accessibilité des services au public* must
geolocate the offer and measure its accessibility; since 2019 the target is every inhabitant
within 30 minutes of a premier accueil. This module measures, for each commune, the
straight-line distance from its town hall to the nearest premier accueil point, with and
without the permanences those places hold elsewhere, and sums up who is within reach.
Pure: no MkDocs, no file reading except where a caller hands `write_csv` a path.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, NamedTuple, TextIO

import numpy as np
import numpy.typing as npt

from .catalogue import Catalogue
from .communes import Commune
from .geo import PointIndex, haversine_km, position_mairie
from .tableur import ouvrir_csv

# --- The threshold -------------------------------------------------------------------------

SEUIL_DEFAUT_KM = 20.0
"""Straight-line km standing in for 30 minutes by road (see EXPLICATION_SEUIL_DEFAUT)."""

# The figures behind SEUIL_DEFAUT_KM, kept apart so the page text and the number agree.
FACTEUR_DETOUR = 1.3
"""Road distance / straight-line distance, commonly measured at 1.2 to 1.4 in rural France."""
VITESSE_MIN_KMH, VITESSE_MAX_KMH = 50, 60
"""Door-to-door average speed on secondary rural roads (villages, junctions, parking)."""

# 30 minutes of driving, then brought back to straight line by the detour factor.
_ROUTE_KM = (VITESSE_MIN_KMH / 2, VITESSE_MAX_KMH / 2)
_VOL_KM = (_ROUTE_KM[0] / FACTEUR_DETOUR, _ROUTE_KM[1] / FACTEUR_DETOUR)


def _km_fr(km: float) -> str:
    """A number written the French way: 20.0 -> "20", 1.3 -> "1,3"."""
    return f"{km:g}".replace(".", ",")


EXPLICATION_SEUIL_DEFAUT = (
    "L'objectif national : chaque habitant doit trouver un premier accueil social "
    "inconditionnel à moins de 30 minutes de chez lui. "
    "Nous ne calculons pas d'itinéraire routier : nous mesurons la distance à vol d'oiseau "
    "entre la mairie de chaque commune et le lieu d'accueil le plus proche. "
    f"Par la route, le trajet est en moyenne {_km_fr(FACTEUR_DETOUR)} fois plus long "
    "qu'à vol d'oiseau. "
    f"En zone rurale, on roule en moyenne à {VITESSE_MIN_KMH} ou {VITESSE_MAX_KMH} km/h, "
    "traversées de villages comprises. "
    f"En 30 minutes, on parcourt donc {_ROUTE_KM[0]:.0f} à {_ROUTE_KM[1]:.0f} km de route, "
    f"soit {_VOL_KM[0]:.0f} à {_VOL_KM[1]:.0f} km à vol d'oiseau. "
    f"Nous retenons {_km_fr(SEUIL_DEFAUT_KM)} km, près du bas de cette fourchette, "
    "pour ne pas surestimer la couverture. "
    "C'est une estimation : en montagne, en ville aux heures de pointe ou sans voiture, "
    "le même trajet prend plus de temps. "
    f"Une commune située à {_km_fr(SEUIL_DEFAUT_KM)} km exactement est comptée comme "
    "accessible."
)
"""Shown on the coverage page when the département keeps the default threshold."""


def explication_seuil(seuil_km: float) -> str:
    """The French text explaining the threshold in use, for the coverage page."""
    if seuil_km == SEUIL_DEFAUT_KM:
        return EXPLICATION_SEUIL_DEFAUT
    seuil = _km_fr(seuil_km)
    return (
        "L'objectif national : chaque habitant doit trouver un premier accueil social "
        "inconditionnel à moins de 30 minutes de chez lui. "
        "Nous ne calculons pas d'itinéraire routier : nous mesurons la distance à vol d'oiseau "
        "entre la mairie de chaque commune et le lieu d'accueil le plus proche. "
        f"Le département a retenu un seuil de {seuil} km à vol d'oiseau pour représenter "
        "30 minutes de trajet. "
        f"Une commune située à {seuil} km exactement est comptée comme accessible."
    )


# --- Inputs and report ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PointAccueil:
    """Where someone can be received: a premier accueil place, or one of its permanences.

    For a permanence, `id` and `nom` are those of the place holding it, while the
    coordinates and `code_insee` are those of the stop where it is held.
    """

    id: str
    nom: str
    latitude: float
    longitude: float
    code_insee: str
    communes_servies: frozenset[str] | None = None
    """INSEE codes of the communes whose inhabitants it receives (its place's
    `zone_eligibilite`); None: everyone. A CCAS is never counted for another commune."""


@dataclass(frozen=True, slots=True)
class Acces:
    """The nearest reception point from a commune's town hall, and whether it is in reach."""

    lieu_id: str | None
    """None when the département has no such point at all."""
    lieu_nom: str | None
    lieu_code_insee: str | None
    """The commune where the person would go (the stop's, for a permanence)."""
    distance_km: float | None
    """Rounded to 100 m: the town hall stands for the whole commune, finer is noise."""
    accessible: bool
    par_permanence: bool
    """True when the nearest point is a permanence stop rather than the place itself."""


@dataclass(frozen=True, slots=True)
class CouvertureCommune:
    """One commune with a known town-hall point, and its access to a premier accueil."""

    code_insee: str
    nom: str
    population: int
    latitude: float
    longitude: float
    premier_accueil: Acces
    """Counting the premier accueil places only."""
    avec_permanences: Acces
    """Counting their permanences held elsewhere too: never farther than `premier_accueil`."""


@dataclass(frozen=True, slots=True)
class Totaux:
    """Who is within reach, in communes and in inhabitants.

    Shares are percentages of *all* the communes (inhabitants) given. Communes whose town
    hall has no usable point cannot be shown to be within reach, so they count in the
    denominators and never in `*_accessibles`: the shares err low, never high.
    """

    communes: int
    habitants: int
    communes_accessibles: int
    habitants_accessibles: int
    communes_hors_de_portee: int
    habitants_hors_de_portee: int
    communes_non_situees: int
    habitants_non_situes: int
    part_communes_accessibles: float
    """Percent, one decimal; 100.0 only if every commune is within reach."""
    part_habitants_accessibles: float


@dataclass(frozen=True, slots=True)
class RapportCouverture:
    """The coverage of one département, as the *schéma* needs it."""

    seuil_km: float
    explication_seuil: str
    nombre_lieux: int
    nombre_permanences: int
    communes: tuple[CouvertureCommune, ...]
    """Communes with a town-hall point, in the order given (INSEE order from communes.py)."""
    sans_coordonnees: tuple[Commune, ...]
    """Communes whose town hall has no usable point: reported, never silently dropped."""
    totaux: Totaux
    totaux_avec_permanences: Totaux
    hors_de_portee: tuple[CouvertureCommune, ...]
    """Communes beyond reach of every place, most populated first."""
    hors_de_portee_avec_permanences: tuple[CouvertureCommune, ...]
    """Communes beyond reach even counting permanences, most populated first."""
    remarques: tuple[str, ...] = ()
    """French notes on points placed by approximation or left out (`couverture_du_catalogue`)."""


# --- The analysis --------------------------------------------------------------------------


def _arrondi_km(km: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Distances to 100 m: the town hall stands for the whole commune, finer is noise.

    Vectorised for the ~35,000 communes of France; k / 10 is the same float as Python's
    round(x, 1) gives, and infinity (no point at all) stays infinite.
    """
    return np.round(km * 10) / 10


def _pourcentage(part: int, total: int) -> float:
    """Percent with one decimal that never rounds to 100 (or 0) unless it truly is."""
    if total == 0:
        return 0.0
    pct = round(100 * part / total, 1)
    if part < total:
        pct = min(pct, 99.9)
    if part > 0:
        pct = max(pct, 0.1)
    return pct


_AUCUN_ACCES = Acces(None, None, None, None, accessible=False, par_permanence=False)


def _acces(
    point: PointAccueil | None, distance_km: float, seuil_km: float, par_permanence: bool
) -> Acces:
    """`distance_km` is already rounded: see `_arrondi_km`."""
    if point is None or not math.isfinite(distance_km):
        return _AUCUN_ACCES
    return Acces(
        lieu_id=point.id,
        lieu_nom=point.nom,
        lieu_code_insee=point.code_insee,
        distance_km=distance_km,
        # Judged on the rounded figure so the verdict never contradicts the distance shown
        # ("20,0 km, hors de portée" would read as a bug); <= so the threshold is in reach.
        accessible=distance_km <= seuil_km,
        par_permanence=par_permanence,
    )


def _totaux(
    situees: Sequence[CouvertureCommune],
    sans_coordonnees: Sequence[Commune],
    accessible: Sequence[bool],
) -> Totaux:
    communes = len(situees) + len(sans_coordonnees)
    habitants = sum(c.population for c in situees) + sum(c.population for c in sans_coordonnees)
    communes_ok = sum(accessible)
    habitants_ok = sum(c.population for c, ok in zip(situees, accessible, strict=True) if ok)
    habitants_non_situes = sum(c.population for c in sans_coordonnees)
    return Totaux(
        communes=communes,
        habitants=habitants,
        communes_accessibles=communes_ok,
        habitants_accessibles=habitants_ok,
        communes_hors_de_portee=len(situees) - communes_ok,
        habitants_hors_de_portee=habitants - habitants_ok - habitants_non_situes,
        communes_non_situees=len(sans_coordonnees),
        habitants_non_situes=habitants_non_situes,
        part_communes_accessibles=_pourcentage(communes_ok, communes),
        part_habitants_accessibles=_pourcentage(habitants_ok, habitants),
    )


def _par_population(communes: Iterable[CouvertureCommune]) -> tuple[CouvertureCommune, ...]:
    # INSEE code breaks ties so the list (and the CSV, the page) never reshuffles.
    return tuple(sorted(communes, key=lambda c: (-c.population, c.code_insee)))


def _plus_proches(
    points: Sequence[PointAccueil], codes: Sequence[str],
    lats: npt.NDArray[np.float64], lons: npt.NDArray[np.float64],
) -> tuple[list[int | None], npt.NDArray[np.float64]]:
    """For each town hall, the position in `points` of the nearest point that receives its
    commune's inhabitants, and its distance in km (infinite when none does).

    Points open to everyone go through one k-d tree query; a point with a zone is measured
    only from the communes of its zone, which are few (a CCAS: one).
    """
    # Positions, not ids, key the index: a place's permanences share its id.
    index: PointIndex[int] = PointIndex(
        (i, p.latitude, p.longitude) for i, p in enumerate(points)
        if p.communes_servies is None
    )
    positions, km = index.nearest_many(lats, lons)
    km = km.copy()
    reserves: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(points):
        for code in sorted(p.communes_servies or ()):
            reserves[code].append(i)
    for n, code in enumerate(codes):
        for i in reserves.get(code, ()):
            d = haversine_km(float(lats[n]), float(lons[n]),
                             points[i].latitude, points[i].longitude)
            if d < km[n]:
                km[n], positions[n] = d, i
    return positions, km


def analyser_couverture(
    communes: Sequence[Commune],
    lieux: Sequence[PointAccueil],
    permanences: Sequence[PointAccueil] = (),
    seuil_km: float = SEUIL_DEFAUT_KM,
) -> RapportCouverture:
    """Measure how far each commune's town hall is from the nearest premier accueil.

    `lieux` are the places recognised as *premier accueil social inconditionnel*; they may
    include places of neighbouring départements, which serve border communes just as well.
    `permanences` are the stops where those places hold permanences (*hors les murs*, bus).
    A point with `communes_servies` counts only for those communes.
    A département with no place at all gets a report where every commune is beyond reach.
    """
    if not (isinstance(seuil_km, int | float) and math.isfinite(seuil_km) and seuil_km > 0):
        raise ValueError(
            f"Le seuil de couverture doit être un nombre de kilomètres positif (reçu : "
            f"{seuil_km!r}). Indice : la valeur par défaut est {_km_fr(SEUIL_DEFAUT_KM)} km."
        )

    mairies: list[tuple[Commune, float, float]] = []
    non_situees: list[Commune] = []
    for c in communes:
        position = position_mairie(c)
        if position is None:
            non_situees.append(c)
        else:
            mairies.append((c, *position))
    sans_coordonnees = tuple(non_situees)
    lats = np.array([lat for _, lat, _ in mairies], dtype=np.float64)
    lons = np.array([lon for _, _, lon in mairies], dtype=np.float64)

    codes = [c.code_insee for c, _, _ in mairies]
    pos_lieu, km_lieu = _plus_proches(lieux, codes, lats, lons)
    pos_perm, km_perm = _plus_proches(permanences, codes, lats, lons)
    d_lieu = _arrondi_km(km_lieu).tolist()
    d_perm = _arrondi_km(km_perm).tolist()

    resultats: list[CouvertureCommune] = []
    for n, (commune, lat, lon) in enumerate(mairies):
        i, j = pos_lieu[n], pos_perm[n]
        acces_lieu = _acces(
            None if i is None else lieux[i], d_lieu[n], seuil_km, par_permanence=False
        )
        # The place itself wins unless a permanence is nearer by at least the 100 m shown:
        # its own door is the simpler advice, and the figures on the page stay consistent.
        if j is not None and d_perm[n] < d_lieu[n]:
            acces_tout = _acces(permanences[j], d_perm[n], seuil_km, par_permanence=True)
        else:
            acces_tout = acces_lieu
        resultats.append(
            CouvertureCommune(
                code_insee=commune.code_insee,
                nom=commune.nom,
                population=commune.population,
                latitude=lat,
                longitude=lon,
                premier_accueil=acces_lieu,
                avec_permanences=acces_tout,
            )
        )

    return RapportCouverture(
        seuil_km=float(seuil_km),
        explication_seuil=explication_seuil(seuil_km),
        nombre_lieux=len(lieux),
        nombre_permanences=len(permanences),
        communes=tuple(resultats),
        sans_coordonnees=sans_coordonnees,
        totaux=_totaux(
            resultats, sans_coordonnees, [c.premier_accueil.accessible for c in resultats]
        ),
        totaux_avec_permanences=_totaux(
            resultats, sans_coordonnees, [c.avec_permanences.accessible for c in resultats]
        ),
        hors_de_portee=_par_population(c for c in resultats if not c.premier_accueil.accessible),
        hors_de_portee_avec_permanences=_par_population(
            c for c in resultats if not c.avec_permanences.accessible
        ),
    )


# --- From the catalogue -------------------------------------------------------------------


class PointsCouverture(NamedTuple):
    """The premier accueil points of a catalogue, and how each approximate one was placed."""

    lieux: tuple[PointAccueil, ...]
    permanences: tuple[PointAccueil, ...]
    remarques: tuple[str, ...]


def points_du_catalogue(catalogue: Catalogue) -> PointsCouverture:
    """The premier accueil places and their permanences as coverage points, with notes.

    A place without coordinates stands at its commune's town hall, as the record's own
    `precision: commune` would: leaving it out would report its commune beyond reach while
    it has a reception point. A permanence without coordinates takes those of the place
    hosting it (`lieu:`) when known, else its commune's town hall. Each such fallback, and
    any point that cannot be placed at all, is a French note. Every point carries the zone
    of the place it belongs to.
    """
    notes: list[str] = []

    def mairie(code_insee: str) -> tuple[float, float] | None:
        commune = catalogue.communes.get(code_insee)
        return position_mairie(commune) if commune else None

    lieux: list[PointAccueil] = []
    permanences: list[PointAccueil] = []
    for lieu in catalogue.lieux.values():
        if not lieu.premier_accueil:
            continue
        zone = catalogue.communes_servies(lieu)
        position = ((lieu.coordonnees.latitude, lieu.coordonnees.longitude)
                    if lieu.coordonnees else mairie(lieu.code_insee))
        if lieu.coordonnees is None:
            notes.append(f"{lieu.id} : sans coordonnées, "
                         + ("placé à la mairie de sa commune" if position else "non compté"))
        if position:
            lieux.append(PointAccueil(lieu.id, lieu.nom, *position, lieu.code_insee, zone))
        for i, permanence in enumerate(lieu.permanences, start=1):
            hote = catalogue.lieux.get(permanence.lieu) if permanence.lieu else None
            pos: tuple[float, float] | None
            if permanence.coordonnees:
                pos = (permanence.coordonnees.latitude, permanence.coordonnees.longitude)
            elif hote and hote.coordonnees:
                pos = (hote.coordonnees.latitude, hote.coordonnees.longitude)
            else:
                pos = mairie(permanence.code_insee)
                notes.append(f"{lieu.id}, permanence {i} ({permanence.nom}) : sans "
                             "coordonnées, " + ("placée à la mairie de sa commune" if pos
                                                else "non comptée"))
            if pos:
                permanences.append(PointAccueil(lieu.id, lieu.nom, *pos, permanence.code_insee,
                                                zone))
    return PointsCouverture(tuple(lieux), tuple(permanences), tuple(notes))


def couverture_du_catalogue(catalogue: Catalogue, communes: Sequence[Commune],
                            seuil_km: float = SEUIL_DEFAUT_KM) -> RapportCouverture:
    """The coverage of `communes` by the catalogue's premier accueil points: the one
    computation behind `guide couverture` and the /couverture/ page, so they never differ."""
    points = points_du_catalogue(catalogue)
    rapport = analyser_couverture(communes, points.lieux, points.permanences, seuil_km)
    return replace(rapport, remarques=points.remarques)


# --- Outputs -------------------------------------------------------------------------------

COLONNES_CSV: tuple[str, ...] = (
    "Code INSEE",
    "Commune",
    "Population",
    "Latitude mairie",
    "Longitude mairie",
    "Premier accueil le plus proche",
    "Identifiant du lieu",
    "Commune du lieu",
    "Distance (km)",
    "Accessible",
    "Lieu le plus proche, permanences comprises",
    "Identifiant du lieu, permanences comprises",
    "Commune du lieu, permanences comprises",
    "Distance, permanences comprises (km)",
    "Accessible, permanences comprises",
    "Par une permanence",
    "Remarque",
)
"""The CSV header, in its fixed order: spreadsheets and scripts rely on it."""

_REMARQUE_SANS_COORDONNEES = "Position de la mairie inconnue : distance non calculée."


def _oui_non(valeur: bool) -> str:
    return "oui" if valeur else "non"


def _cellules_acces(acces: Acces) -> list[str]:
    if acces.lieu_id is None or acces.distance_km is None:
        return ["", "", "", "", "non"]
    return [
        acces.lieu_nom or "",
        acces.lieu_id,
        acces.lieu_code_insee or "",
        f"{acces.distance_km:.1f}",
        _oui_non(acces.accessible),
    ]


def _lignes_csv(report: RapportCouverture) -> list[list[str]]:
    lignes: list[tuple[str, list[str]]] = []
    for c in report.communes:
        lignes.append(
            (
                c.code_insee,
                [c.code_insee, c.nom, str(c.population), f"{c.latitude:.5f}", f"{c.longitude:.5f}"]
                + _cellules_acces(c.premier_accueil)
                + _cellules_acces(c.avec_permanences)
                + [_oui_non(c.avec_permanences.par_permanence), ""],
            )
        )
    for s in report.sans_coordonnees:
        # Every commune of the département gets its row: a missing one would go unnoticed.
        vide = [""] * 5
        lignes.append(
            (
                s.code_insee,
                [s.code_insee, s.nom, str(s.population), "", ""]
                + vide
                + vide
                + ["", _REMARQUE_SANS_COORDONNEES],
            )
        )
    lignes.sort(key=lambda ligne: ligne[0])
    return [cellules for _, cellules in lignes]


def write_csv(report: RapportCouverture, destination: str | Path | TextIO) -> None:
    """Write one row per commune (INSEE order), with French headers, in the project's
    spreadsheet dialect (tableur.py: `;`, UTF-8 with BOM). Decimals keep their dot, so the
    figures survive any tool. A stream is written to as is; a path is created or overwritten.
    """
    with ouvrir_csv(destination) as writer:
        writer.writerow(COLONNES_CSV)
        writer.writerows(_lignes_csv(report))


def _resume(c: CouvertureCommune, acces: Acces) -> dict[str, Any]:
    return {
        "code_insee": c.code_insee,
        "nom": c.nom,
        "population": c.population,
        "distance_km": acces.distance_km,
    }


def report_to_dict(report: RapportCouverture) -> dict[str, Any]:
    """The report as plain JSON values, for the coverage map (colours by `distance_km`).

    Keys are spelt out rather than derived from the dataclasses so the map's JavaScript
    does not break when a field is added or renamed in Python. Distances are null when the
    département has no point at all; JSON has no infinity.
    """
    return {
        "seuil_km": report.seuil_km,
        "explication_seuil": report.explication_seuil,
        "nombre_lieux": report.nombre_lieux,
        "nombre_permanences": report.nombre_permanences,
        "remarques": list(report.remarques),
        "totaux": asdict(report.totaux),
        "totaux_avec_permanences": asdict(report.totaux_avec_permanences),
        "communes": [
            {
                "code_insee": c.code_insee,
                "nom": c.nom,
                "population": c.population,
                "latitude": c.latitude,
                "longitude": c.longitude,
                "premier_accueil": asdict(c.premier_accueil),
                "avec_permanences": asdict(c.avec_permanences),
            }
            for c in report.communes
        ],
        "sans_coordonnees": [
            {"code_insee": s.code_insee, "nom": s.nom, "population": s.population}
            for s in report.sans_coordonnees
        ],
        "hors_de_portee": [_resume(c, c.premier_accueil) for c in report.hors_de_portee],
        "hors_de_portee_avec_permanences": [
            _resume(c, c.avec_permanences) for c in report.hors_de_portee_avec_permanences
        ],
    }
