"""The catalogue -> the guide's generated pages: what each page shows, ready for its template.

No MkDocs here: a page is a `PageGeneree` (where it goes, its title, its template and the
data the template prints). Everything a template would otherwise compute (hours in plain
French, the "open now" payload, schema.org data, links) is prepared here, once, in Python,
so that templates only lay things out and this module can be tested on its own.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from .adresses import adresse_du_lieu
from .carte import FICHIER_CARTE, FICHIER_CARTE_PRO, URL_CARTE
from .catalogue import Catalogue, CataloguePro
from .communes import Commune
from .config import GuideConfig, options_par_defaut
from .couverture import RapportCouverture
from .exports import LICENCE_NOM, LICENCE_URL, descriptions_dict, page_du_lieu
from .filtres import FILTRES, filtres_de, filtres_json
from .fond_de_carte import fond_de_carte
from .formats import cle_tri, lettre_initiale
from .hours import Closure, intervals_payload, open_intervals, semaine_en_clair
from .hours_summary import summarise_week
from .langues import LANGUE_SOURCE, N_, Langue, json_script
from .langues import langue as langue_du_guide
from .models import LieuPublic, PartenairePublic, Permanence
from .pro import pages_pro, rapport_couverture
from .qr import adresse_lieu, qr_svg
from .search import DRAPEAUX, fichier_lieux, horaires_compacts, jours_ouverts
from .selection import MAX_LIEUX, fiche_selection
from .telephones import tel_href
from .vocab import CATEGORIE_LABELS, PUBLIC_LABELS, Precision, categorie

# The modes that have opening hours, in the order a visitor needs them.
MODES_HORAIRES: tuple[tuple[str, str], ...] = (
    ("sans_rendez_vous", N_("Sans rendez-vous")),
    ("sur_rendez_vous", N_("Sur rendez-vous")),
    ("telephone", N_("Au téléphone")),
)

# National numbers shown on the home page: free, day and night unless said otherwise.
URGENCES: tuple[tuple[str, str, str], ...] = (
    ("115", "tel:115",
     N_("Hébergement d'urgence : vous êtes à la rue, ou vous allez l'être ce soir")),
    ("119", "tel:119", N_("Enfance en danger")),
    ("3919", "tel:3919", N_("Violences faites aux femmes")),
    ("17", "tel:17", N_("Police ou gendarmerie")),
    ("112", "tel:112", N_("Numéro d'urgence européen")),
    ("114", "sms:114", N_("Urgences par SMS, si vous ne pouvez pas parler ou entendre")),
)

SCHEMA_JOURS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Reglages:
    """What the pages need from the plugin's configuration, read once from the typed
    options by `reglages()`: every default lives in `config.GuideConfig`, none here."""

    horizon_semaines: int
    lien_modification: str | None
    """Pattern with {chemin}, already holding the repository address; None: no "Modifier
    cette fiche (partenaires)" link (the département has not enabled it)."""
    lien_modification_pro: str | None
    """The same for the pro files, in the private repository (pro build)."""
    contact_signalement: str | None
    """Address the "Signaler une erreur" mail goes to; None: no such link."""
    site_url: str | None
    """The site's address, so that the mail names the page (https://.../lieux/x/)."""
    departement: str | None
    tuiles: str
    attribution: str
    zoom_max: int
    source_donnees: str
    seuil_km: float
    url_publique: str | None
    """Absolute address of the public guide (ends with /): the places' JSON-LD `url`."""


def _motif_de_lien(options: GuideConfig, depot_url: str | None) -> str | None:
    """The edit-link pattern with the repository filled in, {chemin} left for each record."""
    if not depot_url:
        return None
    return options.lien_modification.format(depot_url=depot_url.rstrip("/"),
                                            chemin="{chemin}")


def reglages(options: GuideConfig | None = None, *, site_url: str | None = None,
             url_publique: str | None = None, **changements: Any) -> Reglages:
    """The pages' settings from the plugin's options (default: a mkdocs.yml naming none);
    `changements` replace some of them (tests)."""
    o = options if options is not None else options_par_defaut()
    faits = Reglages(
        horizon_semaines=o.horizon_semaines,
        lien_modification=_motif_de_lien(o, o.depot_url) if o.modification_partenaires
        else None,
        lien_modification_pro=_motif_de_lien(o, o.depot_pro_url),
        contact_signalement=o.contact_signalement,
        site_url=site_url or None,
        departement=o.departement,
        tuiles=o.tuiles,
        attribution=o.attribution,
        zoom_max=o.zoom_max,
        source_donnees=o.source_donnees,
        seuil_km=o.seuil_couverture_km,
        url_publique=url_publique,
    )
    return replace(faits, **changements)


# Where the open-data files go in the site, and the professional map's points (carte.py).
DOSSIER_DONNEES = "donnees"
POINTS_CARTE_PRO = f"{URL_CARTE}/{FICHIER_CARTE_PRO}"


