"""Coverage of a département: a hand-made département whose distances are known by heart.

Everything lies on the meridian 2° E, where one degree of latitude is pi * R / 180 km
(about 111.195 km): a commune placed `km` north of the premier accueil is `km` away.

    km:  -60  -20.2   0    10    20    35   40
          E     G     A     B     C     D    [permanence]
                  [lieu]
    F has no town-hall point.

With eligibility zones (the section "zones d'éligibilité" below), two more places:

    km:  -58         12     34
       [cias-sud]  [ccas-bourg] [its permanence]
       serves E, G  serves B only
"""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import pytest
from guide_solidarites.communes import Commune
from guide_solidarites.couverture import (
    COLONNES_CSV,
    EXPLICATION_SEUIL_DEFAUT,
    FACTEUR_DETOUR,
    SEUIL_DEFAUT_KM,
    VITESSE_MAX_KMH,
    VITESSE_MIN_KMH,
    CouvertureCommune,
    PointAccueil,
    RapportCouverture,
    analyser_couverture,
    report_to_dict,
    write_csv,
)
from guide_solidarites.geo import RAYON_TERRE_KM

KM_PAR_DEGRE = math.pi * RAYON_TERRE_KM / 180
LAT_0, LON = 45.0, 2.0


def lat(km_nord: float) -> float:
    return LAT_0 + km_nord / KM_PAR_DEGRE


def commune(code: str, nom: str, km_nord: float | None, population: int) -> Commune:
    latitude = None if km_nord is None else lat(km_nord)
    longitude = None if km_nord is None else LON
    return Commune(code, nom, "99", ("99000",), population, latitude, longitude)


def point(id: str = "mds-centre", km_nord: float = 0.0, zone: frozenset[str] | None = None,
          **overrides: str) -> PointAccueil:
    champs = {"nom": "MDS du Centre", "code_insee": "99001"} | overrides
    return PointAccueil(id, champs["nom"], lat(km_nord), LON, champs["code_insee"], zone)


COMMUNES = [
    commune("99001", "Aval", 0, 10_000),
    commune("99002", "Bourg", 10, 2_000),
    commune("99003", "Combe", 20, 500),  # exactly at the threshold
    commune("99004", "Dieu-le-Fit", 35, 800),  # 5 km from the permanence only
    commune("99005", "Essart", -60, 1_200),  # beyond reach of everything
    commune("99006", "Fontaine", None, 150),  # no town-hall point
    commune("99007", "Gorge", -20.2, 50),  # just beyond the threshold
]
LIEUX = [point()]
PERMANENCES = [point(km_nord=40, code_insee="99008")]


@pytest.fixture
def rapport() -> RapportCouverture:
    return analyser_couverture(COMMUNES, LIEUX, PERMANENCES)


def par_code(r: RapportCouverture, code: str) -> CouvertureCommune:
    return next(c for c in r.communes if c.code_insee == code)


# --- distances and reach -------------------------------------------------------------------


def test_the_default_threshold_is_20_km(rapport: RapportCouverture) -> None:
    assert SEUIL_DEFAUT_KM == 20.0
    assert rapport.seuil_km == 20.0


def test_a_commune_hosting_a_place_is_at_zero_km(rapport: RapportCouverture) -> None:
    aval = par_code(rapport, "99001")
    assert aval.premier_accueil.distance_km == 0.0
    assert aval.premier_accueil.lieu_id == "mds-centre"
    assert aval.premier_accueil.lieu_nom == "MDS du Centre"


def test_distance_is_straight_line_from_the_town_hall_rounded_to_100_m(
    rapport: RapportCouverture,
) -> None:
    assert par_code(rapport, "99002").premier_accueil.distance_km == 10.0
    assert par_code(rapport, "99005").premier_accueil.distance_km == 60.0
    assert par_code(rapport, "99007").premier_accueil.distance_km == 20.2


def test_a_commune_exactly_at_the_threshold_is_within_reach(rapport: RapportCouverture) -> None:
    combe = par_code(rapport, "99003")
    assert combe.premier_accueil.distance_km == 20.0
    assert combe.premier_accueil.accessible


