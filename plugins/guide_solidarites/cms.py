"""The partners' web form (Decap CMS at /admin/): its configuration, generated from the model.

The contract with overrides/assets/javascripts/cms.js
------------------------------------------------------
The configuration names two widgets that cms.js registers:
- `horaires`: an OSM `opening_hours` string edited as a week table (horaires-saisie.js);
- `date-guide`: an AAAA-MM-JJ string; with `toujours_a_jour: true`, a "Toujours à jour"
  button sets it to today (the CMS side of `guide confirmer`).
Everything else is a Decap core widget. Labels are the fields' French titles, help texts
their descriptions, as `champs.py` declares them for the JSON Schema too.

How the CMS addresses the files: a Decap folder collection lists every `.yml` under a folder
and can filter entries only on a field's exact value, so it cannot tell `partenaire.yml`
from the place files beside it. Both collections are therefore `files` collections that
name each file of the annuaire (`annuaire/<partenaire>/partenaire.yml`,
`annuaire/<partenaire>/<lieu>.yml`), listed when the site is built; the fields are written
once per collection (YAML anchors). New places and partners are created by the
département (`guide nouveau`), not through the form: a file's name is its identity.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Union, get_args, get_origin

import annotated_types
import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from . import champs as champs_fr
from .importers.ecriture import ORDRE_LIEU, ORDRE_PARTENAIRE, ORDRE_SERVICE
from .langues import LANGUE_SOURCE
from .langues import LANGUES as LANGUES_DU_GUIDE
from .langues import NOMS as NOMS_DES_LANGUES
from .loader import FICHIER_PARTENAIRE
from .models import (
    CLE_PRO,
    CLES_AUTOMATIQUES,
    CODE_INSEE_RE,
    CODE_POSTAL_RE,
    RESPONSABLE_RE,
    SIRET_RE,
    SLUG_RE,
    CodeInsee,
    CodePostal,
    Courriel,
    HorairesOSM,
    Langue,
    LieuPublic,
    PartenairePublic,
    Responsable,
    Siret,
    Slug,
    Telephone,
    Url,
)
from .vocab import ENUMERATIONS, LANGUES

URL_ADMIN = "admin/"
"""Where the form is served in the public site."""

DOSSIER_VENDOR = "assets/vendor/decap-cms/"
SCRIPTS_CMS = ("assets/javascripts/cms.js",)
"""Theme files only the form uses: left out of the site when the form is off."""

# Long free texts get a multi-line box; the rest are one-line strings.
TEXTES_LONGS = {"description", "precisions", "publics_precisions", "frais_precisions",
                "mobilisation_precisions", "conditions_acces", "transports", "message"}

@dataclass(frozen=True)
class Format:
    """A checked text type as the browser checks it: a JavaScript regular expression and a
    value the model refuses, whose French message and hint become the form's message."""

    type_: Any
    regex: str
    refus: str


# The browser's checks are a first filter, never stricter than the model: `guide valider`
# on the pull request stays the judge (phone numbers need libphonenumber).
FORMATS: tuple[Format, ...] = (
    Format(Telephone, r"^(?:(?:\+33|0)[ .-]?[1-9](?:[ .-]?[0-9]){8}|[0-9]{3,6})$", "12"),
    Format(Courriel, r"^[^@\s]+@[^@\s]+\.[^@\s]+$", "accueil"),
    Format(Url, r"^https?://[^\s/]+\.[^\s]*$", "www"),
    Format(CodePostal, CODE_POSTAL_RE.pattern, "7200"),
    Format(CodeInsee, CODE_INSEE_RE.pattern, "7200"),
    Format(Siret, SIRET_RE.pattern, "123"),
    Format(Slug, SLUG_RE.pattern, "A B"),
    Format(Responsable, RESPONSABLE_RE.pattern, "ccas"),
)


@dataclass(frozen=True)
class Fiche:
    """One file the form edits: its collection entry name, label and path in the repository."""

    nom: str
    libelle: str
    chemin: str


