"""The vocabulary of needs (guide_solidarites.besoins) and the needs and places index of the
search page (guide_solidarites.search.donnees_index), without a browser."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

import pytest
from guide_solidarites.besoins import charger_vocabulaire, fichier_langue, vocabulaire_langue
from guide_solidarites.catalogue import Variante, build_catalogue
from guide_solidarites.hours import intervals_payload
from guide_solidarites.langues import LANGUE_SOURCE, LANGUES
from guide_solidarites.search import (
    DRAPEAUX,
    FICHIER_LIEUX,
    donnees_index,
    horaires_semaine,
    index_traduit,
    indexer_site,
    plier_terme,
)
from guide_solidarites.validation import valider

ANNUAIRE = Path(__file__).parent / "fixtures" / "site" / "annuaire"
AUJOURDHUI = dt.date(2026, 11, 23)

# What people typed in the issue, and what each must lead to.
MOTS_DU_TICKET = {
    "manger": "alimentation", "faim": "alimentation", "colis": "alimentation",
    "restos du coeur": "alimentation", "sdf": "hebergement-urgence",
    "à la rue": "hebergement-urgence", "douche": "hygiene", "laverie": "hygiene",
    "domiciliation": "domiciliation", "rsa": "rsa", "apl": "caf",
    "css": "assurance-maladie", "cmu": "assurance-maladie", "mutuelle": "assurance-maladie",
    "violences": "violences", "3919": "violences", "dentiste": "soins",
    "titre de séjour": "etrangers", "ordinateur": "numerique", "impôts": "impots",
    "épicerie solidaire": "alimentation", "ccas": "ccas",
}


def besoin_de(vocabulaire_termes: dict[str, set[str]], mot: str) -> str | None:
    plie = plier_terme(mot)
    return next((b for b, termes in vocabulaire_termes.items() if plie in termes), None)


def test_the_shipped_vocabulary_is_valid_and_names_the_words_of_the_issue() -> None:
    vocabulaire, problemes = charger_vocabulaire()
    assert problemes == []
    termes = {b.besoin: {plier_terme(t) for t in b.termes}
              for b in vocabulaire.besoins.values()}
    assert {mot: besoin_de(termes, mot) for mot in MOTS_DU_TICKET} == MOTS_DU_TICKET
    assert vocabulaire.besoins["hebergement-urgence"].numeros == ["115"]
    assert vocabulaire.numeros["3919"].lien == "tel:3919"


def test_a_departement_file_extends_a_need_and_adds_another(tmp_path: Path) -> None:
    fichier = tmp_path / "besoins.yml"
    fichier.write_text(textwrap.dedent("""\
        numeros:
          - {numero: "02 43 00 00 00", lien: "tel:0243000000", libelle: "Veille sociale"}
        besoins:
          - besoin: alimentation
            termes: [banque alimentaire de sable]
            numeros: ["02 43 00 00 00"]
          - besoin: bois-de-chauffage
            libelle: bois de chauffage
            termes: [bois, stere]
            thematiques: [equipement-et-alimentation]
        """), encoding="utf-8")
    vocabulaire, problemes = charger_vocabulaire(fichier)
    assert problemes == []
    alimentation = vocabulaire.besoins["alimentation"]
    assert "manger" in alimentation.termes and "banque alimentaire de sable" in alimentation.termes
    assert alimentation.numeros == ["02 43 00 00 00"]
    assert vocabulaire.besoins["bois-de-chauffage"].thematiques == ["equipement-et-alimentation"]
    # The shipped vocabulary itself is untouched for the next build.
    assert "banque alimentaire de sable" not in charger_vocabulaire()[0].besoins[
        "alimentation"].termes


def test_a_bad_departement_file_reports_every_problem_with_its_place(tmp_path: Path) -> None:
    fichier = tmp_path / "besoins.yml"
    fichier.write_text(textwrap.dedent("""\
        besoins:
          - besoin: jardins
            termes: [jardin partage]
            thematiques: [jardinage]
            types: [potager]
          - besoin: ecoute
            termes: [ecoute]
            numeros: ["0 800 99 99 99"]
        """), encoding="utf-8")
    _, problemes = charger_vocabulaire(fichier)
    assert sorted(p.code for p in problemes) == ["numero-inconnu", "thematique-inconnue",
                                                 "valeur-inconnue"]
    assert all(p.fichier == fichier and p.ligne for p in problemes)
    assert any(p.ligne == 4 for p in problemes if p.code == "thematique-inconnue")
    assert any(p.ligne == 8 for p in problemes if p.code == "numero-inconnu")
    assert len(problemes) == 3


def _catalogue(variante: Variante):  # type: ignore[no-untyped-def]
    charge, _ = valider(ANNUAIRE, aujourdhui=AUJOURDHUI)
    return build_catalogue(charge, variante, ANNUAIRE, aujourdhui=AUJOURDHUI)


def test_the_index_carries_what_a_result_shows_and_only_public_fields() -> None:
    catalogue = _catalogue(Variante.PUBLIC)
    index = donnees_index(catalogue, catalogue.communes_desservies,
                          charger_vocabulaire()[0], horizon_jours=28)
    lignes = {ligne[0]: ligne for ligne in index["lieux"]}
    ccas = lignes["ccas-sable-centre"]
    assert ccas[1] == "CCAS de Sablé-sur-Sarthe"
    assert index["types"][ccas[2]][0] == "ccas-cias"
    assert index["communes"][ccas[3]][:2] == ["72264", "Sablé-sur-Sarthe"]
    assert ccas[7] & DRAPEAUX["premier_accueil"] and ccas[7] & DRAPEAUX["pmr"]
    assert ccas[8] == "02 43 62 50 10"
    assert index["horaires"][ccas[10]].startswith("2026-11-23|2026-12-21|0900-1200/1400-1700|")
    assert not any(ligne[7] & DRAPEAUX["referents"] for ligne in index["lieux"])
    texte = json.dumps(index, ensure_ascii=False)
    assert "referent" not in texte.lower() and "ligne_directe" not in texte


def test_the_pro_index_marks_places_with_named_referents() -> None:
    catalogue = _catalogue(Variante.PUBLIC)
    index = donnees_index(catalogue, catalogue.communes_desservies,
                          charger_vocabulaire()[0], horizon_jours=28,
                          avec_referents={"ccas-sable-centre"})
    marques = {ligne[0] for ligne in index["lieux"] if ligne[7] & DRAPEAUX["referents"]}
    assert marques == {"ccas-sable-centre"}


AUTRES_LANGUES = [code for code in LANGUES if code != LANGUE_SOURCE]

# What a person who reads little French types on the pages of their language.
MOTS_PAR_LANGUE = {
    "en": {"food": "alimentation", "homeless": "hebergement-urgence", "shower": "hygiene",
           "doctor": "soins", "domestic violence": "violences", "asylum": "etrangers",
           "lawyer": "juridique", "learn french": "francais"},
    "es": {"comida": "alimentation", "médico": "soins", "sin techo": "hebergement-urgence",
           "violencia": "violences", "abogado": "juridique"},
    "uk": {"їжа": "alimentation", "лікар": "soins", "житло": "logement",
           "насильство": "violences", "біженці": "etrangers"},
    # With and without the article, with the hamza written or not, with a short vowel.
    "ar": {"طعام": "alimentation", "الطعام": "alimentation", "اكل": "alimentation",
           "أكل": "alimentation", "طَعام": "alimentation", "طبيب": "soins",
           "مأوى": "hebergement-urgence", "لجوء": "etrangers", "محامي": "juridique"},
}


@pytest.mark.parametrize("code", AUTRES_LANGUES)
def test_each_language_gives_every_need_and_number_its_words_and_labels(code: str) -> None:
    """A language file only translates: the same needs and numbers as besoins.yml, each
    with its label, each need with words typed in that language."""
    base, _ = charger_vocabulaire()
    langue = vocabulaire_langue(code)
    assert fichier_langue(code).name == f"besoins.{code}.yml"
    assert set(langue.besoins) == set(base.besoins)
    assert set(langue.numeros) == set(base.numeros)
    for numero in langue.numeros.values():
        assert numero.lien == base.numeros[numero.numero].lien, numero.numero
        assert numero.libelle != base.numeros[numero.numero].libelle, numero.numero
    for besoin in langue.besoins.values():
        assert besoin.libelle and besoin.termes, besoin.besoin
        # Only words: what is searched for in the records comes from besoins.yml.
        assert besoin.thematiques == besoin.types == besoin.mots == [], besoin.besoin
        assert all(plier_terme(t) for t in besoin.termes), besoin.besoin
    assert langue.mots_vides


@pytest.mark.parametrize("code", AUTRES_LANGUES)
def test_the_translated_index_finds_the_needs_in_the_words_of_its_language(code: str) -> None:
    catalogue = _catalogue(Variante.PUBLIC)
    index = donnees_index(catalogue, catalogue.communes_desservies,
                          charger_vocabulaire()[0], horizon_jours=28)
    traduit = index_traduit(index, code)
    termes = {ligne[0]: set(ligne[2]) for ligne in traduit["besoins"]}
    assert {mot: besoin_de(termes, mot) for mot in MOTS_PAR_LANGUE[code]} == MOTS_PAR_LANGUE[code]
    # The French words still work there, and the page shows the need in its language.
    assert {mot: besoin_de(termes, mot) for mot in MOTS_DU_TICKET} == MOTS_DU_TICKET
    libelles = {ligne[0]: ligne[1] for ligne in traduit["besoins"]}
    assert libelles["alimentation"] == vocabulaire_langue(code).besoins["alimentation"].libelle
    numeros = {ligne[0]: ligne[2] for ligne in traduit["numeros"]}
    assert numeros["115"] == vocabulaire_langue(code).numeros["115"].libelle
    # Empty words of both languages; the French index keeps only French ones.
    assert set(traduit["vides"]) >= {*index["vides"],
                                     *map(plier_terme, vocabulaire_langue(code).mots_vides)}
    assert "je" in index["vides"] and not set(index["vides"]) & set(
        map(plier_terme, vocabulaire_langue("en").mots_vides)) - {"a", "me", "ou"}
    # What is looked for in the records stays French, as the records are.
    assert [ligne[5] for ligne in traduit["besoins"]] == [ligne[5] for ligne in index["besoins"]]


def test_typed_words_fold_as_recherche_js_folds_them() -> None:
    """The cases tests/js/pliage.test.mjs runs through recherche.js's `jetons`."""
    cas = json.loads((Path(__file__).parent / "js" / "pliage.json").read_text("utf-8"))
    assert {tape: plier_terme(tape).split(" ") for tape in cas} == cas


