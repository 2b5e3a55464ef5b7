"""The project's CSV dialect: what a spreadsheet in a French administration opens as is.

Excel, as installed in French administrations, splits a CSV opened by double-click on
the regional list separator (";") and reads it as Windows-1252 unless a BOM says UTF-8.
The CSV files (places, coverage, quality) are read first by the coordinator and the
partners, so they follow Excel; the machine formats for reusers are the GeoJSON and the
data·inclusion files. data.gouv.fr accepts both separators, and Python reads the BOM with
encoding="utf-8-sig".
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

CSV_SEPARATEUR = ";"
CSV_ENCODAGE = "utf-8-sig"


@contextmanager
def ouvrir_csv(destination: str | Path | TextIO) -> Iterator[Any]:
    """A csv writer in the project's spreadsheet dialect (`;`, UTF-8 with BOM, `\\r\\n`).

    A path is created or overwritten, BOM included; a stream is written to as is.
    """
    if isinstance(destination, str | Path):
        with Path(destination).open("w", encoding=CSV_ENCODAGE, newline="") as f:
            yield csv.writer(f, delimiter=CSV_SEPARATEUR)
    else:
        yield csv.writer(destination, delimiter=CSV_SEPARATEUR)
