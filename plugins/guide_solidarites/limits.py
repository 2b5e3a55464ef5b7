"""Bounds on what one annuaire file may hold, so that no file can stall or crash a run.

Each bound is far above what a real record needs (the figures in brackets are the
largest found in the 294 files of the sample annuaire) and far below what would hurt
the parsers or the machine. CONTRIBUTING.md ("Limites") states them for partners;
keep both in step.
"""

from __future__ import annotations

TAILLE_FICHIER_MAX = 256 * 1024
"""Bytes per file [4.2 kB]. Checked before the file is read: a 50 MB file costs nothing."""

PROFONDEUR_MAX = 50
"""Nested blocks and lists [4: lieu > pro > referents > 1 > telephone]. The C parser
and yaml-rs crash (segmentation fault) past about ten thousand levels, Python's
recursion stops at a thousand."""

ALIAS_NOEUDS_MAX = 1_000
"""Values a file may repeat through YAML aliases (`*nom`) [none in the sample]. An
"alias bomb" of a few hundred bytes would expand to a billion values."""

LONGUEUR_TEXTE_MAX = 10_000
"""Characters per text value [2,236, a partner's description]: about three printed
pages, where a page of the guide is read on a phone."""

IMAGES = (".jpg", ".jpeg", ".png", ".webp", ".gif")
"""Files a partner's folder may hold besides its records: the photos and logo they cite."""
