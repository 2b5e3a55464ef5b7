"""The "Aller au contenu" skip link leads somewhere on every page of both variants.

Material writes the link to the page's first heading anchor; the guide's generated pages
name theirs `#contenu`. A page whose template forgets that id has a link that goes nowhere
(it was so on every fiche de liaison and on the coverage and quality pages).
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest


class _Evitement(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.cible: str | None = None
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        valeurs = dict(attrs)
        if valeurs.get("id"):
            self.ids.add(valeurs["id"] or "")
        if tag == "a" and "md-skip" in (valeurs.get("class") or "").split():
            self.cible = valeurs.get("href")


@pytest.fixture(scope="module", params=["public", "pro"])
def site(request: pytest.FixtureRequest) -> Path:
    # Both variants of tests/fixtures/site, built once (tests/conftest.py).
    return Path(request.getfixturevalue(
        "site_fixture" if request.param == "public" else "site_fixture_pro"))


def test_every_skip_link_has_its_target_on_the_page(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    sans_cible = []
    avec_lien = 0
    for chemin in pages:
        lu = _Evitement()
        lu.feed(chemin.read_text("utf-8"))
        if lu.cible is None:
            continue
        avec_lien += 1
        if not (lu.cible.startswith("#") and lu.cible[1:] in lu.ids):
            sans_cible.append(f"{chemin.relative_to(site)} -> {lu.cible}")
    assert sans_cible == []
    # The check means something only if pages do carry the link: all but the 404 page.
    assert avec_lien >= len(pages) - 1 > 10
