"""What a first visit of one page of a built site downloads: its HTML and the stylesheets
and scripts its markup loads, each counted gzip -6 (nginx serves them compressed).

Read from the HTML as a browser reads it: `<link rel="stylesheet">`, `<script src>` and
`<link rel="preload|modulepreload">`. A script that another script loads later (Material's
bundle on record pages, at the first gesture) is not part of the first visit; neither are
images, fonts (the guide uses system fonts) nor fetched data (the map's GeoJSON: see
bench_carte.py). Used by bench_pages.py and by the budget test of the browser tests.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

BUDGET_FICHE = 45 * 1024
"""A public place page's first visit, gzip -6 bytes: issue 14's target (72 KiB before). The
languages of issue 15 (the switch, the hreflang links, the open-now words of each language)
took it to 46 KiB until the guide's own scripts and stylesheets shipped without their
comments (minify.py)."""


@dataclass
class Poids:
    """One page's first visit: bytes gzip -6, in total and per file (site-relative paths)."""

    page: str
    fichiers: dict[str, int] = field(default_factory=dict)
    externes: list[str] = field(default_factory=list)

    @property
    def gzip(self) -> int:
        return sum(self.fichiers.values())

    def detail(self) -> str:
        lignes = [f"{self.page}: {self.gzip / 1024:.1f} KiB gzip -6"]
        lignes += [f"  {taille / 1024:5.1f} KiB  {chemin}" for chemin, taille
                   in sorted(self.fichiers.items(), key=lambda x: -x[1])]
        return "\n".join(lignes)


class _Chargements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        rel = set((a.get("rel") or "").split())
        if tag == "link" and rel & {"stylesheet", "preload", "modulepreload"} and a.get("href"):
            self.refs.append(a["href"] or "")
        elif tag == "script" and a.get("src"):
            self.refs.append(a["src"] or "")


def taille_gzip(data: bytes) -> int:
    return len(gzip.compress(data, 6, mtime=0))


def poids_premiere_visite(site: Path, url: str) -> Poids:
    """The first visit of the page at `url` ("lieux/x/", "" for the home page) of `site`."""
    page = site / url / "index.html" if url.endswith("/") or not url else site / url
    html = page.read_bytes()
    poids = Poids(url or "/", {url or "/": taille_gzip(html)})
    lecteur = _Chargements()
    lecteur.feed(html.decode("utf-8"))
    for ref in lecteur.refs:
        parties = urlsplit(ref)
        if parties.scheme or parties.netloc:
            poids.externes.append(ref)
            continue
        chemin = urlsplit(urljoin("/" + url, ref)).path.lstrip("/")
        if chemin not in poids.fichiers:  # the browser fetches a file once
            poids.fichiers[chemin] = taille_gzip((site / chemin).read_bytes())
    return poids
