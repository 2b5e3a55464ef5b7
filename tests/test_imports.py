"""The plugin's modules form no import cycle, counting imports inside functions: a cycle
held together by a late import breaks as soon as someone moves that import to the top."""

from __future__ import annotations

import ast
from pathlib import Path

PAQUET = Path(__file__).resolve().parent.parent / "plugins" / "guide_solidarites"


def graphe_des_imports(paquet: Path) -> dict[str, set[str]]:
    """Module -> the package's modules it imports, wherever the import statement is."""
    modules: dict[str, Path] = {}
    for path in paquet.rglob("*.py"):
        parts = path.relative_to(paquet.parent).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graphe: dict[str, set[str]] = {}
    for nom, path in modules.items():
        dossier = nom if path.name == "__init__.py" else nom.rpartition(".")[0]
        cibles: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = dossier.split(".")[:len(dossier.split(".")) - node.level + 1]
                    module = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    module = node.module or ""
                for alias in node.names:
                    if f"{module}.{alias.name}" in modules:
                        cibles.add(f"{module}.{alias.name}")
                    elif module in modules:
                        cibles.add(module)
            elif isinstance(node, ast.Import):
                cibles |= {a.name for a in node.names if a.name in modules}
        cibles.discard(nom)
        graphe[nom] = cibles
    return graphe


def cycles(graphe: dict[str, set[str]]) -> list[list[str]]:
    """Every path that comes back to where it started, each found once from its smallest
    module (a depth-first search: the package has a few dozen modules)."""
    trouves: list[list[str]] = []
    for depart in sorted(graphe):
        pile = [(depart, [depart])]
        while pile:
            module, chemin = pile.pop()
            for suivant in sorted(graphe.get(module, ())):
                if suivant == depart:
                    trouves.append([*chemin, depart])
                elif suivant > depart and suivant not in chemin:
                    pile.append((suivant, [*chemin, suivant]))
    return trouves


def test_aucun_cycle_entre_les_modules_du_plugin() -> None:
    graphe = graphe_des_imports(PAQUET)
    assert len(graphe) > 30 and graphe["guide_solidarites.pages"]
    assert cycles(graphe) == []


def test_le_detecteur_voit_un_cycle_tenu_par_un_import_dans_une_fonction(tmp_path: Path
                                                                          ) -> None:
    paquet = tmp_path / "paquet"
    paquet.mkdir()
    (paquet / "__init__.py").write_text("")
    (paquet / "pages.py").write_text("def f():\n    from .pro import g\n    return g\n")
    (paquet / "pro.py").write_text("from . import pages\n")
    (paquet / "seul.py").write_text("from .pages import f\n")
    assert cycles(graphe_des_imports(paquet)) == [["paquet.pages", "paquet.pro", "paquet.pages"]]
