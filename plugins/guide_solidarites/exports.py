"""Open data from the catalogue: GeoJSON and CSV of reception points, data·inclusion v1 files.

Every function here takes the public `Catalogue`, whose records are public types with no
professional field at all: nothing here can leak a referent's number, and the type
checker refuses a `CataloguePro`. The professional site's map adds its properties to
`geojson_lieux` in `pro.geojson_lieux_pro`.

What cannot be exported faithfully is never bent to fit a format: the field or the record
is left out and a `Remarque` says which, where and why (the export report).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any, TextIO

from jsonschema import Draft202012Validator

from .adresses import adresse_du_lieu
from .catalogue import Catalogue
from .models import LieuPublic, PartenairePublic, Service
from .tableur import ouvrir_csv
from .telephones import affiche as telephone_affiche
from .telephones import e164 as telephone_e164
from .vocab import (
    DI_DIR,
    FRAIS_LABELS,
    LANGUES,
    MODE_ACCUEIL_LABELS,
    PUBLIC_LABELS,
    THEMATIQUE_LABELS,
    TYPE_LIEU_LABELS,
    ModeAccueil,
)

SOURCE_DEFAUT = "guide-solidarites"
"""data·inclusion producer id used when none is configured (`--source`)."""

LICENCE_NOM = "Licence Ouverte 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"

FICHIER_GEOJSON = "lieux.geojson"
FICHIER_CSV = "lieux.csv"
FICHIER_STRUCTURES = "data-inclusion/structures.json"
FICHIER_SERVICES = "data-inclusion/services.json"
FICHIER_RAPPORT = "rapport-export.json"

DECIMALES_COORDONNEES = 6
"""About 10 cm: finer is noise, and shorter files load faster on old phones."""

CSV_SEPARATEUR_LISTE = "|"


# --- The export report ------------------------------------------------------------------------


class Consequence(StrEnum):
    """What the export did with a value it could not carry faithfully."""

    ENREGISTREMENT_OMIS = "enregistrement-omis"
    CHAMP_OMIS = "champ-omis"
    EXPORTE_TEL_QUEL = "exporte-tel-quel"


@dataclass(frozen=True, slots=True)
class Remarque:
    """One value an export could not carry as the format expects."""

    fichier: str
    """The exported file, e.g. `data-inclusion/services.json`."""
    enregistrement: str
    """The record's id in that file (the lieu id for the GeoJSON and CSV)."""
    champ: str
    raison: str
    consequence: Consequence

    def format(self) -> str:
        return (f"{self.fichier} [{self.enregistrement}] {self.champ} : {self.raison} "
                f"({self.consequence})")


Remarques = list[Remarque]


# --- Shared value helpers ------------------------------------------------------------------


def page_du_lieu(lieu: LieuPublic) -> str:
    """The reception point's page, relative to the site root."""
    return f"lieux/{lieu.id}/"


def _thematiques(lieu: LieuPublic) -> list[str]:
    themes = list(lieu.thematiques)
    for service in lieu.services:
        themes += service.thematiques
    return list(dict.fromkeys(themes))


def _commune_nom(catalogue: Catalogue, lieu: LieuPublic) -> str | None:
    commune = catalogue.commune_du_lieu(lieu)
    return commune.nom if commune else None


def _partenaire_nom(catalogue: Catalogue, lieu: LieuPublic) -> str | None:
    partenaire = catalogue.partenaire_du_lieu(lieu)
    return partenaire.nom if partenaire else None


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _exiger_public(catalogue: Catalogue) -> None:
    # The types already refuse a professional catalogue; this catches what types cannot
    # see (a record made by an importer, a test's stand-in): public records, exactly.
    if not isinstance(catalogue, Catalogue) or any(
            type(r) not in (LieuPublic, PartenairePublic)
            for r in (*catalogue.lieux.values(), *catalogue.partenaires.values())):
        raise ValueError("les données ouvertes se construisent depuis le catalogue public : "
                         "le catalogue professionnel contient des données personnelles")


# --- GeoJSON -------------------------------------------------------------------------------


Valeur = Callable[[Catalogue, LieuPublic], Any]


@dataclass(frozen=True, slots=True)
class Propriete:
    """One property of the GeoJSON features: its name, what it means, how it is read."""

    nom: str
    description: str
    valeur: Valeur


P = Propriete

