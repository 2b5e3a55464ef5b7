"""Files written to hurt: each is refused fast, with a French message at its place, and the
run goes on to report every other file.

The cases that used to crash the interpreter (segmentation fault in the C or the Rust
parser) or exhaust its memory run `guide valider` in a child process, with a timeout:
the test then fails instead of taking pytest down with it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import AUJOURDHUI, lieu_yaml, partenaire_yaml, write_annuaire
from guide_solidarites.catalogue import Variante, build_catalogue
from guide_solidarites.limits import (
    ALIAS_NOEUDS_MAX,
    LONGUEUR_TEXTE_MAX,
    PROFONDEUR_MAX,
    TAILLE_FICHIER_MAX,
)
from guide_solidarites.loader import (
    IDENTIFIANTS_RESERVES,
    _peu_profond,
    load_annuaire,
    read_yaml,
)
from guide_solidarites.pages import pages_du_guide, reglages
from guide_solidarites.problems import Problem
from guide_solidarites.validation import valider

CONTRIBUTING = Path(__file__).parents[1] / "CONTRIBUTING.md"


def bombe_d_alias(niveaux: int = 9) -> str:
    """A few hundred bytes that expand to 9**9 (387 million) values."""
    texte = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    precedent = "a"
    for nom in "bcdefghijkl"[:niveaux - 1]:
        texte += f"{nom}: &{nom} [{', '.join(['*' + precedent] * 9)}]\n"
        precedent = nom
    return texte


HOSTILES = {
    "crochets": "nom: " + "[" * 100_000 + "\n",
    "tirets": "- " * 100_000 + "x\n",
    "accolades": "nom: " + "{a: " * 50_000 + "\n",
    "blocs": "".join(" " * i + "a:\n" for i in range(600)) + " " * 600 + "a: 1\n",
    "alias": bombe_d_alias(),
    "fusion": "nom: Accueil\n<<: {type: ccas-cias}\n",
}
CODES = {
    "crochets": "yaml-trop-profond", "tirets": "yaml-trop-profond",
    "accolades": "yaml-trop-profond", "blocs": "yaml-trop-profond",
    "alias": "yaml-trop-d-alias", "fusion": "yaml-fusion",
}


def guide_valider(racine: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "guide_solidarites.cli", "valider", str(racine),
         "--date", "2026-11-22"],
        capture_output=True, text=True, timeout=timeout, check=False)


def lire(tmp_path: Path, texte: str, nom: str = "fiche.yml") -> tuple[object, list[Problem]]:
    path = tmp_path / nom
    path.write_text(texte, encoding="utf-8")
    return read_yaml(path)


def codes(problems: list[Problem]) -> list[str]:
    return [p.code for p in problems]


# --- Files that crashed or stalled the run ---------------------------------------------------


def test_chaque_fichier_hostile_est_signale_et_les_autres_aussi(tmp_path: Path) -> None:
    files = {"ccas-sable/partenaire.yml": partenaire_yaml(),
             # An ordinary mistake after the hostile files, in path order: still reported.
             "ccas-sable/zz-ordinaire.yml": lieu_yaml(code_postal="7230")}
    files.update({f"ccas-sable/{nom}.yml": texte for nom, texte in HOSTILES.items()})
    racine = write_annuaire(tmp_path, files)
    debut = time.monotonic()
    run = guide_valider(racine)
    duree = time.monotonic() - debut
    assert run.returncode == 1, run.stderr[-2000:]
    assert "Traceback" not in run.stderr
    for nom, code in CODES.items():
        assert re.search(rf"^annuaire/ccas-sable/{nom}\.yml:\d+:\d+: erreur {code} ",
                         run.stderr, re.MULTILINE), (nom, run.stderr[-3000:])
    assert "zz-ordinaire.yml:4:14: erreur code-postal-invalide" in run.stderr
    assert f"{len(CODES) + 1} erreurs" in run.stderr
    # Interpreter start-up and imports included.
    assert duree < 30


def test_cent_mille_crochets_pointent_le_niveau_de_trop(tmp_path: Path) -> None:
    _, problems = lire(tmp_path, HOSTILES["crochets"])
    [p] = problems
    # The file's block is the first level, the first bracket (column 6) the second.
    assert (p.code, p.ligne, p.colonne) == ("yaml-trop-profond", 1, 6 + PROFONDEUR_MAX - 1)
    assert f"plus de {PROFONDEUR_MAX} niveaux" in p.message


def test_blocs_imbriques_pointent_la_ligne_de_trop(tmp_path: Path) -> None:
    _, problems = lire(tmp_path, HOSTILES["blocs"])
    [p] = problems
    assert (p.code, p.ligne) == ("yaml-trop-profond", PROFONDEUR_MAX + 1)


@pytest.mark.parametrize("saut", ["\r", "\u2028", "\x85"])
def test_profondeur_mesuree_quel_que_soit_le_saut_de_ligne(tmp_path: Path, saut: str) -> None:
    # YAML 1.1 breaks lines at CR, NEL and U+2028 too: the scan must see those lines.
    _, problems = lire(tmp_path, saut.join(" " * i + "- " for i in range(200)) + "x\n")
    assert codes(problems) in (["yaml-trop-profond"], ["yaml-syntaxe"])


def test_imbrication_raisonnable_acceptee(tmp_path: Path) -> None:
    profond = PROFONDEUR_MAX - 1  # under the file's own block
    doc, problems = lire(tmp_path, "nom: " + "[" * profond + "]" * profond + "\n")
    assert problems == [] and doc is not None


def test_bombe_d_alias_arretee_vite(tmp_path: Path) -> None:
    debut = time.monotonic()
    _, problems = lire(tmp_path, bombe_d_alias())
    assert time.monotonic() - debut < 2
    [p] = problems
    assert p.code == "yaml-trop-d-alias" and p.ligne is not None
    assert f"plus de {ALIAS_NOEUDS_MAX:,} valeurs".replace(",", " ") in p.message


def test_alias_en_chaine_ne_depassent_pas_la_profondeur(tmp_path: Path) -> None:
    # Each alias nests the previous one: the text is shallow, its expansion is not.
    texte = "a0: &a0 [x]\n" + "".join(f"a{i}: &a{i} [*a{i - 1}]\n" for i in range(1, 120))
    _, problems = lire(tmp_path, texte)
    assert codes(problems) in (["yaml-trop-profond"], ["yaml-trop-d-alias"])


def test_quelques_alias_restent_permis(tmp_path: Path) -> None:
    doc, problems = lire(tmp_path, "horaires:\n  sans_rendez_vous: &h Mo-Fr 09:00-12:00\n"
                                   "  telephone: *h\n")
    assert problems == []
    assert doc.data == {"horaires": {"sans_rendez_vous": "Mo-Fr 09:00-12:00",  # type: ignore[attr-defined]
                                     "telephone": "Mo-Fr 09:00-12:00"}}


@pytest.mark.parametrize("texte", [
    "nom: Accueil\n<<: {type: ccas-cias}\n",
    "commun: &c {type: ccas-cias}\nlieu:\n  <<: *c\n  nom: A\n",
])
def test_cle_de_fusion_refusee_a_sa_place(tmp_path: Path, texte: str) -> None:
    _, problems = lire(tmp_path, texte)
    [p] = problems
    assert p.code == "yaml-fusion" and p.ligne in (2, 3)
    assert "« <<: »" in p.message


def test_description_de_50_mo_refusee_sans_etre_lue(tmp_path: Path) -> None:
    path = tmp_path / "fiche.yml"
    with path.open("w", encoding="utf-8") as fichier:
        fichier.write("nom: Accueil\ntype: ccas-cias\ndescription: ")
        fichier.write("abcdefghij" * 5_000_000)
        fichier.write("\n")
    debut = time.monotonic()
    doc, problems = read_yaml(path)
    assert time.monotonic() - debut < 1
    [p] = problems
    assert doc is None
    assert (p.code, p.ligne) == ("fichier-trop-gros", 3)
    assert "47,7 Mio" in p.message and "256 Kio" in p.message


def test_fichier_juste_sous_la_taille_limite_est_lu(tmp_path: Path) -> None:
    lignes = "".join(f"# commentaire {i:06d}\n" for i in range(TAILLE_FICHIER_MAX // 22 - 1))
    doc, problems = lire(tmp_path, lignes + "nom: Accueil\n")
    assert problems == [] and doc is not None


def test_texte_trop_long_refuse_a_sa_place(tmp_path: Path) -> None:
    _, problems = lire(tmp_path, "nom: Accueil\nservices:\n  - id: a\n    description: "
                       + "x" * (LONGUEUR_TEXTE_MAX + 1) + "\n")
    [p] = problems
    assert (p.code, p.chemin, p.ligne, p.colonne) == (
        "texte-trop-long", "services[1].description", 4, 18)


def test_texte_a_la_limite_accepte(tmp_path: Path) -> None:
    doc, problems = lire(tmp_path, "description: " + "x" * LONGUEUR_TEXTE_MAX + "\n")
    assert problems == [] and doc is not None


# --- Aliases out of pro: ---------------------------------------------------------------------


def test_alias_d_une_valeur_pro_hors_de_pro_refuse(tmp_path: Path) -> None:
    _, problems = lire(tmp_path, "nom: Accueil\npro:\n  notes: &n SECRET\ntransports: *n\n")
    [p] = problems
    assert (p.code, p.chemin, p.ligne) == ("yaml-alias-pro", "transports", 4)
    assert "(ligne 3)" in p.message


def test_alias_du_bloc_pro_entier_dans_une_liste_refuse(tmp_path: Path) -> None:
    _, problems = lire(tmp_path, "pro: &p\n  notes: SECRET\nphotos:\n  - *p\n")
    assert codes(problems) == ["yaml-alias-pro"]


def test_alias_pro_refuse_dans_un_annuaire(tmp_path: Path) -> None:
    texte = lieu_yaml() + "pro:\n  ligne_directe: &direct 02 43 00 00 01\ntelephone_bis: *direct\n"
    racine = write_annuaire(tmp_path, {"ccas-sable/partenaire.yml": partenaire_yaml(),
                                       "ccas-sable/ccas-sable-centre.yml": texte})
    charge = load_annuaire(racine)
    assert codes(charge.problems) == ["yaml-alias-pro"]
    assert charge.lieux == {}


@pytest.mark.parametrize("texte", [
    "pro:\n  notes: &n Rappeler\n  orientation:\n    modalites: *n\n",   # within pro
    "transports: &t Bus 2\npro:\n  notes: *t\n",                        # public into pro
])
def test_alias_qui_ne_sort_pas_de_pro_accepte(tmp_path: Path, texte: str) -> None:
    _, problems = lire(tmp_path, texte)
    assert problems == []


# --- Tags, characters, documents, YAML 1.1 booleans ------------------------------------------


@pytest.mark.parametrize("texte", [
    'telephone: !!python/object/apply:os.system ["id"]\n', "nom: !!binary aGVsbG8=\n",
    "publics: !!set {jeunes: null}\n", "nom: !local Accueil\n"])
def test_etiquettes_yaml_refusees(tmp_path: Path, texte: str) -> None:
    _, problems = lire(tmp_path, texte)
    [p] = problems
    assert (p.code, p.ligne) == ("yaml-etiquette", 1)


def test_caractere_nul_refuse_et_nomme(tmp_path: Path) -> None:
    # The fast parser silently cut the value at U+0000.
    _, problems = lire(tmp_path, "nom: Accueil\nadresse: 1 rue\x00 Haute\n")
    [p] = problems
    assert (p.code, p.ligne, p.colonne) == ("caractere-interdit", 2, 15)
    assert "U+0000" in p.message


def test_deux_documents_dans_un_fichier(tmp_path: Path) -> None:
    _, problems = lire(tmp_path, "nom: Accueil\n---\nnom: Annexe\n")
    [p] = problems
    assert (p.code, p.ligne) == ("yaml-syntaxe", 2)
    assert "deux documents YAML" in p.message
    assert "une seule fiche par fichier" in p.indice


def test_nom_on_demande_des_guillemets(tmp_path: Path) -> None:
    racine = write_annuaire(tmp_path, {
        "ccas-sable/partenaire.yml": partenaire_yaml(),
        "ccas-sable/ccas-sable-centre.yml": lieu_yaml().replace(
            "nom: CCAS de Sablé-sur-Sarthe", "nom: On")})
    [p] = load_annuaire(racine).problems
    assert (p.code, p.chemin, p.ligne) == ("booleen-yaml", "nom", 1)
    assert p.indice == 'mettez-le entre guillemets : nom: "On"'


def test_langue_no_demande_des_guillemets(tmp_path: Path) -> None:
    racine = write_annuaire(tmp_path, {
        "ccas-sable/partenaire.yml": partenaire_yaml(),
        "ccas-sable/ccas-sable-centre.yml": lieu_yaml() + "langues: [fr, no]\n"})
    [p] = load_annuaire(racine).problems
    assert (p.code, p.chemin) == ("booleen-yaml", "langues[2]")
    assert p.indice == 'mettez-le entre guillemets : "no"'


def test_booleen_attendu_reste_permis(tmp_path: Path) -> None:
    racine = write_annuaire(tmp_path, {
        "ccas-sable/partenaire.yml": partenaire_yaml(),
        "ccas-sable/ccas-sable-centre.yml": lieu_yaml() + "langue_des_signes: yes\n"})
    assert load_annuaire(racine).problems == []


# --- The limits are written down -------------------------------------------------------------


def test_chaque_limite_est_dite_dans_contributing() -> None:
    texte = CONTRIBUTING.read_text(encoding="utf-8")
    section = texte.split("## Limites", 1)[1].split("\n## ", 1)[0]
    for valeur in (f"{TAILLE_FICHIER_MAX // 1024} Kio", f"{PROFONDEUR_MAX} niveaux",
                   f"{ALIAS_NOEUDS_MAX:,} valeurs".replace(",", " "),
                   f"{LONGUEUR_TEXTE_MAX:,} caractères".replace(",", " ")):
        assert valeur in section, valeur


def test_les_fiches_reelles_sont_loin_des_limites() -> None:
    # The sample annuaire: no file comes near a limit, so none pays for the exact scan.

    racine = Path(__file__).parents[1] / "annuaire"
    for path in sorted(racine.glob("*/*.yml")):
        texte = path.read_text(encoding="utf-8")
        assert len(texte.encode()) < TAILLE_FICHIER_MAX // 10, path
        assert _peu_profond(texte), path


# --- Files that vanished or escaped ----------------------------------------------------------


def annuaire_sable(tmp_path: Path, **extra: str) -> Path:
    return write_annuaire(tmp_path, {"ccas-sable/partenaire.yml": partenaire_yaml(),
                                     "ccas-sable/ccas-sable-centre.yml": lieu_yaml(), **extra})


def places(racine: Path) -> list[tuple[str, str]]:
    return [(p.code, p.lieu(racine)) for p in load_annuaire(racine).problems]


def test_dossier_partenaire_en_lien_symbolique_signale(tmp_path: Path) -> None:
    racine = annuaire_sable(tmp_path)
    (racine / "ccas-bis").symlink_to("ccas-sable", target_is_directory=True)
    assert places(racine) == [("lien-symbolique", "ccas-bis")]


def test_fiche_en_lien_symbolique_vers_l_exterieur_non_suivie(tmp_path: Path) -> None:
    racine = annuaire_sable(tmp_path)
    dehors = tmp_path / "dehors.yml"
    dehors.write_text(lieu_yaml(nom="Fiche venue d'ailleurs"), encoding="utf-8")
    (racine / "ccas-sable" / "ailleurs.yml").symlink_to(dehors)
    charge = load_annuaire(racine)
    assert [(p.code, p.lieu(racine)) for p in charge.problems] == [
        ("lien-symbolique", "ccas-sable/ailleurs.yml")]
    assert list(charge.lieux) == ["ccas-sable-centre"]


def test_lien_symbolique_interne_et_lien_casse_signales(tmp_path: Path) -> None:
    racine = annuaire_sable(tmp_path)
    (racine / "ccas-sable" / "copie.yml").symlink_to("ccas-sable-centre.yml")
    (racine / "ccas-sable" / "casse.yml").symlink_to("absent.yml")
    assert sorted(places(racine)) == [("lien-symbolique", "ccas-sable/casse.yml"),
                                      ("lien-symbolique", "ccas-sable/copie.yml")]


@pytest.mark.parametrize(("nom", "code"), [
    ("ccas-sable/gare.YML", "extension"), ("ccas-sable/gare.Yml", "extension"),
    ("ccas-sable/gare.yaml", "extension"), ("ccas-sable/notes.txt", "fichier-inattendu"),
    ("ccas-sable/gare", "fichier-inattendu"), ("LISEZMOI.md", "fichier-inattendu"),
    ("logo.png", "fichier-inattendu"), ("ccas-sable/archives/gare.yml", "fichier-mal-place"),
])
def test_tout_fichier_inattendu_est_signale(tmp_path: Path, nom: str, code: str) -> None:
    racine = annuaire_sable(tmp_path, **{nom: "nom: Gare\n"})
    assert places(racine) == [(code, nom)]


def test_logo_et_photos_dans_un_sous_dossier_acceptes(tmp_path: Path) -> None:
    racine = annuaire_sable(tmp_path, **{"ccas-sable/logo.svg.png": "",
                                         "ccas-sable/photos/accueil.jpeg": ""})
    assert places(racine) == []


@pytest.mark.parametrize("chemin", [
    "../../../etc/passwd", "/etc/passwd", "photos/../../autre/logo.png", "C:\\logo.png",
    "\\\\serveur\\logo.png", "~/logo.png", "https://exemple.fr/logo.png"])
def test_chemin_de_photo_ou_logo_hors_du_dossier_refuse(tmp_path: Path, chemin: str) -> None:
    racine = write_annuaire(tmp_path, {
        "ccas-sable/partenaire.yml": partenaire_yaml(logo=chemin),
        "ccas-sable/ccas-sable-centre.yml": lieu_yaml(photos=[chemin])})
    assert sorted((p.code, p.chemin) for p in load_annuaire(racine).problems) == [
        ("chemin-invalide", "logo"), ("chemin-invalide", "photos[1]")]


def test_photo_du_dossier_acceptee(tmp_path: Path) -> None:


    racine = write_annuaire(tmp_path, {
        "ccas-sable/partenaire.yml": partenaire_yaml(logo="logo.png"),
        "ccas-sable/ccas-sable-centre.yml": lieu_yaml(photos=["photos/accueil.jpg"]),
        "ccas-sable/logo.png": "", "ccas-sable/photos/accueil.jpg": ""})
    _, report = valider(racine, AUJOURDHUI)
    assert report.sorted() == []


# --- Reserved names --------------------------------------------------------------------------


def test_lieu_nomme_index_refuse(tmp_path: Path) -> None:
    racine = annuaire_sable(tmp_path, **{"ccas-sable/index.yml": lieu_yaml()})
    charge = load_annuaire(racine)
    assert [(p.code, p.lieu(racine)) for p in charge.problems] == [
        ("identifiant-reserve", "ccas-sable/index.yml")]
    assert "index" not in charge.lieux


def test_partenaire_nomme_index_refuse_une_fois(tmp_path: Path) -> None:
    racine = write_annuaire(tmp_path, {"index/partenaire.yml": partenaire_yaml(),
                                       "index/accueil.yml": lieu_yaml()})
    charge = load_annuaire(racine)
    assert [(p.code, p.lieu(racine)) for p in charge.problems] == [
        ("identifiant-reserve", "index")]
    assert charge.partenaires == {} and charge.lieux == {}


def test_noms_reserves_couvrent_les_pages_fixes_du_guide(tmp_path: Path) -> None:
    # Every page the guide generates beside the records' own, in the folders where records
    # get their pages, must be named by a reserved identifier; so must every name that
    # MkDocs turns into a folder's index.


    racine = annuaire_sable(tmp_path)
    charge, _ = valider(racine, AUJOURDHUI)
    catalogue = build_catalogue(charge, Variante.PUBLIC, racine, aujourdhui=AUJOURDHUI)
    records = {f"lieux/{i}.md" for i in catalogue.lieux} | {
        f"partenaires/{i}.md" for i in catalogue.partenaires}
    fixes = {page.chemin for page in pages_du_guide(catalogue, reglages())} - records
    noms = {Path(c).stem for c in fixes if c.startswith(("lieux/", "partenaires/"))}
    assert noms <= IDENTIFIANTS_RESERVES
    assert "index" in IDENTIFIANTS_RESERVES


def test_tube_nomme_signale_sans_bloquer(tmp_path: Path) -> None:
    racine = annuaire_sable(tmp_path)
    os.mkfifo(racine / "ccas-sable" / "tube.yml")
    assert places(racine) == [("fichier-inattendu", "ccas-sable/tube.yml")]


@pytest.mark.parametrize("caractere", ["\x00", "\x1b", "\x7f", "\x92", "\ufffe"])
def test_caracteres_refuses_par_le_parseur_de_reference(tmp_path: Path, caractere: str) -> None:
    _, problems = lire(tmp_path, f"nom: Accueil\nadresse: 1 rue{caractere} Haute\n")
    [p] = problems
    assert (p.code, p.ligne, p.colonne) == ("caractere-interdit", 2, 15)
    assert f"U+{ord(caractere):04X}" in p.message


@pytest.mark.parametrize("texte", ["« Accueil »\u00a0: oui", "Café – 5 € ’"])
def test_caracteres_usuels_restent_sur_la_voie_rapide(tmp_path: Path, texte: str) -> None:
    doc, problems = lire(tmp_path, f'nom: "{texte}"\n')
    assert problems == [] and doc is not None
    assert doc.texte is not None  # read by the fast parser


@pytest.mark.parametrize("saut", ["\u0085", "\u2028", "\u2029"])
def test_sauts_de_ligne_yaml_11_lus_par_le_parseur_de_reference(tmp_path: Path, saut: str
                                                                ) -> None:
    doc, problems = lire(tmp_path, f'nom: "Accueil{saut}du soir"\n')
    assert problems == [] and doc is not None
    assert doc.texte is None  # the positional parser's reading
