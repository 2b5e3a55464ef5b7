"""The data quality report for the coordinator: stale records and data·inclusion criteria.

Each reception point is scored against the criteria data·inclusion uses to judge a record
(an address where people are received in person, a way to get in touch, a useful
description, themes and publics, a recent check), and each partner gets the mean of its
points, so the coordinator knows whom to remind first. It reads public fields only: the
professional site shows it, but it never needs a referent's details.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TextIO

from .catalogue import Catalogue
from .models import Fiable, LieuPublic, PartenairePublic
from .tableur import ouvrir_csv
from .vocab import ModeAccueil

DESCRIPTION_MIN, DESCRIPTION_MAX = 200, 2000
"""data·inclusion: a description is ideally 200 to 2,000 characters."""

PIRES_FICHES = 3
"""How many of a partner's weakest records the summary names."""


class Critere(StrEnum):
    ADRESSE = "adresse"
    CONTACT = "contact"
    DESCRIPTION = "description"
    THEMATIQUE = "thematique"
    PUBLIC = "public"
    A_JOUR = "a-jour"


POIDS: dict[Critere, int] = {
    Critere.ADRESSE: 20,
    Critere.CONTACT: 20,
    Critere.DESCRIPTION: 20,
    Critere.THEMATIQUE: 10,
    Critere.PUBLIC: 10,
    Critere.A_JOUR: 20,
}
"""Points per criterion, out of 100. Themes and publics share one data·inclusion criterion
("at least one of each"), split so that a record with one of the two is told which."""

LIBELLES: dict[Critere, str] = {
    Critere.ADRESSE: "Adresse (si accueil en personne)",
    Critere.CONTACT: "Téléphone ou courriel",
    Critere.DESCRIPTION: f"Description de {DESCRIPTION_MIN} à {DESCRIPTION_MAX} caractères",
    Critere.THEMATIQUE: "Au moins une thématique",
    Critere.PUBLIC: "Au moins un public",
    Critere.A_JOUR: "Vérifiée dans son délai de révision",
}

assert sum(POIDS.values()) == 100 and POIDS.keys() == LIBELLES.keys() == set(Critere)


@dataclass(frozen=True, slots=True)
class Controle:
    """One criterion checked on one record."""

    critere: Critere
    satisfait: bool
    detail: str
    """What is missing, in French; for a satisfied criterion, "" or why it does not apply."""

    @property
    def points(self) -> int:
        return POIDS[self.critere] if self.satisfait else 0


@dataclass(frozen=True, slots=True)
class QualiteFiche:
    """A reception point's quality: its checks and its score out of 100."""

    lieu_id: str
    nom: str
    partenaire: str
    fichier: str
    verifie_le: dt.date
    revision_due: dt.date
    controles: tuple[Controle, ...]

    @property
    def score(self) -> int:
        return sum(c.points for c in self.controles)

    @property
    def perime(self) -> bool:
        return not self.controle(Critere.A_JOUR).satisfait

    @property
    def manques(self) -> list[str]:
        return [c.detail for c in self.controles if not c.satisfait]

    def controle(self, critere: Critere) -> Controle:
        return next(c for c in self.controles if c.critere is critere)


@dataclass(frozen=True, slots=True)
class FichePerimee:
    """A record (reception point or partner file) past its review date."""

    id: str
    nom: str
    fichier: str
    verifie_le: dt.date
    revision_due: dt.date


@dataclass(frozen=True, slots=True)
class QualitePartenaire:
    id: str
    nom: str
    fichier: str
    fiches: tuple[QualiteFiche, ...]
    """Its reception points, weakest first."""
    perimees: tuple[FichePerimee, ...]
    """Its records past their review date, partner file included, oldest check first."""

    @property
    def nombre(self) -> int:
        return len(self.fiches)

    @property
    def moyenne(self) -> float | None:
        """Mean score of its reception points, one decimal; None when it has none."""
        if not self.fiches:
            return None
        return round(sum(f.score for f in self.fiches) / len(self.fiches), 1)

    @property
    def pires(self) -> tuple[QualiteFiche, ...]:
        """Its weakest records below 100, at most PIRES_FICHES."""
        return tuple(f for f in self.fiches if f.score < 100)[:PIRES_FICHES]


