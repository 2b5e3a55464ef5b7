// Reads [{"donnees": <payload of hours.intervals_payload>, "instants": ["2026-11-23T10:00", ...]}]
// on standard input and prints, for each, the status horaires.js gives at each instant:
// [[{"etat": "ouvert", "texte": "...", "estOuvert": true}, ...], ...].
// Driven by tests/test_hours_constructs.py, so that the browser's script is checked against
// the very intervals Python computes for every accepted construct.
import { readFileSync } from "node:fs";
import vm from "node:vm";

const SCRIPT = readFileSync(
  new URL("../../overrides/assets/javascripts/horaires.js", import.meta.url), "utf8");
const sandbox = { Intl, Date, JSON, Math };
vm.runInNewContext(SCRIPT, sandbox);
const { GuideHoraires } = sandbox;

const cas = JSON.parse(readFileSync(0, "utf8"));
const resultats = cas.map(({ donnees, instants }) => instants.map((instant) => {
  const { etat, texte } = GuideHoraires.etat(donnees, instant);
  return { etat, texte, estOuvert: GuideHoraires.estOuvert(donnees.intervalles, instant) };
}));
process.stdout.write(JSON.stringify(resultats));
