"""A hostile annuaire: markup planted in every text field of every kind of record.

Shared by the build test (tests/test_escaping.py) and the browser test
(tests/browser/test_hostile_markup.py). The fields are not listed by hand: every `str` leaf
of the models (`Partenaire`, `Lieu` and the parts they hold: services, permanences,
closures, the `pro:` block...) is found by walking the pydantic models, so a field added
tomorrow is planted too. Each field gets a unique marker (`gsx007`) inside a payload that
tries every way out of its context: `</title>`, `</script>`, a quote to leave an attribute,
an inline `<script>`, an `<img onerror>`, an `<svg onload>`, a `<meta http-equiv=refresh>`
and a `javascript:` link. Fields whose type cannot hold markup (phone numbers, e-mail
addresses, identifiers, codes) refuse every payload; they keep the base record's value.
"""

from __future__ import annotations

import datetime as dt
import re
import types
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

import yaml
from guide_solidarites.langues import LANGUE_SOURCE, LANGUES
from guide_solidarites.models import Lieu, Partenaire
from pydantic import BaseModel, ValidationError

AUJOURDHUI = dt.date(2026, 11, 23)
PARTENAIRE_ID = "ccas-hostile"
LIEU_ID = "ccas-hostile-centre"

MARQUEUR_RE = re.compile(r"gsx\d{3}")

FONCTION_ESPION = "gsx"
"""The planted code calls `gsx('<marker>')`; the browser test defines it to record calls."""


def charge_texte(m: str) -> str:
    """Markup that escapes any HTML context it lands in: `</title>`, `</script>`, a quote
    out of an attribute, then code in four forms."""
    return charge_courte(m) + f"<svg onload=gsx('{m}')><a href=javascript:gsx('{m}')>{m}</a>"


def charge_courte(m: str) -> str:
    """The same in at most 150 characters (a `nom`), without the SVG and the link."""
    return (f"{m}</title></script>\"'><script>gsx('{m}')</script><img src=x "
            f"onerror=gsx('{m}')><meta http-equiv=refresh content=0;url=/{m}/>")


def charge_url(m: str) -> str:
    """A web address the model accepts, whose `'` would leave a single-quoted attribute."""
    return f"https://exemple.org/{m}?a=1'+onmouseover=gsx('{m}')+'"


def charge_horaires(m: str) -> str:
    """OpenStreetMap hours whose comment (between quotes) carries markup."""
    return f"Mo-Fr 09:00-12:00 \"{m}<script>gsx('{m}')</script><img src=x onerror=gsx('{m}')>\""


def charge_fichier(m: str) -> str:
    """A file name (no slash) for `logo` and `photos`; the test creates the file."""
    return f"{m}\"'><img src=x onerror=gsx('{m}')>.png"


CHARGES = (charge_texte, charge_courte, charge_url, charge_horaires)
CHAMPS_FICHIERS = {"logo", "photos[]"}
"""Fields naming a file beside the record: validation checks that it exists."""

CLES_DES_DICTIONNAIRES: dict[str, tuple[str, ...]] = {
    "traductions": tuple(code for code in LANGUES if code != LANGUE_SOURCE),
}
"""The keys to plant under each field that maps keys to a part (`traductions: {en: ...}`):
every language of the guide, so each translated page gets its own payload. A new field of
that shape must be added here (champs_texte refuses one it does not know)."""


# --- Base records: valid, and holding every nested part once -------------------------------

PARTENAIRE: dict[str, Any] = {
    "nom": "Centre communal d'action sociale hostile",
    "sigle": "CCAS hostile",
    "cercle": "premier-accueil",
    "reseaux_porteurs": ["ccas-cias"],
    "siret": "21720264600019",
    "description": "Partenaire du test d'échappement.",
    "site_web": "https://exemple.org/ccas",
    "telephone": "02 43 62 50 10",
    "courriel": "accueil@exemple.org",
    "source": {"nom": "Saisie", "identifiant": "x", "date": "2026-10-01"},
    "verifie_le": "2026-10-01",
    "verifie_par": "CCAS, accueil",
    "responsables": ["@ccas-hostile"],
    "pro": {
        "referents": [{"nom": "Référente", "fonction": "Accueil", "telephone": "02 43 62 50 11",
                       "courriel": "referente@exemple.org"}],
        "ligne_directe": "02 43 62 50 12",
        "courriel": "pro@exemple.org",
        "orientation": {"modalites": "Appeler", "documents": ["Pièce d'identité"],
                        "courriel": "orientation@exemple.org"},
        "notes": "Notes",
        "conventions": [{"partenaire": PARTENAIRE_ID, "objet": "Convention",
                         "depuis": "2024-01-15"}],
        "a_verifier": [{"champ": "horaires", "valeur": "lundi", "raison": "illisible"}],
    },
}