@dataclass
class PageGeneree:
    """One page of the guide, before any HTML."""

    chemin: str
    """Source path as MkDocs sees it (`lieux/x.md` -> /lieux/x/)."""
    titre: str
    gabarit: str
    """Template name in `templates/`."""
    contexte: dict[str, Any] = field(default_factory=dict)
    description: str = ""
    dans_menu: bool = False
    """Whether `nav:` may list it (home and indexes); record pages never are."""
    indexee: bool = True
    """Whether the search index takes it (not the search page, nor pro-only forms)."""
    langue: str = LANGUE_SOURCE
    """The language of its interface (langues.py); its path starts with `<langue>/` unless
    French."""
    alternatives: bool = True
    """Whether the same page exists in every language of the guide (hreflang, switch)."""
    segment_variable: int = 1
    """Which segment of its address, from the end, names its record: 1 for /lieux/<id>/, 2
    for /lieux/<id>/fiche-de-liaison/. The pages of a kind share one frame with that
    segment filled in (cadre.py)."""
    faire_contexte: Callable[[], dict[str, Any]] | None = None
    """Makes `contexte` when the page is written, and again if it is written again: a
    build of N records holds 5 N place pages, each view about 16 KB, that need not all be
    in memory at once (None: `contexte` is the view). Compared as an object: two pages
    made by different calls are not taken for the same."""

    def vue(self) -> dict[str, Any]:
        """What the page's template prints (made now if the page makes it when written)."""
        if self.faire_contexte is not None and not self.contexte:
            self.contexte = self.faire_contexte()
        return self.contexte

    def oublier(self) -> None:
        """Drop the view once the page is written, when it can be made again."""
        if self.faire_contexte is not None:
            self.contexte = {}

    # MkDocs takes a page's title as HTML (it derives titles from rendered headings) and
    # Material prints titles and the description as they are, without escaping, into
    # <title>, <meta name="description">, the header, the table of contents and the nav.
    # Record text must therefore reach the theme escaped, and only through these two.
    @property
    def titre_html(self) -> str:
        """The title as MkDocs and the theme take it: escaped HTML text."""
        return html.escape(self.titre, quote=True)

    @property
    def description_html(self) -> str:
        """The description, escaped for the attribute `<meta name="description" content>`."""
        return html.escape(self.description, quote=True)

    @property
    def url_source(self) -> str:
        """The address of the same page in French (relative to the site root)."""
        prefixe = f"{self.langue}/" if self.langue != LANGUE_SOURCE else ""
        return self.url.removeprefix(prefixe)

    @property
    def url(self) -> str:
        """The page's address relative to the site root, with directory URLs."""
        if self.chemin == "index.md":
            return ""
        stem = self.chemin.removesuffix(".md")
        return stem.removesuffix("index") if stem.endswith("/index") else stem + "/"


# --- Small formatting helpers ---------------------------------------------------------------


def lien_itineraire(latitude: float, longitude: float) -> str:
    """OpenStreetMap directions to a point; the visitor types where they start from."""
    return ("https://www.openstreetmap.org/directions?route="
            + quote(f";{latitude:.5f},{longitude:.5f}", safe=""))


def lien_carte(latitude: float, longitude: float) -> str:
    return (f"https://www.openstreetmap.org/?mlat={latitude:.5f}&mlon={longitude:.5f}"
            f"#map=17/{latitude:.5f}/{longitude:.5f}")


# --- Hours ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class BlocHoraires:
    """One list of hours: the usual week in words, and the payload for horaires.js."""

    ident: str
    titre: str
    jours: list[tuple[str, str]]
    notes: list[str]
    payload: str
    """JSON text for <script type="application/json" id="{ident}">."""


def fermetures_du_lieu(lieu: LieuPublic) -> list[Closure]:
    return [Closure(f.du, f.au, f.message) for f in lieu.fermetures]


def bloc_horaires(ident: str, titre: str, texte: str, debut: dt.date, jours: int,
                  fermetures: list[Closure], langue: str = LANGUE_SOURCE) -> BlocHoraires:
    jours_fr, notes, payload = _horaires(texte, debut, jours, tuple(fermetures), langue)
    return BlocHoraires(ident, titre, jours_fr, notes, payload)


@lru_cache(maxsize=8192)
def _horaires(texte: str, debut: dt.date, jours: int, fermetures: tuple[Closure, ...],
              langue: str = LANGUE_SOURCE) -> tuple[list[tuple[str, str]], list[str], str]:
    # Many places share their hours (a network's usual week): compute each once per build.
    semaine = semaine_en_clair(texte, langue)
    payload = json_script(_payload(texte, debut, jours, fermetures))
    return semaine.days, semaine.notes, payload


def horaires_du_lieu(lieu: LieuPublic, debut: dt.date, jours: int,
                     langue: Langue | None = None) -> list[BlocHoraires]:
    lg = langue or langue_du_guide(LANGUE_SOURCE)
    fermetures = fermetures_du_lieu(lieu)
    blocs = []
    for champ, titre in MODES_HORAIRES:
        texte = getattr(lieu.horaires, champ)
        if texte:
            blocs.append(bloc_horaires(f"horaires-{champ.replace('_', '-')}", lg.gettext(titre),
                                       texte, debut, jours, fermetures, lg.code))
    return blocs


