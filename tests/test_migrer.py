"""Upgrading a département's repository: `guide valider` names the change of format and
the command, `guide migrer` converts the files of a repository made with version 0.1.0
(the records' `pro:` blocks, before the professional split), and both builds pass after."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from guide_solidarites.migrer import ajouter_option

DEPOT = Path(__file__).parents[1]
FIXTURE = DEPOT / "tests" / "fixtures" / "depot-0.1.0"
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
REFERENT = "Sentinelle Référente"


def lancer(depot: Path, *commande: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / commande[0]), *commande[1:]], cwd=depot,
                          capture_output=True, text=True, timeout=600, env=ENV)


@pytest.fixture
def ancien(tmp_path: Path) -> Path:
    depot = tmp_path / "guide"
    shutil.copytree(FIXTURE, depot)
    return depot


def _contenu(depot: Path) -> dict[str, bytes]:
    return {p.relative_to(depot).as_posix(): p.read_bytes()
            for p in sorted(depot.rglob("*")) if p.is_file()}


def test_la_fixture_est_bien_au_format_0_1_0() -> None:
    # The records are the build fixture's at the commit before the split: pro blocks inside.
    lieu = yaml.safe_load((FIXTURE / "annuaire/ccas-sable/ccas-sable-centre.yml").read_text())
    assert lieu["pro"]["referents"][0]["nom"] == REFERENT
    options = yaml.safe_load((FIXTURE / "mkdocs.pro.yml").read_text("utf-8"))["plugins"][0]
    assert "annuaire_pro" not in options["guide-solidarites"]


def test_valider_explique_le_changement_et_donne_la_commande(ancien: Path) -> None:
    resultat = lancer(ancien, "guide", "valider")
    assert resultat.returncode == 1
    assert "Format antérieur à la version 1.0.0 du paquet" in resultat.stderr
    assert "lancez « guide migrer »" in resultat.stderr
    assert "CHANGELOG.md du paquet, version 1.0.0" in resultat.stderr
    # Said once for the repository, not once per file.
    assert resultat.stderr.count("Format antérieur") == 1


def test_le_changelog_annonce_la_migration() -> None:
    changelog = (DEPOT / "CHANGELOG.md").read_text("utf-8")
    version = changelog.split("\n## 1.0.0\n", 1)[1].split("\n## ", 1)[0]
    assert "**Changement\n  incompatible**" in version or "**Changement incompatible**" in version
    assert "`guide migrer`" in version and "`annuaire_pro`" in version


def test_migrer_puis_valider_et_construire_les_deux_annuaires(ancien: Path) -> None:
    migration = lancer(ancien, "guide", "migrer")
    assert migration.returncode == 0, migration.stderr
    assert "2 blocs « pro: » déplacés vers annuaire-pro" in migration.stderr

    lieu = yaml.safe_load((ancien / "annuaire/ccas-sable/ccas-sable-centre.yml").read_text())
    assert "pro" not in lieu
    pro = yaml.safe_load((ancien / "annuaire-pro/ccas-sable/ccas-sable-centre.yml").read_text())
    assert pro["referents"][0]["nom"] == REFERENT
    options = yaml.safe_load((ancien / "mkdocs.pro.yml").read_text("utf-8"))["plugins"][0]
    assert options["guide-solidarites"]["annuaire_pro"] == "annuaire-pro"
    assert "/annuaire-pro/" in (ancien / ".gitignore").read_text("utf-8").splitlines()

    valider = lancer(ancien, "guide", "valider", "--pro", "annuaire-pro")
    assert valider.returncode == 0, valider.stderr
    assert "2 fiches professionnelles : 0 erreur" in valider.stderr
    assert "Format antérieur" not in valider.stderr

    public = lancer(ancien, "mkdocs", "build", "--strict")
    assert public.returncode == 0, public.stdout + public.stderr
    professionnel = lancer(ancien, "mkdocs", "build", "--strict", "-f", "mkdocs.pro.yml")
    assert professionnel.returncode == 0, professionnel.stdout + professionnel.stderr
    page = "lieux/ccas-sable-centre/index.html"
    assert REFERENT in (ancien / "site-pro" / page).read_text("utf-8")
    assert REFERENT not in (ancien / "site" / page).read_text("utf-8")


def test_une_deuxieme_migration_ne_change_rien(ancien: Path) -> None:
    assert lancer(ancien, "guide", "migrer").returncode == 0
    avant = _contenu(ancien)
    encore = lancer(ancien, "guide", "migrer")
    assert encore.returncode == 0
    assert "Rien à migrer" in encore.stderr
    assert _contenu(ancien) == avant


def test_une_fiche_impossible_a_couper_bloque_toute_la_migration(ancien: Path) -> None:
    # A pro block written on one line: not cut by text, so nothing at all is converted.
    partenaire = ancien / "annuaire/ccas-sable/partenaire.yml"
    texte = partenaire.read_text("utf-8")
    debut = texte.index("pro:\n")
    partenaire.write_text(texte[:debut] + "pro: {notes: SENTINELLE-PRO-PARTENAIRE}\n",
                          encoding="utf-8")
    avant = _contenu(ancien)
    resultat = lancer(ancien, "guide", "migrer")
    assert resultat.returncode == 1
    assert "separation-impossible" in resultat.stderr
    assert "Migration refusée : aucun fichier n'a été modifié." in resultat.stderr
    assert _contenu(ancien) == avant


def test_un_annuaire_pro_hors_du_depot_n_est_pas_ignore_par_git(ancien: Path) -> None:
    resultat = lancer(ancien, "guide", "migrer", "--vers", "../annuaire-pro")
    assert resultat.returncode == 0, resultat.stderr
    assert (ancien.parent / "annuaire-pro/ccas-sable/partenaire.yml").is_file()
    assert not (ancien / ".gitignore").exists()
    options = yaml.safe_load((ancien / "mkdocs.pro.yml").read_text("utf-8"))["plugins"][0]
    assert options["guide-solidarites"]["annuaire_pro"] == "../annuaire-pro"


def test_hors_d_un_depot_du_guide_migrer_le_dit(tmp_path: Path) -> None:
    resultat = lancer(tmp_path, "guide", "migrer")
    assert resultat.returncode == 1
    assert "migration-depot" in resultat.stderr and "mkdocs.yml" in resultat.stderr


def test_l_option_ajoutee_garde_chaque_autre_octet() -> None:
    texte = ("plugins:\r\n  - search\r\n  - guide-solidarites:   # le guide\r\n"
             "      # l'annuaire\r\n      annuaire: !ENV [A, annuaire]\r\n"
             "      variant: pro\r\nnav: []\r\n")
    resultat = ajouter_option(texte, "annuaire_pro", "annuaire-pro")
    assert resultat == texte.replace("# le guide\r\n", "# le guide\r\n"
                                     "      annuaire_pro: annuaire-pro\r\n")
    # Options written inline cannot be extended by text: left to a person.
    assert ajouter_option("plugins:\n  - guide-solidarites: {variant: pro}\n",
                          "annuaire_pro", "x") is None
