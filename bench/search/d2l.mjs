// Search quality on the d2l corpus (see tests/search/d2l-corpus.mjs): builds the corpus as
// a site, runs every query through the real client and prints mean P@10, recall and bytes
// fetched per query, per language and overall, as JSON; `--rows` adds every query's row.
// usage: node bench/search/d2l.mjs [--bin PATH_TO_ARCHKB] [--keep DIR] [--site BUILT_DIR] [--rows]
// (--site: measure a site built before, e.g. by an older binary, instead of building;
// ARCHKB_SEARCH_JS=FILE measures another client against it.)
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSite, corpusPages, corpusPresent, evaluate, fold, pieces, CORPUS } from "../../tests/search/d2l-corpus.mjs";

const args = process.argv.slice(2);
const opt = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
if (!corpusPresent()) { console.error(`no corpus at ${CORPUS}`); process.exit(2); }
const dir = opt("--keep") || mkdtempSync(join(tmpdir(), "archkb-d2l-"));
const t0 = Date.now();
const { pages, out } = opt("--site") ? { pages: corpusPages(), out: opt("--site") } : buildSite(dir, opt("--bin"));
const built = Date.now() - t0;
const ev = await evaluate(out, pages);
const round = (x, n = 3) => Math.round(x * 10 ** n) / 10 ** n;
const by = (lang) => ev.rows.filter((r) => r.lang === lang);
const summary = {
  pages: pages.length, site: out, build_ms: built,
  p10: round(ev.p10), recall: round(ev.recall), bytes: Math.round(ev.bytes),
  en: { queries: by("en").length, p10: round(ev.mean("p10", by("en"))), recall: round(ev.mean("recall", by("en"))), bytes: Math.round(ev.mean("bytes", by("en"))) },
  zh: { queries: by("zh").length, p10: round(ev.mean("p10", by("zh"))), recall: round(ev.mean("recall", by("zh"))), bytes: Math.round(ev.mean("bytes", by("zh"))) },
  snippets_without_match: ev.rows.reduce((n, r) => n + r.snippets.filter((s) => !s.some((p) => p[1])).length, 0),
  snippets: ev.rows.reduce((n, r) => n + r.snippets.length, 0),
};
// Chinese marks on pages holding the query's phrase (of 3+ characters): how many are whole.
const pageOf = new Map(pages.map((p) => [p.url, p]));
let marks = 0, whole = 0;
for (const r of ev.rows) {
  const phrases = pieces(r.q).filter((p) => p.cjk && [...p.text].length > 2).map((p) => p.text);
  if (!phrases.length) continue;
  r.snippets.forEach((s, i) => {
    const folded = fold(pageOf.get(r.top[i]).body);
    if (!phrases.every((ph) => folded.includes(ph))) return;
    for (const [text, isMark] of s) {
      if (!isMark || !/\p{Script=Han}/u.test(text)) continue;
      marks++;
      if (phrases.some((ph) => text.includes(ph))) whole++;
    }
  });
}
summary.chinese_marks = marks;
summary.chinese_marks_whole = whole;
summary.one_word_max_bytes = Math.max(...ev.rows.filter((r) => !/\s/.test(r.q)).map((r) => r.bytes));
if (args.includes("--rows")) {
  summary.rows = ev.rows.map((r) => ({ lang: r.lang, q: r.q, relevant: r.relevant, results: r.results, p10: round(r.p10), recall: round(r.recall), bytes: r.bytes, partial: r.partial, wrong: r.wrong.slice(0, 3) }));
}
console.log(JSON.stringify(summary, null, 1));