@lru_cache(maxsize=8192)
def semaine_habituelle(texte: str, debut: dt.date, jours: int
                       ) -> tuple[tuple[tuple[str, str], ...], ...]:
    """Per weekday (Monday first), the most frequent opening ranges over the horizon.

    Public holidays are exceptions, so they never win the vote; a rule for "the 1st Monday
    of the month" loses to the other Mondays, as it should in a *usual* week.
    """
    par_jour: dict[dt.date, list[tuple[str, str]]] = {}
    for a, b in open_intervals(texte, debut, jours):
        fin = "23:59" if b.date() != a.date() else b.strftime("%H:%M")
        par_jour.setdefault(a.date(), []).append((a.strftime("%H:%M"), fin))
    votes: list[Counter[tuple[tuple[str, str], ...]]] = [Counter() for _ in range(7)]
    for offset in range(jours):
        jour = debut + dt.timedelta(days=offset)
        votes[jour.weekday()][tuple(par_jour.get(jour, []))] += 1
    return tuple(v.most_common(1)[0][0] if v else () for v in votes)


# --- schema.org --------------------------------------------------------------------------------


def json_ld_lieu(lieu: LieuPublic, commune: Commune | None, url: str | None,
                 debut: dt.date, jours: int, description: str | None = None) -> str:
    """schema.org CivicStructure: what search engines and assistants read about a place;
    `description`: the record's own translation, on a page in another language."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "CivicStructure",
        "name": lieu.nom,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": adresse_du_lieu(lieu, commune.nom if commune else None).voie,
            "postalCode": lieu.code_postal,
            "addressLocality": commune.nom if commune else "",
            "addressCountry": "FR",
        },
        "isAccessibleForFree": lieu.frais == "gratuit",
    }
    if description or lieu.description:
        data["description"] = description or lieu.description
    if url:
        data["url"] = url
    if lieu.coordonnees:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": lieu.coordonnees.latitude,
                       "longitude": lieu.coordonnees.longitude}
    if lieu.telephone:
        data["telephone"] = tel_href(lieu.telephone).removeprefix("tel:")
    if lieu.courriel:
        data["email"] = lieu.courriel
    texte = lieu.horaires.sans_rendez_vous or lieu.horaires.sur_rendez_vous
    if texte:
        specs = []
        for index, plages in enumerate(semaine_habituelle(texte, debut, jours)):
            for ouvre, ferme in plages:
                specs.append({"@type": "OpeningHoursSpecification",
                              "dayOfWeek": f"https://schema.org/{SCHEMA_JOURS[index]}",
                              "opens": ouvre, "closes": ferme})
        data["openingHoursSpecification"] = specs
    return json_script(data)


# --- Views of records ---------------------------------------------------------------------------


@dataclass(frozen=True)
class VuePermanence:
    permanence: Permanence
    commune: Commune | None
    horaires: BlocHoraires


def lien_modification(reglages: Reglages, catalogue: Catalogue, cle: str) -> str | None:
    chemin = catalogue.fichiers.get(cle)
    if not reglages.lien_modification or not chemin:
        return None
    return reglages.lien_modification.replace("{chemin}", chemin)


def lien_signalement(reglages: Reglages, nom: str, url: str) -> str | None:
    """A `mailto:` anyone can use, without a forge account: the place, its page, and room
    for what is wrong. Every part is percent-encoded (RFC 6068), so a name holding `&`,
    `?` or a line break cannot add a header or cut the body."""
    if not reglages.contact_signalement:
        return None
    page = (reglages.site_url.rstrip("/") + "/" + url) if reglages.site_url else "/" + url
    sujet = f"Erreur dans le guide : {nom}"
    # RFC 6068: line breaks in a body are CRLF, percent-encoded like everything else.
    corps = "\r\n".join([f"Fiche : {nom}", f"Adresse de la page : {page}", "",
                          "Ce qui est faux :", "", ""])
    destinataire = quote(reglages.contact_signalement, safe="@")
    return (f"mailto:{destinataire}?subject={quote(sujet, safe='')}"
            f"&body={quote(corps, safe='')}")


def vue_lieu(lieu: LieuPublic, catalogue: Catalogue, reglages: Reglages,
             section_pro: Mapping[str, Any] | None = None,
             langue: Langue | None = None) -> dict[str, Any]:
    """Everything the reception point page prints; `section_pro`, in the pro build only:
    what its professional section and the contacts under its name print
    (`pro.contexte_lieu_pro`); `langue`: the interface's language (French by default)."""
    lg = langue or langue_du_guide(LANGUE_SOURCE)
    debut = catalogue.aujourdhui
    jours = reglages.horizon_semaines * 7
    commune = catalogue.commune_du_lieu(lieu)
    fermetures = fermetures_du_lieu(lieu)
    permanences = [
        VuePermanence(p, catalogue.communes.get(p.code_insee),
                      bloc_horaires(f"horaires-permanence-{i + 1}", p.nom, p.horaires, debut,
                                    jours, fermetures, lg.code))
        for i, p in enumerate(lieu.permanences)
    ]
    themes: dict[str, list[str]] = {}
    for theme in lieu.thematiques:
        themes.setdefault(categorie(theme), []).append(theme)
    coordonnees = lieu.coordonnees
    # The usual week of each mode in one line: « Ma sélection », and the place's header,
    # where it stands for the open-now line until (or unless) horaires.js has run.
    resumes = [(lg.gettext(titre), summarise_week(texte, lg.code))
               for mode, titre in MODES_HORAIRES if (texte := getattr(lieu.horaires, mode))]
    return {
        "lieu": lieu,
        "partenaire": catalogue.partenaire_du_lieu(lieu),
        "commune": commune,
        "horaires": horaires_du_lieu(lieu, debut, jours, lg),
        "traduction": traduction_du_lieu(lieu, lg.code),
        "fermetures": [f for f in lieu.fermetures if f.au >= debut],
        "permanences": permanences,
        "themes": themes,
        "categories": catalogue.categories_du_lieu(lieu),
        "publics": catalogue.publics_du_lieu(lieu),
        "zone": catalogue.zone_en_clair(lieu.zone_eligibilite),
        "zones_services": {s.id: catalogue.zone_en_clair(s.zone_eligibilite)
                           for s in lieu.services if s.zone_eligibilite},
        "position_approchee": coordonnees is not None
        and coordonnees.precision == Precision.COMMUNE,
        "itineraire": lien_itineraire(coordonnees.latitude, coordonnees.longitude)
        if coordonnees else None,
        "carte": lien_carte(coordonnees.latitude, coordonnees.longitude) if coordonnees else None,
        "json_ld": json_ld_lieu(lieu, commune, reglages.url_publique + lg.prefixe
                                + page_du_lieu(lieu) if reglages.url_publique else None,
                                debut, jours, traduction_du_lieu(lieu, lg.code).get(
                                    "description")),
        "recherche": recherche_du_lieu(lieu, catalogue, debut, jours, fermetures),
        "modification": lien_modification(reglages, catalogue, f"lieu:{lieu.id}"),
        "signalement": lien_signalement(reglages, lieu.nom, f"lieux/{lieu.id}/"),
        "perime": catalogue.est_perime(lieu),
        # Printed sheet and « Ma sélection » (qr.py, selection.py).
        # The printed sheet's code leads to the page in the language it was printed in.
        "qr": qr_svg(adresse_lieu(reglages.site_url.rstrip("/") + "/" + lg.prefixe, lieu.id))
        if reglages.site_url else None,
        "selection": json.dumps(fiche_selection(
            lieu, commune, qr=bool(reglages.site_url),
            horaires=resumes),
            ensure_ascii=False, separators=(",", ":")),
        "selection_max": MAX_LIEUX,
        "resume_horaires": resumes[0] if resumes else None,
        **({"section_pro": section_pro} if section_pro is not None else {}),
    }


