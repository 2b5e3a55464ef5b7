"""The plugin's options, as `mkdocs.yml` declares them under `plugins: - guide-solidarites:`."""

from __future__ import annotations

import datetime as dt
import string

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from .couverture import SEUIL_DEFAUT_KM
from .langues import LANGUES
from .search import PAGES_PAR_INDEX
from .sortie_rapide import URL_NEUTRE


class ModeleDeLien(c.Type[str]):
    """A link pattern whose `{placeholders}` are checked when the configuration is read: a
    typo (`{chemn}`) would otherwise publish a broken link on every page."""

    def __init__(self, champs: tuple[str, ...], requis: str, default: str) -> None:
        super().__init__(str, default=default)
        self.champs = champs
        self.requis = requis

    def run_validation(self, value: object) -> str:
        modele = super().run_validation(value)
        possibles = ", ".join(f"{{{c}}}" for c in self.champs)
        try:
            noms = [nom for _, nom, _, _ in string.Formatter().parse(modele) if nom is not None]
        except ValueError as exc:
            raise ValidationError(
                f"accolade mal fermée dans « {modele} » ({exc}) ; champs possibles : "
                f"{possibles}") from exc
        for nom in noms:
            if nom not in self.champs:
                raise ValidationError(
                    f"« {{{nom}}} » n'est pas un champ connu dans « {modele} » ; champs "
                    f"possibles : {possibles}")
        if self.requis not in noms:
            raise ValidationError(
                f"« {modele} » doit contenir {{{self.requis}}}, remplacé par le chemin de "
                "chaque fiche")
        return modele


class CmsConfig(base.Config):
    """The partners' web form at /admin/ of the public site (Decap CMS), see `cms.py`."""

    actif = c.Type(bool, default=False)
    """Serve the form; off by default, never in the professional directory."""

    forge = c.Choice(("gitlab", "github"), default="gitlab")
    """Where the annuaire's repository lives: GitLab (PKCE login, no server) or GitHub
    (needs an OAuth relay, `relais_oauth`)."""

    depot = c.Optional(c.Type(str))
    """The repository, e.g. departement-sarthe/guide-solidarites."""

    branche = c.Type(str, default="main")
    """The branch pull requests target."""

    app_id = c.Optional(c.Type(str))
    """GitLab: the application id of the OAuth application (scope `api`, not confidential)."""

    url_forge = c.Optional(c.Type(str))
    """GitLab: the address of a self-hosted instance, e.g. https://gitlab.exemple.fr."""

    relais_oauth = c.Optional(c.Type(str))
    """GitHub: the address of the OAuth relay holding the application's secret."""

    serveur_local = c.Optional(c.Type(str))
    """Tests and local trials: the address of decap-server (http://localhost:8081/api/v1),
    used instead of the forge when the site is served on localhost."""


