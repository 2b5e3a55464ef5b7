"""The editors' help, as a partner's editor shows it: the real yaml-language-server (the
engine of VS Code's YAML extension, pinned in package.json) driven over LSP.

One server reads every sample file of the repository, then small documents with one
mistake each; the schemas are found as an editor finds them, through the first line of
each file.
"""

from __future__ import annotations

import itertools
import json
import os
import queue
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

RACINE = Path(__file__).parents[1]
SERVEUR = RACINE / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
ECHANTILLON = sorted((RACINE / "annuaire").glob("*/*.yml"))
ENTETE_LIEU = "# yaml-language-server: $schema=../../schemas/lieu.schema.json\n"
DELAI = 60.0


def reglages_vscode() -> dict[str, Any]:
    """The `yaml.*` settings the repository gives VS Code, as the extension hands them to the
    server (nested, schema paths made absolute)."""
    plats = json.loads((RACINE / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    yaml_reglages: dict[str, Any] = {}
    for cle, valeur in plats.items():
        if not cle.startswith("yaml."):
            continue
        *parents, feuille = cle.removeprefix("yaml.").split(".")
        cible = yaml_reglages
        for parent in parents:
            cible = cible.setdefault(parent, {})
        cible[feuille] = valeur
    yaml_reglages["schemas"] = {(RACINE / chemin).resolve().as_uri(): motifs
                                for chemin, motifs in yaml_reglages["schemas"].items()}
    # Offline: the schema store would fetch its catalogue from the network.
    assert yaml_reglages["schemaStore"] == {"enable": False}
    return yaml_reglages


class ServeurYaml:
    """A JSON-RPC client of yaml-language-server over its standard input and output."""

    def __init__(self) -> None:
        if not SERVEUR.is_file():
            pytest.fail(f"{SERVEUR} manque : lancez `npm ci` (make setup-test)")
        self.process = subprocess.Popen(
            ["node", str(SERVEUR), "--stdio"], cwd=RACINE, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.suivant = 0
        self.reponses: dict[int, queue.Queue[dict[str, Any]]] = {}
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}
        self.recus: queue.Queue[str] = queue.Queue()
        self.verrou = threading.Lock()
        threading.Thread(target=self._lire, daemon=True).start()

    # --- transport ---------------------------------------------------------------------

    def _envoyer(self, message: dict[str, Any]) -> None:
        corps = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(corps) + corps)
        self.process.stdin.flush()

    def _lire(self) -> None:
        flux = self.process.stdout
        assert flux is not None
        while True:
            longueur = 0
            while (ligne := flux.readline()) not in (b"\r\n", b""):
                if ligne.lower().startswith(b"content-length:"):
                    longueur = int(ligne.split(b":")[1])
            if not ligne:
                return
            message = json.loads(flux.read(longueur))
            if "id" in message and "method" in message:
                # Requests of the server (registerCapability, configuration): accept them.
                reponse: Any = [self.reglages["yaml"]] * len(
                    message.get("params", {}).get("items", [])) \
                    if message["method"] == "workspace/configuration" else None
                self._envoyer({"id": message["id"], "result": reponse})
            elif "id" in message:
                self.reponses.pop(message["id"]).put(message)
            elif message.get("method") == "textDocument/publishDiagnostics":
                params = message["params"]
                with self.verrou:
                    self.diagnostics[params["uri"]] = params["diagnostics"]
                self.recus.put(params["uri"])

    def requete(self, methode: str, params: dict[str, Any]) -> Any:
        self.suivant += 1
        attente: queue.Queue[dict[str, Any]] = queue.Queue()
        self.reponses[self.suivant] = attente
        self._envoyer({"id": self.suivant, "method": methode, "params": params})
        reponse = attente.get(timeout=DELAI)
        assert "error" not in reponse, reponse
        return reponse["result"]

    def notifier(self, methode: str, params: dict[str, Any]) -> None:
        self._envoyer({"method": methode, "params": params})

    # --- editor actions ----------------------------------------------------------------

    reglages: dict[str, Any] = {"yaml": reglages_vscode()}

    def demarrer(self) -> None:
        self.requete("initialize", {
            "processId": os.getpid(), "rootUri": RACINE.as_uri(),
            "capabilities": {"textDocument": {
                "completion": {"completionItem": {
                    "documentationFormat": ["markdown", "plaintext"]}},
                "publishDiagnostics": {}}},
            "initializationOptions": self.reglages})
        self.notifier("initialized", {})
        self.notifier("workspace/didChangeConfiguration", {"settings": self.reglages})

    def ouvrir(self, chemins_et_textes: list[tuple[Path, str]]) -> dict[str, list[Any]]:
        """Open documents and wait for the diagnostics of each; then close them."""
        uris = {chemin.as_uri(): texte for chemin, texte in chemins_et_textes}
        with self.verrou:
            for uri in uris:
                self.diagnostics.pop(uri, None)
        for uri, texte in uris.items():
            self.notifier("textDocument/didOpen", {"textDocument": {
                "uri": uri, "languageId": "yaml", "version": 1, "text": texte}})
        attendus = set(uris)
        while attendus:
            attendus.discard(self.recus.get(timeout=DELAI))
        for uri in uris:
            self.notifier("textDocument/didClose", {"textDocument": {"uri": uri}})
        with self.verrou:
            return {uri: self.diagnostics[uri] for uri in uris}

    def completer(self, chemin: Path, texte: str, ligne: int, colonne: int) -> list[Any]:
        uri = chemin.as_uri()
        self.notifier("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": 1, "text": texte}})
        try:
            resultat = self.requete("textDocument/completion", {
                "textDocument": {"uri": uri}, "position": {"line": ligne, "character": colonne}})
        finally:
            self.notifier("textDocument/didClose", {"textDocument": {"uri": uri}})
        items: list[Any] = resultat["items"] if isinstance(resultat, dict) else resultat
        return items

    def arreter(self) -> None:
        try:
            self.requete("shutdown", {})
            self.notifier("exit", {})
            self.process.wait(timeout=10)
        finally:
            if self.process.poll() is None:
                self.process.kill()


