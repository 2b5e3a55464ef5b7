"""`guide campagne`: per partner, the records overdue or due soon, as one message ready to
post as a forge issue or to send by e-mail."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import quote

from .forge import ReglagesForge
from .loader import Charge
from .models import Fiable

JOURS_DEFAUT = 30
"""How far ahead a record counts as due: a month to check it before it goes stale."""

MARQUE = "<!-- guide-campagne: {partenaire} -->"
"""Hidden in the issue body: the scheduled workflow finds the partner's open issue by it."""

# Characters Markdown (CommonMark and GitHub's extensions, @mentions, #refs included) may
# read as syntax in a record's name: each is shown as itself.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~@&:])")


def markdown_litteral(texte: str) -> str:
    """A record's text shown as is in Markdown, on one line."""
    return _MARKDOWN.sub(r"\\\1", " ".join(texte.split()))


def _date(jour: dt.date) -> str:
    return f"{jour:%d/%m/%Y}"


@dataclass(frozen=True)
class FicheARevoir:
    nom: str
    chemin: str
    """Path from the repository's top."""
    verifie_le: dt.date
    due: dt.date
    en_retard: bool
    lien: str | None
    partenaire: bool = False
    """The partner's own file (partenaire.yml), not a place."""

    @property
    def suffixe(self) -> str:
        return " (fiche du partenaire)" if self.partenaire else ""


@dataclass(frozen=True)
class Message:
    partenaire: str
    nom: str
    responsables: tuple[str, ...]
    fiches: tuple[FicheARevoir, ...]
    limite: dt.date

    @property
    def titre(self) -> str:
        return f"Fiches à vérifier : {' '.join(self.nom.split())}"

    @property
    def en_retard(self) -> list[FicheARevoir]:
        return [f for f in self.fiches if f.en_retard]

    @property
    def a_venir(self) -> list[FicheARevoir]:
        return [f for f in self.fiches if not f.en_retard]

    def markdown(self) -> str:
        """The issue body (GitHub and GitLab Markdown)."""
        lignes = [
            f"Bonjour{' ' + ' '.join(self.responsables) if self.responsables else ''},",
            "",
            f"Dans le Guide des solidarités, {_fiches(len(self.fiches))} de "
            f"**{markdown_litteral(self.nom)}** {_doit(len(self.fiches))} être "
            "vérifiée" + ("s" if len(self.fiches) > 1 else "") + " avec le lieu :",
        ]
        for titre, fiches in (("En retard", self.en_retard),
                              (f"À vérifier avant le {_date(self.limite)}", self.a_venir)):
            if not fiches:
                continue
            lignes += ["", f"### {titre} ({len(fiches)})", ""]
            for f in fiches:
                quand = (f"à revoir depuis le {_date(f.due)}" if f.en_retard
                         else f"à revoir le {_date(f.due)}")
                lien = f" : [modifier la fiche]({f.lien})" if f.lien else ""
                lignes.append(f"- **{markdown_litteral(f.nom)}**{f.suffixe} (`{f.chemin}`), "
                              f"vérifiée le {_date(f.verifie_le)}, {quand}{lien}")
        lignes += ["", *_conseil(self, code=True), "", MARQUE.format(partenaire=self.partenaire)]
        return "\n".join(lignes) + "\n"

    def texte(self) -> str:
        """The same message as plain text, for an e-mail."""
        lignes = ["Bonjour,", "",
                  f"Dans le Guide des solidarités, {_fiches(len(self.fiches))} de "
                  f"{' '.join(self.nom.split())} {_doit(len(self.fiches))} être vérifiée"
                  + ("s" if len(self.fiches) > 1 else "") + " avec le lieu :", ""]
        for f in self.fiches:
            quand = (f"en retard depuis le {_date(f.due)}" if f.en_retard
                     else f"à revoir le {_date(f.due)}")
            lignes.append(f"- {' '.join(f.nom.split())}{f.suffixe} ({f.chemin}), vérifiée le "
                          f"{_date(f.verifie_le)}, {quand}")
            if f.lien:
                lignes.append(f"  Modifier : {f.lien}")
        lignes += ["", *_conseil(self, code=False), "", "Merci !"]
        return "\n".join(lignes) + "\n"

    def eml(self, maintenant: dt.datetime) -> bytes:
        """A draft e-mail (no recipient yet: the address is added in the mail program)."""
        courriel = EmailMessage()
        courriel["Subject"] = self.titre
        courriel["Date"] = format_datetime(maintenant)
        # Mail programs open a message marked unsent as a draft to complete and send.
        courriel["X-Unsent"] = "1"
        courriel.set_content(self.texte())
        return courriel.as_bytes()

    def mailto(self) -> str:
        return f"mailto:?subject={quote(self.titre, safe='')}&body={quote(self.texte(), safe='')}"


