"""The QR codes of the place pages: the SVG draws the encoder's modules, and a decoder reads
them back."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
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


def test_le_svg_dessine_chaque_module_du_code() -> None:
    for adresse in ADRESSES:
        modules = np.array([list(ligne) for ligne in qr.modules(adresse)], dtype=np.uint8)
        attendu = np.pad(modules, qr.BORD, constant_values=255)
        assert np.array_equal(image(qr.qr_svg(adresse), zoom=1), attendu), adresse
        assert modules.shape[0] >= 21 and (modules == 0).any() and (modules == 255).any()


def test_les_codes_se_lisent() -> None:
    for adresse in ADRESSES:
        lus = zxingcpp.read_barcodes(image(qr.qr_svg(adresse)),
                                     formats=zxingcpp.BarcodeFormat.QRCode)
        assert [c.text for c in lus] == [adresse]


def test_le_cache_des_codes_change_de_nom_avec_l_encodeur(tmp_path: Path) -> None:
    # Codes kept by another encoder (another mask) must not be served: a warm build
    # would then differ from a cold one.
    with qr.codes_gardes(tmp_path):
        qr.qr_svg(ADRESSES[0])
    (fichier,) = tmp_path.glob("qr-*.bin")
    assert fichier.name.startswith(f"qr-zxing-cpp-3.1.1-{qr.CORRECTION}")