@dataclass(frozen=True, slots=True)
class RapportQualite:
    aujourdhui: dt.date
    partenaires: tuple[QualitePartenaire, ...]
    """Whom to remind first: lowest mean, then most stale records, then name."""

    @property
    def fiches(self) -> list[QualiteFiche]:
        return [f for p in self.partenaires for f in p.fiches]

    @property
    def moyenne(self) -> float | None:
        fiches = self.fiches
        return round(sum(f.score for f in fiches) / len(fiches), 1) if fiches else None

    @property
    def perimees(self) -> list[FichePerimee]:
        return [f for p in self.partenaires for f in p.perimees]


# --- The checks ----------------------------------------------------------------------------


def _date(jour: dt.date) -> str:
    return f"{jour:%d/%m/%Y}"


def _adresse(lieu: LieuPublic) -> Controle:
    en_personne = {ModeAccueil.SANS_RENDEZ_VOUS, ModeAccueil.SUR_RENDEZ_VOUS}
    if not en_personne & set(lieu.modes_accueil):
        return Controle(Critere.ADRESSE, True, "sans objet : ne reçoit pas en personne")
    if lieu.adresse:
        return Controle(Critere.ADRESSE, True, "")
    return Controle(Critere.ADRESSE, False, "reçoit en personne mais l'adresse manque")


def _contact(lieu: LieuPublic) -> Controle:
    if lieu.telephone or lieu.courriel:
        return Controle(Critere.CONTACT, True, "")
    return Controle(Critere.CONTACT, False, "ni téléphone ni courriel")


def _description(lieu: LieuPublic) -> Controle:
    n = len((lieu.description or "").strip())
    if n == 0:
        return Controle(Critere.DESCRIPTION, False, "pas de description")
    if n < DESCRIPTION_MIN:
        return Controle(Critere.DESCRIPTION, False, f"description de {n} caractères "
                        f"({DESCRIPTION_MIN} au moins)")
    if n > DESCRIPTION_MAX:
        return Controle(Critere.DESCRIPTION, False, f"description de {n} caractères "
                        f"({DESCRIPTION_MAX} au plus)")
    return Controle(Critere.DESCRIPTION, True, "")


def _a_jour(record: Fiable, aujourdhui: dt.date) -> Controle:
    if record.verifie_le > aujourdhui:
        return Controle(Critere.A_JOUR, False, f"date de vérification à venir "
                        f"({_date(record.verifie_le)})")
    if record.est_perime(aujourdhui):
        return Controle(Critere.A_JOUR, False, f"vérifiée le {_date(record.verifie_le)}, à "
                        f"revoir depuis le {_date(record.revision_due())}")
    return Controle(Critere.A_JOUR, True, "")


def qualite_fiche(catalogue: Catalogue, lieu: LieuPublic) -> QualiteFiche:
    """Score one reception point (themes and publics of its services count too)."""
    themes = catalogue.categories_du_lieu(lieu)
    publics = catalogue.publics_du_lieu(lieu)
    controles = (
        _adresse(lieu),
        _contact(lieu),
        _description(lieu),
        Controle(Critere.THEMATIQUE, bool(themes), "" if themes else "aucune thématique"),
        Controle(Critere.PUBLIC, bool(publics), "" if publics else "aucun public"),
        _a_jour(lieu, catalogue.aujourdhui),
    )
    return QualiteFiche(
        lieu_id=lieu.id, nom=lieu.nom, partenaire=lieu.partenaire,
        fichier=catalogue.fichiers.get(f"lieu:{lieu.id}", ""),
        verifie_le=lieu.verifie_le, revision_due=lieu.revision_due(), controles=controles)


def _perimee(record: LieuPublic | PartenairePublic, fichier: str) -> FichePerimee:
    return FichePerimee(record.id, record.nom, fichier, record.verifie_le,
                        record.revision_due())


