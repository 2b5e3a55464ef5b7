"""Every problem code the guide reports: its severity, French message template and hint.

A code is a promise to partners (CONTRIBUTING sends them to `CODES.md`, generated from
this table): the same mistake always gets the same code, severity and advice. Call sites
name a code and give the values of its placeholders; they never choose a severity or
write a message. A hint computed from the annuaire (the closest existing name, the
communes of a postcode) replaces the declared one: it says more than any template.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic_core import PydanticCustomError

from .problems import Gravite, Problem

ERREUR = Gravite.ERREUR
AVERTISSEMENT = Gravite.AVERTISSEMENT


@dataclass(frozen=True, slots=True)
class Code:
    """One kind of problem, as partners read it."""

    code: str
    gravite: Gravite
    message: str
    """`str.format` template; the call site gives every placeholder."""
    indice: str = ""
    """The advice, also a template; empty when the message says it all."""
    exemple: Mapping[str, Any] = field(default_factory=dict)
    """Placeholder values for the list of codes in `CODES.md`."""
    grave: str = ""
    """When a warning becomes an error (only `coordonnees-eloignees` today)."""

    def probleme(self, *, fichier: Path | None = None, ligne: int | None = None,
                 colonne: int | None = None, chemin: str = "", indice: str | None = None,
                 grave: bool = False, **valeurs: Any) -> Problem:
        """The problem at one place; `indice` replaces the declared hint when given."""
        if grave and not self.grave:
            raise ValueError(f"le code {self.code} ne devient jamais une erreur")
        return Problem(
            code=self.code, message=self.message.format(**valeurs), fichier=fichier,
            ligne=ligne, colonne=colonne, chemin=chemin,
            indice=self.indice.format(**valeurs) if indice is None else indice,
            gravite=ERREUR if grave else self.gravite,
        )

    def refus(self, **valeurs: Any) -> PydanticCustomError:
        """The exception a model's validator raises; the loader turns it back into this
        code's problem at the field's place (`loader._translate`)."""
        # Pydantic formats the message itself: the template goes as is, with the values.
        return PydanticCustomError(self.code, self.message, valeurs)


def _c(code: str, gravite: Gravite, message: str, indice: str = "", /, grave: str = "",
       **exemple: Any) -> Code:
    return Code(code, gravite, message, indice, exemple, grave)


_TOUS = (
    # --- Files and folders -----------------------------------------------------------------
    _c("annuaire-introuvable", ERREUR, "dossier introuvable : {dossier}",
       "indiquez le dossier qui contient un sous-dossier par partenaire",
       dossier="annuaire"),
    _c("lien-symbolique", ERREUR,
       "lien symbolique refusé : l'annuaire ne suit pas les liens",
       "remplacez le lien par le dossier ou le fichier lui-même"),
    _c("fichier-inattendu", ERREUR, "{quoi} : il ne sera pas lu",
       "{conseil}",
       quoi="ce fichier n'est ni une fiche (.yml) ni une image",
       conseil="déplacez ce fichier hors de l'annuaire"),
    _c("fichier-mal-place", ERREUR,
       "chaque fiche doit être dans le dossier de son partenaire, directement : "
       "{arbre}/<partenaire>/<lieu>.yml",
       "déplacez le fichier dans le dossier de son partenaire", arbre="annuaire"),
    _c("extension", ERREUR, "les fiches se terminent par .yml",
       "renommez en {nom}.yml", nom="accueil"),
    _c("identifiant-reserve", ERREUR,
       "{quoi} « {nom} » porte un nom réservé : la page de ce {fiche} prendrait la place "
       "de la liste {liste}", "{conseil}",
       quoi="le fichier", nom="index.yml", fiche="lieu", liste="des lieux",
       conseil="renommez-le d'après le lieu, par exemple ccas-sable-centre.yml"),
    _c("identifiant-invalide", ERREUR, "{quoi} « {nom} » ne peut pas servir d'identifiant",
       "renommez-le en « {suggestion} » : lettres minuscules sans accents, chiffres et "
       "tirets", quoi="le nom du fichier", nom="Accueil Sablé.yml",
       suggestion="accueil-sable.yml"),
    _c("identifiant-duplique", ERREUR, "{quoi}",
       "{conseil}", quoi="deux services portent l'identifiant « rsa »",
       conseil="chaque service du lieu a son propre id"),
    _c("fichier-trop-gros", ERREUR,
       "le fichier fait {taille}, plus que la limite de {limite} (franchie à cette ligne)",
       "une fiche tient en quelques Kio : raccourcissez la description, ou retirez ce qui "
       "a été collé par erreur", taille="3,2 Mio", limite="512 Kio"),
    _c("fichier-illisible", ERREUR, "fichier introuvable ou illisible (UTF-8 attendu)",
       "vérifiez le chemin du fichier"),
    _c("fichier-introuvable", ERREUR, "{quoi} introuvable : {cite}",
       "le chemin est relatif au dossier du partenaire", quoi="photo",
       cite="photos/accueil.jpg"),
    # --- Reading the YAML ------------------------------------------------------------------
    _c("encodage", ERREUR, "le fichier n'est pas encodé en UTF-8",
       "enregistrez le fichier en UTF-8 (c'est le choix par défaut de la plupart des "
       "éditeurs)"),
    _c("caractere-interdit", ERREUR, "caractère invisible interdit U+{point:04X} ({nom})",
       "supprimez-le : il vient souvent d'un copier-coller depuis un traitement de texte "
       "ou un PDF", point=0x0B, nom="line tabulation"),
    _c("yaml-syntaxe", ERREUR, "syntaxe YAML invalide : {raison}",
       "vérifiez l'indentation (des espaces, jamais de tabulation) et les deux-points",
       raison="il manque « : » après la clé"),
    _c("fichier-vide", ERREUR, "le fichier est vide",
       "supprimez-le ou décrivez-y un lieu d'accueil"),
    _c("yaml-structure", ERREUR,
       "le fichier doit décrire une fiche (des paires « clé: valeur »), pas une liste ou "
       "une valeur seule", "commencez par « nom: ... » sans tiret devant"),
    _c("yaml-trop-profond", ERREUR,
       "blocs ou crochets imbriqués sur plus de {limite} niveaux",
       "une fiche n'imbrique que quelques niveaux (voir CONTRIBUTING.md) : vérifiez les "
       "crochets « [ » et l'indentation", limite=20),
    _c("yaml-trop-d-alias", ERREUR,
       "les alias (« *nom ») de ce fichier répètent plus de {limite} valeurs",
       "écrivez les valeurs en entier, sans ancre « & » ni alias « * »", limite="10 000"),
    _c("yaml-fusion", ERREUR, "la clé de fusion « <<: » n'est pas acceptée",
       "écrivez chaque clé en entier : une fusion remplace des valeurs sans le dire"),
    _c("yaml-etiquette", ERREUR, "étiquette YAML « {etiquette} » refusée",
       "retirez-la ; une valeur qui commence par « ! » s'écrit entre guillemets",
       etiquette="!!binary"),
    _c("yaml-alias-pro", ERREUR,
       "cet alias recopie une valeur du bloc « pro: » (ligne {ligne_pro}) hors de ce bloc : "
       "elle serait publiée",
       "écrivez ici la valeur publique en entier ; rien de ce qui est sous « pro: » ne "
       "doit être repris ailleurs", ligne_pro=12),
    _c("cle-dupliquee", ERREUR,
       "la clé « {clef} » apparaît deux fois (déjà en ligne {deja})",
       "gardez une seule fois cette clé : la seconde écraserait la première sans prévenir",
       clef="telephone", deja=4),
    _c("booleen-yaml", ERREUR,
       "« {mot} » sans guillemets se lit oui ou non en YAML, pas comme le texte attendu "
       "par « {champ} »", "mettez-le entre guillemets : {exemple}",
       mot="no", champ="langues", exemple='"no"'),
    # --- Keys and values -------------------------------------------------------------------
    _c("cle-automatique", ERREUR,
       "la clé « {clef} » ne s'écrit pas : elle vient du nom du dossier ou du fichier",
       "supprimez cette ligne ; pour changer l'identifiant, renommez le fichier", clef="id"),
    _c("cle-inconnue", ERREUR, "clé inconnue « {clef} »",
       "clés possibles : {cles}", clef="telefone", cles="nom, telephone, courriel"),
    _c("champ-manquant", ERREUR, "champ obligatoire manquant : « {champ} »",
       "ajoutez une ligne « {champ}: ... »", champ="code_insee"),
    _c("valeur-inconnue", ERREUR, "valeur inconnue « {valeur} » pour « {champ} »",
       "voir la liste des valeurs dans CONTRIBUTING.md", valeur="gratuit",
       champ="frais"),
    _c("oui-non-attendu", ERREUR, "« {champ} » attend true ou false, pas « {valeur} »",
       "écrivez true (oui) ou false (non)", champ="premier_accueil", valeur="oui"),
    _c("date-invalide", ERREUR, "date invalide : « {valeur} »",
       "format AAAA-MM-JJ, par exemple 2026-03-31", valeur="31/03/2026"),
    _c("nombre-attendu", ERREUR, "« {champ} » attend un nombre, pas « {valeur} »",
       "chiffres seulement, avec un point décimal : 48.0077", champ="latitude",
       valeur="48,0077"),
    _c("hors-limites", ERREUR, "« {champ} » vaut {valeur}, hors limites ({limites})",
       "{conseil}", champ="latitude", valeur=0.2, limites="≥ -90, ≤ 90",
       conseil="la latitude en France métropolitaine est entre 41 et 51"),
    _c("liste-vide", ERREUR, "« {champ} » ne peut pas être vide",
       "indiquez au moins une valeur, sous la forme « - valeur »", champ="modes_accueil"),
    _c("liste-attendue", ERREUR, "« {champ} » attend une liste",
       "une valeur par ligne, précédée de « - »", champ="publics"),
    _c("liste-trop-longue", ERREUR, "« {champ} » a trop d'éléments", champ="photos"),
    _c("texte-trop-court", ERREUR,
       "« {champ} » est trop court (au moins {limite} caractères)",
       "écrivez le texte en entier", champ="nom", limite=1),
    _c("texte-trop-long", ERREUR, "« {champ} » {mesure}",
       "raccourcissez ; les détails vont dans « description »", champ="description",
       mesure="est trop long (au plus 2000 caractères)"),
    _c("texte-attendu", ERREUR,
       "« {champ} » attend un texte, pas une liste ni un bloc",
       "écrivez la valeur sur la même ligne que la clé", champ="nom"),
    _c("bloc-attendu", ERREUR,
       "« {champ} » attend un bloc de « clé: valeur » indentées en dessous",
       "voir l'exemple de CONTRIBUTING.md", champ="horaires"),
    # --- Field formats (the models' validators) --------------------------------------------
    _c("telephone-invalide", ERREUR, "numéro de téléphone invalide : « {valeur} »",
       "10 chiffres (02 43 00 00 00), +33 2 43 00 00 00, ou un numéro court national "
       "(115, 3919).", valeur="02 43 00"),
    _c("courriel-invalide", ERREUR, "adresse de courriel invalide : « {valeur} »",
       "forme attendue : accueil@exemple.fr", valeur="accueil.exemple.fr"),
    _c("url-invalide", ERREUR, "adresse web invalide : « {valeur} »",
       "une adresse complète qui commence par https:// (ou http://), par exemple "
       "https://www.exemple.fr/page", valeur="www.exemple.fr"),
    _c("horaires-invalides", ERREUR, "{message}",
       "format OpenStreetMap : {aide} (aide à la saisie : https://projets.pavie.info/yohours/)",
       message="horaires illisibles : « lundi 9h-12h »",
       aide="Mo-Fr 09:00-12:00,14:00-17:00; PH off"),
    _c("chemin-invalide", ERREUR, "chemin refusé : « {valeur} »",
       "le chemin d'un fichier du dossier du partenaire, sans « .. » ni « / » au début, "
       "par exemple photos/accueil.jpg", valeur="/home/moi/photo.jpg"),
    _c("code-postal-invalide", ERREUR, "code postal invalide : « {valeur} »",
       "5 chiffres, entre guillemets : \"72000\"", valeur="7200"),
    _c("code-insee-invalide", ERREUR, "code INSEE invalide : « {valeur} »",
       "5 caractères, entre guillemets : \"72181\" (Le Mans), à ne pas confondre avec le "
       "code postal", valeur="Sablé"),
    _c("siret-invalide", ERREUR, "SIRET invalide : « {valeur} »",
       "14 chiffres, entre guillemets", valeur="1234567890123"),
    _c("responsable-invalide", ERREUR, "responsable invalide : « {valeur} »",
       "un compte ou une équipe de la forge, précédé de @ : @ccas-sable ou "
       "@departement-sarthe/ccas-sable", valeur="ccas-sable"),
    _c("zone-eligibilite-invalide", ERREUR,
       "code de zone d'éligibilité invalide : « {valeur} »",
       "entre guillemets : un code INSEE de commune (\"72181\"), un code de département "
       "(\"72\"), un SIREN d'EPCI (9 chiffres) ou « france »", valeur="Sarthe"),
    _c("langue-inconnue", ERREUR, "langue inconnue : « {valeur} »",
       "code ISO 639 en minuscules : {langues}...", valeur="anglais",
       langues="fr (français), en (anglais)"),
    _c("fermeture-dates", ERREUR, "la fermeture finit ({au}) avant de commencer ({du})",
       "« du » est le premier jour fermé, « au » le dernier", du="2026-08-20",
       au="2026-08-01"),
    _c("traduction-langue-inconnue", ERREUR,
       "traductions : « {valeur} » n'est pas une langue du guide",
       "langues dans lesquelles une fiche peut se traduire : {langues}",
       valeur="anglais", langues="en, ar, uk, es"),
    _c("traduction-champ-inconnu", ERREUR,
       "traductions.{langue} : « {champ} » ne se traduit pas",
       "seuls ces champs se traduisent : {champs} ; le reste de la fiche s'affiche tel "
       "qu'il est écrit", langue="en", champ="nom",
       champs="description, documents_a_apporter"),
    _c("traduction-orpheline", ERREUR,
       "traductions.{langue}.{champ} traduit un texte que la fiche n'a pas en français",
       "écrivez d'abord « {champ} » en français, ou retirez cette traduction",
       langue="en", champ="description"),
    _c("premier-accueil-sans-rdv", ERREUR,
       "un lieu de premier accueil inconditionnel reçoit aussi sans rendez-vous",
       "ajoutez « sans-rendez-vous » à modes_accueil, ou retirez premier_accueil: true"),
    _c("caractere-invisible", ERREUR, "{quoi} {noms} {ou}",
       "placez le curseur à cet endroit et effacez le caractère (il ne se voit pas : effacez "
       "jusqu'à ce que le texte visible change, puis retapez-le), ou retapez la valeur à la "
       "main ; il vient souvent d'un copier-coller depuis un traitement de texte ou une page "
       "web et change l'affichage ou le sens du texte sans se voir",
       quoi="caractère invisible", noms="espace sans chasse (U+200B)",
       ou="après « CCAS de » "),
    _c("guillemet-typographique", ERREUR, "{nom} « {car} » (U+{code}) dans « {valeur} »",
       "un traitement de texte a remplacé une apostrophe ou un guillemet droit (' \") par ce "
       "signe, qu'un numéro, une adresse ou un code ne contient jamais : retapez la valeur "
       "sans lui", nom="apostrophe typographique", car="’", code="2019",
       valeur="12 rue de l’Église"),
    _c("telephone-lettre-o", ERREUR,
       "le numéro contient la lettre O à la place du chiffre zéro : « {valeur} »",
       "écrivez le chiffre 0 : « {corrige} »", valeur="O2 43 62 5O OO",
       corrige="02 43 62 50 00"),
    _c("telephone-libelle", ERREUR,
       "le numéro contient du texte (« {libelle} ») : seul un numéro est accepté",
       "gardez seulement le numéro : « {numero} » ; la page affiche déjà « Appeler le ... », "
       "et un poste ou des heures d'appel vont dans la description ou dans "
       "horaires.telephone", libelle="Tél. accueil", numero="02 43 62 50 00"),
    _c("thematique-inconnue", ERREUR, "thématique inconnue : « {valeur} »",
       "une thématique data·inclusion (« sante--acces-aux-soins ») ou une catégorie entière "
       "(« sante »)", valeur="soins"),
    _c("guillemets-manquants", ERREUR, "« {champ} » s'écrit entre guillemets : \"{valeur}\"",
       "un code sans guillemets se lit comme un nombre (l'éditeur le souligne, et 01000 "
       "deviendrait 1000) : ajoutez les guillemets autour des chiffres",
       champ="code_postal", valeur="72300"),
    _c("tiret-decale", ERREUR,
       "« {valeur} » : deux éléments de la liste lus comme un seul, car le tiret de la ligne "
       "{ligne_tiret} est plus indenté que celui au-dessus",
       "alignez le tiret de la ligne {ligne_tiret} exactement sous le tiret{precedente} (même "
       "nombre d'espaces) : chaque valeur est gardée", valeur="fr - en",
       ligne_tiret=9, precedente=" de la ligne 8"),
    # --- Across records and the reference tables -------------------------------------------
    _c("partenaire-manquant", ERREUR,
       "le dossier « {partenaire} » n'a pas de fichier partenaire.yml",
       "créez partenaire.yml (nom, cercle, verifie_le, verifie_par) ; voir CONTRIBUTING.md",
       partenaire="ccas-sable"),
    _c("nom-duplique", AVERTISSEMENT,
       "un autre lieu du même partenaire porte déjà le nom « {nom} » "
       "({fichier_premier}{ligne_premier})",
       "précisez le nom de chaque lieu (quartier, rue, « antenne de ... ») pour que le public "
       "les distingue ; si c'est le même lieu, gardez une seule fiche",
       nom="CCAS de Sablé", fichier_premier="ccas-sable-centre.yml", ligne_premier=", ligne 1"),
    _c("reference-inconnue", ERREUR, "« {valeur} » n'existe pas dans l'annuaire",
       "indiquez le nom d'un dossier (partenaire) ou d'un fichier (lieu) existant",
       valeur="ccas-sabl"),
    _c("date-future", ERREUR,
       "vérifié le {date:%d/%m/%Y} : cette date est à venir",
       "indiquez la date du jour de la vérification ({aujourdhui:%Y-%m-%d} au plus tard)",
       date=dt.date(2027, 1, 5),
       aujourdhui=dt.date(2026, 12, 1)),
    _c("fiche-perimee", AVERTISSEMENT,
       "fiche vérifiée le {date:%d/%m/%Y}, à revoir depuis le {echeance:%d/%m/%Y}",
       "vérifiez les informations avec le lieu, puis mettez verifie_le à jour",
       date=dt.date(2025, 1, 5),
       echeance=dt.date(2026, 1, 5)),
    _c("adresse-manquante", ERREUR, "le lieu reçoit en personne mais n'a pas d'adresse",
       "ajoutez « adresse: 12 rue ... »"),
    _c("telephone-manquant", ERREUR, "mode « telephone » sans telephone renseigné",
       "ajoutez « telephone: ... » ou retirez ce mode"),
    _c("courriel-manquant", ERREUR, "mode « courriel » sans courriel renseigné",
       "ajoutez « courriel: ... » ou retirez ce mode"),
    _c("lien-manquant", ERREUR, "mode « en-ligne » sans adresse web",
       "ajoutez « demarche_en_ligne: https://... »"),
    _c("horaires-mode-absent", AVERTISSEMENT,
       "horaires « {champ} » donnés, mais ce mode n'est pas dans modes_accueil",
       "ajoutez « {mode} » à modes_accueil", champ="sur_rendez_vous",
       mode="sur-rendez-vous"),
    # hours.py words these from the hours themselves (which range, which year).
    _c("horaires-nuit", AVERTISSEMENT, "{message}",
       message="« Mo-Fr 20:00-08:00 » passe minuit : le lieu est affiché ouvert de 20 h au "
       "lendemain 8 h"),
    _c("horaires-commentaire-seul", AVERTISSEMENT, "{message}",
       message="le commentaire \"sur rendez-vous\" n'a pas d'heures : à ces moments-là, le "
       "guide affiche « horaires à confirmer », jamais « ouvert »"),
    _c("horaires-jamais-ouvert", AVERTISSEMENT, "{message}",
       message="horaires « 2024 Mo-Fr 09:00-12:00 » : ils ne valent que pour 2024, une "
       "période passée ; la page affichera « Fermé · réouverture à confirmer »"),
    _c("horaires-annee-passee", AVERTISSEMENT, "{message}",
       "retirez-la des horaires",
       message="la règle de 2024 est passée et ne s'applique plus"),
    _c("horaires-manquants", AVERTISSEMENT,
       "lieu de premier accueil sans horaires sans rendez-vous",
       "ajoutez « horaires: sans_rendez_vous: ... »"),
    _c("zone-eligibilite-epci", ERREUR,
       "« {code} » est un code d'EPCI : le guide ne sait pas encore quelles communes en "
       "font partie",
       "indiquez plutôt les codes INSEE des communes de l'intercommunalité, un par ligne, "
       "ou le code du département", code="247200132"),
    _c("zone-eligibilite-inconnue", ERREUR, "{qui} n'a le code{insee} « {code} »",
       "un code de département a 2 caractères (\"72\", \"2A\") ou 3 outre-mer (\"974\")",
       qui="aucun département", insee="", code="99"),
    _c("code-insee-code-postal", ERREUR,
       "« {code} » est le code postal, pas le code INSEE de la commune",
       "le code INSEE (5 caractères) n'est pas le code postal : voir la fiche de la "
       "commune sur https://www.insee.fr", code="72300"),
    _c("commune-inconnue", ERREUR, "aucune commune n'a le code INSEE « {code} »",
       "le code INSEE (5 caractères) n'est pas le code postal : voir la fiche de la "
       "commune sur https://www.insee.fr", code="72999"),
    _c("code-postal-commune", ERREUR,
       "le code postal {code_postal}{ligne_postal} et le code INSEE {code_insee}{ligne_insee} "
       "désignent deux communes différentes : {code_insee} est {commune}",
       "codes postaux de {commune} : {codes}", code_postal="72000",
       ligne_postal=" (ligne 6)", code_insee="72264", ligne_insee=" (ligne 7)",
       commune="Sablé-sur-Sarthe", codes="72300"),
    _c("coordonnees-eloignees", AVERTISSEMENT,
       "le point est à {km:.0f} km de la mairie de {commune}",
       "la mairie de {commune} est en {latitude}, {longitude}",
       grave="au-delà de 25 km, c'est une erreur", km=12.4, commune="Sablé-sur-Sarthe",
       latitude=47.8396, longitude=-0.3336),
    # --- The professional tree -------------------------------------------------------------
    _c("pro-dans-annuaire-public", ERREUR,
       "les informations réservées aux professionnels (« pro: ») n'ont pas leur place dans "
       "l'annuaire public : son dépôt est lisible par tous",
       "déplacez-les dans l'annuaire professionnel (dépôt privé) : {commande}",
       commande="guide separer annuaire --vers ../annuaire-pro"),
    _c("pro-sans-fiche-publique", ERREUR,
       "aucune fiche publique {fiche} pour ces informations professionnelles (lieu renommé "
       "ou supprimé ?)",
       "supprimez-le si le lieu n'existe plus, ou renommez-le comme sa fiche publique",
       fiche="annuaire/ccas-sable/accueil.yml"),
    _c("pro-imbrique", ERREUR,
       "dans l'annuaire professionnel, les champs s'écrivent directement, sans « pro: » "
       "au-dessus",
       "supprimez la ligne « pro: » et retirez un niveau d'indentation aux lignes qui "
       "suivaient"),
    _c("referent-sans-contact", AVERTISSEMENT,
       "le référent « {nom} » n'a ni téléphone ni courriel",
       "ajoutez « telephone: ... » ou « courriel: ... » : un professionnel doit pouvoir le "
       "joindre", nom="Mme Martin"),
    # --- The vocabulary of needs (search) --------------------------------------------------
    _c("besoins-forme", ERREUR,
       "le fichier des besoins doit commencer par « besoins: » (et, s'il y en a, « numeros: »)"),
    _c("besoin-sans-terme", ERREUR, "le besoin « {besoin} » n'a aucun terme",
       "ajoutez « termes: [mot, autre mot] »", besoin="manger"),
    _c("numero-inconnu", ERREUR, "numéro inconnu : « {numero} »",
       "déclarez-le sous « numeros: » (numero, lien, libelle)", numero="116"),
    _c("terme-invalide", ERREUR, "terme vide ou trop long : « {valeur} »",
       "un mot ou une expression de 60 caractères au plus", valeur=""),
    # --- Commands that edit the annuaire ---------------------------------------------------
    _c("verifie-le-introuvable", ERREUR,
       "pas de ligne « verifie_le: AAAA-MM-JJ » en début de ligne",
       "ajoutez « verifie_le: ... » au premier niveau de la fiche, puis relancez"),
    _c("verifie-par-introuvable", ERREUR,
       "« verifie_par » n'a pas sa valeur sur la même ligne",
       "écrivez « verifie_par: Nom du service » sur une seule ligne, puis relancez"),
    _c("verifie-par-invalide", ERREUR,
       "« --par » doit être un nom de service sur une ligne (de 1 à {limite} caractères)",
       "par exemple --par \"CCAS de Sablé, accueil\"", limite=120),
    _c("confirmation-impossible", ERREUR,
       "la fiche n'a pas pu être modifiée sans toucher d'autres lignes",
       "mettez verifie_le et verifie_par à jour à la main"),
    _c("separation-destination", ERREUR, "{dossier} est à l'intérieur de l'annuaire public",
       "choisissez un dossier à côté, par exemple ../annuaire-pro : il deviendra un dépôt "
       "privé", dossier="annuaire/pro"),
    _c("separation-impossible", ERREUR, "{raison}",
       "vérifiez son indentation, ou déplacez-le à la main",
       raison="le bloc « pro: » ne se détache pas proprement du reste de la fiche"),
    _c("separation-existe", ERREUR, "{cible} existe déjà : rien n'est écrasé",
       "fusionnez les deux blocs à la main, puis retirez « pro: » de la fiche publique",
       cible="../annuaire-pro/ccas-sable/accueil.yml"),
    # --- A new département's repository (guide nouveau) and upgrades (guide migrer) ------
    _c("nouveau-departement", ERREUR, "département inconnu : « {departement} »",
       "indiquez son code, par exemple 38 (Isère), 2A (Corse-du-Sud) ou 971 (Guadeloupe)",
       departement="999"),
    _c("nouveau-dossier-non-vide", ERREUR,
       "{dossier} existe et n'est pas un dossier vide : rien n'est écrasé",
       "choisissez un nouveau dossier, par exemple ../guide-isere", dossier="../guide-isere"),
    _c("nouveau-dossier-parent", ERREUR, "le dossier {dossier} n'existe pas",
       "créez-le, ou choisissez un dossier dans un dossier existant", dossier="../depots"),
    _c("nouveau-fichier-national", ERREUR, "fichier introuvable : {national}",
       "indiquez le fichier national téléchargé (liste des France Services en CSV, export "
       "data·inclusion en JSON)", national="france-services.csv"),
    _c("nouveau-import", ERREUR, "l'import {source} a échoué :\n{rapport}",
       "vérifiez le fichier national indiqué (le bon fichier, complet)",
       source="france-services", rapport="france-services.csv : format incorrect"),
    _c("nouveau-annuaire-invalide", ERREUR, "l'annuaire importé a des erreurs :\n{erreurs}",
       "signalez-le : un import ne devrait écrire que des fiches valides",
       erreurs="annuaire/ccas-sable/accueil.yml:3:1: erreur [...]"),
    _c("nouveau-nom", ERREUR,
       "nom du guide invalide (une ligne de {limite} caractères au plus)",
       "par exemple : Guide des solidarités de l'Isère", limite=120),
    _c("nouveau-contact", ERREUR, "adresse de contact invalide : « {adresse} »",
       "écrivez une adresse électronique, par exemple guide-solidarites@isere.fr",
       adresse="guide-isere.fr"),
    _c("nouveau-organisation", ERREUR, "nom d'organisation invalide : « {organisation} »",
       "lettres, chiffres et tirets, comme dans l'adresse de la forge : departement-isere",
       organisation="département isère"),
    _c("nouveau-url", ERREUR, "{option} : « {adresse} » n'est pas une adresse https://",
       "écrivez une adresse complète, par exemple https://guide.exemple.fr/",
       option="--url-site", adresse="guide.isere.fr"),
    _c("migration-depot", ERREUR, "pas de mkdocs.yml dans {depot}",
       "lancez la commande à la racine du dépôt du guide, ou indiquez-la avec --depot",
       depot="."),
    _c("migration-config", ERREUR,
       "les options du plugin guide-solidarites ne sont pas écrites en bloc sous "
       "« - guide-solidarites: »",
       "ajoutez à la main « annuaire_pro: {annuaire_pro} » à ces options",
       annuaire_pro="../annuaire-pro"),
)

CODES: dict[str, Code] = {c.code: c for c in _TOUS}


def probleme(code: str, /, **kwargs: Any) -> Problem:
    """The problem `code` at a place (`fichier`, `ligne`, `colonne`, `chemin`), with its
    placeholders' values; an unknown code is a programming error, caught by the tests."""
    return CODES[code].probleme(**kwargs)


