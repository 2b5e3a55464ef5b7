"""Two trees, one record: the professional tree's validation and `guide separer`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from conftest import lieu_yaml, partenaire_yaml, to_yaml, write_annuaire
from guide_solidarites import cli
from guide_solidarites.catalogue import Variante, build_catalogue
from guide_solidarites.problems import Problem
from guide_solidarites.separation import couper_bloc_pro, separer
from guide_solidarites.validation import valider

AUJOURDHUI = dt.date(2026, 11, 22)
REFERENT = {"nom": "Camille Exemple", "telephone": "02 61 91 10 21"}


def deux_arbres(tmp_path: Path, pro: dict[str, str]) -> tuple[Path, Path]:
    racine = write_annuaire(tmp_path, {
        "ccas-sable/partenaire.yml": partenaire_yaml(),
        "ccas-sable/ccas-sable-centre.yml": lieu_yaml(),
    })
    racine_pro = tmp_path / "annuaire-pro"
    for nom, texte in pro.items():
        (racine_pro / nom).parent.mkdir(parents=True, exist_ok=True)
        (racine_pro / nom).write_text(texte, encoding="utf-8")
    racine_pro.mkdir(exist_ok=True)
    return racine, racine_pro


def problemes(racine: Path, racine_pro: Path) -> list[Problem]:
    _, report = valider(racine, AUJOURDHUI, racine_pro=racine_pro)
    return report.sorted()


# --- Validation across both trees -----------------------------------------------------------


def test_a_pro_file_completes_its_public_record(tmp_path: Path) -> None:
    racine, racine_pro = deux_arbres(tmp_path, {
        "ccas-sable/ccas-sable-centre.yml": to_yaml({"referents": [REFERENT]}),
        "ccas-sable/partenaire.yml": to_yaml({"notes": "Convention en cours."}),
    })
    charge, report = valider(racine, AUJOURDHUI, racine_pro=racine_pro)
    assert report.sorted() == []
    pro = build_catalogue(charge, Variante.PRO, racine, communes={}, aujourdhui=AUJOURDHUI)
    assert pro.lieux["ccas-sable-centre"].pro.referents[0].nom == "Camille Exemple"
    assert pro.partenaires["ccas-sable"].pro.notes == "Convention en cours."
    assert pro.fichiers == {"lieu:ccas-sable-centre": "ccas-sable/ccas-sable-centre.yml",
                            "partenaire:ccas-sable": "ccas-sable/partenaire.yml"}


def test_a_pro_file_without_its_public_record_is_an_error_naming_both(tmp_path: Path) -> None:
    racine, racine_pro = deux_arbres(tmp_path, {
        "ccas-sable/ccas-sable-mairie.yml": to_yaml({"referents": [REFERENT]})})
    [p] = problemes(racine, racine_pro)
    assert p.code == "pro-sans-fiche-publique" and p.est_erreur
    assert p.fichier == racine_pro / "ccas-sable" / "ccas-sable-mairie.yml"
    assert "annuaire/ccas-sable/ccas-sable-mairie.yml" in p.message
    assert "ccas-sable-centre" in p.indice


def test_a_pro_file_in_another_partners_folder_is_an_error(tmp_path: Path) -> None:
    racine, racine_pro = deux_arbres(tmp_path, {
        "mds-sable/ccas-sable-centre.yml": to_yaml({"notes": "x"})})
    [p] = problemes(racine, racine_pro)
    assert p.code == "pro-sans-fiche-publique"
    assert "dans le dossier « ccas-sable »" in p.indice


def test_a_referent_without_any_contact_is_a_warning(tmp_path: Path) -> None:
    racine, racine_pro = deux_arbres(tmp_path, {
        "ccas-sable/ccas-sable-centre.yml": to_yaml({"referents": [{"nom": "Camille"}]})})
    [p] = problemes(racine, racine_pro)
    assert (p.code, p.est_erreur, p.chemin, p.ligne) == (
        "referent-sans-contact", False, "referents[1]", 2)


def test_a_convention_with_an_unknown_partner_is_located_in_the_pro_file(tmp_path: Path) -> None:
    racine, racine_pro = deux_arbres(tmp_path, {"ccas-sable/partenaire.yml": to_yaml(
        {"conventions": [{"partenaire": "caf-de-la-sarthe", "objet": "Accueil"}]})})
    [p] = problemes(racine, racine_pro)
    assert (p.code, p.chemin) == ("reference-inconnue", "conventions[1].partenaire")
    assert p.fichier == racine_pro / "ccas-sable" / "partenaire.yml"


def test_the_pro_tree_gets_the_same_checks_as_the_public_one(tmp_path: Path) -> None:
    racine, racine_pro = deux_arbres(tmp_path, {
        "ccas-sable/ccas-sable-centre.yml": "referents:\n  - nom: Camille\n    telefone: x\n",
        "ccas-sable/partenaire.yml": "notes: a\nnotes: b\n",
        "ccas-sable/vide.yml": "",
    })
    trouves = {(p.code, p.fichier.name if p.fichier else "") for p in problemes(racine,
                                                                               racine_pro)}
    assert ("cle-inconnue", "ccas-sable-centre.yml") in trouves
    assert ("cle-dupliquee", "partenaire.yml") in trouves
    assert ("fichier-vide", "vide.yml") in trouves


def test_a_pro_file_pasted_with_its_pro_line_says_how_to_fix_it(tmp_path: Path) -> None:
    racine, racine_pro = deux_arbres(tmp_path, {
        "ccas-sable/ccas-sable-centre.yml": to_yaml({"pro": {"referents": [REFERENT]}})})
    [p] = problemes(racine, racine_pro)
    assert (p.code, p.ligne) == ("pro-imbrique", 1)
    assert "supprimez la ligne « pro: »" in p.indice


def test_a_public_record_holding_a_pro_block_is_refused_with_the_command(tmp_path: Path) -> None:
    racine = write_annuaire(tmp_path, {
        "ccas-sable/partenaire.yml": partenaire_yaml(),
        "ccas-sable/ccas-sable-centre.yml": lieu_yaml(pro={"referents": [REFERENT]}),
    })
    charge, report = valider(racine, AUJOURDHUI)
    [p] = report.sorted()
    assert p.code == "pro-dans-annuaire-public" and p.est_erreur
    assert "guide separer" in p.indice
    # The rest of the record is still read and checked.
    assert "ccas-sable-centre" in charge.lieux


def test_valider_with_pro_checks_both_trees(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    racine, racine_pro = deux_arbres(tmp_path, {
        "ccas-sable/ccas-sable-centre.yml": to_yaml({"referents": [REFERENT]})})
    code = cli.main(["valider", str(racine), "--pro", str(racine_pro), "--date", "2026-11-22"])
    assert code == 0
    assert "1 fiche professionnelle : 0 erreur" in capsys.readouterr().err


# --- guide separer ---------------------------------------------------------------------------

UNE_FICHE = """\
# yaml-language-server: $schema=../../schemas/lieu.schema.json
# Accueil du CCAS, à la mairie
nom: CCAS de Sablé
telephone: "02 61 91 10 20"   # standard
# Réservé aux professionnels
pro:
  # le référent change en janvier
  referents:
    - nom: Camille Exemple
      telephone: 02 61 91 10 21

  notes: |
    Rappeler avant 10 h.

    Pas le mercredi.
