"""Where a partner's change sits: the annuaire around a path, the files a git ref changed,
and which problems belong to them."""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from urllib.parse import quote, urlsplit

import yaml

from .config import GuideConfig
from .loader import FICHIER_PARTENAIRE
from .problems import Problem, Report

# An annuaire is annuaire/<partenaire>/<lieu>.yml; a misplaced file may sit one level
# deeper. Past that, a folder is not inside the annuaire any more.
_NIVEAUX_MAX = 4
_DELAI_GIT_S = 60
LIEN_MODIFICATION_DEFAUT: str = GuideConfig.lien_modification.default


class ErreurForge(Exception):
    """A French message for the partner: the git ref or a path cannot be used."""

    def __init__(self, message: str, indice: str) -> None:
        super().__init__(message)
        self.message = message
        self.indice = indice

    def __str__(self) -> str:
        return f"{self.message}\n    Conseil : {self.indice}"


def _est_racine(dossier: Path) -> bool:
    """A folder holding partner folders, and not itself one."""
    if (dossier / FICHIER_PARTENAIRE).is_file():
        return False
    try:
        enfants = [d for d in dossier.iterdir() if d.is_dir() and not d.name.startswith(".")]
    except OSError:
        return False
    return any((d / FICHIER_PARTENAIRE).is_file() for d in enfants)


def trouver_racine(chemin: Path) -> Path:
    """The annuaire that `chemin` (the annuaire, a partner folder or a file) belongs to.

    Walking up finds the nearest folder holding partner folders; when there is none (an
    annuaire whose every partenaire.yml is missing), a folder is taken as the annuaire
    itself and a file as annuaire/<partenaire>/<fichier>.
    """
    if not chemin.exists():
        return chemin  # the loader says it is not found
    depart = chemin if chemin.is_dir() else chemin.parent
    for dossier in [depart, *depart.parents][:_NIVEAUX_MAX]:
        if _est_racine(dossier):
            return dossier
    return chemin if chemin.is_dir() else chemin.parent.parent


def depot_git(dossier: Path) -> Path | None:
    """The top of the git work tree holding `dossier`, if it is in one."""
    try:
        sortie = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=dossier,
                                capture_output=True, text=True, timeout=_DELAI_GIT_S)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return Path(sortie.stdout.strip()) if sortie.returncode == 0 and sortie.stdout.strip() \
        else None


def base_depot(racine: Path) -> Path:
    """What paths are written from for a forge: the repository's top, else the folder
    holding the annuaire (annuaire/<partenaire>/<fichier>.yml, as in a repository)."""
    return depot_git(racine) or racine.resolve().parent


def _git(depot: Path, *args: str) -> str:
    try:
        sortie = subprocess.run(["git", *args], cwd=depot, capture_output=True, text=True,
                                timeout=_DELAI_GIT_S)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ErreurForge("git n'a pas pu être lancé", "installez git, ou donnez les "
                          "fichiers avec --fichiers") from exc
    if sortie.returncode != 0:
        raise ErreurForge(f"git a refusé « git {' '.join(args[:2])} » : "
                          f"{sortie.stderr.strip().splitlines()[-1] if sortie.stderr else ''}",
                          "vérifiez la référence (une branche comme origin/main, ou un "
                          "commit) ; en CI, récupérez l'historique (fetch-depth: 0)")
    return sortie.stdout


def fichiers_modifies(dossier: Path, depuis: str) -> list[Path]:
    """Files changed since the common ancestor of `depuis` and HEAD, uncommitted and new
    files included: on a pull request, what the partner changed and nothing that landed
    on the base branch meanwhile. Deleted files are left out (nothing to show there)."""
    if depuis.startswith("-"):
        raise ErreurForge(f"référence git invalide : « {depuis} »",
                          "une branche (origin/main) ou un commit")
    depot = depot_git(dossier)
    if depot is None:
        raise ErreurForge(f"{dossier} n'est pas dans un dépôt git",
                          "lancez la commande dans le dépôt, ou donnez les fichiers avec "
                          "--fichiers")
    base = _git(depot, "merge-base", depuis, "HEAD").strip()
    noms = _git(depot, "diff", "--name-only", "--diff-filter=d", "-z", base, "--").split("\0")
    noms += _git(depot, "ls-files", "--others", "--exclude-standard", "-z").split("\0")
    return sorted({(depot / nom) for nom in noms if nom})


