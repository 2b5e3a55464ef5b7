"""The professional tree (`annuaire-pro/`): one `InfosPro` file per public record.

It has the public annuaire's layout (`<partenaire>/partenaire.yml`,
`<partenaire>/<lieu>.yml`) and holds only professional fields. It is meant to be a
separate private repository; only the professional build and `guide valider --pro`
read it. Files are read by the loader's own functions, so the same limits and the
same rules for hostile input apply to both trees.
"""

from __future__ import annotations

from pathlib import Path

from .cache import CacheFiches
from .codes import probleme
from .loader import (
    FICHIER_PARTENAIRE,
    Charge,
    Document,
    closest,
    lire_fiches,
    parse_record,
    problem_at,
)
from .models import CLE_PRO, InfosPro
from .problems import Problem


def load_annuaire_pro(racine_pro: Path, racine: Path, charge: Charge,
                      cache: CacheFiches | None = None) -> None:
    """Read the professional tree into `charge`, beside the public records it completes.

    `racine` is the public tree: a professional file whose public record does not exist
    (a lieu renamed or deleted) is an error naming both paths.
    """
    charge.racine_pro = racine_pro
    if not racine_pro.is_dir():
        charge.problems.append(probleme(
            "annuaire-introuvable", dossier=racine_pro,
            indice="indiquez le dossier de l'annuaire professionnel (le dépôt privé), qui "
            "contient un sous-dossier par partenaire"))
        return
    for folder, name, doc in lire_fiches(racine_pro, charge.problems, "annuaire-pro", cache):
        stem = name.rsplit(".", 1)[0]
        orphelin = _sans_fiche_publique(charge, racine, folder, name, doc.path)
        if orphelin is not None:
            charge.problems.append(orphelin)
            continue
        if isinstance(doc.data, dict) and CLE_PRO in doc.data:
            # The whole block pasted from a single-tree file, `pro:` line included.
            charge.problems.append(problem_at(doc, (CLE_PRO,), "pro-imbrique", cle=True))
            continue
        record, problems = parse_record(doc, InfosPro, {}, cache)
        charge.problems += problems
        if not isinstance(record, InfosPro):
            continue
        if name == FICHIER_PARTENAIRE:
            charge.pro_partenaires[folder] = record
            charge.documents_pro[f"partenaire:{folder}"] = doc
        else:
            charge.pro_lieux[stem] = record
            charge.documents_pro[f"lieu:{stem}"] = doc
        charge.problems += _check_infos(record, doc, charge)


def _sans_fiche_publique(charge: Charge, racine: Path, folder: str, name: str,
                         path: Path) -> Problem | None:
    """The error for a professional file that completes no public record, else None."""
    stem = name.rsplit(".", 1)[0]
    if name == FICHIER_PARTENAIRE:
        trouve = folder in charge.partenaires
    else:
        lieu = charge.lieux.get(stem)
        trouve = lieu is not None and lieu.partenaire == folder
    if trouve:
        return None
    # A public file that exists but is invalid already has its own problems.
    if (racine / folder / name).is_file():
        return None
    # Named as in the repository (annuaire/<partenaire>/<lieu>.yml), wherever it is checked.
    nom_public = f"{racine.name}/{folder}/{name}"
    autre = ""
    if name != FICHIER_PARTENAIRE and stem in charge.lieux:
        autre = f" ; le lieu « {stem} » est dans le dossier « {charge.lieux[stem].partenaire} »"
    proche = closest(stem, charge.lieux) if name != FICHIER_PARTENAIRE else closest(
        folder, charge.partenaires)
    indice = (f"déplacez ou renommez ce fichier comme la fiche publique{autre}"
              if autre else f"renommez-le comme la fiche publique (« {proche} » ?)" if proche
              else None)
    return probleme("pro-sans-fiche-publique", fiche=nom_public, fichier=path, ligne=1,
                    colonne=1, indice=indice)


def _check_infos(infos: InfosPro, doc: Document, charge: Charge) -> list[Problem]:
    problems: list[Problem] = []
    for i, referent in enumerate(infos.referents):
        if not (referent.telephone or referent.courriel):
            problems.append(problem_at(doc, ("referents", i), "referent-sans-contact",
                                       nom=referent.nom))
    for i, convention in enumerate(infos.conventions):
        if convention.partenaire not in charge.partenaires:
            guess = closest(convention.partenaire, charge.partenaires)
            problems.append(problem_at(
                doc, ("conventions", i, "partenaire"), "reference-inconnue",
                valeur=convention.partenaire,
                indice=f"vouliez-vous dire « {guess} » ?" if guess else
                "indiquez le nom d'un dossier (partenaire) de l'annuaire public"))
    return problems
