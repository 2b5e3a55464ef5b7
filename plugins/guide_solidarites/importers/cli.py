"""`guide importer france-services|data-inclusion`: thin wiring over the importers."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .commun import Communes
from .lecture import ImportImpossible
from .rapport import Rapport
from .sortie import Sortie


def _commun(p: argparse.ArgumentParser) -> None:
    zone = p.add_mutually_exclusive_group(required=True)
    zone.add_argument("--departement", help="code du département à importer, par exemple 72")
    zone.add_argument("--tout", action="store_true", help="importer tous les départements")
    p.add_argument("--sortie", type=Path, default=Path("annuaire"),
                   help="dossier de l'annuaire où écrire les fiches (par défaut : annuaire)")
    p.add_argument("--pro", type=Path, metavar="ANNUAIRE_PRO",
                   help="annuaire professionnel (dépôt privé) où écrire les valeurs à reprendre "
                   "(a_verifier) ; sans lui, elles ne figurent que dans le rapport")
    p.add_argument("--rapport", type=Path, help="écrire aussi le rapport d'import en CSV")
    p.add_argument("--resume", action="store_true",
                   help="n'afficher que les totaux, pas chaque valeur illisible")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("importer", help="importer des fiches depuis des données ouvertes")
    sources = p.add_subparsers(dest="source", required=True, metavar="SOURCE")

    fs = sources.add_parser("france-services", help="liste nationale des France Services (CSV)")
    fs.add_argument("csv", type=Path)
    _commun(fs)
    fs.set_defaults(func=cmd_france_services)

    di = sources.add_parser("data-inclusion", help="export data·inclusion (structures, services)")
    di.add_argument("structures", type=Path)
    di.add_argument("services", type=Path)
    _commun(di)
    di.set_defaults(func=cmd_data_inclusion)


def cmd_france_services(args: argparse.Namespace) -> int:
    from . import france_services

    sortie, rapport = Sortie(args.sortie, racine_pro=args.pro), Rapport()
    try:
        france_services.importer(args.csv, sortie, rapport, _departement(args), Communes())
    except ImportImpossible as exc:
        return _echec(exc)
    return _fin(args, sortie, rapport)


def cmd_data_inclusion(args: argparse.Namespace) -> int:
    from . import data_inclusion

    sortie, rapport = Sortie(args.sortie, racine_pro=args.pro), Rapport()
    try:
        data_inclusion.importer(args.structures, args.services, sortie, rapport,
                                _departement(args), Communes())
    except ImportImpossible as exc:
        return _echec(exc)
    return _fin(args, sortie, rapport)


def _echec(exc: ImportImpossible) -> int:
    print(exc.texte(), file=sys.stderr)
    return 2


def _departement(args: argparse.Namespace) -> str | None:
    return None if args.tout else str(args.departement).zfill(2)


def _fin(args: argparse.Namespace, sortie: Sortie, rapport: Rapport) -> int:
    print(rapport.texte(details=not args.resume), file=sys.stderr)
    for avertissement in sortie.avertissements:
        print(f"Attention : {avertissement}", file=sys.stderr)
    if args.rapport:
        rapport.ecrire_csv(args.rapport)
        print(f"Rapport écrit dans {args.rapport}", file=sys.stderr)
    print(f"{len(sortie.ecrits)} fichiers écrits dans {args.sortie}", file=sys.stderr)
    comptes = all(b.comptes for b in rapport.bilans.values())
    return 0 if comptes else 1


def importer(argv: list[str]) -> int:
    """Run `guide importer ARGV...` in this process (for `guide nouveau`)."""
    parser = argparse.ArgumentParser(prog="guide")
    register(parser.add_subparsers(dest="commande", required=True))
    args = parser.parse_args(["importer", *argv])
    code: int = args.func(args)
    return code
