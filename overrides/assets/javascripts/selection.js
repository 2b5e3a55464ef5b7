/* Guide des solidarités: « Ma sélection », a list of places kept only on this phone.
 *
 * Place page (lieu.html):
 *   <button id="selection-bouton" data-selection='{"id", "nom", "adresse", "telephone",
 *           "tel", "horaires": [[titre, résumé]], "url", "qr"}' hidden>   (selection.py)
 *   <a id="selection-voir" hidden>   <p id="selection-message" role="status">
 * Selection page (selection.html):
 *   <div id="selection" data-max="12" data-racine="../" hidden>
 *     #selection-compte, #selection-imprimer, #selection-sms, #selection-partager,
 *     <ol id="selection-liste">
 * The records live in localStorage["gs-selection"] (a JSON list, at most data-max, in the
 * order added); nothing is ever sent: the selection page reads them without the network,
 * and the QR images are the site's own files (lieux/<id>/qr.svg), fetched once when the
 * place is added so that the service worker keeps them for offline printing.
 * Texts: the page's #gs-textes table, key "selection" (textes_scripts.py).
 */
(function (global) {
  "use strict";

  var doc = global.document;
  var CLE = "gs-selection";
  var MAX_DEFAUT = 12;
  var CHEMIN = /^lieux\/[a-z0-9][a-z0-9-]*\/$/;
  var CHEMIN_QR = /^lieux\/[a-z0-9][a-z0-9-]*\/qr\.svg$/;

  function lireTextes(cle) {
    var bloc = doc.getElementById("gs-textes");
    try { return (bloc && JSON.parse(bloc.textContent)[cle]) || {}; } catch (e) { return {}; }
  }
  var T = lireTextes("selection");

  function texte(modele, valeurs) {
    return String(modele || "").replace(/\{(\w+)\}/g, function (tout, nom) {
      return valeurs && nom in valeurs ? valeurs[nom] : tout;
    });
  }

  function chaine(x) { return typeof x === "string" ? x.slice(0, 500) : ""; }

  /* What comes back from storage is checked like any input: it may have been edited. */
  function propre(fiche) {
    if (!fiche || typeof fiche !== "object" || !chaine(fiche.id) || !chaine(fiche.nom)) return null;
    if (!CHEMIN.test(chaine(fiche.url))) return null;
    var horaires = Array.isArray(fiche.horaires) ? fiche.horaires.filter(function (h) {
      return Array.isArray(h) && h.length === 2;
    }).slice(0, 3).map(function (h) { return [chaine(h[0]), chaine(h[1])]; }) : [];
    return {
      id: chaine(fiche.id), nom: chaine(fiche.nom), adresse: chaine(fiche.adresse),
      telephone: chaine(fiche.telephone),
      tel: /^tel:\+?\d+$/.test(chaine(fiche.tel)) ? fiche.tel : "",
      horaires: horaires, url: fiche.url,
      qr: CHEMIN_QR.test(chaine(fiche.qr)) ? fiche.qr : ""
    };
  }

  function lire() {
    var liste;
    try { liste = JSON.parse(global.localStorage.getItem(CLE) || "[]"); } catch (e) { liste = []; }
    return Array.isArray(liste) ? liste.map(propre).filter(Boolean) : [];
  }

  function ecrire(liste) {
    try {
      global.localStorage.setItem(CLE, JSON.stringify(liste));
      return true;
    } catch (e) { return false; }
  }

  function contient(liste, id) {
    return liste.some(function (f) { return f.id === id; });
  }

  /* ---- The button on a place's page ---- */

  function brancherBouton(bouton) {
    var fiche;
    try { fiche = propre(JSON.parse(bouton.getAttribute("data-selection"))); } catch (e) { fiche = null; }
    if (!fiche) return;
    var voir = doc.getElementById("selection-voir");
    var message = doc.getElementById("selection-message");
    var racine = voir ? voir.getAttribute("href").replace(/ma-selection\/$/, "") : "";
    var max = parseInt(bouton.getAttribute("data-max"), 10) || MAX_DEFAUT;

    function maj() {
      var dedans = contient(lire(), fiche.id);
      bouton.textContent = dedans ? T.retirer : T.ajouter;
      bouton.setAttribute("aria-pressed", dedans ? "true" : "false");
      if (voir) voir.hidden = lire().length === 0;
    }
    bouton.hidden = false;
    maj();
    bouton.addEventListener("click", function () {
      var liste = lire();
      var dire;
      if (contient(liste, fiche.id)) {
        liste = liste.filter(function (f) { return f.id !== fiche.id; });
        dire = T.retire;
      } else if (liste.length >= max) {
        dire = texte(T.pleine, { max: max });
        liste = null;
      } else {
        liste.push(fiche);
        dire = T.ajoute;
        // Fetched now so that the QR code is kept for printing without the network.
        if (fiche.qr && global.fetch) global.fetch(racine + fiche.qr).catch(function () {});
      }
      if (liste) ecrire(liste);
      if (message) message.textContent = dire;
      maj();
    });
  }

  /* ---- The selection page ---- */

  function element(nom, classe, contenu) {
    var el = doc.createElement(nom);
    if (classe) el.className = classe;
    if (contenu) el.textContent = contenu;
    return el;
  }

  function afficherSelection(boite) {
    var racine = boite.getAttribute("data-racine") || "";
    var liste = lire();
    var ol = doc.getElementById("selection-liste");
    var compte = doc.getElementById("selection-compte");
    var sms = doc.getElementById("selection-sms");
    var partager = doc.getElementById("selection-partager");
    var imprimer = doc.getElementById("selection-imprimer");
    boite.hidden = false;

    ol.textContent = "";
    liste.forEach(function (f) {
      var li = element("li", "gs-selection-lieu");
      var corps = element("div", "gs-selection-lieu__texte");
      var nom = element("p", "gs-selection-lieu__nom");
      var lien = element("a", "", f.nom);
      lien.href = racine + f.url;
      nom.appendChild(lien);
      corps.appendChild(nom);
      if (f.adresse) corps.appendChild(element("p", "gs-selection-lieu__adresse", f.adresse));
      if (f.telephone) {
        var p = element("p", "gs-selection-lieu__tel", T.tel + " ");
        var a = element("a", "", f.telephone);
        if (f.tel) a.href = f.tel;
        p.appendChild(a);
        corps.appendChild(p);
      }
      f.horaires.forEach(function (h) {
        corps.appendChild(element("p", "gs-selection-lieu__horaires", h[0] + " : " + h[1]));
      });
      var retirer = element("button", "gs-bouton gs-bouton--second gs-selection-lieu__retirer",
        T.retirer_lieu);
      retirer.type = "button";
      var cache = element("span", "gs-visuellement-cache", " : " + f.nom);
      retirer.appendChild(cache);
      retirer.addEventListener("click", function () {
        ecrire(lire().filter(function (x) { return x.id !== f.id; }));
        afficherSelection(boite);
      });
      corps.appendChild(retirer);
      li.appendChild(corps);
      if (f.qr) {
        var img = element("img", "gs-selection-lieu__qr");
        img.src = racine + f.qr;
        img.alt = "";
        img.width = 96;
        img.height = 96;
        li.appendChild(img);
      }
      ol.appendChild(li);
    });

    var n = liste.length;
    compte.textContent = n === 0 ? T.vide : n === 1 ? T.compte_un : texte(T.compte, { n: n });
    var vide = n === 0;
    [imprimer, sms, partager].forEach(function (b) {
      if (b && b.parentNode) b.parentNode.hidden = vide;
    });

    var message = partage(liste, racine);
    sms.href = "sms:?body=" + encodeURIComponent(message);
    if (global.navigator.share) {
      partager.hidden = false;
      partager.onclick = function () {
        global.navigator.share({ title: T.partage_titre, text: message }).catch(function () {});
      };
    }
  }

  /* The same list as plain text, for an SMS or the phone's share sheet. */
  function partage(liste, racine) {
    var lignes = [T.partage_intro];
    liste.forEach(function (f) {
      var morceaux = [f.nom];
      if (f.adresse) morceaux.push(f.adresse);
      if (f.telephone) morceaux.push(T.tel + " " + f.telephone);
      morceaux.push(new URL(racine + f.url, global.location.href).href);
      lignes.push("- " + morceaux.join(", "));
    });
    return lignes.join("\n");
  }

  function demarrer() {
    var bouton = doc.getElementById("selection-bouton");
    if (bouton) brancherBouton(bouton);
    var boite = doc.getElementById("selection");
    if (boite) {
      afficherSelection(boite);
      var imprimer = doc.getElementById("selection-imprimer");
      if (imprimer) imprimer.addEventListener("click", function () { global.print(); });
    }
  }

  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", demarrer);
  else demarrer();
}(window));
