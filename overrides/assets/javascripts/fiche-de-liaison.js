/* Guide des solidarités (annuaire professionnel): the fiche de liaison's "Imprimer" button.
 *
 * The button is written `hidden` beside a note telling to use the browser's own Print
 * command; with JavaScript the button shows and the note goes. No inline script: the site's
 * Content-Security-Policy forbids them.
 */
(function () {
  "use strict";

  function demarrer() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-imprimer]"), function (b) {
      b.hidden = false;
      b.addEventListener("click", function () { window.print(); });
    });
    Array.prototype.forEach.call(document.querySelectorAll(".gs-imprimer-sans-js"),
      function (note) { note.hidden = true; });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", demarrer);
  } else {
    demarrer();
  }
})();
