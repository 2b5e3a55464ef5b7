"""Enumerations of the record model and their French labels.

National enumerations come from the bundled data·inclusion v1 files, so a new
release of the schema is a file copy, not a code change. The project's own
enumerations (modes, circles, kinds of place) are declared here once.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

DI_DIR = Path(__file__).parent / "data" / "data-inclusion"


@cache
def _di_values(name: str) -> list[dict[str, str | None]]:
    data: list[dict[str, str | None]] = json.loads((DI_DIR / f"{name}.json").read_text("utf-8"))
    return data


def _di_enum(enum_name: str, file_name: str) -> type[StrEnum]:
    members = {str(v["value"]): str(v["value"]) for v in _di_values(file_name)}
    return StrEnum(enum_name, members)  # type: ignore[return-value]


def di_labels(file_name: str) -> dict[str, str]:
    """The French label of each value of a data·inclusion enumeration."""
    return {str(v["value"]): str(v["label"]) for v in _di_values(file_name)}


# National enumerations (data·inclusion v1), built from the bundled files at import; to a
# type checker they are plain string enumerations.
if TYPE_CHECKING:
    Thematique: TypeAlias = StrEnum
    Public: TypeAlias = StrEnum
    TypeService: TypeAlias = StrEnum
    Frais: TypeAlias = StrEnum
    ModeAccueilDI: TypeAlias = StrEnum
    ModeMobilisation: TypeAlias = StrEnum
    PersonneMobilisatrice: TypeAlias = StrEnum
    ReseauPorteur: TypeAlias = StrEnum
else:
    Thematique = _di_enum("Thematique", "thematiques")
    Public = _di_enum("Public", "publics")
    TypeService = _di_enum("TypeService", "types-de-services")
    Frais = _di_enum("Frais", "frais")
    ModeAccueilDI = _di_enum("ModeAccueilDI", "modes-accueil")
    ModeMobilisation = _di_enum("ModeMobilisation", "modes-mobilisation")
    PersonneMobilisatrice = _di_enum("PersonneMobilisatrice", "personnes-mobilisatrices")
    ReseauPorteur = _di_enum("ReseauPorteur", "reseaux-porteurs")

THEMATIQUE_LABELS = di_labels("thematiques")
PUBLIC_LABELS = di_labels("publics")
TYPE_SERVICE_LABELS = di_labels("types-de-services")
FRAIS_LABELS = di_labels("frais")
MODE_MOBILISATION_LABELS = di_labels("modes-mobilisation")
RESEAU_PORTEUR_LABELS = di_labels("reseaux-porteurs")
MODE_ACCUEIL_DI_LABELS = di_labels("modes-accueil")
PERSONNE_MOBILISATRICE_LABELS = di_labels("personnes-mobilisatrices")

# data·inclusion only labels the sub-themes; the categories get plain words for
# the home page buttons, shortest first where the national wording is long.
CATEGORIE_LABELS: dict[str, str] = {
    "difficultes-administratives-ou-juridiques": "Démarches et droits",
    "difficultes-financieres": "Argent et budget",
    "logement-hebergement": "Logement et hébergement",
    "equipement-et-alimentation": "Alimentation et équipement",
    "famille": "Famille et enfants",
    "sante": "Santé",
    "numerique": "Numérique",
    "mobilite": "Se déplacer",
    "trouver-un-emploi": "Trouver un emploi",
    "preparer-sa-candidature": "Préparer sa candidature",
    "choisir-un-metier": "Choisir un métier",
    "se-former": "Se former",
    "creer-une-entreprise": "Créer une entreprise",
    "lecture-ecriture-calcul": "Lire, écrire, compter",
    "remobilisation": "Reprendre confiance, lien social",
    "souvrir-a-linternational": "Travailler à l'étranger",
}


def categorie(thematique: str) -> str:
    """The category part of a `categorie--sous-thematique` value."""
    return thematique.split("--", 1)[0]


class Cercle(StrEnum):
    """Where a partner stands in the département's organisation of the first reception."""

    PREMIER_ACCUEIL = "premier-accueil"
    PREMIER_CERCLE = "premier-cercle"
    DEUXIEME_CERCLE = "deuxieme-cercle"


