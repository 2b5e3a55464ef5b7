/* Material for MkDocs' bootstrap (partials/javascripts/base.html), as a file for the CSP.
 * Must run before Material's bundle: it defines the storage helpers the bundle calls. */
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
})();
