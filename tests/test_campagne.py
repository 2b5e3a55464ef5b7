"""`guide campagne`: per partner, the records to check, as a message ready to post or send."""

from __future__ import annotations

import email
import json
import re
from email import policy
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import lieu_yaml, partenaire_yaml, write_annuaire
from guide_solidarites import cli

DEPOT = Path(__file__).parents[1]


def _mkdocs(tmp_path: Path) -> Path:
    chemin = tmp_path / "mkdocs.yml"
    chemin.write_text("plugins:\n  - guide-solidarites:\n"
                      "      depot_url: https://github.com/cd72/guide\n", encoding="utf-8")
    return chemin


def _annuaire(tmp_path: Path) -> Path:
    return write_annuaire(tmp_path, {
        "ccas-sable/partenaire.yml": partenaire_yaml(
            verifie_le="2025-12-05", responsables=["@cd72/ccas-sable"]),
        # Overdue, due in 20 days, due in 2 months (not yet).
        "ccas-sable/ccas-sable-centre.yml": lieu_yaml(verifie_le="2025-06-01"),
        "ccas-sable/ccas-sable-nord.yml": lieu_yaml(nom="CCAS de Sablé, antenne nord",
                                                    verifie_le="2025-12-10"),
        "ccas-sable/ccas-sable-sud.yml": lieu_yaml(nom="CCAS de Sablé, antenne sud",
                                                   verifie_le="2026-01-25"),
        "ccas-arnage/partenaire.yml": partenaire_yaml(nom="CCAS d'Arnage"),
        "ccas-arnage/ccas-arnage.yml": lieu_yaml(nom="CCAS d'Arnage"),
    })


