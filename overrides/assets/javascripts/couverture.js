/* Guide des solidarités (annuaire professionnel): the coverage page's map and sortable table.
 *
 * Markup contract (written by guide_solidarites/templates/pro/couverture.html):
 *
 *   <div id="carte-couverture" data-json="couverture.json"   JSON written by the plugin,
 *        data-base="../"                                    (site root; unused for now)
 *        data-tuiles="https://{s}.tile.../{z}/{x}/{y}.png"  optional tile URL template
 *        data-attribution="&copy; ...">                     HTML, shown with the tiles
 *     <p class="gs-carte-sans-js">...</p>                   removed once the map is drawn
 *   </div>
 *   <table data-triable> with <th data-tri="texte|nombre"> headers; a cell may carry
 *   data-valeur (the number to sort on). One header may carry aria-sort: the order the
 *   rows are already in, so the table is right without JavaScript.
 *
 * The JSON is coverage.report_to_dict plus "bandes" [{jusqu_a, classe, couleur, libelle}]
 * (jusqu_a null for the last band), "lieux" and "permanences" [{id, nom, latitude,
 * longitude}]. Each commune is a circle coloured by its band; the colour is never alone:
 * the legend, the tooltip and the table say the distance in words, and communes beyond
 * reach get a thick dark ring.
 *
 * Plain ES2017, no dependency but the vendored Leaflet (window.L), no network but the JSON
 * and the tiles.
 */
(function () {
  "use strict";

  function kmFr(km) {
    if (km === null || km === undefined) { return "distance inconnue"; }
    return (Math.round(km * 10) / 10).toLocaleString("fr-FR") + " km";
  }

  function bandeDe(km, bandes) {
    if (km === null || km === undefined) { return bandes[bandes.length - 1]; }
    for (var i = 0; i < bandes.length; i++) {
      if (bandes[i].jusqu_a === null || km <= bandes[i].jusqu_a) { return bandes[i]; }
    }
    return bandes[bandes.length - 1];
  }

  function texte(nom, contenu) {
    var el = document.createElement(nom);
    el.textContent = contenu;
    return el;
  }

  function infobulle(commune) {
    var a = commune.premier_accueil, p = commune.avec_permanences;
    var div = document.createElement("div");
    div.appendChild(texte("strong", commune.nom));
    div.appendChild(document.createElement("br"));
    div.appendChild(document.createTextNode(
      commune.population.toLocaleString("fr-FR") + " habitants"));
    div.appendChild(document.createElement("br"));
    div.appendChild(document.createTextNode(
      "Premier accueil le plus proche : " + kmFr(a.distance_km) +
      (a.lieu_nom ? " (" + a.lieu_nom + ")" : "") +
      (a.accessible ? ", à portée" : ", hors de portée")));
    if (p.par_permanence) {
      div.appendChild(document.createElement("br"));
      div.appendChild(document.createTextNode(
        "Permanence la plus proche : " + kmFr(p.distance_km) +
        (p.accessible ? ", à portée" : ", hors de portée")));
    }
    return div;
  }

  function dessinerCarte(el, data) {
    var L = window.L;
    var map = L.map(el, { preferCanvas: true, scrollWheelZoom: false });
    var tuiles = el.getAttribute("data-tuiles");
    if (tuiles) {
      L.tileLayer(tuiles, { maxZoom: 18, attribution: el.getAttribute("data-attribution") || "" })
        .addTo(map);
    }
    var points = [];
    data.communes.forEach(function (c) {
      var bande = bandeDe(c.premier_accueil.distance_km, data.bandes);
      var hors = !c.premier_accueil.accessible;
      L.circleMarker([c.latitude, c.longitude], {
        radius: hors ? 7 : 5,
        color: hors ? "#111827" : "#374151",
        weight: hors ? 3 : 1,
        fillColor: bande.couleur,
        fillOpacity: 0.9
      }).bindTooltip(infobulle(c)).addTo(map);
      points.push([c.latitude, c.longitude]);
    });
    (data.lieux || []).forEach(function (l) {
      L.circleMarker([l.latitude, l.longitude], {
        radius: 9, color: "#ffffff", weight: 3, fillColor: "#111827", fillOpacity: 1
      }).bindTooltip(texte("span", "Premier accueil : " + l.nom)).addTo(map);
    });
    if (points.length) {
      map.fitBounds(points, { padding: [10, 10] });
    } else {
      map.setView([46.6, 2.4], 6);
    }
  }

  function chargerCarte() {
    var el = document.getElementById("carte-couverture");
    if (!el || !window.L || !window.fetch) { return; }
    fetch(el.getAttribute("data-json"), { credentials: "same-origin" })
      .then(function (r) {
        if (!r.ok) { throw new Error(r.status); }
        return r.json();
      })
      .then(function (data) {
        var note = el.querySelector(".gs-carte-sans-js");
        if (note) { note.remove(); }
        el.classList.add("gs-carte-couverture--prete");
        dessinerCarte(el, data);
      })
      .catch(function () {
        var note = el.querySelector(".gs-carte-sans-js");
        if (note) {
          note.textContent = "La carte n'a pas pu être chargée. Le tableau ci-dessous donne " +
            "les mêmes informations.";
        }
      });
  }

  /* Sortable tables: a button in each sortable header, aria-sort on the sorted one. */
  function valeur(cellule, type) {
    var v = cellule.hasAttribute("data-valeur") ? cellule.getAttribute("data-valeur")
      : cellule.textContent.trim();
    return type === "nombre" ? parseFloat(v) : v;
  }

  function trier(table, index, type, sens) {
    var tbody = table.tBodies[0];
    var lignes = Array.prototype.slice.call(tbody.rows);
    var comparer = type === "nombre"
      ? function (a, b) { return a - b; }
      : function (a, b) { return a.localeCompare(b, "fr", { sensitivity: "base" }); };
    lignes.sort(function (x, y) {
      var r = comparer(valeur(x.cells[index], type), valeur(y.cells[index], type));
      return sens === "ascending" ? r : -r;
    });
    lignes.forEach(function (ligne) { tbody.appendChild(ligne); });
  }

  function rendreTriable(table) {
    var entetes = Array.prototype.slice.call(table.tHead.rows[0].cells);
    entetes.forEach(function (th, index) {
      var type = th.getAttribute("data-tri");
      if (!type) { return; }
      var bouton = document.createElement("button");
      bouton.type = "button";
      bouton.className = "gs-tri";
      while (th.firstChild) { bouton.appendChild(th.firstChild); }
      th.appendChild(bouton);
      bouton.addEventListener("click", function () {
        var sens = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        entetes.forEach(function (autre) { autre.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", sens);
        trier(table, index, type, sens);
      });
    });
  }

  function demarrer() {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-triable]"),
      rendreTriable);
    chargerCarte();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", demarrer);
  } else {
    demarrer();
  }
})();
