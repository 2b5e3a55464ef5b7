"""A data·inclusion export (v0 field names) -> one partner folder and one lieu per structure.

One structure becomes one partner with one reception point: the export does not
say which structures belong together (a SIRET is shared by unrelated agencies
of one body), so grouping them would be a guess a partner would have to undo.
Services are attached to the lieu of their structure (`structure_id`, within
the same source: ids repeat across sources).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from ..hours import check_osm, french_text_to_osm
from ..models import Lieu, Partenaire
from ..vocab import Cercle, ModeAccueil, Thematique, TypeLieu, categorie
from .commun import (
    Communes,
    FicheRejetee,
    Identifiants,
    Notes,
    avec_notes_pro,
    code_postal,
    coordonnees,
    courriel,
    siret,
    telephone,
    texte,
    url,
    valide,
)
from .lecture import lire_liste_json, probleme_enregistrement
from .rapport import HORS_DEPARTEMENT, Rapport
from .sortie import PREFIXE_VERIFIE_PAR, REPRISE, Sortie

DATE_EXPORT = dt.date(2023, 2, 1)

# --- Structure typologie (v0 codes) -------------------------------------------------------

TYPE_PAR_TYPOLOGIE: dict[str, TypeLieu] = {
    "CCAS": TypeLieu.CCAS, "CIAS": TypeLieu.CCAS,
    "CAF": TypeLieu.CAF, "CPAM": TypeLieu.CPAM, "MSA": TypeLieu.MSA,
    "PE": TypeLieu.FRANCE_TRAVAIL, "ML": TypeLieu.MISSION_LOCALE, "MDPH": TypeLieu.MDPH,
    "MDS": TypeLieu.MDS, "CS": TypeLieu.CENTRE_SOCIAL, "MSAP": TypeLieu.FRANCE_SERVICES,
    "CHRS": TypeLieu.HEBERGEMENT, "CHU": TypeLieu.HEBERGEMENT, "CADA": TypeLieu.HEBERGEMENT,
    "HUDA": TypeLieu.HEBERGEMENT, "CPH": TypeLieu.HEBERGEMENT, "RS_FJT": TypeLieu.HEBERGEMENT,
    "CIDFF": TypeLieu.ACCES_AU_DROIT, "ASSO": TypeLieu.ASSOCIATION,
}

# The brief of the schéma: communes' social action and the Département are the first
# reception; the big public bodies are its first circle; everything else the second.
PREMIER_ACCUEIL = {"CCAS", "CIAS", "CD", "MDS"}
PREMIER_CERCLE = {"CAF", "CPAM", "MSA", "PE", "ML", "MDPH"}

RESEAU_PAR_TYPOLOGIE = {
    "CCAS": "ccas-cias", "CIAS": "ccas-cias", "CAF": "caf", "CPAM": "cpam",
    "MSA": "mutualite-sociale-agricole", "PE": "france-travail", "ML": "mission-locale",
    "MDPH": "mdph", "CAP_EMPLOI": "cap-emploi-reseau-cheops", "CHRS": "chrs", "CHU": "chu",
    "CADA": "cada", "HUDA": "huda", "CPH": "cph", "RS_FJT": "residences-fjt",
    "CIDFF": "cidff", "SPIP": "spip", "PLIE": "plie", "ACI": "aci", "AI": "ai", "EI": "ei",
    "EITI": "eiti", "ETTI": "etti", "GEIQ": "geiq", "MJC": "mjc", "AFPA": "afpa",
    "CD": "departements", "MUNI": "communes", "PIJ_BIJ": "reseau-information-jeunesse",
    "E2C": "ecoles-de-la-deuxieme-chance", "EPIDE": "epide", "MDE": "maisons-de-l-emploi",
    "PIMMS": "pimms-mediation",
}
RESEAU_PAR_LABEL = {
    "CNFS": "conseillers-numeriques", "France Services": "france-service",
    "Aidants Connect": "aidants-connect",
}

# --- Structure text lists (conseiller-numerique vocabulary) ----------------------------------

# Only where the v1 sub-theme says the same thing; the full list stays in the description.
THEMATIQUE_PAR_SERVICE_STRUCTURE = {
    "Accéder à une connexion internet": ["numerique--acceder-a-une-connexion-internet"],
    "S'équiper en matériel informatique": ["numerique--acquerir-un-equipement"],
    "Prendre en main un ordinateur": ["numerique--maitriser-les-fondamentaux-du-numerique"],
    "Prendre en main un smartphone ou une tablette":
        ["numerique--maitriser-les-fondamentaux-du-numerique"],
    "Utiliser le numérique au quotidien":
        ["numerique--maitriser-les-fondamentaux-du-numerique"],
    "Devenir autonome dans les démarches administratives":
        ["numerique--acceder-a-des-services-en-ligne"],
    "Réaliser des démarches administratives avec un accompagnement": [
        "numerique--acceder-a-des-services-en-ligne",
        "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
    ],
    "Accompagner les démarches de santé": ["numerique--acceder-a-des-services-en-ligne"],
}

PUBLIC_PAR_LIBELLE = {
    "Adultes": "tous-publics",
    "Jeunes (16-26 ans)": "jeunes",
    "Seniors (+ 65 ans)": "seniors",
    "Familles/enfants": "familles",
}

# --- Service fields (v0 -> v1) ----------------------------------------------------------------

# v1 keeps one type per service: the most concrete help first.
PRIORITE_TYPES = ("aide-financiere", "aide-materielle", "formation", "atelier",
                  "accompagnement", "information")
TYPE_V0 = {t: t for t in PRIORITE_TYPES} | {"financement": "aide-financiere"}

PUBLIC_PAR_PROFIL = {
    "jeunes-16-26": "jeunes", "jeunes": "jeunes", "seniors-65": "seniors",
    "familles-enfants": "familles", "femmes": "femmes", "etudiants": "etudiants",
    "demandeur-demploi": "demandeurs-emploi", "demandeurs-emploi": "demandeurs-emploi",
    "beneficiaire-rsa": "beneficiaires-des-minimas-sociaux",
    "personnes-handicapees": "personnes-en-situation-de-handicap",
    "sortants-de-detention": "personnes-en-situation-juridique-specifique",
    "personnes-de-nationalite-etrangere": "personnes-exilees",
    "tous-publics": "tous-publics", "adultes": "tous-publics",
}
FRAIS_V0 = {"gratuit": "gratuit", "gratuit-sous-conditions": "gratuit", "payant": "payant",
            "adhesion": "payant", "pass-numerique": "payant"}

THEMATIQUES_V1 = {str(t) for t in Thematique}


def verifie_par(source: str, date: dt.date) -> str:
    return f"{PREFIXE_VERIFIE_PAR}data·inclusion ({source}, {date.isoformat()})"


def _liste(value: object) -> list[str]:
    if isinstance(value, list):
        return [texte(v) for v in value if texte(v)]
    return [p.strip() for p in texte(value).split(";") if p.strip()]


def _date(value: object, notes: Notes) -> dt.date:
    try:
        return dt.date.fromisoformat(texte(value)[:10])
    except ValueError:
        notes.ajoute("date_maj", texte(value), f"date illisible : date de l'export "
                     f"({DATE_EXPORT.isoformat()}) retenue")
        return DATE_EXPORT


# --- Import ---------------------------------------------------------------------------------


def importer(structures: Path, services: Path, sortie: Sortie, rapport: Rapport,
             departement: str | None = None, communes: Communes | None = None) -> None:
    """Read both files; every structure and every service ends up imported or skipped."""
    communes = communes or Communes()
    f_structures, f_services = structures.name, services.name
    texte_structures, records = lire_liste_json(structures, "structures")
    texte_services, offres_brutes = lire_liste_json(services, "services")
    for nom_fichier, lu in ((f_structures, texte_structures), (f_services, texte_services)):
        if lu.converti:
            rapport.signale(nom_fichier, "", "", "encodage", lu.encodage,
                            "fichier lu en Windows-1252 (il n'est pas en UTF-8) : vérifiez "
                            "les accents des fiches importées")

    par_structure: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    services_vus: set[tuple[str, str]] = set()
    for n, offre in enumerate(offres_brutes, start=1):
        rapport.lu(f_services)
        probleme = probleme_enregistrement(offre)
        if probleme:
            rapport.ecarte(f_services, _ident(offre, n), _nom(offre), probleme)
            continue
        cle_service = (texte(offre.get("source")), texte(offre.get("id")))
        if cle_service[1] and cle_service in services_vus:
            rapport.ecarte(f_services, cle_service[1], _nom(offre), DOUBLON)
            continue
        services_vus.add(cle_service)
        par_structure[(texte(offre.get("source")), texte(offre.get("structure_id")))].append(offre)

    vus: dict[tuple[str, str], str] = {}  # structure -> what happened to it
    for n, record in enumerate(records, start=1):
        rapport.lu(f_structures)
        probleme = probleme_enregistrement(record)
        if probleme:
            rapport.ecarte(f_structures, _ident(record, n), _nom(record), probleme)
            if isinstance(record, dict):
                # Its services go with it, not among the orphans.
                key = (texte(record.get("source"))[:100], texte(record.get("id"))[:100])
                for offre in par_structure.get(key, []):
                    rapport.ecarte(f_services, texte(offre.get("id")), texte(offre.get("nom")),
                                   "structure écartée (valeur trop longue)")
                vus.setdefault(key, probleme)
            continue
        key = (texte(record.get("source")), texte(record.get("id")))
        nom = texte(record.get("nom"))
        if key in vus:
            # Its services were counted with the first one.
            rapport.ecarte(f_structures, key[1], nom, DOUBLON)
            continue
        attaches = par_structure.get(key, [])
        try:
            issue = _structure(record, attaches, sortie, rapport, communes, departement,
                               f_structures, f_services)
        except FicheRejetee as exc:
            issue = f"fiche refusée ({exc})"
        except Exception as exc:  # noqa: BLE001 - a report line, never a crash
            issue = f"erreur inattendue : {exc!r}"
        if issue:
            rapport.ecarte(f_structures, key[1], nom, issue)
            raison = issue if issue == HORS_DEPARTEMENT else f"structure écartée ({issue})"
            for offre in attaches:
                rapport.ecarte(f_services, texte(offre.get("id")), texte(offre.get("nom")),
                               raison)
        vus[key] = issue or "importée"

    for key, orphelins in par_structure.items():
        if key in vus:
            continue
        for offre in orphelins:
            rapport.ecarte(f_services, texte(offre.get("id")), texte(offre.get("nom")),
                           "structure absente de l'export", "structure_id", key[1],
                           # Which département an orphan belongs to is unknown: only a
                           # national run lists them one by one.
                           detail=departement is None)
    sortie.appliquer()


DOUBLON = "enregistrement en double (même source et même identifiant) : le premier est importé"


def _ident(record: object, rang: int) -> str:
    ident = texte(record.get("id")) if isinstance(record, dict) else ""
    return ident[:100] or f"n° {rang}"


def _nom(record: object) -> str:
    return texte(record.get("nom"))[:150] if isinstance(record, dict) else ""


def _structure(record: dict[str, Any], offres: list[dict[str, Any]], sortie: Sortie,
               rapport: Rapport, communes: Communes, departement: str | None,
               f_structures: str, f_services: str) -> str | None:
    """Import one structure; return why it was skipped, or None."""
    notes = Notes()
    ident, nom, source = (texte(record.get(k)) for k in ("id", "nom", "source"))
    cp_brut = texte(record.get("code_postal"))
    commune = communes.trouve(texte(record.get("code_insee")), cp_brut,
                              texte(record.get("commune")), notes,
                              record.get("latitude"), record.get("longitude"))
    dep = commune.departement if commune else communes.departement_probable(cp_brut)
    if departement and dep.upper() != departement.upper():
        return HORS_DEPARTEMENT
    if commune is None:
        return "commune introuvable (code INSEE, code postal et nom)"
    nom_source = f"data·inclusion ({source})"
    deja = sortie.existant("lieu", nom_source, ident)
    if deja and not deja.importe:
        return REPRISE
    if len(nom) < 3:
        notes.ajoute("nom", nom, "nom trop court : nom de la commune ajouté")
        nom = f"{nom} ({commune.nom})".strip()

    typologie = texte(record.get("typologie")).upper()
    labels = _liste(record.get("labels_nationaux"))
    date = _date(record.get("date_maj"), notes)
    dep_tel = commune.departement

    # Hours: valid OSM as is, else the French reader, else a note for a person.
    horaires_brut = texte(record.get("horaires"))
    osm = None
    if horaires_brut:
        if check_osm(horaires_brut) is None:
            osm = horaires_brut
        else:
            guess = french_text_to_osm(horaires_brut)
            if guess and check_osm(guess) is None:
                osm = guess
            else:
                notes.ajoute("horaires", horaires_brut, "horaires illisibles")

    tel = telephone(record.get("telephone"), notes, departement=dep_tel)
    mail = courriel(record.get("courriel"), notes)
    site = url(record.get("site_web"), notes)
    rdv_brut = texte(record.get("prise_rdv"))
    rdv = url(rdv_brut, Notes()) if rdv_brut else None

    modes: list[str] = []
    if horaires_brut:
        modes.append(str(ModeAccueil.SANS_RENDEZ_VOUS))
    if rdv_brut:
        modes.append(str(ModeAccueil.SUR_RENDEZ_VOUS))
    if tel:
        modes.append(str(ModeAccueil.TELEPHONE))
    if mail:
        modes.append(str(ModeAccueil.COURRIEL))
    if not modes:
        modes.append(str(ModeAccueil.SANS_RENDEZ_VOUS))
        notes.ajoute("modes_accueil", "", "la source ne dit pas comment le lieu reçoit : "
                     "« sans-rendez-vous » supposé, à vérifier")

    services_structure = _liste(record.get("services"))
    thematiques: list[str] = []
    for libelle in services_structure:
        for t in THEMATIQUE_PAR_SERVICE_STRUCTURE.get(libelle, []):
            if t not in thematiques:
                thematiques.append(t)
    publics_libelles = _liste(record.get("publics_accueillis"))
    publics = sorted({PUBLIC_PAR_LIBELLE[p] for p in publics_libelles if p in PUBLIC_PAR_LIBELLE})
    if "tous-publics" in publics:
        publics = ["tous-publics"]
    frais, frais_precisions = _frais_structure(_liste(record.get("conditions_acces")), notes)
    modalites = _liste(record.get("modalites_accompagnement"))

    description = [texte(record.get("presentation_detail"))
                   or texte(record.get("presentation_resume"))]
    if services_structure:
        description.append("Services proposés : " + " ; ".join(services_structure) + ".")
    if publics_libelles:
        description.append("Publics accueillis : " + " ; ".join(publics_libelles) + ".")
    if modalites:
        description.append("Accompagnement : " + " ; ".join(modalites) + ".")
    if rdv_brut and not rdv:
        description.append(f"Prise de rendez-vous : {rdv_brut}")

    partenaire_deja = sortie.existant("partenaire", nom_source, ident)
    pid = deja.dossier if deja else sortie.partenaire(nom_source, ident, nom,
                                                       (commune.nom, ident))
    lid = sortie.lieu(nom_source, ident, nom, (commune.nom, ident), dossier=pid)
    ids_services = Identifiants()
    services = [_service(o, ids_services, notes) for o in offres]
    proposes = list(services)  # `valide` may take a refused one out of the lieu's list
    for s in services:
        for t in s.get("thematiques", []):
            if t not in thematiques:
                thematiques.append(t)

    lieu: dict[str, Any] = {
        "nom": nom,
        "type": str(_type_lieu(typologie, labels, source)),
        "premier_accueil": False,
        "description": "\n".join(d for d in description if d) or None,
        "adresse": texte(record.get("adresse")) or None,
        "complement_adresse": texte(record.get("complement_adresse")) or None,
        "code_postal": code_postal(cp_brut, commune, notes),
        "code_insee": commune.code_insee,
        "coordonnees": coordonnees(record.get("latitude"), record.get("longitude"), commune,
                                   notes),
        "modes_accueil": modes,
        "horaires": {"sans_rendez_vous": osm} if osm else None,
        "telephone": tel,
        "courriel": mail,
        "site_web": site,
        "demarche_en_ligne": rdv,
        "thematiques": thematiques or None,
        "publics": publics or None,
        "aide_numerique": True if (modalites or {"CNFS", "Aidants Connect"} & set(labels))
        else None,
        "frais": frais,
        "frais_precisions": frais_precisions,
        "services": services or None,
        "verifie_le": date,
        "verifie_par": verifie_par(source, date),
        "source": {"nom": nom_source, "identifiant": ident, "date": date},
    }
    lieu = {k: v for k, v in lieu.items() if v is not None}

    notes_partenaire = Notes()
    partenaire: dict[str, Any] = {
        "nom": nom,
        "cercle": str(_cercle(typologie)),
        "reseaux_porteurs": _reseaux(typologie, labels) or None,
        "siret": siret(record.get("pivot"), notes_partenaire),
        "site_web": site,
        "verifie_le": date,
        "verifie_par": verifie_par(source, date),
        "source": {"nom": nom_source, "identifiant": ident, "date": date},
    }
    partenaire = {k: v for k, v in partenaire.items() if v is not None}
    partenaire = valide(Partenaire, partenaire, {"id": pid}, notes_partenaire)
    partenaire = avec_notes_pro(Partenaire, partenaire, {"id": pid}, notes_partenaire)

    auto = {"id": lid, "partenaire": pid}
    lieu = avec_notes_pro(Lieu, valide(Lieu, lieu, auto, notes), auto, notes)

    conservee = sortie.ecrit(pid, f"{lid}.yml", lieu, ("lieu", nom_source, ident))
    if conservee:
        return conservee  # its services are counted as skipped with it
    if not partenaire_deja or partenaire_deja.importe:
        gardee = sortie.ecrit(pid, "partenaire.yml", partenaire,
                              ("partenaire", nom_source, ident))
        if gardee:
            rapport.signale(f_structures, ident, nom, "fichier", f"{pid}/partenaire.yml",
                            gardee)
    rapport.importe(f_structures, ident, nom, [*notes_partenaire, *notes])

    # `valide` takes a refused service out of the list itself (into the notes).
    gardes = {id(s) for s in lieu.get("services", [])}
    for offre, service in zip(offres, proposes, strict=True):
        sid = texte(offre.get("id"))
        if id(service) in gardes:
            rapport.importe(f_services, sid, texte(offre.get("nom")), [])
        else:
            rapport.ecarte(f_services, sid, texte(offre.get("nom")),
                           "service refusé par le modèle (gardé en note dans la fiche du lieu)")
    return None


def _service(offre: dict[str, Any], ids: Identifiants, notes: Notes) -> dict[str, Any]:
    nom = texte(offre.get("nom"))
    sid = ids.attribue(nom)
    champ = f"services.{sid}"

    types_v0 = _liste(offre.get("types"))
    mapped = [TYPE_V0[t] for t in types_v0 if t in TYPE_V0]
    type_ = next((t for t in PRIORITE_TYPES if t in mapped), None)
    ecartes = [t for t in types_v0 if TYPE_V0.get(t) != type_]
    if ecartes:
        raison = (f"un seul type par service en data·inclusion v1 : « {type_} » retenu"
                  if type_ else "aucun type data·inclusion v1 équivalent")
        notes.ajoute(f"{champ}.types", ", ".join(ecartes), raison)

    thematiques = []
    for t in _liste(offre.get("thematiques")):
        if t in THEMATIQUES_V1:
            thematiques.append(t)
            continue
        cat = "creer-une-entreprise" if t == "creation-activite" else categorie(t)
        notes.ajoute(f"{champ}.thematiques", t,
                     f"thématique v0 sans sous-thématique v1 équivalente (catégorie « {cat} ») : "
                     "à préciser" if "--" not in t else "thématique inconnue en v1")

    publics = []
    for p in _liste(offre.get("profils")):
        v1 = PUBLIC_PAR_PROFIL.get(p)
        if v1 and v1 not in publics:
            publics.append(v1)
        elif not v1:
            notes.ajoute(f"{champ}.profils", p, "profil sans public v1 équivalent")

    frais_v0 = _liste(offre.get("frais"))
    frais = None
    mapped_frais = {FRAIS_V0[f] for f in frais_v0 if f in FRAIS_V0}
    if mapped_frais:
        frais = "payant" if "payant" in mapped_frais else "gratuit"
    for f in frais_v0:
        if f not in FRAIS_V0:
            notes.ajoute(f"{champ}.frais", f, "frais sans valeur v1 équivalente")
    precisions = [texte(offre.get("frais_autres"))]
    if {"gratuit-sous-conditions", "adhesion", "pass-numerique"} & set(frais_v0):
        precisions.insert(0, ", ".join(frais_v0))

    rdv = url(offre.get("prise_rdv"), notes, f"{champ}.prise_rdv")
    zone = _zone(offre.get("zone_eligibilite"), notes, f"{champ}.zone_eligibilite")
    service = {
        "id": sid,
        "nom": nom,
        "type": type_,
        "description": texte(offre.get("presentation_resume")) or None,
        "thematiques": thematiques or None,
        "publics": publics or None,
        "frais": frais,
        "frais_precisions": "\n".join(p for p in precisions if p) or None,
        "lien_mobilisation": rdv,
        "zone_eligibilite": zone,
    }
    return {k: v for k, v in service.items() if v is not None}


_ZONE_COMMUNE_OU_DEPARTEMENT = re.compile(r"\d{5}|2[AB]\d{3}|\d{2}|2[AB]|97\d")


def _zone(value: object, notes: Notes, champ: str) -> list[str] | None:
    """data·inclusion v1's `zone_eligibilite` (the 2023 v0 export has none: everyone).

    Commune and département codes are kept; an EPCI code cannot be checked against the
    bundled communes table, nor a country code other than France's, so either is noted
    for a human and the zone kept without it. Nothing left means everyone, as in the source.
    """
    zone: list[str] = []
    for code in _liste(value):
        code = texte(code).upper()
        if code in ("FRANCE", "99100"):
            return ["france"]
        if _ZONE_COMMUNE_OU_DEPARTEMENT.fullmatch(code) and not code.startswith("99"):
            zone.append(code)
        else:
            notes.ajoute(champ, code, "code d'EPCI ou de pays : indiquez les communes "
                         "ou le département concernés")
    return zone or None


def _type_lieu(typologie: str, labels: list[str], source: str) -> TypeLieu:
    if typologie in TYPE_PAR_TYPOLOGIE:
        return TYPE_PAR_TYPOLOGIE[typologie]
    if "France Services" in labels:
        return TypeLieu.FRANCE_SERVICES
    if not typologie and (source == "conseiller-numerique" or "CNFS" in labels):
        return TypeLieu.MEDIATION_NUMERIQUE
    if not typologie and source == "siao":
        return TypeLieu.HEBERGEMENT
    return TypeLieu.AUTRE


def _cercle(typologie: str) -> Cercle:
    if typologie in PREMIER_ACCUEIL:
        return Cercle.PREMIER_ACCUEIL
    if typologie in PREMIER_CERCLE:
        return Cercle.PREMIER_CERCLE
    return Cercle.DEUXIEME_CERCLE


def _reseaux(typologie: str, labels: list[str]) -> list[str]:
    reseaux = [RESEAU_PAR_TYPOLOGIE[typologie]] if typologie in RESEAU_PAR_TYPOLOGIE else []
    for label in labels:
        reseau = RESEAU_PAR_LABEL.get(label)
        if reseau and reseau not in reseaux:
            reseaux.append(reseau)
    return reseaux


def _frais_structure(conditions: list[str], notes: Notes) -> tuple[str | None, str | None]:
    """conditions_acces (« Gratuit : ... », « Adhésion : ... ») -> frais and its details."""
    if not conditions:
        return None, None
    kinds = [c.split(":", 1)[0].strip().lower() for c in conditions]
    unknown = [c for c, k in zip(conditions, kinds, strict=True)
               if k not in ("gratuit", "gratuit sous condition", "adhésion", "payant")]
    for c in unknown:
        notes.ajoute("frais", c, "condition d'accès sans valeur v1 équivalente")
    if any(k in ("adhésion", "payant") for k in kinds):
        frais = "payant"
    elif any(k.startswith("gratuit") for k in kinds):
        frais = "gratuit"
    else:
        return None, None
    precisions = [c for c, k in zip(conditions, kinds, strict=True) if k != "gratuit"]
    return frais, " ; ".join(precisions) or None
