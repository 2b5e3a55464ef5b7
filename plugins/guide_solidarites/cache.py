"""A cache of validated records, so that an unchanged file is not parsed and validated again.

An entry is keyed by the file's content (a hash of its bytes) and holds what reading and
validating it gave: the document (data and positions) and the validated record, per model
and automatic keys (the identity taken from the folder and file names). Only files without
any problem are kept: a file with a problem is read again on every run, so that problems
are always reported by the same code, and cross-record checks run on every run anyway.

The whole cache of one tree is one file under `.cache/guide-solidarites/` beside the
annuaire (ignored by git, safe to delete). It is valid for one code version only: the
package version plus a hash of the package's source and data, Python's and pydantic's
versions; any change makes a new, empty cache. The file is signed with a random key kept
in the same folder: a truncated, foreign or tampered file fails the check and is ignored,
never unpickled.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import pickle
import secrets
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pydantic

from . import __version__

if TYPE_CHECKING:
    from pydantic import BaseModel

DOSSIER_CACHE = Path(".cache") / "guide-solidarites"
_MAGIC = b"GSCACHE1"
_TAILLE_CLE = 32
_TAILLE_SIGNATURE = hashlib.sha256().digest_size
_PACKAGE = Path(__file__).resolve().parent

# The parts of a document that reading it computes (its path is the current one).
_ETAT = ("data", "valeurs", "cles", "booleens", "nombres", "tirets")


SANS_CACHE = "GUIDE_SANS_CACHE"
"""Environment variable: "1" reads and validates every file again (to compare, or to rule
the cache out)."""


def dossier_cache(racine: Path) -> Path | None:
    """Where the cache of the annuaire `racine` lives: beside it, in the repository (None:
    no cache)."""
    if os.environ.get(SANS_CACHE) == "1":
        return None
    return racine.resolve().parent / DOSSIER_CACHE


@functools.cache
def version_code() -> str:
    """What the cached records depend on: a change to any of it invalidates the cache."""
    h = hashlib.sha256()
    for part in (__version__, sys.version, pydantic.VERSION):
        h.update(part.encode() + b"\0")
    for chemin in sorted(_PACKAGE.rglob("*")):
        if "__pycache__" in chemin.parts or not chemin.is_file():
            continue
        h.update(str(chemin.relative_to(_PACKAGE)).encode() + b"\0")
        h.update(chemin.read_bytes() + b"\0")
    return h.hexdigest()


def empreinte(raw: bytes) -> bytes:
    """The key of a file's content."""
    return hashlib.blake2b(raw, digest_size=20).digest()


def _cle_modele(model: type[BaseModel], auto: dict[str, str]) -> tuple[str, ...]:
    return (model.__module__, model.__qualname__, *sorted(f"{k}={v}" for k, v in auto.items()))


