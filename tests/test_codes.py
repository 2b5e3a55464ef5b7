"""The registry of problem codes: every code reported is declared once, with its severity,
and the list partners read (CODES.md) is generated from it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from guide_solidarites import codes
from guide_solidarites.codes import CODES, page_des_codes, probleme
from guide_solidarites.problems import Gravite

RACINE = Path(__file__).resolve().parent.parent
PAQUET = RACINE / "plugins" / "guide_solidarites"
CORPUS = Path(__file__).parent / "data" / "invalid"
# Functions whose first argument (third for the located ones) is a problem code.
APPELS_CODE = {"probleme": 0, "refus": 0, "PydanticCustomError": 0, "problem_at": 2, "_at": 2}


def _appels() -> list[tuple[Path, ast.Call]]:
    found = []
    for path in sorted(PAQUET.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                found.append((path, node))
    return found


def _nom(call: ast.Call) -> str:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def test_liste_des_codes_a_jour() -> None:
    fichier = RACINE / "CODES.md"
    assert fichier.is_file(), "CODES.md manque : lancez `guide codes`"
    assert fichier.read_text(encoding="utf-8") == page_des_codes(), (
        "CODES.md n'est plus à jour : lancez `guide codes`")


def test_contributing_renvoie_a_la_liste() -> None:
    assert "CODES.md" in (RACINE / "CONTRIBUTING.md").read_text(encoding="utf-8")


def test_chaque_code_cite_dans_le_code_est_declare() -> None:
    cites: set[str] = set()
    for path, call in _appels():
        position = APPELS_CODE.get(_nom(call))
        if position is None or len(call.args) <= position:
            continue
        arg = call.args[position]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            cites.add(arg.value)
            assert arg.value in CODES, f"{path.name}:{call.lineno}: « {arg.value} » non déclaré"
        elif isinstance(arg, ast.JoinedStr):
            # f"{champ}-manquant": every value the pattern can take is declared.
            motif = "".join(v.value if isinstance(v, ast.Constant) else ".+"
                            for v in arg.values)
            assert any(re.fullmatch(motif, c) for c in CODES), f"{path.name}:{call.lineno}"
    assert len(cites) > 40


def test_aucun_site_d_appel_ne_choisit_la_gravite_ni_ne_construit_un_probleme() -> None:
    fautes = []
    for path, call in _appels():
        if path.name in ("codes.py", "problems.py"):
            continue
        if _nom(call) == "Problem" and any(k.arg == "code" for k in call.keywords):
            # The loader's translation of a model's error keeps pydantic's formatted text.
            if not (path.name == "loader.py" and any(k.arg == "gravite" and isinstance(
                    k.value, ast.Attribute) and k.value.attr == "gravite"
                    for k in call.keywords)):
                fautes.append(f"{path.name}:{call.lineno} construit un Problem")
        if any(k.arg == "gravite" and not (isinstance(k.value, ast.Attribute)
                                           and k.value.attr == "gravite")
               for k in call.keywords):
            fautes.append(f"{path.name}:{call.lineno} choisit une gravité")
    assert fautes == []


def test_le_corpus_n_emploie_que_des_codes_declares_avec_leur_gravite() -> None:
    ligne = re.compile(r": (erreur|avertissement) ([a-z0-9-]+)")
    vus = set()
    for attendu in CORPUS.glob("*/attendu.txt"):
        for gravite, code in ligne.findall(attendu.read_text(encoding="utf-8")):
            assert code in CODES, f"{attendu.parent.name}: {code}"
            declare = CODES[code]
            assert gravite == declare.gravite or declare.grave, f"{attendu.parent.name}: {code}"
            vus.add(code)
    assert len(vus) > 30


def test_un_avertissement_ne_devient_erreur_que_si_le_code_le_prevoit() -> None:
    assert probleme("coordonnees-eloignees", grave=True, km=30, commune="Sablé",
                    latitude=47.8, longitude=-0.3).gravite is Gravite.ERREUR
    with pytest.raises(ValueError):
        probleme("fiche-perimee", grave=True, **CODES["fiche-perimee"].exemple)


def test_chaque_exemple_remplit_son_modele() -> None:
    for code in CODES.values():
        p = code.probleme(**code.exemple)
        assert p.message and "{" not in p.message, code.code
        assert p.gravite is code.gravite


def test_un_code_inconnu_est_refuse() -> None:
    with pytest.raises(KeyError):
        codes.probleme("code-qui-n-existe-pas")