@pytest.mark.parametrize("texte", ["Mo-Fr 09:00-12:00,14:00-17:00; PH off", "24/7",
                                   "Tu,Fr 14:00-17:00", "Mo-Sa 22:00-02:00"])
def test_a_usual_week_and_its_exceptions_give_back_every_day(texte: str) -> None:
    payload = intervals_payload(texte, dt.date(2026, 12, 14), 28)
    semaine = horaires_semaine(payload)
    du, jusqu_au, *jours, ecarts = semaine.split("|")
    assert (du, jusqu_au) == ("2026-12-14", "2027-01-11")
    assert len(jours) == 7
    # Christmas and New Year's Day differ from the usual week (PH off); 24/7 never does.
    if "PH off" in texte:
        assert "11=" in ecarts.split() and "18=" in ecarts.split()
    if texte == "24/7":
        assert ecarts == "" and jours == ["0000-2400"] * 7


def test_indexing_writes_the_index_with_each_page_s_pagefind_id(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "lieux" / "a").mkdir(parents=True)
    (site / "lieux" / "a" / "index.html").write_text(
        '<html lang="fr"><body><article data-pagefind-body><h1>A</h1></article></body></html>',
        encoding="utf-8")
    index = {"lieux": [["a", "A", 0, 0, None, None, [], 0, "", 0, -1, None, [], [], None]],
             "partenaires": [["p", "P", None]]}
    indexer_site(site, index_lieux=index)
    ecrit = json.loads((site / "pagefind" / FICHIER_LIEUX).read_text(encoding="utf-8"))
    pf = ecrit["lieux"][0][11]
    assert pf and (site / "pagefind" / "fragment" / f"{pf}.pf_fragment").is_file()
    assert ecrit["partenaires"][0][2] is None
