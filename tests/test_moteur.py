"""`guide construire` and the layers that make a build faster: the same files as MkDocs.

The repository's sample (annuaire/, exemples/annuaire-pro/, mkdocs.yml, mkdocs.pro.yml) is
built in a copy, so that its validation cache starts empty: once by `guide construire`
(cold cache, both variants in one process, sharing), once by `mkdocs build` for each
variant (warm cache), and once by `mkdocs build` with every layer off (no validation cache,
no shared frame): every build writes the same files, byte for byte, except the few files
in which Pagefind writes hash-map order (`moteur.variable`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from guide_solidarites.cache import SANS_CACHE
from guide_solidarites.cadre import SANS_CADRE
from guide_solidarites.cli import main
from guide_solidarites.moteur import differences
from mkdocs.commands.build import build
from mkdocs.config import load_config

DEPOT = Path(__file__).parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "site"


def comparer(a: Path, b: Path) -> None:
    assert differences(a, b) == []


@pytest.fixture(scope="module")
def depot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample: its own annuaire (an empty cache beside it), the same theme."""
    racine = tmp_path_factory.mktemp("depot")
    for nom in ("annuaire", "ressources", "overrides"):
        shutil.copytree(DEPOT / nom, racine / nom)
    shutil.copytree(DEPOT / "exemples" / "annuaire-pro", racine / "exemples" / "annuaire-pro")
    for nom in ("mkdocs.yml", "mkdocs.pro.yml"):
        shutil.copy(DEPOT / nom, racine / nom)
    return racine


@pytest.fixture()
def dans(depot: Path) -> Iterator[Path]:
    avant = Path.cwd()
    os.chdir(depot)
    try:
        yield depot
    finally:
        os.chdir(avant)


REMPLIES: dict[Path, int] = {}
"""Pages each build made from a shared frame (cadre.py), by site."""
CADRES: dict[Path, int] = {}
"""Shared frames each build rendered (one per kind of page), by site."""


def mkdocs_build(config: Path, site: Path, **environ: str) -> Path:
    anciens = {k: os.environ.get(k) for k in environ}
    os.environ.update(environ)
    try:
        cfg = load_config(config_file=str(config), site_dir=str(site))
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            build(cfg)
        finally:
            cfg.plugins.on_shutdown()
        REMPLIES[site] = cfg.plugins["guide-solidarites"].cadres.remplies
        CADRES[site] = len(cfg.plugins["guide-solidarites"].cadres._squelettes)
    finally:
        for k, v in anciens.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return site


@pytest.fixture(scope="module")
def construits(depot: Path) -> dict[str, Path]:
    """The sample built by `guide construire` first (the cache is cold), then by MkDocs."""
    avant = Path.cwd()
    os.chdir(depot)
    try:
        assert not (depot / ".cache").exists()
        assert main(["construire", "-q"]) == 0
        assert (depot / ".cache" / "guide-solidarites").is_dir()
        sites = {"construire": depot / "site", "construire-pro": depot / "site-pro"}
        sites["mkdocs"] = mkdocs_build(depot / "mkdocs.yml", depot / "site-mkdocs")
        sites["mkdocs-pro"] = mkdocs_build(depot / "mkdocs.pro.yml", depot / "site-pro-mkdocs")
        sans = {SANS_CACHE: "1", SANS_CADRE: "1"}
        sites["sans"] = mkdocs_build(depot / "mkdocs.yml", depot / "site-sans", **sans)
        sites["sans-pro"] = mkdocs_build(depot / "mkdocs.pro.yml", depot / "site-pro-sans",
                                         **sans)
    finally:
        os.chdir(avant)
    return sites


def test_construire_ecrit_les_fichiers_de_mkdocs_build(construits: dict[str, Path]) -> None:
    comparer(construits["construire"], construits["mkdocs"])
    comparer(construits["construire-pro"], construits["mkdocs-pro"])