def _fiches(n: int) -> str:
    return "1 fiche" if n == 1 else f"{n} fiches"


def _doit(n: int) -> str:
    return "doit" if n == 1 else "doivent"


def _conseil(message: Message, code: bool) -> list[str]:
    chemins = " ".join(f.chemin for f in message.fiches)
    commande = f'guide confirmer {chemins} --par "Votre service"'
    return [
        "Si une fiche est toujours exacte, mettez « verifie_le » à la date du jour et "
        "« verifie_par » au nom de votre service (pas d'une personne) ; sinon corrigez-la. "
        "Une seule demande de modification peut couvrir toutes ces fiches.",
        "",
        "Depuis un poste avec le dépôt : " + (f"`{commande}`" if code else commande),
    ]


def _chemin(fichier: Path, depot: Path) -> str:
    try:
        return fichier.resolve().relative_to(depot.resolve()).as_posix()
    except ValueError:
        return fichier.as_posix()


def campagne(charge: Charge, depot: Path, reglages: ReglagesForge, aujourdhui: dt.date,
             jours: int = JOURS_DEFAUT) -> list[Message]:
    """One message per partner with at least one record overdue or due within `jours`."""
    limite = aujourdhui + dt.timedelta(days=jours)
    par_partenaire: dict[str, list[FicheARevoir]] = {}

    def ajouter(pid: str, cle: str, record: Fiable, nom: str, du_partenaire: bool) -> None:
        due = record.revision_due()
        if due > limite:
            return
        chemin = _chemin(charge.documents[cle].path, depot)
        par_partenaire.setdefault(pid, []).append(FicheARevoir(
            nom=nom, chemin=chemin, verifie_le=record.verifie_le, due=due,
            en_retard=record.est_perime(aujourdhui), lien=reglages.lien(chemin),
            partenaire=du_partenaire))

    for pid, partenaire in charge.partenaires.items():
        ajouter(pid, f"partenaire:{pid}", partenaire, partenaire.nom, True)
    for lid, lieu in charge.lieux.items():
        ajouter(lieu.partenaire, f"lieu:{lid}", lieu, lieu.nom, False)
    messages = []
    for pid, fiches in sorted(par_partenaire.items()):
        fiche_partenaire = charge.partenaires.get(pid)
        fiches.sort(key=lambda f: (not f.partenaire, f.due, f.chemin))
        messages.append(Message(
            partenaire=pid, nom=fiche_partenaire.nom if fiche_partenaire else pid,
            responsables=tuple(fiche_partenaire.responsables) if fiche_partenaire else (),
            fiches=tuple(fiches), limite=limite))
    return messages


def ecrire(messages: list[Message], dossier: Path, maintenant: dt.datetime) -> list[Path]:
    """`<partenaire>.md` (issue body), `<partenaire>.eml` (draft e-mail) and `index.json`
    (what the scheduled workflow reads)."""
    dossier.mkdir(parents=True, exist_ok=True)
    ecrits: list[Path] = []
    index = []
    for message in messages:
        md = dossier / f"{message.partenaire}.md"
        md.write_text(message.markdown(), encoding="utf-8")
        eml = dossier / f"{message.partenaire}.eml"
        eml.write_bytes(message.eml(maintenant))
        ecrits += [md, eml]
        index.append({
            "partenaire": message.partenaire, "titre": message.titre,
            "marque": MARQUE.format(partenaire=message.partenaire),
            "message": md.name, "courriel": eml.name, "mailto": message.mailto(),
            "responsables": list(message.responsables),
            "en_retard": len(message.en_retard), "a_venir": len(message.a_venir),
        })
    chemin = dossier / "index.json"
    chemin.write_text(json.dumps(index, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return [*ecrits, chemin]
