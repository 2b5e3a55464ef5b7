/* Guide des solidarités: the map of reception points, its filters and its accessible list.
 *
 * Markup contract (written by the page template; every id below is looked up once):
 *
 *   <link rel="stylesheet" href="assets/vendor/leaflet/leaflet.css">
 *   <link rel="stylesheet" href="assets/stylesheets/carte.css">
 *   <script src="assets/vendor/leaflet/leaflet.js"></script>            (before this script,
 *   <script src="assets/vendor/supercluster/supercluster.min.js"></script>   in this order)
 *   <script src="assets/javascripts/grappes.js"></script>   the clusters' layer
 *   <script src="assets/javascripts/traductions.js"></script>
 *   <script src="assets/javascripts/filtres.js"></script>
 *
 *   <form id="filtres-carte" hidden data-filtres="[...]">   (hidden: useless without JS)
 *     data-filtres: the filters' table (filtres.py, FILTRES), read by filtres.js, with a
 *       field named after each filter; a place passes a filter when its property
 *       `propriete` passes GuideFiltres.passe. filtres.js is loaded before this script.
 *     <button type="reset">Tout afficher</button>                 (optional)
 *   </form>
 *   Any field may be left out. Filters apply on every change (submitting does the same):
 *   the markers, the list, the count and the nearest points follow, and the map fits
 *   the visible points.
 *   The same names in the address (?categorie=sante&pmr=1) preset the form, and the
 *   address follows the form (history.replaceState), so a filtered map can be shared;
 *   the search page writes the same names.
 *
 *   <p id="compte-carte" aria-live="polite"></p>           « 12 lieux affichés »
 *
 *   <div class="gs-carte-conteneur">                        (map and list side by side)
 *     <div id="carte" hidden
 *          data-points="lieux.json"                         the map's points (carte.py,
 *                                                          "guide-carte/1"), relative to
 *                                                          the page
 *          data-tuiles="https://tile.example/{z}/{x}/{y}.png"   tile URL template
 *          data-attribution="&copy; contributeurs OpenStreetMap"  HTML, always shown
 *          data-base="../"                                 site base URL; prefixed to each
 *                                                          feature's `url` (lieux/<id>/)
 *          data-max-zoom="18"                               (optional, default 18)
 *          data-fond="auto|demande"                         auto: tiles at once (the
 *                                                          site's own); else only after
 *                                                          the visitor presses the button
 *          data-communes="communes.json"></div>             (optional) [[nom, lat, lon,
 *                                                          1 if served]]: labels of the
 *                                                          plain background
 *   <button type="button" id="fond-de-carte" hidden>Afficher le fond de carte</button>
 *   <p id="fond-de-carte-note" hidden>...</p>              who the tiles come from
 *   The visitor's choice is kept in localStorage (gs-fond-de-carte = "oui").
 *     <ol id="liste-carte">...</ol>                         the same points as the map, as
 *                                                          links; the template may pre-render
 *                                                          it for visitors without JS: the
 *                                                          script replaces its content
 *   </div>
 *   <div id="legende-carte"></div>                          (optional) filled with the legend
 *
 *   <button type="button" id="me-localiser" hidden>Me localiser</button>
 *   <p id="localisation-message" role="status"></p>        errors and progress, in French
 *   <ol id="proches"></ol>                                  the 5 nearest visible points
 *
 * The points are the open data's GeoJSON features in a compact table (carte.py says how
 * to read it); their properties follow the export contract
 * (exports.PROPRIETES_GEOJSON): id, nom, type, type_libelle, premier_accueil, precision
 * (adresse|commune|manuelle), adresse_complete (the address as the pages show it), url,
 * telephone, code_insee, commune, and whatever property a filter names; the professional
 * build may add referents [{nom, fonction, telephone, courriel}] and ligne_directe.
 * Features without a geometry are listed but not drawn.
 *
 * window.GuideCarte = {map, cluster, marqueurs(), visibles(), ouvrir(id), pret} for tests:
 * cluster is the clusters' layer (grappes.js), visibles() gives the properties of the
 * points that pass the filters, ouvrir(id) zooms to a point (or spreads the points of its
 * address) and opens its popup, pret is the loading promise.
 * Plain ES2017, no build step; the only network requests are the points, the commune
 * labels and, once asked for or when self-hosted, the tiles.
 */
