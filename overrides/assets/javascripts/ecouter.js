/* Guide des solidarités: « Écouter cette fiche », read aloud by the phone itself.
 *
 *   <button id="ecouter" hidden>Écouter cette fiche</button>
 *   the page's title (<h1 id="contenu">), then the elements marked data-ecouter, in page
 *   order (open now, address, phone, hours); hidden ones are skipped.
 * The Web Speech API speaks on the device: nothing is sent. The voice follows the page's
 * language (<html lang>). Browsers without speech synthesis never show the button.
 * Texts: the page's #gs-textes table, key "ecouter" (textes_scripts.py).
 */
(function (global) {
  "use strict";

  var doc = global.document;

  function lireTextes(cle) {
    var bloc = doc.getElementById("gs-textes");
    try { return (bloc && JSON.parse(bloc.textContent)[cle]) || {}; } catch (e) { return {}; }
  }

  function aLire() {
    var morceaux = [];
    Array.prototype.forEach.call(doc.querySelectorAll("h1#contenu, [data-ecouter]"), function (el) {
      if (el.hidden || el.closest("[hidden]")) return;
      var t = (el.innerText || el.textContent || "").replace(/\s+/g, " ").trim();
      if (t) morceaux.push(t);
    });
    return morceaux.join(". ").replace(/\.\s*\./g, ".");
  }

  function demarrer() {
    var bouton = doc.getElementById("ecouter");
    var synthese = global.speechSynthesis;
    if (!bouton || !synthese || !global.SpeechSynthesisUtterance) return;
    var T = lireTextes("ecouter");
    var langue = doc.documentElement.lang || "fr";
    bouton.hidden = false;

    function etat(parle) {
      bouton.textContent = parle ? T.arreter : T.ecouter;
      bouton.setAttribute("aria-pressed", parle ? "true" : "false");
    }
    bouton.addEventListener("click", function () {
      if (synthese.speaking || synthese.pending) {
        synthese.cancel();
        etat(false);
        return;
      }
      var enonce = new global.SpeechSynthesisUtterance(aLire());
      enonce.lang = langue;
      enonce.rate = 0.95;
      enonce.onend = enonce.onerror = function () { etat(false); };
      etat(true);
      synthese.speak(enonce);
    });
    // Leaving the page stops the voice.
    global.addEventListener("pagehide", function () { synthese.cancel(); });
  }

  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", demarrer);
  else demarrer();
}(window));
