"""The partners' web form for real: Decap CMS at /admin/ against a temporary git repository.

A small copy of the sample annuaire is committed in a temporary repository; decap-server
(npm, pinned in package.json, `MODE=git`: the editorial workflow, one branch per change)
serves it; the guide is built with `cms: {actif: true, serveur_local: ...}` and served on
127.0.0.1. The partner logs in, opens a place, changes its phone and its Monday hours with
the week table, saves: the branch holds that change and nothing else, and `guide valider`
passes on it with the same warnings as before.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import expect

from .conftest import ROOT, capture, servir

pytestmark = pytest.mark.browser

DECAP_SERVER = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PARTENAIRES = ("ccas-le-mans", "adapei-de-la-sarthe", "cc-sud-sarthe")
LIEU = "annuaire/ccas-le-mans/ccas-le-mans-accueil.yml"
BRANCHE = "cms/lieux/ccas-le-mans-accueil"
REGLES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def git(depot: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(depot), *args], check=True, capture_output=True,
                          text=True).stdout


def port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def depot(tmp_path: Path) -> Path:
    """A git repository holding three partners of the sample and the guide's mkdocs.yml."""
    depot = tmp_path / "depot"
    for partenaire in PARTENAIRES:
        shutil.copytree(ROOT / "annuaire" / partenaire, depot / "annuaire" / partenaire)
    # As in the guide's own repository: the validation cache is never committed.
    shutil.copy(ROOT / ".gitignore", depot / ".gitignore")
    git(tmp_path, "init", "-q", "-b", "main", str(depot))
    git(depot, "config", "user.name", "Essai")
    git(depot, "config", "user.email", "essai@example.org")
    return depot


@pytest.fixture
def serveur_decap(depot: Path) -> Iterator[str]:
    """decap-server on a free port, in git mode (editorial workflow) over `depot`."""
    if not DECAP_SERVER.exists():
        pytest.fail("decap-server is missing: run `npm ci --omit=optional` at the repository "
                    "root (the Makefile's setup-test does)")
    port = port_libre()
    env = {**os.environ, "MODE": "git", "GIT_REPO_DIRECTORY": str(depot), "PORT": str(port),
           "BIND_HOST": "127.0.0.1", "LOG_LEVEL": "warn"}
    processus = subprocess.Popen(["node", str(DECAP_SERVER)], env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    fin = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if processus.poll() is not None or time.monotonic() > fin:
                processus.kill()
                pytest.fail(f"decap-server did not start: {processus.stderr.read()!r}")
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}/api/v1"
    processus.terminate()
    processus.wait(timeout=10)


