"""Validated records -> the catalogue: links resolved, indexes built, one type per variant.

`Catalogue` holds public records only (`LieuPublic`, `PartenairePublic`): everything
public (pages, search index, GeoJSON, CSV, data·inclusion) is made from it, so no
template can print what it never got. `CataloguePro` is the professional directory's:
the same public catalogue, and beside it each record's `InfosPro` from the professional
tree. It is a different type, not a richer `Catalogue`, so passing it to a public output
is a type error before it is a leak.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Any, Literal, overload

from .communes import Commune, load_communes
from .geo import PointIndex, communes_eligibles, haversine_km
from .loader import Charge
from .models import LieuPro, LieuPublic, PartenairePro, PartenairePublic
from .vocab import categorie


class Variante(StrEnum):
    PUBLIC = "public"
    PRO = "pro"


@dataclass(frozen=True, slots=True)
class Proche:
    """A reception point and its straight-line distance from somewhere."""

    lieu: LieuPublic
    km: float


@dataclass
class Catalogue:
    """The public records, with their indexes: what anyone may read."""

    partenaires: dict[str, PartenairePublic]
    lieux: dict[str, LieuPublic]
    # Where each record's file lives, relative to the annuaire's parent: edit links.
    fichiers: dict[str, str]
    communes: dict[str, Commune]
    aujourdhui: dt.date = field(default_factory=dt.date.today)

    # --- indexes ---------------------------------------------------------------------------

    def _par(self, cle: Callable[[LieuPublic], str]) -> dict[str, list[LieuPublic]]:
        """The places in name order, grouped by `cle`."""
        index: dict[str, list[LieuPublic]] = defaultdict(list)
        for lieu in self.lieux_tries:
            index[cle(lieu)].append(lieu)
        return dict(index)

    @cached_property
    def lieux_par_partenaire(self) -> dict[str, list[LieuPublic]]:
        return self._par(lambda lieu: lieu.partenaire)

    @cached_property
    def lieux_par_commune(self) -> dict[str, list[LieuPublic]]:
        """Reception points located in each commune (INSEE code)."""
        return self._par(lambda lieu: lieu.code_insee)

    @cached_property
    def permanences_par_commune(self) -> dict[str, list[LieuPublic]]:
        """Reception points holding a *permanence* in each commune (other than their own)."""
        index: dict[str, list[LieuPublic]] = defaultdict(list)
        for lieu in self.lieux_tries:
            for code in dict.fromkeys(p.code_insee for p in lieu.permanences):
                if code != lieu.code_insee:
                    index[code].append(lieu)
        return dict(index)

    @cached_property
    def lieux_par_categorie(self) -> dict[str, list[LieuPublic]]:
        """Reception points per theme category, through their own themes or their services'."""
        index: dict[str, list[LieuPublic]] = defaultdict(list)
        for lieu in self.lieux_tries:
            for cat in self.categories_du_lieu(lieu):
                index[cat].append(lieu)
        return dict(sorted(index.items()))

    def categories_du_lieu(self, lieu: LieuPublic) -> list[str]:
        themes = list(lieu.thematiques)
        for service in lieu.services:
            themes += service.thematiques
        return list(dict.fromkeys(categorie(t) for t in themes))

    def publics_du_lieu(self, lieu: LieuPublic) -> list[str]:
        publics = list(lieu.publics)
        for service in lieu.services:
            publics += service.publics
        return list(dict.fromkeys(publics))

    @cached_property
    def communes_desservies(self) -> list[Commune]:
        """Communes with at least one reception point or permanence, by name."""
        codes = self.lieux_par_commune.keys() | self.permanences_par_commune.keys()
        return sorted((self.communes[c] for c in codes if c in self.communes),
                      key=lambda c: c.nom)

    @cached_property
    def departements(self) -> list[str]:
        return sorted({self.communes[lieu.code_insee].departement
                       for lieu in self.lieux.values() if lieu.code_insee in self.communes})

    # --- eligibility ------------------------------------------------------------------------

    @cached_property
    def _zones(self) -> dict[str, frozenset[str] | None]:
        # Resolved once per place: a département code expands to hundreds of communes.
        return {lieu.id: communes_eligibles(lieu.zone_eligibilite, self.communes)
                for lieu in self.lieux.values()}

    def communes_servies(self, lieu: LieuPublic) -> frozenset[str] | None:
        """INSEE codes of the communes whose inhabitants the place receives; None: everyone."""
        if lieu.id in self._zones:
            return self._zones[lieu.id]
        return communes_eligibles(lieu.zone_eligibilite, self.communes)

    def sert(self, lieu: LieuPublic, code_insee: str) -> bool:
        """Whether someone living in that commune may go to that place (zone_eligibilite)."""
        zone = self.communes_servies(lieu)
        return zone is None or code_insee in zone

    def zone_en_clair(self, zone: list[str] | None) -> list[str]:
        """A zone_eligibilite as people read it: "Sablé-sur-Sarthe (72264)", "département 72";
        empty for everyone."""
        noms = []
        for code in zone or []:
            commune = self.communes.get(code)
            if commune is not None:
                noms.append(f"{commune.nom} ({code})")
            elif code == "france":
                noms.append("toute la France")
            else:
                noms.append(f"département {code}")
        return noms

    @cached_property
    def premier_accueil_situes(self) -> list[LieuPublic]:
        """The premier accueil points that have coordinates (those `premier_accueil_proche`
        may offer)."""
        return [lieu for lieu in self.lieux.values()
                if lieu.premier_accueil and lieu.coordonnees is not None]

    @cached_property
    def _index_premier_accueil(self) -> PointIndex[str]:
        return PointIndex(
            (lieu.id, lieu.coordonnees.latitude, lieu.coordonnees.longitude)
            for lieu in self.premier_accueil_situes if lieu.coordonnees is not None
        )

    def premier_accueil_proche(self, commune: Commune, k: int = 1) -> list[Proche]:
        """The nearest *premier accueil* points to a commune's town hall that receive its
        inhabitants: a CCAS serving only its own commune is never offered to another one."""
        if not commune.a_coordonnees:
            return []
        assert commune.latitude is not None and commune.longitude is not None
        return self.premier_accueil_pres_de(commune.latitude, commune.longitude,
                                            commune.code_insee, k)

    def premier_accueil_pres_de(self, latitude: float, longitude: float,
                                habite: str | None, k: int = 1) -> list[Proche]:
        """The nearest *premier accueil* points to a position (a phone's, say) that receive
        someone living in commune `habite` (INSEE code); with None, where the person lives
        is unknown, so only places open to everyone are offered."""
        if not len(self._index_premier_accueil):
            return []
        # Asking for every point keeps this exact whatever the zones exclude; a département
        # has tens of such points, not thousands.
        voisins = self._index_premier_accueil.nearest(latitude, longitude,
                                                      len(self._index_premier_accueil))
        eligibles = []
        for v in voisins:
            lieu = self.lieux[v.id]
            if (self.sert(lieu, habite) if habite is not None
                    else self.communes_servies(lieu) is None):
                eligibles.append(Proche(lieu, v.km))
        return eligibles[:k]

    def distance_km(self, lieu: LieuPublic, commune: Commune) -> float | None:
        if lieu.coordonnees is None or not commune.a_coordonnees:
            return None
        assert commune.latitude is not None and commune.longitude is not None
        return haversine_km(lieu.coordonnees.latitude, lieu.coordonnees.longitude,
                            commune.latitude, commune.longitude)

    def commune_du_lieu(self, lieu: LieuPublic) -> Commune | None:
        return self.communes.get(lieu.code_insee)

    def partenaire_du_lieu(self, lieu: LieuPublic) -> PartenairePublic | None:
        return self.partenaires.get(lieu.partenaire)

    def est_perime(self, record: LieuPublic | PartenairePublic) -> bool:
        return record.est_perime(self.aujourdhui)

    @cached_property
    def lieux_tries(self) -> list[LieuPublic]:
        """Every place in display order: premier accueil first (anyone can go there,
        whatever the request), then by name. Sorted once; the indexes keep this order."""
        return sorted(self.lieux.values(),
                      key=lambda lieu: (not lieu.premier_accueil, lieu.nom.lower()))


