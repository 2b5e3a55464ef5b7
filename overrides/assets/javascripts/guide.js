/* Guide des solidarités: "near me" on the home page, filtering of the communes list.
 *
 * Everything works without this script: the home form posts to communes/?q=..., a plain
 * list of every commune. With it, a commune name or postcode goes straight to the commune's
 * page, and the visitor's position (computed on the phone, never sent anywhere) lists the
 * nearest places. Data: assets/guide/recherche.json, written by the plugin:
 *   {"communes": [[insee, nom, [codes postaux]]...],
 *    "lieux": [[id, nom, commune, latitude, longitude, premier_accueil 0|1]...]}
 * Plain ES2017, no dependencies, no request outside the site.
 */
(function () {
  "use strict";

  /* The page's sentences in its language (traductions.js, loaded before this script). */
  var T = window.GuideTraductions;
  var _ = T._;

  function normaliser(texte) {
    return (texte || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[-'’]/g, " ").replace(/\s+/g, " ").replace(/^st /, "saint ").trim();
  }

  var donnees = null;
  function charger(url) {
    if (!donnees) {
      donnees = fetch(url, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      });
    }
    return donnees;
  }

  /* Communes whose name or postcode matches what was typed, exact matches first. */
  function trouverCommunes(liste, saisie) {
    var q = normaliser(saisie);
    if (!q) return [];
    var exactes = [], debut = [];
    liste.forEach(function (c) {
      var nom = normaliser(c[1]);
      if (nom === q || c[2].indexOf(q) >= 0) exactes.push(c);
      else if (nom.indexOf(q) === 0 || c[2].some(function (cp) { return cp.indexOf(q) === 0; })) debut.push(c);
    });
    return exactes.length ? exactes : debut;
  }

  /* distances.js, looked up when used: page scripts may run before it is loaded. */
  function distanceKm(lat1, lon1, lat2, lon2) {
    return window.GuideDistances.km(lat1, lon1, lat2, lon2);
  }

  function distanceTexte(km) {
    return window.GuideDistances.texte(km);
  }

  function element(nom, texte, attributs) {
    var e = document.createElement(nom);
    if (texte) e.textContent = texte;
    Object.keys(attributs || {}).forEach(function (k) { e.setAttribute(k, attributs[k]); });
    return e;
  }

  function formulaireCommune(form) {
    var url = form.getAttribute("data-gs-communes");
    var message = form.querySelector(".gs-message");
    var champ = form.querySelector("input[name=q]");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      charger(url).then(function (d) {
        var trouvees = trouverCommunes(d.communes, champ.value);
        if (trouvees.length === 1) {
          location.href = form.getAttribute("action") + trouvees[0][0] + "/";
        } else if (trouvees.length === 0) {
          message.textContent = _("Aucune commune ne correspond à « {saisie} ». Vérifiez " +
            "l'orthographe, ou choisissez dans la liste des communes.", { saisie: champ.value });
          champ.focus();
        } else {
          form.submit();  // several: the list of communes, filtered
        }
      }).catch(function () { form.submit(); });
    });
  }

  function autourDeMoi(bloc) {
    var bouton = bloc.querySelector("[data-gs-geoloc]");
    var sortie = bloc.querySelector(".gs-proches");
    var racine = bouton.getAttribute("data-gs-geoloc");
    var url = document.querySelector("[data-gs-communes]").getAttribute("data-gs-communes");
    bloc.hidden = false;
    bouton.addEventListener("click", function () {
      sortie.textContent = _("Recherche de votre position…");
      navigator.geolocation.getCurrentPosition(function (position) {
        var lat = position.coords.latitude, lon = position.coords.longitude;
        charger(url).then(function (d) {
          var proches = d.lieux.map(function (l) {
            return { lieu: l, km: distanceKm(lat, lon, l[3], l[4]) };
          }).sort(function (a, b) { return a.km - b.km; }).slice(0, 5);
          sortie.textContent = "";
          if (!proches.length) { sortie.textContent = _("Aucun lieu connu."); return; }
          sortie.appendChild(element("h3", _("Les lieux les plus proches de vous")));
          var liste = element("ul", "", { "class": "gs-cartes" });
          proches.forEach(function (p) {
            var li = element("li", "", { "class": "gs-carte" });
            li.appendChild(element("a", p.lieu[1], {
              "class": "gs-carte__titre", href: racine + "lieux/" + p.lieu[0] + "/"
            }));
            li.appendChild(element("span", p.lieu[2] + " · " + _("à {distance} à vol d'oiseau",
              { distance: distanceTexte(p.km) }) + (p.lieu[5] ? " · " + _("Premier accueil social")
              : ""),
              { "class": "gs-carte__adresse" }));
            liste.appendChild(li);
          });
          sortie.appendChild(liste);
        });
      }, function () {
        sortie.textContent = _("Votre position n'est pas disponible. Tapez le nom de votre commune.");
      }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 });
    });
  }

  function filtreCommunes(form) {
    var champ = form.querySelector("input[name=q]");
    var items = document.querySelectorAll("[data-gs-cherche]");
    function filtrer() {
      var q = normaliser(champ.value);
      Array.prototype.forEach.call(items, function (li) {
        li.hidden = q !== "" && normaliser(li.getAttribute("data-gs-cherche")).indexOf(q) < 0;
      });
    }
    form.hidden = false;
    champ.value = new URLSearchParams(location.search).get("q") || "";
    champ.addEventListener("input", filtrer);
    form.addEventListener("submit", function (e) { e.preventDefault(); filtrer(); });
    filtrer();
  }

  function demarrer() {
    var form = document.querySelector("form[data-gs-communes]");
    if (form) formulaireCommune(form);
    var geoloc = document.querySelector(".gs-geoloc");
    if (geoloc && form && "geolocation" in navigator) autourDeMoi(geoloc);
    var filtre = document.querySelector("form.gs-filtre");
    if (filtre) filtreCommunes(filtre);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", demarrer);
  else demarrer();
})();
