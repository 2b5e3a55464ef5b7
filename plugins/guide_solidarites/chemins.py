"""How a generated page reaches the others: relative links from its URL to the site root."""

from __future__ import annotations


def racine_relative(url: str) -> str:
    """The relative prefix from a page at `url` (`lieux/x/`) back to the site root."""
    # MkDocs calls the home page "./".
    return "../" * url.removeprefix("./").count("/")
