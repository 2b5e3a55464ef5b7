"""Stored script injection: record text never becomes markup, in any file of either build.

tests/hostile.py plants markup in every text field of a partner and a place (services,
permanences, closures and `pro:` block included, found by walking the models). Both
variants are built for real with the production configuration; then every output file is
read (Pagefind's gzipped chunks decompressed, as in tests/test_fuite.py):

- in HTML and XML, a planted value may only be text or the value of a harmless attribute:
  no element, event handler, refresh or `javascript:` link may come out of it;
- in data files (JSON, GeoJSON, CSV, Pagefind's JSON), it must be data: the file still
  parses and the value comes back whole, neither cut nor escaped twice.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import zlib
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hostile import (
    AUJOURDHUI,
    LIEU_ID,
    MARQUEUR_RE,
    PARTENAIRE_ID,
    AnnuaireHostile,
)

# The planted tags as they would read if printed raw (escaped, they lose their "<").
BALISE_PLANTEE = re.compile(
    rb"<(?:script>gsx\(|img src=x onerror=gsx\(|svg onload=gsx\(|meta http-equiv=refresh "
    rb"content=0;url=/gsx|a href=javascript:gsx\()", re.IGNORECASE)

ECHAPPE_RE = re.compile(r"&(?:lt|gt|quot|amp|#x?[0-9a-f]+);", re.IGNORECASE)

SCRIPTS_DE_DONNEES = {"application/json", "application/ld+json"}
"""<script> elements that browsers never run: their text may hold planted values (escaped)."""


# --- What counts as escaped ---------------------------------------------------------------


class Inspecteur(HTMLParser):
    """Everything in a page that a planted value could turn into behaviour."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fautes: list[str] = []
        self._script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        valeurs = dict(attrs)
        for nom, valeur in attrs:
            valeur = valeur or ""
            if nom.startswith("on") and MARQUEUR_RE.search(valeur):
                self.fautes.append(f"<{tag} {nom}=...> porte {valeur[:60]!r}")
            if nom in ("href", "src", "action", "formaction", "srcdoc", "data") and (
                    valeur.strip().lower().startswith(("javascript:", "data:text/html"))):
                self.fautes.append(f"<{tag} {nom}={valeur[:60]!r}>")
        if tag == "meta" and valeurs.get("http-equiv") and MARQUEUR_RE.search(
                valeurs.get("content") or ""):
            self.fautes.append(f"<meta http-equiv={valeurs['http-equiv']!r}> planté")
        if MARQUEUR_RE.search(tag):
            self.fautes.append(f"élément <{tag}>")
        if tag == "script":
            type_ = (valeurs.get("type") or "").lower()
            self._script = None if type_ in SCRIPTS_DE_DONNEES else ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            if MARQUEUR_RE.search(self._script):
                self.fautes.append(f"<script> exécutable : {self._script[:80]!r}")
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script += data


def fautes_html(data: bytes) -> list[str]:
    texte = data.decode("utf-8", errors="replace")
    inspecteur = Inspecteur()
    inspecteur.feed(texte)
    inspecteur.close()
    brut = [f"balise en clair : {m.group()[:80]!r}" for m in BALISE_PLANTEE.finditer(data)]
    return inspecteur.fautes + brut


