"""The project's CSV dialect: what a spreadsheet in a French administration opens as is.

Excel, as installed in French administrations, splits a CSV opened by double-click on
the regional list separator (";") and reads it as Windows-1252 unless a BOM says UTF-8.
The CSV files (places, coverage, quality, import report) are read first by the coordinator
and the partners, so they follow Excel; the machine formats for reusers are the GeoJSON and
the data·inclusion files. data.gouv.fr accepts both separators, and Python reads the BOM
with encoding="utf-8-sig".

Every cell is hostile: a partner's `nom` or a source's `commentaire` that starts with
`=`, `+`, `-`, `@`, a tab or a carriage return is read by a spreadsheet as a formula
(`=HYPERLINK(...)`, `=cmd|' /C calc'!A0`). Every CSV the project writes goes through
`ouvrir_csv`, whose writer neutralises such a cell the way OWASP recommends ("CSV
Injection"): a leading apostrophe, which spreadsheets read as "this is text". The one
exception are values that cannot be a formula because they hold nothing but a number's or a
phone number's characters (see `neutraliser`): `-0.333457`, `+33 2 43 62 50 00` stay as they
are, so that a longitude stays a number and a phone number stays dialable.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

CSV_SEPARATEUR = ";"
CSV_ENCODAGE = "utf-8-sig"

DECLENCHEURS_FORMULE = ("=", "+", "-", "@", "\t", "\r",
                        # The full-width forms, which some Excel locales read as the
                        # ASCII ones.
                        "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""A cell starting with one of these (after any blank) is a formula to a spreadsheet."""

# Inert values: nothing but digits and their punctuation, so a spreadsheet can at most
# read them as a number; without a letter there is no function, cell reference or DDE
# call to run. A decimal or signed number (a longitude: -0.333457), and a phone number
# in international form (E.164 digits, grouped by spaces, dots or hyphens).
_NOMBRE = re.compile(r"[+-]?\d+(?:[.,]\d+)?(?:[eE][+-]?\d+)?")
_TELEPHONE_INTERNATIONAL = re.compile(r"\+\d{1,3}(?:[ .-]?\d{1,4}){2,7}")


def neutraliser(valeur: object) -> str:
    """The text of a cell, made inert for a spreadsheet.

    A cell whose first non-blank character is one of `DECLENCHEURS_FORMULE` gets a
    leading apostrophe, unless it is a number or an international phone number as a whole
    (then no formula can hide in it). Any other cell is returned unchanged.
    """
    texte = "" if valeur is None else str(valeur)
    debut = texte.lstrip(" \n\u00a0")
    if not debut.startswith(DECLENCHEURS_FORMULE) and not texte.startswith(("\t", "\r")):
        return texte
    if _NOMBRE.fullmatch(texte) or _TELEPHONE_INTERNATIONAL.fullmatch(texte):
        return texte
    return "'" + texte


class EcrivainCsv:
    """A csv writer whose every cell goes through `neutraliser`: the only way out to CSV."""

    def __init__(self, flux: TextIO) -> None:
        self._writer = csv.writer(flux, delimiter=CSV_SEPARATEUR)

    def writerow(self, ligne: Iterable[object]) -> Any:
        return self._writer.writerow([neutraliser(cellule) for cellule in ligne])

    def writerows(self, lignes: Iterable[Iterable[object]]) -> None:
        for ligne in lignes:
            self.writerow(ligne)


@contextmanager
def ouvrir_csv(destination: str | Path | TextIO) -> Iterator[EcrivainCsv]:
    """A writer in the project's spreadsheet dialect (`;`, UTF-8 with BOM, `\\r\\n`).

    A path is created or overwritten, BOM included; a stream is written to as is.
    """
    if isinstance(destination, str | Path):
        with Path(destination).open("w", encoding=CSV_ENCODAGE, newline="") as f:
            yield EcrivainCsv(f)
    else:
        yield EcrivainCsv(destination)
