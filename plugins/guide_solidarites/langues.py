"""The guide's languages: one gettext catalogue (French msgids), its translations, its pages.

French is the source: every sentence a visitor reads is written in French in the templates,
the vocabulary tables and the scripts' tables, and is the msgid of `locales/guide.pot`.
Each language has `locales/<code>/LC_MESSAGES/guide.po`, compiled with Babel when the
build starts (in memory: no compiled file to go stale). Its header carries
`X-Guide-Relecture`: `relue` once a native reader has checked it, `à relire` until then;
the site says so on every page of that language.

Refresh the template and the catalogues after changing a visible sentence:
`python -m guide_solidarites.langues` (new msgids arrive empty; the tests refuse an empty
msgstr).
"""

from __future__ import annotations

import gettext
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import jinja2.runtime
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from markupsafe import Markup

from .livre import dossier_theme

LANGUE_SOURCE = "fr"
"""The language of the records, the editorial pages, the pro directory and the msgids."""

LANGUES: tuple[str, ...] = ("fr", "en", "ar", "uk", "es")
"""The public guide's languages, French first (ISO 639-1, as `<html lang>`)."""

NOMS: Mapping[str, str] = {
    "fr": "Français", "en": "English", "ar": "العربية", "uk": "Українська", "es": "Español",
}
"""Each language in itself, as the language switch shows it."""

ECRITURE_DROITE_A_GAUCHE = frozenset({"ar"})

CHIFFRES: Mapping[str, str] = {"ar": "٠١٢٣٤٥٦٧٨٩"}
"""Digits of the hours and counts where they are not 0-9 (Arabic-Indic digits for Arabic,
as the Mashriq writes them and as readers of the Maghreb also read them). Telephone numbers
keep 0-9: they are dialled as printed."""

MILLIERS: Mapping[str, tuple[str, int]] = {
    "fr": ("\u202f", 4), "en": (",", 4), "ar": ("\u066c", 4), "uk": ("\u00a0", 4),
    "es": (".", 5),
}
"""How a count's thousands are grouped in each language: the separator (CLDR's: a narrow
no-break space in French, the Arabic thousands separator, a no-break space in Ukrainian)
and the fewest digits that are grouped (Spanish writes 2004 but 12.345). The scripts
receive the same pair (traductions.js)."""

DOSSIER_LOCALES = Path(__file__).parent / "locales"
DOMAINE = "guide"
FICHIER_MODELE = DOSSIER_LOCALES / f"{DOMAINE}.pot"
ENTETE_RELECTURE = "X-Guide-Relecture"
RELUE = "relue"
A_RELIRE = "à relire"

_ENTETE_RE = re.compile(rf'^"{ENTETE_RELECTURE}: *([^"\\]*)\\n"$', re.MULTILINE)
_VARIABLE_RE = re.compile(r"%\((\w+)\)[sd]|\{(\w*)\}")


def fichier_po(code: str) -> Path:
    return DOSSIER_LOCALES / code / "LC_MESSAGES" / f"{DOMAINE}.po"


@dataclass(frozen=True)
class Langue:
    """One language of the guide, with its compiled translations."""

    code: str
    traductions: gettext.NullTranslations
    relue: bool = True

    @property
    def nom(self) -> str:
        return NOMS[self.code]

    @property
    def direction(self) -> str:
        return "rtl" if self.code in ECRITURE_DROITE_A_GAUCHE else "ltr"

    @property
    def prefixe(self) -> str:
        """Where its pages go in the site: "" for French, "en/" for English."""
        return "" if self.code == LANGUE_SOURCE else f"{self.code}/"

    @property
    def source(self) -> bool:
        return self.code == LANGUE_SOURCE

    def gettext(self, message: str) -> str:
        return self.traductions.gettext(message)

    def ngettext(self, singulier: str, pluriel: str, n: int) -> str:
        return self.traductions.ngettext(singulier, pluriel, n)

    def chiffres(self, texte: str) -> str:
        return chiffres(texte, self.code)

    def nombre(self, n: int) -> str:
        return nombre(n, self.code)


VIRGULES: Mapping[str, str] = {"ar": "، "}
POINTS_VIRGULES: Mapping[str, str] = {LANGUE_SOURCE: " ; ", "ar": "؛ "}


def virgule(code: str) -> str:
    """What separates the items of a list in `code`: the Arabic comma in Arabic."""
    return VIRGULES.get(code, ", ")


