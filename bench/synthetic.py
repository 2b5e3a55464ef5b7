"""A synthetic annuaire, as varied as a real one, for benchmarks.

    from bench.synthetic import generate_annuaire
    generate_annuaire(Path("/tmp/annuaire"), n_lieux=10_000, seed=1, departement="72")
    # writes /tmp/annuaire (public) and /tmp/annuaire-pro (professional, same layout)

Every record is valid on 2026-11-22 (a few are stale: warnings only). Points stand
near the real town hall of a commune of the département; phone numbers are in the
ranges ARCEP keeps for fiction; e-mails use example.org.

Professional fields (referents, direct line, conventions) go to a separate tree beside
the public one, `annuaire-pro/<partenaire>/<fichier>.yml`, as in the real repositories:
a `pro:` block in the public annuaire is an error (`guide valider --pro` reads both).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path
from typing import Any

import yaml
from guide_solidarites.communes import Commune, communes_du_departement
from guide_solidarites.vocab import Public, Thematique, TypeLieu

try:
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]

DEPARTEMENT_PAR_DEFAUT = "72"
LIEUX_PAR_PARTENAIRE = 12
AUJOURDHUI = dt.date(2026, 11, 22)

# (folder prefix, partner name, cercle, réseau porteur, kind of place)
_FAMILLES = [
    ("mds", "Maison départementale des solidarités", "premier-accueil", "departements",
     TypeLieu.MDS),
    ("ccas", "Centre communal d'action sociale", "premier-accueil", "ccas-cias", TypeLieu.CCAS),
    ("france-services", "France Services", "premier-accueil", "france-service",
     TypeLieu.FRANCE_SERVICES),
    ("caf", "Caisse d'allocations familiales", "premier-cercle", "caf", TypeLieu.CAF),
    ("mission-locale", "Mission locale", "premier-cercle", "mission-locale",
     TypeLieu.MISSION_LOCALE),
    ("centre-social", "Centre social", "deuxieme-cercle", "fcsf", TypeLieu.CENTRE_SOCIAL),
    ("restos", "Restaurants du cœur", "deuxieme-cercle", "restos-du-coeur",
     TypeLieu.AIDE_ALIMENTAIRE),
    ("point-justice", "Point-Justice", "deuxieme-cercle", "points-justice",
     TypeLieu.ACCES_AU_DROIT),
]

_HORAIRES = [
    "Mo-Fr 09:00-12:00,14:00-17:00; PH off",
    "Mo-Fr 08:30-12:30,13:30-17:00; PH off",
    "Mo,Tu,Th,Fr 09:00-12:00,13:30-16:30; We 09:00-12:00; PH off",
    "Mo-Fr 09:00-12:00; Sa[1] 09:00-12:00; PH off",
    "Tu,Th 14:00-17:00; PH off",
    "Mo-We 09:00-12:00,14:00-18:00; Th 14:00-19:00; Fr 09:00-12:00; PH off",
    "Mo-Fr 09:00-17:00; Sa 09:00-12:00; PH off",
    "We 14:00-16:00; Sa[1,3] 10:00-12:00; PH off",
]
_VOIES = ["rue de la République", "place de la Mairie", "avenue Jean Jaurès", "rue Victor Hugo",
          "rue des Écoles", "boulevard Pasteur", "rue du Général de Gaulle", "place de l'Église"]
_LANGUES = ["en", "ar", "es", "pt", "tr", "ru", "uk", "ro"]
_PRENOMS = ["Camille", "Dominique", "Claude", "Sacha", "Alix", "Maxime", "Morgan", "Charlie"]


def _telephone(rng: random.Random) -> str:
    # 02 61 91 is a block ARCEP keeps for fiction.
    return f"02 61 91 {rng.randrange(100):02d} {rng.randrange(100):02d}"


def _date(rng: random.Random, stale: float = 0.05) -> str:
    days = rng.randrange(400, 700) if rng.random() < stale else rng.randrange(1, 330)
    return (AUJOURDHUI - dt.timedelta(days=days)).isoformat()


def _point(rng: random.Random, commune: Commune) -> dict[str, Any]:
    assert commune.latitude is not None and commune.longitude is not None
    return {"latitude": round(commune.latitude + rng.uniform(-0.02, 0.02), 5),
            "longitude": round(commune.longitude + rng.uniform(-0.03, 0.03), 5),
            "precision": rng.choice(["adresse", "adresse", "commune", "manuelle"])}


def _service(rng: random.Random, i: int, thematiques: list[str]) -> dict[str, Any]:
    service: dict[str, Any] = {
        "id": f"service-{i + 1}",
        "nom": f"Accompagnement {i + 1}",
        "type": rng.choice(["accompagnement", "information", "aide-financiere", "atelier"]),
        "thematiques": rng.sample(thematiques, k=min(2, len(thematiques))),
        "publics": rng.sample([p.value for p in Public], k=rng.randint(1, 3)),
        "frais": rng.choice(["gratuit", "gratuit", "payant"]),
        "modes_accueil": rng.sample(["en-presentiel", "a-distance"], k=rng.randint(1, 2)),
    }
    if rng.random() < 0.3:
        service["horaires"] = rng.choice(_HORAIRES)
    return service


def _lieu(rng: random.Random, commune: Commune, famille: tuple[Any, ...],
          autres_lieux: list[str], communes: list[Commune]
          ) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The public record, and its professional file (or None)."""
    _, nom_partenaire, cercle, _, type_lieu = famille
    premier_accueil = cercle == "premier-accueil" and rng.random() < 0.7
    modes = ["sans-rendez-vous"] if premier_accueil or rng.random() < 0.6 else []
    modes += [m for m in ("sur-rendez-vous", "telephone", "courriel", "en-ligne",
                          "visite-a-domicile") if rng.random() < 0.5]
    modes = modes or ["sur-rendez-vous"]
    thematiques = rng.sample([t.value for t in Thematique], k=rng.randint(1, 5))
    lieu: dict[str, Any] = {
        "nom": f"{nom_partenaire} de {commune.nom}",
        "type": type_lieu.value,
        "premier_accueil": premier_accueil,
        "adresse": f"{rng.randint(1, 120)} {rng.choice(_VOIES)}",
        "code_postal": rng.choice(commune.codes_postaux),
        "code_insee": commune.code_insee,
        "coordonnees": _point(rng, commune),
        "modes_accueil": modes,
        "telephone": _telephone(rng),
        "horaires": {"sans_rendez_vous": rng.choice(_HORAIRES)} if "sans-rendez-vous" in modes
        else {},
        "thematiques": thematiques,
        "publics": ["tous-publics"] if rng.random() < 0.6
        else rng.sample([p.value for p in Public if p != "tous-publics"], k=rng.randint(1, 3)),
        "verifie_le": _date(rng),
        "verifie_par": f"{nom_partenaire}, accueil",
    }
    if "sur-rendez-vous" in modes and rng.random() < 0.5:
        lieu["horaires"]["sur_rendez_vous"] = rng.choice(_HORAIRES)
    if "telephone" in modes:
        lieu["horaires"]["telephone"] = rng.choice(_HORAIRES)
    if "courriel" in modes:
        lieu["courriel"] = f"accueil{rng.randrange(10_000)}@example.org"
    if "en-ligne" in modes:
        lieu["demarche_en_ligne"] = f"https://www.example.org/demarches/{rng.randrange(1000)}"
    if rng.random() < 0.3:
        lieu["langues"] = ["fr", *rng.sample(_LANGUES, k=rng.randint(1, 3))]
    if rng.random() < 0.5:
        lieu["accessibilite"] = {"pmr": rng.random() < 0.8,
                                 "acceslibre": "https://acceslibre.beta.gouv.fr/app/x/"}
    if rng.random() < 0.2:
        du = AUJOURDHUI + dt.timedelta(days=rng.randrange(-30, 60))
        lieu["fermetures"] = [{"du": du.isoformat(),
                               "au": (du + dt.timedelta(days=rng.randrange(0, 15))).isoformat(),
                               "message": "Fermeture exceptionnelle : appelez le 115 en cas "
                               "d'urgence."}]
    if rng.random() < 0.25:
        lieu_hote = rng.choice(communes)
        permanence: dict[str, Any] = {
            "nom": f"Mairie de {lieu_hote.nom}",
            "code_insee": lieu_hote.code_insee,
            "code_postal": lieu_hote.codes_postaux[0],
            "horaires": rng.choice(["Th 14:00-16:00", "Tu[1,3] 09:00-12:00",
                                    "We 09:30-11:30; PH off"]),
            "sur_rendez_vous": rng.random() < 0.5,
        }
        if autres_lieux and rng.random() < 0.5:
            permanence["lieu"] = rng.choice(autres_lieux)
        lieu["permanences"] = [permanence]
    if rng.random() < 0.5:
        lieu["services"] = [_service(rng, i, thematiques) for i in range(rng.randint(1, 4))]
    pro: dict[str, Any] | None = None
    if rng.random() < 0.6:
        pro = {
            "referents": [{"nom": f"{rng.choice(_PRENOMS)} Exemple",
                           "fonction": "Référent accueil", "telephone": _telephone(rng),
                           "courriel": f"referent{rng.randrange(10_000)}@example.org"}
                          for _ in range(rng.randint(1, 2))],
            "ligne_directe": _telephone(rng),
            "orientation": {"modalites": "Envoyer la fiche de liaison par courriel.",
                            "documents": ["Pièce d'identité", "Justificatif de domicile"]},
        }
    return lieu, pro


