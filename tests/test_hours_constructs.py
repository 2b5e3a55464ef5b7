"""« Ouvert maintenant » against the hours' meaning, for every construct the guide accepts:
the Python intervals, then horaires.js (under node) reading the payload built from them."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from guide_solidarites.hours import diagnose_osm, intervals_payload, state_at
from horaires_constructions import CONSTRUCTIONS, DEBUT, JOURS, Construction

HARNAIS = Path(__file__).parent / "js" / "etat_aux_instants.mjs"
NODE = shutil.which("node") or "node"  # node 20 is part of the setup (README)

IDS = [c.nom for c in CONSTRUCTIONS]


@pytest.mark.parametrize("construction", CONSTRUCTIONS, ids=IDS)
def test_the_construct_is_accepted(construction: Construction) -> None:
    assert diagnose_osm(construction.horaires) is None


@pytest.mark.parametrize("construction", CONSTRUCTIONS, ids=IDS)
def test_python_says_open_exactly_when_the_hours_mean_it(construction: Construction) -> None:
    for instant, ouvert in construction.instants:
        moment = dt.datetime.fromisoformat(instant)
        assert state_at(construction.horaires, moment, construction.fermetures) is ouvert, instant


def payload(construction: Construction) -> dict[str, object]:
    return intervals_payload(construction.horaires, DEBUT, JOURS, construction.fermetures)


def test_the_browser_script_says_open_exactly_when_the_hours_mean_it() -> None:
    cas = [{"donnees": payload(c), "instants": [i for i, _ in c.instants]}
           for c in CONSTRUCTIONS]
    sortie = subprocess.run([NODE, str(HARNAIS)], input=json.dumps(cas), capture_output=True,
                            text=True, timeout=60, check=True).stdout
    faux = []
    for construction, resultats in zip(CONSTRUCTIONS, json.loads(sortie), strict=True):
        for (instant, ouvert), resultat in zip(construction.instants, resultats, strict=True):
            attendu = "ouvert" if ouvert else ("inconnu" if instant[:10] < DEBUT.isoformat()
                                               else "ferme")
            if resultat["etat"] != attendu or resultat["estOuvert"] is not ouvert:
                faux.append(f"{construction.horaires} à {instant} : {resultat}")
            if not ouvert:
                assert not resultat["texte"].startswith("Ouvert"), (instant, resultat)
    assert faux == []
