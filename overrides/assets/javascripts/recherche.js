/* Guide des solidarités: the search page. "What I need, where I am, open when" gets an
 * answer, always.
 *
 * Markup: templates/recherche/page.html. Data, both written at build time by
 * guide_solidarites.search.indexer_site:
 * - pagefind/gs-lieux.json: the needs and places index (contract in search.py, "The needs
 *   and places index"): the vocabulary of needs, every place with its kind, commune,
 *   point, thématiques, flags, phone and sans-rendez-vous hours, the communes;
 * - the Pagefind index of the pages' text, for the words no need explains (a name, "ccas")
 *   and the editorial pages.
 *
 * How a query is answered:
 * 1. What is typed is folded (lower case, no accents) and cut into words. A commune name or
 *    a postcode among them is the place of the search (unless a commune is chosen, or
 *    "autour de moi" gave a position).
 * 2. Words are matched against the terms of the needs (exact, a misspelling of one or two
 *    letters for long words, or the start of a word); each need brings its thématiques,
 *    kinds of place, words to look for in the records' text, and emergency numbers.
 * 3. Places are scored: a thématique or a kind of the need, a Pagefind hit on the place's
 *    page (or on its partner's page: the partner is then shown through its places, never
 *    twice), the words of the query in its name; premier accueil and fresh records break
 *    ties. Editorial pages come in their own block, after the places.
 * 4. With a place, the places of the commune come first, then the nearest ones beyond it,
 *    each with its distance; with a position, nearest first.
 * 5. Empty or thin (fewer than MINCE places): the nearest premier accueil social (it
 *    receives any request) with its distance, open/closed line and phone; the emergency
 *    numbers of the need; the same search without the filters that emptied it.
 * The filters are the page's table (filtres.py, FILTRES), read by filtres.js from the
 * form's data-filtres: a box with a `drapeau` passes the places whose flags hold that bit;
 * a list, the places whose `propriete` (categories, publics) passes GuideFiltres.passe;
 * « ouvert » is computed from the hours.
 * The address keeps the state: ?q=&commune=<INSEE>&autour=lat,lon and each filter's key
 * (=1 for a ticked box), the same names as the map's.
 * The clock can be fixed: window.GUIDE_MAINTENANT or ?maintenant=2026-11-23T10:00.
 * Every request goes to the site itself. Plain ES2018 (Unicode property escapes in the
 * folding, for words in any script) except the dynamic import() of
 * pagefind.js (Pagefind itself requires it); where it cannot run, the lists of themes and
 * communes shown first by the page stay on screen.
 */
