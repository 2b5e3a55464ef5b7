"""The map's pages and points at any size: a list per commune for visitors without
JavaScript, and the map's own compact table of points with only what carte.js reads."""

from __future__ import annotations

from pathlib import Path

from conftest import AUJOURDHUI, lieu_yaml, partenaire_yaml, write_annuaire
from guide_solidarites.carte import (
    FORMAT,
    PROPRIETES_HORS_CARTE,
    lire_points_carte,
    points_carte,
)
from guide_solidarites.catalogue import Catalogue, Variante, build_catalogue
from guide_solidarites.exports import PROPRIETES_GEOJSON, geojson_lieux
from guide_solidarites.pages import page_carte, pages_carte_communes, pages_du_guide, reglages
from guide_solidarites.validation import valider


def trois_lieux_deux_communes(tmp_path: Path) -> Catalogue:
    """Two places in Sablé (one of them for the inhabitants of La Flèche only), one in
    La Flèche."""
    racine = write_annuaire(tmp_path, {
        "ccas-sable/partenaire.yml": partenaire_yaml(),
        "ccas-sable/ccas-sable-centre.yml": lieu_yaml(),
        "ccas-sable/antenne.yml": lieu_yaml(nom="Antenne pour La Flèche",
                                            zone_eligibilite=["72154"]),
        "ccas-sable/epicerie.yml": lieu_yaml(
            nom="Épicerie solidaire", type="aide-alimentaire", code_insee="72154",
            code_postal="72200", adresse="5 rue de la Tour",
            coordonnees={"latitude": 47.699, "longitude": -0.076, "precision": "adresse"}),
    })
    charge, report = valider(racine, aujourdhui=AUJOURDHUI)
    assert not report.erreurs, [p.format() for p in report.erreurs]
    return build_catalogue(charge, Variante.PUBLIC, racine, aujourdhui=AUJOURDHUI)


def test_the_map_page_lists_communes_with_their_number_of_places(tmp_path: Path) -> None:
    catalogue = trois_lieux_deux_communes(tmp_path)
    contexte = page_carte(catalogue, reglages()).contexte
    assert [(c.nom, n) for c, n in contexte["par_commune"]] == [
        ("La Flèche", 1), ("Sablé-sur-Sarthe", 2)]
    assert contexte["hors_communes"] == []
    assert contexte["points"] == "lieux.json"


def test_each_place_is_on_the_map_list_of_its_commune_whoever_it_receives(
        tmp_path: Path) -> None:
    catalogue = trois_lieux_deux_communes(tmp_path)
    pages = {p.chemin: p for p in pages_carte_communes(catalogue)}
    assert pages.keys() == {"carte/72264.md", "carte/72154.md"}
    # The commune's own page would leave the antenna out (it receives La Flèche only).
    assert [lieu.id for lieu in pages["carte/72264.md"].contexte["lieux"]] == [
        "antenne", "ccas-sable-centre"]
    assert all(not p.dans_menu and not p.indexee for p in pages.values())
    assert {p.chemin for p in pages_du_guide(catalogue, reglages())} >= pages.keys()


def test_the_map_points_keep_what_the_map_reads_and_drop_the_rest(tmp_path: Path) -> None:
    collection = geojson_lieux(trois_lieux_deux_communes(tmp_path))
    carte = lire_points_carte(points_carte(collection))
    assert [f["geometry"] for f in carte] == [f["geometry"] for f in collection["features"]]
    attendues = [p.nom for p in PROPRIETES_GEOJSON if p.nom not in PROPRIETES_HORS_CARTE]
    for feature, complete in zip(carte, collection["features"], strict=True):
        assert list(feature["properties"]) == attendues
        assert feature["properties"] == {cle: complete["properties"][cle] for cle in attendues}
    # The open data itself is left whole.
    assert "thematiques" in collection["features"][0]["properties"]


def test_repeated_values_are_written_once_in_a_table(tmp_path: Path) -> None:
    points = points_carte(geojson_lieux(trois_lieux_deux_communes(tmp_path)))
    assert points["format"] == FORMAT
    # The three places are received the same ways: one entry of a table, an index per row.
    assert points["tables"]["modes_accueil"] == [["sans-rendez-vous", "telephone"]]
    colonne = 2 + points["champs"].index("modes_accueil")
    assert [ligne[colonne] for ligne in points["lieux"]] == [0, 0, 0]
    # Names and addresses differ (or nearly): they stay in their rows.
    assert "nom" not in points["tables"] and "adresse_complete" not in points["tables"]
    assert "Épicerie solidaire" in points["lieux"][2]


def test_a_place_without_geometry_keeps_its_row_without_coordinates() -> None:
    collection = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": None, "properties": {"id": "a", "nom": "A"}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [0.2, 48.0]},
         "properties": {"id": "b", "nom": "B", "referents": [{"nom": "<b>x</b>"}]}}]}
    points = points_carte(collection)
    assert [ligne[:2] for ligne in points["lieux"]] == [[None, None], [0.2, 48.0]]
    # A property only some features carry (the professional map's) is null elsewhere.
    assert [f["properties"] for f in lire_points_carte(points)] == [
        {"id": "a", "nom": "A", "referents": None},
        {"id": "b", "nom": "B", "referents": [{"nom": "<b>x</b>"}]}]
