"""The YAML loader: positions, duplicate keys, numbers kept as text, errors in French."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import lieu_yaml, partenaire_yaml, write_annuaire
from guide_solidarites.loader import load_annuaire, read_yaml, slugify
from guide_solidarites.problems import Problem


def lire(tmp_path: Path, texte: str) -> tuple[object, list[Problem]]:
    path = tmp_path / "fiche.yml"
    path.write_text(texte, encoding="utf-8")
    doc, problems = read_yaml(path)
    return doc, problems


def charger(tmp_path: Path, **overrides: object) -> tuple[object, list[Problem]]:
    racine = write_annuaire(tmp_path, {
        "ccas-sable/partenaire.yml": partenaire_yaml(),
        "ccas-sable/ccas-sable-centre.yml": lieu_yaml(**overrides),
    })
    charge = load_annuaire(racine)
    return charge, charge.problems


# --- Positions ---------------------------------------------------------------------------------


def test_position_des_valeurs_imbriquees(tmp_path: Path) -> None:
    doc, problems = lire(tmp_path, (
        "nom: Accueil\n"
        "services:\n"
        "  - id: domiciliation\n"
        "    publics:\n"
        "      - jeunes\n"
        "      - seniors\n"
    ))
    assert problems == []
    pos = doc.position(("services", 0, "publics", 1))  # type: ignore[attr-defined]
    assert (pos.ligne, pos.colonne) == (6, 9)


def test_position_d_une_cle(tmp_path: Path) -> None:
    doc, _ = lire(tmp_path, "nom: Accueil\nhoraires:\n  telephone: Mo 09:00-12:00\n")
    pos = doc.position(("horaires", "telephone"), cle=True)  # type: ignore[attr-defined]
    assert (pos.ligne, pos.colonne) == (3, 3)


def test_position_d_une_cle_absente_remonte_au_parent(tmp_path: Path) -> None:
    doc, _ = lire(tmp_path, "nom: Accueil\ncoordonnees:\n  latitude: 47.8\n")
    pos = doc.position(("coordonnees", "precision"), cle=True)  # type: ignore[attr-defined]
    assert (pos.ligne, pos.colonne) == (2, 1)


def test_erreur_de_modele_placee_sur_la_valeur(tmp_path: Path) -> None:
    _, problems = charger(tmp_path, coordonnees={"latitude": 478.4, "longitude": -0.33,
                                                 "precision": "adresse"})
    [p] = problems
    assert (p.code, p.chemin, p.ligne, p.colonne) == ("hors-limites", "coordonnees.latitude", 7, 13)


def test_champ_manquant_nomme_le_champ_et_pointe_le_bloc(tmp_path: Path) -> None:
    _, problems = charger(tmp_path, coordonnees={"latitude": 47.84, "longitude": -0.33})
    [p] = problems
    assert (p.code, p.chemin, p.ligne) == ("champ-manquant", "coordonnees.precision", 6)


# --- Duplicate keys and structure --------------------------------------------------------------


def test_cle_dupliquee_signalee_a_la_seconde(tmp_path: Path) -> None:
    _, problems = lire(tmp_path, "nom: A\ntelephone: 115\nnom: B\n")
    [p] = problems
    assert (p.code, p.ligne, p.colonne, p.chemin) == ("cle-dupliquee", 3, 1, "nom")
    assert "déjà en ligne 1" in p.message


def test_cle_dupliquee_imbriquee(tmp_path: Path) -> None:
    _, problems = lire(tmp_path, "horaires:\n  telephone: Mo 09:00-12:00\n"
                                 "  telephone: Tu 09:00-12:00\n")
    [p] = problems
    assert (p.code, p.ligne, p.chemin) == ("cle-dupliquee", 3, "horaires.telephone")


def test_la_premiere_valeur_d_une_cle_dupliquee_est_gardee(tmp_path: Path) -> None:
    doc, _ = lire(tmp_path, "nom: A\nnom: B\n")
    assert doc.data == {"nom": "A"}  # type: ignore[attr-defined]


@pytest.mark.parametrize("texte", ["", "# rien\n", "---\n"])
def test_fichier_vide(tmp_path: Path, texte: str) -> None:
    doc, problems = lire(tmp_path, texte)
    assert doc is None
    assert [p.code for p in problems] == ["fichier-vide"]


@pytest.mark.parametrize("texte", ["- nom: A\n", "Accueil du CCAS\n"])
def test_fiche_qui_n_est_pas_un_bloc(tmp_path: Path, texte: str) -> None:
    doc, problems = lire(tmp_path, texte)
    assert doc is None
    assert [p.code for p in problems] == ["yaml-structure"]


def test_erreur_de_syntaxe_est_un_probleme_pas_une_exception(tmp_path: Path) -> None:
    _, problems = lire(tmp_path, "nom: A\n  type: b\n")
    [p] = problems
    assert p.code == "yaml-syntaxe"
    assert p.ligne == 2


def test_guillemet_non_ferme_pointe_sa_ligne(tmp_path: Path) -> None:
    _, problems = lire(tmp_path, 'nom: "Accueil\ntype: ccas-cias\nadresse: "1 rue"\n')
    [p] = problems
    assert (p.ligne, p.colonne) == (1, 6)
    assert p.message.endswith("guillemet non fermé")


# --- Scalars -------------------------------------------------------------------------------


def test_nombres_gardes_en_texte(tmp_path: Path) -> None:
    doc, _ = lire(tmp_path, "code_postal: 01000\ncode_insee: 72181\nlatitude: 47.8\n"
                            "telephone: 0243547300\n")
    assert doc is not None
    # The fast reading is only a first try; the positional reading is the reference.
    doc.relire()
    assert doc.data == {
        "code_postal": "01000", "code_insee": "72181", "latitude": "47.8",
        "telephone": "0243547300",
    }


def test_lecture_rapide_sans_positions_tant_qu_aucun_probleme(tmp_path: Path) -> None:
    doc, _ = lire(tmp_path, "nom: Accueil\nadresse: 1 rue Haute\n")
    assert doc is not None and doc.data == {"nom": "Accueil", "adresse": "1 rue Haute"}
    assert doc.valeurs == {}  # not computed yet
    assert doc.position(("adresse",)) == (2, 10)


def test_mots_yaml_11_lus_par_le_parseur_positionnel(tmp_path: Path) -> None:
    # YAML 1.1 reads `yes` as true; the fast (YAML 1.2) parser would read a text.
    doc, _ = lire(tmp_path, "langue_des_signes: yes\n")
    assert doc is not None and doc.data == {"langue_des_signes": True}


def test_code_postal_sans_guillemets_lu_en_entier_mais_refuse(tmp_path: Path) -> None:
    # The leading 0 is kept (never 1000), and the file is refused as the editor refuses it:
    # other tools reading the file would see a number.
    racine = write_annuaire(tmp_path, {
        "ccas/partenaire.yml": partenaire_yaml(),
        "ccas/ccas-bourg.yml": lieu_yaml(coordonnees=None).replace(
            "code_postal: '72300'", "code_postal: 01000").replace(
            "code_insee: '72264'", "code_insee: 01053").replace("coordonnees: null\n", ""),
    })
    charge = load_annuaire(racine)
    assert [(p.code, p.chemin, p.message) for p in charge.problems] == [
        ("guillemets-manquants", "code_insee", "« code_insee » s'écrit entre guillemets : "
         "\"01053\""),
        ("guillemets-manquants", "code_postal", "« code_postal » s'écrit entre guillemets : "
         "\"01000\"")]
    assert charge.lieux["ccas-bourg"].code_postal == "01000"


def test_dates_et_booleens_yaml(tmp_path: Path) -> None:
    doc, _ = lire(tmp_path, "verifie_le: 2026-10-01\npremier_accueil: yes\npmr: oui\n")
    assert doc.data == {  # type: ignore[attr-defined]
        "verifie_le": dt.date(2026, 10, 1), "premier_accueil": True, "pmr": "oui"}


def test_date_impossible_ne_plante_pas(tmp_path: Path) -> None:
    _, problems = charger(tmp_path, verifie_le=dt.date(2026, 2, 1))
    assert problems == []
    doc, problems = lire(tmp_path, "verifie_le: 2026-02-30\n")
    assert problems == []
    assert doc.data == {"verifie_le": "2026-02-30"}  # type: ignore[attr-defined]


def test_oui_n_est_pas_un_booleen(tmp_path: Path) -> None:
    _, problems = charger(tmp_path, premier_accueil="oui")
    assert [(p.code, p.chemin) for p in problems] == [("oui-non-attendu", "premier_accueil")]


def test_fichier_latin1(tmp_path: Path) -> None:
    path = tmp_path / "fiche.yml"
    path.write_bytes("nom: Accueil\nadresse: 1 rue de l'Église\n".encode("latin-1"))
    doc, problems = read_yaml(path)
    assert doc is None
    assert [(p.code, p.ligne) for p in problems] == [("encodage", 2)]


# --- Annuaire layout ---------------------------------------------------------------------------


def test_identite_vient_du_dossier_et_du_fichier(tmp_path: Path) -> None:
    charge, problems = charger(tmp_path)
    assert problems == []
    lieu = charge.lieux["ccas-sable-centre"]  # type: ignore[attr-defined]
    assert (lieu.id, lieu.partenaire) == ("ccas-sable-centre", "ccas-sable")
    assert charge.partenaires["ccas-sable"].id == "ccas-sable"  # type: ignore[attr-defined]


def test_cle_automatique_ecrite_a_la_main(tmp_path: Path) -> None:
    _, problems = charger(tmp_path, id="autre-nom")
    assert [(p.code, p.chemin) for p in problems] == [("cle-automatique", "id")]


def test_cle_inconnue_propose_la_plus_proche(tmp_path: Path) -> None:
    _, problems = charger(tmp_path, telefone="02 61 91 10 20")
    [p] = problems
    assert (p.code, p.indice) == ("cle-inconnue", "vouliez-vous dire « telephone » ?")


def test_cle_mal_ecrite_ne_compte_pas_aussi_comme_manquante(tmp_path: Path) -> None:
    _, problems = charger(tmp_path, nom=None, Nom="CCAS")
    assert [p.code for p in problems if p.code != "texte-attendu"] == ["cle-inconnue"]


def test_fichiers_et_dossiers_caches_ignores(tmp_path: Path) -> None:
    racine = write_annuaire(tmp_path, {
        "ccas-sable/partenaire.yml": partenaire_yaml(),
        "ccas-sable/.brouillon.yml": "nom: [",
        ".git/config": "[core]",
    })
    assert load_annuaire(racine).problems == []


def test_images_du_dossier_acceptees(tmp_path: Path) -> None:
    racine = write_annuaire(tmp_path, {
        "ccas-sable/partenaire.yml": partenaire_yaml(),
        "ccas-sable/logo.png": "",
        "ccas-sable/photos/accueil.JPG": "",
    })
    assert load_annuaire(racine).problems == []


def test_annuaire_introuvable(tmp_path: Path) -> None:
    assert [p.code for p in load_annuaire(tmp_path / "absent").problems] == [
        "annuaire-introuvable"]


@pytest.mark.parametrize(("nom", "slug"), [
    ("Accueil Sablé", "accueil-sable"), ("CCAS_Le_Mans", "ccas-le-mans"), ("--x--", "x")])
def test_slugify(nom: str, slug: str) -> None:
    assert slugify(nom) == slug


def test_fins_de_ligne_windows_lues_comme_les_autres(tmp_path: Path) -> None:
    path = tmp_path / "fiche.yml"
    path.write_bytes(b"nom: Accueil\r\nadresse: 1 rue Haute\r\n")
    doc, problems = read_yaml(path)
    assert problems == [] and doc is not None
    assert doc.data == {"nom": "Accueil", "adresse": "1 rue Haute"}
    assert doc.position(("adresse",)) == (2, 10)


def test_valeur_citee_dans_un_message_reste_courte(tmp_path: Path) -> None:
    _, problems = charger(tmp_path, **{"x" * 5000: "valeur"})
    [p] = problems
    assert p.code == "cle-inconnue"
    assert len(p.message) < 100 and p.message.endswith("… »")


# --- What the YAML reading itself reveals ----------------------------------------------------


def _lire_lieu(tmp_path: Path, texte: str) -> list[str]:
    from guide_solidarites.loader import load_annuaire
    racine = tmp_path / "annuaire"
    (racine / "ccas-sable").mkdir(parents=True)
    (racine / "ccas-sable" / "ccas-sable-centre.yml").write_text(texte, encoding="utf-8")
    return [f"{p.code}:{p.ligne}:{p.chemin}" for p in load_annuaire(racine).problems]


def test_code_postal_sans_guillemets_refuse_comme_dans_l_editeur(tmp_path: Path) -> None:
    texte = lieu_yaml().replace("code_postal: '72300'", "code_postal: 72300")
    assert "code_postal: 72300\n" in texte
    [probleme] = _lire_lieu(tmp_path, texte)
    assert probleme.startswith("guillemets-manquants:") and probleme.endswith(":code_postal")


def test_code_postal_faux_sans_guillemets_une_seule_erreur(tmp_path: Path) -> None:
    texte = lieu_yaml().replace("code_postal: '72300'", "code_postal: 7230")
    assert [p.split(":")[0] for p in _lire_lieu(tmp_path, texte)] == ["code-postal-invalide"]


def test_tiret_decale_dans_une_liste_de_textes_signale_sans_rien_perdre(tmp_path: Path) -> None:
    # A text list accepts "a - b" as one value: without the check, the fast reading would
    # publish one document where the partner listed two.
    texte = lieu_yaml() + ("documents_a_apporter:\n  - Pièce d'identité\n"
                           "   - Justificatif de domicile\n")
    [probleme] = _lire_lieu(tmp_path, texte)
    code, ligne, chemin = probleme.split(":")
    assert (code, chemin) == ("tiret-decale", "documents_a_apporter[1]")
    assert int(ligne) == len(lieu_yaml().splitlines()) + 2
