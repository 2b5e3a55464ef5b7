"""`guide nouveau`: a département's own repository of the guide, complete and valid.

The repository holds the département's data and configuration only; the code is the
package, pinned in its requirements.lock. What it shares with this repository is copied
from the same sources (the shipped forge pipelines and editorial pages, see livre.py) or
generated from the code itself (the plugin options and their defaults, the JSON Schemas,
the dependency pins), never typed twice. Everything is written into a temporary folder
beside the target, checked, then renamed: a failed run leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import re
import shutil
import textwrap
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

import jinja2
from email_validator import EmailNotValidError, validate_email

from . import __version__
from .codeowners import MARQUE
from .codes import probleme
from .config import GuideConfig
from .importers.cli import importer
from .livre import chemin_livre
from .problems import Problem

MODELE = Path(__file__).parent / "modele_depot"
DEPARTEMENTS = Path(__file__).parent / "data" / "departements.csv"
PAQUET = "guide-solidarites"

ANNUAIRE = "annuaire"
ANNUAIRE_PRO = "annuaire-pro"
RESSOURCES = "ressources"
RAPPORTS = "rapports"

FORGE: tuple[str, ...] = (
    ".github/workflows/verification.yml",
    ".github/workflows/campagne.yml",
    ".github/PULL_REQUEST_TEMPLATE.md",
    ".gitlab-ci.yml",
    ".gitlab/merge_request_templates/Default.md",
)
"""The forge files, copied byte for byte from the ones this repository runs."""

NAV_PUBLIC: tuple[tuple[str, str], ...] = (
    ("Accueil", "index.md"),
    ("Rechercher", "recherche/index.md"),
    ("Carte", "carte/index.md"),
    ("Comprendre et s'orienter", "ressources.md"),
    ("Le premier accueil social", "premier-accueil.md"),
    ("Vos droits", "vos-droits.md"),
    ("Qui fait quoi", "qui-fait-quoi.md"),
    ("Numéros d'urgence", "urgences.md"),
    ("Toutes les communes", "communes/index.md"),
    ("Tous les partenaires", "partenaires/index.md"),
    ("Pour les professionnels", "professionnels.md"),
    ("Données ouvertes", "donnees/index.md"),
    ("Aide à la saisie des horaires", "aide-horaires.md"),
    ("À propos du guide", "a-propos.md"),
)
NAV_PRO: tuple[tuple[str, str], ...] = (
    *NAV_PUBLIC[:3],
    ("Couverture du territoire", "couverture/index.md"),
    ("Qualité des données", "qualite/index.md"),
    *NAV_PUBLIC[3:],
)

NOM_MAX = 120
"""Longest guide name accepted: it is the title of every page."""

# "le Conseil départemental" not already followed by the département's name.
_CONSEIL = re.compile(r"\bConseil départemental\b(?! d[eu'’ ]| des )")
# The local numbers go before this sentence of the shipped urgences.md.
_AVANT_NUMEROS_LOCAUX = "Pour être aidé dans votre situation"


@dataclass(frozen=True)
class Departement:
    code: str
    nom: str
    article: str
    """« l' », « la », « le », « les », or empty (Paris, Mayotte...)."""

    @property
    def de(self) -> str:
        """« de l'Isère », « de la Sarthe », « du Nord », « des Landes », « de Paris »."""
        if self.article == "le":
            return f"du {self.nom}"
        if self.article == "les":
            return f"des {self.nom}"
        if self.article == "l'":
            return f"de l'{self.nom}"
        if self.article == "la":
            return f"de la {self.nom}"
        return f"d'{self.nom}" if self.nom[:1] in "AEIOUÉ" else f"de {self.nom}"

    @property
    def en(self) -> str:
        """« en Isère », « en Sarthe », « dans le Nord », « dans les Landes », « à Paris »."""
        if self.article in ("le", "les"):
            return f"dans {self.article} {self.nom}"
        if self.article in ("l'", "la"):
            return f"en {self.nom}"
        return f"à {self.nom}"