def test_a_commune_just_beyond_the_threshold_is_beyond_reach(rapport: RapportCouverture) -> None:
    assert not par_code(rapport, "99007").premier_accueil.accessible


def test_reach_is_judged_on_the_distance_shown_so_they_never_disagree() -> None:
    # 20.04 km is shown as 20.0 km: calling it "hors de portée" would contradict the page.
    r = analyser_couverture([commune("99001", "Presque", 20.04, 10)], LIEUX)
    assert r.communes[0].premier_accueil.distance_km == 20.0
    assert r.communes[0].premier_accueil.accessible


def test_a_commune_without_town_hall_point_is_reported_not_dropped(
    rapport: RapportCouverture,
) -> None:
    assert [c.code_insee for c in rapport.sans_coordonnees] == ["99006"]
    assert "99006" not in {c.code_insee for c in rapport.communes}
    assert rapport.totaux.communes == 7
    assert rapport.totaux.communes_non_situees == 1
    assert rapport.totaux.habitants_non_situes == 150


def test_a_commune_whose_town_hall_point_is_nan_is_reported_as_without_point() -> None:
    lanester = Commune("56098", "Lanester", "56", ("56600",), 23_263, float("nan"), float("nan"))
    r = analyser_couverture([lanester], LIEUX)
    assert r.communes == ()
    assert [c.code_insee for c in r.sans_coordonnees] == ["56098"]


def test_a_commune_without_town_hall_point_never_counts_as_within_reach(
    rapport: RapportCouverture,
) -> None:
    for totaux in (rapport.totaux, rapport.totaux_avec_permanences):
        assert totaux.communes_accessibles + totaux.communes_hors_de_portee == 6
        assert totaux.habitants_accessibles + totaux.habitants_hors_de_portee == 14_700 - 150


def test_a_permanence_brings_a_commune_within_reach(rapport: RapportCouverture) -> None:
    dieulefit = par_code(rapport, "99004")
    assert dieulefit.premier_accueil.distance_km == 35.0
    assert not dieulefit.premier_accueil.accessible
    assert dieulefit.avec_permanences.distance_km == 5.0
    assert dieulefit.avec_permanences.accessible
    assert dieulefit.avec_permanences.par_permanence
    # The permanence is named after the place holding it, located at its stop.
    assert dieulefit.avec_permanences.lieu_id == "mds-centre"
    assert dieulefit.avec_permanences.lieu_code_insee == "99008"


def test_counting_permanences_never_makes_a_commune_farther(rapport: RapportCouverture) -> None:
    for c in rapport.communes:
        assert c.avec_permanences.distance_km is not None
        assert c.premier_accueil.distance_km is not None
        assert c.avec_permanences.distance_km <= c.premier_accueil.distance_km


def test_the_place_itself_wins_over_a_permanence_at_the_same_distance() -> None:
    r = analyser_couverture(
        [commune("99001", "Milieu", 10, 10)],
        [point(km_nord=0)],
        [point(km_nord=20, code_insee="99002")],
    )
    assert r.communes[0].avec_permanences == r.communes[0].premier_accueil
    assert not r.communes[0].avec_permanences.par_permanence


def test_a_place_of_a_neighbouring_departement_serves_a_border_commune() -> None:
    voisin = point("ccas-voisin", km_nord=-70, nom="CCAS d'à côté", code_insee="98001")
    r = analyser_couverture([commune("99005", "Essart", -60, 1_200)], [*LIEUX, voisin])
    assert r.communes[0].premier_accueil.lieu_id == "ccas-voisin"
    assert r.communes[0].premier_accueil.accessible


# --- totals --------------------------------------------------------------------------------