class CacheFiches:
    """The validated records of one tree (public or professional), for one run.

    Documents are typed `Any`: loader.py imports this module, not the other way round."""

    def __init__(self, dossier: Path, racine: Path) -> None:
        self.dossier = dossier
        nom = hashlib.sha256(str(racine.resolve()).encode()).hexdigest()[:16]
        self.fichier = dossier / f"fiches-{nom}.bin"
        self._anciennes: dict[bytes, bytes] = {}
        self._gardees: dict[bytes, bytes] = {}
        self._modifie = False
        self.lues = 0
        """Entries found this run (for the benchmark and the tests)."""
        self._cle = self._lire_cle()
        if self._cle is not None:
            self._anciennes = self._charger()

    def _lire_cle(self) -> bytes | None:
        chemin = self.dossier / "cle"
        try:
            self.dossier.mkdir(parents=True, exist_ok=True)
            try:
                fd = os.open(chemin, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                cle = chemin.read_bytes()
                if len(cle) == _TAILLE_CLE:
                    return cle
                # A damaged key: a new one, and every entry signed with the old is dropped.
                chemin.unlink()
                fd = os.open(chemin, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            cle = secrets.token_bytes(_TAILLE_CLE)
            with os.fdopen(fd, "wb") as sortie:
                sortie.write(cle)
            return cle
        except OSError:
            # A read-only checkout, a concurrent run...: no cache, the same results.
            return None

    def _signature(self, payload: bytes) -> bytes:
        assert self._cle is not None
        return hmac.new(self._cle, payload, hashlib.sha256).digest()

    def _charger(self) -> dict[bytes, bytes]:
        try:
            contenu = self.fichier.read_bytes()
        except OSError:
            return {}
        debut = len(_MAGIC) + _TAILLE_SIGNATURE
        if not contenu.startswith(_MAGIC) or len(contenu) <= debut:
            return {}
        signature, payload = contenu[len(_MAGIC):debut], contenu[debut:]
        # Only a file this machine signed is unpickled: never a truncated or foreign one.
        if not hmac.compare_digest(signature, self._signature(payload)):
            return {}
        try:
            version, entrees = pickle.loads(payload)
        except Exception:  # noqa: BLE001 - signed but unreadable: as good as absent
            return {}
        if version != version_code() or not isinstance(entrees, dict):
            return {}
        return entrees

    def document(self, cle: bytes, doc: Any, raw: bytes) -> bool:
        """Fill `doc` (a new document of a file) from the cache, if its content is there."""
        blob = self._gardees.get(cle) or self._anciennes.get(cle)
        if blob is None:
            return False
        try:
            etat, a_texte, records = pickle.loads(blob)
            texte = None
            if a_texte:
                texte = raw.decode("utf-8")
                if "\r" in texte:
                    texte = texte.replace("\r\n", "\n").replace("\r", "\n")
            for nom, valeur in zip(_ETAT, etat, strict=True):
                setattr(doc, nom, valeur)
        except Exception:  # noqa: BLE001 - an entry that does not load is read again
            return False
        doc.texte = texte
        doc.empreinte = cle
        doc.en_cache = records
        self._gardees[cle] = blob
        self.lues += 1
        return True

    def record(self, doc: Any, model: type[BaseModel], auto: dict[str, str]
               ) -> BaseModel | None:
        """The validated record of a document read from the cache, for this model."""
        records = doc.en_cache or {}
        record = records.get(_cle_modele(model, auto))
        return record if isinstance(record, model) else None

    def stocker(self, doc: Any, model: type[BaseModel], auto: dict[str, str],
                record: BaseModel) -> None:
        """Keep a document read and validated without any problem."""
        if doc.empreinte is None:
            return
        records = dict(doc.en_cache or {})
        records[_cle_modele(model, auto)] = record
        etat = tuple(getattr(doc, nom) for nom in _ETAT)
        try:
            blob = pickle.dumps((etat, doc.texte is not None, records),
                                protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - a record that cannot be kept is validated again
            return
        self._gardees[doc.empreinte] = blob
        self._modifie = True

    def enregistrer(self) -> None:
        """Write the entries of this run (those of files gone or changed are dropped)."""
        if self._cle is None:
            return
        if not self._modifie and self._gardees.keys() == self._anciennes.keys():
            return
        payload = pickle.dumps((version_code(), self._gardees), protocol=pickle.HIGHEST_PROTOCOL)
        contenu = _MAGIC + self._signature(payload) + payload
        try:
            # Written aside, then renamed: a reader sees the old file or the new one, whole.
            fd, tmp = tempfile.mkstemp(dir=self.dossier, prefix=".fiches-")
            try:
                with os.fdopen(fd, "wb") as sortie:
                    sortie.write(contenu)
                os.replace(tmp, self.fichier)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            return


class CacheTextes:
    """Texts computed from a text (a QR code's SVG from its address), kept between runs in
    one signed file of the cache folder, as the records are. `nom` names the file and what
    the texts depend on besides the code (a library's version)."""

    def __init__(self, dossier: Path, nom: str) -> None:
        # The key and the checks of CacheFiches; the entries are plain texts.
        self._fiches = CacheFiches.__new__(CacheFiches)
        self._fiches.dossier = dossier
        self._fiches.fichier = dossier / f"{nom}.bin"
        self._fiches._anciennes, self._fiches._gardees = {}, {}
        self._fiches._modifie, self._fiches.lues = False, 0
        self._fiches._cle = self._fiches._lire_cle()
        if self._fiches._cle is not None:
            self._fiches._anciennes = self._fiches._charger()

    def get(self, cle: str) -> str | None:
        blob = self._fiches._gardees.get(cle.encode()) or self._fiches._anciennes.get(
            cle.encode())
        if blob is None:
            return None
        self._fiches._gardees[cle.encode()] = blob
        return blob.decode("utf-8")

    def set(self, cle: str, texte: str) -> None:
        self._fiches._gardees[cle.encode()] = texte.encode("utf-8")
        self._fiches._modifie = True

    def enregistrer(self) -> None:
        """Write the entries used or made this run (the others are dropped)."""
        self._fiches.enregistrer()


def ouvrir(dossier: Path | None, racine: Path) -> CacheFiches | None:
    """The cache of `racine` under `dossier`, or None when there is no cache folder."""
    # A missing annuaire is reported as such; no cache folder is made for it.
    return CacheFiches(dossier, racine) if dossier is not None and racine.is_dir() else None

