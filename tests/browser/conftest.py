"""Shared fixtures of the browser tests: the fixture guide built once, served, and Chromium.

- `site_public` / `site_pro`: base URLs (ending in /) of tests/fixtures/site built once per
  session, public and professional variants, each served by an http.server thread on
  127.0.0.1. The build date is pinned (AUJOURDHUI, a Monday) and the opening intervals cover
  HORIZON_SEMAINES weeks, so that the fixed clocks of the tests (Christmas, New Year's Day,
  the CCAS's closure from 24 to 26 December 2026) fall inside the precomputed hours.
- `browser`: Debian's Chromium, headless. Skipped with a reason when /usr/bin/chromium is
  missing (the Makefile's `setup-test` installs it).
- `page`: a fresh French page (1280×900). `nouvelle_page(**options)` makes more, with
  Playwright context options (geolocation, java_script_enabled=False, viewport...).
  Every request is recorded; map tiles (the plugin's default tile host) are answered with a
  1×1 PNG, every other request leaving 127.0.0.1 is aborted, and at teardown the test
  FAILS if any such request was attempted, or if a script raised an error.
"""

from __future__ import annotations

import datetime as dt
import re
import struct
import sys
import threading
import zlib
from collections.abc import Callable, Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "site"
CHROMIUM = Path("/usr/bin/chromium")
ARTEFACTS = ROOT / "tests" / "artifacts"

AUJOURDHUI = dt.date(2026, 11, 23)
HORIZON_SEMAINES = 8  # up to 2027-01-18: Christmas, the closure and New Year's Day included
DEPOT_URL = "https://forge.example.org/cd72/guide"
DEPOT_PRO_URL = "https://forge.example.org/cd72/annuaire-pro"
CONTACT_SIGNALEMENT = "guide-solidarites@example.org"

# The plugin's default `tuiles` is https://{s}.tile.openstreetmap.fr/osmfr/{z}/{x}/{y}.png.
HOTE_TUILES = re.compile(r"^[a-c]\.tile\.openstreetmap\.fr$")


def png_gris() -> bytes:
    """A 1×1 light grey PNG, standing in for every map tile."""

    def bloc(kind: bytes, data: bytes) -> bytes:
        corps = kind + data
        return struct.pack(">I", len(data)) + corps + struct.pack(">I", zlib.crc32(corps))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xe8\xe6\xe1")
    return b"\x89PNG\r\n\x1a\n" + bloc(b"IHDR", ihdr) + bloc(b"IDAT", pixels) + bloc(b"IEND", b"")


PNG = png_gris()


# --- The site -------------------------------------------------------------------------------


