/* Guide des solidarités: the sentences of carte.js, recherche.js and guide.js in the page's
 * language, for all three (window.GuideTraductions = {_, _n, N_, enChiffres}).
 *
 * The table is #gs-traductions, written by the theme from the guide's catalogue
 * (langues.py): none on French pages, where each msgid is the text itself. It is read when
 * first needed, since it comes after the page's scripts. The catalogue's extractor reads
 * the msgids from the calls in each script, so those scripts keep writing _("...") and this
 * file holds no sentence. Plain ES2017, no dependencies.
 */
(function (global) {
  "use strict";

  var TRADUCTIONS_VIDES = { langue: "fr", chiffres: "", milliers: ["\u202f", 4], messages: {} };
  var traductionsLues = null;
  function traductions() {
    if (traductionsLues) return traductionsLues;
    var bloc = window.document && window.document.getElementById("gs-traductions");
    if (!bloc) return TRADUCTIONS_VIDES;
    try { traductionsLues = JSON.parse(bloc.textContent); } catch (e) {
      traductionsLues = TRADUCTIONS_VIDES;
    }
    return traductionsLues;
  }
  /* A count as the page's language writes it: its thousands grouped (langues.MILLIERS),
   * then its digits (« 2 004 », « 2,004 », « ٢٬٠٠٤ »). */
  function enChiffres(valeur) {
    if (typeof valeur !== "number") return String(valeur);
    var t = traductions();
    var texte = String(valeur);
    var milliers = t.milliers || TRADUCTIONS_VIDES.milliers;
    if (Number.isInteger(valeur) && texte.replace("-", "").length >= milliers[1]) {
      texte = texte.replace(/\B(?=(\d{3})+$)/g, milliers[0]);
    }
    var table = t.chiffres || "";
    if (table.length !== 10) return texte;
    return texte.replace(/[0-9]/g, function (c) { return table.charAt(+c); });
  }
  function completer(modele, valeurs) {
    return String(modele).replace(/\{(\w+)\}/g, function (tout, nom) {
      return valeurs && nom in valeurs ? enChiffres(valeurs[nom]) : tout;
    });
  }
  /* The plural forms' order of each language's catalogue (its Plural-Forms header). */
  function formePlurielle(langue, n) {
    if (langue === "fr") return n > 1 ? 1 : 0;
    if (langue === "uk") {
      return n % 10 === 1 && n % 100 !== 11 ? 0
        : n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 10 || n % 100 >= 20) ? 1 : 2;
    }
    if (langue === "ar") {
      return n === 0 ? 0 : n === 1 ? 1 : n === 2 ? 2 : n % 100 >= 3 && n % 100 <= 10 ? 3
        : n % 100 <= 2 ? 4 : 5;
    }
    return n !== 1 ? 1 : 0;
  }
  function N_(texte) { return texte; }
  function _(texte, valeurs) {
    var traduit = traductions().messages[texte];
    return completer(typeof traduit === "string" ? traduit : texte, valeurs);
  }
  function _n(un, plusieurs, n, valeurs) {
    var t = traductions();
    var formes = t.messages[un];
    var i = formePlurielle(t.langue, n);
    var modele = Array.isArray(formes) && formes[i] ? formes[i] : (i > 0 ? plusieurs : un);
    var tout = { n: n };
    Object.keys(valeurs || {}).forEach(function (k) { tout[k] = valeurs[k]; });
    return completer(modele, tout);
  }

  /* The page's language ("fr" without a table). */
  function langue() { return traductions().langue; }

  global.GuideTraductions = { _: _, _n: _n, N_: N_, enChiffres: enChiffres, langue: langue };
})(window);
