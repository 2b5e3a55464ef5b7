"""The cache of validated records: same problems with and without it, and never trusted
when it is stale, truncated or foreign."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import shutil
from pathlib import Path

import pytest
from guide_solidarites import cache as cache_module
from guide_solidarites import cli
from guide_solidarites.cache import CacheFiches, dossier_cache
from guide_solidarites.validation import valider

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).parent / "data" / "invalid"
CAS = sorted(p.name for p in CORPUS.iterdir() if (p / "annuaire").is_dir())
DATE = "2026-11-22"
AUJOURDHUI = dt.date.fromisoformat(DATE)


def _guide_valider(racine: Path, capsys: pytest.CaptureFixture[str], *options: str
                   ) -> tuple[int, str]:
    code = cli.main(["valider", str(racine), "--date", DATE, *options])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("cas", CAS)
def test_corpus_identique_cache_chaud(cas: str, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    # A copy: the cache folder is written beside the annuaire.
    dossier = tmp_path / cas
    shutil.copytree(CORPUS / cas, dossier, symlinks=True)
    options = ["--pro", str(dossier / "annuaire-pro")] if (
        dossier / "annuaire-pro").is_dir() else []
    if (dossier / "options").is_file():
        options += (dossier / "options").read_text("utf-8").split()
    attendu = (dossier / "attendu.txt").read_text("utf-8")
    froid = _guide_valider(dossier / "annuaire", capsys, *options)
    chaud = _guide_valider(dossier / "annuaire", capsys, *options)
    assert froid == chaud == (1, attendu)


def _annuaire(tmp_path: Path) -> tuple[Path, Path]:
    racine = tmp_path / "annuaire"
    shutil.copytree(ROOT / "annuaire", racine)
    pro = tmp_path / "annuaire-pro"
    shutil.copytree(ROOT / "exemples" / "annuaire-pro", pro)
    return racine, pro


def _textes(racine: Path, pro: Path, cache: Path | None) -> list[str]:
    _, report = valider(racine, AUJOURDHUI, racine_pro=pro, cache=cache)
    return [p.format(racine.parent) for p in report.sorted()]


def _premier_lieu(racine: Path) -> Path:
    return next(p for p in sorted(racine.glob("*/*.yml")) if p.name != "partenaire.yml")


def test_fichier_modifie_revalide(tmp_path: Path) -> None:
    racine, pro = _annuaire(tmp_path)
    dossier = dossier_cache(racine)
    sans = _textes(racine, pro, None)
    assert _textes(racine, pro, dossier) == sans
    assert _textes(racine, pro, dossier) == sans
    lieu = _premier_lieu(racine)
    lieu.write_text(lieu.read_text("utf-8") + "telephone_fantaisie: 12\n", encoding="utf-8")
    avec = _textes(racine, pro, dossier)
    assert avec == _textes(racine, pro, None)
    assert any(lieu.name in t and "telephone_fantaisie" in t for t in avec)


def test_cache_chaud_sert_les_fiches(tmp_path: Path) -> None:
    racine, pro = _annuaire(tmp_path)
    dossier = dossier_cache(racine)
    _textes(racine, pro, dossier)
    fiches = CacheFiches(dossier, racine)
    from guide_solidarites.loader import load_annuaire

    charge = load_annuaire(racine, fiches)
    assert fiches.lues > 0
    assert charge.lieux == load_annuaire(racine).lieux


def test_changement_de_code_invalide(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    racine, pro = _annuaire(tmp_path)
    dossier = dossier_cache(racine)
    _textes(racine, pro, dossier)
    monkeypatch.setattr(cache_module, "version_code", lambda: "une autre version du code")
    fiches = CacheFiches(dossier, racine)
    from guide_solidarites.loader import load_annuaire

    load_annuaire(racine, fiches)
    assert fiches.lues == 0


def test_version_du_code_suit_les_sources() -> None:
    version = cache_module.version_code()
    assert len(version) == 64
    # Every module of the package is part of it, the models and validation included.
    assert cache_module._PACKAGE / "models.py" in set(cache_module._PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("abime", ["tronque", "vide", "etranger", "malveillant"])
def test_cache_abime_ignore(abime: str, tmp_path: Path) -> None:
    racine, pro = _annuaire(tmp_path)
    dossier = dossier_cache(racine)
    sans = _textes(racine, pro, None)
    _textes(racine, pro, dossier)
    fichier = CacheFiches(dossier, racine).fichier
    contenu = fichier.read_bytes()
    temoin = tmp_path / "execute"
    if abime == "tronque":
        fichier.write_bytes(contenu[: len(contenu) // 2])
    elif abime == "vide":
        fichier.write_bytes(b"")
    elif abime == "etranger":
        fichier.write_bytes(os.urandom(len(contenu)))
    else:
        # A pickle that would run code when loaded, under a forged header.
        class Piege:
            def __reduce__(self) -> tuple[object, tuple[str]]:
                return (os.system, (f"touch {temoin}",))

        fichier.write_bytes(contenu[:8] + b"\0" * 32 + pickle.dumps(Piege()))
    fiches = CacheFiches(dossier, racine)
    from guide_solidarites.loader import load_annuaire

    load_annuaire(racine, fiches)
    assert fiches.lues == 0
    assert not temoin.exists()
    assert _textes(racine, pro, dossier) == sans
    # ...and the run wrote a good cache again.
    assert _textes(racine, pro, dossier) == sans
    fiches = CacheFiches(dossier, racine)
    load_annuaire(racine, fiches)
    assert fiches.lues > 0


def test_cache_supprime_sans_effet(tmp_path: Path) -> None:
    racine, pro = _annuaire(tmp_path)
    dossier = dossier_cache(racine)
    sans = _textes(racine, pro, None)
    _textes(racine, pro, dossier)
    shutil.rmtree(dossier)
    assert _textes(racine, pro, dossier) == sans
    assert dossier.is_dir()


def test_fichier_deplace_revalide(tmp_path: Path) -> None:
    # Same content, another identity (moved to another partner): validated as itself.
    racine, pro = _annuaire(tmp_path)
    dossier = dossier_cache(racine)
    _textes(racine, pro, dossier)
    lieu = _premier_lieu(racine)
    autre = next(d for d in sorted(racine.iterdir()) if d.is_dir() and d != lieu.parent)
    copie = autre / f"{lieu.stem}-copie.yml"
    shutil.copy(lieu, copie)
    assert _textes(racine, pro, dossier) == _textes(racine, pro, None)


def test_codes_qr_gardes_d_une_construction_a_l_autre(tmp_path: Path) -> None:
    from guide_solidarites import qr

    adresse = "https://guide.example.org/lieux/ccas-sable-centre/"
    attendu = qr._encoder.__wrapped__(adresse)
    with qr.codes_gardes(tmp_path):
        assert qr.qr_svg(adresse) == attendu
    fichier = next(tmp_path.glob("qr-*.bin"))
    # The next run takes the code from the file: a forged entry there is what it returns
    # (the file is signed by this machine's key, so only this machine writes it).
    garde = cache_module.CacheTextes(tmp_path, fichier.stem)
    assert garde.get(adresse) == attendu
    garde.set(adresse, "<svg>garde</svg>")
    garde.enregistrer()
    with qr.codes_gardes(tmp_path):
        assert qr.qr_svg(adresse) == "<svg>garde</svg>"


def test_codes_qr_fichier_abime_ignore(tmp_path: Path) -> None:
    from guide_solidarites import qr

    adresse = "https://guide.example.org/lieux/x/"
    with qr.codes_gardes(tmp_path):
        qr.qr_svg(adresse)
    fichier = next(tmp_path.glob("qr-*.bin"))
    fichier.write_bytes(fichier.read_bytes()[:-10])
    assert cache_module.CacheTextes(tmp_path, fichier.stem).get(adresse) is None
    with qr.codes_gardes(tmp_path):
        assert qr.qr_svg(adresse) == qr._encoder.__wrapped__(adresse)
    assert cache_module.CacheTextes(tmp_path, fichier.stem).get(adresse) is not None


@pytest.fixture()
def sans_marge(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files trusted by their stat as soon as the run starts after them: in a checkout
    they are older than the margin (MARGE_NS), here they were written a moment ago."""
    monkeypatch.setattr(cache_module, "MARGE_NS", 0)


