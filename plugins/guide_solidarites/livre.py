"""Files of the repository's top level that the package ships: where to find them.

The theme overrides, the forge pipelines and the editorial pages have one source, at the
top level of this repository (the product's layout). Building the wheel copies them under
`guide_solidarites/livre/` (see setup.py); an installed package reads them there, a
working copy (editable install) at the top level. Nothing else may read them by path.
"""

from __future__ import annotations

from pathlib import Path

PAQUET = Path(__file__).parent
DOSSIER_LIVRE = "livre"

LIVRES: tuple[str, ...] = (
    "overrides",
    "ressources",
    ".github/workflows/verification.yml",
    ".github/workflows/campagne.yml",
    ".github/PULL_REQUEST_TEMPLATE.md",
    ".gitlab-ci.yml",
    ".gitlab/merge_request_templates/Default.md",
    "CHANGELOG.md",
    "CONTRIBUTING.md",
)
"""Repository paths copied into the wheel, each under the same relative path."""


class LivreIntrouvable(FileNotFoundError):
    """A shipped file is missing: a broken installation, not a user's mistake."""


def chemin_livre(chemin: str) -> Path:
    """Where the shipped file or folder `chemin` (a repository path of LIVRES) is."""
    if chemin not in LIVRES:
        raise KeyError(chemin)
    installe = PAQUET / DOSSIER_LIVRE / chemin
    if installe.exists():
        return installe
    # A working copy: plugins/guide_solidarites/ sits two levels below the top.
    depot = PAQUET.parents[1] / chemin
    if depot.exists():
        return depot
    raise LivreIntrouvable(
        f"fichier du paquet introuvable : {chemin} (ni dans {installe}, ni dans {depot}) ; "
        "réinstallez guide-solidarites")


def dossier_theme() -> Path:
    """The theme overrides (templates, stylesheets, scripts, vendored libraries)."""
    return chemin_livre("overrides")
