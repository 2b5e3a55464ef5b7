"""The guide in its other languages, in Chromium: `lang` and `dir`, no French left in the
interface, the language switch, hreflang alternates, axe in Arabic, search per language.

The French-chrome scan reads each translated page and looks for the French catalogue's
sentences (the msgids of locales/guide.pot whose translation differs, and Material's own
French chrome): a text node that is one of them, outside an element marked `lang="fr"`
(partners' text, which stays French unless the record translates it), fails the test.
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from babel.messages.pofile import read_po
from guide_solidarites import langues
from guide_solidarites.langues import LANGUES, NOMS, langue
from playwright.sync_api import expect

from .conftest import FIXTURE, horloge
from .test_accessibilite import axe_source, verifier  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser

TRADUITES = [code for code in LANGUES if code != "fr"]
SITE_URL = re.search(r"^site_url: (\S+)$", (FIXTURE / "mkdocs.yml").read_text("utf-8"),
                     re.M).group(1)  # type: ignore[union-attr]
MATERIAL_FR = Path(__import__("material").__file__).parent / "templates" / "partials" / \
    "languages" / "fr.html"

PAGES = {
    "accueil": "",
    "lieu": "lieux/ccas-sable-centre/",
    "partenaire": "partenaires/caf-sarthe/",
    "commune": "communes/72264/",
    "theme": "themes/difficultes-financieres/",
    "communes": "communes/",
    "partenaires": "partenaires/",
    "recherche": "recherche/",
    "carte": "carte/",
    "selection": "ma-selection/",
    "hors-ligne": "hors-ligne/",
    "urgences": "urgences/",
}


# --- The French sentences to look for ---------------------------------------------------------


def _motif(message: str) -> re.Pattern[str]:
    """A msgid as a pattern over a whole text: its placeholders match any text."""
    # A count is digits (of any script); any other placeholder, any text.
    morceaux = re.split(r"(%\(\w+\)[sd]|\{\w*\})", message)
    motif = "".join(
        (r"[\d\s]+" if m in ("%(num)s", "{n}", "{max}") else "(.+?)") if i % 2 else re.escape(m)
        for i, m in enumerate(morceaux))
    return re.compile(r"\s*" + motif + r"\s*", re.S)


def phrases_francaises(code: str) -> list[tuple[str, re.Pattern[str]]]:
    """The French sentences a page in `code` must not show: those the language translates
    differently (a proper name such as "France Services" stays), and Material's French."""
    traduction = langue(code)
    modele = read_po(io.StringIO(langues.FICHIER_MODELE.read_text("utf-8")))
    phrases = []
    for message in modele:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        for msgid in ids:
            traduit = (traduction.gettext(msgid) if isinstance(message.id, str)
                       else traduction.ngettext(ids[0], ids[1], 1 if msgid == ids[0] else 5))
            # Punctuation alone (" : ") or too short to be told from a name: left out.
            if traduit != msgid and len(re.sub(r"%\(\w+\)[sd]|\{\w*\}|\W", "", msgid)) >= 4:
                phrases.append((msgid, _motif(msgid)))
    francais = _material("fr")
    cible = _material(code)
    for cle, valeur in francais.items():
        if len(valeur) >= 6 and not valeur.startswith("#") and cible.get(cle) != valeur:
            phrases.append((valeur, _motif(valeur)))
    return phrases


def _material(code: str) -> dict[str, str]:
    """Material's own translations of its chrome, for one language."""
    texte = (MATERIAL_FR.parent / f"{code}.html").read_text("utf-8")
    return dict(re.findall(r'^\s*"([\w.]+)": "([^"]+)",?$', texte, re.M))


class Textes(HTMLParser):
    """The visible texts of a page (and the attributes a reader hears), outside elements
    marked French and outside scripts."""

    ATTRIBUTS = ("aria-label", "placeholder", "title", "alt")
    VIDES = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
             "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pile: list[tuple[str, bool]] = []
        self.textes: list[str] = []

    def _francais(self) -> bool:
        return any(francais for _, francais in self.pile)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        valeurs = dict(attrs)
        francais = valeurs.get("lang") == "fr" or tag in ("script", "style", "template")
        if not (francais or self._francais()):
            self.textes += [v for k, v in attrs if k in self.ATTRIBUTS and v]
            if tag == "meta" and valeurs.get("name") == "description" and valeurs.get("content"):
                self.textes.append(valeurs["content"] or "")
        if tag not in self.VIDES:
            self.pile.append((tag, francais))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.pile) - 1, -1, -1):
            if self.pile[i][0] == tag:
                del self.pile[i:]
                break

    def handle_data(self, data: str) -> None:
        if data.strip() and not self._francais():
            self.textes.append(" ".join(data.split()))


