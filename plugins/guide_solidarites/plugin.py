"""The MkDocs plugin: wires the annuaire, the catalogue and the generated pages into a build.

Only events live here. Loading and checking is `validation`, the catalogue is `catalogue`,
what each page holds is `pages`, its HTML is `render`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils import CountHandler

from . import cms, serve
from .besoins import charger_vocabulaire
from .cache import dossier_cache
from .cadre import SANS_CADRE, TEMPLATE_CADRE, Cadres
from .carte import FICHIER_CARTE, URL_CARTE, ecrire_points_carte
from .catalogue import Catalogue, CataloguePro, Variante, build_catalogue, catalogue_pro
from .config import GuideConfig
from .couverture import RapportCouverture, write_csv
from .exports import exporter, geojson_lieux
from .fond_de_carte import etiquettes_communes
from .hors_ligne import ecrire_hors_ligne, pages_hors_ligne
from .langues import LANGUES, globales_des_langues, langue, langues_des_pages, traduire_page
from .livre import dossier_theme
from .minify import ScriptIllisible, version_allegee
from .moteur import cle_partage, partage
from .pages import (
    DOSSIER_DONNEES,
    POINTS_CARTE_PRO,
    PageGeneree,
    PagesGardees,
    communes_du_guide,
    donnees_recherche,
    pages_du_guide,
    pages_professionnelles,
)
from .pages import (
    reglages as pages_reglages,
)
from .pro import (
    FICHIER_COUVERTURE_CSV,
    FICHIER_COUVERTURE_JSON,
    URL_COUVERTURE,
    geojson_lieux_pro,
    sections_pro,
)
from .publication import Construction, PublicationError, preparer
from .qr import FICHIER_QR, codes_gardes, fichier_svg
from .render import COMPILES_THEME, TEMPLATES_DIR, Rendu
from .search import LANGUE, ErreurIndexation, donnees_index, indexer_site, repartir
from .selection import MAX_LIEUX
from .sortie_rapide import page_sensible
from .textes_scripts import TEXTES
from .theme import enregistrer_theme
from .validation import lire_public, valider

log = logging.getLogger("mkdocs.plugins.guide_solidarites")

DONNEES_RECHERCHE = "assets/guide/recherche.json"
"""Communes and points read by the home page's script (overrides/assets/javascripts/guide.js)."""

COMMUNES_CARTE = "carte/communes.json"
"""Commune names of the map's plain background (carte.js, data-communes)."""


class PageDuGuide(Page):
    """A generated page whose HTML comes from a template: Markdown is never run.

    MkDocs builds a Markdown converter with every extension for each page, which costs more
    than rendering our templates; reading and rendering are therefore replaced, and the rest
    of the build (theme, navigation, search) sees an ordinary page.
    """

    def __init__(self, spec: PageGeneree, rendu: Rendu, file: File, config: MkDocsConfig,
                 langues: frozenset[str] = frozenset()):
        super().__init__(spec.titre_html, file, config)
        self.spec = spec
        self._rendu = rendu
        self._langues = tuple(sorted(langues))
        """The languages this page exists in (empty: French only, or a French-only guide)."""
        self.gabarit_theme = "main.html"
        """The theme template of the page (its meta `template` names the shared frame)."""

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown = ""
        self.meta = {"description": self.spec.description_html, "hide": ["toc"],
                     "recherche": self.spec.indexee, "langue": self.spec.langue,
                     "gabarit": self.spec.gabarit,
                     # In the meta, not looked up by address: the shared frame (cadre.py) keys
                     # on the meta, so pages of a kind with the same languages share one.
                     "langues_disponibles": self._langues,
                     "segment_variable": self.spec.segment_variable}
        if not self.is_homepage:
            self.meta["title"] = self.spec.titre_html
        self.gabarit_theme = self.meta.get("template", self.gabarit_theme)
        self.meta["template"] = TEMPLATE_CADRE

    def render(self, config: MkDocsConfig, files: Files) -> None:
        # The content is made just before the page is written (`remplir`) and dropped once
        # it is: thousands of pages' HTML are never held at once.
        self.content = ""
        # The theme's "skip to content" link points at the first heading of the TOC.
        self.toc = TableOfContents([AnchorLink(self.spec.titre_html, "contenu", 1)])

    def remplir(self) -> None:
        """Render the page's content (and what the theme reads of it)."""
        self.content = self._rendu.fragment(self.spec, self.file.url)
        self.meta["sortie_rapide"] = page_sensible(self.content, self.meta, self.spec.vue())


