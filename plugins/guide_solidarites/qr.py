"""QR codes of the place pages, drawn at build time as SVG (segno), for printed sheets.

A printed page (a place's print view, « Ma sélection ») leads back to the live page with
its up-to-date hours in one scan. The code is made from the site's public address
(`site_url`): without it there is no address to print, and no code.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import segno

from .cache import CacheTextes

FICHIER_QR = "qr.svg"
"""Name of each place's QR image, beside its page (lieux/<id>/qr.svg)."""

MASQUE = 5
"""The data mask of every code. The standard lets an encoder pick any of the eight (the
mask is written in the code's format bits, which every reader decodes first); segno
would otherwise apply all eight and score each in Python, 8 times the work of one, for a
code that scans as well at the sizes we print (tests/browser/test_selection.py decodes
them). Mask 5 keeps the pages' weight: over 183 addresses of our form its SVG is on
average as small once gzipped as that of segno's best mask (484 bytes against 485)."""


_DISQUE: CacheTextes | None = None


@contextmanager
def codes_gardes(dossier: Path | None) -> Iterator[None]:
    """Keep the codes made meanwhile in the cache folder `dossier` (cache.py), and use
    those of the previous runs: encoding one takes 2 ms in Python, ten thousand take
    twenty seconds, and an address rarely changes."""
    global _DISQUE
    precedent = _DISQUE
    _DISQUE = None if dossier is None else CacheTextes(
        dossier, f"qr-{segno.__version__}-{MASQUE}")
    try:
        yield
        if _DISQUE is not None:
            _DISQUE.enregistrer()
    finally:
        _DISQUE = precedent


def qr_svg(adresse: str) -> str:
    """An SVG QR code of `adresse`, sized by its viewBox (the page's CSS sets its size)."""
    disque = _DISQUE
    if disque is None:
        return _encoder(adresse)
    svg = disque.get(adresse)
    if svg is None:
        svg = _encoder.__wrapped__(adresse)
        disque.set(adresse, svg)
    return svg


@cache
def _encoder(adresse: str) -> str:
    # Error correction "M" survives a creased or badly printed sheet; the 4-module quiet
    # zone is the one the standard asks for, without which phones misread codes printed
    # near text.
    code = segno.make(adresse, error="m", mask=MASQUE, micro=False, boost_error=False)
    svg: str = code.svg_inline(scale=1, border=4, omitsize=True, dark="#000", light="#fff",
                               svgclass="gs-qr__image", lineclass=None)
    return svg


def adresse_lieu(site_url: str, lieu_id: str) -> str:
    """The public address of a place's page: https://<site>/lieux/<id>/."""
    return f"{site_url.rstrip('/')}/lieux/{lieu_id}/"


def fichier_svg(svg_inline: str) -> str:
    """The inline SVG as a file an <img> can show: a standalone SVG needs its namespace."""
    return svg_inline.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
