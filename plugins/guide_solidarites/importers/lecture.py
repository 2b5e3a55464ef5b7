"""Reading a source file an import is handed: bounded, decoded, and checked for its shape.

A source file is hostile like a partner's file: it may be another file than the one
expected (a re-saved spreadsheet with `;`, a Latin-1 export, an object instead of a
list), truncated, or huge. Whatever is wrong with the file as a whole stops the import
before anything is written (`ImportImpossible`, in French, with a hint); whatever is
wrong with one record is a report line, and the other records are imported.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TAILLE_MAX_FICHIER = 50 * 1024 * 1024
"""Bytes. The national files are 1 to 3.4 MB; ten times that leaves room to grow while a
mistaken multi-gigabyte file is refused before it fills the memory."""

LONGUEUR_MAX_VALEUR = 10_000
"""Characters in one cell or JSON string. The longest real value is 4,355 (a
data·inclusion `presentation_detail`); past this a value is not a description but a
broken or hostile file, and the record carrying it is reported, not imported."""

ENCODAGES = ("utf-8-sig", "cp1252")
"""Tried in order. The national files are UTF-8; a file re-saved by Excel in a French
administration is Windows-1252 (a superset of Latin-1 for every printable character)."""


class ImportImpossible(Exception):
    """The file as a whole cannot be imported: nothing is written, the message says why."""

    def __init__(self, fichier: str, message: str, indice: str = "",
                 intact: bool = True) -> None:
        super().__init__(f"{fichier} : {message}")
        self.fichier = fichier
        self.message = message
        self.indice = indice
        self.intact = intact
        """Whether the annuaire is known to be untouched (false only if moving failed)."""

    def texte(self) -> str:
        lignes = [f"Import impossible : {self.fichier} : {self.message}"]
        if self.indice:
            lignes.append(f"  Conseil : {self.indice}")
        lignes.append("  Aucun fichier de l'annuaire n'a été modifié." if self.intact else
                      "  L'import s'est arrêté pendant la mise en place : une partie des "
                      "fichiers est à jour, les autres sont restés tels quels (chacun entier).")
        return "\n".join(lignes)


@dataclass(frozen=True, slots=True)
class Texte:
    """A source file's text and the encoding it was read in."""

    contenu: str
    encodage: str

    @property
    def converti(self) -> bool:
        return self.encodage != ENCODAGES[0]


def lire_texte(chemin: Path) -> Texte:
    """The file's text, decoded as UTF-8, else Windows-1252; `ImportImpossible` otherwise."""
    fichier = chemin.name
    try:
        taille = chemin.stat().st_size
        if taille > TAILLE_MAX_FICHIER:
            raise ImportImpossible(
                fichier, f"fichier trop gros ({taille // (1024 * 1024)} Mo, "
                f"{TAILLE_MAX_FICHIER // (1024 * 1024)} Mo au plus)",
                "vérifiez qu'il s'agit bien de l'export national attendu")
        brut = chemin.read_bytes()
    except OSError as exc:
        raise ImportImpossible(fichier, f"fichier illisible ({exc.strerror or exc})",
                               "vérifiez le chemin et les droits de lecture") from None
    for encodage in ENCODAGES:
        try:
            return Texte(brut.decode(encodage), encodage)
        except UnicodeDecodeError:
            continue
    raise ImportImpossible(fichier, "encodage inconnu (ni UTF-8 ni Windows-1252)",
                           "enregistrez le fichier en « CSV UTF-8 » ou téléchargez-le à "
                           "nouveau depuis sa source")


# --- CSV ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LigneCsv:
    """One data row: its line number in the file and its cells by column name."""

    numero: int
    cellules: dict[str, str]
    probleme: str = ""


def _separateur_probable(entete: str) -> str:
    return max((";", "\t", "|", ","), key=entete.count)


def lire_csv(chemin: Path, colonnes: tuple[str, ...], separateur: str = ",") -> tuple[
        Texte, Iterator[LigneCsv]]:
    """Check the header names every column in `colonnes`, then yield the rows by name.

    A row with too many or too few cells, or a cell longer than `LONGUEUR_MAX_VALEUR`,
    comes with its `probleme` set (and no cells): a report line for the caller.
    """
    texte = lire_texte(chemin)
    fichier = chemin.name
    premiere = texte.contenu.split("\n", 1)[0]
    entete = next(csv.reader([premiere], delimiter=separateur), [])
    entete = [c.strip() for c in entete]
    manquantes = [c for c in colonnes if c not in entete]
    if manquantes:
        probable = _separateur_probable(premiere)
        indice = (f"le fichier semble séparé par « {_nom_separateur(probable)} » : la liste "
                  f"nationale est séparée par « {_nom_separateur(separateur)} » ; "
                  "téléchargez-la à nouveau plutôt que de l'enregistrer depuis un tableur"
                  if probable != separateur and premiere.count(probable) >= 2 else
                  "la première ligne doit nommer les colonnes de la liste nationale")
        raise ImportImpossible(
            fichier, f"format incorrect : colonne(s) manquante(s) : {', '.join(manquantes)}",
            indice)
    doublons = sorted({c for c in entete if c and entete.count(c) > 1})
    if doublons:
        raise ImportImpossible(fichier, "format incorrect : colonne(s) en double : "
                               + ", ".join(doublons), "chaque colonne doit être nommée une fois")
    return texte, _lignes(texte.contenu, entete, separateur)