def recherche_du_lieu(lieu: LieuPublic, catalogue: Catalogue, debut: dt.date, jours: int,
                      fermetures: list[Closure]) -> dict[str, Any]:
    """The search index's filters (key, value) and the hours meta for "open now"."""
    filtres = [("categorie", c) for c in catalogue.categories_du_lieu(lieu)]
    filtres += [("public", p) for p in catalogue.publics_du_lieu(lieu)]
    communes = dict.fromkeys([lieu.code_insee, *(p.code_insee for p in lieu.permanences)])
    filtres += [("commune", c) for c in communes]
    filtres += [("mode", m) for m in lieu.modes_accueil]
    if lieu.accessibilite.pmr:
        filtres.append(("pmr", "oui"))
    horaires = ""
    texte = lieu.horaires.sans_rendez_vous
    if texte:
        horaires, ouverts = _horaires_recherche(texte, debut, jours, tuple(fermetures))
        filtres += [("jour", j) for j in ouverts]
    return {"filtres": filtres, "horaires": horaires}


@lru_cache(maxsize=8192)
def _horaires_recherche(texte: str, debut: dt.date, jours: int,
                        fermetures: tuple[Closure, ...]) -> tuple[str, tuple[str, ...]]:
    # As _horaires: places sharing their hours share this, once per build (and process).
    payload = _payload(texte, debut, jours, fermetures)
    return horaires_compacts(payload), tuple(jours_ouverts(payload))


@lru_cache(maxsize=8192)
def _payload(texte: str, debut: dt.date, jours: int, fermetures: tuple[Closure, ...]
             ) -> dict[str, Any]:
    return intervals_payload(texte, debut, jours, fermetures)


def vue_partenaire(partenaire: PartenairePublic, catalogue: Catalogue,
                   reglages: Reglages, section_pro: Mapping[str, Any] | None = None
                   ) -> dict[str, Any]:
    return {
        "partenaire": partenaire,
        "lieux": catalogue.lieux_par_partenaire.get(partenaire.id, []),
        "modification": lien_modification(reglages, catalogue, f"partenaire:{partenaire.id}"),
        "signalement": lien_signalement(reglages, partenaire.nom,
                                        f"partenaires/{partenaire.id}/"),
        "perime": catalogue.est_perime(partenaire),
        **({"section_pro": section_pro} if section_pro is not None else {}),
    }


