"""Text as partners type it: characters that do not show, and values that are not what they look.

No I/O. `models.py` runs `texte_lisible` on every value of every record, and the typed
values (phone numbers, e-mail addresses, web addresses, codes, opening hours) through the
checks below before their own validators. A value is refused, with a French message that
names the character, when it would be published other than it reads (a phone number
typed with the letter O, a label before the number, a hidden recipient in an e-mail
address, a right-to-left override that reverses the text on screen); it is normalised
only where nothing can be lost (a no-break space or Word's curly quotes in a number).
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, urlsplit

from pydantic_core import PydanticCustomError

# Invisible characters a partner can paste without knowing, by the French name a search
# engine finds them under. Any other control or format character is named by its kind.
INVISIBLES: dict[str, str] = {
    "\u0000": "caractère nul",
    "\u00ad": "trait d'union conditionnel",
    "\u061c": "marque de lettre arabe",
    "\u180e": "séparateur de voyelles mongol",
    "\u200b": "espace sans chasse",
    "\u200e": "marque gauche-à-droite",
    "\u200f": "marque droite-à-gauche",
    "\u2028": "séparateur de ligne",
    "\u2029": "séparateur de paragraphe",
    "\u202a": "enchâssement gauche-à-droite",
    "\u202b": "enchâssement droite-à-gauche",
    "\u202c": "fin d'enchâssement ou de forçage de direction",
    "\u202d": "forçage gauche-à-droite",
    "\u202e": "forçage droite-à-gauche",
    "\u2060": "gluon de mots",
    "\u2066": "isolat gauche-à-droite",
    "\u2067": "isolat droite-à-gauche",
    "\u2068": "isolat de direction neutre",
    "\u2069": "fin d'isolat de direction",
    "\ufeff": "indicateur d'ordre des octets (BOM)",
    "\ufffc": "caractère de remplacement d'objet",
    "\ufffd": "caractère de remplacement (texte mal converti)",
}

_PAR_CATEGORIE = {
    "Cc": "caractère de contrôle",
    "Cf": "caractère de mise en forme invisible",
    "Co": "caractère à usage privé (souvent une puce ou un symbole de Word)",
    "Cs": "demi-caractère isolé (texte mal converti)",
    "Zl": "séparateur de ligne",
    "Zp": "séparateur de paragraphe",
}

# Joiners shape letters in Arabic or Indic scripts and build emoji: they are text.
_JOINTS = {"\u200c", "\u200d"}

# Line breaks and tabs are text too; a carriage return or a tab becomes what it shows as.
# Soft hyphens, zero-width spaces and word joiners only say where a line may (not) break:
# dropping them loses nothing, and third-party data is full of them.
_NORMALISES = {"\r\n": "\n", "\r": "\n", "\t": " ", "\u00ad": "", "\u200b": "",
               "\u2060": "", "\ufeff": ""}

_C1_RE = re.compile("[\u0080-\u009f]")
"""C1 controls: in real text, Windows-1252 read as Latin-1 (\\x92 was the apostrophe ’)."""


def _windows_1252(m: re.Match[str]) -> str:
    try:
        return m.group().encode("latin-1").decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: no character, refused below
        return m.group()


_ESPACES_RE = re.compile(r"[^\S\n]")
"""Every space of Unicode (no-break, narrow, thin, figure...) except the line break."""

GUILLEMETS = "‘’‚‛“”„‟«»‹›"
"""Typographic quotes, as a word processor types them instead of the straight ones."""

_PAIRES = {("“", "”"), ("‘", "’"), ("«", "»"), ("„", "“"), ("„", "”"), ("’", "’"),
           ("”", "”"), ("‚", "‘"), ("‹", "›")}


def nom_du_caractere(ch: str) -> str | None:
    """`U+202E (forçage droite-à-gauche)` when `ch` must not be in a text, else None."""
    if ch in _JOINTS:
        return None
    nom = INVISIBLES.get(ch)
    if nom is None:
        categorie = unicodedata.category(ch)
        if categorie == "Cn" and not _non_caractere(ch):
            return None  # unassigned today, perhaps a letter or an emoji of tomorrow
        nom = _PAR_CATEGORIE.get(categorie) or ("non-caractère" if categorie == "Cn" else None)
        if nom is None:
            return None
    return f"U+{ord(ch):04X} ({nom})"


def _non_caractere(ch: str) -> bool:
    code = ord(ch)
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


def _montre(texte: str) -> str:
    """A piece of text safe to print in a message: invisible characters as their code."""
    return "".join(f"<U+{ord(c):04X}>" if not c.isprintable() and c != " " else c
                   for c in texte)


def montrer_invisibles(value: object) -> object:
    """A string with every character that does not show written as its code (`<U+202E>`)."""
    if isinstance(value, str) and not value.isprintable():
        return "".join(f"<U+{ord(c):04X}>" if c != "\n" and nom_du_caractere(c) else c
                       for c in value)
    return value


def texte_lisible(value: object) -> object:
    """Every string of a record (or of a list of strings): refused if it holds a character
    that does not show or changes the text unseen; carriage returns and tabs become a line
    break and a space, and characters that only hint at line breaks are dropped."""
    if isinstance(value, str):
        return _verifier(value, None)
    if isinstance(value, list):
        return [_verifier(v, i) if isinstance(v, str) else v for i, v in enumerate(value)]
    return value


def _verifier(texte: str, element: int | None) -> str:
    if texte.isprintable():  # the usual case, checked at C speed
        return texte
    for avant, apres in _NORMALISES.items():
        texte = texte.replace(avant, apres)
    texte = _C1_RE.sub(_windows_1252, texte)
    trouves: dict[str, int] = {}
    for position, ch in enumerate(texte):
        if ch not in trouves and ch != "\n" and not ch.isprintable():
            nom = nom_du_caractere(ch)
            if nom:
                trouves[ch] = position
    if not trouves:
        return texte
    premier, position = next(iter(trouves.items()))
    noms = [nom_du_caractere(c) for c in trouves]
    ou = (f"après « {_montre(texte[max(0, position - 20):position].strip())} »"
          if texte[:position].strip() else "au début du texte")
    if element is not None:
        ou += f", dans l'élément {element + 1} de la liste"
    raise PydanticCustomError(
        "caractere-invisible",
        "{quoi} {noms} {ou}",
        {"quoi": "caractère invisible" if len(noms) == 1 else "caractères invisibles",
         "noms": ", ".join(n for n in noms if n), "ou": ou,
         "indice": "placez le curseur à cet endroit et effacez le caractère (il ne se voit "
                   "pas : effacez jusqu'à ce que le texte visible change, puis retapez-le), "
                   "ou retapez la valeur à la main ; il vient souvent d'un copier-coller "
                   "depuis un traitement de texte ou une page web et change l'affichage ou "
                   "le sens du texte sans se voir"},
    )


# --- Typed values -----------------------------------------------------------------------


def valeur_saisie(value: object, guillemets: bool = True) -> object:
    """A typed value (number, address, code) as a person meant it: Unicode spaces become
    plain spaces, digits of any script plain digits, quotes from a word processor around
    the whole value are dropped; any other typographic quote is refused, named (unless
    `guillemets` is false: the caller names it in its own terms)."""
    if not isinstance(value, str):
        return value
    if value.isascii() and value.isprintable():
        # The usual case, checked at C speed: no Unicode space, no digit of another script,
        # no typographic quote (all outside ASCII), no tab or line break.
        return value.strip()
    # Digits of other scripts (full width ７２３００) are the same digits.
    texte = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c
                    for c in _ESPACES_RE.sub(" ", value).strip())
    if len(texte) >= 2 and (texte[0], texte[-1]) in _PAIRES:
        texte = texte[1:-1].strip()
    ch = next((c for c in texte if c in GUILLEMETS), None)
    if guillemets and ch is not None:
        raise PydanticCustomError(
            "guillemet-typographique",
            "{nom} « {car} » (U+{code}) dans « {valeur} »",
            {"nom": _nom_guillemet(ch), "car": ch, "code": f"{ord(ch):04X}", "valeur": texte,
             "indice": "un traitement de texte a remplacé une apostrophe ou un guillemet "
                       "droit (' \") par ce signe, qu'un numéro, une adresse ou un code ne "
                       "contient jamais : retapez la valeur sans lui"},
        )
    return texte


def _nom_guillemet(ch: str) -> str:
    return "apostrophe typographique" if ch == "’" else "guillemet typographique"


def horaires_saisis(value: object) -> object:
    """Opening hours: the comment quotes of OSM syntax are straight quotes; curly ones from a
    word processor mean the same, so they are straightened (nothing else can be meant)."""
    if not isinstance(value, str):
        return value
    texte = _ESPACES_RE.sub(" ", value)
    return re.sub(f"[{GUILLEMETS}]", '"', texte).strip()


_SEPARATEURS_TEL = frozenset(" .-/()")
_NUMERO_RE = re.compile(r"\+?\(?\d[\d .\-/()]*\d|\d")


def telephone_saisi(value: object) -> object:
    """A phone number made of digits and separators only.

    phonenumbers reads letters as a phone keypad does (O is 6) and skips words before the
    number, so `O2 43 62 5O OO` and `Tél. accueil 02 43...` would be published as another
    number, or without a word of what was typed: both are refused here, with the fix.
    """
    texte = valeur_saisie(value)
    if not isinstance(texte, str):
        return texte
    if all(c.isdigit() or c in _SEPARATEURS_TEL or c == "+" for c in texte) or not any(
            c.isdigit() or c in "Oo" for c in texte):
        return texte  # digits only, or no number at all: the number's own check says
    if any(c in "Oo" for c in texte):
        corrige = texte.replace("O", "0").replace("o", "0")
        if all(c.isdigit() or c in _SEPARATEURS_TEL or c == "+" for c in corrige):
            raise PydanticCustomError(
                "telephone-lettre-o",
                "le numéro contient la lettre O à la place du chiffre zéro : « {valeur} »",
                {"valeur": texte, "indice": f"écrivez le chiffre 0 : « {corrige} »"},
            )
    numero = _NUMERO_RE.search(texte)
    if numero and any(c.isalpha() for c in texte):
        libelle = (texte[:numero.start()] + " " + texte[numero.end():]).strip(" :.,;-–/")
        raise PydanticCustomError(
            "telephone-libelle",
            "le numéro contient du texte (« {libelle} ») : seul un numéro est accepté",
            {"libelle": libelle, "valeur": texte,
             "indice": f"gardez seulement le numéro : « {numero.group()} » ; la page affiche "
                       "déjà « Appeler le ... », et un poste ou des heures d'appel vont dans "
                       "la description ou dans horaires.telephone"},
        )
    autre = next(c for c in texte if not (c.isdigit() or c in _SEPARATEURS_TEL or c == "+"))
    raise PydanticCustomError(
        "telephone-invalide",
        "caractère « {car} » dans le numéro de téléphone « {valeur} »",
        {"car": autre, "valeur": texte,
         "indice": "un seul numéro par champ, en chiffres : 02 43 00 00 00, "
                   "+33 2 43 00 00 00, ou un numéro court national (115, 3919)"},
    )


_LOCAL_RE = re.compile(r"[\w.+-]+")


def courriel_saisi(value: object) -> object:
    """An e-mail address whose part before @ holds letters, digits and `. _ + -` only.

    RFC 5322 also allows `? & = % # / ' { }`..., which no reception desk uses and which a
    `mailto:` link reads as more: `a?bcc=x@y` writes to `a` with a hidden copy to `x@y`.
    """
    texte = valeur_saisie(value)
    if not isinstance(texte, str):
        return texte
    if texte.lower().startswith("mailto:"):
        raise PydanticCustomError(
            "courriel-invalide",
            "adresse de courriel invalide : « {valeur} »",
            {"valeur": texte, "indice": f"retirez « mailto: » : écrivez « {texte[7:]} »"},
        )
    local = texte.rpartition("@")[0]
    if local and not _LOCAL_RE.fullmatch(local):
        car = next(c for c in local if not _LOCAL_RE.fullmatch(c))
        raise PydanticCustomError(
            "courriel-invalide",
            "caractère « {car} » dans l'adresse de courriel « {valeur} »",
            {"car": car if car != " " else "espace", "valeur": texte,
             "indice": "avant @, une adresse s'écrit en lettres, chiffres, points, tirets, "
                       "« _ » ou « + » (accueil.ccas@exemple.fr) ; dans le lien « Écrire à », "
                       "« ? », « & » ou « , » ajouteraient un destinataire ou un texte cachés"},
        )
    return texte


_URL_INTERDITS = set(" \"<>\\^`{|}")


def url_saisie(value: object) -> object:
    """A web address that goes where it reads: no character a browser would re-encode, and no
    `user@` before the host, which makes `https://www.caf.fr@ailleurs.example/` lead
    elsewhere."""
    texte = valeur_saisie(value, guillemets=False)
    if not isinstance(texte, str):
        return texte
    car = next((c for c in texte if c in _URL_INTERDITS or c in GUILLEMETS), None)
    if car is not None:
        quoi = ("une espace" if car == " " else f"{_nom_guillemet(car)} « {car} »"
                if car in GUILLEMETS else f"le caractère « {car} »")
        raise PydanticCustomError(
            "url-invalide",
            "{car} dans l'adresse web « {valeur} »",
            {"car": quoi, "valeur": texte,
             "indice": "copiez l'adresse depuis la barre d'adresse du navigateur, qui l'écrit "
                       "déjà encodée (%20 pour une espace, %22 pour « \" »)"},
        )
    netloc = urlsplit(texte).netloc
    if "@" in netloc:
        raise PydanticCustomError(
            "url-invalide",
            "l'adresse web « {valeur} » mène en réalité à « {hote} »",
            {"valeur": texte, "hote": netloc.rpartition("@")[2],
             "indice": "ce qui précède « @ » dans une adresse web est un nom d'utilisateur, "
                       "pas le site : écrivez l'adresse du site lui-même"},
        )
    return texte


def mailto_href(courriel: str) -> str:
    """`mailto:` for one address, percent-encoded so that nothing in it reads as a header."""
    return "mailto:" + quote(courriel, safe="@")
