"""`guide codeowners`, `guide campagne`, `guide confirmer`, `guide apercu`: thin wiring
over the modules that keep partners' records reviewed and fresh on the forge."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from .campagne import JOURS_DEFAUT
from .forge import Forge, base_depot
from .problems import Problem

JOURS_MAX = 366
"""A campaign looks at most a year ahead."""


def _aujourdhui(args: argparse.Namespace) -> dt.date:
    return dt.date.fromisoformat(args.date) if args.date else dt.date.today()


def _erreurs(report_erreurs: list[Problem], racine: Path, quoi: str) -> int:
    for problem in report_erreurs:
        print(problem.format(racine.parent), file=sys.stderr)
    print(f"{quoi} refusé : l'annuaire contient {len(report_erreurs)} erreur(s) ; rien n'a "
          "été écrit.\n    Conseil : corrigez-les (« guide valider » les liste), puis "
          "relancez.", file=sys.stderr)
    return 1


# --- codeowners ------------------------------------------------------------------------------


def cmd_codeowners(args: argparse.Namespace) -> int:
    from .codeowners import CHEMIN, generer
    from .forge import lire_reglages
    from .validation import valider

    reglages = lire_reglages(args.config)
    forge = Forge(args.forge) if args.forge else reglages.forge
    if forge is None:
        print("Forge inconnue : depot_url de mkdocs.yml n'est ni sur GitHub ni sur GitLab.\n"
              "    Conseil : précisez --forge github ou --forge gitlab.", file=sys.stderr)
        return 2
    racine: Path = args.annuaire
    charge, report = valider(racine)
    if report.erreurs:
        return _erreurs(report.erreurs, racine, "CODEOWNERS")
    depot = base_depot(racine)
    chemin = args.sortie or depot / CHEMIN[forge]
    existant = chemin.read_text(encoding="utf-8") if chemin.is_file() else None
    organisation = reglages.depot[0] if reglages.depot else None
    resultat = generer(charge.partenaires, racine, depot, forge, existant, organisation)
    for remarque in resultat.remarques:
        print("remarque : " + remarque, file=sys.stderr)
    if args.verifier:
        if existant == resultat.texte:
            print(f"{chemin} est à jour.", file=sys.stderr)
            return 0
        print(f"{chemin} n'est pas à jour avec les « responsables » des partenaire.yml.\n"
              "    Conseil : lancez « guide codeowners » et ajoutez le fichier à la demande.",
              file=sys.stderr)
        return 1
    chemin.parent.mkdir(parents=True, exist_ok=True)
    chemin.write_text(resultat.texte, encoding="utf-8")
    print(chemin)
    return 0


# --- campagne --------------------------------------------------------------------------------


def cmd_campagne(args: argparse.Namespace) -> int:
    from .campagne import campagne, ecrire
    from .forge import lire_reglages
    from .validation import valider

    if not 0 <= args.jours <= JOURS_MAX:
        print(f"Nombre de jours invalide : {args.jours}.\n    Conseil : entre 0 et "
              f"{JOURS_MAX}, par exemple {JOURS_DEFAUT}.", file=sys.stderr)
        return 2
    racine: Path = args.annuaire
    aujourdhui = _aujourdhui(args)
    charge, report = valider(racine, aujourdhui=aujourdhui)
    if report.erreurs:
        print(f"Attention : l'annuaire contient {len(report.erreurs)} erreur(s) ; les fiches "
              "invalides ne sont pas dans la campagne.\n    Conseil : lancez « guide "
              "valider » pour les voir.", file=sys.stderr)
    messages = campagne(charge, base_depot(racine), lire_reglages(args.config), aujourdhui,
                        args.jours)
    if args.sortie:
        maintenant = dt.datetime.combine(aujourdhui, dt.time(8), tzinfo=dt.UTC)
        ecrire(messages, args.sortie, maintenant)
    else:
        for i, message in enumerate(messages):
            print(("\n---\n\n" if i else "") + f"# {message.titre}\n\n{message.markdown()}",
                  end="")
    retard = sum(len(m.en_retard) for m in messages)
    venir = sum(len(m.a_venir) for m in messages)
    print(f"{len(messages)} partenaire(s) à relancer : {retard} fiche(s) en retard, {venir} "
          f"à vérifier d'ici {args.jours} jours" + (f" ; messages dans {args.sortie}"
                                                   if args.sortie else "") + ".",
          file=sys.stderr)
    return 0


# --- confirmer -------------------------------------------------------------------------------


def cmd_confirmer(args: argparse.Namespace) -> int:
    from .confirmer import confirmer, fiches_de

    ecrits, problemes = confirmer(fiches_de(args.fichiers), args.par, _aujourdhui(args))
    for probleme in problemes:
        print(probleme.format(), file=sys.stderr)
    if problemes:
        print("Aucune fiche n'a été modifiée.", file=sys.stderr)
        return 1
    for chemin in ecrits:
        print(chemin)
    print(f"{len(ecrits)} fiche(s) confirmée(s) au {_aujourdhui(args):%d/%m/%Y}.\n"
          "    Conseil : lancez « guide valider » puis proposez la modification.",
          file=sys.stderr)
    return 0


# --- apercu ----------------------------------------------------------------------------------


def cmd_apercu(args: argparse.Namespace) -> int:
    from .apercu import SitePro, copier_apercu, pages_touchees, resume
    from .catalogue import Variante, build_catalogue
    from .forge import ErreurForge, Filtre, Selection, fichiers_modifies, partager, trouver_racine
    from .validation import valider

    racine = trouver_racine(args.annuaire)
    try:
        fichiers = list(args.fichiers or []) + (
            fichiers_modifies(racine, args.depuis) if args.depuis else [])
    except ErreurForge as exc:
        print(f"Fichiers modifiés introuvables : {exc}", file=sys.stderr)
        return 2
    aujourdhui = _aujourdhui(args)
    charge, report = valider(racine, aujourdhui=aujourdhui)
    dans_annuaire = [f for f in fichiers if f.suffix == ".yml"
                     and racine.resolve() in f.resolve().parents]
    montres, autres = partager(report, Selection((Filtre.de(dans_annuaire),)))
    catalogue = build_catalogue(charge, Variante.PUBLIC, racine, aujourdhui=aujourdhui)
    pages = pages_touchees(charge, catalogue, dans_annuaire)
    if args.site:
        if args.sortie is None:
            print("Dossier de l'aperçu manquant.\n    Conseil : ajoutez --sortie apercu.",
                  file=sys.stderr)
            return 2
        if not (args.site / "index.html").is_file():
            print(f"Site introuvable : {args.site}\n    Conseil : construisez d'abord le "
                  "guide public (« make site »).", file=sys.stderr)
            return 2
        try:
            pages = copier_apercu(args.site, pages, args.sortie)
        except SitePro:
            print(f"Aperçu refusé : {args.site} est l'annuaire professionnel.\n    Conseil : "
                  "l'aperçu se fait sur le guide public (« make site »), jamais sur site-pro.",
                  file=sys.stderr)
            return 2
    texte = resume(len(dans_annuaire), montres, autres, pages)
    if args.sortie:
        args.sortie.mkdir(parents=True, exist_ok=True)
        (args.sortie / "resume.md").write_text(texte, encoding="utf-8")
    sys.stdout.write(texte)
    return 0


# --- registration ----------------------------------------------------------------------------


def _annuaire(p: argparse.ArgumentParser) -> None:
    p.add_argument("annuaire", type=Path, nargs="?", default=Path("annuaire"),
                   help="dossier de l'annuaire (par défaut : annuaire)")


def _config(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", type=Path, default=Path("mkdocs.yml"), metavar="FICHIER",
                   help="le mkdocs.yml qui donne depot_url (par défaut : mkdocs.yml)")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("codeowners", help="écrire CODEOWNERS à partir des « responsables » "
                       "des partenaires")
    _annuaire(p)
    _config(p)
    p.add_argument("--forge", choices=[f.value for f in Forge],
                   help="github (.github/CODEOWNERS) ou gitlab (.gitlab/CODEOWNERS) ; par "
                   "défaut, d'après depot_url")
    p.add_argument("--sortie", type=Path, metavar="FICHIER", help="ailleurs qu'à sa place")
    p.add_argument("--verifier", action="store_true",
                   help="ne rien écrire ; échouer si le fichier n'est pas à jour")
    p.set_defaults(func=cmd_codeowners)

    p = sub.add_parser("campagne", help="par partenaire, les fiches à vérifier : un message "
                       "prêt à publier ou à envoyer")
    _annuaire(p)
    _config(p)
    p.add_argument("--jours", type=int, default=JOURS_DEFAUT, metavar="N",
                   help=f"inclure les fiches à revoir d'ici N jours (par défaut : "
                   f"{JOURS_DEFAUT})")
    p.add_argument("--sortie", type=Path, metavar="DOSSIER",
                   help="écrire <partenaire>.md, <partenaire>.eml et index.json")
    p.add_argument("--date", help="date du jour (AAAA-MM-JJ)")
    p.set_defaults(func=cmd_campagne)

    p = sub.add_parser("confirmer", help="noter qu'une fiche est toujours exacte "
                       "(verifie_le, verifie_par)")
    p.add_argument("fichiers", type=Path, nargs="+", metavar="FICHIER",
                   help="fiches (ou dossiers de partenaire) à confirmer")
    p.add_argument("--par", required=True, metavar="SERVICE",
                   help="qui a vérifié : le nom du service, pas d'une personne")
    p.add_argument("--date", help="date de la vérification (par défaut : aujourd'hui)")
    p.set_defaults(func=cmd_confirmer)

    p = sub.add_parser("apercu", help="aperçu des pages touchées par une demande de "
                       "modification, et son résumé")
    _annuaire(p)
    p.add_argument("--depuis", metavar="REF", help="fichiers modifiés depuis cette référence git")
    p.add_argument("--fichiers", type=Path, nargs="+", metavar="FICHIER",
                   help="fichiers modifiés, donnés un par un")
    p.add_argument("--site", type=Path, metavar="DOSSIER",
                   help="le guide public construit (site) d'où copier les pages")
    p.add_argument("--sortie", type=Path, metavar="DOSSIER",
                   help="dossier de l'aperçu (pages, index.html, resume.md)")
    p.add_argument("--date", help="date du jour (AAAA-MM-JJ)")
    p.set_defaults(func=cmd_apercu)
