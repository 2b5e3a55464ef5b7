"""The guide's search: a Pagefind index of the built site, written after the build.

Why Pagefind and not Material's lunr search: see bench/results/search.md (measured at
1,000 and 10,000 records). In short, lunr downloads its whole index on the first page
view of every visitor (megabytes at 10,000 records) and builds it in the phone's memory;
Pagefind downloads a small engine once and then only the index chunks and result
fragments a query needs, all from the site itself.

How the plugin calls it
-----------------------
In `on_post_build`, once every page is written::

    from .search import indexer_site
    rapport = indexer_site(config["site_dir"])   # raises ErreurIndexation on failure
    log.info("recherche : %s", rapport)

It runs the Pagefind binary shipped by the `pagefind[bin]` wheel (offline, no network,
~1 s for 10,000 pages), writes `<site_dir>/pagefind/` (replacing any previous bundle)
and our spelling-suggestion list `pagefind/gs-vocabulaire.json`. The same HTML gives
the same index: fragments, word chunks and vocabulary are byte-identical; Pagefind 1.5.2
writes the values inside filter chunks in hash-map order, so those chunks (and the
pf_meta / pagefind-entry.json naming them) can differ in byte order between runs.

The markup contract (what the page templates must carry)
---------------------------------------------------------
Only pages with a `data-pagefind-body` element are indexed (as soon as one page of the
site has it, Pagefind ignores every page without it: the home, theme and commune lists,
the map, the search page itself stay out of the index, which is what we want).

* Record page (`lieux/<id>/`): the `<article>` that holds the record's public content
  gets `data-pagefind-body`. Inside it, everything visible is searchable text (name,
  partner, address, description, themes, publics, services...). Put
  `data-pagefind-ignore` on what must not be matched (the "last checked" line, print
  buttons, the breadcrumb if it is inside).
* Editorial pages (`ressources/`) may carry `data-pagefind-body` too, with only the
  `titre` meta and no filter: they come up for "droits", "premier accueil"... and drop
  out as soon as a filter is chosen.
* Meta (shown in the result list; read back with `result.data()`), in the body element:

  =========  ==============================================  ==========================
  meta        element                                          value
  =========  ==============================================  ==========================
  titre       `<h1 data-pagefind-meta="titre">`                the record's name
  adresse     `<span data-pagefind-meta="adresse">`            number and street (and
                                                               complement), no commune
  commune     `<span data-pagefind-meta="commune">`            the commune's name
  horaires    `<span data-pagefind-meta="horaires">`           `horaires_compacts(...)`
                inside the hidden block                         of the *sans rendez-vous*
                                                               payload; absent if none
  =========  ==============================================  ==========================

  The result's `url` is Pagefind's own (`data.url`, from the file's path); no meta needed.
  Values come from the element's text, so commas and quotes need no escaping.
* Filters: one empty element per value, `data-pagefind-filter="cle:valeur"` (Pagefind
  does NOT split a comma list into several values), in one hidden block::

    <div hidden data-pagefind-ignore>
      <span data-pagefind-filter="categorie:logement-hebergement"></span>  (one per category,
             the record's and its services', as Catalogue.categories_du_lieu)
      <span data-pagefind-filter="public:jeunes"></span>      (Catalogue.publics_du_lieu)
      <span data-pagefind-filter="commune:72181"></span>      (INSEE code; also one per
             commune where the place holds a permanence)
      <span data-pagefind-filter="mode:sans-rendez-vous"></span>  (each of modes_accueil)
      <span data-pagefind-filter="pmr:oui"></span>            (only if accessibilite.pmr)
      <span data-pagefind-filter="jour:lu"></span>            (JOURS_FILTRE: each weekday
             with a sans-rendez-vous opening in the payload window; `jours_ouverts()`)
      <span data-pagefind-meta="horaires">2026-11-23 2027-01-04 0:0900-1200/1400-1700 ...</span>
    </div>

  `data-pagefind-ignore` keeps the block's text out of the index while its filters and
  meta are still read; `hidden` keeps it from sighted and screen-reader users.
  Values are slugs (stable, without accents); the search page shows their labels.
* `<html lang="fr">` (the build also forces French: stemming and the excerpt).

A large guide: the index in parts
---------------------------------
Pagefind holds every page it reads in memory until it writes the index: about 120 KB a
page whatever its size (1.2 GB for 10,000 pages, the same with one thread or half the
HTML; bench/results/latest.md), and the public guide has a page per place in each of its
languages: 100,000 places would need tens of GB. Above `PAGES_PAR_INDEX` indexed pages,
the site is therefore indexed in parts, one run of Pagefind after the other, each on at
most that many pages: the first part is the bundle `pagefind/` (with every page that is
not a place's), the others `pagefind/parties/<k>/`, places grouped by language and
commune (INSEE code order: a part is a few neighbouring communes). Each places index
(`gs-lieux.json`, `gs-lieux-<code>.json`) names the parts holding pages of its language
(`"parties": ["parties/1/", ...]`, absent when there is one part), and recherche.js
merges them into the first with Pagefind's `mergeIndex` before its first query: a query
searches every part, and a result keeps its id (the fragment's), so the places index
maps it to its place whatever its part.

"Ouvert maintenant" in the search page is `GuideHoraires.estOuvert()` on the intervals of
the `horaires` meta: the meta travels in the result fragment the page fetches anyway to
show a result, so it costs a few hundred bytes per result and no extra request. The
`jour` filter narrows the candidates to places open on today's weekday before the exact
check (a superset: exact closures and holidays are in the intervals).
"""

