/* Guide des solidarités: the search page (Pagefind index, our own accessible form).
 *
 * Markup: templates/recherche/page.html (a form with id gs-recherche-form, a status line
 * with aria-live, an <ol> for results, a "more" button, a fallback shown until this
 * script has loaded the index). The index is built after the site by
 * guide_solidarites.search.indexer_site: its contract (data-pagefind-body, filters
 * categorie / public / commune / mode / pmr / jour, metas titre / adresse / commune /
 * horaires) is documented there.
 *
 * - The query is folded (lower case, no accents, œ -> oe) before it reaches Pagefind,
 *   which also ignores accents: "cafe" finds "Café", "secu" finds "Sécurité sociale".
 * - No result: the words of the query are corrected against gs-vocabulaire.json
 *   (fetched only then, once) and the corrected query is searched, saying so.
 * - "Ouvert maintenant" keeps the places for which window.GuideHoraires.estOuvert()
 *   (horaires.js) is true now, on the intervals carried in the result's `horaires` meta.
 *   The `jour` filter first narrows the candidates to places open on today's weekday.
 *   The clock can be fixed: window.GUIDE_MAINTENANT or ?maintenant=2026-11-23T10:00.
 * - The address keeps the state: ?q=...&categorie=...&public=...&commune=...&ouvert=1
 *   &sans_rdv=1&pmr=1, so the home page's GET form and shared links work.
 * - Every request goes to the site itself (the Pagefind bundle): nothing else.
 *
 * Plain ES2017 except one dynamic import() of pagefind.js, which Pagefind itself
 * requires (its own code needs a 2020 browser); where it cannot run, the fallback
 * message with the theme and commune pages stays on screen.
 */
