"""Benchmark: the judged set of the search (tests/data/requetes.yml) run in Chromium.

Not a test (tests/browser/test_recherche_jugee.py runs the same set and asserts on it):
run it by hand when the search, its vocabulary of needs or the sample annuaire change.

    .venv/bin/python bench/bench_search_besoins.py [--site DIR] [--output FILE] [--details]
    .venv/bin/python bench/bench_search_besoins.py --taille 1000 10000

It builds the sample annuaire with the repository's mkdocs.yml (the build date pinned to
2026-11-23, a Monday, and the page clock to 10:00 that day), serves it on 127.0.0.1, opens
/recherche/?q=...&commune=<INSEE>&<filtre>=1 for every query and reads what a visitor sees:
the result list in order, the fallback block ("never a dead end") and the phone links. It
prints success@3 (see the judged set's header for what a good answer is) and the number of
duplicate results (a partner page shown beside a place page of the same partner, or one
address twice). `--site DIR` reuses an already built site (for instance one built from
another branch, to measure before a change).

The reader works with both the old result list (`#gs-recherche-resultats > li > a`) and the
new one (`[data-resultats]`), so the same script measures before and after.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import http.server
import sys
import tempfile
import threading
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[1]
REQUETES = ROOT / "tests" / "data" / "requetes.yml"
AUJOURDHUI = dt.date(2026, 11, 23)
MAINTENANT = "2026-11-23T10:00"
CHROMIUM = "/usr/bin/chromium"
HAUT = 3


@dataclass(frozen=True)
class Requete:
    q: str
    bon: dict[str, list[str]]
    commune: str | None = None
    filtres: tuple[str, ...] = ()
    repli: bool = False
    numero: str | None = None
    premier: str | None = None


@dataclass(frozen=True)
class FicheLieu:
    type: str
    themes: frozenset[str]
    premier_accueil: bool
    code_insee: str
    partenaire: str


@dataclass
class Reponse:
    resultats: list[str] = field(default_factory=list)
    """Addresses of the results, in the order shown (places, partners, pages)."""
    repli: list[str] = field(default_factory=list)
    """Addresses offered in the fallback block."""
    telephones: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Verdict:
    requete: Requete
    succes: bool
    doublons: int
    vus: tuple[str, ...]


def plier(texte: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", texte.lower())
                   if not unicodedata.combining(c))


def charger_requetes(chemin: Path = REQUETES) -> list[Requete]:
    brut = yaml.safe_load(chemin.read_text(encoding="utf-8"))
    return [Requete(q=str(r["q"]), bon=r["bon"], commune=r.get("commune"),
                    filtres=tuple(r.get("filtres", ())), repli=bool(r.get("repli")),
                    numero=r.get("numero"), premier=r.get("premier")) for r in brut]


def fiches_de_l_echantillon() -> tuple[dict[str, FicheLieu], dict[str, str]]:
    """What the judge knows of each place of annuaire/, and the INSEE code of each name."""
    from guide_solidarites.catalogue import Variante, build_catalogue
    from guide_solidarites.communes import load_communes
    from guide_solidarites.validation import valider

    charge, _ = valider(ROOT / "annuaire", aujourdhui=AUJOURDHUI)
    catalogue = build_catalogue(charge, Variante.PUBLIC, ROOT / "annuaire",
                                aujourdhui=AUJOURDHUI)
    fiches = {}
    for lieu in catalogue.lieux.values():
        themes = set(lieu.thematiques) | {t for s in lieu.services for t in s.thematiques}
        fiches[lieu.id] = FicheLieu(str(lieu.type), frozenset(themes), lieu.premier_accueil,
                                    lieu.code_insee, lieu.partenaire)
    codes = {plier(c.nom): c.code_insee for c in load_communes().values()
             if c.departement == "72"}
    return fiches, codes


def adresse(base: str, requete: Requete, codes: dict[str, str]) -> str:
    parties = [f"q={quote(requete.q)}"]
    if requete.commune:
        parties.append(f"commune={codes[plier(requete.commune)]}")
    parties += [f"{nom}=1" for nom in requete.filtres]
    parties.append(f"maintenant={MAINTENANT}")
    return f"{base}recherche/?{'&'.join(parties)}"


# Read what the page shows once the search has answered: the new page marks its root
# data-gs-etat="fini"; the old one only writes its status line.
_FINI = """() => {
  const r = document.querySelector('[data-gs-recherche]');
  if (r && r.dataset.gsEtat === 'fini') return true;
  const s = document.querySelector('#gs-recherche-statut');
  return !r.hasAttribute('data-gs-etat') && !!s && !!s.textContent &&
    !s.textContent.startsWith('Chargement');
}"""

_LIRE = """() => {
  const premiers = (sel) => Array.from(document.querySelectorAll(sel))
    .map((li) => li.querySelector('a[href]')).filter(Boolean).map((a) => a.href);
  const liste = document.querySelector('[data-resultats]')
    ? '[data-resultats] > li' : '#gs-recherche-resultats > li';
  return {
    resultats: premiers(liste).concat(premiers('[data-pages] > li')),
    repli: Array.from(document.querySelectorAll('[data-repli] a[href]')).map((a) => a.href),
    telephones: Array.from(document.querySelectorAll('[data-gs-recherche] a[href^="tel:"]'))
      .map((a) => a.getAttribute('href')),
  };
}"""


def lire_reponse(page: Any, url: str) -> Reponse:
    page.goto(url)
    page.wait_for_function(_FINI, timeout=15000)
    lu = page.evaluate(_LIRE)
    return Reponse(lu["resultats"], lu["repli"], lu["telephones"])


def _cle(url: str) -> tuple[str, str] | None:
    morceaux = [m for m in urlsplit(url).path.split("/") if m]
    if len(morceaux) >= 2 and morceaux[-2] in ("lieux", "partenaires"):
        return morceaux[-2], morceaux[-1]
    return None


def _correspond(fiche: FicheLieu, bon: dict[str, list[str]], ident: str) -> bool:
    if ident in bon.get("lieux", ()):
        return True
    if fiche.type in bon.get("types", ()):
        return True
    if fiche.code_insee in bon.get("communes", ()):
        return True
    voulus = bon.get("themes", ())
    return any(t == v or t.startswith(v + "--") for t in fiche.themes for v in voulus)


def juger(requete: Requete, reponse: Reponse, fiches: dict[str, FicheLieu]) -> Verdict:
    cles = [_cle(u) for u in reponse.resultats]
    lieux_haut = [c[1] for c in cles[:HAUT] if c and c[0] == "lieux" and c[1] in fiches]
    bons = any(_correspond(fiches[i], requete.bon, i) for i in lieux_haut)
    if not bons and requete.repli:
        offerts = lieux_haut + [c[1] for c in map(_cle, reponse.repli)
                                if c and c[0] == "lieux" and c[1] in fiches]
        bons = any(fiches[i].premier_accueil for i in offerts)
    if requete.numero and f"tel:{requete.numero}" not in reponse.telephones:
        bons = False
    if requete.premier:
        premier = cles[0] if cles else None
        bons = bons and premier == ("lieux", requete.premier)
    # Duplicates: the same address twice, or a partner's page beside one of its places.
    doublons = len(reponse.resultats) - len(set(reponse.resultats))
    partenaires = {c[1] for c in cles if c and c[0] == "partenaires"}
    avec_lieu = {fiches[c[1]].partenaire for c in cles
                 if c and c[0] == "lieux" and c[1] in fiches}
    doublons += len(partenaires & avec_lieu)
    vus = tuple("/".join(c) if c else urlsplit(u).path for c, u in
                zip(cles[:HAUT], reponse.resultats[:HAUT], strict=False))
    return Verdict(requete, bons, doublons, vus)


def construire_echantillon(site_dir: Path) -> Path:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(config_file=str(ROOT / "mkdocs.yml"), site_dir=str(site_dir))
    config.plugins["guide-solidarites"].config.aujourdhui = AUJOURDHUI
    build(config)
    return site_dir


class _Silencieux(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".json": "application/json"}

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def servir(dossier: Path) -> Iterator[str]:
    gestionnaire = functools.partial(_Silencieux, directory=str(dossier))
    serveur = http.server.ThreadingHTTPServer(("127.0.0.1", 0), gestionnaire)
    threading.Thread(target=serveur.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{serveur.server_address[1]}/"
    finally:
        serveur.shutdown()
        serveur.server_close()


def executer(base: str, requetes: list[Requete], fiches: dict[str, FicheLieu],
             codes: dict[str, str], page: Any) -> list[Verdict]:
    return [juger(r, lire_reponse(page, adresse(base, r, codes)), fiches) for r in requetes]


def resume(verdicts: list[Verdict]) -> tuple[float, int]:
    reussis = sum(v.succes for v in verdicts)
    return reussis / len(verdicts), sum(v.doublons for v in verdicts)


def taille_index(n_lieux: int) -> tuple[int, int]:
    """Bytes of pagefind/gs-lieux.json for a synthetic annuaire of n places: raw, gzip."""
    import gzip
    import json

    sys.path.insert(0, str(Path(__file__).parent))
    from guide_solidarites.besoins import charger_vocabulaire
    from guide_solidarites.catalogue import Variante, build_catalogue
    from guide_solidarites.pages import communes_du_guide
    from guide_solidarites.search import avec_fragments, donnees_index
    from guide_solidarites.validation import valider
    from synthetic import generate_annuaire

    with tempfile.TemporaryDirectory() as travail:
        racine = Path(travail) / "annuaire"
        generate_annuaire(racine, n_lieux)
        charge, _ = valider(racine, aujourdhui=AUJOURDHUI)
        catalogue = build_catalogue(charge, Variante.PUBLIC, racine, aujourdhui=AUJOURDHUI)
        index = donnees_index(catalogue, communes_du_guide(catalogue, "72"),
                              charger_vocabulaire()[0], horizon_jours=42)
        # Pagefind ids have this form (the site is not built here).
        ids = {f"lieux/{ligne[0]}/": f"fr_{i:07x}" for i, ligne in enumerate(index["lieux"])}
        ids |= {f"partenaires/{ligne[0]}/": f"fr_{i:07x}"
                for i, ligne in enumerate(index["partenaires"])}
        brut = json.dumps(avec_fragments(index, ids), ensure_ascii=False,
                          separators=(",", ":")).encode()
    return len(brut), len(gzip.compress(brut, 5))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--taille", type=int, nargs="*", metavar="N",
                        help="only measure gs-lieux.json for synthetic annuaires of N places")
    parser.add_argument("--site", type=Path, help="an already built site of annuaire/")
    parser.add_argument("--output", type=Path, help="also write the figures to this file")
    parser.add_argument("--details", action="store_true", help="print every failed query")
    args = parser.parse_args(argv)
    if args.taille:
        for n in args.taille:
            brut, compresse = taille_index(n)
            print(f"gs-lieux.json, {n} lieux : {brut / 1024:.0f} Kio, {compresse / 1024:.0f} Kio "
                  "en gzip (niveau 5, comme nginx)")
        return 0

    from playwright.sync_api import sync_playwright

    requetes = charger_requetes()
    fiches, codes = fiches_de_l_echantillon()
    with tempfile.TemporaryDirectory() as travail:
        site = args.site or construire_echantillon(Path(travail) / "site")
        with servir(site) as base, sync_playwright() as p:
            navigateur = p.chromium.launch(executable_path=CHROMIUM, args=[
                "--no-sandbox", "--disable-background-networking",
                "--disable-component-update"])
            page = navigateur.new_page(locale="fr-FR", timezone_id="Europe/Paris",
                                       viewport={"width": 390, "height": 844})
            debut = time.perf_counter()
            verdicts = executer(base, requetes, fiches, codes, page)
            secondes = time.perf_counter() - debut
            navigateur.close()
    taux, doublons = resume(verdicts)
    avec = sum(1 for v in verdicts if v.doublons)
    lignes = [f"{len(verdicts)} requêtes jugées, en {secondes:.0f} s",
              f"success@{HAUT} : {taux:.1%} ({sum(v.succes for v in verdicts)}/{len(verdicts)})",
              f"doublons : {doublons} (dans {avec} requêtes)"]
    if args.details:
        for v in verdicts:
            if not v.succes or v.doublons:
                etat = "ÉCHEC" if not v.succes else "doublon"
                lignes.append(f"  {etat:8} {v.requete.q!r} {v.requete.commune or ''} "
                              f"{list(v.requete.filtres) or ''} -> {', '.join(v.vus) or '∅'}")
    texte = "\n".join(lignes)
    print(texte)
    if args.output:
        args.output.write_text(texte + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