def vue_commune(commune: Commune, catalogue: Catalogue) -> dict[str, Any]:
    # Only the places that receive this commune's inhabitants (zone_eligibilite).
    code = commune.code_insee
    lieux = [lieu for lieu in catalogue.lieux_par_commune.get(code, [])
             if catalogue.sert(lieu, code)]
    visiteurs = [lieu for lieu in catalogue.permanences_par_commune.get(code, [])
                 if catalogue.sert(lieu, code)]
    permanences = [
        (lieu, [p for p in lieu.permanences if p.code_insee == commune.code_insee])
        for lieu in visiteurs
    ]
    proches = []
    if not any(lieu.premier_accueil for lieu in lieux):
        proches = catalogue.premier_accueil_proche(commune, k=3)
    return {"commune": commune, "lieux": lieux, "permanences": permanences, "proches": proches}


def communes_du_guide(catalogue: Catalogue, departement: str | None) -> list[Commune]:
    """Communes that get a page: all of the département, plus any other one served."""
    communes = {c.code_insee: c for c in catalogue.communes_desservies}
    if departement:
        for commune in catalogue.communes.values():
            if commune.departement == departement:
                communes.setdefault(commune.code_insee, commune)
    return sorted(communes.values(), key=lambda c: (cle_tri(c.nom), c.code_insee))


def _par_initiale(catalogue: Catalogue, communes: list[Commune]
                  ) -> dict[str, list[tuple[Commune, int]]]:
    """Communes (and their number of places) grouped by initial letter, in order."""
    groupes: dict[str, list[tuple[Commune, int]]] = {}
    for commune in communes:
        nombre = len(catalogue.lieux_par_commune.get(commune.code_insee, []))
        groupes.setdefault(lettre_initiale(commune.nom), []).append((commune, nombre))
    return groupes


# --- The pages ----------------------------------------------------------------------------------


def categories_presentes(catalogue: Catalogue) -> list[tuple[str, str, int]]:
    """(category, label, number of places) for the categories that have places."""
    return [(cat, CATEGORIE_LABELS.get(cat, cat), len(lieux))
            for cat, lieux in catalogue.lieux_par_categorie.items()]


@dataclass(frozen=True, eq=False)
class _Objet:
    """A value compared as an object: equal records read from two files are two records,
    and comparing the 35,000 communes of the table would cost more than a page."""

    valeur: object

    def __eq__(self, autre: object) -> bool:
        return isinstance(autre, _Objet) and autre.valeur is self.valeur

    def __hash__(self) -> int:
        return id(self.valeur)


@dataclass(frozen=True, eq=False)
class _Objets:
    """Objects compared one by one as objects (see `_Objet`)."""

    valeurs: tuple[object, ...]

    def __eq__(self, autre: object) -> bool:
        if autre is self:  # a build's key holds the previous build's jeton when unchanged
            return True
        return isinstance(autre, _Objets) and len(autre.valeurs) == len(self.valeurs) and all(
            a is b for a, b in zip(autre.valeurs, self.valeurs, strict=True))

    def __hash__(self) -> int:
        return len(self.valeurs)


class PagesGardees:
    """The place pages made by the previous builds of one site, for the next (`mkdocs
    serve`): there are thousands, and each costs its hours, schema.org data and QR code.

    A place's page is made from its record, its partner's record, its pro section, the
    path of its file (the edit link), the settings, the language, the date and the communes
    table, and nothing else of the catalogue: when each of these is the one of the page
    kept, the page kept is the page. Records of unchanged files are the very same objects
    from one rebuild to the next (cache.py), so records are compared by identity."""

    def __init__(self) -> None:
        self._pages: dict[str, tuple[tuple[Any, ...], PageGeneree]] = {}
        self._faites: dict[str, tuple[tuple[Any, ...], PageGeneree]] = {}
        self._jetons: dict[str, _Objets] = {}
        self._jetons_faits: dict[str, _Objets] = {}
        self.reprises = 0
        """Pages taken from an earlier build in the last one (for the log and the tests)."""

    def page(self, chemin: str, cle: tuple[Any, ...], faire: Callable[[], PageGeneree]
             ) -> PageGeneree:
        connue = self._pages.get(chemin)
        if connue is not None and connue[0] == cle:
            page = connue[1]
            self.reprises += 1
        else:
            page = faire()
        self._faites[chemin] = (cle, page)
        return page

    def jeton(self, nom: str, objets: Iterable[object]) -> _Objets:
        """`objets` as one value for the keys of this build: the previous build's own
        when they are the same objects, so that each key compares it by identity."""
        nouveau = _Objets(tuple(objets))
        ancien = self._jetons.get(nom)
        jeton = ancien if ancien == nouveau and ancien is not None else nouveau
        self._jetons_faits[nom] = jeton
        return jeton

    def fin(self) -> None:
        """This build's pages are the ones the next build compares with (the pages of
        removed records are dropped)."""
        self._pages, self._faites = self._faites, {}
        self._jetons, self._jetons_faits = self._jetons_faits, {}
        self.reprises = 0


