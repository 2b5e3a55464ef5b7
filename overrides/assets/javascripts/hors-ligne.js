/* Guide des solidarités: registers the public guide's service worker (hors_ligne.py).
 *
 *   <script src="assets/javascripts/hors-ligne.js" data-sw="sw.js" data-portee="./">
 * The worker lives at the site's root so that its scope is the whole guide. When the phone
 * has no connection, a line at the top says the page is the one kept from the last visit.
 * On the offline page (hors-ligne/?page=/lieux/x/), « Réessayer » leads back to the page
 * asked for, if it is one of this site's.
 * Texts: the page's #gs-textes table, key "hors-ligne" (textes_scripts.py).
 */
(function (global) {
  "use strict";

  var doc = global.document;
  var script = doc.currentScript;
  var nav = global.navigator;

  function lireTextes(cle) {
    var bloc = doc.getElementById("gs-textes");
    try { return (bloc && JSON.parse(bloc.textContent)[cle]) || {}; } catch (e) { return {}; }
  }

  if (script && nav.serviceWorker && global.isSecureContext) {
    var sw = script.getAttribute("data-sw");
    var portee = script.getAttribute("data-portee");
    global.addEventListener("load", function () {
      nav.serviceWorker.register(sw, { scope: portee }).catch(function (erreur) {
        if (global.console) global.console.warn("hors-ligne.js:", erreur);
      });
    });
  }

  function demarrer() {
    var T = lireTextes("hors-ligne");
    var bandeau = null;
    function maj() {
      if (nav.onLine === false && !bandeau) {
        bandeau = doc.createElement("p");
        bandeau.className = "gs-hors-connexion";
        bandeau.setAttribute("role", "status");
        bandeau.textContent = T.hors_connexion || "";
        var contenu = doc.querySelector(".md-content") || doc.body;
        contenu.insertBefore(bandeau, contenu.firstChild);
      } else if (nav.onLine !== false && bandeau) {
        bandeau.parentNode.removeChild(bandeau);
        bandeau = null;
      }
    }
    global.addEventListener("online", maj);
    global.addEventListener("offline", maj);
    maj();

    var reessayer = doc.getElementById("hors-ligne-reessayer");
    var page = new URLSearchParams(global.location.search).get("page");
    // Only a path of this site: never a link built from the address to somewhere else.
    if (reessayer && page && /^\/(?!\/)[^\s\\]*$/.test(page)) {
      reessayer.href = new URL(page, global.location.origin).href;
    }
  }

  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", demarrer);
  else demarrer();
}(window));
