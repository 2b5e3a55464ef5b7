"""The QR codes of the place pages: one fixed mask, and still read back by a decoder."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import segno
import zxingcpp
from guide_solidarites import qr

ADRESSES = [qr.adresse_lieu("https://guide.exemple.fr/", f"caf-{n}-lieu-{n * 7}")
            for n in range(40)] + ["https://solidarites.sarthe.fr/pro/lieux/é-ü-ç/"]


def image(svg: str, zoom: int = 4) -> np.ndarray:
    """The code drawn from its SVG path (rows of `h` runs), as a scanner sees pixels."""
    taille = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))  # type: ignore[union-attr]
    pixels = np.full((taille, taille), 255, dtype=np.uint8)
    trace = re.search(r'<path stroke="#000" d="([^"]+)"', svg).group(1)  # type: ignore[union-attr]
    x = y = 0.0
    for commande, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", trace):
        if commande == "M":
            x, y = float(a), float(b)
        elif commande == "m":
            x, y = x + float(a), y + float(b)
        else:
            pixels[int(y), int(x):int(x + float(a))] = 0
            x += float(a)
    return np.kron(pixels, np.ones((zoom, zoom), dtype=np.uint8))


def test_chaque_code_a_le_masque_fixe() -> None:
    for adresse in ADRESSES:
        code = segno.make(adresse, error="m", mask=qr.MASQUE, micro=False, boost_error=False)
        assert code.mask == qr.MASQUE
        assert qr._encoder.__wrapped__(adresse) == code.svg_inline(
            scale=1, border=4, omitsize=True, dark="#000", light="#fff",
            svgclass="gs-qr__image", lineclass=None)


def test_les_codes_au_masque_fixe_se_lisent() -> None:
    for adresse in ADRESSES:
        lus = zxingcpp.read_barcodes(image(qr.qr_svg(adresse)),
                                     formats=zxingcpp.BarcodeFormat.QRCode)
        assert [c.text for c in lus] == [adresse]


def test_le_cache_des_codes_change_de_nom_avec_le_masque(tmp_path: Path) -> None:
    # Codes kept by an earlier version (another mask) must not be served: a warm build
    # would then differ from a cold one.
    with qr.codes_gardes(tmp_path):
        qr.qr_svg(ADRESSES[0])
    (fichier,) = tmp_path.glob("qr-*.bin")
    assert fichier.name.startswith(f"qr-{segno.__version__}-{qr.MASQUE}")
