"""The partners' web form: its configuration follows the model, and /admin/ exists only when
the département turns it on, in the public guide only."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from guide_solidarites import cms
from guide_solidarites.cli import main
from guide_solidarites.loader import load_annuaire
from guide_solidarites.models import InfosPro, LieuPublic, PartenairePublic
from guide_solidarites.schema import file_schema
from guide_solidarites.vocab import TypeLieu
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "site"
SAMPLE = ROOT / "annuaire"


def configuration(**reglages: Any) -> dict[str, Any]:
    partenaires, lieux = cms.fiches(*_charge())
    return cms.configuration(partenaires, lieux, cms.Reglages(depot="cd72/guide", **reglages))


def _charge() -> tuple[Any, Any]:
    charge = load_annuaire(FIXTURE / "annuaire")
    return charge.partenaires, charge.lieux


def collection(config: dict[str, Any], nom: str) -> dict[str, Any]:
    (trouvee,) = [c for c in config["collections"] if c["name"] == nom]
    return trouvee


def champs_de(config: dict[str, Any], nom: str) -> list[dict[str, Any]]:
    return list(collection(config, nom)["files"][0]["fields"])


def par_nom(champs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {c["name"]: c for c in champs}


def _resoudre(schema: dict[str, Any], prop: dict[str, Any]) -> dict[str, Any] | None:
    """The object schema a property refers to (directly, optional, or as list items)."""
    for candidat in [prop, prop.get("items", {}), *prop.get("anyOf", [])]:
        ref = candidat.get("$ref") or candidat.get("items", {}).get("$ref")
        if ref:
            cible: dict[str, Any] = schema["$defs"][ref.rsplit("/", 1)[1]]
            if "properties" in cible:
                return cible
    return None


def comparer(schema: dict[str, Any], objet: dict[str, Any], champs: list[dict[str, Any]],
             chemin: str = "") -> list[str]:
    """Differences between a schema object's properties and the form's fields."""
    ecarts = []
    decap = par_nom(champs)
    if set(decap) != set(objet["properties"]):
        ecarts.append(f"{chemin}: {sorted(set(decap) ^ set(objet['properties']))}")
    for nom, prop in objet["properties"].items():
        if nom not in decap:
            continue
        if decap[nom].get("hint") != prop.get("description"):
            ecarts.append(f"{chemin}{nom}: {decap[nom].get('hint')!r} != "
                          f"{prop.get('description')!r}")
        sous = _resoudre(schema, prop)
        if sous is not None and "fields" in decap[nom]:
            ecarts += comparer(schema, sous, decap[nom]["fields"], f"{chemin}{nom}.")
    return ecarts


# --- The fields follow the model ------------------------------------------------------------


@pytest.mark.parametrize(("collection_", "model"), [("lieux", LieuPublic),
                                                    ("partenaires", PartenairePublic)])
def test_every_public_field_is_in_the_form_with_the_json_schema_description(
        collection_: str, model: Any) -> None:
    schema = file_schema(model, "")
    assert comparer(schema, schema, champs_de(configuration(), collection_)) == []


def test_labels_are_the_french_titles_of_the_json_schema() -> None:
    schema = file_schema(LieuPublic, "")
    champs = par_nom(champs_de(configuration(), "lieux"))
    for nom, prop in schema["properties"].items():
        assert champs[nom]["label"] == prop["title"], nom
    assert champs["verifie_le"]["label"] == "Vérifié le"


def test_professional_fields_are_not_in_the_form() -> None:
    texte = cms.render_config(configuration())
    publics = set(LieuPublic.model_fields) | set(PartenairePublic.model_fields)
    for nom in set(InfosPro.model_fields) - publics:
        assert f"name: {nom}\n" not in texte, nom
    assert "name: pro\n" not in texte
    # Nor the keys the loader fills in from the file's place.
    assert all(c["name"] not in ("id", "partenaire") for c in champs_de(configuration(), "lieux"))


def test_required_fields_are_required_and_optional_ones_are_not() -> None:
    champs = par_nom(champs_de(configuration(), "lieux"))
    for nom in ("nom", "type", "code_postal", "code_insee", "modes_accueil", "verifie_le",
                "verifie_par"):
        assert champs[nom]["required"] is True, nom
    for nom in ("telephone", "horaires", "services", "premier_accueil"):
        assert champs[nom]["required"] is False, nom
    assert champs["modes_accueil"]["min"] == 1
    # Inside a list item, the item's required fields stay required.
    assert par_nom(champs["fermetures"]["fields"])["du"]["required"] is True


def test_allowed_values_are_the_model_enumerations_with_their_french_labels() -> None:
    champs = par_nom(champs_de(configuration(), "lieux"))
    options = champs["type"]["options"]
    assert [o["value"] for o in options] == [t.value for t in TypeLieu]
    assert {"label": "CCAS / CIAS", "value": "ccas-cias"} in options
    assert champs["thematiques"]["multiple"] is True
    assert {"label": "français", "value": "fr"} in champs["langues"]["options"]


def test_lists_and_nested_blocks_are_editable() -> None:
    champs = par_nom(champs_de(configuration(), "lieux"))
    assert champs["services"]["widget"] == "list"
    assert "horaires" in par_nom(champs["services"]["fields"])
    assert [c["name"] for c in champs["permanences"]["fields"]][:2] == ["nom", "lieu"]
    assert [c["name"] for c in champs["fermetures"]["fields"]] == ["du", "au", "message"]
    assert par_nom(champs["horaires"]["fields"])["sans_rendez_vous"]["widget"] == "horaires"
    assert champs["documents_a_apporter"]["field"]["widget"] == "string"


def test_fields_come_in_the_order_files_are_written() -> None:
    noms = [c["name"] for c in champs_de(configuration(), "lieux")]
    assert noms[:4] == ["nom", "type", "premier_accueil", "description"]
    assert noms.index("verifie_le") < noms.index("verifie_par") < noms.index("source")
    assert noms.index("telephone") > noms.index("horaires")


def test_toujours_a_jour_is_on_the_check_date_only() -> None:
    champs = champs_de(configuration(), "lieux")
    assert [c["name"] for c in champs if c.get("toujours_a_jour")] == ["verifie_le"]


def _telephones() -> list[str]:
    numeros = []
    for fichier in SAMPLE.rglob("*.yml"):
        numeros += re.findall(r'^\s*telephone: "?([0-9+][0-9 .+]*)"?$', fichier.read_text(),
                              re.M)
    return numeros


def test_the_browser_checks_accept_every_phone_of_the_sample_and_speak_the_model() -> None:
    champ = par_nom(champs_de(configuration(), "lieux"))["telephone"]
    regex, message = champ["pattern"]
    numeros = _telephones()
    assert len(numeros) > 100
    assert [n for n in numeros if not re.match(regex, n)] == []
    assert not re.match(regex, "12") and not re.match(regex, "02 43")
    assert message.startswith("Numéro de téléphone invalide : 10 chiffres (02 43 00 00 00)")


def test_each_format_message_comes_from_the_model() -> None:
    for fmt in cms.FORMATS:
        message = cms.message_refus(fmt)
        assert "«" not in message and message[0].isupper(), message


def test_files_are_addressed_by_path_partner_files_by_their_name() -> None:
    config = configuration()
    partenaires = collection(config, "partenaires")["files"]
    lieux = collection(config, "lieux")["files"]
    assert all(f["file"].endswith("/partenaire.yml") for f in partenaires)
    assert all(not f["file"].endswith("/partenaire.yml") for f in lieux)
    assert {"name": "ccas-sable-centre", "file": "annuaire/ccas-sable/ccas-sable-centre.yml"} \
        .items() <= next(f for f in lieux if f["name"] == "ccas-sable-centre").items()
    for c in config["collections"]:
        assert c["create"] is False and c["delete"] is False


def test_review_is_a_pull_request_per_change() -> None:
    assert configuration()["publish_mode"] == "editorial_workflow"


def test_gitlab_logs_in_with_pkce_and_github_through_a_relay() -> None:
    gitlab = configuration(app_id="abc", url_forge="https://gitlab.exemple.fr/")["backend"]
    assert gitlab["auth_type"] == "pkce" and gitlab["app_id"] == "abc"
    assert gitlab["api_root"] == "https://gitlab.exemple.fr/api/v4"
    github = configuration(forge="github", relais_oauth="https://relais.exemple.fr")["backend"]
    assert github["base_url"] == "https://relais.exemple.fr" and github["open_authoring"]
    assert "auth_type" not in github


# --- The loader reads what the form writes ---------------------------------------------------


def test_the_loader_needs_neither_comments_nor_the_schema_modeline(tmp_path: Path) -> None:
    source = SAMPLE / "ccas-le-mans"
    copie = tmp_path / "annuaire" / "ccas-le-mans"
    shutil.copytree(source, copie)
    for fichier in copie.glob("*.yml"):
        donnees = yaml.safe_load(fichier.read_text("utf-8"))
        fichier.write_text(yaml.safe_dump(donnees, allow_unicode=True, sort_keys=False),
                           encoding="utf-8")
        assert "#" not in fichier.read_text("utf-8").split("\n")[0]
    charge = load_annuaire(tmp_path / "annuaire")
    attendu = load_annuaire(SAMPLE)
    assert [p for p in charge.problems if p.est_erreur] == []
    assert charge.lieux["ccas-le-mans-accueil"] == attendu.lieux["ccas-le-mans-accueil"]


# --- guide cms and the build -----------------------------------------------------------------


def construire(tmp_path: Path, variante: str = "public", **options: Any) -> Path:
    site = tmp_path / f"site-{variante}"
    config = load_config(config_file=str(FIXTURE / "mkdocs.yml"), site_dir=str(site))
    guide = config.plugins["guide-solidarites"]
    guide.config.variant = variante
    if variante == "pro":
        guide.config.annuaire_pro = str(FIXTURE / "annuaire-pro")
    for cle, valeur in options.items():
        guide.config.cms[cle] = valeur
    build(config)
    return site


@pytest.fixture(scope="module")
def site_avec_formulaire(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return construire(tmp_path_factory.mktemp("cms"), actif=True, depot="cd72/guide",
                      app_id="abc")


def test_admin_serves_the_configuration_guide_cms_writes(
        site_avec_formulaire: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURE)
    assert main(["cms", "annuaire", "--depot", "cd72/guide", "--app-id", "abc",
                 "--site-url", "https://guide.example.org/"]) == 0
    servie = (site_avec_formulaire / "admin" / "config.yml").read_text("utf-8")
    assert capsys.readouterr().out == servie
    assert servie.startswith("# Généré par « guide cms »")
    assert yaml.safe_load(servie)["backend"]["repo"] == "cd72/guide"
    page = (site_avec_formulaire / "admin" / "index.html").read_text("utf-8")
    assert '<html lang="fr">' in page and "decap-cms.js" in page
    assert (site_avec_formulaire / "assets" / "vendor" / "decap-cms" / "LICENSE").exists()


def test_guide_cms_refuses_a_broken_annuaire(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    dossier = tmp_path / "annuaire" / "p"
    dossier.mkdir(parents=True)
    (dossier / "partenaire.yml").write_text("nom: [\n", encoding="utf-8")
    sortie = tmp_path / "config.yml"
    assert main(["cms", str(tmp_path / "annuaire"), "--sortie", str(sortie)]) == 1
    assert "n'a pas été écrite" in capsys.readouterr().err
    assert not sortie.exists()


def _pages_publiques(site: Path) -> list[Path]:
    return [p for p in site.rglob("*.html") if "admin" not in p.relative_to(site).parts]


def test_public_pages_load_nothing_of_the_form(site_avec_formulaire: Path) -> None:
    for page in _pages_publiques(site_avec_formulaire):
        html = page.read_text("utf-8")
        assert "decap" not in html.lower() and "cms.js" not in html, page


def test_without_the_option_there_is_no_admin_and_no_cms_file(tmp_path: Path) -> None:
    site = construire(tmp_path)
    assert not (site / "admin").exists()
    assert not (site / "assets" / "vendor" / "decap-cms").exists()
    assert not (site / "assets" / "javascripts" / "cms.js").exists()
    # The hours editor stays: the help page uses it.
    assert (site / "assets" / "javascripts" / "horaires-saisie.js").exists()


def test_the_professional_directory_refuses_the_form(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with pytest.raises(Abort):
        construire(tmp_path, "pro", actif=True, depot="cd72/guide")
    assert "réservé au guide public" in caplog.text
    assert not (tmp_path / "site-pro" / "admin").exists()


def test_the_form_needs_its_repository(tmp_path: Path, caplog: pytest.LogCaptureFixture
                                       ) -> None:
    with pytest.raises(Abort):
        construire(tmp_path, actif=True)
    assert "demande « depot »" in caplog.text


# --- The week table rewrites hours without changing them -------------------------------------


def test_the_week_table_rewrites_every_sample_hours_to_the_same_opening_times() -> None:
    from guide_solidarites.hours import open_intervals

    valeurs = sorted({v for f in SAMPLE.rglob("*.yml") for v in re.findall(
        r"^\s*(?:- )?(?:horaires|sans_rendez_vous|sur_rendez_vous|telephone): "
        r"((?:Mo|Tu|We|Th|Fr|Sa|Su|24/7)[^\n]*)$", f.read_text("utf-8"), re.M)})
    assert len(valeurs) > 50
    script = (ROOT / "overrides" / "assets" / "javascripts" / "horaires-saisie.js").read_text()
    programme = script + (
        "\nconst v = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "\nconst S = globalThis.GuideHorairesSaisie;"
        "\nprocess.stdout.write(JSON.stringify(v.map((t) => S.ecrire(S.lire(t)))));")
    resultat = subprocess.run(["node", "-e", programme], input=json.dumps(valeurs),
                              capture_output=True, text=True, check=True, timeout=60)
    reecrites = json.loads(resultat.stdout)
    debut = dt.date(2026, 11, 2)
    for avant, apres in zip(valeurs, reecrites, strict=True):
        assert open_intervals(apres, debut, 63) == open_intervals(avant, debut, 63), avant
