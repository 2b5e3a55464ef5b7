// overrides/assets/javascripts/distances.js, as every page script uses it.
// Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import vm from "node:vm";

const SCRIPT = readFileSync(
  new URL("../../overrides/assets/javascripts/distances.js", import.meta.url), "utf8");

function distances() {
  const window = {};
  vm.runInNewContext(SCRIPT, { window });
  return window.GuideDistances;
}

test("the wording is the pages' (formats.distance_fr): 100 m steps, one decimal, whole km", () => {
  const { texte } = distances();
  // The cases of tests/test_pages.py::test_distance_fr, and the edges of each step.
  assert.equal(texte(0.34), "300 m");
  assert.equal(texte(4.26), "4,3 km");
  assert.equal(texte(23.6), "24 km");
  assert.equal(texte(0.01), "100 m");
  assert.equal(texte(0.94), "900 m");
  assert.equal(texte(0.96), "1,0 km");
  assert.equal(texte(1), "1,0 km");
  assert.equal(texte(10), "10 km");
});

test("the straight line between two towns of the Sarthe", () => {
  const { km } = distances();
  // Le Mans (48.0061, 0.1996) to Sablé-sur-Sarthe (47.8396, -0.3336): about 43 km.
  const d = km(48.0061, 0.1996, 47.8396, -0.3336);
  assert.ok(d > 42 && d < 44, String(d));
  assert.equal(km(47.8, -0.3, 47.8, -0.3), 0);
  assert.equal(km(47.8396, -0.3336, 48.0061, 0.1996), d);
});
