// overrides/assets/javascripts/filtres.js: the filters' rule of the map and the search.
// Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import vm from "node:vm";

const SCRIPT = readFileSync(
  new URL("../../overrides/assets/javascripts/filtres.js", import.meta.url), "utf8");

function filtres() {
  const window = {};
  vm.runInNewContext(SCRIPT, { window });
  return window.GuideFiltres;
}

// Rows as filtres.py writes them (filtres_json).
const PUBLIC = { cle: "public", genre: "choix", propriete: "publics", valeur: true,
  universel: "tous-publics", drapeau: 0 };
const SANS_RDV = { cle: "sans-rendez-vous", genre: "case", propriete: "modes_accueil",
  valeur: "sans-rendez-vous", universel: null, drapeau: 2 };
const DOUCHES = { cle: "douches", genre: "case", propriete: "douches", valeur: true,
  universel: null, drapeau: 128 };

test("nothing chosen lets every place through", () => {
  const { passe } = filtres();
  assert.equal(passe(["jeunes"], PUBLIC, ""), true);
  assert.equal(passe(false, DOUCHES, false), true);
});

test("a place for everyone, or that says nothing of its publics, passes any public", () => {
  const { passe } = filtres();
  assert.equal(passe(["tous-publics"], PUBLIC, "jeunes"), true);
  assert.equal(passe([], PUBLIC, "jeunes"), true);
  assert.equal(passe(["jeunes", "familles"], PUBLIC, "jeunes"), true);
  assert.equal(passe(["seniors"], PUBLIC, "jeunes"), false);
});

test("a box asks for its value, in a list or as the property itself", () => {
  const { passe } = filtres();
  assert.equal(passe(["sur-rendez-vous", "sans-rendez-vous"], SANS_RDV, true), true);
  assert.equal(passe(["sur-rendez-vous"], SANS_RDV, true), false);
  assert.equal(passe(true, DOUCHES, true), true);
  assert.equal(passe(null, DOUCHES, true), false);
});

test("the address holds each filter's key, 1 for a ticked box", () => {
  const { versAdresse } = filtres();
  const params = versAdresse({ public: "jeunes", douches: true, "sans-rendez-vous": false },
    [PUBLIC, DOUCHES, SANS_RDV], new URLSearchParams("sans-rendez-vous=1&q=manger"));
  assert.equal(params.toString(), "q=manger&public=jeunes&douches=1");
});
