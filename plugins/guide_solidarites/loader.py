"""YAML files -> records, with every problem located at its file, line and column.

PyYAML keeps the last of two identical keys without a word, and its error
positions are lost once a document becomes Python objects, so files are
composed into nodes (the C composer when available) and converted here, with
the position of every value kept beside the data. Pydantic's errors are then
mapped back to those positions and rewritten in French.

Every file is hostile until measured: its size, nesting depth, alias expansion and
text lengths are checked against `limits.py` before or while it is parsed, so that
no file can crash the parsers (both recurse in C or Rust), stall the run or fill
the memory; and every entry under the annuaire is either read or reported.
"""

from __future__ import annotations

import dataclasses
import difflib
import gc
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError

from .cache import CacheFiches, cle_stat, empreinte
from .codes import CODES, probleme
from .limits import (
    ALIAS_NOEUDS_MAX,
    IMAGES,
    LONGUEUR_TEXTE_MAX,
    PROFONDEUR_MAX,
    TAILLE_FICHIER_MAX,
)
from .models import CLE_PRO, CLES_AUTOMATIQUES, InfosPro, LieuPublic, PartenairePublic
from .problems import Problem

try:
    import yaml_rs as _yaml_rs
except ImportError:  # pragma: no cover - a wheel exists for every supported platform
    _yaml_rs = None  # type: ignore[assignment]

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - the C extension ships in PyYAML's wheels
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

FICHIER_PARTENAIRE = "partenaire.yml"
SCHEMA_MODELINE = "# yaml-language-server: $schema="

Loc = tuple[str | int, ...]


class Position(NamedTuple):
    # A tuple, not a dataclass: one is made per YAML node, and that shows at 10,000 files.
    ligne: int
    colonne: int


@dataclass
class Document:
    """One YAML file as plain data, with the position of each key and value.

    A file read by the fast parser has no positions yet: they are computed from `texte`
    by the positional parser the first time a problem needs one, so the thousands of
    files without a problem never pay for them.
    """

    path: Path
    data: Any
    valeurs: dict[Loc, Position] = field(default_factory=dict)
    cles: dict[Loc, Position] = field(default_factory=dict)
    booleens: dict[Loc, str] = field(default_factory=dict)
    """The word behind each YAML 1.1 boolean (`On`, `no`...), for a hint when a text was meant."""
    nombres: set[Loc] = field(default_factory=set)
    """Values written as plain numbers (kept as text), for the codes that need quotes."""
    tirets: dict[Loc, int] = field(default_factory=dict)
    """List items that swallowed the next line's `- ...` (a dash indented too far): the
    line of that dash."""
    texte: str | None = None
    """Source kept until positions are computed (fast-parsed files only)."""
    empreinte: bytes | None = field(default=None, repr=False, compare=False)
    """The key of the file's content in the record cache, when it was read without a problem."""
    en_cache: dict[Any, Any] | None = field(default=None, repr=False, compare=False)
    """The validated records the cache holds for this content (read from the cache)."""
    texte_a_lire: bool = field(default=False, repr=False, compare=False)
    """Found in the cache by its `stat`, the file was not read: its text (as `texte`) is
    read when a position is first needed."""
    etat_fichier: Any = field(default=None, repr=False, compare=False)
    """The file's `stat` before it was read, for the cache's index."""

    def _source(self) -> str | None:
        if self.texte_a_lire:
            self.texte_a_lire = False
            try:
                texte = self.path.read_bytes().decode("utf-8")
            except (OSError, UnicodeDecodeError):
                return self.texte
            self.texte = texte.replace("\r\n", "\n").replace("\r", "\n")
        return self.texte

    def relire(self) -> None:
        """Read the source again with the positional parser: positions, and its data."""
        if self._source() is None:
            return
        assert self.texte is not None
        texte, self.texte = self.texte, None
        # The text passed every check before the fast parser read it, so the positional
        # parser reads it too; should the two ever disagree, the fast reading stays,
        # without positions, rather than a traceback.
        try:
            node = yaml.compose(texte, Loader=_Loader)
            if node is not None:
                self.data = _Conversion(self, [], alias=False).convert(node, ())
        except (yaml.YAMLError, _Refus):
            self.valeurs.clear()
            self.cles.clear()

    def position(self, loc: Loc, cle: bool = False) -> Position | None:
        """The closest known position for `loc`, walking up to its parents."""
        if self._source() is not None and len(loc) == 1 and isinstance(loc[0], str):
            assert self.texte is not None
            # A top-level key (verifie_le of a stale record...) is found in the text
            # itself, without parsing the file again.
            found = re.search(rf"^{re.escape(loc[0])}[ \t]*:[ \t]*", self.texte, re.MULTILINE)
            suite = self.texte[found.end():found.end() + 1] if found else ""
            if found and (cle or suite not in ("", "\n", "\r", "#")):
                ligne = self.texte.count("\n", 0, found.start()) + 1
                if cle:
                    return Position(ligne, 1)
                # The value is on the key's line: it starts after the colon and spaces.
                debut = self.texte.rfind("\n", 0, found.start()) + 1
                return Position(ligne, found.end() - debut + 1)
        self.relire()
        table = self.cles if cle else self.valeurs
        while True:
            if loc in table:
                return table[loc]
            if cle and loc in self.valeurs:
                return self.valeurs[loc]
            if not loc:
                return None
            loc = loc[:-1]


def problem_at(doc: Document, loc: Loc, code: str, /, cle: bool = False,
               indice: str | None = None, grave: bool = False, **valeurs: Any) -> Problem:
    """Problem `code` (see `codes.py`) at the value of `loc`, or at its key (`cle`)."""
    pos = doc.position(loc, cle=cle)
    return probleme(
        code, fichier=doc.path, ligne=pos.ligne if pos else None,
        colonne=pos.colonne if pos else None, chemin=format_loc(loc), indice=indice,
        grave=grave, **valeurs)


def format_loc(loc: Iterable[str | int]) -> str:
    out = ""
    for part in loc:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