def point_virgule(code: str) -> str:
    """What separates two groups of a list: French puts a space before « ; », Arabic has
    its own semicolon."""
    return POINTS_VIRGULES.get(code, "; ")


def nombre(n: int, code: str) -> str:
    """The count `n` as `code` writes it: « 2\u202f004 » in French, « 2,004 » in English,
    « ٢٬٠٠٤ » in Arabic."""
    separateur, minimum = MILLIERS[code]
    texte = str(n)
    if len(texte.lstrip("-")) >= minimum:
        texte = f"{n:,}".replace(",", separateur)
    return chiffres(texte, code)


def chiffres(texte: str, code: str) -> str:
    """`texte` with 0-9 written in the language's digits."""
    table = CHIFFRES.get(code)
    return texte.translate(str.maketrans("0123456789", table)) if table else texte


def _statut(texte_po: str) -> bool:
    """Whether the catalogue's header says a native reader has checked it."""
    trouve = _ENTETE_RE.search(texte_po)
    return trouve is not None and trouve.group(1).strip() == RELUE


@cache
def langue(code: str) -> Langue:
    """The language `code` (one of LANGUES), its catalogue compiled from the .po file."""
    if code not in LANGUES:
        raise ValueError(f"langue inconnue : {code!r} (langues du guide : {', '.join(LANGUES)})")
    if code == LANGUE_SOURCE:
        return Langue(code, gettext.NullTranslations(), relue=True)
    texte = fichier_po(code).read_text(encoding="utf-8")
    catalogue = read_po(io.StringIO(texte), locale=code, domain=DOMAINE)
    binaire = io.BytesIO()
    write_mo(binaire, catalogue)
    binaire.seek(0)
    return Langue(code, gettext.GNUTranslations(binaire), relue=_statut(texte))


def langues_du_guide() -> list[Langue]:
    return [langue(code) for code in LANGUES]


def variables(message: str) -> set[str]:
    """The placeholders of a message (`%(n)s` of templates, `{n}` of the scripts' tables)."""
    return {a or b for a, b in _VARIABLE_RE.findall(message)}


# --- Extraction ---------------------------------------------------------------------------------

# Jinja's own extractor (jinja2.ext.babel_extract) reads `_()` / `ngettext()` in templates;
# Python modules mark their sentences with `_()` too.
_METHODES = [
    ("templates/pro/**", "ignore"),
    ("templates/**.html", "jinja2.ext:babel_extract"),
    ("**.py", "python"),
]
_OPTIONS = {"templates/**.html": {"trim_blocks": "True", "lstrip_blocks": "True"}}


SCRIPTS_TRADUITS: tuple[str, ...] = ("carte.js", "recherche.js", "guide.js")
"""Scripts that write their sentences as gettext msgids, `_("Légende")` and
`_n("{n} lieu", "{n} lieux", n)`, translated by the page's #gs-traductions table
(`traductions_des_scripts`); the others read their own table of textes_scripts.py."""

MOTS_CLES_JS = {"_": None, "N_": None, "_n": (1, 2)}


@cache
def messages_des_scripts(script: str) -> tuple[str | tuple[str, ...], ...]:
    """The msgids of one of SCRIPTS_TRADUITS (a few milliseconds: read once per process)."""
    messages: dict[str | tuple[str, ...], None] = {}
    for fichier, _ligne, message, _c, _ in extract_from_dir(
            dossier_theme() / "assets" / "javascripts", [(script, "javascript")],
            keywords=MOTS_CLES_JS):
        if fichier == script:
            messages[message] = None
    return tuple(messages)


def traductions_des_scripts(code: str, script: str) -> dict[str, Any]:
    """The #gs-traductions table of `script` on a page in `code`: each msgid and its
    translation (a list of plural forms for `_n`), with the language (scripts pick the
    plural form) and its digits."""
    lg = langue(code)
    table: dict[str, Any] = {}
    for message in messages_des_scripts(script):
        if isinstance(message, tuple):
            singulier, pluriel = message
            # One form per plural index, as the catalogue's Plural-Forms rule numbers them
            # (the scripts apply the same rule: regle_pluriel in guide.js).
            regle = getattr(lg.traductions, "plural", lambda n: int(n > 1))
            exemples: dict[int, int] = {}
            for n in range(0, 200):
                exemples.setdefault(regle(n), n)
            table[singulier] = [lg.ngettext(singulier, pluriel, exemples[i])
                                for i in sorted(exemples)]
        else:
            table[message] = lg.gettext(message)
    if script == "carte.js":
        # The map's popups name each place's type with the open data's French label.
        from .vocab import TYPE_LIEU_LABELS

        for libelle in TYPE_LIEU_LABELS.values():
            table[libelle] = lg.gettext(libelle)
    return {"langue": code, "chiffres": CHIFFRES.get(code, ""),
            "milliers": list(MILLIERS[code]), "messages": table}


