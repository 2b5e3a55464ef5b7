"""The professional directory's own content: pro sections, fiche de liaison, coverage, quality.

Pure functions, no MkDocs: each returns what a template prints (a page's or a section's
context, and for the coverage the JSON the map reads); the build renders them with its
one environment, through the templates of `templates/pro/`, like every other page. The
sections, sheets and map read the `CataloguePro`, where each public record stands beside
its file of the professional tree; the coverage and quality pages read public fields
only and take the public `Catalogue`. The public build never calls this module, which is
what `tests/test_fuite.py` checks on real builds.

Addresses assume directory URLs: a place at /lieux/<id>/, its sheet at
/lieux/<id>/fiche-de-liaison/, a partner at /partenaires/<id>/, the coverage at
/couverture/ (with couverture.json and couverture.csv beside its index.html) and the
quality report at /qualite/.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .adresses import adresse_du_lieu
from .catalogue import Catalogue, CataloguePro
from .communes import Commune
from .couverture import (
    SEUIL_DEFAUT_KM,
    RapportCouverture,
    couverture_du_catalogue,
    points_du_catalogue,
    report_to_dict,
)
from .exports import geojson_lieux
from .formats import km_fr
from .hours_summary import summarise_week
from .models import Fiable, InfosPro, LieuPro, LieuPublic, PartenairePro, Referent
from .qualite import rapport_qualite
from .telephones import affiche as tel_affiche

# Where the pages land, relative to the site root (directory URLs).
URL_COUVERTURE = "couverture/"
URL_QUALITE = "qualite/"
FICHIER_COUVERTURE_JSON = "couverture.json"
FICHIER_COUVERTURE_CSV = "couverture.csv"
"""Both written by the plugin into the coverage page's folder, beside its index.html."""


def url_fiche_de_liaison(lieu_id: str) -> str:
    return f"lieux/{lieu_id}/fiche-de-liaison/"


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


def _conventions(infos: InfosPro | None, catalogue: CataloguePro) -> list[dict[str, Any]]:
    if infos is None:
        return []
    partenaires = catalogue.public.partenaires
    return [
        {
            "convention": c,
            "partenaire_nom": partenaires[c.partenaire].nom
            if c.partenaire in partenaires else c.partenaire,
            "lien": c.partenaire in partenaires,
        }
        for c in infos.conventions
    ]


def _contexte(record: Fiable, infos: InfosPro | None, est_lieu: bool, ident: str,
              catalogue: CataloguePro, modification: str | None) -> dict[str, Any]:
    return {
        # A place shows its contacts under its name (pro/_contacts.html).
        "contacts_en_tete": est_lieu,
        "record": record,
        "ident": ident,
        "est_lieu": est_lieu,
        "infos": infos,
        "verification": verification(record, catalogue.aujourdhui),
        "conventions": _conventions(infos, catalogue),
        "modification": modification,
    }


def lien_modification_pro(catalogue: CataloguePro, cle: str, motif: str | None) -> str | None:
    """The private repository's edit page of a record's pro file (`motif` holds {chemin});
    None when no private repository is configured or the record has no pro file yet."""
    chemin = catalogue.fichiers.get(cle)
    if not motif or not chemin:
        return None
    return motif.replace("{chemin}", chemin)


def contexte_lieu_pro(lieu: LieuPro, catalogue: CataloguePro,
                      motif_modification: str | None = None) -> dict[str, Any]:
    """What the pro section of a place prints (templates/pro/_section.html), and its
    contacts under the place's name (pro/_contacts.html)."""
    return _contexte(lieu.public, lieu.pro, True, lieu.id, catalogue,
                     lien_modification_pro(catalogue, f"lieu:{lieu.id}", motif_modification))


def contexte_partenaire_pro(partenaire: PartenairePro, catalogue: CataloguePro,
                            motif_modification: str | None = None) -> dict[str, Any]:
    return _contexte(partenaire.public, partenaire.pro, False, partenaire.id, catalogue,
                     lien_modification_pro(catalogue, f"partenaire:{partenaire.id}",
                                           motif_modification))


