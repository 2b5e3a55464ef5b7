"""The plugin's options are checked when mkdocs.yml is read, with French messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from guide_solidarites.config import GuideConfig


def _erreurs(tmp_path: Path, **options: object) -> dict[str, str]:
    (tmp_path / "annuaire").mkdir(exist_ok=True)
    config = GuideConfig(config_file_path=str(tmp_path / "mkdocs.yml"))
    config.load_dict(options)
    erreurs, _ = config.validate()
    return {nom: str(erreur) for nom, erreur in erreurs}


def test_le_modele_de_lien_par_defaut_est_accepte(tmp_path: Path) -> None:
    assert _erreurs(tmp_path) == {}


@pytest.mark.parametrize("modele", ["{depot_url}/-/edit/main/{chemin}",
                                    "https://forge.exemple.fr/edit/{chemin}"])
def test_un_modele_de_lien_qui_nomme_ses_champs_est_accepte(tmp_path: Path,
                                                           modele: str) -> None:
    assert _erreurs(tmp_path, lien_modification=modele) == {}


def test_une_faute_dans_un_champ_du_lien_est_refusee_en_francais(tmp_path: Path) -> None:
    erreur = _erreurs(tmp_path, lien_modification="{depot_url}/edit/main/{chemn}")
    assert erreur == {"lien_modification": "« {chemn} » n'est pas un champ connu dans "
                      "« {depot_url}/edit/main/{chemn} » ; champs possibles : {depot_url}, "
                      "{chemin}"}


def test_un_lien_sans_le_chemin_de_la_fiche_est_refuse(tmp_path: Path) -> None:
    erreur = _erreurs(tmp_path, lien_modification="{depot_url}/edit/main/")
    assert "doit contenir {chemin}" in erreur["lien_modification"]


def test_une_accolade_mal_fermee_est_refusee(tmp_path: Path) -> None:
    erreur = _erreurs(tmp_path, lien_modification="{depot_url/edit/{chemin}")
    assert erreur["lien_modification"].startswith("accolade mal fermée")
