"""The plugin as a package: the wheel carries everything a département's site needs, and a
fresh environment outside this repository builds a site with it alone."""

from __future__ import annotations

import datetime as dt
import email
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml
from guide_solidarites import __version__
from guide_solidarites.config import GuideConfig
from guide_solidarites.livre import LIVRES, chemin_livre, dossier_theme
from guide_solidarites.theme import (
    FEUILLES,
    FEUILLES_PRO,
    SCRIPTS,
    SCRIPTS_DES_FICHES,
    enregistrer_theme,
    palette_inutile,
)
from mkdocs.config.defaults import MkDocsConfig

DEPOT = Path(__file__).parents[1]
FIXTURE = DEPOT / "tests" / "fixtures" / "site"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PIP_NO_INDEX": "1",
       "PIP_DISABLE_PIP_VERSION_CHECK": "1"}


def _sources(destination: Path) -> Path:
    """The repository's files as git sees them (tracked, or new and not ignored): what a
    clone or a source archive holds, without the build folders of a working copy."""
    fichiers = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                               "--exclude-standard"], cwd=DEPOT, capture_output=True,
                              check=True, timeout=60).stdout.decode().split("\0")
    for nom in filter(None, fichiers):
        source = DEPOT / nom
        if source.is_file():
            cible = destination / nom
            cible.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, cible)
    return destination


@pytest.fixture(scope="module")
def roue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built offline with the pinned setuptools as `python -m build` does: a
    source archive first (MANIFEST.in), then the wheel from that archive alone."""
    racine = tmp_path_factory.mktemp("roue")
    sources = _sources(racine / "sources")
    archive = subprocess.run(
        [sys.executable, "-c", "import sys, setuptools.build_meta as b; "
         "print(b.build_sdist(sys.argv[1]))", str(racine / "sdist")],
        cwd=sources, capture_output=True, text=True, timeout=300, env=ENV)
    assert archive.returncode == 0, archive.stdout + archive.stderr
    with tarfile.open(racine / "sdist" / archive.stdout.split()[-1]) as tar:
        tar.extractall(racine / "depuis-archive", filter="data")
    (depuis_archive,) = (racine / "depuis-archive").iterdir()
    resultat = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--no-index", "--quiet", "--wheel-dir", str(racine / "dist"), str(depuis_archive)],
        capture_output=True, text=True, timeout=300, env=ENV)
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    (roue,) = (racine / "dist").glob("*.whl")
    return roue


def _noms(roue: Path) -> set[str]:
    with zipfile.ZipFile(roue) as z:
        return set(z.namelist())


def test_la_roue_porte_la_version_et_les_dependances_figees(roue: Path) -> None:
    assert roue.name == f"guide_solidarites-{__version__}-py3-none-any.whl"
    with zipfile.ZipFile(roue) as z:
        (meta,) = [n for n in z.namelist() if n.endswith(".dist-info/METADATA")]
        metadonnees = email.message_from_bytes(z.read(meta))
    assert metadonnees["Version"] == __version__
    projet = tomllib.loads((DEPOT / "pyproject.toml").read_text("utf-8"))["project"]
    requis = [r for r in metadonnees.get_all("Requires-Dist") or [] if "extra ==" not in r]
    assert requis == projet["dependencies"]
    assert all(re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[0-9][^ ]*", r) for r in requis)


def test_la_roue_contient_gabarits_theme_bibliotheques_donnees_et_forge(roue: Path) -> None:
    noms = _noms(roue)
    paquet = "guide_solidarites/"
    attendus = [
        "templates/lieu.html", "templates/pro/fiche_de_liaison.html",
        "data/communes-france.csv", "data/departements.csv",
        "data/data-inclusion/thematiques.json", "modele_depot/mkdocs.yml.j2",
        "modele_depot/options.yml",
        "livre/overrides/main.html", "livre/overrides/assets/stylesheets/guide.css",
        "livre/overrides/assets/vendor/leaflet/leaflet.js",
        "livre/overrides/assets/vendor/leaflet/LICENSE",
        "livre/.github/workflows/verification.yml", "livre/.gitlab-ci.yml",
        "livre/ressources/urgences.md", "livre/CHANGELOG.md",
    ]
    manquants = [a for a in attendus if paquet + a not in noms]
    assert not manquants
    # Every shipped file of the repository, and nothing of the Sarthe's annuaire.
    for chemin in LIVRES:
        source = DEPOT / chemin
        fichiers = [p for p in source.rglob("*") if p.is_file()] if source.is_dir() else [source]
        for fichier in fichiers:
            if "__pycache__" in fichier.parts:
                continue
            assert f"{paquet}livre/{fichier.relative_to(DEPOT).as_posix()}" in noms, fichier
    assert not [n for n in noms if n.startswith("annuaire/") or "/annuaire/" in n]


def _environnement_neuf(racine: Path, roue: Path) -> Path:
    """A new virtual environment holding the wheel; its dependencies are the ones this
    environment installed from requirements.lock, linked one by one, without this
    repository's own package (its editable install)."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(racine / "venv")],
                   check=True, timeout=120)
    python = racine / "venv" / "bin" / "python"
    dependances = racine / "dependances"
    dependances.mkdir()
    for entree in Path(sysconfig.get_paths()["purelib"]).iterdir():
        nom = entree.name.lower()
        if nom.startswith(("guide_solidarites", "__editable__", "__pycache__")) \
                or nom.endswith(".pth"):
            continue
        (dependances / entree.name).symlink_to(entree)
    site = subprocess.run([str(python), "-c", "import sysconfig; "
                           "print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True, timeout=60).stdout.strip()
    (Path(site) / "dependances.pth").write_text(f"{dependances}\n", encoding="utf-8")
    resultat = subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--quiet",
                               str(roue)], capture_output=True, text=True, timeout=300, env=ENV)
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    return python