@cache
def departements() -> dict[str, Departement]:
    with DEPARTEMENTS.open(encoding="utf-8", newline="") as f:
        return {row["code"]: Departement(row["code"], row["nom"], row["article"])
                for row in csv.DictReader(f)}


def slug(texte: str) -> str:
    """« Isère » -> « isere »: for the forge organisation's default name."""
    sans_accents = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", sans_accents.lower()).strip("-")


@dataclass
class Demande:
    """What `guide nouveau` was asked, checked by `verifier` before anything is written."""

    departement: str
    sortie: Path
    france_services: Path | None = None
    data_inclusion: tuple[Path, Path] | None = None
    contact: str | None = None
    site_url: str | None = None
    depot_url: str | None = None
    organisation: str | None = None
    nom: str | None = None
    date: dt.date = field(default_factory=dt.date.today)


@dataclass
class Depot:
    """The repository `creer` wrote."""

    racine: Path
    departement: Departement
    fichiers: list[Path]
    imports: list[str]
    """The importers' own reports, as they printed them."""
    a_completer: list[str]


class NouveauImpossible(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))


def _url(valeur: str, option: str) -> Problem | None:
    if len(valeur) > 300 or not re.fullmatch(r"https://[A-Za-z0-9.-]+(:[0-9]+)?(/[^\s\"'<>\\]*)?",
                                              valeur):
        return probleme("nouveau-url", option=option, adresse=valeur[:80])
    return None


def verifier(demande: Demande) -> list[Problem]:
    """Every reason not to write the repository, all at once."""
    problems: list[Problem] = []
    if demande.departement not in departements():
        problems.append(probleme("nouveau-departement", departement=demande.departement[:10]))
    sortie = demande.sortie
    if sortie.exists() and (not sortie.is_dir() or any(sortie.iterdir())):
        problems.append(probleme("nouveau-dossier-non-vide", dossier=sortie))
    elif not sortie.parent.is_dir():
        problems.append(probleme("nouveau-dossier-parent", dossier=sortie.parent))
    fichiers = [demande.france_services, *(demande.data_inclusion or ())]
    for fichier in fichiers:
        if fichier is not None and not fichier.is_file():
            problems.append(probleme("nouveau-fichier-national", national=fichier))
    if demande.contact is not None:
        try:
            validate_email(demande.contact, check_deliverability=False)
        except EmailNotValidError:
            problems.append(probleme("nouveau-contact", adresse=demande.contact[:80]))
    for valeur, option in ((demande.site_url, "--url-site"), (demande.depot_url, "--depot-url")):
        if valeur is not None and (refuse := _url(valeur, option)):
            problems.append(refuse)
    if demande.organisation is not None and not re.fullmatch(
            r"[A-Za-z0-9][A-Za-z0-9-]{0,38}", demande.organisation):
        problems.append(probleme("nouveau-organisation", organisation=demande.organisation[:40]))
    if demande.nom is not None and (
            not demande.nom.strip() or len(demande.nom) > NOM_MAX
            or any(not c.isprintable() for c in demande.nom)):
        problems.append(probleme("nouveau-nom", limite=NOM_MAX))
    return problems


# --- The files ------------------------------------------------------------------------------


def _yaml(valeur: Any) -> str:
    """A YAML scalar for any value: JSON strings are YAML, so nothing in them is read as
    syntax (a name with « : » or « # », a quote, a line break)."""
    if isinstance(valeur, bool):
        return "true" if valeur else "false"
    if isinstance(valeur, int | float):
        return json.dumps(valeur)
    if isinstance(valeur, dt.date):
        return valeur.isoformat()
    return json.dumps(str(valeur), ensure_ascii=False)


def _environnement() -> jinja2.Environment:
    # YAML, Markdown and a Makefile, not HTML: no autoescape. Every value a user typed goes
    # through the `yaml` filter (quoted scalar) or was checked by `verifier` (addresses).
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(MODELE), autoescape=False,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.filters["yaml"] = _yaml
    return env


@cache
def aide_options() -> dict[str, dict[str, Any]]:
    """The French documentation of each plugin option (modele_depot/options.yml)."""
    import yaml

    donnees = yaml.safe_load((MODELE / "options.yml").read_text(encoding="utf-8"))
    assert isinstance(donnees, dict)
    return donnees


