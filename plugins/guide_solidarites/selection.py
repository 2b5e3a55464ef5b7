"""What « Ma sélection » keeps of a place: the lines of the printed sheet, nothing else.

selection.js stores this record in the phone's localStorage when a visitor adds the place,
so that the selection page shows, prints and shares it without the network and without
asking the site anything. Only public fields.
"""

from __future__ import annotations

from typing import Any

from .communes import Commune
from .models import LieuPublic
from .qr import FICHIER_QR
from .telephones import affiche, tel_href

MAX_LIEUX = 12
"""Places on one A4 sheet with their QR codes; selection.js refuses the 13th."""


def fiche_selection(lieu: LieuPublic, commune: Commune | None, qr: bool,
                    horaires: list[tuple[str, str]]) -> dict[str, Any]:
    """The place as selection.js stores it (URLs relative to the site's root); `horaires`:
    (way of being received, its week in one line), as hours_summary words it."""
    ville = " ".join(x for x in (lieu.code_postal, commune.nom if commune else "") if x)
    return {
        "id": lieu.id,
        "nom": lieu.nom,
        "adresse": ", ".join(x for x in (lieu.adresse, ville) if x),
        "telephone": affiche(lieu.telephone) if lieu.telephone else "",
        "tel": tel_href(lieu.telephone) if lieu.telephone else "",
        "horaires": [[titre, resume] for titre, resume in horaires],
        "url": f"lieux/{lieu.id}/",
        "qr": f"lieux/{lieu.id}/{FICHIER_QR}" if qr else "",
    }
