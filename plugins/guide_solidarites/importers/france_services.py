"""ANCT's list of France Services sites (CSV) -> one partner per département, a lieu per site.

The file names no managing structure (`groupe` is nearly always empty), so the
sites of a département are gathered under one partner, `france-services-<dep>`,
in the premier-accueil circle. Each site stays `premier_accueil: false`: the
label is the département's decision in its schéma, not the network's.
"""

from __future__ import annotations

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
    avec_notes_pro,
    code_postal,
    coordonnees,
    courriel,
    reparer_encodage,
    telephone,
    texte,
    valide,
)
from .lecture import lire_csv
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


COLONNES = ("id_fs", "insee_dep", "lib_fs", "adresse", "complement_adresse", "insee_com",
            "code_postal", "lib_com", "latitude", "longitude", "mail", "telephone",
            *(f"h_{jour}" for jour in JOURS), "commentaire", "itinerance")
"""The columns the importer reads, by name: a file without one of them is another file."""

ADRESSE_A_PRECISER = "Adresse à préciser"
SANS_NOM = "nom du site absent (colonne lib_fs vide)"
SANS_IDENTIFIANT = "identifiant absent (colonne id_fs vide)"


def importer(chemin: Path, sortie: Sortie, rapport: Rapport, departement: str | None = None,
             communes: Communes | None = None, date: dt.date = DATE_FICHIER) -> None:
    """Read every row of `chemin`; each one ends up imported or skipped in `rapport`.

    A file that is not the national list (`ImportImpossible`) stops the import before
    anything is written; the records are written together at the end, or not at all.
    """
    communes = communes or Communes()
    fichier = chemin.name
    texte_source, lignes = lire_csv(chemin, COLONNES)
    if texte_source.converti:
        rapport.signale(fichier, "", "", "encodage", texte_source.encodage,
                        "fichier lu en Windows-1252 (il n'est pas en UTF-8) : vérifiez les "
                        "accents des fiches importées")
    partenaires: dict[str, str] = {}  # département -> partner folder
    partenaires_ecrits: set[str] = set()
    vus: dict[str, int] = {}
    for ligne in lignes:
        rapport.lu(fichier)
        if ligne.probleme:
            rapport.ecarte(fichier, f"ligne {ligne.numero}", "", ligne.probleme)
            continue
        row = ligne.cellules
        ident, nom = texte(row["id_fs"]), reparer_encodage(texte(row["lib_fs"]))
        dep = texte(row["insee_dep"]) or communes.departement_probable(
            texte(row["code_postal"]))
        if departement and dep.upper() != departement.upper():
            rapport.ecarte(fichier, ident, nom, HORS_DEPARTEMENT)
            continue
        if not ident:
            rapport.ecarte(fichier, f"ligne {ligne.numero}", nom, SANS_IDENTIFIANT)
            continue
        if ident in vus:
            rapport.ecarte(fichier, ident, nom, f"identifiant id_fs en double (déjà lu ligne "
                           f"{vus[ident]}) : seule la première ligne est importée",
                           "id_fs", ident)
            continue
        vus[ident] = ligne.numero
        if not nom:
            rapport.ecarte(fichier, ident, nom, SANS_NOM, "lib_fs", "")
            continue
        try:
            _site(row, ident, nom, dep, sortie, rapport, communes, date, partenaires,
                  partenaires_ecrits, fichier)
        except FicheRejetee as exc:
            rapport.ecarte(fichier, ident, nom, f"fiche refusée ({exc})")
        except Exception as exc:  # noqa: BLE001 - a report line, never a crash
            rapport.ecarte(fichier, ident, nom, f"erreur inattendue : {exc!r}")
    sortie.appliquer()


