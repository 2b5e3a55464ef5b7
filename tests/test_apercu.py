"""`guide apercu`: the public pages a change touches, copied out of a real build, and the
summary comment of the pull request."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from guide_solidarites import cli

FIXTURE = Path(__file__).parent / "fixtures" / "site"
FICHE = FIXTURE / "annuaire" / "ccas-sable" / "ccas-sable-centre.yml"


@pytest.fixture(scope="module")
def site(site_fixture: Path) -> Path:
    # tests/fixtures/site's public build (tests/conftest.py), made once for the modules
    # that read it.
    return site_fixture


def apercu(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["apercu", str(FIXTURE / "annuaire"), "--date", "2026-11-23", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_les_pages_touchees_sont_copiees_avec_leurs_styles(
        site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sortie = tmp_path / "apercu"
    code, texte, _ = apercu(capsys, "--fichiers", str(FICHE), "--site", str(site),
                            "--sortie", str(sortie))
    assert code == 0
    pages = sorted(str(p.parent.relative_to(sortie)) for p in sortie.rglob("index.html")
                   if p.parent != sortie)
    assert "lieux/ccas-sable-centre" in pages
    assert "partenaires/ccas-sable" in pages
    assert "communes/72264" in pages
    assert any(p.startswith("themes/") for p in pages)
    # Only those: not another place's page, nor the home page.
    assert not any(p.startswith("lieux/") and p != "lieux/ccas-sable-centre" for p in pages)
    for page in pages:
        assert (sortie / page / "index.html").read_bytes() == \
            (site / page / "index.html").read_bytes()
    assert (sortie / "assets" / "stylesheets" / "guide.css").is_file()
    assert not (sortie / "donnees").exists()
    index = (sortie / "index.html").read_text("utf-8")
    assert '<a href="lieux/ccas-sable-centre/index.html">CCAS de Sablé-sur-Sarthe</a>' in index
    assert (sortie / "resume.md").read_text("utf-8") == texte
    assert texte.startswith("**Guide des solidarités : 1 fiche modifiée, 0 erreur, "
                            "0 avertissement.**\n\nPages touchées (")
    assert "- CCAS de Sablé\\-sur\\-Sarthe : `lieux/ccas-sable-centre/`\n" in texte


def test_le_resume_compte_les_fiches_et_les_erreurs(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    annuaire = tmp_path / "annuaire"
    shutil.copytree(FIXTURE / "annuaire", annuaire)
    cassee = annuaire / "ccas-sable" / "ccas-sable-centre.yml"
    cassee.write_text(cassee.read_text("utf-8").replace("type: ccas-cias", "type: ccas"),
                      "utf-8")
    code = cli.main(["apercu", str(annuaire), "--date", "2026-11-23", "--fichiers",
                     str(cassee), str(annuaire / "caf-sarthe" / "caf-le-mans.yml")])
    assert code == 0
    assert capsys.readouterr().out.startswith(
        "**Guide des solidarités : 2 fiches modifiées, 1 erreur, 0 avertissement.**\n")


def test_jamais_l_annuaire_professionnel(
        site_fixture_pro: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The same site with `variant: pro` (tests/conftest.py).
    site_pro = site_fixture_pro
    sortie = tmp_path / "apercu"
    code, _, err = apercu(capsys, "--fichiers", str(FICHE), "--site", str(site_pro),
                          "--sortie", str(sortie))
    assert code == 2
    assert "Aperçu refusé" in err and "jamais sur site-pro" in err
    assert not sortie.exists()


def test_site_absent_est_explique(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = apercu(capsys, "--fichiers", str(FICHE), "--site", str(tmp_path / "site"),
                          "--sortie", str(tmp_path / "apercu"))
    assert code == 2
    assert "construisez d'abord le guide public (« make site »)" in err
