"""Build time of N generated reception point pages vs N hand-written Markdown pages, and
what a first visit of one of those pages downloads.

    .venv/bin/python bench/bench_pages.py 2000
    .venv/bin/python bench/bench_pages.py 20 --poids     # the weights only, in seconds

Both sites use the same theme settings (mkdocs-material, the guide's overrides and nav).
The Markdown pages hold what a record page shows (title, contact, address, a week of
hours, themes, accessibility) so that the comparison is like for like. CPU time of the
child `mkdocs build` is reported, as the wall clock is noisy on shared machines.

Weights (bench/poids.py): HTML + the stylesheets and scripts its markup loads, gzip -6, of
the fixture's richest place page in the public and the professional builds, of an editorial
page of the guide, and of a hand-written page of the plain mkdocs-material site built in the
same run.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.poids import BUDGET_FICHE, poids_premiere_visite  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "site"
COMMUNES = [("72264", "72300", 47.8404, -0.3334), ("72181", "72000", 48.0074, 0.1968),
            ("72154", "72200", 47.699, -0.076)]

MARKDOWN = """---
title: "{nom}"
---

# {nom}

CCAS / CIAS · [Centre communal d'action sociale](../partenaires.md)

**Premier accueil social.** Tout le monde peut venir, pour toute question, sans condition.

**Fermé du 24 décembre 2026 au 26 décembre 2026.** Congés de fin d'année.

Accueil, écoute et orientation pour toute question. Aide pour les démarches.

## Contacter

- [Appeler le 02 43 62 50 10](tel:+33243625010)
- [Écrire à accueil@example.org](mailto:accueil@example.org)
- [Faire la démarche en ligne](https://www.example.org/demarches)

Vous pouvez être reçu : sans rendez-vous, sur rendez-vous, par téléphone, par courriel.

## Adresse

1 place Raphaël Élizé
72300 Sablé-sur-Sarthe

- [Itinéraire jusqu'à ce lieu (OpenStreetMap)](https://www.openstreetmap.org/directions?route=%3B47.84%2C-0.33)
- [Voir ce lieu sur la carte OpenStreetMap](https://www.openstreetmap.org/?mlat=47.84&mlon=-0.33)

**Pour venir :** Bus ligne 2, arrêt Mairie.

## Horaires

### Sans rendez-vous

- **lundi :** 9 h – 12 h, 14 h – 17 h
- **mardi :** 9 h – 12 h, 14 h – 17 h
- **mercredi :** 9 h – 12 h, 14 h – 17 h
- **jeudi :** 9 h – 12 h, 14 h – 17 h
- **vendredi :** 9 h – 12 h, 14 h – 17 h
- **samedi :** fermé
- **dimanche :** fermé

Fermé les jours fériés

### Sur rendez-vous

- **lundi :** fermé
- **mardi :** 14 h – 18 h
- **mercredi :** fermé
- **jeudi :** 14 h – 18 h
- **vendredi :** fermé
- **samedi :** fermé
- **dimanche :** fermé

Fermé les jours fériés

### Au téléphone

- **lundi :** 9 h – 12 h
- **mardi :** 9 h – 12 h
- **mercredi :** 9 h – 12 h
- **jeudi :** 9 h – 12 h
- **vendredi :** 9 h – 12 h
- **samedi :** fermé
- **dimanche :** fermé

Fermé les jours fériés

## Pour qui, pour quoi

- Tous publics
- [Argent et budget](../partenaires.md) : Améliorer sa gestion budgétaire

## Services

### Conseil pour gérer son budget

Un rendez-vous pour faire le point sur vos dépenses et vos dettes.

- Pour : Tous publics
- Gratuit

## Documents à apporter

- Une pièce d'identité, si vous en avez une
- Vos derniers avis d'imposition

Si vous n'avez pas ces documents, venez quand même : on vous aidera.

## Accueil et accessibilité

- Gratuit
- Accessible en fauteuil roulant.
- Langues parlées : français, anglais, arabe.

- Accueil en langue des signes française (LSF).
- Un interprète peut être présent : demandez-le.
- Aide sur place pour utiliser un ordinateur et faire vos démarches en ligne.

[Détails de l'accessibilité de ce lieu sur Acceslibre](https://acceslibre.beta.gouv.fr/)

Informations vérifiées le 1er octobre 2026 par CCAS de Sablé-sur-Sarthe, accueil.
"""


def write_markdown_site(markdown: Path, n: int) -> Path:
    """A plain mkdocs-material site (the guide's theme settings, no guide plugin) of N
    hand-written reception point pages under `markdown`; returns its mkdocs.yml.

    Also used by bench_site.py as the baseline of the public build."""
    shutil.copytree(FIXTURE, markdown)
    config = markdown / "mkdocs.yml"
    config.write_text(
        (FIXTURE / "mkdocs.yml").read_text()
        .replace("../../../overrides", str(ROOT / "overrides"))
        .split("  - guide-solidarites:")[0]
        + "markdown_extensions:\n  - admonition\n  - toc\n"
          "nav:\n  - Comprendre: ressources.md\n  - Urgences: urgences.md\n"
          "not_in_nav: |\n  /lieux/\n")
    (markdown / "ressources/lieux").mkdir()
    (markdown / "ressources/partenaires.md").write_text("# Partenaires\n")
    for i in range(n):
        (markdown / f"ressources/lieux/lieu-{i:05d}.md").write_text(
            MARKDOWN.format(nom=f"Lieu d'accueil numéro {i}"))
    return config


def cpu_build(config: Path, site: Path) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([str(ROOT / ".venv/bin/mkdocs"), "build", "-q", "-f", str(config),
                    "-d", str(site)], check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


LIEU = "lieux/ccas-sable-centre/"
"""The fixture's richest place page: measured in both variants."""


def pro_config(guide: Path) -> Path:
    """The professional variant of the guide copied at `guide`, as mkdocs.pro.yml makes it."""
    config = guide / "mkdocs.pro.yml"
    texte = (guide / "mkdocs.yml").read_text()
    config.write_text(texte.replace(
        "variant: !ENV [GUIDE_VARIANTE, public]",
        "variant: pro\n      annuaire_pro: annuaire-pro\n"
        "      depot_pro_url: https://forge.example.org/cd72/annuaire-pro").replace(
        "  - assets/stylesheets/guide.css\n",
        "  - assets/stylesheets/guide.css\n  - assets/stylesheets/pro.css\n"))
    return config


def poids(work: Path) -> str:
    """The first-visit weights of the sites built under `work`, as a Markdown table."""
    mesures = [
        ("guide, place page (public)", poids_premiere_visite(work / "site-guide", LIEU)),
        ("guide, place page (pro)", poids_premiere_visite(work / "site-pro", LIEU)),
        ("guide, editorial page", poids_premiere_visite(work / "site-guide", "ressources/")),
        ("plain mkdocs-material page", poids_premiere_visite(
            work / "site-markdown", "lieux/lieu-00000/")),
    ]
    lignes = ["| first visit, gzip -6 | HTML | CSS + JS | total | files |", "|---|---|---|---|---|"]
    for nom, p in mesures:
        html = p.fichiers[p.page]
        lignes.append(f"| {nom} | {html / 1024:.1f} KiB | {(p.gzip - html) / 1024:.1f} KiB "
                      f"| **{p.gzip / 1024:.1f} KiB** | {len(p.fichiers)} |")
    lignes.append(f"\nBudget of a public place page: {BUDGET_FICHE / 1024:.0f} KiB.\n")
    lignes += [p.detail() for _, p in mesures[:2]]
    return "\n".join(lignes)


def main(n: int, seulement_poids: bool = False) -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    # The guide: the fixture site with N copies of its richest reception point.
    guide = work / "guide"
    shutil.copytree(FIXTURE, guide)
    (guide / "mkdocs.yml").write_text((FIXTURE / "mkdocs.yml").read_text().replace(
        "../../../overrides", str(ROOT / "overrides")))
    modele = yaml.safe_load((FIXTURE / "annuaire/ccas-sable/ccas-sable-centre.yml").read_text())
    modele.pop("pro", None)
    for i in range(n):
        insee, cp, lat, lon = COMMUNES[i % len(COMMUNES)]
        lieu = dict(modele, nom=f"Lieu d'accueil numéro {i}", code_insee=insee,
                    code_postal=cp, coordonnees={"latitude": lat, "longitude": lon,
                                                 "precision": "commune"})
        (guide / f"annuaire/ccas-sable/lieu-{i:05d}.yml").write_text(
            yaml.safe_dump(lieu, allow_unicode=True))
    # The same number of hand-written pages, in a plain mkdocs-material site.
    markdown = work / "markdown"
    write_markdown_site(markdown, n)
    if os.environ.get("BENCH_KEEP"):
        print(work)
        return
    t_markdown = cpu_build(markdown / "mkdocs.yml", work / "site-markdown")
    t_guide = cpu_build(guide / "mkdocs.yml", work / "site-guide")
    t_pro = cpu_build(pro_config(guide), work / "site-pro")
    if not seulement_poids:
        print(f"{n} pages: guide (generated, records) {t_guide:.1f} s CPU "
              f"(pro {t_pro:.1f} s); plain mkdocs-material (Markdown) {t_markdown:.1f} s CPU; "
              f"ratio {t_guide / t_markdown:.2f}")
    print(poids(work))
    shutil.rmtree(work)


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(int(arguments[0]) if arguments else 2000, "--poids" in sys.argv)
