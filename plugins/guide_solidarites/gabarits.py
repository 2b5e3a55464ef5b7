"""The one Jinja environment of both variants: the templates, every filter, autoescape."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from . import vocab
from .formats import (
    date_fr,
    distance_fr,
    km_fr,
    lettre_initiale,
    nombre_fr,
    paragraphes,
    pourcent_fr,
    score_fr,
)
from .telephones import affiche as tel_affiche
from .telephones import tel_href
from .textes import mailto_href

TEMPLATES_DIR = Path(__file__).parent / "templates"


def _label(table: dict[Any, str]) -> Any:
    return lambda value: table.get(value, value)


def environnement_jinja(**globales: Any) -> jinja2.Environment:
    """A new environment over the templates; `globales` are what one build adds (its
    variant, its communes)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        # Every field is hostile: escaped at the sink, `| safe` only on HTML built here.
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        date_fr=date_fr,
        tel_href=tel_href,
        mailto=mailto_href,
        tel=tel_affiche,
        distance=distance_fr,
        km=km_fr,
        nombre=nombre_fr,
        pourcent=pourcent_fr,
        score=score_fr,
        paragraphes=paragraphes,
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
    env.globals.update(globales)
    return env
