// The folding of recherche.js (plier, jetons) on words of every language of the guide:
// the needs terms are folded by search.plier_terme at build time, what is typed by these
// two functions, so both must give the same words. pliage.json holds the cases; the
// Python side is checked on the same file (tests/test_search_besoins.py).
// Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import vm from "node:vm";

const SCRIPT = readFileSync(
  new URL("../../overrides/assets/javascripts/recherche.js", import.meta.url), "utf8");
const ATTENDU = JSON.parse(readFileSync(new URL("./pliage.json", import.meta.url), "utf8"));

function recherche() {
  const window = { GuideTraductions: { _: (s) => s, _n: (s) => s } };
  vm.runInNewContext(SCRIPT, { window });
  return window.GuideRecherche;
}

test("typed words fold as the build folded the needs terms, in every script", () => {
  const { jetons } = recherche();
  for (const [tape, mots] of Object.entries(ATTENDU)) {
    assert.deepEqual(Array.from(jetons(tape)), mots, tape);  // an array of the script's realm
  }
});

test("Arabic hamza and short vowels, the Ukrainian breve, French accents fold away", () => {
  const { plier } = recherche();
  assert.equal(plier("أَكل"), plier("اكل"));
  assert.equal(plier("Їжа"), "іжа");
  assert.equal(plier("й"), "и");
  assert.equal(plier("Épicerie cœur"), "epicerie coeur");
});