@dataclass
class CataloguePro:
    """The professional directory: the public catalogue and each record's pro file."""

    public: Catalogue
    partenaires: dict[str, PartenairePro]
    lieux: dict[str, LieuPro]
    fichiers: dict[str, str]
    """Where each pro file lives, relative to the professional tree: its edit links."""

    @property
    def aujourdhui(self) -> dt.date:
        return self.public.aujourdhui

    def partenaire(self, pid: str) -> PartenairePro | None:
        return self.partenaires.get(pid)


def _chemins(documents: dict[str, Any], base: Path) -> dict[str, str]:
    fichiers: dict[str, str] = {}
    # The loader refuses links inside a tree: a record's file resolves as its folder does,
    # and the partner folders are few (resolving each of 10,000 files took seconds).
    # Each folder's path relative to `base` is made once too (pathlib costs ~20 µs a call);
    # None: the folder is outside `base`, and its files keep their own path.
    dossiers: dict[Path, str | None] = {}
    for key, doc in documents.items():
        parent = doc.path.parent
        if parent not in dossiers:
            try:
                relatif = parent.resolve().relative_to(base).as_posix()
            except ValueError:
                relatif = None
            dossiers[parent] = None if relatif is None else (
                "" if relatif == "." else relatif + "/")
        prefixe = dossiers[parent]
        fichiers[key] = doc.path.as_posix() if prefixe is None else prefixe + doc.path.name
    return fichiers


