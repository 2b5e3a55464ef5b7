"""The service worker's version: a digest of what it keeps at install, nothing else."""

from __future__ import annotations

from pathlib import Path

from guide_solidarites.hors_ligne import PAGES_GARDEES, fichiers_gardes, version


def _site(racine: Path) -> Path:
    fichiers = {
        "index.html": "<h1>Accueil</h1>", "recherche/index.html": "<h1>Recherche</h1>",
        "ma-selection/index.html": "<h1>Ma sélection</h1>",
        "hors-ligne/index.html": "<h1>Pas de connexion</h1>",
        "assets/stylesheets/guide.css": "body{}", "assets/javascripts/guide.js": "1;",
        "pagefind/pagefind-entry.json": '{"version":"1"}',
        "pagefind/fragment/fr_0a1b2c.pf_fragment": "x",
        "lieux/ccas-sable/index.html": "<h1>CCAS de Sablé</h1>",
    }
    for nom, texte in fichiers.items():
        (racine / nom).parent.mkdir(parents=True, exist_ok=True)
        (racine / nom).write_text(texte, encoding="utf-8")
    return racine


def _version(site: Path) -> str:
    return version(site, [*PAGES_GARDEES, *fichiers_gardes(site)])


def test_un_fichier_garde_qui_change_est_une_nouvelle_version(tmp_path: Path) -> None:
    site = _site(tmp_path)
    avant = _version(site)
    assert avant == _version(site)  # the same files, the same worker
    for nom in ("index.html", "recherche/index.html", "assets/stylesheets/guide.css",
                "assets/javascripts/guide.js"):
        fichier = site / nom
        texte = fichier.read_text(encoding="utf-8")
        fichier.write_text(texte + " ", encoding="utf-8")
        assert _version(site) != avant, nom
        fichier.write_text(texte, encoding="utf-8")
    assert _version(site) == avant
    (site / "assets/javascripts/carte.js").write_text("2;", encoding="utf-8")
    assert _version(site) != avant  # a new kept file


def test_une_page_de_lieu_ou_l_index_qui_change_garde_le_meme_worker(tmp_path: Path) -> None:
    """A place's page comes from the network first: its change alone does not make every
    visitor's phone fetch the kept files again. Pagefind renames its files at every run."""
    site = _site(tmp_path)
    avant = _version(site)
    (site / "lieux/ccas-sable/index.html").write_text("<h1>CCAS de Sablé-sur-Sarthe</h1>",
                                                      encoding="utf-8")
    (site / "lieux/ccas-la-fleche").mkdir()
    (site / "lieux/ccas-la-fleche/index.html").write_text("<h1>CCAS</h1>", encoding="utf-8")
    (site / "pagefind/pagefind-entry.json").write_text('{"version":"2"}', encoding="utf-8")
    (site / "pagefind/fragment/fr_0a1b2c.pf_fragment").rename(
        site / "pagefind/fragment/fr_9f8e7d.pf_fragment")
    assert _version(site) == avant


def test_une_page_gardee_absente_compte(tmp_path: Path) -> None:
    site = _site(tmp_path)
    avant = _version(site)
    (site / "ma-selection/index.html").unlink()
    assert _version(site) != avant
