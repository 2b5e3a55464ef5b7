"""The record model: checked values, coherence rules, and public and professional records."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from conftest import lieu_data, partenaire_data
from guide_solidarites.models import (
    Fermeture,
    InfosPro,
    LieuPro,
    LieuPublic,
    PartenairePro,
    PartenairePublic,
    Referent,
    Service,
)
from pydantic import ValidationError

PRO = {
    "referents": [{"nom": "Camille Exemple", "telephone": "02 61 91 10 20",
                   "courriel": "camille.exemple@example.org"}],
    "ligne_directe": "02 61 91 00 01",
    "notes": "Rappeler avant 10 h.",
}


def lieu(**overrides: Any) -> LieuPublic:
    return LieuPublic.model_validate({"id": "ccas-sable-centre", "partenaire": "ccas-sable",
                                      **lieu_data(**overrides)})


def partenaire(**overrides: Any) -> PartenairePublic:
    return PartenairePublic.model_validate({"id": "ccas-sable", **partenaire_data(**overrides)})


def codes(exc: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [e["type"] for e in exc.value.errors()]


# --- Public and professional records ---------------------------------------------------------


def test_un_lieu_public_refuse_un_bloc_pro() -> None:
    with pytest.raises(ValidationError) as exc:
        lieu(pro=PRO)
    assert codes(exc) == ["extra_forbidden"]


def test_un_partenaire_public_refuse_un_bloc_pro() -> None:
    with pytest.raises(ValidationError) as exc:
        partenaire(pro=PRO)
    assert codes(exc) == ["extra_forbidden"]


def test_une_fiche_pro_se_lit_sans_les_champs_publics() -> None:
    infos = InfosPro.model_validate(PRO)
    assert infos.referents[0].nom == "Camille Exemple"
    with pytest.raises(ValidationError):
        InfosPro.model_validate({**PRO, "nom": "CCAS de Sablé"})


def test_les_fiches_pro_sont_soeurs_des_fiches_publiques_pas_leurs_filles() -> None:
    """A professional record is not a public one: a public output cannot take it."""
    assert not issubclass(LieuPro, LieuPublic) and not issubclass(PartenairePro, PartenairePublic)
    pro = LieuPro(lieu(), InfosPro.model_validate(PRO))
    assert not isinstance(pro, LieuPublic)
    assert pro.id == "ccas-sable-centre"
    assert "Camille" not in pro.public.model_dump_json()


# --- Phones, e-mails, web addresses, identifiers --------------------------------------------


@pytest.mark.parametrize("numero", [
    "02 43 54 73 00", "0243547300", "+33 2 43 54 73 00", "06 12 34 56 78", "115", "3919",
    "119", "09 70 81 81 81",
])
def test_telephone_accepte(numero: str) -> None:
    assert lieu(telephone=numero).telephone == numero


@pytest.mark.parametrize("numero", ["02 43 54 73", "12345", "02 43 54 73 00 00", "téléphone"])
def test_telephone_refuse(numero: str) -> None:
    with pytest.raises(ValidationError) as exc:
        lieu(telephone=numero)
    assert codes(exc) == ["telephone-invalide"]


def test_telephone_de_referent_verifie() -> None:
    with pytest.raises(ValidationError) as exc:
        Referent(nom="Camille Exemple", telephone="02 43")
    assert codes(exc) == ["telephone-invalide"]


@pytest.mark.parametrize("adresse", ["accueil@example.org", "ccas.sable@mairie-sable.fr"])
def test_courriel_accepte(adresse: str) -> None:
    assert lieu(courriel=adresse).courriel == adresse


@pytest.mark.parametrize("adresse", ["accueil.example.org", "accueil@", "@example.org",
                                     "accueil @example.org"])
def test_courriel_refuse(adresse: str) -> None:
    with pytest.raises(ValidationError) as exc:
        lieu(courriel=adresse)
    assert codes(exc) == ["courriel-invalide"]


@pytest.mark.parametrize("url", ["https://www.sarthe.fr", "http://ccas.example.org/accueil?x=1"])
def test_url_acceptee(url: str) -> None:
    assert lieu(site_web=url).site_web == url


@pytest.mark.parametrize("url", ["ftp://www.sarthe.fr", "www.sarthe.fr", "https://localhost",
                                 "sarthe.fr/ccas"])
def test_url_refusee(url: str) -> None:
    with pytest.raises(ValidationError) as exc:
        lieu(site_web=url)
    assert codes(exc) == ["url-invalide"]


@pytest.mark.parametrize("ident", ["domiciliation", "aide-2026", "a"])
def test_identifiant_de_service_accepte(ident: str) -> None:
    assert Service(id=ident, nom="Domiciliation").id == ident


@pytest.mark.parametrize("ident", ["Domiciliation", "aide_financiere", "aide--financiere",
                                   "-aide", "épicerie"])
def test_identifiant_de_service_refuse(ident: str) -> None:
    with pytest.raises(ValidationError) as exc:
        Service(id=ident, nom="Domiciliation")
    assert codes(exc) == ["identifiant-invalide"]


def test_codes_postaux_et_insee_sont_du_texte_a_cinq_caracteres() -> None:
    assert lieu(code_postal="01000", code_insee="2A004").code_postal == "01000"
    with pytest.raises(ValidationError) as exc:
        lieu(code_postal="7230", code_insee="Sablé")
    assert codes(exc) == ["code-postal-invalide", "code-insee-invalide"]


def test_siret_a_quatorze_chiffres() -> None:
    assert partenaire(siret="26720001200016").siret == "26720001200016"
    with pytest.raises(ValidationError) as exc:
        partenaire(siret="2672000120001")
    assert codes(exc) == ["siret-invalide"]


def test_cle_inconnue_refusee() -> None:
    with pytest.raises(ValidationError) as exc:
        lieu(telefone="02 61 91 10 20")
    assert codes(exc) == ["extra_forbidden"]


# --- Coherence ---------------------------------------------------------------------------------


def test_premier_accueil_exige_le_sans_rendez_vous() -> None:
    with pytest.raises(ValidationError) as exc:
        lieu(premier_accueil=True, modes_accueil=["sur-rendez-vous"])
    assert codes(exc) == ["premier-accueil-sans-rdv"]


def test_fermeture_qui_finit_avant_de_commencer() -> None:
    with pytest.raises(ValidationError) as exc:
        Fermeture(du=dt.date(2026, 12, 31), au=dt.date(2026, 12, 24), message="Fêtes")
    assert codes(exc) == ["fermeture-dates"]


def test_fermeture_d_un_seul_jour() -> None:
    jour = dt.date(2026, 12, 24)
    assert Fermeture(du=jour, au=jour, message="Fermeture exceptionnelle").au == jour


def test_modes_accueil_non_vide() -> None:
    with pytest.raises(ValidationError) as exc:
        lieu(modes_accueil=[])
    assert codes(exc) == ["too_short"]


def test_valeurs_par_defaut() -> None:
    sans_defauts = lieu()
    assert sans_defauts.langues == ["fr"]
    assert sans_defauts.frais is None  # unknown, never assumed free
    assert sans_defauts.premier_accueil is False


# --- Revision ---------------------------------------------------------------------------------


def test_revision_due_douze_mois_par_defaut() -> None:
    assert lieu(verifie_le="2026-03-15").revision_due() == dt.date(2027, 3, 15)


def test_revision_due_passe_l_annee() -> None:
    assert lieu(verifie_le="2026-10-15", revision_mois=6).revision_due() == dt.date(2027, 4, 15)


def test_revision_due_en_fin_de_mois_reste_dans_le_mois() -> None:
    assert lieu(verifie_le="2026-01-31", revision_mois=1).revision_due() == dt.date(2026, 2, 28)


def test_perimee_le_lendemain_de_la_revision_due() -> None:
    fiche = lieu(verifie_le="2025-11-22")
    assert not fiche.est_perime(dt.date(2026, 11, 22))
    assert fiche.est_perime(dt.date(2026, 11, 23))


@pytest.mark.parametrize("mois", [0, 37])
def test_revision_mois_entre_1_et_36(mois: int) -> None:
    with pytest.raises(ValidationError):
        lieu(revision_mois=mois)
