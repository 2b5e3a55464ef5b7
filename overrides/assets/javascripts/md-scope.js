/* Material for MkDocs' bootstrap (partials/javascripts/base.html), as a file for the CSP.
 * Must run before Material's bundle: it defines the storage helpers the bundle calls.
 * Record pages name the bundle (data-md-bundle): it loads at the first of the gestures of
 * data-md-evenements (theme.py EVENEMENTS_MATERIAL), not before the page paints. */
(function () {
  "use strict";
  var script = document.currentScript;
  var scope = script && script.getAttribute("data-md-scope") || ".";
  window.__md_scope = new URL(scope, location);
  window.__md_hash = function (e) {
    return Array.prototype.reduce.call(e, function (h, c) { return (h << 5) - h + c.charCodeAt(0); }, 0);
  };
  window.__md_get = function (e, s, t) {
    s = s || localStorage; t = t || window.__md_scope;
    return JSON.parse(s.getItem(t.pathname + "." + e));
  };
  window.__md_set = function (e, v, s, t) {
    s = s || localStorage; t = t || window.__md_scope;
    try { s.setItem(t.pathname + "." + e, JSON.stringify(v)); } catch (err) { /* full or denied */ }
  };

  var bundle = script && script.getAttribute("data-md-bundle");
  if (!bundle) return;
  var evenements = (script.getAttribute("data-md-evenements") || "").split(" ");
  var options = { capture: true, passive: true };
  var charge = false;
  function charger() {
    if (charge) return;
    charge = true;
    evenements.forEach(function (nom) { window.removeEventListener(nom, charger, options); });
    // The bundle starts on DOMContentLoaded, long past: while it runs, such a listener is
    // called at once.
    if (document.readyState !== "loading") {
      document.addEventListener = function (type, ecouteur) {
        if (type !== "DOMContentLoaded") return EventTarget.prototype.addEventListener.apply(this, arguments);
        var evenement = new Event(type);
        setTimeout(function () {
          if (typeof ecouteur === "function") ecouteur.call(document, evenement);
          else ecouteur.handleEvent(evenement);
        }, 0);
      };
    }
    var balise = document.createElement("script");
    balise.src = bundle;
    balise.onload = balise.onerror = function () { delete document.addEventListener; };
    document.body.appendChild(balise);
  }
  evenements.forEach(function (nom) { if (nom) window.addEventListener(nom, charger, options); });
})();
