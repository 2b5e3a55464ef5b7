"""The one Jinja environment of both variants: the templates, every filter, autoescape."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

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
from .langues import LANGUE_SOURCE, date_langue
from .langues import langue as langue_du_guide
from .telephones import affiche as tel_affiche
from .telephones import tel_href
from .textes import mailto_href

TEMPLATES_DIR = Path(__file__).parent / "templates"


def _label(table: dict[Any, str], traduire: Callable[[str], str]) -> Any:
    return lambda value: traduire(table[value]) if value in table else value


def _tel_gauche_a_droite(value: str) -> Markup:
    return Markup('<span dir="ltr">{}</span>').format(tel_affiche(value))


def environnement_jinja(langue: str = LANGUE_SOURCE, **globales: Any) -> jinja2.Environment:
    """A new environment over the templates, in `langue` (its `_()` and its labels);
    `globales` are what one build adds (its variant, its communes)."""
    traductions = langue_du_guide(langue)
    _ = traductions.gettext
    env = jinja2.Environment(
        extensions=["jinja2.ext.i18n"],
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        # Every field is hostile: escaped at the sink, `| safe` only on HTML built here.
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(traductions.traductions, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(
        date_fr=date_fr if traductions.source else partial(date_langue, traductions),
        tel_href=tel_href,
        mailto=mailto_href,
        # Right to left, a number keeps its order inside the sentence that says it.
        tel=tel_affiche if traductions.direction == "ltr" else _tel_gauche_a_droite,
        distance=distance_fr,
        km=km_fr,
        nombre=nombre_fr,
        pourcent=pourcent_fr,
        score=score_fr,
        paragraphes=paragraphes,
        initiale=lettre_initiale,
        thematique=_label(vocab.THEMATIQUE_LABELS, _),
        categorie=_label(vocab.CATEGORIE_LABELS, _),
        public=_label(vocab.PUBLIC_LABELS, _),
        frais=_label(vocab.FRAIS_LABELS, _),
        type_lieu=_label(vocab.TYPE_LIEU_LABELS, _),
        type_service=_label(vocab.TYPE_SERVICE_LABELS, _),
        mode=_label(vocab.MODE_ACCUEIL_LABELS, _),
        mobilisation=_label(vocab.MODE_MOBILISATION_LABELS, _),
        cercle=_label(vocab.CERCLE_LABELS, _),
        reseau=_label(vocab.RESEAU_PORTEUR_LABELS, _),
        langue=_label(vocab.LANGUES, _),
    )
    env.globals.update(globales, langue=traductions)
    return env
