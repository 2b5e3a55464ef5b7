"""Checks that need more than one record or the reference tables.

The loader checks each file against the model; this module checks what the
model alone cannot: identities and references across files, the INSEE code
against the postcode, the point against its commune, dates against today.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .annuaire_pro import load_annuaire_pro
from .cache import Bilans, empreinte_arbres, ouvrir
from .codes import probleme
from .communes import Commune, load_communes
from .geo import est_code_departement, est_code_epci, haversine_km
from .hours import HoursWarning, hours_warnings
from .loader import (
    FICHIER_PARTENAIRE,
    Charge,
    Document,
    Loc,
    closest,
    load_annuaire,
    problem_at,
    sans_ramasse_miettes,
)
from .models import Coordonnees, Fiable, LieuPublic
from .problems import Problem, Report
from .vocab import ModeAccueil

# A town hall is rarely more than a few km from any address of its commune; the
# largest communes (Arles, Val-Cenis) reach 20 km, so past that it is a mistake.
DISTANCE_AVERTISSEMENT_KM = 8.0
DISTANCE_ERREUR_KM = 25.0


def valider(racine: Path, aujourdhui: dt.date | None = None,
            communes: dict[str, Commune] | None = None,
            racine_pro: Path | None = None, cache: Path | None = None,
            charge: Charge | None = None) -> tuple[Charge, Report]:
    """Load and check the whole annuaire, and its professional tree when `racine_pro` is
    given (never in the public build); the report holds every problem of both.

    With a `cache` folder, files unchanged since the last run are neither parsed nor
    validated again (cache.py); the checks across records and against today run always.
    `charge` is the public tree already read by `lire_public` (moteur.py shares it).
    """
    with sans_ramasse_miettes():
        return _valider(racine, aujourdhui or dt.date.today(),
                        communes if communes is not None else load_communes(), racine_pro,
                        cache, charge)


@dataclass(frozen=True)
class Bilan:
    """What `guide valider` says of a whole annuaire: its counts and every problem."""

    partenaires: int
    lieux: int
    fiches_pro: int
    report: Report


def bilan(racine: Path, aujourdhui: dt.date | None = None, racine_pro: Path | None = None,
          cache: Path | None = None) -> Bilan:
    """`valider` without the records: with a `cache` folder, an annuaire whose files and
    folders all have the `stat` they had at the last run (same date, same code) gets that
    run's result without a single record read (cache.py, `Bilans`)."""
    aujourdhui = aujourdhui or dt.date.today()
    cle = None
    bilans = None
    if cache is not None:
        cle = empreinte_arbres([racine, racine_pro], "bilan", aujourdhui.isoformat(),
                               os.getcwd())
        if cle is not None:
            bilans = Bilans(cache, [racine, racine_pro])
            connu = bilans.lire(cle)
            if isinstance(connu, Bilan):
                return connu
    charge, report = valider(racine, aujourdhui, racine_pro=racine_pro, cache=cache)
    resultat = Bilan(len(charge.partenaires), len(charge.lieux), len(charge.documents_pro),
                     report)
    if bilans is not None and cle is not None:
        bilans.ecrire(cle, resultat)
    return resultat


def _valider(racine: Path, aujourdhui: dt.date, communes: dict[str, Commune],
             racine_pro: Path | None, cache: Path | None, charge: Charge | None
             ) -> tuple[Charge, Report]:
    if charge is None:
        charge = lire_public(racine, cache)
    if racine_pro is not None:
        fiches_pro = ouvrir(cache, racine_pro)
        load_annuaire_pro(racine_pro, racine, charge, fiches_pro)
        if fiches_pro is not None:
            fiches_pro.enregistrer()
    report = Report()
    report.extend(charge.problems)
    report.extend(_check_partenaires(charge, aujourdhui))
    memo = _MemoLieux.pour(communes, aujourdhui)
    for lieu in charge.lieux.values():
        doc = charge.documents[f"lieu:{lieu.id}"]
        report.extend(_check_lieu(lieu, doc, charge, communes, aujourdhui, memo))
    for lieu, doc in charge.homonymes:
        report.extend(_check_lieu(lieu, doc, charge, communes, aujourdhui, memo))
    memo.oublier_les_autres()
    report.extend(_check_noms(charge))
    return charge, report


