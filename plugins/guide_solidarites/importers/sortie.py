"""The annuaire an import writes into: ids already taken, files an import may overwrite."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..loader import FICHIER_PARTENAIRE
from .commun import Identifiants
from .ecriture import ecrire

PREFIXE_VERIFIE_PAR = "Import "
"""How an imported file says no person has checked it yet (`verifie_par`)."""

REPRISE = "fiche reprise par un partenaire (verifie_par modifié) : laissée telle quelle"


@dataclass(frozen=True, slots=True)
class Existant:
    dossier: str
    identifiant: str
    importe: bool


def _lire(path: Path) -> dict[str, Any] | None:
    try:
        data: Any = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    return data if isinstance(data, dict) else None


@dataclass
class Sortie:
    """Ids stay unique across the annuaire and stable from one import to the next.

    Every id already in the annuaire is reserved. A record imported before keeps
    its file (found by its `source`); once a partner has checked it and written
    their own `verifie_par`, the file is theirs and an import never rewrites it.
    """

    racine: Path
    ecrire_fichiers: bool = True
    racine_pro: Path | None = None
    """The professional tree, where the notes for professionals go; None: nowhere."""
    partenaires: Identifiants = field(default_factory=Identifiants)
    lieux: Identifiants = field(default_factory=Identifiants)
    ecrits: list[Path] = field(default_factory=list)
    ecrits_pro: list[Path] = field(default_factory=list)
    existants: dict[tuple[str, str, str], Existant] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.racine.is_dir():
            return
        for dossier in sorted(p for p in self.racine.iterdir() if p.is_dir()):
            self.partenaires.pris.add(dossier.name)
            for path in sorted(dossier.glob("*.yml")):
                est_partenaire = path.name == FICHIER_PARTENAIRE
                if not est_partenaire:
                    self.lieux.pris.add(path.stem)
                data = _lire(path) or {}
                source = data.get("source")
                if not isinstance(source, dict) or not source.get("nom"):
                    continue
                genre = "partenaire" if est_partenaire else "lieu"
                cle = (genre, str(source["nom"]), str(source.get("identifiant") or ""))
                importe = str(data.get("verifie_par", "")).startswith(PREFIXE_VERIFIE_PAR)
                self.existants[cle] = Existant(dossier.name, dossier.name if est_partenaire
                                               else path.stem, importe)

    def existant(self, genre: str, source: str, identifiant: str) -> Existant | None:
        """The file an earlier import wrote for this source record, if any."""
        return self.existants.get((genre, source, identifiant))

    def partenaire(self, source: str, identifiant: str, nom: str,
                   precisions: tuple[str, ...] = ()) -> str:
        found = self.existant("partenaire", source, identifiant)
        return found.dossier if found else self.partenaires.attribue(nom, precisions)

    def lieu(self, source: str, identifiant: str, nom: str,
             precisions: tuple[str, ...] = ()) -> str:
        found = self.existant("lieu", source, identifiant)
        return found.identifiant if found else self.lieux.attribue(nom, precisions)

    def ecrit(self, partenaire: str, nom_fichier: str, data: dict[str, Any]) -> None:
        if self.ecrire_fichiers:
            public, *pro = ecrire(self.racine / partenaire, nom_fichier, data,
                                  self.racine_pro / partenaire if self.racine_pro else None)
            self.ecrits.append(public)
            self.ecrits_pro += pro