PROPRIETES_GEOJSON: tuple[Propriete, ...] = (
    P("id", "Identifiant du lieu dans le guide (nom de sa fiche).", lambda c, lieu: lieu.id),
    P("nom", "Nom du lieu d'accueil.", lambda c, lieu: lieu.nom),
    P("type", "Type de lieu (code), par exemple ccas-cias ou france-services.",
      lambda c, lieu: str(lieu.type)),
    P("type_libelle", "Type de lieu en toutes lettres.",
      lambda c, lieu: TYPE_LIEU_LABELS[lieu.type]),
    P("premier_accueil", "true si le lieu est reconnu lieu de premier accueil social "
      "inconditionnel.", lambda c, lieu: lieu.premier_accueil),
    P("precision", "Précision de la position : adresse (au numéro), commune (mairie, position "
      "approchée) ou manuelle (placée à la main).",
      lambda c, lieu: str(lieu.coordonnees.precision) if lieu.coordonnees else None),
    P("adresse", "Numéro et voie (null si inconnue).", lambda c, lieu: lieu.adresse),
    P("adresse_complete", "L'adresse telle que le guide l'affiche : numéro et voie, "
      "complément, code postal et commune.",
      lambda c, lieu: str(adresse_du_lieu(lieu, _commune_nom(c, lieu)))),
    P("code_postal", "Code postal.", lambda c, lieu: lieu.code_postal),
    P("code_insee", "Code officiel (INSEE) de la commune.", lambda c, lieu: lieu.code_insee),
    P("commune", "Nom de la commune.", _commune_nom),
    P("url", "Adresse de la page du lieu, relative à la racine du site (lieux/<id>/).",
      lambda c, lieu: page_du_lieu(lieu)),
    P("telephone", "Téléphone d'accueil du public, au format français (null si aucun).",
      lambda c, lieu: telephone_affiche(lieu.telephone) if lieu.telephone else None),
    P("modes_accueil", "Manières d'être reçu : sans-rendez-vous, sur-rendez-vous, telephone, "
      "courriel, en-ligne, visite-a-domicile.",
      lambda c, lieu: [str(m) for m in lieu.modes_accueil]),
    P("categories", "Grandes catégories de thématiques data·inclusion (par exemple "
      "logement-hebergement).", lambda c, lieu: c.categories_du_lieu(lieu)),
    P("thematiques", "Thématiques data·inclusion du lieu et de ses services "
      "(categorie--sous-thematique).", lambda c, lieu: _thematiques(lieu)),
    P("publics", "Publics accueillis (valeurs data·inclusion, par exemple tous-publics).",
      lambda c, lieu: c.publics_du_lieu(lieu)),
    P("zone_eligibilite", "Qui peut venir : codes INSEE des communes ou codes des "
      "départements dont les habitants sont reçus, comme dans data·inclusion ; null : tout "
      "le monde.", lambda c, lieu: lieu.zone_eligibilite),
    P("pmr", "Accessible en fauteuil roulant : true, false, ou null si on ne sait pas.",
      lambda c, lieu: lieu.accessibilite.pmr),
    P("douches", "true si l'on peut prendre une douche sur place.",
      lambda c, lieu: lieu.douches),
    P("partenaire", "Identifiant de la structure qui tient le lieu.",
      lambda c, lieu: lieu.partenaire),
    P("partenaire_nom", "Nom de la structure qui tient le lieu.", _partenaire_nom),
    P("verifie_le", "Date de la dernière vérification de la fiche (AAAA-MM-JJ).",
      lambda c, lieu: lieu.verifie_le.isoformat()),
)
"""Feature properties, in order: the map's JavaScript and the filters (`filtres.py`) rely
on these names; the « Données » page describes each."""


def _feature(catalogue: Catalogue, lieu: LieuPublic) -> dict[str, Any]:
    assert lieu.coordonnees is not None
    c = lieu.coordonnees
    return {
        "type": "Feature",
        "id": lieu.id,
        "geometry": {
            "type": "Point",
            "coordinates": [round(c.longitude, DECIMALES_COORDONNEES),
                            round(c.latitude, DECIMALES_COORDONNEES)],
        },
        "properties": {p.nom: p.valeur(catalogue, lieu) for p in PROPRIETES_GEOJSON},
    }


def geojson_lieux(catalogue: Catalogue, remarques: Remarques | None = None) -> dict[str, Any]:
    """The reception points as a GeoJSON FeatureCollection, for the maps and open data.

    Public properties (`PROPRIETES_GEOJSON`) only: the professional site's map adds its
    own in `pro.geojson_lieux_pro`. A map layer is made of points, so a
    reception point without coordinates gets no feature: it is appended to `remarques`
    (and stays in the CSV and data·inclusion files) rather than given a null geometry
    that many map tools choke on.
    """
    features = []
    for lieu in catalogue.lieux.values():
        if lieu.coordonnees is None:
            if remarques is not None:
                remarques.append(Remarque(
                    FICHIER_GEOJSON, lieu.id, "coordonnees", "lieu sans coordonnées : absent "
                    "de la carte (il figure dans le CSV et les fichiers data·inclusion)",
                    Consequence.ENREGISTREMENT_OMIS))
            continue
        features.append(_feature(catalogue, lieu))
    return {"type": "FeatureCollection", "features": features}


# --- CSV -----------------------------------------------------------------------------------