def lire_public(racine: Path, cache: Path | None = None) -> Charge:
    """The public tree read and each file checked against its model (no check across
    records: `valider` runs them)."""
    fiches = ouvrir(cache, racine)
    charge = load_annuaire(racine, fiches)
    if fiches is not None:
        fiches.enregistrer()
    return charge


def _est_fichier(chemin: Path) -> bool:
    # A name the system cannot even look up (too long) names no file either.
    try:
        return chemin.is_file()
    except OSError:
        return False


def _check_noms(charge: Charge) -> list[Problem]:
    """Two places of one partner under one name: the public cannot tell them apart in a
    list or on the map, and it is often one place copied twice."""
    problems: list[Problem] = []
    premiers: dict[tuple[str, str], Document] = {}
    for lieu in sorted(charge.lieux.values(), key=lambda lieu: lieu.id):
        cle = (lieu.partenaire, " ".join(lieu.nom.casefold().split()))
        doc = charge.documents[f"lieu:{lieu.id}"]
        premier = premiers.setdefault(cle, doc)
        if premier is doc:
            continue
        pos = premier.position(("nom",))
        ligne = f", ligne {pos.ligne}" if pos else ""
        problems.append(problem_at(doc, ("nom",), "nom-duplique", nom=lieu.nom,
                                   fichier_premier=premier.path.name, ligne_premier=ligne))
    return problems


def _check_partenaires(charge: Charge, aujourdhui: dt.date) -> list[Problem]:
    problems: list[Problem] = []
    for pid, partenaire in charge.partenaires.items():
        doc = charge.documents[f"partenaire:{pid}"]
        problems += _check_fiable(partenaire, doc, aujourdhui)
        if partenaire.logo and not _fichier_du_dossier(doc, partenaire.logo):
            problems.append(problem_at(doc, ("logo",), "fichier-introuvable", quoi="logo",
                                       cite=partenaire.logo))
    # A reception point without its partner's file cannot be attached to anything. A
    # partner file that exists but is invalid has its own problems already.
    seen: set[str] = set()
    for lieu in charge.lieux.values():
        if lieu.partenaire not in charge.partenaires and lieu.partenaire not in seen:
            seen.add(lieu.partenaire)
            doc = charge.documents[f"lieu:{lieu.id}"]
            if (doc.path.parent / FICHIER_PARTENAIRE).is_file():
                continue
            problems.append(probleme("partenaire-manquant", partenaire=lieu.partenaire,
                                     fichier=doc.path.parent / "partenaire.yml"))
    return problems


def _check_fiable(record: Fiable, doc: Document, aujourdhui: dt.date) -> list[Problem]:
    if record.verifie_le > aujourdhui:
        return [problem_at(doc, ("verifie_le",), "date-future", date=record.verifie_le,
                           aujourdhui=aujourdhui)]
    if record.est_perime(aujourdhui):
        return [problem_at(doc, ("verifie_le",), "fiche-perimee", date=record.verifie_le,
                           echeance=record.revision_due())]
    return []


def _fichier_du_dossier(doc: Document, chemin: str) -> bool:
    """Whether `chemin` is a file inside the record's folder. The model already refuses
    `..` and absolute paths; resolving also catches a link that points elsewhere."""
    dossier = doc.path.parent.resolve()
    fichier = (dossier / chemin).resolve()
    return fichier.is_relative_to(dossier) and _est_fichier(fichier)


def _unknown_ref(doc: Document, loc: Loc, value: str, known: object) -> Problem:
    guess = closest(value, list(known))  # type: ignore[call-overload]
    return problem_at(doc, loc, "reference-inconnue", valeur=value,
                      indice=f"vouliez-vous dire « {guess} » ?" if guess else None)


