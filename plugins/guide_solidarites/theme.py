"""The theme overrides the plugin ships, registered by the plugin itself.

A département's `mkdocs.yml` names `theme: material` and the plugin; it names neither a
`custom_dir` nor the guide's stylesheets and scripts, so a new version of the package may
add, rename or split them without any change on the département's side.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig

from .livre import dossier_theme

FEUILLES: tuple[str, ...] = ("assets/stylesheets/guide.css",)
"""Stylesheets of every page, in their order (paths inside the theme overrides). The search
page links its own (recherche.css, templates/recherche/page.html), and the map its own."""

FEUILLES_PRO: tuple[str, ...] = ("assets/stylesheets/pro.css",)
"""Stylesheets of the professional directory only, after the others."""

SCRIPTS: tuple[str, ...] = ("assets/javascripts/distances.js", "assets/javascripts/horaires.js",
                            "assets/javascripts/traductions.js", "assets/javascripts/guide.js")
"""Scripts of every page, in their order: guide.js calls distances.js, horaires.js and
traductions.js (the map's and the search's templates load traductions.js themselves)."""

SCRIPTS_DES_FICHES: tuple[str, ...] = ("assets/javascripts/horaires.js",)
"""Those of `SCRIPTS` a record page (place, partner, commune, theme) runs: the others serve
the home page and the lists of communes (overrides/assets/javascripts/guide.js)."""

EVENEMENTS_MATERIAL: tuple[str, ...] = ("pointerdown", "mousemove", "keydown", "touchstart",
                                        "wheel", "scroll")
"""The first of these on a record page loads Material's bundle (md-scope.js): its header
search (when a site turns Material's search on), drawer enhancements, table of contents and
"back to top" button only answer to the visitor, while the page's own content (name,
open-now line, address, phone) paints without it. The drawer opens and closes without it
(Material draws it with a checkbox and CSS)."""

_BUNDLE = re.compile(r"['\"](assets/javascripts/bundle\.[0-9a-f]+\.min\.js)['\"]")
_MAIN_CSS = re.compile(r"['\"](assets/stylesheets/main\.[0-9a-f]+\.min\.css)['\"]")


def enregistrer_theme(config: MkDocsConfig, *, pro: bool) -> Path:
    """Put the shipped overrides in the theme's search path, and their assets in the pages.

    The overrides go after the département's own `custom_dir`, if it has one (its
    templates win), and before Material's. A configuration that already names them (this
    repository's `custom_dir: overrides`) is left as it is; stylesheets and scripts it
    already lists are not added twice.
    """
    dossier = dossier_theme().resolve()
    dirs = config.theme.dirs
    if not any(Path(d).resolve() == dossier for d in dirs):
        position = 1 if config.theme.custom_dir else 0
        dirs.insert(position, str(dossier))
    for feuille in FEUILLES + (FEUILLES_PRO if pro else ()):
        if feuille not in config.extra_css:
            config.extra_css.append(feuille)
    # A missing script goes before the first of the guide's scripts that come after it in
    # SCRIPTS (guide.js needs traductions.js loaded first), after everything otherwise.
    for i, script in enumerate(SCRIPTS):
        presents = [str(s) for s in config.extra_javascript]
        if script in presents:
            continue
        suivants = [presents.index(s) for s in SCRIPTS[i + 1:] if s in presents]
        position = min(suivants) if suivants else len(presents)
        config.extra_javascript.insert(position, ExtraScriptValue(script))
    config.theme["guide_leger"] = page_legere(config)
    return dossier


def page_legere(config: MkDocsConfig) -> dict[str, Any] | None:
    """What overrides/main.html needs to give record pages a lighter first visit.

    Material names its bundle and stylesheet with a hash in its own `base.html`: they are
    read there, so that a new Material release changes nothing here. None when they are
    not found (another theme, a renamed asset): record pages then keep Material's frame.
    """
    base = next((Path(d) / "base.html" for d in reversed(config.theme.dirs)
                 if (Path(d) / "base.html").is_file()), None)
    texte = base.read_text(encoding="utf-8") if base else ""
    bundle, main_css = _BUNDLE.search(texte), _MAIN_CSS.search(texte)
    if bundle is None or main_css is None:
        return None
    extra = {str(script) for script in config.extra_javascript}
    return {
        "bundle": bundle[1],
        "main_css": main_css[1],
        "evenements": " ".join(EVENEMENTS_MATERIAL),
        # Scripts a département adds itself are kept: only the guide's own are left out.
        "sans": sorted(extra & (set(SCRIPTS) - set(SCRIPTS_DES_FICHES))),
        "palette_inutile": palette_inutile(config.theme.get("palette")),
    }


def palette_inutile(palette: object) -> bool:
    """Whether Material's palette stylesheet has nothing for this palette: every rule of it
    is for the dark scheme or a named colour, and the guide's own colours are `custom`
    (guide.css). A list of palettes (a light/dark toggle) needs it."""
    if not isinstance(palette, dict):
        return not palette
    return (palette.get("scheme") or "default") == "default" and all(
        palette.get(cle) == "custom" for cle in ("primary", "accent"))