def _messages_des_tables() -> Iterator[tuple[str, str]]:
    """(msgid, where) of the sentences that live in data rather than in code."""
    from . import vocab
    from .textes_scripts import TEXTES

    for nom in vocab.TABLES_TRADUITES:
        for valeur in getattr(vocab, nom).values():
            yield valeur, f"vocab.{nom}"
    for script, table in TEXTES.items():
        for cle, valeur in table.items():
            if isinstance(valeur, str):
                yield valeur, f"textes_scripts.{script}.{cle}"


def extraire() -> Catalog:
    """Every msgid of the guide, from the templates, the modules and the tables."""
    catalogue = Catalog(domain=DOMAINE, project="guide-solidarites", charset="utf-8",
                        fuzzy=False)
    racine = Path(__file__).parent
    for fichier, ligne, message, commentaires, _ in extract_from_dir(
            racine, _METHODES, options_map=_OPTIONS, keywords={"_": None, "N_": None, "_t": None,
                                                               "gettext": None,
                                                               "ngettext": (1, 2)},
            comment_tags=("TRANSLATORS:",)):
        catalogue.add(message, locations=[(fichier, ligne)], auto_comments=commentaires)
    for fichier, ligne, message, commentaires, _ in extract_from_dir(
            dossier_theme(), [("**.html", "jinja2.ext:babel_extract")], options_map={
                "**.html": {"trim_blocks": "True", "lstrip_blocks": "True"}},
            comment_tags=("TRANSLATORS:",)):
        catalogue.add(message, locations=[(f"overrides/{fichier}", ligne)],
                      auto_comments=commentaires)
    for fichier, ligne, message, commentaires, _ in extract_from_dir(
            dossier_theme() / "assets" / "javascripts", [("**.js", "javascript")],
            keywords=MOTS_CLES_JS, comment_tags=("TRANSLATORS:",)):
        if fichier in SCRIPTS_TRADUITS:
            catalogue.add(message, locations=[(f"overrides/assets/javascripts/{fichier}",
                                               ligne)], auto_comments=commentaires)
    for message, ou in _messages_des_tables():
        catalogue.add(message, locations=[(ou, 0)])
    return catalogue


def mettre_a_jour() -> list[str]:
    """Write guide.pot and merge it into each language's .po; the languages with empty
    translations left (to be written)."""
    modele = extraire()
    FICHIER_MODELE.parent.mkdir(parents=True, exist_ok=True)
    with FICHIER_MODELE.open("wb") as sortie:
        write_po(sortie, modele, omit_header=False, sort_output=True, width=100,
                 include_lineno=False)
    incomplets = []
    for code in LANGUES:
        if code == LANGUE_SOURCE:
            continue
        chemin = fichier_po(code)
        if chemin.exists():
            texte = chemin.read_text(encoding="utf-8")
            catalogue = read_po(io.StringIO(texte), locale=code, domain=DOMAINE)
            relue = _statut(texte)
        else:
            catalogue = Catalog(locale=code, domain=DOMAINE, project="guide-solidarites",
                                fuzzy=False)
            relue = False
        catalogue.update(modele, no_fuzzy_matching=True)
        catalogue.obsolete.clear()
        sortie_po = io.BytesIO()
        write_po(sortie_po, catalogue, sort_output=True, width=100, include_lineno=False,
                 ignore_obsolete=True)
        texte = sortie_po.getvalue().decode("utf-8")
        ligne = f'"{ENTETE_RELECTURE}: {RELUE if relue else A_RELIRE}\\n"\n'
        texte = texte.replace('"Generated-By:', ligne + '"Generated-By:', 1)
        chemin.parent.mkdir(parents=True, exist_ok=True)
        chemin.write_text(texte, encoding="utf-8")
        if any(not m.string or (isinstance(m.string, tuple) and not all(m.string))
               for m in catalogue if m.id):
            incomplets.append(code)
    return incomplets


