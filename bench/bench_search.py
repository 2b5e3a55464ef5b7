"""Benchmark: Material's lunr search vs Pagefind, for N synthetic reception points.

Not a test: run it by hand when the search, its markup or the engine versions change.

    .venv/bin/python bench/bench_search.py [--records 1000 10000] [--seed 2015] [--keep DIR]
        [--throttle 4] [--output bench/results/search.md]

For each N, it writes N record pages (Markdown carrying the record markup contract of
guide_solidarites.search, so both engines see the same text) into a throwaway
mkdocs-material site, builds it with Material's search plugin (`lang: fr`), then runs
Pagefind (guide_solidarites.search.indexer_site) on the same HTML. Headless Chromium
then loads each site from a local http server and runs the same queries on a cold
cache. Every request is recorded; "transferred" is what the deployed nginx would send:
gzip level 5 for the types deploy/nginx compresses, the bytes as they are otherwise
(Pagefind's pf_* chunks and wasm are already gzip-compressed files).

Latency is measured in the page, from typing the query to the results on screen
(lunr: Material's own UI; Pagefind: our search page's engine call + the result
fragments of the first 10 results). `--throttle 4` adds a run with Chromium's CPU
throttled 4x, a rough stand-in for an old phone.

Last run (2026-11-22, shared 2-core container; figures and decision in
bench/results/search.md): at 10,000 records lunr's search_index.json is 595 KiB gzip,
fetched on every page load; Pagefind's first query transfers ~180 KiB (of which ~100 KiB
of engine, cached), then ~20-25 KiB per new query; only Pagefind folds accents.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import html
import http.server
import random
import shutil
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from guide_solidarites.communes import communes_du_departement
from guide_solidarites.hours import intervals_payload
from guide_solidarites.search import (
    FICHIER_VOCABULAIRE,
    horaires_compacts,
    indexer_site,
)
from guide_solidarites.vocab import (
    CATEGORIE_LABELS,
    MODE_ACCUEIL_LABELS,
    PUBLIC_LABELS,
    THEMATIQUE_LABELS,
    categorie,
)

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]
# The MIME types deploy/nginx/guide-solidarites.conf compresses (gzip_comp_level 5).
GZIP_TYPES = ("text/", "application/javascript", "application/json", "application/geo+json",
              "application/manifest+json", "application/xml", "image/svg+xml")
QUERIES = ["cafe", "logement", "secu", "hebergement", "logment", "sable", "epicerie solidaire"]
# What each query must find among its first results (accents, case, typos).
ATTENDU = {
    "cafe": "Café",
    "secu": "Sécurité sociale",
    "hebergement": "Hébergement",
    "logment": "=logement",  # the same results as the right spelling
    "sable": "Sablé",
}
AUJOURDHUI = dt.date(2026, 11, 23)

# --- Synthetic records ---------------------------------------------------------------------

NOMS = [
    ("Café solidaire {lieu}", "association", ["remobilisation", "equipement-et-alimentation"]),
    ("Épicerie solidaire {lieu}", "aide-alimentaire", ["equipement-et-alimentation"]),
    ("CCAS de {commune}", "ccas-cias", ["difficultes-financieres", "logement-hebergement"]),
    ("Maison départementale des solidarités de {commune}", "maison-des-solidarites",
     ["famille", "difficultes-administratives-ou-juridiques"]),
    ("France Services de {commune}", "france-services",
     ["difficultes-administratives-ou-juridiques", "numerique"]),
    ("Assurance maladie (Sécurité sociale), accueil de {commune}", "cpam", ["sante"]),
    ("Caf de la Sarthe, permanence de {commune}", "caf", ["famille", "difficultes-financieres"]),
    ("Mission locale {lieu}", "mission-locale", ["trouver-un-emploi", "mobilite"]),
    ("Hébergement d'urgence {lieu}", "hebergement", ["logement-hebergement"]),
    ("Accueil de jour {lieu}", "accueil-de-jour", ["logement-hebergement", "sante"]),
    ("Point conseil budget de {commune}", "point-conseil-budget", ["difficultes-financieres"]),
    ("Centre social {lieu}", "centre-social", ["famille", "numerique", "remobilisation"]),
    ("Restos du cœur de {commune}", "aide-alimentaire", ["equipement-et-alimentation"]),
    ("Secours populaire, antenne de {commune}", "association",
     ["equipement-et-alimentation", "difficultes-financieres"]),
    ("Point-Justice de {commune}", "acces-au-droit",
     ["difficultes-administratives-ou-juridiques"]),
    ("Conseiller numérique {lieu}", "mediation-numerique", ["numerique"]),
]
QUARTIERS = ["des Sablons", "du Ronceray", "de la Gare", "du Centre", "des Glonnières",
             "de Bellevue", "du Vieux-Mans", "des Maillets", "de l'Épine", "Saint-Nicolas",
             "des Quatre-Routes", "du Pâtis", "de la Madeleine", "Jean-Jaurès"]
VOIES = ["rue", "avenue", "place", "boulevard", "impasse", "chemin", "allée"]
NOMS_VOIES = ["de la République", "Victor Hugo", "Jean Jaurès", "des Tilleuls", "du Maine",
              "Pasteur", "de la Mairie", "Gambetta", "du Général de Gaulle", "des Écoles",
              "Nationale", "de l'Église", "Léon Bollée", "d'Alger", "Wilbur Wright"]
PHRASES = [
    "Accueil inconditionnel : toute personne est écoutée, informée de ses droits et orientée.",
    "On vous aide pour vos démarches : Caf, Sécurité sociale, impôts, retraite, France Travail.",
    "Aide alimentaire et colis d'urgence, sur orientation d'un travailleur social.",
    "Un café, un journal, une douche et une laverie pour les personnes sans domicile.",
    "Aide à l'accès au logement, à l'hébergement d'urgence et au maintien dans le logement.",
    "Accompagnement budgétaire, dossiers de surendettement et aides financières.",
    "Ordinateurs en libre accès et aide pour utiliser internet, le courriel et les sites publics.",
    "Permanences d'une assistante sociale, d'une conseillère en économie sociale et familiale.",
    "Consultations de protection maternelle et infantile, conseils aux jeunes parents.",
    "Aide à la mobilité : permis, location de scooters, transport solidaire.",
    "Interprétariat possible sur rendez-vous ; accueil en langue des signes le mardi.",
    "Les enfants sont les bienvenus ; un espace jeux est prévu dans la salle d'attente.",
]
HORAIRES = [
    "Mo-Fr 09:00-12:00,14:00-17:00; PH off",
    "Mo-Fr 08:30-12:30; PH off",
    "Tu,Th 14:00-17:30; PH off",
    "Mo,We,Fr 09:00-12:00; Sa 09:00-12:00; PH off",
    "Mo-Sa 10:00-16:00; PH off",
    "24/7",
]


@dataclass
class Fiche:
    slug: str
    nom: str
    adresse: str
    code_postal: str
    code_insee: str
    commune: str
    categories: list[str]
    publics: list[str]
    modes: list[str]
    pmr: bool
    description: str
    themes: list[str] = field(default_factory=list)
    horaires: str = ""


def fiches_synthetiques(n: int, seed: int) -> list[Fiche]:
    rng = random.Random(seed)
    communes = communes_du_departement("72")
    # Bigger communes get more places, as in life (Le Mans first).
    poids = [max(c.population, 200) ** 0.7 for c in communes]
    par_categorie: dict[str, list[str]] = {}
    for theme in THEMATIQUE_LABELS:
        par_categorie.setdefault(categorie(theme), []).append(theme)
    fiches = []
    for k in range(n):
        commune = rng.choices(communes, poids)[0]
        modele, _type, cats = rng.choice(NOMS)
        nom = modele.format(commune=commune.nom, lieu=f"{rng.choice(QUARTIERS)} ({commune.nom})")
        publics = rng.sample(sorted(PUBLIC_LABELS), rng.choice([1, 1, 2, 3]))
        modes = ["sans-rendez-vous"] if rng.random() < 0.7 else []
        modes += rng.sample(["sur-rendez-vous", "telephone", "courriel", "en-ligne"], 2)
        themes = [rng.choice(par_categorie[c]) for c in cats if c in par_categorie]
        phrases = rng.sample(PHRASES, 3)
        description = " ".join(phrases)
        fiches.append(Fiche(
            slug=f"lieu-{k:05d}",
            nom=nom,
            adresse=f"{rng.randint(1, 120)} {rng.choice(VOIES)} {rng.choice(NOMS_VOIES)}",
            code_postal=commune.codes_postaux[0] if commune.codes_postaux else "72000",
            code_insee=commune.code_insee,
            commune=commune.nom,
            categories=cats,
            publics=publics,
            modes=modes,
            pmr=rng.random() < 0.6,
            description=description[:320],
            themes=themes,
            horaires=rng.choice(HORAIRES),
        ))
    return fiches


@functools.cache
def _compact(horaires: str) -> str:
    return horaires_compacts(intervals_payload(horaires, AUJOURDHUI, 42))


def page_markdown(f: Fiche) -> str:
    """A record page carrying the markup contract documented in guide_solidarites.search."""
    e = html.escape
    filtres = [f"categorie:{c}" for c in f.categories] + [f"public:{p}" for p in f.publics]
    filtres += [f"commune:{f.code_insee}"] + [f"mode:{m}" for m in f.modes]
    if f.pmr:
        filtres.append("pmr:oui")
    spans = "\n".join(f'<span data-pagefind-filter="{e(v)}"></span>' for v in filtres)
    themes = ", ".join(THEMATIQUE_LABELS[t] for t in f.themes)
    publics = ", ".join(PUBLIC_LABELS[p] for p in f.publics)
    modes = ", ".join(MODE_ACCUEIL_LABELS[m] for m in f.modes)  # type: ignore[index]
    cats = ", ".join(CATEGORIE_LABELS.get(c, c) for c in f.categories)
    titre = f.nom.replace('"', "'")
    return "\n".join([
        "---",
        f'title: "{titre}"',
        "---",
        "",
        '<article class="gs-fiche" data-pagefind-body>',
        f'<h1 data-pagefind-meta="titre">{e(f.nom)}</h1>',
        f'<p class="gs-adresse"><span data-pagefind-meta="adresse">{e(f.adresse)}</span>,',
        f'{f.code_postal} <span data-pagefind-meta="commune">{e(f.commune)}</span></p>',
        f"<p>{e(f.description)}</p>",
        f"<p>Thèmes : {e(cats)} ({e(themes)}). Pour : {e(publics)}. Accueil : {e(modes)}.</p>",
        # data-search-exclude: Material's lunr indexer skips the block, as Pagefind does.
        "<div hidden data-pagefind-ignore data-search-exclude>",
        spans,
        f'<span data-pagefind-meta="horaires">{_compact(f.horaires)}</span>',
        "</div>",
        "</article>",
        "",
    ])


def ecrire_site(fiches: list[Fiche], dossier: Path) -> None:
    docs = dossier / "docs"
    (docs / "lieux").mkdir(parents=True)
    (docs / "index.md").write_text("# Guide des solidarités\n\nAccueil.\n", encoding="utf-8")
    for f in fiches:
        (docs / "lieux" / f"{f.slug}.md").write_text(page_markdown(f), encoding="utf-8")
    # A nav with one entry: Material would otherwise print the 10,000 links on every page.
    (dossier / "mkdocs.yml").write_text(textwrap.dedent("""\
        site_name: Guide des solidarités (banc d'essai)
        use_directory_urls: true
        nav: [index.md]
        theme:
          name: material
          language: fr
          font: false  # Material's default fetches Roboto from Google Fonts
        plugins:
          - search:
              lang: fr
        markdown_extensions: [md_in_html]
        validation:
          nav: {omitted_files: ignore, not_found: ignore}
        """), encoding="utf-8")
    # Pagefind's test page: the engine call recherche.js makes, timed in the page.
    site_extra = docs / "pf-bench.html"
    site_extra.write_text(textwrap.dedent("""\
        <!doctype html><html lang="fr"><head><meta charset="utf-8"><title>pf</title></head>
        <body><script type="module">
        window.chercher = async (q) => {
          const t0 = performance.now();
          const pf = await import("./pagefind/pagefind.js");
          const s = await pf.search(q);
          const premiers = await Promise.all(s.results.slice(0, 10).map(r => r.data()));
          return {n: s.results.length, ms: performance.now() - t0,
                  titres: premiers.map(d => d.meta.titre || d.meta.title)};
        };
        </script></body></html>
        """), encoding="utf-8")


# --- Measuring -------------------------------------------------------------------------------


def taille_transferee(body: bytes, content_type: str) -> int:
    if len(body) >= 256 and content_type.startswith(GZIP_TYPES):
        return len(gzip.compress(body, compresslevel=5, mtime=0))
    return len(body)


def taille_dossier(dossier: Path) -> tuple[int, int]:
    fichiers = [p for p in dossier.rglob("*") if p.is_file()]
    return len(fichiers), sum(p.stat().st_size for p in fichiers)


class _Journalise(http.server.SimpleHTTPRequestHandler):
    """Serves the site and notes what each request sent: the measure, seen from the server."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "application/javascript", ".json": "application/json"}
    journal: list[tuple[str, int]] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        chemin = Path(self.translate_path(self.path))
        if chemin.is_dir():
            chemin = chemin / "index.html"
        if chemin.is_file():
            type_ = self.guess_type(str(chemin))
            self.journal.append((self.path, taille_transferee(chemin.read_bytes(), type_)))
        super().do_GET()

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serveur(dossier: Path) -> Iterator[tuple[str, list[tuple[str, int]]]]:
    journal: list[tuple[str, int]] = []
    handler = functools.partial(type("H", (_Journalise,), {"journal": journal}),
                                directory=str(dossier))
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{srv.server_port}", journal
    finally:
        srv.shutdown()
        srv.server_close()


@dataclass
class Mesure:
    moteur: str
    requete: str
    octets_page: int  # the page itself and its assets, before any search
    octets_recherche: int  # what the search added (index, engine, chunks, fragments)
    requetes_recherche: int
    ms_premiere: float  # cold: engine + index loading + query + first results shown
    ms_suivante: float  # a second query on the warm engine
    resultats: int
    titres: list[str]
    externes: list[str]


def _externes(ctx, base: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Every request that would leave the site (there must be none)."""
    externes: list[str] = []

    def sur_requete(request) -> None:  # type: ignore[no-untyped-def]
        if not request.url.startswith((base, "data:", "blob:")):
            externes.append(request.url)

    ctx.on("request", sur_requete)
    return externes


# Material's French result line: "Aucun document trouvé", "12 documents trouvés".
TROUVE = "(document.querySelector('.md-search-result__meta') || {}).textContent.includes('trouv')"


def _contexte(navigateur, base: str, throttle: float):  # type: ignore[no-untyped-def]
    ctx = navigateur.new_context(viewport={"width": 360, "height": 740})
    externes = _externes(ctx, base)
    page = ctx.new_page()
    if throttle > 1:
        ctx.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    return ctx, page, externes


def _recherche(url: str) -> bool:
    return "search" in url or "lunr" in url or "pagefind" in url


def compte_material(texte: str) -> int:
    """Material's French count: "Aucun document trouvé", "371 documents", "3.9k documents"."""
    nombre = texte.split()[0] if texte.strip() else ""
    try:
        return round(float(nombre[:-1]) * 1000) if nombre.endswith("k") else int(nombre)
    except ValueError:
        return 0


def taper(page, texte: str) -> None:  # type: ignore[no-untyped-def]
    """Material searches on key events: fill() alone does nothing, typing letter by letter
    shows results for partial words. Fill, then one key: one search for the whole query."""
    page.fill("input.md-search__input", texte)
    page.press("input.md-search__input", "End")


def mesurer_lunr(navigateur, base: str, journal: list[tuple[str, int]],  # type: ignore[no-untyped-def]
                 requete: str, seconde: str, throttle: float) -> Mesure:
    journal.clear()
    ctx, page, externes = _contexte(navigateur, base, throttle)
    page.goto(base + "/", wait_until="load")
    t0 = time.perf_counter()
    page.click("label.md-header__button[for=__search]")
    taper(page, requete)
    page.wait_for_function(TROUVE, timeout=180_000)
    ms = (time.perf_counter() - t0) * 1000
    titres = page.eval_on_selector_all(".md-search-result__item h1",
                                       "els => els.slice(0, 10).map(e => e.textContent.trim())")
    meta = page.text_content(".md-search-result__meta") or ""
    n = compte_material(meta)
    page.wait_for_timeout(300)
    # Material fetches the index as soon as the page loads: it is the search's cost.
    octets_page = sum(b for u, b in journal if not _recherche(u))
    recherche = [b for u, b in journal if _recherche(u)]
    taper(page, "")
    page.wait_for_function(f"!({TROUVE})")
    t1 = time.perf_counter()
    taper(page, seconde)
    page.wait_for_function(TROUVE, timeout=60_000)
    ms2 = (time.perf_counter() - t1) * 1000
    ctx.close()
    return Mesure("lunr (Material)", requete, octets_page, sum(recherche), len(recherche),
                  ms, ms2, n, titres, externes)


def mesurer_pagefind(navigateur, base: str, journal: list[tuple[str, int]],  # type: ignore[no-untyped-def]
                     requete: str, seconde: str, throttle: float) -> Mesure:
    journal.clear()
    ctx, page, externes = _contexte(navigateur, base, throttle)
    page.goto(base + "/pf-bench.html", wait_until="load")
    page.wait_for_function("typeof window.chercher === 'function'")
    t0 = time.perf_counter()
    r = page.evaluate("q => window.chercher(q)", requete)
    ms = (time.perf_counter() - t0) * 1000
    page.wait_for_timeout(300)
    octets_page = sum(b for u, b in journal if not _recherche(u))
    recherche = [b for u, b in journal if _recherche(u)]
    r2 = page.evaluate("q => window.chercher(q)", seconde)
    ctx.close()
    return Mesure("Pagefind", requete, octets_page, sum(recherche), len(recherche),
                  ms, r2["ms"], r["n"], r["titres"], externes)


def construire(n: int, seed: int, dossier: Path) -> dict[str, float]:
    fiches = fiches_synthetiques(n, seed)
    ecrire_site(fiches, dossier)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                    str(dossier / "mkdocs.yml")], check=True)
    t_mkdocs = time.perf_counter() - t0
    site = dossier / "site"
    index = (site / "search" / "search_index.json").read_bytes()
    t0 = time.perf_counter()
    rapport = indexer_site(site)
    t_pf = time.perf_counter() - t0
    nb_pf, taille_pf = taille_dossier(site / "pagefind")
    ui = sum(p.stat().st_size for p in (site / "pagefind").glob("pagefind-*ui*"))
    ui += sum(p.stat().st_size for p in (site / "pagefind").glob("pagefind-highlight.js"))
    return {
        "pages": rapport.pages,
        "mkdocs_s": t_mkdocs,
        "lunr_brut": len(index),
        "lunr_gzip": len(gzip.compress(index, 5, mtime=0)),
        "pf_s": t_pf,
        "pf_fichiers": nb_pf,
        "pf_total": taille_pf,
        "pf_sans_ui": taille_pf - ui,
        "pf_vocabulaire": (site / "pagefind" / FICHIER_VOCABULAIRE).stat().st_size,
        "pf_vocabulaire_gzip": len(gzip.compress(
            (site / "pagefind" / FICHIER_VOCABULAIRE).read_bytes(), 5, mtime=0)),
    }


