"""`guide exporter`, `guide qualite`, `guide couverture`: thin wiring over exports, qualite
and couverture."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from .catalogue import Catalogue, Variante, build_catalogue
from .communes import communes_du_departement
from .couverture import SEUIL_DEFAUT_KM, RapportCouverture, Totaux
from .exports import SOURCE_DEFAUT
from .problems import Report

LIMITE_DEFAUT = 20
"""Lines of a list printed in the terminal; the CSV always holds everything."""


def _nombre(n: float) -> str:
    """12345 -> "12 345", 99.5 -> "99,5": numbers as French readers write them."""
    texte = f"{n:,.1f}" if isinstance(n, float) else f"{n:,}"
    return texte.replace(",", "\u00a0").replace(".", ",")


def _charger(args: argparse.Namespace) -> tuple[Catalogue, Report]:
    """The public catalogue: exports, quality and coverage read public fields only."""
    from .validation import valider

    aujourdhui = dt.date.fromisoformat(args.date) if args.date else None
    charge, report = valider(args.annuaire, aujourdhui=aujourdhui)
    return build_catalogue(charge, Variante.PUBLIC, args.annuaire,
                           aujourdhui=aujourdhui), report


def _avertir_erreurs(report: Report) -> None:
    if report.erreurs:
        print(f"Attention : l'annuaire contient {len(report.erreurs)} erreur(s) ; les fiches "
              "invalides ne sont pas comptées.\n    Conseil : lancez « guide valider » pour "
              "les voir.", file=sys.stderr)


# --- exporter ------------------------------------------------------------------------------


def cmd_exporter(args: argparse.Namespace) -> int:
    from .exports import exporter

    catalogue, report = _charger(args)
    if report.erreurs:
        racine: Path = args.annuaire
        for problem in report.erreurs:
            print(problem.format(racine.parent), file=sys.stderr)
        print(f"Export refusé : l'annuaire contient {len(report.erreurs)} erreur(s) ; aucun "
              "fichier n'a été écrit.\n    Conseil : corrigez-les (« guide valider » les "
              "liste), puis relancez l'export.", file=sys.stderr)
        return 1
    chemins, rapport = exporter(catalogue, args.sortie, source=args.source,
                                site_url=args.url_site)
    for chemin in chemins:
        print(chemin)
    for remarque in rapport.remarques:
        print("remarque : " + remarque.format(), file=sys.stderr)
    print(f"Export terminé : {rapport.resume()}.", file=sys.stderr)
    return 0


# --- qualite -------------------------------------------------------------------------------


def cmd_qualite(args: argparse.Namespace) -> int:
    from .qualite import rapport_qualite, resume_texte, write_csv

    # The report is a professional page; it reads public fields only all the same.
    catalogue, report = _charger(args)
    _avertir_erreurs(report)
    rapport = rapport_qualite(catalogue)
    print(resume_texte(rapport, limite=args.limite))
    if args.csv:
        write_csv(rapport, args.csv)
        print(f"\nTableau complet : {args.csv}")
    return 0


# --- couverture ----------------------------------------------------------------------------


def _ligne_totaux(titre: str, t: Totaux) -> str:
    texte = (f"{titre} : {_nombre(t.habitants_accessibles)} habitants sur "
             f"{_nombre(t.habitants)} ({_nombre(t.part_habitants_accessibles)} %) et "
             f"{_nombre(t.communes_accessibles)} communes sur {_nombre(t.communes)} "
             f"({_nombre(t.part_communes_accessibles)} %) à portée")
    if t.communes_non_situees:
        texte += (f" ; {t.communes_non_situees} commune(s) sans position de mairie, comptées "
                  "hors de portée")
    return texte + "."


def _resume_couverture(rapport: RapportCouverture, departement: str, limite: int) -> str:
    seuil = _nombre(rapport.seuil_km).removesuffix(",0")
    lignes = [
        f"Couverture du département {departement} par le premier accueil social "
        f"inconditionnel (seuil : {seuil} km à vol d'oiseau de la mairie)",
        f"{rapport.nombre_lieux} lieu(x) de premier accueil, {rapport.nombre_permanences} "
        "permanence(s).",
        _ligne_totaux("Lieux seuls", rapport.totaux),
        _ligne_totaux("Permanences comprises", rapport.totaux_avec_permanences),
    ]
    hors = rapport.hors_de_portee_avec_permanences
    if not hors:
        lignes.append("Toutes les communes situées sont à portée.")
        return "\n".join(lignes)
    lignes.append("")
    lignes.append(f"Communes hors de portée, permanences comprises ({len(hors)}), les plus "
                  "peuplées d'abord :")
    for c in hors[:limite]:
        acces = c.avec_permanences
        ou = (f"{_nombre(acces.distance_km)} km de {acces.lieu_nom}"
              if acces.distance_km is not None else "aucun lieu")
        lignes.append(f"  {c.nom} ({c.code_insee}) : {_nombre(c.population)} habitants, {ou}")
    if len(hors) > limite:
        lignes.append(f"  ... et {len(hors) - limite} autre(s) : voir le tableau (--csv).")
    return "\n".join(lignes)


def cmd_couverture(args: argparse.Namespace) -> int:
    from .couverture import couverture_du_catalogue, write_csv

    communes = communes_du_departement(args.departement)
    if not communes:
        print(f"Département inconnu : « {args.departement} ».\n    Conseil : indiquez son "
              "code, par exemple 72 (Sarthe), 2A (Corse-du-Sud) ou 971 (Guadeloupe).",
              file=sys.stderr)
        return 2
    if not args.seuil_km > 0:
        print(f"Seuil invalide : {args.seuil_km} km.\n    Conseil : un nombre de kilomètres "
              f"positif, par exemple {SEUIL_DEFAUT_KM:g}.", file=sys.stderr)
        return 2
    catalogue, report = _charger(args)
    _avertir_erreurs(report)
    rapport = couverture_du_catalogue(catalogue, communes, seuil_km=args.seuil_km)
    for note in rapport.remarques:
        print("remarque : " + note, file=sys.stderr)
    print(_resume_couverture(rapport, args.departement, args.limite))
    if args.csv:
        write_csv(rapport, args.csv)
        print(f"\nTableau complet, une ligne par commune : {args.csv}")
    return 0


# --- registration --------------------------------------------------------------------------


def _annuaire(p: argparse.ArgumentParser) -> None:
    p.add_argument("annuaire", type=Path, nargs="?", default=Path("annuaire"),
                   help="dossier de l'annuaire (par défaut : annuaire)")
    p.add_argument("--date", help="date du jour pour les contrôles (AAAA-MM-JJ)")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("exporter", help="écrire les données ouvertes (GeoJSON, CSV, "
                       "data·inclusion) après validation")
    _annuaire(p)
    p.add_argument("--sortie", type=Path, required=True, metavar="DOSSIER",
                   help="dossier où écrire les fichiers")
    p.add_argument("--source", default=SOURCE_DEFAUT, metavar="ID",
                   help=f"identifiant du producteur pour data·inclusion (par défaut : "
                   f"{SOURCE_DEFAUT})")
    p.add_argument("--url-site", metavar="URL",
                   help="adresse publique du site (https://...), pour le lien de chaque fiche")
    p.set_defaults(func=cmd_exporter)

    p = sub.add_parser("qualite", help="rapport de qualité des fiches, par partenaire")
    _annuaire(p)
    p.add_argument("--csv", type=Path, metavar="FICHIER", help="écrire le tableau complet")
    p.add_argument("--limite", type=int, default=None, metavar="N",
                   help="n'afficher que les N premiers partenaires")
    p.set_defaults(func=cmd_qualite)

    p = sub.add_parser("couverture", help="communes à plus de 30 minutes d'un premier accueil")
    _annuaire(p)
    p.add_argument("--departement", required=True, metavar="CODE",
                   help="code du département, par exemple 72")
    p.add_argument("--seuil-km", type=float, default=SEUIL_DEFAUT_KM, metavar="N",
                   help=f"distance à vol d'oiseau tenue pour 30 minutes (par défaut : "
                   f"{SEUIL_DEFAUT_KM:g})")
    p.add_argument("--csv", type=Path, metavar="FICHIER",
                   help="écrire une ligne par commune")
    p.add_argument("--limite", type=int, default=LIMITE_DEFAUT, metavar="N",
                   help=f"communes hors de portée affichées (par défaut : {LIMITE_DEFAUT})")
    p.set_defaults(func=cmd_couverture)
