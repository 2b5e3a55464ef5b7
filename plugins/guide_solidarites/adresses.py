"""A place's address as the guide shows it: built here once, for pages, exports and the map."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import LieuPublic, Permanence


@dataclass(frozen=True, slots=True)
class Adresse:
    """The lines of a postal address: the street (number, street, complement), the town."""

    voie: str
    """« 12 rue de la Paix, bâtiment B »; empty when the record gives no street."""
    code_postal: str
    commune: str

    @property
    def ville(self) -> str:
        """« 72000 Le Mans »."""
        return " ".join(x for x in (self.code_postal, self.commune) if x)

    @property
    def lignes(self) -> tuple[str, ...]:
        return tuple(x for x in (self.voie, self.ville) if x)

    def __str__(self) -> str:
        """On one line: « 12 rue de la Paix, bâtiment B, 72000 Le Mans »."""
        return ", ".join(self.lignes)


def adresse_du_lieu(lieu: LieuPublic, commune: str | None) -> Adresse:
    """The address of a reception point; `commune`: its commune's name (None: unknown)."""
    voie = ", ".join(x for x in (lieu.adresse, lieu.complement_adresse) if x)
    return Adresse(voie, lieu.code_postal, commune or "")


def adresse_de_permanence(permanence: Permanence, commune: str | None) -> Adresse:
    """The address where a permanence is held."""
    return Adresse(permanence.adresse or "", permanence.code_postal or "", commune or "")