(function (global) {
  "use strict";

  var PAR_PAGE = 10;
  // "Ouvert maintenant": fragments read per round while looking for open places.
  var LOT_OUVERTS = 20;
  var ATTENTE_SAISIE = 350;
  var JOURS_FILTRE = ["di", "lu", "ma", "me", "je", "ve", "sa"]; // by getUTCDay()

  /* Lower case without diacritics; œ and æ spelt out. */
  function plier(texte) {
    return String(texte || "").replace(/[œŒ]/g, "oe").replace(/[æÆ]/g, "ae")
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function ajouterJours(iso, n) {
    var d = new Date(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10) + n));
    return d.toISOString().slice(0, 10);
  }

  /* The `horaires` meta (search.horaires_compacts) back to horaires.js's payload. */
  function decoderHoraires(texte) {
    var parties = String(texte || "").trim().split(/\s+/);
    if (parties.length < 2 || !/^\d{4}-\d\d-\d\d$/.test(parties[0])) return null;
    var du = parties[0];
    var intervalles = [];
    parties.slice(2).forEach(function (partie) {
      var k = partie.indexOf(":");
      var decalage = +partie.slice(0, k);
      var jour = ajouterJours(du, decalage);
      partie.slice(k + 1).split("/").forEach(function (plage) {
        var a = plage.slice(0, 4);
        var b = plage.slice(5, 9);
        var fin = b === "2400" ? ajouterJours(du, decalage + 1) + "T00:00"
          : jour + "T" + b.slice(0, 2) + ":" + b.slice(2);
        intervalles.push([jour + "T" + a.slice(0, 2) + ":" + a.slice(2), fin]);
      });
    });
    return { du: du, jusqu_au: parties[1], intervalles: intervalles };
  }

  /* Damerau-Levenshtein distance, giving up above `max`. */
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var avant = null;
    var prec = [];
    var i;
    var j;
    for (j = 0; j <= b.length; j++) prec.push(j);
    for (i = 1; i <= a.length; i++) {
      var ligne = [i];
      var mini = i;
      for (j = 1; j <= b.length; j++) {
        var cout = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(prec[j] + 1, ligne[j - 1] + 1, prec[j - 1] + cout);
        if (avant && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          v = Math.min(v, avant[j - 2] + 1);
        }
        ligne.push(v);
        if (v < mini) mini = v;
      }
      if (mini > max) return max + 1;
      avant = prec;
      prec = ligne;
    }
    return prec[b.length];
  }

  /* The closest known word (most frequent first on ties), or null. */
  function corrigerMot(mot, vocabulaire, connus) {
    if (mot.length < 4 || connus[mot]) return null;
    var max = mot.length >= 8 ? 2 : 1;
    var meilleur = null;
    var meilleureDistance = max + 1;
    for (var i = 0; i < vocabulaire.length; i++) {
      var candidat = vocabulaire[i];
      if (candidat.lastIndexOf(mot, 0) === 0) return null; // a prefix of a known word
      var d = distance(mot, candidat, Math.min(max, meilleureDistance - 1));
      if (d < meilleureDistance) {
        meilleur = candidat;
        meilleureDistance = d;
      }
    }
    return meilleur;
  }

  function Recherche(racine, pagefindUrl, vocabulaireUrl, baseUrl) {
    this.racine = racine;
    this.pagefindUrl = pagefindUrl;
    this.vocabulaireUrl = vocabulaireUrl;
    this.baseUrl = baseUrl;
    this.form = racine.querySelector("#gs-recherche-form");
    this.champ = racine.querySelector("#gs-q");
    this.statut = racine.querySelector("#gs-recherche-statut");
    this.liste = racine.querySelector("#gs-recherche-resultats");
    this.plus = racine.querySelector("#gs-recherche-plus");
    this.secours = racine.querySelector(".gs-recherche__secours");
    this.moteur = null;
    this.vocabulaire = null;
    this.numero = 0;
    this.enCours = null;
  }

  Recherche.prototype.charger = function () {
    var self = this;
    if (!this.moteur) {
      this.moteur = import(this.pagefindUrl).then(function (pagefind) {
        return pagefind.options({ baseUrl: self.baseUrl, excerptLength: 20 })
          .then(function () { self.moteurPret = true; return pagefind; });
      });
    }
    return this.moteur;
  };

  Recherche.prototype.chargerVocabulaire = function () {
    if (!this.vocabulaire) {
      this.vocabulaire = fetch(this.vocabulaireUrl, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : []; })
        .catch(function () { return []; })
        .then(function (mots) {
          var connus = {};
          mots.forEach(function (m) { connus[m] = true; });
          return { mots: mots, connus: connus };
        });
    }
    return this.vocabulaire;
  };

  Recherche.prototype.etat = function () {
    var f = this.form.elements;
    return {
      q: f.q.value.trim(),
      categorie: f.categorie ? f.categorie.value : "",
      "public": f["public"] ? f["public"].value : "",
      commune: f.commune ? f.commune.value : "",
      ouvert: !!(f.ouvert && f.ouvert.checked),
      sans_rdv: !!(f.sans_rdv && f.sans_rdv.checked),
      pmr: !!(f.pmr && f.pmr.checked)
    };
  };

  Recherche.prototype.lireAdresse = function () {
    var params = new URLSearchParams(global.location.search);
    var f = this.form.elements;
    if (params.has("q")) f.q.value = params.get("q");
    ["categorie", "public", "commune"].forEach(function (nom) {
      if (f[nom] && params.has(nom)) f[nom].value = params.get(nom);
    });
    ["ouvert", "sans_rdv", "pmr"].forEach(function (nom) {
      if (f[nom]) f[nom].checked = params.get(nom) === "1";
    });
  };

  Recherche.prototype.ecrireAdresse = function (e) {
    // Other parameters (such as ?maintenant=2026-11-23T10:00 for horaires.js) are kept
    // exactly as written: re-encoding their ":" would hide them from horaires.js.
    var NOMS = ["q", "categorie", "public", "commune", "ouvert", "sans_rdv", "pmr"];
    var parties = global.location.search.replace(/^\?/, "").split("&").filter(function (p) {
      return p && NOMS.indexOf(decodeURIComponent(p.split("=")[0])) < 0;
    });
    NOMS.forEach(function (nom) {
      var v = e[nom];
      if (v === true) parties.push(nom + "=1");
      else if (v) parties.push(nom + "=" + encodeURIComponent(v).replace(/%20/g, "+"));
    });
    var texte = parties.join("&");
    global.history.replaceState(null, "", global.location.pathname + (texte ? "?" + texte : ""));
  };

  Recherche.prototype.filtres = function (e, maintenant) {
    var filtres = {};
    if (e.categorie) filtres.categorie = e.categorie;
    // A place open to everyone also serves the chosen public.
    if (e["public"]) filtres["public"] = { any: [e["public"], "tous-publics"] };
    if (e.commune) filtres.commune = e.commune;
    if (e.sans_rdv) filtres.mode = "sans-rendez-vous";
    if (e.pmr) filtres.pmr = "oui";
    if (e.ouvert) {
      var jour = new Date(Date.UTC(+maintenant.slice(0, 4), +maintenant.slice(5, 7) - 1,
        +maintenant.slice(8, 10))).getUTCDay();
      filtres.jour = JOURS_FILTRE[jour];
    }
    return filtres;
  };

  Recherche.prototype.annoncer = function (texte) {
    this.statut.textContent = texte;
  };

  Recherche.prototype.lancer = function () {
    var self = this;
    var e = this.etat();
    var numero = ++this.numero;
    this.ecrireAdresse(e);
    var aFiltre = e.categorie || e["public"] || e.commune || e.ouvert || e.sans_rdv || e.pmr;
    if (!e.q && !aFiltre) {
      this.liste.textContent = "";
      this.plus.hidden = true;
      this.annoncer("");
      return Promise.resolve();
    }
    var horaires = global.GuideHoraires;
    var maintenant = horaires ? horaires.maintenant() : null;
    if (e.ouvert && !horaires) e.ouvert = false;
    if (!this.moteurPret) this.annoncer("Chargement de la recherche…");
    var terme = plier(e.q) || null;
    return this.charger().then(function (pagefind) {
      var options = { filters: self.filtres(e, maintenant) };
      return pagefind.search(terme, options).then(function (res) {
        if (numero !== self.numero) return null;
        if (res.results.length || !terme) return { res: res, corrige: null };
        return self.corriger(terme).then(function (corrige) {
          if (!corrige) return { res: res, corrige: null };
          return pagefind.search(corrige, options).then(function (res2) {
            return { res: res2, corrige: corrige };
          });
        });
      });
    }).then(function (trouve) {
      if (!trouve || numero !== self.numero) return;
      self.enCours = {
        numero: numero, e: e, maintenant: maintenant, candidats: trouve.res.results,
        position: 0, affiches: 0, corrige: trouve.corrige
      };
      self.liste.textContent = "";
      return self.suite(false);
    }).catch(function (erreur) {
      if (numero !== self.numero) return;
      self.echec(erreur);
    });
  };

  Recherche.prototype.corriger = function (terme) {
    return this.chargerVocabulaire().then(function (v) {
      var change = false;
      var mots = terme.split(/\s+/).map(function (mot) {
        var c = corrigerMot(mot, v.mots, v.connus);
        if (c && c !== mot) { change = true; return c; }
        return mot;
      });
      return change ? mots.join(" ") : null;
    });
  };

  /* Show the next page of results (open places only when "Ouvert maintenant"). */
  Recherche.prototype.suite = function (focaliser) {
    var self = this;
    var r = this.enCours;
    if (!r) return Promise.resolve();
    var ajoutes = [];

    function tour() {
      if (ajoutes.length >= PAR_PAGE || r.position >= r.candidats.length) {
        return Promise.resolve();
      }
      var taille = r.e.ouvert ? LOT_OUVERTS : PAR_PAGE - ajoutes.length;
      var debut = r.position;
      var lot = r.candidats.slice(debut, debut + taille);
      r.position += lot.length;
      return Promise.all(lot.map(function (c) { return c.data(); })).then(function (donnees) {
        for (var i = 0; i < donnees.length; i++) {
          if (ajoutes.length >= PAR_PAGE) {
            r.position = debut + i; // the rest waits for "Voir plus" (fragments are cached)
            break;
          }
          var d = donnees[i];
          var h = d.meta && d.meta.horaires ? decoderHoraires(d.meta.horaires) : null;
          if (r.e.ouvert && !(h && global.GuideHoraires.estOuvert(h.intervalles, r.maintenant))) {
            continue;
          }
          ajoutes.push({ d: d, h: h });
        }
        return tour();
      });
    }

    return tour().then(function () {
      if (r !== self.enCours || r.numero !== self.numero) return;
      var premier = null;
      ajoutes.forEach(function (a) {
        var li = self.element(a.d, a.h, r.maintenant);
        if (!premier) premier = li;
        self.liste.appendChild(li);
      });
      r.affiches += ajoutes.length;
      self.plus.hidden = r.position >= r.candidats.length;
      self.compter(r);
      if (focaliser && premier) premier.querySelector("a").focus();
    });
  };

  Recherche.prototype.compter = function (r) {
    var total = r.candidats.length;
    var texte;
    if (r.e.ouvert) {
      var fini = r.position >= total;
      var n = r.affiches;
      texte = n === 0 && fini ? "Aucun lieu ouvert maintenant"
        : (fini ? "" : "Au moins ") + n + (n > 1 ? " lieux ouverts" : " lieu ouvert") +
          " maintenant";
      if (!fini) texte += " (" + (total - r.position) + " autres à vérifier : « Voir plus »)";
    } else {
      texte = total === 0 ? "Aucun résultat"
        : total + (total > 1 ? " résultats" : " résultat");
      if (total > r.affiches) texte += ", " + r.affiches + " affichés";
    }
    if (r.corrige) {
      texte = "Aucun résultat pour « " + r.e.q + " ». Recherche faite avec « " + r.corrige +
        " » : " + texte.charAt(0).toLowerCase() + texte.slice(1);
    }
    if (r.affiches === 0 && r.position >= total) {
      texte += ". Essayez un autre mot, ou retirez un filtre.";
    } else {
      texte += ".";
    }
    this.annoncer(texte);
  };

  Recherche.prototype.element = function (d, h, maintenant) {
    var doc = global.document;
    var li = doc.createElement("li");
    li.className = "gs-resultat";
    var titre = doc.createElement("a");
    titre.className = "gs-resultat__titre";
    titre.href = d.url;
    titre.textContent = (d.meta && (d.meta.titre || d.meta.title)) || d.url;
    li.appendChild(titre);
    var lieu = [d.meta && d.meta.adresse, d.meta && d.meta.commune].filter(Boolean).join(", ");
    if (lieu) {
      var adresse = doc.createElement("p");
      adresse.className = "gs-resultat__adresse";
      adresse.textContent = lieu;
      li.appendChild(adresse);
    }
    if (h && global.GuideHoraires) {
      var etat = global.GuideHoraires.etat(h, maintenant);
      var ligne = doc.createElement("p");
      ligne.className = "gs-etat gs-etat--" + etat.etat;
      ligne.textContent = etat.texte.replace("Ouvert maintenant", "Sans rendez-vous : ouvert")
        .replace(/^Fermé/, "Sans rendez-vous : fermé");
      li.appendChild(ligne);
    }
    return li;
  };

  Recherche.prototype.echec = function () {
    this.annoncer("La recherche ne fonctionne pas sur cet appareil.");
    if (this.secours) this.secours.hidden = false;
  };

  Recherche.prototype.demarrer = function () {
    var self = this;
    var minuterie = null;
    this.lireAdresse();
    if (this.secours) this.secours.hidden = true;
    if (!global.GuideHoraires && this.form.elements.ouvert) {
      this.form.elements.ouvert.disabled = true;
    }
    this.form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      global.clearTimeout(minuterie);
      self.lancer();
    });
    this.champ.addEventListener("input", function () {
      global.clearTimeout(minuterie);
      minuterie = global.setTimeout(function () { self.lancer(); }, ATTENTE_SAISIE);
    });
    this.form.addEventListener("change", function (ev) {
      if (ev.target !== self.champ) self.lancer();
    });
    this.plus.addEventListener("click", function () { self.suite(true); });
    return this.lancer();
  };

  function urlAbsolue(chemin) {
    return new URL(chemin, global.document.baseURI).href;
  }

  function initialiser() {
    var racine = global.document.querySelector("[data-gs-recherche]");
    if (!racine || racine.getAttribute("data-gs-pret") === "1") return;
    racine.setAttribute("data-gs-pret", "1");
    var bundle = urlAbsolue(racine.getAttribute("data-bundle") || "pagefind/");
    var site = new URL(racine.getAttribute("data-racine") || "./", global.document.baseURI);
    var recherche = new Recherche(racine, bundle + "pagefind.js", bundle +
      "gs-vocabulaire.json", site.pathname);
    global.GuideRecherche.instance = recherche;
    recherche.demarrer();
  }

  global.GuideRecherche = {
    plier: plier,
    decoderHoraires: decoderHoraires,
    distance: distance,
    corrigerMot: corrigerMot,
    initialiser: initialiser,
    instance: null
  };

  if (global.document) {
    if (global.document$ && typeof global.document$.subscribe === "function") {
      global.document$.subscribe(function () { initialiser(); });
    } else if (global.document.readyState === "loading") {
      global.document.addEventListener("DOMContentLoaded", initialiser);
    } else {
      initialiser();
    }
  }
})(typeof window !== "undefined" ? window : this);
