"""The guide's languages: the catalogue is complete and in step with the sources, each
translation keeps its placeholders, hours read in each language, and records translate
only what they may."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from conftest import lieu_data
from guide_solidarites import langues
from guide_solidarites.hours import semaine_en_clair, week_in_french
from guide_solidarites.hours_summary import summarise_week
from guide_solidarites.langues import (
    LANGUE_SOURCE,
    LANGUES,
    extraire,
    fichier_po,
    heure,
    langue,
    textes_traduits,
    variables,
)
from guide_solidarites.models import LieuPublic
from guide_solidarites.textes_scripts import TEXTES
from pydantic import ValidationError

RACINE = Path(__file__).resolve().parents[1]
TRADUITES = [code for code in LANGUES if code != LANGUE_SOURCE]


def catalogue(code: str):  # type: ignore[no-untyped-def]
    return read_po(io.StringIO(fichier_po(code).read_text("utf-8")), locale=code)


def cle(message) -> str | tuple[str, ...]:  # type: ignore[no-untyped-def]
    return message.id if isinstance(message.id, str) else tuple(message.id)


def test_le_modele_du_catalogue_suit_les_sources() -> None:
    # A sentence added to a template or a table without `python -m guide_solidarites.langues`
    # would be shown in French on every translated page.
    modele = read_po(io.StringIO(langues.FICHIER_MODELE.read_text("utf-8")))
    assert {cle(m) for m in modele if m.id} == {cle(m) for m in extraire() if m.id}


@pytest.mark.parametrize("code", TRADUITES)
def test_chaque_langue_traduit_tout_le_catalogue(code: str) -> None:
    attendus = {cle(m) for m in extraire() if m.id}
    traduits = catalogue(code)
    presents = {cle(m) for m in traduits if m.id}
    assert attendus - presents == set(), "msgids missing from the .po: run the update"
    vides = [cle(m) for m in traduits if m.id and (
        not m.string if isinstance(m.string, str) else not all(m.string))]
    assert vides == []
    assert [cle(m) for m in traduits if m.id and m.fuzzy] == []


@pytest.mark.parametrize("code", TRADUITES)
def test_chaque_traduction_garde_ses_variables(code: str) -> None:
    fautes = []
    for message in catalogue(code):
        if not message.id:
            continue
        if isinstance(message.id, str):
            if variables(message.id) != variables(message.string):
                fautes.append((message.id, message.string))
            continue
        singulier, pluriel = message.id
        for forme in message.string:
            # A singular may leave the count out ("the guide's place"), never anything else.
            if not variables(singulier) - {"num"} <= variables(forme) <= variables(pluriel):
                fautes.append((pluriel, forme))
    assert fautes == []


@pytest.mark.parametrize("code", TRADUITES)
def test_les_formes_plurielles_sont_celles_de_la_langue(code: str) -> None:
    traduits = catalogue(code)
    attendu = {"en": 2, "es": 2, "uk": 3, "ar": 6}[code]
    assert traduits.num_plurals == attendu
    assert all(len(m.string) == attendu for m in traduits if m.id and m.pluralizable)


@pytest.mark.parametrize("code", TRADUITES)
def test_aucune_langue_n_est_encore_relue_et_le_catalogue_le_dit(code: str) -> None:
    # No native reader has checked them: each catalogue's header says so, and the site
    # shows « traduction à relire » (tests/test_langues_site.py).
    assert f'"{langues.ENTETE_RELECTURE}: {langues.A_RELIRE}\\n"' in fichier_po(code).read_text(
        "utf-8")
    assert langue(code).relue is False
    assert langue(LANGUE_SOURCE).relue is True


def test_les_catalogues_se_compilent_au_chargement_sans_fichier_mo() -> None:
    # Compiled with Babel when a build starts: no .mo is committed, so none can go stale.
    assert list(langues.DOSSIER_LOCALES.rglob("*.mo")) == []
    assert langue("en").gettext("Horaires") == "Opening hours"
    assert langue("ar").gettext("Horaires") == "مواعيد العمل"
    assert langue("uk").ngettext("%(num)s lieu", "%(num)s lieux", 5) == "%(num)s місць"


def test_une_langue_inconnue_est_refusee() -> None:
    with pytest.raises(ValueError, match="langue inconnue"):
        langue("de")


# --- Hours in words ---------------------------------------------------------------------------


def test_le_francais_des_horaires_ne_change_pas() -> None:
    texte = "Mo-Fr 09:00-12:00,14:00-17:30; Sa[1] 09:00-12:00; PH off"
    assert semaine_en_clair(texte, "fr") == week_in_french(texte)
    assert week_in_french(texte).days[0] == ("lundi", "9 h – 12 h, 14 h – 17 h 30")


def test_les_horaires_en_anglais() -> None:
    semaine = semaine_en_clair("Mo 09:00-12:00; Tu 13:30-24:00; Sa[1] 09:00-12:00; PH off",
                               "en")
    assert semaine.days[0] == ("Monday", "9 am – 12 pm")
    assert semaine.days[1] == ("Tuesday", "1:30 pm – midnight")
    assert semaine.days[2] == ("Wednesday", "closed")
    assert "Closed on public holidays" in semaine.notes
    assert "The 1st Saturday of the month: 9 am – 12 pm" in semaine.notes


def test_les_horaires_en_arabe_avec_ses_chiffres() -> None:
    semaine = semaine_en_clair("Mo 09:00-12:30", "ar")
    assert semaine.days[0] == ("الاثنين", "٩:٠٠ – ١٢:٣٠")
    assert semaine.days[6][1] == "مغلق"


@pytest.mark.parametrize(("code", "attendus"), [
    ("fr", ["7", "999", "2\u202f004", "12\u202f345", "1\u202f234\u202f567"]),
    ("en", ["7", "999", "2,004", "12,345", "1,234,567"]),
    ("ar", ["٧", "٩٩٩", "٢٬٠٠٤", "١٢٬٣٤٥", "١٬٢٣٤٬٥٦٧"]),
    ("uk", ["7", "999", "2\u00a0004", "12\u00a0345", "1\u00a0234\u00a0567"]),
    ("es", ["7", "999", "2004", "12.345", "1.234.567"]),
])
def test_un_nombre_s_ecrit_comme_sa_langue_l_ecrit(code: str, attendus: list[str]) -> None:
    """« 2004 lieux » on a theme page of a large guide: French groups thousands with a
    narrow no-break space, and each language its own way; the scripts write the same."""
    nombres = [7, 999, 2004, 12345, 1234567]
    assert [langue(code).nombre(n) for n in nombres] == attendus
    script = (RACINE / "overrides/assets/javascripts/traductions.js").read_text("utf-8")
    table = (langues.traductions_des_scripts(code, "carte.js") if code != LANGUE_SOURCE
             else None)  # French pages carry no table: the script's defaults are French
    harnais = (
        "const vm = require('node:vm');"
        "const [script, table, nombres] = JSON.parse(require('node:fs').readFileSync(0));"
        "const document = {getElementById: () => table && {textContent: JSON.stringify(table)}};"
        "const window = {document};"
        "vm.runInNewContext(script, {window, JSON, String, Number, Object, Array});"
        "process.stdout.write(JSON.stringify(nombres.map(window.GuideTraductions.enChiffres)));"
    )
    sortie = subprocess.run([shutil.which("node") or "node", "-e", harnais],
                            input=json.dumps([script, table, nombres]), capture_output=True,
                            text=True, check=True, timeout=60)
    assert json.loads(sortie.stdout) == attendus


def test_les_horaires_en_ukrainien_et_en_espagnol() -> None:
    assert semaine_en_clair("Mo 09:00-12:00", "uk").days[0] == ("понеділок", "9:00 – 12:00")
    assert semaine_en_clair("Mo-Fr 08:00-12:00", "es").days[4] == ("viernes", "8:00 – 12:00")


def test_le_resume_d_une_semaine_dans_chaque_langue() -> None:
    texte = "Mo-Fr 09:00-12:00; PH off"
    assert summarise_week(texte) == "lun.–ven. 9 h–12 h ; fermé les jours fériés"
    assert summarise_week(texte, "en") == "Mon–Fri 9 am–12 pm; closed on public holidays"


@pytest.mark.parametrize(("minutes", "code", "attendu"), [
    (540, "fr", "9 h"), (810, "fr", "13 h 30"), (540, "en", "9 am"), (720, "en", "12 pm"),
    (810, "en", "1:30 pm"), (1440, "en", "midnight"), (570, "es", "9:30"),
    (1020, "ar", "١٧:٠٠"),
])
def test_une_heure_dans_chaque_langue(minutes: int, code: str, attendu: str) -> None:
    assert heure(minutes, code) == attendu


# --- The scripts' tables --------------------------------------------------------------------


def test_horaires_js_porte_la_meme_table_francaise_que_textes_scripts() -> None:
    # The script's fallback (a page without #gs-textes) must say what the table says.
    source = (RACINE / "overrides/assets/javascripts/horaires.js").read_text("utf-8")
    bloc = re.search(r"/\* FRANCAIS-DEBUT \*/\s*var FRANCAIS = (\{.*?\});\s*/\* FRANCAIS-FIN",
                     source, re.S)
    assert bloc is not None
    copie = json.loads(bloc.group(1))
    francaise = textes_traduits("fr")["horaires"]
    assert copie == francaise
    assert {k: v for k, v in copie.items() if isinstance(v, str) and k in TEXTES["horaires"]} \
        == TEXTES["horaires"]


@pytest.mark.parametrize("code", TRADUITES)
def test_les_tables_des_scripts_sont_traduites(code: str) -> None:
    tables = textes_traduits(code)
    for script, table in TEXTES.items():
        for nom, valeur in table.items():
            # Placeholders and separators alone ("{etat} · {suite}") need no translation.
            mots = re.sub(r"\{\w+\}", "", valeur)
            assert tables[script][nom] != valeur or not re.search("[a-zé]{4}", mots), (
                script, nom)
    assert len(tables["horaires"]["jours"]) == 7
    assert tables["horaires"]["langue"] == code


# --- A record's own translations --------------------------------------------------------------


def lieu(**champs: object) -> LieuPublic:
    return LieuPublic.model_validate({"id": "ccas-sable-centre", "partenaire": "ccas-sable",
                                      **lieu_data(**champs)})


def erreurs(**champs: object) -> list[str]:
    try:
        lieu(**champs)
    except ValidationError as erreur:
        return [e["type"] for e in erreur.errors()]
    return []


def test_une_fiche_peut_traduire_sa_description_et_ses_documents() -> None:
    traduit = lieu(
        description="Accueil et écoute.", documents_a_apporter=["Pièce d'identité"],
        traductions={"en": {"description": "Welcome and listening.",
                            "documents_a_apporter": ["Identity document"]}})
    assert traduit.traductions["en"].description == "Welcome and listening."


def test_une_traduction_dans_une_langue_inconnue_est_refusee() -> None:
    assert erreurs(description="Accueil.", traductions={"de": {"description": "Empfang."}}) \
        == ["traduction-langue-inconnue"]


def test_seuls_description_et_documents_se_traduisent() -> None:
    assert erreurs(description="Accueil.", traductions={"en": {"nom": "Welcome"}}) \
        == ["traduction-champ-inconnu"]


def test_une_traduction_sans_original_francais_est_refusee() -> None:
    assert erreurs(traductions={"es": {"description": "Acogida."}}) == ["traduction-orpheline"]
    assert erreurs(description="Accueil.", traductions={
        "ar": {"documents_a_apporter": ["بطاقة الهوية"]}}) == ["traduction-orpheline"]


def test_l_arabe_separe_avec_sa_virgule_et_son_point_virgule() -> None:
    ligne = summarise_week("Mo-Fr 09:00-12:00,14:00-17:00; We 09:00-12:00; PH off", "ar")
    assert ligne == ("الاثنين، الثلاثاء، الخميس، الجمعة ٩:٠٠–١٢:٠٠، ١٤:٠٠–١٧:٠٠؛ "
                     "الأربعاء ٩:٠٠–١٢:٠٠؛ مغلق في أيام العطل الرسمية")
    assert semaine_en_clair("Mo 09:00-12:00,14:00-17:00", "ar").days[0][1] == \
        "٩:٠٠ – ١٢:٠٠، ١٤:٠٠ – ١٧:٠٠"
    # Latin punctuation elsewhere; French keeps its space before « ; ».
    assert summarise_week("Mo,We 09:00-12:00; Fr 14:00-17:00", "en") == \
        "Mon, Wed 9 am–12 pm; Fri 2 pm–5 pm"
    assert summarise_week("Mo,We 09:00-12:00; Fr 14:00-17:00") == \
        "lun., mer. 9 h–12 h ; ven. 14 h–17 h"
