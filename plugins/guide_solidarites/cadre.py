"""The theme's frame of generated pages, rendered once per kind of page and filled per page.

Material's `base.html` (header, site nav, footer, scripts) is the largest cost of a build of
thousands of record pages, and for those pages it prints the same bytes: they are out of the
nav, at the same depth, without previous or next page. So the frame of one kind of page
(`Cle`: template, depth, the page's meta flags, which optional parts it has) is rendered
once with markers in place of what differs between pages (title, description, address,
content), cut at the markers (`Squelette`), and each page is the skeleton with its values.

Nothing here knows which template the theme has or what it prints: any template that
prints those four values as they are (the ones of the guide and of Material do) gets the
same bytes as a full render, and any other falls back to a full render per page. Before a
skeleton is used, it is checked twice against the template itself: on a probe page whose
values hold what escaping or stripping would change (entities, quotes, spaces, tags), and
on the first real page of its kind. If either differs, that kind is rendered in full.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import jinja2
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

TEMPLATE_CADRE = "guide-cadre.html"
"""The template name a generated page asks for (its meta `template`): it fills a skeleton."""

_MARQUE = "GScadre9q"
_TITRE = f"{_MARQUE}TITRE"
_DESCRIPTION = f"{_MARQUE}DESCRIPTION"
_CONTENU = f"{_MARQUE}CONTENU"
_SEGMENT = f"{_MARQUE.lower()}url"

# The values of the check: what Material's filters or an escape would change, if applied.
_TITRE_ESSAI = "L&#x27;Essai &amp; « co »  &lt;b&gt; \"x\""
_DESCRIPTION_ESSAI = "Où &amp; quand : l&#x27;accueil  &quot;ouvert&quot; &lt;i&gt;"
_CONTENU_ESSAI = "<p>Contenu &amp; <em>d'essai</em>  \"x\" é</p>\n"
# Material adds an <h1> to a content that has none: the content markers keep that choice.
_H1 = "<h1"

SANS_CADRE = "GUIDE_SANS_CADRE"
"""Environment variable: "1" renders every page in full (to compare, or to rule it out)."""

Cle = tuple[Hashable, ...]
"""What the frame of a page depends on besides the values that are filled in."""


def _gel(valeur: Any) -> Hashable:
    """A hashable copy of a meta value (lists and mappings frozen), or a TypeError."""
    if isinstance(valeur, list | tuple):
        return tuple(_gel(v) for v in valeur)
    if isinstance(valeur, dict):
        return tuple(sorted((str(k), _gel(v)) for k, v in valeur.items()))
    hash(valeur)
    return valeur  # type: ignore[no-any-return]


def cle(page: Page, gabarit: str) -> Cle | None:
    """The kind of `page` rendered with `gabarit`, or None when its frame is its own (in the
    nav, the home page, a table of contents of its own)."""
    if (page.is_homepage or page.previous_page is not None or page.next_page is not None
            or page.parent is not None or not page.title or page.content is None):
        return None
    meta = page.meta
    if meta.get("title", page.title) != page.title:
        return None
    # The "skip to content" link and the (hidden) TOC: one entry, the page's title.
    toc = [(item.id, item.level) for item in page.toc
           if item.title == page.title and not item.children]
    if len(toc) != len(page.toc.items):
        return None
    try:
        drapeaux = _gel({k: v for k, v in meta.items() if k not in ("title", "description")})
    except TypeError:
        return None
    coupee = _couper_url(page)
    if coupee is None or not page.url.endswith("/"):
        return None
    avant, _, apres = coupee
    return (gabarit, avant, apres, "title" in meta, bool(meta.get("description")),
            _H1 in page.content, tuple(toc), drapeaux)


def _couper_url(page: Page) -> tuple[str, str, str] | None:
    """"communes/72001/" -> ("communes/", "72001", "/"): relative links from the page depend
    on its folders, which the key holds, and the segment that names its record is filled
    in: the last one, or the one its meta `segment_variable` counts from the end
    ("lieux/ccas/fiche-de-liaison/", 2 -> ("lieux/", "ccas", "/fiche-de-liaison/"))."""
    rang = page.meta.get("segment_variable", 1)
    parties = page.url.rstrip("/").split("/")
    if not isinstance(rang, int) or not 1 <= rang <= len(parties):
        return None
    i = len(parties) - rang
    avant = "".join(f"{partie}/" for partie in parties[:i])
    apres = "".join(f"/{partie}" for partie in parties[i + 1:]) + "/"
    return avant, parties[i], apres


def _sonde(page: Page, titre: str, description: str, contenu: str, url: str) -> Page:
    """A copy of `page` with other values (the theme sees an ordinary page)."""
    sonde = copy.copy(page)
    sonde.file = copy.copy(page.file)
    sonde.file.url = url  # a cached property of File: set on the copy only
    sonde.title = titre
    sonde.meta = dict(page.meta)
    if "title" in page.meta:
        sonde.meta["title"] = titre
    if page.meta.get("description"):
        sonde.meta["description"] = description
    sonde.content = contenu + (_H1 if _H1 in (page.content or "") else "")
    sonde.toc = TableOfContents([AnchorLink(titre, item.id, item.level) for item in page.toc])
    base = page.canonical_url
    if base is not None:
        racine = base[:len(base) - len(page.url)] if base.endswith(page.url) else base
        sonde.canonical_url = urljoin(racine, url)
        sonde.abs_url = urlsplit(sonde.canonical_url).path
    return sonde


def _valeurs(page: Page) -> dict[str, str]:
    coupee = _couper_url(page)
    assert coupee is not None  # a page with a key
    return {"titre": page.title or "", "description": str(page.meta.get("description") or ""),
            "contenu": page.content or "", "url": coupee[1]}


@dataclass(frozen=True)
class Squelette:
    """A rendered frame cut at its markers: literal text at even indexes, slot names at odd."""

    morceaux: tuple[str, ...]

    def remplir(self, valeurs: Mapping[str, str]) -> str:
        parties = list(self.morceaux)
        for i in range(1, len(parties), 2):
            parties[i] = valeurs[parties[i]]
        return "".join(parties)

    @classmethod
    def couper(cls, html: str, contenu_h1: bool) -> Squelette | None:
        marques = {_TITRE: "titre", _DESCRIPTION: "description",
                   _CONTENU + (_H1 if contenu_h1 else ""): "contenu", _SEGMENT: "url"}
        # The content marker first: its "<h1" ends it. Longest first, so that no marker
        # is cut by another.
        motif = re.compile("|".join(re.escape(m) for m in sorted(marques, key=len,
                                                                  reverse=True)))
        morceaux: list[str] = []
        debut = 0
        for trouve in motif.finditer(html):
            morceaux += [html[debut:trouve.start()], marques[trouve.group()]]
            debut = trouve.end()
        morceaux.append(html[debut:])
        reste = "".join(morceaux[0::2])
        # A marker the template changed (cut, upper-cased...) cannot be filled.
        if _MARQUE.lower() in reste.lower():
            return None
        return cls(tuple(morceaux))


class Cadres:
    """The skeletons of one build (one theme environment, one variant)."""

    def __init__(self, actif: bool = True) -> None:
        self.actif = actif
        self._squelettes: dict[Cle, Squelette | None] = {}
        self.remplies = 0
        """Pages made from a skeleton (for the benchmark and the tests)."""
        self.completes = 0
        """Pages rendered in full."""

    def rendre(self, template: jinja2.Template, contexte: dict[str, Any]) -> str:
        """The page of `contexte` through `template`, from its skeleton when it has one."""
        page: Page = contexte["page"]
        cle_page = cle(page, template.name or "") if self.actif else None
        if cle_page is None:
            self.completes += 1
            return template.render(contexte)
        if cle_page in self._squelettes:
            squelette = self._squelettes[cle_page]
            if squelette is not None:
                self.remplies += 1
                return squelette.remplir(_valeurs(page))
            self.completes += 1
            return template.render(contexte)
        complet = template.render(contexte)
        self.completes += 1
        self._squelettes[cle_page] = self._squelette(template, contexte, page, complet)
        return complet

    def _squelette(self, template: jinja2.Template, contexte: dict[str, Any], page: Page,
                   complet: str) -> Squelette | None:
        coupee = _couper_url(page)
        assert coupee is not None  # a page with a key
        avant, _, apres = coupee
        sonde = _sonde(page, _TITRE, _DESCRIPTION, _CONTENU, f"{avant}{_SEGMENT}{apres}")
        squelette = Squelette.couper(template.render({**contexte, "page": sonde}),
                                     _H1 in (page.content or ""))
        if squelette is None or squelette.remplir(_valeurs(page)) != complet:
            return None
        essai = _sonde(page, _TITRE_ESSAI, _DESCRIPTION_ESSAI, _CONTENU_ESSAI,
                       f"{avant}essai-%C3%A9-{len(avant)}{apres}")
        if squelette.remplir(_valeurs(essai)) != template.render({**contexte, "page": essai}):
            return None
        return squelette
