"""« Écouter cette fiche »: the phone reads the essentials aloud, in the page's language.

The real speechSynthesis of Chromium is used; the test only watches what it is given (a
wrapper that records each utterance, then hands it on), and removes the API to check that
the button disappears where the browser lacks it.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ECOUTE = """
window.__enonces = [];
if (window.speechSynthesis) {
  const speak = speechSynthesis.speak.bind(speechSynthesis);
  speechSynthesis.speak = (u) => { window.__enonces.push({text: u.text, lang: u.lang}); speak(u); };
}
"""


def test_the_button_reads_the_place_in_french(nouvelle_page: Any, site_public: str) -> None:
    page = nouvelle_page()
    page.add_init_script(ECOUTE)
    page.goto(site_public + "lieux/ccas-sable-centre/")
    bouton = page.locator("#ecouter")
    expect(bouton).to_have_text("Écouter cette fiche")
    bouton.click()
    enonces = page.evaluate("window.__enonces")
    assert len(enonces) == 1
    assert enonces[0]["lang"] == "fr"
    texte = enonces[0]["text"]
    for attendu in ("CCAS de Sablé-sur-Sarthe", "1 place Raphaël Élizé", "02 43 62 50 10",
                    "Horaires"):
        assert attendu in texte
    # Nothing hidden, nothing of the page's tools.
    assert "Ajouter à ma sélection" not in texte


def test_without_speech_synthesis_there_is_no_button(nouvelle_page: Any, site_public: str
                                                     ) -> None:
    page = nouvelle_page()
    page.add_init_script("delete window.speechSynthesis; delete window.SpeechSynthesisUtterance;")
    page.goto(site_public + "lieux/ccas-sable-centre/")
    page.wait_for_load_state("load")
    expect(page.locator("#ecouter")).to_be_hidden()
