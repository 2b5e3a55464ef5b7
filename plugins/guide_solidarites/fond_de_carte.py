"""The map's background: tiles on demand from a third party, or at once when self-hosted.

A tile request tells the tile host where the visitor is looking (often their own street):
a map that loads a third party's tiles as it opens sends that to them before anyone asked.
So the map opens on a plain background labelled with commune names from our own data, and
third-party tiles wait for the visitor's « Afficher le fond de carte ». A département that
serves its own tiles from the guide's origin (a relative URL, a directory of tiles or a
PMTiles extract behind the same web server) sends nothing to anyone: those load at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from .communes import Commune


@dataclass(frozen=True)
class FondDeCarte:
    """How the map's tile layer is loaded (carte.js: data-tuiles, data-fond)."""

    tuiles: str
    chargement: str
    """"auto" (same origin: nothing leaves the site) or "demande" (the visitor asks)."""
    hote: str | None
    """The third party the tiles come from, named beside the button; None if same origin."""


def fond_de_carte(tuiles: str, site_url: str | None = None) -> FondDeCarte:
    """Decide from the tile URL template whether tiles may load without asking.

    A relative template ("/tuiles/{z}/{x}/{y}.png", "tuiles/...") is the site's own; an
    absolute one is too only when it names the host and port of `site_url`.
    """
    parties = urlsplit(tuiles.replace("{s}", "a"))
    if not parties.scheme and not parties.netloc:
        return FondDeCarte(tuiles, "auto", None)
    if site_url:
        site = urlsplit(site_url)
        if (parties.scheme, parties.netloc) == (site.scheme, site.netloc):
            return FondDeCarte(tuiles, "auto", None)
    hote = (parties.hostname or tuiles).removeprefix("a.")
    return FondDeCarte(tuiles, "demande", hote)


def etiquettes_communes(communes: Iterable[Commune], desservies: set[str]
                        ) -> list[list[object]]:
    """[nom, latitude, longitude, 1 if a place or permanence is there else 0]: the plain
    background's labels. Communes without a known town hall are left out."""
    return [[c.nom, round(c.latitude, 4), round(c.longitude, 4),
             1 if c.code_insee in desservies else 0]
            for c in communes if c.latitude is not None and c.longitude is not None]
