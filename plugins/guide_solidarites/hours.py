"""Opening hours: OSM `opening_hours` checks, open intervals, plain French, free-text import."""

# The contract with overrides/assets/javascripts/horaires.js
# ---------------------------------------------------------
# A page embeds, per list of hours (one per mode: sans rendez-vous, téléphone...),
# the JSON returned by `intervals_payload`, and one status element pointing at it:
#
#   <script type="application/json" id="horaires-sans-rdv">{...payload...}</script>
#   <p class="gs-etat" data-horaires="horaires-sans-rdv" hidden></p>
#
# The payload is {"du": "2026-11-23", "jusqu_au": "2027-01-04",
#   "intervalles": [["2026-11-23T09:00", "2026-11-23T12:00"], ...],
#   "fermetures": [{"du": "2026-12-24", "au": "2026-12-26", "message": "..."}],
#   "feries": ["2026-12-25", ...]}
# with naive Europe/Paris wall-clock times; "jusqu_au" is excluded, "au" included;
# "feries" lists the public holidays of the window on which the place stays closed.
# The script fills the element, removes `hidden` and adds gs-etat--ouvert / gs-etat--ferme.
# The page must also carry the usual week (`week_in_french`) so that it works without
# JavaScript: the status line is only a convenience.

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import opening_hours
from opening_hours import OpeningHours, State

from .langues import (
    JOURS_FR,
    LANGUE_SOURCE,
    MOIS_FR,
    N_,
    heure,
    langue,
    noms_des_jours,
    noms_des_mois,
    virgule,
)

COUNTRY = "FR"
"""Public holidays are the national French ones (no Alsace-Moselle extras)."""

OSM_EXAMPLE = "Mo-Fr 09:00-12:00,14:00-17:00; PH off"
"""The example shown to partners when their hours cannot be read."""

WEEKDAYS_OSM = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
WEEKDAYS_FR = JOURS_FR
MONTHS_OSM = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTHS_FR = MOIS_FR

Interval = tuple[dt.datetime, dt.datetime]


@dataclass(frozen=True)
class Closure:
    """A temporary closure, both dates included (travaux, congés, fermeture exceptionnelle)."""

    start: dt.date
    end: dt.date
    message: str


@dataclass(frozen=True)
class FrenchWeek:
    """The usual week in plain French, and what it does not show."""

    days: list[tuple[str, str]]
    notes: list[str] = field(default_factory=list)


# Checking ---------------------------------------------------------------------------------

# opening_hours accepts forms that would make the "open now" line lie: the guide refuses
# those it cannot show truthfully and warns about those that are legitimate but suspicious.
# Only the text outside "comments" is examined.
_QUOTED_RE = re.compile(r'"[^"]*"')
_RANGE_RE = re.compile(r"(?<![\d:])(\d\d):(\d\d)-(\d\d):(\d\d)(?![\d:+])")
_OPEN_END_RE = re.compile(r"(?<![\d:])\d\d:\d\d(?:-\d\d:\d\d)?\+")
_SOLAR_RE = re.compile(r"\b(?:sunrise|sunset|dawn|dusk)\b")
_SCHOOL_HOLIDAYS_RE = re.compile(r"\bSH\b")
_YEARS_RE = re.compile(r"(?<![\d:])((?:19|20)\d\d)(?:-((?:19|20)\d\d))?(\+)?(?:/\d+)?(?![\d:])")
# A comment standing alone as a rule (`Mo-Fr 09:00-12:00 || "sur rendez-vous"`), on the
# masked text where each comment is "<its index>".
_COMMENT_ONLY_RE = re.compile(r'(^|;|\|\||,)(\s*)("\d+")(?=\s*(?:$|;|\|\|))')

# A range that passes midnight is an overnight opening (a night shelter, 20:00-08:00) only
# when it starts in the evening and ends in the morning; otherwise (12:00-09:00) it is a day
# range written backwards, which opening_hours reads as open through the night.
NIGHT_STARTS_FROM = 17 * 60
NIGHT_ENDS_BY = 12 * 60


def _masked(text: str) -> tuple[str, list[str]]:
    """`text` with each comment replaced by "<its index>", and the comments."""
    comments: list[str] = []

    def keep(match: re.Match[str]) -> str:
        comments.append(match.group())
        return f'"{len(comments) - 1}"'

    return _QUOTED_RE.sub(keep, text), comments


def _unmasked(masked: str, comments: Sequence[str]) -> str:
    return re.sub(r'"(\d+)"', lambda m: comments[int(m.group(1))], masked)


def _as_specified(text: str) -> str:
    """`text` with every comment-only rule marked `unknown`, as the OSM specification reads
    it: opening-hours 2.1.4 reads `|| "sur rendez-vous"` as `|| 24/7 "sur rendez-vous"`,
    open day and night whenever the other rules say nothing (Saturday at 4 a.m.)."""
    masked, comments = _masked(text)
    return _unmasked(_COMMENT_ONLY_RE.sub(r"\1\2unknown \3", masked), comments)


