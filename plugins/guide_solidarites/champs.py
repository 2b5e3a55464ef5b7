"""What each field of the records means, in French: declared once, read by all.

The models (and so their JSON Schema), the editors' schemas, the field reference
(`docs/champs.md`) and the CMS configuration read the title, the description and the
example of a field here. A model's fields are keyed by the model's class name, so this
table imports nothing from the models and a field is found through the class's
parents (`LieuPublic` reads `verifie_le` from `Fiable`). A field added to a model and
missing here fails `tests/test_schema.py`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import yaml


@dataclass(frozen=True, slots=True)
class Champ:
    """One field as a partner reads it."""

    titre: str
    """A few words, shown by editors as the field's name."""
    description: str
    """What to write, in one or two sentences."""
    exemple: str | None = None
    """The value as written in a YAML file after `cle: ` (flow style for lists and blocks);
    None for a field whose example is the block below it."""


C = Champ

# --- Shared by partners and reception points ----------------------------------------------

_FIABLE = {
    "verifie_le": C("Vérifié le", "Date de la dernière vérification des informations de la "
                    "fiche, au format AAAA-MM-JJ.", "2026-10-01"),
    "verifie_par": C("Vérifié par", "Le service qui a vérifié la fiche (jamais le nom d'une "
                     "personne).", "CCAS de Sablé-sur-Sarthe, accueil"),
    "revision_mois": C("Revérifier tous les (mois)", "Nombre de mois après lequel la fiche "
                       "doit être vérifiée à nouveau, de 1 à 36 (12 si absent).", "12"),
}

