/*
 * Distances for every page script (guide.js, carte.js, recherche.js): the straight line
 * between two points and the way the guide says it, written once.
 *
 * The wording follows formats.distance_fr in Python (the pages built without JavaScript):
 * under 950 m in steps of 100 m (never less than "100 m": a position is not more precise),
 * under 10 km with one decimal ("4,3 km"), beyond in whole km. tests/js/distances.test.mjs
 * checks the same cases as tests/test_pages.py.
 *
 * window.GuideDistances = { km(lat1, lon1, lat2, lon2), texte(km) }
 */
(function (racine) {
  "use strict";

  var RAYON_TERRE_KM = 6371.0088;

  /* Haversine: exact enough at the scale of a département. */
  function km(lat1, lon1, lat2, lon2) {
    var r = Math.PI / 180, dlat = (lat2 - lat1) * r, dlon = (lon2 - lon1) * r;
    var a = Math.pow(Math.sin(dlat / 2), 2) +
      Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.pow(Math.sin(dlon / 2), 2);
    return 2 * RAYON_TERRE_KM * Math.asin(Math.min(1, Math.sqrt(a)));
  }

  function texte(distance) {
    var metres = Math.max(100, Math.round(distance * 10) * 100);
    if (metres < 1000) return metres + " m";  // 960 m is "1,0 km", not "1000 m"
    return (distance < 10 ? distance.toFixed(1).replace(".", ",") : String(Math.round(distance))) + " km";
  }

  racine.GuideDistances = { km: km, texte: texte };
})(typeof window !== "undefined" ? window : globalThis);