def _wrapping_ranges(text: str) -> list[tuple[str, int, int]]:
    """(range, start, end), in minutes, of each range whose end comes before its start."""
    masked, _ = _masked(text)
    found = []
    for match in _RANGE_RE.finditer(masked):
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if end == 0:
            end = 24 * 60  # "18:00-00:00" ends at midnight, it does not pass it
        if end <= start:
            found.append((match.group(), start, end))
    return found


def _is_night(start: int, end: int) -> bool:
    return start >= NIGHT_STARTS_FROM and end <= NIGHT_ENDS_BY


def _swapped(written: str) -> str:
    return "-".join(reversed(written.split("-")))


def _refused(text: str) -> tuple[str, str] | None:
    """(French message, hint) for valid OSM hours that the guide cannot show truthfully."""
    masked, comments = _masked(text)
    backwards = [(r, a, b) for r, a, b in _wrapping_ranges(text) if not _is_night(a, b)]
    if backwards:
        written, start, end = backwards[0]
        fixed = masked
        for r, _, _ in backwards:
            fixed = fixed.replace(r, _swapped(r))
        extended = f"{written.split('-')[0]}-{end // 60 + 24:02d}:{end % 60:02d}"
        return (
            f"plage horaire à l'envers : « {written} » finit avant de commencer ; ainsi écrit, "
            f"le lieu serait ouvert de {french_time(start)} au lendemain {french_time(end)}",
            f"vouliez-vous écrire « {_unmasked(fixed, comments).strip()} » ? Un accueil "
            "vraiment ouvert jusqu'au lendemain écrit l'heure de fin après 24:00 "
            f"(« {extended} »)",
        )
    if match := _OPEN_END_RE.search(masked):
        return (
            f"« {match.group()} » ne dit pas l'heure de fermeture : le guide afficherait "
            "« ouvert » jusqu'à minuit",
            "indiquez l'heure de fermeture, par exemple « Mo-Fr 09:00-17:00 »",
        )
    if _SCHOOL_HOLIDAYS_RE.search(masked):
        return (
            "le guide ne connaît pas les dates des vacances scolaires (« SH ») : le lieu y "
            "paraîtrait ouvert comme d'habitude",
            "retirez la règle « SH » et écrivez les fermetures des vacances dans « fermetures » "
            "(du, au, message)",
        )
    if match := _SOLAR_RE.search(masked):
        return (
            f"le guide ne calcule pas les heures du soleil (« {match.group()} »)",
            "indiquez des heures fixes, par exemple « Mo-Fr 09:00-17:00 »",
        )
    return None


def diagnose_osm(text: str) -> tuple[str, str] | None:
    """None when `text` is OSM opening_hours the guide can show; otherwise (French message,
    hint), the hint being the converted string when the text reads as French hours."""
    if text.strip() and opening_hours.validate(text):
        return _refused(text)
    if not text.strip():
        return "horaires manquants", f"par exemple « {OSM_EXAMPLE} »"
    guess = french_text_to_osm(text)
    if guess is not None and guess != text:
        hint = f"vouliez-vous écrire « {guess} » ?"
    else:
        hint = f"par exemple « {OSM_EXAMPLE} »"
    return f"horaires illisibles : « {text.strip()} »", hint


def check_osm(text: str) -> str | None:
    """None when `text` is OSM opening_hours the guide can show; otherwise a French message
    with a hint."""
    found = diagnose_osm(text)
    return None if found is None else f"{found[0]}. Format attendu (OpenStreetMap) : {found[1]}"


@dataclass(frozen=True)
class HoursWarning:
    """Hours the guide can show, but that probably do not say what the partner means."""

    code: str
    message: str
    hint: str


WARNING_HORIZON_DAYS = 366
"""Hours without any opening in this many days from the check make a place look closed for
good on its page ("Fermé · réouverture à confirmer")."""


