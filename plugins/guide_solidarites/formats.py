"""French formatting of what pages show: dates, numbers, distances, sort keys."""

from __future__ import annotations

import datetime as dt
import unicodedata

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


def nombre_fr(n: int | float) -> str:
    """12 345 with a narrow no-break space, as French typography writes thousands."""
    return f"{n:,}".replace(",", "\u202f").replace(".", ",")


def pourcent_fr(x: float) -> str:
    return f"{x:.1f}".replace(".", ",") + "\u00a0%"


def km_fr(km: float | None) -> str:
    """23,4 km; 20 km rather than 20,0 km for round figures such as the threshold (tables:
    exact to 100 m; a visitor's distance is `distance_fr`)."""
    if km is None:
        return "—"
    return f"{km:.1f}".removesuffix(".0").replace(".", ",") + "\u00a0km"


def score_fr(score: float | None) -> str:
    return "—" if score is None else f"{score:g}".replace(".", ",")


def paragraphes(texte: str | None) -> list[str]:
    """Free text as paragraphs: partners write notes with blank lines between them."""
    if not texte:
        return []
    return [p.strip() for p in texte.replace("\r\n", "\n").split("\n\n") if p.strip()]


def cle_tri(nom: str) -> str:
    """The key names sort by: without accents or case (« Écommoy » among the E)."""
    sans_accents = unicodedata.normalize("NFKD", nom).encode("ascii", "ignore").decode()
    return sans_accents.lower()


def lettre_initiale(nom: str) -> str:
    return (cle_tri(nom)[:1] or "#").upper()
