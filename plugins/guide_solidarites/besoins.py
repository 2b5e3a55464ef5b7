"""The vocabulary of needs: what people type -> data·inclusion thématiques and kinds of place.

The vocabulary is data (`data/besoins.yml`, its header says how to write it), extended by a
département's own file named in mkdocs.yml (`besoins:`): a need of the same `besoin` id
gets the extra terms, thématiques, kinds, words and numbers; a new id adds a need; a number
of the same `numero` replaces the shipped one. Both files are checked like the annuaire:
every problem with its file, line and column, collected, then one stop.

The search page (recherche.js) receives the merged vocabulary in the places index written
by `search.donnees_index` (terms folded there once, as the page folds what is typed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from .loader import parse_record, problem_at, read_yaml
from .models import Modele, Slug
from .problems import Problem
from .vocab import CATEGORIE_LABELS, THEMATIQUE_LABELS, TypeLieu

FICHIER_BESOINS = Path(__file__).parent / "data" / "besoins.yml"


def fichier_langue(code: str) -> Path:
    """The shipped vocabulary of the pages in `code` (`data/besoins.en.yml`): each need's
    label and the words people type in that language, each number's label."""
    return FICHIER_BESOINS.with_name(f"besoins.{code}.yml")


def _thematique(value: str) -> str:
    if value in THEMATIQUE_LABELS or value in CATEGORIE_LABELS:
        return value
    raise PydanticCustomError(
        "thematique-inconnue", "thématique inconnue : « {valeur} »",
        {"valeur": value, "indice": "une thématique data·inclusion "
         "(« sante--acces-aux-soins ») ou une catégorie entière (« sante »)"})


class Numero(Modele):
    """An emergency or listening line the search shows for a need."""

    numero: str = Field(min_length=2, max_length=20, description="Comme il s'affiche : « 115 ».")
    lien: str = Field(pattern=r"^(tel|sms):\+?[0-9]{2,15}$",
                      description="Lien à toucher : « tel:115 », « sms:114 ».")
    libelle: str = Field(min_length=3, max_length=120)


class Besoin(Modele):
    """One need, the words that name it and what answers it."""

    besoin: Slug
    libelle: str = Field("", max_length=80)
    termes: list[str] = Field(default_factory=list)
    thematiques: list[str] = Field(default_factory=list)
    types: list[TypeLieu] = Field(default_factory=list)
    mots: list[str] = Field(default_factory=list)
    numeros: list[str] = Field(default_factory=list)

    @field_validator("thematiques")
    @classmethod
    def _thematiques(cls, values: list[str]) -> list[str]:
        return [_thematique(v) for v in values]

    @field_validator("termes", "mots")
    @classmethod
    def _termes(cls, values: list[str]) -> list[str]:
        for value in values:
            if not 1 <= len(str(value).strip()) <= 60:
                raise PydanticCustomError(
                    "terme-invalide", "terme vide ou trop long : « {valeur} »",
                    {"valeur": value, "indice": "un mot ou une expression de 60 caractères "
                     "au plus"})
        return [str(v).strip() for v in values]


class FichierBesoins(Modele):
    mots_vides: list[str] = Field(default_factory=list, description=(
        "Mots sans besoin ni nom, ignorés dans ce qui est tapé : « je », « cherche »."))
    numeros: list[Numero] = Field(default_factory=list)
    besoins: list[Besoin] = Field(default_factory=list)

    @field_validator("mots_vides")
    @classmethod
    def _mots_vides(cls, values: list[str]) -> list[str]:
        return Besoin._termes(values)