def hours_warnings(text: str, today: dt.date) -> list[HoursWarning]:
    """Warnings for hours `text` that `diagnose_osm` accepts, checked on `today`."""
    masked, comments = _masked(text)
    warnings: list[HoursWarning] = []
    for written, start, end in _wrapping_ranges(text):
        if _is_night(start, end):
            warnings.append(HoursWarning(
                "horaires-nuit",
                f"« {written} » passe minuit : le lieu est affiché ouvert de "
                f"{french_time(start)} au lendemain {french_time(end)}",
                "c'est correct pour un accueil de nuit ; si vous vouliez dire de "
                f"{french_time(end)} à {french_time(start)}, écrivez « {_swapped(written)} »"))
    if alone := _COMMENT_ONLY_RE.search(masked):
        warnings.append(HoursWarning(
            "horaires-commentaire-seul",
            f"le commentaire {_unmasked(alone.group(3), comments)} n'a pas d'heures : à ces "
            "moments-là, le guide affiche « horaires à confirmer », jamais « ouvert »",
            "écrivez les heures avant le commentaire (« Sa 09:00-12:00 \"sur rendez-vous\" »), "
            "ou les horaires sur rendez-vous dans « horaires: sur_rendez_vous: »"))
    past = [m.group() for m in _YEARS_RE.finditer(masked)
            if not m.group(3) and int(m.group(2) or m.group(1)) < today.year]
    if not _opens_within(text, today, WARNING_HORIZON_DAYS):
        if past:
            reason = f"ils ne valent que pour {', '.join(past)}, une période passée"
            hint = "mettez l'année à jour, ou retirez-la si les horaires valent toute l'année"
        elif not (comments or _RANGE_RE.search(masked) or _YEARS_RE.search(masked)
                  or "24/7" in masked or "unknown" in masked):
            reason = "ils disent « fermé » tous les jours"
            hint = ("une fermeture temporaire s'écrit dans « fermetures » (du, au, message) ; "
                    "un lieu fermé définitivement se retire de l'annuaire")
        else:
            reason = "ils n'ont aucune heure d'ouverture dans les douze mois à venir"
            hint = f"vérifiez les horaires, par exemple « {OSM_EXAMPLE} »"
        warnings.append(HoursWarning(
            "horaires-jamais-ouvert",
            f"horaires « {text.strip()} » : {reason} ; la page affichera « Fermé · "
            "réouverture à confirmer »", hint))
    elif past:
        warnings.append(HoursWarning(
            "horaires-annee-passee",
            f"la règle de {', '.join(past)} est passée et ne s'applique plus",
            "retirez-la des horaires"))
    return warnings


@lru_cache(maxsize=4096)
def _parse(text: str) -> OpeningHours:
    # Records share a few hundred distinct strings: parse each one once per build.
    try:
        return OpeningHours(_as_specified(text), country=COUNTRY)
    except Exception as error:  # opening_hours.ParserError, missing from the type stubs
        if opening_hours.validate(text):
            raise
        raise ValueError(check_osm(text)) from error


# Intervals --------------------------------------------------------------------------------


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time())


def _intervals(
    text: str, parsed: OpeningHours, begin: dt.datetime, end: dt.datetime
) -> Iterable[tuple[dt.datetime, dt.datetime, State, str]]:
    # opening-hours 2.1.4 stops after the first closed span when the expression has a
    # fallback rule ("||"): evaluate such expressions one day at a time.
    if "||" not in text:
        yield from parsed.intervals(begin, end)
        return
    day = begin
    while day < end:
        yield from parsed.intervals(day, min(end, day + dt.timedelta(days=1)))
        day += dt.timedelta(days=1)


@lru_cache(maxsize=16384)
def _raw_open_intervals(text: str, start: dt.date, days: int) -> tuple[Interval, ...]:
    begin = _midnight(start)
    end = begin + dt.timedelta(days=days)
    return tuple(
        (a, b)
        for a, b, state, _ in _intervals(text, _parse(text), begin, end)
        if state == State.OPEN
    )


def _opens_within(text: str, start: dt.date, days: int) -> bool:
    # Stops at the first opening: usual hours open within days, not a year of intervals.
    begin = _midnight(start)
    spans = _intervals(text, _parse(text), begin, begin + dt.timedelta(days=days))
    return any(state == State.OPEN for _, _, state, _ in spans)


def _subtract(intervals: Iterable[Interval], cut: Interval) -> list[Interval]:
    kept: list[Interval] = []
    for a, b in intervals:
        if b <= cut[0] or a >= cut[1]:
            kept.append((a, b))
            continue
        if a < cut[0]:
            kept.append((a, cut[0]))
        if b > cut[1]:
            kept.append((cut[1], b))
    return kept


def open_intervals(
    text: str, start: dt.date, days: int, closures: Sequence[Closure] = ()
) -> list[Interval]:
    """Open intervals from `start` 00:00 for `days` days, public holidays and closures applied.

    Datetimes are naive Europe/Paris wall-clock times. Raises ValueError (with the French
    message of `check_osm`) when `text` is not valid OSM syntax.
    """
    intervals: list[Interval] = list(_raw_open_intervals(text, start, days))
    for closure in closures:
        cut = (_midnight(closure.start), _midnight(closure.end + dt.timedelta(days=1)))
        intervals = _subtract(intervals, cut)
    return intervals


def state_at(text: str, moment: dt.datetime, closures: Sequence[Closure] = ()) -> bool:
    """Whether the place is open at `moment` (naive Paris time), closures included."""
    return any(a <= moment < b for a, b in open_intervals(text, moment.date(), 1, closures))


@lru_cache(maxsize=64)
def _public_holidays(start: dt.date, days: int) -> tuple[dt.date, ...]:
    begin = _midnight(start)
    found: set[dt.date] = set()
    for a, b, state, _ in _parse("PH").intervals(begin, begin + dt.timedelta(days=days)):
        if state == State.OPEN:
            day = a.date()
            while _midnight(day) < b:
                found.add(day)
                day += dt.timedelta(days=1)
    return tuple(sorted(found))