@dataclass(frozen=True)
class Reglages:
    """The département's settings of the form (plugin option `cms`)."""

    forge: str = "gitlab"
    depot: str | None = None
    branche: str = "main"
    app_id: str | None = None
    url_forge: str | None = None
    relais_oauth: str | None = None
    serveur_local: str | None = None
    site_url: str | None = None


def reglages(options: Any, site_url: str | None = None) -> Reglages:
    """The settings from the plugin's `cms` option (config.CmsConfig)."""
    return Reglages(forge=options.forge, depot=options.depot, branche=options.branche,
                    app_id=options.app_id, url_forge=options.url_forge,
                    relais_oauth=options.relais_oauth, serveur_local=options.serveur_local,
                    site_url=site_url)


# --- Types -------------------------------------------------------------------------------------


def _deballer(annotation: Any) -> tuple[Any, tuple[Any, ...]]:
    """(the type, its Annotated metadata) without `| None`."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            annotation = args[0]
    if get_origin(annotation) is Annotated:
        return annotation.__origin__, tuple(annotation.__metadata__)
    return annotation, ()


def _est(metadata: Sequence[Any], alias: Any) -> bool:
    attendu = tuple(getattr(alias, "__metadata__", ()))
    return bool(attendu) and all(m in metadata for m in attendu)


def message_refus(fmt: Format) -> str:
    """The model's own French message for a value of this type it refuses."""
    try:
        TypeAdapter(fmt.type_).validate_python(fmt.refus)
    except ValidationError as exc:
        erreur = exc.errors()[0]
        quoi = erreur["msg"].replace(f" : « {fmt.refus} »", "")
        indice = (erreur.get("ctx") or {}).get("indice")
        texte = f"{quoi[0].upper()}{quoi[1:]}"
        return f"{texte} : {indice}" if indice else texte
    raise AssertionError(f"{fmt.refus!r} est accepté par le modèle")  # pragma: no cover


def _options(enumeration: type[enum.Enum]) -> list[dict[str, str]]:
    # The labels of each value (the model stores the values), as vocab.py declares them.
    connue = ENUMERATIONS.get(enumeration.__name__)
    libelles = connue.libelles if connue else {}
    return [{"label": str(libelles.get(m.value, m.value)), "value": m.value}
            for m in enumeration]


def _scalaire(type_: Any, metadata: Sequence[Any], nom: str) -> dict[str, Any]:
    """The widget of one value (a field, or the items of a list)."""
    if _est(metadata, HorairesOSM):
        return {"widget": "horaires"}
    if _est(metadata, Langue):
        return {"widget": "select", "options": [{"label": v, "value": k}
                                                for k, v in LANGUES.items()]}
    for fmt in FORMATS:
        if _est(metadata, fmt.type_):
            return {"widget": "string", "pattern": [fmt.regex, message_refus(fmt)]}
    if type_ is bool:
        return {"widget": "boolean"}
    if type_ is int or type_ is float:
        champ: dict[str, Any] = {"widget": "number",
                                 "value_type": "int" if type_ is int else "float"}
        for m in metadata:
            if isinstance(m, annotated_types.Ge):
                champ["min"] = m.ge
            if isinstance(m, annotated_types.Le):
                champ["max"] = m.le
        return champ
    if type_ is dt.date:
        return {"widget": "date-guide"}
    if isinstance(type_, type) and issubclass(type_, enum.Enum):
        return {"widget": "select", "options": _options(type_)}
    if isinstance(type_, type) and issubclass(type_, BaseModel):
        return {"widget": "object", "fields": champs(type_)}
    if type_ is str:
        return {"widget": "text" if nom in TEXTES_LONGS else "string"}
    raise TypeError(f"champ {nom} : type {type_!r} sans widget")


