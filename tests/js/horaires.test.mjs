// Status lines of overrides/assets/javascripts/horaires.js, with a fixed Paris clock.
// Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import vm from "node:vm";

const SCRIPT = readFileSync(
  new URL("../../overrides/assets/javascripts/horaires.js", import.meta.url), "utf8");

// Mo-Fr 09:00-12:00,14:00-17:00; PH off, as intervals_payload writes it (shortened):
// Friday 25 December 2026 is a public holiday, closure from 28 to 31 December.
const PAYLOAD = {
  du: "2026-11-23",
  jusqu_au: "2027-01-11",
  intervalles: [
    ["2026-11-23T09:00", "2026-11-23T12:00"], ["2026-11-23T14:00", "2026-11-23T17:00"],
    ["2026-11-30T09:00", "2026-11-30T12:00"],
    ["2026-12-24T09:00", "2026-12-24T12:00"],
    ["2027-01-04T09:00", "2027-01-04T12:00"],
  ],
  fermetures: [{ du: "2026-12-28", au: "2026-12-31", message: "congés de fin d'année" }],
  feries: ["2026-12-25", "2027-01-01"],
};

class Element {
  constructor(attributes = {}, text = "") {
    this.attributes = attributes;
    this.textContent = text;
    this.hidden = true;
    const classes = new Set(["gs-etat"]);
    this.classList = {
      add: (...names) => names.forEach((n) => classes.add(n)),
      remove: (...names) => names.forEach((n) => classes.delete(n)),
      contains: (name) => classes.has(name),
    };
  }
  getAttribute(name) { return this.attributes[name] ?? null; }
}

// Loads the script in a sandbox holding one status element per payload.
function page(maintenant, payloads = { "horaires-data": PAYLOAD }) {
  const sources = {};
  const etats = [];
  for (const [id, payload] of Object.entries(payloads)) {
    sources[id] = new Element({ id }, JSON.stringify(payload));
    etats.push(new Element({ "data-horaires": id }));
  }
  const document = {
    readyState: "complete",
    querySelectorAll: () => etats,
    getElementById: (id) => sources[id] ?? null,
    addEventListener: () => {},
  };
  const window = { document, GUIDE_MAINTENANT: maintenant, Intl, Date, JSON, Math };
  vm.runInNewContext(SCRIPT, window);
  return { etats, GuideHoraires: window.GuideHoraires };
}

test("a weekday morning is open and closes at noon", () => {
  const [etat] = page("2026-11-23T10:00").etats;
  assert.equal(etat.textContent, "Ouvert maintenant · ferme à 12 h");
  assert.ok(etat.classList.contains("gs-etat--ouvert"));
  assert.equal(etat.hidden, false);
});

test("the lunch break opens again today", () => {
  const [etat] = page("2026-11-23T12:30").etats;
  assert.equal(etat.textContent, "Fermé · ouvre aujourd'hui à 14 h");
  assert.ok(etat.classList.contains("gs-etat--ferme"));
});

test("a Saturday opens on Monday", () => {
  assert.equal(page("2026-11-28T11:00").etats[0].textContent, "Fermé · ouvre lundi à 9 h");
});

test("a Sunday opens tomorrow", () => {
  assert.equal(page("2026-11-29T11:00").etats[0].textContent, "Fermé · ouvre demain à 9 h");
});

test("a public holiday says so", () => {
  assert.equal(page("2026-12-25T10:00").etats[0].textContent,
    "Fermé · jour férié · ouvre le lundi 4 janvier à 9 h");
});

test("a temporary closure gives its message and the reopening day", () => {
  assert.equal(page("2026-12-29T10:00").etats[0].textContent,
    "Fermé exceptionnellement : congés de fin d'année · réouverture le lundi 4 janvier");
});

test("after the computed window the hours are to be confirmed", () => {
  const [etat] = page("2027-01-12T10:00").etats;
  assert.equal(etat.textContent, "Horaires à confirmer");
  assert.ok(etat.classList.contains("gs-etat--inconnu"));
});

test("several lists on a page are filled independently", () => {
  const telephone = { ...PAYLOAD, intervalles: [["2026-11-23T08:00", "2026-11-23T18:00"]] };
  const { etats } = page("2026-11-23T13:00", { "sans-rdv": PAYLOAD, telephone });
  assert.deepEqual(etats.map((e) => e.textContent),
    ["Fermé · ouvre aujourd'hui à 14 h", "Ouvert maintenant · ferme à 18 h"]);
});

test("estOuvert tells whether a place is open at a given Paris time", () => {
  const { GuideHoraires } = page("2026-11-23T10:00");
  assert.equal(GuideHoraires.estOuvert(PAYLOAD.intervalles, "2026-11-23T11:59"), true);
  assert.equal(GuideHoraires.estOuvert(PAYLOAD.intervalles, "2026-11-23T12:00"), false);
});

test("now is read in Paris whatever the visitor's zone", () => {
  const { GuideHoraires } = page("2026-11-23T10:00");
  // 23:30 UTC on 23 November is 00:30 on the 24th in Paris (UTC+1 in winter).
  assert.equal(GuideHoraires.maintenantParis(new Date("2026-11-23T23:30:00Z")),
    "2026-11-24T00:30");
  assert.equal(GuideHoraires.maintenantParis(new Date("2026-07-01T10:00:00Z")),
    "2026-07-01T12:00");
});

test("a fallback comment is no opening: Saturday at 4 a.m. is closed", () => {
  // intervals_payload of 'Mo-Fr 09:00-12:00 || "sur rendez-vous"' from Friday 27 November:
  // the comment-only fallback is unknown, so no interval covers the weekend.
  const fallback = {
    du: "2026-11-27", jusqu_au: "2026-12-01",
    intervalles: [["2026-11-27T09:00", "2026-11-27T12:00"],
      ["2026-11-30T09:00", "2026-11-30T12:00"]],
    fermetures: [], feries: [],
  };
  const [etat] = page("2026-11-28T04:00", { fallback }).etats;
  assert.equal(etat.textContent, "Fermé · ouvre lundi à 9 h");
  assert.ok(etat.classList.contains("gs-etat--ferme"));
});