class GuidePlugin(BasePlugin[GuideConfig]):
    """Builds the guide's pages (places, partners, communes, themes) from the annuaire."""

    def __init__(self) -> None:
        self.catalogue: Catalogue | None = None
        self.pro: CataloguePro | None = None
        self.admin: dict[str, str] | None = None
        self.pages: list[PageGeneree] = []
        self.rendu: Rendu | None = None
        self.cadres: Cadres | None = None
        self._serve: serve.EtatServe | None = None
        self._pages_gardees: PagesGardees | None = None
        self._signature: serve.Signature = ()
        self._gardees: set[str] | None = None
        self._codes = ExitStack()
        """The QR codes' cache folder, open from the pages' making to the build's end."""
        self._construction: Construction | None = None
        self._avertissements: CountHandler | None = None
        # No on_startup: MkDocs would share this instance between the public and pro
        # configurations of a process (see publication.py).

    # --- Data -----------------------------------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.use_directory_urls:
            raise PluginError("guide-solidarites : le guide demande « use_directory_urls: true ».")
        if not config.site_url:
            # `mkdocs serve` sets it to its own address; a published site needs its own.
            raise PluginError(
                "guide-solidarites : « site_url » manque dans mkdocs.yml. Indiquez l'adresse "
                "publique du guide (par exemple « site_url: https://guide.exemple.fr/ », ou "
                "https://guide.exemple.fr/pro/ pour l'annuaire professionnel) : sans elle, "
                "sitemap.xml est vide et les pages ne disent pas leur adresse aux moteurs de "
                "recherche ni aux données ouvertes.")
        self._url_publique = url_publique(self.config, config.site_url)
        # The département's mkdocs.yml needs no custom_dir: the package brings its theme.
        enregistrer_theme(config, pro=self.config.variant == Variante.PRO)
        racine = Path(self.config.annuaire)
        variante = Variante(self.config.variant)
        # The public build never reads the professional tree, even when it sits beside the
        # annuaire: naming it in a public configuration is a mistake to stop, not to ignore.
        racine_pro: Path | None = None
        if self.config.annuaire_pro:
            if variante is Variante.PUBLIC:
                raise PluginError(
                    "guide-solidarites : « annuaire_pro » est réservé à l'annuaire "
                    "professionnel (variant: pro) ; retirez-le de la configuration du guide "
                    "public.")
            racine_pro = Path(self.config.annuaire_pro)
        aujourdhui = self.config.aujourdhui or dt.date.today()
        strict = self.config.avertissements_bloquants
        # Checked here, before MkDocs cleans site_dir: a broken annuaire leaves the last good
        # site in place.
        # Under `guide construire`, the public tree is read once for both variants.
        commun = partage()
        cache = dossier_cache(racine)
        publique = None if commun is None else commun.charge_publique(
            cle_partage(racine, cache), lambda: lire_public(racine, cache))
        charge, report = valider(racine, aujourdhui=aujourdhui, racine_pro=racine_pro,
                                 cache=cache, charge=publique)
        for problem in report:
            texte = problem.format(racine.parent)
            if problem.est_erreur or strict:
                log.error(texte)
            else:
                log.debug(texte)
        if report.avertissements and not strict:
            # One line, not one per stale record: an editor sees it in every build, and
            # `guide valider` gives the detail. `mkdocs build --strict` fails on warnings,
            # so there it is said at info level: only the département's choice
            # (`avertissements_bloquants`) makes warnings stop a build.
            niveau = logging.INFO if config.strict else logging.WARNING
            log.log(niveau, "guide-solidarites : " + report.resume_des_avertissements())
        if report.echoue(strict=strict):
            precedent = serve.etat(config)
            if precedent is not None and precedent.donnees:
                # Under `mkdocs serve`, a MkDocs build that fails leaves the server waiting
                # (every page hangs until a build passes): the errors are said, and the last
                # valid annuaire is served on until the files are fixed.
                log.error("guide-solidarites : aperçu, l'annuaire contient des erreurs "
                          f"({report.resume()}) ; le site montre la dernière version valide "
                          "jusqu'à ce qu'elles soient corrigées.")
                self.__dict__.update(precedent.donnees)
                return self._preparer_construction(config, precedent)
            raise PluginError(
                f"L'annuaire contient des erreurs ; rien n'a été publié ({report.resume()}). "
                "Corrigez les fichiers indiqués ci-dessus, ou lancez « guide valider » pour "
                "le détail.")
        vocabulaire, problemes = charger_vocabulaire(
            Path(self.config.besoins) if self.config.besoins else None)
        if problemes:
            for problem in problemes:
                log.error(problem.format(racine.parent))
            raise PluginError("Le vocabulaire des besoins contient des erreurs ; rien n'a été "
                              "publié. Corrigez les fichiers indiqués ci-dessus.")
        # Pages and open data are made from the public catalogue in both builds; the pro
        # build adds its sections, sheets and pages from the professional catalogue.
        self.admin = _admin(self.config, config, charge) if self.config.cms.actif else None
        def catalogue_public() -> Catalogue:
            return build_catalogue(charge, Variante.PUBLIC, racine, aujourdhui=aujourdhui)

        self.catalogue = catalogue_public() if commun is None else commun.catalogue(
            cle_partage(racine, aujourdhui), charge, catalogue_public)
        self.pro = catalogue_pro(charge, self.catalogue) if variante is Variante.PRO else None
        reglages = pages_reglages(self.config, site_url=config.site_url,
                                  url_publique=self._url_publique)
        communes = communes_du_guide(self.catalogue, reglages.departement)
        sections = None if self.pro is None else sections_pro(
            self.pro, reglages.lien_modification_pro)
        # Under `mkdocs serve`, the place pages whose records did not change are the ones
        # of the previous build (pages.PagesGardees); the first build makes them for the next.
        precedent = serve.etat(config)
        gardees = precedent.gardees if precedent is not None and precedent.gardees \
            is not None else PagesGardees()
        self._pages_gardees = gardees
        # QR codes are made with the place pages' views, when each page is written: the
        # cache folder's codes are used until the build ends (on_post_build).
        self._fermer_codes()
        self._codes.enter_context(codes_gardes(cache))
        self.pages = pages_du_guide(self.catalogue, reglages, communes, sections,
                                    gardees=gardees, paresseuses=True)
        if not reglages.site_url:
            log.info("guide-solidarites : pas de « site_url » dans mkdocs.yml, donc pas de "
                     "code QR sur les fiches imprimées.")
        self.pages += pages_hors_ligne(variante is Variante.PRO, MAX_LIEUX)
        # The public guide in its other languages (the pro directory stays French).
        self._autres_langues = [c for c in LANGUES[1:] if c in self.config.langues
                                and variante is Variante.PUBLIC]
        for code in self._autres_langues:
            traduite = langue(code)
            self.pages += pages_du_guide(self.catalogue, reglages, communes, langue=traduite,
                                         gardees=gardees, paresseuses=True)
            self.pages += pages_hors_ligne(False, MAX_LIEUX, traduite)
        self._langues_des_urls = langues_des_pages(self.pages) if self._autres_langues else {}
        self._parties = _parties_de_l_index(self.pages, self.catalogue,
                                            self.config.recherche_pages_par_index)
        self.couverture: tuple[dict[str, Any], RapportCouverture] | None = None
        if self.pro is not None:
            pages_pro, donnees, rapport = pages_professionnelles(self.pro, reglages)
            self.couverture = (donnees, rapport)
            self.pages += pages_pro
        reprises = gardees.reprises
        gardees.fin()
        self.rendu = Rendu(self.catalogue.communes, pro=variante is Variante.PRO)
        if precedent is not None:
            log.info(f"guide-solidarites : aperçu, {reprises} pages reprises telles quelles.")
        self._recherche = donnees_recherche(self.catalogue, communes)
        self._communes_carte = etiquettes_communes(
            communes, {c.code_insee for c in self.catalogue.communes_desservies})
        # The pro build marks the places that have named referents (a yes/no, no name).
        avec_referents = set() if self.pro is None else {
            ident for ident, lieu in self.pro.lieux.items() if lieu.pro and lieu.pro.referents}
        catalogue, horizon = self.catalogue, reglages.horizon_semaines * 7

        # Made when the search index is (after the pages; under serve, in the background).
        def index_lieux() -> dict[str, Any]:
            return donnees_index(catalogue, communes, vocabulaire, horizon_jours=horizon,
                                 avec_referents=avec_referents)

        self._index_lieux = index_lieux
        log.info(f"guide-solidarites : {len(charge.partenaires)} partenaires, "
                 f"{len(charge.lieux)} lieux d'accueil, {len(self.pages)} pages "
                 f"(annuaire {variante}) ; {report.resume()}.")
        return self._preparer_construction(config, precedent)

    # What a build made of the annuaire, kept under `mkdocs serve` for the rebuild that
    # finds errors (it serves these again).
    _DONNEES = ("catalogue", "pro", "admin", "pages", "rendu", "couverture", "_autres_langues",
                "_langues_des_urls", "_recherche", "_communes_carte", "_index_lieux",
                "_pages_gardees", "_url_publique", "_parties")

    def donnees(self) -> dict[str, Any]:
        return {nom: getattr(self, nom) for nom in self._DONNEES if hasattr(self, nom)}

    def _preparer_construction(self, config: MkDocsConfig, precedent: serve.EtatServe | None
                               ) -> MkDocsConfig:
        # Under `mkdocs serve`, a rebuild writes only the pages whose spec changed.
        self._serve = precedent
        if self._serve is not None:
            serve.debut_reconstruction()
        self._signature = serve.signature(config) if self._serve is not None else ()
        self._gardees = None if self._serve is None else serve.inchangees(
            self._serve, self.pages, self._signature)
        # Validation passed: only now may a build start, beside the old site (publication.py).
        self._construction = preparer(Path(config.site_dir), self.config.variant)
        config.site_dir = str(self._construction.dossier)
        if config.strict:
            # MkDocs aborts a strict build with warnings after on_post_build: such a build
            # must not replace the site either.
            self._avertissements = CountHandler()
            self._avertissements.setLevel(logging.WARNING)
            logging.getLogger("mkdocs").addHandler(self._avertissements)
        return config

    # --- Pages ----------------------------------------------------------------------------------

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        assert self.rendu is not None and self._construction is not None
        # MkDocs has cleaned the build folder by now, unless the build is --dirty.
        try:
            self._construction.reprendre_si_dirty()
        except PublicationError as error:
            raise PluginError(f"guide-solidarites : {error}") from error
        for spec in self.pages:
            if self._gardees is not None and spec.chemin in self._gardees:
                continue  # the served site has it as this build would make it (serve.py)
            existant = files.get_file_from_path(spec.chemin)
            if existant is not None:
                raise PluginError(
                    f"guide-solidarites : « {existant.src_uri} » (dans {config.docs_dir}) a "
                    "la même adresse qu'une page générée par le guide ; renommez ce fichier.")
            # Record pages stay out of the sidebar: Material's nav costs O(pages²).
            inclusion = InclusionLevel.UNDEFINED if spec.dans_menu else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, spec.chemin, content="", inclusion=inclusion)
            files.append(file)
            PageDuGuide(spec, self.rendu, file, config,
                        self._langues_des_urls.get(spec.url_source, frozenset()))
        files.append(File.generated(config, DONNEES_RECHERCHE, content=json.dumps(
            self._recherche, ensure_ascii=False, separators=(",", ":"))))
        # The partners' form: its page and configuration when on, none of its files when off.
        if self.admin is not None:
            for chemin, contenu in self.admin.items():
                files.append(File.generated(config, chemin, content=contenu))
        else:
            for file in [f for f in files if cms.est_du_cms(f.src_uri)]:
                files.remove(file)
        files.append(File.generated(config, COMMUNES_CARTE, content=json.dumps(
            self._communes_carte, ensure_ascii=False, separators=(",", ":"))))
        _alleger_le_theme(files, config)
        return files

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig,
               files: Files) -> jinja2.Environment:
        # Theme templates (overrides/) know which directory they serve.
        pro = self.config.variant == Variante.PRO
        env.globals["guide"] = {"variante": self.config.variant, "pro": pro,
                                "textes": TEXTES,
                                "sortie_rapide_url": self.config.sortie_rapide_url,
                                # hreflang, the language switch, each language's tables.
                                **globales_des_langues(self._autres_langues,
                                                       self._langues_des_urls, config.site_url)}
        # The theme's own sentences (overrides/), in the page's language.
        env.globals["_"] = traduire_page
        # Generated pages ask for the shared frame (cadre.py); it renders their own template.
        env.bytecode_cache = COMPILES_THEME
        assert env.loader is not None
        env.loader = jinja2.ChoiceLoader([
            jinja2.DictLoader({TEMPLATE_CADRE: "{{ guide_cadre() }}"}), env.loader])
        cadres = Cadres(actif=os.environ.get(SANS_CADRE) != "1")
        self.cadres = cadres

        @jinja2.pass_context
        def guide_cadre(contexte: jinja2.runtime.Context) -> Markup:
            page = contexte["page"]
            assert isinstance(page, PageDuGuide)
            # The theme's own output (the template escapes what it prints), as it is.
            return Markup(cadres.rendre(env.get_template(page.gabarit_theme),  # noqa: S704
                                        contexte.get_all()))

        env.globals["guide_cadre"] = guide_cadre
        return env

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        if not isinstance(page, PageDuGuide):  # generated pages: PageDuGuide.remplir
            page.meta["sortie_rapide"] = page_sensible(html, page.meta, {})
        return html

    # First of every plugin: the others' on_page_context (Material's search) read the content.
    @event_priority(100)
    def on_page_context(self, context: Any, /, *, page: Page, config: MkDocsConfig,
                        nav: Any) -> Any:
        if isinstance(page, PageDuGuide):
            page.remplir()
        return context

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        if isinstance(page, PageDuGuide):
            spec = page.spec
            # Each place's QR code as a file too, for « Ma sélection » (the page has it
            # inline), beside the page in the folder being built.
            qr = spec.vue().get("qr") if spec.gabarit == "lieu.html" else None
            if qr:
                dossier = Path(config.site_dir) / spec.url
                dossier.mkdir(parents=True, exist_ok=True)
                (dossier / FICHIER_QR).write_text(fichier_svg(qr), encoding="utf-8")
            page.content = ""  # written: its HTML need not stay in memory, nor its view
            spec.oublier()
        return output

    # Last of every plugin: the search index and the swap need the finished site.
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        assert self.catalogue is not None
        self._fermer_codes()  # every page is written: keep the codes made
        if self._gardees is not None:
            self._reconstruire(config)
            return
        site = Path(config.site_dir)
        catalogue = self.catalogue

        def exporter_dans(dossier: Path) -> None:
            exporter(catalogue, dossier, source=self.config.source_donnees,
                     site_url=self._url_publique)

        commun = partage()
        if commun is None:
            exporter_dans(site / DOSSIER_DONNEES)
        else:
            # Both variants publish the same open data, made from the public catalogue.
            commun.exports(cle_partage(self.config.source_donnees, self._url_publique),
                           catalogue, site / DOSSIER_DONNEES, exporter_dans)
        # The map reads its own lighter copy of the points (carte.py).
        if self.pro is None:
            ecrire_points_carte(geojson_lieux(self.catalogue), site / URL_CARTE / FICHIER_CARTE)
        if self.couverture is not None and self.pro is not None:
            donnees, rapport = self.couverture
            # The pro map's points carry the referents: written only into the pro site.
            ecrire_points_carte(geojson_lieux_pro(self.pro), site / POINTS_CARTE_PRO)
            dossier = site / URL_COUVERTURE
            dossier.mkdir(parents=True, exist_ok=True)
            (dossier / FICHIER_COUVERTURE_JSON).write_text(json.dumps(
                donnees, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
            write_csv(rapport, dossier / FICHIER_COUVERTURE_CSV)
        if self.cadres is not None:
            log.debug(f"guide-solidarites : {self.cadres.remplies} pages faites sur leur cadre "
                      f"partagé, {self.cadres.completes} rendues en entier ; mémoire du "
                      f"processus jusqu'ici : {_pic_memoire_mio():.0f} Mio.")
        # The search index reads the finished site; the service worker lists its files.
        # One Pagefind index per language (each page's <html lang>) in the public guide.
        try:
            index = indexer_site(site, index_lieux=self._index_lieux(),
                                 langue=None if self._autres_langues else LANGUE,
                                 autres_langues=self._autres_langues, parties=self._parties)
        except ErreurIndexation as erreur:
            # A French sentence, not a traceback: the previous site stays published.
            raise PluginError(f"La recherche du guide n'a pas pu être indexée ; rien n'a été "
                              f"publié. {erreur}") from None
        log.info(f"guide-solidarites : recherche, {index}")
        if self.config.variant != Variante.PRO:
            ecrire_hors_ligne(site, config.site_name, self._autres_langues)
        self._publier(config)
        if self._serve is not None:
            serve.retenir(config, Path(config.site_dir), self.pages, serve.signature(config),
                          self._pages_gardees, self.donnees())
            serve.fin_reconstruction()

    def _reconstruire(self, config: MkDocsConfig) -> None:
        """A rebuild under `mkdocs serve` that wrote only the changed pages: they go into
        the served site now, the open data and the search index after (serve.py)."""
        assert self._construction is not None and self._serve is not None
        assert self.catalogue is not None
        construction, self._construction = self._construction, None
        self._fin_des_avertissements()
        gardees = self._gardees or set()
        site = construction.site
        ecrites = serve.fusionner(construction.dossier, site)
        config.site_dir = str(site)
        retirees = serve.retirer(self._serve, self.pages, site)
        if retirees or len(self.pages) != len(self._serve.pages):
            serve.plan_du_site(site, config.site_url or "", self._serve.pages.values(),
                               self.pages)
        log.info(f"guide-solidarites : aperçu, {len(self.pages) - len(gardees)} pages "
                 f"refaites sur {len(self.pages)} ({ecrites} fichiers écrits"
                 + (f", {len(retirees)} pages retirées" if retirees else "") + ").")
        courant = serve.retenir(config, site, self.pages, self._signature, self._pages_gardees,
                                self.donnees())
        catalogue, pro, couverture = self.catalogue, self.pro, self.couverture
        index_lieux, variante, nom = self._index_lieux, self.config.variant, config.site_name
        parties = self._parties
        options, adresse = self.config, self._url_publique

        def donnees() -> None:
            exporter(catalogue, site / DOSSIER_DONNEES, source=options.source_donnees,
                     site_url=adresse)
            if pro is None:
                ecrire_points_carte(geojson_lieux(catalogue), site / URL_CARTE / FICHIER_CARTE)
            elif couverture is not None:
                ecrire_points_carte(geojson_lieux_pro(pro), site / POINTS_CARTE_PRO)

        def recherche() -> None:
            indexer_site(site, index_lieux=index_lieux(), parties=parties)
            if variante != Variante.PRO:
                ecrire_hors_ligne(site, nom)

        serve.en_fond(config, courant, [donnees, recherche])
        serve.fin_reconstruction()

    def _fermer_codes(self) -> None:
        self._codes.close()
        self._codes = ExitStack()

    def on_build_error(self, *, error: Exception) -> None:
        self._fermer_codes()
        serve.fin_reconstruction()
        self._fin_des_avertissements()
        if self._construction is not None:
            self._construction.abandonner()
            self._construction = None

    def _fin_des_avertissements(self) -> int:
        if self._avertissements is None:
            return 0
        logging.getLogger("mkdocs").removeHandler(self._avertissements)
        count = sum(n for _, n in self._avertissements.get_counts())
        self._avertissements = None
        return count

    def _publier(self, config: MkDocsConfig) -> None:
        """Put the finished build in place of the old site (see publication.py)."""
        construction, self._construction = self._construction, None
        if construction is None:
            return
        if self._fin_des_avertissements():
            construction.abandonner()
            log.error(f"guide-solidarites : avertissements en mode strict, {construction.site} "
                      "n'a pas été remplacé.")
            return
        construction.publier()
        config.site_dir = str(construction.site)  # for what runs next (gh-deploy, serve)

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig,
                 builder: Callable[..., Any]) -> LiveReloadServer:
        # The first build: the next ones compare their pages with it (serve.py).
        serve.retenir(config, Path(config.site_dir), self.pages, serve.signature(config),
                      self._pages_gardees, self.donnees())
        server.watch(str(self.config.annuaire))
        server.watch(str(TEMPLATES_DIR))
        return server


def _parties_de_l_index(pages: list[PageGeneree], catalogue: Catalogue,
                        pages_par_index: int) -> list[list[str]]:
    """The search index's parts after the first (search.repartir): places by language
    and commune."""
    cles: dict[str, str] = {}
    autres = 0
    for spec in pages:
        if not spec.indexee:
            continue
        # The record's id is the page's file name (lieux/<id>.md); no pathlib for 5 N pages.
        lieu = catalogue.lieux.get(spec.chemin.rpartition("/")[2].removesuffix(".md")) \
            if spec.gabarit == "lieu.html" else None
        if lieu is None:
            autres += 1
        else:
            cles[f"{spec.url}index.html"] = f"{spec.langue} {lieu.code_insee}"
    return repartir(cles, autres, pages_par_index)


def _pic_memoire_mio() -> float:
    """Peak RSS of this process (not of Pagefind, run after): for the benchmark."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _admin(options: GuideConfig, config: MkDocsConfig, charge: Any) -> dict[str, str]:
    """The files of /admin/ (page shell and Decap configuration), checked before the build."""
    if options.variant == Variante.PRO:
        raise PluginError("guide-solidarites : le formulaire des partenaires (cms) est réservé "
                          "au guide public ; retirez « cms » de la configuration de l'annuaire "
                          "professionnel.")
    reglages = options.cms
    if not reglages.depot and not reglages.serveur_local:
        raise PluginError("guide-solidarites : « cms: actif: true » demande « depot » (le "
                          "dépôt de l'annuaire sur la forge, par exemple "
                          "departement/guide-solidarites).")
    # Files are named from the repository's root, where mkdocs.yml lives.
    annuaire = Path(options.annuaire).resolve()
    racine_depot = Path(config.config_file_path or ".").parent.resolve()
    dossier = (annuaire.relative_to(racine_depot).as_posix()
               if annuaire.is_relative_to(racine_depot) else annuaire.name)
    partenaires, lieux = cms.fiches(charge.partenaires, charge.lieux, dossier)
    texte = cms.render_config(cms.configuration(partenaires, lieux, cms.reglages(
        reglages, site_url=config.site_url or None)))
    return {f"{cms.URL_ADMIN}index.html": cms.PAGE_ADMIN, f"{cms.URL_ADMIN}config.yml": texte}


def url_publique(config: GuideConfig, site_url: str) -> str:
    """The public guide's address, ending with /: open data and JSON-LD link to public pages,
    also in the professional build (served under /pro/, behind authentication)."""
    if config.url_publique:
        return config.url_publique.rstrip("/") + "/"
    adresse = site_url.rstrip("/") + "/"
    if config.variant == Variante.PRO and adresse.endswith("/pro/"):
        adresse = adresse.removesuffix("pro/")
    return adresse


def _alleger_le_theme(files: Files, config: MkDocsConfig) -> None:
    """The guide's own scripts and stylesheets as visitors download them: without their
    comments (minify.py)."""
    theme = dossier_theme().resolve()
    for file in [f for f in files if not f.generated_by]:
        if file.abs_src_path is None:
            continue
        try:
            contenu = version_allegee(file.src_uri, Path(file.abs_src_path), theme)
        except ScriptIllisible as error:
            raise PluginError(f"guide-solidarites : {file.abs_src_path} : {error}") from error
        if contenu is not None:
            files.remove(file)
            files.append(File.generated(config, file.src_uri, content=contenu))