def _lieux(racine: Path, fiches: CacheFiches) -> dict[str, object]:
    from guide_solidarites.loader import load_annuaire

    return dict(load_annuaire(racine, fiches).lieux)


def test_fichier_inchange_n_est_pas_relu(tmp_path: Path, sans_marge: None) -> None:
    racine, pro = _annuaire(tmp_path)
    dossier = dossier_cache(racine)
    assert dossier is not None
    sans = _textes(racine, pro, None)
    _textes(racine, pro, dossier)
    fiches = CacheFiches(dossier, racine)
    lieux = _lieux(racine, fiches)
    nombre = sum(1 for _ in racine.rglob("*.yml"))
    assert fiches.sans_lecture == fiches.lues == nombre
    assert _textes(racine, pro, dossier) == sans
    # A stale record's warning still sits at its line: the text is read for it then.
    assert lieux


def test_fichier_recent_juge_sur_son_contenu(tmp_path: Path) -> None:
    # Rewritten within one tick of the file system's clock, a file keeps its times and
    # size: a file changed in the last seconds is read again, whatever its stat says.
    racine, pro = _annuaire(tmp_path)
    dossier = dossier_cache(racine)
    lieu = _premier_lieu(racine)
    texte = lieu.read_text("utf-8")
    assert "\nnom: " in "\n" + texte
    _textes(racine, pro, dossier)
    avant = os.stat(lieu)
    lieu.write_text(texte.replace("nom: ", "nxm: ", 1), encoding="utf-8")
    os.utime(lieu, ns=(avant.st_atime_ns, avant.st_mtime_ns))
    avec = _textes(racine, pro, dossier)
    assert avec == _textes(racine, pro, None)
    assert any(lieu.name in t and "nxm" in t for t in avec)


