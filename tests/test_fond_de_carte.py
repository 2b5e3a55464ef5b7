"""Whether the map may load its tiles without asking (fond_de_carte.py) and its labels."""

from __future__ import annotations

from guide_solidarites.communes import Commune
from guide_solidarites.fond_de_carte import etiquettes_communes, fond_de_carte


def test_a_third_party_tile_host_waits_for_the_visitor_and_is_named() -> None:
    fond = fond_de_carte("https://{s}.tile.openstreetmap.fr/osmfr/{z}/{x}/{y}.png",
                         "https://guide.example.fr/")
    assert (fond.chargement, fond.hote) == ("demande", "tile.openstreetmap.fr")


def test_tiles_served_by_the_site_itself_load_at_once() -> None:
    assert fond_de_carte("/tuiles/{z}/{x}/{y}.png").chargement == "auto"
    assert fond_de_carte("tuiles/{z}/{x}/{y}.png").chargement == "auto"
    meme = fond_de_carte("https://guide.example.fr/tuiles/{z}/{x}/{y}.png",
                         "https://guide.example.fr/")
    assert (meme.chargement, meme.hote) == ("auto", None)


def test_another_host_of_the_same_name_or_port_is_still_a_third_party() -> None:
    assert fond_de_carte("https://guide.example.fr:8443/t/{z}/{x}/{y}.png",
                         "https://guide.example.fr/").chargement == "demande"
    assert fond_de_carte("https://tuiles.guide.example.fr/{z}/{x}/{y}.png",
                         "https://guide.example.fr/").chargement == "demande"


def test_commune_labels_mark_the_communes_served_and_skip_unknown_town_halls() -> None:
    communes = [Commune("72264", "Sablé-sur-Sarthe", "72", ("72300",), 12000, 47.83981, -0.33351),
                Commune("72001", "Aigné", "72", ("72650",), 1600, 48.06, 0.12),
                Commune("72999", "Sans mairie", "72", (), 10, None, None)]
    assert etiquettes_communes(communes, {"72264"}) == [
        ["Sablé-sur-Sarthe", 47.8398, -0.3335, 1], ["Aigné", 48.06, 0.12, 0]]