def bloc_options(valeurs: dict[str, Any], *, documente: bool = True, retrait: int = 6) -> str:
    """The plugin's options in config.py's order: with `documente`, each under its French
    comment, the set ones with their value and the others commented out with their
    default; else the set ones only."""
    aides = aide_options()
    marge = " " * retrait
    lignes: list[str] = []
    for nom, option in GuideConfig._schema:
        if not documente:
            if nom in valeurs:
                lignes.append(f"{marge}{nom}: {_yaml(valeurs[nom])}")
            continue
        # No-break spaces inside French quotes while wrapping, so « and » stay with the word.
        aide = aides[nom]["aide"].replace("« ", "«\u00a0").replace(" »", "\u00a0»")
        lignes += [ligne.replace("\u00a0", " ") for ligne in textwrap.wrap(
            aide, width=92 - retrait, initial_indent=marge + "# ",
            subsequent_indent=marge + "# ", break_long_words=False, break_on_hyphens=False)]
        if nom in valeurs:
            lignes.append(f"{marge}{nom}: {_yaml(valeurs[nom])}")
        else:
            defaut = option.default if option.default is not None else aides[nom].get("exemple")
            lignes.append(f"{marge}# {nom}: {_yaml(defaut)}" if defaut is not None
                          else f"{marge}# {nom}:")
    return "\n".join(lignes) + "\n"


def dependances_figees(paquet: str = PAQUET) -> list[str]:
    """`name==version` of the package and of every dependency it pulls in, as installed.

    The versions are those this installation of the package runs with (installed from this
    repository's requirements.lock); a département's repository pins the same ones.
    """
    vus: dict[str, str] = {}
    faits: set[tuple[str, frozenset[str]]] = set()
    a_voir: list[tuple[str, frozenset[str]]] = [(paquet, frozenset())]
    while a_voir:
        nom, extras = a_voir.pop()
        if (nom.lower().replace("_", "-"), extras) in faits:
            continue
        faits.add((nom.lower().replace("_", "-"), extras))
        try:
            dist = metadata.distribution(nom)
        except metadata.PackageNotFoundError:
            # A dependency for another platform or Python (a marker): not installed here.
            continue
        vus[dist.metadata["Name"]] = dist.version
        for exigence in dist.requires or []:
            nom_dep, extras_dep, marqueur = _exigence(exigence)
            extra = re.search(r"extra\s*==\s*['\"]([^'\"]+)['\"]", marqueur)
            if extra and extra.group(1) not in extras:
                continue
            a_voir.append((nom_dep, extras_dep))
    return [f"{nom}=={version}" for nom, version in
            sorted(vus.items(), key=lambda kv: (kv[0].lower() != paquet, kv[0].lower()))]


def _exigence(texte: str) -> tuple[str, frozenset[str], str]:
    """("name", {extras}, "marker") of a Requires-Dist line."""
    exigence, _, marqueur = texte.partition(";")
    m = re.match(r"\s*([A-Za-z0-9._-]+)\s*(?:\[([^\]]*)\])?", exigence)
    assert m is not None, texte
    extras = frozenset(e.strip() for e in (m.group(2) or "").split(",") if e.strip())
    return m.group(1), extras, marqueur


def _requirements() -> str:
    pins = dependances_figees()
    paquet, autres = f"{PAQUET}=={__version__}", pins[1:]
    return ("# Le paquet du guide. Pour le mettre à jour, changez ce numéro (et les\n"
            "# dépendances ci-dessous, que sa nouvelle version fige) : voir README.md.\n"
            f"{paquet}\n"
            "# Ses dépendances, aux versions avec lesquelles cette version est testée.\n"
            + "".join(p + "\n" for p in autres))


