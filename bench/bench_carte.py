"""The public map at 10,000 records: weight of its GeoJSON and time to clustered markers.

    .venv/bin/python bench/bench_carte.py                          # generates and builds 10,000
    .venv/bin/python bench/bench_carte.py --site /tmp/b/10000/site # an already built public site
    .venv/bin/python bench/bench_carte.py --records 1000 --runs 3 --throttle 4

Weight: `carte/lieux.geojson`, the map's own points as the public build writes them (the
/carte/ page fetches them; the open data's `donnees/lieux.geojson` has more properties and
is given beside), raw and gzip -6; the /carte/ HTML alone (its no-JS list names the
communes, not the places) and with its stylesheets and scripts (gzip -6), the whole first
visit of the map but the tiles.

Time: headless Chromium (/usr/bin/chromium, through Playwright) loads /carte/ from a local
http.server on 127.0.0.1 (no compression: the bytes are the raw ones, on loopback), each
run in a new browser context (cold cache). Tile requests are answered with a 1x1 PNG; any
other request leaving the site fails the run. An init script measures, with
performance.now() (0 = navigation start), when `window.GuideCarte.pret` has resolved AND
cluster icons exist in the DOM. The guide's clusters use their own icon class
(`.leaflet-marker-icon.gs-grappe`, carte.js iconCreateFunction) instead of markercluster's
default `.marker-cluster`: either counts. Median of `--runs`, also with the CPU throttled
`--throttle` times (Chromium's CPU throttling, a rough stand-in for a low-end phone).
"""

from __future__ import annotations

import argparse
import base64
import functools
import gzip
import http.server
import json
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_site import (  # noqa: E402
    DEPARTEMENT,
    SEED,
    guide_config,
    kio,
    nb,
    page_weight,
    run_build,
)
from bench.synthetic import generate_annuaire  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]
PNG_1X1 = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")
GEOJSON = "carte/lieux.geojson"
DONNEES_OUVERTES = "donnees/lieux.geojson"

# Installed before any script of the page runs. Resolves with the times (ms from navigation
# start) at which GuideCarte.pret resolved and cluster icons were first seen after that.
MESURE = """
(() => {
  window.__benchCarte = new Promise((resolve) => {
    let pret = null, branche = false, fini = false;
    const grappes = () => document.querySelectorAll(
      ".marker-cluster, .leaflet-marker-icon.gs-grappe").length;
    function verifier() {
      if (fini) return;
      if (!branche && window.GuideCarte && window.GuideCarte.pret) {
        branche = true;
        window.GuideCarte.pret.then(() => { pret = performance.now(); verifier(); });
      }
      if (pret !== null && grappes() > 0) {
        fini = true;
        const t = performance.now();
        const nav = performance.getEntriesByType("navigation")[0] || {};
        const geo = performance.getEntriesByType("resource")
          .filter((e) => e.name.indexOf("lieux.geojson") >= 0)[0] || {};
        resolve({ grappes_ms: t, pret_ms: pret, dom_content_loaded_ms: nav.domContentLoadedEventEnd,
                  geojson_start_ms: geo.startTime, geojson_end_ms: geo.responseEnd,
                  grappes: grappes(),
                  marqueurs: window.GuideCarte.marqueurs().length });
      }
    }
    new MutationObserver(verifier).observe(document, { childList: true, subtree: true });
    const minuteur = setInterval(() => { verifier(); if (fini) clearInterval(minuteur); }, 4);
  });
})();
"""


class _Silencieux(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@contextmanager
def serveur(site: Path) -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Silencieux, directory=str(site)))
    fil = threading.Thread(target=httpd.serve_forever, daemon=True)
    fil.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def geojson_weight(site: Path, chemin: str = GEOJSON) -> dict[str, Any]:
    data = (site / chemin).read_bytes()
    features = json.loads(data)["features"]
    return {"raw": len(data), "gzip6": len(gzip.compress(data, 6, mtime=0)),
            "gzip5": len(gzip.compress(data, 5, mtime=0)), "features": len(features),
            "bytes_per_feature": len(data) / max(1, len(features))}


def mesurer(navigateur: Any, base: str, rate: float) -> dict[str, Any]:
    contexte = navigateur.new_context(viewport={"width": 1280, "height": 800})
    page = contexte.new_page()
    tuiles, externes = [], []

    def hors_site(route: Any) -> None:
        url = route.request.url
        if "tile" in url or url.split("?")[0].endswith(".png"):
            tuiles.append(url)
            route.fulfill(status=200, content_type="image/png", body=PNG_1X1)
        else:
            externes.append(url)
            route.abort()

    page.route(lambda url: not url.startswith(base), hors_site)
    if rate > 1:
        cdp = contexte.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
    page.add_init_script(MESURE)
    erreurs: list[str] = []
    page.on("pageerror", lambda e: erreurs.append(str(e)))
    page.goto(f"{base}/carte/", wait_until="commit")
    resultat = page.evaluate("window.__benchCarte")
    contexte.close()
    if externes or erreurs:
        raise SystemExit(f"carte : requêtes hors du site {externes}, erreurs JS {erreurs}")
    return resultat | {"tuiles": len(tuiles), "rate": rate}