LIEU: dict[str, Any] = {
    "nom": "CCAS hostile, accueil",
    "type": "ccas-cias",
    "premier_accueil": True,
    "description": "Lieu du test d'échappement.",
    "adresse": "1 place Raphaël Élizé",
    "complement_adresse": "Rez-de-chaussée",
    "code_postal": "72300",
    "code_insee": "72264",
    "coordonnees": {"latitude": 47.8404, "longitude": -0.3334, "precision": "adresse"},
    "modes_accueil": ["sans-rendez-vous", "sur-rendez-vous", "telephone"],
    "horaires": {"sans_rendez_vous": "Mo-Fr 09:00-12:00", "sur_rendez_vous": "Tu 14:00-17:00",
                 "telephone": "Mo-Fr 09:00-12:00"},
    # Still to come on AUJOURDHUI: the page shows it.
    "fermetures": [{"du": "2026-12-24", "au": "2026-12-26", "message": "Congés"}],
    "telephone": "02 43 62 50 13",
    "courriel": "lieu@exemple.org",
    "site_web": "https://exemple.org/lieu",
    "demarche_en_ligne": "https://exemple.org/demarche",
    "permanences": [{"nom": "Mairie de Coulans-sur-Gée", "adresse": "Place de l'église",
                     "code_postal": "72550", "code_insee": "72096",
                     "coordonnees": {"latitude": 48.0207, "longitude": 0.0110,
                                     "precision": "commune"},
                     "horaires": "We 14:00-16:00", "precisions": "Salle 2"}],
    "thematiques": ["famille--soutien-a-la-parentalite-et-a-leducation"],
    "publics": ["tous-publics"],
    "accessibilite": {"pmr": True, "acceslibre": "https://acceslibre.beta.gouv.fr/x",
                      "precisions": "Rampe"},
    "transports": "Bus 2",
    "frais": "gratuit",
    "frais_precisions": "Gratuit",
    "photos": [],
    "documents_a_apporter": ["Pièce d'identité"],
    "services": [{"id": "aide-budget", "nom": "Conseil budget", "type": "accompagnement",
                  "description": "Un rendez-vous.", "thematiques":
                  ["famille--soutien-a-la-parentalite-et-a-leducation"],
                  "publics": ["tous-publics"], "publics_precisions": "Tous",
                  "frais": "gratuit", "frais_precisions": "Gratuit",
                  "modes_accueil": ["en-presentiel"],
                  "mobilisation_precisions": "Appeler",
                  "lien_mobilisation": "https://exemple.org/service",
                  "conditions_acces": "Aucune", "horaires": "Mo 09:00-12:00"}],
    "source": {"nom": "Saisie", "identifiant": "x", "date": "2026-10-01"},
    "verifie_le": "2026-10-01",
    "verifie_par": "CCAS, accueil",
    "pro": PARTENAIRE["pro"],
}


# --- The model's text fields ------------------------------------------------------------------


def _porte_du_texte(annotation: Any) -> bool:
    return any(t is str for t in _types(annotation))


def _types(annotation: Any) -> Iterator[Any]:
    if get_origin(annotation) is Annotated:
        yield from _types(get_args(annotation)[0])
        return
    yield annotation
    if get_origin(annotation) in (Union, types.UnionType, list, dict):
        for argument in get_args(annotation):
            yield from _types(argument)


def _sous_modele(annotation: Any) -> tuple[type[BaseModel], str] | None:
    """The model a field holds, and how: "" (one), "[]" (a list of them) or "{}" (keyed)."""
    for t in _types(annotation):
        if isinstance(t, type) and issubclass(t, BaseModel):
            if any(get_origin(u) is dict for u in _types(annotation)):
                return t, "{}"
            liste = any(get_origin(u) is list for u in _types(annotation))
            return t, "[]" if liste else ""
    return None


def champs_texte(modele: type[BaseModel], prefixe: str = "") -> list[str]:
    """Every text leaf of a model: `nom`, `services[].nom`, `pro.referents[].fonction`,
    `traductions{en}.description`...

    Keys the loader fills in (`id`, `partenaire`) are left out: a partner never writes them.
    """
    champs = []
    for nom, info in modele.model_fields.items():
        if not prefixe and nom in ("id", "partenaire"):
            continue
        chemin = f"{prefixe}{nom}"
        sous = _sous_modele(info.annotation)
        if sous and sous[1] == "{}":
            assert nom in CLES_DES_DICTIONNAIRES, (
                f"« {chemin} » associe des clés à des parties : dites lesquelles planter "
                "dans CLES_DES_DICTIONNAIRES")
            for cle in CLES_DES_DICTIONNAIRES[nom]:
                champs += champs_texte(sous[0], f"{chemin}{{{cle}}}.")
        elif sous:
            champs += champs_texte(sous[0], f"{chemin}{sous[1]}.")
        elif _porte_du_texte(info.annotation):
            liste = any(get_origin(t) is list for t in _types(info.annotation))
            champs.append(chemin + ("[]" if liste else ""))
    return champs


