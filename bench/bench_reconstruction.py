"""CPU time of one `mkdocs serve` rebuild after an edit, in one process (no server).

    .venv/bin/python bench/bench_reconstruction.py 1000           # first build, then 2 edits
    .venv/bin/python bench/bench_reconstruction.py 2000 --profile  # cProfile of the last one

What `mkdocs serve` does between a file saved and the browser told to reload, without the
watcher and the HTTP server: the first build, then, for each edit, a new configuration
built into the same served folder (serve.py keeps the previous build). Figures are the
wall and CPU seconds of each build; `bench_serve.py` measures the whole loop with the
server.
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import pstats
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from guide_solidarites import serve  # noqa: E402
from mkdocs.commands.build import build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402

from bench.bench_site import DEPARTEMENT, SEED, guide_config  # noqa: E402
from bench.synthetic import generate_annuaire  # noqa: E402

ADRESSE = "http://127.0.0.1:8999/"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("records", type=int)
    parser.add_argument("--edits", type=int, default=2)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-reconstruction-"))
    annuaire = work / "annuaire"
    if not annuaire.is_dir():
        generate_annuaire(annuaire, args.records, seed=SEED, departement=DEPARTEMENT)
    config = guide_config(work, annuaire, work / "site")

    def construire(profil: bool = False) -> tuple[float, float, Any, Any]:
        cfg = load_config(config_file=str(config), site_dir=str(work / "servi"))
        cfg.site_url = ADRESSE
        debut, debut_cpu = time.perf_counter(), time.process_time()
        profiler = cProfile.Profile() if profil else None
        if profiler is not None:
            profiler.enable()
        build(cfg, serve_url=ADRESSE)
        if profiler is not None:
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        plugin = cfg.plugins["guide-solidarites"]
        return time.perf_counter() - debut, time.process_time() - debut_cpu, cfg, plugin

    mur, cpu, cfg, plugin = construire()
    print(f"premier build : {mur:.1f} s (CPU {cpu:.1f} s)")
    # What on_serve does after the first build.
    serve.retenir(cfg, Path(cfg.site_dir), plugin.pages, serve.signature(cfg),
                  plugin._pages_gardees, plugin.donnees())
    fichier = sorted(annuaire.glob("*/*-lieu-*.yml"))[0]
    for i in range(args.edits):
        texte = fichier.read_text(encoding="utf-8")
        fichier.write_text(texte.replace("nom: ", f"nom: Modifie {i} ", 1), encoding="utf-8")
        mur, cpu, _, _ = construire(args.profile and i == args.edits - 1)
        print(f"modification {i + 1} : {mur:.1f} s (CPU {cpu:.1f} s)")


if __name__ == "__main__":
    main()
