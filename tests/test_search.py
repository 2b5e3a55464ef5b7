"""The Pagefind index of the built site (guide_solidarites.search) and its markup contract."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import shutil
from pathlib import Path

import pytest
from guide_solidarites.hours import intervals_payload
from guide_solidarites.search import (
    FICHIER_VOCABULAIRE,
    FILTRES,
    ErreurIndexation,
    horaires_compacts,
    indexer_site,
    jours_ouverts,
    lire_fragment,
    mots,
    plier,
    vocabulaire,
)

LIEUX = {"/lieux/caf-le-mans/", "/lieux/ccas-sable-centre/", "/lieux/epicerie-la-fleche/"}


@pytest.fixture(scope="module")
def site_construit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/site built by the plugin, its Pagefind bundle removed: the pages the
    search indexes are the ones a département publishes."""
    from browser.conftest import construire

    site = construire(tmp_path_factory.mktemp("site") / "site", "public")
    shutil.rmtree(site / "pagefind")
    return site


@pytest.fixture(scope="module")
def site_indexe(site_construit: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("indexe") / "site"
    shutil.copytree(site_construit, site)
    indexer_site(site)
    return site


def _fragments(site: Path) -> dict[str, dict]:
    """Pagefind's per-page fragments (what result.data() returns), by URL."""
    fragments = [lire_fragment(p) for p in (site / "pagefind" / "fragment").iterdir()]
    return {f["url"]: f for f in fragments}


def test_indexing_writes_the_bundle(site_indexe: Path) -> None:
    bundle = site_indexe / "pagefind"
    for nom in ("pagefind.js", "pagefind-entry.json", "pagefind-worker.js", FICHIER_VOCABULAIRE):
        assert (bundle / nom).is_file(), nom
    assert list(bundle.glob("wasm.fr.pagefind"))
    assert list((bundle / "index").glob("fr_*.pf_index"))
    assert list((bundle / "filter").glob("fr_*.pf_filter"))
    # The ready-made UIs are not used by the search page: they are not deployed.
    assert not (bundle / "pagefind-ui.js").exists()
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    assert list(entry["languages"]) == ["fr"]
    assert entry["languages"]["fr"]["page_count"] == len(_fragments(site_indexe))


def test_only_pages_with_a_body_are_indexed(site_indexe: Path) -> None:
    urls = set(_fragments(site_indexe))
    assert "/" not in urls  # the home page has no data-pagefind-body
    assert "/recherche/" not in urls  # nor the search page itself
    assert "/ressources/" in urls
    assert {u for u in urls if u.startswith("/lieux/")} == LIEUX


def test_record_contract_filters_and_meta(site_indexe: Path) -> None:
    fragments = _fragments(site_indexe)
    ccas = fragments["/lieux/ccas-sable-centre/"]
    assert ccas["filters"] == {
        "categorie": ["difficultes-financieres", "logement-hebergement"],
        "public": ["tous-publics"],
        "commune": ["72264"],
        "mode": ["sans-rendez-vous", "sur-rendez-vous", "telephone", "courriel"],
        "pmr": ["oui"],
        "jour": ["lu", "ma", "me", "je", "ve"],
    }
    assert set(ccas["filters"]) <= set(FILTRES)
    meta = ccas["meta"]
    assert meta["titre"] == "CCAS de Sablé-sur-Sarthe"
    assert meta["adresse"] == "1 place Raphaël Élizé"
    assert meta["commune"] == "Sablé-sur-Sarthe"
    assert meta["horaires"].startswith("2026-11-23 2027-01-18 0:0900-1200/1400-1700 ")
    # Ignored text (the hidden block, the "checked on" line, the nav) is not searchable.
    assert "vérifiée" not in ccas["content"]
    assert "0900-1200" not in ccas["content"]
    assert "Menu" not in ccas["content"]
    # A place without walk-in hours has no horaires meta and no jour filter.
    caf = fragments["/lieux/caf-le-mans/"]
    assert "horaires" not in caf["meta"] and "jour" not in caf["filters"]
    assert fragments["/ressources/"]["filters"] == {}


def test_vocabulary_is_folded_and_from_indexed_text(site_indexe: Path) -> None:
    mots = json.loads((site_indexe / "pagefind" / FICHIER_VOCABULAIRE).read_text("utf-8"))
    assert {"hebergement", "logement", "epicerie", "alimentation"} <= set(mots)
    assert "menu" not in mots  # outside data-pagefind-body
    assert "verifiee" not in mots  # data-pagefind-ignore
    assert all(m == plier(m) and len(m) >= 4 for m in mots)


def test_indexing_is_deterministic_and_replaces_the_old_bundle(
        site_construit: Path, tmp_path: Path) -> None:
    """Same HTML, same words, pages and filters. Pagefind 1.5.2 writes the values inside
    a filter chunk in hash-map order, so those chunks (and pf_meta / pagefind-entry.json,
    which name them by hash) may differ in byte order between runs: compared decoded."""
    empreintes = []
    for _ in range(2):
        site = tmp_path / "site"
        if site.exists():
            shutil.rmtree(site)
        shutil.copytree(site_construit, site)
        (site / "pagefind").mkdir()
        (site / "pagefind" / "perime.pf_index").write_text("vieux")
        rapport = indexer_site(site)
        assert rapport.pages == len(list((site / "pagefind" / "fragment").iterdir()))
        assert not (site / "pagefind" / "perime.pf_index").exists()
        bundle = site / "pagefind"
        empreintes.append((
            {p.relative_to(bundle).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(bundle.rglob("*")) if p.is_file()
             and not p.name.endswith((".pf_filter", ".pf_meta", "pagefind-entry.json"))},
            sorted(sorted(gzip.decompress(p.read_bytes()))
                   for p in (bundle / "filter").iterdir()),
        ))
    assert empreintes[0] == empreintes[1]


def test_missing_site_is_a_french_error(tmp_path: Path) -> None:
    with pytest.raises(ErreurIndexation, match="introuvable"):
        indexer_site(tmp_path / "absent")


def test_horaires_compacts_round_trip_shape() -> None:
    payload = intervals_payload("Mo-Fr 09:00-12:00,14:00-17:00; PH off", dt.date(2026, 11, 23), 14)
    texte = horaires_compacts(payload)
    assert texte.startswith("2026-11-23 2026-12-07 0:0900-1200/1400-1700 1:0900-1200/1400-1700")
    assert "," not in texte  # safe anywhere, even in a Pagefind attribute value
    assert " 5:" not in texte and " 6:" not in texte  # the weekend
    assert jours_ouverts(payload) == ["lu", "ma", "me", "je", "ve"]


def test_horaires_compacts_cut_at_midnight() -> None:
    payload = intervals_payload("24/7", dt.date(2026, 11, 23), 2)
    assert horaires_compacts(payload) == "2026-11-23 2026-11-25 0:0000-2400 1:0000-2400"
    assert jours_ouverts(payload) == ["lu", "ma"]
    nuit = {"du": "2026-11-23", "jusqu_au": "2026-11-24",
            "intervalles": [["2026-11-23T20:00", "2026-11-24T08:00"]]}
    assert horaires_compacts(nuit) == "2026-11-23 2026-11-24 0:2000-2400 1:0000-0800"
    assert jours_ouverts(nuit) == ["lu", "ma"]


def test_folding_and_words() -> None:
    assert plier("Sécurité sociale, Restos du Cœur") == "securite sociale, restos du coeur"
    assert mots("Hébergement d'urgence, Café à Sablé (72)") == {"hebergement", "urgence",
                                                                "cafe", "sable"}
    assert vocabulaire([{"logement", "cafe"}, {"logement"}]) == ["logement", "cafe"]
