"""The JSON Schemas editors use: up to date with the models, and true to real files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

import pytest
import yaml
from conftest import lieu_data, partenaire_data
from guide_solidarites import champs, models, schema
from guide_solidarites.loader import FICHIER_PARTENAIRE
from guide_solidarites.models import LieuPublic
from guide_solidarites.vocab import LANGUES, TYPE_LIEU_LABELS
from jsonschema import Draft202012Validator
from pydantic import BaseModel, TypeAdapter

RACINE = Path(__file__).parents[1]
EXEMPLES = sorted((RACINE / "annuaire").glob("*/*.yml"))


def validateur(nom: str) -> Draft202012Validator:
    data = json.loads((RACINE / "schemas" / nom).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(data)
    return Draft202012Validator(data, format_checker=Draft202012Validator.FORMAT_CHECKER)


def comme_un_editeur(texte: str) -> Any:
    """The file as yaml-language-server sees it: YAML 1.2, where a date is text."""
    data = yaml.safe_load(texte)
    return json.loads(json.dumps(data, default=lambda v: v.isoformat()
                                 if isinstance(v, dt.date) else str(v)))


def erreurs(nom: str, data: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validateur(nom).iter_errors(data)]


@pytest.mark.parametrize("nom", sorted(schema.SCHEMAS))
def test_schema_a_jour(nom: str) -> None:
    model, titre = schema.SCHEMAS[nom]
    fichier = RACINE / "schemas" / nom
    assert fichier.is_file(), f"{fichier} manque : lancez `guide schema`"
    assert fichier.read_text(encoding="utf-8") == schema.render(model, titre), (
        f"{fichier.name} ne correspond plus aux modèles : lancez `guide schema` et "
        "committez le résultat")


@pytest.mark.parametrize("chemin", EXEMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_exemples_du_depot_valides_selon_le_schema(chemin: Path) -> None:
    nom = "partenaire.schema.json" if chemin.name == FICHIER_PARTENAIRE else "lieu.schema.json"
    assert erreurs(nom, comme_un_editeur(chemin.read_text(encoding="utf-8"))) == []


def test_fiches_des_tests_valides_selon_le_schema() -> None:
    assert erreurs("lieu.schema.json", lieu_data()) == []
    assert erreurs("partenaire.schema.json", partenaire_data()) == []


def test_cles_automatiques_absentes_du_schema() -> None:
    lieu = json.loads((RACINE / "schemas" / "lieu.schema.json").read_text(encoding="utf-8"))
    assert "id" not in lieu["properties"] and "partenaire" not in lieu["properties"]
    assert erreurs("lieu.schema.json", lieu_data(id="ccas-sable-centre")) != []


@pytest.mark.parametrize(("nom", "data"), [
    ("lieu.schema.json", lieu_data(type="ccas")),
    ("lieu.schema.json", lieu_data(telefone="02 61 91 10 20")),
    ("lieu.schema.json", lieu_data(modes_accueil=[])),
    ("lieu.schema.json", lieu_data(verifie_le="31/12/2026")),
    ("partenaire.schema.json", partenaire_data(cercle="1er-cercle")),
], ids=["type", "cle-inconnue", "modes-vides", "date", "cercle"])
def test_schema_refuse_les_erreurs_courantes(nom: str, data: dict[str, Any]) -> None:
    assert erreurs(nom, data) != []


# --- French help for every field and every value -----------------------------------------


def noeuds(noeud: Any) -> list[dict[str, Any]]:
    """Every object of a schema, depth first."""
    if isinstance(noeud, list):
        return [n for item in noeud for n in noeuds(item)]
    if not isinstance(noeud, dict):
        return []
    return [noeud, *(n for valeur in noeud.values() for n in noeuds(valeur))]


def proprietes(nom: str) -> list[tuple[str, dict[str, Any]]]:
    data = json.loads((RACINE / "schemas" / nom).read_text(encoding="utf-8"))
    return [(cle, valeur) for noeud in noeuds(data)
            for cle, valeur in noeud.get("properties", {}).items()]


@pytest.mark.parametrize("nom", sorted(schema.SCHEMAS))
def test_chaque_propriete_a_un_titre_et_une_description_en_francais(nom: str) -> None:
    toutes = proprietes(nom)
    assert len(toutes) > 10
    sans = [cle for cle, p in toutes if not p.get("description") or not p.get("title")]
    assert sans == []
    # Titles written for partners, not generated from the key ("Verifie Le").
    generes = [cle for cle, p in toutes if p["title"] == cle.replace("_", " ").title()
               and cle.replace("_", " ").title() != cle.capitalize()]
    assert generes == []


@pytest.mark.parametrize("nom", sorted(schema.SCHEMAS))
def test_chaque_valeur_d_une_liste_a_un_libelle_francais(nom: str) -> None:
    data = json.loads((RACINE / "schemas" / nom).read_text(encoding="utf-8"))
    enums = [n for n in noeuds(data) if "enum" in n]
    for noeud in enums:
        assert len(noeud["markdownEnumDescriptions"]) == len(noeud["enum"])
        assert len(noeud["enumDescriptions"]) == len(noeud["enum"])
        assert all(noeud["markdownEnumDescriptions"])


def test_aucune_description_anglaise_des_classes_dans_les_schemas() -> None:
    for nom in schema.SCHEMAS:
        descriptions = [n["description"] for n in noeuds(json.loads(
            (RACINE / "schemas" / nom).read_text(encoding="utf-8"))) if "description" in n]
        anglais = [d for d in descriptions if isinstance(d, str)
                   and any(mot in f" {d} " for mot in (" the ", " of a ", " used for "))]
        assert anglais == []


def test_les_libelles_viennent_de_vocab() -> None:
    lieu = json.loads((RACINE / "schemas" / "lieu.schema.json").read_text(encoding="utf-8"))
    type_lieu = lieu["$defs"]["TypeLieu"]
    libelles = dict(zip(type_lieu["enum"], type_lieu["markdownEnumDescriptions"], strict=True))
    assert libelles == {str(k): v for k, v in TYPE_LIEU_LABELS.items()}
    langues = lieu["properties"]["langues"]["items"]
    assert dict(zip(langues["enum"], langues["enumDescriptions"], strict=True)) == LANGUES


def modeles() -> list[type[BaseModel]]:
    return sorted({m for m in vars(models).values() if isinstance(m, type)
                   and issubclass(m, models.Modele) and m is not models.Modele},
                  key=lambda m: m.__name__)


@pytest.mark.parametrize("modele", modeles(), ids=lambda m: m.__name__)
def test_chaque_champ_de_chaque_modele_est_declare_une_fois(modele: type[BaseModel]) -> None:
    for nom, info in modele.model_fields.items():
        assert champs.description(modele, nom)
        # champs.py is the one source: a description written in the model would be a second.
        assert info.description is None, f"{modele.__name__}.{nom}"


def test_aucune_declaration_orpheline() -> None:
    connus = {m.__name__: m for m in modeles()}
    assert set(champs.CHAMPS) <= set(connus)
    orphelins = [f"{classe}.{nom}" for classe, table in champs.CHAMPS.items()
                 for nom in table if nom not in connus[classe].model_fields]
    assert orphelins == []


@pytest.mark.parametrize("modele", modeles(), ids=lambda m: m.__name__)
def test_chaque_exemple_est_accepte_par_son_champ(modele: type[BaseModel]) -> None:
    for nom, info in modele.model_fields.items():
        texte = champs.champ(modele, nom).exemple
        if texte is None:
            continue
        valeur = yaml.safe_load(texte)
        adaptateur: TypeAdapter[Any] = TypeAdapter(
            Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation)
        adaptateur.validate_python(valeur)


def test_description_lisible_par_le_cms() -> None:
    assert champs.description(LieuPublic, "verifie_le").startswith("Date de la dernière")
    assert champs.titre(LieuPublic, "code_insee") == "Code INSEE"
    assert champs.exemple(LieuPublic, "code_postal") == "72300"