def generate_annuaire(dest: Path, n_lieux: int, seed: int = 0,
                      departement: str | None = None, dest_pro: Path | None = None) -> Path:
    """Write `n_lieux` reception points, in partner folders, under `dest`, and their
    professional files under `dest_pro` (default: `annuaire-pro` beside `dest`), which is
    returned."""
    dest_pro = dest_pro if dest_pro is not None else dest.parent / "annuaire-pro"
    rng = random.Random(seed)
    communes = [c for c in communes_du_departement(departement or DEPARTEMENT_PAR_DEFAUT)
                if c.a_coordonnees and c.codes_postaux]
    if not communes:
        raise ValueError(f"aucune commune géolocalisée dans le département « {departement} »")
    dest.mkdir(parents=True, exist_ok=True)
    n_partenaires = max(1, -(-n_lieux // LIEUX_PAR_PARTENAIRE))
    dossiers: list[tuple[str, tuple[Any, ...]]] = []
    for p in range(n_partenaires):
        famille = _FAMILLES[p % len(_FAMILLES)]
        dossier = f"{famille[0]}-{p + 1}"
        dossiers.append((dossier, famille))
        partenaire = {"nom": f"{famille[1]} n° {p + 1}", "cercle": famille[2],
                      "reseaux_porteurs": [famille[3]], "telephone": _telephone(rng),
                      "site_web": f"https://www.example.org/{dossier}",
                      "verifie_le": _date(rng), "verifie_par": "Coordination départementale"}
        if p and rng.random() < 0.3:
            _write(dest_pro / dossier / "partenaire.yml", {"conventions": [
                {"partenaire": dossiers[rng.randrange(p)][0], "objet": "Orientation réciproque"}]})
        _write(dest / dossier / "partenaire.yml", partenaire)
    ids: list[str] = []
    for i in range(n_lieux):
        dossier, famille = dossiers[i % n_partenaires]
        commune = rng.choice(communes)
        ident = f"{dossier}-lieu-{i + 1}"
        lieu, pro = _lieu(rng, commune, famille, ids[-50:], communes)
        _write(dest / dossier / f"{ident}.yml", lieu)
        if pro is not None:
            _write(dest_pro / dossier / f"{ident}.yml", pro)
        ids.append(ident)
    return dest_pro


def _write(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description="Écrire un annuaire synthétique.")
    parser.add_argument("dest", type=Path)
    parser.add_argument("n_lieux", type=int)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--departement", default=None)
    parser.add_argument("--pro", type=Path, default=None,
                        help="dossier de l'annuaire professionnel (défaut : annuaire-pro à côté)")
    args = parser.parse_args()
    generate_annuaire(args.dest, args.n_lieux, args.seed, args.departement, args.pro)


if __name__ == "__main__":
    main()