(function (global) {
  "use strict";

  /* The page's sentences in its language (traductions.js, loaded before this script). */
  var T = window.GuideTraductions;
  var _ = T._, _n = T._n;

  var PAR_PAGE = 10;
  var MINCE = 3;
  var SEUIL = 3;
  var ATTENTE_SAISIE = 350;
  var MAX_PAGES = 3;
  var ANCIENS = { sans_rdv: "sans-rendez-vous" }; // names of older shared links
  var D = { pa: 1, sansRdv: 2, surRdv: 4, pmr: 8, referents: 16, perime: 32, horaires: 64 };
  /* Lower case without marks, as search.plier: accents, Arabic short vowels and hamza
     (أ -> ا), the Ukrainian breve (й -> и); œ and æ spelt out. */
  function plier(texte) {
    return String(texte || "").replace(/[œŒ]/g, "oe").replace(/[æÆ]/g, "ae")
      .normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  }

  /* Folded words, in any script; apostrophes, hyphens and punctuation separate them. */
  function jetons(texte) {
    return plier(texte).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  function ajouterJours(iso, n) {
    var d = new Date(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10) + n));
    return d.toISOString().slice(0, 10);
  }

  function plages(jour, lendemain, texte, intervalles) {
    if (!texte) return;
    texte.split("/").forEach(function (plage) {
      var a = plage.slice(0, 4);
      var b = plage.slice(5, 9);
      var fin = b === "2400" ? lendemain + "T00:00"
        : jour + "T" + b.slice(0, 2) + ":" + b.slice(2);
      intervalles.push([jour + "T" + a.slice(0, 2) + ":" + a.slice(2), fin]);
    });
  }

  /* The `horaires` meta of the Pagefind fragments (search.horaires_compacts). */
  function decoderHoraires(texte) {
    var parties = String(texte || "").trim().split(/\s+/);
    if (parties.length < 2 || !/^\d{4}-\d\d-\d\d$/.test(parties[0])) return null;
    var du = parties[0];
    var intervalles = [];
    parties.slice(2).forEach(function (partie) {
      var k = partie.indexOf(":");
      var n = +partie.slice(0, k);
      plages(ajouterJours(du, n), ajouterJours(du, n + 1), partie.slice(k + 1), intervalles);
    });
    return { du: du, jusqu_au: parties[1], intervalles: intervalles };
  }

  /* The hours of a place in gs-lieux.json (search.horaires_semaine): a usual week, Monday
   * first, and the days that differ, back to horaires.js's payload. */
  function decoderSemaine(texte) {
    var p = String(texte || "").split("|");
    if (p.length < 10 || !/^\d{4}-\d\d-\d\d$/.test(p[0])) return null;
    var ecarts = {};
    p[9].split(" ").filter(Boolean).forEach(function (e) {
      var k = e.indexOf("=");
      ecarts[e.slice(0, k)] = e.slice(k + 1);
    });
    var intervalles = [];
    var jour = p[0];
    for (var n = 0; jour < p[1] && n < 400; n++) {
      var semaine = (new Date(jour + "T00:00:00Z").getUTCDay() + 6) % 7;
      var lendemain = ajouterJours(jour, 1);
      plages(jour, lendemain, n in ecarts ? ecarts[n] : p[2 + semaine], intervalles);
      jour = lendemain;
    }
    return { du: p[0], jusqu_au: p[1], intervalles: intervalles };
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

  /* Whether a typed word stands for a word of a term: the same, misspelt by one letter
   * (five letters or more) or two (eight or more), or its start (five letters or more). */
  function motProche(tape, terme, dernier) {
    if (tape === terme) return true;
    if (tape.length < 5 || terme.length < 5) return false;
    if (dernier && terme.lastIndexOf(tape, 0) === 0) return true;
    return distance(tape, terme, terme.length >= 8 ? 2 : 1) <= (terme.length >= 8 ? 2 : 1);
  }

  /* distances.js (« 800 m », « 3,2 km », « 12 km », as formats.distance_fr), looked up
     when used. */
  function distanceKm(lat1, lon1, lat2, lon2) {
    return global.GuideDistances.km(lat1, lon1, lat2, lon2);
  }

  function distanceTexte(km) {
    return global.GuideDistances.texte(km);
  }

  function telHref(numero) {
    return "tel:" + String(numero).replace(/[^0-9+]/g, "");
  }

  /* A result's phone line: the number as a link that calls it. */
  function ligneTel(tel) {
    var p = el("p", "gs-resultat__tel");
    var a = el("a", "gs-tel", tel);
    a.href = telHref(tel);
    p.appendChild(a);
    return p;
  }

  /* --- The needs and places index ------------------------------------------------------- */

  function Index(brut) {
    var self = this;
    this.brut = brut;
    this.themes = brut.themes;
    this.types = brut.types;
    this.communes = brut.communes;
    this.partenaires = brut.partenaires;
    this.parties = brut.parties || [];
    this.numeros = {};
    brut.numeros.forEach(function (n) { self.numeros[n[0]] = n; });
    // Words that carry no need and no name, in the page's language and in French: left
    // out of the matching and of the text search (besoins.yml, mots_vides).
    this.vides = {};
    (brut.vides || []).forEach(function (m) { self.vides[m] = true; });
    this.lieux = brut.lieux.map(function (l, i) {
      return {
        rang: i, id: l[0], nom: l[1], type: l[2], commune: l[3], lat: l[4], lon: l[5],
        themes: l[6], drapeaux: l[7], tel: l[8], partenaire: l[9],
        horaires: l[10] >= 0 ? brut.horaires[l[10]] : "",
        pf: l[11], publics: l[12], permanences: l[13], zone: l[14],
        mots: jetons(l[1])
      };
    });
    this.parPagefind = {};
    this.parPartenaire = {};
    this.lieux.forEach(function (l) {
      if (l.pf) self.parPagefind[l.pf] = l;
      (self.parPartenaire[l.partenaire] = self.parPartenaire[l.partenaire] || []).push(l);
    });
    this.partenaireParPagefind = {};
    this.partenaires.forEach(function (p, i) { if (p[2]) self.partenaireParPagefind[p[2]] = i; });
    // Terms of the needs, longest first: "violences conjugales" before "violences".
    this.termes = [];
    brut.besoins.forEach(function (b, i) {
      b[2].forEach(function (t) { self.termes.push({ mots: t.split(" "), besoin: i }); });
    });
    this.termes.sort(function (a, b) { return b.mots.length - a.mots.length; });
    // Communes by folded name, by name without its article or its "-sur-..." part when
    // that short name is unique, and by postcode (the most populated first).
    this.nomsCommunes = {};
    var courts = {};
    this.communes.forEach(function (c, i) {
      var nom = jetons(c[1]).join(" ").replace(/^st /, "saint ");
      self.nomsCommunes[nom] = i;
      var court = nom.replace(/^(la|le|les|l) /, "").split(/ (sur|en|les|lez|de|du|la) /)[0];
      if (court !== nom && court.length >= 5) (courts[court] = courts[court] || []).push(i);
    });
    Object.keys(courts).forEach(function (nom) {
      if (courts[nom].length === 1 && !(nom in self.nomsCommunes)) {
        self.nomsCommunes[nom] = courts[nom][0];
      }
    });
    this.codesPostaux = {};
    this.communes.forEach(function (c, i) {
      c[2].forEach(function (cp) { (self.codesPostaux[cp] = self.codesPostaux[cp] || []).push(i); });
    });
    var servies = {};
    this.lieux.forEach(function (l) { servies[l.commune] = (servies[l.commune] || 0) + 1; });
    Object.keys(this.codesPostaux).forEach(function (cp) {
      self.codesPostaux[cp].sort(function (a, b) {
        return (servies[b] || 0) - (servies[a] || 0) || a - b;
      });
    });
    this.parInsee = {};
    this.communes.forEach(function (c, i) { self.parInsee[c[0]] = i; });
  }

  /* A commune in the words typed: {commune, positions} or null. */
  Index.prototype.trouverCommune = function (mots) {
    var i;
    var n;
    for (i = 0; i < mots.length; i++) {
      if (/^\d{5}$/.test(mots[i]) && this.codesPostaux[mots[i]]) {
        return { commune: this.codesPostaux[mots[i]][0], positions: [i] };
      }
    }
    for (n = Math.min(6, mots.length); n >= 1; n--) {
      for (i = 0; i + n <= mots.length; i++) {
        var nom = mots.slice(i, i + n).join(" ").replace(/^st /, "saint ");
        if (nom in this.nomsCommunes && (n > 1 || nom.length >= 4)) {
          var positions = [];
          for (var k = i; k < i + n; k++) positions.push(k);
          return { commune: this.nomsCommunes[nom], positions: positions };
        }
      }
    }
    return null;
  };

  /* The needs named by the words typed, and the positions of the words they explain. */
  Index.prototype.trouverBesoins = function (mots, pris) {
    var besoins = [];
    var utilises = {};
    for (var t = 0; t < this.termes.length; t++) {
      var terme = this.termes[t];
      var n = terme.mots.length;
      for (var i = 0; i + n <= mots.length; i++) {
        var ok = true;
        for (var k = 0; k < n && ok; k++) {
          ok = !pris[i + k] && !utilises[i + k] &&
            motProche(mots[i + k], terme.mots[k], i + k === mots.length - 1);
        }
        if (!ok) continue;
        for (k = 0; k < n; k++) utilises[i + k] = true;
        if (besoins.indexOf(terme.besoin) < 0) besoins.push(terme.besoin);
        break;
      }
    }
    return { besoins: besoins, utilises: utilises };
  };

  Index.prototype.besoin = function (i) {
    var b = this.brut.besoins[i];
    return { id: b[0], libelle: b[1], themes: b[3], types: b[4], mots: b[5], numeros: b[6] };
  };

  Index.prototype.theme = function (i) { return this.themes[i][0]; };

  /* Whether a place may receive someone living in this commune (its zone_eligibilite:
   * INSEE codes, département codes or "france", as catalogue.communes_servies reads it).
   * Where the person lives is unknown (a position, or nothing): `prudent` keeps only the
   * places open to everyone, as the catalogue's nearest premier accueil does. */
  Index.prototype.eligible = function (lieu, communeIndex, prudent) {
    if (!lieu.zone || lieu.zone.indexOf("france") >= 0) return true;
    if (communeIndex === null || communeIndex === undefined) return !prudent;
    var c = this.communes[communeIndex];
    return lieu.zone.indexOf(c[0]) >= 0 || lieu.zone.indexOf(c[5]) >= 0;
  };

  /* --- The page ------------------------------------------------------------------------------ */

  function Recherche(racine, bundle, baseUrl) {
    this.racine = racine;
    this.bundle = bundle;
    this.baseUrl = baseUrl;
    this.site = racine.getAttribute("data-racine") || "./";
    this.form = racine.querySelector("#gs-recherche-form");
    this.filtres = global.GuideFiltres.lire(this.form);
    this.cles = this.filtres.map(function (f) { return f.cle; });
    this.champ = racine.querySelector("#gs-q");
    this.ou = racine.querySelector("#gs-ou");
    this.statut = racine.querySelector("#gs-recherche-statut");
    this.liste = racine.querySelector("#gs-recherche-resultats");
    this.plus = racine.querySelector("#gs-recherche-plus");
    this.repli = racine.querySelector("#gs-recherche-repli");
    this.blocNumeros = racine.querySelector("#gs-recherche-numeros");
    this.blocPages = racine.querySelector("#gs-recherche-pages");
    this.secours = racine.querySelector(".gs-recherche__secours");
    this.moteur = null;
    this.index = null;
    this.vocabulaire = null;
    this.numero = 0;
    this.enCours = null;
  }

  Recherche.prototype.charger = function () {
    var self = this;
    if (!this.index) {
      var lieux = this.racine.getAttribute("data-lieux");
      this.index = fetch(lieux ? urlAbsolue(lieux) : this.bundle + "gs-lieux.json",
        { credentials: "same-origin" })
        .then(function (r) {
          if (!r.ok) throw new Error("gs-lieux.json " + r.status);
          return r.json();
        }).then(function (brut) {
          var index = new Index(brut);
          self.remplirCommunes(index);
          return index;
        });
    }
    if (!this.moteur) {
      var options = { baseUrl: self.baseUrl, excerptLength: 20 };
      var pret = import(this.bundle + "pagefind.js").then(function (pagefind) {
        return pagefind.options(options).then(function () { return pagefind; });
      });
      // A large guide's index comes in parts (search.py): each is merged into the first
      // before any query, so that a query searches them all. A part that cannot be read
      // (offline, never fetched) leaves the others searchable.
      this.moteur = Promise.all([pret, this.index]).then(function (deux) {
        var pagefind = deux[0];
        return Promise.all(deux[1].parties.map(function (partie) {
          return pagefind.mergeIndex(new URL(partie, self.bundle).href, options)
            .catch(function () { return null; });
        })).then(function () { return pagefind; });
      });
    }
    return Promise.all([this.moteur, this.index]).then(function (deux) {
      self.pret = true;
      return { pagefind: deux[0], index: deux[1] };
    });
  };

  Recherche.prototype.chargerVocabulaire = function () {
    if (!this.vocabulaire) {
      this.vocabulaire = fetch(this.bundle + "gs-vocabulaire.json", { credentials: "same-origin" })
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

  Recherche.prototype.remplirCommunes = function (index) {
    var liste = this.racine.querySelector("#gs-ou-liste");
    if (!liste || liste.childNodes.length) return;
    var doc = global.document;
    index.communes.slice().sort(function (a, b) { return a[1].localeCompare(b[1], "fr"); })
      .forEach(function (c) {
        var o = doc.createElement("option");
        o.value = c[1];
        if (c[2].length) o.label = c[1] + " (" + c[2].join(", ") + ")";
        liste.appendChild(o);
      });
  };

  Recherche.prototype.etat = function () {
    var f = this.form.elements;
    var e = { q: f.q.value.trim().slice(0, 200), commune: f.commune.value,
      autour: f.autour.value, ou: this.ou.value.trim() };
    var choisis = global.GuideFiltres.etat(this.form, this.filtres);
    Object.keys(choisis).forEach(function (cle) { e[cle] = choisis[cle]; });
    return e;
  };

  Recherche.prototype.lireAdresse = function () {
    var params = new URLSearchParams(global.location.search);
    var f = this.form.elements;
    Object.keys(ANCIENS).forEach(function (ancien) {
      if (params.has(ancien) && !params.has(ANCIENS[ancien])) {
        params.set(ANCIENS[ancien], params.get(ancien));
      }
    });
    if (params.has("q")) f.q.value = params.get("q");
    if (params.has("commune")) f.commune.value = params.get("commune");
    var autour = params.get("autour") || "";
    f.autour.value = /^-?\d{1,2}(\.\d+)?,-?\d{1,3}(\.\d+)?$/.test(autour) ? autour : "";
    if (params.has("ou") && !f.commune.value) this.ou.value = params.get("ou");
    global.GuideFiltres.depuisAdresse(this.form, this.filtres, params);
    this.compterFiltres();
  };

  Recherche.prototype.adresse = function (e, sansFiltres) {
    // Other parameters (such as ?maintenant=2026-11-23T10:00 for horaires.js) are kept
    // exactly as written: re-encoding their ":" would hide them from horaires.js.
    var NOMS = ["q", "commune", "autour", "ou", "sans_rdv"].concat(this.cles);
    var parties = global.location.search.replace(/^\?/, "").split("&").filter(function (p) {
      return p && NOMS.indexOf(decodeURIComponent(p.split("=")[0])) < 0;
    });
    ["q", "commune", "autour"].concat(sansFiltres ? [] : this.cles)
      .forEach(function (nom) {
        var v = e[nom];
        if (v === true) parties.push(nom + "=1");
        else if (v) parties.push(nom + "=" + encodeURIComponent(v).replace(/%20/g, "+")
          .replace(/%2C/g, ","));
      });
    var texte = parties.join("&");
    return global.location.pathname + (texte ? "?" + texte : "");
  };

  Recherche.prototype.compterFiltres = function () {
    var e = this.etat();
    var n = this.cles.filter(function (nom) { return e[nom]; }).length;
    var marque = this.racine.querySelector("#gs-nb-filtres");
    if (marque) marque.textContent = n ? " (" + n + ")" : "";
    if (n) this.racine.querySelector("#gs-filtres").open = true;
  };

  Recherche.prototype.annoncer = function (texte) {
    this.statut.textContent = texte;
  };

  /* The commune typed in "Où ?" (name or postcode), as the hidden `commune` field. */
  Recherche.prototype.resoudreOu = function (index, e) {
    if (e.ou) {
      var trouve = index.trouverCommune(jetons(e.ou));
      e.commune = trouve ? index.communes[trouve.commune][0] : "";
      e.ouInconnu = !trouve;
      if (trouve) e.autour = "";
    } else if (e.commune && e.commune in index.parInsee) {
      this.ou.value = index.communes[index.parInsee[e.commune]][1];
    } else if (!e.autour) {
      e.commune = "";
    }
    this.form.elements.commune.value = e.commune;
    this.form.elements.autour.value = e.autour;
  };

  Recherche.prototype.lancer = function () {
    var self = this;
    var e = this.etat();
    var numero = ++this.numero;
    this.racine.setAttribute("data-gs-etat", "recherche");
    var actif = e.q || e.commune || e.autour || e.ou ||
      this.cles.some(function (nom) { return e[nom]; });
    if (!actif) {
      this.vider();
      global.history.replaceState(null, "", this.adresse(e));
      this.annoncer("");
      this.racine.setAttribute("data-gs-etat", "fini");
      return Promise.resolve();
    }
    var horaires = global.GuideHoraires;
    var maintenant = horaires ? horaires.maintenant() : null;
    if (e.ouvert && !horaires) e.ouvert = false;
    if (!this.pret) this.annoncer(_("Chargement de la recherche…"));
    return this.charger().then(function (outils) {
      self.resoudreOu(outils.index, e);
      global.history.replaceState(null, "", self.adresse(e));
      return self.chercher(outils, e, maintenant).then(function (r) {
        if (numero !== self.numero) return;
        self.afficher(r);
      });
    }).catch(function (erreur) {
      if (numero !== self.numero) return;
      self.echec(erreur);
    }).then(function () {
      if (numero === self.numero) self.racine.setAttribute("data-gs-etat", "fini");
    });
  };

  /* Pagefind's results for a text, as [{id, rang, total}], or [] (never throws). */
  function texte(pagefind, terme) {
    if (!terme) return Promise.resolve([]);
    return pagefind.search(terme).then(function (res) {
      return res.results.map(function (r, i) {
        return { id: r.id, rang: i, total: res.results.length, resultat: r };
      });
    }).catch(function () { return []; });
  }

  Recherche.prototype.chercher = function (outils, e, maintenant) {
    var self = this;
    var index = outils.index;
    var pagefind = outils.pagefind;
    var mots = jetons(e.q);
    var pris = {};
    // Where: a position, the commune chosen, or a commune named in the query.
    var lieu = null;
    var communeIndex = null;
    if (e.autour) {
      var xy = e.autour.split(",");
      lieu = { lat: +xy[0], lon: +xy[1], nom: _("votre position") };
    } else if (e.commune && e.commune in index.parInsee) {
      communeIndex = index.parInsee[e.commune];
    }
    var nommee = index.trouverCommune(mots);
    if (nommee && (nommee.positions.length < mots.length)) {
      nommee.positions.forEach(function (p) { pris[p] = true; });
      if (!lieu && communeIndex === null) communeIndex = nommee.commune;
    } else if (nommee && !lieu && communeIndex === null) {
      // Only a commune (or a postcode): its places.
      nommee.positions.forEach(function (p) { pris[p] = true; });
      communeIndex = nommee.commune;
    }
    if (communeIndex !== null) {
      var c = index.communes[communeIndex];
      lieu = c[3] !== null ? { lat: c[3], lon: c[4], nom: c[1] } : { nom: c[1] };
    }
    var trouves = index.trouverBesoins(mots, pris);
    var besoins = trouves.besoins.map(function (i) { return index.besoin(i); });
    var reste = mots.filter(function (m, i) {
      return !pris[i] && !trouves.utilises[i] && !index.vides[m];
    });
    // Text searches: the words no need explains (or, when a need explains them all, the
    // need's words in the records, e.g. "femmes" for violence).
    var libre = reste.join(" ");
    // The words typed but the commune are also looked for in the text (a name: "secours
    // populaire", "croix rouge"), weighing less when a need already explains them.
    var principal = libre || mots.filter(function (m, i) { return !pris[i]; }).join(" ");
    var recherches = [texte(pagefind, principal)];
    var motsBesoins = [];
    besoins.forEach(function (b) {
      b.mots.forEach(function (m) { if (motsBesoins.indexOf(m) < 0) motsBesoins.push(m); });
    });
    motsBesoins.slice(0, 6).forEach(function (m) { recherches.push(texte(pagefind, m)); });

    return Promise.all(recherches).then(function (listes) {
      var t = { principal: listes[0], secondaires: listes.slice(1), corrige: null,
        poids: libre ? 1 : 0.5 };
      if (t.principal.length || !principal || besoins.length) return t;
      // Nothing for the words typed: the closest known words, searched once more.
      return self.corriger(principal).then(function (corrige) {
        if (!corrige) return t;
        return texte(pagefind, corrige).then(function (p) {
          t.principal = p;
          t.corrige = corrige;
          return t;
        });
      });
    }).then(function (t) {
      return self.classer(index, e, maintenant, {
        mots: mots, reste: reste, besoins: besoins, lieu: lieu, communeIndex: communeIndex,
        principal: t.principal, secondaires: t.secondaires, corrige: t.corrige,
        poids: t.poids, nommee: nommee, nom: mots.filter(function (m, i) {
          return !pris[i] && !index.vides[m];
        })
      });
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

  Recherche.prototype.classer = function (index, e, maintenant, q) {
    var scores = {};
    function ajouter(lieu, points) {
      scores[lieu.rang] = (scores[lieu.rang] || 0) + points;
    }
    // Text hits do not add up: a page that holds several of the words, its partner's page
    // and the words of the need count as the best of them, so mere mentions stay weak.
    var textes = {};
    var plusieurs = {};
    function ajouterTexte(lieu, points) {
      textes[lieu.rang] = Math.max(textes[lieu.rang] || 0, points);
    }
    var pages = [];
    var pagesVues = {};
    // Text hits: a place's page, or its partner's (shown through its places).
    function lireTexte(liste, poids, mot) {
      liste.forEach(function (h) {
        // A page holding a word of the need ("addictions", "victimes") is a candidate
        // whatever its rank; the words typed weigh by Pagefind's rank.
        var haut = 1 - h.rang / Math.max(1, h.total);
        var part = mot ? 2.5 + 1.5 * haut : poids * (1 + 3 * haut);
        var lieu = index.parPagefind[h.id];
        if (lieu) {
          ajouterTexte(lieu, part);
          // Each further word of the need found on the page adds a little.
          if (mot) plusieurs[lieu.rang] = (plusieurs[lieu.rang] || -1) + 1;
          return;
        }
        var p = index.partenaireParPagefind[h.id];
        if (p !== undefined) {
          (index.parPartenaire[p] || []).forEach(function (l) { ajouterTexte(l, part * 0.6); });
          return;
        }
        if (poids >= 0.5 && !pagesVues[h.id]) {
          pagesVues[h.id] = true;
          pages.push(h);
        }
      });
    }
    lireTexte(q.principal, q.poids);
    q.secondaires.forEach(function (l) { lireTexte(l, 0.9, true); });
    Object.keys(textes).forEach(function (rang) {
      scores[rang] = textes[rang] + 0.75 * Math.max(0, plusieurs[rang] || 0);
    });

    // The needs: thématiques and kinds, the first ones named weighing most.
    var veut = {};
    var categories = {};
    var types = {};
    q.besoins.forEach(function (b) {
      b.themes.forEach(function (t, i) {
        var poids = i === 0 ? 7 : 6;
        if (t.indexOf("--") > 0) veut[t] = Math.max(veut[t] || 0, poids);
        else categories[t] = Math.max(categories[t] || 0, 4);
      });
      b.types.forEach(function (t, i) {
        types[t] = Math.max(types[t] || 0, i === 0 ? 7 : 4.5);
      });
    });
    // A place answers well when the need or its name does; premier accueil and fresh
    // records only break ties, they never make a place relevant.
    var motsNom = q.nom.filter(function (m) { return m.length >= 2; });
    var forts = {};
    var bonus = {};
    index.lieux.forEach(function (lieu) {
      var points = 0;
      var themesLieu = lieu.themes.map(function (t) { return index.theme(t); });
      var meilleur = 0;
      themesLieu.forEach(function (t) {
        meilleur = Math.max(meilleur, veut[t] || 0, categories[t.split("--")[0]] || 0);
      });
      points += meilleur;
      points += types[index.types[lieu.type][0]] || 0;
      if (motsNom.length && motsNom.every(function (m) {
        return lieu.mots.some(function (n) {
          return n === m || (m.length >= 4 && n.lastIndexOf(m, 0) === 0);
        });
      })) points += 4;
      if (points) {
        forts[lieu.rang] = true;
        ajouter(lieu, points);
      }
      // A premier accueil that answers the need comes first among equals; one that merely
      // mentions a word does not outrank the specialised place that does too.
      bonus[lieu.rang] = points ? (lieu.drapeaux & D.pa ? 1 : 0) +
        (lieu.drapeaux & D.perime ? 0 : 0.5) : (lieu.drapeaux & D.perime ? 0 : 0.2);
    });

    var aucunCritere = !q.besoins.length && !q.reste.length && !q.principal.length;
    var ci = q.communeIndex;
    function dansCommune(l) {
      return ci !== null && (l.commune === ci || l.permanences.indexOf(ci) >= 0);
    }
    // In the commune asked for, any match counts: a small commune's few places all matter.
    var candidats = index.lieux.filter(function (l) {
      var s = scores[l.rang] || 0;
      return aucunCritere || s >= SEUIL || (s > 0 && dansCommune(l));
    });
    candidats.forEach(function (l) { scores[l.rang] = (scores[l.rang] || 0) + bonus[l.rang]; });
    // Distances, eligibility, the commune's own places.
    var point = q.lieu && q.lieu.lat !== undefined ? q.lieu : null;
    candidats.forEach(function (l) {
      l.km = point && l.lat !== null ? distanceKm(point.lat, point.lon, l.lat, l.lon) : null;
    });
    candidats = candidats.filter(function (l) { return index.eligible(l, ci); });
    var filtres = this.filtrer(index, e, maintenant);
    var retenus = candidats.filter(filtres);
    function ordre(a, b) {
      if (ci !== null) {
        var da = dansCommune(a) ? 0 : 1;
        var db = dansCommune(b) ? 0 : 1;
        if (da !== db) return da - db;
        if (da === 0) return (scores[b.rang] || 0) - (scores[a.rang] || 0) || a.rang - b.rang;
      }
      if (point) {
        var ka = a.km === null ? Infinity : a.km;
        var kb = b.km === null ? Infinity : b.km;
        if (ka !== kb) return ka - kb;
      }
      return (scores[b.rang] || 0) - (scores[a.rang] || 0) || a.rang - b.rang;
    }
    retenus.sort(ordre);
    var nbCommune = retenus.filter(dansCommune).length;
    // The nearest premier accueil that may receive this person, for the fallback.
    var accueils = index.lieux.filter(function (l) {
      return (l.drapeaux & D.pa) && index.eligible(l, ci, true);
    });
    accueils.forEach(function (l) {
      l.km = point && l.lat !== null ? distanceKm(point.lat, point.lon, l.lat, l.lon) : null;
    });
    accueils.sort(function (a, b) {
      if (point) return (a.km === null ? Infinity : a.km) - (b.km === null ? Infinity : b.km);
      return (scores[b.rang] || 0) - (scores[a.rang] || 0) || a.rang - b.rang;
    });
    return {
      e: e, q: q, maintenant: maintenant, index: index, lieux: retenus, scores: scores,
      veut: veut, categories: categories, pages: pages,
      sansFiltres: candidats.length, nbCommune: nbCommune, accueils: accueils,
      faible: !aucunCritere && !retenus.some(function (l) { return forts[l.rang]; }),
      affiches: 0, point: point, aucunCritere: aucunCritere
    };
  };

  Recherche.prototype.filtrer = function (index, e, maintenant) {
    var horaires = global.GuideHoraires;
    // What a place of the index holds for the properties the list filters name.
    var valeurs = {
      categories: function (l) {
        return l.themes.map(function (t) { return index.theme(t).split("--")[0]; });
      },
      publics: function (l) {
        return l.publics.map(function (p) { return index.brut.publics[p][0]; });
      }
    };
    var ouvert = function (l) {
      var h = l.horaires ? decoderSemaine(l.horaires) : null;
      return !!h && horaires.estOuvert(h.intervalles, maintenant);
    };
    var actifs = this.filtres.filter(function (f) { return e[f.cle]; });
    return function (l) {
      return actifs.every(function (f) {
        if (f.drapeau) return !!(l.drapeaux & f.drapeau);
        if (!f.propriete) return f.cle === "ouvert" ? ouvert(l) : true;
        return global.GuideFiltres.passe(valeurs[f.propriete] ? valeurs[f.propriete](l) : [],
          f, e[f.cle]);
      });
    };
  };

  Recherche.prototype.vider = function () {
    this.liste.textContent = "";
    this.plus.hidden = true;
    this.repli.hidden = true;
    this.repli.textContent = "";
    this.blocNumeros.hidden = true;
    this.blocNumeros.textContent = "";
    this.blocPages.hidden = true;
    this.blocPages.querySelector("[data-pages]").textContent = "";
  };

  Recherche.prototype.afficher = function (r) {
    this.vider();
    this.enCours = r;
    // Thin: few places, none in the commune, or only places that merely contain a word.
    var mince = r.lieux.length < MINCE || r.faible ||
      (r.q.communeIndex !== null && r.nbCommune === 0);
    this.suite(false);
    var numeros = this.numerosDuBesoin(r);
    if (mince) this.afficherRepli(r, numeros);
    else if (numeros.length) this.afficherNumeros(this.blocNumeros, numeros, "h2");
    this.afficherPages(r);
    this.compter(r, mince);
  };

  Recherche.prototype.numerosDuBesoin = function (r) {
    var vus = [];
    r.q.besoins.forEach(function (b) {
      b.numeros.forEach(function (n) { if (vus.indexOf(n) < 0 && r.index.numeros[n]) vus.push(n); });
    });
    return vus.map(function (n) { return r.index.numeros[n]; });
  };

  Recherche.prototype.suite = function (focaliser) {
    var r = this.enCours;
    if (!r) return;
    var premier = null;
    var self = this;
    r.lieux.slice(r.affiches, r.affiches + PAR_PAGE).forEach(function (l) {
      var li = self.element(r, l);
      if (!premier) premier = li;
      self.liste.appendChild(li);
    });
    r.affiches = Math.min(r.lieux.length, r.affiches + PAR_PAGE);
    this.plus.hidden = r.affiches >= r.lieux.length;
    if (focaliser && premier) premier.querySelector("a").focus();
  };

  function el(nom, classe, texte) {
    var e = global.document.createElement(nom);
    if (classe) e.className = classe;
    if (texte) e.textContent = texte;
    return e;
  }

  /* The open/closed line of a place (sans rendez-vous hours), or why there is none. */
  function ligneHoraires(l, maintenant) {
    var h = l.horaires ? decoderSemaine(l.horaires) : null;
    if (h && global.GuideHoraires) {
      var etat = global.GuideHoraires.etat(h, maintenant);
      var ligne = T.langue() === "fr" ? etat.texte
        .replace("Ouvert maintenant", "Sans rendez-vous : ouvert")
        .replace(/^Fermé/, "Sans rendez-vous : fermé")
        : _("Sans rendez-vous : {etat}", { etat: etat.texte });
      return el("p", "gs-etat gs-etat--" + etat.etat, ligne);
    }
    return el("p", "gs-etat gs-etat--inconnu", l.drapeaux & D.horaires
      ? _("Horaires sans rendez-vous non renseignés") : _("Horaires non renseignés"));
  }

  Recherche.prototype.lienLieu = function (l, classe) {
    var a = el("a", classe, l.nom);
    a.href = this.site + "lieux/" + l.id + "/";
    return a;
  };

  Recherche.prototype.element = function (r, l) {
    var index = r.index;
    var li = el("li", "gs-resultat");
    li.setAttribute("data-lieu", l.id);
    li.appendChild(this.lienLieu(l, "gs-resultat__titre"));
    var ou = [index.types[l.type][1], index.communes[l.commune][1]];
    if (l.km !== null && l.km !== undefined) ou.push("à " + distanceTexte(l.km));
    li.appendChild(el("p", "gs-resultat__adresse", ou.join(" · ")));
    var badges = el("p", "gs-resultat__badges");
    function badge(texte, classe) {
      if (badges.childNodes.length) badges.appendChild(global.document.createTextNode(" "));
      badges.appendChild(el("span", "gs-badge" + (classe ? " gs-badge--" + classe : ""), texte));
    }
    if (l.drapeaux & D.pa) badge(_("Premier accueil social"), "premier-accueil");
    if (l.drapeaux & D.sansRdv) badge(_("Sans rendez-vous"));
    if (l.drapeaux & D.surRdv) badge(_("Sur rendez-vous"));
    if (l.drapeaux & D.referents) badge(_("Référents nommés"), "referents");
    if (badges.childNodes.length) li.appendChild(badges);
    li.appendChild(ligneHoraires(l, r.maintenant));
    // Two or three themes, those of the need first.
    var themes = l.themes.map(function (t) { return index.themes[t]; });
    themes.sort(function (a, b) {
      var va = (r.veut[a[0]] || r.categories[a[0].split("--")[0]]) ? 0 : 1;
      var vb = (r.veut[b[0]] || r.categories[b[0].split("--")[0]]) ? 0 : 1;
      return va - vb;
    });
    if (themes.length) {
      li.appendChild(el("p", "gs-resultat__themes", themes.slice(0, 3).map(function (t) {
        return t[1];
      }).join(" · ")));
    }
    if (l.tel) li.appendChild(ligneTel(l.tel));
    return li;
  };

  Recherche.prototype.afficherNumeros = function (bloc, numeros, niveau) {
    bloc.appendChild(el(niveau, "gs-recherche__sous-titre", _("Numéros d'urgence et d'écoute")));
    var ul = el("ul", "gs-recherche__tels");
    numeros.forEach(function (n) {
      var li = el("li");
      var a = el("a", "gs-tel gs-tel--urgence", n[0]);
      a.href = n[1];
      li.appendChild(a);
      li.appendChild(global.document.createTextNode(" " + n[2]));
      ul.appendChild(li);
    });
    bloc.appendChild(ul);
    bloc.hidden = false;
  };

  Recherche.prototype.afficherRepli = function (r, numeros) {
    var bloc = this.repli;
    var titre = el("h2", "", r.lieux.length ? _("Pour aller plus loin") : _("Où aller quand même"));
    titre.id = "gs-repli-titre";
    bloc.appendChild(titre);
    // 1. The nearest premier accueil social: it receives any request.
    var accueils = r.point ? r.accueils.slice(0, 1) : r.accueils.slice(0, 3);
    if (accueils.length) {
      bloc.appendChild(el("h3", "", r.point ? _("Le premier accueil social le plus proche")
        : _("Les lieux de premier accueil social")));
      var ul = el("ul", "gs-recherche__accueils");
      var self = this;
      accueils.forEach(function (l) {
        var li = el("li", "gs-resultat gs-resultat--accueil");
        li.appendChild(self.lienLieu(l, "gs-resultat__titre"));
        var ou = [r.index.communes[l.commune][1]];
        if (l.km !== null && l.km !== undefined) ou.push("à " + distanceTexte(l.km));
        li.appendChild(el("p", "gs-resultat__adresse", ou.join(" · ")));
        li.appendChild(el("p", "gs-resultat__promesse", _("On y reçoit toute demande, " +
          "quelle que soit votre situation. C'est gratuit.")));
        li.appendChild(ligneHoraires(l, r.maintenant));
        if (l.tel) li.appendChild(ligneTel(l.tel));
        ul.appendChild(li);
      });
      bloc.appendChild(ul);
      if (!r.point) {
        bloc.appendChild(el("p", "gs-recherche__aide",
          _("Indiquez votre commune (« Où ? ») pour voir le plus proche de chez vous.")));
      }
    }
    // 2. The emergency numbers of the need.
    if (numeros.length) this.afficherNumeros(bloc, numeros, "h3");
    // 3. The same need without the filters that emptied it.
    var e = r.e;
    var filtre = this.cles.some(function (nom) { return e[nom]; });
    if (filtre && r.sansFiltres > r.lieux.length) {
      var p = el("p", "gs-recherche__sans-filtres");
      var a = el("a", "", _("Voir les {n} lieux de cette recherche sans les filtres",
        { n: r.sansFiltres }));
      a.href = this.adresse(e, true);
      var self2 = this;
      a.addEventListener("click", function (ev) {
        ev.preventDefault();
        global.GuideFiltres.vider(self2.form, self2.filtres);
        self2.compterFiltres();
        self2.lancer();
      });
      p.appendChild(a);
      bloc.appendChild(p);
    }
    bloc.hidden = false;
  };

  Recherche.prototype.afficherPages = function (r) {
    var pages = r.pages.slice(0, MAX_PAGES);
    if (!pages.length) return;
    var ul = this.blocPages.querySelector("[data-pages]");
    var self = this;
    Promise.all(pages.map(function (h) { return h.resultat.data(); })).then(function (donnees) {
      if (self.enCours !== r) return;
      donnees.forEach(function (d) {
        // Generated lists (communes, themes, map, data) are reached by the links above.
        if (/\/(lieux|partenaires|communes|themes|carte|donnees)\//.test(d.url)) return;
        var li = el("li");
        var a = el("a", "", (d.meta && (d.meta.titre || d.meta.title)) || d.url);
        a.href = d.url;
        li.appendChild(a);
        ul.appendChild(li);
      });
      self.blocPages.hidden = !ul.childNodes.length;
    }).catch(function () {});
  };

  Recherche.prototype.compter = function (r, mince) {
    var n = r.lieux.length;
    var q = r.q;
    var ou = q.lieu ? q.lieu.nom : "";
    var quoi = q.besoins.length ? q.besoins.map(function (b) { return b.libelle; }).join(", ")
      : q.reste.join(" ");
    var texte;
    var v = { ou: ou, quoi: quoi };
    if (n === 0) {
      if (q.communeIndex !== null) {
        texte = quoi ? _("Rien à {ou} pour « {quoi} ».", v) : _("Rien à {ou}.", v);
      } else if (q.lieu) {
        texte = quoi ? _("Aucun lieu trouvé pour « {quoi} » près de votre position.", v)
          : _("Aucun lieu trouvé près de votre position.");
      } else {
        texte = quoi ? _("Aucun lieu trouvé pour « {quoi} ».", v) : _("Aucun lieu trouvé.");
      }
    } else {
      var compte = quoi ? _n("{n} lieu pour « {quoi} »", "{n} lieux pour « {quoi} »", n, v)
        : _n("{n} lieu", "{n} lieux", n);
      if (q.communeIndex !== null) {
        if (r.nbCommune === 0) {
          var proche = r.lieux[0];
          var rien = quoi ? _("Rien à {ou} pour « {quoi} »", v) : _("Rien à {ou}", v);
          texte = proche.km !== null && proche.km !== undefined
            ? _("{rien} ; le plus proche : {nom} à {distance}.",
              { rien: rien, nom: proche.nom, distance: distanceTexte(proche.km) })
            : _("{rien} ; le plus proche : {nom}.", { rien: rien, nom: proche.nom });
        } else {
          var w = { compte: compte, k: r.nbCommune, ou: ou };
          texte = n > r.nbCommune ? _("{compte} : {k} à {ou}, les autres autour.", w)
            : _("{compte} : {k} à {ou}.", w);
        }
      } else if (r.point) {
        texte = _("{compte}, les plus proches de votre position d'abord.", { compte: compte });
      } else {
        texte = compte + ".";
      }
    }
    if (r.q.corrige) {
      texte = _("Aucun résultat pour « {q} ». Recherche faite avec « {corrige} ». {suite}",
        { q: r.e.q, corrige: r.q.corrige, suite: texte });
    }
    if (r.e.ouInconnu) {
      texte = _("Commune « {ou} » inconnue : vérifiez l'orthographe. {suite}",
        { ou: r.e.ou, suite: texte });
    }
    if (mince && n === 0) texte += " " + _("Voici où aller quand même.");
    this.annoncer(texte);
  };

  Recherche.prototype.echec = function () {
    this.annoncer(_("La recherche ne fonctionne pas sur cet appareil."));
    if (this.secours) this.secours.hidden = false;
  };

  Recherche.prototype.autourDeMoi = function () {
    var self = this;
    var bouton = this.racine.querySelector("#gs-autour-bouton");
    if (!bouton || !("geolocation" in global.navigator)) return;
    bouton.hidden = false;
    bouton.addEventListener("click", function () {
      self.annoncer(_("Recherche de votre position…"));
      global.navigator.geolocation.getCurrentPosition(function (position) {
        // Three decimals (about 100 m): enough to sort by distance, and what the address
        // shows if the link is shared.
        self.form.elements.autour.value = position.coords.latitude.toFixed(3) + "," +
          position.coords.longitude.toFixed(3);
        self.form.elements.commune.value = "";
        self.ou.value = "";
        self.racine.querySelector("#gs-position").hidden = false;
        self.lancer();
      }, function () {
        self.annoncer(_("Votre position n'est pas disponible. Tapez le nom de votre commune."));
      }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 });
    });
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
    this.ou.addEventListener("change", function () {
      self.form.elements.commune.value = "";
      self.form.elements.autour.value = "";
    });
    this.form.addEventListener("change", function (ev) {
      if (ev.target === self.champ) return;
      self.compterFiltres();
      self.lancer();
    });
    this.plus.addEventListener("click", function () { self.suite(true); });
    this.autourDeMoi();
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
    // Pagefind's addresses start at the site's root; pages of another language than French
    // link within theirs (data-racine) and read their own places index (data-lieux).
    var site = new URL(racine.getAttribute("data-racine-site") || racine.getAttribute(
      "data-racine") || "./", global.document.baseURI);
    var recherche = new Recherche(racine, bundle, site.pathname);
    global.GuideRecherche.instance = recherche;
    recherche.demarrer();
  }

  global.GuideRecherche = {
    plier: plier,
    jetons: jetons,
    decoderHoraires: decoderHoraires,
    decoderSemaine: decoderSemaine,
    distance: distance,
    distanceTexte: distanceTexte,
    corrigerMot: corrigerMot,
    motProche: motProche,
    Index: Index,
    initialiser: initialiser,
    instance: null
  };

  // The page loads this script with `defer`: it runs once the page is parsed, so it can
  // start at once, unless Material's instant navigation announces each page on document$.
  if (global.document$ && typeof global.document$.subscribe === "function") {
    global.document$.subscribe(function () { initialiser(); });
  } else if (global.document) {
    initialiser();
  }
})(typeof window !== "undefined" ? window : this);
