/* Guide des solidarités: enter opening hours as a week table, get the OSM `opening_hours` text.
 *
 * Used by the "Aide à la saisie des horaires" page (ressources/aide-horaires.md) and by the
 * partners' web form (/admin/, the `horaires` widget of assets/javascripts/cms.js).
 *
 * Two parts:
 * - pure: GuideHorairesSaisie.lire(texte) -> semaine | null, GuideHorairesSaisie.ecrire(semaine)
 *   -> texte, GuideHorairesSaisie.verifier(semaine) -> [messages]. Tested by tests/js/.
 * - DOM: GuideHorairesSaisie.monter(element, {valeur, auChangement, id}) builds the editor.
 *
 * The subset it reads is the one guide_solidarites.hours writes (`_table_to_osm`) and the
 * importers and partners use: rules "<jours> HH:MM-HH:MM,..." or "<jours> off", "PH off",
 * "24/7", and "<jour>[n,...] HH:MM-HH:MM" (n-th weekday of the month, -1 the last). Rules
 * apply in order, a later one replacing the days it names, as in OSM. Anything else (months,
 * weeks, comments, "||"...) is not read: the editor shows the text as it is, with a warning,
 * and never rewrites it unless the partner asks to start again.
 *
 * A week: {jours: [[[debut, fin], ...] x 7 (Monday first)], rangs: [{jour, rangs: [n],
 *   plages: [[debut, fin]]}], feries: bool} with minutes since midnight (fin <= 1440).
 *
 * Plain ES2017, no dependencies, no network.
 */
