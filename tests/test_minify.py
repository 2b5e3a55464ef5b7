"""The guide's own scripts and stylesheets are shipped without comments (minify.py): the
same program, the same rules, fewer bytes; vendored libraries keep their licences."""

from __future__ import annotations

import gzip
import shutil
import subprocess
from pathlib import Path

import pytest
from guide_solidarites.minify import ScriptIllisible, css_allege, js_allege, version_allegee

ROOT = Path(__file__).resolve().parents[1]
THEME = ROOT / "overrides"
SCRIPTS = sorted((THEME / "assets" / "javascripts").glob("*.js")) + [
    ROOT / "plugins/guide_solidarites/templates/hors-ligne/sw.js"]
FEUILLES = sorted((THEME / "assets" / "stylesheets").glob("*.css"))
NODE = shutil.which("node")


# --- Scripts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("source", "attendu"), [
    # Comments go, with the indentation and the lines they leave empty.
    ("// titre\nvar a = 1; // un\n\n  var b = 2;\n", "var a = 1;\nvar b = 2;\n"),
    ("/* bloc\n * sur deux lignes */\nf();\n", "f();\n"),
    ("a/* */b", "a b"),
    ("var x = 1;/* fin */", "var x = 1;"),
    ("f() // sans fin de ligne", "f()"),
    # Strings, regular expressions and templates are copied as they are.
    ('var u = "http://x/*y*/"; // c\n', 'var u = "http://x/*y*/";\n'),
    ("var s = 'l\\'a // b';\n", "var s = 'l\\'a // b';\n"),
    ("var r = /\\/\\/[/*]+/g; // c\n", "var r = /\\/\\/[/*]+/g;\n"),
    ("if (/a\\/*b/.test(s)) f();\n", "if (/a\\/*b/.test(s)) f();\n"),
    ("return /x\\/\\/y/i.exec(s);\n", "return /x\\/\\/y/i.exec(s);\n"),
    ("var t = `a\n\n  // pas un commentaire\n  ${x /* c */ + `b${'//'}`} fin`;\n",
     "var t = `a\n\n  // pas un commentaire\n  ${x + `b${'//'}`} fin`;\n"),
    # A slash after an operand divides.
    ("var m = a / b / c; // d\n", "var m = a / b / c;\n"),
    ("var m = (a + 1) / 2 / (b[0] / 4);\n", "var m = (a + 1) / 2 / (b[0] / 4);\n"),
    ("i++ / 2 /* c */;\n", "i++ / 2 ;\n"),
    ("var d = 1.5 / 3;\n", "var d = 1.5 / 3;\n"),
    # Line breaks end statements: kept, so is a licence comment.
    ("a = b\n// c\n(f)\n", "a = b\n(f)\n"),
    ("/*! Licence MIT */\nvar a;\n", "/*! Licence MIT */\nvar a;\n"),
])
def test_script_loses_its_comments_and_nothing_else(source: str, attendu: str) -> None:
    assert js_allege(source) == attendu


@pytest.mark.parametrize("source", ['var a = "non fermée;\n', "var t = `a${b", "/* sans fin",
                                    "var r = /sans fin\n"])
def test_unreadable_script_is_refused(source: str) -> None:
    with pytest.raises(ScriptIllisible):
        js_allege(source)


@pytest.mark.skipif(NODE is None, reason="node is needed to parse the scripts")
@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_each_shipped_script_is_the_same_program_lighter(script: Path, tmp_path: Path) -> None:
    """acorn parses the script as written and as shipped: the same syntax tree."""
    leger = tmp_path / script.name
    leger.write_text(js_allege(script.read_text("utf-8")), "utf-8")
    assert NODE is not None
    verdict = subprocess.run([NODE, str(ROOT / "tests/js/meme_programme.mjs"), str(script),
                              str(leger)], capture_output=True, text=True, timeout=60)
    assert verdict.stdout == "identique\n", verdict.stdout + verdict.stderr
    assert leger.stat().st_size < script.stat().st_size


