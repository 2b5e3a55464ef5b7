"""`guide migrer`: bring a département's repository to this version's format.

Each change of format a version makes (a field or an option renamed or removed) is a
`Migration`: how to recognise a repository that still has the old format, what to tell
its coordinator (`guide valider` prints it), and how to convert its files. Every
migration plans and checks all its changes first; files are written only when the whole
plan holds, and nothing existing is overwritten.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .codes import probleme
from .forge import ChargeurTolerant
from .problems import Problem
from .separation import RapportSeparation, planifier, separer

COMMANDE = "guide migrer"
ANNUAIRE_PRO_DEFAUT = "annuaire-pro"
CODE_PRO_PUBLIC = "pro-dans-annuaire-public"
"""The loader's problem for a `pro:` block in the public tree: the old format's mark."""


@dataclass(frozen=True)
class Migration:
    code: str
    version: str
    """The version that made the change (its CHANGELOG section)."""
    avant: str
    apres: str


PRO_SEPARE = Migration(
    code="pro-separe", version="1.0.0",
    avant="les informations réservées aux professionnels sont dans des blocs « pro: » des "
    "fiches publiques",
    apres="elles sont dans l'annuaire professionnel, un dépôt privé à part (option "
    "« annuaire_pro » de mkdocs.pro.yml)")

MIGRATIONS: tuple[Migration, ...] = (PRO_SEPARE,)


def avis(migrations: list[Migration]) -> list[str]:
    """What `guide valider` says of a repository in an older format, in French."""
    return [f"Format antérieur à la version {m.version} du paquet : {m.avant} ; depuis, "
            f"{m.apres}.\n    Conseil : lancez « {COMMANDE} » (ou « make migrer ») à la racine "
            f"du dépôt : il convertit les fichiers ; voir le CHANGELOG.md du paquet, version "
            f"{m.version}." for m in migrations]


def a_migrer(report_problems: list[Problem]) -> list[Migration]:
    """The migrations a validation report shows are due."""
    if any(p.code == CODE_PRO_PUBLIC for p in report_problems):
        return [PRO_SEPARE]
    return []


# --- mkdocs.pro.yml --------------------------------------------------------------------------


def _options_plugin(texte: str) -> dict[str, Any] | None:
    donnees = yaml.load(texte, Loader=ChargeurTolerant)  # noqa: S506 - a SafeLoader subclass
    for plugin in (donnees or {}).get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("guide-solidarites"), dict):
            options: dict[str, Any] = plugin["guide-solidarites"]
            return options
    return None


_ENTREE_PLUGIN = re.compile(r"^(?P<tiret>[ \t]*-[ \t]+)guide-solidarites[ \t]*:[ \t]*(#.*)?$")


def ajouter_option(texte: str, nom: str, valeur: str) -> str | None:
    """`texte` (a mkdocs.yml) with `nom: valeur` added as the plugin's first option, every
    other byte kept; None when the plugin's options are not written as a block this can
    extend (the result is read back to be sure)."""
    lignes = texte.splitlines(keepends=True)
    for i, ligne in enumerate(lignes):
        entete = _ENTREE_PLUGIN.match(ligne.rstrip("\r\n"))
        if not entete:
            continue
        suivante = next((j for j in range(i + 1, len(lignes))
                         if lignes[j].strip() and not lignes[j].lstrip().startswith("#")), None)
        if suivante is None:
            return None
        retrait = re.match(r"[ \t]*", lignes[suivante])
        assert retrait is not None
        if len(retrait.group()) <= len(entete.group("tiret")) - 2:
            return None
        fin = "\r\n" if ligne.endswith("\r\n") else "\n"
        nouvelle = f"{retrait.group()}{nom}: {valeur}{fin}"
        resultat = "".join([*lignes[:i + 1], nouvelle, *lignes[i + 1:]])
        avant, apres = _options_plugin(texte), _options_plugin(resultat)
        if avant is None or apres != {nom: yaml.safe_load(valeur), **avant}:
            return None
        return resultat
    return None


# --- The migration ---------------------------------------------------------------------------


@dataclass
class RapportMigration:
    depot: Path
    separation: RapportSeparation | None = None
    fichiers_ecrits: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    remarques: list[str] = field(default_factory=list)

    @property
    def reussi(self) -> bool:
        return not self.problems and (self.separation is None or self.separation.reussi)

    def lignes(self) -> list[str]:
        out = [p.format(self.depot) for p in self.problems]
        if self.separation is not None:
            out += self.separation.lignes()
        if not self.reussi:
            out.append("Migration refusée : aucun fichier n'a été modifié.")
            return out
        out += [f"{_relatif(p, self.depot)} : mis à jour" for p in self.fichiers_ecrits]
        out += self.remarques
        if self.separation is None and not self.fichiers_ecrits:
            out.append("Rien à migrer : le dépôt suit déjà le format de cette version.")
        return out


def _relatif(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return str(path)


def _ecrire(path: Path, texte: str) -> None:
    temporaire = path.with_name(f".{path.name}.migrer")
    temporaire.write_bytes(texte.encode("utf-8"))
    os.replace(temporaire, path)


def migrer(depot: Path, vers: Path | None = None) -> RapportMigration:
    """Convert the repository at `depot` (its mkdocs.yml, mkdocs.pro.yml and annuaire) to
    this version's format, or change nothing."""
    rapport = RapportMigration(depot)
    config = depot / "mkdocs.yml"
    config_pro = depot / "mkdocs.pro.yml"
    if not config.is_file():
        rapport.problems.append(probleme("migration-depot", depot=depot))
        return rapport
    options = _options_plugin(config.read_text(encoding="utf-8")) or {}
    annuaire = depot / str(options.get("annuaire") or "annuaire")
    texte_pro = config_pro.read_text(encoding="utf-8") if config_pro.is_file() else None
    options_pro = (_options_plugin(texte_pro) if texte_pro is not None else None) or {}
    deja = options_pro.get("annuaire_pro")
    cible = vers or (depot / str(deja) if deja else depot / ANNUAIRE_PRO_DEFAUT)

    # 1.0.0: the `pro:` blocks move to the professional tree, which mkdocs.pro.yml names.
    separation = planifier(annuaire, cible)
    if separation.deplacements or not separation.reussi:
        rapport.separation = separation
    nouveau_pro: str | None = None
    if texte_pro is not None and not deja and (separation.deplacements or cible.is_dir()):
        valeur = os.path.relpath(cible.resolve(), depot.resolve())
        nouveau_pro = ajouter_option(texte_pro, "annuaire_pro", _scalaire(valeur))
        if nouveau_pro is None:
            rapport.problems.append(probleme("migration-config", fichier=config_pro,
                                             annuaire_pro=valeur))
    ignore = _a_ignorer(depot, cible) if separation.deplacements else None
    if not rapport.reussi:
        return rapport

    if rapport.separation is not None:
        rapport.separation = separer(annuaire, cible)
        if not rapport.separation.reussi:
            return rapport
        rapport.remarques.append(
            "L'historique du dépôt public contient encore les anciens blocs « pro: » : "
            "si ce dépôt est public, demandez à la forge de purger cet historique.")
    if nouveau_pro is not None:
        _ecrire(config_pro, nouveau_pro)
        rapport.fichiers_ecrits.append(config_pro)
    if ignore is not None:
        chemin, texte = ignore
        _ecrire(chemin, texte)
        rapport.fichiers_ecrits.append(chemin)
        rapport.remarques.append(
            f"{_relatif(cible, depot)}/ est exclu du dépôt public (.gitignore) : faites-en un "
            "dépôt privé (voir deploy/README.md du paquet).")
    return rapport


def _scalaire(valeur: str) -> str:
    """A path as a YAML value: as it is when plain, else quoted (JSON strings are YAML)."""
    if re.fullmatch(r"(\.\./)*[A-Za-z0-9_][A-Za-z0-9._/-]*", valeur):
        return valeur
    return json.dumps(valeur, ensure_ascii=False)


def _a_ignorer(depot: Path, cible: Path) -> tuple[Path, str] | None:
    """The .gitignore that keeps a professional tree inside the repository out of it."""
    try:
        relatif = cible.resolve().relative_to(depot.resolve()).as_posix()
    except ValueError:
        return None  # beside the repository: nothing of it can be committed here
    regle = f"/{relatif}/"
    chemin = depot / ".gitignore"
    existant = chemin.read_text(encoding="utf-8") if chemin.is_file() else ""
    if regle in existant.splitlines():
        return None
    ajout = ("" if not existant or existant.endswith("\n") else "\n") + (
        "# L'annuaire professionnel est un dépôt privé à part : jamais dans ce dépôt public.\n"
        f"{regle}\n")
    return chemin, existant + ajout
