"""`guide separer`: move every `pro:` block of a single-tree annuaire into the professional tree.

The block's lines are cut out of the text, not re-dumped from data: the public file keeps
every other byte (comments, order, quotes, line endings), and the professional file gets
the block's own lines, comments included, one indentation level less. Each cut is checked
by reading both results back: the public data must be the old data without `pro`, the
professional data the old `pro` block exactly. Everything is planned and checked first,
nothing existing is overwritten, and files are written only when the whole plan holds.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .codes import probleme
from .loader import _fichiers_yaml, read_yaml
from .models import CLE_PRO
from .problems import Problem

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - the C extension ships in PyYAML's wheels
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

# `pro:` at the start of a line, alone or followed by a comment: a block mapping follows.
_CLE_PRO = re.compile(rf"^{CLE_PRO}[ \t]*:(?P<reste>.*?)(?P<fin>\r?\n?)$")
_MODELINE = "# yaml-language-server:"


class BlocIlisible(ValueError):
    """A `pro:` block this tool does not cut by text (written on one line...)."""


def couper_bloc_pro(texte: str) -> tuple[str, str] | None:
    """(public text, professional text) of one file, or None when it has no `pro:` block.

    The block is the `pro:` line, the comment lines right above it, and every following
    line that is indented, blank or a comment, up to its last indented line: blank lines
    and comments after it belong to what follows and stay in the public file.
    """
    lignes = texte.splitlines(keepends=True)
    debut = next((i for i, ligne in enumerate(lignes) if _CLE_PRO.match(ligne)), None)
    if debut is None:
        return None
    entete = _CLE_PRO.match(lignes[debut])
    assert entete is not None
    reste = entete.group("reste").strip()
    if reste and not reste.startswith("#"):
        raise BlocIlisible("bloc « pro: » écrit sur la même ligne que sa clé")
    fin = debut + 1
    dernier = debut
    while fin < len(lignes):
        ligne = lignes[fin]
        if ligne[:1] in (" ", "\t"):
            if ligne.strip() and not ligne.lstrip().startswith("#"):
                dernier = fin
        elif ligne.strip() and not ligne.startswith("#"):
            break
        fin += 1
    if dernier == debut:
        raise BlocIlisible("bloc « pro: » vide ou sans contenu indenté")
    # Comments written right above `pro:` describe it: they move with it.
    haut = debut
    while haut > 0 and lignes[haut - 1].startswith("#") and not lignes[haut - 1].startswith(
            _MODELINE):
        haut -= 1
    bloc = lignes[debut + 1:dernier + 1]
    premiere = next(ligne for ligne in bloc
                    if ligne.strip() and not ligne.lstrip().startswith("#"))
    retrait = len(premiere) - len(premiere.lstrip(" "))
    pro = [*lignes[haut:debut]]
    if reste:
        pro.append(reste + (entete.group("fin") or "\n"))
    for ligne in bloc:
        espaces = len(ligne) - len(ligne.lstrip(" "))
        pro.append(ligne[min(espaces, retrait):])
    public = lignes[:haut] + lignes[dernier + 1:]
    return "".join(public), "".join(pro)


@dataclass(frozen=True)
class Deplacement:
    public: Path
    pro: Path
    texte_public: str
    texte_pro: str

    @property
    def lignes(self) -> int:
        return self.texte_pro.count("\n") + (not self.texte_pro.endswith("\n"))


@dataclass
class RapportSeparation:
    racine: Path
    vers: Path
    deplacements: list[Deplacement] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ecrit: bool = False

    @property
    def reussi(self) -> bool:
        return not self.problems

    def lignes(self) -> list[str]:
        base = self.racine.parent
        out = [p.format(base) for p in self.problems]
        if not self.reussi:
            out.append(f"Séparation refusée : {len(self.problems)} problème(s) ; aucun fichier "
                       "n'a été modifié.")
            return out
        for d in self.deplacements:
            out.append(f"{_relatif(d.public, base)} -> {_relatif(d.pro, base)} "
                       f"({d.lignes} ligne{'s' if d.lignes > 1 else ''})")
        n = len(self.deplacements)
        out.append(f"{n} bloc{'s' if n > 1 else ''} « pro: » déplacé{'s' if n > 1 else ''} "
                   f"vers {self.vers} ; les fiches publiques sont inchangées par ailleurs.")
        if n:
            out.append("Ensuite : validez les deux annuaires (guide valider "
                       f"{self.racine} --pro {self.vers}), puis versionnez {self.vers} dans "
                       "un dépôt privé (voir deploy/README.md).")
        return out


def _relatif(path: Path, base: Path) -> str:
    try:
        return str(path.resolve().relative_to(base.resolve()))
    except ValueError:
        return str(path)


def _lire(texte: str) -> Any:
    return yaml.load(texte, Loader=_Loader)  # noqa: S506 - the C *safe* loader


def planifier(racine: Path, vers: Path) -> RapportSeparation:
    """Every move `separer` would make, checked, and every reason not to make them."""
    rapport = RapportSeparation(racine, vers)
    if not racine.is_dir():
        rapport.problems.append(probleme("annuaire-introuvable", dossier=racine,
                                         indice="indiquez le dossier de l'annuaire public"))
        return rapport
    if vers.resolve().is_relative_to(racine.resolve()):
        rapport.problems.append(probleme("separation-destination", dossier=vers))
        return rapport
    for parts, path in _fichiers_yaml(racine):
        # The loader's reading: the same limits and refusals as `guide valider`.
        doc, problems = read_yaml(path)
        if doc is None or not isinstance(doc.data, dict) or CLE_PRO not in doc.data:
            rapport.problems += [p for p in problems if p.est_erreur and doc is not None]
            continue
        texte = path.read_bytes().decode("utf-8")
        cible = vers.joinpath(*parts)
        try:
            coupe = couper_bloc_pro(texte)
        except BlocIlisible as exc:
            rapport.problems.append(probleme(
                "separation-impossible", raison=exc, fichier=path,
                indice="écrivez le bloc « pro: » sur plusieurs lignes indentées, ou "
                "déplacez-le à la main"))
            continue
        if coupe is None:
            rapport.problems.append(probleme(
                "separation-impossible", raison="la clé « pro » n'est pas en début de ligne",
                fichier=path, indice="déplacez ce bloc à la main"))
            continue
        public, pro = coupe
        avant = _lire(texte)
        attendu_public = {k: v for k, v in avant.items() if k != CLE_PRO}
        if _lire(public) != attendu_public or _lire(pro) != avant[CLE_PRO]:
            rapport.problems.append(probleme(
                "separation-impossible", fichier=path,
                raison="le bloc « pro: » ne se détache pas proprement du reste de la fiche"))
            continue
        if cible.exists():
            rapport.problems.append(probleme("separation-existe", cible=cible, fichier=path))
            continue
        rapport.deplacements.append(Deplacement(path, cible, public, pro))
    return rapport


def _ecrire(path: Path, texte: str) -> None:
    # Bytes as cut: line endings and encoding exactly as the partner wrote them.
    temporaire = path.with_name(f".{path.name}.separer")
    temporaire.write_bytes(texte.encode("utf-8"))
    os.replace(temporaire, path)


def separer(racine: Path, vers: Path) -> RapportSeparation:
    """Move every `pro:` block of `racine` into `vers`, or nothing at all."""
    rapport = planifier(racine, vers)
    if not rapport.reussi:
        return rapport
    # The professional files first: if anything stops half-way, no block is lost, and a
    # second run refuses to overwrite what is already there.
    for d in rapport.deplacements:
        d.pro.parent.mkdir(parents=True, exist_ok=True)
        _ecrire(d.pro, d.texte_pro)
    for d in rapport.deplacements:
        _ecrire(d.public, d.texte_public)
    rapport.ecrit = True
    return rapport