def test_totals_count_communes_and_inhabitants_within_reach(rapport: RapportCouverture) -> None:
    t = rapport.totaux
    assert (t.communes, t.habitants) == (7, 14_700)
    # Aval, Bourg, Combe.
    assert (t.communes_accessibles, t.habitants_accessibles) == (3, 12_500)
    # Dieu-le-Fit, Essart, Gorge.
    assert (t.communes_hors_de_portee, t.habitants_hors_de_portee) == (3, 2_050)
    assert t.part_communes_accessibles == 42.9  # 3 / 7
    assert t.part_habitants_accessibles == 85.0  # 12 500 / 14 700


def test_totals_counting_permanences(rapport: RapportCouverture) -> None:
    t = rapport.totaux_avec_permanences
    # Aval, Bourg, Combe, Dieu-le-Fit.
    assert (t.communes_accessibles, t.habitants_accessibles) == (4, 13_300)
    assert (t.communes_hors_de_portee, t.habitants_hors_de_portee) == (2, 1_250)
    assert t.part_communes_accessibles == 57.1  # 4 / 7
    assert t.part_habitants_accessibles == 90.5  # 13 300 / 14 700


def test_a_share_shows_100_percent_only_when_everyone_is_within_reach() -> None:
    grande = commune("99001", "Grande", 0, 99_999)
    petite = commune("99002", "Petite", 50, 1)
    t = analyser_couverture([grande, petite], LIEUX).totaux
    assert t.part_habitants_accessibles == 99.9
    t = analyser_couverture([grande], LIEUX).totaux
    assert t.part_habitants_accessibles == 100.0


def test_communes_beyond_reach_are_listed_most_populated_first(
    rapport: RapportCouverture,
) -> None:
    assert [c.nom for c in rapport.hors_de_portee] == ["Essart", "Dieu-le-Fit", "Gorge"]
    assert [c.nom for c in rapport.hors_de_portee_avec_permanences] == ["Essart", "Gorge"]


# --- zones d'éligibilité -------------------------------------------------------------------

SEULEMENT_BOURG = frozenset({"99002"})
CCAS_BOURG = point("ccas-bourg", 12, SEULEMENT_BOURG, nom="CCAS de Bourg", code_insee="99002")
CIAS_SUD = point("cias-sud", -58, frozenset({"99005", "99007"}), nom="CIAS du Sud",
                 code_insee="99005")
PERMANENCE_CCAS = point("ccas-bourg", 34, SEULEMENT_BOURG, nom="CCAS de Bourg",
                        code_insee="99004")


@pytest.fixture
def rapport_zones() -> RapportCouverture:
    return analyser_couverture(COMMUNES, [*LIEUX, CCAS_BOURG, CIAS_SUD],
                               [*PERMANENCES, PERMANENCE_CCAS])


def test_a_place_serving_its_commune_only_counts_for_that_commune(
    rapport_zones: RapportCouverture,
) -> None:
    # Bourg is 2 km from its CCAS; Combe is 8 km from it but not admitted: 20 km to the MDS.
    bourg, combe = par_code(rapport_zones, "99002"), par_code(rapport_zones, "99003")
    assert (bourg.premier_accueil.lieu_id, bourg.premier_accueil.distance_km) == (
        "ccas-bourg", 2.0)
    assert (combe.premier_accueil.lieu_id, combe.premier_accueil.distance_km) == (
        "mds-centre", 20.0)
    # Without its zone, the same CCAS would be Combe's nearest: the zone is what changes it.
    sans_zone = analyser_couverture(COMMUNES, [*LIEUX, point("ccas-bourg", 12)])
    assert par_code(sans_zone, "99003").premier_accueil.distance_km == 8.0


def test_a_permanence_keeps_the_zone_of_its_place(rapport_zones: RapportCouverture) -> None:
    # Dieu-le-Fit is 1 km from the CCAS's permanence, which receives Bourg's people only.
    dieulefit = par_code(rapport_zones, "99004").avec_permanences
    assert (dieulefit.lieu_id, dieulefit.distance_km) == ("mds-centre", 5.0)


