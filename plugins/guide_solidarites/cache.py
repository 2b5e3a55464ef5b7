"""A cache of validated records, so that an unchanged file is not read, parsed nor validated
again.

An entry is keyed by the file's content (a hash of its bytes) and holds what reading and
validating it gave: the document (data and positions) and the validated record, per model
and automatic keys (the identity taken from the folder and file names). Only files without
any problem are kept: a file with a problem is read again on every run, so that problems
are always reported by the same code, and cross-record checks run on every run anyway.
Beside the entries, an index gives each file's content key by its `stat` (times, size,
inode): an unchanged file is not even read. A file modified in the last seconds before
the run is not trusted by its `stat` (two writes within one tick of the file system's
clock leave the same times), only by its content, as git does for its index.

The whole cache of one tree is one file under `.cache/guide-solidarites/` beside the
annuaire (ignored by git, safe to delete). It is valid for one code version only: the
package version plus a hash of the package's source and data, Python's and pydantic's
versions; any change makes a new, empty cache. The file is signed with a random key kept
in the same folder: a truncated, foreign or tampered file fails the check and is ignored,
never unpickled. A process that reads the same tree again (`mkdocs serve` rebuilding)
keeps the entries it unpickled, and the same record objects, while the file is the one
it last read or wrote.

`Bilans` keeps what `guide valider` prints for a whole tree (counts and problems), keyed
by the `stat` of every entry of both trees, the date and the code: a second run on an
unchanged annuaire reads no record at all.
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
import time
import zlib
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


Stat = tuple[int, int, int, int, int]
"""What says a file is unchanged without reading it: mtime, ctime (ns), size, inode, device."""

MARGE_NS = 2_000_000_000
"""A file changed less than this before the run is trusted by its content only: file
systems date writes with a coarse clock (a few ms; FAT, 2 s)."""


def cle_stat(etat: os.stat_result) -> Stat:
    return (etat.st_mtime_ns, etat.st_ctime_ns, etat.st_size, etat.st_ino, etat.st_dev)


def _fiable(stat: Stat, debut_ns: int) -> bool:
    return max(stat[0], stat[1]) < debut_ns - MARGE_NS


class _Signe:
    """One signed file of the cache folder: a version and a dict of bytes, read once.

    The key is made on first use, readable by its owner only; a file this machine did
    not sign is never unpickled."""

    def __init__(self, dossier: Path, fichier: Path) -> None:
        self.dossier = dossier
        self.fichier = fichier
        self._cle = self._lire_cle()

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

    @property
    def actif(self) -> bool:
        return self._cle is not None

    def _signature(self, payload: bytes) -> bytes:
        assert self._cle is not None
        return hmac.new(self._cle, payload, hashlib.sha256).digest()

    def charger(self) -> Any:
        """What the file holds for this code version, or None."""
        if self._cle is None:
            return None
        try:
            contenu = self.fichier.read_bytes()
        except OSError:
            return None
        debut = len(_MAGIC) + _TAILLE_SIGNATURE
        if not contenu.startswith(_MAGIC) or len(contenu) <= debut:
            return None
        signature, payload = contenu[len(_MAGIC):debut], contenu[debut:]
        # Only a file this machine signed is unpickled: never a truncated or foreign one.
        if not hmac.compare_digest(signature, self._signature(payload)):
            return None
        try:
            version, valeur = pickle.loads(payload)
        except Exception:  # noqa: BLE001 - signed but unreadable: as good as absent
            return None
        return valeur if version == version_code() else None

    def ecrire(self, valeur: Any) -> bool:
        if self._cle is None:
            return False
        payload = pickle.dumps((version_code(), valeur), protocol=pickle.HIGHEST_PROTOCOL)
        contenu = _MAGIC + self._signature(payload) + payload
        try:
            # Written aside, then renamed: a reader sees the old file or the new one, whole.
            fd, tmp = tempfile.mkstemp(dir=self.dossier, prefix=".cache-")
            try:
                with os.fdopen(fd, "wb") as sortie:
                    sortie.write(contenu)
                os.replace(tmp, self.fichier)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            return False
        return True

    def etat_fichier(self) -> Stat | None:
        try:
            return cle_stat(self.fichier.stat())
        except OSError:
            return None


# What a process last read or wrote of each tree's cache file: (the file's stat then, the
# entries, the stat index, the entries already unpickled). A rebuild under `mkdocs serve`
# then neither reads the file again nor makes new record objects for unchanged files.
_EN_MEMOIRE: dict[Path, tuple[tuple[Stat, str], dict[bytes, bytes],
                              dict[str, tuple[Stat, bytes]], dict[bytes, Any]]] = {}


class CacheFiches:
    """The validated records of one tree (public or professional), for one run.

    Documents are typed `Any`: loader.py imports this module, not the other way round."""

    def __init__(self, dossier: Path, racine: Path) -> None:
        self.dossier = dossier
        nom = hashlib.sha256(str(racine.resolve()).encode()).hexdigest()[:16]
        self._disque = _Signe(dossier, dossier / f"fiches-{nom}.bin")
        self.fichier = self._disque.fichier
        self.debut_ns = time.time_ns()
        self._anciennes: dict[bytes, bytes] = {}
        self._index: dict[str, tuple[Stat, bytes]] = {}
        self._objets: dict[bytes, Any] = {}
        self._gardees: dict[bytes, bytes] = {}
        self._nouvel_index: dict[str, tuple[Stat, bytes]] = {}
        self._modifie = False
        self.lues = 0
        """Entries found this run (for the benchmark and the tests)."""
        self.sans_lecture = 0
        """Files found by their `stat`, without reading them (the same)."""
        if not self._disque.actif:
            return
        memoire = _EN_MEMOIRE.get(self.fichier)
        if memoire is not None and memoire[0] == (self._disque.etat_fichier(), version_code()):
            _, self._anciennes, self._index, self._objets = memoire
            return
        contenu = self._disque.charger()
        if isinstance(contenu, tuple) and len(contenu) == 2 \
                and isinstance(contenu[0], dict) and isinstance(contenu[1], dict):
            self._anciennes, self._index = contenu

    def par_stat(self, path: Path, stat: Stat) -> bytes | None:
        """The content key of a file unchanged since it was kept, known by its `stat`."""
        connu = self._index.get(str(path))
        if connu is None or connu[0] != stat or not _fiable(stat, self.debut_ns):
            return None
        return connu[1] if connu[1] in self._anciennes or connu[1] in self._gardees else None

    def document(self, cle: bytes, doc: Any, raw: bytes | None, stat: Stat | None = None
                 ) -> bool:
        """Fill `doc` (a new document of a file) from the cache, if its content is there;
        `raw` None: the file was not read (found by `par_stat`), its text is read if a
        position is ever needed."""
        blob = self._gardees.get(cle) or self._anciennes.get(cle)
        if blob is None:
            return False
        try:
            objet = self._objets.get(cle)
            if objet is None:
                objet = self._objets[cle] = pickle.loads(blob)
            etat, a_texte, records = objet
            texte = None
            if a_texte and raw is not None:
                texte = raw.decode("utf-8")
                if "\r" in texte:
                    texte = texte.replace("\r\n", "\n").replace("\r", "\n")
            for nom, valeur in zip(_ETAT, etat, strict=True):
                # The containers a document fills later (positions) are its own.
                setattr(doc, nom, valeur if nom == "data" else type(valeur)(valeur))
        except Exception:  # noqa: BLE001 - an entry that does not load is read again
            return False
        doc.texte = texte
        doc.texte_a_lire = bool(a_texte and raw is None)
        doc.empreinte = cle
        doc.en_cache = records
        self._gardees[cle] = blob
        if stat is not None:
            self._nouvel_index[str(doc.path)] = (stat, cle)
        self.lues += 1
        self.sans_lecture += raw is None
        return True

    def record(self, doc: Any, model: type[BaseModel], auto: dict[str, str]
               ) -> BaseModel | None:
        """The validated record of a document read from the cache, for this model."""
        records = doc.en_cache or {}
        record = records.get(_cle_modele(model, auto))
        return record if isinstance(record, model) else None

    def stocker(self, doc: Any, model: type[BaseModel], auto: dict[str, str],
                record: BaseModel, stat: Stat | None = None) -> None:
        """Keep a document read and validated without any problem."""
        if doc.empreinte is None:
            return
        records = dict(doc.en_cache or {})
        records[_cle_modele(model, auto)] = record
        etat = tuple(getattr(doc, nom) for nom in _ETAT)
        objet = (etat, doc.texte is not None or doc.texte_a_lire, records)
        try:
            blob = pickle.dumps(objet, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - a record that cannot be kept is validated again
            return
        self._gardees[doc.empreinte] = blob
        # The containers the document fills later are its own, not the entry's.
        self._objets[doc.empreinte] = (tuple(
            v if n == "data" else type(v)(v) for n, v in zip(_ETAT, etat, strict=True)),
            objet[1], records)
        if stat is not None:
            self._nouvel_index[str(doc.path)] = (stat, doc.empreinte)
        self._modifie = True

    def enregistrer(self) -> None:
        """Write the entries of this run (those of files gone or changed are dropped)."""
        if not self._disque.actif:
            return
        objets = {cle: self._objets[cle] for cle in self._gardees if cle in self._objets}
        if not self._modifie and self._gardees.keys() == self._anciennes.keys() \
                and self._nouvel_index == self._index:
            etat = self._disque.etat_fichier()
            if etat is not None:
                _EN_MEMOIRE[self.fichier] = ((etat, version_code()), self._anciennes,
                                             self._index, objets)
            return
        if self._disque.ecrire((self._gardees, self._nouvel_index)):
            etat = self._disque.etat_fichier()
            if etat is not None:
                _EN_MEMOIRE[self.fichier] = ((etat, version_code()), self._gardees,
                                             self._nouvel_index, objets)


class CacheTextes:
    """Texts computed from a text (a QR code's SVG from its address), kept between runs in
    one signed file of the cache folder, as the records are. `nom` names the file and what
    the texts depend on besides the code (a library's version).

    The texts are held compressed: a national guide keeps 500,000 QR codes of 2.3 KB for
    the file it writes at the end (1.2 GB as text, a quarter of that compressed), and a
    code is read back in microseconds where making it takes more than a millisecond."""

    def __init__(self, dossier: Path, nom: str) -> None:
        self._disque = _Signe(dossier, dossier / f"{nom}.bin")
        contenu = self._disque.charger()
        self._anciennes: dict[str, bytes] = contenu if isinstance(contenu, dict) else {}
        self._gardees: dict[str, bytes] = {}
        self._modifie = False

    def get(self, cle: str) -> str | None:
        serre = self._gardees.get(cle) or self._anciennes.get(cle)
        if not isinstance(serre, bytes):
            return None
        try:
            texte = zlib.decompress(serre).decode("utf-8")
        except (zlib.error, UnicodeDecodeError):
            return None
        self._gardees[cle] = serre
        return texte

    def set(self, cle: str, texte: str) -> None:
        self._gardees[cle] = zlib.compress(texte.encode("utf-8"), 6)
        self._modifie = True

    def enregistrer(self) -> None:
        """Write the entries used or made this run (the others are dropped)."""
        if self._modifie or self._gardees.keys() != self._anciennes.keys():
            self._disque.ecrire(self._gardees)


def empreinte_arbres(racines: list[Path | None], *contexte: object) -> bytes | None:
    """A key for the state of whole trees: every entry's relative name and `stat` (the
    names starting with "." are not part of an annuaire), with `contexte`. None when an
    entry changed too recently to be trusted by its `stat` (see MARGE_NS)."""
    h = hashlib.blake2b(digest_size=20)
    h.update(repr(contexte).encode() + b"\0")
    limite = time.time_ns() - MARGE_NS
    for racine in racines:
        if racine is None:
            h.update(b"-\0")
            continue
        h.update(f"{racine}\0{racine.resolve()}\0".encode())
        try:
            a_lire = [(racine.as_posix(), os.lstat(racine))]
        except OSError:
            h.update(b"absent\0")
            continue
        while a_lire:
            chemin, etat = a_lire.pop()
            cle = cle_stat(etat)
            if max(cle[0], cle[1]) >= limite:
                return None
            h.update(f"{chemin}\0{etat.st_mode}\0{cle}\0".encode())
            if not os.path.isdir(chemin) or os.path.islink(chemin):
                continue
            try:
                with os.scandir(chemin) as entrees:
                    suite = sorted((e.path, e.stat(follow_symlinks=False)) for e in entrees
                                   if not e.name.startswith("."))
            except OSError:
                h.update(b"illisible\0")
                continue
            a_lire.extend(reversed(suite))
    return h.digest()


class Bilans:
    """The last result of a whole validation of some trees, by `empreinte_arbres`: one
    signed file per pair of trees, holding one result (a new one replaces it)."""

    def __init__(self, dossier: Path, racines: list[Path | None]) -> None:
        nom = hashlib.sha256(repr([str(r.resolve()) if r else None for r in racines])
                             .encode()).hexdigest()[:16]
        self._disque = _Signe(dossier, dossier / f"bilan-{nom}.bin")

    def lire(self, cle: bytes) -> Any:
        contenu = self._disque.charger()
        if isinstance(contenu, tuple) and len(contenu) == 2 and contenu[0] == cle:
            return contenu[1]
        return None

    def ecrire(self, cle: bytes, valeur: Any) -> None:
        self._disque.ecrire((cle, valeur))


def ouvrir(dossier: Path | None, racine: Path) -> CacheFiches | None:
    """The cache of `racine` under `dossier`, or None when there is no cache folder."""
    # A missing annuaire is reported as such; no cache folder is made for it.
    return CacheFiches(dossier, racine) if dossier is not None and racine.is_dir() else None