def pages_du_guide(catalogue: Catalogue, reglages: Reglages,
                   communes: list[Commune] | None = None,
                   sections_pro: Mapping[str, Mapping[str, Any]] | None = None,
                   langue: Langue | None = None,
                   gardees: PagesGardees | None = None,
                   paresseuses: bool = False) -> list[PageGeneree]:
    """Every generated page: home, one per place, partner, commune and theme, and indexes.

    Pages are made from the public catalogue in both builds. `sections_pro` (pro build
    only, from `pro.sections_pro`) holds what the professional section of each record page
    prints, keyed `lieu:<id>` / `partenaire:<id>`: this module never reads a professional
    record, and the same templates print both. `langue`: the same pages in another
    language of the public guide, under `<code>/`. `gardees`: the place pages of the
    previous build, taken again when nothing they are made of changed (`mkdocs serve`).
    `paresseuses`: place pages make their view when written (`PageGeneree.vue`), so that a
    build holds one at a time, not every place's in every language.
    """
    lg = langue or langue_du_guide(LANGUE_SOURCE)
    _ = lg.gettext
    pre = lg.prefixe
    pro = sections_pro is not None
    sections = sections_pro or {}
    if communes is None:
        communes = communes_du_guide(catalogue, reglages.departement)
    categories = categories_presentes(catalogue)
    pages = [
        PageGeneree(f"{pre}index.md", _("Accueil"), "accueil.html", {
            "categories": [(cat, _(label), n) for cat, label, n in categories],
            "urgences": [(numero, lien, _(quoi)) for numero, lien, quoi in URGENCES],
        }, _("Trouver un lieu où être accueilli, écouté et orienté, gratuitement, près de "
             "chez vous."), dans_menu=True, indexee=False, langue=lg.code),
        PageGeneree(f"{pre}communes/index.md", _("Toutes les communes"), "communes.html", {
            "lettres": _par_initiale(catalogue, communes),
        }, _("Choisissez votre commune pour voir les lieux d'accueil près de chez vous."),
            dans_menu=True, indexee=False, langue=lg.code),
        PageGeneree(f"{pre}partenaires/index.md", _("Tous les partenaires"), "partenaires.html", {
            "partenaires": list(catalogue.partenaires.values()),
            "lieux_par_partenaire": catalogue.lieux_par_partenaire,
        }, _("Les structures qui accueillent le public : Département, communes, Caf, "
             "associations."), dans_menu=True, indexee=False, langue=lg.code),
    ]
    for lieu in catalogue.lieux.values():
        def page_du_lieu(lieu: LieuPublic = lieu) -> PageGeneree:
            def vue() -> dict[str, Any]:
                return vue_lieu(lieu, catalogue, reglages, sections.get(f"lieu:{lieu.id}"), lg)

            return PageGeneree(f"{pre}lieux/{lieu.id}.md", lieu.nom, "lieu.html",
                               {} if paresseuses else vue(),
                               _description_lieu(lieu, catalogue.commune_du_lieu(lieu), lg),
                               langue=lg.code, faire_contexte=vue if paresseuses else None)

        if gardees is None:
            pages.append(page_du_lieu())
            continue
        cle = f"lieu:{lieu.id}"
        pages.append(gardees.page(f"{pre}lieux/{lieu.id}.md", (
            _Objet(lieu), _Objet(catalogue.partenaires.get(lieu.partenaire)), sections.get(cle),
            catalogue.fichiers.get(cle), reglages, lg.code, catalogue.aujourdhui,
            _Objet(catalogue.communes)), page_du_lieu))
    for partenaire in catalogue.partenaires.values():
        pages.append(PageGeneree(f"{pre}partenaires/{partenaire.id}.md", partenaire.nom,
                                 "partenaire.html",
                                 vue_partenaire(partenaire, catalogue, reglages,
                                                sections.get(f"partenaire:{partenaire.id}")),
                                 _("Les lieux d'accueil de {nom}.").format(nom=partenaire.nom),
                                 langue=lg.code))
    # A commune's page lists the places there and, without a premier accueil among them,
    # the nearest ones elsewhere: it is kept when these are the same records.
    premiers = None if gardees is None else gardees.jeton(
        "premier_accueil", catalogue.premier_accueil_situes)
    for commune in communes:
        def page_commune(commune: Commune = commune) -> PageGeneree:
            return PageGeneree(f"{pre}communes/{commune.code_insee}.md", commune.nom,
                               "commune.html", vue_commune(commune, catalogue),
                               _("Où être accueilli et aidé à {commune} et autour.").format(
                                   commune=commune.nom), langue=lg.code)

        if gardees is None:
            pages.append(page_commune())
            continue
        code = commune.code_insee
        pages.append(gardees.page(f"{pre}communes/{code}.md", (
            _Objet(commune), _Objets(tuple(catalogue.lieux_par_commune.get(code, ()))),
            _Objets(tuple(catalogue.permanences_par_commune.get(code, ()))), premiers,
            lg.code), page_commune))
    pages.append(page_recherche(catalogue, lg))
    pages.append(page_carte(catalogue, reglages, pro, lg))
    if lg.source:
        pages += pages_carte_communes(catalogue)
        pages.append(page_donnees(reglages, catalogue.aujourdhui))
    else:
        pages.append(page_urgences(lg))
    for cat, label, _n in categories:
        pages.append(PageGeneree(f"{pre}themes/{cat}.md", _(label), "theme.html", {
            "categorie": cat, "label": _(label), **vue_theme(catalogue, cat),
        }, _("Les lieux d'accueil pour : {theme}.").format(theme=_(label)), langue=lg.code))
    return pages


