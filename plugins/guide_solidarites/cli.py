"""The `guide` command: thin wiring over the modules that do the work."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .problems import Report

Command = Callable[[argparse.Namespace], int]


def _print_report(report: Report, racine: Path, quiet_warnings: bool = False) -> None:
    for problem in report:
        if quiet_warnings and not problem.est_erreur:
            continue
        print(problem.format(racine.parent if racine.is_dir() else None), file=sys.stderr)


def _compte(n: int, singulier: str, pluriel: str | None = None) -> str:
    return f"{n} {singulier if n < 2 else (pluriel or singulier + 's')}"


def cmd_valider(args: argparse.Namespace) -> int:
    from .validation import valider

    racine: Path = args.annuaire
    aujourdhui = dt.date.fromisoformat(args.date) if args.date else None
    charge, report = valider(racine, aujourdhui=aujourdhui)
    _print_report(report, racine, quiet_warnings=args.erreurs_seulement)
    print(f"{_compte(len(charge.partenaires), 'partenaire')}, "
          f"{_compte(len(charge.lieux), 'lieu', 'lieux')} d'accueil : {report.resume()}.",
          file=sys.stderr)
    if report.echoue(strict=args.strict):
        print("Annuaire invalide." if report.erreurs else
              "Avertissements refusés (--strict).", file=sys.stderr)
        return 1
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .schema import write_schemas

    for path in write_schemas(args.dossier):
        print(path)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="guide", description="Guide des solidarités : valider, importer, exporter.")
    sub = parser.add_subparsers(dest="commande", required=True, metavar="COMMANDE")

    p = sub.add_parser("valider", help="vérifier toutes les fiches de l'annuaire")
    p.add_argument("annuaire", type=Path, nargs="?", default=Path("annuaire"))
    p.add_argument("--strict", action="store_true",
                   help="échouer aussi sur les avertissements (fiches à revoir...)")
    p.add_argument("--erreurs-seulement", action="store_true",
                   help="n'afficher que les erreurs")
    p.add_argument("--date", help="date du jour pour les contrôles (AAAA-MM-JJ)")
    p.set_defaults(func=cmd_valider)

    p = sub.add_parser("schema", help="regénérer les schémas JSON pour les éditeurs")
    p.add_argument("dossier", type=Path, nargs="?", default=Path("schemas"))
    p.set_defaults(func=cmd_schema)

    for register in EXTENSIONS:
        register(sub)
    return parser


# Commands living in their own modules register here (importers, exports, coverage).
EXTENSIONS: list[Callable[[argparse._SubParsersAction], None]] = []  # type: ignore[type-arg]


def _load_extensions() -> None:
    from . import cli_commands

    EXTENSIONS[:] = cli_commands.REGISTER


def main(argv: Sequence[str] | None = None) -> int:
    _load_extensions()
    args = build_parser().parse_args(argv)
    code: int = args.func(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
