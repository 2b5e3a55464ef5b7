// The pure part of overrides/assets/javascripts/horaires-saisie.js: OSM text <-> week table.
// Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import vm from "node:vm";

const SCRIPT = readFileSync(
  new URL("../../overrides/assets/javascripts/horaires-saisie.js", import.meta.url), "utf8");

function charger() {
  const sandbox = {};
  vm.runInNewContext(SCRIPT, sandbox);
  return sandbox.GuideHorairesSaisie;
}

const { lire, ecrire, verifier } = charger();
const h = (t) => { const [a, b] = t.split(":"); return +a * 60 + +b; };
// Plain copies: objects made in the sandbox have another realm's prototypes.
const clone = (x) => JSON.parse(JSON.stringify(x));

test("a week as guide importer writes it reads back day by day", () => {
  const semaine = clone(lire("Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off"));
  assert.deepEqual(semaine.jours[0], [[h("09:00"), h("12:00")], [h("14:00"), h("17:00")]]);
  assert.deepEqual(semaine.jours[5], [[h("09:00"), h("12:00")]]);
  assert.deepEqual(semaine.jours[6], []);
  assert.equal(semaine.feries, true);
});

test("the importers' forms are written back unchanged", () => {
  for (const texte of [
    "Mo-Fr 09:00-12:00,14:00-17:00; PH off",
    "Mo,Tu,Th,Fr 09:00-12:00,13:30-17:00; We 09:00-12:00",
    "Tu-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00",
    "Mo-Fr 09:00-12:00; Sa[1] 09:00-12:00; PH off",
    "Th[1,3] 14:00-17:00; PH off",
    "24/7",
    "We 14:00-17:00; Sa 09:30-12:30",
  ]) {
    assert.equal(ecrire(lire(texte)), texte);
  }
});

test("a later rule replaces the days it names, as in OpenStreetMap", () => {
  const semaine = lire("Mo-Fr 09:00-12:00,14:00-17:00; We off");
  assert.deepEqual(clone(semaine.jours[2]), []);
  assert.equal(ecrire(semaine), "Mo,Tu,Th,Fr 09:00-12:00,14:00-17:00");
  const autre = lire("Mo-Fr 09:00-12:00,13:30-17:30; Tu 13:30-17:30; Th 09:00-12:00");
  assert.deepEqual(clone(autre.jours[1]), [[h("13:30"), h("17:30")]]);
});

test("each day owns its ranges: changing Monday in place leaves Tuesday alone", () => {
  const semaine = lire("Mo-Fr 08:30-12:00; PH off");
  semaine.jours[0][0][0] = h("09:00");
  assert.deepEqual(clone(semaine.jours[1]), [[h("08:30"), h("12:00")]]);
  assert.equal(ecrire(semaine), "Mo 09:00-12:00; Tu-Fr 08:30-12:00; PH off");
});

test("the first Saturday of the month is its own line", () => {
  const semaine = clone(lire("Mo-Fr 09:00-12:00; Sa[1] 09:00-12:00"));
  assert.deepEqual(semaine.rangs, [{ jour: 5, rangs: [1], plages: [[540, 720]] }]);
  assert.deepEqual(semaine.jours[5], []);
});

test("changing Monday rewrites only what changed", () => {
  const semaine = lire("Mo-Fr 09:00-12:00,14:00-17:00; PH off");
  semaine.jours[0] = [[h("08:30"), h("12:00")]];
  assert.equal(ecrire(semaine), "Mo 08:30-12:00; Tu-Fr 09:00-12:00,14:00-17:00; PH off");
});

test("forms the table cannot show are not read (kept as text by the editor)", () => {
  for (const texte of [
    "Mo-Fr 9h-12h, 14h-17h",
    'Mo-Fr 09:00-12:00 "sur rendez-vous"',
    "Mo-Fr 08:00-12:00 || unknown",
    "Jan-Jun Mo 09:00-12:00",
    "week 1-53/2 Fr 09:00-12:00",
    "PH off; Mo-Fr 09:00-12:00",
    "Sa[1] 09:00-12:00; Sa 10:00-11:00",
    "Mo 12:00-09:00",
    "Mo 22:00-26:00",
    "Mo 09:00-12:00, Tu 10:00-11:00",
  ]) {
    assert.equal(lire(texte), null, texte);
  }
});

test("nothing, or an empty week, is written as no hours at all", () => {
  assert.equal(ecrire(lire("")), "");
  assert.equal(ecrire(lire(undefined)), "");
});

test("overlapping ranges are merged, ranges are sorted", () => {
  const semaine = lire("");
  semaine.jours[0] = [[h("14:00"), h("17:00")], [h("09:00"), h("12:00")], [h("11:00"), h("12:30")]];
  assert.equal(ecrire(semaine), "Mo 09:00-12:30,14:00-17:00");
});

test("a range that ends before it starts gets a French message", () => {
  const semaine = lire("");
  semaine.jours[0] = [[h("17:00"), h("09:00")]];
  assert.deepEqual(Array.from(verifier(semaine)),
    ["Lundi : l'heure de fin (09:00) doit venir après l'heure de début (17:00)."]);
  assert.deepEqual(Array.from(verifier(lire("Mo-Fr 09:00-12:00"))), []);
});

// Every hours value of the sample annuaire: the table reads it, or it is one of the forms
// it leaves as text; what it reads it writes back to the same week.
function valeursHoraires(dossier) {
  const valeurs = [];
  for (const nom of readdirSync(dossier)) {
    const chemin = join(dossier, nom);
    if (statSync(chemin).isDirectory()) valeurs.push(...valeursHoraires(chemin));
    else if (nom.endsWith(".yml")) {
      for (const ligne of readFileSync(chemin, "utf8").split("\n")) {
        const m = /^\s*(?:- )?(?:horaires|sans_rendez_vous|sur_rendez_vous|telephone): (.*)$/
          .exec(ligne);
        if (m && /\d\d:\d\d|24\/7|off/.test(m[1])) valeurs.push(m[1].replace(/^"|"$/g, ""));
      }
    }
  }
  return valeurs;
}

test("every hours value of the sample annuaire reads and writes back the same week", () => {
  const valeurs = valeursHoraires(new URL("../../annuaire", import.meta.url).pathname);
  assert.ok(valeurs.length > 50, `${valeurs.length} valeurs`);
  for (const texte of valeurs) {
    const semaine = lire(texte);
    assert.notEqual(semaine, null, texte);
    assert.deepEqual(clone(lire(ecrire(semaine))), clone(semaine), texte);
  }
});
