"""Atomic output: the site is built beside `site_dir` and swapped in only when complete.

A build killed half-way (kill -9, a full disk, a crash) must leave the last complete site in
place: anything that copies `site_dir` (rsync, a web server's root) would otherwise publish a
site without its index or its search. The build writes into `.<site>.construction-<pid>`
beside `site_dir`; at the very end the finished folder takes the place of the old one by two
renames on the same file system, microseconds apart, and the old one is deleted. Folders left
by a killed build are removed by the next one.

A marker file in the site records which variant (public or pro) it holds, so that a
`--dirty` build cannot leave professional pages inside a public site. MkDocs tells plugins
about `--dirty` only through `on_startup`, and a plugin that defines it is kept across every
configuration loaded in the process (a public and a pro one would share it): instead, the
build folder starts with a probe file that MkDocs removes when it cleans the folder, which a
`--dirty` build does not do.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

MARQUEUR = ".guide-variante"
"""File at the root of every built site holding its variant ("public" or "pro")."""

SONDE = "guide-sonde-nettoyage"
"""Left in the build folder by `preparer`: still there after MkDocs' cleaning, it is --dirty."""

_EN_COURS = ".construction-"
_ANCIEN = ".ancien-"


class PublicationError(Exception):
    """A build that must not start; the message is French, for the person running it."""


def _pid_vivant(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    return True


def _restes(site: Path, kind: str) -> list[tuple[Path, int]]:
    pattern = re.compile(re.escape(f".{site.name}{kind}") + r"(\d+)$")
    if not site.parent.is_dir():
        return []
    found = []
    for entry in site.parent.iterdir():
        if match := pattern.match(entry.name):
            found.append((entry, int(match.group(1))))
    return found


def variante_construite(site: Path) -> str | None:
    """The variant recorded in a built site, or None (no site, or built before the marker)."""
    try:
        return (site / MARQUEUR).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None


@dataclass(frozen=True)
class Construction:
    """One build in progress: `dossier` is where MkDocs writes, `site` where it ends up."""

    site: Path
    dossier: Path
    variante: str

    def reprendre_si_dirty(self) -> bool:
        """After MkDocs' cleaning: for a --dirty build, check the previous site's variant and
        start from a copy of it. Returns whether the build is dirty."""
        sonde = self.dossier / SONDE
        if not sonde.exists():
            return False
        sonde.unlink()
        if self.site.is_dir() and any(self.site.iterdir()):
            precedente = variante_construite(self.site)
            if precedente != self.variante:
                origine = (f"l'annuaire {precedente}" if precedente else
                           "un site d'origine inconnue (construit sans marqueur de variante)")
                raise PublicationError(
                    f"« --dirty » refusé : {self.site} contient {origine}, et cette "
                    f"construction est l'annuaire {self.variante} ; des pages de l'un "
                    "resteraient dans l'autre. Relancez la construction sans « --dirty ».")
            shutil.copytree(self.site, self.dossier, symlinks=True, dirs_exist_ok=True)
        return True

    def publier(self) -> None:
        """Swap the finished build in place of the old site, then delete the old one."""
        (self.dossier / MARQUEUR).write_text(self.variante + "\n", encoding="utf-8")
        ancien = self.site.with_name(f".{self.site.name}{_ANCIEN}{os.getpid()}")
        if self.site.exists():
            os.rename(self.site, ancien)
        os.rename(self.dossier, self.site)
        shutil.rmtree(ancien, ignore_errors=True)

    def abandonner(self) -> None:
        """Delete the unfinished build; the old site stays as it was."""
        shutil.rmtree(self.dossier, ignore_errors=True)


def preparer(site: Path, variante: str) -> Construction:
    """Clean what killed builds left, and make the build folder beside `site`."""
    site = site.absolute()
    for dossier, pid in _restes(site, _ANCIEN):
        # Killed between the two renames of `publier`: the old site is the only one left.
        if not site.exists() and not _pid_vivant(pid):
            os.rename(dossier, site)
        elif not _pid_vivant(pid):
            shutil.rmtree(dossier, ignore_errors=True)
    for dossier, pid in _restes(site, _EN_COURS):
        if not _pid_vivant(pid) or pid == os.getpid():
            shutil.rmtree(dossier, ignore_errors=True)
    dossier = site.with_name(f".{site.name}{_EN_COURS}{os.getpid()}")
    dossier.mkdir(parents=True)
    (dossier / SONDE).write_text("", encoding="utf-8")
    return Construction(site, dossier, variante)