CHAMPS: dict[str, dict[str, Champ]] = {
    "Fiable": _FIABLE,
    "Source": {
        "nom": C("Source", "Le jeu de données d'où vient la fiche importée.",
                 "France Services"),
        "identifiant": C("Identifiant dans la source", "L'identifiant de l'enregistrement "
                         "dans le jeu de données source.", "fs-72-0042"),
        "date": C("Date de la source", "Date du jeu de données importé (AAAA-MM-JJ).",
                  "2026-09-01"),
    },
    # --- partenaire.yml ---------------------------------------------------------------------
    "PartenairePublic": {
        "id": C("Identifiant", "Nom du dossier du partenaire : rempli automatiquement, ne "
                "s'écrit pas dans le fichier.", "ccas-sable-sur-sarthe"),
        "nom": C("Nom", "Le nom complet de la structure (3 à 150 caractères).",
                 "Centre communal d'action sociale de Sablé-sur-Sarthe"),
        "sigle": C("Sigle", "Le nom court ou le sigle de la structure.", "CCAS Sablé"),
        "reseaux_porteurs": C("Réseaux porteurs", "Les réseaux nationaux auxquels la structure "
                              "appartient (liste data·inclusion).", "[ccas-cias]"),
        "cercle": C("Cercle", "La place de la structure dans l'organisation départementale "
                    "du premier accueil social.", "premier-accueil"),
        "siret": C("SIRET", "Le numéro SIRET de la structure : 14 chiffres, entre guillemets.",
                   '"26720264000016"'),
        "description": C("Description", "Ce que fait la structure, en quelques phrases "
                         "simples.", "Aides facultatives, domiciliation, aide aux démarches."),
        "site_web": C("Site web", "L'adresse du site de la structure, commençant par https://.",
                      "https://www.exemple.fr"),
        "telephone": C("Téléphone", "Le standard de la structure : 10 chiffres, ou un numéro "
                       "court national (115, 3919).", "02 43 62 50 00"),
        "courriel": C("Courriel", "L'adresse électronique générale de la structure.",
                      "contact@exemple.fr"),
        "logo": C("Logo", "Le chemin du fichier du logo, relatif au dossier du partenaire.",
                  "logo.png"),
        "source": C("Source de l'import", "D'où vient la fiche quand elle a été importée "
                    "(rempli par l'import).", None),
        "responsables": C("Responsables", "Les comptes ou équipes de la forge qui relisent les "
                          "modifications du dossier (CODEOWNERS) et reçoivent les rappels, "
                          "précédés de @ et entre guillemets (20 au plus).",
                          '["@departement-sarthe/ccas-sable"]'),
    },
    # --- <lieu>.yml ---------------------------------------------------------------------
    "LieuPublic": {
        "id": C("Identifiant", "Nom du fichier du lieu : rempli automatiquement, ne s'écrit "
                "pas dans le fichier.", "ccas-sable-sur-sarthe"),
        "partenaire": C("Partenaire", "Nom du dossier du partenaire : rempli "
                        "automatiquement, ne s'écrit pas dans le fichier.",
                        "ccas-sable-sur-sarthe"),
        "nom": C("Nom", "Le nom du lieu que le public connaît (3 à 150 caractères).",
                 "CCAS de Sablé-sur-Sarthe"),
        "type": C("Type de lieu", "Le genre de lieu : il donne le marqueur et le filtre de la "
                  "carte.", "ccas-cias"),
        "premier_accueil": C("Premier accueil inconditionnel", "true si le Département a "
                             "reconnu le lieu comme premier accueil social inconditionnel "
                             "(il reçoit alors aussi sans rendez-vous).", "true"),
        "description": C("Description", "Ce que le lieu propose, en phrases simples.",
                         "Accueil, écoute et orientation pour toute demande."),
        "adresse": C("Adresse", "Le numéro et la voie (obligatoire si le lieu reçoit en "
                     "personne).", "1 place Raphaël Élizé"),
        "complement_adresse": C("Complément d'adresse", "Bâtiment, étage, entrée...",
                                "Bâtiment B, 2e étage"),
        "code_postal": C("Code postal", "Le code postal : 5 chiffres, entre guillemets.",
                         '"72300"'),
        "code_insee": C("Code INSEE", "Le code INSEE (officiel géographique) de la commune : "
                        "5 caractères entre guillemets, différent du code postal.", '"72264"'),
        "coordonnees": C("Coordonnées", "La position du lieu sur la carte.",
                         "{latitude: 47.8404, longitude: -0.3334, precision: adresse}"),
        "modes_accueil": C("Modes d'accueil", "Comment le public peut être reçu (au moins un).",
                           "[sans-rendez-vous, telephone]"),
        "horaires": C("Horaires", "Les horaires de chaque mode d'accueil, en syntaxe "
                      "OpenStreetMap.", "{sans_rendez_vous: Mo-Fr 09:00-12:00; PH off}"),
        "fermetures": C("Fermetures temporaires", "Les périodes de fermeture (congés, "
                        "travaux), avec un message pour le public.",
                        "[{du: 2026-08-03, au: 2026-08-21, message: Fermé l'été.}]"),
        "telephone": C("Téléphone", "Le numéro que le public appelle : 10 chiffres, ou un "
                       "numéro court national (115, 3919).", "02 43 62 50 00"),
        "courriel": C("Courriel", "L'adresse électronique que le public peut utiliser.",
                      "ccas@exemple.fr"),
        "site_web": C("Site web", "La page du lieu ou de la structure, commençant par "
                      "https://.", "https://www.exemple.fr/ccas"),
        "demarche_en_ligne": C("Démarche en ligne", "L'adresse où faire la démarche en ligne "
                               "(pour le mode « en-ligne »).",
                               "https://www.exemple.fr/demande"),
        "permanences": C("Permanences", "L'accueil tenu ailleurs à jours fixes (hors les "
                         "murs, arrêts d'un bus itinérant).", None),
        "thematiques": C("Thématiques", "Les sujets sur lesquels le lieu aide (liste nationale "
                         "data·inclusion).",
                         "[difficultes-financieres--ameliorer-sa-gestion-budgetaire]"),
        "publics": C("Publics", "Les publics accueillis (tous-publics si le lieu reçoit tout "
                     "le monde).", "[tous-publics]"),
        "langues": C("Langues", "Les langues parlées à l'accueil, en codes ISO 639 (fr si "
                     "absent).", "[fr, en]"),
        "langue_des_signes": C("Langue des signes", "true si l'accueil peut se faire en "
                               "langue des signes française.", "false"),
        "interpretariat": C("Interprétariat", "true si un interprète peut être proposé.",
                            "false"),
        "aide_numerique": C("Aide au numérique", "true si le lieu aide sur place à faire ses "
                            "démarches en ligne.", "true"),
        "douches": C("Douches", "true si l'on peut prendre une douche sur place, "
                     "gratuitement ou presque (accueil de jour, bains-douches).", "true"),
        "accessibilite": C("Accessibilité", "L'accès des personnes handicapées.",
                           "{pmr: true}"),
        "transports": C("Transports", "Comment venir en transport en commun.",
                        "Bus ligne 2, arrêt Mairie"),
        "frais": C("Frais", "Si l'accueil est gratuit ou payant (inconnu si absent).",
                   "gratuit"),
        "frais_precisions": C("Précisions sur les frais", "Ce qui est payant, et combien.",
                              "Participation de 2 € par colis"),
        "photos": C("Photos", "Les photos du lieu (façade, entrée), chemins relatifs au "
                    "dossier du partenaire.", "[facade.jpg]"),
        "documents_a_apporter": C("Documents à apporter", "Les pièces que la personne doit "
                                  "apporter.", "[Pièce d'identité, Justificatif de domicile]"),
        "services": C("Services", "Les services proposés par le lieu, au format "
                      "data·inclusion.", None),
        "source": C("Source de l'import", "D'où vient la fiche quand elle a été importée "
                    "(rempli par l'import).", None),
        "zone_eligibilite": C("Zone d'éligibilité", "Qui peut venir, comme dans "
                              "data·inclusion : codes INSEE des communes, codes des "
                              "départements ou SIREN des EPCI dont les habitants sont reçus, "
                              "entre guillemets. Absent : tout le monde.", '["72264"]'),
        "traductions": C("Traductions", "La description et les documents à apporter dans "
                         "une autre langue du guide (en, ar, uk, es), pour les pages de "
                         "cette langue ; sans traduction, elles montrent le texte français. "
                         "Seuls ces deux champs se traduisent, et seulement s'ils sont écrits "
                         "en français dans la fiche.",
                         '{en: {description: "Welcome, listening and guidance.", '
                         'documents_a_apporter: [Identity document]}}'),
    },
    # --- Blocks of a reception point ------------------------------------------------------
    "TraductionLieu": {
        "description": C("Description traduite", "La description du lieu dans cette langue.",
                         "Welcome, listening and guidance for any request."),
        "documents_a_apporter": C("Documents à apporter, traduits", "La même liste que "
                                  "documents_a_apporter, dans cette langue.",
                                  "[Identity document, Proof of address]"),
    },
    "Coordonnees": {
        "latitude": C("Latitude", "Latitude WGS 84 en degrés décimaux, avec un point "
                      "(entre 41 et 51 en métropole).", "47.8404"),
        "longitude": C("Longitude", "Longitude WGS 84 en degrés décimaux, avec un point "
                       "(entre -5 et 10 en métropole).", "-0.3334"),
        "precision": C("Précision", "Comment le point a été placé : adresse (géocodée au "
                       "numéro), commune (mairie, position approchée) ou manuelle.",
                       "adresse"),
    },
    "Horaires": {
        "sans_rendez_vous": C("Sans rendez-vous", "Les heures d'accueil sans rendez-vous, "
                              "syntaxe OpenStreetMap.", "Mo-Fr 09:00-12:00; PH off"),
        "sur_rendez_vous": C("Sur rendez-vous", "Les heures des rendez-vous, syntaxe "
                             "OpenStreetMap.", "Mo,Tu,Th 14:00-17:00; PH off"),
        "telephone": C("Téléphone", "Les heures où la ligne répond, syntaxe OpenStreetMap.",
                       "Mo-Fr 09:00-12:00,14:00-17:00; PH off"),
    },
    "Fermeture": {
        "du": C("Du", "Le premier jour de fermeture (AAAA-MM-JJ).", "2026-08-03"),
        "au": C("Au", "Le dernier jour de fermeture, inclus (AAAA-MM-JJ).", "2026-08-21"),
        "message": C("Message", "Ce que le public doit savoir, par exemple où aller "
                     "pendant la fermeture.", "Fermé l'été. Adressez-vous à la MDS de Sablé."),
    },
    "Permanence": {
        "nom": C("Nom", "Le nom du lieu où se tient la permanence.",
                 "Mairie de Juigné-sur-Sarthe"),
        "lieu": C("Lieu d'accueil hôte", "L'identifiant (nom de fichier) du lieu d'accueil qui "
                  "héberge la permanence, s'il est dans l'annuaire.", "mairie-juigne"),
        "adresse": C("Adresse", "Le numéro et la voie de la permanence.", "2 rue de la Mairie"),
        "code_postal": C("Code postal", "Le code postal : 5 chiffres, entre guillemets.",
                         '"72300"'),
        "code_insee": C("Code INSEE", "Le code INSEE de la commune de la permanence : 5 "
                        "caractères entre guillemets.", '"72151"'),
        "coordonnees": C("Coordonnées", "La position de la permanence sur la carte.",
                         "{latitude: 47.8748, longitude: -0.2848, precision: commune}"),
        "horaires": C("Horaires", "Les jours et heures de présence, syntaxe OpenStreetMap.",
                      "Sa[1] 09:00-12:00"),
        "sur_rendez_vous": C("Sur rendez-vous", "true si la permanence reçoit seulement sur "
                             "rendez-vous.", "true"),
        "precisions": C("Précisions", "Ce qu'il faut savoir de plus (salle, inscription...).",
                        "Salle du conseil, au rez-de-chaussée"),
    },
    "Accessibilite": {
        "pmr": C("Accessible en fauteuil", "true si le lieu est accessible en fauteuil "
                 "roulant, false sinon.", "true"),
        "acceslibre": C("Fiche Acceslibre", "Le lien vers la fiche du lieu sur "
                        "acceslibre.beta.gouv.fr.",
                        "https://acceslibre.beta.gouv.fr/app/72-sable/a/mairie/erp/ccas/"),
        "precisions": C("Précisions", "Ce qu'il faut savoir de l'accès (rampe, ascenseur, "
                        "boucle magnétique...).", "Rampe d'accès côté parking"),
    },
    "Service": {
        "id": C("Identifiant", "L'identifiant du service, unique dans le lieu : minuscules "
                "sans accents, chiffres et tirets.", "domiciliation"),
        "nom": C("Nom", "Le nom du service (3 à 150 caractères).", "Domiciliation"),
        "type": C("Type de service", "La nature du service (liste data·inclusion).",
                  "accompagnement"),
        "description": C("Description", "Ce que le service apporte, en phrases simples.",
                         "Une adresse pour recevoir son courrier."),
        "thematiques": C("Thématiques", "Les sujets du service (liste data·inclusion).",
                         "[difficultes-administratives-ou-juridiques--accompagnement-pour-"
                         "lacces-aux-droits]"),
        "publics": C("Publics", "Les publics du service.", "[tous-publics]"),
        "publics_precisions": C("Précisions sur les publics", "Les conditions d'âge, de "
                                "résidence...", "Habitants de la commune"),
        "frais": C("Frais", "Si le service est gratuit ou payant.", "gratuit"),
        "frais_precisions": C("Précisions sur les frais", "Ce qui est payant, et combien.",
                              "Adhésion de 5 € par an"),
        "modes_accueil": C("Modes d'accueil", "En présentiel et/ou à distance "
                           "(data·inclusion).", "[en-presentiel]"),
        "modes_mobilisation": C("Comment le mobiliser", "Ce que la personne ou le "
                                "professionnel fait pour en bénéficier.", "[se-presenter]"),
        "mobilisable_par": C("Mobilisable par", "Qui peut demander le service : la personne "
                             "elle-même, un professionnel.", "[usagers, professionnels]"),
        "mobilisation_precisions": C("Précisions sur la mobilisation", "Les étapes pour en "
                                     "bénéficier.", "Prendre rendez-vous à l'accueil"),
        "lien_mobilisation": C("Lien de mobilisation", "L'adresse web où demander le service.",
                               "https://www.exemple.fr/domiciliation"),
        "conditions_acces": C("Conditions d'accès", "Les conditions à remplir pour en "
                              "bénéficier.", "Sans domicile stable dans la commune"),
        "horaires": C("Horaires", "Les horaires propres au service, syntaxe OpenStreetMap.",
                      "Tu,Th 14:00-17:00"),
        "zone_eligibilite": C("Zone d'éligibilité", "Qui peut venir, comme dans "
                              "data·inclusion : codes INSEE des communes, codes des "
                              "départements ou SIREN des EPCI dont les habitants sont reçus, "
                              "entre guillemets. Absent : la zone du lieu.", '["72264"]'),
    },
    # --- The professional tree (annuaire-pro/<partenaire>/<lieu>.yml) -----------------------
    "InfosPro": {
        "referents": C("Interlocuteurs", "Les interlocuteurs privilégiés des professionnels, "
                       "avec leurs coordonnées directes.", None),
        "ligne_directe": C("Ligne directe", "Le numéro réservé aux professionnels, jamais "
                           "donné au public.", "02 61 91 10 20"),
        "courriel": C("Courriel professionnel", "L'adresse réservée aux professionnels.",
                      "partenaires@exemple.fr"),
        "orientation": C("Orientation", "Comment un professionnel oriente une personne vers "
                         "ce lieu.", None),
        "notes": C("Notes internes", "Ce que les professionnels doivent savoir, jamais "
                   "montré au public.", "Permanence assistante sociale le jeudi."),
        "conventions": C("Conventions", "Les conventions signées avec d'autres partenaires.",
                         None),
        "a_verifier": C("À vérifier", "Les valeurs de la source que l'import n'a pas pu lire, "
                        "à reporter à la main dans la fiche publique puis à supprimer.", None),
    },
    "Referent": {
        "nom": C("Nom", "Le prénom et le nom de l'interlocuteur.", "Camille Exemple"),
        "fonction": C("Fonction", "Sa fonction.", "Responsable de l'accueil"),
        "telephone": C("Téléphone", "Son numéro direct.", "02 61 91 10 21"),
        "courriel": C("Courriel", "Son adresse électronique.", "camille.exemple@example.org"),
    },
    "Orientation": {
        "modalites": C("Modalités", "Les étapes pour orienter une personne.",
                       "Envoyer la fiche de liaison par courriel, rappel sous 48 h."),
        "documents": C("Documents", "Les pièces à joindre à l'orientation.",
                       "[Pièce d'identité, Dernier avis d'imposition]"),
        "fiche_de_liaison": C("Fiche de liaison", "true si la fiche de liaison commune est "
                              "acceptée (true si absent).", "true"),
        "courriel": C("Courriel des orientations", "L'adresse qui reçoit les orientations.",
                      "orientation@exemple.fr"),
    },
    "Convention": {
        "partenaire": C("Partenaire signataire", "L'identifiant (nom de dossier) du partenaire "
                        "avec qui la convention est signée.", "caf-sarthe"),
        "objet": C("Objet", "Ce que la convention prévoit.", "Accès aux droits"),
        "depuis": C("Depuis", "La date de signature (AAAA-MM-JJ).", "2025-01-15"),
    },
    "NoteImport": {
        "champ": C("Champ", "Le champ que l'import n'a pas pu remplir.", "horaires"),
        "valeur": C("Valeur", "La valeur brute de la source.", "le matin"),
        "raison": C("Raison", "Pourquoi elle n'a pas été lue.", "horaires illisibles"),
    },
    # --- What an importer assembles ---------------------------------------------------------
    "Partenaire": {
        "pro": C("Informations professionnelles", "Assemblées par un import, puis écrites "
                 "dans l'annuaire professionnel, jamais dans l'annuaire public.", None),
    },
    "Lieu": {
        "pro": C("Informations professionnelles", "Assemblées par un import, puis écrites "
                 "dans l'annuaire professionnel, jamais dans l'annuaire public.", None),
    },
}