@pytest.mark.skipif(NODE is None, reason="node is needed to parse the scripts")
def test_the_program_comparison_sees_a_difference(tmp_path: Path) -> None:
    a, b = tmp_path / "a.js", tmp_path / "b.js"
    a.write_text("var x = /a/g; f(1 / 2);", "utf-8")
    b.write_text("var x = /a/i; f(1 / 2);", "utf-8")
    assert NODE is not None
    verdict = subprocess.run([NODE, str(ROOT / "tests/js/meme_programme.mjs"), str(a), str(b)],
                             capture_output=True, text=True, timeout=60)
    assert verdict.returncode == 1 and verdict.stdout.startswith("différent"), verdict.stdout


# --- Stylesheets ------------------------------------------------------------------------------


def test_stylesheet_loses_its_comments_not_its_strings() -> None:
    source = ('/* titre */\n.a /* entre */ .b {\n  content: "/* gardé */";\n'
              "  background: url(//x/y.png); /* fin */\n}\n\n/*! licence */\n")
    assert css_allege(source) == ('.a   .b {\ncontent: "/* gardé */";\n'
                                  "background: url(//x/y.png);\n}\n/*! licence */\n")


def test_shipped_stylesheets_keep_every_rule() -> None:
    """Chromium's parsed rules of each stylesheet are compared in tests/browser/
    test_pages_legeres.py; here, what a reader can check without a browser."""
    for feuille in FEUILLES:
        source = feuille.read_text("utf-8")
        leger = css_allege(source)
        assert "/*" not in leger.replace("/*!", ""), feuille.name
        for signe in "{};":
            assert leger.count(signe) <= source.count(signe), (feuille.name, signe)
        assert leger.count("{") == source.count("{") - _dans_les_commentaires(source, "{")


def _dans_les_commentaires(source: str, signe: str) -> int:
    total, i = 0, source.find("/*")
    while i >= 0:
        fin = source.find("*/", i)
        total += source[i:fin].count(signe)
        i = source.find("/*", fin)
    return total


# --- Which files -----------------------------------------------------------------------------


def test_only_the_guides_own_scripts_and_stylesheets_are_made_lighter(tmp_path: Path) -> None:
    theme = THEME.resolve()
    guide = THEME / "assets/javascripts/horaires.js"
    assert version_allegee("assets/javascripts/horaires.js", guide, theme) == js_allege(
        guide.read_text("utf-8"))
    leaflet = THEME / "assets/vendor/leaflet/leaflet.js"
    assert version_allegee("assets/vendor/leaflet/leaflet.js", leaflet, theme) is None
    # A département's own script, in its custom_dir, is theirs.
    autre = tmp_path / "assets/javascripts/horaires.js"
    autre.parent.mkdir(parents=True)
    autre.write_text("// le leur\nvar a;\n", "utf-8")
    assert version_allegee("assets/javascripts/horaires.js", autre, theme) is None
    assert version_allegee("assets/javascripts/x.min.js", guide, theme) is None


def test_place_page_scripts_and_styles_weigh_less(site_fixture: Path) -> None:
    """The built site's copies: lighter than the sources, vendored files untouched."""
    avant = apres = 0
    for chemin in ["assets/stylesheets/guide.css", "assets/javascripts/horaires.js",
                   "assets/javascripts/selection.js", "assets/javascripts/sortie-rapide.js"]:
        source = (THEME / chemin).read_bytes()
        livre = (site_fixture / chemin).read_bytes()
        avant += len(gzip.compress(source, 6, mtime=0))
        apres += len(gzip.compress(livre, 6, mtime=0))
        assert b"/*" not in livre.replace(b"/*!", b"") and b"\n//" not in livre, chemin
    assert apres < 0.8 * avant, (avant, apres)
    leaflet = "assets/vendor/leaflet/leaflet.js"
    assert (site_fixture / leaflet).read_bytes() == (THEME / leaflet).read_bytes()