CERCLE_LABELS = {
    Cercle.PREMIER_ACCUEIL: "Premier accueil social",
    Cercle.PREMIER_CERCLE: "Premier cercle (Caf, CPAM, France Travail...)",
    Cercle.DEUXIEME_CERCLE: "Deuxième cercle (associations, centres sociaux...)",
}


class ModeAccueil(StrEnum):
    """How the public can reach a reception point."""

    SANS_RENDEZ_VOUS = "sans-rendez-vous"
    SUR_RENDEZ_VOUS = "sur-rendez-vous"
    TELEPHONE = "telephone"
    COURRIEL = "courriel"
    EN_LIGNE = "en-ligne"
    VISITE_A_DOMICILE = "visite-a-domicile"


MODE_ACCUEIL_LABELS = {
    ModeAccueil.SANS_RENDEZ_VOUS: "Sans rendez-vous",
    ModeAccueil.SUR_RENDEZ_VOUS: "Sur rendez-vous",
    ModeAccueil.TELEPHONE: "Par téléphone",
    ModeAccueil.COURRIEL: "Par courriel",
    ModeAccueil.EN_LIGNE: "En ligne",
    ModeAccueil.VISITE_A_DOMICILE: "Visite à domicile",
}


class Precision(StrEnum):
    """How trustworthy a point on the map is."""

    ADRESSE = "adresse"
    COMMUNE = "commune"
    MANUELLE = "manuelle"


PRECISION_LABELS = {
    Precision.ADRESSE: "Géocodé au numéro de la rue",
    Precision.COMMUNE: "Position approchée (mairie de la commune)",
    Precision.MANUELLE: "Placé à la main sur la carte",
}


class TypeLieu(StrEnum):
    """The kind of a reception point, used for map markers and filters."""

    MDS = "maison-des-solidarites"
    CCAS = "ccas-cias"
    FRANCE_SERVICES = "france-services"
    CAF = "caf"
    CPAM = "cpam"
    MSA = "msa"
    FRANCE_TRAVAIL = "france-travail"
    MISSION_LOCALE = "mission-locale"
    MDPH = "mdph"
    POINT_CONSEIL_BUDGET = "point-conseil-budget"
    CENTRE_SOCIAL = "centre-social"
    MEDIATION_NUMERIQUE = "mediation-numerique"
    HEBERGEMENT = "hebergement"
    ACCUEIL_DE_JOUR = "accueil-de-jour"
    AIDE_ALIMENTAIRE = "aide-alimentaire"
    ACCES_AU_DROIT = "acces-au-droit"
    ASSOCIATION = "association"
    AUTRE = "autre"


TYPE_LIEU_LABELS = {
    TypeLieu.MDS: "Maison départementale des solidarités",
    TypeLieu.CCAS: "CCAS / CIAS",
    TypeLieu.FRANCE_SERVICES: "France Services",
    TypeLieu.CAF: "Caf",
    TypeLieu.CPAM: "Assurance maladie (CPAM)",
    TypeLieu.MSA: "MSA",
    TypeLieu.FRANCE_TRAVAIL: "France Travail",
    TypeLieu.MISSION_LOCALE: "Mission locale",
    TypeLieu.MDPH: "MDPH",
    TypeLieu.POINT_CONSEIL_BUDGET: "Point conseil budget",
    TypeLieu.CENTRE_SOCIAL: "Centre social",
    TypeLieu.MEDIATION_NUMERIQUE: "Aide au numérique",
    TypeLieu.HEBERGEMENT: "Hébergement, logement",
    TypeLieu.ACCUEIL_DE_JOUR: "Accueil de jour",
    TypeLieu.AIDE_ALIMENTAIRE: "Aide alimentaire",
    TypeLieu.ACCES_AU_DROIT: "Accès au droit",
    TypeLieu.ASSOCIATION: "Association",
    TypeLieu.AUTRE: "Autre lieu",
}

