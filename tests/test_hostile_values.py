"""Values that are not what they look like, and random text in every field.

The unit tests pin each refusal and each harmless normalisation of textes.py. The
property-based test (Hypothesis) writes random text (markup, control and bidirectional
characters, no-break spaces, curly quotes, long strings) into every text field of the
model, found by walking it (tests/hostile.py), then runs the real loader and checks:
validation never raises; a refusal is a French message with file, line and column; an
accepted value shows on the public pages as text, never as markup, and the theme gets it
escaped.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from guide_solidarites.catalogue import Variante, build_catalogue
from guide_solidarites.communes import load_communes
from guide_solidarites.loader import Charge
from guide_solidarites.models import Lieu, Partenaire
from guide_solidarites.pages import PageGeneree, pages_du_guide, reglages
from guide_solidarites.problems import Report
from guide_solidarites.render import Rendu
from guide_solidarites.textes import mailto_href, nom_du_caractere
from guide_solidarites.validation import valider
from hostile import LIEU, LIEU_ID, PARTENAIRE, PARTENAIRE_ID, champs_texte, ecrire, poser
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

AUJOURDHUI = dt.date(2026, 11, 23)
COMMUNES = load_communes()

BASE_PARTENAIRE = {"id": "ccas", "nom": "Centre communal", "cercle": "premier-accueil",
                   "verifie_le": "2026-10-01", "verifie_par": "CCAS, accueil"}


def refus(**champs: Any) -> list[tuple[str, str, str]]:
    """(code, message, hint) of each error of a partner with these fields."""
    try:
        Partenaire.model_validate({**BASE_PARTENAIRE, **champs})
    except ValidationError as exc:
        return [(e["type"], e["msg"], str((e.get("ctx") or {}).get("indice", "")))
                for e in exc.errors()]
    return []


def accepte(champ: str, valeur: Any) -> Any:
    partenaire = Partenaire.model_validate({**BASE_PARTENAIRE, champ: valeur})
    return getattr(partenaire, champ)


# --- Phone numbers -----------------------------------------------------------------------


def test_a_phone_typed_with_the_letter_o_is_refused_with_the_right_number() -> None:
    [(code, message, indice)] = refus(telephone="O2 43 62 5O OO")
    assert code == "telephone-lettre-o"
    assert "lettre O à la place du chiffre zéro" in message
    assert "« 02 43 62 50 00 »" in indice


def test_a_label_before_a_phone_number_is_refused_not_dropped() -> None:
    [(code, message, indice)] = refus(telephone="Tél. accueil 02 43 62 50 10")
    assert code == "telephone-libelle"
    assert "« Tél. accueil »" in message
    assert "« 02 43 62 50 10 »" in indice


def test_an_extension_after_the_number_is_refused() -> None:
    assert [c for c, _, _ in refus(telephone="02 43 62 50 10 poste 12")] == ["telephone-libelle"]


def test_two_numbers_in_one_field_name_the_separator() -> None:
    [(code, message, _)] = refus(telephone="02 43 62 50 10 ; 02 43 62 50 11")
    assert code == "telephone-invalide" and "« ; »" in message


@pytest.mark.parametrize("ecrit", ["02\u00a043\u00a062\u00a050\u00a010", "02\u202f43 62 50 10",
                                   "０２ ４３ ６２ ５０ １０", "“02 43 62 50 10”"])
def test_no_break_spaces_foreign_digits_and_curly_quotes_are_harmless_in_a_number(
        ecrit: str) -> None:
    assert accepte("telephone", ecrit) == "02 43 62 50 10"


# --- E-mail and web addresses --------------------------------------------------------------


@pytest.mark.parametrize("courriel", ["a?bcc=x@exemple.org", "a&cc=x@exemple.org",
                                      "a,x@exemple.org", "a%40b@exemple.org", "a#b@exemple.org"])
def test_an_address_a_mailto_link_would_read_as_more_is_refused(courriel: str) -> None:
    [(code, message, indice)] = refus(courriel=courriel)
    assert code == "courriel-invalide" and "caractère « " in message
    assert "destinataire" in indice


def test_mailto_is_percent_encoded_whatever_the_address() -> None:
    assert mailto_href("accueil+rdv@exemple.org") == "mailto:accueil%2Brdv@exemple.org"
    assert mailto_href("a?bcc=x@y") == "mailto:a%3Fbcc%3Dx@y"


def test_mailto_prefix_is_explained() -> None:
    [(_, _, indice)] = refus(courriel="mailto:accueil@exemple.org")
    assert "retirez « mailto: »" in indice


@pytest.mark.parametrize(("url", "attendu"), [
    ("https://www.caf.fr@exemple.org/", "mène en réalité à « exemple.org »"),
    ('https://exemple.org/"><script>', "« \" »"),
    ("https://exemple.org/a b", "une espace"),
    ("javascript:alert(1)", "adresse web invalide"),
    ("data:text/html,<script>", "« < »"),
])
def test_web_addresses_that_lead_elsewhere_or_run_code_are_refused(url: str, attendu: str
                                                                   ) -> None:
    [(code, message, _)] = refus(site_web=url)
    assert code == "url-invalide" and attendu in message


# --- Invisible characters ------------------------------------------------------------------


@pytest.mark.parametrize(("car", "nom"), [
    ("\u202e", "U+202E (forçage droite-à-gauche)"), ("\u2066", "U+2066 (isolat gauche-à-droite)"),
    ("\u2069", "U+2069 (fin d'isolat de direction)"), ("\u0000", "U+0000 (caractère nul)"),
    ("\u0007", "U+0007 (caractère de contrôle)"), ("\x81", "U+0081 (caractère de contrôle)"),
    ("\ue000", "U+E000 (caractère à usage privé"), ("\U000e0041", "U+E0041 (caractère de mise"),
])
def test_an_invisible_character_is_refused_and_named(car: str, nom: str) -> None:
    [(code, message, _)] = refus(nom=f"Mairie de {car}Sablé")
    assert code == "caractere-invisible"
    assert f"caractère invisible {nom}" in message
    assert "après « Mairie de »" in message
    assert car not in message  # the message itself shows nothing invisible


@pytest.mark.parametrize("champ", ["nom", "description", "sigle", "verifie_par"])
def test_bidi_overrides_are_refused_in_every_text_field(champ: str) -> None:
    assert [c for c, _, _ in refus(**{champ: "Centre\u202e communal"})] == ["caractere-invisible"]


def test_invisible_characters_are_refused_in_lists_and_nested_blocks() -> None:
    erreurs = refus(pro={"orientation": {"documents": ["Pièce d'identité", "Avis\u2067"]},
                         "referents": [{"nom": "A\u200fB"}]})
    assert [c for c, _, _ in erreurs] == ["caractere-invisible"] * 2
    assert "dans l'élément 2 de la liste" in erreurs[0][1] + erreurs[1][1]


def test_french_typography_and_joiners_stay() -> None:
    texte = "L’accueil « sans rendez-vous » : 9\u202fh\u00a0– 12\u202fh 👩\u200d👧"
    assert accepte("description", texte) == texte


def test_carriage_returns_and_tabs_become_what_they_show() -> None:
    assert accepte("description", "Ligne 1\r\nLigne 2\tsuite") == "Ligne 1\nLigne 2 suite"


def test_line_break_hints_are_dropped_and_windows_1252_read_as_latin_1_repaired() -> None:
    # Both found in the national data·inclusion file.
    assert accepte("description", "\u200bLa Commu\u00ad\u00adnauté") == "La Communauté"
    assert accepte("description", "L\x92épicerie") == "L’épicerie"


def test_unassigned_code_points_may_be_tomorrow_s_letters() -> None:
    assert nom_du_caractere("\U0001fae9") is None or "\U0001fae9".isprintable()
    assert nom_du_caractere("\ufffe") == "U+FFFE (non-caractère)"


def test_straightened_quotes_make_opening_hours_valid() -> None:
    lieu = Lieu.model_validate({**LIEU, "id": LIEU_ID, "partenaire": PARTENAIRE_ID,
                                "horaires": {"sans_rendez_vous":
                                             "Mo-Fr\u00a009:00-12:00 “sur place”"}})
    assert lieu.horaires.sans_rendez_vous == 'Mo-Fr 09:00-12:00 "sur place"'


# --- Random text into every field ----------------------------------------------------------

CHAMPS = [("partenaire", c) for c in champs_texte(Partenaire)] + [
    ("lieu", c) for c in champs_texte(Lieu)]

# What a partner can paste: markup, quotes and ampersands, every kind of space and of
# invisible character, letters of other scripts, emoji; and long values.
MORCEAUX = st.sampled_from([
    "<script>alert(1)</script>", "</title>", "\"><img src=x onerror=alert(1)>", "'", '"',
    "&amp;", "&", "<!--", "]]>", "javascript:", "<meta http-equiv=refresh content=0>",
    "\u00a0", "\u202f", "\u202e", "\u2066", "\u0000", "\t", "\r\n", "\n\n", "’", "«", "»",
    "O2 43 62 5O OO", "02 43 62 50 10", "a?bcc=x@y.fr", "https://exemple.org/", "{valeur}",
    "%s", "Mo-Fr 09:00-12:00", "\U0001f600", "عربي", "\ufeff", "\x85", "\u2028",
])
TEXTE = st.one_of(
    st.text(max_size=60),
    st.lists(st.one_of(MORCEAUX, st.text(max_size=8)), max_size=8).map("".join),
    st.text(alphabet="ab <>&\"'é", min_size=1000, max_size=3000),
)

# Where each field shows on the public pages (lieu or partner page), for the text check.
VISIBLES = {("lieu", "nom"), ("lieu", "description"), ("lieu", "adresse"),
            ("lieu", "complement_adresse"), ("lieu", "transports"), ("lieu", "services[].nom"),
            ("lieu", "services[].description"), ("lieu", "permanences[].nom"),
            ("lieu", "fermetures[].message"), ("partenaire", "nom"),
            ("partenaire", "description")}

_MESSAGE_ANGLAIS = re.compile(r"\b(?:should|Input|Value error|Field required|valid)\b")


class Balises(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.balises: list[str] = []
        self.texte: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.balises.append(tag + "".join(sorted(" " + nom for nom, _ in attrs)))

    def handle_data(self, data: str) -> None:
        self.texte.append(data)


def lire(fragment: str) -> Balises:
    parseur = Balises()
    parseur.feed(fragment)
    parseur.close()
    return parseur


def ecrire_un(racine: Path, record: str, champ: str, valeur: str) -> None:
    partenaire = yaml.safe_load(yaml.safe_dump(PARTENAIRE))
    lieu = yaml.safe_load(yaml.safe_dump(LIEU))
    poser(partenaire if record == "partenaire" else lieu, champ, valeur)
    ecrire(racine / "annuaire", racine / "annuaire-pro", partenaire, lieu)


def valider_les_deux(racine: Path) -> tuple[Charge, Report]:
    return valider(racine / "annuaire", aujourdhui=AUJOURDHUI, communes=COMMUNES,
                   racine_pro=racine / "annuaire-pro")


def rendre(charge: Charge, racine: Path) -> tuple[list[PageGeneree], dict[str, Balises]]:
    catalogue = build_catalogue(charge, Variante.PUBLIC, racine, aujourdhui=AUJOURDHUI)
    pages = [p for p in pages_du_guide(catalogue, reglages())
             if p.chemin in (f"lieux/{LIEU_ID}.md", f"partenaires/{PARTENAIRE_ID}.md")]
    rendu = Rendu(catalogue.communes)
    return pages, {p.chemin: lire(rendu.fragment(p)) for p in pages}


def valeur_lue(charge: Charge, record: str, champ: str) -> Any:
    noeud: Any = (charge.partenaires[PARTENAIRE_ID] if record == "partenaire"
                  else charge.lieux[LIEU_ID])
    if champ.startswith("pro."):  # read from the professional tree
        noeud = (charge.pro_partenaires if record == "partenaire" else charge.pro_lieux).get(
            PARTENAIRE_ID if record == "partenaire" else LIEU_ID)
        champ = champ.removeprefix("pro.")
    for partie in champ.split("."):
        if partie.endswith("}"):  # traductions{en}: the part under that key
            cle, sous_cle = partie[:-1].split("{")
            noeud = getattr(noeud, cle).get(sous_cle)
            continue
        noeud = getattr(noeud, partie.removesuffix("[]"))
        if partie.endswith("[]"):
            noeud = noeud[0] if noeud else None
    return noeud


@pytest.fixture(scope="module")
def reference() -> dict[str, Balises]:
    with tempfile.TemporaryDirectory() as dossier:
        ecrire_un(Path(dossier), "lieu", "nom", "Nom neutre")
        charge, _ = valider_les_deux(Path(dossier))
        return rendre(charge, Path(dossier) / "annuaire")[1]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cible=st.sampled_from(CHAMPS), valeur=TEXTE)
def test_random_text_in_any_field_is_refused_in_french_or_shown_as_text(
        cible: tuple[str, str], valeur: str, reference: dict[str, Balises]) -> None:
    record, champ = cible
    with tempfile.TemporaryDirectory() as dossier:
        racine = Path(dossier)
        ecrire_un(racine, record, champ, valeur)
        charge, report = valider_les_deux(racine)  # never raises
        if report.erreurs:
            for p in report.erreurs:
                assert p.fichier is not None and p.ligne is not None and p.colonne, p
                assert p.message and not _MESSAGE_ANGLAIS.search(p.message), p.message
                assert not [c for c in p.format() if c != "\n" and nom_du_caractere(c)], p.format()
            return
        lue = valeur_lue(charge, record, champ)
        # Nothing that does not show was let in.
        assert not [c for c in str(lue) if c != "\n" and nom_du_caractere(c)], repr(lue)
        pages, rendues = rendre(charge, racine / "annuaire")
        for page in pages:
            # The theme's title and description: escaped, so nothing in them is markup.
            assert "<" not in page.titre_html and '"' not in page.description_html
            assert html.unescape(page.titre_html) == page.titre
            # Same elements as with a plain name: the value added no markup.
            if isinstance(lue, str) and lue.strip():
                assert rendues[page.chemin].balises == reference[page.chemin].balises
        if (record, champ) in VISIBLES and isinstance(lue, str) and lue.strip():
            chemin = (f"lieux/{LIEU_ID}.md" if record == "lieu"
                      else f"partenaires/{PARTENAIRE_ID}.md")
            texte = " ".join("".join(rendues[chemin].texte).split())
            assert " ".join(lue.split()) in texte