@dataclass
class Vocabulaire:
    besoins: dict[str, Besoin] = field(default_factory=dict)
    numeros: dict[str, Numero] = field(default_factory=dict)
    mots_vides: list[str] = field(default_factory=list)

    def ajouter(self, fichier: FichierBesoins) -> None:
        self.mots_vides.extend(m for m in fichier.mots_vides if m not in self.mots_vides)
        for numero in fichier.numeros:
            self.numeros[numero.numero] = numero
        for besoin in fichier.besoins:
            present = self.besoins.get(besoin.besoin)
            if present is None:
                self.besoins[besoin.besoin] = besoin.model_copy(deep=True)
                continue
            if besoin.libelle:
                present.libelle = besoin.libelle
            for champ in ("termes", "thematiques", "types", "mots", "numeros"):
                liste = getattr(present, champ)
                liste.extend(v for v in getattr(besoin, champ) if v not in liste)


def _lire(chemin: Path) -> tuple[FichierBesoins | None, list[Problem]]:
    doc, problems = read_yaml(chemin)
    if doc is None:
        return None, problems
    if not isinstance(doc.data, dict):
        return None, [*problems, problem_at(doc, (), "besoins-forme")]
    modele, erreurs = parse_record(doc, FichierBesoins, {})
    problems += erreurs
    # Checked on the data as written, so that they come with the model's own problems.
    numeros = doc.data.get("numeros")
    connus = {str(n.get("numero")) for n in numeros if isinstance(n, dict)} \
        if isinstance(numeros, list) else set()
    if chemin != FICHIER_BESOINS:
        connus |= set(_base().numeros)
    besoins = doc.data.get("besoins")
    for i, besoin in enumerate(besoins if isinstance(besoins, list) else []):
        if not isinstance(besoin, dict):
            continue
        ident = str(besoin.get("besoin", ""))
        if not besoin.get("termes") and (chemin == FICHIER_BESOINS
                                         or ident not in _base().besoins):
            problems.append(problem_at(doc, ("besoins", i), "besoin-sans-terme", besoin=ident))
        liste = besoin.get("numeros")
        for j, numero in enumerate(liste if isinstance(liste, list) else []):
            if str(numero) not in connus:
                problems.append(problem_at(doc, ("besoins", i, "numeros", j), "numero-inconnu",
                                           numero=numero))
    if not isinstance(modele, FichierBesoins):
        return None, problems
    return modele, problems


_BASE: Vocabulaire | None = None


def _base() -> Vocabulaire:
    """The shipped vocabulary, read once (it is part of the package, and valid)."""
    global _BASE
    if _BASE is None:
        _BASE = Vocabulaire()
        doc, _ = read_yaml(FICHIER_BESOINS)
        assert doc is not None
        _BASE.ajouter(FichierBesoins.model_validate(doc.data))
    return _BASE


def charger_vocabulaire(extension: Path | None = None) -> tuple[Vocabulaire, list[Problem]]:
    """The shipped vocabulary, extended by the département's file if any, and the problems."""
    vocabulaire = Vocabulaire()
    problems: list[Problem] = []
    for chemin in (FICHIER_BESOINS, extension):
        if chemin is None:
            continue
        fichier, erreurs = _lire(chemin)
        problems += erreurs
        if fichier is not None:
            vocabulaire.ajouter(fichier)
    return vocabulaire, problems


_LANGUES: dict[str, Vocabulaire] = {}


def vocabulaire_langue(code: str) -> Vocabulaire:
    """The shipped vocabulary of language `code` (read once). It only names needs and
    numbers of besoins.yml (tests/test_search_besoins.py checks each file covers them all):
    the language's pages add its words and show its labels, the French terms still work."""
    if code not in _LANGUES:
        fichier, problems = _lire(fichier_langue(code))
        inconnus = ([b.besoin for b in fichier.besoins if b.besoin not in _base().besoins]
                    if fichier else [])
        if problems or inconnus or fichier is None:
            # Shipped data: a mistake in it is the package's, caught by its tests.
            raise RuntimeError(f"vocabulaire {code} invalide : "
                               + "; ".join([p.message for p in problems] + inconnus))
        _LANGUES[code] = Vocabulaire()
        _LANGUES[code].ajouter(fichier)
    return _LANGUES[code]
