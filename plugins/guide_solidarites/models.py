"""The record model: partners, reception points, services, and what only professionals read.

No I/O here. A record's identity comes from its place in `annuaire/` (the
folder names the partner, the file names the reception point), so the YAML
never repeats it and cannot contradict it. What only professionals may read
lives in another tree with the same layout (`annuaire-pro/`, a private
repository), one `InfosPro` per record. Public and professional records are
siblings: `LieuPro` holds a `LieuPublic` and its `InfosPro` side by side and
is no kind of `LieuPublic`, so the type checker refuses a professional record
wherever a public output expects a public one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any, ClassVar, Generic, Self, TypeVar
from urllib.parse import urlsplit

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from phonenumbers import shortnumberinfo
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .champs import annoter_schema
from .codes import CODES
from .langues import LANGUE_SOURCE
from .langues import LANGUES as LANGUES_DU_GUIDE
from .textes import (
    courriel_saisi,
    horaires_saisis,
    montrer_invisibles,
    telephone_saisi,
    texte_lisible,
    url_saisie,
    valeur_saisie,
)
from .vocab import (
    LANGUES,
    Cercle,
    Frais,
    ModeAccueil,
    ModeAccueilDI,
    ModeMobilisation,
    PersonneMobilisatrice,
    Precision,
    Public,
    ReseauPorteur,
    Thematique,
    TypeLieu,
    TypeService,
)

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# [0-9], not \d: \d also matches the digits of other scripts (full width ７２３００).
CODE_POSTAL_RE = re.compile(r"^[0-9]{5}$")
CODE_INSEE_RE = re.compile(r"^(?:[0-9]{5}|2[AB][0-9]{3})$")
SIRET_RE = re.compile(r"^[0-9]{14}$")
# data·inclusion v1 `zone_eligibilite`: a commune (INSEE), a département, an EPCI (SIREN),
# or the whole country. Whether the code exists is checked against the communes table
# in validation.py; here only its form.
ZONE_RE = re.compile(r"^(?:[0-9]{5}|2[AB][0-9]{3}|[0-9]{2}|2[AB]|97[0-9]|[0-9]{9}|france)$")
# The shape of a phone number, for editors only: the validator (libphonenumber) decides;
# this accepts every number it accepts and catches letters and stray signs as they are typed.
TELEPHONE_FORME = r"^\+?[0-9][0-9 .()-]{0,23}[0-9]$"


# --- Checked scalar types ----------------------------------------------------------------


# The checks below are pure and slow (about 0.1 ms each); the same numbers, addresses
# and hours come back across records, so each distinct value is checked once.
@lru_cache(maxsize=16384)
def _telephone_valide(value: str) -> bool:
    try:
        number = phonenumbers.parse(value, "FR")
    except phonenumbers.NumberParseException:
        return False
    return bool(phonenumbers.is_valid_number(number)
                or shortnumberinfo.is_valid_short_number_for_region(number, "FR"))


@lru_cache(maxsize=16384)
def _courriel_valide(value: str) -> bool:
    try:
        # Syntax only: a build must not depend on DNS answers.
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


@lru_cache(maxsize=4096)
def _horaires_diagnostic(value: str) -> tuple[str, str] | None:
    # Imported lazily: hours evaluation is heavy and only needed when hours exist.
    from .hours import diagnose_osm

    return diagnose_osm(value)


def _telephone(value: str) -> str:
    """A French phone number, or a national short number such as 115 or 3919."""
    if _telephone_valide(value):
        return value
    raise PydanticCustomError(
        "telephone-invalide",
        "numéro de téléphone invalide : « {valeur} »",
        {"valeur": value, "indice": "10 chiffres (02 43 00 00 00), +33 2 43 00 00 00, "
         "ou un numéro court national (115, 3919)."},
    )


def _courriel(value: str) -> str:
    if not _courriel_valide(value):
        raise PydanticCustomError(
            "courriel-invalide",
            "adresse de courriel invalide : « {valeur} »",
            {"valeur": value, "indice": "forme attendue : accueil@exemple.fr"},
        )
    return value


def _url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or "." not in parts.netloc:
        raise PydanticCustomError(
            "url-invalide",
            "adresse web invalide : « {valeur} »",
            {"valeur": value, "indice": "une adresse complète qui commence par https:// "
             "(ou http://), par exemple https://www.exemple.fr/page"},
        )
    return value


def _pattern(code: str, regex: re.Pattern[str], what: str, hint: str) -> Any:
    def check(value: str) -> str:
        if not regex.match(value):
            raise PydanticCustomError(
                code, what + " : « {valeur} »", {"valeur": value, "indice": hint}
            )
        return value

    return AfterValidator(check)


def _slug(value: str) -> str:
    if not SLUG_RE.match(value):
        raise PydanticCustomError(
            "identifiant-invalide",
            "identifiant invalide : « {valeur} »",
            {"valeur": value, "indice": "lettres minuscules sans accents, chiffres et tirets, "
             "par exemple ccas-le-mans"},
        )
    return value


def _horaires(value: str) -> str:
    diagnostic = _horaires_diagnostic(value)
    if diagnostic:
        message, hint = diagnostic
        raise PydanticCustomError(
            "horaires-invalides", "{message}",
            {"message": message, "valeur": value,
             "indice": f"format OpenStreetMap : {hint} (sans écrire ce format : page "
                       "« Aide à la saisie des horaires » du guide, /aide-horaires/)"},
        )
    return value


def _chemin(value: str) -> str:
    """A file of the partner's folder: relative, and never climbing out of it."""
    parts = value.replace("\\", "/").split("/")
    if value.startswith(("/", "\\", "~")) or ":" in value or ".." in parts:
        raise PydanticCustomError(
            "chemin-invalide",
            "chemin refusé : « {valeur} »",
            {"valeur": value, "indice": "le chemin d'un fichier du dossier du partenaire, sans "
             "« .. » ni « / » au début, par exemple photos/accueil.jpg"},
        )
    return value


