"""The theme overrides the plugin ships, registered by the plugin itself.

A département's `mkdocs.yml` names `theme: material` and the plugin; it names neither a
`custom_dir` nor the guide's stylesheets and scripts, so a new version of the package may
add, rename or split them without any change on the département's side.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig

from .livre import dossier_theme

FEUILLES: tuple[str, ...] = ("assets/stylesheets/guide.css", "assets/stylesheets/recherche.css")
"""Stylesheets of every page, in their order (paths inside the theme overrides)."""

FEUILLES_PRO: tuple[str, ...] = ("assets/stylesheets/pro.css",)
"""Stylesheets of the professional directory only, after the others."""

SCRIPTS: tuple[str, ...] = ("assets/javascripts/distances.js", "assets/javascripts/horaires.js",
                            "assets/javascripts/guide.js")
"""Scripts of every page, in their order: guide.js calls distances.js and horaires.js."""


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
    presents = {str(script) for script in config.extra_javascript}
    for script in SCRIPTS:
        if script not in presents:
            config.extra_javascript.append(ExtraScriptValue(script))
    return dossier