(function (global) {
  "use strict";

  /* The page's sentences in its language (traductions.js, loaded before this script). */
  var T = window.GuideTraductions;
  var _ = T._, _n = T._n, N_ = T.N_, enChiffres = T.enChiffres;

  var doc = global.document;
  var NB_PROCHES = 5;

  /* Marker families: a few colours the eye can tell apart on a light map (each at least
   * 4.5:1 against white), the type label stays in the popup and the list. */
  var FAMILLES = {
    "action-sociale": { libelle: N_("Action sociale (département, CCAS)"),
      types: ["maison-des-solidarites", "ccas-cias"] },
    "services-publics": { libelle: N_("Services publics (France Services, Caf, CPAM...)"),
      types: ["france-services", "caf", "cpam", "msa", "france-travail", "mission-locale",
        "mdph"] },
    "associations": { libelle: N_("Associations et aide (logement, alimentation, droit...)"),
      types: ["point-conseil-budget", "centre-social", "mediation-numerique", "hebergement",
        "accueil-de-jour", "aide-alimentaire", "acces-au-droit", "association"] },
    "autre": { libelle: N_("Autre lieu"), types: [] }
  };

  /* The *premier accueil* marker is a star, so that it stands out by its shape as well
   * as by its colour (set in carte.css). */
  var ETOILE = "<svg viewBox=\"0 0 24 24\" aria-hidden=\"true\" focusable=\"false\">" +
    "<path d=\"M12 1.8l3.1 6.6 7.2.9-5.3 5 1.4 7.1L12 17.9l-6.4 3.5 1.4-7.1-5.3-5 " +
    "7.2-.9z\"/></svg>";

  /* The page's texts for this script (overrides/main.html writes them, textes_scripts.py holds
   * them): {} when absent, so that a missing table shows the markup's own words. */
  function lireTextes(cle) {
    var bloc = doc.getElementById("gs-textes");
    try { return (bloc && JSON.parse(bloc.textContent)[cle]) || {}; } catch (e) { return {}; }
  }

  function famille(type) {
    for (var nom in FAMILLES) {
      if (FAMILLES[nom].types.indexOf(type) !== -1) return nom;
    }
    return "autre";
  }

  function echapper(texte) {
    return String(texte == null ? "" : texte).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
    });
  }

  /* "02 43 12 34 56" -> "+33243123456"; anything else keeps its digits and a leading +. */
  function lienTel(numero) {
    var chiffres = String(numero).replace(/[^\d+]/g, "");
    if (/^0\d{9}$/.test(chiffres)) return "tel:+33" + chiffres.slice(1);
    return "tel:" + chiffres;
  }

  /* Straight-line distance in km between two [lat, lon] points, and its wording: both
     from distances.js, looked up when used (this script may run before it is loaded). */
  function distanceKm(a, b) {
    return window.GuideDistances.km(a[0], a[1], b[0], b[1]);
  }

  function texteDistance(km) {
    return window.GuideDistances.texte(km);
  }

  function joindre(base, chemin) {
    if (!chemin) return "";
    if (/^[a-z]+:|^\//i.test(chemin)) return chemin;
    return (base && !/\/$/.test(base) ? base + "/" : base || "") + chemin;
  }

  /* The page's elements (the markup contract above), by the name the script gives them. */
  var ELEMENTS = { form: "filtres-carte", liste: "liste-carte", compte: "compte-carte",
    bouton: "me-localiser", message: "localisation-message", proches: "proches",
    legende: "legende-carte" };

  function Carte(element) {
    var self = this;
    this.el = element;
    this.base = element.getAttribute("data-base") || "";
    Object.keys(ELEMENTS).forEach(function (nom) {
      self[nom] = doc.getElementById(ELEMENTS[nom]);
    });
    this.filtres = global.GuideFiltres.lire(this.form);
    this.lieux = [];          // {props, latlng|null, marqueur|null}
    this.parId = {};
    this.visibles = [];
    this.position = null;     // the visitor's [lat, lon], never sent anywhere
    // Words written on every marker or list line: translated once.
    this.mots = { pa: ", " + _("premier accueil social"),
      approx: ", " + _("position approximative"), voir: _("Voir sur la carte") };
    var self = this;
    // Settled once the points are drawn and painted (or could not be): the commune labels
    // wait for it, so that they never hold the first clusters back.
    this.points = new global.Promise(function (resolve) {
      self.pointsDessines = function () {
        global.requestAnimationFrame(function () { global.setTimeout(resolve, 0); });
      };
    });
  }

  Carte.prototype.demarrer = function () {
    var el = this.el;
    el.hidden = false;
    if (!el.getAttribute("aria-label")) el.setAttribute("aria-label", _("Carte des lieux d'accueil"));
    if (!el.getAttribute("role")) el.setAttribute("role", "region");

    var maxZoom = parseInt(el.getAttribute("data-max-zoom"), 10) || 18;
    var map = this.map = global.L.map(el, { zoomControl: false, maxZoom: maxZoom });
    map.attributionControl.setPrefix(
      "<a href=\"https://leafletjs.com\" hreflang=\"en\">Leaflet</a>");
    global.L.control.zoom({ zoomInTitle: _("Zoomer"), zoomOutTitle: _("Dézoomer") }).addTo(map);
    this.tuiles = global.L.tileLayer(el.getAttribute("data-tuiles"), {
      maxZoom: maxZoom,
      attribution: el.getAttribute("data-attribution") || ""
    });
    map.setView([48.0, 0.2], 9);  // replaced by the data's bounds once loaded
    this.brancherFond();

    this.cluster = global.GuideGrappes({
      // Looser groups once zoomed in on a town, where places are a street apart.
      rayons: { 0: 45, 12: 30 },
      zoomMax: maxZoom,
      poids: function (marqueur) { return { pa: marqueur.lieu.props.premier_accueil ? 1 : 0 }; },
      // A cluster holding a *premier accueil* point says so (orange ring and star), so
      // that those points stand out before zooming in too.
      icone: function (n, sommes) {
        var pa = sommes.pa || 0;
        return global.L.divIcon({
          html: "<span aria-hidden=\"true\">" + n + "</span>" +
            (pa ? "<span class=\"gs-grappe__etoile\" aria-hidden=\"true\">" + ETOILE + "</span>" : "") +
            "<span class=\"gs-visuellement-cache\">" + echapper(pa
              ? _("{n} lieux regroupés, dont {pa} de premier accueil social, agrandir",
                  { n: n, pa: pa })
              : _("{n} lieux regroupés, agrandir", { n: n })) + "</span>",
          className: "gs-grappe" + (n >= 10 ? " gs-grappe--grande" : "") +
            (pa ? " gs-grappe--premier-accueil" : ""),
          iconSize: n >= 10 ? [44, 44] : [38, 38]
        });
      }
    });
    map.addLayer(this.cluster);
    var carte = this;
    // A marker without its popup yet: the click or Enter that would have opened it.
    this.cluster.on("click keypress", function (e) {
      var marqueur = e.layer;
      if (e.type === "keypress" && !(e.originalEvent && e.originalEvent.keyCode === 13)) return;
      if (marqueur && marqueur.lieu && !marqueur.getPopup()) {
        carte.lierPopup(marqueur).openPopup();
      }
    });

    // Leaflet's own close button speaks English.
    map.on("popupopen", function (e) {
      var fermer = e.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (fermer) fermer.setAttribute("aria-label", "Fermer");
    });

    this.remplirLegende();
    this.brancherFormulaire();
    this.brancherLocalisation();

    var self = this;
    var url = el.getAttribute("data-points");
    return global.fetch(url, { credentials: "same-origin" })
      .then(function (reponse) {
        if (!reponse.ok) throw new Error("HTTP " + reponse.status);
        return reponse.json();
      })
      .then(function (donnees) { self.charger(donnees); self.pointsDessines(); })
      .catch(function (erreur) {
        self.pointsDessines();
        el.classList.add("gs-carte-indisponible");
        self.annoncer(_("Les lieux n'ont pas pu être chargés sur la carte. " +
          "Rechargez la page ou consultez la liste des lieux."));
        if (global.console) global.console.error("carte.js:", erreur);
      });
  };

  /* The map's table of points (carte.py, format "guide-carte/1"): each row is [lon, lat,
   * one cell per field], a cell being the value or, for a field with a table, its index in
   * the table. */
  function lirePoints(donnees) {
    var champs = donnees.champs || [];
    var tables = donnees.tables || {};
    var colonnes = champs.map(function (champ) { return tables[champ] || null; });
    return (donnees.lieux || []).map(function (ligne) {
      var props = {};
      for (var k = 0; k < champs.length; k++) {
        var cellule = ligne[k + 2];
        props[champs[k]] = colonnes[k] ? colonnes[k][cellule] : cellule;
      }
      return { props: props,
        latlng: typeof ligne[0] === "number" && typeof ligne[1] === "number"
          ? [ligne[1], ligne[0]] : null };
    });
  }

  Carte.prototype.charger = function (donnees) {
    var self = this;
    lirePoints(donnees).forEach(function (lieu) {
      lieu.marqueur = lieu.latlng ? self.creerMarqueur(lieu) : null;
      self.lieux.push(lieu);
      if (lieu.props.id) self.parId[lieu.props.id] = lieu;
    });
    this.remplirCommunes();
    this.lireAdresse();
    if (this.form) this.form.hidden = false;
    if (this.bouton) this.bouton.hidden = false;
    this.filtrer(true);
  };

  /* One icon per kind of marker, shared by the markers of that kind: an L.divIcon only
   * describes the element each marker makes from it, and 10,000 copies of 16 kinds would be
   * made before the first draw for nothing. */
  Carte.prototype.icone = function (nom, premierAccueil, approx) {
    var cle = nom + (premierAccueil ? " pa" : "") + (approx ? " approx" : "");
    var icones = this.icones = this.icones || {};
    if (!icones[cle]) {
      var taille = premierAccueil ? 30 : 20;
      icones[cle] = global.L.divIcon({
        className: "gs-marqueur gs-marqueur--" + nom +
          (premierAccueil ? " gs-marqueur--premier-accueil" : "") +
          (approx ? " gs-marqueur--approx" : ""),
        html: premierAccueil ? ETOILE : "",
        iconSize: [taille, taille],
        popupAnchor: [0, -taille / 2]
      });
    }
    return icones[cle];
  };

  Carte.prototype.creerMarqueur = function (lieu) {
    var p = lieu.props;
    var approx = p.precision === "commune";
    var mots = this.mots;
    var marqueur = global.L.marker(lieu.latlng, {
      title: p.nom + (p.premier_accueil ? mots.pa : "") + (approx ? mots.approx : ""),
      keyboard: true,
      riseOnHover: true,
      zIndexOffset: p.premier_accueil ? 1000 : 0,
      icon: this.icone(famille(p.type), p.premier_accueil, approx)
    });
    marqueur.lieu = lieu;
    return marqueur;
  };

  /* A marker's popup is made the first time it opens (lierPopup, called on a click on the
   * marker or by ouvrir): 10,000 popups up front would hold the first draw back. */
  Carte.prototype.lierPopup = function (marqueur) {
    if (!marqueur.getPopup()) {
      marqueur.bindPopup(this.popup(marqueur.lieu.props),
        { maxWidth: 300, minWidth: 200, autoPanPadding: [20, 20] });
    }
    return marqueur;
  };

  Carte.prototype.popup = function (p) {
    var lien = joindre(this.base, p.url);
    var h = [];
    h.push("<div class=\"gs-popup\">");
    h.push("<p class=\"gs-popup__nom\">" + (lien
      ? "<a href=\"" + echapper(lien) + "\">" + echapper(p.nom) + "</a>" : echapper(p.nom)) + "</p>");
    h.push("<p class=\"gs-popup__type\">" + echapper(p.type_libelle ? _(p.type_libelle) : p.type) +
      "</p>");
    if (p.premier_accueil) {
      h.push("<p class=\"gs-popup__premier-accueil\">" + echapper(_("Premier accueil social : " +
        "tout le monde peut venir, pour toute question")) + "</p>");
    }
    if (p.adresse_complete) {
      h.push("<p class=\"gs-popup__adresse\">" + echapper(p.adresse_complete) + "</p>");
    }
    if (p.precision === "commune") {
      h.push("<p class=\"gs-popup__approx\">" + echapper(_("Position approximative : " +
        "le point est placé au centre de la commune.")) + "</p>");
    }
    if (p.telephone) {
      h.push("<p class=\"gs-popup__tel\">" + echapper(_("Téléphone :")) + " <a href=\"" + echapper(lienTel(p.telephone)) +
        "\">" + echapper(p.telephone) + "</a></p>");
    }
    if (p.ligne_directe) {
      h.push("<p class=\"gs-popup__pro\">Ligne directe (professionnels) : <a href=\"" +
        echapper(lienTel(p.ligne_directe)) + "\">" + echapper(p.ligne_directe) + "</a></p>");
    }
    if (p.referents && p.referents.length) {
      h.push("<p class=\"gs-popup__pro\">Interlocuteurs :</p><ul class=\"gs-popup__referents\">");
      p.referents.forEach(function (r) {
        var morceaux = [echapper(r.nom) + (r.fonction ? ", " + echapper(r.fonction) : "")];
        if (r.telephone) {
          morceaux.push("<a href=\"" + echapper(lienTel(r.telephone)) + "\">" +
            echapper(r.telephone) + "</a>");
        }
        if (r.courriel) {
          morceaux.push("<a href=\"mailto:" + echapper(r.courriel) + "\">" +
            echapper(r.courriel) + "</a>");
        }
        h.push("<li>" + morceaux.join("<br>") + "</li>");
      });
      h.push("</ul>");
    }
    if (lien) {
      h.push("<p class=\"gs-popup__fiche\"><a href=\"" + echapper(lien) +
        "\">" + echapper(_("Voir la fiche")) + "<span class=\"gs-visuellement-cache\"> : " + echapper(p.nom) +
        "</span></a></p>");
    }
    h.push("</div>");
    return h.join("");
  };

  /* ---- Filters ---- */

  /* What the form asks, by filter key (filtres.js). */
  Carte.prototype.criteres = function () {
    return global.GuideFiltres.etat(this.form, this.filtres);
  };

  function correspond(p, filtres, c) {
    return filtres.every(function (f) {
      return global.GuideFiltres.passe(p[f.propriete], f, c[f.cle]);
    });
  }

  Carte.prototype.filtrer = function (premiereFois) {
    var c = this.criteres();
    var filtres = this.filtres;
    this.visibles = this.lieux.filter(function (lieu) {
      return correspond(lieu.props, filtres, c);
    });
    var marqueurs = this.visibles
      .map(function (lieu) { return lieu.marqueur; })
      .filter(Boolean);
    this.map.closePopup();
    // The view first, then the points: the clusters are drawn once, for the new view.
    this.cluster.clearLayers();
    if (marqueurs.length) {
      var bornes = global.L.latLngBounds(marqueurs.map(function (m) { return m.getLatLng(); }));
      this.map.fitBounds(bornes, { padding: [30, 30], maxZoom: 14, animate: !premiereFois });
    }
    this.cluster.addLayers(marqueurs);
    this.remplirListe();
    var n = this.visibles.length;
    this.annoncer(n ? _n("{n} lieu affiché", "{n} lieux affichés", n)
      : _("Aucun lieu ne correspond à ces critères. Essayez d'en retirer un."));
    if (this.position) this.afficherProches();
  };

  Carte.prototype.annoncer = function (texte) {
    if (this.compte) this.compte.textContent = texte;
  };

  Carte.prototype.brancherFormulaire = function () {
    var self = this;
    if (!this.form) return;
    this.form.addEventListener("change", function () {
      self.filtrer();
      self.ecrireAdresse();
    });
    this.form.addEventListener("submit", function (e) {
      e.preventDefault();
      self.filtrer();
      self.ecrireAdresse();
    });
    // "reset" fires before the fields change back.
    this.form.addEventListener("reset", function () {
      global.setTimeout(function () {
        self.filtrer();
        self.ecrireAdresse();
      }, 0);
    });
  };

  Carte.prototype.remplirCommunes = function () {
    var select = this.form && this.form.elements.commune;
    if (!select || select.tagName !== "SELECT" || select.options.length > 1) return;
    var noms = {};
    this.lieux.forEach(function (lieu) {
      if (lieu.props.code_insee) noms[lieu.props.code_insee] = lieu.props.commune || lieu.props.code_insee;
    });
    Object.keys(noms)
      .sort(function (a, b) { return noms[a].localeCompare(noms[b], "fr"); })
      .forEach(function (code) { select.add(new global.Option(noms[code], code)); });
  };

  Carte.prototype.lireAdresse = function () {
    if (!this.form || !global.URLSearchParams) return;
    global.GuideFiltres.depuisAdresse(this.form, this.filtres,
      new global.URLSearchParams(global.location.search));
  };

  Carte.prototype.ecrireAdresse = function () {
    if (!global.history || !global.history.replaceState || !global.URLSearchParams) return;
    var requete = global.GuideFiltres.versAdresse(this.criteres(), this.filtres,
      new global.URLSearchParams(global.location.search)).toString();
    global.history.replaceState(global.history.state, "",
      global.location.pathname + (requete ? "?" + requete : "") + global.location.hash);
  };

  /* ---- The accessible list ---- */

  Carte.prototype.ligne = function (lieu, suffixe) {
    var p = lieu.props;
    var li = doc.createElement("li");
    li.className = "gs-carte-lieu" + (p.premier_accueil ? " gs-carte-lieu--premier-accueil" : "");
    li.setAttribute("data-id", p.id || "");
    var lien = joindre(this.base, p.url);
    var nom = doc.createElement(lien ? "a" : "span");
    nom.className = "gs-carte-lieu__nom";
    if (lien) nom.href = lien;
    nom.textContent = p.nom;
    li.appendChild(nom);
    var details = [p.type_libelle || p.type, p.commune,
      p.precision === "commune" ? _("position approximative") : ""].filter(Boolean).join(", ");
    if (suffixe) details = suffixe + (details ? ", " + details : "");
    var info = doc.createElement("span");
    info.className = "gs-carte-lieu__info";
    info.textContent = details;
    li.appendChild(info);
    if (p.premier_accueil) {
      var badge = doc.createElement("span");
      badge.className = "gs-carte-lieu__badge";
      badge.textContent = _("Premier accueil social");
      li.appendChild(badge);
    }
    if (lieu.marqueur) {
      var voir = doc.createElement("button");
      voir.type = "button";
      voir.className = "gs-carte-lieu__voir";
      // Built as nodes, not HTML: 250 lines are written before the first clusters show.
      var cache = doc.createElement("span");
      cache.className = "gs-visuellement-cache";
      cache.textContent = " : " + p.nom;
      voir.appendChild(doc.createTextNode(this.mots.voir));
      voir.appendChild(cache);
      var self = this;
      voir.addEventListener("click", function () { self.ouvrir(p.id, true); });
      li.appendChild(voir);
    }
    return li;
  };

  /* The list in slices of TRANCHE lines, one per task: the clusters are drawn first, and
   * the page keeps answering while a long list is written. A new filter stops the old one. */
  var TRANCHE = 250;

  Carte.prototype.remplirListe = function () {
    if (!this.liste) return;
    var liste = this.liste;
    var lieux = this.visibles;
    var self = this;
    var tour = this.tourListe = (this.tourListe || 0) + 1;
    liste.textContent = "";
    var ecrire = function (debut) {
      if (tour !== self.tourListe) return;
      var fragment = doc.createDocumentFragment();
      lieux.slice(debut, debut + TRANCHE).forEach(function (lieu) {
        fragment.appendChild(self.ligne(lieu));
      });
      liste.appendChild(fragment);
      if (debut + TRANCHE < lieux.length) global.setTimeout(ecrire, 0, debut + TRANCHE);
    };
    ecrire(0);
  };

  /* Zoom (or spread its address's points) until the marker shows, then open its popup. */
  Carte.prototype.ouvrir = function (id, focaliser) {
    var lieu = this.parId[id];
    if (!lieu || !lieu.marqueur || !this.cluster.hasLayer(lieu.marqueur)) return false;
    var marqueur = lieu.marqueur;
    var el = this.el;
    var self = this;
    this.map.closePopup();  // not left pointing at the old place while the map moves
    this.cluster.zoomToShowLayer(marqueur, function () {
      self.lierPopup(marqueur).openPopup();
      if (focaliser) {
        var popup = marqueur.getPopup().getElement();
        var lien = popup && popup.querySelector(".gs-popup__nom a");
        if (lien) lien.focus(); else el.focus();
      }
    });
    return true;
  };

  /* ---- The background: commune names first, tiles when asked (or self-hosted) ---- */

  var CLE_FOND = "gs-fond-de-carte";

  function memoire(cle, valeur) {
    // Private browsing or a full storage: the choice is simply not remembered.
    try {
      if (valeur === undefined) return global.localStorage.getItem(cle);
      if (valeur === null) global.localStorage.removeItem(cle);
      else global.localStorage.setItem(cle, valeur);
    } catch (e) { /* nothing to remember it in */ }
    return null;
  }

  Carte.prototype.brancherFond = function () {
    var self = this;
    var el = this.el;
    var textes = lireTextes("fond-de-carte");
    this.bouton_fond = doc.getElementById("fond-de-carte");
    this.note_fond = doc.getElementById("fond-de-carte-note");
    el.classList.add("gs-carte--fond-simple");
    this.chargerCommunes(el.getAttribute("data-communes"));
    var auto = el.getAttribute("data-fond") === "auto";
    if (auto || memoire(CLE_FOND) === "oui") this.afficherFond(true);
    if (auto || !this.bouton_fond) return;
    this.bouton_fond.hidden = false;
    if (this.note_fond) this.note_fond.hidden = false;
    var majBouton = function () {
      var actif = self.map.hasLayer(self.tuiles);
      self.bouton_fond.textContent = actif ? textes.masquer : textes.afficher;
      self.bouton_fond.setAttribute("aria-pressed", actif ? "true" : "false");
    };
    majBouton();
    this.bouton_fond.addEventListener("click", function () {
      var actif = !self.map.hasLayer(self.tuiles);
      self.afficherFond(actif);
      memoire(CLE_FOND, actif ? "oui" : null);
      majBouton();
    });
  };

  Carte.prototype.afficherFond = function (oui) {
    if (oui) this.tuiles.addTo(this.map); else this.map.removeLayer(this.tuiles);
    this.el.classList.toggle("gs-carte--fond-simple", !oui);
    if (this.communes) {
      if (oui) this.map.removeLayer(this.communes); else this.communes.addTo(this.map);
    }
  };

  /* Commune names over the plain background, from the guide's own data (data-communes:
   * [[nom, lat, lon, desservie]]): the communes with a place always, the others once zoomed
   * in, where there is room for them. */
  Carte.prototype.chargerCommunes = function (url) {
    if (!url) return;
    var self = this;
    var map = this.map;
    map.createPane("gs-communes");
    map.getPane("gs-communes").style.zIndex = 350;
    map.getPane("gs-communes").style.pointerEvents = "none";
    // Fetched at once, drawn after the points: they come first on a phone.
    var reponse = global.fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : []; });
    global.Promise.all([reponse, this.points])
      .then(function (resultats) {
        var lignes = resultats[0];
        var principales = global.L.layerGroup();
        var autres = global.L.layerGroup();
        lignes.forEach(function (c) {
          var etiquette = global.L.marker([c[1], c[2]], {
            pane: "gs-communes", interactive: false, keyboard: false,
            icon: global.L.divIcon({ className: "gs-commune-nom" +
              (c[3] ? " gs-commune-nom--desservie" : ""), html: echapper(c[0]),
              iconSize: null })
          });
          (c[3] ? principales : autres).addLayer(etiquette);
        });
        var groupe = self.communes = global.L.layerGroup([principales]);
        var zoom = function () {
          if (map.getZoom() >= 11) groupe.addLayer(autres); else groupe.removeLayer(autres);
        };
        map.on("zoomend", zoom);
        zoom();
        if (!map.hasLayer(self.tuiles)) groupe.addTo(map);
      })
      .catch(function (erreur) {
        if (global.console) global.console.error("carte.js:", erreur);
      });
  };

  /* ---- Legend ---- */

  Carte.prototype.remplirLegende = function () {
    if (!this.legende) return;
    var h = ["<p class=\"gs-legende__titre\">" + echapper(_("Légende")) + "</p><ul class=\"gs-legende\">"];
    h.push("<li><span class=\"gs-marqueur gs-marqueur--premier-accueil " +
      "gs-legende__icone gs-legende__icone--grande\" aria-hidden=\"true\">" + ETOILE +
      "</span> " + echapper(_("Premier accueil social (étoile)")) + "</li>");
    Object.keys(FAMILLES).forEach(function (nom) {
      h.push("<li><span class=\"gs-marqueur gs-marqueur--" + nom + " gs-legende__icone\" " +
        "aria-hidden=\"true\"></span> " + echapper(_(FAMILLES[nom].libelle)) + "</li>");
    });
    h.push("<li><span class=\"gs-marqueur gs-marqueur--autre gs-marqueur--approx gs-legende__icone\" " +
      "aria-hidden=\"true\"></span> " + echapper(_("Contour en pointillés : position approximative")) +
      "</li>");
    h.push("<li><span class=\"gs-grappe gs-legende__icone gs-legende__icone--grappe\" " +
      "aria-hidden=\"true\"><span>" + enChiffres(3) + "</span></span> " +
      echapper(_("Plusieurs lieux proches : agrandir pour les voir")) + "</li>");
    h.push("</ul>");
    this.legende.innerHTML = h.join("");
  };

  /* ---- « Me localiser » ---- */

  Carte.prototype.brancherLocalisation = function () {
    var self = this;
    if (!this.bouton) return;
    this.bouton.addEventListener("click", function () { self.localiser(); });
  };

  Carte.prototype.direLocalisation = function (texte) {
    if (this.message) this.message.textContent = texte;
  };

  Carte.prototype.localiser = function () {
    var self = this;
    if (!global.navigator.geolocation) {
      this.direLocalisation(_("La localisation n'est pas disponible sur cet appareil. " +
        "Choisissez votre commune dans les filtres."));
      return;
    }
    this.direLocalisation(_("Recherche de votre position…"));
    this.bouton.disabled = true;
    global.navigator.geolocation.getCurrentPosition(function (pos) {
      self.bouton.disabled = false;
      self.position = [pos.coords.latitude, pos.coords.longitude];
      self.afficherProches(true);
    }, function (erreur) {
      self.bouton.disabled = false;
      var code = erreur && erreur.code;
      self.direLocalisation(code === 1
        ? _("Vous n'avez pas autorisé la localisation. Vous pouvez choisir votre commune " +
          "dans les filtres, ou autoriser la localisation dans les réglages du navigateur.")
        : code === 3
          ? _("Votre position n'a pas été trouvée à temps. Réessayez, ou choisissez votre " +
            "commune dans les filtres.")
          : _("Votre position n'a pas pu être trouvée. Choisissez votre commune dans les filtres."));
    }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 });
  };

  Carte.prototype.afficherProches = function (centrer) {
    var ici = this.position;
    var proches = this.visibles
      .filter(function (lieu) { return lieu.latlng; })
      .map(function (lieu) { return { lieu: lieu, km: distanceKm(ici, lieu.latlng) }; })
      .sort(function (a, b) { return a.km - b.km; })
      .slice(0, NB_PROCHES);

    if (this.proches) {
      var fragment = doc.createDocumentFragment();
      var self = this;
      proches.forEach(function (p) {
        fragment.appendChild(self.ligne(p.lieu, "à " + texteDistance(p.km)));
      });
      this.proches.textContent = "";
      this.proches.appendChild(fragment);
    }
    this.direLocalisation(proches.length
      ? _n("Le lieu affiché le plus proche de votre position, à vol d'oiseau :",
        "Les {n} lieux affichés les plus proches de votre position, à vol d'oiseau :",
        proches.length)
      : _("Aucun lieu affiché près de votre position : retirez un filtre."));

    if (!this.ici) {
      this.ici = global.L.marker(ici, {
        interactive: false, keyboard: false, zIndexOffset: 2000,
        icon: global.L.divIcon({ className: "gs-ici", iconSize: [18, 18],
          html: "<span class=\"gs-visuellement-cache\">" + echapper(_("Votre position")) + "</span>" })
      }).addTo(this.map);
    } else {
      this.ici.setLatLng(ici);
    }
    if (centrer) {
      // Centred on the visitor, zoomed out until the nearest points show: each point
      // and its mirror image through the visitor's position must fit.
      var points = [ici];
      proches.forEach(function (p) {
        points.push(p.lieu.latlng, [2 * ici[0] - p.lieu.latlng[0], 2 * ici[1] - p.lieu.latlng[1]]);
      });
      var zoom = this.map.getBoundsZoom(global.L.latLngBounds(points), false,
        global.L.point(80, 80));
      this.map.setView(ici, Math.min(zoom, 15));
    }
  };

  function demarrer() {
    var el = doc.getElementById("carte");
    if (!el || el._leaflet_id || !global.L || !global.GuideGrappes || !global.fetch) return;
    var carte = new Carte(el);
    var pret = carte.demarrer();
    global.GuideCarte = {
      map: carte.map,
      cluster: carte.cluster,
      marqueurs: function () {
        return carte.lieux.map(function (l) { return l.marqueur; }).filter(Boolean);
      },
      visibles: function () {
        return carte.visibles.map(function (l) { return l.props; });
      },
      ouvrir: function (id) { return carte.ouvrir(id, false); },
      pret: pret
    };
  }

  // Material's instant navigation swaps pages without reloading scripts: it announces
  // each new page on document$.
  if (global.document$ && global.document$.subscribe) {
    global.document$.subscribe(demarrer);
  } else if (doc.readyState === "loading") {
    doc.addEventListener("DOMContentLoaded", demarrer);
  } else {
    demarrer();
  }
}(window));
