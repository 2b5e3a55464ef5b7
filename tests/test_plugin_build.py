"""Real MkDocs builds of tests/fixtures/site: the HTML of each page type, and the failures."""

from __future__ import annotations

import html as html_module
import json
import logging
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import lieu_yaml, partenaire_yaml, write_annuaire
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

FIXTURE = Path(__file__).parent / "fixtures" / "site"


def build_site(site_dir: Path) -> None:
    config = load_config(config_file=str(FIXTURE / "mkdocs.yml"), site_dir=str(site_dir))
    build(config)


@pytest.fixture(scope="module")
def site(site_fixture: Path) -> Path:
    # tests/conftest.py's build: the same as build_site's, made once for the modules that
    # read it.
    return site_fixture


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text("utf-8")


def article(html: str) -> str:
    """The page's main content, without the theme's header, navigation and footer."""
    match = re.search(r"<article[^>]*>(.*)</article>", html, re.S)
    assert match
    return html_module.unescape(match.group(1))


# --- Home ------------------------------------------------------------------------------------


def test_home_is_french_and_finds_a_commune_without_javascript(site: Path) -> None:
    html = page(site, "")
    assert '<html lang="fr"' in html
    assert '<form class="gs-formulaire" action="communes/" method="get"' in html
    assert '<label for="gs-commune">' in html and 'id="gs-commune" name="q"' in html


def test_home_offers_categories_with_places_only(site: Path) -> None:
    html = article(page(site, ""))
    assert re.findall(r'href="themes/([^/]+)/"', html) == [
        "difficultes-administratives-ou-juridiques", "difficultes-financieres",
        "equipement-et-alimentation", "logement-hebergement"]
    assert "Argent et budget" in html


def test_home_lists_emergency_numbers_as_links(site: Path) -> None:
    html = article(page(site, ""))
    for lien in ("tel:115", "tel:119", "tel:3919", "tel:17", "tel:112", "sms:114"):
        assert f'href="{lien}"' in html


# --- Reception point -------------------------------------------------------------------------


def test_place_page_shows_contact_address_and_week(site: Path) -> None:
    html = article(page(site, "lieux/ccas-sable-centre"))
    assert "<h1 id=\"contenu\" data-pagefind-meta=\"titre\">CCAS de Sablé-sur-Sarthe</h1>" in html
    assert 'href="tel:+33243625010">Appeler le 02 43 62 50 10</a>' in html
    assert 'href="mailto:accueil@ccas-sable.example.org"' in html
    assert "1 place Raphaël Élizé" in html
    assert "https://www.openstreetmap.org/directions?route=" in html
    assert '<span class="gs-jour">lundi :</span> 9 h – 12 h, 14 h – 17 h' in html
    assert "Fermé les jours fériés" in html
    assert "Fermé du 24 décembre 2026 au 26 décembre 2026." in html


def test_place_page_carries_hours_for_the_browser(site: Path) -> None:
    html = page(site, "lieux/ccas-sable-centre")
    ids = re.findall(r'data-horaires="([^"]+)"', html)
    assert set(ids) == {"horaires-sans-rendez-vous", "horaires-sur-rendez-vous",
                        "horaires-telephone"}
    payload = json.loads(re.search(
        r'<script type="application/json" id="horaires-sans-rendez-vous">(.*?)</script>',
        html).group(1))  # type: ignore[union-attr]
    assert payload["du"] == "2026-11-23" and payload["jusqu_au"] == "2026-12-21"
    assert ["2026-11-23T09:00", "2026-11-23T12:00"] in payload["intervalles"]
    assert "assets/javascripts/horaires.js" in html


def test_place_page_says_what_it_offers_and_to_whom(site: Path) -> None:
    html = article(page(site, "lieux/ccas-sable-centre"))
    for text in ("Premier accueil social.", "Conseil pour gérer son budget",
                 "Une pièce d'identité", "Accessible en fauteuil roulant.",
                 "anglais, arabe", "langue des signes", "Un interprète",
                 "Aide sur place pour utiliser un ordinateur", "Bus ligne 2", "Gratuit",
                 "Tous publics"):
        assert text in html, text
    assert 'href="https://acceslibre.beta.gouv.fr/' in html
    assert 'data-pagefind-filter="pmr:oui"' in html
    assert 'data-pagefind-filter="commune:72264"' in html
    assert 'data-pagefind-meta="commune">Sablé-sur-Sarthe</span>' in html