@dataclass(frozen=True)
class Filtre:
    """Some files and folders: a problem passes when it is in one of them."""

    fichiers: frozenset[Path]
    dossiers: frozenset[Path]

    @classmethod
    def de(cls, chemins: Iterable[Path]) -> Filtre:
        fichiers: set[Path] = set()
        dossiers: set[Path] = set()
        for chemin in chemins:
            # Resolved, as git gives them: a symlinked checkout still matches.
            (dossiers if chemin.is_dir() else fichiers).add(chemin.resolve())
        return cls(frozenset(fichiers), frozenset(dossiers))

    def contient(self, problem: Problem) -> bool:
        if problem.fichier is None:
            # About the whole annuaire (not found...): everyone's business.
            return True
        chemin = problem.fichier.resolve()
        if chemin in self.fichiers or any(d in chemin.parents for d in self.dossiers):
            return True
        # A file that does not exist yet (a missing partenaire.yml) belongs to the
        # partner whose files are selected.
        return not chemin.exists() and any(f.parent == chemin.parent for f in self.fichiers)


@dataclass(frozen=True)
class Selection:
    """The problems shown: those passing every filter (a folder given, --fichiers,
    --depuis); the others are only counted."""

    filtres: tuple[Filtre, ...]

    def contient(self, problem: Problem) -> bool:
        return all(f.contient(problem) for f in self.filtres)


def partager(report: Report, selection: Selection | None) -> tuple[Report, Report]:
    """The problems to show and those only counted."""
    if selection is None or not selection.filtres:
        return report, Report()
    montres, autres = Report(), Report()
    for problem in report.problems:
        (montres if selection.contient(problem) else autres).add(problem)
    return montres, autres


# --- The forge the guide is published from ---------------------------------------------------


class Forge(StrEnum):
    GITHUB = "github"
    GITLAB = "gitlab"


class ChargeurTolerant(yaml.SafeLoader):
    """mkdocs.yml may hold tags (!ENV, !!python/name:) only MkDocs resolves; read as null."""


ChargeurTolerant.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class ReglagesForge:
    """What `mkdocs.yml` says about the repository: its address, the edit-link pattern."""

    depot_url: str | None = None
    lien_modification: str = LIEN_MODIFICATION_DEFAUT
    annuaire: str = "annuaire"

    @property
    def forge(self) -> Forge | None:
        hote = urlsplit(self.depot_url or "").hostname or ""
        if hote == "github.com" or hote.endswith(".github.com"):
            return Forge.GITHUB
        if "gitlab" in hote:
            return Forge.GITLAB
        return None

    @property
    def depot(self) -> tuple[str, str] | None:
        """(organisation or group, repository name) from the address."""
        parties = urlsplit(self.depot_url or "").path.strip("/").split("/")
        return (parties[0], parties[-1]) if len(parties) >= 2 and all(parties) else None

    def lien(self, chemin: str) -> str | None:
        """The "propose a change" link of a file (path from the repository's top)."""
        if not self.depot_url:
            return None
        return (self.lien_modification.replace("{depot_url}", self.depot_url.rstrip("/"))
                .replace("{chemin}", quote(chemin)))


def lire_reglages(mkdocs_yml: Path) -> ReglagesForge:
    """The plugin's options in mkdocs.yml; defaults when the file or the options are absent."""
    try:
        donnees = yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=ChargeurTolerant)
    except (OSError, yaml.YAMLError):
        return ReglagesForge()
    for plugin in (donnees or {}).get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("guide-solidarites"), dict):
            options = plugin["guide-solidarites"]
            return ReglagesForge(
                depot_url=options.get("depot_url") or None,
                lien_modification=str(options.get("lien_modification")
                                      or LIEN_MODIFICATION_DEFAUT),
                annuaire=str(options.get("annuaire") or "annuaire"))
    return ReglagesForge()
