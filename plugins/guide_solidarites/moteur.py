"""`guide construire`: both variants of the guide in one process, what they share made once.

The public guide and the professional directory are two MkDocs builds of the same annuaire.
Run one after the other in one process, the second reuses what the first made from the
public records: the loaded and validated public tree (the professional tree is read on a
copy of it, so the public build never holds professional data), the public catalogue and
the open-data files. Each build is still MkDocs' own, with its plugins and theme: the files
are those `mkdocs build -f mkdocs.yml` and `-f mkdocs.pro.yml` write (tests/test_moteur.py).

What is shared is keyed by what made it (annuaire folder, date, options) and checked
against the records of the build that asks for it: a second build whose records differ
makes its own.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import shutil
import tempfile
from collections.abc import Callable, Hashable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .catalogue import Catalogue
    from .loader import Charge

log = logging.getLogger("mkdocs.plugins.guide_solidarites")


def _memes_fiches(a: Charge | Catalogue, b: Charge | Catalogue) -> bool:
    # The same objects when shared: dict comparison checks identity first.
    return a.partenaires == b.partenaires and a.lieux == b.lieux


class Partage:
    """What the builds of one `guide construire` share (None outside of it)."""

    def __init__(self) -> None:
        self._charges: dict[Hashable, Charge] = {}
        self._catalogues: dict[Hashable, Catalogue] = {}
        self._exports: dict[Hashable, tuple[Catalogue, Path]] = {}
        self._dossier = Path(tempfile.mkdtemp(prefix="guide-construire-"))
        self.reprises: list[str] = []
        """What was reused, in order (for the log and the tests)."""

    def fermer(self) -> None:
        shutil.rmtree(self._dossier, ignore_errors=True)

    def charge_publique(self, cle: Hashable, charger: Callable[[], Charge]) -> Charge:
        """The public tree read once; each caller gets its own copy (validation.valider
        runs the checks across records on it)."""
        if cle in self._charges:
            self.reprises.append("lecture")
        else:
            self._charges[cle] = charger()
        return copie_publique(self._charges[cle])

    def catalogue(self, cle: Hashable, charge: Charge, faire: Callable[[], Catalogue]
                  ) -> Catalogue:
        ancien = self._catalogues.get(cle)
        if ancien is not None and _memes_fiches(ancien, charge):
            self.reprises.append("catalogue")
            return ancien
        self._catalogues[cle] = catalogue = faire()
        return catalogue

    def exports(self, cle: Hashable, catalogue: Catalogue, dest: Path,
                ecrire: Callable[[Path], None]) -> None:
        """The open-data files into `dest`: written once, copied for the other builds."""
        deja = self._exports.get(cle)
        if deja is not None and _memes_fiches(deja[0], catalogue):
            self.reprises.append("exports")
        else:
            dossier = self._dossier / f"exports-{len(self._exports)}"
            ecrire(dossier)
            deja = self._exports[cle] = (catalogue, dossier)
        shutil.copytree(deja[1], dest, dirs_exist_ok=True)


def copie_publique(charge: Charge) -> Charge:
    """A charge with the same public records and its own containers for what the reading
    of the professional tree adds, so that reading it leaves `charge` as it was."""
    return dataclasses.replace(
        charge, problems=list(charge.problems), racine_pro=None, pro_partenaires={},
        pro_lieux={}, documents_pro={}, homonymes=list(charge.homonymes))


_PARTAGE: Partage | None = None


def partage() -> Partage | None:
    """The sharing of the `guide construire` running in this process, if any."""
    return _PARTAGE


@contextmanager
def partager() -> Iterator[Partage]:
    global _PARTAGE
    precedent, _PARTAGE = _PARTAGE, Partage()
    try:
        yield _PARTAGE
    finally:
        _PARTAGE.fermer()
        _PARTAGE = precedent


@dataclasses.dataclass(frozen=True)
class Resultat:
    config: Path
    site: Path
    secondes: float


def construire(configs: Sequence[Path], *, strict: bool = False,
               dirty: bool = False) -> tuple[list[Resultat], list[str]]:
    """Build each MkDocs configuration in turn, sharing what they have in common.

    Raises what `mkdocs build` raises (mkdocs.exceptions.Abort, ConfigurationError...) at
    the first build that fails; the sites already built stay built."""
    import time

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    resultats = []
    with partager() as commun:
        for chemin in configs:
            debut = time.perf_counter()
            config = load_config(config_file=str(chemin), strict=strict or None)
            config.plugins.on_startup(command="build", dirty=dirty)
            try:
                build(config, dirty=dirty)
            finally:
                config.plugins.on_shutdown()
            resultats.append(Resultat(chemin, Path(config.site_dir),
                                      time.perf_counter() - debut))
        return resultats, list(commun.reprises)


def cle_partage(*parties: Any) -> Hashable:
    """A key from paths (resolved), dates and options."""
    return tuple(str(p.resolve()) if isinstance(p, Path) else
                 p.isoformat() if isinstance(p, dt.date) else p for p in parties)
