"""A pull request's preview: the public pages its files touch, copied out of the built
site with what they need to display, and the summary posted beside it."""

from __future__ import annotations

import html
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from .campagne import markdown_litteral
from .catalogue import Catalogue
from .loader import Charge
from .pages import DOSSIER_DONNEES, categories_presentes
from .problems import Report

MARQUE_PRO = '<meta name="guide-variante" content="pro">'
"""Written in every page of the professional build (overrides/main.html): such pages never
go into a preview."""


_HORS_APERCU = {"pagefind", DOSSIER_DONNEES}


class SitePro(Exception):
    """The site given is the professional directory."""


@dataclass(frozen=True)
class PageTouchee:
    url: str
    """Relative to the site's root, with directory URLs (lieux/ccas-sable/)."""
    titre: str


def pages_touchees(charge: Charge, catalogue: Catalogue, fichiers: list[Path]
                   ) -> list[PageTouchee]:
    """The pages showing something from `fichiers`: a place's own page, its partner's, its
    communes' and its themes'; for a partner file, the partner's page and its places'."""
    choisis = {f.resolve() for f in fichiers}
    pages: dict[str, str] = {}
    themes = {cat: label for cat, label, _ in categories_presentes(catalogue)}

    def lieu(lid: str) -> None:
        record = catalogue.lieux.get(lid)
        if record is None:
            return
        pages[f"lieux/{lid}/"] = record.nom
        partenaire = catalogue.partenaires.get(record.partenaire)
        if partenaire:
            pages[f"partenaires/{partenaire.id}/"] = partenaire.nom
        for code in dict.fromkeys([record.code_insee, *(p.code_insee for p in
                                                        record.permanences)]):
            commune = catalogue.communes.get(code)
            if commune:
                pages[f"communes/{code}/"] = commune.nom
        for categorie in catalogue.categories_du_lieu(record):
            pages[f"themes/{categorie}/"] = themes.get(categorie, categorie)

    for cle, doc in charge.documents.items():
        if doc.path.resolve() not in choisis:
            continue
        genre, ident = cle.split(":", 1)
        if genre == "lieu":
            lieu(ident)
        elif ident in catalogue.partenaires:
            pages[f"partenaires/{ident}/"] = catalogue.partenaires[ident].nom
            for record in catalogue.lieux_par_partenaire.get(ident, []):
                lieu(record.id)
    return [PageTouchee(url, titre) for url, titre in sorted(pages.items())]


def copier_apercu(site: Path, pages: list[PageTouchee], sortie: Path) -> list[PageTouchee]:
    """Copy the pages and every file that is not a page (styles, scripts, map data) into
    `sortie`, with an index.html listing them; returns the pages found in the site."""
    trouvees = [p for p in pages if (site / p.url / "index.html").is_file()]
    # The home page too: the other files copied (search index, map data) are the site's.
    for url in ["", *(p.url for p in trouvees)]:
        if MARQUE_PRO in (site / url / "index.html").read_text(encoding="utf-8"):
            raise SitePro(str(site))
    if sortie.exists():
        shutil.rmtree(sortie)
    sortie.mkdir(parents=True)
    for dossier, sous_dossiers, fichiers in os.walk(site):
        rel = Path(dossier).relative_to(site)
        if rel == Path("."):
            # The search index and the open-data files do not serve a page opened from disk.
            sous_dossiers[:] = [d for d in sous_dossiers if d not in _HORS_APERCU]
        for nom in fichiers:
            if nom.endswith(".html"):
                continue
            (sortie / rel).mkdir(parents=True, exist_ok=True)
            shutil.copy2(Path(dossier) / nom, sortie / rel / nom)
    for page in trouvees:
        (sortie / page.url).mkdir(parents=True, exist_ok=True)
        shutil.copy2(site / page.url / "index.html", sortie / page.url / "index.html")
    liens = "\n".join(f'    <li><a href="{html.escape(p.url)}index.html">'
                      f"{html.escape(p.titre)}</a> <code>{html.escape(p.url)}</code></li>"
                      for p in trouvees)
    (sortie / "index.html").write_text(f"""<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><title>Aperçu des pages modifiées</title></head>
<body>
  <h1>Aperçu des pages modifiées</h1>
  <p>{len(trouvees)} page(s) du guide public touchée(s) par la demande. Les liens vers les
  autres pages du guide ne fonctionnent pas dans cet aperçu.</p>
  <ul>
{liens}
  </ul>
</body>
</html>
""", encoding="utf-8")
    return trouvees


def _compte(n: int, mot: str) -> str:
    return f"{n} {mot}{'s' if n > 1 else ''}"


def resume(fiches: int, montres: Report, autres: Report, pages: list[PageTouchee]) -> str:
    """The summary comment: "2 fiches modifiées, 0 erreur", then the pages to look at."""
    modifiees = "fiche modifiée" if fiches < 2 else "fiches modifiées"
    lignes = [f"**Guide des solidarités : {fiches} {modifiees}, "
              f"{_compte(len(montres.erreurs), 'erreur')}, "
              f"{_compte(len(montres.avertissements), 'avertissement')}.**"]
    if autres.erreurs:
        lignes.append("")
        lignes.append(f"Attention : {_compte(len(autres.erreurs), 'erreur')} ailleurs dans "
                      "l'annuaire empêche(nt) la publication.")
    if pages:
        lignes += ["", f"Pages touchées ({len(pages)}), à voir dans l'aperçu téléchargeable "
                   "(artefact « apercu ») :"]
        lignes += [f"- {markdown_litteral(p.titre)} : `{p.url}`" for p in pages]
    return "\n".join(lignes) + "\n"


