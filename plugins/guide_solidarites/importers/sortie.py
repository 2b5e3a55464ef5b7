"""The annuaire an import writes into: ids, files an import may rewrite, and one transaction.

An import never touches the annuaire while it reads its sources: every record is first
prepared in memory (`ecrit`), then `appliquer` writes them all into a temporary folder
beside the annuaire and moves them into place. A source file that turns out unreadable
halfway, a crash or a full disk leave the annuaire as it was.

Which files an import may rewrite is decided by a fingerprint. The importer keeps the
SHA-256 of every file it wrote in a manifest at the root of the annuaire (`MANIFESTE`);
at the next import a file whose bytes still have that fingerprint is the importer's and
is updated, any other is someone's work and is kept, reported as « modifiée localement,
conservée ». A manifest rather than a key inside each record, because:

- the fingerprint covers the whole file, the `source:` block included: a partner who
  deletes that block has changed the file, and the manifest still says which source
  record the file stands for, so the next import neither overwrites it nor makes a
  duplicate;
- the records stay free of a value partners would have to leave alone, and the model
  does not have to know about imports;
- it lives in the annuaire, so it is versioned and shared with the files it describes.
  It is a hidden file: the loader skips hidden files, as it skips `.git`.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..loader import FICHIER_PARTENAIRE, read_yaml
from .commun import Identifiants, slugify
from .ecriture import dump, dump_pro
from .lecture import TAILLE_MAX_FICHIER, ImportImpossible

PREFIXE_VERIFIE_PAR = "Import "
"""How an imported file says no person has checked it yet (`verifie_par`)."""

MANIFESTE = ".empreintes-import.json"
"""At the root of the annuaire: path -> fingerprint and source record of each imported file."""

REPRISE = "fiche reprise par un partenaire (verifie_par modifié) : laissée telle quelle"
MODIFIEE = "modifiée localement, conservée"
SANS_EMPREINTE = ("modifiée localement ou écrite avant les empreintes d'import, conservée "
                  "(supprimez le fichier pour le réimporter)")


def empreinte(contenu: bytes) -> str:
    return hashlib.sha256(contenu).hexdigest()


@dataclass(frozen=True, slots=True)
class Existant:
    """A file of the annuaire that stands for one source record."""

    dossier: str
    identifiant: str
    chemin: str
    """Relative to the annuaire, with `/`: the manifest's key."""
    importe: bool
    """Its `verifie_par` still says an import wrote it."""


@dataclass(frozen=True, slots=True)
class _Prevu:
    chemin: str
    contenu: bytes
    cle: tuple[str, str, str]


def _relatif(path: Path, racine: Path) -> str:
    return path.relative_to(racine).as_posix()