def champ(model: type[BaseModel], nom: str) -> dict[str, Any]:
    """The Decap field of one model field: its French title and description are the ones
    `champs.py` declares for the JSON Schema too."""
    info = model.model_fields[nom]
    type_, metadata = _deballer(info.annotation)
    metadata = (*metadata, *info.metadata)
    decap: dict[str, Any] = {"name": nom, "label": champs_fr.titre(model, nom)}
    if get_origin(type_) is list:
        (item,) = get_args(type_)
        item_type, item_meta = _deballer(item)
        if isinstance(item_type, type) and issubclass(item_type, BaseModel):
            decap.update(widget="list", collapsed=True, fields=champs(item_type))
        else:
            valeur = _scalaire(item_type, item_meta, nom)
            if valeur["widget"] == "select":
                decap.update(valeur, multiple=True)
            else:
                decap.update(widget="list", field={"name": "valeur", "label": decap["label"],
                                                   **valeur})
        for m in metadata:
            if isinstance(m, annotated_types.MinLen):
                decap["min"] = m.min_length
            if isinstance(m, annotated_types.MaxLen):
                decap["max"] = m.max_length
    elif get_origin(type_) is dict:
        # `traductions`: one optional block per language of the guide besides French.
        _cle, valeur_type = get_args(type_)
        decap.update(widget="object", collapsed=True, fields=[
            {"name": code, "label": NOMS_DES_LANGUES[code], "widget": "object",
             "collapsed": True, "required": False,
             "fields": [dict(f, required=False) for f in champs(valeur_type)]}
            for code in LANGUES_DU_GUIDE if code != LANGUE_SOURCE])
    else:
        decap.update(_scalaire(type_, metadata, nom))
    decap["hint"] = champs_fr.description(model, nom)
    decap["required"] = info.is_required()
    if decap["widget"] == "object" and not decap["required"]:
        # Decap checks a block's required fields even when the file has no such block
        # (a place without `source:` could not be saved): inside an optional block they
        # are left to `guide valider`, which the pull request runs.
        for sous_champ in decap["fields"]:
            sous_champ["required"] = False
    return decap


def _ordre(model: type[BaseModel]) -> tuple[str, ...]:
    # The order the importers write files in, so that a form's save keeps diffs small;
    # fields it does not name follow in the model's order.
    connus = {LieuPublic: ORDRE_LIEU, PartenairePublic: ORDRE_PARTENAIRE}.get(model, ())
    if model.__name__ == "Service":
        connus = ORDRE_SERVICE
    noms = list(model.model_fields)
    return tuple(sorted(noms, key=lambda n: connus.index(n) if n in connus else
                        len(connus) + noms.index(n)))


def champs(model: type[BaseModel], fiche: bool = False) -> list[dict[str, Any]]:
    """The Decap fields of a model, in file order; for a record's file (`fiche`), without
    the keys the loader fills in from the file's place (a service keeps its `id`)."""
    retires = {*CLES_AUTOMATIQUES, CLE_PRO} if fiche else set()
    return [champ(model, nom) for nom in _ordre(model) if nom not in retires]


# --- The configuration -----------------------------------------------------------------------