def page_editoriale(nom: str, texte: str, departement: Departement, local: str) -> str:
    """One shipped editorial page, naming the département; urgences.md gets its local
    numbers, to fill in, before the closing lines."""
    texte = _CONSEIL.sub(f"Conseil départemental {departement.de}", texte)
    if nom == "urgences.md":
        if texte.count(_AVANT_NUMEROS_LOCAUX) != 1:
            raise ValueError(f"{nom} : la phrase « {_AVANT_NUMEROS_LOCAUX} » n'y est plus "
                             "une fois ; où placer les numéros locaux ?")
        debut = texte.index(_AVANT_NUMEROS_LOCAUX)
        texte = texte[:debut] + local + texte[debut:]
    return texte


@contextlib.contextmanager
def _dossier_temporaire(sortie: Path) -> Iterator[Path]:
    temporaire = sortie.parent / f".{sortie.name}.nouveau"
    shutil.rmtree(temporaire, ignore_errors=True)
    temporaire.mkdir()
    try:
        yield temporaire
    except BaseException:
        shutil.rmtree(temporaire, ignore_errors=True)
        raise


def _importer(racine: Path, demande: Demande) -> tuple[list[str], list[dict[str, str]]]:
    """Run the importers as `guide importer` does; their printed report is kept."""
    textes: list[str] = []
    imports: list[dict[str, str]] = []
    rapports = racine / RAPPORTS
    commandes: list[tuple[str, str, list[str], list[Path]]] = []
    if demande.france_services:
        commandes.append(("france-services", "Liste nationale des France Services (ANCT)",
                          ["france-services"], [demande.france_services]))
    if demande.data_inclusion:
        commandes.append(("data-inclusion", "Export national data·inclusion",
                          ["data-inclusion"], list(demande.data_inclusion)))
    (racine / ANNUAIRE_PRO).mkdir(exist_ok=True)
    for cle, titre, source, fichiers in commandes:
        rapports.mkdir(exist_ok=True)
        csv_rapport = rapports / f"import-{cle}.csv"
        tampon = io.StringIO()
        with contextlib.redirect_stderr(tampon):
            # Values the import could not read go to the professional tree, to be taken up.
            code = importer([*source, *map(str, fichiers), "--departement",
                         demande.departement, "--sortie", str(racine / ANNUAIRE),
                         "--pro", str(racine / ANNUAIRE_PRO), "--rapport", str(csv_rapport)])
        texte = tampon.getvalue().replace(str(racine) + "/", "")
        (rapports / f"import-{cle}.txt").write_text(texte, encoding="utf-8")
        textes.append(texte)
        if code != 0:
            raise NouveauImpossible([probleme("nouveau-import", source=cle, rapport=texte)])
        imports.append({"titre": titre, "fichiers": " ".join(f.name for f in fichiers),
                        "rapport": f"{RAPPORTS}/import-{cle}.txt"})
    return textes, imports