# The blocks themselves (what a `coordonnees:` or a `- ` of `services:` is), by class name.
MODELES: dict[str, tuple[str, str]] = {
    "Fiable": ("Fiche vérifiée", "Une fiche et sa dernière vérification."),
    "Source": ("Source de l'import", "Le jeu de données d'où vient une fiche importée."),
    "PartenairePublic": ("Partenaire", "Une structure (CCAS, Caf, association...) : "
                         "annuaire/<partenaire>/partenaire.yml."),
    "Partenaire": ("Partenaire importé", "Une structure telle qu'un import l'assemble."),
    "LieuPublic": ("Lieu d'accueil", "Un lieu d'accueil du public : "
                   "annuaire/<partenaire>/<lieu>.yml."),
    "Lieu": ("Lieu d'accueil importé", "Un lieu d'accueil tel qu'un import l'assemble."),
    "Coordonnees": ("Coordonnées", "La position sur la carte et sa précision."),
    "Horaires": ("Horaires", "Les horaires de chaque mode d'accueil, en syntaxe "
                 "OpenStreetMap (Mo-Fr 09:00-12:00; PH off)."),
    "Fermeture": ("Fermeture temporaire", "Une période de fermeture (congés, travaux, grève)."),
    "Permanence": ("Permanence", "Un accueil tenu ailleurs à jours fixes : hors les murs, "
                   "ou un arrêt d'un bus itinérant."),
    "Accessibilite": ("Accessibilité", "L'accès des personnes handicapées."),
    "Service": ("Service", "Un service proposé par le lieu (service data·inclusion)."),
    "TraductionLieu": ("Traduction", "Le texte libre d'un lieu d'accueil dans une autre "
                       "langue du guide."),
    "InfosPro": ("Informations professionnelles", "Une fiche de l'annuaire professionnel "
                 "(annuaire-pro/<partenaire>/<lieu>.yml, dépôt privé), jamais publiée."),
    "Referent": ("Interlocuteur", "Un interlocuteur privilégié des professionnels : donnée "
                 "personnelle."),
    "Orientation": ("Orientation", "Comment un professionnel oriente une personne vers ce "
                    "lieu."),
    "Convention": ("Convention", "Une convention signée avec un autre partenaire."),
    "NoteImport": ("Valeur à vérifier", "Une valeur que l'import n'a pas pu lire, gardée pour "
                   "qu'une personne la reprenne."),
}


