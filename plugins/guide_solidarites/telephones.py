"""Phone numbers as pages, exports and links need them, each number parsed once per run.

Parsing a number costs about 0.1 ms and a build shows each one several times (page,
schema.org, CSV, GeoJSON, data·inclusion): at 10,000 places that was seconds.
"""

from __future__ import annotations

from functools import lru_cache

import phonenumbers
from phonenumbers import PhoneNumberFormat


@lru_cache(maxsize=65536)
def numero_complet(value: str) -> phonenumbers.PhoneNumber | None:
    """A full French number, or None for a short number such as 115 (or nonsense)."""
    try:
        number = phonenumbers.parse(value, "FR")
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


@lru_cache(maxsize=65536)
def e164(value: str) -> str | None:
    """`02 43 54 73 00` -> `+33243547300`; None for short numbers (115, 3919)."""
    number = numero_complet(value)
    return phonenumbers.format_number(number, PhoneNumberFormat.E164) if number else None


@lru_cache(maxsize=65536)
def affiche(value: str) -> str:
    """The number as printed and read aloud in France (`02 43 54 73 00`); short numbers
    as written."""
    number = numero_complet(value)
    return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL) if number else value


@lru_cache(maxsize=65536)
def tel_href(value: str) -> str:
    """A `tel:` address that phones dial as is (+33... or a short number such as 115)."""
    return "tel:" + (e164(value) or "".join(ch for ch in value if ch.isdigit() or ch == "+"))