from __future__ import annotations

import copy
import datetime as dt
import gzip
import json
import math
import os
import re
import shutil
import subprocess
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import filtres
from .besoins import Vocabulaire, vocabulaire_langue
from .hours import Closure, intervals_payload
from .langues import LANGUE_SOURCE
from .langues import langue as langue_du_guide
from .vocab import CATEGORIE_LABELS, PUBLIC_LABELS, THEMATIQUE_LABELS, TYPE_LIEU_LABELS

if TYPE_CHECKING:
    from .catalogue import Catalogue
    from .communes import Commune

DOSSIER_BUNDLE = "pagefind"
DOSSIER_PARTIES = "parties"
"""The other parts of a large site's index, under the bundle: pagefind/parties/<k>/."""
PAGES_PAR_INDEX = 20_000
"""Indexed pages a run of Pagefind takes at most (~2.3 GB of its memory at ~120 KB a page)."""
DELAI_PAGEFIND = 3600.0
"""Seconds one run of Pagefind may take before the build stops (wall time). Ten minutes were
not enough for 22,000 pages (10,000 places in two languages) on a machine shared by other
builds: the guard is against a run that hangs, not a slow one."""
FICHIER_VOCABULAIRE = "gs-vocabulaire.json"
FICHIER_LIEUX = "gs-lieux.json"
"""The needs and places index of the search page (see `donnees_index`), in the bundle."""
LANGUE = "fr"
JOURS_FILTRE = ("lu", "ma", "me", "je", "ve", "sa", "di")
"""Values of the `jour` filter, Monday first (date.weekday() order)."""

FILTRES = ("categorie", "public", "commune", "mode", "pmr", "jour")
METAS = ("titre", "adresse", "commune", "horaires")

# Files of the bundle our page never loads: Pagefind's ready-made UIs and the playground.
_INUTILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
             "pagefind-modular-ui.css", "pagefind-component-ui.js",
             "pagefind-component-ui.css", "pagefind-highlight.js")
# Spelling suggestions: words of at least this length, seen on at least this many pages
# when the site is large (a typo in one record should not become a suggestion).
_MOT_MIN = 4
_MAX_VOCABULAIRE = 30_000


class ErreurIndexation(RuntimeError):
    """Pagefind failed: the message carries its output, in French first."""


@dataclass(frozen=True)
class RapportIndex:
    pages: int
    mots_vocabulaire: int
    secondes: float
    dossier: Path
    parties: int = 1

    def __str__(self) -> str:
        en_parties = f" en {self.parties} parties" if self.parties > 1 else ""
        return (f"{self.pages} pages indexées{en_parties}, {self.mots_vocabulaire} mots pour "
                f"les suggestions, en {self.secondes:.1f} s ({self.dossier})")


# --- Hours in the meta ------------------------------------------------------------------------