def test_la_roue_installee_hors_du_depot_construit_un_site(roue: Path, tmp_path: Path) -> None:
    assert not tmp_path.resolve().is_relative_to(DEPOT.resolve())
    python = _environnement_neuf(tmp_path, roue)
    # The package comes from the new environment, not from this working copy.
    ou = subprocess.run([str(python), "-c", "import guide_solidarites as g; print(g.__file__)"],
                        capture_output=True, text=True, check=True, timeout=60,
                        cwd=tmp_path).stdout.strip()
    assert Path(ou).is_relative_to(tmp_path / "venv")
    # The wheel's requirements hold with the locked versions.
    verif = subprocess.run([str(python), "-m", "pip", "check"], capture_output=True, text=True,
                           timeout=120, env=ENV)
    assert verif.returncode == 0, verif.stdout + verif.stderr

    # A site that names neither a custom_dir nor a stylesheet: the plugin brings its theme.
    site = tmp_path / "guide"
    shutil.copytree(FIXTURE / "annuaire", site / "annuaire")
    (site / "pages").mkdir()
    (site / "pages" / "urgences.md").write_text("# Numéros d'urgence\n", encoding="utf-8")
    (site / "mkdocs.yml").write_text(yaml.safe_dump({
        "site_name": "Guide de démonstration", "site_url": "https://guide.exemple.fr/",
        "docs_dir": "pages", "theme": {"name": "material", "language": "fr", "font": False},
        "plugins": [{"guide-solidarites": {"aujourdhui": dt.date(2026, 11, 23),
                                           "horizon_semaines": 2}}],
    }, allow_unicode=True), encoding="utf-8")
    valider = subprocess.run([str(tmp_path / "venv" / "bin" / "guide"), "valider"], cwd=site,
                             capture_output=True, text=True, timeout=300, env=ENV)
    assert valider.returncode == 0, valider.stderr
    assert "0 erreur" in valider.stderr
    build = subprocess.run([str(python), "-m", "mkdocs", "build", "--strict"], cwd=site,
                           capture_output=True, text=True, timeout=600, env=ENV)
    assert build.returncode == 0, build.stdout + build.stderr
    sortie = site / "site"
    accueil = (sortie / "index.html").read_text(encoding="utf-8")
    assert "assets/stylesheets/guide.css" in accueil
    assert "assets/javascripts/horaires.js" in accueil
    for fichier in ["assets/stylesheets/guide.css", "assets/javascripts/guide.js",
                    "assets/vendor/leaflet/leaflet.js", "donnees/lieux.geojson",
                    "pagefind/pagefind.js", "urgences/index.html"]:
        assert (sortie / fichier).is_file(), fichier
    assert list((sortie / "lieux").glob("*/index.html"))


# --- The theme the plugin registers ----------------------------------------------------------


def _config(tmp_path: Path, **theme: object) -> MkDocsConfig:
    (tmp_path / "docs").mkdir(exist_ok=True)
    config = MkDocsConfig(config_file_path=str(tmp_path / "mkdocs.yml"))
    config.load_dict({"site_name": "x", "docs_dir": str(tmp_path / "docs"),
                      "theme": {"name": "material", **theme},
                      "extra_javascript": [SCRIPTS[0]]})
    erreurs, _ = config.validate()
    assert not erreurs
    return config


def test_le_theme_du_paquet_passe_avant_material(tmp_path: Path) -> None:
    config = _config(tmp_path)
    material = config.theme.dirs[0]
    enregistrer_theme(config, pro=False)
    assert config.theme.dirs[:2] == [str(dossier_theme().resolve()), material]
    assert config.extra_css == list(FEUILLES)
    assert [str(s) for s in config.extra_javascript] == list(SCRIPTS)


def test_un_script_manquant_passe_avant_ceux_qui_l_appellent(tmp_path: Path) -> None:
    # An older mkdocs.yml lists guide.js but not traductions.js, which guide.js calls when
    # it runs: the plugin adds it before guide.js, not after the département's own scripts.
    (tmp_path / "docs").mkdir()
    config = MkDocsConfig(config_file_path=str(tmp_path / "mkdocs.yml"))
    ancien = [s for s in SCRIPTS if not s.endswith("traductions.js")] + ["assets/moi.js"]
    config.load_dict({"site_name": "x", "docs_dir": str(tmp_path / "docs"),
                      "theme": {"name": "material"}, "extra_javascript": ancien})
    erreurs, _ = config.validate()
    assert not erreurs
    enregistrer_theme(config, pro=False)
    assert [str(s) for s in config.extra_javascript] == [*SCRIPTS, "assets/moi.js"]


