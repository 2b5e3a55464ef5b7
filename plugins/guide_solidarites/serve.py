"""Live preview: under `mkdocs serve`, an edited record re-renders only the pages it changes.

MkDocs rebuilds the whole site on every change it sees. The guide's pages are made from
page specs (`PageGeneree`, pages.py) before any HTML: a rebuild compares each spec with the
one of the previous build, and writes only the pages whose spec changed (the record's page,
its partner's, its commune's and themes', the indexes), beside the pages MkDocs always
builds (editorial pages, theme files), into the site being served; the other pages stay as
they were. The specs themselves are made again only for the records whose file changed
(the loader gives the same record objects for the others, and `pages.PagesGardees` the
same specs). A record added or removed adds or removes its own pages (removed from the
served site, sitemap.xml rewritten). The open data (the map's points) and the search index
read the whole site: they are made again after the browser has reloaded, in the
background, one at a time.

A rebuild may keep pages only when nothing else they are made of changed: the config
files, the editorial pages (their titles are in every page's nav), the templates of the
guide and of the theme (`signature`). Otherwise it is a whole build, as without this
module. A rebuild that finds errors in the annuaire says them and serves the last valid
build again (plugin.py): a failed MkDocs build would leave every request waiting.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import logging
import os
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig

from .pages import PageGeneree, PagesGardees
from .qr import FICHIER_QR
from .render import TEMPLATES_DIR

log = logging.getLogger("mkdocs.plugins.guide_solidarites")

# MkDocs writes these from every page it built: a rebuild that built a few keeps the old.
_GARDES = frozenset({"sitemap.xml", "sitemap.xml.gz"})

Signature = tuple[tuple[str, int, int], ...]


def signature(config: MkDocsConfig) -> Signature:
    """What every page is made of besides its spec: sizes and times of the config files,
    the editorial pages and the templates (theme assets are copied by every build)."""
    fichiers: list[Path] = []
    if config.config_file_path:
        fichiers += Path(config.config_file_path).parent.glob("*.yml")
    fichiers += Path(config.docs_dir).rglob("*")
    fichiers += TEMPLATES_DIR.rglob("*.html")
    for dossier in config.theme.dirs:
        fichiers += Path(dossier).glob("*.html")
        fichiers += Path(dossier).glob("partials/**/*.html")
    resultat = []
    for chemin in sorted(set(fichiers)):
        try:
            etat = chemin.stat()
        except OSError:
            continue
        resultat.append((str(chemin), etat.st_mtime_ns, etat.st_size))
    return tuple(resultat)


@dataclass
class EtatServe:
    """The last build of one served configuration."""

    site: Path
    pages: dict[str, PageGeneree]
    signature: Signature
    gardees: PagesGardees | None = None
    """The place pages of this build and what each was made of, for the next one."""
    donnees: dict[str, Any] = field(default_factory=dict)
    """What the plugin made of the annuaire, served again by a rebuild that finds errors."""
    fond: threading.Thread | None = None
    verrou: threading.Lock = field(default_factory=threading.Lock)


_ETATS: dict[str, EtatServe] = {}
_CONSTRUCTIONS = threading.Event()
"""Set while a rebuild runs: the background job waits, so as not to slow it down (both
are Python, in one process)."""


def debut_reconstruction() -> None:
    _CONSTRUCTIONS.set()


def fin_reconstruction() -> None:
    _CONSTRUCTIONS.clear()


def _cle(config: MkDocsConfig) -> str:
    return str(Path(config.config_file_path or ".").resolve())


def etat(config: MkDocsConfig) -> EtatServe | None:
    """The previous build served from the same folder, if this build is a rebuild."""
    precedent = _ETATS.get(_cle(config))
    if precedent is None or precedent.site != Path(config.site_dir).absolute():
        return None
    return precedent


def retenir(config: MkDocsConfig, site: Path, pages: Iterable[PageGeneree],
            sig: Signature, gardees: PagesGardees | None = None,
            donnees: dict[str, Any] | None = None) -> EtatServe:
    """Remember this build of a served configuration for the next rebuild."""
    precedent = _ETATS.get(_cle(config))
    nouvel = EtatServe(site.absolute(), {p.chemin: p for p in pages}, sig, gardees,
                       donnees or {})
    if precedent is not None:
        nouvel.fond, nouvel.verrou = precedent.fond, precedent.verrou
    _ETATS[_cle(config)] = nouvel
    return nouvel


def inchangees(precedent: EtatServe, pages: Iterable[PageGeneree], sig: Signature
               ) -> set[str] | None:
    """The pages of this build that the served site already holds as they would be made,
    or None when this build must make every page.

    A record added or removed adds or removes its own pages only: the pages that list it
    (indexes, its commune's, its themes') have another spec, and the pages in the nav are
    made by every build."""
    if sig != precedent.signature or not precedent.site.is_dir():
        return None
    anciennes = precedent.pages
    return {p.chemin for p in pages if not p.dans_menu and anciennes.get(p.chemin) == p}


def retirer(precedent: EtatServe, pages: Iterable[PageGeneree], site: Path) -> list[str]:
    """Delete from the served `site` the pages of the previous build that this one no
    longer has (a record removed or renamed); returns their addresses."""
    restent = {p.chemin for p in pages}
    retirees = []
    for chemin, page in precedent.pages.items():
        if chemin in restent:
            continue
        dossier = site / page.url
        for nom in ("index.html", FICHIER_QR):
            (dossier / nom).unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            dossier.rmdir()  # only when nothing else lives there
        retirees.append(page.url)
    return retirees


_URL = re.compile(r"    <url>\n         <loc>(.*?)</loc>\n.*?    </url>\n", re.DOTALL)


def plan_du_site(site: Path, site_url: str, avant: Iterable[PageGeneree],
                 apres: Iterable[PageGeneree]) -> None:
    """Rewrite the served sitemap.xml (and .gz) for this build's set of pages, as MkDocs'
    template writes it: its other pages (the editorial ones) first, in their order, then
    the generated pages in the order of the build (on_files adds them last)."""
    fichier = site / "sitemap.xml"
    try:
        ancien = fichier.read_text(encoding="utf-8")
    except OSError:
        return
    blocs = {m.group(1): m.group(0) for m in _URL.finditer(ancien)}
    premier = _URL.search(ancien)
    if premier is None:
        return
    entete, fin = ancien[:premier.start()], ancien[ancien.rfind("</url>\n") + len("</url>\n"):]
    date = re.search(r"<lastmod>(.*?)</lastmod>", ancien)

    def loc(page: PageGeneree) -> str:
        return str(escape(urljoin(site_url, page.url)))

    generees = {loc(p) for p in avant}
    texte = entete + "".join(b for u, b in blocs.items() if u not in generees)
    for page in apres:
        adresse = loc(page)
        texte += blocs.get(adresse) or (
            f"    <url>\n         <loc>{adresse}</loc>\n         "
            + (f"<lastmod>{date.group(1)}</lastmod>" if date else "") + "\n    </url>\n")
    texte += fin
    fichier.write_text(texte, encoding="utf-8")
    # As MkDocs gzips it: the name inside, and the date of the pages as the time.
    moment = int(dt.datetime.fromisoformat(date.group(1)).replace(
        tzinfo=dt.UTC).timestamp()) if date else int(time.time())
    with (site / "sitemap.xml.gz").open("wb") as sortie, gzip.GzipFile(
            fileobj=sortie, filename="sitemap.xml.gz", mode="wb", mtime=moment) as gz:
        gz.write(texte.encode("utf-8"))


def fusionner(dossier: Path, site: Path) -> int:
    """Move every file of the partial build `dossier` into the served `site` (each one
    replaced at once), then delete `dossier`; returns the number of files."""
    nombre = 0
    for racine, _, noms in os.walk(dossier):
        relatif = Path(racine).relative_to(dossier)
        for nom in noms:
            if relatif == Path(".") and nom in _GARDES:
                continue
            cible = site / relatif / nom
            cible.parent.mkdir(parents=True, exist_ok=True)
            os.replace(Path(racine) / nom, cible)
            nombre += 1
    shutil.rmtree(dossier, ignore_errors=True)
    return nombre


def en_fond(config: MkDocsConfig, courant: EtatServe, travaux: list[Callable[[], None]]
            ) -> None:
    """Run `travaux` after this build returns (the browser reloads meanwhile), one
    background job at a time; a newer build makes an older build's job stop between
    steps."""
    cle = _cle(config)

    def executer() -> None:
        with courant.verrou:
            for travail in travaux:
                while _CONSTRUCTIONS.is_set() and _ETATS.get(cle) is courant:
                    time.sleep(0.1)
                if _ETATS.get(cle) is not courant:
                    return
                try:
                    travail()
                except Exception as erreur:  # noqa: BLE001 - a preview goes on
                    log.warning(f"guide-solidarites : aperçu, tâche de fond : {erreur}")
                    return
        log.info("guide-solidarites : aperçu, données ouvertes et recherche à jour.")

    courant.fond = threading.Thread(target=executer, name="guide-apercu", daemon=True)
    courant.fond.start()
