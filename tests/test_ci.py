"""The shipped forge pipelines: actionlint on the GitHub workflows, the GitLab file against
the keys GitLab reads, and the same `make` targets as on a partner's machine."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

DEPOT = Path(__file__).parents[1]
WORKFLOWS = sorted((DEPOT / ".github" / "workflows").glob("*.yml"))
ACTIONLINT = Path(sys.executable).parent / "actionlint"


def actionlint(*fichiers: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(ACTIONLINT), "-no-color", *map(str, fichiers)], cwd=DEPOT,
                          capture_output=True, text=True, timeout=120)


def test_actionlint_accepte_les_workflows_livres() -> None:
    assert {w.name for w in WORKFLOWS} == {"verification.yml", "campagne.yml", "moteurs.yml"}
    resultat = actionlint(*WORKFLOWS)
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr


def test_actionlint_refuse_un_workflow_casse(tmp_path: Path) -> None:
    # The check above can fail: a workflow with an unknown context and a bad runner.
    casse = tmp_path / ".github" / "workflows" / "casse.yml"
    casse.parent.mkdir(parents=True)
    casse.write_text("on: pull_request\njobs:\n  x:\n    runs-on: ubuntu-latest\n"
                     "    steps:\n      - run: echo ${{ github.event.pull_request.inconnu }}\n"
                     "      - uses: actions/checkout\n", encoding="utf-8")
    resultat = subprocess.run([str(ACTIONLINT), "-no-color", str(casse)], cwd=tmp_path,
                              capture_output=True, text=True, timeout=120)
    assert resultat.returncode == 1
    assert "casse.yml:7:" in resultat.stdout


def _gitlab() -> dict[str, Any]:
    donnees = yaml.safe_load((DEPOT / ".gitlab-ci.yml").read_text("utf-8"))
    assert isinstance(donnees, dict)
    return donnees


# GitLab's global keywords; any other top-level key is a job.
_GLOBAUX = {"default", "include", "stages", "variables", "workflow", "spec"}
_CLES_JOB = {"stage", "rules", "script", "artifacts", "needs", "image", "cache",
             "variables", "interruptible", "before_script", "after_script", "timeout"}
_CLES_ARTEFACTS = {"when", "expire_in", "reports", "paths", "expose_as", "name"}


def test_gitlab_ci_n_a_que_des_cles_connues_de_gitlab() -> None:
    ci = _gitlab()
    jobs = {k: v for k, v in ci.items() if k not in _GLOBAUX}
    assert set(jobs) == {"verifier", "apercu", "guide-public", "campagne"}
    assert set(ci["default"]) <= {"image", "cache", "interruptible", "before_script",
                                  "artifacts", "retry", "timeout", "tags"}
    for nom, job in jobs.items():
        assert set(job) <= _CLES_JOB, nom
        assert job["stage"] in ci["stages"], nom
        assert job["script"] and all(isinstance(ligne, str) for ligne in job["script"]), nom
        assert set(job.get("artifacts", {})) <= _CLES_ARTEFACTS, nom


def test_gitlab_ci_verifie_les_demandes_de_fusion_et_publie_l_apercu() -> None:
    ci = _gitlab()
    demande = [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert ci["verifier"]["rules"] == demande and ci["apercu"]["rules"] == demande
    assert ci["variables"]["GIT_DEPTH"] == "0"
    rapport = ci["verifier"]["artifacts"]["reports"]["codequality"]
    assert any(f"--sortie {rapport}" in ligne and "FORMAT=gitlab" in ligne
               for ligne in ci["verifier"]["script"])
    assert ci["verifier"]["artifacts"]["when"] == "always"
    apercu = ci["apercu"]["artifacts"]
    assert apercu["expose_as"] and apercu["paths"] == ["apercu/"]
    # Never the professional directory.
    texte = (DEPOT / ".gitlab-ci.yml").read_text("utf-8")
    assert "site-pro" not in texte.replace("(site-pro) n'est jamais", "")
    assert "mkdocs.pro.yml" not in texte


def _cibles_make() -> set[str]:
    makefile = (DEPOT / "Makefile").read_text("utf-8")
    return set(re.findall(r"^([a-z][a-z-]*):", makefile, re.MULTILINE))


def test_les_pipelines_n_appellent_que_des_cibles_make() -> None:
    cibles = _cibles_make()
    textes = [w.read_text("utf-8") for w in WORKFLOWS]
    textes.append((DEPOT / ".gitlab-ci.yml").read_text("utf-8"))
    appelees = {c for t in textes for c in re.findall(r"\bmake ([a-z][a-z-]*)", t)}
    assert appelees >= {"valider", "apercu", "resume", "codeowners", "campagne", "site"}
    assert appelees <= cibles
    # No pipeline calls the tool around make: one way to run each check.
    for texte in textes:
        assert not re.search(r"^\s*(?:- )?(?:run: )?\.venv/bin/guide", texte, re.MULTILINE)


@pytest.mark.parametrize(("cible", "attendu"), [
    (["valider", "DEPUIS=abc123", "FORMAT=github"],
     ".venv/bin/guide valider annuaire --depuis 'abc123' --format github"),
    (["apercu", "DEPUIS=abc123"],
     ".venv/bin/guide apercu annuaire --depuis 'abc123' --site site --sortie apercu"),
    (["campagne", "JOURS=45"], ".venv/bin/guide campagne annuaire --jours '45' --sortie campagne"),
])
def test_les_cibles_make_lancent_la_commande_guide(cible: list[str], attendu: str) -> None:
    resultat = subprocess.run(["make", "-n", "--always-make", *cible], cwd=DEPOT,
                              capture_output=True, text=True, timeout=60)
    assert resultat.returncode == 0, resultat.stderr
    assert attendu in [ligne.strip() for ligne in resultat.stdout.splitlines()]


def test_gitlab_propose_le_meme_modele_de_demande_que_github() -> None:
    github = (DEPOT / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text("utf-8")
    gitlab = (DEPOT / ".gitlab" / "merge_request_templates" / "Default.md").read_text("utf-8")
    assert gitlab == github
