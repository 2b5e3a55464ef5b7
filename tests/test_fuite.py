"""The leak test: nothing of the professional tree may reach the public repository or build.

The fixture (tests/fixtures/sentinelles/) is two trees, as in production: the public
annuaire, and the professional tree (`annuaire-pro/`, a private repository) that gives
every professional field a unique sentinel value. The proof has three parts: (a) no file
of the public repository holds a sentinel; (b) the public build is the same, byte for
byte, whether the professional tree exists or not; (c) the professional build shows every
sentinel, so that a sentinel which is simply never rendered cannot pass for safe. Every
file of the public site (HTML, JSON, search index, Pagefind's gzipped chunks, GeoJSON,
CSV, sitemap, 404) is searched for every sentinel in every form it could take.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
import shutil
import subprocess
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from guide_solidarites.catalogue import Variante, build_catalogue
from guide_solidarites.loader import Charge
from guide_solidarites.models import InfosPro
from guide_solidarites.render import Rendu
from guide_solidarites.validation import valider
from pydantic import BaseModel

RACINE = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "sentinelles"
ANNUAIRE = FIXTURE / "annuaire"
ANNUAIRE_PRO = FIXTURE / "annuaire-pro"
AUJOURDHUI = dt.date(2026, 11, 22)

# Fields of the pro block that hold no free value: a flag, a date, a reference to another
# partner's public identifier. Every other leaf must carry a sentinel in the fixture.
SANS_SENTINELLE = {"orientation.fiche_de_liaison", "conventions.partenaire",
                   "conventions.depuis"}


def charger(pro: bool = True) -> Charge:
    """Both trees of the fixture (or the public one alone), checked without an error."""
    charge, report = valider(ANNUAIRE, AUJOURDHUI, racine_pro=ANNUAIRE_PRO if pro else None)
    assert not report.erreurs, [p.format() for p in report.erreurs]
    return charge


# --- The sentinels ---------------------------------------------------------------------------

TEXTE_RE = re.compile(r"^SENTINELLE-[a-z_]+-\d{3}$")
COURRIEL_RE = re.compile(r"^(sentinelle-\d{3})@example\.org$")
TELEPHONE_RE = re.compile(r"^02 61 91 0\d \d\d$")

# Whatever separates digit pairs once a number is formatted, escaped or encoded.
_SEP = rb"(?:[\s.\-/]|\xc2\xa0|\xe2\x80\xaf|&nbsp;|&#160;|&#xa0;|\\u00a0|\\u202f|%20)?"


@dataclass(frozen=True)
class Sentinelle:
    ou: str
    """The record and the field, e.g. `lieu:ccas-sentinelle-sable pro.referents[2].nom`."""
    valeur: str
    motifs: tuple[re.Pattern[bytes], ...]
    """Every form the value could take in a built file (bytes, case-insensitive)."""

    def dans(self, contenu: bytes) -> bool:
        return any(m.search(contenu) for m in self.motifs)


def _motifs(valeur: str) -> tuple[re.Pattern[bytes], ...]:
    if TELEPHONE_RE.match(valeur):
        paires = valeur.split()[1:]  # "02 61 91 00 03" -> 61 91 00 03 after the leading 2
        corps = b"2" + b"".join(_SEP + p.encode() for p in paires)
        # 02 61 91 00 03, 0261910003, +33261910003, +33 (0)2 61..., 0033..., %2B33...
        prefixe = rb"(?:(?:\+|%2B|00)?" + _SEP + rb"33" + _SEP + rb"(?:\(0\))?" + _SEP + rb"|0)"
        return (re.compile(prefixe + corps, re.IGNORECASE),)
    courriel = COURRIEL_RE.match(valeur)
    if courriel:
        # The local part alone is unique: catches mailto:, %40 and &#64; forms alike.
        return (re.compile(re.escape(courriel.group(1).encode()) + rb"(?!\d)", re.IGNORECASE),)
    assert TEXTE_RE.match(valeur), f"valeur de la fixture sans forme de sentinelle : {valeur}"
    # Search indexes may drop or change the hyphens and underscores between words.
    mots = re.split(r"[-_]", valeur)
    motif = rb"[-_\s]?".join(re.escape(m.encode()) for m in mots) + rb"(?!\d)"
    return (re.compile(motif, re.IGNORECASE),)


def _feuilles(data: Any, chemin: str, generique: str) -> Iterator[tuple[str, str, Any]]:
    """(path with indexes, path without them, value) of every leaf of a dumped model."""
    if isinstance(data, dict):
        for cle, valeur in data.items():
            sous = f"{chemin}.{cle}" if chemin else cle
            yield from _feuilles(valeur, sous, f"{generique}.{cle}" if generique else cle)
    elif isinstance(data, list):
        for i, valeur in enumerate(data):
            yield from _feuilles(valeur, f"{chemin}[{i + 1}]", generique)
    else:
        yield chemin, generique, data


def _champs(modele: type[BaseModel], prefixe: str = "") -> set[str]:
    """Every leaf field path of a model, nested models and lists of models walked into."""
    champs: set[str] = set()
    for nom, info in modele.model_fields.items():
        chemin = f"{prefixe}.{nom}" if prefixe else nom
        sous_modeles = [t for t in _types(info.annotation)
                        if isinstance(t, type) and issubclass(t, BaseModel)]
        if sous_modeles:
            for sous in sous_modeles:
                champs |= _champs(sous, chemin)
        else:
            champs.add(chemin)
    return champs


def _types(annotation: Any) -> Iterator[Any]:
    yield annotation
    for argument in getattr(annotation, "__args__", ()):
        yield from _types(argument)


def _blocs_pro() -> Iterator[tuple[str, InfosPro]]:
    charge = charger()
    for pid in charge.partenaires:
        infos = charge.pro_partenaires.get(pid)
        assert infos is not None, f"partenaire {pid} sans fichier dans {ANNUAIRE_PRO}"
        yield f"partenaire:{pid}", infos
    for lid in charge.lieux:
        infos = charge.pro_lieux.get(lid)
        assert infos is not None, f"lieu {lid} sans fichier dans {ANNUAIRE_PRO}"
        yield f"lieu:{lid}", infos


def lire_sentinelles() -> list[Sentinelle]:
    sentinelles = []
    for record, bloc in _blocs_pro():
        for chemin, generique, valeur in _feuilles(bloc.model_dump(exclude_none=True), "", ""):
            if generique in SANS_SENTINELLE:
                continue
            sentinelles.append(Sentinelle(f"{record} pro.{chemin}", valeur, _motifs(valeur)))
    return sentinelles


SENTINELLES = lire_sentinelles()


# --- The fixture itself -----------------------------------------------------------------------


def test_fixture_has_two_partners_and_three_places_each_with_its_pro_file() -> None:
    charge = charger()
    assert (len(charge.partenaires), len(charge.lieux)) == (2, 3)
    assert (len(charge.pro_partenaires), len(charge.pro_lieux)) == (2, 3)


def test_every_pro_field_holds_a_sentinel_at_partner_and_place_level() -> None:
    """A field added to InfosPro must get its sentinel here, or the leak test misses it."""
    attendus = _champs(InfosPro) - SANS_SENTINELLE
    for genre in ("partenaire", "lieu"):
        couverts: set[str] = set()
        for record, bloc in _blocs_pro():
            if record.startswith(genre + ":"):
                couverts |= {g for _, g, v in _feuilles(bloc.model_dump(exclude_none=True),
                                                        "", "") if v not in (None, "")}
        manquants = attendus - couverts
        assert not manquants, (f"champs du bloc pro sans sentinelle au niveau {genre} : "
                               f"{sorted(manquants)} (tests/fixtures/sentinelles/)")


def test_sentinels_are_unique_and_none_is_a_prefix_of_another() -> None:
    valeurs = [s.valeur for s in SENTINELLES]
    assert len(valeurs) == len(set(valeurs))
    for s in SENTINELLES:
        autres = [t.valeur for t in SENTINELLES if t is not s and s.dans(t.valeur.encode())]
        assert not autres, f"la sentinelle {s.valeur} se retrouve dans {autres}"


def test_phone_sentinels_are_found_in_every_format() -> None:
    s = next(s for s in SENTINELLES if s.valeur == "02 61 91 00 03")
    for forme in ("02 61 91 00 03", "0261910003", "+33261910003", "+33 2 61 91 00 03",
                  "tel:+33261910003", "02.61.91.00.03", "02\u00a061\u00a091\u00a000\u00a003",
                  "+33 (0)2 61 91 00 03", "0033261910003", "%2B33261910003"):
        assert s.dans(forme.encode()), forme
    assert not s.dans(b"02 61 91 00 04")


def test_public_fields_of_the_fixture_hold_no_sentinel() -> None:
    """Otherwise the leak test would fail for the wrong reason."""
    charge = charger()
    for record in [*charge.partenaires.values(), *charge.lieux.values()]:
        public = record.model_dump_json().encode()
        assert not [s.valeur for s in SENTINELLES if s.dans(public)], record.id


# --- (a) The public repository ---------------------------------------------------------------


def _fichiers_suivis(*chemins: str) -> list[Path]:
    """The files git tracks under `chemins`: what a public repository publishes."""
    sortie = subprocess.run(["git", "ls-files", "-z", "--", *chemins], cwd=RACINE,
                            capture_output=True, check=True).stdout
    return [RACINE / nom for nom in sortie.decode().split("\0") if nom]


def _valeurs_pro_de_l_exemple() -> list[str]:
    """The sample's professional values that say who and how to reach them (its a_verifier
    notes are copies of public source data, not personal data)."""
    valeurs = []
    for path in sorted((RACINE / "exemples" / "annuaire-pro").rglob("*.yml")):
        data = yaml.safe_load(path.read_text("utf-8")) or {}
        for referent in data.get("referents", []):
            valeurs += [str(v) for k, v in referent.items() if k != "fonction"]
        valeurs += [str(data[k]) for k in ("ligne_directe", "courriel", "notes") if k in data]
    return valeurs


def test_no_file_of_the_public_repository_holds_a_sentinel() -> None:
    suivis = _fichiers_suivis(str(ANNUAIRE.relative_to(RACINE)), "annuaire", "schemas",
                              "ressources", "README.md", "CONTRIBUTING.md")
    public = [p for p in suivis if p.is_relative_to(ANNUAIRE)]
    assert len(public) == 5, "la fixture publique n'est pas suivie par git"
    assert len([p for p in suivis if p.is_relative_to(RACINE / "annuaire")]) > 100
    exemple = _valeurs_pro_de_l_exemple()
    assert len(exemple) > 10, "l'exemple n'a plus de données professionnelles à chercher"
    trouvees = []
    for path in suivis:
        data = path.read_bytes()
        trouvees += [f"{path.relative_to(RACINE)} : {s.valeur}" for s in SENTINELLES
                     if s.dans(data)]
        trouvees += [f"{path.relative_to(RACINE)} : {v}" for v in exemple
                     if v.encode() in data]
        if re.search(rb"^pro[ \t]*:", data, re.MULTILINE) and path.suffix == ".yml":
            trouvees.append(f"{path.relative_to(RACINE)} : bloc pro:")
    assert not trouvees, "Données professionnelles dans le dépôt public :\n" + "\n".join(
        trouvees)


# --- Fast: the catalogues, without MkDocs ------------------------------------------------------


def test_public_catalogue_records_hold_no_sentinel_even_with_the_pro_tree_read() -> None:
    catalogue = build_catalogue(charger(), Variante.PUBLIC, ANNUAIRE, aujourdhui=AUJOURDHUI)
    records = [*catalogue.partenaires.values(), *catalogue.lieux.values()]
    assert len(records) == 5
    for record in records:
        assert not hasattr(record, "pro"), f"{record.id} : le catalogue public garde « pro »"
        for forme in (repr(record), str(record), record.model_dump_json()):
            trouvees = [s.valeur for s in SENTINELLES if s.dans(forme.encode())]
            assert not trouvees, f"{record.id} : sentinelles dans le catalogue public {trouvees}"


def test_pro_catalogue_keeps_every_sentinel() -> None:
    catalogue = build_catalogue(charger(), Variante.PRO, ANNUAIRE, aujourdhui=AUJOURDHUI)
    texte = "".join(r.pro.model_dump_json() for r in
                    [*catalogue.partenaires.values(), *catalogue.lieux.values()]
                    if r.pro is not None).encode()
    assert [s.valeur for s in SENTINELLES if not s.dans(texte)] == []


def test_pro_fragments_and_sheets_show_every_sentinel() -> None:
    """The pro templates print every field of the pro files, from pro.py's contexts: the
    pro build can only miss one if the plugin does not place these sections."""
    from guide_solidarites import pro

    catalogue = build_catalogue(charger(), Variante.PRO, ANNUAIRE, aujourdhui=AUJOURDHUI)
    env = Rendu({}, pro=True).env
    sections = pro.sections_pro(catalogue)
    gabarits = {"lieu": ("pro/lieu.html", "pro/lieu_contacts.html"),
                "partenaire": ("pro/partenaire.html",)}
    rendu = "".join(
        [env.get_template(g).render(racine="../../", section_pro=contexte)
         for cle, contexte in sections.items() for g in gabarits[cle.split(":")[0]]]
        + [env.get_template("pro/fiche_de_liaison.html").render(
            racine="../../../", **pro.contexte_fiche_de_liaison(lieu, catalogue))
           for lieu in catalogue.lieux.values()]
    ).encode()
    assert [f"{s.valeur} ({s.ou})" for s in SENTINELLES if not s.dans(rendu)] == []


def test_coordinator_pages_hold_no_sentinel() -> None:
    """Coverage and quality read the public catalogue: safe even if shown more widely."""
    from guide_solidarites import pro

    catalogue = build_catalogue(charger(), Variante.PRO, ANNUAIRE, aujourdhui=AUJOURDHUI)
    env = Rendu({}, pro=True).env
    rapport = pro.rapport_couverture(catalogue.public)
    html = env.get_template("pro/couverture.html").render(
        racine="../", **pro.contexte_couverture(catalogue.public, rapport, None, ""))
    html += env.get_template("pro/qualite.html").render(
        racine="../", **pro.contexte_qualite(catalogue.public))
    donnees = pro.donnees_couverture(rapport, catalogue.public)
    rendu = (html + json.dumps(donnees)).encode()
    assert [s.valeur for s in SENTINELLES if s.dans(rendu)] == []


# --- Real builds ---------------------------------------------------------------------------------


def construire(config_file: Path, site_dir: Path, annuaire: Path = ANNUAIRE,
               annuaire_pro: Path | None = None) -> Path:
    """Build the site of `config_file` from the sentinel annuaire into `site_dir`."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(config_file), site_dir=str(site_dir))
    guide = config.plugins["guide-solidarites"]
    guide.config.annuaire = str(annuaire)
    if annuaire_pro is not None:
        guide.config.annuaire_pro = str(annuaire_pro)
    guide.config.aujourdhui = AUJOURDHUI
    # Pages for the served communes only: every commune of the département adds nothing here.
    guide.config.departement = None
    build(config)
    return site_dir


