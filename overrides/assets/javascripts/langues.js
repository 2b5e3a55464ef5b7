/* Guide des solidarités: the page's hreflang alternates are for search engines, which read
 * the HTML. Material's script fetches a sitemap.xml beside each `link[rel=alternate]` of the
 * live page (for its own language selector, which the guide does not use: its switch is a
 * plain list of links), that is four useless requests per page on a phone's data plan:
 * the links leave the live document before Material's script runs. */
(function (doc) {
  "use strict";
  var liens = doc.querySelectorAll("link[rel=alternate][hreflang]");
  Array.prototype.forEach.call(liens, function (lien) { lien.parentNode.removeChild(lien); });
})(document);