def test_place_page_says_who_checked_it_and_how_to_fix_it(site: Path) -> None:
    html = article(page(site, "lieux/ccas-sable-centre"))
    assert ("Informations vérifiées le 1er octobre 2026 par CCAS de Sablé-sur-Sarthe, accueil."
            in html)
    assert ('<a href="https://forge.example.org/cd72/guide/edit/main/annuaire/ccas-sable/'
            'ccas-sable-centre.yml" rel="nofollow">Modifier cette fiche (partenaires)</a>'
            ) in html
    # "Signaler une erreur" is a mail anyone can send, to the configured address.
    assert re.search(r'<a href="mailto:guide-solidarites@example\.org\?subject=Erreur%20dans'
                     r'%20le%20guide%20%3A%20CCAS%20de%20Sabl%C3%A9-sur-Sarthe&body=[^"]*'
                     r'Ce%20qui%20est%20faux%20%3A[^"]*" rel="nofollow">Signaler une erreur',
                     html)


def test_place_page_has_schema_org_opening_hours(site: Path) -> None:
    html = page(site, "lieux/ccas-sable-centre")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>',
                                html).group(1))  # type: ignore[union-attr]
    assert data["@type"] == "CivicStructure"
    assert data["telephone"] == "+33243625010"
    assert data["geo"]["latitude"] == 47.8404
    assert {"@type": "OpeningHoursSpecification", "dayOfWeek": "https://schema.org/Friday",
            "opens": "14:00", "closes": "17:00"} in data["openingHoursSpecification"]


def test_approximate_position_is_said_in_words(site: Path) -> None:
    html = article(page(site, "lieux/caf-le-mans"))
    assert "Position approximative : le point indique la mairie de Le Mans" in html


def test_permanence_is_listed_with_its_schedule(site: Path) -> None:
    html = article(page(site, "lieux/caf-le-mans"))
    assert "Maison France Services de La Flèche" in html
    assert '<span class="gs-jour">mercredi :</span> 9 h – 12 h' in html
    assert "Sur rendez-vous." in html


# --- Partner, commune, theme, indexes ------------------------------------------------------------


def test_partner_page_lists_its_places(site: Path) -> None:
    html = article(page(site, "partenaires/caf-sarthe"))
    assert "Caisse d'allocations familiales de la Sarthe (Caf)" in html
    assert 'href="../../lieux/caf-le-mans/"' in html
    assert 'href="../../lieux/epicerie-la-fleche/"' in html


def test_commune_page_shows_places_permanences_and_nearest_premier_accueil(site: Path) -> None:
    html = article(page(site, "communes/72154"))
    assert "<h1 id=\"contenu\">La Flèche</h1>" in html
    assert 'href="../../lieux/epicerie-la-fleche/"' in html
    assert "Permanences à La Flèche" in html and 'href="../../lieux/caf-le-mans/"' in html
    assert "Premier accueil social le plus proche" in html
    assert re.search(r"À \d+ km à vol d'oiseau de la mairie de La Flèche", html)


def test_theme_page_lists_places_of_the_category(site: Path) -> None:
    html = article(page(site, "themes/equipement-et-alimentation"))
    assert "Alimentation et équipement" in html
    assert 'href="../../lieux/epicerie-la-fleche/"' in html
    assert "ccas-sable-centre" not in html


def test_indexes_list_communes_and_partners(site: Path) -> None:
    communes = article(page(site, "communes"))
    assert re.findall(r'href="\.\./communes/(\d+)/"', communes) == ["72154", "72181", "72264"]
    partenaires = article(page(site, "partenaires"))
    assert 'href="../partenaires/caf-sarthe/"' in partenaires


def test_editorial_pages_link_to_the_generated_home(site: Path) -> None:
    html = article(page(site, "ressources"))
    assert 'href="../"' in html


