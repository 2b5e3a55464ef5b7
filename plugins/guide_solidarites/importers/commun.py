"""What both importers share: slugs, contacts, communes, coordinates and checked records.

Each helper either returns a value the model accepts, or returns nothing and
adds a `NoteImport` saying what the source held and why it was not kept:
nothing read from a source is ever dropped without a trace.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import phonenumbers
from pydantic import BaseModel, TypeAdapter, ValidationError

from ..communes import Commune, load_communes
from ..geo import haversine_km
from ..models import (
    CODE_POSTAL_RE,
    SIRET_RE,
    Courriel,
    NoteImport,
    Telephone,
    Url,
)
from ..vocab import Precision

# Past this distance from the town hall a point is more likely wrong than far:
# the same threshold as the validator's warning.
DISTANCE_MAX_KM = 8.0
SLUG_LONGUEUR_MAX = 60

# Overseas numbers are not French numbers to libphonenumber: dial them with
# their own region, then write them in international form the model accepts.
REGION_TELEPHONE = {"971": "GP", "972": "MQ", "973": "GF", "974": "RE", "976": "YT",
                    "977": "BL", "978": "MF"}

_TELEPHONE = TypeAdapter(Telephone)
_COURRIEL = TypeAdapter(Courriel)
_URL = TypeAdapter(Url)


class Notes(list[NoteImport]):
    """The values of one record an importer could not keep."""

    def ajoute(self, champ: str, valeur: object, raison: str) -> None:
        self.append(NoteImport(champ=champ, valeur=str(valeur), raison=raison))


# --- Text and slugs -------------------------------------------------------------------------


def texte(value: object) -> str:
    """A clean one-paragraph string: no surrounding blanks, no runs of blank lines."""
    if value is None:
        return ""
    text = str(value).replace("\r", "").replace("\xa0", " ")
    text = re.sub(r"\n\s*\n+", "\n", text)
    return "\n".join(line.strip() for line in text.strip().splitlines()).strip()


# UTF-8 read as Windows-1252 once on the way ("Trie-ChÃ¢teau"): an "Ã" or "Â" followed by
# the second byte of a two-byte UTF-8 sequence.
_MOJIBAKE = re.compile("[\u00c2\u00c3][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178"
                       "\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]")


def reparer_encodage(value: str) -> str:
    """`Trie-ChÃ¢teau` -> `Trie-Château`; any other text unchanged."""
    if not _MOJIBAKE.search(value):
        return value
    try:
        return value.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


def ascii_minuscule(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    return decomposed.encode("ascii", "ignore").decode("ascii").lower()


def slugify(value: str) -> str:
    """`CCAS d'Arnage - Centre` -> `ccas-d-arnage-centre`, cut at a word boundary."""
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_minuscule(value)).strip("-")
    if len(slug) > SLUG_LONGUEUR_MAX:
        slug = slug[:SLUG_LONGUEUR_MAX].rsplit("-", 1)[0]
    return slug or "sans-nom"


@dataclass
class Identifiants:
    """Hands out unique slugs in a stable way: same input order, same slugs."""

    pris: set[str] = field(default_factory=set)

    def attribue(self, base: str, precisions: Iterable[str] = ()) -> str:
        """`base`, else `base-<precision>` for the first precision free, else a counter."""
        candidat = slugify(base)
        if candidat not in self.pris:
            self.pris.add(candidat)
            return candidat
        for precision in precisions:
            essai = slugify(f"{candidat}-{precision}")
            if essai not in self.pris:
                self.pris.add(essai)
                return essai
        n = 2
        while f"{candidat}-{n}" in self.pris:
            n += 1
        self.pris.add(f"{candidat}-{n}")
        return f"{candidat}-{n}"


# --- Contacts -------------------------------------------------------------------------------

_SEPARATEURS_TEL = re.compile(r"\s*(?:/|;|\bou\b|\bet\b|,|\n)\s*")


def telephone(brut: object, notes: Notes, champ: str = "telephone",
              departement: str = "") -> str | None:
    """The first valid number of the cell, written the usual way; the rest into notes."""
    cell = texte(brut)
    if not cell:
        return None
    region = REGION_TELEPHONE.get(departement[:3], "FR")
    retenu: str | None = None
    for morceau in [m for m in _SEPARATEURS_TEL.split(cell) if m]:
        numero = _numero(morceau, region)
        if numero and retenu is None:
            retenu = numero
        elif numero:
            notes.ajoute(champ, morceau, "numéro supplémentaire : un seul numéro par fiche")
        else:
            notes.ajoute(champ, morceau, "numéro de téléphone invalide")
    return retenu


def _numero(brut: str, region: str) -> str | None:
    try:
        parsed = phonenumbers.parse(brut, region)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is not None and phonenumbers.is_valid_number(parsed):
        fmt = (phonenumbers.PhoneNumberFormat.NATIONAL if parsed.country_code == 33
               else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        candidate = phonenumbers.format_number(parsed, fmt)
    elif re.fullmatch(r"[\d .]{3,9}", brut.strip()):
        candidate = re.sub(r"\D", "", brut)  # short numbers: 115, 3919, 30 39
    else:
        # Digits picked out of other text ("\x1b[2J00 00" -> "20000") are not a number.
        return None
    try:
        return str(_TELEPHONE.validate_python(candidate))
    except ValidationError:
        return None


def courriel(brut: object, notes: Notes, champ: str = "courriel") -> str | None:
    value = texte(brut).removeprefix("mailto:").strip()
    if not value:
        return None
    try:
        return str(_COURRIEL.validate_python(value))
    except ValidationError:
        notes.ajoute(champ, value, "adresse de courriel invalide")
        return None


def url(brut: object, notes: Notes, champ: str = "site_web") -> str | None:
    value = texte(brut)
    if not value:
        return None
    if re.match(r"^www\.", value, re.IGNORECASE):
        value = "https://" + value
    try:
        return str(_URL.validate_python(value))
    except ValidationError:
        notes.ajoute(champ, value, "adresse web invalide")
        return None


def siret(brut: object, notes: Notes) -> str | None:
    value = re.sub(r"\s", "", texte(brut))
    if not value:
        return None
    if SIRET_RE.match(value):
        return value
    notes.ajoute("siret", value, "SIRET invalide (14 chiffres attendus)")
    return None


# --- Communes and coordinates -----------------------------------------------------------------


def _nom_commune(value: str) -> str:
    name = ascii_minuscule(value)
    name = re.sub(r"\bcedex\b.*$", "", name)
    name = re.sub(r"\b(st)\b", "saint", name)
    name = re.sub(r"\b(ste)\b", "sainte", name)
    return re.sub(r"[^a-z0-9]+", " ", name).strip()


_NON_MOT = re.compile(r"[^\w]+")


class Communes:
    """The communes table with the look-ups an importer needs."""

    def __init__(self, communes: dict[str, Commune] | None = None) -> None:
        self.par_insee = communes if communes is not None else load_communes()
        self.par_code_postal: dict[str, list[Commune]] = {}
        self.par_nom: dict[tuple[str, str], list[Commune]] = {}
        for commune in self.par_insee.values():
            for cp in commune.codes_postaux:
                self.par_code_postal.setdefault(cp, []).append(commune)
            key = (commune.departement, _nom_commune(commune.nom))
            self.par_nom.setdefault(key, []).append(commune)

    def dans_le_nom(self, nom: str, departement: str) -> list[Commune]:
        """The communes of `departement` whose full name appears in `nom`, as whole words.

        "Antenne de La Chapelle Devant Bruyères" names La Chapelle-devant-Bruyères, not
        Bruyères: a name found inside a longer one found at the same place does not count.
        """
        # Apostrophes first: "d’Anould" must give "d anould", not "danould".
        texte_nom = " " + _nom_commune(_NON_MOT.sub(" ", nom)) + " "
        trouves: list[tuple[int, int, Commune]] = []
        for (dep, cle), communes in self.par_nom.items():
            if dep != departement or not cle:
                continue
            debut = texte_nom.find(f" {cle} ")
            while debut >= 0:
                trouves.extend((debut, debut + len(cle) + 1, c) for c in communes)
                debut = texte_nom.find(f" {cle} ", debut + 1)
        gardes = [t for t in trouves
                  if not any(a <= t[0] and t[1] <= b and (b - a) > (t[1] - t[0])
                             for a, b, _ in trouves)]
        uniques: dict[str, Commune] = {c.code_insee: c for _, _, c in gardes}
        return sorted(uniques.values(), key=lambda c: c.code_insee)

    def departement_probable(self, code_postal: str) -> str:
        """The département a postcode most likely belongs to (for skipping, not for data)."""
        candidates = self.par_code_postal.get(code_postal)
        if candidates:
            return candidates[0].departement
        if code_postal.startswith("97"):
            return code_postal[:3]
        if code_postal.startswith("20"):
            return "2A"
        return code_postal[:2]

    def trouve(self, code_insee: str, code_postal: str, nom: str, notes: Notes,
               latitude: object = None, longitude: object = None) -> Commune | None:
        """The commune of a record: its INSEE code, else postcode and name, else its point."""
        commune = self.par_insee.get(code_insee)
        if commune:
            return commune
        # Paris, Lyon and Marseille arrondissements: the communes table knows the city.
        for prefixe, ville in (("751", "75056"), ("132", "13055"), ("6938", "69123")):
            if code_insee.startswith(prefixe) and ville in self.par_insee:
                return self.par_insee[ville]
        wanted = _nom_commune(nom)
        candidates = self.par_code_postal.get(code_postal, [])
        found: Commune | None = None
        if len(candidates) == 1:
            found = candidates[0]
        else:
            same = [c for c in candidates if _nom_commune(c.nom) == wanted]
            if len(same) == 1:
                found = same[0]
        if found is None and wanted:
            # CEDEX postcodes (72015) are not a commune's: try the name in the département.
            same = self.par_nom.get((self.departement_probable(code_postal), wanted), [])
            if len(same) == 1:
                found = same[0]
        lat, lon = _float(latitude), _float(longitude)
        if found is None and candidates and lat is not None and lon is not None:
            # The name differs ("SAINT GERVAIS"): the closest town hall of the postcode.
            placees = [c for c in candidates if c.a_coordonnees]
            if placees:
                proche = min(placees, key=lambda c: haversine_km(
                    lat, lon, c.latitude or 0.0, c.longitude or 0.0))
                if haversine_km(lat, lon, proche.latitude or 0.0,
                                proche.longitude or 0.0) <= DISTANCE_MAX_KM:
                    found = proche
                    notes.ajoute("commune", nom, f"commune reconnue par le code postal et la "
                                 f"position : {proche.nom} ({proche.code_insee})")
                    return found
        if found and code_insee:
            notes.ajoute("code_insee", code_insee, f"code INSEE inconnu en 2026 (commune "
                         f"fusionnée ?) : {found.nom} ({found.code_insee}) retenue")
        return found


def code_postal(brut: str, commune: Commune, notes: Notes) -> str:
    """The record's postcode if it belongs to its commune, else the commune's own."""
    if CODE_POSTAL_RE.match(brut) and brut in commune.codes_postaux:
        return brut
    if not commune.codes_postaux:
        return brut
    retenu = commune.codes_postaux[0]
    if brut:
        notes.ajoute("code_postal", brut, f"code postal CEDEX ou d'une autre commune : "
                     f"{retenu} ({commune.nom}) retenu")
    return retenu


def coordonnees(latitude: object, longitude: object, commune: Commune,
                notes: Notes) -> dict[str, Any] | None:
    """The source's point if it is near its commune, else the town hall (precision commune)."""
    lat, lon = _float(latitude), _float(longitude)
    mairie = None
    if commune.a_coordonnees:
        mairie = {"latitude": commune.latitude, "longitude": commune.longitude,
                  "precision": str(Precision.COMMUNE)}
    if lat is None or lon is None:
        if texte(latitude) or texte(longitude):
            notes.ajoute("coordonnees", f"{texte(latitude)}, {texte(longitude)}",
                         "coordonnées illisibles : position de la mairie retenue")
        return mairie
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        notes.ajoute("coordonnees", f"{lat}, {lon}", "coordonnées hors limites : position de "
                     "la mairie retenue")
        return mairie
    if mairie is not None:
        assert commune.latitude is not None and commune.longitude is not None
        km = haversine_km(lat, lon, commune.latitude, commune.longitude)
        if km > DISTANCE_MAX_KM:
            notes.ajoute("coordonnees", f"{lat}, {lon}", f"point à {km:.0f} km de la mairie "
                         f"de {commune.nom} : position de la mairie retenue")
            return mairie
    return {"latitude": round(lat, 6), "longitude": round(lon, 6),
            "precision": str(Precision.ADRESSE)}


