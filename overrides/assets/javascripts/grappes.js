/* Guide des solidarités: clusters of markers for the map (carte.js), drawn for the current
 * view only.
 *
 * Leaflet.markercluster, used before, built a tree of Leaflet layers for every zoom level
 * before the first cluster showed, and again at each filter: 420 to 500 ms for 10,000
 * places on the shared bench machine (bench/results/latest.md). Supercluster
 * (vendor/supercluster, loaded before this script) clusters the same points from flat
 * arrays (about 50 ms for the zooms a département opens at); this layer asks it for the
 * clusters of the view at each move and puts on the map only those (a few dozen markers),
 * so the cost of a draw depends on the screen, not on the guide.
 *
 * window.GuideGrappes(options) is a Leaflet layer with the part of markercluster's API the
 * map uses:
 *   addLayers(marqueurs)   the places' L.marker, each drawn when it stands alone in the
 *                          view (the same object every time: its popup stays bound to it)
 *   clearLayers(), getLayers(), hasLayer(marqueur)
 *   zoomToShowLayer(marqueur, fait)   zooms in (or spreads a group that no zoom parts) until
 *                          the marker is on the map, then calls fait()
 *   events: those of the markers it draws ("click", "keypress"...), as a FeatureGroup does
 * options:
 *   rayons: {zoom: pixels}   the grouping radius from each zoom up, e.g. {0: 45, 12: 30}
 *   zoomMax                  the map's last zoom: points still together there (the same
 *                            address) are spread in a circle when their group is opened
 *   poids(marqueur)          {name: number} summed over each group (e.g. premier accueil)
 *   icone(nombre, sommes)    the L.divIcon of a group of `nombre` markers
 * A group's marker is a keyboard button: Enter or a click zooms in to part it (or spreads
 * it at the last zoom); its name is the icon's business (carte.js).
 * Plain ES2017, no build step.
 */
