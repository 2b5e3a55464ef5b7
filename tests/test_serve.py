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
from guide_solidarites.carte import FICHIER_CARTE
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


def attendre(condition: object, limite: float = 600) -> None:
    # A guard against a server that never answers, not a speed test: on a loaded
    # machine a rebuild and its background job took more than three minutes.
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


def reconstructions(journal: Path) -> list[tuple[int, int]]:
    """(pages made, pages of the site) of every partial rebuild so far, from the log."""
    texte = journal.read_text(encoding="utf-8")
    return [(int(a), int(b)) for a, b in re.findall(r"aperçu, (\d+) pages refaites sur (\d+)",
                                                    texte)]


def fonds_finis(journal: Path) -> int:
    return journal.read_text(encoding="utf-8").count("données ouvertes et recherche à jour")


def ecrire(fichier: Path, texte: str) -> None:
    # A new size as well as a new time: the watcher and the cache see it either way.
    fichier.parent.mkdir(parents=True, exist_ok=True)
    fichier.write_text(texte, encoding="utf-8")


def attendre_reconstruction(journal: Path, avant: int) -> tuple[int, int]:
    """The partial rebuild after the `avant` first ones, once its background job is done."""
    attendre(lambda: len(reconstructions(journal)) > avant and fonds_finis(journal) > avant)
    return reconstructions(journal)[avant]


def differences_avec_un_build_complet(racine: Path, base: str, tmp_path: Path) -> list[str]:
    """The files the server serves otherwise than a whole build of the annuaire as it is
    now (at the address the server gives the site), and those it serves that it should not."""
    complet = tmp_path / f"complet-{time.monotonic_ns()}"
    cfg = load_config(config_file=str(racine / "mkdocs.yml"), site_dir=str(complet),
                      site_url=base)
    build(cfg)
    pages = sorted(p.relative_to(complet).as_posix() for p in complet.rglob("*.html"))
    differentes = []
    for chemin in pages + ["donnees/lieux.geojson", f"carte/{FICHIER_CARTE}",
                           "assets/guide/recherche.json", "sitemap.xml", "sitemap.xml.gz"]:
        servie = lire(base + chemin.removesuffix("index.html"))
        attendu = (complet / chemin).read_bytes()
        if servie is None or sans_livereload(servie) != attendu:
            differentes.append(chemin)
    return differentes


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


def test_changer_de_commune_refait_les_deux_communes(servi: tuple[Path, str, Path],
                                                      tmp_path: Path) -> None:
    racine, base, journal = servi
    fiche = racine / "annuaire" / "caf-sarthe" / "epicerie-la-fleche.yml"
    nom = "Épicerie solidaire de La Flèche"
    assert nom.encode() in (lire(base + "communes/72154/") or b"")
    assert nom.encode() not in (lire(base + "communes/72264/") or b"")
    texte = fiche.read_text(encoding="utf-8")
    ecrire(fiche, texte.replace('code_postal: "72200"', 'code_postal: "72300"')
           .replace('code_insee: "72154"', 'code_insee: "72264"')
           .replace("latitude: 47.6990, longitude: -0.0760",
                    "latitude: 47.8410, longitude: -0.3340"))
    faites, toutes = attendre_reconstruction(journal, 0)
    assert 0 < faites < toutes
    assert nom.encode() not in (lire(base + "communes/72154/") or b"")
    assert nom.encode() in (lire(base + "communes/72264/") or b"")
    assert differences_avec_un_build_complet(racine, base, tmp_path) == []


def test_fiche_ajoutee_puis_supprimee_sans_build_complet(servi: tuple[Path, str, Path],
                                                         tmp_path: Path) -> None:
    racine, base, journal = servi
    modele = (racine / FICHE).read_text(encoding="utf-8")
    nouvelle = racine / "annuaire" / "ccas-sable" / "ccas-sable-nord.yml"
    ecrire(nouvelle, modele.replace("nom: CCAS de Sablé-sur-Sarthe",
                                    "nom: CCAS de Sablé, antenne nord", 1))
    # Added: its page is made, and only the pages that list it with it.
    faites, toutes = attendre_reconstruction(journal, 0)
    assert 0 < faites < toutes
    assert b"CCAS de Sabl\xc3\xa9, antenne nord" in (lire(base + "lieux/ccas-sable-nord/") or b"")
    assert b"ccas-sable-nord" in (lire(base + "sitemap.xml") or b"")
    assert differences_avec_un_build_complet(racine, base, tmp_path) == []
    # Removed: its page is gone from the served site, and from the lists.
    nouvelle.unlink()
    faites, toutes = attendre_reconstruction(journal, 1)
    assert 0 < faites < toutes
    assert lire(base + "lieux/ccas-sable-nord/") is None
    assert b"ccas-sable-nord" not in (lire(base + "partenaires/ccas-sable/") or b"")
    assert b"ccas-sable-nord" not in (lire(base + "sitemap.xml") or b"")
    assert differences_avec_un_build_complet(racine, base, tmp_path) == []


def test_partenaire_modifie_refait_ses_lieux(servi: tuple[Path, str, Path],
                                             tmp_path: Path) -> None:
    racine, base, journal = servi
    fichier = racine / "annuaire" / "ccas-sable" / "partenaire.yml"
    nom = "Centre communal d'action sociale de Sablé, renommé"
    ecrire(fichier, fichier.read_text(encoding="utf-8").replace(
        "nom: Centre communal d'action sociale de Sablé-sur-Sarthe", f"nom: {nom}", 1))
    faites, toutes = attendre_reconstruction(journal, 0)
    assert 0 < faites < toutes
    # The place's page names its partner: it is made again with the partner's page.
    echappe = "sociale de Sablé, renommé".encode()
    assert echappe in (lire(base + "partenaires/ccas-sable/") or b"")
    assert echappe in (lire(base + "lieux/ccas-sable-centre/") or b"")
    assert differences_avec_un_build_complet(racine, base, tmp_path) == []


def test_fiche_invalide_dit_l_erreur_et_garde_le_site(servi: tuple[Path, str, Path],
                                                       tmp_path: Path) -> None:
    racine, base, journal = servi
    fiche = racine / FICHE
    texte = fiche.read_text(encoding="utf-8")
    page = base + "lieux/ccas-sable-centre/"
    avant = lire(page)
    assert avant is not None
    ecrire(fiche, texte.replace('code_insee: "72264"', 'code_insee: "99999"', 1))
    attendre_reconstruction(journal, 0)
    log = journal.read_text(encoding="utf-8")
    # The error in French at its place, and no traceback: MkDocs would then hold every
    # request until a build passes.
    assert re.search(r"ccas-sable-centre\.yml:7:\d+: erreur commune-inconnue", log), log
    assert "le site montre la dernière version valide" in log
    assert "Traceback" not in log and "An error happened during the rebuild" not in log
    servie = lire(page)
    assert servie is not None and sans_livereload(servie) == sans_livereload(avant)
    # Fixed, the next rebuild serves the edit.
    ecrire(fiche, texte.replace("nom: CCAS de Sablé-sur-Sarthe", f"nom: {NOUVEAU_NOM}", 1))
    faites, toutes = attendre_reconstruction(journal, 1)
    assert 0 < faites < toutes
    assert NOUVEAU_NOM.encode() in (lire(page) or b"")
    assert differences_avec_un_build_complet(racine, base, tmp_path) == []
