"""The public map at 10,000 records: weight of its points and time to clustered markers.

    .venv/bin/python bench/bench_carte.py                          # generates and builds 10,000
    .venv/bin/python bench/bench_carte.py --site /tmp/b/10000/site # an already built public site
    .venv/bin/python bench/bench_carte.py --records 1000 --runs 5 --throttle 4
    .venv/bin/python bench/bench_carte.py --site ... --throttle 0 --parts   # what costs what

Weight: `carte/lieux.json`, the map's own points as the public build writes them (the
/carte/ page fetches them; a site built before that table has `carte/lieux.geojson`
instead, read the same way, so that both can be compared; the open data's
`donnees/lieux.geojson` is given beside), raw and gzip -6; the /carte/ HTML alone (its
no-JS list names the communes, not the places) and with its stylesheets and scripts
(gzip -6), the whole first visit of the map but the tiles.

Time: headless Chromium (/usr/bin/chromium, through Playwright) loads /carte/ from a local
http.server on 127.0.0.1 (no compression: the bytes are the raw ones, on loopback), each
run in a new browser context (cold cache). Tile requests are answered with a 1x1 PNG; any
other request leaving the site fails the run. An init script measures, with
performance.now() (0 = navigation start), when `window.GuideCarte.pret` has resolved AND
cluster icons exist in the DOM. The guide's clusters use their own icon class
(`.leaflet-marker-icon.gs-grappe`, carte.js iconCreateFunction) instead of markercluster's
default `.marker-cluster`: either counts. Median of `--runs`, also with the CPU throttled
`--throttle` times (Chromium's CPU throttling, a rough stand-in for a low-end phone).
The machine's load average (1 minute) is read before and after each series: on a shared
machine the times follow it.

`--parts` times, in the loaded page, the pieces of the first draw one by one (median of 5
in the same page): parsing the points file, then clustering every point with whichever
clustering library the page loaded (Leaflet.markercluster's `addLayers` on a site built
before grappes.js, Supercluster's `load` for each radius band after).
"""

from __future__ import annotations

import argparse
import base64
import functools
import gzip
import http.server
import json
import os
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
POINTS = "carte/lieux.json"
ANCIEN_GEOJSON = "carte/lieux.geojson"
"""The map's points in a site built before the compact table (carte.py)."""
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
          .filter((e) => e.name.indexOf("/carte/lieux.") >= 0)[0] || {};
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


def points_du_site(site: Path) -> str:
    return POINTS if (site / POINTS).is_file() else ANCIEN_GEOJSON


def points_weight(site: Path, chemin: str) -> dict[str, Any]:
    data = (site / chemin).read_bytes()
    contenu = json.loads(data)
    n = len(contenu["lieux"] if "lieux" in contenu else contenu["features"])
    return {"fichier": chemin, "raw": len(data), "gzip6": len(gzip.compress(data, 6, mtime=0)),
            "gzip5": len(gzip.compress(data, 5, mtime=0)), "features": n,
            "bytes_per_feature": len(data) / max(1, n)}


# In the loaded map page: the points file parsed, then clustered by the page's own library,
# each five times; medians in ms.
PARTS = """
async (url) => {
  const texte = await (await fetch(url)).text();
  const mediane = (f) => {
    const t = [];
    for (let k = 0; k < 5; k++) { const d = performance.now(); f(); t.push(performance.now() - d); }
    return t.sort((a, b) => a - b)[2];
  };
  let donnees = null;
  const parse = mediane(() => { donnees = JSON.parse(texte); });
  const points = donnees.lieux
    ? donnees.lieux.filter((l) => l[0] !== null).map((l) => [l[1], l[0]])
    : donnees.features.map((f) => [f.geometry.coordinates[1], f.geometry.coordinates[0]]);
  const marqueurs = mediane(() => points.map((p) => L.marker(p, {icon: L.divIcon({})})));
  const ms = points.map((p) => L.marker(p, {icon: L.divIcon({})}));
  let grappes, bibliotheque, rues = null;
  if (window.Supercluster) {
    bibliotheque = "supercluster";
    const features = points.map((p, i) => ({type: "Feature", properties: {i: i, pa: i % 7 ? 0 : 1},
      geometry: {type: "Point", coordinates: [p[1], p[0]]}}));
    // The first view needs the band of zooms 0 to 11 (grappes.js builds the streets' band,
    // 12 and up, when the visitor first zooms there): both given.
    const bande = (de, a, r) => new Supercluster({minZoom: de, maxZoom: a, radius: r,
                                                   extent: 256}).load(features);
    grappes = mediane(() => bande(0, 11, 45));
    rues = mediane(() => bande(12, GuideCarte.map.getMaxZoom(), 30));
  } else {
    bibliotheque = "markercluster";
    grappes = mediane(() => {
      const g = L.markerClusterGroup({maxClusterRadius: (z) => z >= 12 ? 30 : 45});
      g.addLayers(ms, true);
    });
  }
  return {octets: texte.length, parse_ms: parse, marqueurs_ms: marqueurs,
          grappes_ms: grappes, rues_ms: rues, bibliotheque: bibliotheque, points: points.length};
}
"""