def horaires_compacts(payload: Mapping[str, Any]) -> str:
    """The `horaires` meta: an `intervals_payload()` result in a short, comma-free text.

    `"<du> <jusqu_au> <j>:<HHMM>-<HHMM>/<HHMM>-<HHMM> ..."` where `j` is the day's offset
    from `du` and a range ending at 2400 ends at midnight the next day. recherche.js
    (`decoderHoraires`) turns it back into the `[["YYYY-MM-DDTHH:MM", ...], ...]` list
    `GuideHoraires.estOuvert()` takes. An interval that spans several days (24/7) is cut
    at each midnight. Closures and holidays are already removed from the intervals.
    """
    du = dt.date.fromisoformat(str(payload["du"]))
    jours: dict[int, list[str]] = {}
    for debut_iso, fin_iso in payload.get("intervalles", []):
        debut = dt.datetime.fromisoformat(debut_iso)
        fin = dt.datetime.fromisoformat(fin_iso)
        while debut < fin:
            minuit = dt.datetime.combine(debut.date() + dt.timedelta(days=1), dt.time())
            bout = min(fin, minuit)
            hhmm_fin = "2400" if bout == minuit else bout.strftime("%H%M")
            jours.setdefault((debut.date() - du).days, []).append(
                f"{debut.strftime('%H%M')}-{hhmm_fin}")
            debut = bout
    parties = [str(payload["du"]), str(payload["jusqu_au"])]
    parties += [f"{j}:{'/'.join(plages)}" for j, plages in sorted(jours.items())]
    return " ".join(parties)


def jours_ouverts(payload: Mapping[str, Any]) -> list[str]:
    """The `jour` filter values: weekdays with an opening in the payload's window."""
    jours: set[int] = set()
    for debut_iso, fin_iso in payload.get("intervalles", []):
        jour = dt.datetime.fromisoformat(debut_iso).date()
        fin = dt.datetime.fromisoformat(fin_iso)
        while dt.datetime.combine(jour, dt.time()) < fin and len(jours) < 7:
            jours.add(jour.weekday())
            jour += dt.timedelta(days=1)
    return [JOURS_FILTRE[j] for j in sorted(jours)]


# --- Folding, as recherche.js does it ---------------------------------------------------------


class _Pliage(dict[int, str]):
    """str.translate table folding one character at a time, each worked out once: the
    whole site's text goes through it when the word list is built."""

    def __missing__(self, code: int) -> str:
        lie = {"œ": "oe", "æ": "ae"}.get(chr(code))
        decompose = unicodedata.normalize("NFD", chr(code))
        # Every mark goes, as `\p{M}` in recherche.js: accents, Arabic short vowels and
        # hamza (أ -> ا), the Ukrainian breve (й -> и).
        pli = lie or "".join(c for c in decompose
                             if not unicodedata.category(c).startswith("M"))
        self[code] = pli
        return pli


_PLIAGE = _Pliage()


def plier(texte: str) -> str:
    """Lower case without diacritics: « Sécurité » -> « securite », « cœur » -> « coeur »."""
    texte = texte.lower()
    return texte if texte.isascii() else texte.translate(_PLIAGE)


_MOT_RE = re.compile(r"[a-z]+")
_SIGNATURE = b"pagefind_dcd"


def mots(texte: str) -> set[str]:
    """The folded words of a text worth suggesting (letters only, 4 or more)."""
    return {m for m in _MOT_RE.findall(plier(texte)) if len(m) >= _MOT_MIN}


def lire_fragment(chemin: Path) -> dict[str, Any]:
    """One Pagefind fragment: gzip of b"pagefind_dcd" + the page's JSON (url, content,
    filters, meta). `content` is exactly the text Pagefind indexed for the page."""
    brut = gzip.decompress(chemin.read_bytes())
    if not brut.startswith(_SIGNATURE):
        raise ErreurIndexation(f"fragment Pagefind illisible : {chemin}")
    data: dict[str, Any] = json.loads(brut[len(_SIGNATURE):])
    return data


def vocabulaire(pages: Iterable[set[str]]) -> list[str]:
    """Words for spelling suggestions, the most frequent first (rank breaks ties in JS).

    `pages` (each page's words) is read once, page by page: a national guide's 560,000
    pages' words are counted, not held (they were its build's last gigabyte)."""
    frequences: Counter[str] = Counter()
    nombre = 0
    for mots_page in pages:
        frequences.update(mots_page)
        nombre += 1
    minimum = 2 if nombre >= 50 else 1
    retenus = [m for m, n in frequences.items() if n >= minimum]
    retenus.sort(key=lambda m: (-frequences[m], m))
    return retenus[:_MAX_VOCABULAIRE]


# --- Indexing -----------------------------------------------------------------------------------