def sections_pro(catalogue: CataloguePro, motif_modification: str | None = None
                 ) -> dict[str, dict[str, Any]]:
    """The context of the pro section of every record page, keyed as `Catalogue.fichiers`
    is (`lieu:<id>`, `partenaire:<id>`): what the pro build adds to the public pages,
    printed by their templates (pro/lieu.html, pro/partenaire.html)."""
    sections = {f"lieu:{k}": contexte_lieu_pro(lieu, catalogue, motif_modification)
                for k, lieu in catalogue.lieux.items()}
    sections |= {f"partenaire:{k}": contexte_partenaire_pro(p, catalogue, motif_modification)
                 for k, p in catalogue.partenaires.items()}
    return sections


# --- Fiche de liaison ------------------------------------------------------------------------


def horaires_resumes(lieu: LieuPublic) -> list[tuple[str, str]]:
    """(way of being received, its hours in one line): the sheet must fit on one A4 page."""
    h = lieu.horaires
    resumes = [("Sans rendez-vous", h.sans_rendez_vous), ("Sur rendez-vous", h.sur_rendez_vous),
               ("Au téléphone", h.telephone)]
    return [(titre, summarise_week(texte)) for titre, texte in resumes if texte]


def contexte_fiche_de_liaison(lieu: LieuPro, catalogue: CataloguePro) -> dict[str, Any]:
    infos = lieu.pro
    public = lieu.public
    referents: list[Referent] = list(infos.referents) if infos else []
    orientation = infos.orientation if infos else None
    # Where the sheet goes: the address meant for referrals, else the pro one, else the
    # public one, so that the sender is never left without an answer.
    envoi = (orientation.courriel if orientation and orientation.courriel else None) or (
        infos.courriel if infos and infos.courriel else None) or public.courriel
    commune = catalogue.public.commune_du_lieu(public)
    return {
        "lieu": public,
        "partenaire": catalogue.public.partenaire_du_lieu(public),
        "commune": commune,
        "adresse": adresse_du_lieu(public, commune.nom if commune else None),
        "referents": referents,
        "orientation": orientation,
        # None: nobody said; []: nothing to join. The sheet tells the two apart.
        "documents": list(orientation.documents) if orientation else None,
        "accepte": orientation.fiche_de_liaison if orientation else None,
        "envoi": envoi,
        "ligne_directe": infos.ligne_directe if infos else None,
        "horaires": horaires_resumes(public),
    }


# --- The professional map ---------------------------------------------------------------------


def _referents(infos: InfosPro | None) -> list[dict[str, str | None]]:
    return [{"nom": r.nom, "fonction": r.fonction,
             "telephone": tel_affiche(r.telephone) if r.telephone else None,
             "courriel": r.courriel} for r in (infos.referents if infos else [])]


@dataclass(frozen=True, slots=True)
class ProprietePro:
    """A property only the professional site's map has: personal data."""

    nom: str
    description: str
    valeur: Callable[[InfosPro | None], Any]


PROPRIETES_PRO: tuple[ProprietePro, ...] = (
    ProprietePro("referents", "Interlocuteurs privilégiés : nom, fonction, téléphone et "
                 "courriel directs.", _referents),
    ProprietePro("ligne_directe", "Ligne réservée aux professionnels.",
                 lambda infos: tel_affiche(infos.ligne_directe)
                 if infos and infos.ligne_directe else None),
)
"""Added to the public properties on the professional site's map only. Names as the map's
JavaScript (carte.js) reads them."""


def geojson_lieux_pro(catalogue: CataloguePro) -> dict[str, Any]:
    """The public GeoJSON of the places, each feature with its `PROPRIETES_PRO` added."""
    collection = geojson_lieux(catalogue.public)
    for feature in collection["features"]:
        infos = catalogue.lieux[feature["id"]].pro
        feature["properties"] |= {p.nom: p.valeur(infos) for p in PROPRIETES_PRO}
    return collection


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
        Bande(demi, "proche", "#2c7bb6", f"{km_fr(demi)} ou moins : accessible"),
        Bande(seuil, "accessible", "#abd9e9", f"de {km_fr(demi)} à {km_fr(seuil)} : "
              "accessible"),
        Bande(loin, "hors-portee", "#fdae61", f"de {km_fr(seuil)} à {km_fr(loin)} : "
              "hors de portée"),
        Bande(None, "tres-loin", "#d7191c", f"plus de {km_fr(loin)} : hors de portée"),
    ]