@dataclass
class Sortie:
    """Ids stay unique across the annuaire and stable from one import to the next.

    Every id already in the annuaire is reserved. A record imported before keeps its
    file, found by its `source:` block or, if that block was removed, by the manifest.
    """

    racine: Path
    ecrire_fichiers: bool = True
    racine_pro: Path | None = None
    """The professional tree, where the notes for professionals go; None: nowhere."""
    partenaires: Identifiants = field(default_factory=Identifiants)
    lieux: Identifiants = field(default_factory=Identifiants)
    ecrits: list[Path] = field(default_factory=list)
    ecrits_pro: list[Path] = field(default_factory=list)
    existants: dict[tuple[str, str, str], Existant] = field(default_factory=dict)
    avertissements: list[str] = field(default_factory=list)
    _empreintes: dict[str, dict[str, str]] = field(default_factory=dict)
    _actuelles: dict[str, str] = field(default_factory=dict)
    _sans_source: set[str] = field(default_factory=set)
    _prevus: dict[str, _Prevu] = field(default_factory=dict)
    _inchanges: dict[str, _Prevu] = field(default_factory=dict)
    _prevus_pro: dict[str, bytes] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.racine.is_dir():
            return
        self._empreintes = self._lire_manifeste()
        for dossier in sorted(p for p in self.racine.iterdir()
                              if p.is_dir() and not p.name.startswith(".")):
            self.partenaires.pris.add(dossier.name)
            for path in sorted(dossier.glob("*.yml")):
                self._inventorie(dossier, path)

    def _inventorie(self, dossier: Path, path: Path) -> None:
        est_partenaire = path.name == FICHIER_PARTENAIRE
        if not est_partenaire:
            self.lieux.pris.add(path.stem)
        chemin = _relatif(path, self.racine)
        try:
            self._actuelles[chemin] = empreinte(path.read_bytes())
        except OSError:
            return
        doc, _ = read_yaml(path)
        data: Any = doc.data if doc is not None else None
        data = data if isinstance(data, dict) else {}
        genre = "partenaire" if est_partenaire else "lieu"
        source = data.get("source")
        connu = self._empreintes.get(chemin, {})
        if isinstance(source, dict) and source.get("nom"):
            cle = (genre, str(source["nom"]), str(source.get("identifiant") or ""))
        elif connu.get("source"):
            # The `source:` block was removed, but the manifest knows which record this is.
            cle = (genre, connu["source"], connu.get("identifiant", ""))
        else:
            self._sans_source.add(chemin)
            return
        importe = str(data.get("verifie_par", "")).startswith(PREFIXE_VERIFIE_PAR)
        self.existants[cle] = Existant(dossier.name, dossier.name if est_partenaire
                                       else path.stem, chemin, importe)

    def _lire_manifeste(self) -> dict[str, dict[str, str]]:
        path = self.racine / MANIFESTE
        if not path.is_file():
            return {}
        try:
            if path.stat().st_size > TAILLE_MAX_FICHIER:
                raise ValueError
            data = json.loads(path.read_text(encoding="utf-8"))
            fichiers = data["fichiers"]
            return {str(k): {str(a): str(b) for a, b in v.items()}
                    for k, v in fichiers.items() if isinstance(v, dict)}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            # Without fingerprints every file counts as someone's work: nothing is lost.
            self.avertissements.append(
                f"{MANIFESTE} illisible : aucun fichier déjà présent ne sera remplacé")
            return {}

    # --- Ids --------------------------------------------------------------------------------

    def existant(self, genre: str, source: str, identifiant: str) -> Existant | None:
        """The file an earlier import wrote for this source record, if any."""
        return self.existants.get((genre, source, identifiant))

    def partenaire(self, source: str, identifiant: str, nom: str,
                   precisions: tuple[str, ...] = ()) -> str:
        found = self.existant("partenaire", source, identifiant)
        return found.dossier if found else self.partenaires.attribue(nom, precisions)

    def lieu(self, source: str, identifiant: str, nom: str,
             precisions: tuple[str, ...] = (), dossier: str = "") -> str:
        found = self.existant("lieu", source, identifiant)
        if found:
            return found.identifiant
        # A file of the same name without any `source:` and unknown to the manifest: most
        # likely this record, imported before fingerprints and stripped of its block. It
        # is kept (`ecrit` will refuse to replace it), never doubled by `<slug>-2`.
        if dossier and f"{dossier}/{slugify(nom)}.yml" in self._sans_source:
            return slugify(nom)
        return self.lieux.attribue(nom, precisions)

    # --- Writing ----------------------------------------------------------------------------

    def ecrit(self, partenaire: str, nom_fichier: str, data: dict[str, Any],
              cle: tuple[str, str, str] = ("", "", "")) -> str | None:
        """Plan the file; return why the file in place is kept instead, or None.

        `cle` is (genre, source, identifiant) of the record, for the manifest.
        """
        chemin = f"{partenaire}/{nom_fichier}"
        public = {k: v for k, v in data.items() if k != "pro"}
        if data.get("pro") and self.racine_pro is not None:
            # The notes for professionals go to the same file of the professional tree,
            # never into the public one; without that tree they stay in the report only.
            self._prevus_pro[chemin] = dump_pro(data["pro"]).encode("utf-8")
        contenu = dump(public, partenaire=nom_fichier == FICHIER_PARTENAIRE).encode("utf-8")
        if self._actuelles.get(chemin) == empreinte(contenu):
            # Already there, byte for byte: only its fingerprint is (re)recorded.
            self._inchanges[chemin] = _Prevu(chemin, contenu, cle)
            return None
        raison = self._garde(chemin)
        if raison is None:
            self._prevus[chemin] = _Prevu(chemin, contenu, cle)
        return raison

    def _garde(self, chemin: str) -> str | None:
        """Why the different file in place must be kept, or None if the import owns it."""
        actuelle = self._actuelles.get(chemin)
        if actuelle is None:
            return None
        connue = self._empreintes.get(chemin, {}).get("sha256")
        if connue == actuelle:
            return None
        doc, _ = read_yaml(self.racine / chemin)
        en_place: Any = doc.data if doc is not None else None
        if isinstance(en_place, dict) and en_place.get("verifie_par") is not None and \
                not str(en_place["verifie_par"]).startswith(PREFIXE_VERIFIE_PAR):
            return REPRISE
        return MODIFIEE if connue else SANS_EMPREINTE

    def _intact(self, cible: Path, chemin: str) -> bool:
        """Whether the file in place is still the one seen when the import started."""
        try:
            return empreinte(cible.read_bytes()) == self._actuelles.get(chemin)
        except FileNotFoundError:
            return chemin not in self._actuelles

    def appliquer(self) -> None:
        """Write every planned file into a folder beside the annuaire, then move them in.

        Each move is a rename on the same file system: a file is either the old one or
        the new one, whole. A file edited since the import started is not replaced. The
        manifest moves last, so a run killed among the moves (milliseconds, the only
        window where the annuaire can be half updated) leaves new files without their
        fingerprint: adopted by the next import if it writes the same bytes, kept if not.
        """
        if not self.ecrire_fichiers:
            return
        manifeste = {k: v for k, v in self._empreintes.items()
                     if k in self._actuelles or k in self._prevus}
        for chemin, prevu in [*self._inchanges.items(), *self._prevus.items()]:
            _, source, identifiant = prevu.cle
            manifeste[chemin] = {"sha256": empreinte(prevu.contenu), "source": source,
                                 "identifiant": identifiant}
        self._appliquer_pro()
        if not self._prevus and manifeste == self._empreintes:
            return
        self.racine.parent.mkdir(parents=True, exist_ok=True)
        try:
            provisoire = Path(tempfile.mkdtemp(prefix=f".{self.racine.name}.import-",
                                               dir=self.racine.parent))
        except OSError as exc:
            raise ImportImpossible(self.racine.name, f"écriture impossible ({exc.strerror})",
                                   "vérifiez les droits sur le dossier de l'annuaire") from None
        en_place = False
        try:
            for chemin, prevu in self._prevus.items():
                cible = provisoire / chemin
                cible.parent.mkdir(parents=True, exist_ok=True)
                cible.write_bytes(prevu.contenu)
            self.racine.mkdir(exist_ok=True)
            en_place = True
            for chemin in self._prevus:
                cible = self.racine / chemin
                if not self._intact(cible, chemin):
                    # Edited while the sources were read: theirs, not ours.
                    self.avertissements.append(f"{chemin} modifié pendant l'import : conservé")
                    if chemin in self._empreintes:
                        manifeste[chemin] = self._empreintes[chemin]
                    else:
                        manifeste.pop(chemin, None)
                    continue
                cible.parent.mkdir(exist_ok=True)
                os.replace(provisoire / chemin, cible)
                self.ecrits.append(cible)
            texte = json.dumps({
                "explication": "Empreintes (SHA-256) des fichiers écrits par « guide importer » :"
                " un fichier modifié depuis n'est plus remplacé par un import. Ne pas modifier.",
                "fichiers": dict(sorted(manifeste.items())),
            }, ensure_ascii=False, indent=1) + "\n"
            (provisoire / MANIFESTE).write_text(texte, encoding="utf-8")
            os.replace(provisoire / MANIFESTE, self.racine / MANIFESTE)
        except OSError as exc:
            raise ImportImpossible(
                self.racine.name, f"écriture impossible ({exc.strerror or exc})",
                "vérifiez la place disponible et les droits sur le dossier",
                intact=not en_place) from None
        finally:
            shutil.rmtree(provisoire, ignore_errors=True)

    def _appliquer_pro(self) -> None:
        """Write the import's notes into the professional tree, one whole file at a time.

        A professional file that exists with other content is a professional's work
        (referents, direct lines...): it is kept, never replaced by import notes.
        """
        if self.racine_pro is None:
            return
        for chemin, contenu in self._prevus_pro.items():
            cible = self.racine_pro / chemin
            if cible.exists():
                if cible.read_bytes() != contenu:
                    self.avertissements.append(
                        f"{chemin} (annuaire professionnel) modifié localement, conservé : "
                        "les notes de cet import sont dans le rapport")
                continue
            cible.parent.mkdir(parents=True, exist_ok=True)
            provisoire = cible.with_name(f".{cible.name}.import")
            provisoire.write_bytes(contenu)
            os.replace(provisoire, cible)
            self.ecrits_pro.append(cible)
