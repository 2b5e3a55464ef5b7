"""QR codes of the place pages, drawn at build time as SVG (segno), for printed sheets.

A printed page (a place's print view, « Ma sélection ») leads back to the live page with
its up-to-date hours in one scan. The code is made from the site's public address
(`site_url`): without it there is no address to print, and no code.
"""

from __future__ import annotations

from functools import cache

import segno

FICHIER_QR = "qr.svg"
"""Name of each place's QR image, beside its page (lieux/<id>/qr.svg)."""


@cache
def qr_svg(adresse: str) -> str:
    """An SVG QR code of `adresse`, sized by its viewBox (the page's CSS sets its size).

    Error correction "M" survives a creased or badly printed sheet; the 4-module quiet zone
    is the one the standard asks for, without which phones misread codes printed near text.
    """
    code = segno.make(adresse, error="m", micro=False, boost_error=False)
    return code.svg_inline(scale=1, border=4, omitsize=True, dark="#000", light="#fff",
                           svgclass="gs-qr__image", lineclass=None)


def adresse_lieu(site_url: str, lieu_id: str) -> str:
    """The public address of a place's page: https://<site>/lieux/<id>/."""
    return f"{site_url.rstrip('/')}/lieux/{lieu_id}/"


def fichier_svg(svg_inline: str) -> str:
    """The inline SVG as a file an <img> can show: a standalone SVG needs its namespace."""
    return svg_inline.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
