"""A large guide's search index in parts (search.py, "A large guide: the index in parts")."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from guide_solidarites.moteur import empreintes, variable
from guide_solidarites.search import (
    DOSSIER_PARTIES,
    FICHIER_LIEUX,
    FICHIER_VOCABULAIRE,
    _executable,
    indexer_site,
    lire_fragment,
    repartir,
)

PLACES = {"lieux/epicerie-la-fleche/index.html": "fr 72154",
          "lieux/caf-le-mans/index.html": "fr 72181",
          "lieux/ccas-sable-centre/index.html": "fr 72264"}


@pytest.fixture(scope="module")
def site_construit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/site built by the plugin, without its search index."""
    from browser.conftest import construire

    site = construire(tmp_path_factory.mktemp("site") / "site", "public")
    shutil.rmtree(site / "pagefind")
    return site


def copie(site: Path, dossier: Path) -> Path:
    shutil.copytree(site, dossier / "site")
    return dossier / "site"


def index_lieux() -> dict:
    """The places index as donnees_index makes it, reduced to what indexer_site fills."""
    lieux = [[Path(c).parent.name, *[None] * 10, None, [], [], None] for c in PLACES]
    return {"lieux": lieux, "partenaires": [["caf-sarthe", "Caf", None]]}


def urls(bundle: Path) -> set[str]:
    return {lire_fragment(f)["url"] for f in (bundle / "fragment").glob("*.pf_fragment")}


# --- Which pages go where -----------------------------------------------------------------


def test_a_site_that_fits_in_one_run_is_one_index() -> None:
    assert repartir(PLACES, autres=7, pages_par_index=10) == []
    assert repartir({}, autres=20_000) == []


def test_parts_hold_at_most_the_pages_asked_and_every_place_once() -> None:
    cles = {f"lieux/l{i}/index.html": f"fr {72000 + i % 50:05d}" for i in range(1_000)}
    parties = repartir(cles, autres=120, pages_par_index=300)
    # 1,120 pages in 4 runs of at most 300: the first takes the 120 others and 160 places.
    assert [len(p) for p in parties] == [280, 280, 280]
    assert sorted(c for p in parties for c in p) == sorted(set(cles) - set(
        sorted(cles, key=lambda c: (cles[c], c))[:160]))
    assert all(len(p) <= 300 for p in parties)


def test_a_part_is_neighbouring_communes_of_one_language() -> None:
    cles = {f"{langue}lieux/l{i}/index.html": f"{langue or 'fr'} {72000 + i:05d}"
            for langue in ("", "en/") for i in range(6)}
    parties = repartir(cles, autres=0, pages_par_index=6)
    assert [[cles[c] for c in p] for p in parties] == [
        ["fr 72000", "fr 72001", "fr 72002", "fr 72003", "fr 72004", "fr 72005"]]
    # The first part took the English places (the keys' order), the second the French.
    assert all(not c.startswith("en/") for c in parties[0])


# --- The bundles ------------------------------------------------------------------------------


def test_one_part_is_the_bundle_pagefind_writes_alone(site_construit: Path,
                                                      tmp_path: Path) -> None:
    # Below the limit nothing changes: the bundle is the one of a plain Pagefind run (the
    # command of the guide before parts), files of variable bytes aside.
    notre = copie(site_construit, tmp_path / "notre")
    rapport = indexer_site(notre, parties=[])
    seul = copie(site_construit, tmp_path / "seul")
    subprocess.run([str(_executable()), "--site", str(seul), "--output-subdir", "pagefind",
                    "--force-language", "fr", "--silent"], check=True, cwd=seul,
                   capture_output=True)
    assert rapport.parties == 1
    assert not (notre / "pagefind" / DOSSIER_PARTIES).exists()
    a = {k: v for k, v in empreintes(notre).items() if k.startswith("pagefind/")
         and k != f"pagefind/{FICHIER_VOCABULAIRE}"}
    b = {k: v for k, v in empreintes(seul).items() if k.startswith("pagefind/")
         and "-ui" not in k and k != "pagefind/pagefind-highlight.js"}
    # Files of variable bytes have hashed names too: counted, as moteur.differences does.
    assert {k: v for k, v in a.items() if v != "*"} == {k: v for k, v in b.items() if v != "*"}
    assert list(a.values()).count("*") == list(b.values()).count("*") > 0


def test_each_part_indexes_its_own_pages_and_the_places_index_names_them(
        site_construit: Path, tmp_path: Path) -> None:
    entier = copie(site_construit, tmp_path / "entier")
    indexer_site(entier, index_lieux=index_lieux())
    site = copie(site_construit, tmp_path / "parties")
    rapport = indexer_site(site, index_lieux=index_lieux(), parties=[
        ["lieux/epicerie-la-fleche/index.html", "lieux/caf-le-mans/index.html"],
        ["lieux/ccas-sable-centre/index.html"]])
    bundle = site / "pagefind"
    assert rapport.parties == 3
    assert urls(bundle / DOSSIER_PARTIES / "1") == {"/lieux/epicerie-la-fleche/",
                                                    "/lieux/caf-le-mans/"}
    assert urls(bundle / DOSSIER_PARTIES / "2") == {"/lieux/ccas-sable-centre/"}
    # Every page is indexed once, in one of the parts: the same pages as one index, the
    # same words for the suggestions.
    premiere = urls(bundle)
    assert not premiere & {"/lieux/caf-le-mans/", "/lieux/ccas-sable-centre/"}
    assert premiere | urls(bundle / "parties/1") | urls(bundle / "parties/2") == urls(
        entier / "pagefind")
    assert (bundle / FICHIER_VOCABULAIRE).read_text() == (
        entier / "pagefind" / FICHIER_VOCABULAIRE).read_text()
    # The places index names the parts, and each place's fragment in its part.
    lieux = json.loads((bundle / FICHIER_LIEUX).read_text(encoding="utf-8"))
    assert lieux["parties"] == ["parties/1/", "parties/2/"]
    fragments = {f.stem for f in bundle.glob("**/fragment/*.pf_fragment")}
    assert all(ligne[11] in fragments for ligne in lieux["lieux"])
    assert lieux["lieux"] == json.loads((entier / "pagefind" / FICHIER_LIEUX).read_text(
        encoding="utf-8"))["lieux"]
    # Each part is a whole bundle (mergeIndex reads its entry), without the ready-made UIs;
    # no folder of links is left beside the site.
    for partie in ("parties/1", "parties/2"):
        assert (bundle / partie / "pagefind-entry.json").is_file()
        assert not (bundle / partie / "pagefind-ui.js").exists()
    assert [p.name for p in site.parent.iterdir()] == ["site"]


def test_a_single_index_says_no_parts(site_construit: Path, tmp_path: Path) -> None:
    site = copie(site_construit, tmp_path)
    indexer_site(site, index_lieux=index_lieux())
    assert "parties" not in json.loads((site / "pagefind" / FICHIER_LIEUX).read_text())


def test_the_bytes_that_vary_are_those_of_every_part() -> None:
    for prefixe in ("pagefind/", "pagefind/parties/3/"):
        assert variable(prefixe + "filter/fr_1234.pf_filter")
        assert variable(prefixe + "pagefind-entry.json")
        assert variable(prefixe + "pagefind.fr_5678.pf_meta")
        assert not variable(prefixe + "fragment/fr_1234.pf_fragment")
    assert not variable("lieux/parties/3/filter/x")
