/* Guide des solidarités: "open now" status lines, computed in the visitor's browser.
 *
 * Markup contract (produced by guide_solidarites.hours.intervals_payload):
 *
 *   <script type="application/json" id="horaires-sans-rdv">
 *     {"du": "2026-11-23", "jusqu_au": "2027-01-04",
 *      "intervalles": [["2026-11-23T09:00", "2026-11-23T12:00"], ...],
 *      "fermetures": [{"du": "2026-12-24", "au": "2026-12-26", "message": "..."}],
 *      "feries": ["2026-12-25"]}
 *   </script>
 *   <p class="gs-etat" data-horaires="horaires-sans-rdv" hidden></p>
 *
 * - Times are Europe/Paris wall-clock times, minute precision; "jusqu_au" is excluded,
 *   a closure's "au" is included; "feries" are public holidays on which the place is closed.
 * - Any number of status elements per page, each naming its JSON by id (one per mode:
 *   sans rendez-vous, téléphone...). The script sets the text, removes `hidden` and adds
 *   gs-etat--ouvert or gs-etat--ferme (gs-etat--inconnu when the data has run out).
 * - Without JavaScript the element stays hidden: the page must show the usual week.
 * - The clock can be fixed for tests: window.GUIDE_MAINTENANT = "2026-11-23T10:00" set
 *   before this script runs, or ?maintenant=2026-11-23T10:00 in the address.
 * - window.GuideHoraires.estOuvert(intervalles, maintenant?) is there for list filters.
 * - Words: the page's #gs-textes table, key "horaires" (textes_scripts.py, in the page's
 *   language with its days, months, digits and way of writing a time: langues.py). A page
 *   without it reads French (FRANCAIS below, the same table, checked by test_langues.py).
 *
 * Plain ES2017, no dependencies, no network.
 */