# --- YAML -> data --------------------------------------------------------------------------

_SCALARS = yaml.SafeLoader("")
_RESOLVER = yaml.resolver.Resolver()


@lru_cache(maxsize=16384)
def _resolve(kind: Any, value: str | None, implicit: Any) -> str:
    return _RESOLVER.resolve(kind, value, implicit)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The C loader, with tag resolution cached: keys and common values repeat in every
    file, and the resolver runs its regular expressions in Python for each node."""

    def resolve(self, kind: Any, value: str | None, implicit: Any) -> str:
        return _resolve(kind, value, implicit)  # type: ignore[arg-type]


_NUMBER_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
_NULL_TAG = "tag:yaml.org,2002:null"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_TEXT_TAGS = {*_NUMBER_TAGS, "tag:yaml.org,2002:str"}
# Every tag a plain record needs; any other (`!!binary`, `!!set`, `!!python/...`, `!x`)
# is refused: it would build something no field expects.
_KNOWN_TAGS = {*_TEXT_TAGS, _NULL_TAG, _BOOL_TAG, "tag:yaml.org,2002:timestamp",
               "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


class _Refus(Exception):
    """A file the loader will not turn into a record (a limit, a merge key...)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _at(doc: Document, mark: yaml.Mark, code: str, loc: Loc = (), /, **valeurs: Any) -> Problem:
    return probleme(code, fichier=doc.path, ligne=mark.line + 1, colonne=mark.column + 1,
                    chemin=format_loc(loc), **valeurs)


def _scalar(node: yaml.ScalarNode) -> Any:
    # Numbers stay text: "01000" is a postcode, not 512 in YAML 1.1 octal, and
    # pydantic turns text into a number wherever a number is really expected.
    if node.tag in _TEXT_TAGS:
        return node.value
    try:
        return _SCALARS.construct_object(node, deep=True)
    except ValueError:
        # A date that matches the pattern but does not exist (2026-02-30): left as
        # text, the model reports it as an invalid date at its place.
        return node.value
    finally:
        # The constructor remembers every node it built: without this, every node
        # of every file read stays in memory for the life of the process.
        _SCALARS.constructed_objects.clear()


def _pos(mark: yaml.Mark) -> Position:
    return Position(mark.line + 1, mark.column + 1)


class _Conversion:
    """Nodes -> plain data, with positions, within the limits.

    PyYAML composes an alias as the very node its anchor names, so a node met twice is
    an alias: that is how a value copied out of `pro:` is caught, and how an alias bomb
    is stopped before it expands. Files without `*` cannot alias and skip the bookkeeping.
    """

    def __init__(self, doc: Document, problems: list[Problem], alias: bool) -> None:
        self.doc = doc
        self.problems = problems
        self.vus: dict[int, Loc] | None = {} if alias else None
        self.rejeu = 0
        self.rejoues = 0

    def convert(self, node: yaml.Node, loc: Loc) -> Any:
        if node.tag not in _KNOWN_TAGS:
            raise _Refus(_at(self.doc, node.start_mark, "yaml-etiquette", loc,
                             etiquette=_apercu(_etiquette(node.tag))))
        doc = self.doc
        doc.valeurs[loc] = _pos(node.start_mark)
        if self.rejeu:
            self.rejoues += 1
            if self.rejoues > ALIAS_NOEUDS_MAX:
                raise _Refus(_at(doc, node.start_mark, "yaml-trop-d-alias", loc,
                                 limite=_nombre(ALIAS_NOEUDS_MAX)))
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == _MERGE_TAG:
                    raise _Refus(_at(doc, key_node.start_mark, "yaml-fusion", loc))
                key = _scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
                if not isinstance(key, str):
                    key = str(key)
                child = (*loc, key)
                if key in out:
                    first = doc.cles[child]
                    self.problems.append(_at(doc, key_node.start_mark, "cle-dupliquee",
                                             child, clef=_apercu(key), deja=first.ligne))
                    continue
                doc.cles[child] = _pos(key_node.start_mark)
                # Without aliases, one call less per node: this runs for every file with
                # a problem.
                out[key] = (self.convert(value_node, child) if self.vus is None
                            else self.value(value_node, child, key_node.start_mark))
            return out
        if isinstance(node, yaml.SequenceNode):
            if self.vus is None:
                return [self.convert(item, (*loc, i)) for i, item in enumerate(node.value)]
            return [self.value(item, (*loc, i), node.start_mark)
                    for i, item in enumerate(node.value)]
        if node.tag == _BOOL_TAG:
            doc.booleens[loc] = node.value
        elif node.tag in _NUMBER_TAGS:
            doc.nombres.add(loc)
        elif (loc and isinstance(loc[-1], int) and node.end_mark.line > node.start_mark.line
              and not getattr(node, "style", None) and " - " in node.value):
            # The swallowed item is the line below (the C parser keeps no text to look).
            doc.tirets[loc] = node.start_mark.line + 2
        return _scalar(node)  # type: ignore[arg-type]  # the only node kind left

    def value(self, node: yaml.Node, loc: Loc, where: yaml.Mark) -> Any:
        """A child node met while aliases are followed; `where` is the place that refers
        to it (its key, its list)."""
        assert self.vus is not None
        if len(loc) > PROFONDEUR_MAX:
            # Only aliases can get here: the text itself was measured before parsing.
            raise _Refus(_trop_profond(self.doc.path, _pos(node.start_mark)))
        first = self.vus.get(id(node))
        if first is None:
            self.vus[id(node)] = loc
            return self.convert(node, loc)
        if first[:1] == ("pro",) and loc[:1] != ("pro",):
            ligne = self.doc.valeurs[first].ligne
            raise _Refus(_at(self.doc, where, "yaml-alias-pro", loc, ligne_pro=ligne))
        self.rejeu += 1
        try:
            return self.convert(node, loc)
        finally:
            self.rejeu -= 1