def mesurer_parts(navigateur: Any, base: str, site: Path) -> dict[str, Any]:
    contexte = navigateur.new_context(viewport={"width": 1280, "height": 800})
    page = contexte.new_page()
    page.route(lambda url: not url.startswith(base), lambda route: route.abort())
    page.goto(f"{base}/carte/")
    page.wait_for_function("window.GuideCarte && window.GuideCarte.pret")
    page.evaluate("window.GuideCarte.pret")
    resultat: dict[str, Any] = page.evaluate(PARTS, f"{base}/{points_du_site(site)}")
    contexte.close()
    return resultat


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


def charge() -> float:
    return os.getloadavg()[0]


def bench(site: Path, runs: int, throttle: float, parts: bool = False) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    out: dict[str, Any] = {"site": str(site), "points": points_weight(site, points_du_site(site)),
                           "donnees": points_weight(site, DONNEES_OUVERTES),
                           "page": page_weight(site, "carte/"), "runs": {}}
    with serveur(site) as base, sync_playwright() as p:
        navigateur = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            mesurer(navigateur, base, 1.0)  # warm-up: Chromium's own start, disk cache of site
            for rate in (1.0, throttle) if throttle > 1 else (1.0,):
                avant = charge()
                mesures = [mesurer(navigateur, base, rate) for _ in range(runs)]
                apres = charge()
                print(f"  CPU /{rate:g}: " + ", ".join(f"{m['grappes_ms']:.0f} ms"
                                                      for m in mesures)
                      + f" (load {avant:.1f} -> {apres:.1f})", file=sys.stderr, flush=True)
                out["runs"][f"{rate:g}"] = {
                    "all": mesures, "charge": [avant, apres],
                    "best_grappes_ms": min(m["grappes_ms"] for m in mesures),
                    **{f"median_{k}": statistics.median(m[k] for m in mesures)
                       for k in ("grappes_ms", "pret_ms", "dom_content_loaded_ms",
                                 "geojson_end_ms")},
                    "grappes": mesures[-1]["grappes"], "marqueurs": mesures[-1]["marqueurs"],
                }
            if parts:
                avant = charge()
                out["parts"] = mesurer_parts(navigateur, base, site) | {"charge": avant}
        finally:
            navigateur.close()
    return out


def report(r: dict[str, Any], runs: int) -> str:
    g, w = r["points"], r["page"]
    lines = [
        f"Map points `{g['fichier']}`: {nb(g['features'])} places, {kio(g['raw'])} raw, "
        f"{kio(g['gzip6'])} gzip -6 ({kio(g['gzip5'])} at nginx's level 5), "
        f"{g['bytes_per_feature']:.0f} bytes per place raw (open data `{DONNEES_OUVERTES}`: "
        f"{kio(r['donnees']['raw'])} raw, {kio(r['donnees']['gzip6'])} gzip -6).",
        f"/carte/ HTML: {kio(w['html_gzip'])} gzip -6; "
        f"page + CSS + JS: {kio(w['gzip'])} gzip -6 ({len(w['items'])} files); "
        f"with the points: {kio(w['gzip'] + g['gzip6'])} (tiles not counted).", "",
        f"{runs} cold loads (new browser context each), headless Chromium, "
        "site on 127.0.0.1 without compression, tiles answered by a 1x1 PNG; "
        "ms from navigation start, medians but the best.", "",
        "| CPU | load avg before → after | DOMContentLoaded | points received "
        "| GuideCarte.pret | clusters drawn (median) | best | cluster icons / markers "
        "| all runs (clusters drawn) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for rate, m in r["runs"].items():
        cpu = "normal" if rate == "1" else f"throttled {rate}x"
        lines.append(
            f"| {cpu} | {m['charge'][0]:.1f} → {m['charge'][1]:.1f} "
            f"| {m['median_dom_content_loaded_ms']:.0f} ms "
            f"| {m['median_geojson_end_ms']:.0f} ms | {m['median_pret_ms']:.0f} ms "
            f"| **{m['median_grappes_ms']:.0f} ms** | {m['best_grappes_ms']:.0f} ms "
            f"| {m['grappes']} / {nb(m['marqueurs'])} "
            f"| {', '.join(format(x['grappes_ms'], '.0f') for x in m['all'])} |")
    if "parts" in r:
        q = r["parts"]
        lines += ["", f"In the page (load {q['charge']:.1f}), median of 5: parsing "
                  f"{kio(q['octets'])} of points {q['parse_ms']:.0f} ms; "
                  f"{nb(q['points'])} Leaflet markers {q['marqueurs_ms']:.0f} ms; "
                  f"clustering them ({q['bibliotheque']}) {q['grappes_ms']:.0f} ms"
                  + ("." if q.get("rues_ms") is None else
                     f" for the first view's zooms (0 to 11), {q['rues_ms']:.0f} ms more for "
                     "the streets' zooms (12 and up) when first zoomed to.")]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built public site (else: build one)")
    parser.add_argument("--records", type=int, default=10_000, help="when building")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--throttle", type=float, default=4.0, help="0: no throttled runs")
    parser.add_argument("--parts", action="store_true",
                        help="also time parsing and clustering alone, in the page")
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
        r = bench(site, args.runs, args.throttle, args.parts)
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
