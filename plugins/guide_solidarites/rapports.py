"""A validation report in the forms a forge reads: GitHub workflow commands, a GitLab
Code Quality report, and a stable JSON for other tools."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any

from .problems import Gravite, Problem, Report


class Format(StrEnum):
    TEXTE = "texte"
    GITHUB = "github"
    GITLAB = "gitlab"
    JSON = "json"


VERSION_JSON = 1
"""Raised when a key of the JSON report changes meaning or disappears."""

# GitLab's Code Quality severities: an error blocks the merge, a warning is a chore.
_SEVERITE_GITLAB = {Gravite.ERREUR: "major", Gravite.AVERTISSEMENT: "minor"}


def chemin_relatif(fichier: Path | None, base: Path) -> str | None:
    """The file's path from `base` (the repository's top), with forward slashes: the form
    both forges match against the files of a change."""
    if fichier is None:
        return None
    try:
        return fichier.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return fichier.as_posix()


def texte_complet(problem: Problem) -> str:
    """Message and hint as one French text."""
    return problem.message + (f"\nConseil : {problem.indice}" if problem.indice else "")


# --- GitHub ----------------------------------------------------------------------------------


def _echapper_donnee(texte: str) -> str:
    # The runner's rules (actions/toolkit, command.ts): %, CR and LF in the message.
    return texte.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _echapper_propriete(texte: str) -> str:
    # ...and also the separators of the properties themselves.
    return _echapper_donnee(texte).replace(":", "%3A").replace(",", "%2C")


def ligne_github(problem: Problem, base: Path) -> str:
    """`::error file=...,line=...,col=...,title=...::message`: an annotation on the line."""
    commande = "error" if problem.est_erreur else "warning"
    proprietes: list[tuple[str, str]] = []
    fichier = chemin_relatif(problem.fichier, base)
    if fichier is not None:
        proprietes.append(("file", fichier))
        if problem.ligne is not None:
            proprietes.append(("line", str(problem.ligne)))
            proprietes.append(("col", str(problem.colonne or 1)))
    titre = problem.code + (f" [{problem.chemin}]" if problem.chemin else "")
    proprietes.append(("title", titre))
    liste = ",".join(f"{cle}={_echapper_propriete(valeur)}" for cle, valeur in proprietes)
    return f"::{commande} {liste}::{_echapper_donnee(texte_complet(problem))}"


def github(problems: Sequence[Problem], base: Path) -> str:
    return "".join(ligne_github(p, base) + "\n" for p in problems)


# --- GitLab ----------------------------------------------------------------------------------


def _empreinte(problem: Problem, fichier: str) -> str:
    # Without the line: a problem that moves down when a line is added above it stays the
    # same problem, so GitLab does not list it as new in the merge request.
    cle = "\0".join([fichier, problem.code, problem.chemin, problem.message])
    return hashlib.sha256(cle.encode("utf-8")).hexdigest()[:32]


def gitlab(problems: Sequence[Problem], base: Path, racine: Path) -> str:
    """The Code Quality report: a JSON array GitLab shows in the merge request."""
    entrees: list[dict[str, Any]] = []
    vues: dict[str, int] = {}
    for problem in problems:
        fichier = chemin_relatif(problem.fichier, base) or chemin_relatif(racine, base) or "."
        empreinte = _empreinte(problem, fichier)
        # Two identical problems in one file still need two fingerprints.
        vues[empreinte] = vues.get(empreinte, 0) + 1
        if vues[empreinte] > 1:
            empreinte = _empreinte(problem, f"{fichier}\0{vues[empreinte]}")
        entrees.append({
            "type": "issue",
            "check_name": problem.code,
            "description": texte_complet(problem),
            "categories": ["Bug Risk" if problem.est_erreur else "Style"],
            "severity": _SEVERITE_GITLAB[problem.gravite],
            "fingerprint": empreinte,
            "location": {"path": fichier, "lines": {"begin": problem.ligne or 1}},
        })
    return json.dumps(entrees, ensure_ascii=False, indent=2) + "\n"


# --- JSON ------------------------------------------------------------------------------------


def _compte(report: Report) -> dict[str, int]:
    return {"erreurs": len(report.erreurs), "avertissements": len(report.avertissements)}


def json_stable(affiches: Sequence[Problem], montres: Report, autres: Report, base: Path,
                racine: Path, partenaires: int, lieux: int) -> str:
    """Keys and order fixed (VERSION_JSON); problems in file and line order."""
    donnees = {
        "version": VERSION_JSON,
        "annuaire": chemin_relatif(racine, base),
        "partenaires": partenaires,
        "lieux": lieux,
        **_compte(montres),
        "hors_selection": _compte(autres),
        "problemes": [{
            "code": p.code,
            "gravite": str(p.gravite),
            "fichier": chemin_relatif(p.fichier, base),
            "ligne": p.ligne,
            "colonne": (p.colonne or 1) if p.ligne is not None else None,
            "chemin": p.chemin,
            "message": p.message,
            "indice": p.indice,
        } for p in affiches],
    }
    return json.dumps(donnees, ensure_ascii=False, indent=2) + "\n"
