"""`guide confirmer`: "still accurate" as a one-line diff (verifie_le, verifie_par), the rest
of each file kept byte for byte."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

import yaml

from .codes import probleme
from .problems import Problem

LONGUEUR_MAX_PAR = 200
"""A service's name, not a paragraph."""

# A top-level key, its value on the same line, and a comment kept after it. A plain value
# ends at the first " #"; a quoted one at its closing quote.
_VALEUR = r"""(?P<valeur>"(?:[^"\\\r\n]|\\.)*"|'(?:[^'\r\n]|'')*'|[^\r\n]*?)"""
_FIN = r"(?P<fin>[ \t]+#[^\r\n]*)?(?P<blanc>[ \t]*)(?=\r?$)"


def _ligne(cle: str) -> re.Pattern[str]:
    return re.compile(rf"^(?P<debut>{cle}[ \t]*:[ \t]*){_VALEUR}{_FIN}", re.MULTILINE)


_VERIFIE_LE = _ligne("verifie_le")
_VERIFIE_PAR = _ligne("verifie_par")


def scalaire_yaml(texte: str) -> str:
    """`texte` as a YAML value: plain when YAML reads it back unchanged, else quoted."""
    try:
        if yaml.safe_load(f"v: {texte}") == {"v": texte} and "#" not in texte:
            return texte
    except yaml.YAMLError:
        pass
    # A JSON string is a valid YAML double-quoted scalar.
    return json.dumps(texte, ensure_ascii=False)


def fiches_de(chemins: Iterable[Path]) -> list[Path]:
    """Files as given; a folder stands for its .yml files."""
    fichiers: list[Path] = []
    for chemin in chemins:
        fichiers += sorted(chemin.glob("*.yml")) if chemin.is_dir() else [chemin]
    return list(dict.fromkeys(fichiers))


def confirmer_texte(texte: str, par: str, aujourdhui: dt.date, fichier: Path
                    ) -> tuple[str | None, Problem | None]:
    """The file's new text, or the problem that prevents writing it."""
    trouve = _VERIFIE_LE.search(texte)
    if trouve is None or not trouve["valeur"]:
        return None, probleme("verifie-le-introuvable", fichier=fichier)
    date = aujourdhui.isoformat()
    valeur_par = scalaire_yaml(par)

    def remplacer(m: re.Match[str], valeur: str) -> str:
        return m["debut"] + valeur + (m["fin"] or "") + m["blanc"]

    nouveau = texte[:trouve.start()] + remplacer(trouve, date) + texte[trouve.end():]
    trouve_par = _VERIFIE_PAR.search(nouveau)
    if trouve_par is not None and trouve_par["valeur"]:
        nouveau = (nouveau[:trouve_par.start()] + remplacer(trouve_par, valeur_par)
                   + nouveau[trouve_par.end():])
    elif trouve_par is None:
        # Right after verifie_le, with the file's own line ending.
        fin = nouveau.find("\n", trouve.start())
        saut = "\r\n" if fin > 0 and nouveau[fin - 1] == "\r" else "\n"
        position = len(nouveau) if fin < 0 else fin + 1
        prefixe = "" if fin >= 0 else saut
        nouveau = nouveau[:position] + f"{prefixe}verifie_par: {valeur_par}{saut}" \
            + nouveau[position:]
    else:
        return None, probleme("verifie-par-introuvable", fichier=fichier)
    return nouveau, _verifier(texte, nouveau, par, aujourdhui, fichier)


def _verifier(avant: str, apres: str, par: str, aujourdhui: dt.date,
              fichier: Path) -> Problem | None:
    # The edit must read back as exactly the two values, everything else equal.
    try:
        ancien, nouveau = yaml.safe_load(avant), yaml.safe_load(apres)
    except yaml.YAMLError:
        ancien = nouveau = None
    if not (isinstance(ancien, dict) and isinstance(nouveau, dict)):
        return probleme("yaml-syntaxe", fichier=fichier,
                        raison="le fichier n'est pas une fiche YAML lisible",
                        indice="lancez « guide valider » sur ce fichier pour voir l'erreur")
    attendu = {**ancien, "verifie_le": aujourdhui, "verifie_par": par}
    if nouveau != attendu:
        return probleme("confirmation-impossible", fichier=fichier)
    return None


def confirmer(fichiers: list[Path], par: str, aujourdhui: dt.date
              ) -> tuple[list[Path], list[Problem]]:
    """Every file's new text first; written only when none has a problem."""
    par = par.strip()
    if not par or "\n" in par or "\r" in par or len(par) > LONGUEUR_MAX_PAR:
        return [], [probleme("verifie-par-invalide", limite=LONGUEUR_MAX_PAR)]
    nouveaux: dict[Path, str] = {}
    problemes: list[Problem] = []
    for fichier in fichiers:
        try:
            with fichier.open(encoding="utf-8", newline="") as flux:
                texte = flux.read()
        except (OSError, UnicodeDecodeError):
            problemes.append(probleme("fichier-illisible", fichier=fichier))
            continue
        nouveau, refus = confirmer_texte(texte, par, aujourdhui, fichier)
        if refus is not None:
            problemes.append(refus)
        elif nouveau is not None:
            nouveaux[fichier] = nouveau
    if problemes:
        return [], problemes
    for fichier, texte in nouveaux.items():
        _ecrire(fichier, texte)
    return list(nouveaux), []


def _ecrire(fichier: Path, texte: str) -> None:
    # A temporary file then a rename: an interrupted run leaves the old file whole.
    fd, temporaire = tempfile.mkstemp(dir=fichier.parent, prefix=".confirmer-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as flux:
            flux.write(texte)
        os.chmod(temporaire, fichier.stat().st_mode & 0o777)
        os.replace(temporaire, fichier)
    except BaseException:
        Path(temporaire).unlink(missing_ok=True)
        raise