# Vérification
verifie_le: 2026-10-01
"""


def test_cutting_keeps_every_other_byte_of_the_public_file() -> None:
    coupe = couper_bloc_pro(UNE_FICHE)
    assert coupe is not None
    public, pro = coupe
    assert public == (
        "# yaml-language-server: $schema=../../schemas/lieu.schema.json\n"
        "# Accueil du CCAS, à la mairie\n"
        "nom: CCAS de Sablé\n"
        'telephone: "02 61 91 10 20"   # standard\n'
        "# Vérification\n"
        "verifie_le: 2026-10-01\n")
    assert pro == (
        "# Réservé aux professionnels\n"
        "# le référent change en janvier\n"
        "referents:\n"
        "  - nom: Camille Exemple\n"
        "    telephone: 02 61 91 10 21\n"
        "\n"
        "notes: |\n"
        "  Rappeler avant 10 h.\n"
        "\n"
        "  Pas le mercredi.\n")
    assert yaml.safe_load(pro) == yaml.safe_load(UNE_FICHE)["pro"]


def test_cutting_keeps_windows_line_endings() -> None:
    texte = UNE_FICHE.replace("\n", "\r\n")
    public, pro = couper_bloc_pro(texte) or ("", "")
    assert public == couper_bloc_pro(UNE_FICHE)[0].replace("\n", "\r\n")  # type: ignore[index]
    assert "\r\n" in pro and "\n" not in pro.replace("\r\n", "")


def test_a_file_without_pro_is_left_alone() -> None:
    assert couper_bloc_pro("nom: CCAS\nprofil: x\n") is None


def _annuaire_a_separer(tmp_path: Path) -> Path:
    racine = tmp_path / "annuaire"
    (racine / "ccas-sable").mkdir(parents=True)
    (racine / "ccas-sable" / "ccas-sable-centre.yml").write_bytes(UNE_FICHE.encode())
    (racine / "ccas-sable" / "partenaire.yml").write_text(partenaire_yaml(), "utf-8")
    return racine


def test_separer_moves_the_blocks_and_both_trees_validate(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    racine = _annuaire_a_separer(tmp_path)
    partenaire_avant = (racine / "ccas-sable" / "partenaire.yml").read_bytes()
    code = cli.main(["separer", str(racine), "--vers", str(tmp_path / "annuaire-pro")])
    sortie = capsys.readouterr().err
    assert code == 0
    assert "annuaire/ccas-sable/ccas-sable-centre.yml -> annuaire-pro/ccas-sable/" \
           "ccas-sable-centre.yml (10 lignes)" in sortie
    assert "1 bloc « pro: » déplacé" in sortie
    public, pro = couper_bloc_pro(UNE_FICHE) or ("", "")
    assert (racine / "ccas-sable" / "ccas-sable-centre.yml").read_bytes() == public.encode()
    assert (tmp_path / "annuaire-pro" / "ccas-sable" / "ccas-sable-centre.yml"
            ).read_bytes() == pro.encode()
    # A file without a pro block is not rewritten, not even touched.
    assert (racine / "ccas-sable" / "partenaire.yml").read_bytes() == partenaire_avant
    assert not (tmp_path / "annuaire-pro" / "ccas-sable" / "partenaire.yml").exists()


def test_separer_refuses_to_overwrite_and_then_writes_nothing(tmp_path: Path) -> None:
    racine = _annuaire_a_separer(tmp_path)
    (racine / "ccas-sable" / "autre.yml").write_text(
        lieu_yaml(pro={"notes": "Autre."}), "utf-8")
    existant = tmp_path / "annuaire-pro" / "ccas-sable" / "autre.yml"
    existant.parent.mkdir(parents=True)
    existant.write_text("notes: déjà là\n", "utf-8")
    avant = {p: p.read_bytes() for p in tmp_path.rglob("*.yml")}
    rapport = separer(racine, tmp_path / "annuaire-pro")
    assert not rapport.reussi and not rapport.ecrit
    assert [p.code for p in rapport.problems] == ["separation-existe"]
    assert {p: p.read_bytes() for p in tmp_path.rglob("*.yml")} == avant


def test_separer_refuses_a_destination_inside_the_public_tree(tmp_path: Path) -> None:
    racine = _annuaire_a_separer(tmp_path)
    rapport = separer(racine, racine / "pro")
    assert [p.code for p in rapport.problems] == ["separation-destination"]
    assert not (racine / "pro").exists()


def test_separer_refuses_a_block_written_on_one_line(tmp_path: Path) -> None:
    racine = _annuaire_a_separer(tmp_path)
    (racine / "ccas-sable" / "ccas-sable-centre.yml").write_text(
        "nom: CCAS de Sablé\npro: {notes: Rappeler}\n", "utf-8")
    rapport = separer(racine, tmp_path / "annuaire-pro")
    assert [p.code for p in rapport.problems] == ["separation-impossible"]
    assert not (tmp_path / "annuaire-pro").exists()