def bench(site: Path, runs: int, throttle: float) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    out: dict[str, Any] = {"site": str(site), "geojson": geojson_weight(site),
                           "donnees": geojson_weight(site, DONNEES_OUVERTES),
                           "page": page_weight(site, "carte/"), "runs": {}}
    with serveur(site) as base, sync_playwright() as p:
        navigateur = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            mesurer(navigateur, base, 1.0)  # warm-up: Chromium's own start, disk cache of site
            for rate in (1.0, throttle) if throttle > 1 else (1.0,):
                mesures = [mesurer(navigateur, base, rate) for _ in range(runs)]
                print(f"  CPU /{rate:g}: " + ", ".join(f"{m['grappes_ms']:.0f} ms"
                                                      for m in mesures),
                      file=sys.stderr, flush=True)
                out["runs"][f"{rate:g}"] = {
                    "all": mesures,
                    **{f"median_{k}": statistics.median(m[k] for m in mesures)
                       for k in ("grappes_ms", "pret_ms", "dom_content_loaded_ms",
                                 "geojson_end_ms")},
                    "grappes": mesures[-1]["grappes"], "marqueurs": mesures[-1]["marqueurs"],
                }
        finally:
            navigateur.close()
    return out


def report(r: dict[str, Any], runs: int) -> str:
    g, w = r["geojson"], r["page"]
    lines = [
        f"GeoJSON `{GEOJSON}`: {nb(g['features'])} features, {kio(g['raw'])} raw, "
        f"{kio(g['gzip6'])} gzip -6 ({kio(g['gzip5'])} at nginx's level 5), "
        f"{g['bytes_per_feature']:.0f} bytes per feature raw (open data `{DONNEES_OUVERTES}`: "
        f"{kio(r['donnees']['raw'])} raw, {kio(r['donnees']['gzip6'])} gzip -6).",
        f"/carte/ HTML: {kio(w['html_gzip'])} gzip -6; "
        f"page + CSS + JS: {kio(w['gzip'])} gzip -6 ({len(w['items'])} files); "
        f"with the GeoJSON: {kio(w['gzip'] + g['gzip6'])} (tiles not counted).", "",
        f"Median of {runs} cold loads (new browser context each), headless Chromium, "
        "site on 127.0.0.1 without compression, tiles answered by a 1x1 PNG; "
        "ms from navigation start.", "",
        "| CPU | DOMContentLoaded | GeoJSON received | GuideCarte.pret | clusters drawn "
        "| cluster icons / markers | all runs (clusters drawn) |",
        "|---|---|---|---|---|---|---|",
    ]
    for rate, m in r["runs"].items():
        cpu = "normal" if rate == "1" else f"throttled {rate}x"
        lines.append(
            f"| {cpu} | {m['median_dom_content_loaded_ms']:.0f} ms "
            f"| {m['median_geojson_end_ms']:.0f} ms | {m['median_pret_ms']:.0f} ms "
            f"| **{m['median_grappes_ms']:.0f} ms** | {m['grappes']} / {nb(m['marqueurs'])} "
            f"| {', '.join(format(x['grappes_ms'], '.0f') for x in m['all'])} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built public site (else: build one)")
    parser.add_argument("--records", type=int, default=10_000, help="when building")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--throttle", type=float, default=4.0, help="0: no throttled runs")
    parser.add_argument("--json", type=Path, help="write the figures there")
    args = parser.parse_args()

    tmp = None
    site = args.site
    try:
        if site is None:
            tmp = Path(tempfile.mkdtemp(prefix="bench-carte-"))
            generate_annuaire(tmp / "annuaire", args.records, seed=SEED, departement=DEPARTEMENT)
            site = tmp / "site"
            b = run_build(guide_config(tmp, tmp / "annuaire", site), site)
            print(f"  build of {nb(args.records)} records: {b['wall_s']:.1f} s wall, "
                  f"{b['cpu_s']:.1f} s CPU", file=sys.stderr, flush=True)
        start = time.perf_counter()
        r = bench(site, args.runs, args.throttle)
        r["elapsed_s"] = time.perf_counter() - start
        texte = report(r, args.runs)
        print(texte, flush=True)
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(r | {"table": texte}, indent=1), encoding="utf-8")
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
