#!/usr/bin/env python3
"""Publish a built site atomically: copy it into a new release folder, then swap a symlink.

    python3 deploy/publish.py site/     /var/www/guide-solidarites/public --variante public
    python3 deploy/publish.py site-pro/ /var/www/guide-solidarites/pro    --variante pro

nginx's root (`--public-root`, `--pro-root` of render.py) is the symlink given as target
(`.../public`); each release is a folder `versions/public-<date>` beside it. The copy goes
into a hidden folder first, and the symlink is replaced by rename(2): a visitor sees the old
site or the new one, never a half-copied one, and a copy that fails (full disk, killed)
changes nothing. The site must carry the variant marker the build writes
(`.guide-variante`): the professional directory is refused where the public guide is
published, and the other way round. The last releases are kept (`--garder`) to go back:

    ln -s versions/public-<date> /var/www/guide-solidarites/public.new
    mv -T /var/www/guide-solidarites/public.new /var/www/guide-solidarites/public

Standard library only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
from pathlib import Path

MARKER = ".guide-variante"
"""Written at the root of each site by the build (plugins/guide_solidarites/publication.py)."""
VERSIONS = "versions"
REQUIRED = ("index.html", "404.html")


class PublishError(Exception):
    """A release that must not go live; the message is French, for the person deploying."""


def _check_site(site: Path, variant: str) -> None:
    if not site.is_dir():
        raise PublishError(f"{site} n'est pas un dossier : construisez d'abord le site")
    missing = [name for name in REQUIRED if not (site / name).is_file()]
    if missing:
        raise PublishError(f"{site} est incomplet (il manque {', '.join(missing)}) : "
                           "reconstruisez-le, rien n'a été publié")
    linked = next((p for p in site.rglob("*") if p.is_symlink()), None)
    if linked is not None:
        raise PublishError(f"{linked} est un lien symbolique : un site construit n'en contient "
                           "pas, et nginx le suivrait hors du site ; rien n'a été publié")
    try:
        built = (site / MARKER).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise PublishError(f"{site} n'a pas de fichier {MARKER} : il n'a pas été construit "
                           "par le générateur du guide, rien n'a été publié") from None
    if built != variant:
        raise PublishError(f"{site} contient l'annuaire {built}, pas l'annuaire {variant} : "
                           "rien n'a été publié (vérifiez le dossier et --variante)")


def releases(target: Path) -> list[Path]:
    """The complete releases of `target`, oldest first."""
    folder = target.parent / VERSIONS
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.is_dir() and p.name.startswith(f"{target.name}-"))


def publish(site: Path, target: Path, variant: str, keep: int = 3,
            now: dt.datetime | None = None) -> Path:
    """Copy `site` to a new release and point `target` at it; return the release."""
    _check_site(site, variant)
    if keep < 1:
        raise PublishError("--garder doit valoir au moins 1 (la version en ligne)")
    if target.exists() and not target.is_symlink():
        raise PublishError(
            f"{target} est un vrai dossier (ancienne installation par rsync) : renommez-le une "
            f"fois, « mv {target} {target.parent / VERSIONS / (target.name + '-ancien')} » après "
            f"« mkdir -p {target.parent / VERSIONS} », puis relancez ; nginx servira la "
            "nouvelle version dès le lien posé")
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    versions = target.parent / VERSIONS
    versions.mkdir(parents=True, exist_ok=True)
    release = versions / f"{target.name}-{stamp}"
    partial = versions / f".{release.name}.partiel"
    try:
        shutil.copytree(site, partial, symlinks=False)
        os.chmod(partial, 0o755)
        os.rename(partial, release)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    link = target.with_name(f".{target.name}.lien-{os.getpid()}")
    link.unlink(missing_ok=True)
    # Relative, so that the whole tree can be moved or mounted elsewhere.
    os.symlink(os.path.join(VERSIONS, release.name), link)
    os.replace(link, target)
    for old in releases(target)[:-keep]:
        if old != release:
            shutil.rmtree(old, ignore_errors=True)
    for leftover in versions.glob(f".{target.name}-*.partiel"):
        if leftover != partial:
            shutil.rmtree(leftover, ignore_errors=True)
    return release


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("site", type=Path, help="le dossier construit (site/ ou site-pro/)")
    ap.add_argument("cible", type=Path, help="le lien que nginx sert (…/public ou …/pro)")
    ap.add_argument("--variante", choices=("public", "pro"), required=True)
    ap.add_argument("--garder", type=int, default=3, help="versions gardées (défaut : 3)")
    args = ap.parse_args(argv)
    try:
        release = publish(args.site, args.cible.absolute(), args.variante, args.garder)
    except (PublishError, OSError) as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 1
    print(f"Publié : {args.cible} -> {release}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
