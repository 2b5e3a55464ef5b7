"""The field reference for partners (`docs/champs.md`), generated from the models.

Every field of every file a partner writes, with its type in plain French, what it means
(`champs.py`), the values it accepts and their labels (`vocab.py`) and an example. It is
checked in and checked fresh by `tests/test_reference.py`; `guide schema` rewrites it.
"""

from __future__ import annotations

import datetime as dt
import types
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import AfterValidator, BaseModel

from . import champs, models
from .vocab import ENUMERATIONS

# The files partners write, each with the blocks found inside it, in reading order.
FICHIERS: list[tuple[str, str, type[BaseModel], list[type[BaseModel]]]] = [
    ("Fiche partenaire", "annuaire/<partenaire>/partenaire.yml", models.PartenairePublic,
     [models.Source]),
    ("Lieu d'accueil", "annuaire/<partenaire>/<lieu>.yml", models.LieuPublic,
     [models.Coordonnees, models.Horaires, models.Fermeture, models.Permanence,
      models.Accessibilite, models.Service]),
    ("Annuaire professionnel", "annuaire-pro/<partenaire>/<lieu>.yml (dépôt privé)",
     models.InfosPro, [models.Referent, models.Orientation, models.Convention,
                       models.NoteImport]),
]

# Enumerations listed in full at the end rather than in the field's cell.
LISTE_COURTE = 20

# Checked text types, by their validator: `Telephone` and `str` are both `str` to Python.
def _validateur(alias: Any) -> AfterValidator:
    """The check that names a text type (its AfterValidator; cleaners run before it)."""
    return next(a for a in get_args(alias)[1:] if isinstance(a, AfterValidator))


_TYPES_VERIFIES: dict[Any, str] = {
    _validateur(alias): nom for alias, nom in [
        (models.Telephone, "téléphone"),
        (models.CheminFichier, "chemin d'un fichier du dossier du partenaire"),
        (models.Courriel, "courriel"),
        (models.Url, "adresse web (https://...)"), (models.Slug, "identifiant"),
        (models.HorairesOSM, "horaires (syntaxe OpenStreetMap)"),
        (models.CodePostal, "code postal, entre guillemets"),
        (models.CodeInsee, "code INSEE, entre guillemets"),
        (models.Siret, "SIRET, entre guillemets"),
        (models.Responsable, "compte de la forge (@...), entre guillemets"),
        (models.Langue, "code de langue ([liste](#liste-langue))"),
        (models.CodeZone, "code INSEE, de département ou SIREN d'EPCI, entre guillemets"),
    ]
}


def _ancre(nom: str) -> str:
    """Our own anchor for a block or a list (`bloc-coordonnees`, `liste-typelieu`): GitHub,
    GitLab and MkDocs each derive a different one from an accented heading."""
    prefixe = "bloc" if nom in champs.MODELES else "liste"
    return f"{prefixe}-{nom.lower()}"


def _titre(niveau: str, texte: str, nom: str) -> list[str]:
    return [f'<a id="{_ancre(nom)}"></a>', "", f"{niveau} {texte}"]


def _sans_none(annotation: Any) -> Any:
    if get_origin(annotation) in (Union, types.UnionType):
        autres = [a for a in get_args(annotation) if a is not type(None)]
        if len(autres) == 1:
            return autres[0]
    return annotation


def _nom_type(annotation: Any, metadata: list[Any]) -> str:
    """The field's type as a partner reads it."""
    annotation = _sans_none(annotation)
    for meta in metadata:
        if isinstance(meta, AfterValidator) and meta in _TYPES_VERIFIES:
            return _TYPES_VERIFIES[meta]
    if get_origin(annotation) is Annotated:
        base, *extra = get_args(annotation)
        return _nom_type(base, extra)
    if get_origin(annotation) is list:
        return "liste de " + _nom_type(get_args(annotation)[0], [])
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            titre = champs.MODELES[annotation.__name__][0]
            return f"bloc [{titre}](#{_ancre(annotation.__name__)})"
        if issubclass(annotation, StrEnum):
            nom = ENUMERATIONS[annotation.__name__].nom
            return f"valeur de la liste [{nom}](#{_ancre(annotation.__name__)})"
        return {bool: "oui/non (true ou false)", int: "nombre entier", float: "nombre",
                dt.date: "date (AAAA-MM-JJ)", str: "texte"}.get(annotation, annotation.__name__)
    return str(annotation)


