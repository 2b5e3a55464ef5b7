"""QR codes of the place pages, drawn at build time as SVG, for printed sheets.

A printed page (a place's print view, « Ma sélection ») leads back to the live page with
its up-to-date hours in one scan. The code is made from the site's public address
(`site_url`): without it there is no address to print, and no code.

The symbol is encoded by zxing-cpp (C++): a guide writes six codes a record (one per
language's page and the professional page), 600,000 for a national guide, and a Python
encoder spent 2 to 7 ms on each, a quarter of a cold build. The SVG is written here, one
path of horizontal runs, as small as the page can carry inline.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib.metadata import version
from pathlib import Path

import zxingcpp

from .cache import CacheTextes

FICHIER_QR = "qr.svg"
"""Name of each place's QR image, beside its page (lieux/<id>/qr.svg)."""

CORRECTION = "M"
"""Error correction "M" survives a creased or badly printed sheet."""

BORD = 4
"""The quiet zone, in modules: the one the standard asks for, without which phones misread
codes printed near text."""

ENCODEUR = f"zxing-cpp-{version('zxing-cpp')}"
"""Names the codes kept in the cache folder: another encoder may choose another mask, so
the codes it made are not served as this one's."""

_SOMBRES = re.compile(rb"\x00+")

_DISQUE: CacheTextes | None = None


@contextmanager
def codes_gardes(dossier: Path | None) -> Iterator[None]:
    """Keep the codes made meanwhile in the cache folder `dossier` (cache.py), and use
    those of the previous runs: an address rarely changes."""
    global _DISQUE
    precedent = _DISQUE
    _DISQUE = None if dossier is None else CacheTextes(dossier, f"qr-{ENCODEUR}-{CORRECTION}")
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


def modules(adresse: str) -> list[bytes]:
    """The code's rows of modules, without the quiet zone: 0 for dark, 255 for light."""
    code = zxingcpp.create_barcode(adresse, zxingcpp.BarcodeFormat.QRCode, ec_level=CORRECTION)
    image = memoryview(code.to_image(scale=1, add_quiet_zones=False))  # type: ignore[arg-type]
    assert image.shape is not None  # a 2-D image, rows of modules
    cote = image.shape[1]
    octets = image.tobytes()
    return [octets[i:i + cote] for i in range(0, len(octets), cote)]


@cache
def _encoder(adresse: str) -> str:
    lignes = modules(adresse)
    taille = len(lignes) + 2 * BORD
    # One path: each run of dark modules is a horizontal stroke through the middle of its
    # row (y + .5), reached by a move relative to the end of the previous one.
    trace: list[str] = []
    fin: tuple[int, int] | None = None
    for y, ligne in enumerate(lignes, start=BORD):
        for run in _SOMBRES.finditer(ligne):
            x, longueur = run.start() + BORD, run.end() - run.start()
            if fin is None:
                trace.append(f"M{x} {y}.5h{longueur}")
            else:
                trace.append(f"m{x - fin[0]} {y - fin[1]}h{longueur}")
            fin = (x + longueur, y)
    return (f'<svg viewBox="0 0 {taille} {taille}" class="gs-qr__image">'
            f'<path fill="#fff" d="M0 0h{taille}v{taille}h-{taille}z"/>'
            f'<path stroke="#000" d="{"".join(trace)}"/></svg>')


def adresse_lieu(site_url: str, lieu_id: str) -> str:
    """The public address of a place's page: https://<site>/lieux/<id>/."""
    return f"{site_url.rstrip('/')}/lieux/{lieu_id}/"


def fichier_svg(svg_inline: str) -> str:
    """The inline SVG as a file an <img> can show: a standalone SVG needs its namespace."""
    return svg_inline.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
