/* Guide des solidarités: see overrides/main.html (hreflang links and Material's script). */
(function (liens) {
  "use strict";
  Array.prototype.forEach.call(liens, function (l) { l.parentNode.removeChild(l); });
})(document.querySelectorAll("link[rel=alternate][hreflang]"));