def _editeur(**schema: Any) -> Any:
    """What the editors' JSON Schema says of a type beyond its Python type (no effect on
    validation, which the validators above do, with their French messages)."""
    return Field(json_schema_extra=schema)


# Typed values first go through textes.py: what a person typed is read as they meant it
# (spaces, quotes), or refused when it would be published as something else.
Telephone = Annotated[str, BeforeValidator(telephone_saisi), AfterValidator(_telephone),
                      _editeur(pattern=TELEPHONE_FORME, examples=["02 43 62 50 00"])]
CheminFichier = Annotated[str, AfterValidator(_chemin)]
Courriel = Annotated[str, BeforeValidator(courriel_saisi), AfterValidator(_courriel),
                     _editeur(pattern=r"^[^@\s]+@[^@\s]+$")]
Url = Annotated[str, BeforeValidator(url_saisie), AfterValidator(_url),
                _editeur(pattern=r"^https?://[^\s/]+\.[^\s]*$")]
Slug = Annotated[str, BeforeValidator(valeur_saisie), AfterValidator(_slug),
                 _editeur(pattern=SLUG_RE.pattern)]
HorairesOSM = Annotated[str, BeforeValidator(horaires_saisis), AfterValidator(_horaires)]
CodePostal = Annotated[
    str, BeforeValidator(valeur_saisie),
    _pattern("code-postal-invalide", CODE_POSTAL_RE, "code postal invalide",
             "5 chiffres, entre guillemets : \"72000\""),
    _editeur(pattern=CODE_POSTAL_RE.pattern)
]
CodeInsee = Annotated[
    str, BeforeValidator(valeur_saisie),
    _pattern("code-insee-invalide", CODE_INSEE_RE, "code INSEE invalide",
             "5 caractères, entre guillemets : \"72181\" (Le Mans), à ne pas confondre "
             "avec le code postal"),
    _editeur(pattern=CODE_INSEE_RE.pattern)
]
Siret = Annotated[
    str, BeforeValidator(valeur_saisie),
    _pattern("siret-invalide", SIRET_RE, "SIRET invalide", "14 chiffres, entre guillemets"),
    _editeur(pattern=SIRET_RE.pattern)
]
Texte = Annotated[str, Field(min_length=1)]
# A forge account or team as CODEOWNERS writes it: @compte, @organisation/equipe (GitLab
# groups nest: @groupe/sous-groupe).
RESPONSABLE_RE = re.compile(
    r"^@[A-Za-z0-9][A-Za-z0-9_.-]{0,99}(?:/[A-Za-z0-9][A-Za-z0-9_.-]{0,99}){0,4}$")
