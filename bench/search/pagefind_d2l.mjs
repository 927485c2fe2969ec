// Pagefind on the same d2l site and queries as bench/search/d2l.mjs, scored against the same
// ground truth: indexes the built site with `npx pagefind`, serves it, and runs every query
// through Pagefind's own client in headless Chromium (a page per language, so Pagefind
// picks that language's index, as it does for a reader), then prints mean P@10 and recall.
// usage: node bench/search/pagefind_d2l.mjs SITE_PUBLIC_DIR PAGEFIND_DIR
//   (SITE_PUBLIC_DIR from `d2l.mjs --keep DIR`: DIR/site/public; PAGEFIND_DIR: a folder
//   where `npm install pagefind` ran)
import { execFileSync, spawn } from "node:child_process";
import { createServer } from "node:http";
import { readFileSync, writeFileSync, existsSync, statSync } from "node:fs";
import { join, extname } from "node:path";
import { corpusPages, fold, relevant, QUERIES } from "../../tests/search/d2l-corpus.mjs";

const [site, pfDir] = process.argv.slice(2);
execFileSync("npx", ["pagefind", "--site", site], { cwd: pfDir, stdio: "pipe" });
const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".json": "application/json", ".css": "text/css" };
const posted = {};
const server = createServer((req, res) => {
  if (req.method === "POST") {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => { res.end("ok"); posted[req.url](body); });
    return;
  }
  let p = join(site, decodeURIComponent(new URL(req.url, "http://x").pathname));
  if (existsSync(p) && statSync(p).isDirectory()) p = join(p, "index.html");
  if (!existsSync(p)) { res.writeHead(404); res.end(); return; }
  res.writeHead(200, { "content-type": types[extname(p)] || "application/octet-stream" });
  res.end(readFileSync(p));
}).listen(0, "127.0.0.1");
await new Promise((ok) => server.on("listening", ok));
const port = server.address().port;

const out = {};
for (const lang of ["en", "zh"]) {
  const name = `__pf_bench_${lang}.html`;
  writeFileSync(join(site, name), `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"></head><body><pre id="out">running</pre><script type="module">
const pf = await import("/pagefind/pagefind.js");
await pf.init();
const qs = ${JSON.stringify(QUERIES[lang])}, res = {};
for (const q of qs) {
  const r = await pf.search(q);
  const data = await Promise.all(r.results.map((x) => x.data()));
  res[q] = data.map((d) => d.url);
}
await fetch("/__result/${lang}", { method: "POST", body: JSON.stringify(res) });
</script></body></html>`);
  // The page posts its results back; Chromium runs until then.
  const got = new Promise((ok) => (posted[`/__result/${lang}`] = ok));
  const c = spawn("chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0", `http://127.0.0.1:${port}/${name}`], { stdio: "ignore" });
  const text = await Promise.race([got, new Promise((_, fail) => setTimeout(() => fail(new Error("Pagefind run timed out")), 300000))]);
  c.kill();
  out[lang] = JSON.parse(text);
}
server.close();

const pages = corpusPages();
for (const p of pages) p.folded = fold(p.title + "\n" + p.body);
const rows = [];
for (const lang of ["en", "zh"]) {
  for (const q of QUERIES[lang]) {
    const rel = relevant(pages, lang, q);
    if (!out[lang][q]) throw new Error(`no Pagefind result for ${lang} ${q}: ${Object.keys(out[lang]).length} keys`);
    const urls = out[lang][q].map((u) => u.replace(/index\.html$/, ""));
    const hits10 = urls.slice(0, 10).filter((u) => rel.has(u)).length;
    rows.push({ lang, q, p10: hits10 / Math.min(10, rel.size), recall: urls.filter((u) => rel.has(u)).length / rel.size, results: urls.length });
  }
}
const mean = (k, rs) => Math.round((rs.reduce((s, r) => s + r[k], 0) / rs.length) * 1000) / 1000;
const by = (l) => rows.filter((r) => r.lang === l);
console.log(JSON.stringify({
  p10: mean("p10", rows), recall: mean("recall", rows),
  en: { p10: mean("p10", by("en")), recall: mean("recall", by("en")) },
  zh: { p10: mean("p10", by("zh")), recall: mean("recall", by("zh")) },
  rows: rows.filter((r) => r.p10 < 1 || r.recall < 1),
}, null, 1));