def test_le_custom_dir_du_departement_garde_la_main(tmp_path: Path) -> None:
    (tmp_path / "mes-gabarits").mkdir()
    config = _config(tmp_path, custom_dir=str(tmp_path / "mes-gabarits"))
    enregistrer_theme(config, pro=True)
    assert config.theme.dirs[:2] == [str(tmp_path / "mes-gabarits"),
                                     str(dossier_theme().resolve())]
    assert config.extra_css == [*FEUILLES, *FEUILLES_PRO]


def test_un_theme_deja_nomme_n_est_pas_ajoute_deux_fois(tmp_path: Path) -> None:
    config = _config(tmp_path, custom_dir=str(DEPOT / "overrides"))
    enregistrer_theme(config, pro=False)
    enregistrer_theme(config, pro=False)
    assert sum(Path(d).resolve() == dossier_theme().resolve() for d in config.theme.dirs) == 1
    assert len(config.extra_javascript) == len(SCRIPTS)


def test_les_feuilles_et_scripts_du_paquet_sont_ceux_du_guide_de_la_sarthe() -> None:
    # The sample still lists them (it predates the registration): both must agree, and
    # each must exist in the overrides.
    public = yaml.safe_load((DEPOT / "mkdocs.yml").read_text("utf-8"))
    pro = yaml.safe_load((DEPOT / "mkdocs.pro.yml").read_text("utf-8"))
    assert public["extra_css"] == list(FEUILLES)
    assert public["extra_javascript"] == list(SCRIPTS)
    assert pro["extra_css"] == [*FEUILLES, *FEUILLES_PRO]
    for chemin in [*FEUILLES, *FEUILLES_PRO, *SCRIPTS]:
        assert (dossier_theme() / chemin).is_file(), chemin


def test_les_fiches_trouvent_le_bundle_et_la_feuille_de_material(tmp_path: Path) -> None:
    config = _config(tmp_path)
    material = Path(config.theme.dirs[0])
    enregistrer_theme(config, pro=False)
    leger = config.theme["guide_leger"]
    # Names read from Material's own base.html: the files it ships under them.
    assert (material / leger["bundle"]).is_file()
    assert (material / leger["main_css"]).is_file()
    assert leger["sans"] == sorted(set(SCRIPTS) - set(SCRIPTS_DES_FICHES))
    assert "pointerdown" in leger["evenements"].split()


def test_un_theme_sans_base_material_garde_le_cadre_complet(tmp_path: Path) -> None:
    config = _config(tmp_path)
    config.theme.dirs[:] = [str(tmp_path / "docs")]  # no base.html anywhere
    enregistrer_theme(config, pro=False)
    assert config.theme["guide_leger"] is None


@pytest.mark.parametrize(("palette", "inutile"), [
    ({"scheme": "default", "primary": "custom", "accent": "custom"}, True),
    ({"primary": "custom", "accent": "custom"}, True),
    ({"scheme": "default", "primary": "indigo", "accent": "custom"}, False),
    ({"scheme": "slate", "primary": "custom", "accent": "custom"}, False),
    ([{"scheme": "default"}, {"scheme": "slate"}], False),
])
def test_la_feuille_des_palettes_ne_sert_qu_aux_couleurs_nommees_et_au_sombre(
        palette: object, inutile: bool) -> None:
    assert palette_inutile(palette) is inutile


def test_une_copie_de_travail_lit_les_fichiers_livres_a_leur_place() -> None:
    assert chemin_livre("overrides") == DEPOT / "overrides"
    assert chemin_livre(".gitlab-ci.yml") == DEPOT / ".gitlab-ci.yml"
    with pytest.raises(KeyError):
        chemin_livre("annuaire")


# --- Versions and what a département relies on ------------------------------------------------


def _changelog() -> str:
    return (DEPOT / "CHANGELOG.md").read_text("utf-8")


def test_le_changelog_commence_par_la_version_du_paquet() -> None:
    versions = re.findall(r"^## \[?(\d+\.\d+\.\d+)\]?", _changelog(), flags=re.M)
    assert versions and versions[0] == __version__
    assert versions == sorted(versions, key=lambda v: tuple(map(int, v.split("."))),
                              reverse=True)


def test_chaque_version_parle_aux_partenaires_aux_professionnels_et_a_la_coordination() -> None:
    sections = re.split(r"^## ", _changelog(), flags=re.M)[1:]
    for section in sections:
        if not re.match(r"\[?\d", section):
            continue
        for public in ("Pour les partenaires", "Pour les professionnels",
                       "Pour la coordination"):
            assert f"### {public}" in section, (section.splitlines()[0], public)


def test_le_contrat_nomme_chaque_option_du_plugin() -> None:
    contrat = _changelog().split("## Ce que la version numérote", 1)[1].split("\n## ", 1)[0]
    manquantes = [nom for nom, _ in GuideConfig._schema if f"`{nom}`" not in contrat]
    assert not manquantes