def chaines(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for cle, valeur in data.items():
            yield cle
            yield from chaines(valeur)
    elif isinstance(data, list):
        for valeur in data:
            yield from chaines(valeur)


def fautes_donnees(chemin: Path, data: bytes) -> list[str]:
    """A data file: it still parses, and planted values are data, not HTML-escaped text."""
    texte = data.decode("utf-8-sig")
    if chemin.suffix == ".csv":
        dialecte = csv.Sniffer().sniff(texte.split("\n", 1)[0], delimiters=",;")
        cellules = [c for ligne in csv.reader(io.StringIO(texte, newline=""), dialecte)
                    for c in ligne]
    else:
        # Pagefind's chunks are a tag, then JSON.
        cellules = list(chaines(json.loads(texte.removeprefix("pagefind_dcd"))))
    return [f"valeur échappée pour HTML dans un fichier de données : {c[:60]!r}"
            for c in cellules if MARQUEUR_RE.search(c) and ECHAPPE_RE.search(c)]


def contenu(path: Path) -> bytes:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(data)
        except (OSError, EOFError, zlib.error):
            return data
    return data


def inspecter(site: Path) -> list[str]:
    fautes = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = contenu(path)
        if not MARQUEUR_RE.search(data.decode("utf-8", errors="replace")):
            continue
        nom = path.relative_to(site).as_posix()
        if path.suffix in (".html", ".xml", ".htm", ".svg"):
            fautes += [f"{nom} : {f}" for f in fautes_html(data)]
        elif path.suffix in (".json", ".geojson", ".csv", ".pf_fragment"):
            fautes += [f"{nom} : {f}" for f in fautes_donnees(path, data)]
        elif path.suffix in (".pf_index", ".pf_filter", ".pf_meta"):
            continue  # Pagefind's binary word index: words, never markup
        else:
            fautes.append(f"{nom} : fichier inattendu qui contient une valeur plantée")
    return fautes


# --- The detector itself --------------------------------------------------------------------


def test_the_inspector_sees_every_way_markup_can_come_alive() -> None:
    vivants = [
        b"<title>gsx001</title><script>gsx('gsx001')</script>",
        b"<p>gsx002<img src=x onerror=gsx('gsx002')></p>",
        b'<meta name="description" content="gsx003"><meta http-equiv=refresh '
        b'content=0;url=/gsx003/>',
        b"<a href=\"javascript:gsx('gsx004')\">x</a>",
        b"<div title=\"gsx005\" onmouseover=\"gsx('gsx005')\"></div>",
        b'<script type="application/ld+json">{"a":"gsx006"}</script><script>gsx006</script>',
    ]
    for page in vivants:
        assert fautes_html(page), page
    morts = [
        b"<title>gsx001&lt;/title&gt;&lt;script&gt;gsx(&#x27;gsx001&#x27;)</title>",
        b'<meta name="description" content="gsx003&quot;&gt;&lt;meta http-equiv=refresh">',
        b'<a href="https://exemple.org/gsx004?a=&#34;&#39;&gt;&lt;script&gt;">gsx004</a>',
        b'<script type="application/ld+json">{"a":"gsx006\\u003cscript\\u003e"}</script>',
    ]
    for page in morts:
        assert fautes_html(page) == [], page


def test_data_files_must_hold_planted_values_as_data(tmp_path: Path) -> None:
    bon = tmp_path / "lieux.csv"
    bon.write_text('\ufeffid;nom\nx;"gsx001</title>""\'><script>"\n', encoding="utf-8")
    assert fautes_donnees(bon, bon.read_bytes()) == []
    echappe = tmp_path / "lieux.geojson"
    echappe.write_text('{"nom": "gsx001&lt;/title&gt;"}', encoding="utf-8")
    assert fautes_donnees(echappe, echappe.read_bytes())


# --- The hostile annuaire ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def annuaire(annuaire_hostile: AnnuaireHostile) -> AnnuaireHostile:
    # ecrire_annuaire's, written once for this module and the browser's (tests/conftest.py).
    return annuaire_hostile


def test_every_free_text_field_of_every_kind_of_record_is_planted(
        annuaire: AnnuaireHostile) -> None:
    plantes = {(p.record, p.champ) for p in annuaire.plantations if p.valeur}
    for attendu in [("lieu", "nom"), ("lieu", "description"), ("partenaire", "nom"),
                    ("lieu", "services[].nom"), ("lieu", "permanences[].nom"),
                    ("lieu", "fermetures[].message"), ("lieu", "horaires.sans_rendez_vous"),
                    ("lieu", "site_web"), ("lieu", "pro.referents[].nom"),
                    ("partenaire", "pro.notes")]:
        assert attendu in plantes, attendu
    # Only typed values (numbers, addresses, identifiers, codes) refuse every payload.
    refuses = {p.champ.split(".")[-1].removesuffix("[]") for p in annuaire.plantations
               if not p.valeur}
    assert refuses <= {"siret", "telephone", "courriel", "ligne_directe", "partenaire", "lieu",
                       "code_postal", "code_insee", "langues", "id", "responsables",
                       "zone_eligibilite"}, refuses


def test_the_hostile_annuaire_is_valid(annuaire: AnnuaireHostile) -> None:
    from guide_solidarites.validation import valider

    _, report = valider(annuaire.racine, aujourdhui=AUJOURDHUI,
                        racine_pro=annuaire.racine_pro)
    assert report.erreurs == []




@pytest.fixture(scope="module")
def sites(sites_hostiles: dict[str, Path]) -> dict[str, Path]:
    # hostile.construire with mkdocs.yml and mkdocs.pro.yml, built once (tests/conftest.py).
    return sites_hostiles


@pytest.mark.slow
@pytest.mark.parametrize("variante", ["public", "pro"])
def test_no_planted_markup_comes_alive_in_any_file(sites: dict[str, Path], variante: str,
                                                   annuaire: AnnuaireHostile) -> None:
    site = sites[variante]
    # The build made the pages the payloads aim at.
    assert (site / "lieux" / LIEU_ID / "index.html").is_file()
    assert (site / "partenaires" / PARTENAIRE_ID / "index.html").is_file()
    if variante == "pro":
        fiche = (site / "lieux" / LIEU_ID / "fiche-de-liaison" / "index.html").read_text("utf-8")
        # The professional tree was read: its planted referent is on the sheet, as text.
        referent = next(p for p in annuaire.plantations
                        if (p.record, p.champ) == ("lieu", "pro.referents[].nom"))
        assert referent.marqueur in fiche
    fautes = inspecter(site)
    assert not fautes, "Balisage planté rendu actif :\n" + "\n".join(fautes)


@pytest.mark.slow
@pytest.mark.parametrize("variante", ["public", "pro"])
def test_planted_names_are_shown_as_text_in_title_header_and_description(
        sites: dict[str, Path], variante: str, annuaire: AnnuaireHostile) -> None:
    """The theme's own sinks: escaped, and still showing what the partner wrote."""
    import html as html_module

    par_champ = {(p.record, p.champ): p.valeur for p in annuaire.plantations}
    nom = par_champ[("lieu", "nom")]
    description = par_champ[("lieu", "description")]
    assert nom and description
    page = (sites[variante] / "lieux" / LIEU_ID / "index.html").read_text("utf-8")
    titre = re.search(r"<title>(.*?)</title>", page, re.S)
    assert titre and html_module.unescape(titre.group(1)).startswith(nom + " - ")
    entete = re.search(r'data-md-component="header-topic">\s*<span class="md-ellipsis">'
                       r"\s*(.*?)\s*</span>", page, re.S)
    assert entete and html_module.unescape(entete.group(1)) == nom
    meta = re.search(r'<meta name="description" content="([^"]*)">', page)
    assert meta and html_module.unescape(meta.group(1)).startswith(description.split("\n")[0][:100])



@pytest.mark.slow
def test_planted_translations_are_text_on_their_own_language_page_only(
        sites: dict[str, Path], annuaire: AnnuaireHostile) -> None:
    """A `traductions:` block is partner text too: on its language's page, as text; on no
    other page (the French page keeps the French text, the pro directory is French)."""
    import html as html_module

    traduites = [p for p in annuaire.plantations if p.champ.startswith("traductions{")]
    assert {p.champ.split("}")[0].removeprefix("traductions{") for p in traduites} == {
        "en", "ar", "uk", "es"}
    pages = {nom: (sites["public"] / chemin / "lieux" / LIEU_ID / "index.html").read_text("utf-8")
             for nom, chemin in [("fr", ""), ("en", "en"), ("ar", "ar"), ("uk", "uk"),
                                 ("es", "es")]}
    pages["pro"] = (sites["pro"] / "lieux" / LIEU_ID / "index.html").read_text("utf-8")
    for p in traduites:
        langue = p.champ.split("}")[0].removeprefix("traductions{")
        assert p.valeur and p.valeur in html_module.unescape(pages[langue]), p.champ
        ailleurs = [nom for nom, page in pages.items() if nom != langue and p.marqueur in page]
        assert ailleurs == [], f"{p.champ} ({p.marqueur}) aussi sur {ailleurs}"