@overload
def build_catalogue(charge: Charge, variante: Literal[Variante.PUBLIC], racine: Path,
                    communes: dict[str, Commune] | None = None,
                    aujourdhui: dt.date | None = None) -> Catalogue: ...


@overload
def build_catalogue(charge: Charge, variante: Literal[Variante.PRO], racine: Path,
                    communes: dict[str, Commune] | None = None,
                    aujourdhui: dt.date | None = None) -> CataloguePro: ...


def build_catalogue(charge: Charge, variante: Variante, racine: Path,
                    communes: dict[str, Commune] | None = None,
                    aujourdhui: dt.date | None = None) -> Catalogue | CataloguePro:
    """The catalogue of one variant: `Catalogue` (public) or `CataloguePro`."""
    public = Catalogue(
        partenaires=dict(sorted(charge.partenaires.items())),
        lieux=dict(sorted(charge.lieux.items())),
        # Public files, relative to the annuaire's parent: annuaire/<partenaire>/<lieu>.yml.
        fichiers=_chemins(charge.documents, racine.resolve().parent),
        communes=communes if communes is not None else load_communes(),
        aujourdhui=aujourdhui or dt.date.today(),
    )
    if variante is Variante.PUBLIC:
        return public
    return catalogue_pro(charge, public)


def catalogue_pro(charge: Charge, public: Catalogue) -> CataloguePro:
    """Each public record beside its pro file (None when the pro tree has none for it)."""
    fichiers = (_chemins(charge.documents_pro, charge.racine_pro.resolve())
                if charge.racine_pro is not None else {})
    return CataloguePro(
        public=public,
        partenaires={k: PartenairePro(p, charge.pro_partenaires.get(k))
                     for k, p in public.partenaires.items()},
        lieux={k: LieuPro(lieu, charge.pro_lieux.get(k)) for k, lieu in public.lieux.items()},
        fichiers=fichiers,
    )