def francais_restant(html: str, code: str) -> list[str]:
    lecteur = Textes()
    lecteur.feed(html)
    phrases = phrases_francaises(code)
    trouves = []
    for texte in lecteur.textes:
        for msgid, motif in phrases:
            if motif.fullmatch(texte):
                trouves.append(f"{msgid!r} in {texte!r}")
    return trouves


def test_le_detecteur_trouve_le_francais_qu_il_doit_trouver() -> None:
    # The scan tests itself: a French button is found, the same text marked French is not,
    # and a sentence with a placeholder is found whatever fills it.
    assert francais_restant("<p><button>Ajouter à ma sélection</button></p>", "en")
    assert francais_restant('<input placeholder="Que cherchez-vous ?">', "ar")
    assert francais_restant("<p>Appeler le 02 43 00 00 00</p>", "uk")
    assert francais_restant('<span lang="fr">Appeler le 02 43 00 00 00</span>', "uk") == []
    assert francais_restant("<p>Call 02 43 00 00 00</p>", "en") == []
    assert francais_restant("<a>Aller au contenu</a>", "es")


# --- Static pages ----------------------------------------------------------------------------


def pages_traduites(dossier: Path, code: str) -> list[Path]:
    return sorted((dossier / code).rglob("index.html"))


@pytest.mark.parametrize("code", TRADUITES)
def test_chaque_page_du_guide_existe_dans_chaque_langue(sites: dict[str, str],
                                                        code: str) -> None:
    dossier = Path(sites["public_dir"])
    for chemin in PAGES.values():
        assert (dossier / code / chemin / "index.html").is_file(), f"/{code}/{chemin}"
    francaises = {p.relative_to(dossier).parent.as_posix() for p in
                  (dossier / "lieux").rglob("index.html")}
    traduites = {p.relative_to(dossier / code).parent.as_posix() for p in
                 (dossier / code / "lieux").rglob("index.html")}
    assert francaises == traduites


@pytest.mark.parametrize("code", TRADUITES)
def test_aucune_phrase_francaise_dans_l_interface_des_pages_traduites(
        sites: dict[str, str], code: str) -> None:
    dossier = Path(sites["public_dir"])
    fautes = {}
    for fichier in pages_traduites(dossier, code):
        restes = francais_restant(fichier.read_text("utf-8"), code)
        if restes:
            fautes[fichier.relative_to(dossier).as_posix()] = restes[:5]
    assert fautes == {}