@pytest.fixture(scope="module")
def site_public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # mkdocs.yml as is: the fixture's professional tree sits right beside its annuaire.
    assert ANNUAIRE_PRO.is_dir()
    return construire(RACINE / "mkdocs.yml", tmp_path_factory.mktemp("fuite") / "site")


@pytest.fixture(scope="module")
def site_pro(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return construire(RACINE / "mkdocs.pro.yml", tmp_path_factory.mktemp("fuite") / "site-pro",
                      annuaire_pro=ANNUAIRE_PRO)


def contenu(path: Path) -> bytes:
    """A file's bytes, decompressed when gzipped (sitemap.xml.gz, Pagefind's .pf_* files)."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(data)
        except (OSError, EOFError, zlib.error):
            return data
    return data


def fichiers(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.is_file())


def fuites(site: Path) -> list[str]:
    """One line per (file, sentinel) found: the file and the field it came from."""
    trouvees = []
    for path in fichiers(site):
        data = contenu(path)
        for s in SENTINELLES:
            if s.dans(data):
                trouvees.append(f"{path.relative_to(site)} contient {s.valeur!r} ({s.ou})")
    return trouvees


def test_the_search_finds_sentinels_in_gzipped_and_reformatted_files(tmp_path: Path) -> None:
    """The detector itself: a leak in a Pagefind chunk or a sitemap.xml.gz is still a leak."""
    (tmp_path / "pagefind" / "fragment").mkdir(parents=True)
    (tmp_path / "pagefind" / "fragment" / "fr_1.pf_fragment").write_bytes(
        gzip.compress(b'pagefind_dcd{"content":"sentinelle notes 010"}'))
    (tmp_path / "sitemap.xml.gz").write_bytes(gzip.compress(b"<loc>tel:+33261910003</loc>"))
    (tmp_path / "lieux.geojson").write_text('{"courriel": "SENTINELLE-004@EXAMPLE.ORG"}')
    (tmp_path / "propre.html").write_text("<p>02 61 91 50 01</p>")
    assert sorted(f.split(" contient ")[0] for f in fuites(tmp_path)) == [
        "lieux.geojson", "pagefind/fragment/fr_1.pf_fragment", "sitemap.xml.gz"]


@pytest.mark.slow
def test_public_build_contains_no_sentinel_in_any_file(site_public: Path) -> None:
    # The build did produce what the test means to search.
    noms = {p.relative_to(site_public).as_posix() for p in fichiers(site_public)}
    assert "lieux/ccas-sentinelle-sable/index.html" in noms
    assert "partenaires/ccas-sentinelle/index.html" in noms
    assert "404.html" in noms
    trouvees = fuites(site_public)
    assert not trouvees, "Données professionnelles dans le site public :\n" + "\n".join(trouvees)


@pytest.mark.slow
def test_public_build_has_no_pro_page(site_public: Path) -> None:
    pages = [p.relative_to(site_public).as_posix() for p in fichiers(site_public)
             if p.name in ("index.html", "couverture.json", "couverture.csv")]
    pro = [p for p in pages if "fiche-de-liaison/" in p
           or p.startswith(("qualite/", "couverture/"))]
    assert not pro, f"pages de l'annuaire professionnel dans le site public : {pro}"


@pytest.mark.slow
def test_pro_build_shows_every_sentinel(site_pro: Path) -> None:
    html = [(p, contenu(p)) for p in fichiers(site_pro) if p.suffix == ".html"]
    absentes = [f"{s.valeur!r} ({s.ou})" for s in SENTINELLES
                if not any(s.dans(data) for _, data in html)]
    assert not absentes, ("L'annuaire professionnel n'affiche pas (le test de fuite ne "
                          "prouverait rien pour elles) :\n" + "\n".join(absentes))


@pytest.mark.slow
def test_pro_build_has_a_fiche_de_liaison_per_place_and_the_coordinator_pages(
        site_pro: Path) -> None:
    for lieu in ("ccas-sentinelle-sable", "ccas-sentinelle-la-fleche", "asso-sentinelle-le-mans"):
        assert (site_pro / "lieux" / lieu / "fiche-de-liaison" / "index.html").is_file(), lieu
    for chemin in ("couverture/index.html", "couverture/couverture.json",
                   "couverture/couverture.csv", "qualite/index.html"):
        assert (site_pro / chemin).is_file(), chemin


# --- (b) The public build does not depend on the professional tree ---------------------------

# Pagefind is not deterministic from one run to the next: it numbers pages in the order its
# threads reach them, and names its files after a hash of their content. Its fragments (one
# per page: address, text, filters, meta) hold everything it indexes about a page and are
# compared by content; the index, filter and meta files only renumber the same fragments,
# and are compared by count (the leak search above reads them all anyway).
PAGEFIND_FRAGMENTS = "pagefind/fragment/"
PAGEFIND_RENUMEROTES = ("pagefind/filter/", "pagefind/index/", "pagefind/pagefind-entry.json",
                        "pagefind/pagefind.", "pagefind/wasm.")


def _empreinte(site: Path) -> tuple[dict[str, bytes], Counter[bytes], Counter[str]]:
    """Files by name; Pagefind's fragments as a multiset of contents; its other files by
    folder and count."""
    par_nom: dict[str, bytes] = {}
    fragments: Counter[bytes] = Counter()
    renumerotes: Counter[str] = Counter()
    for path in fichiers(site):
        nom = path.relative_to(site).as_posix()
        if nom.startswith(PAGEFIND_FRAGMENTS):
            fragments[contenu(path)] += 1
        elif nom.startswith(PAGEFIND_RENUMEROTES):
            renumerotes[nom.rsplit("/", 1)[0]] += 1
        else:
            par_nom[nom] = path.read_bytes()
    return par_nom, fragments, renumerotes


@pytest.mark.slow
def test_public_build_is_the_same_without_the_professional_tree(
        site_public: Path, tmp_path: Path) -> None:
    seul = tmp_path / "depot-public" / "annuaire"
    shutil.copytree(ANNUAIRE, seul)
    assert not (seul.parent / "annuaire-pro").exists()
    sans_pro = construire(RACINE / "mkdocs.yml", tmp_path / "site", annuaire=seul)
    avec, sans = _empreinte(site_public), _empreinte(sans_pro)
    assert sorted(avec[0]) == sorted(sans[0])
    differents = [nom for nom in avec[0] if avec[0][nom] != sans[0][nom]]
    assert differents == [], f"le site public change avec l'annuaire pro : {differents}"
    assert avec[1] == sans[1], "l'index Pagefind change avec l'annuaire pro"
    assert avec[2] == sans[2]


def test_public_build_refuses_to_be_given_the_professional_tree(tmp_path: Path) -> None:
    from mkdocs.exceptions import Abort, PluginError

    with pytest.raises((PluginError, Abort)):
        construire(RACINE / "mkdocs.yml", tmp_path / "site", annuaire_pro=ANNUAIRE_PRO)
    assert not (tmp_path / "site").exists()
