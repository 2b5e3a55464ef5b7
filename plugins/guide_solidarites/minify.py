"""The guide's own stylesheets and scripts without their comments, as visitors download them.

The theme's files (overrides/assets/) are written to be read: a third of their bytes are
comments and indentation, which every visitor on a phone plan paid for (about 5 KiB gzip of
the 45 KiB a place page's first visit costs). The build ships them without comments and
without the whitespace that starts a line; the code itself, its strings, regular expressions
and template literals are copied character for character, and the line breaks are kept (a
line break can end a JavaScript statement, and error messages keep their line numbers).

Vendored libraries (assets/vendor/) keep their comments: their licences are in them.
Comments opening with `/*!` are kept too, by the usual convention.

This is not a minifier: names are not shortened and nothing is reordered, so the files stay
readable in the browser's developer tools and the work is one pass over a few kilobytes.
"""

from __future__ import annotations

import re
from pathlib import Path

_MOTS_AVANT_UNE_EXPRESSION = frozenset({
    "return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case",
    "do", "else", "yield", "await"})
"""Keywords after which a `/` starts a regular expression, not a division."""

_PONCTUATION_AVANT_UNE_EXPRESSION = frozenset("(,=:[!&|?{};+-*%<>~^")
"""Characters after which a `/` starts a regular expression (`)` and `]` end an operand)."""


class ScriptIllisible(ValueError):
    """A string, template, comment or regular expression left open (at the end of its line,
    or of the file): the guide's own file is broken, and the build says which."""


def css_allege(source: str) -> str:
    """A stylesheet without its comments nor the whitespace around its lines (a CSS string
    cannot hold a line break, so every line's ends are outside strings)."""
    morceaux: list[str] = []
    i, n, debut = 0, len(source), 0
    while i < n:
        c = source[i]
        if c in "\"'":
            i = _fin_de_chaine(source, i)
        elif source.startswith("/*", i):
            fin = source.find("*/", i + 2)
            if fin < 0:
                raise ScriptIllisible("commentaire non fermé")
            if not source.startswith("/*!", i):
                # A comment between two words would otherwise join them.
                morceaux += [source[debut:i], "\n" if "\n" in source[i:fin] else " "]
                debut = fin + 2
            i = fin + 2
        else:
            i += 1
    morceaux.append(source[debut:])
    lignes = (ligne.strip(" \t\r") for ligne in "".join(morceaux).split("\n"))
    return "".join(f"{ligne}\n" for ligne in lignes if ligne)


def _fin_de_chaine(source: str, i: int) -> int:
    """Index after the string (`'` or `"`) opening at `i`."""
    quote, j, n = source[i], i + 1, len(source)
    while j < n:
        c = source[j]
        if c == "\\":
            j += 2
            continue
        if c == quote:
            return j + 1
        if c == "\n":
            raise ScriptIllisible("chaîne non fermée en fin de ligne")
        j += 1
    raise ScriptIllisible("chaîne non fermée")


def _fin_de_regex(source: str, i: int) -> int:
    """Index after the regular expression literal opening at `i` (its flags included)."""
    j, n, classe = i + 1, len(source), False
    while j < n:
        c = source[j]
        if c == "\\":
            j += 2
            continue
        if c == "\n":
            raise ScriptIllisible("expression régulière non fermée en fin de ligne")
        if classe:
            classe = c != "]"
        elif c == "[":
            classe = True
        elif c == "/":
            j += 1
            while j < n and (source[j].isalnum() or source[j] in "_$"):
                j += 1
            return j
        j += 1
    raise ScriptIllisible("expression régulière non fermée")