if __name__ == "__main__":
    reste = mettre_a_jour()
    print("À traduire : " + ", ".join(reste) if reste else "Catalogues complets.")


# --- Dates and hours in each language -------------------------------------------------------

FORMAT_HEURE: Mapping[str, str] = {"fr": "fr", "en": "12h", "ar": "24h", "uk": "24h",
                                   "es": "24h"}
"""How each language writes a time of day: "fr" 9 h 30, "12h" 9:30 am, "24h" 9:30. The same
rule runs in horaires.js (the table `horaires` of textes_scripts.py names it)."""


JOURS_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MOIS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre")
"""French days (Monday first) and months, as the pages write them (hours.py)."""


def N_(message: str) -> str:
    """Marks a French sentence for the catalogue where it is written; translated where used."""
    return message


SEULEMENT_EN_FRANCAIS = N_("Cette page n'existe qu'en français.")
"""Said in each other language on a page written in French only (ressources/)."""


def heure(minutes: int, code: str = LANGUE_SOURCE) -> str:
    """A time of day for the public: 9 h 30 (fr), 9:30 am (en), 9:30 (es, uk), ٩:٣٠ (ar)."""
    heures, reste = divmod(minutes, 60)
    style = FORMAT_HEURE[code]
    if style == "fr":
        return f"{heures} h" if reste == 0 else f"{heures} h {reste:02d}"
    if style == "12h":
        if heures % 24 == 0 and reste == 0:
            return "midnight" if code == "en" else "0:00"
        suffixe = "am" if heures % 24 < 12 else "pm"
        h12 = heures % 12 or 12
        return (f"{h12} {suffixe}" if reste == 0 else f"{h12}:{reste:02d} {suffixe}")
    return chiffres(f"{heures}:{reste:02d}", code)


def noms_des_jours(code: str) -> tuple[str, ...]:
    """Monday first, as the language writes them inside a sentence."""
    from babel.dates import get_day_names

    noms = get_day_names("wide", locale=code)
    return tuple(str(noms[i]) for i in range(7))


def noms_des_mois(code: str) -> tuple[str, ...]:
    from babel.dates import get_month_names

    noms = get_month_names("wide", locale=code)
    return tuple(str(noms[i]) for i in range(1, 13))


def date_langue(lg: Langue, jour: Any) -> str:
    """15 October 2026 (en), 15 de octubre de 2026 (es), ١٥ أكتوبر ٢٠٢٦ (ar)."""
    from babel.dates import format_date

    return lg.chiffres(format_date(jour, format="long", locale=lg.code))


# --- The pages of each language -------------------------------------------------------------


@dataclass(frozen=True)
class Alternative:
    """The same page in one language, as `<link hreflang>` and the language switch give it."""

    code: str
    nom: str
    href: str
    """Relative to the page that links to it."""
    absolue: str
    """Absolute (hreflang alternates must be), or from the site root without site_url."""
    actuelle: bool
    existe: bool
    """False: the page has no version in this language; the link leads to its home page."""


def alternatives(url_source: str, langue_page: str, url_page: str,
                 disponibles: frozenset[str], site_url: str | None,
                 langues_du_site: Iterable[str] = LANGUES) -> list[Alternative]:
    """For a page at `url_page` (relative to the site root) whose French address is
    `url_source`, its version in each language of the site (its home where it has none)."""
    retour = "../" * url_page.removeprefix("./").count("/")
    base = (site_url or "/").rstrip("/") + "/"
    resultat = []
    for code in [c for c in LANGUES if c in set(langues_du_site) | {LANGUE_SOURCE}]:
        prefixe = "" if code == LANGUE_SOURCE else f"{code}/"
        existe = code in disponibles
        cible = prefixe + url_source if existe else prefixe
        resultat.append(Alternative(code, NOMS[code], retour + cible or "./", base + cible,
                                    code == langue_page, existe))
    return resultat


