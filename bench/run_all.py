"""Run every benchmark, print a summary table and write bench/results/latest.md.

    .venv/bin/python bench/run_all.py            # everything (about 30 to 60 min on 2 cores)
    .venv/bin/python bench/run_all.py --quick    # 1,000 records only (a few minutes)
    .venv/bin/python bench/run_all.py --only site carte --work /tmp/bench --resume

Each benchmark runs as a child process (its own interpreter, its own peak memory); the
child's stdout goes to WORK/NAME.out and, for the scripts that offer it, figures to
WORK/NAME.json. `--resume` skips a step whose WORK/NAME.out already exists (a run cut short,
or a step run by hand with the same layout: `bench_site.py --keep WORK/site --json
WORK/site.json > WORK/site.out`).

Steps: validation (bench_validation.py, 1,000 and 10,000 records), couverture
(bench_couverture.py, all of France's communes, 10,000 points), site (bench_site.py,
public build 1,000 and 10,000 records vs plain mkdocs-material), carte (bench_carte.py on
the 10,000-record site the site step kept), search (bench_search.py, if it takes
--records; its owner keeps bench/results/search.md, this only copies its output).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PYTHON = ROOT / ".venv" / "bin" / "python"
RESULTS = BENCH / "results"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}


@dataclass
class Step:
    name: str
    title: str
    args: list[str]
    json: bool = False
    out: str = ""
    rusage: dict[str, float] = field(default_factory=dict)
    data: dict[str, Any] | None = None
    failed: str = ""


def steps(quick: bool, work: Path, repeat: int, profile: bool) -> list[Step]:
    tailles = ["1000"] if quick else ["1000", "10000"]
    grand = tailles[-1]
    site_args = ["--records", *tailles, "--repeat", str(repeat), "--keep", str(work / "site"),
                 "--json", str(work / "site.json")] + (["--profile"] if profile else [])
    result = [
        Step("validation", "Validation (load + valider)",
             ["bench/bench_validation.py", *[a for n in tailles for a in ("-n", n)]]),
        Step("couverture", "Coverage of France's communes",
             ["bench/bench_couverture.py", "--points", grand]
             + (["--repeat", "3"] if quick else [])),
        Step("site", "Public guide build vs plain mkdocs-material", ["bench/bench_site.py",
             *site_args], json=True),
        Step("carte", f"Map at {int(grand):,} records".replace(",", " "),
             ["bench/bench_carte.py", "--site", str(work / "site" / grand / "site"),
              "--json", str(work / "carte.json")], json=True),
    ]
    search = BENCH / "bench_search.py"
    if search.exists() and "--records" in search.read_text(encoding="utf-8"):
        # No --output: bench/results/search.md belongs to the search benchmark's owner.
        result.append(Step("search", "Search (lunr vs Pagefind)",
                           ["bench/bench_search.py", "--records", *tailles]))
    return result


def run(step: Step, work: Path, resume: bool) -> None:
    out, err = work / f"{step.name}.out", work / f"{step.name}.err"
    usage = work / f"{step.name}.rusage.json"
    if resume and out.exists() and out.stat().st_size:
        print(f"== {step.name}: resumed from {out}", flush=True)
    else:
        print(f"== {step.name}: {' '.join(step.args)}", flush=True)
        with out.open("wb") as fo, err.open("wb") as fe:
            start = time.perf_counter()
            proc = subprocess.Popen([str(PYTHON), *step.args], cwd=ROOT, env=ENV, stdout=fo,
                                    stderr=fe)
            _, status, ru = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
        step.rusage = {"wall_s": time.perf_counter() - start, "cpu_s": ru.ru_utime + ru.ru_stime,
                       "maxrss_mib": ru.ru_maxrss / 1024, "returncode": proc.returncode}
        usage.write_text(json.dumps(step.rusage), encoding="utf-8")
    step.out = out.read_text(encoding="utf-8", errors="replace")
    if usage.exists():
        step.rusage = json.loads(usage.read_text(encoding="utf-8"))
    if step.rusage.get("returncode"):
        step.failed = (err.read_text(encoding="utf-8", errors="replace")[-3000:]
                       if err.exists() else "failed")
    data = work / f"{step.name}.json"
    if step.json and data.exists():
        step.data = json.loads(data.read_text(encoding="utf-8"))
    print(step.out if not step.failed else f"FAILED:\n{step.failed}", flush=True)


# --- Summary --------------------------------------------------------------------------------

def summary(done: dict[str, Step]) -> list[tuple[str, str, str, str]]:
    """(benchmark, figure, value, target) rows."""
    rows: list[tuple[str, str, str, str]] = []
    if (s := done.get("validation")) and not s.failed:
        # The script's line, e.g. "10000 lieux (10834 fichiers), en temps CPU : chargement
        # 7.06 s, validation complète 7.22 s (horloge 26.98 s), ... pic mémoire 305.2 Mio".
        for m in re.finditer(r"^\s*(\d+) lieux \((\d+) fichiers\)(?P<cpu>[^:]*): chargement"
                             r"\s+(?P<load>[\d.]+) s, validation complète\s+(?P<val>[\d.]+) s"
                             r"(?: \(horloge (?P<wall>[\d.]+) s\))?.*?pic mémoire\s+"
                             r"(?P<mem>[\d.]+) Mio.*?avertissements(?P<verdict>.*)$", s.out, re.M):
            n, unite = int(m[1]), "CPU" if "CPU" in m["cpu"] else "wall"
            mur = f" (wall {m['wall']} s)" if m["wall"] else ""
            verdict = m["verdict"].strip()
            rows.append(("validation", f"{n:,}".replace(",", " ") + " records: load / full "
                         f"validation, {unite}, best of 3; traced peak",
                         f"{m['load']} s / {m['val']} s{mur}; {m['mem']} Mio",
                         f"< 2 s{' (' + verdict + ')' if verdict else ''}"
                         if n == 10_000 else ""))
    if (s := done.get("couverture")) and not s.failed:
        m = re.search(r"total : analyse complète\s+([\d.]+) ms", s.out)
        c = re.search(r"communes chargées\s+([\d,]+)", s.out)
        p = re.search(r"lieux / permanences\s+([\d,]+) / ([\d,]+)", s.out)
        if m:
            rows.append(("couverture", f"analyser_couverture, {c[1] if c else '?'} communes, "
                         f"{p[1] if p else '?'} places + {p[2] if p else '?'} permanences "
                         "(best of runs)", f"{m[1]} ms", ""))
    if (s := done.get("site")) and s.data:
        for r in s.data["results"]:
            g, p, n = r["guide"], r["plain"], f"{r['n']:,}".replace(",", " ")
            cible = ""
            if r["n"] == 10_000:
                cible = "≤ plain build: " + ("met" if r["ratio_cpu"] <= 1 else "MISSED")
            rows += [
                ("site", f"{n} records: public build wall / CPU / peak RSS",
                 f"{g['wall_s']:.1f} s / {g['cpu_s']:.1f} s / {g['maxrss_mib']:.0f} Mio", ""),
                ("site", f"{n} pages: plain mkdocs-material wall / CPU / peak RSS",
                 f"{p['wall_s']:.1f} s / {p['cpu_s']:.1f} s / {p['maxrss_mib']:.0f} Mio", ""),
                ("site", f"{n}: ratio guide / plain (wall, CPU)",
                 f"{r['ratio_wall']:.2f}, {r['ratio_cpu']:.2f}", cible),
                ("site", f"{n}: public site size",
                 f"{g['files']:,}".replace(",", " ") + f" files, {g['bytes'] / 2**20:.1f} Mio",
                 ""),
                ("site", f"{n}: reception point page + CSS + JS, gzip -6",
                 f"{r['page']['gzip'] / 1024:.1f} Kio (HTML {r['page']['html_gzip'] / 1024:.1f}"
                 " Kio)", ""),
            ]
    if (s := done.get("carte")) and s.data:
        g = s.data["points"]
        rows.append(("carte", f"{g['fichier']} (" + f"{g['features']:,}".replace(",", " ")
                     + " places) raw / gzip -6",
                     f"{g['raw'] / 2**20:.2f} Mio / {g['gzip6'] / 1024:,.0f} Kio"
                     .replace(",", " "), ""))
        for rate, m in s.data["runs"].items():
            cpu = "" if rate == "1" else f", CPU throttled {rate}x"
            rows.append(("carte", f"navigation → clusters drawn (median of "
                         f"{len(m['all'])}{cpu})", f"{m['median_grappes_ms']:,.0f} ms"
                         .replace(",", " "), ""))
    if (s := done.get("search")) and not s.failed:
        builds = [ligne for ligne in s.out.splitlines()
                  if re.match(r"^\| [\d ]+ \| [\d.]+ s", ligne)]
        for ligne in builds:
            cells = [c.strip() for c in ligne.strip("|").split("|")]
            rows.append(("search", f"{cells[0]} pages: lunr index gzip / Pagefind index time",
                         f"{cells[3]} / {cells[4]}", ""))
    for s in done.values():
        if s.failed:
            rows.append((s.name, "FAILED", s.failed.strip().splitlines()[-1][:120], ""))
    return rows


def table(rows: list[tuple[str, str, str, str]]) -> str:
    lines = ["| benchmark | figure | value | target |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    return "\n".join(lines)


def machine() -> str:
    modele = "?"
    try:
        for ligne in Path("/proc/cpuinfo").read_text().splitlines():
            if ligne.startswith("model name"):
                modele = ligne.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = []
    for paquet in ("mkdocs", "mkdocs-material", "playwright"):
        try:
            from importlib.metadata import version
            versions.append(f"{paquet} {version(paquet)}")
        except Exception:  # noqa: BLE001
            pass
    try:
        chromium = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True,
                                  text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        chromium = "chromium ?"
    memoire = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memoire = f", {kb / 2**20:.0f} Gio RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (f"{modele}, {os.cpu_count()} cores{memoire}; Python {platform.python_version()}, "
            f"{', '.join(versions)}, {chromium}")


def write_results(path: Path, done: dict[str, Step], rows: list[tuple[str, str, str, str]],
                  debut: dt.datetime, charges: tuple[str, str], quick: bool) -> None:
    parts = [
        "# Benchmarks: latest figures", "",
        f"Run by `bench/run_all.py{' --quick' if quick else ''}` on "
        f"{debut:%Y-%m-%d} from {debut:%H:%M} to {dt.datetime.now():%H:%M}.", "",
        f"Machine: {machine()}.", "",
        f"Load average (1/5/15 min) at start: {charges[0]}; at end: {charges[1]}. A shared "
        "machine: other jobs ran at the same time, so CPU time (user + sys of the child) is "
        "the figure to compare, wall time is indicative.", "",
        "## Summary", "", table(rows), "",
        "## Steps (wall / CPU / peak RSS of each benchmark process, all runs included)", "",
        "| step | command | wall | CPU | peak RSS |", "|---|---|---|---|---|",
    ]
    for s in done.values():
        r = s.rusage
        parts.append(f"| {s.name} | `{' '.join(s.args)}` | "
                     + (f"{r['wall_s']:.0f} s | {r['cpu_s']:.0f} s | {r['maxrss_mib']:.0f} Mio |"
                        if r else "- | - | - |"))
    for s in done.values():
        parts += ["", f"## {s.title} (`{s.args[0]}`)", ""]
        if s.failed:
            parts += ["```", s.failed.strip(), "```"]
            continue
        texte = (s.data or {}).get("table") or s.out.strip()
        if s.name in ("validation", "couverture"):
            texte = "```\n" + s.out.strip() + "\n```"
        elif s.name == "search" and "\n| N |" in texte:
            texte = texte[texte.index("\n| N |") + 1:]  # its final tables, not the progress
        parts.append(texte)
        if s.data and s.data.get("profile"):
            parts += ["", "cProfile of the in-process public build (last N), top functions "
                      "by cumulative then own time:", "", "```",
                      _trim_profile(s.data["profile"]), "```"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")


def _trim_profile(texte: str) -> str:
    """pstats output without its long path prefixes."""
    texte = texte.replace(str(ROOT / ".venv/lib/python3.11/site-packages") + "/", "")
    texte = texte.replace(str(ROOT) + "/", "")
    return re.sub(r"/usr/lib/python3\.11/", "", texte).strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 records only")
    parser.add_argument("--only", nargs="+", help="run only these steps")
    parser.add_argument("--skip", nargs="+", default=[], help="skip these steps")
    parser.add_argument("--work", type=Path, help="working folder, kept (else a temporary one)")
    parser.add_argument("--resume", action="store_true",
                        help="reuse the outputs of steps already in --work")
    parser.add_argument("--repeat", type=int, default=2, help="builds per size in bench_site")
    parser.add_argument("--no-profile", action="store_true",
                        help="skip bench_site's cProfile run")
    parser.add_argument("--output", type=Path,
                        help="results file (default bench/results/latest.md, or "
                        "latest-quick.md with --quick)")
    args = parser.parse_args()

    work = args.work or Path(tempfile.mkdtemp(prefix="bench-all-"))
    work.mkdir(parents=True, exist_ok=True)
    output = args.output or RESULTS / ("latest-quick.md" if args.quick else "latest.md")
    debut = dt.datetime.now()
    charge_debut = " ".join(f"{x:.1f}" for x in os.getloadavg())
    done: dict[str, Step] = {}
    try:
        for step in steps(args.quick, work, args.repeat, not args.no_profile):
            if (args.only and step.name not in args.only) or step.name in args.skip:
                continue
            run(step, work, args.resume)
            done[step.name] = step
        rows = summary(done)
        print("\n" + table(rows))
        charges = (charge_debut, " ".join(f"{x:.1f}" for x in os.getloadavg()))
        write_results(output, done, rows, debut, charges, args.quick)
        print(f"\n{output}")
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    if any(s.failed for s in done.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
