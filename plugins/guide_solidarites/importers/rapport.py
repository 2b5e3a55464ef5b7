"""The import report: every record read is imported (maybe with notes) or skipped, with why."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..models import NoteImport
from ..tableur import ouvrir_csv

HORS_DEPARTEMENT = "hors du département demandé"
"""The one skip reason that is summed, not listed line by line (thousands of rows)."""

# Control characters and bidirectional overrides a source may hold: printed as is, an
# escape sequence would drive the terminal and U+202E would reverse the line.
_INVISIBLES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e"
                         "\u2066-\u2069]")


def _affichable(texte: str) -> str:
    """The text with each control character shown as <U+001B>, for a terminal."""
    return _INVISIBLES.sub(lambda m: f"<U+{ord(m.group()):04X}>", texte)


COLONNES = ("fichier_source", "enregistrement_id", "nom", "champ", "valeur_brute", "raison")


@dataclass(frozen=True, slots=True)
class Anomalie:
    """One value that could not be read, or one record that was skipped."""

    fichier: str
    identifiant: str
    nom: str
    champ: str
    valeur: str
    raison: str


@dataclass
class Bilan:
    """Totals for one source file."""

    fichier: str
    lus: int = 0
    importes: int = 0
    avec_notes: int = 0
    ecartes: Counter[str] = field(default_factory=Counter)

    @property
    def comptes(self) -> bool:
        """Whether every record read is accounted for."""
        return self.lus == self.importes + sum(self.ecartes.values())


@dataclass
class Rapport:
    """Everything an import run could not take as is, collected for a human."""

    bilans: dict[str, Bilan] = field(default_factory=dict)
    anomalies: list[Anomalie] = field(default_factory=list)

    def bilan(self, fichier: str) -> Bilan:
        return self.bilans.setdefault(fichier, Bilan(fichier))

    def lu(self, fichier: str) -> None:
        self.bilan(fichier).lus += 1

    def importe(self, fichier: str, identifiant: str, nom: str,
                notes: list[NoteImport]) -> None:
        bilan = self.bilan(fichier)
        bilan.importes += 1
        if notes:
            bilan.avec_notes += 1
        for note in notes:
            self.anomalies.append(
                Anomalie(fichier, identifiant, nom, note.champ, note.valeur, note.raison))

    def ecarte(self, fichier: str, identifiant: str, nom: str, raison: str,
               champ: str = "", valeur: str = "", detail: bool = True) -> None:
        """Count a skipped record; list it too unless it is one of thousands alike."""
        self.bilan(fichier).ecartes[raison] += 1
        if detail and raison != HORS_DEPARTEMENT:
            self.anomalies.append(
                Anomalie(fichier, identifiant, nom, champ, valeur, f"écarté : {raison}"))

    def signale(self, fichier: str, identifiant: str, nom: str, champ: str, valeur: str,
                raison: str) -> None:
        """A line for a human that is not about one record read (the file, a partner)."""
        self.anomalies.append(Anomalie(fichier, identifiant, nom, champ, valeur, raison))

    # --- Output ----------------------------------------------------------------------------

    def raisons(self) -> Counter[str]:
        """How often each reason occurs, all files together."""
        return Counter(a.raison for a in self.anomalies)

    def lignes_bilan(self) -> list[str]:
        lignes = []
        for b in self.bilans.values():
            lignes.append(
                f"{b.fichier} : {b.lus} lus, {b.importes} importés "
                f"(dont {b.avec_notes} avec valeurs à vérifier), "
                f"{sum(b.ecartes.values())} écartés")
            for raison, n in b.ecartes.most_common():
                lignes.append(f"    écartés, {raison} : {n}")
        return lignes

    def texte(self, details: bool = True) -> str:
        lignes = []
        if details:
            for a in self.anomalies:
                valeur = _affichable(a.valeur.replace("\n", " / "))
                lignes.append(f"{_affichable(a.fichier)} [{_affichable(a.identifiant)}] "
                              f"{_affichable(a.nom)} : {a.champ} « {valeur} » : {a.raison}")
        lignes += self.lignes_bilan()
        if self.anomalies:
            lignes.append("Raisons les plus fréquentes :")
            for raison, n in self.raisons().most_common(10):
                lignes.append(f"    {n} × {raison}")
        return "\n".join(lignes)

    def ecrire_csv(self, path: Path) -> None:
        """One row per anomaly, then one row per total (champ « TOTAL »).

        In the project's spreadsheet dialect (tableur.py): the coordinator opens it in
        Excel, and the raw values it quotes from the sources are the most hostile of all.
        """
        path.parent.mkdir(parents=True, exist_ok=True)
        with ouvrir_csv(path) as writer:
            writer.writerow(COLONNES)
            for a in self.anomalies:
                writer.writerow((a.fichier, a.identifiant, a.nom, a.champ, a.valeur, a.raison))
            for b in self.bilans.values():
                totaux = [("enregistrements lus", b.lus), ("importés", b.importes),
                          ("importés avec valeurs à vérifier", b.avec_notes)]
                totaux += [(f"écartés : {r}", n) for r, n in b.ecartes.most_common()]
                for libelle, n in totaux:
                    writer.writerow((b.fichier, "", "", "TOTAL", str(n), libelle))
