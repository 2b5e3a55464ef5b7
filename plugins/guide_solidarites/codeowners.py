"""CODEOWNERS from the partners' `responsables`: each partner reviews its own folder."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .forge import Forge
from .models import PartenairePublic

CHEMIN = {Forge.GITHUB: Path(".github/CODEOWNERS"), Forge.GITLAB: Path(".gitlab/CODEOWNERS")}
"""Where each forge reads the file (GitLab also reads the root and docs/, GitHub ignores
.gitlab/)."""

MARQUE = ("# --- Généré par « guide codeowners » à partir des « responsables » des "
          "partenaire.yml : ne pas modifier en dessous. ---")

ENTETE_DEFAUT = f"""\
# Qui relit les modifications de chaque dossier de l'annuaire.
#
# Au-dessus de la ligne de génération : les règles écrites à la main. La règle « * »
# désigne la coordination, qui relit tout ; ses responsables sont ajoutés à chaque
# dossier de partenaire, car la dernière règle qui correspond à un fichier l'emporte.
# En dessous : une ligne par partenaire qui déclare des « responsables: » dans son
# partenaire.yml. Après un changement, lancez « guide codeowners ».

{MARQUE}
"""


@dataclass
class Resultat:
    texte: str
    remarques: list[str] = field(default_factory=list)


def _echapper(chemin: str) -> str:
    # Both forges read a backslash before a space as part of the pattern.
    return chemin.replace("\\", "\\\\").replace(" ", "\\ ").replace("#", "\\#")


def _proprietaires_par_defaut(entete: str) -> list[str]:
    """The owners of the last hand-written `*` rule."""
    proprietaires: list[str] = []
    for ligne in entete.splitlines():
        morceaux = ligne.split("#", 1)[0].split()
        if morceaux and morceaux[0] == "*":
            proprietaires = morceaux[1:]
    return proprietaires


def entete_de(existant: str | None) -> str:
    """The hand-written part of an existing file, up to the generation line."""
    if existant and MARQUE in existant:
        return existant[:existant.index(MARQUE)] + MARQUE + "\n"
    return ENTETE_DEFAUT


def generer(partenaires: dict[str, PartenairePublic], racine: Path, depot: Path, forge: Forge,
            existant: str | None = None, organisation: str | None = None) -> Resultat:
    """The whole file: the hand-written head kept, one line per partner below it."""
    entete = entete_de(existant)
    defaut = _proprietaires_par_defaut(entete)
    try:
        dossier = racine.resolve().relative_to(depot.resolve())
    except ValueError:
        dossier = Path(racine.name)
    lignes: list[str] = []
    remarques: list[str] = []
    for pid, partenaire in sorted(partenaires.items()):
        if not partenaire.responsables:
            continue
        proprietaires = list(dict.fromkeys([*partenaire.responsables, *defaut]))
        chemin = _echapper(f"/{(dossier / pid).as_posix()}/")
        lignes.append(f"{chemin} {' '.join(proprietaires)}")
        if forge is Forge.GITHUB and organisation:
            for nom in partenaire.responsables:
                if "/" in nom and nom[1:].split("/", 1)[0].lower() != organisation.lower():
                    remarques.append(
                        f"{pid} : l'équipe {nom} n'est pas une équipe de l'organisation "
                        f"{organisation} ; GitHub n'accepte que les équipes de l'organisation "
                        "du dépôt, avec le droit d'écriture")
    return Resultat(entete + "".join(ligne + "\n" for ligne in lignes), remarques)