(function (global) {
  "use strict";

  var L = global.L;

  /* Each [zoom from, zoom to] band with its own radius gets its own Supercluster index:
   * Supercluster has one radius per index. */
  function bandes(rayons, zoomMax) {
    var debuts = Object.keys(rayons).map(Number).sort(function (a, b) { return a - b; });
    return debuts.filter(function (z) { return z <= zoomMax; }).map(function (z, i) {
      var fin = i + 1 < debuts.length ? Math.min(debuts[i + 1] - 1, zoomMax) : zoomMax;
      return { de: z, a: fin, rayon: rayons[z] };
    });
  }

  var Grappes = L.Layer.extend({
    initialize: function (options) {
      L.setOptions(this, options);
      this._marqueurs = [];
      this._rang = new global.Map();   // marker -> its index in _marqueurs
      this._index = [];                // one per band: {bande, sc (built when needed)}
      this._points = [];
      this._poids = null;
      this._sommes = {};               // group key -> its weights, once drawn
      this._affiches = L.featureGroup();
      this._affiches.addEventParent(this);
      this._cles = {};                 // what is drawn now: key -> marker
      this._eclate = null;             // the group spread at the last zoom: {cle, marqueurs}
    },

    onAdd: function (map) {
      this._affiches.addTo(map);
      map.on("moveend", this._dessiner, this);
      map.on("zoomstart", this._refermer, this);
      map.on("click", this._refermer, this);
      this._dessiner();
    },

    onRemove: function (map) {
      map.off("moveend", this._dessiner, this);
      map.off("zoomstart", this._refermer, this);
      map.off("click", this._refermer, this);
      this._refermer();
      this._affiches.clearLayers();
      map.removeLayer(this._affiches);
      this._cles = {};
    },

    addLayers: function (marqueurs) {
      var self = this;
      this._refermer();  // the index reads where each marker belongs
      marqueurs.forEach(function (m) {
        if (self._rang.has(m)) return;
        self._rang.set(m, self._marqueurs.length);
        self._marqueurs.push(m);
      });
      this._indexer();
      return this;
    },

    clearLayers: function () {
      this._refermer();
      this._marqueurs = [];
      this._rang = new global.Map();
      this._indexer();
      return this;
    },

    getLayers: function () { return this._marqueurs.slice(); },

    hasLayer: function (marqueur) { return this._rang.has(marqueur); },

    /* ---- The indexes, rebuilt whenever the markers change ---- */

    /* Each band's index is built the first time a view at one of its zooms asks for it:
     * a département opens at zoom 8 or 9, and clustering the zooms of the streets (12 and
     * up, where nearly every point stands alone and each level costs as much as the first)
     * would hold the first draw back for nothing. */
    _indexer: function () {
      var poids = this.options.poids;
      this._points = this._marqueurs.map(function (m, i) {
        var p = m.getLatLng();
        return { type: "Feature", geometry: { type: "Point", coordinates: [p.lng, p.lat] },
          properties: { i: i } };
      });
      this._poids = poids ? this._marqueurs.map(poids) : null;
      this._sommes = {};
      this._index = bandes(this.options.rayons || { 0: 40 }, this.options.zoomMax)
        .map(function (b) { return { bande: b, sc: null }; });
      this._cles = this._vider();
      if (this._map) this._dessiner();
    },

    _indexDe: function (zoom) {
      var index = this._index[0];
      for (var i = this._index.length - 1; i >= 0; i--) {
        if (zoom >= this._index[i].bande.de) { index = this._index[i]; break; }
      }
      if (index && !index.sc) {
        var b = index.bande;
        // Leaflet's world is 256 px wide at zoom 0: radii are in screen pixels.
        index.sc = new global.Supercluster({ minZoom: b.de, maxZoom: b.a, radius: b.rayon,
          extent: 256 }).load(this._points);
      }
      return index;
    },

    /* The weights summed over a group's points, for its icon: counted when the group is
     * first drawn (Supercluster's own reduce would sum them at every zoom of every group,
     * drawn or not). */
    _sommesDe: function (index, id, cle) {
      if (this._sommes[cle]) return this._sommes[cle];
      var sommes = {};
      var poids = this._poids;
      if (poids) {
        index.sc.getLeaves(id, Infinity).forEach(function (f) {
          var p = poids[f.properties.i];
          for (var k in p) sommes[k] = (sommes[k] || 0) + p[k];
        });
      }
      this._sommes[cle] = sommes;
      return sommes;
    },

    /* What Supercluster gives for a box at a zoom: clusters and single points. */
    _elements: function (bbox, zoom) {
      var index = this._indexDe(zoom);
      return index ? index.sc.getClusters(bbox, zoom) : [];
    },

    /* ---- Drawing the view ---- */

    _vider: function () {
      this._affiches.clearLayers();
      return {};
    },

    _dessiner: function () {
      var map = this._map;
      if (!map || !this._marqueurs.length) { if (map) this._cles = this._vider(); return; }
      var zoom = Math.round(map.getZoom());
      // Half a screen around the view, so that a small pan shows no empty edge.
      var vue = map.getBounds().pad(0.5);
      var bbox = [vue.getWest(), vue.getSouth(), vue.getEast(), vue.getNorth()];
      var index = this._indexDe(zoom);
      var nouveaux = {};
      var self = this;
      this._elements(bbox, zoom).forEach(function (f) {
        var p = f.properties;
        if (p.cluster) {
          var cle = index.bande.de + ":" + p.cluster_id;
          if (self._eclate && self._eclate.cle === cle) {
            self._eclate.marqueurs.forEach(function (m) { nouveaux["p" + self._rang.get(m)] = m; });
            return;
          }
          nouveaux[cle] = self._cles[cle] || self._grappe(f, index, cle);
        } else {
          nouveaux["p" + p.i] = self._marqueurs[p.i];
        }
      });
      Object.keys(this._cles).forEach(function (cle) {
        if (!(cle in nouveaux)) self._affiches.removeLayer(self._cles[cle]);
      });
      Object.keys(nouveaux).forEach(function (cle) {
        if (!(cle in self._cles)) self._affiches.addLayer(nouveaux[cle]);
      });
      this._cles = nouveaux;
    },

    _grappe: function (f, index, cle) {
      var p = f.properties;
      var c = f.geometry.coordinates;
      var marqueur = L.marker([c[1], c[0]], {
        icon: this.options.icone(p.point_count, this._sommesDe(index, p.cluster_id, cle)),
        keyboard: true,
        // Above single markers (Leaflet orders markers by latitude otherwise).
        zIndexOffset: 500
      });
      var self = this;
      var ouvrir = function (e) {
        if (e.type === "keypress" && !(e.originalEvent && e.originalEvent.keyCode === 13)) return;
        if (e.originalEvent) L.DomEvent.stop(e.originalEvent);
        self._ouvrirGrappe(p.cluster_id, index, cle, marqueur.getLatLng());
        // The group's marker is gone once it parts: from the keyboard, the map keeps the
        // focus, and Tab reaches the markers that took its place.
        if (e.type === "keypress" && self._map) self._map.getContainer().focus();
      };
      marqueur.on("click keypress", ouvrir);
      // A group is not a place: its events stay here (carte.js listens for places).
      marqueur.grappe = true;
      return marqueur;
    },

    /* A click or Enter on a group: zoom in until it parts, or spread it at the last zoom. */
    _ouvrirGrappe: function (id, index, cle, latlng) {
      var map = this._map;
      var zoom = Math.round(map.getZoom());
      var parti = index.sc.getClusterExpansionZoom(id);
      if (zoom >= this.options.zoomMax || parti > this.options.zoomMax) {
        if (zoom < this.options.zoomMax) {
          map.setView(latlng, this.options.zoomMax, { animate: false });
          var ici = this._grappeContenant(index.sc.getLeaves(id, 1)[0].properties.i);
          if (ici) this._eclater(ici.id, ici.index, ici.cle, ici.latlng);
        } else {
          this._eclater(id, index, cle, latlng);
        }
        return;
      }
      map.setView(latlng, parti);
    },

    /* ---- Points that no zoom parts: spread in a circle around their place ---- */

    _eclater: function (id, index, cle, latlng) {
      var map = this._map;
      this._refermer();
      var self = this;
      var marqueurs = index.sc.getLeaves(id, Infinity).map(function (f) {
        return self._marqueurs[f.properties.i];
      });
      var centre = map.latLngToLayerPoint(latlng);
      var n = marqueurs.length;
      // 36 px between neighbours on the circle, never closer than 40 px to the centre.
      var rayon = Math.max(40, 36 * n / (2 * Math.PI));
      marqueurs.forEach(function (m, k) {
        var angle = 2 * Math.PI * k / n - Math.PI / 2;
        m._gsPosition = m.getLatLng();
        m.setLatLng(map.layerPointToLatLng(centre.add(
          L.point(rayon * Math.cos(angle), rayon * Math.sin(angle)))));
      });
      this._eclate = { cle: cle, marqueurs: marqueurs };
      if (this._cles[cle]) {
        this._affiches.removeLayer(this._cles[cle]);
        delete this._cles[cle];
      }
      marqueurs.forEach(function (m) {
        self._cles["p" + self._rang.get(m)] = m;
        self._affiches.addLayer(m);
      });
    },

    _refermer: function (e) {
      var eclate = this._eclate;
      if (!eclate) return;
      // A click on one of the spread markers opens its popup: the circle stays.
      if (e && e.type === "click" && e.originalEvent && e.originalEvent.target &&
          e.originalEvent.target.closest && e.originalEvent.target.closest(".leaflet-marker-icon")) return;
      this._eclate = null;
      var self = this;
      eclate.marqueurs.forEach(function (m) {
        if (m._gsPosition) { m.setLatLng(m._gsPosition); m._gsPosition = null; }
        var cle = "p" + self._rang.get(m);
        if (self._cles[cle] === m) {
          self._affiches.removeLayer(m);
          delete self._cles[cle];
        }
      });
      if (this._map && !(e && e.type === "zoomstart")) this._dessiner();
    },

    /* The group holding point i at the last zoom, if any: {id, index, cle, latlng}. */
    _grappeContenant: function (i) {
      var zoom = this.options.zoomMax;
      var index = this._indexDe(zoom);
      var p = this._position(this._marqueurs[i]);
      var r = 0.01;
      var trouve = null;
      index.sc.getClusters([p.lng - r, p.lat - r, p.lng + r, p.lat + r], zoom).some(function (f) {
        if (!f.properties.cluster) return false;
        var dedans = index.sc.getLeaves(f.properties.cluster_id, Infinity).some(function (l) {
          return l.properties.i === i;
        });
        if (dedans) {
          var c = f.geometry.coordinates;
          trouve = { id: f.properties.cluster_id, index: index,
            cle: index.bande.de + ":" + f.properties.cluster_id, latlng: L.latLng(c[1], c[0]) };
        }
        return dedans;
      });
      return trouve;
    },

    /* Where a marker belongs (not where a spread circle put it). */
    _position: function (m) { return m._gsPosition || m.getLatLng(); },

    /* Whether point i stands alone at this zoom. */
    _seul: function (i, zoom) {
      var p = this._position(this._marqueurs[i]);
      var r = 1e-6;
      return this._elements([p.lng - r, p.lat - r, p.lng + r, p.lat + r], zoom)
        .some(function (f) { return !f.properties.cluster && f.properties.i === i; });
    },

    zoomToShowLayer: function (marqueur, fait) {
      var map = this._map;
      var i = this._rang.get(marqueur);
      if (!map || i === undefined) return;
      var zoomMax = this.options.zoomMax;
      var zoom = Math.round(map.getZoom());
      if (this._eclate && this._eclate.marqueurs.indexOf(marqueur) !== -1) {
        if (fait) fait();
        return;
      }
      var z = zoom;
      while (z <= zoomMax && !this._seul(i, z)) z++;
      var position = this._position(marqueur);
      if (z > zoomMax) {
        map.setView(position, zoomMax, { animate: false });
        this._dessiner();
        var ici = this._grappeContenant(i);
        if (ici) this._eclater(ici.id, ici.index, ici.cle, ici.latlng);
      } else if (z !== zoom || !map.getBounds().contains(position)) {
        map.setView(position, z, { animate: false });
        this._dessiner();
      }
      if (fait) fait();
    }
  });

  global.GuideGrappes = function (options) { return new Grappes(options); };
}(window));