def _iso_minute(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def intervals_payload(
    text: str, start: dt.date, days: int, closures: Sequence[Closure] = ()
) -> dict[str, object]:
    """The JSON object horaires.js reads (see the contract at the top of this module)."""
    intervals = open_intervals(text, start, days, closures)
    open_days = {a.date() for a, _ in intervals}
    end = start + dt.timedelta(days=days)
    return {
        "du": start.isoformat(),
        "jusqu_au": end.isoformat(),
        "intervalles": [[_iso_minute(a), _iso_minute(b)] for a, b in intervals],
        "fermetures": [
            {"du": c.start.isoformat(), "au": c.end.isoformat(), "message": c.message}
            for c in closures
            if c.end >= start and c.start < end
        ],
        "feries": [d.isoformat() for d in _public_holidays(start, days) if d not in open_days],
    }


# Plain French (and the guide's other languages) ----------------------------------------------
#
# French is written here as it always was; the other languages take the same sentences from
# the guide's catalogue (langues.py, msgids in French) and their days, months and times
# from Babel's locale data.


def french_time(minutes: int) -> str:
    """9 h, 13 h 30, 24 h: the way times are written for the public."""
    return heure(minutes, LANGUE_SOURCE)


def _t(message: str, code: str) -> str:
    return message if code == LANGUE_SOURCE else langue(code).gettext(message)


def _range(start: int, end: int, code: str = LANGUE_SOURCE) -> str:
    return f"{heure(start, code)} – {heure(end, code)}"


def _french_range(start: int, end: int) -> str:
    return _range(start, end)


def _weekdays(code: str) -> tuple[str, ...]:
    return WEEKDAYS_FR if code == LANGUE_SOURCE else noms_des_jours(code)


def _months(code: str) -> tuple[str, ...]:
    return MONTHS_FR if code == LANGUE_SOURCE else noms_des_mois(code)


FERME = N_("fermé")
A_CONFIRMER = N_("horaires à confirmer")
JOUR_ET_NUIT = N_("24 h sur 24")


# A year of weeks: enough to find the usual pattern of each weekday whatever the rules
# on months, week numbers or the n-th weekday of the month. PH are not evaluated (no country).
_REFERENCE_MONDAY = dt.date(2025, 1, 6)
_REFERENCE_WEEKS = 52


@lru_cache(maxsize=4096)
def _usual_days(text: str, code: str = LANGUE_SOURCE) -> tuple[str, ...]:
    parsed = OpeningHours(_as_specified(text))
    begin = _midnight(_REFERENCE_MONDAY)
    end = begin + dt.timedelta(weeks=_REFERENCE_WEEKS)
    per_date: dict[dt.date, list[str]] = {}
    for a, b, state, comment in _intervals(text, parsed, begin, end):
        if state == State.CLOSED:
            continue
        cursor = a
        while cursor < b:
            day_end = _midnight(cursor.date() + dt.timedelta(days=1))
            stop = min(b, day_end)
            first = cursor.hour * 60 + cursor.minute
            last = 24 * 60 if stop == day_end else stop.hour * 60 + stop.minute
            whole_day = (first, last) == (0, 24 * 60)
            if state == State.UNKNOWN and whole_day:
                piece = _t(A_CONFIRMER, code)  # a fallback such as `|| "sur rendez-vous"`
            else:
                piece = _t(JOUR_ET_NUIT, code) if whole_day else _range(first, last, code)
                if state == State.UNKNOWN:
                    piece = _t("{heures} (à confirmer)", code).format(heures=piece)
            if comment:
                piece += f" ({comment})"
            per_date.setdefault(cursor.date(), []).append(piece)
            cursor = stop
    patterns: list[Counter[str]] = [Counter() for _ in range(7)]
    for offset in range(_REFERENCE_WEEKS * 7):
        day = _REFERENCE_MONDAY + dt.timedelta(days=offset)
        patterns[day.weekday()][virgule(code).join(per_date.get(day, []))
                                or _t(FERME, code)] += 1
    return tuple(counter.most_common(1)[0][0] for counter in patterns)


_DAY_RE = r"(?:Mo|Tu|We|Th|Fr|Sa|Su)"
_DAYS_RE = rf"{_DAY_RE}(?:-{_DAY_RE})?(?:,{_DAY_RE}(?:-{_DAY_RE})?)*"
_MONTH_RE = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
_TIMES_RE = r"\d\d:\d\d-\d\d:\d\d(?:,\d\d:\d\d-\d\d:\d\d)*"
_STATE_RE = rf"(?P<what>{_TIMES_RE}|off|closed)"
_COMMENT_RE = r'(?:\s+"(?P<comment>[^"]*)")?'


def _split_rules(text: str) -> list[str]:
    # ';' inside a "comment" must not split the rule.
    rules, current, quoted = [], "", False
    for char in text:
        if char == '"':
            quoted = not quoted
        if char == ";" and not quoted:
            rules.append(current.strip())
            current = ""
        else:
            current += char
    rules.append(current.strip())
    return [rule for rule in rules if rule]


def _french_what(what: str, comment: str | None, code: str = LANGUE_SOURCE) -> str:
    if what in ("off", "closed"):
        text = _t(FERME, code)
    else:
        text = virgule(code).join(
            _range(_minutes(a), _minutes(b), code)
            for a, b in (r.split("-") for r in what.split(","))
        )
    return f"{text} ({comment})" if comment else text


def _french_selector(selector: str, plage: Callable[[str, str], str],
                     seul: Callable[[str], str]) -> str:
    """An OSM list of single values and ranges (`Mo,We-Fr`, `Jan-Mar,Dec`) in words."""
    return _join_french([plage(*chunk.split("-")) if "-" in chunk else seul(chunk)
                         for chunk in selector.split(",")])


def _french_days(selector: str, code: str = LANGUE_SOURCE) -> str:
    parts = []
    for chunk in selector.split(","):
        if "-" in chunk:
            a, b = chunk.split("-")
            parts.append(_t("du {premier} au {dernier}", code).format(
                premier=_day_fr(a, code), dernier=_day_fr(b, code)))
        else:
            parts.append(_day_fr(chunk, code))
    return _join_french(parts, code)


def _day_fr(osm_day: str, code: str = LANGUE_SOURCE) -> str:
    return _weekdays(code)[WEEKDAYS_OSM.index(osm_day)]


def _join_french(parts: Sequence[str], code: str = LANGUE_SOURCE) -> str:
    if len(parts) == 1:
        return parts[0]
    return _t("{debut} et {fin}", code).format(debut=virgule(code).join(parts[:-1]),
                                               fin=parts[-1])


_PARITES = (N_("Les semaines paires"), N_("Les semaines impaires"))
_ORDINAUX = (N_("dernier"), N_("1er"), N_("2e"), N_("3e"), N_("4e"), N_("5e"))


def _ordinal(n: int, code: str = LANGUE_SOURCE) -> str:
    if n == -1:
        return _t(_ORDINAUX[0], code)
    if 1 <= n <= 5:
        return _t(_ORDINAUX[n], code)
    return f"{n}e"


def _french_months(selector: str, code: str = LANGUE_SOURCE) -> str:
    mois = _months(code)
    parts = []
    for chunk in selector.split(","):
        if "-" in chunk:
            a, b = chunk.split("-")
            parts.append(_t("de {premier} à {dernier}", code).format(
                premier=mois[MONTHS_OSM.index(a)], dernier=mois[MONTHS_OSM.index(b)]))
        else:
            parts.append(_t("en {mois}", code).format(mois=mois[MONTHS_OSM.index(chunk)]))
    return _join_french(parts, code)


def _when(when: str, what: str, code: str) -> str:
    return _t("{quand} : {heures}", code).format(quand=when, heures=what)


def _rule_note(rule: str, code: str = LANGUE_SOURCE) -> str | None | bool:
    """A French note for a rule the usual week cannot show; None if the week shows it;
    False when the rule cannot be put into words."""
    if rule == "24/7" or re.fullmatch(rf"(?:{_DAYS_RE}\s+)?{_STATE_RE}{_COMMENT_RE}", rule):
        return None
    if match := re.fullmatch(rf"PH\s+{_STATE_RE}{_COMMENT_RE}", rule):
        if match["what"] in ("off", "closed"):
            return _t("Fermé les jours fériés", code)
        return _when(_t("Les jours fériés", code),
                     _french_what(match["what"], match["comment"], code), code)
    nth = re.fullmatch(
        rf"(?P<day>{_DAY_RE})\[(?P<n>-?\d(?:,-?\d)*)\]\s+{_STATE_RE}{_COMMENT_RE}", rule
    )
    if nth:
        numbers = [int(n) for n in nth["n"].split(",")]
        day = _day_fr(nth["day"], code)
        if len(numbers) == 1:
            which = _t("le {rang} {jour} du mois", code).format(
                rang=_ordinal(numbers[0], code), jour=day)
        else:
            which = _t("les {rangs} {jour}s du mois", code).format(
                rangs=_join_french([_ordinal(n, code) for n in numbers], code), jour=day)
        return _when(which, _french_what(nth["what"], nth["comment"], code), code)
    months = re.fullmatch(
        rf"(?P<months>{_MONTH_RE}(?:-{_MONTH_RE})?(?:,{_MONTH_RE}(?:-{_MONTH_RE})?)*)"
        rf"(?:\s+(?P<days>{_DAYS_RE}))?\s+{_STATE_RE}{_COMMENT_RE}",
        rule,
    )
    if months:
        when = _french_months(months["months"], code)
        if months["days"]:
            when += f", {_french_days(months['days'], code)}"
        when = f"{when[0].upper()}{when[1:]}"
        return _when(when, _french_what(months["what"], months["comment"], code), code)
    weeks = re.fullmatch(
        rf"week\s*0?(?P<first>\d+)-(?P<last>\d+)/2(?:\s+(?P<days>{_DAYS_RE}))?"
        rf"\s+{_STATE_RE}{_COMMENT_RE}",
        rule,
    )
    if weeks:
        when = _t(_PARITES[int(weeks["first"]) % 2], code)
        if weeks["days"]:
            when += f", {_french_days(weeks['days'], code)}"
        return _when(when, _french_what(weeks["what"], weeks["comment"], code), code)
    return False


def week_in_french(text: str) -> FrenchWeek:
    """The usual week, day by day, in plain French, with notes for what it does not show."""
    return semaine_en_clair(text, LANGUE_SOURCE)


def semaine_en_clair(text: str, code: str = LANGUE_SOURCE) -> FrenchWeek:
    """The usual week, day by day, in plain words of the language `code` (langues.py),
    with notes for what it does not show; partners' comments stay as written."""
    _parse(text)  # raises ValueError with the French message when unreadable
    days = list(zip(_weekdays(code), _usual_days(text, code), strict=True))
    notes: list[str] = []
    unexpressed = False
    for rule in _split_rules(text):
        note = _rule_note(rule, code)
        if note is False:
            unexpressed = True
        elif isinstance(note, str):
            note = note[0].upper() + note[1:]
            if note not in notes:
                notes.append(note)
    if unexpressed or "||" in text:
        normalized = str(_parse(text).normalize())
        notes.append(_t("Horaires détaillés (format OpenStreetMap) : « {osm} »", code).format(
            osm=normalized))
    return FrenchWeek(days, notes)


def describe_french(text: str) -> str:
    """One line: « du lundi au vendredi : 9 h – 12 h ; samedi : 9 h – 12 h. Fermé les jours
    fériés »."""
    week = week_in_french(text)
    groups: list[tuple[int, int, str]] = []
    for index, (_, hours) in enumerate(week.days):
        if groups and groups[-1][2] == hours and groups[-1][1] == index - 1:
            groups[-1] = (groups[-1][0], index, hours)
        else:
            groups.append((index, index, hours))
    parts = []
    for first, last, hours in groups:
        if hours == "fermé":
            continue
        if first == last:
            days = WEEKDAYS_FR[first]
        elif last == first + 1:
            days = f"{WEEKDAYS_FR[first]} et {WEEKDAYS_FR[last]}"
        else:
            days = f"du {WEEKDAYS_FR[first]} au {WEEKDAYS_FR[last]}"
        parts.append(f"{days} : {hours}")
    line = " ; ".join(parts) if parts else "fermé"
    line = line[0].upper() + line[1:]
    return ". ".join([line, *week.notes])


# Free French text -> OSM ------------------------------------------------------------------

# Every piece of the text must be recognised, otherwise the conversion is refused: a
# guessed timetable shown to the public is worse than none.
# Word boundaries that also hold between a digit and a letter ("17h30Le vendredi").
_W0 = r"(?<![a-zà-ÿ])"
_W1 = r"(?![a-zà-ÿ])"
_TOKEN_RE = re.compile(
    rf"""
    (?P<ordinal>(?:1\s*(?:er|re|ère)|[2-5]\s*(?:e|ème|eme|è)){_W1}
        |{_W0}(?:premier|première|deuxième|second|troisième|quatrième|dernier|dernière){_W1})
    |(?P<time>\d{{1,2}}\s*(?:h|:|\.)\s*\d{{2}}(?!\d)(?:\s*h{_W1})?
        |\d{{1,2}}\s*h(?:eures?)?|\d{{1,2}}(?![\d:]))
    |(?P<day>(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)s?
        |{_W0}(?:lun|mar|mer|jeu|ven|sam|dim|lu|ma|me|je|ve|sa|di|mo|tu|we|th|fr|su){_W1}\.?)
    |(?P<holidays>{_W0}(?:jours?\s+f[ée]ri[ée]s?|ph){_W1})
    |(?P<every>{_W0}(?:tous\s+les\s+jours|toute\s+la\s+semaine){_W1})
    |(?P<weekend>{_W0}week[\s-]*ends?{_W1})
    |(?P<closed>{_W0}(?:ferm[ée]e?s?|fermeture|sauf|off|closed){_W1})
    |(?P<part>{_W0}(?:matins?|matinées?|apr[èe]s[\s-]*midis?){_W1})
    |(?P<filler>{_W0}(?:au\s+public|du\s+mois|de|du|des|le|les|la|ouverte?s?|ouverture
        |horaires?|accueil|permanences?|bureaux|sont){_W1}|{_W0}[dl]')
    |(?P<range>{_W0}(?:au|à|a|jusqu'?\s*(?:à|au)){_W1}|-)
    |(?P<list>,|{_W0}et{_W1}|/|&|\+)
    |(?P<separator>[;.:|()\n"])
    |(?P<space>\s+)
    |(?P<other>.)
    """,
    re.VERBOSE,
)

_DAY_NAMES = {
    **{name: i for i, name in enumerate(WEEKDAYS_FR)},
    **{name[:3]: i for i, name in enumerate(WEEKDAYS_FR)},
    **{name: i for i, name in enumerate(("lu", "ma", "me", "je", "ve", "sa", "di"))},
    **{name.lower(): i for i, name in enumerate(WEEKDAYS_OSM)},
}

_ORDINALS = {"premier": 1, "première": 1, "deuxième": 2, "second": 2, "troisième": 3,
             "quatrième": 4, "dernier": -1, "dernière": -1}  # fmt: skip

Ranges = list[tuple[int, int]]


def _normalise(text: str) -> str:
    text = html.unescape(text)
    text = re.sub(r"<[^>]+>", " ; ", text)
    text = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"[–—−‐]", "-", text.replace("’", "'"))


