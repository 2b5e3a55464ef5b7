"""A build replaces the site only when complete: killed, failed or refused, the last
complete site stays in place; `--dirty` cannot mix the public and professional variants."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

FIXTURE = Path(__file__).parent / "fixtures" / "site"
MKDOCS = Path(sys.executable).parent / "mkdocs"

pytestmark = pytest.mark.slow


def build_site(site_dir: Path, variant: str = "public", **options: object) -> None:
    config = load_config(config_file=str(FIXTURE / "mkdocs.yml"), site_dir=str(site_dir),
                         **options)
    guide = config.plugins["guide-solidarites"]
    guide.config.variant = variant
    if variant == "pro":
        guide.config.annuaire_pro = str(FIXTURE / "annuaire-pro")
    build(config)


def empreinte(site: Path) -> dict[str, str]:
    """Every file of the site and a digest of its content."""
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def voisins(site: Path) -> list[str]:
    return sorted(p.name for p in site.parent.iterdir() if p.name != site.name)


def mkdocs(site: Path, *options: str, variant: str = "public") -> subprocess.Popen[bytes]:
    env = {**os.environ, "GUIDE_VARIANTE": variant, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.Popen([str(MKDOCS), "build", "-q", "-f", str(FIXTURE / "mkdocs.yml"),
                             "-d", str(site), *options], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


@pytest.fixture(scope="module")
def site_construit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("atomique") / "site"
    build_site(site)
    return site


def test_a_complete_build_leaves_only_the_site_and_its_variant(site_construit: Path) -> None:
    assert voisins(site_construit) == []
    assert (site_construit / ".guide-variante").read_text("utf-8") == "public\n"
    assert (site_construit / "index.html").is_file()
    assert (site_construit / "pagefind" / "pagefind.js").is_file()


def test_kill_9_mid_build_leaves_the_old_site_intact(site_construit: Path,
                                                     tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_site(site)
    avant = empreinte(site)
    process = mkdocs(site)
    # Wait until the build has started writing pages beside the site, then kill it.
    debut = time.monotonic()
    ecrits: list[Path] = []
    while time.monotonic() - debut < 120 and process.poll() is None:
        ecrits = [p for p in tmp_path.glob(".site.construction-*/**/index.html")]
        if ecrits:
            break
        time.sleep(0.01)
    assert process.poll() is None, "the build ended before it could be killed"
    assert ecrits, "the build never wrote a page"
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert empreinte(site) == avant
    assert [n for n in voisins(site) if n.startswith(".site.construction-")]
    # The next build removes what the killed one left, and replaces the site.
    build_site(site)
    assert voisins(site) == []
    # Pagefind names its files after a hash of each build: compare the pages.
    pages = {f for f in avant if not f.startswith("pagefind/")}
    assert {f for f in empreinte(site) if not f.startswith("pagefind/")} == pages


def test_a_failing_build_removes_its_folder_and_keeps_the_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_site(site)
    avant = empreinte(site)
    with pytest.raises(Abort):
        # A warning in strict mode: MkDocs aborts after every plugin has run.
        build_site(site, strict=True, nav=[{"Absente": "absente.md"}])
    assert empreinte(site) == avant
    assert voisins(site) == []


def test_a_failing_search_index_is_a_french_error_and_keeps_the_site(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
        ) -> None:
    """Pagefind failing (here a program that exits 1 in its place) stops the build with a
    sentence MkDocs prints as its error, not a traceback, and publishes nothing."""
    from guide_solidarites import search

    site = tmp_path / "site"
    build_site(site)
    avant = empreinte(site)
    monkeypatch.setattr(search, "_executable", lambda: Path("/bin/false"))
    with pytest.raises(Abort):
        build_site(site)
    erreurs = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert any(m.startswith("La recherche du guide n'a pas pu être indexée ; rien n'a été "
                            "publié. Pagefind a échoué (code 1)") for m in erreurs), erreurs
    assert not any("Traceback" in m for m in erreurs)
    assert empreinte(site) == avant
    assert voisins(site) == []


def test_dirty_over_the_other_variant_is_refused(tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_site(site, variant="pro")
    avant = empreinte(site)
    assert "carte/lieux-pro.json" in avant
    process = mkdocs(site, "--dirty", variant="public")
    _, erreurs = process.communicate(timeout=300)
    assert process.returncode == 1
    message = erreurs.decode()
    assert "« --dirty » refusé" in message and "l'annuaire pro" in message
    assert "Relancez la construction sans « --dirty »" in message
    assert empreinte(site) == avant
    assert voisins(site) == []


def test_dirty_over_a_site_without_marker_is_refused(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "couverture").mkdir(parents=True)
    (site / "couverture" / "index.html").write_text("rapport pro", "utf-8")
    process = mkdocs(site, "--dirty")
    _, erreurs = process.communicate(timeout=300)
    assert process.returncode == 1
    assert "un site d'origine inconnue" in erreurs.decode()
    assert (site / "couverture" / "index.html").read_text("utf-8") == "rapport pro"


def test_dirty_of_the_same_variant_updates_the_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_site(site)
    (site / "ajout-manuel.txt").write_text("gardé par --dirty", "utf-8")
    process = mkdocs(site, "--dirty")
    _, erreurs = process.communicate(timeout=300)
    assert process.returncode == 0, erreurs.decode()
    assert (site / "ajout-manuel.txt").read_text("utf-8") == "gardé par --dirty"
    assert (site / ".guide-variante").read_text("utf-8") == "public\n"
    assert voisins(site) == []


def test_a_clean_build_of_the_other_variant_replaces_everything(tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_site(site, variant="pro")
    build_site(site)
    fichiers = empreinte(site)
    assert not [f for f in fichiers if f.startswith(("couverture/", "qualite/"))
                or f == "carte/lieux-pro.json" or "/fiche-de-liaison/" in f]
    assert (site / ".guide-variante").read_text("utf-8") == "public\n"


def test_a_build_without_site_url_is_refused_in_french(tmp_path: Path) -> None:
    config = load_config(config_file=str(FIXTURE / "mkdocs.yml"), site_dir=str(tmp_path / "s"))
    config.site_url = None
    with pytest.raises(Abort):
        build(config)
    assert not (tmp_path / "s").exists()


def test_the_site_url_error_says_what_to_write(tmp_path: Path,
                                               caplog: pytest.LogCaptureFixture) -> None:
    config = load_config(config_file=str(FIXTURE / "mkdocs.yml"), site_dir=str(tmp_path / "s"))
    config.site_url = ""
    with pytest.raises(Abort):
        build(config)
    messages = "\n".join(r.getMessage() for r in caplog.records)
    assert "« site_url » manque dans mkdocs.yml" in messages
    assert "site_url: https://guide.exemple.fr/" in messages


def pid_mort() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_build_killed_between_the_two_renames_gets_its_old_site_back(tmp_path: Path) -> None:
    from guide_solidarites.publication import preparer

    site = tmp_path / "site"
    ancien = tmp_path / f".site.ancien-{pid_mort()}"
    ancien.mkdir()
    (ancien / "index.html").write_text("dernier site complet", "utf-8")
    construction = preparer(site, "public")
    assert (site / "index.html").read_text("utf-8") == "dernier site complet"
    assert voisins(site) == [construction.dossier.name]
    construction.abandonner()
    assert voisins(site) == []


def test_the_folder_of_a_build_still_running_is_left_alone(tmp_path: Path) -> None:
    from guide_solidarites.publication import preparer

    site = tmp_path / "site"
    vivant = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        autre = tmp_path / f".site.construction-{vivant.pid}"
        autre.mkdir()
        mort = tmp_path / f".site.construction-{pid_mort()}"
        mort.mkdir()
        preparer(site, "public").abandonner()
        assert voisins(site) == [autre.name]
    finally:
        vivant.kill()
        vivant.wait()