# --- Navigation, privacy, pro data -----------------------------------------------------------


def test_record_pages_stay_out_of_the_sidebar(site: Path) -> None:
    html = page(site, "lieux/ccas-sable-centre")
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>', html, re.S)
    assert nav and "lieux/" not in nav.group(0) and "Toutes les communes" in nav.group(0)


def test_every_page_has_a_skip_link_to_its_title(site: Path) -> None:
    html = page(site, "communes/72154")
    assert re.search(r'<a href="#contenu" class="md-skip">', html)


class _Ressources(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("script", "img", "iframe", "source") and values.get("src"):
            self.urls.append(values["src"] or "")
        if tag == "link" and values.get("rel") not in ("canonical", "prev", "next", "alternate"):
            self.urls.append(values.get("href") or "")
        if tag == "script" and not values.get("src") and values.get("type") not in (
                "application/json", "application/ld+json"):
            self.inline_scripts += 1


def test_no_page_loads_anything_from_another_site(site: Path) -> None:
    for path in site.rglob("*.html"):
        parser = _Ressources()
        parser.feed(path.read_text("utf-8"))
        remote = [u for u in parser.urls if re.match(r"(https?:)?//", u)]
        assert not remote, f"{path}: {remote}"
        assert parser.inline_scripts == 0, f"{path}: inline script (blocked by the CSP)"
    css = (site / "assets/stylesheets/guide.css").read_text("utf-8")
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", css) and "@import" not in css


def test_public_build_holds_no_pro_data(site: Path) -> None:
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".js"):
            text = path.read_text("utf-8", errors="replace")
            for secret in ("SENTINELLE", "sentinelle", "Sentinelle", "02 61 91 99", "+33261919"):
                assert secret not in text, f"{secret} in {path}"


def test_search_data_lists_communes_and_points(site: Path) -> None:
    data = json.loads((site / "assets/guide/recherche.json").read_text("utf-8"))
    assert ["72154", "La Flèche", ["72200"]] in data["communes"]
    assert any(lieu[0] == "ccas-sable-centre" and lieu[5] == 1 for lieu in data["lieux"])


def test_search_index_keeps_working(site: Path) -> None:
    index = json.loads((site / "search/search_index.json").read_text("utf-8"))
    assert any(doc["location"].startswith("lieux/ccas-sable-centre/") for doc in index["docs"])


# --- Failures --------------------------------------------------------------------------------