def _minutes(value: str) -> int:
    digits = re.findall(r"\d+", value)
    return int(digits[0]) * 60 + (int(digits[1]) if len(digits) > 1 else 0)


def _tokens(text: str) -> list[tuple[str, str]] | None:
    found = []
    for match in _TOKEN_RE.finditer(text):
        kind = match.lastgroup or "other"
        if kind == "other":
            return None
        if kind not in ("space", "filler", "list"):
            found.append((kind, match.group().strip()))
    return found


def _pair_times(times: list[int]) -> Ranges | None:
    if not times or len(times) % 2:
        return None
    ranges = list(zip(times[::2], times[1::2], strict=True))
    previous_end = -1
    for start, end in ranges:
        if not (previous_end <= start < end <= 24 * 60):
            return None
        previous_end = end
    return ranges


def _merge(ranges: Ranges) -> Ranges:
    merged: Ranges = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _osm_time(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _osm_ranges(ranges: Ranges) -> str:
    return ",".join(f"{_osm_time(a)}-{_osm_time(b)}" for a, b in ranges)


def _osm_days(days: list[int]) -> str:
    runs: list[list[int]] = []
    for day in days:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    chunks = []
    for run in runs:
        if len(run) >= 3:
            chunks.append(f"{WEEKDAYS_OSM[run[0]]}-{WEEKDAYS_OSM[run[-1]]}")
        else:
            chunks.extend(WEEKDAYS_OSM[d] for d in run)
    return ",".join(chunks)


def _table_to_osm(
    week: dict[int, Ranges], nth: dict[tuple[int, tuple[int, ...]], Ranges], holidays_off: bool
) -> str | None:
    by_hours: dict[str, list[int]] = {}
    for day in range(7):
        if week.get(day):
            by_hours.setdefault(_osm_ranges(_merge(week[day])), []).append(day)
    rules = [f"{_osm_days(days)} {hours}" for hours, days in by_hours.items()]
    for (day, numbers), ranges in sorted(nth.items()):
        # A n-th weekday rule replaces the weekday's usual hours that week: keep both.
        hours = _osm_ranges(_merge(week.get(day, []) + ranges))
        rules.append(f"{WEEKDAYS_OSM[day]}[{','.join(map(str, numbers))}] {hours}")
    if not rules:
        return None
    if holidays_off:
        rules.append("PH off")
    result = "; ".join(rules)
    return result if opening_hours.validate(result) else None


@dataclass
class _Group:
    kind: str  # "days" or "times"
    # (link, weekday): link is how the day joins the previous one: "list", "range" (au, à)
    # or "dash" ("-" is a range in "lundi-vendredi", a list in "lundi - mardi - jeudi").
    items: list[tuple[str, int]] = field(default_factory=list)
    nth: list[tuple[int, tuple[int, ...]]] = field(default_factory=list)
    times: list[int] = field(default_factory=list)
    closed: bool = False
    part: str | None = None

    def days(self) -> list[int] | None:
        dashes_are_lists = sum(link == "dash" for link, _ in self.items) >= 2
        days: list[int] = []
        for link, day in self.items:
            if days and (link == "range" or (link == "dash" and not dashes_are_lists)):
                if day <= days[-1]:
                    return None
                days.extend(range(days[-1] + 1, day + 1))
            else:
                days.append(day)
        return days


def _groups(tokens: list[tuple[str, str]]) -> tuple[list[_Group], bool] | None:
    groups: list[_Group] = []
    holidays_off = False
    closing = False  # the next days are closed ("fermé le jeudi", "sauf le mercredi")
    link = "list"
    ordinals: list[int] = []
    for kind, value in tokens:
        current = groups[-1] if groups else None
        if kind == "time":
            if current is None or current.kind != "times":
                groups.append(current := _Group("times"))
            current.times.append(_minutes(value))
            closing = False
        elif kind == "ordinal":
            digits = re.findall(r"\d", value)
            ordinals.append(int(digits[0]) if digits else _ORDINALS[value])
        elif kind in ("day", "every", "weekend"):
            if kind == "day":
                new_days = [_DAY_NAMES[value.rstrip(".s")]]
            else:
                new_days = list(range(7)) if kind == "every" else [5, 6]
            if current is None or current.kind != "days" or current.closed != closing:
                groups.append(current := _Group("days", closed=closing))
                link = "list"
            if ordinals:
                current.nth.append((new_days[0], tuple(ordinals)))
                ordinals = []
            else:
                current.items.append((link, new_days[0]))
                current.items.extend(("list", day) for day in new_days[1:])
            link = "list"
        elif kind == "range":
            link = "dash" if value == "-" else "range"
        elif kind == "separator":
            closing = False
            link = "list"
        elif kind == "closed":
            if current is not None and current.kind == "days" and not current.closed:
                current.closed = True  # "We off", "mercredi : fermé": the days just read
            else:
                closing = True  # "fermé le jeudi", "sauf le mercredi": the days to come
        elif kind == "part":
            if current is None or current.kind != "days":
                return None
            current.part = "matin" if value.startswith("matin") else "après-midi"
        elif kind == "holidays":
            if not closing:
                return None
            holidays_off = True
    if ordinals:
        return None
    return groups, holidays_off


def french_text_to_osm(text: str) -> str | None:
    """OSM opening_hours for free French hours (« Lundi au vendredi : 9h-12h, 14h-17h »), or
    None when the text cannot be read without guessing."""
    normalised = _normalise(text).strip()
    if re.fullmatch(r"\W*(?:24\s*h?\s*/\s*24|24/7)(?:\W+7\s*j?\s*/\s*7)?\W*", normalised):
        return "24/7"
    tokens = _tokens(normalised)
    if not tokens:
        return None
    parsed = _groups(tokens)
    if parsed is None:
        return None
    groups, holidays_off = parsed
    closed = [g for g in groups if g.kind == "days" and g.closed]
    groups = [g for g in groups if not (g.kind == "days" and g.closed)]
    if (
        not groups
        or len(groups) % 2
        or any(a.kind == b.kind for a, b in zip(groups, groups[1:], strict=False))
    ):
        return None
    if groups[0].kind == "times":  # "9h-12h le lundi": times come first
        pairs = [(groups[i + 1], groups[i]) for i in range(0, len(groups), 2)]
    else:
        pairs = [(groups[i], groups[i + 1]) for i in range(0, len(groups), 2)]
    week: dict[int, Ranges] = {}
    nth: dict[tuple[int, tuple[int, ...]], Ranges] = {}
    for days_group, times in pairs:
        days = days_group.days()
        if days is None:
            return None
        if len(times.times) == 1 and days and all(week.get(d) for d in days):
            # "lundi au vendredi 8h-17h30 (vendredi 16h30)": a new closing time.
            for day in days:
                start = week[day][-1][0]
                if times.times[0] <= start:
                    return None
                week[day][-1] = (start, times.times[0])
            continue
        ranges = _pair_times(times.times)
        if ranges is None:
            return None
        for day in days:
            week[day] = _merge(week.get(day, []) + ranges)
        for key in days_group.nth:
            nth[key] = _merge(nth.get(key, []) + ranges)
    for group in closed:
        closed_days = group.days()
        if closed_days is None or group.nth:
            return None
        for day in closed_days:
            if group.part is None:
                week.pop(day, None)
            elif group.part == "après-midi":
                week[day] = [(a, min(b, 12 * 60)) for a, b in week.get(day, []) if a < 12 * 60]
            else:
                week[day] = [(max(a, 12 * 60), b) for a, b in week.get(day, []) if b > 12 * 60]
    return _table_to_osm(week, nth, holidays_off)


_CLOSED_CELLS = {"", "-", "fermé", "fermée", "ferme", "closed", "off"}


def _clean_cell_times(times: list[int]) -> list[int]:
    # Cells repeat a range ("08:45 - 16:30 / 08:45 - 16:30") or hold a "00:00 - 00:00"
    # placeholder: both are unambiguous, unlike overlapping ranges.
    if len(times) % 2:
        return times
    kept: list[tuple[int, int]] = []
    for pair in zip(times[::2], times[1::2], strict=True):
        if pair != (0, 0) and pair not in kept:
            kept.append(pair)
    return [t for pair in kept for t in pair]


def day_cells_to_osm(cells: dict[str, str]) -> tuple[str | None, list[str]]:
    """OSM opening_hours from one hours cell per weekday (France Services: h_lundi...).

    Keys are French weekday names (« lundi », or « h_lundi »). Returns the OSM string for the
    days that could be read (None if none is open) and, for each cell that could not be read,
    « mardi : « 9h à midi » »: the caller must report them, never drop them.
    """
    week: dict[int, Ranges] = {}
    unreadable: list[str] = []
    for key, cell in cells.items():
        name = key.lower().removeprefix("h_")
        if name not in WEEKDAYS_FR:
            unreadable.append(f"{key} : jour inconnu")
            continue
        text = _normalise(cell or "").strip()
        if text in _CLOSED_CELLS:
            continue
        tokens = _tokens(text) or [("other", text)]
        ranges: Ranges | None = None
        if all(kind in ("time", "range", "separator") for kind, _ in tokens):
            times = _clean_cell_times([_minutes(v) for kind, v in tokens if kind == "time"])
            if not times:  # only "00:00 - 00:00": closed
                continue
            ranges = _pair_times(times)
        if ranges is None:
            unreadable.append(f"{name} : « {cell.strip()} »")
        else:
            week[WEEKDAYS_FR.index(name)] = ranges
    return _table_to_osm(week, {}, False), unreadable
