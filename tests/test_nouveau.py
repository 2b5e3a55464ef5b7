"""`guide nouveau`: another département's repository, written from the national files, that
validates and builds both directories with no error."""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from guide_solidarites import __version__
from guide_solidarites.cli import main
from guide_solidarites.config import GuideConfig
from guide_solidarites.livre import chemin_livre
from guide_solidarites.nouveau import FORGE, aide_options, departements
from guide_solidarites.schema import SCHEMAS

DEPOT = Path(__file__).parents[1]
DONNEES = DEPOT.parent / "shared" / "data"
FRANCE_SERVICES = DONNEES / "france-services-2022-12-01.csv"
DI_STRUCTURES = DONNEES / "data-inclusion-structures-2023-02.json"
DI_SERVICES = DONNEES / "data-inclusion-services-2023-02.json"
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
# The Territoire de Belfort: a small département (101 communes, a dozen partners in the
# national files), so that both builds stay quick.
DEPARTEMENT = "90"


def nouveau(*arguments: str) -> tuple[int, str]:
    erreurs = io.StringIO()
    with contextlib.redirect_stderr(erreurs):
        code = main(["nouveau", *arguments])
    return code, erreurs.getvalue()


@pytest.fixture(scope="module")
def depot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sortie = tmp_path_factory.mktemp("departements") / "guide-belfort"
    code, sortie_texte = nouveau(
        "--departement", DEPARTEMENT, "--sortie", str(sortie),
        "--france-services", str(FRANCE_SERVICES),
        "--data-inclusion", str(DI_STRUCTURES), str(DI_SERVICES),
        "--contact", "guide-solidarites@territoire-de-belfort.fr")
    assert code == 0, sortie_texte
    return sortie


def lancer(depot: Path, *commande: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / commande[0]), *commande[1:]], cwd=depot,
                          capture_output=True, text=True, timeout=600, env=ENV)


def test_le_depot_a_tout_ce_qu_un_departement_tient(depot: Path) -> None:
    fichiers = {p.relative_to(depot).as_posix() for p in depot.rglob("*") if p.is_file()}
    hors_annuaire = {f for f in fichiers if not f.startswith("annuaire/")
                     and not re.fullmatch(r"annuaire-pro/[^/]+/[^/]+\.yml", f)}
    assert hors_annuaire == {
        ".github/CODEOWNERS", ".github/PULL_REQUEST_TEMPLATE.md",
        ".github/workflows/campagne.yml", ".github/workflows/verification.yml",
        ".gitignore", ".gitlab-ci.yml", ".gitlab/merge_request_templates/Default.md",
        "CONTRIBUTING.md", "Makefile", "README.md",
        "annuaire-pro/README.md", "mkdocs.pro.yml", "mkdocs.yml",
        "rapports/import-data-inclusion.csv", "rapports/import-data-inclusion.txt",
        "rapports/import-france-services.csv", "rapports/import-france-services.txt",
        "requirements.lock", *(f"schemas/{nom}" for nom in SCHEMAS),
        *(f"ressources/{p.name}" for p in chemin_livre("ressources").glob("*.md")),
    }
    partenaires = {f.split("/")[1] for f in fichiers if f.startswith("annuaire/")}
    assert "france-services-90" in partenaires and len(partenaires) > 5
    assert not list(depot.parent.glob(".*.nouveau"))


def test_guide_valider_ne_trouve_aucune_erreur(depot: Path) -> None:
    resultat = lancer(depot, "guide", "valider")
    assert resultat.returncode == 0, resultat.stderr
    assert re.search(r"\d+ partenaires, \d+ lieux d'accueil : 0 erreur", resultat.stderr)


def test_l_annuaire_professionnel_vide_est_valide_avec_le_public(depot: Path) -> None:
    resultat = lancer(depot, "guide", "valider", "--pro", "annuaire-pro")
    assert resultat.returncode == 0, resultat.stderr
    # The import's unreadable values, if any, are its only professional files.
    assert re.search(r"\d+ fiches? professionnelles? : 0 erreur", resultat.stderr)
    assert "Format antérieur" not in resultat.stderr
    assert "/annuaire-pro/" in (depot / ".gitignore").read_text("utf-8").splitlines()