def test_an_intercommunal_place_serves_each_of_its_communes(
    rapport_zones: RapportCouverture,
) -> None:
    essart, gorge = par_code(rapport_zones, "99005"), par_code(rapport_zones, "99007")
    assert (essart.premier_accueil.lieu_id, essart.premier_accueil.distance_km) == (
        "cias-sud", 2.0)
    assert essart.premier_accueil.accessible
    # Gorge is admitted by the CIAS (37.8 km) but the MDS is nearer (20.2 km).
    assert (gorge.premier_accueil.lieu_id, gorge.premier_accueil.distance_km) == (
        "mds-centre", 20.2)


def test_totals_with_zones_match_the_hand_count(rapport_zones: RapportCouverture) -> None:
    t, tp = rapport_zones.totaux, rapport_zones.totaux_avec_permanences
    # Aval 10 000, Bourg 2 000, Combe 500, Essart 1 200; Dieu-le-Fit and Gorge beyond reach.
    assert (t.communes_accessibles, t.habitants_accessibles) == (4, 13_700)
    assert (t.communes_hors_de_portee, t.habitants_hors_de_portee) == (2, 850)
    assert (t.part_communes_accessibles, t.part_habitants_accessibles) == (57.1, 93.2)
    # Plus Dieu-le-Fit (800) through the MDS's permanence.
    assert (tp.communes_accessibles, tp.habitants_accessibles) == (5, 14_500)
    assert (tp.part_communes_accessibles, tp.part_habitants_accessibles) == (71.4, 98.6)
    assert [c.nom for c in rapport_zones.hors_de_portee] == ["Dieu-le-Fit", "Gorge"]
    assert [c.nom for c in rapport_zones.hors_de_portee_avec_permanences] == ["Gorge"]


def test_a_place_whose_zone_admits_nobody_here_counts_for_no_commune() -> None:
    ailleurs = point("ccas-ailleurs", 0, frozenset({"98001"}), code_insee="98001")
    r = analyser_couverture(COMMUNES, [ailleurs])
    assert all(c.premier_accueil.lieu_id is None for c in r.communes)
    assert r.totaux.communes_accessibles == 0


# --- degenerate départements and settings ---------------------------------------------------


def test_a_departement_without_any_place_has_every_commune_beyond_reach() -> None:
    r = analyser_couverture(COMMUNES, [])
    assert r.nombre_lieux == 0
    assert all(c.premier_accueil.lieu_id is None for c in r.communes)
    assert all(c.premier_accueil.distance_km is None for c in r.communes)
    assert r.totaux.communes_accessibles == 0
    assert r.totaux.part_habitants_accessibles == 0.0
    assert len(r.hors_de_portee) == 6


def test_permanences_alone_still_count_when_no_place_is_listed() -> None:
    r = analyser_couverture(COMMUNES, [], PERMANENCES)
    assert par_code(r, "99004").avec_permanences.accessible
    assert not par_code(r, "99004").premier_accueil.accessible


def test_a_departement_without_communes_gives_an_empty_report() -> None:
    r = analyser_couverture([], LIEUX)
    assert r.communes == ()
    assert r.totaux.communes == 0
    assert r.totaux.part_communes_accessibles == 0.0


def test_the_threshold_is_configurable() -> None:
    r = analyser_couverture(COMMUNES, LIEUX, seuil_km=10)
    assert par_code(r, "99002").premier_accueil.accessible
    assert not par_code(r, "99003").premier_accueil.accessible
    assert "10 km" in r.explication_seuil


@pytest.mark.parametrize("seuil", [0, -5, float("nan"), float("inf")])
def test_a_threshold_that_is_not_a_positive_distance_is_refused_in_french(seuil: float) -> None:
    with pytest.raises(ValueError, match="nombre de kilomètres positif"):
        analyser_couverture(COMMUNES, LIEUX, seuil_km=seuil)


def test_the_default_threshold_lies_in_the_range_its_explanation_derives() -> None:
    # 30 minutes of road at the stated speeds, brought back to straight line by the detour.
    bas = VITESSE_MIN_KMH / 2 / FACTEUR_DETOUR
    haut = VITESSE_MAX_KMH / 2 / FACTEUR_DETOUR
    assert bas <= SEUIL_DEFAUT_KM <= haut
    assert "20 km" in EXPLICATION_SEUIL_DEFAUT
    assert "1,3" in EXPLICATION_SEUIL_DEFAUT