def js_allege(source: str) -> str:
    """A script without its comments nor the whitespace starting its lines; its code,
    strings, template literals and regular expressions as they are."""
    sortie: list[str] = []
    # The last significant token written: a punctuation character, a word, or "" for a
    # literal (string, template, regular expression, number): what a `/` follows decides
    # whether it divides or starts a regular expression.
    precedent = "("
    mot: list[str] = []
    # Template literals: each `${` pushes the depth of braces at which it closes.
    gabarits: list[int] = []
    accolades = 0
    debut_ligne = True  # nothing written since the last line break

    def ecrire(texte: str) -> None:
        nonlocal debut_ligne
        sortie.append(texte)
        debut_ligne = False

    def fin_de_mot() -> None:
        nonlocal precedent
        if mot:
            precedent = "".join(mot)
            mot.clear()

    def sans_espaces_finaux() -> None:
        while sortie and sortie[-1] in (" ", "\t"):
            sortie.pop()

    def fin_de_ligne() -> None:
        nonlocal debut_ligne
        if not debut_ligne:
            sans_espaces_finaux()
            sortie.append("\n")
            debut_ligne = True

    i, n = 0, len(source)
    while i < n:
        c = source[i]
        if c in " \t\r":
            fin_de_mot()
            if not debut_ligne and sortie[-1] not in (" ", "\t"):
                ecrire(c if c != "\r" else " ")
            i += 1
        elif c == "\n":
            fin_de_mot()
            fin_de_ligne()
            i += 1
        elif c in "\"'":
            fin_de_mot()
            fin = _fin_de_chaine(source, i)
            ecrire(source[i:fin])
            precedent, i = "", fin
        elif c == "`" or (c == "}" and gabarits and gabarits[-1] == accolades):
            fin_de_mot()
            if c == "}":
                gabarits.pop()
            fin, ouvre = _fin_de_gabarit(source, i + 1)
            ecrire(source[i:fin])
            if ouvre:
                gabarits.append(accolades)
                precedent = "{"
            else:
                precedent = ""
            i = fin
        elif source.startswith("//", i):
            fin_de_mot()
            fin = source.find("\n", i)
            i = n if fin < 0 else fin
        elif source.startswith("/*", i):
            fin_de_mot()
            fin = source.find("*/", i + 2)
            if fin < 0:
                raise ScriptIllisible("commentaire non fermé")
            if source.startswith("/*!", i):
                ecrire(source[i:fin + 2])
            elif "\n" in source[i:fin]:
                fin_de_ligne()
            elif not debut_ligne and sortie[-1] not in (" ", "\t"):
                ecrire(" ")  # `a/* */b` must not become `ab`
            i = fin + 2
        elif c == "/" and _regex_possible(precedent if not mot else "".join(mot)):
            fin_de_mot()
            fin = _fin_de_regex(source, i)
            ecrire(source[i:fin])
            precedent, i = "", fin
        elif c.isalnum() or c in "_$" or (c == "." and mot and mot[0].isdigit()):
            mot.append(c)
            ecrire(c)
            i += 1
        else:
            fin_de_mot()
            if c == "{":
                accolades += 1
            elif c == "}":
                accolades -= 1
            if c in "+-" and precedent == c and sortie[-1] == c:
                precedent = c * 2  # `++` / `--`: an operand ends there
            else:
                precedent = c
            ecrire(c)
            i += 1
    if gabarits:
        raise ScriptIllisible("gabarit non fermé")
    sans_espaces_finaux()
    return "".join(sortie)


def _fin_de_gabarit(source: str, i: int) -> tuple[int, bool]:
    """From inside a template literal at `i`: the index after its closing backtick, or after
    the `${` that interrupts it (then True)."""
    n = len(source)
    while i < n:
        c = source[i]
        if c == "\\":
            i += 2
            continue
        if c == "`":
            return i + 1, False
        if c == "$" and source.startswith("${", i):
            return i + 2, True
        i += 1
    raise ScriptIllisible("gabarit non fermé")


def _regex_possible(precedent: str) -> bool:
    """Whether a `/` after this token starts a regular expression."""
    if precedent in ("++", "--", ""):
        return False  # after an operand (`i++ / 2`, `"a" / 2`): a division
    if len(precedent) == 1 and precedent in _PONCTUATION_AVANT_UNE_EXPRESSION:
        return True
    return precedent in _MOTS_AVANT_UNE_EXPRESSION


_ALLEGEABLES = re.compile(r"assets/(?:javascripts/[^/]+\.js|stylesheets/[^/]+\.css)")
"""The theme's own scripts and stylesheets (not its vendored libraries, not `.min.` files)."""

_DEJA_ALLEGES: dict[tuple[str, int, int], str] = {}
"""Each file's light version, by path, modification time and size (a serve edits them)."""


def version_allegee(src_uri: str, chemin: Path, theme: Path) -> str | None:
    """What the build writes for the theme file `src_uri` read from `chemin`: its light
    version when it is one of the guide's own scripts or stylesheets (under `theme`, the
    package's overrides), None for any other file (a département's own, Material's, a
    vendored library's)."""
    if not _ALLEGEABLES.fullmatch(src_uri) or ".min." in src_uri:
        return None
    try:
        chemin.resolve().relative_to(theme)
    except ValueError:
        return None
    etat = chemin.stat()
    cle = (str(chemin), etat.st_mtime_ns, etat.st_size)
    if cle not in _DEJA_ALLEGES:
        source = chemin.read_text(encoding="utf-8")
        _DEJA_ALLEGES[cle] = js_allege(source) if src_uri.endswith(".js") else css_allege(source)
    return _DEJA_ALLEGES[cle]