def test_le_guide_public_se_construit_sans_erreur(depot: Path) -> None:
    resultat = lancer(depot, "mkdocs", "build", "--strict")
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    site = depot / "site"
    accueil = (site / "index.html").read_text(encoding="utf-8")
    assert "Guide des solidarités du Territoire de Belfort" in accueil
    # Every commune of the département has its page (departement: "90").
    assert (site / "communes" / "90010" / "index.html").is_file()  # Belfort
    assert len(list((site / "communes").glob("90*/index.html"))) > 90
    assert (site / "donnees" / "lieux.geojson").is_file()
    urgences = (site / "urgences" / "index.html").read_text(encoding="utf-8")
    assert "Territoire de Belfort" in urgences and "à compléter" in urgences
    assert not (site / "couverture").exists()


def test_l_annuaire_professionnel_se_construit_sans_erreur(depot: Path) -> None:
    resultat = lancer(depot, "mkdocs", "build", "--strict", "-f", "mkdocs.pro.yml")
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    site = depot / "site-pro"
    assert (site / "couverture" / "index.html").is_file()
    assert (site / "qualite" / "index.html").is_file()


def test_codeowners_est_a_jour(depot: Path) -> None:
    resultat = lancer(depot, "guide", "codeowners", "--verifier")
    assert resultat.returncode == 0, resultat.stderr
    assert "@departement-territoire-de-belfort/coordination-premier-accueil" in (
        depot / ".github" / "CODEOWNERS").read_text("utf-8")


# --- What is shared with this repository comes from the same source ----------------------------


def test_les_workflows_sont_ceux_que_ce_depot_fait_tourner(depot: Path) -> None:
    for chemin in FORGE:
        assert (depot / chemin).read_bytes() == (DEPOT / chemin).read_bytes(), chemin


def test_chaque_fichier_de_forge_de_ce_depot_est_livre() -> None:
    # A new workflow or template here reaches the départements' repositories too; CODEOWNERS
    # is not copied: it is generated from each département's partners.
    ici = {p.relative_to(DEPOT).as_posix() for dossier in (".github", ".gitlab")
           for p in (DEPOT / dossier).rglob("*") if p.is_file()} | {".gitlab-ci.yml"}
    # moteurs.yml checks this package against properdocs: the package's own concern.
    assert ici - {".github/CODEOWNERS", ".github/workflows/moteurs.yml"} == set(FORGE)


def _cibles(makefile: str) -> dict[str, str]:
    """Each target of a Makefile and its recipe."""
    cibles: dict[str, str] = {}
    for m in re.finditer(r"^([a-z][a-z-]*):[^=\n]*\n((?:\t.*\n)*)", makefile, flags=re.M):
        cibles[m.group(1)] = m.group(2)
    return cibles


def test_le_makefile_a_chaque_cible_que_les_workflows_appellent(depot: Path) -> None:
    cibles = _cibles((depot / "Makefile").read_text("utf-8"))
    appelees = set()
    for chemin in FORGE:
        appelees |= set(re.findall(r"\bmake ([a-z][a-z-]*)", (depot / chemin).read_text("utf-8")))
    assert appelees >= {"valider", "apercu", "resume", "codeowners", "campagne", "site"}
    assert appelees <= set(cibles)
    # Their recipes are this repository's own, which its tests run.
    les_notres = _cibles((DEPOT / "Makefile").read_text("utf-8"))
    for cible in appelees | {"site-pro", "serve"}:
        assert cibles[cible] == les_notres[cible], cible
    resultat = subprocess.run(["make", "-n", "valider", "site-pro", "migrer"], cwd=depot,
                              capture_output=True, text=True, timeout=60)
    assert resultat.returncode == 0, resultat.stderr