def communes_du_territoire(catalogue: Catalogue) -> list[Commune]:
    """Every commune of the département(s) the catalogue's places stand in, INSEE order."""
    departements = set(catalogue.departements)
    return sorted((c for c in catalogue.communes.values() if c.departement in departements),
                  key=lambda c: c.code_insee)


def rapport_couverture(catalogue: Catalogue,
                       seuil_km: float = SEUIL_DEFAUT_KM) -> RapportCouverture:
    """The coverage of the territory, computed as `guide couverture` computes it."""
    return couverture_du_catalogue(catalogue, communes_du_territoire(catalogue), seuil_km)


def donnees_couverture(rapport: RapportCouverture, catalogue: Catalogue) -> dict[str, Any]:
    """The JSON of couverture.json: the report, the bands, and the places for the map."""
    points = points_du_catalogue(catalogue)
    data = report_to_dict(rapport)
    data["bandes"] = [
        {"jusqu_a": b.jusqu_a, "classe": b.classe, "couleur": b.couleur, "libelle": b.libelle}
        for b in bandes(rapport.seuil_km)
    ]
    data["lieux"] = [{"id": p.id, "nom": p.nom, "latitude": p.latitude,
                      "longitude": p.longitude} for p in points.lieux]
    data["permanences"] = [{"id": p.id, "nom": p.nom, "latitude": p.latitude,
                            "longitude": p.longitude, "code_insee": p.code_insee}
                           for p in points.permanences]
    return data


def contexte_couverture(catalogue: Catalogue, rapport: RapportCouverture,
                        tuiles: str | None, attribution: str) -> dict[str, Any]:
    """What the coverage page (/couverture/, pro/couverture.html) prints. The plugin writes
    `donnees_couverture` beside it as couverture.json, and the report as couverture.csv.

    `tuiles` is a Leaflet URL template (None: communes on a blank background, no request
    to any tile server); `attribution` is HTML shown on the map.
    """
    return {
        "rapport": rapport,
        "departements": catalogue.departements,
        "bandes": bandes(rapport.seuil_km),
        "fichier_json": FICHIER_COUVERTURE_JSON,
        "fichier_csv": FICHIER_COUVERTURE_CSV,
        "tuiles": tuiles,
        "attribution": attribution,
    }


# --- Quality ---------------------------------------------------------------------------------


def contexte_qualite(catalogue: Catalogue) -> dict[str, Any]:
    """What the data quality page (/qualite/) prints: stale records, scores worst first."""
    return {"rapport": rapport_qualite(catalogue), "catalogue": catalogue}


# --- Every pro page at once ------------------------------------------------------------------


@dataclass(frozen=True)
class PagePro:
    """A page only the pro build has: where it goes, its title, its template and context."""

    url: str
    titre: str
    gabarit: str
    contexte: dict[str, Any]
    segment_variable: int = 1
    """Which segment of `url`, from the end, names the record (pages.PageGeneree)."""


def pages_pro(catalogue: CataloguePro, rapport: RapportCouverture, tuiles: str | None,
              attribution: str) -> tuple[list[PagePro], dict[str, Any]]:
    """The fiche de liaison of every place, the coverage and the quality pages, and the
    coverage JSON; refuses a public catalogue, which has no professional file."""
    if not isinstance(catalogue, CataloguePro):
        raise ValueError("les pages professionnelles se construisent sur le catalogue pro")
    pages = [
        PagePro(url_fiche_de_liaison(lieu.id), f"Fiche de liaison — {lieu.public.nom}",
                "pro/fiche_de_liaison.html", contexte_fiche_de_liaison(lieu, catalogue),
                segment_variable=2)  # lieux/<id>/fiche-de-liaison/
        for lieu in catalogue.lieux.values()
    ]
    pages.append(PagePro(URL_COUVERTURE, "Couverture du territoire", "pro/couverture.html",
                         contexte_couverture(catalogue.public, rapport, tuiles, attribution)))
    pages.append(PagePro(URL_QUALITE, "Qualité des données", "pro/qualite.html",
                         contexte_qualite(catalogue.public)))
    return pages, donnees_couverture(rapport, catalogue.public)