def rapport_qualite(catalogue: Catalogue) -> RapportQualite:
    """The quality of every record, grouped by partner, whom to remind first.

    Meant for the PRO catalogue (a page for the coordinator) but reads public fields
    only, so either variant gives the same report.
    """
    aujourdhui = catalogue.aujourdhui
    ids = list(catalogue.partenaires)
    # A reception point whose partner file is missing is an error the validator reports;
    # its records still deserve a line here.
    ids += sorted({lieu.partenaire for lieu in catalogue.lieux.values()} - set(ids))
    # Grouped once: a scan of every place for each partner took 8,000 x 100,000 steps in
    # a national guide (ten minutes of the professional build).
    par_partenaire: dict[str, list[LieuPublic]] = {}
    for lieu in catalogue.lieux.values():
        par_partenaire.setdefault(lieu.partenaire, []).append(lieu)
    partenaires = []
    for pid in ids:
        partenaire = catalogue.partenaires.get(pid)
        lieux = par_partenaire.get(pid, [])
        fiches = sorted((qualite_fiche(catalogue, lieu) for lieu in lieux),
                        key=lambda f: (f.score, f.lieu_id))
        fichier = catalogue.fichiers.get(f"partenaire:{pid}", "")
        perimees = [_perimee(partenaire, fichier)] if (
            partenaire and partenaire.est_perime(aujourdhui)) else []
        perimees += [_perimee(catalogue.lieux[f.lieu_id], f.fichier) for f in fiches
                     if catalogue.lieux[f.lieu_id].est_perime(aujourdhui)]
        partenaires.append(QualitePartenaire(
            id=pid, nom=partenaire.nom if partenaire else pid, fichier=fichier,
            fiches=tuple(fiches),
            perimees=tuple(sorted(perimees, key=lambda f: (f.verifie_le, f.id)))))

    def urgence(p: QualitePartenaire) -> tuple[float, int, str]:
        # A partner with no reception point has nothing to score: after the others.
        moyenne = p.moyenne if p.moyenne is not None else 101.0
        return (moyenne, -len(p.perimees), p.nom.lower())

    return RapportQualite(aujourdhui, tuple(sorted(partenaires, key=urgence)))


# --- Outputs -------------------------------------------------------------------------------

COLONNES_CSV: tuple[str, ...] = (
    "Partenaire",
    "Identifiant du partenaire",
    "Lieu",
    "Identifiant du lieu",
    "Fichier",
    "Score",
    *(LIBELLES[c] for c in Critere),
    "Vérifiée le",
    "À revoir à partir du",
    "À compléter",
)
"""The CSV header, in its fixed order."""


def _cellule(controle: Controle) -> str:
    if controle.detail.startswith("sans objet"):
        return "sans objet"
    return "oui" if controle.satisfait else "non"


def write_csv(rapport: RapportQualite, destination: str | Path | TextIO) -> None:
    """One row per reception point, partners in reminding order, weakest record first.

    Same spreadsheet dialect as lieux.csv (`;`, UTF-8 with BOM): the coordinator opens it
    in Excel.
    """
    with ouvrir_csv(destination) as writer:
        writer.writerow(COLONNES_CSV)
        for partenaire in rapport.partenaires:
            for fiche in partenaire.fiches:
                writer.writerow([
                    partenaire.nom, partenaire.id, fiche.nom, fiche.lieu_id, fiche.fichier,
                    str(fiche.score), *(_cellule(c) for c in fiche.controles),
                    fiche.verifie_le.isoformat(), fiche.revision_due.isoformat(),
                    " ; ".join(fiche.manques),
                ])


def resume_texte(rapport: RapportQualite, limite: int | None = None) -> str:
    """The French summary printed by `guide qualite`: partners to remind first."""
    fiches = rapport.fiches
    lignes = [f"Qualité des fiches au {_date(rapport.aujourdhui)} : {len(fiches)} lieux, "
              f"score moyen {_score(rapport.moyenne)}/100, {len(rapport.perimees)} fiche(s) à "
              "revoir, partenaires et lieux (date de révision dépassée)."]
    for partenaire in rapport.partenaires[:limite]:
        lignes.append("")
        lignes.append(f"{partenaire.nom} ({partenaire.id}) : score moyen "
                      f"{_score(partenaire.moyenne)}/100 sur {partenaire.nombre} lieu(x)")
        for perimee in partenaire.perimees:
            lignes.append(f"  à revoir : {perimee.fichier or perimee.id}, vérifiée le "
                          f"{_date(perimee.verifie_le)}")
        for fiche in partenaire.pires:
            lignes.append(f"  {fiche.score}/100 {fiche.nom} ({fiche.fichier or fiche.lieu_id}) : "
                          + " ; ".join(fiche.manques))
    return "\n".join(lignes)


def _score(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:g}".replace(".", ",")