def test_guide_valider_sans_changement_redit_le_meme_bilan(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], sans_marge: None) -> None:
    racine, pro = _annuaire(tmp_path)
    premier = _guide_valider(racine, capsys, "--pro", str(pro))
    assert list(dossier_cache(racine).glob("bilan-*.bin"))  # type: ignore[union-attr]
    assert _guide_valider(racine, capsys, "--pro", str(pro)) == premier
    # Another date is another result (records go stale).
    code = cli.main(["valider", str(racine), "--pro", str(pro), "--date", "2031-01-01"])
    tard = (code, capsys.readouterr().err)
    assert tard != premier and "fiche-perimee" in tard[1]
    # A file changed is a new result, even with the same size.
    lieu = _premier_lieu(racine)
    lieu.write_text(lieu.read_text("utf-8") + "telephone_fantaisie: 12\n", encoding="utf-8")
    code, sortie = _guide_valider(racine, capsys, "--pro", str(pro))
    assert code == 1 and "telephone_fantaisie" in sortie
    assert _guide_valider(racine, capsys, "--pro", str(pro)) == (code, sortie)


def test_bilan_d_un_fichier_ajoute_ou_supprime(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               sans_marge: None) -> None:
    racine, pro = _annuaire(tmp_path)
    premier = _guide_valider(racine, capsys)
    intrus = racine / _premier_lieu(racine).parent.name / "notes.txt"
    intrus.write_text("brouillon\n", encoding="utf-8")
    code, sortie = _guide_valider(racine, capsys)
    assert code == 1 and "notes.txt" in sortie and "fichier-inattendu" in sortie
    intrus.unlink()
    assert _guide_valider(racine, capsys) == premier