Responsable = Annotated[
    str, _pattern("responsable-invalide", RESPONSABLE_RE, "responsable invalide",
                  "un compte ou une équipe de la forge, précédé de @ : @ccas-sable ou "
                  "@departement-sarthe/ccas-sable"),
    _editeur(pattern=RESPONSABLE_RE.pattern)
]
CodeZone = Annotated[
    str, _pattern("zone-eligibilite-invalide", ZONE_RE, "code de zone d'éligibilité invalide",
                  "entre guillemets : un code INSEE de commune (\"72181\"), un code de "
                  "département (\"72\"), un SIREN d'EPCI (9 chiffres) ou « france »"),
    _editeur(pattern=ZONE_RE.pattern)
]
ZoneEligibilite = Annotated[list[CodeZone], Field(min_length=1)]


def _langue(value: str) -> str:
    if value not in LANGUES:
        raise PydanticCustomError(
            "langue-inconnue",
            "langue inconnue : « {valeur} »",
            {"valeur": value, "choix": sorted(LANGUES), "indice": "code ISO 639 en minuscules : "
             + ", ".join(f"{k} ({v})" for k, v in list(LANGUES.items())[:8]) + "..."},
        )
    return value


Langue = Annotated[str, BeforeValidator(valeur_saisie), AfterValidator(_langue),
                   _editeur(enum=list(LANGUES))]


class Modele(BaseModel):
    """Strict base: unknown keys are mistakes, not silently ignored extras."""

    # The French title, description and example of each field come from `champs.py`.
    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, use_enum_values=True, validate_default=False,
        json_schema_extra=annoter_schema,
    )

    # Every field, whatever its type: a character that does not show never gets in, and
    # no later message can echo it to the partner's terminal.
    @field_validator("*", mode="before")
    @classmethod
    def _texte_lisible(cls, value: Any, info: ValidationInfo) -> Any:
        if info.field_name in cls._textes_bruts:
            return montrer_invisibles(value)
        return texte_lisible(value)

    _textes_bruts: ClassVar[frozenset[str]] = frozenset()
    """Fields kept as received for a human to read: invisible characters are shown
    (`<U+202E>`), not refused."""


# --- Parts of a reception point --------------------------------------------------------------


class Coordonnees(Modele):
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    precision: Precision


class Fermeture(Modele):
    """A temporary closure (holidays, works, strike)."""

    du: dt.date
    au: dt.date
    message: Texte

    @model_validator(mode="after")
    def _ordre(self) -> Self:
        if self.au < self.du:
            raise PydanticCustomError(
                "fermeture-dates",
                "la fermeture finit ({au}) avant de commencer ({du})",
                {"du": str(self.du), "au": str(self.au), "indice": "« du » est le premier jour "
                 "fermé, « au » le dernier"},
            )
        return self


class Horaires(Modele):
    """Opening hours per way of being received, in OpenStreetMap syntax."""

    sans_rendez_vous: HorairesOSM | None = None
    sur_rendez_vous: HorairesOSM | None = None
    telephone: HorairesOSM | None = None


class Permanence(Modele):
    """A service held elsewhere on a schedule: *hors les murs*, or a stop of a bus."""

    nom: Texte
    lieu: Slug | None = None
    adresse: str | None = None
    code_postal: CodePostal | None = None
    code_insee: CodeInsee
    coordonnees: Coordonnees | None = None
    horaires: HorairesOSM
    sur_rendez_vous: bool = False
    precisions: str | None = None


class Accessibilite(Modele):
    pmr: bool | None = None
    acceslibre: Url | None = None
    precisions: str | None = None


class Service(Modele):
    """An offer a reception point provides (data·inclusion *service*)."""

    id: Slug
    nom: str = Field(min_length=3, max_length=150)
    type: TypeService | None = None
    description: str | None = None
    thematiques: list[Thematique] = Field(default_factory=list)
    publics: list[Public] = Field(default_factory=list)
    publics_precisions: str | None = None
    frais: Frais | None = None
    frais_precisions: str | None = None
    modes_accueil: list[ModeAccueilDI] = Field(default_factory=list)
    modes_mobilisation: list[ModeMobilisation] = Field(default_factory=list)
    mobilisable_par: list[PersonneMobilisatrice] = Field(default_factory=list)
    mobilisation_precisions: str | None = None
    lien_mobilisation: Url | None = None
    conditions_acces: str | None = None
    horaires: HorairesOSM | None = None
    zone_eligibilite: ZoneEligibilite | None = None