def test_requirements_lock_fige_le_paquet_et_chaque_dependance(depot: Path) -> None:
    lignes = [ligne for ligne in (depot / "requirements.lock").read_text("utf-8").splitlines()
              if ligne and not ligne.startswith("#")]
    assert lignes[0] == f"guide-solidarites=={__version__}"
    assert all(re.fullmatch(r"[A-Za-z0-9_.-]+==\S+", ligne) for ligne in lignes)
    noms = {ligne.split("==")[0].lower().replace("_", "-") for ligne in lignes}
    assert {"mkdocs", "mkdocs-material", "pydantic", "pagefind-bin", "pyyaml"} <= noms
    # Test tools are not a département's dependencies.
    assert not noms & {"pytest", "ruff", "mypy", "playwright"}


# --- Configuration ---------------------------------------------------------------------------


def _options(depot: Path, fichier: str) -> dict[str, object]:
    config = yaml.safe_load((depot / fichier).read_text("utf-8"))
    ((nom, options),) = config["plugins"][0].items()
    assert nom == "guide-solidarites"
    assert isinstance(options, dict)
    return options


def test_la_configuration_nomme_le_departement_et_documente_chaque_option(depot: Path) -> None:
    texte = (depot / "mkdocs.yml").read_text("utf-8")
    config = yaml.safe_load(texte)
    assert config["site_name"] == "Guide des solidarités du Territoire de Belfort"
    assert "custom_dir" not in config["theme"] and "extra_css" not in config
    communes = {
        "annuaire": "annuaire", "departement": "90", "horizon_semaines": 6,
        "source_donnees": "guide-solidarites-90",
        "contact_signalement": "guide-solidarites@territoire-de-belfort.fr",
        "tuiles": dict(GuideConfig._schema)["tuiles"].default,
        "attribution": dict(GuideConfig._schema)["attribution"].default,
        "depot_url": "https://github.com/departement-territoire-de-belfort/guide-solidarites"}
    assert _options(depot, "mkdocs.yml") == {**communes, "variant": "public"}
    for nom, _ in GuideConfig._schema:
        # Set, or shown commented out, under its French comment.
        assert re.search(rf"^      (# )?{nom}:", texte, flags=re.M), nom
    pro = yaml.safe_load((depot / "mkdocs.pro.yml").read_text("utf-8"))
    assert pro["INHERIT"] == "mkdocs.yml" and pro["site_url"].endswith("/pro/")
    # Lists are replaced whole by INHERIT: the pro file repeats every option, plus its tree.
    assert _options(depot, "mkdocs.pro.yml") == {**communes, "variant": "pro",
                                                 "annuaire_pro": "annuaire-pro"}


def test_chaque_option_du_plugin_a_son_aide_en_francais() -> None:
    assert list(aide_options()) == [nom for nom, _ in GuideConfig._schema]


def test_un_nom_hostile_reste_une_valeur_yaml(tmp_path: Path) -> None:
    nom = 'Guide "test": # pas un commentaire\u2028'
    code, texte = nouveau("--departement", DEPARTEMENT, "--sortie", str(tmp_path / "g"),
                          "--nom", nom)
    assert code == 2 and "nouveau-nom" in texte
    nom = 'Guide "des solidarités" : # Belfort & {{ x }}'
    code, texte = nouveau("--departement", DEPARTEMENT, "--sortie", str(tmp_path / "g"),
                          "--nom", nom)
    assert code == 0, texte
    for fichier in ("mkdocs.yml", "mkdocs.pro.yml"):
        config = yaml.safe_load((tmp_path / "g" / fichier).read_text("utf-8"))
        assert config["site_name"].startswith(nom)


# --- Pages, README ---------------------------------------------------------------------------


