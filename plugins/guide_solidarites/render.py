"""Generated pages -> HTML fragments, through the Jinja templates of `templates/`.

The fragment is what MkDocs would have made of Markdown: the theme wraps it in the site's
header, navigation and footer. Templates only lay out what `pages.py` prepared.
"""

from __future__ import annotations

from collections.abc import Mapping

import jinja2
import jinja2.bccache

from .adresses import adresse_du_lieu
from .chemins import racine_relative
from .communes import Commune
from .gabarits import TEMPLATES_DIR, environnement_jinja
from .langues import LANGUE_SOURCE, langue
from .pages import PageGeneree

__all__ = ["TEMPLATES_DIR", "CompilesEnMemoire", "Rendu"]


class CompilesEnMemoire(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the process: the two builds of `guide
    construire` and every rebuild of `mkdocs serve` make a new environment, and compiling
    Material's templates again took a quarter of a rebuild. Jinja checks each entry against
    its template's source, so an edited template is compiled again. One instance per kind
    of environment: the key is the template's name and file, not the environment's
    options."""

    def __init__(self) -> None:
        self._compiles: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (code := self._compiles.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiles[bucket.key] = bucket.bytecode_to_string()


COMPILES_GUIDE = CompilesEnMemoire()
"""The guide's templates (templates/, environnement_jinja)."""
COMPILES_THEME = CompilesEnMemoire()
"""The theme's (MkDocs' environment: Material, overrides/)."""


class Rendu:
    """The environment of one build; `pro` tells templates which directory they serve."""

    def __init__(self, communes: Mapping[str, Commune], pro: bool = False) -> None:
        def nom_commune(code: str) -> str:
            return communes[code].nom if code in communes else code

        self._globales = {"pro": pro, "nom_commune": nom_commune,
                          "adresse": lambda lieu: adresse_du_lieu(lieu,
                                                                  nom_commune(lieu.code_insee))}
        self._environnements: dict[str, jinja2.Environment] = {}
        self.env = self.environnement(LANGUE_SOURCE)

    def environnement(self, code: str) -> jinja2.Environment:
        """The templates in one language (made once per build and language)."""
        if code not in self._environnements:
            env = environnement_jinja(code, **self._globales)
            # Compiled once for every language: the sentences are looked up when rendering.
            env.bytecode_cache = COMPILES_GUIDE
            self._environnements[code] = env
        return self._environnements[code]

    def fragment(self, page: PageGeneree, url: str | None = None) -> str:
        """The page's main content; `url` is where it lands (default: from its path).

        `racine` leads to the home of the page's language (links to pages), `racine_site`
        to the site's root (assets, data, the search bundle: one for every language)."""
        url = page.url if url is None else url
        template = self.environnement(page.langue).get_template(page.gabarit)
        racine_site = racine_relative(url)
        return template.render(page=page, racine=racine_site + langue(page.langue).prefixe,
                               racine_site=racine_site, **page.vue())