(function (global) {
  "use strict";

  var JOURS_OSM = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
  var JOURS_FR = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];
  var RANGS = [[1, "1er"], [2, "2e"], [3, "3e"], [4, "4e"], [5, "5e"], [-1, "dernier"]];
  var EXEMPLE = "Mo-Fr 09:00-12:00,14:00-17:00; PH off";

  function semaineVide() {
    return { jours: [[], [], [], [], [], [], []], rangs: [], feries: false };
  }

  // --- Reading ------------------------------------------------------------------------------

  var HEURE = "(\\d\\d):(\\d\\d)";
  var PLAGE_RE = new RegExp("^" + HEURE + "-" + HEURE + "$");
  var JOUR = "(?:Mo|Tu|We|Th|Fr|Sa|Su)";
  var JOURS_RE = new RegExp("^(" + JOUR + "(?:-" + JOUR + ")?(?:," + JOUR + "(?:-" + JOUR +
    ")?)*) (.+)$");
  var RANG_RE = new RegExp("^(" + JOUR + ")\\[(-?\\d(?:,-?\\d)*)\\] (.+)$");

  /* "09:00-12:00,14:00-17:00" -> [[540, 720], [840, 1020]]; "off" -> []; else null. */
  function lirePlages(texte) {
    if (texte === "off" || texte === "closed") return [];
    var plages = [];
    var morceaux = texte.split(",");
    for (var i = 0; i < morceaux.length; i++) {
      var m = PLAGE_RE.exec(morceaux[i]);
      if (!m) return null;
      var debut = +m[1] * 60 + +m[2];
      var fin = +m[3] * 60 + +m[4];
      if (+m[2] > 59 || +m[4] > 59 || debut >= fin || fin > 1440) return null;
      plages.push([debut, fin]);
    }
    return plages;
  }

  /* "Mo-We,Fr" -> [0, 1, 2, 4]; a range may wrap over Sunday ("Sa-Mo"). */
  function lireJours(texte) {
    var jours = [];
    texte.split(",").forEach(function (morceau) {
      var bornes = morceau.split("-").map(function (j) { return JOURS_OSM.indexOf(j); });
      var jour = bornes[0];
      var dernier = bornes.length > 1 ? bornes[1] : bornes[0];
      for (;;) {
        if (jours.indexOf(jour) < 0) jours.push(jour);
        if (jour === dernier) break;
        jour = (jour + 1) % 7;
      }
    });
    return jours;
  }

  function decouper(texte) {
    return texte.split(";").map(function (r) { return r.trim().replace(/\s+/g, " "); })
      .filter(function (r) { return r !== ""; });
  }

  /* The week a text describes, or null when it uses a form the table cannot show. */
  function lire(texte) {
    var semaine = semaineVide();
    if (typeof texte !== "string") return texte == null ? semaine : null;
    // Comments may hold anything, including ';': never guess inside them.
    if (texte.indexOf('"') >= 0 || texte.indexOf("||") >= 0) return null;
    var regles = decouper(texte);
    var rangsVus = {};
    for (var i = 0; i < regles.length; i++) {
      var regle = regles[i];
      var m;
      if (regle === "24/7") {
        if (i !== 0) return null;
        for (var j = 0; j < 7; j++) semaine.jours[j] = [[0, 1440]];
      } else if (regle === "PH off" || regle === "PH closed") {
        // Only last: a later rule would open again on public holidays.
        if (i !== regles.length - 1) return null;
        semaine.feries = true;
      } else if ((m = RANG_RE.exec(regle))) {
        var plagesRang = lirePlages(m[3]);
        var jourRang = JOURS_OSM.indexOf(m[1]);
        var rangs = m[2].split(",").map(Number);
        if (plagesRang === null) return null;
        if (rangs.some(function (n) { return n === 0 || n > 5 || n < -1; })) return null;
        semaine.rangs.push({ jour: jourRang, rangs: rangs, plages: plagesRang });
        rangsVus[jourRang] = true;
      } else if ((m = JOURS_RE.exec(regle))) {
        var plages = lirePlages(m[2]);
        if (plages === null) return null;
        var jours = lireJours(m[1]);
        for (var k = 0; k < jours.length; k++) {
          // A usual-week rule after a n-th weekday rule would hide it: not a table.
          if (rangsVus[jours[k]]) return null;
          // A copy per day: the editor changes a day's ranges in place.
          semaine.jours[jours[k]] = plages.map(function (p) { return p.slice(); });
        }
      } else {
        return null;
      }
    }
    return semaine;
  }

  // --- Writing -----------------------------------------------------------------------------

  function deuxChiffres(n) { return (n < 10 ? "0" : "") + n; }

  function heure(minutes) {
    return deuxChiffres(Math.floor(minutes / 60)) + ":" + deuxChiffres(minutes % 60);
  }

  /* Sorted, overlapping or touching ranges merged (as hours._merge does). */
  function fusionner(plages) {
    var triees = plages.slice().sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var resultat = [];
    triees.forEach(function (p) {
      var dernier = resultat[resultat.length - 1];
      if (dernier && p[0] <= dernier[1]) dernier[1] = Math.max(dernier[1], p[1]);
      else resultat.push([p[0], p[1]]);
    });
    return resultat;
  }

  function ecrirePlages(plages) {
    if (!plages.length) return "off";
    return fusionner(plages).map(function (p) { return heure(p[0]) + "-" + heure(p[1]); })
      .join(",");
  }

  /* [0, 1, 2, 4] -> "Mo-We,Fr": three days or more in a row make a range. */
  function ecrireJours(jours) {
    var suites = [];
    jours.forEach(function (j) {
      var suite = suites[suites.length - 1];
      if (suite && suite[suite.length - 1] === j - 1) suite.push(j);
      else suites.push([j]);
    });
    var morceaux = [];
    suites.forEach(function (suite) {
      if (suite.length >= 3) {
        morceaux.push(JOURS_OSM[suite[0]] + "-" + JOURS_OSM[suite[suite.length - 1]]);
      } else {
        suite.forEach(function (j) { morceaux.push(JOURS_OSM[j]); });
      }
    });
    return morceaux.join(",");
  }

  function toujoursOuvert(semaine) {
    return !semaine.feries && !semaine.rangs.length && semaine.jours.every(function (p) {
      var f = fusionner(p);
      return f.length === 1 && f[0][0] === 0 && f[0][1] === 1440;
    });
  }

  /* The OSM text of a week, in the order hours._table_to_osm writes; "" when always closed. */
  function ecrire(semaine) {
    if (toujoursOuvert(semaine)) return "24/7";
    var groupes = [];
    var parPlages = {};
    semaine.jours.forEach(function (plages, jour) {
      if (!plages.length) return;
      var cle = ecrirePlages(plages);
      if (!(cle in parPlages)) {
        parPlages[cle] = [];
        groupes.push(cle);
      }
      parPlages[cle].push(jour);
    });
    var regles = groupes.map(function (cle) { return ecrireJours(parPlages[cle]) + " " + cle; });
    semaine.rangs.slice().sort(function (a, b) { return a.jour - b.jour; }).forEach(function (r) {
      regles.push(JOURS_OSM[r.jour] + "[" + r.rangs.join(",") + "] " + ecrirePlages(r.plages));
    });
    if (!regles.length) return "";
    if (semaine.feries) regles.push("PH off");
    return regles.join("; ");
  }

  /* French messages for what the table holds that makes no sense (empty when all is well). */
  function verifier(semaine) {
    var messages = [];
    function plages(liste, ou) {
      liste.forEach(function (p) {
        if (p[0] == null || p[1] == null || isNaN(p[0]) || isNaN(p[1])) {
          messages.push(ou + " : indiquez l'heure de début et l'heure de fin.");
        } else if (p[0] >= p[1]) {
          messages.push(ou + " : l'heure de fin (" + heure(p[1]) + ") doit venir après "
            + "l'heure de début (" + heure(p[0]) + ").");
        }
      });
    }
    semaine.jours.forEach(function (liste, jour) {
      plages(liste, JOURS_FR[jour].charAt(0).toUpperCase() + JOURS_FR[jour].slice(1));
    });
    semaine.rangs.forEach(function (r) {
      if (!r.rangs.length) messages.push("Choisissez quelle semaine du mois.");
      plages(r.plages, "Le " + nomRangs(r) + " " + JOURS_FR[r.jour] + " du mois");
    });
    return messages;
  }

  function nomRangs(r) {
    return r.rangs.map(function (n) {
      for (var i = 0; i < RANGS.length; i++) if (RANGS[i][0] === n) return RANGS[i][1];
      return String(n);
    }).join(" et ");
  }

  // --- The editor ---------------------------------------------------------------------------

  var compteur = 0;

  function el(nom, attributs, enfants) {
    var e = document.createElement(nom);
    Object.keys(attributs || {}).forEach(function (a) {
      if (a === "texte") e.textContent = attributs[a];
      else if (a === "className") e.className = attributs[a];
      else e.setAttribute(a, attributs[a]);
    });
    (enfants || []).forEach(function (c) { if (c) e.appendChild(c); });
    return e;
  }

  function versMinutes(valeur) {
    var m = /^(\d\d):(\d\d)$/.exec(valeur || "");
    return m ? +m[1] * 60 + +m[2] : null;
  }

  function versHeure(minutes) {
    // <input type="time"> has no 24:00: the day's end is shown as 23:59 and read back as 24:00.
    return minutes == null ? "" : minutes >= 1440 ? "23:59" : heure(minutes);
  }

  /* Builds the editor inside `racine`. options: valeur (OSM text), auChangement(texte),
   * id (prefix of the ids). Returns {valeur(), valide(), messages()}. */
  function monter(racine, options) {
    options = options || {};
    var prefixe = options.id || "gs-horaires-" + (++compteur);
    var texte = options.valeur || "";
    var semaine = lire(texte);
    var brut = semaine === null;
    racine.textContent = "";
    racine.classList.add("gs-saisie");

    function changer() {
      if (!brut) texte = ecrire(semaine);
      afficher();
      if (options.auChangement) options.auChangement(texte);
    }

    function lignePlages(liste, libelle, idLigne) {
      var conteneur = el("div", { className: "gs-saisie__plages" });
      liste.forEach(function (plage, i) {
        var idDebut = idLigne + "-" + i + "-debut";
        var idFin = idLigne + "-" + i + "-fin";
        var debut = el("input", { type: "time", id: idDebut, step: "300",
          value: versHeure(plage[0]) });
        var fin = el("input", { type: "time", id: idFin, step: "300", value: versHeure(plage[1]) });
        debut.addEventListener("change", function () {
          plage[0] = versMinutes(debut.value);
          changer();
        });
        fin.addEventListener("change", function () {
          var m = versMinutes(fin.value);
          plage[1] = m === 1439 ? 1440 : m;
          changer();
        });
        var retirer = el("button", { type: "button", className: "gs-saisie__retirer",
          texte: "Retirer", "aria-label": "Retirer la plage " + (i + 1) + " (" + libelle + ")" });
        retirer.addEventListener("click", function () {
          liste.splice(i, 1);
          changer();
          redessiner();
        });
        conteneur.appendChild(el("span", { className: "gs-saisie__plage" }, [
          el("label", { "for": idDebut, texte: "de", title: libelle + ", début de la plage "
            + (i + 1) }),
          debut,
          el("label", { "for": idFin, texte: "à", title: libelle + ", fin de la plage " + (i + 1) }),
          fin,
          retirer,
        ]));
        debut.setAttribute("aria-label", libelle + ", plage " + (i + 1) + ", début");
        fin.setAttribute("aria-label", libelle + ", plage " + (i + 1) + ", fin");
      });
      if (!liste.length) conteneur.appendChild(el("span", { className: "gs-saisie__ferme",
        texte: "fermé" }));
      var ajouter = el("button", { type: "button", className: "gs-saisie__ajouter",
        texte: "Ajouter une plage", "aria-label": "Ajouter une plage horaire (" + libelle + ")" });
      ajouter.addEventListener("click", function () {
        var derniere = liste[liste.length - 1];
        liste.push(derniere ? [Math.min(derniere[1] + 60, 1380), Math.min(derniere[1] + 180, 1440)]
          : [540, 720]);
        changer();
        redessiner();
      });
      conteneur.appendChild(ajouter);
      return conteneur;
    }

    var zone = el("div");
    var resultat = el("p", { className: "gs-saisie__resultat", "aria-live": "polite" });
    var erreurs = el("ul", { className: "gs-saisie__erreurs", role: "alert" });
    racine.appendChild(zone);
    racine.appendChild(erreurs);
    racine.appendChild(resultat);

    function afficher() {
      resultat.textContent = "";
      resultat.appendChild(document.createTextNode("Texte enregistré (format OpenStreetMap) : "));
      resultat.appendChild(el("code", { texte: texte || "(aucun horaire)" }));
      erreurs.textContent = "";
      (brut ? [] : verifier(semaine)).forEach(function (message) {
        erreurs.appendChild(el("li", { texte: message }));
      });
    }

    function redessiner() {
      zone.textContent = "";
      if (brut) {
        var idBrut = prefixe + "-brut";
        var champ = el("input", { type: "text", id: idBrut, value: texte, spellcheck: "false",
          className: "gs-saisie__brut" });
        champ.addEventListener("change", function () {
          texte = champ.value.trim();
          changer();
        });
        var recommencer = el("button", { type: "button", texte: "Recommencer avec le tableau "
          + "(remplace ces horaires)" });
        recommencer.addEventListener("click", function () {
          brut = false;
          semaine = lire(texte) || semaineVide();
          changer();
          redessiner();
        });
        zone.appendChild(el("p", { className: "gs-saisie__avertissement", role: "note",
          texte: "Ces horaires utilisent une forme que le tableau ne sait pas afficher : ils "
            + "sont gardés tels quels. Vous pouvez les corriger à la main dans le champ "
            + "ci-dessous, ou recommencer avec le tableau." }));
        zone.appendChild(el("label", { "for": idBrut, texte: "Horaires (format OpenStreetMap)" }));
        zone.appendChild(champ);
        zone.appendChild(recommencer);
        return;
      }
      var table = el("table", { className: "gs-saisie__semaine" }, [
        el("caption", { texte: "Semaine habituelle" }),
        el("thead", {}, [el("tr", {}, [
          el("th", { scope: "col", texte: "Jour" }),
          el("th", { scope: "col", texte: "Plages horaires" }),
        ])]),
      ]);
      var corps = el("tbody");
      semaine.jours.forEach(function (liste, jour) {
        var nom = JOURS_FR[jour].charAt(0).toUpperCase() + JOURS_FR[jour].slice(1);
        var cellule = el("td", {}, [lignePlages(liste, nom, prefixe + "-" + JOURS_OSM[jour])]);
        corps.appendChild(el("tr", { "data-jour": JOURS_OSM[jour] }, [
          el("th", { scope: "row", texte: nom }), cellule]));
      });
      table.appendChild(corps);
      zone.appendChild(table);

      var idFeries = prefixe + "-feries";
      var feries = el("input", { type: "checkbox", id: idFeries });
      feries.checked = semaine.feries;
      feries.addEventListener("change", function () {
        semaine.feries = feries.checked;
        changer();
      });
      zone.appendChild(el("p", { className: "gs-saisie__feries" }, [
        feries, el("label", { "for": idFeries, texte: " Fermé les jours fériés" })]));

      var mois = el("fieldset", { className: "gs-saisie__rangs" }, [
        el("legend", { texte: "Certaines semaines du mois (par exemple le 1er samedi du mois)" })]);
      semaine.rangs.forEach(function (r, i) {
        var idRang = prefixe + "-rang-" + i;
        var choixRang = el("select", { id: idRang + "-n" });
        RANGS.forEach(function (rang) {
          var option = el("option", { value: String(rang[0]), texte: rang[1] });
          if (r.rangs.length === 1 && r.rangs[0] === rang[0]) option.selected = true;
          choixRang.appendChild(option);
        });
        if (r.rangs.length > 1) {
          var plusieurs = el("option", { value: r.rangs.join(","), texte: nomRangs(r) });
          plusieurs.selected = true;
          choixRang.appendChild(plusieurs);
        }
        choixRang.addEventListener("change", function () {
          r.rangs = choixRang.value.split(",").map(Number);
          changer();
        });
        var choixJour = el("select", { id: idRang + "-jour" });
        JOURS_FR.forEach(function (nom, jour) {
          var option = el("option", { value: String(jour), texte: nom });
          if (jour === r.jour) option.selected = true;
          choixJour.appendChild(option);
        });
        choixJour.addEventListener("change", function () {
          r.jour = +choixJour.value;
          changer();
        });
        var retirer = el("button", { type: "button", texte: "Retirer cette ligne" });
        retirer.addEventListener("click", function () {
          semaine.rangs.splice(i, 1);
          changer();
          redessiner();
        });
        mois.appendChild(el("div", { className: "gs-saisie__rang" }, [
          el("label", { "for": idRang + "-n", texte: "Le " }), choixRang,
          el("label", { "for": idRang + "-jour", texte: " " }), choixJour,
          el("span", { texte: " du mois : " }),
          lignePlages(r.plages, "Le " + nomRangs(r) + " " + JOURS_FR[r.jour] + " du mois",
            idRang),
          retirer,
        ]));
        choixJour.setAttribute("aria-label", "Jour de la semaine");
        choixRang.setAttribute("aria-label", "Quelle semaine du mois");
      });
      var ajouterRang = el("button", { type: "button", texte: "Ajouter une semaine du mois" });
      ajouterRang.addEventListener("click", function () {
        semaine.rangs.push({ jour: 5, rangs: [1], plages: [[540, 720]] });
        changer();
        redessiner();
      });
      mois.appendChild(ajouterRang);
      zone.appendChild(mois);
    }

    redessiner();
    afficher();
    return {
      valeur: function () { return texte; },
      lisible: function () { return !brut; },
      messages: function () { return brut ? [] : verifier(semaine); },
    };
  }

  /* The standalone page: every [data-gs-saisie] element gets an editor and a copy button. */
  function pageAide() {
    var cibles = document.querySelectorAll("[data-gs-saisie]");
    Array.prototype.forEach.call(cibles, function (cible, i) {
      var sortie = el("input", { type: "text", readonly: "readonly", id: "gs-aide-texte-" + i,
        className: "gs-saisie__sortie" });
      cible.textContent = "";
      var editeurEl = el("div");
      cible.appendChild(editeurEl);
      var editeur = monter(editeurEl, {
        id: "gs-aide-" + i, valeur: cible.getAttribute("data-valeur") || "",
        auChangement: function (t) { sortie.value = t; },
      });
      sortie.value = editeur.valeur();
      var copier = el("button", { type: "button", className: "md-button", texte: "Copier" });
      var annonce = el("span", { "aria-live": "polite", className: "gs-saisie__copie" });
      copier.addEventListener("click", function () {
        sortie.select();
        var fait = function () { annonce.textContent = "Copié."; };
        if (navigator.clipboard) navigator.clipboard.writeText(sortie.value).then(fait, fait);
        else { document.execCommand("copy"); fait(); }
      });
      cible.appendChild(el("p", { className: "gs-saisie__copier" }, [
        el("label", { "for": sortie.id, texte: "À copier dans votre fichier, après « sans_"
          + "rendez_vous: » (ou « sur_rendez_vous: », « telephone: ») : " }),
        sortie, copier, annonce]));
    });
  }

  global.GuideHorairesSaisie = {
    lire: lire, ecrire: ecrire, verifier: verifier, monter: monter, EXEMPLE: EXEMPLE,
  };
  if (typeof document !== "undefined" && document.querySelector) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", pageAide);
    else pageAide();
  }
})(typeof window !== "undefined" ? window : globalThis);