def textes_traduits(code: str) -> dict[str, dict[str, Any]]:
    """The scripts' tables (textes_scripts.py) in the language `code`, with what horaires.js
    needs to write times, days and months as the pages do."""
    from .textes_scripts import TEXTES

    lg = langue(code)
    tables: dict[str, dict[str, Any]] = {}
    for script, table in TEXTES.items():
        tables[script] = {cle: lg.gettext(valeur) if isinstance(valeur, str) else valeur
                          for cle, valeur in table.items()}
    horaires = tables.setdefault("horaires", {})
    jours = JOURS_FR if lg.source else noms_des_jours(code)
    # horaires.js counts from Sunday, as Date.getUTCDay() does.
    horaires["jours"] = [jours[6], *jours[:6]]
    horaires["mois"] = list(MOIS_FR if lg.source else noms_des_mois(code))
    if not lg.source:
        horaires["numero_1"] = chiffres("1", code)  # "1er" is French only
    horaires["format_heure"] = FORMAT_HEURE[code]
    horaires["chiffres"] = CHIFFRES.get(code, "")
    horaires["langue"] = code
    return tables


def langues_des_pages(pages: Iterable[Any]) -> dict[str, frozenset[str]]:
    """For each French address (`PageGeneree.url_source`), the languages it exists in.

    A French page with no variant is left out; a French editorial page that has generated
    variants (the emergency numbers) gets them."""
    par_url: dict[str, set[str]] = {}
    for page in pages:
        if page.alternatives:
            par_url.setdefault(page.url_source, set()).add(page.langue)
    for langues_url in par_url.values():
        langues_url.add(LANGUE_SOURCE)
    return {url: frozenset(codes) for url, codes in par_url.items() if len(codes) > 1}


@jinja2.pass_context
def traduire_page(contexte: jinja2.runtime.Context, message: str, **valeurs: Any) -> str:
    """`_()` of the theme's templates: `message` in the language of the page being rendered,
    its %(placeholders)s filled (and escaped, as autoescape would)."""
    page = contexte.get("page")
    meta = getattr(page, "meta", None) or {}
    code = meta.get("langue") or LANGUE_SOURCE
    traduit = langue(code).gettext(message)
    return str(Markup(traduit) % valeurs) if valeurs else traduit


def globales_des_langues(autres: Sequence[str], langues_des_urls: Mapping[str, frozenset[str]],
                         site_url: str | None) -> dict[str, Any]:
    """What the theme's templates (overrides/) read about the languages of the build:
    `autres`, the languages besides French (none in the pro directory); `langues_des_urls`,
    from `langues_des_pages`."""
    du_site = (LANGUE_SOURCE, *autres)

    def alternatives_de(page: Any) -> list[Alternative]:
        code = page.meta.get("langue") or LANGUE_SOURCE
        prefixe = "" if code == LANGUE_SOURCE else f"{code}/"
        source = page.url.removeprefix(prefixe)
        # A generated page carries its languages (plugin.PageDuGuide); an editorial page is
        # looked up by its address.
        disponibles = page.meta.get("langues_disponibles")
        if disponibles is None:
            disponibles = langues_des_urls.get(source, frozenset())
        return alternatives(source, code, page.url, frozenset(disponibles), site_url, du_site)

    return {
        "multilingue": bool(autres),
        "alternatives": alternatives_de,
        "langue": lambda code: langue(code or LANGUE_SOURCE),
        "seulement_en_francais": SEULEMENT_EN_FRANCAIS,
        # JSON for <script type="application/json">, written once per build and language:
        # UTF-8 as it is (an Arabic table escaped as \uXXXX would weigh three times more).
        "textes_langues": {code: json_script(textes_traduits(code)) for code in du_site}
        if autres else {},
        "traductions_scripts": traductions_de_page if autres else None,
    }


# The page templates that load a script besides guide.js (which every page loads).
SCRIPTS_DES_GABARITS: Mapping[str, str] = {"carte.html": "carte.js",
                                          "recherche.html": "recherche.js"}


@cache
def traductions_de_page(code: str, gabarit: str | None) -> str:
    """The #gs-traductions JSON of a page in `code` made from `gabarit`: the sentences of
    the scripts it loads only (the map's are not on a place page)."""
    en_plus = SCRIPTS_DES_GABARITS.get(gabarit or "")
    scripts = ["guide.js", *([en_plus] if en_plus else [])]
    tables = [traductions_des_scripts(code, script) for script in scripts]
    messages = {cle: valeur for table in tables for cle, valeur in table["messages"].items()}
    return json_script({**tables[0], "messages": messages})


def json_script(data: Any) -> str:
    """JSON safe inside <script>: no `</script>` or `<!--` can close or confuse the element."""
    texte = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return texte.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