LIEUX_PAR_THEME = 100
"""A theme page lists its places as cards up to this number (a card is about 450 bytes of
HTML): a person scans them on a phone, and the page stays light. Above, in a guide of
thousands of places, a card list would weigh a megabyte: the page lists the communes where
the theme has places, each with its number, leading to the commune's page, and the search
with the theme chosen."""


def vue_theme(catalogue: Catalogue, categorie: str) -> dict[str, Any]:
    """What a theme page lists: its places (`lieux`), or, when they are more than
    `LIEUX_PAR_THEME`, the communes where they are (`communes`: (commune, number))."""
    lieux = catalogue.lieux_par_categorie[categorie]
    if len(lieux) <= LIEUX_PAR_THEME:
        return {"lieux": lieux, "communes": [], "nombre": len(lieux)}
    par_commune: Counter[str] = Counter(lieu.code_insee for lieu in lieux)
    communes = sorted(((catalogue.communes[code], n) for code, n in par_commune.items()
                       if code in catalogue.communes),
                      key=lambda c: (cle_tri(c[0].nom), c[0].code_insee))
    return {"lieux": [], "communes": communes, "nombre": len(lieux)}


def page_urgences(langue: Langue) -> PageGeneree:
    """The emergency numbers in another language (the French page is editorial:
    ressources/urgences.md, with the département's own numbers)."""
    _ = langue.gettext
    return PageGeneree(f"{langue.prefixe}urgences.md", _("Numéros d'urgence"), "urgences.html", {
        "urgences": [(numero, lien, _(quoi)) for numero, lien, quoi in URGENCES],
    }, _("Les numéros d'urgence et d'écoute, gratuits, jour et nuit."), dans_menu=True,
        langue=langue.code)


def options_des_filtres(catalogue: Catalogue) -> dict[str, list[tuple[str, str]]]:
    """The choices of each list filter (`filtres.FILTRES`), for the map and the search:
    the values places hold, in display order; a universal value (« tous publics ») is the
    empty choice, not an option."""
    universels = {f.universel for f in FILTRES if f.universel}
    publics = sorted({p for lieu in catalogue.lieux.values()
                      for p in catalogue.publics_du_lieu(lieu)} - universels)
    communes = sorted((catalogue.communes[c] for c in catalogue.lieux_par_commune
                       if c in catalogue.communes), key=lambda c: cle_tri(c.nom))
    return {
        "categorie": [(cat, label) for cat, label, _n in categories_presentes(catalogue)],
        "public": [(p, PUBLIC_LABELS.get(p, p)) for p in publics],
        "commune": [(c.code_insee, c.nom) for c in communes],
    }


def options_traduites(options: dict[str, list[tuple[str, str]]], langue: Langue
                      ) -> dict[str, list[tuple[str, str]]]:
    """The filters' choices with their labels in `langue` (communes keep their names)."""
    return {cle: [(valeur, libelle if cle == "commune" else langue.gettext(libelle))
                  for valeur, libelle in choix] for cle, choix in options.items()}


def page_recherche(catalogue: Catalogue, langue: Langue | None = None) -> PageGeneree:
    """The search page: Pagefind's index, our filters, and links for visitors without JS."""
    lg = langue or langue_du_guide(LANGUE_SOURCE)
    _ = lg.gettext
    options = options_traduites(options_des_filtres(catalogue), lg)
    return PageGeneree(f"{lg.prefixe}recherche/index.md", _("Rechercher un lieu d'accueil"),
                       "recherche.html", {
        "categories": options["categorie"],
        "filtres": filtres_de("recherche"),
        "options": options,
        "filtres_json": filtres_json("recherche", DRAPEAUX),
        "communes": [(c.code_insee, c.nom) for c in catalogue.communes_desservies],
        "url_themes": "../#par-theme",
        "url_communes": "../communes/",
        **({} if lg.source else {"fichier_lieux": fichier_lieux(lg.code)}),
    }, _("Chercher un lieu d'accueil par besoin, par commune, ouvert maintenant, sans "
         "rendez-vous."), dans_menu=True, indexee=False, langue=lg.code)


