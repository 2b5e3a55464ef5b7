"""The professional directory's own content: pro sections, fiche de liaison, coverage, quality.

Pure functions, no MkDocs: each returns the HTML body of a fragment or a page (and, for the
coverage, the JSON the map reads); the plugin only places them. Everything here reads the
PRO catalogue, whose records still carry their `pro:` block; the public build must never
call these functions, which is what `tests/test_fuite.py` checks on real builds.

Addresses assume directory URLs: a place at /lieux/<id>/, its sheet at
/lieux/<id>/fiche-de-liaison/, a partner at /partenaires/<id>/, the coverage at
/couverture/ (with couverture.json and couverture.csv beside its index.html) and the
quality report at /qualite/.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import jinja2

from .catalogue import Catalogue
from .communes import Commune
from .couverture import (
    SEUIL_DEFAUT_KM,
    PointAccueil,
    RapportCouverture,
    analyser_couverture,
    report_to_dict,
)
from .geo import position_mairie
from .hours import FrenchWeek, week_in_french
from .models import (
    Fiable,
    InfosPro,
    Lieu,
    LieuPublic,
    Partenaire,
    PartenairePublic,
    Referent,
)
from .pages import date_fr, racine_relative
from .qualite import rapport_qualite
from .telephones import affiche as tel_affiche
from .telephones import tel_href

# Where the pages land, relative to the site root (directory URLs).
URL_COUVERTURE = "couverture/"
URL_QUALITE = "qualite/"
FICHIER_COUVERTURE_JSON = "couverture.json"
FICHIER_COUVERTURE_CSV = "couverture.csv"
"""Both written by the plugin into the coverage page's folder, beside its index.html."""


def url_fiche_de_liaison(lieu_id: str) -> str:
    return f"lieux/{lieu_id}/fiche-de-liaison/"


# --- Templates -----------------------------------------------------------------------------


def _nombre_fr(n: int | float) -> str:
    """12 345 with a narrow no-break space, as French typography writes thousands."""
    return f"{n:,}".replace(",", "\u202f").replace(".", ",")


def _pourcent_fr(x: float) -> str:
    return f"{x:.1f}".replace(".", ",") + "\u00a0%"


def _km_fr(km: float | None) -> str:
    """23,4 km; 20 km rather than 20,0 km for round figures such as the threshold."""
    if km is None:
        return "—"
    return f"{km:.1f}".removesuffix(".0").replace(".", ",") + "\u00a0km"


def _score_fr(score: float | None) -> str:
    return "—" if score is None else f"{score:g}".replace(".", ",")


def _paragraphes(texte: str | None) -> list[str]:
    """Free text as paragraphs: partners write notes with blank lines between them."""
    if not texte:
        return []
    return [p.strip() for p in texte.replace("\r\n", "\n").split("\n\n") if p.strip()]


_ENV: jinja2.Environment | None = None