def _executable() -> Path:
    try:
        from pagefind_bin import get_executable
    except ImportError as erreur:  # pragma: no cover - the wheel is a dependency
        raise ErreurIndexation("Pagefind est introuvable : installez pagefind[bin]") from erreur
    return Path(get_executable())


def repartir(cles: Mapping[str, str], autres: int, pages_par_index: int = PAGES_PAR_INDEX
             ) -> list[list[str]]:
    """The pages of each part of the index after the first (see the module doc).

    `cles`: the places' pages (HTML path from the site's root -> their language and
    commune's INSEE code, e.g. "fr 72181": a part holds neighbouring places of one
    language), `autres`: how many other pages are indexed (they stay in the first part).
    Empty when the site fits in one run of Pagefind; otherwise the places, in commune
    order, spread evenly over the fewest parts of at most `pages_par_index` pages."""
    total = len(cles) + autres
    if total <= pages_par_index:
        return []
    nombre = math.ceil(total / pages_par_index)
    par_partie = math.ceil(total / nombre)
    ordre = sorted(cles, key=lambda chemin: (cles[chemin], chemin))
    premiere = max(par_partie - autres, 0)
    reste = ordre[premiere:]
    return [reste[i:i + par_partie] for i in range(0, len(reste), par_partie)]


def _lier(site: Path, chemins: Collection[str], dossier: Path) -> None:
    """`dossier` as a site holding only `chemins` (hard links, at the same paths: Pagefind
    makes each page's address from its path)."""
    for chemin in chemins:
        cible = dossier / chemin
        cible.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(site / chemin, cible)
        except OSError:  # a file system without hard links
            shutil.copyfile(site / chemin, cible)


def _pagefind(source: Path, sortie: Path, langue: str | None, timeout: float,
              site: Path) -> None:
    commande = [str(_executable()), "--site", str(source), "--output-path", str(sortie),
                *(["--force-language", langue] if langue else []), "--silent"]
    try:
        fini = subprocess.run(commande, capture_output=True, text=True, timeout=timeout,
                              check=False, cwd=source)
    except (OSError, subprocess.TimeoutExpired) as erreur:
        raise ErreurIndexation(f"Pagefind n'a pas pu indexer {site} : {erreur}") from erreur
    if fini.returncode != 0 or not (sortie / "pagefind.js").is_file():
        raise ErreurIndexation(f"Pagefind a échoué (code {fini.returncode}) sur {site} :\n"
                               f"{fini.stdout}\n{fini.stderr}".rstrip())


