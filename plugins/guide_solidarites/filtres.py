"""The filters of the search page and the map, declared once.

One row per filter: its key (the form field's name and the URL parameter, the same on the
map and in the search, so that a filtered address works on both), its French label, and
what a place must hold to pass, read from a GeoJSON property (`exports.PROPRIETES_GEOJSON`).
The templates lay out their forms from this table, and write it into the page as JSON
(`filtres_json`) for carte.js and recherche.js, which loop over it: neither script names a
filter. The search index carries a case filter as a bit of its flags (`drapeau`, one of
`search.DRAPEAUX`), computed here from the same property.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from .exports import PROPRIETES_GEOJSON
from .langues import N_  # labels are msgids of the guide's catalogue, shown translated

if TYPE_CHECKING:
    from .catalogue import Catalogue
    from .models import LieuPublic

VALEUR_URL = "1"
"""What a ticked box writes in the address (older links wrote `oui`: still read)."""


@dataclass(frozen=True, slots=True)
class Filtre:
    cle: str
    """The form field's name and the URL parameter."""
    libelle: str
    """For a list, the label of its field; for a box, the end of « Seulement les lieux… »."""
    genre: Literal["choix", "case"]
    propriete: str | None
    """The GeoJSON property tested (None: computed by the page, as « ouverts maintenant »)."""
    valeur: Any = True
    """A box: the property's value that passes, or the member a list property must hold."""
    tous: str = ""
    """A list: the label of its empty choice."""
    universel: str | None = None
    """A list: a place holding this value passes whatever is chosen (« tous publics »);
    so does a place with an empty list (nobody said it is for some only)."""
    drapeau: str | None = None
    """A box: its bit in the search index's flags (`search.DRAPEAUX`)."""
    aide: str = ""
    carte: bool = True
    recherche: bool = True

    def passe(self, catalogue: Catalogue, lieu: LieuPublic) -> bool:
        """Whether the place passes this box (what carte.js tests on the GeoJSON)."""
        assert self.genre == "case" and self.propriete is not None
        valeur = _PROPRIETES[self.propriete](catalogue, lieu)
        if isinstance(valeur, list):
            return self.valeur in valeur
        return bool(valeur == self.valeur)


FILTRES: tuple[Filtre, ...] = (
    Filtre("categorie", N_("Sujet"), "choix", "categories", tous=N_("Tous les sujets")),
    Filtre("public", N_("Pour qui"), "choix", "publics", tous=N_("Tout le monde"),
           universel="tous-publics"),
    # The search page has its own « Où ? », which ranks by distance rather than filters.
    Filtre("commune", N_("Commune"), "choix", "code_insee", tous=N_("Toutes les communes"),
           recherche=False),
    Filtre("ouvert", N_("ouverts maintenant"), "case", None,
           aide=N_("(accueil sans rendez-vous)"), carte=False),
    Filtre("sans-rendez-vous", N_("sans rendez-vous"), "case", "modes_accueil",
           valeur="sans-rendez-vous", drapeau="sans_rendez_vous"),
    Filtre("pmr", N_("accessibles en fauteuil roulant"), "case", "pmr", drapeau="pmr"),
    Filtre("premier-accueil", N_("de premier accueil social"), "case", "premier_accueil",
           drapeau="premier_accueil"),
    Filtre("douches", N_("avec des douches"), "case", "douches", drapeau="douches"),
)

_PROPRIETES = {p.nom: p.valeur for p in PROPRIETES_GEOJSON}


def filtres_de(page: Literal["carte", "recherche"]) -> list[Filtre]:
    return [f for f in FILTRES if getattr(f, page)]


def filtres_json(page: Literal["carte", "recherche"], drapeaux: dict[str, int]) -> str:
    """The page's filters as its script reads them (`data-filtres`)."""
    return json.dumps([
        {"cle": f.cle, "genre": f.genre, "propriete": f.propriete, "valeur": f.valeur,
         "universel": f.universel, "drapeau": drapeaux[f.drapeau] if f.drapeau else 0}
        for f in filtres_de(page)], ensure_ascii=False, separators=(",", ":"))