def environnement() -> jinja2.Environment:
    """The Jinja environment of the pro templates (one per process: templates never change)."""
    global _ENV
    if _ENV is None:
        env = jinja2.Environment(
            loader=jinja2.PackageLoader("guide_solidarites", "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.filters.update(
            date_fr=date_fr,
            tel_href=tel_href,
            tel=tel_affiche,
            nombre=_nombre_fr,
            pourcent=_pourcent_fr,
            km=_km_fr,
            paragraphes=_paragraphes,
            score=_score_fr,
        )
        _ENV = env
    return _ENV


def _rendre(gabarit: str, **contexte: Any) -> str:
    return environnement().get_template(gabarit).render(**contexte)


# --- The pro section of a place or a partner ---------------------------------------------------


@dataclass(frozen=True)
class Verification:
    """When a record was checked, and whether it is past its review date."""

    verifie_le: dt.date
    verifie_par: str
    revision_due: dt.date
    perime: bool


def verification(record: Fiable, aujourdhui: dt.date) -> Verification:
    return Verification(record.verifie_le, record.verifie_par, record.revision_due(),
                        record.est_perime(aujourdhui))


def _conventions(infos: InfosPro | None, catalogue: Catalogue) -> list[dict[str, Any]]:
    if infos is None:
        return []
    return [
        {
            "convention": c,
            "partenaire_nom": catalogue.partenaires[c.partenaire].nom
            if c.partenaire in catalogue.partenaires else c.partenaire,
            "lien": c.partenaire in catalogue.partenaires,
        }
        for c in infos.conventions
    ]


def _infos(record: LieuPublic | PartenairePublic) -> InfosPro | None:
    # A public projection has no `pro` at all: the pro pages then say nothing was entered,
    # which also makes a mistaken call from the public build print nothing private.
    return getattr(record, "pro", None)


def contexte_pro(record: Lieu | Partenaire, catalogue: Catalogue,
                 racine: str = "../../") -> dict[str, Any]:
    """What the pro section of a place or a partner prints; `racine` leads to the site root."""
    infos = _infos(record)
    return {
        "record": record,
        "est_lieu": isinstance(record, LieuPublic),
        "infos": infos,
        "verification": verification(record, catalogue.aujourdhui),
        "conventions": _conventions(infos, catalogue),
        "racine": racine,
    }


def fragment_lieu_pro(lieu: Lieu, catalogue: Catalogue, racine: str = "../../") -> str:
    """The professional section inserted on a place's page (/lieux/<id>/) in the pro build."""
    return _rendre("pro/_section.html", **contexte_pro(lieu, catalogue, racine))


def fragment_partenaire_pro(partenaire: Partenaire, catalogue: Catalogue,
                            racine: str = "../../") -> str:
    """The professional section of a partner's page (/partenaires/<id>/) in the pro build."""
    return _rendre("pro/_section.html", **contexte_pro(partenaire, catalogue, racine))


# --- Fiche de liaison ------------------------------------------------------------------------


def _semaine(texte: str | None) -> FrenchWeek | None:
    return week_in_french(texte) if texte else None


def contexte_fiche_de_liaison(lieu: Lieu, catalogue: Catalogue) -> dict[str, Any]:
    infos = _infos(lieu)
    referents: list[Referent] = list(infos.referents) if infos else []
    orientation = infos.orientation if infos else None
    # Where the sheet goes: the address meant for referrals, else the pro one, else the
    # public one, so that the sender is never left without an answer.
    envoi = (orientation.courriel if orientation and orientation.courriel else None) or (
        infos.courriel if infos and infos.courriel else None) or lieu.courriel
    return {
        "lieu": lieu,
        "partenaire": catalogue.partenaire_du_lieu(lieu),
        "commune": catalogue.commune_du_lieu(lieu),
        "referents": referents,
        "orientation": orientation,
        # None: nobody said; []: nothing to join. The sheet tells the two apart.
        "documents": list(orientation.documents) if orientation else None,
        "accepte": orientation.fiche_de_liaison if orientation else None,
        "envoi": envoi,
        "ligne_directe": infos.ligne_directe if infos else None,
        "sans_rendez_vous": _semaine(lieu.horaires.sans_rendez_vous),
        "sur_rendez_vous": _semaine(lieu.horaires.sur_rendez_vous),
        "telephone_horaires": _semaine(lieu.horaires.telephone),
        "racine": racine_relative(url_fiche_de_liaison(lieu.id)),
    }


def page_fiche_de_liaison(lieu: Lieu, catalogue: Catalogue) -> str:
    """The printable orientation sheet of a place (/lieux/<id>/fiche-de-liaison/)."""
    return _rendre("pro/fiche_de_liaison.html", **contexte_fiche_de_liaison(lieu, catalogue))


# --- Coverage --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bande:
    """A distance band of the coverage map: colour for the eye, words for everyone."""

    jusqu_a: float | None
    """Upper bound in km, included; None for the last band."""
    classe: str
    couleur: str
    libelle: str


def bandes(seuil_km: float) -> list[Bande]:
    """Bands around the threshold; colours from ColorBrewer RdYlBu (safe for colour blindness),
    always paired with words in the legend, the tooltips and the table."""
    demi, seuil, loin = seuil_km / 2, seuil_km, seuil_km * 1.5
    return [
        Bande(demi, "proche", "#2c7bb6", f"{_km_fr(demi)} ou moins : accessible"),
        Bande(seuil, "accessible", "#abd9e9", f"de {_km_fr(demi)} à {_km_fr(seuil)} : "
              "accessible"),
        Bande(loin, "hors-portee", "#fdae61", f"de {_km_fr(seuil)} à {_km_fr(loin)} : "
              "hors de portée"),
        Bande(None, "tres-loin", "#d7191c", f"plus de {_km_fr(loin)} : hors de portée"),
    ]


def communes_du_territoire(catalogue: Catalogue) -> list[Commune]:
    """Every commune of the département(s) the catalogue's places stand in, INSEE order."""
    departements = set(catalogue.departements)
    return sorted((c for c in catalogue.communes.values() if c.departement in departements),
                  key=lambda c: c.code_insee)


def points_premier_accueil(catalogue: Catalogue) -> tuple[list[PointAccueil],
                                                          list[PointAccueil]]:
    """The premier accueil places with a position, and the stops of their permanences.

    A permanence without coordinates stands at the place it names, else at its commune's
    town hall: for a 20 km threshold that approximation is far below the noise.
    """
    lieux: list[PointAccueil] = []
    permanences: list[PointAccueil] = []
    for lieu in catalogue.lieux.values():
        if not lieu.premier_accueil:
            continue
        if lieu.coordonnees is not None:
            lieux.append(PointAccueil(lieu.id, lieu.nom, lieu.coordonnees.latitude,
                                      lieu.coordonnees.longitude, lieu.code_insee))
        for p in lieu.permanences:
            position: tuple[float, float] | None = None
            hote = catalogue.lieux.get(p.lieu) if p.lieu else None
            if p.coordonnees is not None:
                position = (p.coordonnees.latitude, p.coordonnees.longitude)
            elif hote is not None and hote.coordonnees is not None:
                position = (hote.coordonnees.latitude, hote.coordonnees.longitude)
            elif p.code_insee in catalogue.communes:
                position = position_mairie(catalogue.communes[p.code_insee])
            if position is not None:
                permanences.append(PointAccueil(lieu.id, lieu.nom, *position, p.code_insee))
    return lieux, permanences


def rapport_couverture(catalogue: Catalogue,
                       seuil_km: float = SEUIL_DEFAUT_KM) -> RapportCouverture:
    lieux, permanences = points_premier_accueil(catalogue)
    return analyser_couverture(communes_du_territoire(catalogue), lieux, permanences, seuil_km)


def donnees_couverture(rapport: RapportCouverture, catalogue: Catalogue) -> dict[str, Any]:
    """The JSON of couverture.json: the report, the bands, and the places for the map."""
    lieux, permanences = points_premier_accueil(catalogue)
    data = report_to_dict(rapport)
    data["bandes"] = [
        {"jusqu_a": b.jusqu_a, "classe": b.classe, "couleur": b.couleur, "libelle": b.libelle}
        for b in bandes(rapport.seuil_km)
    ]
    data["lieux"] = [{"id": p.id, "nom": p.nom, "latitude": p.latitude,
                      "longitude": p.longitude} for p in lieux]
    data["permanences"] = [{"id": p.id, "nom": p.nom, "latitude": p.latitude,
                            "longitude": p.longitude, "code_insee": p.code_insee}
                           for p in permanences]
    return data


TUILES_DEFAUT = "https://{s}.tile.openstreetmap.fr/osmfr/{z}/{x}/{y}.png"
"""OpenStreetMap France, the deployment's default tile host (deploy/README.md)."""
ATTRIBUTION_DEFAUT = "&copy; contributeurs OpenStreetMap"


def page_couverture(catalogue: Catalogue, seuil_km: float = SEUIL_DEFAUT_KM,
                    tuiles: str | None = TUILES_DEFAUT,
                    attribution: str = ATTRIBUTION_DEFAUT,
                    rapport: RapportCouverture | None = None) -> tuple[str, dict[str, Any]]:
    """The coverage page (/couverture/) and the JSON payload the plugin writes beside it
    as couverture.json; it also writes couverture.csv there with `couverture.write_csv`.

    `tuiles` is a Leaflet URL template (None: communes on a blank background, no request
    to any tile server); `attribution` is HTML shown on the map. `rapport`: the analysis
    already made for this catalogue and threshold (the plugin also writes it as CSV).
    """
    if rapport is None:
        rapport = rapport_couverture(catalogue, seuil_km)
    html = _rendre(
        "pro/couverture.html",
        rapport=rapport,
        departements=catalogue.departements,
        bandes=bandes(rapport.seuil_km),
        fichier_json=FICHIER_COUVERTURE_JSON,
        fichier_csv=FICHIER_COUVERTURE_CSV,
        tuiles=tuiles,
        attribution=attribution,
        racine=racine_relative(URL_COUVERTURE),
    )
    return html, donnees_couverture(rapport, catalogue)


# --- Quality ---------------------------------------------------------------------------------


def page_qualite(catalogue: Catalogue) -> str:
    """The data quality page (/qualite/): stale records, scores worst first, what is missing."""
    rapport = rapport_qualite(catalogue)
    return _rendre("pro/qualite.html", rapport=rapport, catalogue=catalogue,
                   racine=racine_relative(URL_QUALITE))


# --- Every pro page at once ------------------------------------------------------------------


@dataclass(frozen=True)
class PagePro:
    """A page only the pro build has: where it goes, its title, its HTML body."""

    url: str
    titre: str
    html: str


def pages_pro(catalogue: Catalogue, seuil_km: float = SEUIL_DEFAUT_KM,
              tuiles: str | None = TUILES_DEFAUT, attribution: str = ATTRIBUTION_DEFAUT,
              rapport: RapportCouverture | None = None
              ) -> tuple[list[PagePro], dict[str, Any]]:
    """The fiche de liaison of every place, the coverage and the quality pages, and the
    coverage JSON; refuses a public catalogue, whose records have lost their pro data."""
    if catalogue.variante != "pro":
        raise ValueError("les pages professionnelles se construisent sur le catalogue pro")
    pages = [
        PagePro(url_fiche_de_liaison(lieu.id), f"Fiche de liaison — {lieu.nom}",
                page_fiche_de_liaison(lieu, catalogue))  # type: ignore[arg-type]
        for lieu in catalogue.lieux.values()
    ]
    html, donnees = page_couverture(catalogue, seuil_km, tuiles, attribution, rapport)
    pages.append(PagePro(URL_COUVERTURE, "Couverture du territoire", html))
    pages.append(PagePro(URL_QUALITE, "Qualité des données", page_qualite(catalogue)))
    return pages, donnees