def _verification(fields: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for f in fields:
        if f["name"] == "verifie_le":
            f["toujours_a_jour"] = True
    return fields


def _backend(reglages: Reglages) -> dict[str, Any]:
    backend: dict[str, Any] = {"name": reglages.forge, "repo": reglages.depot or "",
                               "branch": reglages.branche, "squash_merges": True,
                               "cms_label_prefix": "cms/"}
    if reglages.forge == "gitlab":
        # PKCE: the browser talks to GitLab directly, no server holds a secret.
        backend["auth_type"] = "pkce"
        if reglages.app_id:
            backend["app_id"] = reglages.app_id
        if reglages.url_forge:
            racine = reglages.url_forge.rstrip("/")
            backend.update(base_url=racine, api_root=f"{racine}/api/v4",
                           auth_endpoint="oauth/authorize")
    else:
        # GitHub needs an OAuth relay holding the application's secret; open authoring:
        # partners without write access work from a fork.
        backend["open_authoring"] = True
        if reglages.relais_oauth:
            backend.update(base_url=reglages.relais_oauth.rstrip("/"), auth_endpoint="auth")
    return backend


def configuration(partenaires: Iterable[Fiche], lieux: Iterable[Fiche],
                  reglages: Reglages) -> dict[str, Any]:
    """The Decap configuration: backend, editorial workflow, the two collections."""
    champs_partenaire = _verification(champs(PartenairePublic, fiche=True))
    champs_lieu = _verification(champs(LieuPublic, fiche=True))
    config: dict[str, Any] = {
        "backend": _backend(reglages),
        # A branch and a pull (merge) request per change: the forge checks and the
        # département's review apply unchanged.
        "publish_mode": "editorial_workflow",
        "locale": "fr",
        "media_folder": "annuaire/medias",
        "show_preview_links": False,
        "editor": {"preview": False},
    }
    if reglages.site_url:
        config["site_url"] = reglages.site_url
    if reglages.serveur_local:
        config["local_backend"] = {"url": reglages.serveur_local}

    def collection(nom: str, libelle: str, singulier: str, description: str,
                   fiches: Iterable[Fiche], fields: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "name": nom, "label": libelle, "label_singular": singulier,
            "description": description, "format": "yaml", "extension": "yml",
            "create": False, "delete": False, "editor": {"preview": False},
            "files": [{"name": f.nom, "label": f.libelle, "file": f.chemin, "fields": fields}
                      for f in fiches],
        }

    config["collections"] = [
        collection("partenaires", "Partenaires", "Partenaire",
                   "La fiche de chaque structure (annuaire/<partenaire>/partenaire.yml).",
                   partenaires, champs_partenaire),
        collection("lieux", "Lieux d'accueil", "Lieu d'accueil",
                   "Un fichier par lieu d'accueil (annuaire/<partenaire>/<lieu>.yml).",
                   lieux, champs_lieu),
    ]
    return config


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        # Only the field lists repeat: written once, referenced by every file of a collection.
        return not (isinstance(data, list) and data and isinstance(data[0], dict)
                    and "widget" in data[0])


def render_config(config: dict[str, Any]) -> str:
    entete = ("# Généré par « guide cms » depuis le modèle des fiches : ne pas modifier à la "
              "main.\n")
    return entete + yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                              width=100)


def fiches(partenaires: Mapping[str, PartenairePublic], lieux: Mapping[str, LieuPublic],
           dossier: str = "annuaire") -> tuple[list[Fiche], list[Fiche]]:
    """The files the form edits, by name: partners, then places labelled with their partner."""
    fiches_partenaires = [
        Fiche(p.id, p.nom, f"{dossier}/{p.id}/{FICHIER_PARTENAIRE}")
        for p in sorted(partenaires.values(), key=lambda p: (p.nom.casefold(), p.id))]
    fiches_lieux = []
    for lieu in sorted(lieux.values(), key=lambda lieu: (lieu.nom.casefold(), lieu.id)):
        partenaire = partenaires.get(lieu.partenaire)
        fiches_lieux.append(Fiche(
            lieu.id, f"{lieu.nom} ({partenaire.nom if partenaire else lieu.partenaire})",
            f"{dossier}/{lieu.partenaire}/{lieu.id}.yml"))
    return fiches_partenaires, fiches_lieux


PAGE_ADMIN = """<!doctype html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <title>Modifier les fiches – Guide des solidarités</title>
  <link rel="stylesheet" href="../assets/stylesheets/horaires-saisie.css">
</head>
<body data-pagefind-ignore="all">
  <noscript><p>Le formulaire de modification des fiches demande JavaScript. Vous pouvez
  aussi modifier les fichiers YAML sur la forge : voir l'aide aux partenaires.</p></noscript>
  <script src="../assets/vendor/decap-cms/decap-cms.js"></script>
  <script src="../assets/javascripts/horaires-saisie.js"></script>
  <script src="../assets/javascripts/cms.js"></script>
</body>
</html>
"""
"""The page shell at /admin/: Decap renders into the body and reads config.yml beside it."""


def est_du_cms(src_uri: str) -> bool:
    """Whether a theme file belongs to the form (left out when the form is off)."""
    return src_uri.startswith(DOSSIER_VENDOR) or src_uri in SCRIPTS_CMS
