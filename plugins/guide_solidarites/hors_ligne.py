"""The public guide offline and installable: the service worker, its file list, the manifest.

A person may run out of mobile data at the very moment they need an address. The service
worker (templates/hors-ligne/sw.js, served from the site's root so that its scope is the
whole guide) keeps the home page, the search, « Ma sélection » and the files they need from
the first visit on, and every page the person opens afterwards; a page never opened says
so, in plain French, with the emergency numbers (a call needs no data). The file names a
digest of what it keeps at install: a build that changes one of those is a new service
worker, picked up at the next visit.
Nothing of it is written into the professional directory.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

from .langues import LANGUE_SOURCE, Langue
from .langues import langue as langue_du_guide
from .minify import js_allege
from .pages import URGENCES, PageGeneree

SW = "sw.js"
MANIFESTE = "manifest.webmanifest"
ICONE = "assets/guide/icone.svg"
URL_HORS_LIGNE = "hors-ligne/"
URL_SELECTION = "ma-selection/"

PAGES_GARDEES = ("", "recherche/", URL_SELECTION, URL_HORS_LIGNE)
"""Pages kept from the first visit on, before the person opens them."""

MOTIFS_GARDES = (
    "assets/stylesheets/*.css", "assets/javascripts/*.js", "assets/guide/*",
    "assets/images/favicon.png",
    "pagefind/pagefind.js", "pagefind/pagefind-entry.json", "pagefind/wasm.*.pagefind",
    "pagefind/gs-vocabulaire.json",
    # The other parts of a large site's index (search.py): the search page merges them
    # before its first query, from their entry files.
    "pagefind/parties/*/pagefind-entry.json",
    # Material's own search, when a site turns it on (our guides use Pagefind): its worker
    # loads these as soon as a page opens.
    "search/search_index.json", "assets/javascripts/workers/*.js",
    "assets/javascripts/lunr/min/lunr.stemmer.support.min.js",
    "assets/javascripts/lunr/min/lunr.fr.min.js",
)
"""Files kept at install: the pages' own styles and scripts, and the search's engine and
entry file. Its filters, word index and result fragments are kept as they are read, not
all at once: at 10,000 places they would cost a first visit several hundred kilobytes (and
Pagefind renames them at every run)."""

PRO_SEULEMENT = frozenset({"assets/stylesheets/pro.css", "assets/javascripts/couverture.js",
                           "assets/javascripts/fiche-de-liaison.js"})
"""The theme's files only the professional directory uses: not kept by the public guide."""

_MODELE = Path(__file__).parent / "templates" / "hors-ligne" / "sw.js"

ICONE_SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">\
<rect width="512" height="512" rx="96" fill="#1e3a8a"/>\
<path fill="#fff" d="M256 404l-22-20C156 313 104 266 104 207c0-48 38-86 86-86 27 0 53 13 \
66 33 13-20 39-33 66-33 48 0 86 38 86 86 0 59-52 106-130 177z"/></svg>
"""


def pages_hors_ligne(pro: bool, max_lieux: int, langue: Langue | None = None
                     ) -> list[PageGeneree]:
    """« Ma sélection » (both builds: social workers use it too) and, in the public guide
    only, the page the service worker shows for a page never opened; `langue`: the same
    pages in another language of the public guide."""
    lg = langue or langue_du_guide(LANGUE_SOURCE)
    _ = lg.gettext
    pages = [PageGeneree(f"{lg.prefixe}{URL_SELECTION}index.md", _("Ma sélection"),
                         "selection.html", {"max_lieux": max_lieux},
                         _("Les lieux que vous avez choisis, à garder, imprimer ou envoyer."),
                         indexee=False, langue=lg.code)]
    if not pro:
        pages.append(PageGeneree(f"{lg.prefixe}{URL_HORS_LIGNE}index.md", _("Pas de connexion"),
                                 "hors-ligne.html", {"urgences": URGENCES},
                                 _("Cette page n'a pas encore été ouverte sur ce téléphone."),
                                 indexee=False, langue=lg.code))
    return pages


def fichiers_gardes(site: Path) -> list[str]:
    """Root-relative paths of the files kept at install, sorted (source maps left out)."""
    trouves = {str(f.relative_to(site)).replace("\\", "/")
               for motif in MOTIFS_GARDES for f in site.glob(motif)
               if f.is_file() and not f.name.endswith(".map")}
    return sorted(trouves - PRO_SEULEMENT)


def version(site: Path, gardes: Sequence[str]) -> str:
    """A digest of what the service worker keeps at install: the worker's own code and
    `gardes`, root-relative (a page as its folder, "recherche/"). One of them changed, and
    the browser installs the new worker, which fetches them all again.

    The other pages are not in it: pages come from the network first and the other files
    are refreshed behind the kept copy, so a build that only changes places' pages is not
    a new worker that every visitor's phone downloads the kept files again for (and a
    national guide is not read back whole, 18 GB, to find that out). Pagefind's files are
    left out: their bytes and names change from one run to the next for the same pages
    (search.py), and the search page that loads them is kept.
    """
    empreinte = hashlib.sha256(_MODELE.read_bytes())
    for nom in sorted(gardes):
        if nom.startswith("pagefind/"):
            continue
        fichier = site / (nom + "index.html" if nom == "" or nom.endswith("/") else nom)
        try:
            contenu = fichier.read_bytes()
        except OSError:
            contenu = b"\0absent"
        empreinte.update(nom.encode() + b"\0" + str(len(contenu)).encode() + b"\0" + contenu)
    return empreinte.hexdigest()[:16]


def manifeste(nom: str) -> dict[str, object]:
    court = "Guide des solidarités"
    return {
        "name": nom, "short_name": court, "lang": "fr", "dir": "ltr",
        "start_url": "./", "scope": "./", "display": "standalone",
        "background_color": "#ffffff", "theme_color": "#1e3a8a",
        "icons": [{"src": ICONE, "sizes": "any", "type": "image/svg+xml",
                   "purpose": "any maskable"}],
    }


def ecrire_hors_ligne(site: Path, nom: str, langues: Sequence[str] = ()) -> None:
    """Write the icon, the manifest and the service worker into the built public site;
    `langues`: the other languages of the guide (their pages under `<code>/`)."""
    (site / ICONE).parent.mkdir(parents=True, exist_ok=True)
    (site / ICONE).write_text(ICONE_SVG, encoding="utf-8")
    (site / MANIFESTE).write_text(json.dumps(manifeste(nom), ensure_ascii=False, indent=1),
                                  encoding="utf-8")
    fichiers = fichiers_gardes(site)
    precache = [*PAGES_GARDEES, *fichiers]
    texte = (js_allege(_MODELE.read_text(encoding="utf-8"))
             .replace('"@VERSION@"', json.dumps(version(site, precache)))
             .replace('"@FICHIERS@"', json.dumps(precache, separators=(",", ":")))
             .replace('"@HORS_LIGNE@"', json.dumps(URL_HORS_LIGNE))
             .replace('"@LANGUES@"', json.dumps(list(langues))))
    (site / SW).write_text(texte, encoding="utf-8")
