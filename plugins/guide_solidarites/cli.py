"""The `guide` command: thin wiring over the modules that do the work."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .problems import Report
from .rapports import Format

Command = Callable[[argparse.Namespace], int]


def _print_report(report: Report, racine: Path, quiet_warnings: bool = False) -> None:
    for problem in report:
        if quiet_warnings and not problem.est_erreur:
            continue
        print(problem.format(racine.parent if racine.is_dir() else None), file=sys.stderr)


def _compte(n: int, singulier: str, pluriel: str | None = None) -> str:
    return f"{n} {singulier if n < 2 else (pluriel or singulier + 's')}"


def cmd_valider(args: argparse.Namespace) -> int:
    from .cache import dossier_cache
    from .forge import (
        ErreurForge,
        Filtre,
        Selection,
        base_depot,
        fichiers_modifies,
        partager,
        trouver_racine,
    )
    from .rapports import github, gitlab, json_stable
    from .validation import bilan

    format_ = Format(args.format)
    if args.sortie and format_ is Format.TEXTE:
        print("--sortie écrit un rapport github, gitlab ou json.\n    Conseil : ajoutez "
              "--format gitlab (ou github, json), ou redirigez la sortie.", file=sys.stderr)
        return 2
    chemin: Path = args.annuaire
    # A partner folder or file is checked within its whole annuaire: references across
    # partners and duplicate names need every record.
    racine = trouver_racine(chemin)
    filtres: list[Filtre] = []
    if chemin.exists() and chemin.resolve() != racine.resolve():
        filtres.append(Filtre.de([chemin]))
    if args.fichiers:
        filtres.append(Filtre.de(args.fichiers))
    if args.depuis:
        try:
            filtres.append(Filtre.de(fichiers_modifies(racine, args.depuis)))
        except ErreurForge as exc:
            print(f"Fichiers modifiés introuvables : {exc}", file=sys.stderr)
            return 2
    aujourdhui = dt.date.fromisoformat(args.date) if args.date else None
    resultat = bilan(racine, aujourdhui=aujourdhui, racine_pro=args.pro,
                     cache=dossier_cache(racine))
    report = resultat.report
    montres, autres = partager(report, Selection(tuple(filtres)))
    affiches = [p for p in montres.sorted() if p.est_erreur or not args.erreurs_seulement]

    if format_ is Format.TEXTE:
        _print_report(Report(affiches), racine)
    else:
        base = base_depot(racine)
        if format_ is Format.GITHUB:
            sortie = github(affiches, base)
        elif format_ is Format.GITLAB:
            sortie = gitlab(affiches, base, racine)
        else:
            sortie = json_stable(affiches, montres, autres, base, racine, resultat.partenaires,
                                 resultat.lieux)
        if args.sortie:
            args.sortie.write_text(sortie, encoding="utf-8")
        else:
            sys.stdout.write(sortie)
    fiches_pro = _compte(resultat.fiches_pro, "fiche professionnelle",
                         "fiches professionnelles")
    pro = "" if args.pro is None else f", {fiches_pro}"
    print(f"{_compte(resultat.partenaires, 'partenaire')}, "
          f"{_compte(resultat.lieux, 'lieu', 'lieux')} d'accueil{pro} : {montres.resume()}"
          + (" dans les fichiers choisis." if filtres else "."), file=sys.stderr)
    if filtres:
        print(f"Ailleurs dans l'annuaire (non affichés) : {autres.resume()}.", file=sys.stderr)
    _avis_migration(racine, report)
    if montres.echoue(strict=args.strict) or autres.erreurs:
        if montres.erreurs or autres.erreurs:
            print("Annuaire invalide." + (
                "\n    Conseil : des erreurs sont hors des fichiers choisis ; « guide valider "
                f"{racine} » les montre toutes" if autres.erreurs else ""), file=sys.stderr)
        else:
            print("Avertissements refusés (--strict).", file=sys.stderr)
        return 1
    return 0


def _avis_migration(racine: Path, report: Report) -> None:
    """In a guide's repository (its mkdocs.yml beside the annuaire), say once which change
    of format is due and the command that converts the files."""
    from .migrer import a_migrer, avis

    if (racine.resolve().parent / "mkdocs.yml").is_file():
        for texte in avis(a_migrer(report.problems)):
            print(texte, file=sys.stderr)


def cmd_migrer(args: argparse.Namespace) -> int:
    from .migrer import migrer

    rapport = migrer(args.depot, args.vers)
    for ligne in rapport.lignes():
        print(ligne, file=sys.stderr)
    return 0 if rapport.reussi else 1


def cmd_separer(args: argparse.Namespace) -> int:
    from .separation import separer

    rapport = separer(args.annuaire, args.vers)
    for ligne in rapport.lignes():
        print(ligne, file=sys.stderr)
    return 0 if rapport.reussi else 1


def cmd_schema(args: argparse.Namespace) -> int:
    from .reference import write_reference
    from .schema import write_schemas

    for path in write_schemas(args.dossier):
        print(path)
    print(write_reference(args.reference))
    return 0


def cmd_codes(args: argparse.Namespace) -> int:
    from .codes import page_des_codes

    args.fichier.write_text(page_des_codes(), encoding="utf-8")
    print(args.fichier)
    return 0


def cmd_nouveau(args: argparse.Namespace) -> int:
    from .nouveau import Demande, NouveauImpossible, creer

    demande = Demande(
        departement=args.departement, sortie=args.sortie, france_services=args.france_services,
        data_inclusion=tuple(args.data_inclusion) if args.data_inclusion else None,
        contact=args.contact, site_url=args.url_site, depot_url=args.depot_url,
        organisation=args.organisation, nom=args.nom)
    try:
        depot = creer(demande)
    except NouveauImpossible as exc:
        for problem in exc.problems:
            print(problem.format(), file=sys.stderr)
        print("Rien n'a été écrit.", file=sys.stderr)
        return 2
    for texte in depot.imports:
        print(texte, file=sys.stderr, end="" if texte.endswith("\n") else "\n")
    print(f"Dépôt du guide {depot.departement.de} écrit dans {depot.racine} "
          f"({_compte(len(depot.fichiers), 'fichier')}).\nÀ compléter avant la première "
          "publication :", file=sys.stderr)
    for ligne in depot.a_completer:
        print(f"  - {ligne}", file=sys.stderr)
    print(f"Ensuite : cd {depot.racine} && make serve", file=sys.stderr)
    return 0


def _register_paquet(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("nouveau", help="créer le dépôt du guide d'un autre département")
    p.add_argument("--departement", required=True, metavar="CODE",
                   help="code du département, par exemple 38")
    p.add_argument("--sortie", type=Path, required=True, metavar="DOSSIER",
                   help="dossier du nouveau dépôt (nouveau ou vide), par exemple ../guide-isere")
    p.add_argument("--france-services", type=Path, metavar="CSV",
                   help="liste nationale des France Services (CSV de l'ANCT) à importer")
    p.add_argument("--data-inclusion", type=Path, nargs=2, metavar=("STRUCTURES", "SERVICES"),
                   help="export national data·inclusion (structures et services, JSON)")
    p.add_argument("--contact", metavar="COURRIEL",
                   help="adresse de la coordination du guide (page « À propos »)")
    p.add_argument("--url-site", metavar="URL", help="adresse publique du guide (https://...)")
    p.add_argument("--depot-url", metavar="URL", help="adresse du dépôt sur la forge")
    p.add_argument("--organisation", metavar="NOM",
                   help="organisation sur la forge, pour CODEOWNERS (par défaut : "
                   "departement-<nom>)")
    p.add_argument("--nom", help="nom du guide (par défaut : Guide des solidarités de ...)")
    p.set_defaults(func=cmd_nouveau)

    p = sub.add_parser("migrer", help="mettre les fichiers du dépôt au format de cette version "
                       "du paquet")
    p.add_argument("--depot", type=Path, default=Path("."), metavar="DOSSIER",
                   help="racine du dépôt du guide, avec son mkdocs.yml (par défaut : ici)")
    p.add_argument("--vers", type=Path, metavar="ANNUAIRE_PRO",
                   help="dossier de l'annuaire professionnel (par défaut : celui de "
                   "mkdocs.pro.yml, sinon annuaire-pro)")
    p.set_defaults(func=cmd_migrer)


def cmd_cms(args: argparse.Namespace) -> int:
    from .cms import Reglages, configuration, fiches, render_config
    from .loader import load_annuaire

    charge = load_annuaire(args.annuaire)
    erreurs = [p for p in charge.problems if p.est_erreur]
    if erreurs:
        _print_report(Report(erreurs), args.annuaire)
        print("La configuration n'a pas été écrite : corrigez d'abord ces fichiers.",
              file=sys.stderr)
        return 1
    partenaires, lieux = fiches(charge.partenaires, charge.lieux,
                                args.annuaire.as_posix().rstrip("/"))
    texte = render_config(configuration(partenaires, lieux, Reglages(
        forge=args.forge, depot=args.depot, branche=args.branche, app_id=args.app_id,
        url_forge=args.url_forge, relais_oauth=args.relais_oauth,
        serveur_local=args.serveur_local, site_url=args.site_url)))
    if args.sortie:
        args.sortie.write_text(texte, encoding="utf-8")
    else:
        sys.stdout.write(texte)
    return 0


def cmd_construire(args: argparse.Namespace) -> int:
    import logging

    from mkdocs.exceptions import MkDocsException

    from .moteur import construire

    public: Path = args.public
    pro: Path | None = None if args.sans_pro else args.pro
    if pro is None and not args.sans_pro and Path("mkdocs.pro.yml").is_file():
        pro = Path("mkdocs.pro.yml")
    configs = [public] + ([pro] if pro is not None else [])
    for chemin in configs:
        if not chemin.is_file():
            print(f"Configuration introuvable : {chemin}\n    Conseil : lancez la commande "
                  "à la racine du dépôt du guide, ou indiquez --public / --pro.",
                  file=sys.stderr)
            return 2
    # MkDocs' messages (problems of the annuaire, warnings), as `mkdocs build` shows them.
    sortie = logging.StreamHandler(sys.stderr)
    sortie.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    journal = logging.getLogger("mkdocs")
    niveau, propage = journal.level, journal.propagate
    journal.addHandler(sortie)
    journal.setLevel(logging.WARNING if args.quiet else logging.INFO)
    journal.propagate = False
    try:
        resultats, reprises = construire(configs, strict=args.strict)
    except MkDocsException as exc:
        print(f"{exc}\nConstruction interrompue : les sites déjà construits restent en place.",
              file=sys.stderr)
        return 1
    finally:
        journal.removeHandler(sortie)
        journal.setLevel(niveau)
        journal.propagate = propage
    for resultat in resultats:
        print(f"{resultat.config} -> {resultat.site} ({resultat.secondes:.1f} s)",
              file=sys.stderr)
    if reprises:
        print("Partagé entre les variantes : " + ", ".join(dict.fromkeys(reprises)) + ".",
              file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="guide", description="Guide des solidarités : valider, importer, exporter.")
    sub = parser.add_subparsers(dest="commande", required=True, metavar="COMMANDE")

    p = sub.add_parser("valider", help="vérifier les fiches de l'annuaire")
    p.add_argument("annuaire", type=Path, nargs="?", default=Path("annuaire"),
                   help="l'annuaire, ou un dossier ou fichier de l'annuaire : seuls ses "
                   "problèmes sont affichés, mais tout l'annuaire est vérifié")
    p.add_argument("--strict", action="store_true",
                   help="échouer aussi sur les avertissements (fiches à revoir...)")
    p.add_argument("--erreurs-seulement", action="store_true",
                   help="n'afficher que les erreurs")
    p.add_argument("--date", help="date du jour pour les contrôles (AAAA-MM-JJ)")
    p.add_argument("--fichiers", type=Path, nargs="+", metavar="FICHIER",
                   help="n'afficher que les problèmes de ces fichiers (les autres sont comptés)")
    p.add_argument("--depuis", metavar="REF",
                   help="n'afficher que les problèmes des fichiers modifiés depuis cette "
                   "référence git (origin/main...)")
    p.add_argument("--format", choices=[f.value for f in Format], default=Format.TEXTE.value,
                   help="texte (par défaut), github (annotations), gitlab (Code Quality), json")
    p.add_argument("--sortie", type=Path, metavar="FICHIER",
                   help="écrire le rapport github, gitlab ou json dans ce fichier")
    p.add_argument("--pro", type=Path, metavar="ANNUAIRE_PRO",
                   help="vérifier aussi l'annuaire professionnel (dépôt privé), par exemple "
                   "../annuaire-pro")
    p.set_defaults(func=cmd_valider)

    p = sub.add_parser("separer", help="déplacer les blocs « pro: » de l'annuaire public vers "
                       "l'annuaire professionnel")
    p.add_argument("annuaire", type=Path, nargs="?", default=Path("annuaire"))
    p.add_argument("--vers", type=Path, required=True, metavar="ANNUAIRE_PRO",
                   help="dossier de l'annuaire professionnel (créé s'il n'existe pas)")
    p.set_defaults(func=cmd_separer)

    p = sub.add_parser("schema", help="regénérer les schémas JSON pour les éditeurs et la "
                       "référence des champs")
    p.add_argument("dossier", type=Path, nargs="?", default=Path("schemas"))
    p.add_argument("--reference", type=Path, default=Path("docs") / "champs.md",
                   help="fichier de la référence des champs (docs/champs.md)")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("codes", help="regénérer la liste des codes de problèmes (CODES.md)")
    p.add_argument("fichier", type=Path, nargs="?", default=Path("CODES.md"))
    p.set_defaults(func=cmd_codes)

    p = sub.add_parser("construire", help="construire le guide public et l'annuaire "
                       "professionnel en une fois (les fichiers de « mkdocs build »)")
    p.add_argument("--public", type=Path, default=Path("mkdocs.yml"), metavar="MKDOCS_YML",
                   help="configuration du guide public (par défaut : mkdocs.yml)")
    p.add_argument("--pro", type=Path, metavar="MKDOCS_PRO_YML",
                   help="configuration de l'annuaire professionnel (par défaut : "
                   "mkdocs.pro.yml s'il existe)")
    p.add_argument("--sans-pro", action="store_true",
                   help="ne construire que le guide public")
    p.add_argument("--strict", action="store_true",
                   help="échouer sur les avertissements, comme « mkdocs build --strict »")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="n'afficher que les avertissements et les erreurs")
    p.set_defaults(func=cmd_construire)

    _register_paquet(sub)
    p = sub.add_parser("cms", help="configuration du formulaire des partenaires (/admin/, "
                       "Decap CMS), depuis le modèle des fiches")
    p.add_argument("annuaire", type=Path, nargs="?", default=Path("annuaire"),
                   help="l'annuaire, chemin relatif à la racine du dépôt")
    p.add_argument("--forge", choices=["gitlab", "github"], default="gitlab")
    p.add_argument("--depot", help="le dépôt sur la forge : departement/guide-solidarites")
    p.add_argument("--branche", default="main")
    p.add_argument("--app-id", help="GitLab : identifiant de l'application OAuth (PKCE)")
    p.add_argument("--url-forge", help="GitLab auto-hébergé : https://gitlab.exemple.fr")
    p.add_argument("--relais-oauth", help="GitHub : adresse du relais OAuth")
    p.add_argument("--serveur-local", help="adresse de decap-server pour un essai local")
    p.add_argument("--site-url", help="adresse du guide public")
    p.add_argument("--sortie", type=Path, metavar="FICHIER",
                   help="écrire dans ce fichier (par défaut : la sortie standard)")
    p.set_defaults(func=cmd_cms)

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
