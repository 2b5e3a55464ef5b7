"""`mkdocs serve` of the test site: an edited record re-renders only the pages it changes,
and the site served then is the one a whole build of the edited annuaire makes."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

FIXTURE = Path(__file__).parent / "fixtures" / "site"
OVERRIDES = Path(__file__).parents[1] / "overrides"
MKDOCS = Path(sys.executable).parent / "mkdocs"
FICHE = Path("annuaire") / "ccas-sable" / "ccas-sable-centre.yml"
NOUVEAU_NOM = "CCAS de Sablé, accueil rénové"


def port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def lire(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as reponse:
            contenu: bytes = reponse.read()
            return contenu
    except (urllib.error.URLError, OSError):
        return None


def sans_livereload(page: bytes) -> bytes:
    """The page as written: the server adds its reload script just before </body>."""
    fin = page.rfind(b"</body>")
    debut = page.rfind(b"<script>", 0, fin)
    return page[:debut] + page[fin:] if fin > 0 and debut >= 0 else page


def attendre(condition: object, limite: float = 180) -> None:
    debut = time.monotonic()
    while time.monotonic() - debut < limite:
        if callable(condition) and condition():
            return
        time.sleep(0.1)
    raise AssertionError("délai dépassé")


@pytest.fixture()
def servi(tmp_path: Path) -> Iterator[tuple[Path, str, Path]]:
    """The test site copied into tmp_path and served by `mkdocs serve` on a free port."""
    racine = tmp_path / "guide"
    shutil.copytree(FIXTURE, racine, ignore=shutil.ignore_patterns("site"))
    config = racine / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "custom_dir: ../../../overrides", f"custom_dir: {OVERRIDES}"), encoding="utf-8")
    port = port_libre()
    journal = tmp_path / "serve.log"
    with journal.open("w") as sortie:
        serveur = subprocess.Popen(
            [str(MKDOCS), "serve", "-f", str(config), "--dev-addr", f"127.0.0.1:{port}"],
            cwd=racine, stdout=sortie, stderr=subprocess.STDOUT, start_new_session=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        try:
            base = f"http://127.0.0.1:{port}/"
            attendre(lambda: lire(base + "lieux/ccas-sable-centre/") is not None)
            yield racine, base, journal
        finally:
            os.killpg(serveur.pid, signal.SIGTERM)
            try:
                serveur.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(serveur.pid, signal.SIGKILL)
                serveur.wait()


def test_une_fiche_modifiee_ne_refait_que_ses_pages(servi: tuple[Path, str, Path],
                                                    tmp_path: Path) -> None:
    racine, base, journal = servi
    fiche = racine / FICHE
    texte = fiche.read_text(encoding="utf-8")
    assert texte.startswith("nom: CCAS de Sablé-sur-Sarthe\n")
    fiche.write_text(texte.replace("nom: CCAS de Sablé-sur-Sarthe", f"nom: {NOUVEAU_NOM}", 1),
                     encoding="utf-8")
    page = base + "lieux/ccas-sable-centre/"
    attendre(lambda: NOUVEAU_NOM.encode() in (lire(page) or b""))
    attendre(lambda: "données ouvertes et recherche à jour" in journal.read_text("utf-8"))
    log = journal.read_text(encoding="utf-8")
    refaites = re.search(r"aperçu, (\d+) pages refaites sur (\d+)", log)
    assert refaites, log
    assert 0 < int(refaites.group(1)) < int(refaites.group(2))

    # What is served is what a whole build of the edited annuaire writes (at the address
    # the server gives the site).
    complet = tmp_path / "complet"
    cfg = load_config(config_file=str(racine / "mkdocs.yml"), site_dir=str(complet),
                      site_url=base)
    build(cfg)
    pages = sorted(p.relative_to(complet).as_posix() for p in complet.rglob("*.html"))
    assert "lieux/ccas-sable-centre/index.html" in pages
    differentes = []
    for chemin in pages + ["donnees/lieux.geojson", "carte/lieux.json",
                           "assets/guide/recherche.json"]:
        servie = lire(base + chemin.removesuffix("index.html"))
        attendu = (complet / chemin).read_bytes()
        if servie is None or sans_livereload(servie) != attendu:
            differentes.append(chemin)
    assert differentes == []
    assert NOUVEAU_NOM in (lire(base + "donnees/lieux.geojson") or b"").decode()