# --- Professional-only block -------------------------------------------------------------------


class Referent(Modele):
    """A named professional contact (*interlocuteur privilégié*): personal data."""

    nom: Texte
    fonction: str | None = None
    telephone: Telephone | None = None
    courriel: Courriel | None = None


class Orientation(Modele):
    """How a professional refers someone to this place."""

    modalites: str | None = None
    documents: list[Texte] = Field(default_factory=list)
    fiche_de_liaison: bool = True
    courriel: Courriel | None = None


class Convention(Modele):
    partenaire: Slug
    objet: Texte
    depuis: dt.date | None = None


class NoteImport(Modele):
    """A value an importer could not read, kept for a human to settle."""

    champ: Texte
    valeur: str
    raison: Texte

    # Whatever the source held, shown to the person who settles it.
    _textes_bruts: ClassVar[frozenset[str]] = frozenset({"valeur"})


class InfosPro(Modele):
    """One file of the professional tree (`annuaire-pro/<partenaire>/<lieu>.yml`): only in
    the professional directory, never read by the public build."""

    referents: list[Referent] = Field(default_factory=list)
    ligne_directe: Telephone | None = None
    courriel: Courriel | None = None
    orientation: Orientation | None = None
    notes: str | None = None
    conventions: list[Convention] = Field(default_factory=list)
    a_verifier: list[NoteImport] = Field(default_factory=list)


# --- Trust --------------------------------------------------------------------------------------


class Fiable(Modele):
    verifie_le: dt.date
    verifie_par: Texte
    revision_mois: int = Field(12, ge=1, le=36)

    def revision_due(self) -> dt.date:
        """The day the record becomes stale."""
        y, m = divmod(self.verifie_le.month - 1 + self.revision_mois, 12)
        year, month = self.verifie_le.year + y, m + 1
        day = min(self.verifie_le.day, 28)
        return dt.date(year, month, day)

    def est_perime(self, aujourdhui: dt.date) -> bool:
        return aujourdhui > self.revision_due()


class Source(Modele):
    """Where an imported record came from."""

    nom: Texte
    identifiant: str | None = None
    date: dt.date | None = None


class TraductionLieu(Modele):
    """A reception point's own translation of its free text into one language of the guide
    (the rest of the record is shown as written, in French)."""

    description: str | None = None
    documents_a_apporter: list[Texte] = Field(default_factory=list)


CHAMPS_TRADUISIBLES: tuple[str, ...] = tuple(TraductionLieu.model_fields)
"""The fields of a reception point a `traductions:` block may give in another language."""


def _traductions(valeur: Any) -> Any:
    """Known language codes only (the languages of the guide besides French)."""
    if isinstance(valeur, dict):
        autres = [code for code in LANGUES_DU_GUIDE if code != LANGUE_SOURCE]
        for cle, traduction in valeur.items():
            if cle not in autres:
                raise CODES["traduction-langue-inconnue"].refus(
                    valeur=str(cle)[:60], langues=", ".join(autres))
            if isinstance(traduction, dict):
                for champ in traduction:
                    if champ not in CHAMPS_TRADUISIBLES:
                        raise CODES["traduction-champ-inconnu"].refus(
                            langue=cle, champ=str(champ)[:60],
                            champs=", ".join(CHAMPS_TRADUISIBLES))
    return valeur


# --- Records ------------------------------------------------------------------------------------


class PartenairePublic(Fiable):
    """A structure (CCAS, Caf, association...) as the public may see it."""

    id: Slug
    nom: str = Field(min_length=3, max_length=150)
    sigle: str | None = None
    reseaux_porteurs: list[ReseauPorteur] = Field(default_factory=list)
    cercle: Cercle
    siret: Siret | None = None
    description: str | None = None
    site_web: Url | None = None
    telephone: Telephone | None = None
    courriel: Courriel | None = None
    logo: CheminFichier | None = None
    source: Source | None = None
    responsables: list[Responsable] = Field(default_factory=list, max_length=20)




