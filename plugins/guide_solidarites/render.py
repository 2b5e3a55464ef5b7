"""Generated pages -> HTML fragments, through the Jinja templates of `templates/`.

The fragment is what MkDocs would have made of Markdown: the theme wraps it in the site's
header, navigation and footer. Templates only lay out what `pages.py` prepared.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2

from . import vocab
from .chemins import racine_relative
from .communes import Commune
from .formats import date_fr, distance_fr
from .pages import PageGeneree, lettre_initiale
from .telephones import affiche as tel_affiche
from .telephones import tel_href
from .textes import mailto_href

TEMPLATES_DIR = Path(__file__).parent / "templates"


def _label(table: dict[Any, str]) -> Any:
    return lambda value: table.get(value, value)


class Rendu:
    """One Jinja environment per build; `pro` tells templates which directory they serve."""

    def __init__(self, communes: Mapping[str, Commune], pro: bool = False) -> None:
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters.update(
            date_fr=date_fr,
            tel_href=tel_href,
            mailto=mailto_href,
            tel=tel_affiche,
            distance=distance_fr,
            initiale=lettre_initiale,
            thematique=_label(vocab.THEMATIQUE_LABELS),
            categorie=_label(vocab.CATEGORIE_LABELS),
            public=_label(vocab.PUBLIC_LABELS),
            frais=_label(vocab.FRAIS_LABELS),
            type_lieu=_label(vocab.TYPE_LIEU_LABELS),
            type_service=_label(vocab.TYPE_SERVICE_LABELS),
            mode=_label(vocab.MODE_ACCUEIL_LABELS),
            mobilisation=_label(vocab.MODE_MOBILISATION_LABELS),
            cercle=_label(vocab.CERCLE_LABELS),
            reseau=_label(vocab.RESEAU_PORTEUR_LABELS),
            langue=_label(vocab.LANGUES),
        )
        self.env.globals.update(
            pro=pro,
            nom_commune=lambda code: communes[code].nom if code in communes else code,
        )

    def fragment(self, page: PageGeneree, url: str | None = None) -> str:
        """The page's main content; `url` is where it lands (default: from its path)."""
        url = page.url if url is None else url
        template = self.env.get_template(page.gabarit)
        return template.render(page=page, racine=racine_relative(url), **page.contexte)