def creer(demande: Demande) -> Depot:
    """Write the département's repository into `demande.sortie`, or nothing at all."""
    from .codeowners import generer
    from .forge import Forge
    from .schema import write_schemas
    from .validation import valider

    problems = verifier(demande)
    if problems:
        raise NouveauImpossible(problems)
    departement = departements()[demande.departement]
    organisation = demande.organisation or f"departement-{slug(departement.nom)}"
    nom = demande.nom or f"Guide des solidarités {departement.de}"
    a_completer: list[str] = []
    site_url = demande.site_url
    if site_url is None:
        site_url = "https://guide-solidarites.exemple.fr/"
        a_completer.append("`site_url` dans `mkdocs.yml` et `mkdocs.pro.yml` : l'adresse "
                           "publique du guide (ici un exemple)")
    site_url = site_url.rstrip("/") + "/"
    depot_url = demande.depot_url or f"https://github.com/{organisation}/guide-solidarites"
    if demande.depot_url is None:
        a_completer.append(f"`depot_url` dans `mkdocs.yml` et `mkdocs.pro.yml` : l'adresse de "
                           f"ce dépôt sur la forge (ici {depot_url})")
    if demande.contact is None:
        a_completer.append("l'adresse de la coordination du guide : option "
                           "`contact_signalement` (lien « Signaler une erreur ») et "
                           "`ressources/a-propos.md`")
    if demande.organisation is None:
        a_completer.append(f"`.github/CODEOWNERS` : les équipes de la forge (ici "
                           f"@{organisation}/...)")
    a_completer.append("`ressources/urgences.md` : les numéros du département, marqués "
                       "« à compléter »")

    env = _environnement()
    options_communes: dict[str, Any] = {
        "annuaire": ANNUAIRE, "departement": departement.code, "horizon_semaines": 6,
        "depot_url": depot_url, "source_donnees": f"guide-solidarites-{departement.code}",
    }
    if demande.contact:
        options_communes["contact_signalement"] = demande.contact
    # The map's tiles are the département's choice: written out, with their defaults.
    for option in ("tuiles", "attribution"):
        options_communes[option] = dict(GuideConfig._schema)[option].default
    contexte: dict[str, Any] = {
        "nom": nom, "version": __version__, "departement": departement,
        "description": f"Où être accueilli, écouté et orienté gratuitement {departement.en} : "
                       "lieux d'accueil, horaires, numéros utiles.",
        "site_url": site_url, "site_url_pro": site_url + "pro/", "organisation": organisation,
        "annuaire_pro": ANNUAIRE_PRO, "marque": MARQUE, "a_completer": a_completer,
        "date": demande.date.strftime("%d/%m/%Y"),
    }

    with _dossier_temporaire(demande.sortie) as racine:
        def ecrire(chemin: str, texte: str) -> None:
            path = racine / chemin
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(texte, encoding="utf-8")

        (racine / ANNUAIRE).mkdir()
        textes, imports = _importer(racine, demande)
        contexte["imports"] = imports
        ecrire("mkdocs.yml", env.get_template("mkdocs.yml.j2").render(
            contexte, nav=NAV_PUBLIC,
            options=bloc_options({**options_communes, "variant": "public"})))
        options_pro = {**options_communes, "variant": "pro", "annuaire_pro": ANNUAIRE_PRO}
        ecrire("mkdocs.pro.yml", env.get_template("mkdocs.pro.yml.j2").render(
            contexte, nav=NAV_PRO, options=bloc_options(options_pro, documente=False)))
        ecrire("Makefile", env.get_template("Makefile.j2").render(contexte))
        ecrire("README.md", env.get_template("README.md.j2").render(contexte))
        ecrire(".gitignore", env.get_template("gitignore").render(contexte))
        ecrire("requirements.lock", _requirements())
        ecrire(f"{ANNUAIRE_PRO}/README.md", env.get_template("annuaire-pro-README.md.j2")
               .render(contexte))
        for chemin in FORGE:
            path = racine / chemin
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(chemin_livre(chemin), path)
        shutil.copyfile(chemin_livre("CONTRIBUTING.md"), racine / "CONTRIBUTING.md")
        local = env.get_template("urgences-local.md.j2").render(contexte)
        for page in sorted(chemin_livre(RESSOURCES).glob("*.md")):
            texte = page.read_text(encoding="utf-8")
            if demande.contact and page.name == "a-propos.md":
                texte = texte.replace("Signalez-la au lieu concerné ou au Conseil départemental.",
                                      "Signalez-la au lieu concerné ou au Conseil départemental "
                                      f"(<{demande.contact}>).")
            ecrire(f"{RESSOURCES}/{page.name}", page_editoriale(page.name, texte, departement,
                                                                local))
        write_schemas(racine / "schemas")

        charge, report = valider(racine / ANNUAIRE, aujourdhui=demande.date)
        if report.erreurs:
            raise NouveauImpossible([probleme(
                "nouveau-annuaire-invalide",
                erreurs="\n".join(p.format(racine) for p in report.erreurs))])
        codeowners = generer(charge.partenaires, racine / ANNUAIRE, racine, Forge.GITHUB,
                             env.get_template("CODEOWNERS.j2").render(contexte), organisation)
        ecrire(".github/CODEOWNERS", codeowners.texte)

        if demande.sortie.exists():
            demande.sortie.rmdir()  # empty: checked by verifier
        racine.rename(demande.sortie)
    fichiers = sorted(p for p in demande.sortie.rglob("*") if p.is_file())
    return Depot(demande.sortie, departement, fichiers, textes, a_completer)
