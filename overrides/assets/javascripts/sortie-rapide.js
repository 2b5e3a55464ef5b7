/* Guide des solidarités: « Quitter ce site », for pages a person in danger may be reading.
 *
 * Loaded in the <head> of every page of the guide (overrides/main.html), synchronously and
 * before anything is drawn, with the neutral site's address:
 *   <script src="assets/javascripts/sortie-rapide.js" data-neutre="https://..."></script>
 * Pages about violence (sortie_rapide.py decides which) also carry
 *   <a id="sortie-rapide" href="https://...">Quitter ce site</a>
 * which works without JavaScript as a plain link (then « Précédent » comes back here).
 * With JavaScript, the link and the Escape key pressed twice replace the page with the
 * neutral site (location.replace: no new history entry), and first walk back through the
 * guide's own entries of this tab, so that « Précédent » from the neutral site does not
 * return to the guide either: each page records its place in the tab's history
 * (history.state.gsIndex) and the tab's first page of the guide (sessionStorage); leaving
 * goes back to that first entry (history.go), which then replaces itself. Entries the
 * guide left ahead stay reachable only with « Suivant ».
 * Nothing is sent anywhere; nothing outlives the tab.
 */
(function (global) {
  "use strict";

  var doc = global.document;
  var hist = global.history;
  var script = doc.currentScript;
  var neutre = script && script.getAttribute("data-neutre");
  if (!neutre || !hist) return;

  var CLE_SORTIE = "gs-sortie";
  var CLE_ENTREE = "gs-entree";
  var DOUBLE_ECHAP_MS = 1000;

  function lire(cle) {
    try { return global.sessionStorage.getItem(cle); } catch (e) { return null; }
  }
  function ecrire(cle, valeur) {
    try {
      if (valeur === null) global.sessionStorage.removeItem(cle);
      else global.sessionStorage.setItem(cle, valeur);
    } catch (e) { /* no storage: leaving still replaces this page */ }
  }

  function partir() {
    ecrire(CLE_SORTIE, null);
    ecrire(CLE_ENTREE, null);
    global.location.replace(neutre);
  }

  function masquer() {
    doc.documentElement.style.visibility = "hidden";
  }

  /* Back on the guide's first entry while leaving: finish, before anything shows. */
  function poursuivre() {
    if (!lire(CLE_SORTIE)) return false;
    masquer();
    partir();
    return true;
  }
  if (poursuivre()) return;
  global.addEventListener("pageshow", function (e) { if (e.persisted) poursuivre(); });
  global.addEventListener("popstate", poursuivre);

  function indexIci() {
    var etat = hist.state;
    // A new entry is always the last one: its index is the history's length minus one.
    return etat && typeof etat.gsIndex === "number" ? etat.gsIndex : hist.length - 1;
  }

  var ici = indexIci();
  if (!(hist.state && typeof hist.state.gsIndex === "number")) {
    var etat = {};
    var ancien = hist.state;
    if (ancien && typeof ancien === "object") {
      for (var cle in ancien) if (Object.prototype.hasOwnProperty.call(ancien, cle)) etat[cle] = ancien[cle];
    }
    etat.gsIndex = ici;
    try { hist.replaceState(etat, ""); } catch (e) { /* state too large or refused */ }
  }
  var entree = parseInt(lire(CLE_ENTREE), 10);
  if (isNaN(entree) || ici < entree) ecrire(CLE_ENTREE, String(ici));

  function sortir() {
    var premier = parseInt(lire(CLE_ENTREE), 10);
    var pas = isNaN(premier) ? 0 : indexIci() - premier;
    masquer();
    if (pas <= 0) {
      partir();
      return;
    }
    ecrire(CLE_SORTIE, "1");
    hist.go(-pas);
    // If the browser refused to go back, leave from here all the same.
    global.setTimeout(partir, 1500);
  }

  function brancher() {
    var bouton = doc.getElementById("sortie-rapide");
    if (!bouton || bouton.getAttribute("data-branche")) return;
    bouton.setAttribute("data-branche", "oui");
    bouton.addEventListener("click", function (e) {
      e.preventDefault();
      sortir();
    });
    var dernier = 0;
    doc.addEventListener("keydown", function (e) {
      if (e.key !== "Escape" && e.key !== "Esc") return;
      var maintenant = Date.now();
      if (maintenant - dernier < DOUBLE_ECHAP_MS) sortir();
      dernier = maintenant;
    });
  }

  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", brancher);
  else brancher();
}(window));