# --- CSV and JSON --------------------------------------------------------------------------


def lire_csv(r: RapportCouverture) -> list[dict[str, str]]:
    flux = io.StringIO()
    write_csv(r, flux)
    flux.seek(0)
    return list(csv.DictReader(flux, delimiter=";"))


def test_the_csv_header_is_french_and_in_a_fixed_order(rapport: RapportCouverture) -> None:
    flux = io.StringIO()
    write_csv(rapport, flux)
    assert flux.getvalue().splitlines()[0] == (
        "Code INSEE;Commune;Population;Latitude mairie;Longitude mairie;"
        "Premier accueil le plus proche;Identifiant du lieu;Commune du lieu;Distance (km);"
        "Accessible;"
        "Lieu le plus proche, permanences comprises;"
        "Identifiant du lieu, permanences comprises;"
        "Commune du lieu, permanences comprises;"
        "Distance, permanences comprises (km);"
        "Accessible, permanences comprises;"
        "Par une permanence;Remarque"
    )
    assert len(COLONNES_CSV) == 17


def test_the_csv_has_one_row_per_commune_in_insee_order(rapport: RapportCouverture) -> None:
    lignes = lire_csv(rapport)
    assert [ligne["Code INSEE"] for ligne in lignes] == [f"9900{i}" for i in range(1, 8)]


def test_the_csv_row_reads_in_plain_french(rapport: RapportCouverture) -> None:
    dieulefit = next(ligne for ligne in lire_csv(rapport) if ligne["Code INSEE"] == "99004")
    assert dieulefit["Distance (km)"] == "35.0"
    assert dieulefit["Accessible"] == "non"
    assert dieulefit["Distance, permanences comprises (km)"] == "5.0"
    assert dieulefit["Accessible, permanences comprises"] == "oui"
    assert dieulefit["Par une permanence"] == "oui"


def test_the_csv_row_of_a_commune_without_point_says_why_it_is_empty(
    rapport: RapportCouverture,
) -> None:
    fontaine = next(ligne for ligne in lire_csv(rapport) if ligne["Code INSEE"] == "99006")
    assert fontaine["Population"] == "150"
    assert fontaine["Distance (km)"] == ""
    assert "mairie inconnue" in fontaine["Remarque"]


def test_the_csv_can_be_written_to_a_path(rapport: RapportCouverture, tmp_path: Path) -> None:
    chemin = tmp_path / "couverture.csv"
    write_csv(rapport, chemin)
    # Opened by a double-click in French Excel: BOM for UTF-8, semicolons.
    assert chemin.read_text(encoding="utf-8").startswith("\ufeffCode INSEE;Commune;")


def test_the_map_data_gives_each_commune_its_position_and_distance(
    rapport: RapportCouverture,
) -> None:
    donnees = report_to_dict(rapport)
    # Strict JSON: no NaN or Infinity may reach the browser.
    donnees = json.loads(json.dumps(donnees, allow_nan=False))
    bourg = next(c for c in donnees["communes"] if c["code_insee"] == "99002")
    assert bourg["latitude"] == pytest.approx(lat(10))
    assert bourg["longitude"] == LON
    assert bourg["premier_accueil"]["distance_km"] == 10.0
    assert donnees["sans_coordonnees"] == [
        {"code_insee": "99006", "nom": "Fontaine", "population": 150}
    ]
    assert [c["code_insee"] for c in donnees["hors_de_portee"]] == ["99005", "99004", "99007"]
    assert donnees["totaux"]["habitants_accessibles"] == 12_500


def test_the_map_data_of_a_departement_without_any_place_has_null_distances() -> None:
    donnees = report_to_dict(analyser_couverture(COMMUNES, []))
    texte = json.dumps(donnees, allow_nan=False)
    assert all(c["premier_accueil"]["distance_km"] is None for c in donnees["communes"])
    assert "Infinity" not in texte