def page_carte(catalogue: Catalogue, reglages: Reglages, pro: bool = False,
               langue: Langue | None = None) -> PageGeneree:
    """The map: public GeoJSON in the guide, the professional one (referents) in the pro build.

    Its list for visitors without JavaScript names the communes, each with its number of
    places and a link to its own list (`pages_carte_communes`): the page keeps the same
    weight at 10,000 places as at 100. The script replaces it with the list of the places.
    """
    lg = langue or langue_du_guide(LANGUE_SOURCE)
    _ = lg.gettext
    communes = sorted((catalogue.communes[c] for c in catalogue.lieux_par_commune
                       if c in catalogue.communes), key=lambda c: cle_tri(c.nom))
    return PageGeneree(f"{lg.prefixe}carte/index.md", _("Carte des lieux d'accueil"),
                       "carte.html", {
        "lieux": catalogue.lieux_tries,
        "filtres": filtres_de("carte"),
        "options": options_traduites(options_des_filtres(catalogue), lg),
        "filtres_json": filtres_json("carte", DRAPEAUX),
        "par_commune": [(c, len(catalogue.lieux_par_commune[c.code_insee])) for c in communes],
        # A place of a commune the table does not know (none once validated): listed here.
        "hors_communes": [lieu for lieu in catalogue.lieux_tries
                          if lieu.code_insee not in catalogue.communes],
        # One file for every language, beside the French map.
        "points": FICHIER_CARTE_PRO if pro else FICHIER_CARTE if lg.source
        else f"../../{URL_CARTE}/{FICHIER_CARTE}",
        "fond": fond_de_carte(reglages.tuiles, reglages.site_url),
        "attribution": reglages.attribution,
        "zoom_max": reglages.zoom_max,
    }, _("La carte des lieux d'accueil, avec la même liste pour qui ne peut pas voir la "
         "carte."), dans_menu=True, langue=lg.code)


def pages_carte_communes(catalogue: Catalogue) -> list[PageGeneree]:
    """One list of the map's places per commune (carte/<code INSEE>/), for visitors without
    JavaScript: every place located there, whoever it receives (the commune's own page
    shows only the places that receive its inhabitants)."""
    pages = []
    for code, lieux in catalogue.lieux_par_commune.items():
        commune = catalogue.communes.get(code)
        if commune is None:
            continue
        pages.append(PageGeneree(
            f"carte/{code}.md", f"Carte : lieux d'accueil à {commune.nom}",
            "carte-commune.html", {"commune": commune,
                                   "lieux": lieux},
            f"Les lieux d'accueil situés à {commune.nom}, tels que la carte les montre.",
            indexee=False))
    return pages


def page_donnees(reglages: Reglages, produit_le: dt.date) -> PageGeneree:
    return PageGeneree(f"{DOSSIER_DONNEES}/index.md", "Données ouvertes", "donnees.html", {
        "fichiers": descriptions_dict(),
        "licence": LICENCE_NOM,
        "licence_url": LICENCE_URL,
        "source": reglages.source_donnees,
        "produit_le": produit_le,
    }, "Les lieux d'accueil du guide en données ouvertes : GeoJSON, CSV, data·inclusion.",
        dans_menu=True, alternatives=False)


def pages_professionnelles(catalogue: CataloguePro, reglages: Reglages
                           ) -> tuple[list[PageGeneree], dict[str, Any], RapportCouverture]:
    """The pages only the pro build has (fiches de liaison, coverage, quality), the coverage
    JSON and the coverage analysis itself, made once for the page, its map and its CSV."""
    rapport = rapport_couverture(catalogue.public, reglages.seuil_km)
    pages, couverture = pages_pro(catalogue, rapport, reglages.tuiles, reglages.attribution)
    generees = [PageGeneree(f"{p.url}index.md", p.titre, p.gabarit, p.contexte,
                            dans_menu=p.url in ("couverture/", "qualite/"), indexee=False,
                            segment_variable=p.segment_variable)
                for p in pages]
    return generees, couverture, rapport


def _description_lieu(lieu: LieuPublic, commune: Commune | None, langue: Langue) -> str:
    description = traduction_du_lieu(lieu, langue.code).get("description") or lieu.description
    if description:
        first = description.strip().split("\n", 1)[0]
        return first if len(first) <= 200 else first[:197] + "..."
    if commune:
        return langue.gettext("{nom} à {commune} : horaires, adresse, téléphone.").format(
            nom=lieu.nom, commune=commune.nom)
    return langue.gettext("{nom} : horaires, adresse, téléphone.").format(nom=lieu.nom)


def traduction_du_lieu(lieu: LieuPublic, langue: str) -> dict[str, Any]:
    """The record's own translation of its free text into `langue` (its `traductions:`
    block), empty when it gives none: the French text is then shown, marked French."""
    if langue == LANGUE_SOURCE or not lieu.traductions:
        return {}
    traduction = lieu.traductions.get(langue)
    return {} if traduction is None else traduction.model_dump(exclude_none=True)


def donnees_recherche(catalogue: Catalogue, communes: Iterable[Commune]) -> dict[str, Any]:
    """The small JSON the home page's script reads: communes by name and postcode, and the
    points for "near me". Only public fields, whatever the variant."""
    return {
        "communes": [[c.code_insee, c.nom, list(c.codes_postaux)] for c in communes],
        "lieux": [
            [lieu.id, lieu.nom, catalogue.communes[lieu.code_insee].nom
             if lieu.code_insee in catalogue.communes else "",
             round(lieu.coordonnees.latitude, 5), round(lieu.coordonnees.longitude, 5),
             1 if lieu.premier_accueil else 0]
            for lieu in catalogue.lieux.values() if lieu.coordonnees is not None
        ],
    }

