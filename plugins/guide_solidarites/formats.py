"""French formatting of what pages show: dates and distances."""

from __future__ import annotations

import datetime as dt

from .hours import MONTHS_FR


def date_fr(jour: dt.date) -> str:
    """15 octobre 2026, 1er mai 2027."""
    numero = "1er" if jour.day == 1 else str(jour.day)
    return f"{numero} {MONTHS_FR[jour.month - 1]} {jour.year}"


def distance_fr(km: float) -> str:
    """« 800 m », « 12 km »: rounded to what a walker or a driver can use."""
    metres = max(100, round(km * 10) * 100)
    if metres < 1000:  # 960 m is « 1,0 km », not « 1000 m »
        return f"{metres} m"
    if km < 10:
        return f"{km:.1f} km".replace(".", ",")
    return f"{round(km)} km"
