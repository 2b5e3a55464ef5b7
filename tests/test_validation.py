"""Checks across records: references, communes, dates against today, severities."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from conftest import AUJOURDHUI, RETIRER, lieu_yaml, partenaire_yaml, write_annuaire
from guide_solidarites.problems import Gravite, Problem
from guide_solidarites.validation import valider


def problemes(tmp_path: Path, files: dict[str, str] | None = None,
              aujourdhui: dt.date = AUJOURDHUI, **overrides: Any) -> list[Problem]:
    files = files or {
        "ccas-sable/partenaire.yml": partenaire_yaml(),
        "ccas-sable/ccas-sable-centre.yml": lieu_yaml(**overrides),
    }
    _, report = valider(write_annuaire(tmp_path, files), aujourdhui)
    return report.sorted()


def codes(problems: list[Problem]) -> list[tuple[str, str]]:
    return [(p.code, p.gravite) for p in problems]


def test_annuaire_valide_sans_probleme(annuaire_valide: Path) -> None:
    charge, report = valider(annuaire_valide, AUJOURDHUI)
    assert report.sorted() == []
    assert list(charge.lieux) == ["ccas-sable-centre"]
    assert not report.echoue(strict=True)


# --- Dates ---------------------------------------------------------------------------------


def test_fiche_perimee_est_un_avertissement(tmp_path: Path) -> None:
    [p] = problemes(tmp_path, verifie_le="2025-11-01")
    assert (p.code, p.gravite, p.chemin) == ("fiche-perimee", Gravite.AVERTISSEMENT, "verifie_le")
    assert "à revoir depuis le 01/11/2026" in p.message


def test_strict_echoue_sur_les_avertissements(tmp_path: Path) -> None:
    files = {"ccas-sable/partenaire.yml": partenaire_yaml(),
             "ccas-sable/ccas-sable-centre.yml": lieu_yaml(verifie_le="2025-11-01")}
    _, report = valider(write_annuaire(tmp_path, files), AUJOURDHUI)
    assert not report.echoue()
    assert report.echoue(strict=True)


def test_revision_plus_courte_rend_perimee_plus_tot(tmp_path: Path) -> None:
    assert codes(problemes(tmp_path, verifie_le="2026-04-01", revision_mois=6)) == [
        ("fiche-perimee", "avertissement")]


def test_verifie_aujourd_hui_est_valide(tmp_path: Path) -> None:
    assert problemes(tmp_path, verifie_le=AUJOURDHUI.isoformat()) == []


def test_date_future_est_une_erreur(tmp_path: Path) -> None:
    [p] = problemes(tmp_path, verifie_le="2026-11-23")
    assert (p.code, p.gravite) == ("date-future", Gravite.ERREUR)


def test_partenaire_perime_aussi(tmp_path: Path) -> None:
    files = {"ccas-sable/partenaire.yml": partenaire_yaml(verifie_le="2024-01-01"),
             "ccas-sable/ccas-sable-centre.yml": lieu_yaml()}
    [p] = problemes(tmp_path, files)
    assert p.code == "fiche-perimee"
    assert p.fichier is not None and p.fichier.name == "partenaire.yml"


# --- Communes and coordinates ------------------------------------------------------------------


def test_code_postal_d_une_autre_commune(tmp_path: Path) -> None:
    [p] = problemes(tmp_path, code_postal="72000")
    assert (p.code, p.chemin) == ("code-postal-commune", "code_insee")
    assert p.indice.endswith("; sinon, codes postaux de Sablé-sur-Sarthe : 72300")


def test_code_insee_d_une_autre_commune_nomme_les_deux_lignes(tmp_path: Path) -> None:
    # A typo in the INSEE code (Le Mans's instead of Sablé's): the problem is on that line,
    # and the first suggestion is the INSEE code of the commune of the postcode.
    [p] = [p for p in problemes(tmp_path, code_insee="72181", coordonnees=RETIRER)
           if p.code == "code-postal-commune"]
    assert p.chemin == "code_insee" and p.ligne is not None
    assert p.message == (f"le code postal 72300 (ligne {p.ligne - 1}) et le code INSEE 72181 "
                         f"(ligne {p.ligne}) désignent deux communes différentes : 72181 est "
                         "Le Mans")
    assert p.indice.startswith("si le code postal est juste, le code INSEE est celui de l'une "
                               "des communes du code postal 72300 : Sablé-sur-Sarthe (72264)")
    assert "sinon, codes postaux de Le Mans : " in p.indice


def test_code_postal_ecrit_a_la_place_du_code_insee(tmp_path: Path) -> None:
    # 72300 is also the INSEE code of Saint-Mars-la-Brière: the message must not say so.
    [p] = problemes(tmp_path, code_insee="72300")
    assert p.code == "code-insee-code-postal"
    assert p.indice.startswith("communes du code postal 72300 : Sablé-sur-Sarthe (72264)")


def test_commune_inconnue(tmp_path: Path) -> None:
    assert codes(problemes(tmp_path, code_insee="72999")) == [("commune-inconnue", "erreur")]


def test_point_un_peu_loin_avertit(tmp_path: Path) -> None:
    # About 10 km from Sablé's town hall: possible in a large commune, worth a look.
    [p] = problemes(tmp_path, coordonnees={"latitude": 47.93, "longitude": -0.33,
                                           "precision": "adresse"})
    assert (p.code, p.gravite) == ("coordonnees-eloignees", Gravite.AVERTISSEMENT)


def test_point_tres_loin_est_une_erreur(tmp_path: Path) -> None:
    [p] = problemes(tmp_path, coordonnees={"latitude": 48.0077, "longitude": 0.1967,
                                           "precision": "adresse"})
    assert (p.code, p.gravite) == ("coordonnees-eloignees", Gravite.ERREUR)
    assert "mairie de Sablé-sur-Sarthe" in p.message


def test_latitude_et_longitude_inversees(tmp_path: Path) -> None:
    [p] = problemes(tmp_path, coordonnees={"latitude": -0.3334, "longitude": 47.8404,
                                           "precision": "adresse"})
    assert p.indice == "latitude et longitude semblent inversées"


def test_permanence_verifiee_contre_sa_commune(tmp_path: Path) -> None:
    permanence = {"nom": "Mairie de Solesmes", "code_insee": "72336", "code_postal": "72000",
                  "horaires": "Th 14:00-16:00"}
    [p] = problemes(tmp_path, permanences=[permanence])
    assert (p.code, p.chemin) == ("code-postal-commune", "permanences[1].code_insee")


# --- References --------------------------------------------------------------------------------


def test_permanence_vers_un_lieu_connu(tmp_path: Path) -> None:
    permanence = {"nom": "CCAS", "lieu": "ccas-sable-centre", "code_insee": "72264",
                  "horaires": "Th 14:00-16:00"}
    assert problemes(tmp_path, permanences=[permanence]) == []


def test_permanence_vers_un_lieu_inconnu_propose_le_plus_proche(tmp_path: Path) -> None:
    permanence = {"nom": "CCAS", "lieu": "ccas-sable-centr", "code_insee": "72264",
                  "horaires": "Th 14:00-16:00"}
    [p] = problemes(tmp_path, permanences=[permanence])
    assert (p.code, p.chemin) == ("reference-inconnue", "permanences[1].lieu")
    assert p.indice == "vouliez-vous dire « ccas-sable-centre » ?"


def test_meme_lieu_dans_deux_dossiers(tmp_path: Path) -> None:
    files = {"ccas-sable/partenaire.yml": partenaire_yaml(),
             "ccas-sable/accueil.yml": lieu_yaml(),
             "mds-sable/partenaire.yml": partenaire_yaml(),
             "mds-sable/accueil.yml": lieu_yaml()}
    # Told on both files, each naming the other: the partner who adds the second file
    # sees it on their own file, and neither record is dropped unseen.
    premier, second = problemes(tmp_path, files)
    assert (premier.code, second.code) == ("identifiant-duplique", "identifiant-duplique")
    assert premier.fichier is not None and second.fichier is not None
    assert (premier.fichier.parent.name, second.fichier.parent.name) == ("ccas-sable",
                                                                         "mds-sable")
    assert "mds-sable/accueil.yml" in premier.message
    assert "ccas-sable/accueil.yml" in second.message


def test_fiche_homonyme_toujours_verifiee(tmp_path: Path) -> None:
    files = {"ccas-sable/partenaire.yml": partenaire_yaml(),
             "ccas-sable/accueil.yml": lieu_yaml(),
             "mds-sable/partenaire.yml": partenaire_yaml(),
             "mds-sable/accueil.yml": lieu_yaml(code_postal="72000")}
    assert sorted(p.code for p in problemes(tmp_path, files)) == [
        "code-postal-commune", "identifiant-duplique", "identifiant-duplique"]


def test_dossier_sans_partenaire(tmp_path: Path) -> None:
    [p] = problemes(tmp_path, {"ccas-sable/ccas-sable-centre.yml": lieu_yaml()})
    assert p.code == "partenaire-manquant"


def test_partenaire_invalide_n_est_pas_signale_absent(tmp_path: Path) -> None:
    files = {"ccas-sable/partenaire.yml": partenaire_yaml(cercle="1er-cercle"),
             "ccas-sable/ccas-sable-centre.yml": lieu_yaml()}
    assert [p.code for p in problemes(tmp_path, files)] == ["valeur-inconnue"]


# --- Modes and contents ------------------------------------------------------------------------


def test_mode_telephone_sans_numero(tmp_path: Path) -> None:
    assert codes(problemes(tmp_path, telephone=RETIRER)) == [("telephone-manquant", "erreur")]


def test_reception_en_personne_sans_adresse(tmp_path: Path) -> None:
    [p] = problemes(tmp_path, adresse=RETIRER)
    assert (p.code, p.chemin) == ("adresse-manquante", "adresse")


def test_service_a_distance_sans_adresse_est_valide(tmp_path: Path) -> None:
    assert problemes(tmp_path, adresse=RETIRER, modes_accueil=["telephone"],
                     horaires={"telephone": "Mo-Fr 09:00-12:00"}) == []


def test_horaires_d_un_mode_absent_avertit(tmp_path: Path) -> None:
    [p] = problemes(tmp_path, horaires={"sans_rendez_vous": "Mo 09:00-12:00",
                                        "sur_rendez_vous": "Tu 09:00-12:00"})
    assert (p.code, p.gravite) == ("horaires-mode-absent", Gravite.AVERTISSEMENT)


def test_premier_accueil_sans_horaires_sans_rdv_avertit(tmp_path: Path) -> None:
    [p] = problemes(tmp_path, premier_accueil=True, horaires={})
    assert (p.code, p.gravite) == ("horaires-manquants", Gravite.AVERTISSEMENT)


def test_photo_existante(tmp_path: Path) -> None:
    racine = write_annuaire(tmp_path, {
        "ccas-sable/partenaire.yml": partenaire_yaml(),
        "ccas-sable/ccas-sable-centre.yml": lieu_yaml(photos=["photos/accueil.jpg"]),
    })
    (racine / "ccas-sable" / "photos").mkdir()
    (racine / "ccas-sable" / "photos" / "accueil.jpg").write_bytes(b"\xff\xd8")
    assert valider(racine, AUJOURDHUI)[1].sorted() == []


def test_services_au_meme_identifiant(tmp_path: Path) -> None:
    services = [{"id": "domiciliation", "nom": "Domiciliation"},
                {"id": "domiciliation", "nom": "Élection de domicile"}]
    [p] = problemes(tmp_path, services=services)
    assert (p.code, p.chemin) == ("identifiant-duplique", "services[2].id")


def test_toutes_les_erreurs_de_plusieurs_fichiers(tmp_path: Path) -> None:
    files = {"ccas-sable/partenaire.yml": partenaire_yaml(),
             "ccas-sable/un.yml": lieu_yaml(type="ccas"),
             "ccas-sable/deux.yml": lieu_yaml(code_postal="72000"),
             "ccas-sable/trois.yml": lieu_yaml(verifie_le="2025-01-01", nom="Accueil trois")}
    assert sorted(p.code for p in problemes(tmp_path, files)) == [
        "code-postal-commune", "fiche-perimee", "valeur-inconnue"]


# --- Names -------------------------------------------------------------------------------------


def test_deux_lieux_du_meme_partenaire_au_meme_nom_avertissent(tmp_path: Path) -> None:
    files = {"ccas-sable/partenaire.yml": partenaire_yaml(),
             "ccas-sable/ccas-sable-centre.yml": lieu_yaml(),
             "ccas-sable/ccas-sable-gare.yml": lieu_yaml(nom="CCAS de  sablé-sur-Sarthe")}
    [p] = problemes(tmp_path, files)
    assert (p.code, p.gravite, p.chemin) == ("nom-duplique", Gravite.AVERTISSEMENT, "nom")
    assert p.fichier is not None and p.fichier.name == "ccas-sable-gare.yml"
    assert "(ccas-sable-centre.yml, ligne 1)" in p.message


def test_meme_nom_chez_deux_partenaires_sans_avertissement(tmp_path: Path) -> None:
    files = {"ccas-sable/partenaire.yml": partenaire_yaml(),
             "ccas-sable/ccas-sable-centre.yml": lieu_yaml(),
             "ccas-solesmes/partenaire.yml": partenaire_yaml(),
             "ccas-solesmes/ccas-solesmes.yml": lieu_yaml()}
    assert problemes(tmp_path, files) == []
