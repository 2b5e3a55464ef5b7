"""Problems found in the annuaire: a stable code, a place, a French message and a hint."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Gravite(StrEnum):
    ERREUR = "erreur"
    AVERTISSEMENT = "avertissement"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in one file, located as precisely as the YAML allows."""

    code: str
    message: str
    fichier: Path | None = None
    ligne: int | None = None
    colonne: int | None = None
    chemin: str = ""
    indice: str = ""
    gravite: Gravite = Gravite.ERREUR

    @property
    def est_erreur(self) -> bool:
        return self.gravite is Gravite.ERREUR

    def lieu(self, racine: Path | None = None) -> str:
        """`file:line:column`, relative to `racine` when it can be."""
        if self.fichier is None:
            return "(annuaire)"
        nom = str(self.fichier)
        if racine is not None:
            try:
                # The folder is resolved, not the file: a refused link is named as the
                # link, not as what it points to.
                dossier = self.fichier.parent.resolve()
                nom = str((dossier / self.fichier.name).relative_to(racine.resolve()))
            except ValueError:
                pass
        if self.ligne is None:
            return nom
        return f"{nom}:{self.ligne}:{self.colonne or 1}"

    def format(self, racine: Path | None = None) -> str:
        """The one-paragraph French message a partner reads in CI or a terminal."""
        champ = f" [{self.chemin}]" if self.chemin else ""
        texte = f"{self.lieu(racine)}: {self.gravite} {self.code}{champ} : {self.message}"
        if self.indice:
            texte += f"\n    Conseil : {self.indice}"
        return texte


@dataclass
class Report:
    """Every problem of a run, collected before anything stops."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.sorted())

    def __len__(self) -> int:
        return len(self.problems)

    def sorted(self) -> list[Problem]:
        return sorted(
            self.problems,
            key=lambda p: (str(p.fichier or ""), p.ligne or 0, p.colonne or 0, p.code),
        )

    @property
    def erreurs(self) -> list[Problem]:
        return [p for p in self.sorted() if p.est_erreur]

    @property
    def avertissements(self) -> list[Problem]:
        return [p for p in self.sorted() if not p.est_erreur]

    def echoue(self, strict: bool = False) -> bool:
        """Whether the run must fail: any error, or any warning in strict mode."""
        return bool(self.erreurs) or (strict and bool(self.avertissements))

    def resume_des_avertissements(self) -> str:
        """All warnings in one line, counted by code (most frequent first): what a build
        says, where `guide valider` lists them one by one."""
        par_code = Counter(p.code for p in self.avertissements)
        detail = ", ".join(f"{code} : {n}" for code, n in sorted(
            par_code.items(), key=lambda item: (-item[1], item[0])))
        n = len(self.avertissements)
        return (f"{n} avertissement{'s' if n > 1 else ''} dans l'annuaire ({detail}) ; "
                "« guide valider » les détaille, fiche par fiche. Ils ne bloquent pas la "
                "publication, sauf si le département le demande (« avertissements_bloquants: "
                "true »).")

    def resume(self) -> str:
        e, a = len(self.erreurs), len(self.avertissements)
        return f"{e} erreur{'s' if e > 1 else ''}, {a} avertissement{'s' if a > 1 else ''}"


class AnnuaireInvalide(Exception):
    """Raised by callers that cannot go on with errors (the site build)."""

    def __init__(self, report: Report, racine: Path | None = None) -> None:
        self.report = report
        lignes = [p.format(racine) for p in report.erreurs]
        super().__init__(
            "L'annuaire contient des erreurs ; rien n'a été publié.\n"
            + "\n".join(lignes)
            + f"\n{report.resume()}"
        )
