"""Build of the PUBLIC guide on a synthetic annuaire of N records vs a plain mkdocs-material
site of N hand-written Markdown pages.

    .venv/bin/python bench/bench_site.py                      # N = 1,000 and 10,000
    .venv/bin/python bench/bench_site.py --records 1000 --repeat 1
    .venv/bin/python bench/bench_site.py --profile            # + cProfile of the last N
    .venv/bin/python bench/bench_site.py --keep /tmp/b --json /tmp/b/site.json

For each N:

* bench/synthetic.py writes an annuaire of N reception points (département 72);
* the public guide is built with `mkdocs build -f` on a config that INHERITs the repository's
  mkdocs.yml and only changes what must change: the annuaire (the synthetic one), the build
  date (`aujourdhui`, pinned), site_dir, and the two paths MkDocs resolves relative to the
  config file (docs_dir, theme.custom_dir) made absolute;
* bench_pages.write_markdown_site writes N equivalent hand-written pages in a plain
  mkdocs-material site (the guide's theme settings, no guide plugin), built the same way.

Builds are interleaved (guide, plain, guide, plain...) so that both see the same noise;
each figure is the best of `--repeat` runs, wall and CPU separately. CPU time (user + sys)
and peak memory (ru_maxrss) come from os.wait4 on the `mkdocs build` child alone.

Target: the public build of 10,000 records takes no longer than the plain build of 10,000
pages. With `--profile`, the last N is also built in-process under cProfile
(mkdocs.commands.build.build) and the top functions are printed.

Page weight: one reception point page (the first under lieux/, by name) with the
stylesheets and scripts it loads (<link rel=stylesheet>, <script src>), each gzip -6.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gzip
import io
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_pages import write_markdown_site  # noqa: E402
from bench.synthetic import generate_annuaire  # noqa: E402

AUJOURDHUI = dt.date(2026, 11, 22)  # synthetic.py's records are all valid on that day
SEED = 1
DEPARTEMENT = "72"
MKDOCS = ROOT / ".venv" / "bin" / "mkdocs"
PYTHON = ROOT / ".venv" / "bin" / "python"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
OBJECTIF_N = 10_000


# --- Configs --------------------------------------------------------------------------------

def guide_config(dest: Path, annuaire: Path, site_dir: Path, base: Path = ROOT / "mkdocs.yml",
                 aujourdhui: dt.date = AUJOURDHUI, nom: str = "mkdocs.bench.yml",
                 options: dict[str, Any] | None = None) -> Path:
    """A config INHERITing the repository's `base`, pointed at `annuaire`, into `site_dir`."""
    parent = yaml.safe_load(base.read_text(encoding="utf-8"))
    # mkdocs.pro.yml INHERITs mkdocs.yml: the paths come from the first file naming them.
    chemins = parent
    while "theme" not in chemins and "INHERIT" in chemins:
        chemins = yaml.safe_load((base.parent / chemins["INHERIT"]).read_text(encoding="utf-8"))
    autres = options
    plugins: list[Any] = []
    for plugin in parent["plugins"]:  # a list: MkDocs replaces it whole, so restate it
        if isinstance(plugin, dict) and "guide-solidarites" in plugin:
            options = dict(plugin["guide-solidarites"] or {})
            options.update(annuaire=str(annuaire), aujourdhui=aujourdhui)
            options.update(autres or {})
            plugin = {"guide-solidarites": options}
        plugins.append(plugin)
    config = {
        "INHERIT": str(base),
        "docs_dir": str((base.parent / chemins.get("docs_dir", "docs")).resolve()),
        "site_dir": str(site_dir),
        "theme": {"custom_dir": str((base.parent / chemins["theme"]["custom_dir"]).resolve())},
        "plugins": plugins,
    }
    path = dest / nom
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path


# --- Measures -------------------------------------------------------------------------------

def run_build(config: Path, site: Path) -> dict[str, float]:
    """`mkdocs build` as a child; its wall time, CPU time and peak RSS (os.wait4)."""
    if site.exists():
        shutil.rmtree(site)
    return mesure([str(MKDOCS), "build", "-q", "-f", str(config), "-d", str(site)],
                  f"mkdocs build -f {config}")


