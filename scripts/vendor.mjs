#!/usr/bin/env node
// Copy the browser libraries (map, partners' web form) from node_modules/ into overrides/assets/vendor/, with their
// licences and a README, so that building the site needs neither npm nor the network.
//
// Usage: npm install && npm run vendor   (then commit overrides/assets/vendor/)
//
// The files are copied byte for byte; the README records each file's size and SHA-256,
// to compare with the npm tarball.
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync }
  from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const VENDOR = join(ROOT, "overrides", "assets", "vendor");

/* What each package contributes: [source inside the package, destination name, and for a
 * folder, which of its files (a regular expression on the name; all when absent)]. */
const PACKAGES = {
  // The partners' web form (/admin/): the bundle, the chunks it loads on demand (same
  // folder, found from the bundle's own address) and the licences of what it bundles.
  "decap-cms": {
    url: "https://decapcms.org/",
    files: [
      ["dist/", "", /^(?:\d+\.)?decap-cms\.js(?:\.LICENSE\.txt)?$|\.wasm$/],
    ],
    // The npm package ships no licence file, only "license": "MIT" in its package.json:
    // the LICENSE written here is that licence's text (the bundled libraries' notices are
    // in decap-cms.js.LICENSE.txt, copied from the package).
    mitLicence: "Netlify, Inc. and the Decap CMS contributors",
  },
  "leaflet": {
    url: "https://leafletjs.com/",
    files: [
      ["dist/leaflet.js", "leaflet.js"],
      ["dist/leaflet.css", "leaflet.css"],
      ["dist/images/", "images/"],
      ["LICENSE", "LICENSE"],
    ],
  },
  // The map's clusters (assets/javascripts/grappes.js): its browser build bundles kdbush,
  // by the same authors under the same licence, whose licence goes beside its own.
  "supercluster": {
    url: "https://github.com/mapbox/supercluster",
    files: [
      ["dist/supercluster.min.js", "supercluster.min.js"],
      ["LICENSE", "LICENSE"],
      ["../kdbush/LICENSE", "LICENSE-kdbush"],
    ],
  },
};

const MIT = `MIT License

Copyright (c) {holder}

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
`;

function fail(message) {
  console.error(`vendor: ${message}`);
  process.exit(1);
}

function sha256(path) {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

function copyTree(src, dest, copied, keep) {
  if (statSync(src).isDirectory()) {
    mkdirSync(dest, { recursive: true });
    for (const name of readdirSync(src).sort()) {
      if (keep && !keep.test(name)) continue;
      copyTree(join(src, name), join(dest, name), copied);
    }
  } else {
    copyFileSync(src, dest);
    copied.push(dest);
  }
}

const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const pins = {
  ...manifest.dependencies, ...manifest.devDependencies, ...manifest.optionalDependencies,
};
const rows = [];
const versions = {};

for (const [name, spec] of Object.entries(PACKAGES)) {
  const pin = pins[name];
  if (!pin || !/^\d+\.\d+\.\d+$/.test(pin)) {
    fail(`package.json must pin ${name} to an exact version (found ${JSON.stringify(pin)}).`);
  }
  const pkgDir = join(ROOT, "node_modules", name);
  let installed;
  try {
    installed = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")).version;
  } catch {
    fail(`${name} is not installed: run \`npm install\` first.`);
  }
  if (installed !== pin) {
    fail(`${name} ${installed} is installed but package.json pins ${pin}: run \`npm install\`.`);
  }
  versions[name] = pin;

  const dest = join(VENDOR, name);
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  const copied = [];
  for (const [from, to, keep] of spec.files) {
    copyTree(join(pkgDir, from), join(dest, to), copied, keep);
  }
  if (spec.mitLicence) {
    const declared = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")).license;
    if (declared !== "MIT") fail(`${name} declares the licence ${declared}, not MIT.`);
    const licence = join(dest, "LICENSE");
    writeFileSync(licence, MIT.replace("{holder}", spec.mitLicence));
    copied.push(licence);
  }
  for (const file of copied) {
    rows.push([name, relative(VENDOR, file).split("\\").join("/"), statSync(file).size, sha256(file)]);
  }
  console.log(`vendor: ${name} ${pin} -> ${relative(ROOT, dest)}/ (${copied.length} files)`);
}

const table = rows
  .map(([, file, size, hash]) => `| \`${file}\` | ${size} | \`${hash}\` |`)
  .join("\n");
const list = Object.entries(versions)
  .map(([name, v]) => `- **${name} ${v}** (${PACKAGES[name].url}), licence in \`${name}/LICENSE\``)
  .join("\n");

writeFileSync(join(VENDOR, "README.md"), `# Vendored front-end libraries

Generated by \`npm run vendor\` (\`scripts/vendor.mjs\`): do not edit by hand.

${list}

These files are committed so that building the site (\`mkdocs build\`) needs neither
npm nor the network; the map (\`assets/javascripts/carte.js\`) and the partners' web
form (\`/admin/\`, only when the plugin's \`cms: actif: true\`) load them from here,
never from a CDN. Decap CMS is an *optional* dependency in \`package.json\`: \`npm ci
--omit=optional\` (what \`make test\` runs) leaves its 700 packages out, \`npm install\`
brings them for \`npm run vendor\`. They are copied byte for byte from the npm packages (source maps
are left out).

## Updating

1. Change the exact versions in \`package.json\` (no \`^\` or \`~\`).
2. \`npm install\` (updates \`package-lock.json\`), then \`npm run vendor\`.
3. Read the libraries' changelogs, run the map test
   (\`.venv/bin/pytest tests/browser/test_carte_standalone.py\`) and the form's test
   (\`.venv/bin/pytest tests/browser/test_cms.py\`), look at the screenshots, and commit \`package.json\`, \`package-lock.json\` and this folder together.

## Files

| File | Bytes | SHA-256 |
|------|------:|---------|
${table}
`);
console.log(`vendor: wrote ${relative(ROOT, join(VENDOR, "README.md"))}`);