def poser(data: dict[str, Any], chemin: str, valeur: str) -> None:
    """Set `services[].nom` (first item of each list) or `traductions{en}.description` (the
    part under that key, created when the base record has none) in a nested dict, in place."""
    parties = chemin.split(".")
    noeud: Any = data
    for partie in parties[:-1]:
        if partie.endswith("}"):
            cle, sous_cle = partie[:-1].split("{")
            noeud = noeud.setdefault(cle, {}).setdefault(sous_cle, {})
            continue
        cle, liste = partie.removesuffix("[]"), partie.endswith("[]")
        assert cle in noeud, f"la fiche de base n'a pas de « {cle} » ({chemin}) : ajoutez-le"
        noeud = noeud[cle][0] if liste else noeud[cle]
    cle = parties[-1].removesuffix("[]")
    if parties[-1].endswith("[]"):
        noeud[cle] = [valeur]
    else:
        noeud[cle] = valeur


def _copie(data: Any) -> Any:
    return yaml.safe_load(yaml.safe_dump(data, allow_unicode=True))


def _accepte(modele: type[BaseModel], data: dict[str, Any], ident: dict[str, str]) -> bool:
    try:
        modele.model_validate({**data, **ident})
    except ValidationError:
        return False
    return True


@dataclass(frozen=True)
class Plantation:
    record: str
    """`partenaire` or `lieu`."""
    champ: str
    marqueur: str
    valeur: str | None
    """The payload the field holds, None when its type refuses every one of them."""


@dataclass
class AnnuaireHostile:
    racine: Path
    racine_pro: Path
    """The professional tree: the `pro:` part of each record, in its own file."""
    plantations: list[Plantation]

    def marqueurs(self) -> dict[str, Plantation]:
        return {p.marqueur: p for p in self.plantations if p.valeur is not None}


def planter(modele: type[BaseModel], base: dict[str, Any], ident: dict[str, str],
            record: str, depart: int) -> tuple[dict[str, Any], list[Plantation]]:
    data = _copie(base)
    plantations = []
    for n, champ in enumerate(champs_texte(modele), start=depart):
        m = f"gsx{n:03d}"
        essais = [charge_fichier] if champ in CHAMPS_FICHIERS else list(CHARGES)
        retenue = None
        for charge in essais:
            valeur = charge(m)
            candidat = _copie(data)
            poser(candidat, champ, valeur)
            if _accepte(modele, candidat, ident):
                data, retenue = candidat, valeur
                break
        plantations.append(Plantation(record, champ, m, retenue))
    assert _accepte(modele, data, ident)
    return data, plantations


def ecrire(racine: Path, racine_pro: Path, partenaire: dict[str, Any],
           lieu: dict[str, Any]) -> None:
    """Write a partner and its place, their `pro:` blocks into the professional tree."""
    for arbre in (racine, racine_pro):
        (arbre / PARTENAIRE_ID).mkdir(parents=True, exist_ok=True)
    for nom, data in (("partenaire.yml", partenaire), (f"{LIEU_ID}.yml", lieu)):
        public = {k: v for k, v in data.items() if k != "pro"}
        for arbre, contenu in ((racine, public), (racine_pro, data.get("pro"))):
            if contenu is not None:
                (arbre / PARTENAIRE_ID / nom).write_text(
                    yaml.safe_dump(contenu, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")


def ecrire_annuaire(dossier: Path) -> AnnuaireHostile:
    """Write the hostile annuaire into `dossier/annuaire` and `dossier/annuaire-pro`."""
    partenaire, p1 = planter(Partenaire, PARTENAIRE, {"id": PARTENAIRE_ID}, "partenaire", 1)
    lieu, p2 = planter(Lieu, LIEU, {"id": LIEU_ID, "partenaire": PARTENAIRE_ID}, "lieu",
                       len(p1) + 1)
    racine, racine_pro = dossier / "annuaire", dossier / "annuaire-pro"
    ecrire(racine, racine_pro, partenaire, lieu)
    for p in [*p1, *p2]:
        if p.champ in CHAMPS_FICHIERS and p.valeur:
            (racine / PARTENAIRE_ID / p.valeur).write_bytes(b"")
    return AnnuaireHostile(racine, racine_pro, [*p1, *p2])


# Both the file checks and the browser checks build the planted annuaire the same way.
def construire(config_file: Path, annuaire: AnnuaireHostile, site_dir: Path,
               pro: bool = False) -> Path:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(config_file), site_dir=str(site_dir))
    guide = config.plugins["guide-solidarites"]
    guide.config.annuaire = str(annuaire.racine)
    if pro:
        guide.config.annuaire_pro = str(annuaire.racine_pro)
    guide.config.aujourdhui = AUJOURDHUI
    guide.config.departement = None
    build(config)
    return site_dir
