"""Which pages carry « Quitter ce site »: those a person in danger at home may be reading.

Someone checked on by a violent partner needs to hide what they were reading in a second.
The button (overrides/assets/javascripts/sortie-rapide.js) goes on every page that gives
the 3919 (the national line for women victims of violence: the home page's numbers, the
emergency page), on the places and themes of a data·inclusion thématique about violence,
and on any editorial page whose front matter says `sortie_rapide: true`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from .vocab import THEMATIQUE_LABELS, categorie

URL_NEUTRE = "https://meteofrance.com/"
"""Where « Quitter ce site » goes by default: a site anyone may be reading, saying nothing."""

THEMATIQUES_VIOLENCE: frozenset[str] = frozenset(
    valeur for valeur, label in THEMATIQUE_LABELS.items()
    if "violence" in valeur or "violence" in label.lower())
"""The national thématiques about violence, read from the data·inclusion table."""

CATEGORIES_VIOLENCE: frozenset[str] = frozenset(categorie(t) for t in THEMATIQUES_VIOLENCE)

_LIEN_3919 = re.compile(r"""href=["']tel:(?:\+33)?3919["']""")


def thematiques_sensibles(thematiques: Iterable[str]) -> bool:
    return any(t in THEMATIQUES_VIOLENCE for t in thematiques)


def page_sensible(contenu: str, meta: Mapping[str, Any], contexte: Mapping[str, Any]) -> bool:
    """Whether a page gets the quick exit, from its HTML, its front matter and (for a
    generated page) the data of its template."""
    if meta.get("sortie_rapide") is True or _LIEN_3919.search(contenu):
        return True
    if contexte.get("categorie") in CATEGORIES_VIOLENCE:
        return True
    lieu = contexte.get("lieu")
    if lieu is not None:
        thematiques = [*lieu.thematiques, *(t for s in lieu.services for t in s.thematiques)]
        return thematiques_sensibles(str(t) for t in thematiques)
    return False
