// Bytes the archkb search client fetches for each query, cold (nothing cached): runs the
// real client (themes/default/static/search.js) against a built site on disk and counts
// the .json.gz files its loader reads (as a browser fetches them), including the fragments
// of the first 10 results, and the JSON they inflate to.
// usage: node fetched.mjs SITE_DIR LANG_SEARCH_DIR QUERY...   (e.g. /tmp/site/public /search/ "transformer")
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const search = require("../../themes/default/static/search.js");
const [site, dir, ...queries] = process.argv.slice(2);
const out = {};
for (const q of queries) {
  let bytes = 0;
  let inflated = 0;
  const files = [];
  const load = (lang, d, name) => {
    const b = readFileSync(join(site, d, name + ".json.gz"));
    bytes += b.length;
    inflated += gunzipSync(b).length;
    files.push(name);
    return search.decode(b);
  };
  const engine = search.createSearch(load, "en", dir);
  const t0 = performance.now();
  const results = await engine.search(q);
  const ms = performance.now() - t0;
  await Promise.all(results.slice(0, 10).map((r) => engine.fragment(r)));
  out[q] = {
    bytes,
    inflated,
    files: files.length,
    shards: files.filter((f) => f.startsWith("s-")).length,
    fragments: files.filter((f) => f.startsWith("frag-")).length,
    results: results.length,
    rank_ms: Math.round(ms),
  };
}
console.log(JSON.stringify(out));
