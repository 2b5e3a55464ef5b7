"""Opening hours in one short line, for printed sheets: "lun.–ven. 9 h–12 h, 14 h–17 h".

hours.py reads OSM opening_hours into a usual week, day by day; the fiche de liaison has
room for one line per way of being received, not for three seven-day lists.
"""

from __future__ import annotations

from .hours import FERME as _FERME
from .hours import semaine_en_clair
from .langues import LANGUE_SOURCE, langue, point_virgule, virgule

JOURS_COURTS = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")
"""French day abbreviations, Monday first, as hours.week_in_french gives the days."""

FERME = "fermé"


def _suites(jours: list[int]) -> list[tuple[int, int]]:
    """[0, 1, 2, 4] -> [(0, 2), (4, 4)]: runs of consecutive days."""
    suites: list[tuple[int, int]] = []
    for jour in jours:
        if suites and suites[-1][1] == jour - 1:
            suites[-1] = (suites[-1][0], jour)
        else:
            suites.append((jour, jour))
    return suites


def jours_courts(code: str) -> tuple[str, ...]:
    """Day abbreviations in the language `code`, Monday first (Babel's for languages other
    than French)."""
    if code == LANGUE_SOURCE:
        return JOURS_COURTS
    from babel.dates import get_day_names

    noms = get_day_names("abbreviated", locale=code)
    return tuple(str(noms[i]) for i in range(7))


def _jours_courts(jours: list[int], code: str = LANGUE_SOURCE) -> str:
    noms = jours_courts(code)
    morceaux = []
    for premier, dernier in _suites(jours):
        if dernier - premier >= 2:
            morceaux.append(f"{noms[premier]}–{noms[dernier]}")
        else:
            morceaux.extend(noms[j] for j in range(premier, dernier + 1))
    return virgule(code).join(morceaux)


def summarise_week(text: str, code: str = LANGUE_SOURCE) -> str:
    """One line for a whole OSM opening_hours value, days with the same hours together.

    "Mo-Fr 09:00-12:00,14:00-17:00; PH off" -> "lun.–ven. 9 h–12 h, 14 h–17 h ; fermé les
    jours fériés". Days are grouped by identical hours, in the order of their first day, so
    a Wednesday afternoon reads apart from the other mornings; what the usual week cannot
    show (the 1st Saturday, holidays) follows as hours.py words it. Raises ValueError, with
    hours.py's French message, on text that is not OSM opening_hours.
    """
    semaine = semaine_en_clair(text, code)
    ferme = FERME if code == LANGUE_SOURCE else langue(code).gettext(_FERME)
    separateur = point_virgule(code)
    par_horaire: dict[str, list[int]] = {}
    for index, (_, heures) in enumerate(semaine.days):
        if heures != ferme:
            par_horaire.setdefault(heures, []).append(index)
    groupes = [f"{_jours_courts(jours, code)} {heures.replace(' – ', '–')}"
               for heures, jours in par_horaire.items()]
    ligne = separateur.join(groupes) if groupes else ferme
    notes = [(note[0].lower() + note[1:]).replace(" – ", "–") for note in semaine.notes]
    return separateur.join([ligne, *notes])