class LieuPublic(Fiable):
    """A reception point as the public may see it."""

    id: Slug
    partenaire: Slug
    nom: str = Field(min_length=3, max_length=150)
    type: TypeLieu
    premier_accueil: bool = False
    description: str | None = None
    adresse: str | None = None
    complement_adresse: str | None = None
    code_postal: CodePostal
    code_insee: CodeInsee
    coordonnees: Coordonnees | None = None
    modes_accueil: list[ModeAccueil] = Field(min_length=1)
    horaires: Horaires = Field(default_factory=Horaires)
    fermetures: list[Fermeture] = Field(default_factory=list)
    telephone: Telephone | None = None
    courriel: Courriel | None = None
    site_web: Url | None = None
    demarche_en_ligne: Url | None = None
    permanences: list[Permanence] = Field(default_factory=list)
    thematiques: list[Thematique] = Field(default_factory=list)
    publics: list[Public] = Field(default_factory=list)
    zone_eligibilite: ZoneEligibilite | None = None
    langues: list[Langue] = Field(default_factory=lambda: ["fr"])
    langue_des_signes: bool = False
    interpretariat: bool = False
    aide_numerique: bool = False
    douches: bool = False
    accessibilite: Accessibilite = Field(default_factory=Accessibilite)
    transports: str | None = None
    # Unknown stays unknown: an imported place must not read as free by default.
    frais: Frais | None = None
    frais_precisions: str | None = None
    photos: list[CheminFichier] = Field(default_factory=list)
    documents_a_apporter: list[Texte] = Field(default_factory=list)
    services: list[Service] = Field(default_factory=list)
    source: Source | None = None
    # After the fields it translates: its validator reads them (no orphan translation).
    traductions: Annotated[dict[str, TraductionLieu], BeforeValidator(_traductions)] = Field(
        default_factory=dict, json_schema_extra={"propertyNames": {"pattern": "^(?:{})$".format(
            "|".join(code for code in LANGUES_DU_GUIDE if code != LANGUE_SOURCE))}})

    @field_validator("traductions")
    @classmethod
    def _sans_orpheline(cls, valeur: dict[str, TraductionLieu],
                        info: ValidationInfo) -> dict[str, TraductionLieu]:
        for code, traduction in valeur.items():
            for champ in CHAMPS_TRADUISIBLES:
                if getattr(traduction, champ) and not info.data.get(champ):
                    raise CODES["traduction-orpheline"].refus(langue=code, champ=champ)
        return valeur

    @model_validator(mode="after")
    def _coherence(self) -> Self:
        if self.premier_accueil and ModeAccueil.SANS_RENDEZ_VOUS not in self.modes_accueil:
            raise PydanticCustomError(
                "premier-accueil-sans-rdv",
                "un lieu de premier accueil inconditionnel reçoit aussi sans rendez-vous",
                {"indice": "ajoutez « sans-rendez-vous » à modes_accueil, ou retirez "
                 "premier_accueil: true"},
            )
        return self


# --- The professional directory's records: a public record and its pro file, side by side ---


FichePublique = TypeVar("FichePublique", PartenairePublic, LieuPublic)


@dataclass(frozen=True, slots=True)
class _FichePro(Generic[FichePublique]):
    """A record of the professional directory: its public file and its pro file (if any)."""

    public: FichePublique
    pro: InfosPro | None

    @property
    def id(self) -> str:
        return self.public.id


class PartenairePro(_FichePro[PartenairePublic]):
    """A partner in the professional directory."""

    __slots__ = ()


class LieuPro(_FichePro[LieuPublic]):
    """A reception point in the professional directory."""

    __slots__ = ()


# --- What an importer assembles ------------------------------------------------------------


class Partenaire(PartenairePublic):
    """A partner as an importer assembles it before writing: public fields and, under
    `pro`, the notes for professionals. The writer sends `pro` to the professional tree;
    the loader never makes one, so no catalogue, page or export ever holds one."""

    pro: InfosPro | None = None


class Lieu(LieuPublic):
    """A reception point as an importer assembles it (see `Partenaire`)."""

    pro: InfosPro | None = None


CLE_PRO = "pro"
"""The key of the professional block in single-tree annuaires, refused in the public tree."""


# Keys the loader fills from the file's place; a partner never writes them.
CLES_AUTOMATIQUES = {"id", "partenaire"}
