"""Hours in one line for the printed fiche de liaison."""

from __future__ import annotations

import pytest
from guide_solidarites.hours_summary import summarise_week


def test_a_working_week_with_a_lunch_break() -> None:
    assert summarise_week("Mo-Fr 09:00-12:00,14:00-17:00; PH off") == (
        "lun.–ven. 9 h–12 h, 14 h–17 h ; fermé les jours fériés")


def test_a_different_wednesday_reads_apart_from_the_other_mornings() -> None:
    assert summarise_week("Mo-Fr 08:30-12:00; We 13:30-17:00") == (
        "lun., mar., jeu., ven. 8 h 30–12 h ; mer. 13 h 30–17 h")


def test_runs_of_three_days_or_more_are_ranges() -> None:
    assert summarise_week("Mo-We,Fr-Su 10:00-16:00") == "lun.–mer., ven.–dim. 10 h–16 h"


def test_a_monthly_rule_follows_the_usual_week() -> None:
    assert summarise_week("Mo-Fr 09:00-12:00; We[1] 14:00-16:00") == (
        "lun.–ven. 9 h–12 h ; le 1er mercredi du mois : 14 h–16 h")


def test_always_open_and_never_open() -> None:
    assert summarise_week("24/7") == "lun.–dim. 24 h sur 24"
    assert summarise_week("off") == "fermé"


def test_text_that_is_not_osm_hours_is_refused() -> None:
    with pytest.raises(ValueError):
        summarise_week("du lundi au vendredi le matin")