def champ(model: type, nom: str) -> Champ:
    """The declaration of field `nom` of `model` (a model class), found through its parents."""
    for cls in model.__mro__:
        found = CHAMPS.get(cls.__name__, {}).get(nom)
        if found is not None:
            return found
    raise KeyError(f"{model.__name__}.{nom} n'est pas décrit dans champs.py")


def titre(model: type, nom: str) -> str:
    """The French title of a field, e.g. `titre(LieuPublic, "verifie_le")` -> "Vérifié le"."""
    return champ(model, nom).titre


def description(model: type, nom: str) -> str:
    """The French description of a field, as editors, the reference and the CMS show it."""
    return champ(model, nom).description


def exemple(model: type, nom: str) -> Any:
    """The example of a field as data (what YAML 1.2 reads from it: dates stay text), or
    None when the field's example is a whole block."""
    texte = champ(model, nom).exemple
    if texte is None:
        return None
    return json.loads(json.dumps(yaml.safe_load(texte), default=str))


def annoter_schema(schema: dict[str, Any], model: type) -> None:
    """Give each property of `model`'s JSON Schema its French title, description and example
    (pydantic's `json_schema_extra` hook: the models' schemas carry the French text)."""
    schema["title"], schema["description"] = MODELES[model.__name__]
    for nom, propriete in schema.get("properties", {}).items():
        declaration = champ(model, nom)
        propriete["title"] = declaration.titre
        propriete["description"] = declaration.description
        valeur = exemple(model, nom)
        if valeur is not None:
            propriete["examples"] = [valeur]