def _float(value: object) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(str(value).replace(",", "."))
    except ValueError:
        return None
    return number if number == number else None  # NaN


# --- Checked records --------------------------------------------------------------------------


def avec_notes_pro(model: type[BaseModel], data: dict[str, Any], auto: dict[str, str],
                   notes: Notes) -> dict[str, Any]:
    """The record with what a person has to check, in the professional fields.

    The one place an importer writes professional fields: where they go (the record's
    `pro:` block today) is decided here and nowhere else.
    """
    if not notes:
        return data
    data = {**data, "pro": {"a_verifier": [n.model_dump() for n in notes]}}
    return valide(model, data, auto, Notes())


class FicheRejetee(Exception):
    """A record the model refuses even without its optional fields."""


def valide(model: type[BaseModel], data: dict[str, Any], auto: dict[str, str],
           notes: Notes) -> dict[str, Any]:
    """`data` as the model accepts it: each optional value it refuses goes into the notes.

    The mapping is meant to produce valid records; this is the net for what a
    real file still holds that nobody foresaw. A refused required field (a
    name, a commune) cannot be left out: the record is then rejected.
    """
    data = dict(data)
    for _ in range(20):
        try:
            model.model_validate({**data, **auto})
            return data
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
        progress = False
        for err in errors:
            loc = [p for p in err["loc"] if p not in auto]
            if not loc:
                raise FicheRejetee(err["msg"])
            champ = ".".join(str(p) for p in loc)
            if not _retire(data, list(err["loc"]), model, notes, champ, err):
                raise FicheRejetee(f"{champ} : {err['msg']}")
            progress = True
        if not progress:
            break
    raise FicheRejetee("fiche refusée par le modèle")


def _retire(data: dict[str, Any], loc: list[Any], model: type[BaseModel], notes: Notes,
            champ: str, err: Any) -> bool:
    """Remove the refused value at `loc` (or its closest removable parent)."""
    required = {name for name, info in model.model_fields.items() if info.is_required()}
    if not loc or (len(loc) == 1 and loc[0] in required):
        return False
    parent: Any = data
    for part in loc[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return False
    key = loc[-1]
    try:
        value = parent[key]
    except (KeyError, IndexError, TypeError):
        # A missing required key inside a nested block: drop the block itself.
        return _retire(data, loc[:-1], model, notes, champ, err)
    if isinstance(key, int) and isinstance(parent, list):
        parent.pop(key)
    elif isinstance(parent, dict):
        parent.pop(key)
    else:
        return False
    notes.ajoute(champ, value if not isinstance(value, dict | list) else repr(value),
                 f"refusé par le modèle : {err['msg']}")
    return True