@pytest.fixture(scope="module")
def serveur() -> Iterator[ServeurYaml]:
    serveur = ServeurYaml()
    serveur.demarrer()
    yield serveur
    serveur.arreter()


@pytest.fixture(scope="module")
def diagnostics_echantillon(serveur: ServeurYaml) -> dict[str, list[Any]]:
    return serveur.ouvrir([(p, p.read_text(encoding="utf-8")) for p in ECHANTILLON])


_NUMEROS = itertools.count(1)


def nouveau() -> Path:
    """A new document beside the sample files, so its first line finds the schema as in a
    real folder; only opened in the server, never written. Each has its own name: the
    server clears a closed document's diagnostics, and that must not answer the next."""
    return RACINE / "annuaire" / "ccas-sable-sur-sarthe" / f"nouveau-{next(_NUMEROS)}.yml"


def lieu(**lignes: str) -> str:
    champs = {
        "nom": "Accueil de Sablé", "type": "ccas-cias", "code_postal": '"72300"',
        "code_insee": '"72264"', "adresse": "1 place Raphaël Élizé",
        "modes_accueil": "[sans-rendez-vous]", "verifie_le": "2026-10-01",
        "verifie_par": "CCAS de Sablé", **lignes}
    return ENTETE_LIEU + "".join(f"{k}: {v}\n" for k, v in champs.items())


def messages(serveur: ServeurYaml, texte: str) -> list[str]:
    """The server's messages on a new document holding `texte`. A first empty answer is
    asked again once, in a new document: on a loaded machine the server may publish before
    it has read the schema the document names (seen once at load 20), then not again."""
    for _ in range(2):
        [diagnostics] = serveur.ouvrir([(nouveau(), texte)]).values()
        if diagnostics:
            break
    return [d["message"] for d in diagnostics]


def test_l_echantillon_est_complet() -> None:
    assert len(ECHANTILLON) > 250


@pytest.mark.parametrize("chemin", ECHANTILLON, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_aucun_diagnostic_sur_les_fiches_du_depot(
        chemin: Path, diagnostics_echantillon: dict[str, list[Any]]) -> None:
    assert [d["message"] for d in diagnostics_echantillon[chemin.as_uri()]] == []


def test_fiche_correcte_sans_diagnostic(serveur: ServeurYaml) -> None:
    assert messages(serveur, lieu()) == []


def test_cle_mal_orthographiee_signalee(serveur: ServeurYaml) -> None:
    assert any("telefone" in m for m in messages(serveur, lieu(telefone="02 43 62 50 00")))


def test_valeur_hors_liste_signalee(serveur: ServeurYaml) -> None:
    assert messages(serveur, lieu(type="ccas")) != []


@pytest.mark.parametrize("ligne", ["code_postal: 72300", "code_insee: 72264",
                                   'code_postal: "7230"', 'code_insee: "Sablé"',
                                   "telephone: 02 43 62 50 0x", "langues: [francais]"])
def test_codes_et_numeros_controles(serveur: ServeurYaml, ligne: str) -> None:
    cle, valeur = ligne.split(": ", 1)
    assert messages(serveur, lieu(**{cle: valeur})) != []


def libelle(item: dict[str, Any]) -> str:
    documentation = item.get("documentation", "")
    return documentation.get("value", "") if isinstance(documentation, dict) else documentation


def test_completion_du_type_en_francais(serveur: ServeurYaml) -> None:
    texte = lieu(type="")
    numero = texte.splitlines().index("type: ")
    items = {i["label"]: libelle(i) for i in serveur.completer(nouveau(), texte, numero, 6)}
    assert "CCAS / CIAS" in items["ccas-cias"]
    assert "Maison départementale des solidarités" in items["maison-des-solidarites"]


def test_completion_des_modes_d_accueil_en_francais(serveur: ServeurYaml) -> None:
    texte = lieu(modes_accueil="\n  - ")
    numero = texte.splitlines().index("  - ")
    items = {i["label"]: libelle(i) for i in serveur.completer(nouveau(), texte, numero, 4)}
    assert "Sans rendez-vous" in items["sans-rendez-vous"]
    assert "Visite à domicile" in items["visite-a-domicile"]


def test_reglages_vscode_associent_les_schemas_sans_premiere_ligne(serveur: ServeurYaml) -> None:
    # A file created without the first line still gets the lieu schema, and partenaire.yml
    # the partner's one.
    sans_entete = lieu(type="ccas").removeprefix(ENTETE_LIEU)
    assert any("ccas-cias" in m for m in messages(serveur, sans_entete))
    partenaire = RACINE / "annuaire" / f"nouveau-partenaire-{next(_NUMEROS)}" / "partenaire.yml"
    [diagnostics] = serveur.ouvrir([(partenaire, "nom: CCAS de Sablé\ncercle: 1er-cercle\n"
                                     "verifie_le: 2026-10-01\nverifie_par: CCAS\n")]).values()
    assert [d["message"] for d in diagnostics] == [
        'Value is not accepted. Valid values: "premier-accueil", "premier-cercle", '
        '"deuxieme-cercle".']


def test_extension_yaml_recommandee() -> None:
    extensions = json.loads((RACINE / ".vscode" / "extensions.json").read_text("utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]