def test_caches_sans_effet_sur_les_fichiers(construits: dict[str, Path]) -> None:
    # The record pages were made from the shared frame, and without it in full.
    assert REMPLIES[construits["mkdocs"]] > 500
    assert REMPLIES[construits["sans"]] == 0
    # One frame per kind of page, not one per place: a fiche de liaison's address names
    # its place in its middle (lieux/<id>/fiche-de-liaison/), and those pages share one.
    fiches = len(list((construits["mkdocs-pro"] / "lieux").glob("*/fiche-de-liaison")))
    assert fiches > 100
    assert CADRES[construits["mkdocs-pro"]] < 20
    # Cold (construire), warm (mkdocs) and without any cache nor shared frame: one site.
    comparer(construits["construire"], construits["sans"])
    comparer(construits["mkdocs"], construits["sans"])
    comparer(construits["construire-pro"], construits["sans-pro"])


def test_construire_garde_les_pages_pro_hors_du_site_public(
        construits: dict[str, Path]) -> None:
    assert (construits["construire-pro"] / "couverture" / "index.html").is_file()
    assert not (construits["construire"] / "couverture").exists()
    public = construits["construire"] / ".guide-variante"
    assert public.read_text(encoding="utf-8") == "public\n"


def test_comparaison_voit_un_octet_change(construits: dict[str, Path], tmp_path: Path) -> None:
    # The comparison above can fail: one byte of one page changed is seen.
    copie = tmp_path / "site"
    shutil.copytree(construits["mkdocs"], copie)
    page = next((copie / "lieux").glob("*/index.html"))
    page.write_bytes(page.read_bytes().replace(b"</body>", b" </body>"))
    with pytest.raises(AssertionError):
        comparer(construits["mkdocs"], copie)


def test_construire_sans_configuration_le_dit(dans: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["construire", "--public", "absent.yml"]) == 2
    assert "Configuration introuvable : absent.yml" in capsys.readouterr().err


def test_cadre_partage_retombe_sur_le_rendu_complet(tmp_path: Path) -> None:
    # A theme that changes the title before printing it (here, upper case and tags
    # stripped): the shared frame cannot be filled, and each page is rendered in full.
    site = tmp_path / "site"
    shutil.copytree(FIXTURE, site / "src", ignore=shutil.ignore_patterns("site"))
    theme = site / "theme"
    theme.mkdir()
    (theme / "main.html").write_text(
        '{% extends "base.html" %}{% block announce %}<p class="x">'
        "{{ page.title | striptags | upper }} {{ page.url | length }}</p>"
        "{% endblock %}", encoding="utf-8")
    config = site / "src" / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "custom_dir: ../../../overrides", f"custom_dir: {theme}"), encoding="utf-8")
    # The guide's own overrides stay below this theme (theme.py adds them).
    partage = mkdocs_build(config, tmp_path / "partage")
    complet = mkdocs_build(config, tmp_path / "complet", **{SANS_CADRE: "1"})
    comparer(partage, complet)
    lieu = next((partage / "lieux").glob("*/index.html")).read_text(encoding="utf-8")
    assert '<p class="x">' in lieu


def test_properdocs_ecrit_les_memes_pages(construits: dict[str, Path], depot: Path) -> None:
    # The maintained fork of MkDocs 1.6 runs the plugin and the theme as they are: the
    # same files, but for the engine's name in <meta name="generator">.
    properdocs = Path(sys.executable).parent / "properdocs"
    site = depot / "site-properdocs"
    fini = subprocess.run([str(properdocs), "build", "-q", "-f", "mkdocs.yml", "-d", str(site)],
                          cwd=depot, capture_output=True, text=True, timeout=900,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert fini.returncode == 0, fini.stderr
    assert differences(site, construits["mkdocs"], sans_generateur=True) == []
    assert differences(site, construits["mkdocs"]) != []  # the engine's name, only