def ko(n: float) -> str:
    return f"{n / 1024:,.0f} Kio".replace(",", " ") if n >= 10240 else f"{n / 1024:.1f} Kio"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--seed", type=int, default=2015)
    parser.add_argument("--throttle", type=float, default=4.0)
    parser.add_argument("--keep", type=Path, help="build there and keep the sites")
    parser.add_argument("--output", type=Path, help="write the markdown tables there")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    lignes_build: list[str] = []
    lignes_requetes: list[str] = []
    lignes_pliage: list[str] = []
    comptes: dict[tuple[str, str], int] = {}
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        racine = args.keep or Path(tmp)
        for n in args.records:
            dossier = racine / f"site-{n}"
            if dossier.exists():
                shutil.rmtree(dossier)
            b = construire(n, args.seed, dossier)
            ligne = (f"| {n:,} | {b['mkdocs_s']:.1f} s | {ko(b['lunr_brut'])} | "
                     f"{ko(b['lunr_gzip'])} | {b['pf_s']:.2f} s | {b['pf_fichiers']:,} | "
                     f"{ko(b['pf_total'])} ({ko(b['pf_sans_ui'])} sans les UI) | "
                     f"{ko(b['pf_vocabulaire'])} / {ko(b['pf_vocabulaire_gzip'])} |")
            lignes_build.append(ligne.replace(",", " "))
            print(ligne, flush=True)
            with serveur(dossier / "site") as (base, journal), sync_playwright() as p:
                navigateur = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for rate in (1.0, args.throttle) if args.throttle > 1 else (1.0,):
                    for requete in (["cafe", "logement"] if rate > 1 else QUERIES):
                        seconde = "logement" if requete != "logement" else "cafe"
                        for mesure in (mesurer_lunr, mesurer_pagefind):
                            m = mesure(navigateur, base, journal, requete, seconde, rate)
                            if m.externes:
                                raise SystemExit(f"requêtes hors du site : {m.externes}")
                            ligne = (f"| {n:,} | {m.moteur} | CPU /{rate:g} | «{requete}» | "
                                     f"{m.resultats} | {ko(m.octets_recherche)} "
                                     f"({m.requetes_recherche} req.) | {m.ms_premiere:,.0f} ms | "
                                     f"{m.ms_suivante:,.0f} ms |").replace(",", " ")
                            lignes_requetes.append(ligne)
                            comptes[(m.moteur, requete)] = m.resultats
                            print(ligne, flush=True)
                            if rate == 1.0 and requete in ATTENDU:
                                attendu = ATTENDU[requete]
                                if attendu.startswith("="):
                                    ok = 0 < m.resultats == comptes.get((m.moteur, attendu[1:]))
                                else:
                                    ok = any(attendu in t for t in m.titres)
                                lignes_pliage.append(
                                    f"| {n:,} | {m.moteur} | «{requete}» | {m.resultats} | "
                                    f"{'oui' if ok else 'NON'} ({ATTENDU[requete]}) | "
                                    f"{html.escape((m.titres or ['-'])[0])} |".replace(",", " "))
                                print(lignes_pliage[-1], flush=True)
                navigateur.close()
    sortie = "\n".join([
        "| N | mkdocs build | search_index.json | gzip | Pagefind index | fichiers | "
        "taille bundle | vocabulaire (brut / gzip) |",
        "|---|---|---|---|---|---|---|---|", *lignes_build, "",
        "| N | moteur | CPU | requête | résultats | transféré pour la recherche | "
        "1re requête (à froid) | requête suivante |",
        "|---|---|---|---|---|---|---|---|", *lignes_requetes, "",
        "| N | moteur | requête | résultats | trouve | 1er résultat |",
        "|---|---|---|---|---|---|", *lignes_pliage, "",
    ])
    print(sortie)
    if args.output:
        args.output.write_text(sortie, encoding="utf-8")


if __name__ == "__main__":
    main()
