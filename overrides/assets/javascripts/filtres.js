/*
 * The filters of the map and of the search page, shared by carte.js and recherche.js.
 *
 * Neither script names a filter: the page's form carries the table of filtres.py
 * (FILTRES) as JSON in data-filtres, one object per filter:
 *   {cle, genre: "choix"|"case", propriete, valeur, universel, drapeau}
 * and holds a field named after each `cle` (a <select> for a "choix", a checkbox for a
 * "case"). The URL parameter is the `cle`, `1` for a ticked box (older links wrote
 * `oui`: still read), so a filtered map's address opens the search with the same filters.
 * tests/js/filtres.test.mjs checks `passe` against the cases of tests/test_pages.py.
 *
 * window.GuideFiltres = { lire(form), etat(form, filtres), depuisAdresse(form, filtres,
 *   params), versAdresse(etat, filtres, params), vider(form, filtres), passe(v, f, choisi) }
 */
(function (racine) {
  "use strict";

  var VALEUR_CASE = "1";

  /* The table the page wrote; none without a form or a readable table. */
  function lire(form) {
    try { return JSON.parse((form && form.getAttribute("data-filtres")) || "[]"); }
    catch (e) { return []; }
  }

  /* What the form asks, by key: the chosen value of a list, true for a ticked box. */
  function etat(form, filtres) {
    var champs = form ? form.elements : {};
    var e = {};
    filtres.forEach(function (f) {
      var champ = champs[f.cle];
      e[f.cle] = f.genre === "case" ? !!(champ && champ.checked) : champ ? champ.value : "";
    });
    return e;
  }

  /* The form set from the address's parameters (URLSearchParams). */
  function depuisAdresse(form, filtres, params) {
    filtres.forEach(function (f) {
      var champ = form && form.elements[f.cle];
      if (!champ) return;
      if (f.genre === "case") champ.checked = /^(1|oui)$/.test(params.get(f.cle) || "");
      else if (params.has(f.cle)) champ.value = params.get(f.cle);
    });
  }

  /* The address's parameters (URLSearchParams) set from the form's state. */
  function versAdresse(e, filtres, params) {
    filtres.forEach(function (f) {
      if (!e[f.cle]) params.delete(f.cle);
      else params.set(f.cle, f.genre === "case" ? VALEUR_CASE : e[f.cle]);
    });
    return params;
  }

  function vider(form, filtres) {
    filtres.forEach(function (f) {
      var champ = form && form.elements[f.cle];
      if (champ && f.genre === "case") champ.checked = false;
      else if (champ) champ.value = "";
    });
  }

  /* Whether a place holding `v` for the filter's property passes the filter set to
   * `choisi` (the rule of filtres.Filtre): nothing chosen passes all; a box asks for its
   * `valeur`; a list property must hold the value, unless it holds `universel` or nothing. */
  function passe(v, f, choisi) {
    if (!choisi) return true;
    var attendu = f.genre === "case" ? f.valeur : choisi;
    if (!Array.isArray(v)) return v === attendu;
    if (f.universel && (!v.length || v.indexOf(f.universel) !== -1)) return true;
    return v.indexOf(attendu) !== -1;
  }

  racine.GuideFiltres = {
    lire: lire, etat: etat, depuisAdresse: depuisAdresse, versAdresse: versAdresse,
    vider: vider, passe: passe
  };
})(typeof window !== "undefined" ? window : globalThis);