def indexer_site(site_dir: str | Path, *, langue: str | None = LANGUE, garder_ui: bool = False,
                 timeout: float = DELAI_PAGEFIND, index_lieux: dict[str, Any] | None = None,
                 autres_langues: Sequence[str] = (),
                 parties: Sequence[Collection[str]] = ()) -> RapportIndex:
    """Index the built site in `site_dir` into `site_dir/pagefind/` (see the module doc).

    `langue=None`: one index per language, as each page's `<html lang>` says (Pagefind
    then loads the index of the page's language); `autres_langues`: the guide's languages
    other than French, whose pages live under `<code>/` and get their own places index
    (`gs-lieux-<code>.json`, labels in that language, ids of that language's pages);
    `parties`: the HTML files of each part of the index after the first (`repartir`)."""
    site = Path(site_dir).resolve()
    if not site.is_dir():
        raise ErreurIndexation(f"dossier du site introuvable : {site}")
    bundle = site / DOSSIER_BUNDLE
    if bundle.exists():
        shutil.rmtree(bundle)  # no stale chunks from a previous build
    debut = time.perf_counter()
    bundles = [bundle]
    if not parties:
        _pagefind(site, bundle, langue, timeout, site)
    else:
        # One run per part, one after the other: Pagefind's memory is that of one part.
        # Each reads a folder of hard links to its pages, beside the site.
        ailleurs = {chemin for partie in parties for chemin in partie}
        premiere = [f.relative_to(site).as_posix() for f in site.rglob("*.html")]
        travail = Path(tempfile.mkdtemp(prefix=".gs-index-", dir=site.parent))
        try:
            for numero, chemins in enumerate(
                    [[c for c in premiere if c not in ailleurs], *parties]):
                source = travail / str(numero)
                _lier(site, chemins, source)
                sortie = bundle if numero == 0 else bundle / DOSSIER_PARTIES / str(numero)
                _pagefind(source, sortie, langue, timeout, site)
                shutil.rmtree(source)
                if numero:
                    bundles.append(sortie)
        finally:
            shutil.rmtree(travail, ignore_errors=True)
    for dossier in bundles:
        for nom in () if garder_ui else _INUTILES:
            (dossier / nom).unlink(missing_ok=True)

    # The suggestions come from the text Pagefind indexed (its fragments), not the HTML:
    # the same ignores apply, and reading 10,000 fragments takes a second.
    fragments: dict[str, str] = {}
    # The parts holding pages of each language: a language's search page merges only
    # those (Pagefind would merge another language's index of a part without its own).
    langues_des_parties: dict[str, list[str]] = {}
    lues = 0

    def mots_des_pages() -> Iterator[set[str]]:
        nonlocal lues
        for numero, dossier in enumerate(bundles):
            langues = set()
            for chemin in sorted((dossier / "fragment").glob("*.pf_fragment")):
                fragment = lire_fragment(chemin)
                lues += 1
                url = _chemin_url(str(fragment.get("url", "")))
                fragments[url] = chemin.stem
                langues.add(next((code for code in autres_langues
                                  if url.startswith(f"{code}/")), LANGUE_SOURCE))
                # Last: each fragment's bookkeeping is done before its words are counted.
                yield mots(fragment.get("content", ""))
            for code in sorted(langues) if numero else ():
                langues_des_parties.setdefault(code, []).append(f"{DOSSIER_PARTIES}/{numero}/")

    suggestions = vocabulaire(mots_des_pages())

    def avec_parties(index: dict[str, Any], code: str) -> dict[str, Any]:
        return {**index, "parties": langues_des_parties.get(code, [])} if parties else index

    if index_lieux is not None:
        for code in autres_langues:
            prefixe = f"{code}/"
            siens = {url.removeprefix(prefixe): ident for url, ident in fragments.items()
                     if url.startswith(prefixe)}
            (bundle / fichier_lieux(code)).write_text(json.dumps(avec_parties(
                avec_fragments(index_traduit(index_lieux, code), siens), code),
                ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        (bundle / FICHIER_LIEUX).write_text(json.dumps(avec_parties(
            avec_fragments(index_lieux, fragments), LANGUE_SOURCE), ensure_ascii=False,
            separators=(",", ":")), encoding="utf-8")
    (bundle / FICHIER_VOCABULAIRE).write_text(
        json.dumps(suggestions, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return RapportIndex(pages=lues, mots_vocabulaire=len(suggestions),
                        secondes=time.perf_counter() - debut, dossier=bundle,
                        parties=len(bundles))


# --- The needs and places index ----------------------------------------------------------------
#
# Pagefind answers "which pages hold these words"; the question of the search page is "which
# places answer this need, nearest first". `donnees_index` makes, at build time, the compact
# JSON recherche.js ranks with (written as pagefind/gs-lieux.json by `indexer_site`, which
# adds each page's Pagefind id so that a text hit is mapped to its place without fetching
# its fragment). Every row is an array, positions below; indexes point into the tables.
#
#   themes       [[thematique, libellé]]   every thématique of a place, then by index
#   types        [[type, libellé]]
#   publics      [public]
#   communes     [[insee, nom, [codes postaux], lat|null, lon|null, departement]]
#   partenaires  [[id, nom, pagefind id|null]]
#   horaires     [horaires_semaine text]   shared: a network's places keep the same week
#   lieux        [[0 id, 1 nom, 2 type, 3 commune, 4 lat|null, 5 lon|null, 6 [themes],
#                  7 drapeaux, 8 téléphone|"", 9 partenaire, 10 horaires|-1, 11 pagefind
#                  id|null, 12 [publics], 13 [communes des permanences], 14 zone|null]]
#                drapeaux: DRAPEAUX below; horaires: `horaires_semaine` of the sans
#                rendez-vous hours; zone: zone_eligibilite codes when the record has some
#   besoins      [[id, libellé, [termes pliés], [thématiques ou catégories], [types],
#                  [mots pliés], [numéros]]]
#   numeros      [[numero, lien, libellé]]
# Only public fields, except the pro build's "has named referents" flag (a yes/no, no name).

_DRAPEAUX_FIXES = {"premier_accueil": 1, "sans_rendez_vous": 2, "sur_rendez_vous": 4, "pmr": 8,
                   "referents": 16, "perime": 32, "horaires": 64}
# recherche.js reads the fixed bits by value (its badges); a filter's own bit travels with
# the filters' table (filtres_json), so a new box takes the next bit here and nothing else.
DRAPEAUX = _DRAPEAUX_FIXES | {
    nom: 128 << i for i, nom in enumerate(dict.fromkeys(
        f.drapeau for f in filtres.FILTRES if f.drapeau and f.drapeau not in _DRAPEAUX_FIXES))}
_SEPARATEURS = re.compile(r"[\W_]+")
"""What separates words, in any script (recherche.js: `[^\\p{L}\\p{N}]+`)."""


def plier_terme(texte: str) -> str:
    """A term as recherche.js compares it: folded, apostrophes and hyphens as spaces."""
    return _SEPARATEURS.sub(" ", plier(texte)).strip()


def horaires_semaine(payload: Mapping[str, Any]) -> str:
    """The hours of a payload as a usual week plus the days that differ.

    `"<du>|<jusqu_au>|<lun>|<mar>|...|<dim>|<j>=<plages> <j>=<plages>"`, plages as in
    `horaires_compacts` (`0900-1200/1400-1700`, empty: closed). Most places keep the same
    week over the window, so this is ~10 times shorter than listing every day, for the
    same intervals (recherche.js `decoderSemaine`; closures and holidays are overrides).
    """
    compact = horaires_compacts(payload).split(" ")
    du = dt.date.fromisoformat(compact[0])
    jusqu_au = dt.date.fromisoformat(compact[1])
    jours = dict(partie.split(":", 1) for partie in compact[2:])
    total = (jusqu_au - du).days
    par_jour = [jours.get(str(j), "") for j in range(total)]
    semaine = []
    for jour_semaine in range(7):
        votes = Counter(p for j, p in enumerate(par_jour)
                        if (du + dt.timedelta(days=j)).weekday() == jour_semaine)
        semaine.append(votes.most_common(1)[0][0] if votes else "")
    ecarts = [f"{j}={p}" for j, p in enumerate(par_jour)
              if p != semaine[(du + dt.timedelta(days=j)).weekday()]]
    return "|".join([compact[0], compact[1], *semaine, " ".join(ecarts)])


def donnees_index(catalogue: Catalogue, communes: Sequence[Commune], vocabulaire: Vocabulaire,
                  *, horizon_jours: int, avec_referents: Collection[str] = ()
                  ) -> dict[str, Any]:
    """The needs and places index (table above), before the Pagefind ids are known.

    `catalogue` is the public one; `avec_referents` the ids of the places whose pro file
    names referents (pro build only): the index never sees a pro record."""
    debut = catalogue.aujourdhui
    themes: dict[str, int] = {}
    types = {str(t): i for i, t in enumerate(TYPE_LIEU_LABELS)}
    publics: dict[str, int] = {}
    table_communes: dict[str, int] = {}
    lignes_communes: list[list[Any]] = []

    def commune(code: str) -> int:
        if code not in table_communes:
            c = catalogue.communes.get(code)
            table_communes[code] = len(lignes_communes)
            lignes_communes.append([code, c.nom if c else code, list(c.codes_postaux) if c
                                    else [], c.latitude if c else None,
                                    c.longitude if c else None, c.departement if c else ""])
        return table_communes[code]

    for c in communes:
        commune(c.code_insee)
    partenaires = {p: i for i, p in enumerate(catalogue.partenaires)}
    table_horaires: dict[str, int] = {}
    lieux = []
    for lieu in catalogue.lieux_tries:
        sujets = dict.fromkeys([*lieu.thematiques,
                                *(t for s in lieu.services for t in s.thematiques)])
        for t in sujets:
            themes.setdefault(t, len(themes))
        pour = catalogue.publics_du_lieu(lieu)
        for p in pour:
            publics.setdefault(p, len(publics))
        modes = set(lieu.modes_accueil)
        # The search's boxes test their flag: set from the filter's own rule (filtres.py).
        drapeaux = sum(DRAPEAUX[f.drapeau] for f in filtres.FILTRES
                       if f.drapeau and f.passe(catalogue, lieu))
        drapeaux += (
            DRAPEAUX["sur_rendez_vous"] * ("sur-rendez-vous" in modes)
            + DRAPEAUX["referents"] * (lieu.id in avec_referents)
            + DRAPEAUX["perime"] * catalogue.est_perime(lieu)
            + DRAPEAUX["horaires"] * any((lieu.horaires.sans_rendez_vous,
                                          lieu.horaires.sur_rendez_vous,
                                          lieu.horaires.telephone))
        )
        horaires = -1
        if lieu.horaires.sans_rendez_vous:
            fermetures = [Closure(f.du, f.au, f.message) for f in lieu.fermetures]
            semaine = horaires_semaine(intervals_payload(
                lieu.horaires.sans_rendez_vous, debut, horizon_jours, fermetures))
            horaires = table_horaires.setdefault(semaine, len(table_horaires))
        point = lieu.coordonnees
        # Eligibility zones (INSEE, EPCI or département codes) travel when records have them.
        zone = getattr(lieu, "zone_eligibilite", None)
        lieux.append([
            lieu.id, lieu.nom, types.get(str(lieu.type), types["autre"]),
            commune(lieu.code_insee),
            round(point.latitude, 5) if point else None,
            round(point.longitude, 5) if point else None,
            [themes[t] for t in sujets], drapeaux, lieu.telephone or "",
            partenaires.get(lieu.partenaire, -1), horaires, None,
            [publics[p] for p in pour],
            sorted({commune(p.code_insee) for p in lieu.permanences}),
            [str(z) for z in zone] if zone else None,
        ])
    return {
        "v": 1,
        "themes": [[t, THEMATIQUE_LABELS.get(t, t)] for t in themes],
        "categories": [[c, label] for c, label in CATEGORIE_LABELS.items()],
        "types": [[str(t), label] for t, label in TYPE_LIEU_LABELS.items()],
        "publics": [[p, PUBLIC_LABELS.get(p, p)] for p in publics],
        "communes": lignes_communes,
        "partenaires": [[p.id, p.nom, None] for p in catalogue.partenaires.values()],
        "horaires": list(table_horaires),
        "lieux": lieux,
        "besoins": [
            [b.besoin, b.libelle, _termes(b.termes), b.thematiques, [str(t) for t in b.types],
             _termes(b.mots), b.numeros]
            for b in vocabulaire.besoins.values()
        ],
        "numeros": [[n.numero, n.lien, n.libelle] for n in vocabulaire.numeros.values()],
        "vides": _termes(vocabulaire.mots_vides),
    }


def _termes(termes: Iterable[str]) -> list[str]:
    return sorted({plier_terme(t) for t in termes} - {""})


def fichier_lieux(code: str) -> str:
    """The places index of the pages in language `code` (FICHIER_LIEUX for French)."""
    return FICHIER_LIEUX if code == LANGUE_SOURCE else f"gs-lieux-{code}.json"


def index_traduit(index: dict[str, Any], code: str) -> dict[str, Any]:
    """The places index with its labels (themes, categories, types, publics) in `code`, and
    the needs in that language (besoins.vocabulaire_langue): each need's label, the words
    typed in the language added to the French terms (a French word still works), the
    numbers' labels, its empty words. The words looked for in the records stay French, as
    the records' text is."""
    traduire = langue_du_guide(code).gettext
    langue = vocabulaire_langue(code)
    copie = copy.deepcopy(index)
    for table in ("themes", "categories", "types", "publics"):
        copie[table] = [[valeur, traduire(libelle)] for valeur, libelle in copie[table]]
    for ligne in copie["besoins"]:
        traduit = langue.besoins.get(ligne[0])
        if traduit is not None:
            ligne[1] = traduit.libelle or ligne[1]
            ligne[2] = sorted({*ligne[2], *_termes(traduit.termes)})
    for ligne in copie["numeros"]:
        numero = langue.numeros.get(ligne[0])
        if numero is not None:
            ligne[2] = numero.libelle
    copie["vides"] = sorted({*copie["vides"], *_termes(langue.mots_vides)})
    return copie


def _chemin_url(url: str) -> str:
    """A page address as the index knows it: no leading slash, with its trailing one."""
    return url.lstrip("/").removesuffix("index.html")


def avec_fragments(index: dict[str, Any], fragments: Mapping[str, str]) -> dict[str, Any]:
    """The index with the Pagefind id of each place's and partner's page filled in."""
    for ligne in index["lieux"]:
        ligne[11] = fragments.get(f"lieux/{ligne[0]}/")
    for ligne in index["partenaires"]:
        ligne[2] = fragments.get(f"partenaires/{ligne[0]}/")
    return index
