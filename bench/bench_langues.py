"""What each language costs the public build: CPU time at N records with French only, French
and English, and all five languages, and the weight a language adds to a page.

    .venv/bin/python bench/bench_langues.py                   # N = 1,000 and 10,000
    .venv/bin/python bench/bench_langues.py --records 1000 --repeat 1

CPU time (user + sys of the `mkdocs build` child, os.wait4) rather than wall time: the
machine may be shared. "Per language" is (all five - French only) / 4. Page weight: the
same reception point page in French and in English (HTML, gzip -6), the home page's HTML,
and the files every page of a language adds (the scripts' translations table is inline).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_site import best, guide_config, gz, run_build, site_size  # noqa: E402
from bench.synthetic import generate_annuaire  # noqa: E402

JEUX = {"fr": ["fr"], "fr+en": ["fr", "en"], "toutes": ["fr", "en", "ar", "uk", "es"]}


def config_langues(base: Path, langues: list[str]) -> Path:
    """The bench config with the plugin's `langues` option set."""
    donnees = yaml.safe_load(base.read_text(encoding="utf-8"))
    for plugin in donnees["plugins"]:
        if isinstance(plugin, dict) and "guide-solidarites" in plugin:
            plugin["guide-solidarites"]["langues"] = langues
    chemin = base.with_name(f"mkdocs.{'-'.join(langues)}.yml")
    chemin.write_text(yaml.safe_dump(donnees, allow_unicode=True, sort_keys=False),
                      encoding="utf-8")
    return chemin


def poids(site: Path) -> dict[str, Any]:
    lieu = sorted((site / "lieux").iterdir())[0].name
    fr = (site / "lieux" / lieu / "index.html").read_bytes()
    en_chemin = site / "en" / "lieux" / lieu / "index.html"
    en = en_chemin.read_bytes() if en_chemin.exists() else b""
    return {"lieu": lieu, "lieu_fr_gzip": gz(fr), "lieu_en_gzip": gz(en) if en else None,
            "accueil_fr_gzip": gz((site / "index.html").read_bytes())}


def bench(n: int, work: Path, repeat: int, jeux: list[str]) -> dict[str, Any]:
    annuaire = work / f"annuaire-{n}"
    if not annuaire.exists():
        generate_annuaire(annuaire, n_lieux=n, seed=1, departement="72")
    base = guide_config(work, annuaire, work / "site")
    resultat: dict[str, Any] = {"records": n}
    for nom, langues in [(j, JEUX[j]) for j in jeux]:
        config = config_langues(base, langues)
        site = work / f"site-{nom}-{n}"
        runs = [run_build(config, site) for _ in range(repeat)]
        resultat[nom] = best(runs) | site_size(site) | poids(site)
    fr = resultat.get("fr")
    if fr is None:
        return resultat
    # Per language: from all five when they were built, else from French and English.
    if "toutes" in resultat:
        toutes = resultat["toutes"]
        resultat["cpu_par_langue_s"] = (toutes["cpu_s"] - fr["cpu_s"]) / 4
        resultat["octets_par_langue"] = (toutes["bytes"] - fr["bytes"]) / 4
    if "fr+en" in resultat:
        resultat["cpu_en_s"] = resultat["fr+en"]["cpu_s"] - fr["cpu_s"]
        resultat.setdefault("octets_par_langue", resultat["fr+en"]["bytes"] - fr["bytes"])
    return resultat


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, action="append")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--jeux", nargs="+", choices=list(JEUX), default=list(JEUX),
                        help="sets of languages (fr with fr+en or toutes: a language's cost)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as dossier:
        resultats = [bench(n, Path(dossier), args.repeat, args.jeux)
                     for n in args.records or [1000, 10000]]
    texte = json.dumps(resultats, indent=2)
    if args.json:
        args.json.write_text(texte + "\n", encoding="utf-8")
    print(texte)


if __name__ == "__main__":
    main()
