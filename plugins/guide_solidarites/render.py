"""Generated pages -> HTML fragments, through the Jinja templates of `templates/`.

The fragment is what MkDocs would have made of Markdown: the theme wraps it in the site's
header, navigation and footer. Templates only lay out what `pages.py` prepared.
"""

from __future__ import annotations

from collections.abc import Mapping

from .adresses import adresse_du_lieu
from .chemins import racine_relative
from .communes import Commune
from .gabarits import TEMPLATES_DIR, environnement_jinja
from .pages import PageGeneree

__all__ = ["TEMPLATES_DIR", "Rendu"]


class Rendu:
    """The environment of one build; `pro` tells templates which directory they serve."""

    def __init__(self, communes: Mapping[str, Commune], pro: bool = False) -> None:
        def nom_commune(code: str) -> str:
            return communes[code].nom if code in communes else code

        self.env = environnement_jinja(
            pro=pro, nom_commune=nom_commune,
            adresse=lambda lieu: adresse_du_lieu(lieu, nom_commune(lieu.code_insee)))

    def fragment(self, page: PageGeneree, url: str | None = None) -> str:
        """The page's main content; `url` is where it lands (default: from its path)."""
        url = page.url if url is None else url
        template = self.env.get_template(page.gabarit)
        return template.render(page=page, racine=racine_relative(url), **page.contexte)