def _site(row: dict[str, str], ident: str, nom: str, dep: str, sortie: Sortie,
          rapport: Rapport, communes: Communes, date: dt.date, partenaires: dict[str, str],
          partenaires_ecrits: set[str], fichier: str) -> None:
    deja = sortie.existant("lieu", SOURCE, ident)
    if deja and not deja.importe:
        rapport.ecarte(fichier, ident, nom, REPRISE)
        return
    notes = Notes()
    for colonne in COLONNES:
        repare = reparer_encodage(row[colonne])
        if repare != row[colonne]:
            notes.ajoute(colonne, row[colonne], "texte mal encodé dans la source "
                         "(« Ã© » pour « é ») : corrigé")
            row = {**row, colonne: repare}
    lieu_brut = [texte(row[k]) for k in ("insee_com", "code_postal", "lib_com")]
    insee, cp, nom_commune = lieu_brut
    commune = communes.trouve(insee, cp, nom_commune, notes, row["latitude"],
                              row["longitude"])
    antenne = False
    if commune is None and not any(lieu_brut) and dep:
        # Antennas listed by their name only ("Antenne de Moyenmoutier").
        candidates = communes.dans_le_nom(nom, dep)
        if len(candidates) == 1:
            commune = candidates[0]
            antenne = True
            notes.ajoute("code_insee", nom, f"ni adresse ni commune dans la source : commune "
                         f"déduite du nom, {commune.nom} ({commune.code_insee}), position de "
                         "la mairie : adresse et commune à vérifier")
        else:
            noms = ", ".join(f"{c.nom} ({c.code_insee})" for c in candidates)
            raison = ("ni adresse ni commune dans la source, et plusieurs communes dans le nom"
                      if candidates else "ni adresse ni commune dans la source, ni commune "
                      "du département reconnue dans le nom")
            rapport.ecarte(fichier, ident, nom, raison, "lib_fs", noms or nom)
            return
    if commune is None:
        raison = ("ni adresse ni commune dans la source" if not any(lieu_brut)
                  else "commune introuvable (code INSEE, code postal et nom)")
        rapport.ecarte(fichier, ident, nom, raison, "code_insee", " ".join(lieu_brut).strip())
        return

    # Hours: each day cell on its own, so that a note names the very cell it is about.
    cellules = {jour: texte(row[f"h_{jour}"]) for jour in JOURS}
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

    commentaire = texte(row["commentaire"])
    description = []
    if texte(row["itinerance"]).lower() == "oui":
        description.append("Service itinérant : l'adresse est celle du point de rattachement.")
    if commentaire:
        description.append(commentaire)
        if _COMMENTAIRE_HORAIRES.search(commentaire):
            notes.ajoute("commentaire", commentaire, "le commentaire précise les horaires : "
                         "à reporter dans « horaires » (syntaxe OSM) si besoin")

    tel = telephone(row["telephone"], notes, departement=commune.departement)
    mail = courriel(row["mail"], notes)
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
        # A place received in person needs an address: an antenna found by its name says
        # honestly that it has none yet, rather than guessing the town hall's.
        "adresse": texte(row["adresse"]) or (ADRESSE_A_PRECISER if antenne else None),
        "complement_adresse": texte(row["complement_adresse"]) or None,
        "code_postal": code_postal(texte(row["code_postal"]), commune, notes),
        "code_insee": commune.code_insee,
        "coordonnees": coordonnees(row["latitude"], row["longitude"], commune, notes),
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
        pid = sortie.partenaire(SOURCE, commune.departement,
                                f"france-services-{commune.departement}")
        partenaires[commune.departement] = pid
    if deja:
        pid = deja.dossier
    lid = sortie.lieu(SOURCE, ident, nom, (commune.nom, ident), dossier=pid)
    auto = {"id": lid, "partenaire": pid}
    lieu = avec_notes_pro(Lieu, valide(Lieu, lieu, auto, notes), auto, notes)
    conservee = sortie.ecrit(pid, f"{lid}.yml", lieu, ("lieu", SOURCE, ident))
    if conservee:
        rapport.ecarte(fichier, ident, nom, conservee, "fichier", f"{pid}/{lid}.yml")
        return
    rapport.importe(fichier, ident, nom, notes)
    if pid not in partenaires_ecrits:
        # Written with its first site, so that a département whose rows were all refused
        # gets no empty partner.
        partenaires_ecrits.add(pid)
        _partenaire(commune.departement, pid, sortie, rapport, date, fichier)


def _partenaire(departement: str, pid: str, sortie: Sortie, rapport: Rapport,
                date: dt.date, fichier: str) -> None:
    # The partner stands for the network in one département: keyed by its code.
    deja = sortie.existant("partenaire", SOURCE, departement)
    if deja and not deja.importe:
        return
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
    conservee = sortie.ecrit(pid, "partenaire.yml", data, ("partenaire", SOURCE, departement))
    if conservee:
        rapport.signale(fichier, departement, "France Services", "fichier",
                        f"{pid}/partenaire.yml", conservee)