def _liste(values: list[str]) -> str:
    return CSV_SEPARATEUR_LISTE.join(values)


def _oui_non(value: bool | None) -> str:
    return "" if value is None else ("oui" if value else "non")


def _coordonnee(value: float | None) -> str:
    # Fixed decimals: French Excel would read a short "1.1" as the 1st of November.
    return "" if value is None else f"{value:.{DECIMALES_COORDONNEES}f}"


Cellule = Callable[[Catalogue, LieuPublic], str]

_COLONNES: tuple[tuple[str, str, Cellule], ...] = (
    ("Identifiant", "Identifiant du lieu dans le guide.", lambda c, lieu: lieu.id),
    ("Nom", "Nom du lieu d'accueil.", lambda c, lieu: lieu.nom),
    ("Type", "Type de lieu.", lambda c, lieu: TYPE_LIEU_LABELS[lieu.type]),
    ("Premier accueil social inconditionnel", "oui si le lieu est reconnu lieu de premier "
     "accueil social inconditionnel.", lambda c, lieu: _oui_non(lieu.premier_accueil)),
    ("Identifiant du partenaire", "Identifiant de la structure qui tient le lieu.",
     lambda c, lieu: lieu.partenaire),
    ("Partenaire", "Nom de la structure qui tient le lieu.",
     lambda c, lieu: _partenaire_nom(c, lieu) or ""),
    ("Adresse", "Numéro et voie.", lambda c, lieu: lieu.adresse or ""),
    ("Complément d'adresse", "Bâtiment, étage, boîte postale...",
     lambda c, lieu: lieu.complement_adresse or ""),
    ("Code postal", "Code postal (5 chiffres).", lambda c, lieu: lieu.code_postal),
    ("Code INSEE", "Code officiel de la commune (5 caractères).",
     lambda c, lieu: lieu.code_insee),
    ("Commune", "Nom de la commune.", lambda c, lieu: _commune_nom(c, lieu) or ""),
    ("Latitude", "Latitude WGS 84 en degrés décimaux, point comme séparateur décimal ; vide "
     "si la position est inconnue.",
     lambda c, lieu: _coordonnee(lieu.coordonnees.latitude if lieu.coordonnees else None)),
    ("Longitude", "Longitude WGS 84 en degrés décimaux, point comme séparateur décimal.",
     lambda c, lieu: _coordonnee(lieu.coordonnees.longitude if lieu.coordonnees else None)),
    ("Précision de la position", "adresse, commune (mairie) ou manuelle.",
     lambda c, lieu: str(lieu.coordonnees.precision) if lieu.coordonnees else ""),
    ("Téléphone", "Téléphone d'accueil du public.",
     lambda c, lieu: telephone_affiche(lieu.telephone) if lieu.telephone else ""),
    ("Courriel", "Courriel d'accueil du public.", lambda c, lieu: lieu.courriel or ""),
    ("Site web", "Site de la structure ou du lieu.", lambda c, lieu: lieu.site_web or ""),
    ("Démarche en ligne", "Adresse de la démarche en ligne.",
     lambda c, lieu: lieu.demarche_en_ligne or ""),
    ("Modes d'accueil", "Manières d'être reçu, séparées par |.",
     lambda c, lieu: _liste([MODE_ACCUEIL_LABELS[ModeAccueil(m)] for m in lieu.modes_accueil])),
    ("Horaires sans rendez-vous", "Syntaxe OpenStreetMap opening_hours.",
     lambda c, lieu: lieu.horaires.sans_rendez_vous or ""),
    ("Horaires sur rendez-vous", "Syntaxe OpenStreetMap opening_hours.",
     lambda c, lieu: lieu.horaires.sur_rendez_vous or ""),
    ("Horaires du téléphone", "Syntaxe OpenStreetMap opening_hours.",
     lambda c, lieu: lieu.horaires.telephone or ""),
    ("Thématiques", "Thématiques data·inclusion du lieu et de ses services, en toutes lettres, "
     "séparées par |.",
     lambda c, lieu: _liste([THEMATIQUE_LABELS.get(t, t) for t in _thematiques(lieu)])),
    ("Publics", "Publics accueillis, séparés par |.",
     lambda c, lieu: _liste([PUBLIC_LABELS.get(p, p) for p in c.publics_du_lieu(lieu)])),
    ("Zone d'éligibilité", "Communes (code INSEE) ou départements dont les habitants sont "
     "reçus, séparés par | ; vide : tout le monde.",
     lambda c, lieu: _liste(c.zone_en_clair(lieu.zone_eligibilite))),
    ("Langues", "Langues parlées à l'accueil, séparées par |.",
     lambda c, lieu: _liste([LANGUES.get(x, x) for x in lieu.langues])),
    ("Accessible en fauteuil roulant", "oui, non, ou vide si on ne sait pas.",
     lambda c, lieu: _oui_non(lieu.accessibilite.pmr)),
    ("Fiche Acceslibre", "Lien vers la fiche Acceslibre du lieu.",
     lambda c, lieu: lieu.accessibilite.acceslibre or ""),
    ("Frais", "Gratuit ou payant.",
     lambda c, lieu: FRAIS_LABELS.get(lieu.frais, lieu.frais) if lieu.frais else ""),
    ("Vérifié le", "Date de la dernière vérification (AAAA-MM-JJ).",
     lambda c, lieu: lieu.verifie_le.isoformat()),
    ("Vérifié par", "Service qui a vérifié la fiche.", lambda c, lieu: lieu.verifie_par),
    ("Page du guide", "Adresse de la page du lieu, relative à la racine du site.",
     lambda c, lieu: page_du_lieu(lieu)),
    # Columns added later go last: scripts read the others by position.
    ("Douches", "oui si l'on peut prendre une douche sur place.",
     lambda c, lieu: _oui_non(lieu.douches)),
)