def _enumeration(annotation: Any, metadata: list[Any]) -> str | None:
    """The name of the enumeration a field's values come from, if any."""
    annotation = _sans_none(annotation)
    if get_origin(annotation) is list:
        return _enumeration(get_args(annotation)[0], [])
    if get_origin(annotation) is Annotated:
        base, *extra = get_args(annotation)
        return _enumeration(base, extra)
    if any(isinstance(m, AfterValidator) and m == _validateur(models.Langue)
           for m in metadata):
        return "Langue"
    if isinstance(annotation, type) and issubclass(annotation, StrEnum):
        return annotation.__name__
    return None


def _cellule(texte: str) -> str:
    return texte.replace("|", "\\|").replace("\n", " ")


def _valeurs(enumeration: str | None) -> str:
    if enumeration is None:
        return ""
    liste = ENUMERATIONS[enumeration]
    if len(liste.libelles) > LISTE_COURTE:
        return f"voir [{liste.nom}](#{_ancre(enumeration)})"
    return "<br>".join(f"`{valeur}` : {_cellule(libelle)}"
                       for valeur, libelle in liste.libelles.items())


def _table(model: type[BaseModel], listes: list[str]) -> list[str]:
    lignes = ["| clé | type | obligatoire | signification | valeurs possibles | exemple |",
              "|---|---|---|---|---|---|"]
    for nom, info in model.model_fields.items():
        if nom in models.CLES_AUTOMATIQUES and model in (models.LieuPublic,
                                                          models.PartenairePublic):
            continue
        declaration = champs.champ(model, nom)
        enumeration = _enumeration(info.annotation, info.metadata)
        if enumeration and enumeration not in listes:
            listes.append(enumeration)
        exemple = f"`{nom}: {declaration.exemple}`" if declaration.exemple else "voir le bloc"
        lignes.append(" | ".join([
            f"| `{nom}`", _nom_type(info.annotation, info.metadata),
            "oui" if info.is_required() else "non",
            _cellule(f"**{declaration.titre}.** {declaration.description}"),
            _valeurs(enumeration), _cellule(exemple).replace("\\|", "|") + " |"]))
    return lignes


def render() -> str:
    """The whole reference, as Markdown."""
    out = [
        "# Référence des champs",
        "",
        "<!-- Généré par `guide schema` à partir des modèles (champs.py, vocab.py) : ne pas "
        "modifier à la main. -->",
        "",
        "Chaque clé qu'une fiche peut contenir, avec son type, ce qu'elle veut dire, les "
        "valeurs possibles et un exemple tel qu'il s'écrit dans le fichier. Les exemples "
        "complets et les pièges du YAML sont dans [CONTRIBUTING.md](../CONTRIBUTING.md).",
        "",
        "Le nom du dossier (identifiant du partenaire) et le nom du fichier (identifiant du "
        "lieu) ne s'écrivent jamais dans le fichier : pas de clé `id` ni `partenaire`.",
    ]
    listes: list[str] = []
    vus: set[type[BaseModel]] = set()
    for titre, chemin, model, blocs in FICHIERS:
        out += ["", f"## {titre}", "", f"`{chemin}` : {champs.MODELES[model.__name__][1]}", ""]
        out += _table(model, listes)
        for bloc in blocs:
            if bloc in vus:
                continue
            vus.add(bloc)
            bloc_titre, bloc_description = champs.MODELES[bloc.__name__]
            out += ["", *_titre("###", bloc_titre, bloc.__name__), "", bloc_description, ""]
            out += _table(bloc, listes)
    out += ["", '<a id="listes-de-valeurs"></a>', "", "## Listes de valeurs", ""]
    for enumeration in listes:
        liste = ENUMERATIONS[enumeration]
        out += [*_titre("###", liste.nom, enumeration), "", "| valeur | signification |",
                "|---|---|"]
        out += [f"| `{valeur}` | {_cellule(libelle)} |"
                for valeur, libelle in liste.libelles.items()]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def write_reference(chemin: Path) -> Path:
    chemin.parent.mkdir(parents=True, exist_ok=True)
    chemin.write_text(render(), encoding="utf-8")
    return chemin