def campagne(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["campagne", *args, "--date", "2026-11-22"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_un_message_par_partenaire_avec_les_liens_de_modification(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    racine = _annuaire(tmp_path)
    code, sortie, err = campagne(capsys, str(racine), "--config", str(_mkdocs(tmp_path)))
    assert code == 0
    lien = "https://github.com/cd72/guide/edit/main/annuaire/ccas-sable/"
    assert sortie == f"""\
# Fiches à vérifier : Centre communal d'action sociale de Sablé-sur-Sarthe

Bonjour @cd72/ccas-sable,

Dans le Guide des solidarités, 3 fiches de **Centre communal d'action sociale de \
Sablé\\-sur\\-Sarthe** doivent être vérifiées avec le lieu :

### En retard (1)

- **CCAS de Sablé\\-sur\\-Sarthe** (`annuaire/ccas-sable/ccas-sable-centre.yml`), vérifiée \
le 01/06/2025, à revoir depuis le 01/06/2026 : [modifier la fiche]({lien}ccas-sable-centre.yml)

### À vérifier avant le 22/12/2026 (2)

- **Centre communal d'action sociale de Sablé\\-sur\\-Sarthe** (fiche du partenaire) \
(`annuaire/ccas-sable/partenaire.yml`), vérifiée le 05/12/2025, à revoir le 05/12/2026 : \
[modifier la fiche]({lien}partenaire.yml)
- **CCAS de Sablé, antenne nord** (`annuaire/ccas-sable/ccas-sable-nord.yml`), vérifiée le \
10/12/2025, à revoir le 10/12/2026 : [modifier la fiche]({lien}ccas-sable-nord.yml)

Si une fiche est toujours exacte, mettez « verifie_le » à la date du jour et « verifie_par » \
au nom de votre service (pas d'une personne) ; sinon corrigez-la. Une seule demande de \
modification peut couvrir toutes ces fiches.

Depuis un poste avec le dépôt : `guide confirmer annuaire/ccas-sable/partenaire.yml \
annuaire/ccas-sable/ccas-sable-centre.yml annuaire/ccas-sable/ccas-sable-nord.yml \
--par "Votre service"`

<!-- guide-campagne: ccas-sable -->
"""
    assert err == ("1 partenaire(s) à relancer : 1 fiche(s) en retard, 2 à vérifier d'ici "
                   "30 jours.\n")


def test_sortie_ecrit_le_message_le_courriel_et_l_index(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    racine = _annuaire(tmp_path)
    dossier = tmp_path / "campagne"
    code, _, _ = campagne(capsys, str(racine), "--config", str(_mkdocs(tmp_path)),
                          "--jours", "0", "--sortie", str(dossier))
    assert code == 0
    index = json.loads((dossier / "index.json").read_text("utf-8"))
    mailto = index[0].pop("mailto")
    assert mailto.startswith("mailto:?subject=Fiches%20%C3%A0%20v%C3%A9rifier%20%3A%20Centre"
                             "%20communal%20d%27action%20sociale%20de%20Sabl%C3%A9-sur-Sarthe"
                             "&body=Bonjour%2C%0A%0ADans%20le%20Guide")
    assert index == [{
        "partenaire": "ccas-sable",
        "titre": "Fiches à vérifier : Centre communal d'action sociale de Sablé-sur-Sarthe",
        "marque": "<!-- guide-campagne: ccas-sable -->",
        "message": "ccas-sable.md", "courriel": "ccas-sable.eml",
        "responsables": ["@cd72/ccas-sable"], "en_retard": 1, "a_venir": 0}]
    assert (dossier / "ccas-sable.md").read_text("utf-8").endswith(
        "<!-- guide-campagne: ccas-sable -->\n")
    courriel = email.message_from_bytes((dossier / "ccas-sable.eml").read_bytes(),
                                        policy=policy.default)
    assert courriel["Subject"] == index[0]["titre"]
    assert courriel["X-Unsent"] == "1"
    corps = courriel.get_content()
    # The mailto: link carries the same text as the draft e-mail, every character escaped.
    assert unquote(mailto.split("&body=", 1)[1]) == corps
    assert re.fullmatch(r"mailto:\?subject=[A-Za-z0-9%._~-]+&body=[A-Za-z0-9%._~-]+", mailto)
    assert "- CCAS de Sablé-sur-Sarthe (annuaire/ccas-sable/ccas-sable-centre.yml), " \
        "vérifiée le 01/06/2025, en retard depuis le 01/06/2026" in corps
    assert "  Modifier : https://github.com/cd72/guide/edit/main/annuaire/ccas-sable/" \
        "ccas-sable-centre.yml" in corps


def test_un_nom_hostile_reste_du_texte(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    racine = write_annuaire(tmp_path, {
        "ccas-sable/partenaire.yml": partenaire_yaml(
            nom="@everyone [clic](javascript:alert(1)) <img src=x>\nSubject: x",
            verifie_le="2024-01-01"),
    })
    dossier = tmp_path / "campagne"
    code, _, _ = campagne(capsys, str(racine), "--sortie", str(dossier))
    assert code == 0
    md = (dossier / "ccas-sable.md").read_text("utf-8")
    assert "\\@everyone \\[clic\\]\\(javascript\\:alert\\(1\\)\\) \\<img src=x\\> Subject\\: x" \
        in md
    courriel = email.message_from_bytes((dossier / "ccas-sable.eml").read_bytes(),
                                        policy=policy.default)
    # No header injected by a line break in the name.
    assert courriel["Subject"].startswith("Fiches à vérifier : @everyone")
    assert [k for k in courriel.keys()] == ["Subject", "Date", "X-Unsent", "Content-Type",
                                             "Content-Transfer-Encoding", "MIME-Version"]


def test_jours_hors_limites_refuse(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = campagne(capsys, str(_annuaire(tmp_path)), "--jours", "-3")
    assert code == 2
    assert "Nombre de jours invalide : -3." in err


def test_l_exemple_liste_chaque_fiche_perimee_chez_son_partenaire(
        capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["valider", str(DEPOT / "annuaire"), "--date", "2026-11-22",
                     "--format", "json"])
    perimees = {p["fichier"] for p in json.loads(capsys.readouterr().out)["problemes"]
                if p["code"] == "fiche-perimee"}
    assert code == 0 and len(perimees) > 200
    code, sortie, _ = campagne(capsys, str(DEPOT / "annuaire"), "--config",
                               str(DEPOT / "mkdocs.yml"), "--jours", "0")
    assert code == 0
    listees = set(re.findall(r"\(`(annuaire/[^`]+)`\), vérifiée", sortie))
    assert listees == perimees
    for chemin in perimees:
        partenaire = chemin.split("/")[1]
        message = sortie.split(f"<!-- guide-campagne: {partenaire} -->")[0].rsplit("\n# ", 1)[-1]
        assert f"(`{chemin}`)" in message