COLONNES_CSV_LIEUX: tuple[str, ...] = tuple(nom for nom, _, _ in _COLONNES)
"""The CSV header, in its fixed order: spreadsheets and scripts rely on it."""


def lignes_csv_lieux(catalogue: Catalogue) -> list[list[str]]:
    """One row per reception point, located or not, in id order (header not included)."""
    _exiger_public(catalogue)
    return [[cellule(catalogue, lieu) for _, _, cellule in _COLONNES]
            for lieu in catalogue.lieux.values()]


def write_csv_lieux(catalogue: Catalogue, destination: str | Path | TextIO) -> None:
    with ouvrir_csv(destination) as writer:
        writer.writerow(COLONNES_CSV_LIEUX)
        writer.writerows(lignes_csv_lieux(catalogue))


# --- data·inclusion v1 ---------------------------------------------------------------------


@cache
def schema_data_inclusion(nom: str) -> dict[str, Any]:
    """The bundled official schema, `structure` or `service` (data·inclusion v1)."""
    schema: dict[str, Any] = json.loads((DI_DIR / f"{nom}.json").read_text("utf-8"))
    return schema


@cache
def validateur_data_inclusion(nom: str) -> Draft202012Validator:
    # The files have no `$schema`: data·inclusion publishes them for Draft 2020-12.
    return Draft202012Validator(schema_data_inclusion(nom),
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


# What each field of our records becomes in data·inclusion v1, and why the others stay out.
# Every field of the public models is in exactly one of the two tables
# (tests/test_exports.py): a new field is a decision to take here, not a silent omission.

EXPORTE_DATA_INCLUSION: dict[str, dict[str, tuple[str, ...]]] = {
    "LieuPublic": {
        "id": ("structure.id", "service.structure_id"),
        "partenaire": ("structure.siret", "structure.reseaux_porteurs"),
        "nom": ("structure.nom",),
        "description": ("structure.description",),
        "adresse": ("structure.adresse", "service.adresse"),
        "complement_adresse": ("structure.complement_adresse", "service.complement_adresse"),
        "code_postal": ("structure.code_postal", "service.code_postal"),
        "code_insee": ("structure.code_insee", "structure.commune", "service.code_insee",
                       "service.commune"),
        "coordonnees": ("structure.latitude", "structure.longitude", "service.latitude",
                        "service.longitude"),
        "modes_accueil": ("service.modes_accueil",),
        "horaires": ("structure.horaires_accueil", "service.horaires_accueil"),
        "telephone": ("structure.telephone", "service.telephone"),
        "courriel": ("structure.courriel", "service.courriel"),
        "site_web": ("structure.site_web",),
        "zone_eligibilite": ("service.zone_eligibilite",),
        "accessibilite": ("structure.accessibilite_lieu",),
        "services": ("service.id",),
        "verifie_le": ("structure.date_maj", "service.date_maj"),
    },
    "Service": {
        "id": ("service.id",),
        "nom": ("service.nom",),
        "type": ("service.type",),
        "description": ("service.description",),
        "thematiques": ("service.thematiques",),
        "publics": ("service.publics",),
        "publics_precisions": ("service.publics_precisions",),
        "frais": ("service.frais",),
        "frais_precisions": ("service.frais_precisions",),
        "modes_accueil": ("service.modes_accueil",),
        "modes_mobilisation": ("service.modes_mobilisation",),
        "mobilisable_par": ("service.mobilisable_par",),
        "mobilisation_precisions": ("service.mobilisation_precisions",),
        "lien_mobilisation": ("service.lien_mobilisation",),
        "conditions_acces": ("service.conditions_acces",),
        "horaires": ("service.horaires_accueil",),
        "zone_eligibilite": ("service.zone_eligibilite",),
    },
    "PartenairePublic": {
        "siret": ("structure.siret",),
        "reseaux_porteurs": ("structure.reseaux_porteurs",),
    },
}
"""Field of our model -> the data·inclusion fields (`fichier.champ`) it fills."""

NON_EXPORTE_DATA_INCLUSION: dict[str, dict[str, str]] = {
    "LieuPublic": {
        "verifie_par": "le schéma n'a pas de champ pour qui a vérifié la fiche",
        "revision_mois": "le rythme de vérification est propre au guide",
        "traductions": "le schéma n'a pas de champ pour les traductions ; le texte exporté "
                       "est celui de la fiche, en français",
        "type": "le schéma v1 n'a plus de typologie de structure ; le réseau porteur du "
                "partenaire la remplace",
        "premier_accueil": "le schéma n'a pas de champ pour le premier accueil social "
                           "inconditionnel",
        "fermetures": "les fermetures temporaires n'ont pas de champ ; les horaires "
                      "exportés restent les habituels",
        "demarche_en_ligne": "pas de champ au niveau de la structure ; un service en ligne "
                             "le dit par son lien_mobilisation",
        "permanences": "un lieu tenu ailleurs à date fixe n'a pas d'équivalent dans le schéma",
        "thematiques": "le schéma v1 les porte par service : celles des services sont "
                       "exportées",
        "publics": "le schéma v1 les porte par service : ceux des services sont exportés",
        "langues": "pas de champ des langues parlées à l'accueil",
        "langue_des_signes": "pas de champ pour la langue des signes",
        "interpretariat": "pas de champ pour l'interprétariat",
        "aide_numerique": "pas de champ pour l'aide au numérique",
        "douches": "pas de champ des équipements du lieu (douches, laverie, bagagerie)",
        "transports": "pas de champ pour les transports en commun",
        "frais": "le schéma v1 les porte par service : ceux des services sont exportés",
        "frais_precisions": "le schéma v1 les porte par service",
        "photos": "des fichiers du dépôt du guide, pas des données d'échange",
        "documents_a_apporter": "pas de champ des pièces à apporter",
        "source": "la source d'un import n'est pas celle de l'export (champ source : le "
                  "producteur configuré)",
    },
    "Service": {},
    "PartenairePublic": {
        "verifie_le": "un partenaire n'est pas une structure du schéma : ses lieux le sont",
        "verifie_par": "un partenaire n'est pas une structure du schéma",
        "revision_mois": "le rythme de vérification est propre au guide",
        "id": "chaque lieu porte son propre identifiant",
        "nom": "chaque lieu porte son nom",
        "sigle": "pas de champ de sigle ; le nom de chaque lieu est exporté",
        "cercle": "l'organisation départementale du premier accueil est propre au guide",
        "description": "chaque lieu porte sa description",
        "site_web": "chaque lieu porte son site",
        "telephone": "chaque lieu porte son téléphone",
        "courriel": "chaque lieu porte son courriel",
        "logo": "un fichier du dépôt du guide, pas une donnée d'échange",
        "source": "la source d'un import n'est pas celle de l'export",
        "responsables": "des comptes de la forge du guide, pas des données d'échange",
    },
}
"""Field of our model -> why data·inclusion does not receive it (shown to maintainers)."""


_DESCRIPTION_MIN = 5  # minLength of `description` in both schemas

_PRESENTIEL = {ModeAccueil.SANS_RENDEZ_VOUS, ModeAccueil.SUR_RENDEZ_VOUS}
_A_DISTANCE = {ModeAccueil.TELEPHONE, ModeAccueil.COURRIEL, ModeAccueil.EN_LIGNE}


def _sans_vides(record: dict[str, Any]) -> dict[str, Any]:
    # Absent and null mean the same in the schema; absent keeps the files small.
    return {k: v for k, v in record.items() if v not in (None, [], "")}


def _telephone_di(fichier: str, rid: str, champ: str, value: str | None,
                  remarques: Remarques) -> str | None:
    if not value:
        return None
    e164 = telephone_e164(value)
    if e164:
        return e164
    # The schema asks for E.164 "de préférence" and has no pattern: a national short number
    # has no E.164 form a caller abroad could dial, so it goes as written, and is reported.
    remarques.append(Remarque(fichier, rid, champ, f"numéro court national « {value} » : "
                              "pas de forme E.164, exporté tel quel",
                              Consequence.EXPORTE_TEL_QUEL))
    return value


def _description_di(fichier: str, rid: str, value: str | None,
                    remarques: Remarques) -> str | None:
    if value and len(value.strip()) < _DESCRIPTION_MIN:
        remarques.append(Remarque(fichier, rid, "description", f"description de "
                                  f"{len(value.strip())} caractères, le schéma en demande "
                                  f"au moins {_DESCRIPTION_MIN}", Consequence.CHAMP_OMIS))
        return None
    return value.strip() if value else None


def _nom_di(fichier: str, rid: str, nom: str, remarques: Remarques) -> str:
    if nom.endswith("."):
        remarques.append(Remarque(fichier, rid, "nom", "le nom se termine par un point, ce "
                                  "que data·inclusion déconseille", Consequence.EXPORTE_TEL_QUEL))
    return nom


def _lien(site_url: str | None, lieu: LieuPublic) -> str | None:
    return site_url.rstrip("/") + "/" + page_du_lieu(lieu) if site_url else None


def _lieu_commun(catalogue: Catalogue, lieu: LieuPublic) -> dict[str, Any]:
    """Where the place is: shared by its structure and its services."""
    return {
        "commune": _commune_nom(catalogue, lieu),
        "code_postal": lieu.code_postal,
        "code_insee": lieu.code_insee,
        "adresse": lieu.adresse,
        "complement_adresse": lieu.complement_adresse,
        "longitude": round(lieu.coordonnees.longitude, DECIMALES_COORDONNEES)
        if lieu.coordonnees else None,
        "latitude": round(lieu.coordonnees.latitude, DECIMALES_COORDONNEES)
        if lieu.coordonnees else None,
    }


def structure_id(source: str, lieu: LieuPublic) -> str:
    return f"{source}--{lieu.id}"


def _structure(catalogue: Catalogue, lieu: LieuPublic, source: str, site_url: str | None,
               remarques: Remarques) -> dict[str, Any]:
    rid = structure_id(source, lieu)
    f = FICHIER_STRUCTURES
    partenaire = catalogue.partenaire_du_lieu(lieu)
    horaires = lieu.horaires.sans_rendez_vous
    if not horaires and lieu.horaires.sur_rendez_vous:
        # One field for the public's opening hours: appointment-only hours there would
        # send people to a closed door.
        remarques.append(Remarque(f, rid, "horaires_accueil", "seules des heures sur "
                                  "rendez-vous sont connues : le schéma n'a qu'un champ "
                                  "d'horaires d'accueil du public", Consequence.CHAMP_OMIS))
    return _sans_vides({
        "source": source,
        "id": rid,
        "nom": _nom_di(f, rid, lieu.nom, remarques),
        "date_maj": lieu.verifie_le.isoformat(),
        "lien_source": _lien(site_url, lieu),
        # The place belongs to the partner: its SIRET (the head office's when the place is
        # not an establishment of its own, as the schema allows) and its networks.
        "siret": partenaire.siret if partenaire else None,
        **_lieu_commun(catalogue, lieu),
        "telephone": _telephone_di(f, rid, "telephone", lieu.telephone, remarques),
        "courriel": lieu.courriel,
        "site_web": lieu.site_web,
        "description": _description_di(f, rid, lieu.description, remarques),
        "horaires_accueil": horaires,
        "accessibilite_lieu": lieu.accessibilite.acceslibre,
        "reseaux_porteurs": list(dict.fromkeys(partenaire.reseaux_porteurs))
        if partenaire else None,
    })


def _modes_accueil_service(lieu: LieuPublic, service: Service) -> list[str]:
    if service.modes_accueil:
        return list(dict.fromkeys(str(m) for m in service.modes_accueil))
    # The service is given where the place receives: its modes say the same thing in
    # data·inclusion's two words.
    modes = set(lieu.modes_accueil)
    derives = []
    if modes & _PRESENTIEL:
        derives.append("en-presentiel")
    if modes & _A_DISTANCE:
        derives.append("a-distance")
    return derives


def _service(catalogue: Catalogue, lieu: LieuPublic, service: Service, source: str,
             site_url: str | None, remarques: Remarques) -> dict[str, Any] | None:
    rid = f"{structure_id(source, lieu)}--{service.id}"
    f = FICHIER_SERVICES
    description = _description_di(f, rid, service.description, remarques)
    if description is None:
        if not service.description:
            remarques.append(Remarque(f, rid, "description", "service sans description : le "
                                      "schéma l'exige", Consequence.ENREGISTREMENT_OMIS))
        else:
            remarques.append(Remarque(f, rid, "description", "description trop courte : le "
                                      "schéma l'exige", Consequence.ENREGISTREMENT_OMIS))
        return None
    return _sans_vides({
        "source": source,
        "id": rid,
        "structure_id": structure_id(source, lieu),
        "nom": _nom_di(f, rid, service.nom, remarques),
        "description": description,
        "date_maj": lieu.verifie_le.isoformat(),
        "lien_source": _lien(site_url, lieu),
        "type": service.type,
        "thematiques": list(dict.fromkeys(service.thematiques)),
        "publics": list(dict.fromkeys(service.publics)),
        "publics_precisions": service.publics_precisions,
        "frais": service.frais,
        "frais_precisions": service.frais_precisions,
        "conditions_acces": service.conditions_acces,
        **_lieu_commun(catalogue, lieu),
        "telephone": _telephone_di(f, rid, "telephone", lieu.telephone, remarques),
        "courriel": lieu.courriel,
        "modes_accueil": _modes_accueil_service(lieu, service),
        "modes_mobilisation": list(dict.fromkeys(service.modes_mobilisation)),
        "mobilisable_par": list(dict.fromkeys(service.mobilisable_par)),
        "mobilisation_precisions": service.mobilisation_precisions,
        "lien_mobilisation": service.lien_mobilisation,
        "horaires_accueil": service.horaires or lieu.horaires.sans_rendez_vous,
        # data·inclusion v1 knows eligibility per service only: a service without its own
        # zone receives whom its place receives.
        "zone_eligibilite": service.zone_eligibilite or lieu.zone_eligibilite,
    })


def _garder_si_valide(nom: str, fichier: str, record: dict[str, Any],
                      remarques: Remarques) -> bool:
    """Last guard: a record the official schema refuses is left out and reported."""
    erreurs = sorted(validateur_data_inclusion(nom).iter_errors(record),
                     key=lambda e: list(e.absolute_path))
    for erreur in erreurs:
        champ = ".".join(str(p) for p in erreur.absolute_path) or "(enregistrement)"
        remarques.append(Remarque(fichier, record.get("id", "?"), champ,
                                  f"refusé par le schéma officiel : {erreur.message}",
                                  Consequence.ENREGISTREMENT_OMIS))
    return not erreurs


def data_inclusion(catalogue: Catalogue, source: str = SOURCE_DEFAUT,
                   site_url: str | None = None, remarques: Remarques | None = None
                   ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(structures, services) in data·inclusion v1, each record valid against the schema.

    One structure per reception point: in data·inclusion a structure is a place with an
    address where people are received, which is what a `lieu` is; the partner (a CCAS, the
    Département) supplies its SIRET and `reseaux_porteurs`. One service per entry under the
    lieu's `services:`; none is invented for a place that lists none.
    `site_url` (absolute, e.g. https://guide.sarthe.fr) fills `lien_source`.
    """
    _exiger_public(catalogue)
    remarques = remarques if remarques is not None else []
    structures: list[dict[str, Any]] = []
    services: list[dict[str, Any]] = []
    for lieu in catalogue.lieux.values():
        structure = _structure(catalogue, lieu, source, site_url, remarques)
        if not _garder_si_valide("structure", FICHIER_STRUCTURES, structure, remarques):
            for service in lieu.services:
                remarques.append(Remarque(
                    FICHIER_SERVICES, f"{structure['id']}--{service.id}", "structure_id",
                    "sa structure n'a pas pu être exportée", Consequence.ENREGISTREMENT_OMIS))
            continue
        structures.append(structure)
        for service in lieu.services:
            record = _service(catalogue, lieu, service, source, site_url, remarques)
            if record and _garder_si_valide("service", FICHIER_SERVICES, record, remarques):
                services.append(record)
    return structures, services


# --- Writing everything --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RapportExport:
    """What was written and what could not be carried faithfully."""

    lieux: int
    lieux_geojson: int
    structures: int
    services_annuaire: int
    services: int
    remarques: tuple[Remarque, ...]

    def resume(self) -> str:
        def n(nombre: int, mot: str) -> str:
            return f"{nombre} {mot}{'s' if nombre > 1 else ''}"

        lieux = f"{self.lieux} lieu{'x' if self.lieux > 1 else ''}"
        return (f"{lieux} dans le CSV, {self.lieux_geojson} sur la carte "
                f"(GeoJSON) ; data·inclusion : {n(self.structures, 'structure')}, "
                f"{n(self.services, 'service')} sur {self.services_annuaire} décrit"
                f"{'s' if self.services_annuaire > 1 else ''} ; "
                f"{n(len(self.remarques), 'remarque')}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "lieux": self.lieux,
            "lieux_geojson": self.lieux_geojson,
            "structures": self.structures,
            "services_annuaire": self.services_annuaire,
            "services": self.services,
            "remarques": [{k: str(v) for k, v in asdict(r).items()} for r in self.remarques],
        }


def exporter(catalogue: Catalogue, dest_dir: Path, source: str = SOURCE_DEFAUT,
             site_url: str | None = None) -> tuple[list[Path], RapportExport]:
    """Write every open-data file under `dest_dir`; return the paths and the report."""
    _exiger_public(catalogue)
    remarques: Remarques = []
    collection = geojson_lieux(catalogue, remarques)
    structures, services = data_inclusion(catalogue, source, site_url, remarques)
    rapport = RapportExport(
        lieux=len(catalogue.lieux),
        lieux_geojson=len(collection["features"]),
        structures=len(structures),
        services_annuaire=sum(len(lieu.services) for lieu in catalogue.lieux.values()),
        services=len(services),
        remarques=tuple(remarques),
    )
    chemins = {nom: dest_dir / nom for nom in (FICHIER_GEOJSON, FICHIER_CSV, FICHIER_STRUCTURES,
                                               FICHIER_SERVICES, FICHIER_RAPPORT)}
    (dest_dir / "data-inclusion").mkdir(parents=True, exist_ok=True)
    chemins[FICHIER_GEOJSON].write_text(_json(collection), "utf-8")
    write_csv_lieux(catalogue, chemins[FICHIER_CSV])
    chemins[FICHIER_STRUCTURES].write_text(_json(structures), "utf-8")
    chemins[FICHIER_SERVICES].write_text(_json(services), "utf-8")
    chemins[FICHIER_RAPPORT].write_text(
        json.dumps(rapport.to_dict(), ensure_ascii=False, indent=1), "utf-8")
    return list(chemins.values()), rapport


def write_exports(catalogue: Catalogue, dest_dir: Path, source: str = SOURCE_DEFAUT,
                  site_url: str | None = None) -> list[Path]:
    """Write lieux.geojson, lieux.csv, data-inclusion/{structures,services}.json and the
    export report (rapport-export.json) under `dest_dir`; return their paths."""
    return exporter(catalogue, dest_dir, source, site_url)[0]


# --- What the « Données » page says about each file ----------------------------------------


@dataclass(frozen=True, slots=True)
class Champ:
    nom: str
    description: str


@dataclass(frozen=True, slots=True)
class DescriptionFichier:
    chemin: str
    titre: str
    format: str
    description: str
    champs: tuple[Champ, ...]
    licence: str = LICENCE_NOM
    licence_url: str = LICENCE_URL


def _champs_schema(nom: str) -> tuple[Champ, ...]:
    # The national schema documents its own fields: its titles are the French explanation.
    proprietes = schema_data_inclusion(nom)["properties"]
    requis = set(schema_data_inclusion(nom).get("required", []))
    return tuple(Champ(cle, str(p.get("title", cle)) + (" (obligatoire)" if cle in requis
                                                         else ""))
                 for cle, p in proprietes.items())


DESCRIPTIONS: tuple[DescriptionFichier, ...] = (
    DescriptionFichier(
        FICHIER_GEOJSON, "Carte des lieux d'accueil", "GeoJSON (RFC 7946), WGS 84",
        "Les lieux d'accueil qui ont une position, un point par lieu, pour les logiciels de "
        "cartographie (QGIS, uMap...). Longitude puis latitude, 6 décimales. Les lieux sans "
        "position n'y figurent pas : ils sont dans le fichier CSV.",
        tuple(Champ(p.nom, p.description) for p in PROPRIETES_GEOJSON)),
    DescriptionFichier(
        FICHIER_CSV, "Liste des lieux d'accueil", "CSV pour tableur",
        "Tous les lieux d'accueil, une ligne par lieu. Séparateur point-virgule, encodage "
        "UTF-8 avec BOM : le fichier s'ouvre directement dans Excel. Les listes sont séparées "
        "par une barre verticale (|). Pour garder les zéros des codes postaux (01000), "
        "importez la colonne en texte.",
        tuple(Champ(n, d) for n, d, _ in _COLONNES)),
    DescriptionFichier(
        FICHIER_STRUCTURES, "Structures au format data·inclusion", "JSON, schéma data·inclusion "
        "v1", "Un enregistrement par lieu d'accueil, au format national d'échange de "
        "l'offre d'insertion et d'accompagnement (https://www.data.inclusion.gouv.fr). Le "
        "SIRET et les réseaux porteurs sont ceux du partenaire qui tient le lieu. Téléphones "
        "au format international (+33...), horaires au format OpenStreetMap.",
        _champs_schema("structure")),
    DescriptionFichier(
        FICHIER_SERVICES, "Services au format data·inclusion", "JSON, schéma data·inclusion v1",
        "Les services décrits par les lieux d'accueil, reliés à leur structure par "
        "structure_id. Un service sans description n'est pas exporté (le schéma l'exige) : "
        "voir le rapport d'export.",
        _champs_schema("service")),
    DescriptionFichier(
        FICHIER_RAPPORT, "Rapport d'export", "JSON",
        "Ce qui n'a pas pu être exporté fidèlement : pour chaque remarque, le fichier, "
        "l'enregistrement, le champ, la raison et la conséquence (enregistrement-omis, "
        "champ-omis ou exporte-tel-quel).",
        (Champ("remarques", "Liste des valeurs non exportées ou exportées telles quelles."),)),
)
"""The open-data files and their fields, in French, for the site's « Données » page."""


def descriptions_dict() -> list[dict[str, Any]]:
    """`DESCRIPTIONS` as plain JSON values, for templates."""
    return [asdict(d) for d in DESCRIPTIONS]