def construire(site_dir: Path, variante: str, annuaire: Path = FIXTURE / "annuaire",
               annuaire_pro: Path = FIXTURE / "annuaire-pro") -> Path:
    """Build tests/fixtures/site (variant "public" or "pro") into `site_dir`; `annuaire`
    and `annuaire_pro`: the records, tests/fixtures/site's own unless told."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(config_file=str(FIXTURE / "mkdocs.yml"), site_dir=str(site_dir))
    guide = config.plugins["guide-solidarites"]
    guide.config.annuaire = str(annuaire)
    guide.config.variant = variante
    guide.config.aujourdhui = AUJOURDHUI
    guide.config.horizon_semaines = HORIZON_SEMAINES
    guide.config.depot_url = DEPOT_URL
    tuiles = urlsplit(guide.config.tuiles.replace("{s}", "a")).hostname or ""
    assert HOTE_TUILES.match(tuiles), f"tile host changed ({tuiles}): update HOTE_TUILES"
    guide.config.modification_partenaires = True
    guide.config.contact_signalement = CONTACT_SIGNALEMENT
    if variante == "pro":
        # As mkdocs.pro.yml does: the professional tree and its private repository.
        guide.config.annuaire_pro = str(annuaire_pro)
        guide.config.depot_pro_url = DEPOT_PRO_URL
        config.extra_css.append("assets/stylesheets/pro.css")
    build(config)
    return site_dir


class Silencieux(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map,
                      ".geojson": "application/geo+json", ".js": "text/javascript"}

    def log_message(self, format: str, *args: Any) -> None:
        pass


class Serveur(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # The browser dropped a download it no longer needed (it left the page): not an
        # error of the site; anything else is still printed.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def servir(dossier: Path) -> ThreadingHTTPServer:
    serveur = Serveur(("127.0.0.1", 0), partial(Silencieux, directory=str(dossier)))
    threading.Thread(target=serveur.serve_forever, daemon=True).start()
    return serveur


@pytest.fixture(scope="session")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """{"public": url, "pro": url, "public_dir": path, "pro_dir": path}, built and served."""
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium (/usr/bin/chromium): `make setup-test` installs it")
    racine = tmp_path_factory.mktemp("navigateur")
    resultat: dict[str, str] = {}
    serveurs = []
    for variante in ("public", "pro"):
        dossier = construire(racine / f"site-{variante}", variante)
        serveur = servir(dossier)
        serveurs.append(serveur)
        resultat[variante] = f"http://127.0.0.1:{serveur.server_address[1]}/"
        resultat[f"{variante}_dir"] = str(dossier)
    yield resultat
    for serveur in serveurs:
        serveur.shutdown()
        serveur.server_close()


@pytest.fixture(scope="session")
def site_public(sites: dict[str, str]) -> str:
    return sites["public"]


@pytest.fixture(scope="session")
def site_pro(sites: dict[str, str]) -> str:
    return sites["pro"]


# --- The browser ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium (/usr/bin/chromium): `make setup-test` installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        navigateur = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-background-networking",
                  "--disable-component-update"],
        )
        yield navigateur
        navigateur.close()


class Onglet:
    """A browser context and its page, with every request made and every script error."""

    def __init__(self, browser: Any, **options: Any) -> None:
        reglages = {"viewport": {"width": 1280, "height": 900}, "locale": "fr-FR",
                    "timezone_id": "Europe/Paris", **options}
        self.requetes: list[str] = []
        self.sorties: list[str] = []
        self.erreurs: list[str] = []
        self.context = browser.new_context(**reglages)
        self.context.route("**/*", self._router)
        self.page = self.context.new_page()
        self.page.on("request", lambda r: self.requetes.append(r.url))
        self.page.on("pageerror", lambda e: self.erreurs.append(str(e)))

    def _router(self, route: Any) -> None:
        adresse = route.request.url
        hote = urlsplit(adresse).hostname or ""
        if hote == "127.0.0.1" or adresse.startswith(("data:", "blob:")):
            route.continue_()
        elif HOTE_TUILES.match(hote):
            route.fulfill(status=200, content_type="image/png", body=PNG)
        else:
            self.sorties.append(adresse)
            route.abort()

    def fermer(self) -> None:
        self.context.close()


@pytest.fixture
def nouvelle_page(browser: Any) -> Iterator[Callable[..., Any]]:
    """Factory of guarded pages: nouvelle_page(geolocation=..., java_script_enabled=False)."""
    onglets: list[Onglet] = []

    def ouvrir(**options: Any) -> Any:
        onglet = Onglet(browser, **options)
        onglets.append(onglet)
        return onglet.page

    yield ouvrir
    for onglet in onglets:
        onglet.fermer()
    sorties = [u for o in onglets for u in o.sorties]
    erreurs = [e for o in onglets for e in o.erreurs]
    assert sorties == [], f"requests left 127.0.0.1 (only map tiles may): {sorties}"
    assert erreurs == [], f"script errors: {erreurs}"


@pytest.fixture
def page(nouvelle_page: Callable[..., Any]) -> Any:
    return nouvelle_page()


def horloge(page: Any, maintenant: str) -> None:
    """Fix the guide's clock (horaires.js) before any script of the next page runs."""
    page.add_init_script(f"window.GUIDE_MAINTENANT = {maintenant!r};")


def capture(page: Any, nom: str, tranche: int = 1000) -> Path:
    """A full-page screenshot into tests/artifacts/ (gitignored), to look at; long pages are
    also cut into `nom`-1.png, `nom`-2.png... of `tranche` pixels, easier to read."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    chemin = ARTEFACTS / f"{nom}.png"
    page.screenshot(path=str(chemin), full_page=True)
    largeur, hauteur = page.evaluate(
        "[document.documentElement.clientWidth, document.documentElement.scrollHeight]")
    if hauteur > tranche * 1.5:
        for i, y in enumerate(range(0, hauteur, tranche), start=1):
            page.screenshot(path=str(ARTEFACTS / f"{nom}-{i}.png"), full_page=True,
                            clip={"x": 0, "y": y, "width": largeur,
                                  "height": min(tranche, hauteur - y)})
    return chemin
