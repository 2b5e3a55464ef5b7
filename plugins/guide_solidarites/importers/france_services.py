"""ANCT's list of France Services sites (CSV) -> one partner per département, a lieu per site.

The file names no managing structure (`groupe` is nearly always empty), so the
sites of a département are gathered under one partner, `france-services-<dep>`,
in the premier-accueil circle. Each site stays `premier_accueil: false`: the
label is the département's decision in its schéma, not the network's.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path
from typing import Any

from ..hours import check_osm, day_cells_to_osm
from ..models import Lieu, Partenaire
from ..vocab import Cercle, ModeAccueil, TypeLieu
from .commun import (
    Communes,
    FicheRejetee,
    Notes,
    code_postal,
    coordonnees,
    courriel,
    telephone,
    texte,
    valide,
)
from .rapport import HORS_DEPARTEMENT, Rapport
from .sortie import PREFIXE_VERIFIE_PAR, REPRISE, Sortie

DATE_FICHIER = dt.date(2022, 12, 1)
SOURCE = "France Services (ANCT)"
JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi")

# What every France Services site offers under the national charter.
THEMATIQUES = [
    "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
    "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
    "numerique--acceder-a-des-services-en-ligne",
]

# A comment like "1er samedi du mois" changes what the day cells say: a person
# has to carry it into the OSM hours (`Sa[1]`), the importer cannot guess it.
_COMMENTAIRE_HORAIRES = re.compile(
    r"du mois|semaine sur|une fois par|vacances|été|hiver|ferm|uniquement|sauf", re.IGNORECASE)
_SUR_RENDEZ_VOUS = re.compile(r"rendez-vous|\brdv\b", re.IGNORECASE)


def verifie_par(date: dt.date) -> str:
    return f"{PREFIXE_VERIFIE_PAR}France Services (ANCT, {date.isoformat()})"


def importer(chemin: Path, sortie: Sortie, rapport: Rapport, departement: str | None = None,
             communes: Communes | None = None, date: dt.date = DATE_FICHIER) -> None:
    """Read every row of `chemin`; each one ends up imported or skipped in `rapport`."""
    communes = communes or Communes()
    fichier = chemin.name
    partenaires: dict[str, str] = {}
    with chemin.open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            rapport.lu(fichier)
            ident, nom = texte(row.get("id_fs")), texte(row.get("lib_fs"))
            dep = texte(row.get("insee_dep")) or communes.departement_probable(
                texte(row.get("code_postal")))
            if departement and dep.upper() != departement.upper():
                rapport.ecarte(fichier, ident, nom, HORS_DEPARTEMENT)
                continue
            try:
                _site(row, ident, nom, sortie, rapport, communes, date, partenaires, fichier)
            except FicheRejetee as exc:
                rapport.ecarte(fichier, ident, nom, f"fiche refusée ({exc})")
            except Exception as exc:  # noqa: BLE001 - a report line, never a crash
                rapport.ecarte(fichier, ident, nom, f"erreur inattendue : {exc!r}")


def _site(row: dict[str, str], ident: str, nom: str, sortie: Sortie, rapport: Rapport,
          communes: Communes, date: dt.date, partenaires: dict[str, str], fichier: str) -> None:
    deja = sortie.existant("lieu", SOURCE, ident)
    if deja and not deja.importe:
        rapport.ecarte(fichier, ident, nom, REPRISE)
        return
    notes = Notes()
    lieu_brut = [texte(row.get(k)) for k in ("insee_com", "code_postal", "lib_com")]
    insee, cp, nom_commune = lieu_brut
    commune = communes.trouve(insee, cp, nom_commune, notes, row.get("latitude"),
                              row.get("longitude"))
    if commune is None:
        raison = ("ni adresse ni commune dans la source" if not any(lieu_brut)
                  else "commune introuvable (code INSEE, code postal et nom)")
        rapport.ecarte(fichier, ident, nom, raison, "code_insee", " ".join(lieu_brut).strip())
        return

    # Hours: each day cell on its own, so that a note names the very cell it is about.
    cellules = {jour: texte(row.get(f"h_{jour}")) for jour in JOURS}
    lisibles = {}
    for jour, cellule in cellules.items():
        _, illisibles = day_cells_to_osm({jour: cellule})
        if illisibles:
            notes.ajoute(f"horaires.{jour}", cellule, "horaires illisibles")
        else:
            lisibles[jour] = cellule
    osm, _ = day_cells_to_osm(lisibles)
    if osm and check_osm(osm):
        notes.ajoute("horaires", osm, "horaires convertis refusés : " + str(check_osm(osm)))
        osm = None

    commentaire = texte(row.get("commentaire"))
    description = []
    if texte(row.get("itinerance")).lower() == "oui":
        description.append("Service itinérant : l'adresse est celle du point de rattachement.")
    if commentaire:
        description.append(commentaire)
        if _COMMENTAIRE_HORAIRES.search(commentaire):
            notes.ajoute("commentaire", commentaire, "le commentaire précise les horaires : "
                         "à reporter dans « horaires » (syntaxe OSM) si besoin")

    tel = telephone(row.get("telephone"), notes, departement=commune.departement)
    mail = courriel(row.get("mail"), notes)
    modes = [str(ModeAccueil.SANS_RENDEZ_VOUS)]
    if commentaire and _SUR_RENDEZ_VOUS.search(commentaire):
        modes.append(str(ModeAccueil.SUR_RENDEZ_VOUS))
    if tel:
        modes.append(str(ModeAccueil.TELEPHONE))
    if mail:
        modes.append(str(ModeAccueil.COURRIEL))

    lieu: dict[str, Any] = {
        "nom": nom,
        "type": str(TypeLieu.FRANCE_SERVICES),
        "premier_accueil": False,
        "description": "\n".join(description) or None,
        "adresse": texte(row.get("adresse")) or None,
        "complement_adresse": texte(row.get("complement_adresse")) or None,
        "code_postal": code_postal(texte(row.get("code_postal")), commune, notes),
        "code_insee": commune.code_insee,
        "coordonnees": coordonnees(row.get("latitude"), row.get("longitude"), commune, notes),
        "modes_accueil": modes,
        "horaires": {"sans_rendez_vous": osm} if osm else None,
        "telephone": tel,
        "courriel": mail,
        "thematiques": THEMATIQUES,
        "publics": ["tous-publics"],
        "aide_numerique": True,
        "verifie_le": date,
        "verifie_par": verifie_par(date),
        "source": {"nom": SOURCE, "identifiant": ident, "date": date},
    }
    lieu = {k: v for k, v in lieu.items() if v is not None}

    pid = partenaires.get(commune.departement)
    if pid is None:
        pid = _partenaire(commune.departement, sortie, date)
        partenaires[commune.departement] = pid
    if deja:
        pid = deja.dossier
    lid = sortie.lieu(SOURCE, ident, nom, (commune.nom, ident))
    auto = {"id": lid, "partenaire": pid}
    lieu = valide(Lieu, lieu, auto, notes)
    if notes:
        lieu["pro"] = {"a_verifier": [n.model_dump() for n in notes]}
        lieu = valide(Lieu, lieu, auto, Notes())
    sortie.ecrit(pid, f"{lid}.yml", lieu)
    rapport.importe(fichier, ident, nom, notes)


def _partenaire(departement: str, sortie: Sortie, date: dt.date) -> str:
    # The partner stands for the network in one département: keyed by its code.
    deja = sortie.existant("partenaire", SOURCE, departement)
    pid = sortie.partenaire(SOURCE, departement, f"france-services-{departement}")
    if deja and not deja.importe:
        return pid
    data: dict[str, Any] = {
        "nom": "France Services",
        "cercle": str(Cercle.PREMIER_ACCUEIL),
        "reseaux_porteurs": ["france-service"],
        "description": "Guichets de proximité où un agent formé aide à faire les démarches "
        "administratives (impôts, retraite, Caf, Assurance maladie, France Travail, papiers, "
        "justice...) et à utiliser le numérique. Gratuit, pour tous.",
        "site_web": "https://www.france-services.gouv.fr",
        "verifie_le": date,
        "verifie_par": verifie_par(date),
        "source": {"nom": SOURCE, "identifiant": departement, "date": date},
    }
    valide(Partenaire, data, {"id": pid}, Notes())
    sortie.ecrit(pid, "partenaire.yml", data)
    return pid