def _etiquette(tag: str) -> str:
    """`tag:yaml.org,2002:binary` as the partner wrote it: `!!binary`."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org") else tag


def _nombre(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def _apercu(value: object, longueur: int = 60) -> str:
    """A value short enough to quote in a message."""
    texte = str(value)
    return texte if len(texte) <= longueur else texte[:longueur - 1] + "…"


# --- Checks before any parser sees the text ------------------------------------------------

# Characters PyYAML refuses (C0 and C1 controls but tab, newlines and NEL; surrogates,
# U+FFFE/U+FFFF). yaml-rs accepts some and silently cuts a value at U+0000: such a file
# goes to the positional parser, which refuses it at its place.
_INTERDITS = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

# The same characters in UTF-8, found faster on bytes than by a regular expression on text:
# C0 controls and DEL are single bytes; C1 controls are 0xC2 then 0x80-0x9F. NEL, U+2028
# and U+2029 are allowed, but break lines in YAML 1.1 only: read by the positional parser.
_CONTROLES = bytes([*range(0x09), 0x0b, 0x0c, *range(0x0e, 0x20), 0x7f])
_OCTETS_PERMIS = bytes(b for b in range(256) if b not in _CONTROLES)


def _caracteres_permis(raw: bytes, text: str) -> bool:
    """Whether the file (its UTF-8 bytes, and the same decoded) holds none of the
    characters in _INTERDITS, nor a line break that only YAML 1.1 knows."""
    if raw.translate(None, _OCTETS_PERMIS):
        return False
    if raw.isascii():
        return True
    # 0xC2 leads only U+0080-U+00BF: a few per file at most (« », non-breaking spaces).
    i = raw.find(b"\xc2")
    while i != -1:
        if 0x80 <= raw[i + 1] <= 0x9f:
            return False
        i = raw.find(b"\xc2", i + 2)
    # One character is found faster in the text than three bytes in the bytes.
    return not ("\ufffe" in text or "\uffff" in text or "\u2028" in text or "\u2029" in text)


# Anchors, aliases, tags and merge keys: the fast parser would expand aliases without
# saying where they come from, so such files are read by the positional parser. (HTML
# entities like `&amp;` also match; they only take the slower, equally correct, path.)
_ALIAS_OU_ETIQUETTE = re.compile(r"(?:^|[\s\[\]{},])[&*!][^\s,\[\]{}]|<<")

# What opens a nested block at the start of a line (YAML 1.1 has more line breaks than
# "\n"): indentation and the indicators of compact lists and complex keys.
_DEBUT_DE_LIGNE = "(?:^|[\r\n\x85\u2028\u2029])"


@lru_cache(maxsize=PROFONDEUR_MAX + 1)
def _prefixe_d_au_moins(n: int) -> re.Pattern[str]:
    return re.compile(_DEBUT_DE_LIGNE + "[ \t?:-]{" + str(n) + ",}")


@lru_cache(maxsize=PROFONDEUR_MAX + 1)
def _prefixe_apres_saut(n: int) -> re.Pattern[str]:
    return re.compile("\n[ \t?:-]{" + str(n) + ",}")


def _peu_profond(text: str) -> bool:
    """Whether the text surely nests no deeper than PROFONDEUR_MAX, at the cost of two
    counts and one regular expression (see _profondeur)."""
    crochets = text.count("[") + text.count("{")
    marge = (PROFONDEUR_MAX - 3 - crochets) // 2
    if marge <= 0:
        return False
    if "\x85" in text or "\u2028" in text or "\u2029" in text:
        return _prefixe_d_au_moins(marge + 1).search(text) is None
    # Only "\n" breaks lines: a pattern that starts with it is searched much faster.
    long_ = _prefixe_apres_saut(marge + 1)
    return long_.search(text) is None and long_.match("\n" + text[:marge + 1]) is None


def _profondeur(text: str) -> tuple[Position | None, bool]:
    """Where the text nests deeper than PROFONDEUR_MAX (None if it does not), and
    whether that is certain: False when the text is not valid YAML up to that depth.

    Each level of block nesting moves at least one column right every two levels, and
    each flow level costs a bracket: when the longest line prefix and the brackets
    cannot reach the limit (every real file), nothing is parsed. Otherwise libyaml's
    event parser, which keeps its stack on the heap, measures the depth exactly; the
    recursive composers (C and Rust) only ever see a text that passed.
    """
    if _peu_profond(text):
        return None, True
    niveau = 0
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                niveau += 1
                if niveau > PROFONDEUR_MAX:
                    mark = event.start_mark
                    return (Position(mark.line + 1, mark.column + 1) if mark
                            else Position(1, 1)), True
            elif isinstance(event, yaml.CollectionEndEvent):
                niveau -= 1
    except yaml.YAMLError:
        # The syntax error comes before any excess depth: the positional parser reports it.
        return None, False
    return None, True


def _trop_profond(path: Path, pos: Position) -> Problem:
    return probleme("yaml-trop-profond", fichier=path, ligne=pos.ligne, colonne=pos.colonne,
                    limite=PROFONDEUR_MAX)


def _trop_gros(path: Path, taille: int, debut: bytes) -> Problem:
    # The line where the limit is crossed is usually the runaway value.
    return probleme("fichier-trop-gros", fichier=path, ligne=debut.count(b"\n") + 1, colonne=1,
                    taille=_taille(taille), limite=_taille(TAILLE_FICHIER_MAX))


def _taille(octets: int) -> str:
    if octets >= 1024 * 1024:
        return f"{octets / 1024 / 1024:.1f} Mio".replace(".", ",")
    return f"{octets // 1024} Kio"


def _texte_trop_long(doc: Document, data: Any, loc: Loc = ()) -> Problem | None:
    """The first text value longer than LONGUEUR_TEXTE_MAX, as a problem."""
    if isinstance(data, str):
        if len(data) > LONGUEUR_TEXTE_MAX:
            champ = next((p for p in reversed(loc) if isinstance(p, str)), "valeur")
            return problem_at(
                doc, loc, "texte-trop-long", champ=champ,
                mesure=f"fait {_nombre(len(data))} caractères, plus que la limite de "
                f"{_nombre(LONGUEUR_TEXTE_MAX)}",
                indice="gardez l'essentiel ; le détail se donne au téléphone ou sur le site "
                "du partenaire")
    elif isinstance(data, dict):
        for key, value in data.items():
            found = _texte_trop_long(doc, key, (*loc, key)) or _texte_trop_long(
                doc, value, (*loc, key))
            if found:
                return found
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found = _texte_trop_long(doc, value, (*loc, i))
            if found:
                return found
    return None


def read_yaml(path: Path, cache: CacheFiches | None = None
              ) -> tuple[Document | None, list[Problem]]:
    """Parse one file; a syntax error or a broken limit is a problem, not an exception.
    With a `cache`, a content read before without a problem is not parsed again, and a
    file whose `stat` is the one it had then is not even read."""
    stat = None
    if cache is not None:
        try:
            stat = cle_stat(path.stat())
        except OSError:
            stat = None
        cle_connue = cache.par_stat(path, stat) if stat is not None else None
        if cle_connue is not None:
            lu = Document(path=path, data=None)
            if cache.document(cle_connue, lu, None, stat):
                return lu, []
    with path.open("rb") as fichier:
        # Never more than the limit in memory, however large the file (or if it grows).
        taille = os.fstat(fichier.fileno()).st_size
        raw = fichier.read(min(taille, TAILLE_FICHIER_MAX) + 1)
        if len(raw) > TAILLE_FICHIER_MAX:
            return None, [_trop_gros(path, max(taille, len(raw)), raw[:TAILLE_FICHIER_MAX])]
    cle = empreinte(raw) if cache is not None else None
    if cache is not None and cle is not None:
        lu = Document(path=path, data=None)
        if cache.document(cle, lu, raw, stat):
            return lu, []
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [probleme("encodage", fichier=path,
                               ligne=raw[:exc.start].count(b"\n") + 1, colonne=1)]
    if "\r" in text:
        # What reading in text mode did: line breaks become "\n".
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    trop_profond, sur = _profondeur(text)
    if trop_profond is not None:
        return None, [_trop_profond(path, trop_profond)]
    problems: list[Problem] = []
    data = _fast_parse(text) if sur and _caracteres_permis(raw, text) else None
    if data is not None:
        doc: Document | None = Document(path=path, data=data, texte=text)
    else:
        doc, problems = _read_positional(path, text)
    if doc is None:
        return None, problems
    # No value can be longer than the file: most files need no look at their values.
    if len(text) > LONGUEUR_TEXTE_MAX:
        trop_long = _texte_trop_long(doc, doc.data)
        if trop_long:
            return None, [trop_long]
    if not problems:
        doc.empreinte = cle
        doc.etat_fichier = stat
    return doc, problems


def _read_positional(path: Path, text: str) -> tuple[Document | None, list[Problem]]:
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        hint = None
        if "\t" in text:
            hint = "le fichier contient une tabulation : indentez uniquement avec des espaces"
        reason, better_hint, pos = _yaml_reason(exc, text)
        if pos is None and mark is not None:
            pos = _pos(mark)
        return None, [probleme(
            "yaml-syntaxe", raison=reason, fichier=path, ligne=pos.ligne if pos else None,
            colonne=pos.colonne if pos else None, indice=better_hint or hint)]
    except yaml.reader.ReaderError as exc:
        return None, [_caractere_interdit(path, text, exc)]
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        return None, [probleme("yaml-syntaxe", raison=exc, fichier=path, indice="")]
    # `---` alone, or only comments, is an empty document too.
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == _NULL_TAG):
        return None, [probleme("fichier-vide", fichier=path)]
    doc = Document(path=path, data=None)
    problems: list[Problem] = []
    try:
        doc.data = _Conversion(doc, problems, alias="*" in text).convert(node, ())
    except _Refus as refus:
        return None, [refus.problem]
    if not isinstance(doc.data, dict):
        problems.append(probleme("yaml-structure", fichier=path, ligne=1, colonne=1))
        return None, problems
    return doc, problems


def _caractere_interdit(path: Path, text: str, exc: yaml.reader.ReaderError) -> Problem:
    # The C reader gives no position; the first refused character is the one it met.
    found = _INTERDITS.search(text)
    offset = found.start() if found else 0
    char = text[offset] if found else "\0"
    ligne = text.count("\n", 0, offset) + 1
    colonne = offset - (text.rfind("\n", 0, offset) + 1) + 1
    nom = unicodedata.name(char, "caractère de contrôle")
    return probleme("caractere-interdit", fichier=path, ligne=ligne, colonne=colonne,
                    point=ord(char), nom=nom.lower())


# Words YAML 1.1 reads as booleans and YAML 1.2 as text: in a file that may hold one as a
# plain value, only the positional parser's reading is trusted. (Numbers differ too, but
# a text field refuses the fast parser's number and parse_record then reads again.)
_YAML11_BOOLEAN = re.compile(
    r"[:\-\[,{][ \t]*(?:y|n|yes|no|on|off)[ \t]*(?:#|,|\]|\}|$)", re.IGNORECASE | re.MULTILINE)


def _fast_parse(text: str) -> dict[str, Any] | None:
    """The file's data through the Rust parser (ten times faster), or None when its
    reading could differ from the positional parser's: then that parser decides, and
    reports syntax errors and duplicate keys at their place."""
    if _yaml_rs is None or not _same_reading(text):
        return None
    try:
        data = _yaml_rs.loads(text)
    except Exception:  # any refusal (syntax, duplicate key...): the slow path explains it
        return None
    if not isinstance(data, dict):
        return None
    return data


# A list item followed by a dash indented further: YAML reads both lines as one value.
_TIRET_DECALE = re.compile(r"^([ \t]*)- [^\n]*\n\1[ \t]+- ", re.MULTILINE)


def _same_reading(text: str) -> bool:
    # A plain scalar that YAML 1.1 reads as a boolean (yes, off...) and YAML 1.2 as text;
    # aliases, tags and merge keys, which only the positional reading checks; characters
    # the two parsers treat differently; a dash indented too far, which only the positional
    # reading explains.
    if _YAML11_BOOLEAN.search(text) is not None or _TIRET_DECALE.search(text) is not None:
        return False
    # Most files have none of these characters: four substring searches spare the regex.
    return not ("&" in text or "*" in text or "!" in text or "<<" in text) or (
        _ALIAS_OU_ETIQUETTE.search(text) is None)


_QUOTED_VALUE = re.compile(r'^\s*(?:-\s+)?(?:[^\s:#"]+:\s+)?"')

# Prefixes of PyYAML's messages, from both the C (libyaml) and the Python scanner.
_YAML_REASONS = {
    "mapping values are not allowed": "deux-points inattendu (un texte contenant « : » "
    "doit être entre guillemets)",
    "could not find expected ':'": "deux-points manquant après une clé",
    "found character '\\t' that cannot start any token": "tabulation interdite",
    "found a tab character": "tabulation interdite",
    "found undefined alias": "alias inconnu (un texte qui commence par « * » doit être entre "
    "guillemets)",
    "expected <block end>, but found '-'": "tiret de liste mal aligné",
    "did not find expected '-' indicator": "tiret de liste manquant ou mal aligné",
    "did not find expected key": "ligne mal alignée avec les précédentes",
    "found unknown escape character": "barre oblique inverse « \\ » dans un texte entre "
    "guillemets (écrivez « \\\\ » ou utilisez des guillemets simples)",
    "did not find expected ',' or": "crochet ou accolade non fermé",
    "did not find expected node content": "valeur manquante ou crochet non fermé",
    "found unexpected end of stream": "fin de fichier inattendue (guillemet non fermé ?)",
}


def _tiret_mal_aligne(lines: list[str], index: int
                      ) -> tuple[str, str, Position] | None:
    """A list item whose dash is not under the dash above it (YAML stops there, and its
    message speaks of keys): the hint says where the dash goes, and nothing is lost."""
    if index >= len(lines) or not lines[index].lstrip().startswith("- "):
        return None
    ligne = lines[index]
    retrait = len(ligne) - len(ligne.lstrip())
    for numero in range(index - 1, -1, -1):
        dessus = lines[numero]
        if dessus.lstrip().startswith("- "):
            attendu = len(dessus) - len(dessus.lstrip())
            if attendu == retrait:
                return None
            return ("tiret de liste mal aligné",
                    f"placez le tiret de la ligne {index + 1} exactement sous celui de la ligne "
                    f"{numero + 1} ({attendu} espace{'s' if attendu > 1 else ''} avant le "
                    f"tiret, au lieu de {retrait})", Position(index + 1, retrait + 1))
        if dessus.strip() and not dessus.lstrip().startswith("#"):
            break
    return None


def _yaml_reason(exc: yaml.MarkedYAMLError, text: str
                 ) -> tuple[str, str | None, Position | None]:
    """The French reason, a hint if a better one is known, and the place to show when
    it is not where YAML stopped."""
    problem = exc.problem or ""
    mark = exc.problem_mark or exc.context_mark
    lines = text.splitlines()
    # An unclosed double quote swallows the next lines, so YAML stops one or more
    # lines later; the line whose value opens a quote it never closes is the one to fix.
    if mark is not None and (problem.startswith(("did not find expected key",
                                                 "found unexpected end of stream"))
                             or "quoted scalar" in (exc.context or "")):
        for number, line in enumerate(lines[:mark.line + 1], start=1):
            if _QUOTED_VALUE.match(line) and line.split(' #')[0].count('"') % 2:
                return ("guillemet non fermé", "fermez le guillemet à la fin de la valeur, "
                        "sur la même ligne", Position(number, line.index('"') + 1))
    if (problem.startswith("found character that cannot start any token") and mark
            and mark.line < len(lines) and "\t" in lines[mark.line]):
        return "tabulation interdite", None, None
    if problem.startswith("but found another document"):
        return ("deux documents YAML dans le même fichier (une ligne « --- » au milieu)",
                "une seule fiche par fichier : retirez cette ligne « --- » et, si la suite est "
                "une autre fiche, mettez-la dans son propre fichier", None)
    if mark is not None and problem.startswith(("did not find expected key",
                                                "expected <block end>, but found '-'",
                                                "did not find expected '-' indicator")):
        tiret = _tiret_mal_aligne(lines, mark.line)
        if tiret is not None:
            return tiret
    if problem.startswith("mapping values are not allowed"):
        return (_YAML_REASONS["mapping values are not allowed"], "mettez toute la valeur entre "
                "guillemets, par exemple : transports: \"Bus ligne 2 : arrêt Mairie\"", None)
    for english, french in _YAML_REASONS.items():
        if problem.startswith(english):
            return french, None, None
    return f"{problem} ({exc.context})" if exc.context else problem, None, None


# --- data -> records -----------------------------------------------------------------------


def _field_names(model: type[BaseModel], loc: Loc) -> list[str]:
    """The keys valid at `loc` inside `model`, for a closest-match hint."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        info = current.model_fields.get(part)
        if info is None:
            return []
        current = _model_in(info.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [k for k in current.model_fields if k not in CLES_AUTOMATIQUES]
    return []


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None if get_origin(annotation) is not None or annotation is None else annotation


def closest(value: str, choices: Iterable[str]) -> str | None:
    found = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


_EXPECTED_RE = re.compile(r"'([^']*)'")


def _translate(err: Any, doc: Document, model: type[BaseModel]) -> Problem:
    """One pydantic error, as a partner should read it."""
    loc: Loc = tuple(err["loc"])
    kind: str = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    names = [part for part in loc if isinstance(part, str)]
    champ = names[-1] if names else format_loc(loc)

    if (isinstance(value, bool) and loc in doc.booleens
            and kind not in ("bool_parsing", "bool_type")):
        # `nom: On`, `langues: [fr, no]`: YAML 1.1 reads these words as true and false.
        mot = doc.booleens[loc]
        exemple = f'{champ}: "{mot}"' if isinstance(loc[-1], str) else f'"{mot}"'
        return problem_at(doc, loc, "booleen-yaml", mot=mot, champ=champ, exemple=exemple)
    if kind == "extra_forbidden":
        if champ in CLES_AUTOMATIQUES:
            return problem_at(doc, loc, "cle-automatique", cle=True, clef=champ)
        guess = closest(champ, _field_names(model, loc[:-1]))
        hint = f"vouliez-vous dire « {guess} » ?" if guess else (
            "clés possibles : " + ", ".join(_field_names(model, loc[:-1])))
        return problem_at(doc, loc, "cle-inconnue", cle=True, indice=hint,
                          clef=_apercu(champ))
    if kind == "missing":
        return problem_at(doc, loc, "champ-manquant", cle=True, champ=champ)
    if kind in ("enum", "literal_error"):
        choices = _EXPECTED_RE.findall(str(ctx.get("expected", "")))
        guess = closest(str(value), choices)
        hint = f"vouliez-vous dire « {guess} » ?" if guess else ""
        if len(choices) <= 8:
            hint = (hint + " " if hint else "") + "valeurs possibles : " + ", ".join(choices)
        elif not guess:
            hint = "voir la liste des valeurs dans CONTRIBUTING.md"
        return problem_at(doc, loc, "valeur-inconnue", indice=hint or None,
                          valeur=_apercu(value), champ=champ)
    if kind in ("bool_parsing", "bool_type"):
        return problem_at(doc, loc, "oui-non-attendu", champ=champ, valeur=value)
    if kind in ("date_parsing", "date_type", "date_from_datetime_parsing",
                "date_from_datetime_inexact"):
        return problem_at(doc, loc, "date-invalide", valeur=value)
    if kind in ("int_parsing", "float_parsing", "int_type", "float_type", "int_from_float"):
        return problem_at(doc, loc, "nombre-attendu", champ=champ, valeur=value)
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = {k: v for k, v in ctx.items() if k in ("ge", "le", "gt", "lt")}
        limits = ", ".join(f"{ {'ge': '≥', 'le': '≤', 'gt': '>', 'lt': '<'}[k]} {v}"
                           for k, v in bound.items())
        return problem_at(doc, loc, "hors-limites", champ=champ, valeur=value, limites=limits,
                          conseil=_limit_hint(champ))
    if kind in ("string_too_short", "too_short"):
        if isinstance(value, list | tuple):
            return problem_at(doc, loc, "liste-vide", champ=champ)
        return problem_at(doc, loc, "texte-trop-court", champ=champ,
                          limite=ctx.get("min_length"))
    if kind == "string_too_long":
        return problem_at(doc, loc, "texte-trop-long", champ=champ,
                          mesure=f"est trop long (au plus {ctx.get('max_length')} caractères)")
    if kind == "string_type":
        return problem_at(doc, loc, "texte-attendu", champ=champ)
    if kind == "list_type":
        return problem_at(doc, loc, "liste-attendue", champ=champ)
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return problem_at(doc, loc, "bloc-attendu", champ=champ)
    if kind in ("too_long",):
        return problem_at(doc, loc, "liste-trop-longue", champ=champ)
    # Our own validators raise a registered code (`codes.refus`), with its values: the
    # message pydantic formatted is the registry's template, and a hint given with the
    # values (computed from the input) replaces the declared one.
    code = CODES[kind]
    pos = doc.position(loc)
    indice = str(ctx["indice"]) if "indice" in ctx else code.indice.format(**ctx)
    return Problem(code=code.code, message=err["msg"], fichier=doc.path,
                   ligne=pos.ligne if pos else None, colonne=pos.colonne if pos else None,
                   chemin=format_loc(loc), indice=indice, gravite=code.gravite)


def _limit_hint(champ: str) -> str:
    if champ == "latitude":
        return "la latitude en France métropolitaine est entre 41 et 51"
    if champ == "longitude":
        return "la longitude en France métropolitaine est entre -5 et 10"
    if champ == "revision_mois":
        return "un nombre de mois entre 1 et 36 (12 par défaut)"
    return ""


@dataclass
class Charge:
    """What the loader read: valid records, where they come from, and every problem.

    The `pro_*` fields stay empty unless the professional tree is read as well
    (`annuaire_pro.load_annuaire_pro`): the public build never reads it.
    """

    partenaires: dict[str, PartenairePublic] = field(default_factory=dict)
    lieux: dict[str, LieuPublic] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    racine_pro: Path | None = None
    """The professional tree, once read."""
    pro_partenaires: dict[str, InfosPro] = field(default_factory=dict)
    pro_lieux: dict[str, InfosPro] = field(default_factory=dict)
    documents_pro: dict[str, Document] = field(default_factory=dict)
    homonymes: list[tuple[LieuPublic, Document]] = field(default_factory=list)
    """Valid records whose file name another partner's record already has: not in `lieux`
    (an identifier names one page), but still checked, so none is dropped unseen."""


def parse_record(doc: Document, model: type[BaseModel], auto: dict[str, str],
                 cache: CacheFiches | None = None) -> tuple[BaseModel | None, list[Problem]]:
    problems: list[Problem] = []
    if cache is not None and doc.en_cache is not None:
        if (record := cache.record(doc, model, auto)) is not None:
            return record, []
        # The content is known, but not as this record (a file moved or copied): read it
        # again as any new file, so that the result is the one without the cache.
        cle, (frais, problems) = doc.empreinte, read_yaml(doc.path)
        if frais is None:
            return None, problems
        for champ in dataclasses.fields(Document):
            setattr(doc, champ.name, getattr(frais, champ.name))
        doc.empreinte = None if problems else cle
        doc.etat_fichier = None
    data = doc.data
    written = CLES_AUTOMATIQUES & data.keys()
    for key in sorted(written):
        problems.append(problem_at(doc, (key,), "cle-automatique", cle=True, clef=key))
    if CLE_PRO in data and CLE_PRO not in model.model_fields:
        problems.append(problem_pro_public(doc))
    payload = {k: v for k, v in data.items() if k not in CLES_AUTOMATIQUES and k != CLE_PRO}
    payload.update(auto)
    try:
        record = model.model_validate(payload)
        problems += _lecture(doc, set())
        if cache is not None and not problems:
            cache.stocker(doc, model, auto, record, doc.etat_fichier)
        return record, problems
    except ValidationError as exc:
        if doc.texte is not None:
            # The fast reading is trusted only when it validates: otherwise the positional
            # parser's reading (numbers kept as text...) decides, and places the errors.
            doc.relire()
            return parse_record(doc, model, auto, cache)
        errors = exc.errors(include_url=False)
        # `Nom:` for `nom:` is one mistake: report the unknown key, not also the missing one.
        typos = [tuple(e["loc"]) for e in errors if e["type"] == "extra_forbidden"]
        # Two list items read as one: the dash is the mistake, not the value it made.
        errors = [e for e in errors if tuple(e["loc"]) not in doc.tirets]
        problems += _lecture(doc, {tuple(e["loc"]) for e in errors})
        for err in errors:
            loc = tuple(err["loc"])
            if err["type"] == "missing" and any(
                    t[:-1] == loc[:-1] and closest(str(t[-1]), [str(loc[-1])]) for t in typos):
                continue
            if len(loc) == 1 and loc[0] in auto:
                problems.append(_bad_name(doc, str(err["loc"][0]), model))
            else:
                problems.append(_translate(err, doc, model))
        return None, problems


COMMANDE_SEPARER = "guide separer annuaire --vers ../annuaire-pro"

# Codes written as text: unquoted, YAML 1.2 (editors) reads a number, and drops the
# leading 0 of 01000; the loader keeps the text, so both are refused alike.
CODES_ENTRE_GUILLEMETS = {"code_postal", "code_insee", "siret", "zone_eligibilite"}


def _lecture(doc: Document, en_erreur: set[Loc]) -> list[Problem]:
    """What the YAML reading itself reveals: codes without quotes, list items run together.
    A place that already has an error gets no second one."""
    problems: list[Problem] = []
    for loc in sorted(doc.nombres, key=str):
        noms = [part for part in loc if isinstance(part, str)]
        if loc in en_erreur or not noms or noms[-1] not in CODES_ENTRE_GUILLEMETS:
            continue
        valeur = _valeur_a(doc.data, loc)
        problems.append(problem_at(doc, loc, "guillemets-manquants", champ=noms[-1],
                                   valeur=_apercu(valeur)))
    for loc, ligne in sorted(doc.tirets.items(), key=lambda item: item[1]):
        valeur = _valeur_a(doc.data, loc)
        pos = doc.position(loc)
        precedente = f" de la ligne {pos.ligne}" if pos else " précédent"
        problems.append(problem_at(doc, loc, "tiret-decale", valeur=_apercu(valeur),
                                   ligne_tiret=ligne, precedente=precedente))
    return problems


def _valeur_a(data: Any, loc: Loc) -> Any:
    for part in loc:
        data = data[part]
    return data


def problem_pro_public(doc: Document) -> Problem:
    """A `pro:` block in the public tree: the public repository is readable by anyone."""
    return problem_at(doc, (CLE_PRO,), "pro-dans-annuaire-public", cle=True,
                      commande=COMMANDE_SEPARER)


def _bad_name(doc: Document, key: str, model: type[BaseModel]) -> Problem:
    """An identity the loader took from a file or folder name that is not a valid slug."""
    folder = key == "partenaire" or model is PartenairePublic
    name = doc.path.parent.name if folder else doc.path.stem
    what = "le nom du dossier" if folder else "le nom du fichier"
    suggestion = slugify(name) + ("" if folder else doc.path.suffix)
    return probleme("identifiant-invalide", fichier=doc.path, quoi=what, nom=name,
                    suggestion=suggestion)


def slugify(text: str) -> str:
    """`Accueil Sablé` -> `accueil-sable`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "lieu"


def load_annuaire(racine: Path, cache: CacheFiches | None = None) -> Charge:
    """Read every record under `racine`, collecting problems instead of stopping; with a
    `cache`, unchanged files are neither parsed nor validated again."""
    charge = Charge()
    if not racine.is_dir():
        charge.problems.append(probleme("annuaire-introuvable", dossier=racine))
        return charge
    with sans_ramasse_miettes():
        _load_files(racine, charge, cache)
    return charge


@contextmanager
def sans_ramasse_miettes() -> Iterator[None]:
    """Loading and checking make hundreds of thousands of small containers and no
    reference cycles; the cyclic collector would walk them all again and again as they pile
    up (each full collection walks every record loaded so far: quadratic in the annuaire)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


# Names a record may not take: MkDocs makes `<folder>/index.md` the page of the folder
# itself, so a place `index` would replace the list at /lieux/ and a partner `index` the
# page "Tous les partenaires" (partenaires/index.md, from pages.py). A test checks this
# set against the pages the guide generates.
IDENTIFIANTS_RESERVES = frozenset({"index"})


def _parcourir(racine: Path, problems: list[Problem], arbre: str
               ) -> list[tuple[tuple[str, ...], Path]]:
    """Every record file under `racine`, with its path parts relative to it, in path
    order. Every other entry is either an image a record may cite or a problem: nothing
    under the annuaire vanishes without a word. Hidden files and folders (.git, an
    editor's drafts) are not part of the annuaire."""
    found: list[tuple[tuple[str, ...], Path]] = []
    a_lire: list[tuple[tuple[str, ...], str]] = [((), str(racine))]
    while a_lire:
        rel, dossier = a_lire.pop()
        with os.scandir(dossier) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                parts = (*rel, entry.name)
                path = Path(entry.path)
                # A link could bring in a file from anywhere on the machine, or hide a
                # folder that os.walk would skip: refused, whatever it points to.
                if entry.is_symlink():
                    problems.append(probleme("lien-symbolique", fichier=path))
                elif entry.is_dir(follow_symlinks=False):
                    a_lire.append((parts, entry.path))
                elif not entry.is_file(follow_symlinks=False):
                    # A named pipe would block the run forever, a device read without end.
                    problems.append(probleme(
                        "fichier-inattendu", fichier=path,
                        quoi="ni un dossier ni un fichier ordinaire",
                        conseil="supprimez-le de l'annuaire"))
                elif problem := _fichier_refuse(parts, path, arbre):
                    problems.append(problem)
                elif entry.name.endswith(".yml"):
                    found.append((parts, path))
    found.sort()
    return found


def _fichiers_yaml(racine: Path) -> list[tuple[tuple[str, ...], Path]]:
    """The record files `_parcourir` finds, without its problems (`guide valider` says them)."""
    return _parcourir(racine, [], "annuaire")


LISEZ_MOI = "README.md"
"""The one file besides records and images a tree may hold, at its top."""


def _fichier_refuse(parts: tuple[str, ...], path: Path, arbre: str) -> Problem | None:
    """Why a file that is not a link or a folder is not read as a record, if it is not."""
    name = parts[-1]
    stem, _, extension = name.rpartition(".")
    if extension.lower() in ("yml", "yaml"):
        if len(parts) != 2:
            return probleme("fichier-mal-place", fichier=path, arbre=arbre)
        if extension != "yml":
            return probleme("extension", fichier=path, nom=stem)
        return None
    if len(parts) >= 2 and name.lower().endswith(IMAGES):
        return None
    if parts == (LISEZ_MOI,):
        # A tree's own README at its top (the professional tree says how to keep it private).
        return None
    return probleme(
        "fichier-inattendu", fichier=path,
        quoi="ce fichier n'est ni une fiche (.yml) ni une image",
        conseil="l'annuaire ne contient que les fiches et les images qu'elles citent "
        f"({', '.join(IMAGES)}) ; déplacez ce fichier hors de l'annuaire")


def _nom_reserve(folder: str, name: str, path: Path) -> Problem | None:
    if folder in IDENTIFIANTS_RESERVES:
        return probleme(
            "identifiant-reserve", fichier=path.parent, quoi="le dossier", nom=folder,
            fiche="partenaire", liste="de tous les partenaires",
            conseil="renommez le dossier d'après le partenaire, par exemple ccas-le-mans")
    if name != FICHIER_PARTENAIRE and name.rsplit(".", 1)[0] in IDENTIFIANTS_RESERVES:
        return probleme(
            "identifiant-reserve", fichier=path, quoi="le fichier", nom=name, fiche="lieu",
            liste="des lieux",
            conseil=f"renommez-le d'après le lieu, par exemple {folder}-centre.yml")
    return None


def lire_fiches(racine: Path, problems: list[Problem], arbre: str = "annuaire",
                cache: CacheFiches | None = None) -> Iterator[tuple[str, str, Document]]:
    """(partner folder, file name, document) of every well-placed record file under
    `racine`, read by `read_yaml`; every other entry, and read errors, go to `problems`.
    Both trees (`arbre`: annuaire, annuaire-pro) are read here, with the same limits."""
    dossiers_reserves: set[str] = set()
    for parts, path in _parcourir(racine, problems, arbre):
        folder, name = parts
        if reserve := _nom_reserve(folder, name, path):
            # A reserved folder is reported once, not once per file in it.
            if folder not in dossiers_reserves:
                problems.append(reserve)
            if folder in IDENTIFIANTS_RESERVES:
                dossiers_reserves.add(folder)
            continue
        doc, lus = read_yaml(path, cache)
        problems += lus
        if doc is not None:
            yield folder, name, doc


def _load_files(racine: Path, charge: Charge, cache: CacheFiches | None) -> None:
    for folder, name, doc in lire_fiches(racine, charge.problems, cache=cache):
        stem = name.rsplit(".", 1)[0]
        record: BaseModel | None
        if name == FICHIER_PARTENAIRE:
            record, problems = parse_record(doc, PartenairePublic, {"id": folder}, cache)
            charge.problems += problems
            if isinstance(record, PartenairePublic):
                charge.partenaires[folder] = record
                charge.documents[f"partenaire:{folder}"] = doc
            continue
        record, problems = parse_record(doc, LieuPublic, {"id": stem, "partenaire": folder},
                                       cache)
        charge.problems += problems
        if isinstance(record, LieuPublic):
            if stem in charge.lieux:
                # Both files hear of it: the one already there may be the older, but the
                # partner who just added the other one must see it on their own file.
                premier = charge.documents[f"lieu:{stem}"]
                charge.problems += [_homonyme(premier, doc, charge.lieux[stem], charge),
                                    _homonyme(doc, premier, record, charge)]
                charge.homonymes.append((record, doc))
                continue
            charge.lieux[stem] = record
            charge.documents[f"lieu:{stem}"] = doc


def _homonyme(doc: Document, autre: Document, lieu: LieuPublic, charge: Charge) -> Problem:
    """One side of two reception point files with one name in two partners' folders."""
    stem = doc.path.stem
    suggestion = slugify(lieu.nom)
    if suggestion == stem or suggestion in charge.lieux:
        suggestion = f"{stem}-{doc.path.parent.name}"
    return probleme(
        "identifiant-duplique", fichier=doc.path, ligne=1, colonne=1,
        quoi=f"deux fiches portent l'identifiant « {stem} » : celle-ci et "
        f"{autre.path.parent.name}/{autre.path.name}",
        conseil="le nom du fichier sert d'adresse à la page du lieu et doit être unique dans "
        f"tout l'annuaire : renommez la fiche ajoutée en dernier, par exemple en "
        f"« {suggestion}{doc.path.suffix} »")