class _MemoLieux:
    """The checks of each place that depend on its record alone (with the date and the
    communes table), kept for the life of the process: under `mkdocs serve`, a rebuild
    gets the same record objects for unchanged files (cache.py) and checks only the
    changed ones again. References to other records and files on disk are checked always."""

    _courant: _MemoLieux | None = None

    def __init__(self, communes: dict[str, Commune], aujourdhui: dt.date) -> None:
        self.communes = communes
        self.aujourdhui = aujourdhui
        # The file's path, not its Document: that holds the file's text and raw data,
        # which nothing needs once the annuaire is validated.
        self._faits: dict[int, tuple[LieuPublic, Path, list[Problem]]] = {}
        self._vus: set[int] = set()

    @classmethod
    def pour(cls, communes: dict[str, Commune], aujourdhui: dt.date) -> _MemoLieux:
        memo = cls._courant
        if memo is None or memo.communes is not communes or memo.aujourdhui != aujourdhui:
            memo = cls._courant = cls(communes, aujourdhui)
        memo._vus = set()
        return memo

    def problemes(self, lieu: LieuPublic, doc: Document, faire: Callable[[], list[Problem]]
                  ) -> list[Problem]:
        self._vus.add(id(lieu))
        connu = self._faits.get(id(lieu))
        # The same objects, not equal ones: a record equal to another but read from
        # another file has its problems at other places.
        if connu is not None and connu[0] is lieu and connu[1] == doc.path:
            return connu[2]
        problems = faire()
        self._faits[id(lieu)] = (lieu, doc.path, problems)
        return problems

    def oublier_les_autres(self) -> None:
        """Drop the places of earlier runs that this run did not check (edited, removed)."""
        self._faits = {k: v for k, v in self._faits.items() if k in self._vus}


def _check_lieu(lieu: LieuPublic, doc: Document, charge: Charge, communes: dict[str, Commune],
                aujourdhui: dt.date, memo: _MemoLieux | None = None) -> list[Problem]:
    def propres() -> list[Problem]:
        return _check_lieu_seul(lieu, doc, communes, aujourdhui)

    problems = list(memo.problemes(lieu, doc, propres) if memo is not None else propres())
    for i, photo in enumerate(lieu.photos):
        if not _fichier_du_dossier(doc, photo):
            problems.append(problem_at(doc, ("photos", i), "fichier-introuvable", quoi="photo",
                                       cite=photo))
    for i, permanence in enumerate(lieu.permanences):
        if permanence.lieu and permanence.lieu not in charge.lieux:
            problems.append(_unknown_ref(doc, ("permanences", i, "lieu"), permanence.lieu,
                                         charge.lieux))
    return problems