def test_les_pages_nomment_le_departement_et_gardent_les_numeros_nationaux(depot: Path) -> None:
    for page in chemin_livre("ressources").glob("*.md"):
        ecrite = (depot / "ressources" / page.name).read_text("utf-8")
        reference = page.read_text("utf-8")
        assert set(re.findall(r"\((?:tel|sms):\d+\)", reference)) <= set(
            re.findall(r"\((?:tel|sms):\d+\)", ecrite)), page.name
        assert "Conseil départemental du Territoire de Belfort" in ecrite or \
            "Conseil départemental" not in reference, page.name
    urgences = (depot / "ressources" / "urgences.md").read_text("utf-8")
    assert "## Numéros du Territoire de Belfort" in urgences
    assert urgences.count("**à compléter**") >= 3
    assert "(<guide-solidarites@territoire-de-belfort.fr>)" in (
        depot / "ressources" / "a-propos.md").read_text("utf-8")


def test_rien_ne_parle_de_la_sarthe(depot: Path) -> None:
    # The partners' guide (CONTRIBUTING.md) and the editors' schemas carry the package's
    # examples, taken from the sample guide; everything written for the département does not.
    for fichier in depot.rglob("*"):
        haut = fichier.relative_to(depot).parts[0]
        if fichier.is_file() and fichier.name != "CONTRIBUTING.md" \
                and haut not in ("schemas", "site", "site-pro", ".cache"):
            assert "sarthe" not in fichier.read_text("utf-8").lower(), fichier


def test_le_readme_donne_les_deux_commandes_et_ce_qui_reste_a_faire(depot: Path) -> None:
    readme = (depot / "README.md").read_text("utf-8")
    assert readme.startswith("# Guide des solidarités du Territoire de Belfort\n")
    assert "make serve " in readme and "make valider " in readme
    assert "## À compléter avant la première publication" in readme
    assert "`site_url`" in readme and "`ressources/urgences.md`" in readme
    assert "rapports/import-france-services.txt" in readme
    assert "guide migrer" in readme


def test_le_rapport_d_import_est_garde(depot: Path) -> None:
    texte = (depot / "rapports" / "import-france-services.txt").read_text("utf-8")
    assert "france-services-2022-12-01.csv" in texte and "hors du département" in texte
    assert str(depot) not in texte


# --- Refusals --------------------------------------------------------------------------------


def test_un_dossier_non_vide_est_refuse_et_laisse_tel_quel(tmp_path: Path) -> None:
    (tmp_path / "guide").mkdir()
    (tmp_path / "guide" / "notes.txt").write_text("à garder", encoding="utf-8")
    code, texte = nouveau("--departement", DEPARTEMENT, "--sortie", str(tmp_path / "guide"))
    assert code == 2
    assert "nouveau-dossier-non-vide" in texte and "Rien n'a été écrit." in texte
    assert [p.name for p in (tmp_path / "guide").iterdir()] == ["notes.txt"]


def test_tous_les_problemes_sont_dits_d_un_coup(tmp_path: Path) -> None:
    code, texte = nouveau("--departement", "99", "--sortie", str(tmp_path / "g"),
                          "--france-services", str(tmp_path / "absent.csv"),
                          "--contact", "pas une adresse", "--url-site", "http://x.fr")
    assert code == 2
    for attendu in ("nouveau-departement", "nouveau-fichier-national", "nouveau-contact",
                    "nouveau-url"):
        assert attendu in texte
    assert not (tmp_path / "g").exists()


def test_un_import_qui_echoue_ne_laisse_rien(tmp_path: Path) -> None:
    casse = tmp_path / "france-services.csv"
    casse.write_text("ceci n'est pas la liste des France Services\n", encoding="utf-8")
    code, texte = nouveau("--departement", DEPARTEMENT, "--sortie", str(tmp_path / "g"),
                          "--france-services", str(casse))
    assert code == 2, texte
    assert "nouveau-import" in texte
    assert sorted(p.name for p in tmp_path.iterdir()) == ["france-services.csv"]


def test_la_table_des_departements_accorde_les_noms() -> None:
    d = departements()
    assert len(d) == 101
    assert [d[c].de for c in ("38", "72", "59", "40", "75", "90")] == [
        "de l'Isère", "de la Sarthe", "du Nord", "des Landes", "de Paris",
        "du Territoire de Belfort"]
    assert d["2A"].en == "en Corse-du-Sud"
