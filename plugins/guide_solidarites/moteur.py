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
import hashlib
import logging
import re
import shutil
import sys
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


# --- The same pages ------------------------------------------------------------------------


_PARTIE = re.compile(r"^pagefind/parties/[0-9]+/")


def variable(chemin: str) -> bool:
    """Files whose bytes vary from one run of Pagefind 1.5.2 to the next (search.py): the
    values inside filter chunks come in hash-map order, and the files naming those chunks
    with them, in each part of the index. Every other file of two builds of one annuaire
    is the same."""
    chemin = _PARTIE.sub("pagefind/", chemin)
    return (chemin.startswith("pagefind/filter/") or chemin == "pagefind/pagefind-entry.json"
            or (chemin.startswith("pagefind/pagefind.") and chemin.endswith(".pf_meta")))


# The theme names the engine that built the page: "mkdocs-1.6.1" or "mkdocs-ProperDocs 1.6.7";
# the service worker's version is a digest of every page (hors_ligne.py), so it follows.
_GENERATEUR = re.compile(rb'<meta name="generator" content="[^"]*">')
_VERSION_SW = re.compile(rb'^var VERSION = "[0-9a-f]+";$', re.M)


def empreintes(site: Path, *, sans_generateur: bool = False) -> dict[str, str]:
    """Every file of a built site: its path -> a hash of its bytes ("*" for `variable`)."""
    fichiers = {}
    for chemin in sorted(site.rglob("*")):
        if chemin.is_file():
            nom = chemin.relative_to(site).as_posix()
            if variable(nom):
                fichiers[nom] = "*"
                continue
            contenu = chemin.read_bytes()
            if sans_generateur and nom.endswith(".html"):
                contenu = _GENERATEUR.sub(b"", contenu)
            elif sans_generateur and nom == "sw.js":
                contenu = _VERSION_SW.sub(b"", contenu)
            fichiers[nom] = hashlib.sha256(contenu).hexdigest()
    return fichiers


def differences(a: Path, b: Path, *, sans_generateur: bool = False) -> list[str]:
    """What differs between two built sites (files missing on either side, files whose
    bytes differ), in French; empty when they are the same site."""
    ea = empreintes(a, sans_generateur=sans_generateur)
    eb = empreintes(b, sans_generateur=sans_generateur)
    # Pagefind's variable files are counted, not named: their names are hashes too.
    fixes_a = {k for k in ea if not variable(k)}
    fixes_b = {k for k in eb if not variable(k)}
    lignes = [f"seulement dans {a} : {k}" for k in sorted(fixes_a - fixes_b)]
    lignes += [f"seulement dans {b} : {k}" for k in sorted(fixes_b - fixes_a)]
    nombre_a, nombre_b = len(ea) - len(fixes_a), len(eb) - len(fixes_b)
    if nombre_a != nombre_b:
        lignes.append(f"index de recherche : {nombre_a} fichiers variables contre {nombre_b}")
    lignes += [f"contenu différent : {k}" for k in sorted(fixes_a & fixes_b) if ea[k] != eb[k]]
    return lignes


def main(argv: Sequence[str] | None = None) -> int:
    """python -m guide_solidarites.moteur SITE_A SITE_B [--sans-generateur]: the CI check
    that two engines (MkDocs, properdocs) wrote the same pages."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m guide_solidarites.moteur",
                                     description="comparer deux sites construits")
    parser.add_argument("a", type=Path)
    parser.add_argument("b", type=Path)
    parser.add_argument("--sans-generateur", action="store_true",
                        help="ignorer la balise <meta name=generator> (le nom du moteur) et la "
                        "version du service worker (qui en dépend)")
    args = parser.parse_args(argv)
    lignes = differences(args.a, args.b, sans_generateur=args.sans_generateur)
    for ligne in lignes[:50]:
        print(ligne, file=sys.stderr)
    if lignes:
        print(f"{len(lignes)} différence(s) entre {args.a} et {args.b}.", file=sys.stderr)
        return 1
    print(f"{args.a} et {args.b} : les mêmes pages.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