def _check_lieu_seul(lieu: LieuPublic, doc: Document, communes: dict[str, Commune],
                     aujourdhui: dt.date) -> list[Problem]:
    """The checks of a place that need nothing but its record, the date and the communes."""
    problems = _check_fiable(lieu, doc, aujourdhui)
    problems += _check_commune(doc, (), lieu.code_insee, lieu.code_postal, lieu.coordonnees,
                               communes)
    modes = set(lieu.modes_accueil)
    en_personne = modes & {ModeAccueil.SANS_RENDEZ_VOUS, ModeAccueil.SUR_RENDEZ_VOUS}
    if en_personne and not lieu.adresse:
        problems.append(problem_at(doc, ("adresse",), "adresse-manquante", cle=True))
    requis = [(ModeAccueil.TELEPHONE, "telephone"), (ModeAccueil.COURRIEL, "courriel")]
    for mode, champ in requis:
        if mode in modes and not getattr(lieu, champ):
            problems.append(problem_at(doc, ("modes_accueil",), f"{champ}-manquant"))
    if ModeAccueil.EN_LIGNE in modes and not (lieu.demarche_en_ligne or lieu.site_web):
        problems.append(problem_at(doc, ("modes_accueil",), "lien-manquant"))
    for champ in ("sans_rendez_vous", "sur_rendez_vous", "telephone"):
        if getattr(lieu.horaires, champ) and ModeAccueil(champ.replace("_", "-")) not in modes:
            problems.append(problem_at(doc, ("horaires", champ), "horaires-mode-absent",
                                       champ=champ, mode=champ.replace("_", "-")))
    problems += _check_horaires(lieu, doc, aujourdhui)
    if lieu.premier_accueil and not lieu.horaires.sans_rendez_vous:
        problems.append(problem_at(doc, ("horaires",), "horaires-manquants", cle=True))
    problems += _check_zone(doc, ("zone_eligibilite",), lieu.zone_eligibilite, communes)
    ids: dict[str, int] = {}
    for i, service in enumerate(lieu.services):
        problems += _check_zone(doc, ("services", i, "zone_eligibilite"),
                                service.zone_eligibilite, communes)
        if service.id in ids:
            problems.append(problem_at(
                doc, ("services", i, "id"), "identifiant-duplique",
                quoi=f"deux services portent l'identifiant « {service.id} »",
                conseil="chaque service du lieu a son propre id"))
        ids[service.id] = i
    for i, permanence in enumerate(lieu.permanences):
        loc: Loc = ("permanences", i)
        problems += _check_commune(doc, loc, permanence.code_insee, permanence.code_postal,
                                   permanence.coordonnees, communes)
    return problems


# The set of département codes, for the communes table last asked about. Made once per
# table, not once per zone: a walk of ~35,000 communes for each place was most of the
# time of a whole validation. The table itself is kept, so its id cannot be reused.
_DEPARTEMENTS: tuple[dict[str, Commune], frozenset[str]] | None = None


def _departements(communes: dict[str, Commune]) -> frozenset[str]:
    global _DEPARTEMENTS
    if _DEPARTEMENTS is None or _DEPARTEMENTS[0] is not communes:
        _DEPARTEMENTS = (communes, frozenset(c.departement for c in communes.values()))
    return _DEPARTEMENTS[1]


def _check_zone(doc: Document, loc: Loc, zone: list[str] | None,
                communes: dict[str, Commune]) -> list[Problem]:
    """Every code of a zone d'éligibilité names a commune or a département that exists."""
    problems: list[Problem] = []
    for i, code in enumerate(zone or []):
        if est_code_epci(code):
            problems.append(problem_at(doc, (*loc, i), "zone-eligibilite-epci", code=code))
        elif est_code_departement(code):
            if code not in _departements(communes):
                problems.append(problem_at(doc, (*loc, i), "zone-eligibilite-inconnue",
                                           qui="aucun département", insee="", code=code))
        elif code != "france" and code not in communes:
            problems.append(problem_at(doc, (*loc, i), "zone-eligibilite-inconnue",
                                       qui="aucune commune", insee=" INSEE", code=code,
                                       indice=_communes_du_code_postal(code, communes)))
    return problems


def _check_horaires(lieu: LieuPublic, doc: Document, aujourdhui: dt.date) -> list[Problem]:
    """Hours that are valid but would make the "open now" line mislead (hours.py decides)."""
    champs: list[tuple[Loc, str | None]] = [
        (("horaires", champ), getattr(lieu.horaires, champ))
        for champ in ("sans_rendez_vous", "sur_rendez_vous", "telephone")]
    champs += [(("permanences", i, "horaires"), p.horaires) for i, p in enumerate(lieu.permanences)]
    champs += [(("services", i, "horaires"), s.horaires) for i, s in enumerate(lieu.services)]
    return [problem_at(doc, loc, w.code, message=w.message, indice=w.hint)
            for loc, texte in champs if texte
            for w in _avertissements_horaires(texte, aujourdhui)]


@lru_cache(maxsize=4096)
def _avertissements_horaires(texte: str, aujourdhui: dt.date) -> tuple[HoursWarning, ...]:
    # A network's places share their hours: each text is checked once per date.
    return tuple(hours_warnings(texte, aujourdhui))


