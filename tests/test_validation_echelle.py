"""Validation stays linear in the size of the annuaire: nothing in it walks every record
loaded so far for each new one."""

from __future__ import annotations

import datetime as dt
import gc
import sys
from pathlib import Path

from guide_solidarites.validation import valider

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synthetic import generate_annuaire  # noqa: E402


def test_aucun_passage_du_ramasse_miettes_pendant_la_validation(tmp_path: Path) -> None:
    # Each full pass of the cyclic collector walks every record loaded so far: with the
    # professional tree read after the public one, loading 10,000 places grew faster than
    # the number of files. Loading and checking make no cycles: it stays off throughout.
    racine = tmp_path / "annuaire"
    pro = generate_annuaire(racine, 300, seed=3)
    passages: list[int] = []

    def compter(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            passages.append(info["generation"])

    gc.collect()
    gc.callbacks.append(compter)
    try:
        charge, report = valider(racine, dt.date(2026, 11, 22), racine_pro=pro)
    finally:
        gc.callbacks.remove(compter)
    assert len(charge.lieux) == 300 and charge.pro_lieux
    assert not report.erreurs
    # At most the pass that the first allocation after it is enabled again may start
    # (before: hundreds of passes, with full ones walking every record).
    assert len(passages) <= 1, passages
    assert gc.isenabled()
