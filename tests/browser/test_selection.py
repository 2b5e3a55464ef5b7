"""« Ma sélection »: places kept on the phone, readable offline, printed on ONE A4 sheet whose
QR codes a phone can read back, shared by SMS.

The QR codes need the site's public address: tests/fixtures/site's `site_url`, SITE_URL
(the session's public build). The printed PDF is rendered with poppler's pdftoppm and its codes
decoded with zxing-cpp, as a phone's camera would.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import numpy as np
import pytest
from playwright.sync_api import expect

from .conftest import FIXTURE

pytestmark = pytest.mark.browser

SITE_URL = "https://guide.example.org/"
LIEUX = ("ccas-sable-centre", "caf-le-mans", "epicerie-la-fleche")


@pytest.fixture(scope="module")
def site_qr(sites: dict[str, str]) -> str:
    # The QR codes encode the site's public address: the session's public build
    # (browser/conftest.py) has tests/fixtures/site's own, checked here.
    from mkdocs.config import load_config

    assert load_config(config_file=str(FIXTURE / "mkdocs.yml"))["site_url"] == SITE_URL
    return sites["public"]


def pdf_en_images(pdf: bytes, dossier: Path) -> tuple[int, list[Any]]:
    """(number of pages, each page as a grayscale array at 200 dpi)."""
    if not shutil.which("pdftoppm"):
        pytest.fail("needs poppler-utils (pdftoppm, pdfinfo): `make setup-test` installs it")
    chemin = dossier / "feuille.pdf"
    chemin.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(chemin)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))  # type: ignore[union-attr]
    subprocess.run(["pdftoppm", "-r", "200", "-gray", str(chemin), str(dossier / "p")],
                   check=True)
    images = []
    for pgm in sorted(dossier.glob("p*.pgm")):
        donnees = pgm.read_bytes()
        entete = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", donnees)
        assert entete
        largeur, hauteur = int(entete.group(1)), int(entete.group(2))
        images.append(np.frombuffer(donnees[entete.end():], dtype=np.uint8)
                      .reshape(hauteur, largeur))
    return pages, images


def codes_lus(image: Any) -> set[str]:
    import zxingcpp

    return {c.text for c in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)}


def ajouter(page: Any, site: str, lieu: str) -> None:
    page.goto(site + f"lieux/{lieu}/")
    bouton = page.locator("#selection-bouton")
    expect(bouton).to_have_text("Ajouter à ma sélection")
    bouton.click()
    expect(bouton).to_have_text("Retirer de ma sélection")
    expect(page.locator("#selection-message")).to_contain_text("gardée seulement sur ce téléphone")


def test_the_selection_prints_on_one_a4_sheet_with_readable_qr_codes(
        page: Any, site_qr: str, tmp_path: Path) -> None:
    for lieu in LIEUX:
        ajouter(page, site_qr, lieu)
    page.goto(site_qr + "ma-selection/")
    expect(page.locator(".gs-selection-lieu")).to_have_count(3)
    expect(page.locator("#selection-compte")).to_have_text("3 lieux dans votre sélection.")
    page.wait_for_function("[...document.querySelectorAll('.gs-selection-lieu__qr')]"
                           ".every(i => i.complete && i.naturalWidth > 0)")
    pages, images = pdf_en_images(page.pdf(format="A4", print_background=True), tmp_path)
    assert pages == 1
    assert codes_lus(images[0]) == {f"{SITE_URL}lieux/{lieu}/" for lieu in LIEUX}


def test_a_full_sheet_of_twelve_places_still_fits_one_page(page: Any, site_qr: str,
                                                           tmp_path: Path) -> None:
    # Twelve copies of the longest record (three hour lines) under different ids.
    page.goto(site_qr + "lieux/ccas-sable-centre/")
    fiche = page.get_attribute("#selection-bouton", "data-selection")
    page.evaluate("""f => localStorage.setItem('gs-selection', JSON.stringify(
        Array.from({length: 12}, (_, i) => Object.assign(JSON.parse(f), {id: 'x' + i}))))""",
                  fiche)
    page.goto(site_qr + "ma-selection/")
    expect(page.locator(".gs-selection-lieu")).to_have_count(12)
    page.wait_for_function("[...document.querySelectorAll('.gs-selection-lieu__qr')]"
                           ".every(i => i.complete && i.naturalWidth > 0)")
    pages, images = pdf_en_images(page.pdf(format="A4"), tmp_path)
    assert pages == 1
    assert codes_lus(images[0]) == {f"{SITE_URL}lieux/ccas-sable-centre/"}
    # The thirteenth is refused, with the reason.
    page.goto(site_qr + "lieux/caf-le-mans/")
    page.click("#selection-bouton")
    expect(page.locator("#selection-message")).to_contain_text("pleine (12 lieux")
    expect(page.locator("#selection-bouton")).to_have_text("Ajouter à ma sélection")


def test_a_place_page_prints_its_own_qr_code(page: Any, site_qr: str, tmp_path: Path) -> None:
    page.goto(site_qr + "lieux/caf-le-mans/")
    expect(page.locator(".gs-qr")).to_be_hidden()
    _, images = pdf_en_images(page.pdf(format="A4"), tmp_path)
    assert set().union(*map(codes_lus, images)) == {f"{SITE_URL}lieux/caf-le-mans/"}


def test_the_selection_is_readable_offline_with_its_qr_codes(page: Any, site_qr: str) -> None:
    page.goto(site_qr)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    ajouter(page, site_qr, "ccas-sable-centre")
    page.context.set_offline(True)
    try:
        page.goto(site_qr + "ma-selection/")
        expect(page.locator(".gs-selection-lieu__nom")).to_have_text(["CCAS de Sablé-sur-Sarthe"])
        page.wait_for_function("document.querySelector('.gs-selection-lieu__qr').naturalWidth > 0")
    finally:
        page.context.set_offline(False)


def test_the_selection_is_shared_by_sms_and_a_place_can_be_removed(page: Any, site_qr: str
                                                                   ) -> None:
    ajouter(page, site_qr, "ccas-sable-centre")
    ajouter(page, site_qr, "caf-le-mans")
    page.goto(site_qr + "ma-selection/")
    sms = unquote(page.get_attribute("#selection-sms", "href") or "")
    assert sms.startswith("sms:?body=")
    assert "CCAS de Sablé-sur-Sarthe" in sms and site_qr + "lieux/caf-le-mans/" in sms
    page.locator(".gs-selection-lieu__retirer").first.click()
    expect(page.locator(".gs-selection-lieu")).to_have_count(1)
    assert page.evaluate("JSON.parse(localStorage.getItem('gs-selection')).length") == 1


def test_a_tampered_selection_never_becomes_a_link_elsewhere(page: Any, site_qr: str) -> None:
    page.goto(site_qr + "ma-selection/")
    page.evaluate("""localStorage.setItem('gs-selection', JSON.stringify([
        {id: 'a', nom: '<img src=x onerror=alert(1)>', url: 'javascript:alert(1)//'},
        {id: 'b', nom: '<b>Lieu</b>', url: 'lieux/b/', tel: 'javascript:x',
         qr: '//evil/qr.svg'}]))""")
    page.reload()
    expect(page.locator(".gs-selection-lieu")).to_have_count(1)
    expect(page.locator(".gs-selection-lieu__nom")).to_have_text("<b>Lieu</b>")
    assert page.locator(".gs-selection-lieu__qr").count() == 0
    assert page.locator(".gs-selection-lieu img, .gs-selection-lieu b").count() == 0