def _communes_du_code_postal(code_postal: str | None, communes: dict[str, Commune]) -> str:
    # Largest first: the commune that gave the postcode its name is usually the one.
    candidates = sorted((c for c in communes.values() if code_postal in c.codes_postaux),
                        key=lambda c: -c.population)
    if not candidates:
        return "le code INSEE (5 caractères) n'est pas le code postal : voir la fiche de " \
            "la commune sur https://www.insee.fr"
    shown = ", ".join(f"{c.nom} ({c.code_insee})" for c in candidates[:6])
    more = f" et {len(candidates) - 6} autres" if len(candidates) > 6 else ""
    return f"communes du code postal {code_postal} : {shown}{more}"


def _ligne(doc: Document, loc: Loc) -> str:
    pos = doc.position(loc)
    return f" (ligne {pos.ligne})" if pos else ""


def _postal_insee(doc: Document, loc: Loc, code_postal: str, commune: Commune,
                  communes: dict[str, Commune]) -> Problem:
    """A postcode and an INSEE code of different communes: either may be the typo. The
    INSEE code is the one partners copy wrong (the postcode they know by heart), so the
    problem sits on its line and the INSEE codes of the postcode come first."""
    du_code_postal = _communes_du_code_postal(code_postal, communes)
    if du_code_postal.startswith("communes du code postal"):
        indice = f"si le code postal est juste, le code INSEE est celui de l'une des " \
            f"{du_code_postal} ; sinon, "
    else:
        indice = f"aucune commune n'a le code postal {code_postal} ; "
    indice += f"codes postaux de {commune.nom} : {', '.join(commune.codes_postaux)}"
    return problem_at(doc, (*loc, "code_insee"), "code-postal-commune", indice=indice,
                      code_postal=code_postal, ligne_postal=_ligne(doc, (*loc, "code_postal")),
                      code_insee=commune.code_insee,
                      ligne_insee=_ligne(doc, (*loc, "code_insee")), commune=commune.nom)


def _check_commune(doc: Document, loc: Loc, code_insee: str, code_postal: str | None,
                   coordonnees: Coordonnees | None,
                   communes: dict[str, Commune]) -> list[Problem]:
    commune = communes.get(code_insee)
    # The postcode copied into code_insee may be another commune's INSEE code (72300
    # is Sablé's postcode and Saint-Mars-la-Brière's INSEE code): say so first.
    if code_postal == code_insee and (commune is None
                                      or code_postal not in commune.codes_postaux):
        return [problem_at(doc, (*loc, "code_insee"), "code-insee-code-postal",
                           code=code_insee,
                           indice=_communes_du_code_postal(code_postal, communes))]
    if commune is None:
        return [problem_at(doc, (*loc, "code_insee"), "commune-inconnue", code=code_insee,
                           indice=_communes_du_code_postal(code_postal, communes))]
    problems: list[Problem] = []
    if code_postal and code_postal not in commune.codes_postaux:
        problems.append(_postal_insee(doc, loc, code_postal, commune, communes))
    if coordonnees and commune.a_coordonnees:
        assert commune.latitude is not None and commune.longitude is not None
        km = haversine_km(coordonnees.latitude, coordonnees.longitude,
                          commune.latitude, commune.longitude)
        if km > DISTANCE_AVERTISSEMENT_KM:
            swapped = haversine_km(coordonnees.longitude, coordonnees.latitude,
                                   commune.latitude, commune.longitude)
            inverse = swapped < DISTANCE_AVERTISSEMENT_KM
            problems.append(problem_at(
                doc, (*loc, "coordonnees"), "coordonnees-eloignees", km=km,
                commune=commune.nom, latitude=commune.latitude, longitude=commune.longitude,
                indice="latitude et longitude semblent inversées" if inverse else None,
                grave=km > DISTANCE_ERREUR_KM))
    return problems
