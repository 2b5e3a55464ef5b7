"""The field reference (docs/champs.md): complete, true to the models, and up to date."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from guide_solidarites import champs, cli, models, reference
from guide_solidarites.vocab import ENUMERATIONS

RACINE = Path(__file__).parents[1]
REFERENCE = RACINE / "docs" / "champs.md"
MODELES = [model for _, _, racine, blocs in reference.FICHIERS for model in (racine, *blocs)]


def texte() -> str:
    return REFERENCE.read_text(encoding="utf-8")


def test_reference_a_jour() -> None:
    assert texte() == reference.render(), (
        "docs/champs.md ne correspond plus aux modèles : lancez `guide schema` et committez "
        "le résultat")


def test_guide_schema_ecrit_la_reference(tmp_path: Path) -> None:
    cible = tmp_path / "docs" / "champs.md"
    assert cli.main(["schema", str(tmp_path / "schemas"), "--reference", str(cible)]) == 0
    assert cible.read_text(encoding="utf-8") == texte()


@pytest.mark.parametrize("modele", [models.LieuPublic, models.PartenairePublic, models.Service,
                                    models.Permanence, models.Fermeture, models.InfosPro],
                         ids=lambda m: m.__name__)
def test_les_fichiers_et_blocs_demandes_sont_couverts(modele: type) -> None:
    assert modele in MODELES


@pytest.mark.parametrize("modele", MODELES, ids=lambda m: m.__name__)
def test_chaque_champ_a_sa_ligne_avec_sa_description(modele: type[models.Modele]) -> None:
    for nom in modele.model_fields:
        if nom in models.CLES_AUTOMATIQUES and modele in (models.LieuPublic,
                                                           models.PartenairePublic):
            assert f"| `{nom}` |" not in section(modele)
            continue
        [ligne] = [ligne for ligne in section(modele).splitlines()
                   if ligne.startswith(f"| `{nom}` |")]
        assert champs.description(modele, nom) in ligne
        assert champs.titre(modele, nom) in ligne


def section(modele: type) -> str:
    """The table of one file or block: from its heading to the next one."""
    titre = champs.MODELES[modele.__name__][0]
    entetes = {"Lieu d'accueil", "Fiche partenaire", "Annuaire professionnel"}
    debut = next(m.end() for m in re.finditer(r"^#{2,3} (.+)$", texte(), re.MULTILINE)
                 if m.group(1) == titre or (m.group(1) in entetes and any(
                     f[2] is modele and f[0] == m.group(1) for f in reference.FICHIERS)))
    fin = re.compile(r"^#{2,3} ", re.MULTILINE).search(texte(), debut)
    return texte()[debut:fin.start() if fin else None]


def test_chaque_valeur_de_chaque_liste_avec_son_libelle() -> None:
    listes = texte().split('<a id="listes-de-valeurs"></a>', 1)[1]
    manquantes = [f"{nom}:{valeur}" for nom, liste in ENUMERATIONS.items()
                  for valeur, libelle in liste.libelles.items()
                  if f"| `{valeur}` | {libelle.replace('|', chr(92) + '|')} |" not in listes]
    assert manquantes == []


def test_chaque_lien_interne_mene_a_une_ancre() -> None:
    ancres = set(re.findall(r'<a id="([^"]+)"></a>', texte()))
    liens = set(re.findall(r"\]\(#([^)]+)\)", texte()))
    assert liens and liens <= ancres


def test_contributing_renvoie_a_la_reference() -> None:
    contributing = (RACINE / "CONTRIBUTING.md").read_text(encoding="utf-8")
    ancres = set(re.findall(r'<a id="([^"]+)"></a>', texte()))
    liens = re.findall(r"\]\(docs/champs\.md(?:#([^)]+))?\)", contributing)
    assert liens
    assert {a for a in liens if a} <= ancres