def test_generated_pages_raise_no_nav_warnings(tmp_path: Path,
                                               caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    build_site(tmp_path / "site")
    assert not [r for r in caplog.records if "not included in the \"nav\"" in r.getMessage()
                or "exist in the docs directory, but are not" in r.getMessage()]
    # The fixture has one stale record on purpose: its one-line summary is the only warning.
    assert [r.getMessage()[:51] for r in caplog.records if r.levelno >= logging.WARNING] == [
        "guide-solidarites : 1 avertissement dans l'annuaire"]


@pytest.fixture
def annuaire_casse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    racine = write_annuaire(tmp_path, {
        "ccas-sable/partenaire.yml": partenaire_yaml(),
        "ccas-sable/ccas-sable-centre.yml": lieu_yaml(code_postal="7230"),
    })
    monkeypatch.setenv("GUIDE_ANNUAIRE", str(racine))
    return racine


def test_broken_annuaire_aborts_with_the_validator_message(
        annuaire_casse: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with pytest.raises(Abort):
        build_site(tmp_path / "site")
    messages = "\n".join(r.getMessage() for r in caplog.records)
    assert "annuaire/ccas-sable/ccas-sable-centre.yml:" in messages
    assert "erreur code-postal-invalide [code_postal] : code postal invalide : « 7230 »" in messages
    assert "L'annuaire contient des erreurs ; rien n'a été publié" in messages


def test_broken_annuaire_creates_no_site(annuaire_casse: Path, tmp_path: Path) -> None:
    with pytest.raises(Abort):
        build_site(tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_broken_annuaire_leaves_the_last_site_untouched(annuaire_casse: Path,
                                                        tmp_path: Path) -> None:
    site_dir = tmp_path / "site"
    (site_dir / "lieux" / "ancien").mkdir(parents=True)
    (site_dir / "lieux" / "ancien" / "index.html").write_text("dernier site publié", "utf-8")
    with pytest.raises(Abort):
        build_site(site_dir)
    assert [p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*")] == [
        "lieux", "lieux/ancien", "lieux/ancien/index.html"]
    assert (site_dir / "lieux/ancien/index.html").read_text("utf-8") == "dernier site publié"


# --- The site's address ----------------------------------------------------------------------


def json_ld(html: str) -> dict[str, object]:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match
    return json.loads(match.group(1))


def test_json_ld_gives_the_public_page_of_the_place(site: Path) -> None:
    data = json_ld(page(site, "lieux/ccas-sable-centre"))
    assert data["url"] == "https://guide.example.org/lieux/ccas-sable-centre/"


def test_the_sitemap_lists_every_place_at_its_address(site: Path) -> None:
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    for lieu in ("ccas-sable-centre", "caf-le-mans", "epicerie-la-fleche"):
        assert f"<loc>https://guide.example.org/lieux/{lieu}/</loc>" in sitemap


def test_open_data_links_each_structure_to_its_public_page(site: Path) -> None:
    structures = json.loads((site / "donnees/data-inclusion/structures.json").read_text("utf-8"))
    liens = {s["lien_source"] for s in structures}
    assert "https://guide.example.org/lieux/ccas-sable-centre/" in liens
    assert None not in liens


@pytest.mark.parametrize(("variant", "site_url", "option", "attendu"), [
    ("public", "https://guide.exemple.fr", None, "https://guide.exemple.fr/"),
    ("pro", "https://guide.exemple.fr/pro/", None, "https://guide.exemple.fr/"),
    ("pro", "https://pro.exemple.fr/", None, "https://pro.exemple.fr/"),
    ("pro", "https://pro.exemple.fr/", "https://guide.exemple.fr", "https://guide.exemple.fr/"),
])
def test_the_public_address_of_each_variant(variant: str, site_url: str, option: str | None,
                                            attendu: str) -> None:
    from guide_solidarites.config import GuideConfig
    from guide_solidarites.plugin import url_publique

    config = GuideConfig()
    config.load_dict({"annuaire": str(FIXTURE / "annuaire"), "variant": variant,
                      "url_publique": option})
    assert not config.validate()[0]
    assert url_publique(config, site_url) == attendu


# --- Warnings --------------------------------------------------------------------------------


@pytest.fixture
def annuaire_perime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    racine = write_annuaire(tmp_path, {
        "ccas-sable/partenaire.yml": partenaire_yaml(),
        "ccas-sable/ccas-sable-centre.yml": lieu_yaml(verifie_le="2024-01-15"),
        "ccas-sable/ccas-sable-gare.yml": lieu_yaml(nom="CCAS, gare", verifie_le="2024-02-01"),
    })
    monkeypatch.setenv("GUIDE_ANNUAIRE", str(racine))
    return racine


def _du_guide(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name.endswith("guide_solidarites")
            and "dans l'annuaire (" in r.getMessage()]


def test_build_says_the_annuaire_warnings_in_one_warning_line(
        annuaire_perime: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    build_site(tmp_path / "site")
    lignes = [r for r in _du_guide(caplog) if r.levelno >= logging.INFO]
    assert [r.levelno for r in lignes] == [logging.WARNING]
    assert "2 avertissements dans l'annuaire (fiche-perimee : 2)" in lignes[0].getMessage()
    assert (tmp_path / "site" / "lieux" / "ccas-sable-gare" / "index.html").is_file()


def test_strict_build_publishes_despite_warnings_the_departement_did_not_make_blocking(
        annuaire_perime: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    config = load_config(config_file=str(FIXTURE / "mkdocs.yml"),
                         site_dir=str(tmp_path / "site"), strict=True)
    build(config)
    assert [r.levelno for r in _du_guide(caplog)] == [logging.INFO]
    assert (tmp_path / "site" / "lieux" / "ccas-sable-gare" / "index.html").is_file()