def rss_arbre_kio(pid: int) -> int:
    """Resident memory of `pid` and all its descendants now, in KiB (Linux /proc)."""
    enfants: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entree in Path("/proc").iterdir():
        if not entree.name.isdigit():
            continue
        try:
            champs = (entree / "stat").read_text().rsplit(")", 1)[1].split()
            statm = (entree / "statm").read_text().split()
        except OSError:
            continue
        enfants.setdefault(int(champs[1]), []).append(int(entree.name))
        rss[int(entree.name)] = int(statm[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
    total, pile = 0, [pid]
    while pile:
        courant = pile.pop()
        total += rss.get(courant, 0)
        pile += enfants.get(courant, [])
    return total


class Echantillons(threading.Thread):
    """Samples a process tree's summed RSS: ru_maxrss is the peak of its largest single
    process (Python or Pagefind), not of both at once."""

    def __init__(self, pid: int, pas: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.pid, self.pas, self.pic_kio = pid, pas, 0
        self.fini = threading.Event()

    def run(self) -> None:
        while not self.fini.wait(self.pas):
            self.pic_kio = max(self.pic_kio, rss_arbre_kio(self.pid))


def mesure(commande: list[str], nom: str) -> dict[str, float]:
    """A command as a child; its wall time, CPU time (with its own children: Pagefind),
    peak RSS of its largest process (os.wait4) and of the whole tree at once (sampled)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(commande, env=ENV, stdout=subprocess.DEVNULL, stderr=err)
        echantillons = Echantillons(proc.pid) if Path("/proc/self/statm").exists() else None
        if echantillons is not None:
            echantillons.start()
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if echantillons is not None:
            echantillons.fini.set()
            echantillons.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            err.seek(0)
            raise SystemExit(f"{nom} a échoué ({proc.returncode}):\n"
                             + err.read().decode(errors="replace")[-4000:])
    return {"wall_s": wall, "cpu_s": ru.ru_utime + ru.ru_stime, "user_s": ru.ru_utime,
            "sys_s": ru.ru_stime, "maxrss_mib": ru.ru_maxrss / 1024,
            "rss_arbre_mib": (echantillons.pic_kio if echantillons else 0) / 1024}


def best(runs: list[dict[str, float]]) -> dict[str, float]:
    """Best of each figure over the runs (wall, CPU and memory minimised separately)."""
    return {key: min(r[key] for r in runs) for key in runs[0]} | {"runs": len(runs)}


def site_size(site: Path) -> dict[str, int]:
    files = [p for p in site.rglob("*") if p.is_file()]
    return {"files": len(files), "bytes": sum(p.stat().st_size for p in files)}


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.css: list[str] = []
        self.js: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and "stylesheet" in (a.get("rel") or "").split() and a.get("href"):
            self.css.append(a["href"] or "")
        elif tag == "script" and a.get("src"):
            self.js.append(a["src"] or "")


def page_weight(site: Path, url: str) -> dict[str, Any]:
    """Raw and gzip -6 bytes of the page at `url` (e.g. "lieux/x/") + its CSS and JS."""
    html_path = site / url / "index.html" if url.endswith("/") or not url else site / url
    html = html_path.read_bytes()
    parser = _Assets()
    parser.feed(html.decode("utf-8"))
    items = [{"url": url or "/", "kind": "html", "raw": len(html), "gzip": gz(html)}]
    externes = []
    for kind, refs in (("css", parser.css), ("js", parser.js)):
        for ref in refs:
            parts = urlsplit(ref)
            if parts.scheme or parts.netloc:
                externes.append(ref)
                continue
            chemin = urlsplit(urljoin("/" + url, ref)).path.lstrip("/")
            data = (site / chemin).read_bytes()
            items.append({"url": chemin, "kind": kind, "raw": len(data), "gzip": gz(data)})
    return {"page": url, "items": items, "external": externes,
            "raw": sum(i["raw"] for i in items), "gzip": sum(i["gzip"] for i in items),
            "html_gzip": items[0]["gzip"],
            "css_gzip": sum(i["gzip"] for i in items if i["kind"] == "css"),
            "js_gzip": sum(i["gzip"] for i in items if i["kind"] == "js")}


def lieu_pages(site: Path) -> dict[str, Any]:
    """gzip -6 sizes of every reception point page's HTML: median and max."""
    sizes = sorted(gz(p.read_bytes()) for p in (site / "lieux").glob("*/index.html"))
    return {"count": len(sizes), "html_gzip_median": statistics.median(sizes) if sizes else 0,
            "html_gzip_max": sizes[-1] if sizes else 0}


# --- Profile --------------------------------------------------------------------------------

def profile_in_process(config: Path, out: Path, top: int) -> str:
    """cProfile of an in-process `mkdocs.commands.build.build`; returns the report text."""
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    cfg = load_config(config_file=str(config))
    cfg.plugins.on_startup(command="build", dirty=False)
    profiler = cProfile.Profile()
    try:
        profiler.runcall(build, cfg)
    finally:
        cfg.plugins.on_shutdown()
    profiler.dump_stats(str(out))
    texte = io.StringIO()
    stats = pstats.Stats(profiler, stream=texte)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    return texte.getvalue()


def profile_child(config: Path, out: Path, top: int) -> str:
    """The in-process profile, in a fresh interpreter (so that it is not this one's imports)."""
    proc = subprocess.run([str(PYTHON), __file__, "--_profile", str(config), str(out),
                           str(top)], env=ENV, capture_output=True, text=True, check=True)
    return proc.stdout


# --- Main -----------------------------------------------------------------------------------

def bench(n: int, work: Path, repeat: int) -> dict[str, Any]:
    annuaire = work / "annuaire"
    start = time.perf_counter()
    generate_annuaire(annuaire, n, seed=SEED, departement=DEPARTEMENT)
    t_gen = time.perf_counter() - start
    guide_site, plain_site = work / "site", work / "site-markdown"
    config = guide_config(work, annuaire, guide_site)
    plain_config = write_markdown_site(work / "markdown", n)
    guide_runs, plain_runs = [], []
    for _ in range(repeat):
        guide_runs.append(run_build(config, guide_site))
        plain_runs.append(run_build(plain_config, plain_site))
        print(f"  N={n}: guide {guide_runs[-1]['wall_s']:.1f} s wall / "
              f"{guide_runs[-1]['cpu_s']:.1f} s CPU; plain {plain_runs[-1]['wall_s']:.1f} s / "
              f"{plain_runs[-1]['cpu_s']:.1f} s CPU", file=sys.stderr, flush=True)
    lieu = sorted(p.parent.name for p in (guide_site / "lieux").glob("*/index.html"))[0]
    g, p = best(guide_runs), best(plain_runs)
    return {
        "n": n, "generate_s": t_gen, "config": str(config), "site": str(guide_site),
        "annuaire_files": sum(1 for _ in annuaire.rglob("*.yml")),
        "guide": g | {"all": guide_runs, **site_size(guide_site)},
        "plain": p | {"all": plain_runs, **site_size(plain_site)},
        "ratio_wall": g["wall_s"] / p["wall_s"], "ratio_cpu": g["cpu_s"] / p["cpu_s"],
        "page": page_weight(guide_site, f"lieux/{lieu}/"),
        "lieux": lieu_pages(guide_site),
        "search": search_bundle(guide_site),
    }


def search_bundle(site: Path) -> dict[str, Any] | None:
    """Size of the search index the build wrote: Pagefind's bundle, or Material's lunr."""
    if (site / "pagefind").is_dir():
        return {"engine": "pagefind/", **site_size(site / "pagefind")}
    if (site / "search/search_index.json").exists():
        return {"engine": "search_index.json", "files": 1,
                "bytes": (site / "search/search_index.json").stat().st_size}
    return None


def nb(n: float, fmt: str = ",.0f") -> str:
    """A number with thin-space thousands separators: 10 000."""
    return format(n, fmt).replace(",", "\u202f")


def mib(n: float) -> str:
    return f"{nb(n / 2**20, ',.1f')} Mio"


def kio(n: float) -> str:
    return f"{nb(n / 1024, ',.1f')} Kio"


def report(results: list[dict[str, Any]], repeat: int) -> str:
    lines = [
        f"Best of {repeat} run(s), wall and CPU minimised separately; CPU = user + sys of the "
        "`mkdocs build` child (os.wait4).", "",
        "| N | public guide: wall | CPU | peak RSS | site | plain Markdown: wall | CPU | "
        "peak RSS | ratio wall | ratio CPU | target |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        g, p = r["guide"], r["plain"]
        cible = ""
        if r["n"] == OBJECTIF_N:
            cible = "met" if r["ratio_cpu"] <= 1 and r["ratio_wall"] <= 1 else (
                "met (CPU)" if r["ratio_cpu"] <= 1 else "MISSED")
        lines.append(
            f"| {nb(r['n'])} | {g['wall_s']:.1f} s | {g['cpu_s']:.1f} s "
            f"| {g['maxrss_mib']:.0f} Mio | {nb(g['files'])} files, {mib(g['bytes'])} "
            f"| {p['wall_s']:.1f} s | {p['cpu_s']:.1f} s "
            f"| {p['maxrss_mib']:.0f} Mio | {r['ratio_wall']:.2f} | {r['ratio_cpu']:.2f} "
            f"| {cible} |")
    lines += ["", "| N | plain site | search index (public site) | reception point page "
              "(HTML + CSS + JS, gzip -6) | of which HTML / CSS / JS "
              "| all lieu pages' HTML gzip: median / max |",
              "|---|---|---|---|---|---|"]
    for r in results:
        w, p = r["page"], r["plain"]
        b = r.get("search")
        si = f"{b['engine']} {nb(b['files'])} files, {mib(b['bytes'])}" if b else "-"
        lines.append(
            f"| {nb(r['n'])} | {nb(p['files'])} files, {mib(p['bytes'])} | {si} "
            f"| {kio(w['gzip'])} ({kio(w['raw'])} raw, {len(w['items'])} files) "
            f"| {kio(w['html_gzip'])} / {kio(w['css_gzip'])} / {kio(w['js_gzip'])} "
            f"| {kio(r['lieux']['html_gzip_median'])} / {kio(r['lieux']['html_gzip_max'])} |")
    w = results[-1]["page"]
    lines += ["", f"Files of the page `{w['page']}` (N = {nb(results[-1]['n'])}): "
              + ", ".join(f"{i['url']} {kio(i['gzip'])}"
                          for i in w["items"])
              + (f"; external, not counted: {', '.join(w['external'])}" if w["external"] else "")]
    return "\n".join(lines)


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--_profile":
        print(profile_in_process(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, nargs="+", default=[1_000, OBJECTIF_N])
    parser.add_argument("--repeat", type=int, default=2, help="runs of each build (best of)")
    parser.add_argument("--keep", type=Path, help="work there (DIR/N/site...) and keep it")
    parser.add_argument("--json", type=Path, help="write the figures there")
    parser.add_argument("--profile", action="store_true",
                        help="cProfile an in-process build of the last N")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()

    racine = args.keep or Path(tempfile.mkdtemp(prefix="bench-site-"))
    results = []
    try:
        for n in args.records:
            work = racine / str(n)
            if work.exists():
                shutil.rmtree(work)
            work.mkdir(parents=True)
            results.append(bench(n, work, args.repeat))
        texte = report(results, args.repeat)
        print(texte, flush=True)
        profil = None
        if args.profile:
            last = results[-1]
            out = racine / f"profile-{last['n']}.prof"
            profil = profile_child(Path(last["config"]), out, args.top)
            print(f"\ncProfile of the public build, N = {nb(last['n'])} ({out}):\n{profil}")
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps({"date": dt.datetime.now().isoformat(
                timespec="seconds"), "repeat": args.repeat, "results": results,
                "table": texte, "profile": profil}, indent=1), encoding="utf-8")
    finally:
        if not args.keep:
            shutil.rmtree(racine, ignore_errors=True)


if __name__ == "__main__":
    main()
