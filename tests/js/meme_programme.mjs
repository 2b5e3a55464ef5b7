// Whether two scripts are the same program: parses each file named on the command line
// with acorn (as a script, then as a module) and prints "identique" when their syntax
// trees match once positions are left aside, or the first difference. Used by
// tests/test_minify.py: the build's scripts without comments are the scripts as written.
import { readFileSync } from "node:fs";
import { parse } from "acorn";

function arbre(chemin) {
  const source = readFileSync(chemin, "utf8");
  const options = { ecmaVersion: "latest", locations: false, ranges: false };
  try {
    return parse(source, { ...options, sourceType: "script" });
  } catch {
    return parse(source, { ...options, sourceType: "module" });
  }
}

const POSITIONS = new Set(["start", "end", "loc", "range", "raw"]);

function difference(a, b, chemin) {
  if (typeof a !== typeof b) return `${chemin}: ${typeof a} / ${typeof b}`;
  if (a === null || typeof a !== "object") {
    return Object.is(a, b) || (a instanceof RegExp) ? null : `${chemin}: ${a} / ${b}`;
  }
  if (a instanceof RegExp || b instanceof RegExp) {
    return String(a) === String(b) ? null : `${chemin}: ${a} / ${b}`;
  }
  const cles = new Set([...Object.keys(a), ...Object.keys(b)].filter((k) => !POSITIONS.has(k)));
  for (const cle of cles) {
    const d = difference(a[cle], b[cle], `${chemin}.${cle}`);
    if (d) return d;
  }
  return null;
}

const [avant, apres] = process.argv.slice(2);
const d = difference(arbre(avant), arbre(apres), "programme");
process.stdout.write(d ? `différent : ${d}\n` : "identique\n");
process.exitCode = d ? 1 : 0;
