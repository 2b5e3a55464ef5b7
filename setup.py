"""Build step of the wheel: ship the top-level files a département's guide needs.

Everything else is declared in pyproject.toml. The list of shipped paths lives in the
package (guide_solidarites/livre.py), which also finds them at run time: one list.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ICI = Path(__file__).resolve().parent
sys.path.insert(0, str(ICI / "plugins"))
from guide_solidarites.livre import DOSSIER_LIVRE, LIVRES  # noqa: E402


class BuildPyLivres(build_py):
    """build_py, plus a copy of LIVRES into guide_solidarites/livre/ of the build."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            # An editable install reads them where they are, at the top level.
            return
        cible = Path(self.build_lib) / "guide_solidarites" / DOSSIER_LIVRE
        # A build folder kept from an earlier build must not ship files deleted since.
        shutil.rmtree(cible, ignore_errors=True)
        for chemin in LIVRES:
            source, destination = ICI / chemin, cible / chemin
            if source.is_dir():
                shutil.copytree(source, destination,
                                ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            else:
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, destination)


setup(cmdclass={"build_py": BuildPyLivres})
