/* Guide des solidarités: the public guide's service worker (hors_ligne.py writes it to the
 * site's root, filling in the build's version and the files kept at install).
 *
 * - At install: the home page, the search, « Ma sélection », the offline page and the
 *   files they need, into a cache named after the build ("gs-base-<version>").
 * - Pages: from the network first (a slow network gives up after a few seconds if the
 *   page is kept); each page opened is kept ("gs-pages"); offline, a page never opened
 *   leads to the offline page, which says so and gives the emergency numbers.
 * - Other files of the site: the kept copy at once, refreshed from the network behind it.
 * - A build that changes a file kept at install (or this worker) is a new file: the
 *   browser installs it at the next visit, it takes over at once (skipWaiting,
 *   clients.claim) and the old build's cache is deleted. A build that changes only other
 *   pages keeps the worker: those come from the network first.
 * - A page of another language (under <code>/) keeps that language's offline page too,
 *   and leads to it offline once it is kept (the French one until then).
 * Only GET requests to the site itself are touched; nothing is sent anywhere.
 */
"use strict";

var VERSION = "@VERSION@";
var FICHIERS = "@FICHIERS@";
var HORS_LIGNE = "@HORS_LIGNE@";
var LANGUES = "@LANGUES@";  // the guide's languages other than French, pages under <code>/
var BASE = "gs-base-" + VERSION;
var PAGES = "gs-pages";
var MAX_PAGES = 300;        // pages and files kept as visited; the oldest go first
var ATTENTE_MS = 4000;      // then a kept page rather than a network that hangs

var portee = self.registration.scope;

function adresse(chemin) {
  return new URL(chemin, portee).href;
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(BASE).then(function (cache) {
    return cache.addAll(FICHIERS.map(function (chemin) {
      return new Request(adresse(chemin), { cache: "reload", credentials: "same-origin" });
    }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (noms) {
    return Promise.all(noms.filter(function (nom) {
      return nom.indexOf("gs-base-") === 0 && nom !== BASE;
    }).map(function (nom) { return caches.delete(nom); }));
  }).then(function () { return self.clients.claim(); }));
});

function garder(requete, reponse) {
  if (!reponse || !reponse.ok || reponse.type !== "basic") return;
  var copie = reponse.clone();
  caches.open(PAGES).then(function (cache) {
    return cache.put(requete, copie).then(function () { return cache.keys(); })
      .then(function (cles) {
        return Promise.all(cles.slice(0, Math.max(0, cles.length - MAX_PAGES))
          .map(function (cle) { return cache.delete(cle); }));
      });
  });
}

function gardee(requete) {
  return caches.match(requete).then(function (r) {
    return r || caches.match(requete, { ignoreSearch: true });
  });
}

/* The language of a page of the site: its first folder when it is one of LANGUES. */
function langue(url) {
  var code = url.slice(portee.length).split("/")[0];
  return LANGUES.indexOf(code) >= 0 ? code : "";
}

function horsLigne(url) {
  var code = langue(url);
  return code ? code + "/" + HORS_LIGNE : HORS_LIGNE;
}

function page(requete) {
  var reseau = fetch(requete).then(function (reponse) {
    garder(requete, reponse);
    if (reponse.ok && langue(requete.url)) {
      var sienne = adresse(horsLigne(requete.url));
      gardee(new Request(sienne)).then(function (r) {
        if (!r) fetch(sienne).then(function (rep) { garder(new Request(sienne), rep); })
          .catch(function () {});
      });
    }
    return reponse;
  });
  var delai = new Promise(function (resoudre) {
    setTimeout(function () { gardee(requete).then(function (r) { if (r) resoudre(r); }); },
      ATTENTE_MS);
  });
  return Promise.race([reseau, delai]).catch(function () {
    return gardee(requete).then(function (r) {
      if (r) return r;
      // The offline page sits at its own address, so that its links and styles resolve;
      // it offers to try the page asked for again.
      return gardee(new Request(adresse(horsLigne(requete.url)))).then(function (sienne) {
        var vers = new URL(sienne ? horsLigne(requete.url) : HORS_LIGNE, portee);
        vers.searchParams.set("page", new URL(requete.url).pathname);
        return Response.redirect(vers.href, 302);
      });
    });
  });
}

function fichier(requete) {
  return gardee(requete).then(function (r) {
    var reseau = fetch(requete).then(function (reponse) {
      garder(requete, reponse);
      return reponse;
    });
    if (r) {
      reseau.catch(function () { /* offline: the kept copy is the answer */ });
      return r;
    }
    return reseau;
  });
}

self.addEventListener("fetch", function (event) {
  var requete = event.request;
  if (requete.method !== "GET" || requete.url.indexOf(portee) !== 0) return;
  event.respondWith(requete.mode === "navigate" ? page(requete) : fichier(requete));
});