(function (global) {
  "use strict";

  /* FRANCAIS-DEBUT */
  var FRANCAIS = {
    "ouvert": "Ouvert maintenant · {fin}",
    "ferme_a": "ferme à {heure}",
    "ferme_quand": "ferme {quand}",
    "ferme_minuit": "ferme à minuit",
    "aujourdhui": "aujourd'hui",
    "demain": "demain",
    "le_date": "le {date}",
    "quand_heure": "{quand} à {heure}",
    "date": "{jour} {numero} {mois}",
    "numero_1": "1er",
    "a_confirmer": "Horaires à confirmer",
    "ferme_exceptionnellement": "Fermé exceptionnellement",
    "avec_message": "{texte} : {message}",
    "reouverture_le": "réouverture le {date}",
    "reouverture_a_confirmer": "réouverture à confirmer",
    "ferme_ferie": "Fermé · jour férié",
    "ferme": "Fermé",
    "ouvre": "ouvre {quand}",
    "separateur": "{etat} · {suite}",
    "jours": ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
    "mois": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
      "septembre", "octobre", "novembre", "décembre"],
    "format_heure": "fr",
    "chiffres": "",
    "langue": "fr"
  };
  /* FRANCAIS-FIN */

  /* Read when first needed, not when the script loads: the theme writes the table after
   * the scripts of every page (overrides/main.html). */
  var lu = null;
  function lireTextes() {
    if (lu) return lu;
    var doc = global.document;
    var bloc = doc && doc.getElementById && doc.getElementById("gs-textes");
    if (!bloc) return FRANCAIS;
    try { lu = JSON.parse(bloc.textContent).horaires || FRANCAIS; } catch (e) { lu = FRANCAIS; }
    return lu;
  }

  function texte(cle, valeurs) {
    var modele = typeof lireTextes()[cle] === "string" ? lireTextes()[cle] : FRANCAIS[cle];
    return modele.replace(/\{(\w+)\}/g, function (tout, nom) {
      return valeurs && nom in valeurs ? valeurs[nom] : tout;
    });
  }

  function chiffres(chaine) {
    var table = lireTextes().chiffres || "";
    if (table.length !== 10) return chaine;
    return chaine.replace(/[0-9]/g, function (c) { return table.charAt(+c); });
  }

  /* "YYYY-MM-DDTHH:MM" now in Paris, whatever the visitor's time zone. */
  function maintenantParis(date) {
    var parts = {};
    new Intl.DateTimeFormat("fr-FR", {
      timeZone: "Europe/Paris", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    }).formatToParts(date || new Date()).forEach(function (p) { parts[p.type] = p.value; });
    var heure = parts.hour === "24" ? "00" : parts.hour;
    return parts.year + "-" + parts.month + "-" + parts.day + "T" + heure + ":" + parts.minute;
  }

  function horlogeFixee() {
    if (typeof global.GUIDE_MAINTENANT === "string") return global.GUIDE_MAINTENANT;
    var recherche = global.location && global.location.search;
    var trouve = recherche && /[?&]maintenant=([0-9T:-]{16})/.exec(recherche);
    return trouve ? decodeURIComponent(trouve[1]) : null;
  }

  function maintenant() {
    return horlogeFixee() || maintenantParis();
  }

  /* Dates are handled as UTC days so that the visitor's zone never shifts them. */
  function jourUTC(iso) {
    return new Date(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)));
  }

  function ecartJours(deIso, aIso) {
    return Math.round((jourUTC(aIso) - jourUTC(deIso)) / 86400000);
  }

  /* A time as the pages write it (langues.heure): 9 h 30, 9:30 am, 9:30. */
  function heureFrancaise(iso) {
    var h = +iso.slice(11, 13);
    var m = iso.slice(14, 16);
    var style = lireTextes().format_heure || "fr";
    if (style === "12h") {
      if (h % 24 === 0 && m === "00") return "midnight";
      var suffixe = h % 24 < 12 ? "am" : "pm";
      var h12 = h % 12 || 12;
      return m === "00" ? h12 + " " + suffixe : h12 + ":" + m + " " + suffixe;
    }
    if (style === "24h") return chiffres(h + ":" + m);
    return m === "00" ? h + " h" : h + " h " + m;
  }

  function dateFrancaise(iso) {
    var d = jourUTC(iso);
    var jours = lireTextes().jours || FRANCAIS.jours;
    var mois = lireTextes().mois || FRANCAIS.mois;
    var numero = d.getUTCDate() === 1 && lireTextes().numero_1 ? lireTextes().numero_1 : chiffres(String(d.getUTCDate()));
    return texte("date", { jour: jours[d.getUTCDay()], numero: numero,
      mois: mois[d.getUTCMonth()] });
  }

  /* "aujourd'hui", "demain", "lundi" (within the week) or "le lundi 4 janvier". */
  function quand(iso, maintenantIso) {
    var ecart = ecartJours(maintenantIso, iso);
    if (ecart === 0) return texte("aujourdhui");
    if (ecart === 1) return texte("demain");
    if (ecart > 1 && ecart < 7) return (lireTextes().jours || FRANCAIS.jours)[jourUTC(iso).getUTCDay()];
    return texte("le_date", { date: dateFrancaise(iso) });
  }

  function quandAvecHeure(iso, maintenantIso) {
    return texte("quand_heure", { quand: quand(iso, maintenantIso), heure: heureFrancaise(iso) });
  }

  function estOuvert(intervalles, instant) {
    var t = instant || maintenant();
    return (intervalles || []).some(function (i) { return i[0] <= t && t < i[1]; });
  }

  /* The end of the opening that contains `t`, following back-to-back intervals. */
  function finOuverture(intervalles, t) {
    var fin = null;
    intervalles.forEach(function (i) {
      if ((i[0] <= t && t < i[1]) || (fin !== null && i[0] === fin)) fin = i[1];
    });
    return fin;
  }

  function prochaineOuverture(intervalles, t) {
    var debuts = intervalles.filter(function (i) { return i[0] > t; })
      .map(function (i) { return i[0]; }).sort();
    return debuts.length ? debuts[0] : null;
  }

  /* {etat: "ouvert" | "ferme" | "inconnu", texte: "..."} for one payload at `instant`. */
  function etat(donnees, instant) {
    var t = instant || maintenant();
    var jour = t.slice(0, 10);
    var intervalles = donnees.intervalles || [];
    if ((donnees.du && jour < donnees.du) || (donnees.jusqu_au && jour >= donnees.jusqu_au)) {
      return { etat: "inconnu", texte: texte("a_confirmer") };
    }
    var fin = finOuverture(intervalles, t);
    if (fin !== null) {
      var ferme = fin.slice(0, 10) === jour ? texte("ferme_a", { heure: heureFrancaise(fin) })
        : texte("ferme_quand", { quand: quandAvecHeure(fin, t) });
      if (fin.slice(11) === "00:00" && ecartJours(jour, fin) === 1) ferme = texte("ferme_minuit");
      return { etat: "ouvert", texte: texte("ouvert", { fin: ferme }) };
    }
    var prochaine = prochaineOuverture(intervalles, t);
    var fermeture = (donnees.fermetures || []).filter(function (f) {
      return f.du <= jour && jour <= f.au;
    })[0];
    if (fermeture) {
      var ligne = texte("ferme_exceptionnellement");
      if (fermeture.message) ligne = texte("avec_message", { texte: ligne, message: fermeture.message });
      var suite = prochaine ? texte("reouverture_le", { date: dateFrancaise(prochaine) })
        : texte("reouverture_a_confirmer");
      return { etat: "ferme", texte: texte("separateur", { etat: ligne, suite: suite }) };
    }
    var debut = (donnees.feries || []).indexOf(jour) >= 0 ? texte("ferme_ferie") : texte("ferme");
    if (!prochaine) {
      return { etat: "ferme", texte: texte("separateur",
        { etat: debut, suite: texte("reouverture_a_confirmer") }) };
    }
    return { etat: "ferme", texte: texte("separateur",
      { etat: debut, suite: texte("ouvre", { quand: quandAvecHeure(prochaine, t) }) }) };
  }

  function remplir(racine, instant) {
    var doc = racine || global.document;
    if (!doc || !doc.querySelectorAll) return;
    var elements = doc.querySelectorAll("[data-horaires]");
    Array.prototype.forEach.call(elements, function (element) {
      var source = doc.getElementById ? doc.getElementById(element.getAttribute("data-horaires"))
        : global.document.getElementById(element.getAttribute("data-horaires"));
      if (!source) return;
      var resultat;
      try {
        resultat = etat(JSON.parse(source.textContent), instant);
      } catch (erreur) {
        return; // a broken payload leaves the element hidden: the week is on the page
      }
      element.textContent = resultat.texte;
      element.classList.remove("gs-etat--ouvert", "gs-etat--ferme", "gs-etat--inconnu");
      element.classList.add("gs-etat--" + resultat.etat);
      element.hidden = false;
    });
  }

  global.GuideHoraires = {
    estOuvert: estOuvert,
    etat: etat,
    maintenant: maintenant,
    maintenantParis: maintenantParis,
    remplir: remplir
  };

  if (global.document) {
    var demarrer = function () {
      remplir();
      // The line must not go stale on a page left open; a fixed clock never moves.
      if (!horlogeFixee() && typeof global.setInterval === "function") {
        global.setInterval(function () { remplir(); }, 60000);
      }
    };
    if (global.document$ && typeof global.document$.subscribe === "function") {
      // Material's instant navigation swaps pages without a new DOMContentLoaded.
      global.document$.subscribe(function () { remplir(); });
    } else if (global.document.readyState === "loading") {
      global.document.addEventListener("DOMContentLoaded", demarrer);
    } else {
      demarrer();
    }
  }
})(typeof window !== "undefined" ? window : this);
