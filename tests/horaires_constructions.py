"""Every opening-hours construct the guide accepts, with what a visitor must be told at fixed
Paris instants: open or not. Written by hand from the hours' meaning, never computed.

Read by tests/test_hours_constructs.py (the Python intervals and horaires.js under node) and
by tests/browser/test_horaires_navigateur.py (the status line in Chromium).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from guide_solidarites.hours import Closure

DEBUT = dt.date(2026, 11, 23)
"""A Monday: the first day of the intervals handed to the page."""
JOURS = 8 * 7


@dataclass(frozen=True)
class Construction:
    nom: str
    horaires: str
    # (Paris wall-clock instant "YYYY-MM-DDTHH:MM", open?)
    instants: tuple[tuple[str, bool], ...]
    fermetures: tuple[Closure, ...] = field(default=())


CONSTRUCTIONS = (
    Construction("jours et deux plages, fériés fermés", "Mo-Fr 09:00-12:00,14:00-17:00; PH off", (
        ("2026-11-23T08:59", False), ("2026-11-23T09:00", True), ("2026-11-23T11:59", True),
        ("2026-11-23T12:00", False), ("2026-11-23T16:59", True), ("2026-11-23T17:00", False),
        ("2026-11-28T10:00", False),  # Saturday
        ("2026-12-25T10:00", False),  # Christmas, a Friday
        ("2026-11-11T10:00", False),  # before the window: nothing is claimed
    )),
    Construction("fermeture temporaire", "Mo-Fr 09:00-12:00", (
        ("2026-12-23T10:00", True), ("2026-12-24T10:00", False), ("2026-12-28T10:00", True),
    ), (Closure(dt.date(2026, 12, 24), dt.date(2026, 12, 26), "Congés"),)),
    Construction("jours fériés avec leurs heures", "Mo-Fr 09:00-12:00; PH 10:00-11:00", (
        ("2026-12-25T09:30", False), ("2026-12-25T10:30", True), ("2026-12-24T09:30", True),
    )),
    Construction("repli sur un commentaire", 'Mo-Fr 09:00-12:00 || "sur rendez-vous"', (
        ("2026-11-28T04:00", False),  # Saturday at 4 a.m.: the comment is no opening
        ("2026-11-29T15:00", False), ("2026-11-30T10:00", True), ("2026-11-30T13:00", False),
    )),
    Construction("repli inconnu", "Mo-Fr 09:00-12:00 || unknown", (
        ("2026-11-28T04:00", False), ("2026-11-24T11:00", True),
    )),
    Construction("règle commentaire seule", 'Mo-Fr 09:00-12:00; "fermé le vendredi"', (
        ("2026-11-23T10:00", False), ("2026-11-28T04:00", False),
    )),
    Construction("commentaire après les heures", 'Tu 14:00-17:00 "sur rendez-vous"', (
        ("2026-11-24T15:00", True), ("2026-11-24T17:30", False), ("2026-11-25T15:00", False),
    )),
    Construction("accueil de nuit", "Mo-Fr 20:00-08:00", (
        ("2026-11-23T19:59", False), ("2026-11-23T20:00", True), ("2026-11-24T02:00", True),
        ("2026-11-24T12:00", False),
        ("2026-11-28T07:59", True),  # Friday's night ends on Saturday morning
        ("2026-11-28T08:00", False), ("2026-11-29T02:00", False),
    )),
    Construction("fin après minuit écrite après 24:00", "Mo-Fr 12:00-33:00", (
        ("2026-11-24T08:00", True), ("2026-11-24T10:00", False), ("2026-11-24T13:00", True),
    )),
    Construction("jusqu'à minuit", "Mo-Fr 18:00-00:00", (
        ("2026-11-23T23:59", True), ("2026-11-24T00:00", False), ("2026-11-24T17:00", False),
    )),
    Construction("jour et nuit", "24/7", (
        ("2026-11-28T04:00", True), ("2026-12-25T12:00", True),
    )),
    Construction("1er samedi du mois", "Sa[1] 09:00-12:00", (
        ("2026-11-28T10:00", False), ("2026-12-05T10:00", True), ("2026-12-12T10:00", False),
    )),
    Construction("dernier vendredi du mois", "Fr[-1] 09:00-12:00", (
        ("2026-11-27T10:00", True), ("2026-12-04T10:00", False), ("2026-12-25T10:00", True),
    )),
    Construction("1er et 3e mercredis", "We[1,3] 14:00-17:00", (
        ("2026-12-02T15:00", True), ("2026-12-09T15:00", False), ("2026-12-16T15:00", True),
    )),
    Construction("un mois à part", "Mo-Fr 10:00-18:00; Dec Mo-Fr 10:00-12:00", (
        ("2026-11-30T15:00", True), ("2026-12-01T15:00", False), ("2026-12-01T11:00", True),
    )),
    Construction("semaines impaires", "week 01-53/2 Mo 09:00-12:00", (
        ("2026-11-23T10:00", False),  # ISO week 48
        ("2026-11-30T10:00", True),   # ISO week 49
    )),
    Construction("un jour fermé par date", "Mo-Fr 09:00-12:00; Dec 24 off", (
        ("2026-12-23T10:00", True), ("2026-12-24T10:00", False),
    )),
    Construction("année en cours seulement", "2026 Mo-Fr 09:00-12:00", (
        ("2026-11-23T10:00", True), ("2027-01-04T10:00", False),
    )),
    Construction("règle d'une année passée", "Mo-Fr 09:00-12:00; 2024 Dec 24 off", (
        ("2026-12-24T10:00", True),
    )),
    Construction("année passée seulement", "2024 Mo-Fr 09:00-12:00", (
        ("2026-11-23T10:00", False),
    )),
    Construction("fermé", "Mo-Su off", (("2026-11-23T10:00", False),)),
)