def refus(code: str, /, **valeurs: Any) -> PydanticCustomError:
    return CODES[code].refus(**valeurs)


def page_des_codes() -> str:
    """`CODES.md`: every code with its severity, an example and its hint."""
    lignes = [
        "# Codes des problèmes signalés par `guide valider`",
        "",
        "<!-- Généré par `guide codes` depuis plugins/guide_solidarites/codes.py : "
        "ne pas modifier à la main. -->",
        "",
        "Chaque problème porte un code stable : le même type d'erreur a toujours le même "
        "code, la même gravité et le même conseil. Seules les **erreurs** bloquent la "
        "publication ; les **avertissements** la bloquent seulement si le département "
        "le demande (`avertissements_bloquants: true`).",
        "",
    ]
    for c in sorted(_TOUS, key=lambda c: c.code):
        gravite = str(c.gravite) + (f" ({c.grave})" if c.grave else "")
        lignes += [f"## `{c.code}`", "", f"- Gravité : {gravite}",
                   # A report quoted on the next lines stays inside the list item.
                   "- Exemple : " + c.message.format(**c.exemple).replace("\n", "\n  ")]
        if c.indice:
            lignes.append(f"- Conseil : {c.indice.format(**c.exemple)}")
        lignes.append("")
    return "\n".join(lignes)
