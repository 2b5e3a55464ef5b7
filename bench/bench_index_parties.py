"""Pagefind's memory on a large site: one index against the index in parts (search.py).

    .venv/bin/python bench/bench_index_parties.py --site /tmp/v/10000/site --fois 1 5

From a built public site (bench_variantes.py --keep), `--fois K` makes a site of K times
its place pages (hard links under lieux/<id>-<k>/: the same text at other addresses, so
Pagefind reads K times the pages and words), then indexes it as the build does:
`indexer_site` with the parts `repartir` gives for `--pages-par-index`, and, with
`--entier`, in one run. Each indexing is a child process: CPU (user + sys, Pagefind's
included) and the peak RSS of its largest process (os.wait4: Pagefind's).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "plugins"))

from guide_solidarites.search import PAGES_PAR_INDEX, repartir  # noqa: E402

from bench.bench_site import PYTHON, mesure, nb  # noqa: E402


def agrandir(site: Path, dest: Path, fois: int) -> dict[str, str]:
    """`dest`: `site` with its place pages `fois` times (hard links); returns the place
    pages (path -> key), keys grouping each copy of the places apart."""
    shutil.copytree(site, dest, copy_function=os.link,
                    ignore=shutil.ignore_patterns("pagefind"))
    cles: dict[str, str] = {}
    lieux = sorted(p for p in (site / "lieux").iterdir() if (p / "index.html").is_file())
    for k in range(fois):
        for dossier in lieux:
            nom = dossier.name if k == 0 else f"{dossier.name}-{k}"
            if k:
                (dest / "lieux" / nom).mkdir()
                os.link(dossier / "index.html", dest / "lieux" / nom / "index.html")
            cles[f"lieux/{nom}/index.html"] = f"fr {k:03d}"
    return cles


def indexer(site: Path, parties: list[list[str]]) -> dict[str, float]:
    fichier = site.parent / "parties.json"
    fichier.write_text(json.dumps(parties), encoding="utf-8")
    code = ("import json, sys; from guide_solidarites.search import indexer_site; "
            "r = indexer_site(sys.argv[1], parties=json.load(open(sys.argv[2])), "
            "timeout=7200); print(r)")
    return mesure([str(PYTHON), "-c", code, str(site), str(fichier)], f"index de {site}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--fois", type=int, nargs="+", default=[1, 5])
    parser.add_argument("--pages-par-index", type=int, default=PAGES_PAR_INDEX)
    parser.add_argument("--entier", action="store_true",
                        help="also index each site in one run (memory grows with it)")
    args = parser.parse_args()
    lignes = ["| place pages | index | runs of Pagefind | CPU | wall | peak RSS (largest "
              "process) |", "|---|---|---|---|---|---|"]
    for fois in args.fois:
        with tempfile.TemporaryDirectory(prefix="bench-parties-",
                                         dir=args.site.parent) as dossier:
            site = Path(dossier) / "site"
            cles = agrandir(args.site, site, fois)
            autres = sum(1 for p in site.rglob("index.html")) - len(cles)
            parties = repartir(cles, autres, args.pages_par_index)
            essais = [("in parts", parties)] + ([("one run", [])] if args.entier else [])
            for nom, liste in essais:
                m = indexer(site, liste)
                lignes.append(f"| {nb(len(cles))} | {nom} | {len(liste) + 1} | "
                              f"{m['cpu_s']:.1f} s | {m['wall_s']:.1f} s | "
                              f"{m['maxrss_mib']:.0f} Mio |")
                print(lignes[-1], file=sys.stderr, flush=True)
    print("\n".join(lignes))


if __name__ == "__main__":
    main()