@pytest.fixture
def admin(depot: Path, serveur_decap: str, tmp_path: Path) -> Iterator[str]:
    """The guide built from `depot` with the form on, served; the URL of /admin/."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    (depot / "mkdocs.yml").write_text(
        "site_name: Guide des solidarités (essai)\n"
        "site_url: https://guide.example.org/\n"
        f"docs_dir: {ROOT / 'ressources'}\n"
        "use_directory_urls: true\n"
        f"theme: {{name: material, custom_dir: {ROOT / 'overrides'}, language: fr, "
        "font: false}\n"
        "extra_css: [assets/stylesheets/guide.css]\n"
        "plugins:\n"
        "  - guide-solidarites:\n"
        "      annuaire: annuaire\n"
        "      aujourdhui: 2026-11-23\n"
        f"      cms: {{actif: true, serveur_local: '{serveur_decap}'}}\n", encoding="utf-8")
    git(depot, "add", "-A")
    git(depot, "commit", "-q", "-m", "Annuaire d'essai")
    site = tmp_path / "site"
    build(load_config(config_file=str(depot / "mkdocs.yml"), site_dir=str(site)))
    serveur = servir(site)
    yield f"http://127.0.0.1:{serveur.server_address[1]}/admin/"
    serveur.shutdown()
    serveur.server_close()


def valider(dossier: Path) -> tuple[int, list[str]]:
    """`guide valider` on an annuaire: its exit code and its problem lines."""
    resultat = subprocess.run(
        [sys.executable, "-m", "guide_solidarites.cli", "valider", "annuaire",
         "--date", "2026-11-23"], cwd=dossier, capture_output=True, text=True)
    lignes = [ligne for ligne in resultat.stderr.splitlines() if ": avertissement " in ligne
              or ": erreur " in ligne]
    return resultat.returncode, lignes


def se_connecter(page: Any, admin: str) -> None:
    page.goto(admin)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("link", name="Lieux d'accueil")).to_be_visible(timeout=20000)


def ouvrir_lieu(page: Any) -> None:
    page.get_by_role("link", name="Lieux d'accueil").click()
    page.get_by_role("link", name="CCAS du Mans, accueil central").click()
    expect(page.get_by_text("Semaine habituelle").first).to_be_visible(timeout=20000)


def champ_telephone(page: Any) -> Any:
    # Decap's ids are "<field>-field-<n>"; the hours of the line share the prefix "telephone"
    # but are time inputs.
    return page.locator('input[type="text"][id^="telephone-field-"]')


def test_a_partner_changes_phone_and_monday_hours_and_the_branch_holds_only_that(
        nouvelle_page: Callable[..., Any], admin: str, depot: Path, tmp_path: Path) -> None:
    avant = yaml.safe_load((depot / LIEU).read_text("utf-8"))
    code, avertissements_avant = valider(depot)
    assert code == 0
    page = nouvelle_page()
    page.goto(admin)
    expect(page.get_by_role("button", name="Se connecter")).to_be_visible(timeout=20000)
    capture(page, "cms-1-connexion")
    se_connecter(page, admin)
    capture(page, "cms-2-collections")
    ouvrir_lieu(page)
    capture(page, "cms-3-fiche")

    sans_rdv = page.locator(".gs-saisie").first
    lundi = sans_rdv.locator('tr[data-jour="Mo"]')
    expect(lundi.locator('input[type="time"]')).to_have_count(2)
    lundi.locator('input[type="time"]').first.fill("09:00")
    expect(sans_rdv.locator(".gs-saisie__resultat code")).to_have_text(
        "Mo 09:00-12:00; Tu,Th,Fr 08:30-12:00; We 13:30-17:00; PH off")
    champ_telephone(page).fill("02 43 47 48 49")
    sans_rdv.scroll_into_view_if_needed()
    capture(page, "cms-4-horaires-modifies")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Modifications enregistrées").first).to_be_visible(timeout=20000)
    capture(page, "cms-5-enregistre")

    # The editorial workflow: a branch for this change, the file on it, main untouched.
    fin = time.monotonic() + 10
    while BRANCHE not in git(depot, "branch", "--list") and time.monotonic() < fin:
        time.sleep(0.2)
    assert git(depot, "diff", "--name-only", "main", BRANCHE).split() == [LIEU]
    assert yaml.safe_load(git(depot, "show", f"main:{LIEU}")) == avant
    apres = yaml.safe_load(git(depot, "show", f"{BRANCHE}:{LIEU}"))
    attendu = {**avant, "telephone": "02 43 47 48 49",
               "horaires": {**avant["horaires"], "sans_rendez_vous":
                            "Tu,Th,Fr 08:30-12:00; Mo 09:00-12:00; We 13:30-17:00; PH off"}}
    assert apres["horaires"]["sans_rendez_vous"] == \
        "Mo 09:00-12:00; Tu,Th,Fr 08:30-12:00; We 13:30-17:00; PH off"
    attendu["horaires"]["sans_rendez_vous"] = apres["horaires"]["sans_rendez_vous"]
    assert apres == attendu
    # Field order is the file's: the keys come in the same order as before.
    assert list(apres) == list(avant)

    # What the form wrote validates, with no new warning.
    copie = tmp_path / "branche"
    git(depot, "worktree", "add", "-q", str(copie), BRANCHE)
    code, avertissements_apres = valider(copie)
    assert code == 0
    assert avertissements_apres == avertissements_avant


def test_the_form_refuses_an_invalid_phone_with_the_french_message(
        nouvelle_page: Callable[..., Any], admin: str, depot: Path) -> None:
    page = nouvelle_page()
    se_connecter(page, admin)
    ouvrir_lieu(page)
    champ_telephone(page).fill("12")
    page.get_by_role("button", name="Enregistrer").click()
    message = page.get_by_text("Numéro de téléphone invalide : 10 chiffres (02 43 00 00 00)")
    expect(message.first).to_be_visible(timeout=10000)
    message.first.scroll_into_view_if_needed()
    capture(page, "cms-6-telephone-refuse")
    # Nothing was written: no branch.
    assert "cms/" not in git(depot, "branch", "--list")

    # The week table refuses a range that ends before it starts, in French too.
    lundi = page.locator(".gs-saisie").first.locator('tr[data-jour="Mo"]')
    champ_telephone(page).fill("02 43 47 48 49")
    lundi.locator('input[type="time"]').nth(1).fill("08:00")
    erreur = "Lundi : l'heure de fin (08:00) doit venir après l'heure de début (08:30)."
    expect(page.locator(".gs-saisie__erreurs").first).to_have_text(erreur)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text(erreur).nth(1)).to_be_visible(timeout=10000)
    assert "cms/" not in git(depot, "branch", "--list")


def test_toujours_a_jour_sets_only_the_check_date(
        nouvelle_page: Callable[..., Any], admin: str, depot: Path) -> None:
    avant = yaml.safe_load((depot / LIEU).read_text("utf-8"))
    page = nouvelle_page()
    se_connecter(page, admin)
    ouvrir_lieu(page)
    bouton = page.get_by_role("button", name="Toujours à jour : vérifiée aujourd'hui")
    bouton.click()
    page.locator('input[type="text"][id^="verifie_par-field-"]').fill("CCAS du Mans, accueil")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Modifications enregistrées").first).to_be_visible(timeout=20000)
    fin = time.monotonic() + 10
    while BRANCHE not in git(depot, "branch", "--list") and time.monotonic() < fin:
        time.sleep(0.2)
    apres = yaml.safe_load(git(depot, "show", f"{BRANCHE}:{LIEU}"))
    aujourdhui = dt.datetime.now(dt.UTC).astimezone().date()
    assert apres["verifie_le"] in (aujourdhui, aujourdhui - dt.timedelta(days=1),
                                   aujourdhui + dt.timedelta(days=1))
    assert {k: v for k, v in apres.items() if k not in ("verifie_le", "verifie_par")} == \
        {k: v for k, v in avant.items() if k not in ("verifie_le", "verifie_par")}


# --- Accessibility of what we control -------------------------------------------------------


def axe(page: Any, contexte: Any) -> list[dict[str, Any]]:
    page.add_script_tag(content=AXE.read_text("utf-8"))
    resultat: dict[str, Any] = page.evaluate(
        "([c, o]) => axe.run(c === null ? document : c, o)", [contexte, REGLES])
    return [{"id": v["id"], "cibles": [n["target"] for n in v["nodes"][:5]]}
            for v in resultat["violations"]]


def test_axe_finds_nothing_on_the_admin_shell_and_the_week_table(
        nouvelle_page: Callable[..., Any], admin: str) -> None:
    page = nouvelle_page()
    page.goto(admin)
    expect(page.get_by_role("button", name="Se connecter")).to_be_visible(timeout=20000)
    # The shell: everything but the tree Decap renders (#nc-root), which is not ours.
    assert axe(page, {"exclude": [["#nc-root"]]}) == []
    se_connecter(page, admin)
    ouvrir_lieu(page)
    assert axe(page, {"include": [[".gs-saisie"]]}) == []


def test_axe_finds_nothing_on_the_hours_help_page(
        nouvelle_page: Callable[..., Any], admin: str) -> None:
    page = nouvelle_page()
    page.goto(admin.replace("/admin/", "/aide-horaires/"))
    expect(page.get_by_text("Semaine habituelle")).to_be_visible()
    page.locator('tr[data-jour="Sa"]').get_by_role("button", name="Ajouter une plage").click()
    expect(page.locator(".gs-saisie__sortie")).to_have_value(
        "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off")
    capture(page, "aide-horaires")
    assert axe(page, None) == []