# ISO 639-1 codes partners may list under `langues`, with their French names.
LANGUES: dict[str, str] = {
    "fr": "français",
    "en": "anglais",
    "ar": "arabe",
    "es": "espagnol",
    "pt": "portugais",
    "it": "italien",
    "de": "allemand",
    "tr": "turc",
    "ru": "russe",
    "uk": "ukrainien",
    "ro": "roumain",
    "pl": "polonais",
    "zh": "chinois",
    "vi": "vietnamien",
    "fa": "persan",
    "ps": "pachto",
    "ta": "tamoul",
    "so": "somali",
    "ti": "tigrigna",
    "wo": "wolof",
    "bm": "bambara",
    "ln": "lingala",
    "sq": "albanais",
    "hy": "arménien",
    "ka": "géorgien",
    "bn": "bengali",
    "ber": "berbère",
    "rom": "romani",
}


# --- Every enumeration with its French name and labels ---------------------------------------


@dataclass(frozen=True, slots=True)
class Enumeration:
    """An enumeration as a partner reads it: what it lists, and a label per value."""

    nom: str
    """What the list is, in French (the editor shows it above the values)."""
    libelles: Mapping[str, str]

    def __init__(self, nom: str, libelles: Mapping[Any, str]) -> None:
        # Labels keyed by enumeration members are keyed by their text: one key per value.
        object.__setattr__(self, "nom", nom)
        object.__setattr__(self, "libelles", {str(k): v for k, v in libelles.items()})


# The editors' schemas, the field reference and the CMS read labels here, by the name of
# the enumeration's class (the name pydantic gives its JSON Schema definition).
ENUMERATIONS: dict[str, Enumeration] = {
    "Thematique": Enumeration("Thématique data·inclusion (catégorie--sous-thématique)",
                              THEMATIQUE_LABELS),
    "Public": Enumeration("Public accueilli (data·inclusion)", PUBLIC_LABELS),
    "TypeService": Enumeration("Type de service (data·inclusion)", TYPE_SERVICE_LABELS),
    "Frais": Enumeration("Coût pour la personne (data·inclusion)", FRAIS_LABELS),
    "ModeAccueilDI": Enumeration("Mode d'accueil d'un service (data·inclusion)",
                                 MODE_ACCUEIL_DI_LABELS),
    "ModeMobilisation": Enumeration("Comment mobiliser le service (data·inclusion)",
                                    MODE_MOBILISATION_LABELS),
    "PersonneMobilisatrice": Enumeration("Qui peut mobiliser le service (data·inclusion)",
                                         PERSONNE_MOBILISATRICE_LABELS),
    "ReseauPorteur": Enumeration("Réseau porteur (data·inclusion)", RESEAU_PORTEUR_LABELS),
    "Cercle": Enumeration("Place dans l'organisation départementale du premier accueil",
                          CERCLE_LABELS),
    "ModeAccueil": Enumeration("Façon dont le public peut être reçu", MODE_ACCUEIL_LABELS),
    "Precision": Enumeration("Fiabilité du point sur la carte", PRECISION_LABELS),
    "TypeLieu": Enumeration("Type de lieu d'accueil (marqueur et filtre de la carte)",
                            TYPE_LIEU_LABELS),
    "Langue": Enumeration("Langue parlée à l'accueil (code ISO 639)", LANGUES),
}


def libelles(enumeration: str) -> Mapping[str, str]:
    """The French label of each value of an enumeration, by its class name (`TypeLieu`)."""
    return ENUMERATIONS[enumeration].libelles


TABLES_TRADUITES: tuple[str, ...] = (
    "THEMATIQUE_LABELS", "PUBLIC_LABELS", "TYPE_SERVICE_LABELS", "FRAIS_LABELS",
    "MODE_MOBILISATION_LABELS", "CATEGORIE_LABELS", "CERCLE_LABELS", "MODE_ACCUEIL_LABELS",
    "TYPE_LIEU_LABELS", "LANGUES",
)
"""The label tables a visitor reads, whose French labels are msgids of the guide's
catalogue (langues.py): the public pages show them in the page's language."""
