"""A place's address, built once for its page, the sheets, the JSON-LD, the map and exports."""

from __future__ import annotations

from conftest import lieu_data
from guide_solidarites.adresses import adresse_du_lieu
from guide_solidarites.models import LieuPublic


def lieu(**overrides: object) -> LieuPublic:
    return LieuPublic.model_validate(
        {"id": "x", "partenaire": "p"} | lieu_data(**overrides))


def test_the_street_and_its_complement_then_the_town() -> None:
    adresse = adresse_du_lieu(lieu(adresse="1 place Raphaël Élizé",
                                   complement_adresse="Bâtiment B", code_postal="72300"),
                              "Sablé-sur-Sarthe")
    assert adresse.lignes == ("1 place Raphaël Élizé, Bâtiment B", "72300 Sablé-sur-Sarthe")
    assert str(adresse) == "1 place Raphaël Élizé, Bâtiment B, 72300 Sablé-sur-Sarthe"


def test_a_place_without_a_street_is_its_town_alone() -> None:
    adresse = adresse_du_lieu(lieu(adresse=None, code_postal="72300"), None)
    assert adresse.voie == "" and str(adresse) == "72300"
