"""Both variants of the guide (public, pro, and the two at once with `guide construire`) vs a
plain mkdocs-material build of the same number of pages, measured in the same run.

    .venv/bin/python bench/bench_variantes.py                     # N = 1,000 and 10,000
    .venv/bin/python bench/bench_variantes.py --records 50000 --repeat 1 --sans-plain
    .venv/bin/python bench/bench_variantes.py --keep /tmp/v --json /tmp/v/variantes.json

For each N, bench/synthetic.py writes an annuaire of N records and its professional tree;
then, interleaved so that every build sees the same noise:

* `mkdocs build -f` on a config INHERITing mkdocs.yml (public), then mkdocs.pro.yml (pro),
  as bench_site.py does (only the annuaire, `aujourdhui`, site_dir and paths change);
* `guide construire` on those two configs (both variants, one process), then again with
  the cache the first run left (`.cache/` beside the annuaire: validated records, QR
  codes); every other build starts without it;
* the plain mkdocs-material site of N Markdown pages of bench_site.py.

Each figure is the child's own (os.wait4: wall, user + sys CPU, peak RSS), best of
`--repeat`. Ratios are to the plain build of the same run: "public + pro" adds the two
MkDocs builds; the target of issue 14 is both variants ≤ 0.5 × the plain build.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_pages import write_markdown_site  # noqa: E402
from bench.bench_site import (  # noqa: E402
    AUJOURDHUI,
    DEPARTEMENT,
    SEED,
    best,
    guide_config,
    mesure,
    nb,
    run_build,
)
from bench.synthetic import generate_annuaire  # noqa: E402

GUIDE = ROOT / ".venv" / "bin" / "guide"
OBJECTIF = 0.5


def run_construire(public: Path, pro: Path, sites: list[Path]) -> dict[str, float]:
    """`guide construire` as a child, building both variants."""
    for site in sites:
        if site.exists():
            shutil.rmtree(site)
    return mesure([str(GUIDE), "construire", "-q", "--public", str(public), "--pro", str(pro)],
                  f"guide construire {public} {pro}")


BUILDS = ("public", "pro", "construire", "construire-chaud", "plain")


def bench(n: int, work: Path, repeat: int, plain: bool, construire: bool,
          builds: tuple[str, ...] = BUILDS) -> dict[str, Any]:
    annuaire = work / "annuaire"
    generate_annuaire(annuaire, n, seed=SEED, departement=DEPARTEMENT)
    site_public, site_pro = work / "site", work / "site-pro"
    public = guide_config(work, annuaire, site_public)
    pro = guide_config(work, annuaire, site_pro, base=ROOT / "mkdocs.pro.yml",
                       nom="mkdocs.bench.pro.yml",
                       options={"annuaire_pro": str(work / "annuaire-pro")})
    plain_config = write_markdown_site(work / "markdown", n) if plain else None
    runs: dict[str, list[dict[str, float]]] = {"public": [], "pro": [], "construire": [],
                                               "construire-chaud": [], "plain": []}
    cache = work / ".cache"

    def froid() -> None:
        # Every build but the last starts without the cache of validated records and QR
        # codes (cache.py, qr.py): the figures of a first build, or of CI without a cache.
        shutil.rmtree(cache, ignore_errors=True)

    for _ in range(repeat):
        if "public" in builds:
            froid()
            runs["public"].append(run_build(public, site_public))
        if "pro" in builds:
            froid()
            runs["pro"].append(run_build(pro, site_pro))
        if construire and "construire" in builds:
            froid()
            runs["construire"].append(run_construire(public, pro, [site_public, site_pro]))
        if construire and "construire-chaud" in builds:
            # Again, with the cache the previous run left: one record edited, or CI
            # keeping .cache/ between runs.
            runs["construire-chaud"].append(run_construire(public, pro,
                                                           [site_public, site_pro]))
        if plain_config is not None and "plain" in builds:
            runs["plain"].append(run_build(plain_config, work / "site-markdown"))
        print(f"  N={n}: " + "; ".join(f"{k} {v[-1]['wall_s']:.1f} s wall / "
                                       f"{v[-1]['cpu_s']:.1f} s CPU / "
                                       f"{v[-1]['maxrss_mib']:.0f} Mio (tree "
                                       f"{v[-1].get('rss_arbre_mib', 0):.0f} Mio)"
                                       for k, v in runs.items() if v),
              file=sys.stderr, flush=True)
    resultat: dict[str, Any] = {"n": n, "configs": [str(public), str(pro)]}
    for cle, liste in runs.items():
        if liste:
            resultat[cle] = best(liste) | {"all": liste}
    return resultat


def report(results: list[dict[str, Any]], repeat: int) -> str:
    lines = [f"Best of {repeat} run(s); CPU = user + sys of each child (os.wait4); ratios to "
             "the plain mkdocs-material build of N pages in the same run.", "",
             "Peak RSS: of the largest process (os.wait4: Python or Pagefind); tree: of the",
             "build and its children at once (sampled every 0.5 s).", "",
             "| N | build | wall | CPU | peak RSS | tree | ratio CPU to plain | target |",
             "|---|---|---|---|---|---|---|---|"]
    for r in results:
        p = r.get("plain")
        rows: list[tuple[str, float, float, float, float]] = []
        for cle, nom in (("public", "public (`mkdocs build`)"),
                         ("pro", "pro (`mkdocs build -f mkdocs.pro.yml`)"),
                         ("construire", "both (`guide construire`)"),
                         ("construire-chaud", "both (`guide construire`), warm cache")):
            if cle in r:
                rows.append((nom, r[cle]["wall_s"], r[cle]["cpu_s"], r[cle]["maxrss_mib"],
                             r[cle].get("rss_arbre_mib", 0)))
        if "public" in r and "pro" in r:
            rows.append(("public + pro, two MkDocs builds", r["public"]["wall_s"]
                         + r["pro"]["wall_s"], r["public"]["cpu_s"] + r["pro"]["cpu_s"],
                         max(r["public"]["maxrss_mib"], r["pro"]["maxrss_mib"]),
                         max(r["public"].get("rss_arbre_mib", 0),
                             r["pro"].get("rss_arbre_mib", 0))))
        if p is not None:
            rows.append(("plain mkdocs-material, N pages", p["wall_s"], p["cpu_s"],
                         p["maxrss_mib"], p.get("rss_arbre_mib", 0)))
        for nom, wall, cpu, rss, arbre in rows:
            ratio = f"{cpu / p['cpu_s']:.2f}" if p is not None else "-"
            cible = ""
            if p is not None and nom.startswith(("both", "public + pro")):
                cible = f"≤ {OBJECTIF}: " + ("met" if cpu / p["cpu_s"] <= OBJECTIF
                                             else "missed")
            lines.append(f"| {nb(r['n'])} | {nom} | {wall:.1f} s | {cpu:.1f} s | {rss:.0f} Mio "
                         f"| {arbre:.0f} Mio | {ratio} | {cible} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--records", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--repeat", type=int, default=1, help="runs of each build (best of)")
    parser.add_argument("--sans-plain", action="store_true",
                        help="skip the plain build (large N: it is measured at 10,000)")
    parser.add_argument("--sans-construire", action="store_true",
                        help="skip `guide construire` (a version of the package without it)")
    parser.add_argument("--builds", nargs="+", choices=BUILDS, default=list(BUILDS),
                        help="which builds to run (default: all)")
    parser.add_argument("--keep", type=Path, help="work there (DIR/N/...) and keep it")
    parser.add_argument("--json", type=Path, help="write the figures there")
    args = parser.parse_args()
    racine = args.keep or Path(tempfile.mkdtemp(prefix="bench-variantes-"))
    results = []
    try:
        for n in args.records:
            work = racine / str(n)
            if work.exists():
                shutil.rmtree(work)
            work.mkdir(parents=True)
            results.append(bench(n, work, args.repeat, not args.sans_plain,
                                 not args.sans_construire, tuple(args.builds)))
        texte = report(results, args.repeat)
        print(texte, flush=True)
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps({
                "date": dt.datetime.now().isoformat(timespec="seconds"),
                "aujourdhui": AUJOURDHUI.isoformat(), "repeat": args.repeat,
                "results": results, "table": texte}, indent=1), encoding="utf-8")
    finally:
        if not args.keep:
            shutil.rmtree(racine, ignore_errors=True)


if __name__ == "__main__":
    main()
