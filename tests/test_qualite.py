"""The coordinator's quality report: data·inclusion criteria, scores, whom to remind first."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
import yaml
from guide_solidarites import cli
from guide_solidarites.catalogue import Catalogue, Variante, build_catalogue
from guide_solidarites.loader import load_annuaire
from guide_solidarites.qualite import (
    COLONNES_CSV,
    POIDS,
    Critere,
    RapportQualite,
    rapport_qualite,
    write_csv,
)

AUJOURDHUI = dt.date(2026, 11, 22)
DESCRIPTION_200 = "Accueil, écoute et orientation de toute personne, quelle que soit sa " \
    "demande. " * 3  # 3 x 80 = 240 characters

# --- Fixture builders ----------------------------------------------------------------------


def partenaire(nom: str, **overrides: Any) -> dict[str, Any]:
    return {"nom": nom, "cercle": "premier-accueil", "verifie_le": "2026-10-01",
            "verifie_par": "Accueil"} | overrides


def lieu(**overrides: Any) -> dict[str, Any]:
    """A record meeting every criterion (score 100) unless overridden."""
    return {
        "nom": "Lieu complet",
        "type": "ccas-cias",
        "description": DESCRIPTION_200,
        "adresse": "1 place de la Mairie",
        "code_postal": "72300",
        "code_insee": "72264",
        "modes_accueil": ["sans-rendez-vous", "telephone"],
        "telephone": "02 43 62 50 00",
        "thematiques": ["famille--soutien-a-la-parentalite-et-a-leducation"],
        "publics": ["familles"],
        "verifie_le": "2026-10-01",
        "verifie_par": "Accueil",
    } | overrides


def sans(data: dict[str, Any], *cles: str) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in cles}


def catalogue(tmp_path: Path, fichiers: dict[str, dict[str, Any]]) -> Catalogue:
    racine = tmp_path / "annuaire"
    for nom, data in fichiers.items():
        chemin = racine / nom
        chemin.parent.mkdir(parents=True, exist_ok=True)
        chemin.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    charge = load_annuaire(racine)
    assert not charge.problems, [p.format() for p in charge.problems]
    return build_catalogue(charge, Variante.PUBLIC, racine, aujourdhui=AUJOURDHUI)


@pytest.fixture
def rapport(tmp_path: Path) -> RapportQualite:
    return rapport_qualite(catalogue(tmp_path, {
        # Partner "bons": 100 and 80 -> mean 90.
        "bons/partenaire.yml": partenaire("Les Bons"),
        "bons/complet.yml": lieu(),
        "bons/courte.yml": lieu(nom="Description courte", description="x" * 199),
        # Partner "retard": its file is stale, one record at 40 -> mean 40: remind first.
        "retard/partenaire.yml": partenaire("En Retard", verifie_le="2025-01-15"),
        "retard/vieux.yml": sans(lieu(nom="Vieille fiche", verifie_le="2025-06-30"),
                                 "description", "thematiques", "publics"),
        # Partner "distance": phone only, no address needed, no contact either -> 80.
        "distance/partenaire.yml": partenaire("À distance"),
        "distance/ligne.yml": sans(lieu(nom="Ligne d'écoute", modes_accueil=["en-ligne"],
                                        site_web="https://www.example.org"),
                                   "adresse", "telephone"),
    }))


def fiche(rapport: RapportQualite, lieu_id: str) -> Any:
    return next(f for f in rapport.fiches if f.lieu_id == lieu_id)


def test_les_poids_font_cent() -> None:
    assert sum(POIDS.values()) == 100


def test_fiche_complete_100(rapport: RapportQualite) -> None:
    f = fiche(rapport, "complet")
    assert f.score == 100 and f.manques == [] and not f.perime


def test_description_sous_200_caracteres(rapport: RapportQualite) -> None:
    f = fiche(rapport, "courte")
    assert f.score == 80
    assert f.manques == ["description de 199 caractères (200 au moins)"]


def test_description_au_dela_de_2000_caracteres(tmp_path: Path) -> None:
    r = rapport_qualite(catalogue(tmp_path, {
        "p/partenaire.yml": partenaire("Partenaire P"),
        "p/long.yml": lieu(description="x" * 2001)}))
    assert fiche(r, "long").manques == ["description de 2001 caractères (2000 au plus)"]


def test_fiche_perimee_sans_theme_ni_public_ni_description(rapport: RapportQualite) -> None:
    f = fiche(rapport, "vieux")
    assert f.score == 40  # adresse 20 + contact 20
    assert f.perime
    assert f.manques == [
        "pas de description", "aucune thématique", "aucun public",
        "vérifiée le 30/06/2025, à revoir depuis le 28/06/2026",
    ]


def test_adresse_sans_objet_sans_accueil_en_personne(rapport: RapportQualite) -> None:
    f = fiche(rapport, "ligne")
    assert f.controle(Critere.ADRESSE).satisfait
    assert f.controle(Critere.ADRESSE).detail.startswith("sans objet")
    assert f.score == 80
    assert f.manques == ["ni téléphone ni courriel"]


def test_adresse_manquante_pour_un_accueil_en_personne(tmp_path: Path) -> None:
    r = rapport_qualite(catalogue(tmp_path, {
        "p/partenaire.yml": partenaire("Partenaire P"),
        "p/sans-adresse.yml": sans(lieu(), "adresse")}))
    assert fiche(r, "sans-adresse").score == 80
    assert fiche(r, "sans-adresse").manques == ["reçoit en personne mais l'adresse manque"]


def test_themes_et_publics_des_services_comptent(tmp_path: Path) -> None:
    service = {"id": "s", "nom": "Soutien", "thematiques": ["sante--acces-aux-soins"],
               "publics": ["seniors"]}
    r = rapport_qualite(catalogue(tmp_path, {
        "p/partenaire.yml": partenaire("Partenaire P"),
        "p/via-service.yml": sans(lieu(services=[service]), "thematiques", "publics")}))
    assert fiche(r, "via-service").score == 100


def test_partenaires_a_relancer_dabord(rapport: RapportQualite) -> None:
    resume = [(p.id, p.moyenne, p.nombre, [f.lieu_id for f in p.pires],
               [x.id for x in p.perimees]) for p in rapport.partenaires]
    assert resume == [
        ("retard", 40.0, 1, ["vieux"], ["retard", "vieux"]),
        ("distance", 80.0, 1, ["ligne"], []),
        ("bons", 90.0, 2, ["courte"], []),
    ]
    assert rapport.moyenne == 75.0  # (100 + 80 + 40 + 80) / 4


def test_csv_une_ligne_par_lieu_dans_lordre_des_relances(rapport: RapportQualite) -> None:
    sortie = io.StringIO()
    write_csv(rapport, sortie)
    lignes = list(csv.reader(io.StringIO(sortie.getvalue()), delimiter=";"))
    assert lignes[0] == list(COLONNES_CSV)
    assert lignes[0][:6] == ["Partenaire", "Identifiant du partenaire", "Lieu",
                             "Identifiant du lieu", "Fichier", "Score"]
    assert [(ligne[3], ligne[5]) for ligne in lignes[1:]] == [
        ("vieux", "40"), ("ligne", "80"), ("courte", "80"), ("complet", "100")]
    ligne = dict(zip(lignes[0], lignes[2], strict=True))
    assert ligne["Adresse (si accueil en personne)"] == "sans objet"
    assert ligne["Téléphone ou courriel"] == "non"
    assert ligne["Fichier"] == "annuaire/distance/ligne.yml"


def test_cli_qualite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(cli, "EXTENSIONS", [])
    racine = tmp_path / "annuaire"
    for nom, data in {"bons/partenaire.yml": partenaire("Les Bons"),
                      "bons/complet.yml": lieu(),
                      "retard/partenaire.yml": partenaire("En Retard"),
                      "retard/vieux.yml": lieu(verifie_le="2025-06-30")}.items():
        (racine / nom).parent.mkdir(parents=True, exist_ok=True)
        (racine / nom).write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    tableau = tmp_path / "qualite.csv"
    code = cli.main(["qualite", str(racine), "--csv", str(tableau), "--date", "2026-11-22"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.index("En Retard (retard) : score moyen 80/100") < out.index("Les Bons")
    assert "à revoir : annuaire/retard/vieux.yml, vérifiée le 30/06/2025" in out
    assert "score moyen 90/100, 1 fiche(s) à revoir, partenaires et lieux" in out
    assert tableau.read_bytes().startswith(b"\xef\xbb\xbf")