class GuideConfig(base.Config):
    # --- Data ---------------------------------------------------------------------------------

    annuaire = c.Dir(exists=True, default="annuaire")
    """Folder of the annuaire (one sub-folder per partner), relative to mkdocs.yml."""

    variant = c.Choice(("public", "pro"), default="public")
    """Which directory to build: `public` never reads the professional tree."""

    annuaire_pro = c.Optional(c.Dir(exists=True))
    """Folder of the professional tree (the private repository: one file of professional
    fields per record, same layout as the annuaire), relative to mkdocs.yml. Pro variant
    only: the public build refuses it."""

    departement = c.Optional(c.Type(str))
    """Code of the département whose every commune gets a page (e.g. "72"); else only
    communes with a reception point or a permanence."""

    aujourdhui = c.Optional(c.Type(dt.date))
    """The build's date (AAAA-MM-JJ) instead of today: tests and reproducible builds."""

    avertissements_bloquants = c.Type(bool, default=False)
    """Abort on warnings too (stale records...), like `guide valider --strict`."""

    besoins = c.Optional(c.File(exists=True))
    """The département's own vocabulary of needs for the search (same form as the shipped
    data/besoins.yml, which it extends), relative to mkdocs.yml."""

    recherche_pages_par_index = c.Type(int, default=PAGES_PAR_INDEX)
    """Pages of the search index Pagefind takes in one run; a larger guide is indexed in
    parts, merged by the search page (search.py: Pagefind's memory grows with the pages)."""

    # --- Pages --------------------------------------------------------------------------------

    horizon_semaines = c.Type(int, default=6)
    """How many weeks of opening intervals each page carries for the "open now" line."""

    depot_url = c.Optional(c.Type(str))
    """Web address of the repository holding the annuaire, e.g. https://github.com/org/guide."""

    lien_modification = ModeleDeLien(("depot_url", "chemin"), "chemin",
                                     default="{depot_url}/edit/main/{chemin}")
    """Pattern of the forge's edit page; {chemin}: the YAML file's path in the repository."""

    modification_partenaires = c.Type(bool, default=False)
    """Show "Modifier cette fiche (partenaires)", the forge's edit page of the public file
    (needs depot_url); off by default: most visitors have no account on the forge."""

    contact_signalement = c.Optional(c.Type(str))
    """Address of the "Signaler une erreur" mail (a mailto: anyone can use), e.g.
    guide-solidarites@exemple.fr; no such link without it."""

    sortie_rapide_url = c.Type(str, default=URL_NEUTRE)
    """Where « Quitter ce site » sends a visitor at once, on pages about violence: a
    neutral site that says nothing of what they were reading (default Météo-France)."""

    depot_pro_url = c.Optional(c.Type(str))
    """Web address of the private repository of the professional tree: the pro site's edit
    link of each professional block (same `lien_modification` pattern)."""

    langues = c.ListOfItems(c.Choice(LANGUES), default=list(LANGUES))
    """Languages of the public guide: French, and each other one gets its pages under
    /<code>/ (en, ar, uk, es; see langues.py); the professional directory stays French."""

    cms = c.SubConfig(CmsConfig)
    """The partners' web form (`actif: true` to serve it at /admin/)."""

    # --- Map, open data, coverage --------------------------------------------------------------

    tuiles = c.Type(str, default="https://{s}.tile.openstreetmap.fr/osmfr/{z}/{x}/{y}.png")
    """Tile URL template of the map (default OpenStreetMap France; Plan IGN:
    https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&STYLE=normal&FORMAT=image/png&TILEMATRIXSET=PM&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}).
    A third party's tiles load only when the visitor presses « Afficher le fond de carte »
    (the choice is kept on the phone); a source on the site's own origin (a relative URL
    such as /tuiles/{z}/{x}/{y}.png, or site_url's host: a tile folder or a PMTiles extract
    served by the same web server) loads at once, since nothing leaves the site."""

    attribution = c.Type(
        str, default='&copy; les contributeurs <a href="https://www.openstreetmap.org/copyright">'
        'OpenStreetMap</a>, fond OpenStreetMap France')
    """Attribution shown on the map, as the tile provider requires (HTML)."""

    zoom_max = c.Type(int, default=19)
    """Highest zoom level the tile source serves."""

    url_publique = c.Optional(c.Type(str))
    """Address of the public guide, for the links of the open data (`lien_source`) and of
    the JSON-LD; default: `site_url`, without its final `pro/` in the professional build."""

    source_donnees = c.Type(str, default="guide-solidarites")
    """Producer id in the data·inclusion exports (`source`, and the ids' prefix)."""

    seuil_couverture_km = c.Type(float, default=SEUIL_DEFAUT_KM)
    """Straight-line distance standing in for "30 minutes" on the coverage page (pro)."""


def options_par_defaut(**valeurs: object) -> GuideConfig:
    """The plugin's options as a mkdocs.yml naming only `valeurs` would give them: the
    defaults declared above and nowhere else (tests and tools that build pages alone).
    The annuaire defaults to the current folder, which always exists."""
    options = GuideConfig()
    options.load_dict({"annuaire": ".", **valeurs})
    erreurs, _ = options.validate()
    if erreurs:
        raise ValidationError("; ".join(f"{cle} : {erreur}" for cle, erreur in erreurs))
    return options