def test_chaque_page_annonce_ses_alternatives_et_elles_existent(sites: dict[str, str]) -> None:
    dossier = Path(sites["public_dir"])
    alternative = re.compile(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">')
    for code in ["fr", *TRADUITES]:
        base = dossier if code == "fr" else dossier / code
        for chemin in PAGES.values():
            html = (base / chemin / "index.html").read_text("utf-8")
            liens = dict(alternative.findall(html))
            assert set(liens) == {*LANGUES, "x-default"}, (code, chemin)
            assert liens["x-default"] == liens["fr"]
            for cible, adresse in liens.items():
                assert adresse.startswith(SITE_URL), adresse
                local = dossier / urlsplit(adresse).path.lstrip("/") / "index.html"
                assert local.is_file(), (code, chemin, cible, adresse)
                # Each alternate lists this page back.
                assert f'href="{SITE_URL}{(code + "/") if code != "fr" else ""}{chemin}"' in \
                    local.read_text("utf-8")


def test_une_page_en_francais_seulement_le_dit_dans_chaque_langue(sites: dict[str, str]) -> None:
    html = (Path(sites["public_dir"]) / "ressources" / "index.html").read_text("utf-8")
    assert 'hreflang="en"' not in html.split("</head>")[0]
    for code in TRADUITES:
        phrase = langue(code).gettext(langues.SEULEMENT_EN_FRANCAIS)
        assert phrase != langues.SEULEMENT_EN_FRANCAIS
        assert re.search(f'<p class="gs-langues__seulement" lang="{code}" dir="[lr]t[lr]">'
                         f'{re.escape(phrase)}</p>', html), code


# --- In the browser ------------------------------------------------------------------------


@pytest.mark.parametrize("code", LANGUES)
def test_lang_et_dir_de_chaque_langue(nouvelle_page: Any, site_public: str, code: str) -> None:
    page = nouvelle_page()
    prefixe = "" if code == "fr" else f"{code}/"
    for chemin in ("", "lieux/ccas-sable-centre/", "recherche/", "carte/"):
        page.goto(site_public + prefixe + chemin)
        assert page.evaluate("document.documentElement.lang") == code
        sens = "rtl" if code == "ar" else "ltr"
        assert page.evaluate("getComputedStyle(document.body).direction") == sens
        assert page.evaluate("document.body.dir") == sens


@pytest.mark.parametrize("code", TRADUITES)
def test_aucune_phrase_francaise_une_fois_les_scripts_passes(nouvelle_page: Any,
                                                             site_public: str, code: str) -> None:
    # What the scripts write (open-now lines, selection, map legend) is in the language too.
    page = nouvelle_page()
    horloge(page, "2026-11-24T10:00")
    fautes = {}
    for nom in ("accueil", "lieu", "carte", "selection"):
        page.goto(f"{site_public}{code}/{PAGES[nom]}")
        page.wait_for_load_state("networkidle")
        restes = francais_restant(page.content(), code)
        if restes:
            fautes[nom] = restes[:5]
    assert fautes == {}


def test_la_ligne_ouvert_maintenant_dans_la_langue_de_la_page(nouvelle_page: Any,
                                                              site_public: str) -> None:
    page = nouvelle_page()
    horloge(page, "2026-11-24T10:00")
    page.goto(site_public + "en/lieux/ccas-sable-centre/")
    expect(page.locator(".gs-etat--principal")).to_have_text("Open now · closes at 12 pm")
    page.goto(site_public + "ar/lieux/ccas-sable-centre/")
    expect(page.locator(".gs-etat--principal")).to_have_text(
        "مفتوح الآن · يغلق على الساعة ١٢:٠٠")


def test_le_selecteur_mene_a_la_meme_page_dans_l_autre_langue_sans_javascript(
        nouvelle_page: Any, site_public: str) -> None:
    page = nouvelle_page(java_script_enabled=False)
    page.goto(site_public + "lieux/ccas-sable-centre/")
    selecteur = page.get_by_role("navigation", name="Langues")
    expect(selecteur.locator('[aria-current="page"]')).to_have_text("Français")
    for code in TRADUITES:
        page.goto(site_public + "lieux/ccas-sable-centre/")
        page.get_by_role("navigation", name="Langues").get_by_role(
            "link", name=NOMS[code]).click()
        assert page.url == f"{site_public}{code}/lieux/ccas-sable-centre/"
        assert page.evaluate("document.documentElement.lang") == code
        nom = langue(code).gettext("Langues")
        retour = page.get_by_role("navigation", name=nom).get_by_role("link", name="Français")
        assert urljoin(page.url, retour.get_attribute("href") or "") == \
            f"{site_public}lieux/ccas-sable-centre/"


def test_chaque_langue_dit_que_sa_traduction_est_a_relire(nouvelle_page: Any,
                                                         site_public: str) -> None:
    page = nouvelle_page()
    for code in TRADUITES:
        page.goto(f"{site_public}{code}/")
        expect(page.locator(".gs-langues__relecture")).to_have_text(langue(code).gettext(
            "Traduction à relire : aucun lecteur de cette langue ne l'a encore vérifiée."))
    page.goto(site_public)
    expect(page.locator(".gs-langues__relecture")).to_have_count(0)


@pytest.mark.parametrize("nom", ["accueil", "lieu", "partenaire", "commune", "theme",
                                 "communes", "recherche", "carte", "urgences"])
def test_axe_sans_violation_en_arabe(nouvelle_page: Any, site_public: str, nom: str,
                                     axe_source: str) -> None:  # noqa: F811
    page = nouvelle_page()
    page.goto(f"{site_public}ar/{PAGES[nom]}")
    page.wait_for_load_state("networkidle")
    verifier(page, axe_source)


def test_la_recherche_anglaise_lit_son_index_et_mene_aux_pages_anglaises(
        nouvelle_page: Any, site_public: str) -> None:
    page = nouvelle_page()
    requetes: list[str] = []
    page.on("request", lambda r: requetes.append(r.url))
    page.goto(site_public + "en/recherche/?q=ccas")
    premier = page.locator("#gs-recherche-resultats a").first
    expect(premier).to_be_visible()
    assert urljoin(page.url, premier.get_attribute("href") or "").startswith(
        site_public + "en/lieux/")
    assert any("/pagefind/pagefind.en_" in r for r in requetes), requetes
    assert any(r.endswith("/pagefind/gs-lieux-en.json") for r in requetes)
    assert not any(r.endswith("/pagefind/gs-lieux.json") for r in requetes)


def test_hors_connexion_une_page_jamais_ouverte_le_dit_dans_sa_langue(
        nouvelle_page: Any, site_public: str) -> None:
    page = nouvelle_page()
    page.goto(site_public + "ar/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    # A page of the language, opened once with the network: its offline page is kept too.
    page.goto(site_public + "ar/lieux/ccas-sable-centre/")
    page.wait_for_function("caches.open('gs-pages').then(c => c.match("
                           f"'{site_public}ar/hors-ligne/')).then(r => !!r)")
    page.context.set_offline(True)
    try:
        page.goto(site_public + "ar/lieux/epicerie-la-fleche/")
        page.wait_for_url(re.compile(r"/ar/hors-ligne/\?page="))
        assert page.evaluate("document.documentElement.lang") == "ar"
        expect(page.locator("h1")).to_have_text(langue("ar").gettext("Pas de connexion"))
        expect(page.locator("a[href='tel:3919']")).to_be_visible()
    finally:
        page.context.set_offline(False)


def test_le_texte_d_une_fiche_traduite_s_affiche_et_sinon_reste_en_francais_marque(
        sites: dict[str, str]) -> None:
    dossier = Path(sites["public_dir"])
    anglais = (dossier / "en/lieux/ccas-sable-centre/index.html").read_text("utf-8")
    assert '<p class="gs-description">Welcome, listening and guidance for any question.' \
        in anglais
    assert "<li>An identity document, if you have one</li>" in anglais
    assert "Accueil, écoute et orientation" not in anglais.split("<article")[1]
    arabe = (dossier / "ar/lieux/ccas-sable-centre/index.html").read_text("utf-8")
    assert ('<p class="gs-description" lang="fr" dir="ltr">Accueil, écoute et orientation '
            "pour toute question.") in arabe
    assert '<ul lang="fr" dir="ltr">' in arabe
    assert "Welcome, listening" not in arabe


# "I need food", as a person types it on the pages of each language.
FAIM = {"en": "I need food", "es": "necesito comida", "uk": "мені потрібна їжа",
        "ar": "أحتاج طعام"}


@pytest.mark.parametrize("code", TRADUITES)
def test_un_besoin_tape_dans_la_langue_de_la_page_trouve_l_aide_alimentaire(
        nouvelle_page: Any, site_public: str, code: str) -> None:
    from guide_solidarites.besoins import vocabulaire_langue

    page = nouvelle_page()
    horloge(page, "2026-11-24T10:00")
    page.goto(f"{site_public}{code}/recherche/?q={FAIM[code]}")
    premier = page.locator("#gs-recherche-resultats a").first
    expect(premier).to_be_visible()
    # The fixture's food aid (an épicerie solidaire) comes first, on the page of that language.
    assert urljoin(page.url, premier.get_attribute("href") or "") == \
        f"{site_public}{code}/lieux/epicerie-la-fleche/"
    # The count names the need in the language of the page, not in French.
    libelle = vocabulaire_langue(code).besoins["alimentation"].libelle
    statut = page.locator("#gs-recherche-statut")
    expect(statut).to_contain_text(libelle)
    assert "aide alimentaire" not in statut.inner_text()


# The left edge of each group of digits of the first phone number inside an element.
POSITIONS_DES_CHIFFRES = """(el) => {
  const marche = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  const r = document.createRange();
  const xs = [];
  while (marche.nextNode()) {
    const t = marche.currentNode;
    for (const m of t.data.matchAll(/\\d\\d/g)) {
      r.setStart(t, m.index); r.setEnd(t, m.index + 2);
      xs.push(r.getBoundingClientRect().left);
    }
  }
  return xs;
}"""


def test_en_arabe_un_numero_de_telephone_se_lit_dans_son_ordre(nouvelle_page: Any,
                                                                site_public: str) -> None:
    """Right to left, « 02 43 62 50 10 » must not show as « 10 50 62 43 02 »: in the page's
    call button, in the address, and in a search result written by the script."""
    page = nouvelle_page()
    page.goto(site_public + "ar/lieux/ccas-sable-centre/")
    bouton = page.locator('a.gs-bouton[href^="tel:"]').first
    groupes = bouton.evaluate(POSITIONS_DES_CHIFFRES)
    assert len(groupes) == 5 and groupes == sorted(groupes), groupes
    adresse = page.locator(".gs-adresse")
    assert adresse.get_attribute("dir") == "ltr" and adresse.get_attribute("lang") == "fr"
    page.goto(site_public + "ar/recherche/?q=ccas")
    lien = page.locator('#gs-recherche-resultats a[href^="tel:"]').first
    expect(lien).to_be_visible()
    groupes = lien.evaluate(POSITIONS_DES_CHIFFRES)
    assert len(groupes) == 5 and groupes == sorted(groupes), groupes


@pytest.mark.parametrize("code", TRADUITES)
def test_le_logo_ramene_a_l_accueil_de_la_langue_de_la_page(nouvelle_page: Any,
                                                           site_public: str, code: str) -> None:
    page = nouvelle_page(java_script_enabled=False)
    page.goto(f"{site_public}{code}/lieux/ccas-sable-centre/")
    page.locator("a.md-header__button.md-logo").click()
    assert page.url == f"{site_public}{code}/"
    page.goto(f"{site_public}lieux/ccas-sable-centre/")
    page.locator("a.md-header__button.md-logo").click()
    assert page.url == site_public
