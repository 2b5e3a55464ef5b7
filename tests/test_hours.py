"""Opening hours: checks, intervals, plain French and free-text conversion."""

from __future__ import annotations

import datetime as dt

import pytest
from guide_solidarites.hours import (
    Closure,
    check_osm,
    day_cells_to_osm,
    describe_french,
    french_text_to_osm,
    hours_warnings,
    intervals_payload,
    open_intervals,
    state_at,
    week_in_french,
)

OFFICE = "Mo-Fr 09:00-12:00,14:00-17:00; PH off"


def at(day: str, time: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{time}")


def day_intervals(text: str, day: str, closures: tuple[Closure, ...] = ()) -> list[str]:
    start = dt.date.fromisoformat(day)
    return [f"{a:%H:%M}-{b:%H:%M}" for a, b in open_intervals(text, start, 1, closures)]


# Checking


def test_valid_osm_has_no_message() -> None:
    assert check_osm(OFFICE) is None


def test_french_hours_get_the_osm_they_mean_as_hint() -> None:
    assert check_osm("Lu-Ve 9h-12h") == (
        "horaires illisibles : « Lu-Ve 9h-12h ». "
        "Format attendu (OpenStreetMap) : vouliez-vous écrire « Mo-Fr 09:00-12:00 » ?"
    )


def test_en_dashes_and_public_holidays_in_french_are_recognised() -> None:
    message = check_osm("lundi au vendredi 9h–12h et 14h–17h, fermé les jours fériés")
    assert message is not None
    assert message.endswith(f"vouliez-vous écrire « {OFFICE} » ?")


def test_unreadable_hours_get_the_generic_example() -> None:
    assert check_osm("Très variables") == (
        "horaires illisibles : « Très variables ». "
        f"Format attendu (OpenStreetMap) : par exemple « {OFFICE} »"
    )


def test_empty_hours_are_reported_as_missing() -> None:
    message = check_osm("  ")
    assert message is not None
    assert message.startswith("horaires manquants.")


# Intervals


def test_a_weekday_has_its_morning_and_afternoon() -> None:
    assert day_intervals(OFFICE, "2026-11-23") == ["09:00-12:00", "14:00-17:00"]


def test_a_sunday_is_closed() -> None:
    assert day_intervals(OFFICE, "2026-11-22") == []


@pytest.mark.parametrize(
    "holiday",
    ["2026-12-25", "2026-11-11", "2027-05-17"],  # Noël, Armistice, lundi de Pentecôte
)
def test_public_holidays_are_closed_with_ph_off(holiday: str) -> None:
    assert day_intervals(OFFICE, holiday) == []


def test_public_holidays_are_open_without_a_ph_rule() -> None:
    assert day_intervals("Mo-Fr 09:00-12:00", "2026-12-25") == ["09:00-12:00"]


def test_a_closure_removes_its_days_inclusively() -> None:
    closure = Closure(dt.date(2026, 11, 24), dt.date(2026, 11, 25), "Travaux")
    start = dt.date(2026, 11, 23)
    days = {a.date().isoformat() for a, _ in open_intervals(OFFICE, start, 4, [closure])}
    assert days == {"2026-11-23", "2026-11-26"}


def test_state_at_follows_the_intervals() -> None:
    assert state_at(OFFICE, at("2026-11-23", "10:00"))
    assert not state_at(OFFICE, at("2026-11-23", "12:00"))


def test_invalid_hours_raise_with_the_french_message() -> None:
    with pytest.raises(ValueError, match="horaires illisibles"):
        open_intervals("Lu-Ve 9h-12h", dt.date(2026, 11, 23), 7, [])


def test_the_payload_is_what_the_script_reads() -> None:
    closure = Closure(dt.date(2026, 12, 24), dt.date(2026, 12, 24), "Fermé la veille de Noël")
    payload = intervals_payload(OFFICE, dt.date(2026, 12, 23), 3, [closure])
    assert payload == {
        "du": "2026-12-23",
        "jusqu_au": "2026-12-26",
        "intervalles": [
            ["2026-12-23T09:00", "2026-12-23T12:00"],
            ["2026-12-23T14:00", "2026-12-23T17:00"],
        ],
        "fermetures": [
            {"du": "2026-12-24", "au": "2026-12-24", "message": "Fermé la veille de Noël"}
        ],
        "feries": ["2026-12-25"],
    }


# Plain French


def test_the_usual_week_in_french() -> None:
    week = week_in_french(OFFICE)
    assert week.days == [
        ("lundi", "9 h – 12 h, 14 h – 17 h"),
        ("mardi", "9 h – 12 h, 14 h – 17 h"),
        ("mercredi", "9 h – 12 h, 14 h – 17 h"),
        ("jeudi", "9 h – 12 h, 14 h – 17 h"),
        ("vendredi", "9 h – 12 h, 14 h – 17 h"),
        ("samedi", "fermé"),
        ("dimanche", "fermé"),
    ]
    assert week.notes == ["Fermé les jours fériés"]


def test_half_hours_are_written_out() -> None:
    assert week_in_french("Mo 08:30-13:30").days[0] == ("lundi", "8 h 30 – 13 h 30")


def test_the_first_saturday_of_the_month_is_a_note() -> None:
    week = week_in_french("Mo-Fr 09:00-12:00; Sa[1] 09:00-12:00")
    assert week.days[5] == ("samedi", "fermé")
    assert week.notes == ["Le 1er samedi du mois : 9 h – 12 h"]


def test_month_ranges_are_a_note() -> None:
    week = week_in_french("Mo-Fr 10:00-18:00; Jul-Aug Mo-Fr 10:00-12:00")
    assert week.days[0] == ("lundi", "10 h – 18 h")
    assert week.notes == ["De juillet à août, du lundi au vendredi : 10 h – 12 h"]


def test_rules_without_words_show_the_normalized_osm() -> None:
    week = week_in_french("Mo-Fr 08:00-12:00 || unknown")
    assert week.notes == [
        "Horaires détaillés (format OpenStreetMap) : « Mo-Fr 08:00-12:00 || 24/7 unknown »"
    ]


def test_comments_follow_the_hours() -> None:
    assert week_in_french('Tu 14:00-17:00 "sur rendez-vous"').days[1] == (
        "mardi",
        "14 h – 17 h (sur rendez-vous)",
    )


def test_one_line_description() -> None:
    assert describe_french("Mo-Fr 09:00-12:00; Sa 09:00-12:00; PH off") == (
        "Du lundi au samedi : 9 h – 12 h. Fermé les jours fériés"
    )


# Free text -> OSM. Cells below are copied from /work/shared/data:
# france-services-2022-12-01.csv (columns h_lundi...h_samedi) and
# data-inclusion-structures-2023-02.json (field "horaires").


@pytest.mark.parametrize(
    ("text", "osm"),
    [
        (
            "Lundi : 8h30-12h ; Mardi à Vendredi : 8h30-12h/14h-17h ; Samedi : 9h-11h",
            "Mo 08:30-12:00; Tu-Fr 08:30-12:00,14:00-17:00; Sa 09:00-11:00",
        ),
        (
            "Horaires Lundi : 14h - 18h00Mardi, mercredi, jeudi : 9 h - 12 h / 13 h 15 - 18h00"
            "Vendredi : 9 h - 12 h / 13 h 15 - 17 h 30 ",
            "Mo 14:00-18:00; Tu-Th 09:00-12:00,13:15-18:00; Fr 09:00-12:00,13:15-17:30",
        ),
        (
            "lundi au vendredi : 8h-12h, 13h30-17h30 (vendredi 16h30)",
            "Mo-Th 08:00-12:00,13:30-17:30; Fr 08:00-12:00,13:30-16:30",
        ),
        (
            " Du \xa0lundi au jeudi : 9h-12h30, 13h30-17h. Vendredi : 9h-12h30, 13h30-16h30. "
            "Fermeture au public le jeudi après-midi. ",
            "Mo-We 09:00-12:30,13:30-17:00; Th 09:00-12:00; Fr 09:00-12:30,13:30-16:30",
        ),
        (
            " Lundi, mardi et mercredi : 9h-12h Vendredi : 9h-12h et 13h30-17h "
            "Permanence le 2ème samedi du mois : 9h-12h ",
            "Mo-We 09:00-12:00; Fr 09:00-12:00,13:30-17:00; Sa[2] 09:00-12:00",
        ),
        (
            "Du lundi au vendredi : 9h - 12h / 12h30 - 16h \nfermé le mercredi",
            "Mo,Tu,Th,Fr 09:00-12:00,12:30-16:00",
        ),
        (
            "<ul><li>mardi-jeudi-vendredi-samedi 14H00-17H45</li>"
            "<li>mercredi 15H00-17H45</li></ul>",
            "Tu,Th-Sa 14:00-17:45; We 15:00-17:45",
        ),
        ("Mo-Fr 9h-12h30,13h30-17h", "Mo-Fr 09:00-12:30,13:30-17:00"),
        ("24h/24", "24/7"),
    ],
)
def test_free_french_hours_convert_to_osm(text: str, osm: str) -> None:
    assert french_text_to_osm(text) == osm


@pytest.mark.parametrize(
    "text",
    [
        "Très variables",
        "De 9h - 12h et de 14h - 17h",  # no day
        " Mardi, Jeudi : 9h-12h Vendredi : 16h-19h Le samedi sur rendez-vous ",
        "Mo-Fr 09:00-12:00-14:00",  # broken OSM: three times
        "\xa0Tous les après-midi de 13h30 à 17h en periode scolaire",
    ],
)
def test_unreliable_free_text_is_refused(text: str) -> None:
    assert french_text_to_osm(text) is None


def test_france_services_cells_merge_identical_days() -> None:
    # Row 1, France services de Valserhône.
    cells = {
        "lundi": "09:00 - 12:00 / 13:30 - 17:00",
        "mardi": "09:00 - 12:00 / 13:30 - 17:00",
        "mercredi": "09:00 - 12:00 / 13:30 - 17:00",
        "jeudi": "09:00 - 12:00 / 13:30 - 17:00",
        "vendredi": "09:00 - 12:00 / 13:30 - 16:00",
        "samedi": "",
    }
    assert day_cells_to_osm(cells) == (
        "Mo-Th 09:00-12:00,13:30-17:00; Fr 09:00-12:00,13:30-16:00",
        [],
    )


def test_france_services_irregular_cells_that_are_unambiguous_are_read() -> None:
    cells = {
        "h_lundi": "08 :00-12:00/14:00-17:00",
        "h_mardi": "09:00-12:00 14:00-16:30",
        "h_mercredi": "-",
        "h_jeudi": "00:00 - 00:00 / 09:00 - 12:00",
        "h_vendredi": "08:45 - 16:30 / 08:45 - 16:30",
        "h_samedi": "00:00 - 00:00",
    }
    assert day_cells_to_osm(cells) == (
        "Mo 08:00-12:00,14:00-17:00; Tu 09:00-12:00,14:00-16:30; Th 09:00-12:00; Fr 08:45-16:30",
        [],
    )


def test_france_services_unreadable_cells_are_listed_not_dropped() -> None:
    cells = {"lundi": "09:00-12:00", "mardi": "09:00-13:00-/3:00-16:00"}
    assert day_cells_to_osm(cells) == (
        "Mo 09:00-12:00",
        ["mardi : « 09:00-13:00-/3:00-16:00 »"],
    )


def test_fallback_rules_are_evaluated_beyond_the_first_day() -> None:
    # opening-hours 2.1.4 alone stops after the first closed span with "||".
    start = dt.date(2026, 11, 23)
    assert len(open_intervals("Mo-Fr 08:00-12:00 || unknown", start, 7, [])) == 5


# Hours that would make « ouvert maintenant » lie


def test_a_day_range_written_backwards_is_refused_with_the_range_put_right() -> None:
    message = check_osm("Mo-Fr 12:00-09:00; PH off")
    assert message is not None
    assert message.startswith("plage horaire à l'envers : « 12:00-09:00 » finit avant de "
                              "commencer ; ainsi écrit, le lieu serait ouvert de 12 h au "
                              "lendemain 9 h.")
    assert "vouliez-vous écrire « Mo-Fr 09:00-12:00; PH off » ?" in message


def test_only_the_backwards_ranges_are_put_right() -> None:
    message = check_osm('Mo-Fr 09:00-12:00,17:00-14:00 "accueil"')
    assert message is not None
    assert 'vouliez-vous écrire « Mo-Fr 09:00-12:00,14:00-17:00 "accueil" » ?' in message


@pytest.mark.parametrize("text", ["Mo-Fr 20:00-08:00", "Su 17:00-09:00", "Mo-Fr 18:00-00:00",
                                  "Mo-Fr 12:00-33:00"])
def test_evening_to_morning_ranges_are_accepted(text: str) -> None:
    assert check_osm(text) is None


@pytest.mark.parametrize(("text", "start"), [
    ("Mo-Fr 09:00+", "« 09:00+ » ne dit pas l'heure de fermeture"),
    ("Mo-Fr 09:00-12:00; SH off", "le guide ne connaît pas les dates des vacances scolaires"),
    ("sunrise-sunset", "le guide ne calcule pas les heures du soleil (« sunrise »)"),
])
def test_hours_the_guide_cannot_show_truthfully_are_refused(text: str, start: str) -> None:
    message = check_osm(text)
    assert message is not None and message.startswith(start)


def test_words_inside_a_comment_are_not_read_as_rules() -> None:
    assert check_osm('Mo-Fr 09:00-12:00 "SH : 12:00-09:00 sunrise"') is None


def test_a_comment_alone_as_fallback_is_no_opening() -> None:
    text = 'Mo-Fr 09:00-12:00 || "sur rendez-vous"'
    assert not state_at(text, at("2026-11-28", "04:00"))
    assert week_in_french(text).days[5] == ("samedi", "horaires à confirmer (sur rendez-vous)")


def codes(text: str, today: str = "2026-11-22") -> list[str]:
    return [w.code for w in hours_warnings(text, dt.date.fromisoformat(today))]


def test_usual_hours_have_no_warning() -> None:
    assert codes(OFFICE) == []
    assert codes('Tu 14:00-17:00 "sur rendez-vous"') == []


def test_a_night_opening_is_accepted_with_a_warning_naming_the_day_range() -> None:
    [warning] = hours_warnings("Mo-Fr 20:00-08:00", dt.date(2026, 11, 22))
    assert warning.code == "horaires-nuit"
    assert warning.message == ("« 20:00-08:00 » passe minuit : le lieu est affiché ouvert de "
                               "20 h au lendemain 8 h")
    assert warning.hint.endswith("écrivez « 08:00-20:00 »")


def test_a_comment_without_hours_is_a_warning() -> None:
    assert codes('Mo-Fr 09:00-12:00 || "sur rendez-vous"') == ["horaires-commentaire-seul"]


@pytest.mark.parametrize(("text", "reason"), [
    ("2024 Mo-Fr 09:00-12:00", "ils ne valent que pour 2024, une période passée"),
    ("2020-2025 Mo-Fr 09:00-12:00", "ils ne valent que pour 2020-2025, une période passée"),
    ("Mo-Su off", "ils disent « fermé » tous les jours"),
    ("closed", "ils disent « fermé » tous les jours"),
    ("2028 Mo-Fr 09:00-12:00", "ils n'ont aucune heure d'ouverture dans les douze mois à venir"),
])
def test_hours_that_never_open_are_a_warning_saying_why(text: str, reason: str) -> None:
    [warning] = hours_warnings(text, dt.date(2026, 11, 22))
    assert warning.code == "horaires-jamais-ouvert"
    assert warning.message == (f"horaires « {text} » : {reason} ; la page affichera « Fermé · "
                               "réouverture à confirmer »")


def test_a_rule_of_a_past_year_is_a_warning() -> None:
    assert codes("Mo-Fr 09:00-12:00; 2024 Dec 24 off") == ["horaires-annee-passee"]
    assert codes("Mo-Fr 09:00-12:00; 2026 Dec 24 off") == []
    assert codes("2024+ Mo-Fr 09:00-12:00") == []  # from 2024 on: still valid