def _nom_separateur(separateur: str) -> str:
    return {"\t": "tabulation", ",": ",", ";": ";", "|": "|"}.get(separateur, separateur)


def _lignes(contenu: str, entete: list[str], separateur: str) -> Iterator[LigneCsv]:
    # The csv module's own limit (128 kB a field) raises for the whole file; lift it for
    # the time of the read (the file is bounded by TAILLE_MAX_FICHIER) and check each cell
    # against our own limit instead, so that one huge cell costs one row, not the import.
    ancienne = csv.field_size_limit()
    csv.field_size_limit(max(ancienne, TAILLE_MAX_FICHIER))
    try:
        reader = csv.reader(io.StringIO(contenu, newline=""), delimiter=separateur)
        next(reader, None)
        while True:
            numero = reader.line_num + 1
            try:
                cellules = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield LigneCsv(numero, {}, f"ligne CSV illisible ({exc})")
                continue
            if not any(c.strip() for c in cellules):
                continue
            if len(cellules) != len(entete):
                yield LigneCsv(numero, {}, f"ligne mal formée : {len(cellules)} cellules au "
                               f"lieu de {len(entete)}")
                continue
            longues = [(nom, len(c)) for nom, c in zip(entete, cellules, strict=True)
                       if len(c) > LONGUEUR_MAX_VALEUR]
            if longues:
                nom, n = longues[0]
                yield LigneCsv(numero, {}, f"valeur trop longue dans la colonne {nom} "
                               f"({n} caractères, {LONGUEUR_MAX_VALEUR} au plus)")
                continue
            yield LigneCsv(numero, dict(zip(entete, cellules, strict=True)))
    finally:
        csv.field_size_limit(ancienne)


# --- JSON ---------------------------------------------------------------------------------

# json's messages are English: the usual ones, said in French for the partner.
_MESSAGES_JSON = {
    "Expecting value": "valeur attendue",
    "Expecting ',' delimiter": "virgule attendue",
    "Expecting ':' delimiter": "deux-points attendus",
    "Expecting property name enclosed in double quotes":
        "nom de propriété entre guillemets droits attendu",
    "Unterminated string starting at": "texte entre guillemets non terminé",
    "Invalid control character at": "caractère de contrôle dans un texte",
    "Invalid \\escape": "séquence d'échappement invalide",
    "Extra data": "données en trop après la fin du JSON",
}


def lire_liste_json(chemin: Path, quoi: str) -> tuple[Texte, list[Any]]:
    """The file's top-level list; `ImportImpossible` for invalid JSON or another shape."""
    texte = lire_texte(chemin)
    fichier = chemin.name
    try:
        data = json.loads(texte.contenu)
    except json.JSONDecodeError as exc:
        message = _MESSAGES_JSON.get(exc.msg, "syntaxe JSON invalide")
        raise ImportImpossible(
            fichier, f"JSON invalide, ligne {exc.lineno}, colonne {exc.colno} : {message}",
            "le fichier est peut-être tronqué : téléchargez-le à nouveau") from None
    except RecursionError:
        raise ImportImpossible(fichier, "JSON trop imbriqué",
                               "ce n'est pas un export data·inclusion") from None
    if not isinstance(data, list):
        genre = {dict: "un objet ({...})", str: "un texte", int: "un nombre",
                 float: "un nombre", bool: "un booléen"}.get(type(data), "une valeur")
        raise ImportImpossible(
            fichier, f"format incorrect : le fichier contient {genre} au lieu d'une liste "
            f"de {quoi} ([...])", f"donnez le fichier des {quoi} de l'export data·inclusion")
    return texte, data


def probleme_enregistrement(record: object) -> str:
    """Why one JSON record cannot be read, or ''."""
    if not isinstance(record, dict):
        return "enregistrement qui n'est pas un objet JSON ({...})"
    for cle, valeur in record.items():
        longueur = _longueur_max(valeur)
        if longueur > LONGUEUR_MAX_VALEUR:
            return (f"valeur trop longue dans le champ {cle} ({longueur} caractères, "
                    f"{LONGUEUR_MAX_VALEUR} au plus)")
    return ""


def _longueur_max(valeur: object) -> int:
    if isinstance(valeur, str):
        return len(valeur)
    if isinstance(valeur, list):
        return max((_longueur_max(v) for v in valeur), default=0)
    if isinstance(valeur, dict):
        return max((_longueur_max(v) for v in valeur.values()), default=0)
    return 0
