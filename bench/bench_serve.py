"""Live preview: time from saving one record to `mkdocs serve` serving the changed page.

    .venv/bin/python bench/bench_serve.py                    # N = 1,000 and 10,000
    .venv/bin/python bench/bench_serve.py --records 1000 --edits 3

For each N, bench/synthetic.py writes an annuaire of N records and a config INHERITing
mkdocs.yml (bench_site.guide_config); `mkdocs serve` starts on a free port (127.0.0.1, port
chosen by the system) and builds the site once. Then, `--edits` times: the name of one
record is changed in its YAML file (a new name each time), and the record's page is fetched
every 50 ms until it holds the new name; the figure is the time from the write to that
answer (the browser is told to reload at the end of the same rebuild). The server is
stopped by its own process group at the end. Target (issue 14): ≤ 3 s at 10,000 records.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_site import DEPARTEMENT, ENV, MKDOCS, SEED, guide_config  # noqa: E402
from bench.synthetic import generate_annuaire  # noqa: E402

OBJECTIF_S = 3.0


def port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def lire(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as reponse:
            texte: str = reponse.read().decode("utf-8")
            return texte
    except (urllib.error.URLError, OSError):
        return None


def attendre(url: str, texte: str, limite: float) -> float | None:
    """Seconds until the page at `url` holds `texte` (None past `limite`)."""
    debut = time.perf_counter()
    while time.perf_counter() - debut < limite:
        page = lire(url)
        if page is not None and texte in page:
            return time.perf_counter() - debut
        time.sleep(0.05)
    return None


def bench(n: int, work: Path, edits: int, limite: float) -> dict[str, object]:
    annuaire = work / "annuaire"
    generate_annuaire(annuaire, n, seed=SEED, departement=DEPARTEMENT)
    config = guide_config(work, annuaire, work / "site")
    fichier = sorted(annuaire.glob("*/*-lieu-*.yml"))[0]
    url_page = f"lieux/{fichier.stem}/"
    port = port_libre()
    journal = (work / "serve.log").open("w")
    serveur = subprocess.Popen(
        [str(MKDOCS), "serve", "-f", str(config), "--dev-addr", f"127.0.0.1:{port}"],
        env=ENV, stdout=journal, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        debut = time.perf_counter()
        premier = attendre(base + url_page, "<html", limite)
        if premier is None:
            raise SystemExit(f"mkdocs serve n'a pas servi {url_page} en {limite:.0f} s "
                             f"(voir {work / 'serve.log'})")
        mesures = []
        original = fichier.read_text(encoding="utf-8")
        for i in range(edits):
            nom = f"Lieu modifie numero {i} {time.time_ns()}"
            lignes = original.splitlines(keepends=True)
            lignes[0] = f"nom: {nom}\n"
            assert original.startswith("nom: ")
            time.sleep(1.0)  # past the watcher's debounce of the previous change
            fichier.write_text("".join(lignes), encoding="utf-8")
            duree = attendre(base + url_page, nom, limite)
            mesures.append(duree if duree is not None else float("inf"))
            print(f"  N={n}: modification {i + 1}: {mesures[-1]:.2f} s", file=sys.stderr,
                  flush=True)
        return {"n": n, "premier_build_s": time.perf_counter() - debut - sum(
            m for m in mesures if m != float("inf")), "modifications_s": mesures,
            "mediane_s": statistics.median(mesures)}
    finally:
        os.killpg(serveur.pid, signal.SIGTERM)
        try:
            serveur.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(serveur.pid, signal.SIGKILL)
            serveur.wait()
        journal.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--records", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--limite", type=float, default=900.0,
                        help="seconds to wait for a build before giving up")
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    racine = args.keep or Path(tempfile.mkdtemp(prefix="bench-serve-"))
    lignes = ["| N | first build (serve) | one record edited: each edit | median | target |",
              "|---|---|---|---|---|"]
    for n in args.records:
        work = racine / str(n)
        work.mkdir(parents=True, exist_ok=True)
        r = bench(n, work, args.edits, args.limite)
        mesures = r["modifications_s"]
        assert isinstance(mesures, list)
        mediane = float(r["mediane_s"])  # type: ignore[arg-type]
        lignes.append(f"| {n:,} | {float(r['premier_build_s']):.1f} s "  # type: ignore[arg-type]
                      f"| {', '.join(f'{m:.1f} s' for m in mesures)} | {mediane:.1f} s "
                      f"| ≤ {OBJECTIF_S:.0f} s: {'met' if mediane <= OBJECTIF_S else 'missed'} |")
    print("\n".join(lignes))


if __name__ == "__main__":
    main()
