// Search quality on real text nobody here wrote (Dive into Deep Learning, zh chapters with
// their English originals; see d2l-corpus.mjs): mean P@10 and recall over ≥ 30 queries per
// language with ground truth from the page text, every shown result highlighting a match,
// Chinese phrases highlighted whole, partial results said so, and a one-word query's bytes.
// Skips when ../shared/corpora/d2l is absent, except under CI=true, where that fails.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSite, corpusPresent, evaluate, pieces, fold, runQuery, QUERIES, CORPUS } from "./d2l-corpus.mjs";

const present = corpusPresent();
const skip = !present && !process.env.CI ? `the d2l corpus is not at ${CORPUS}` : false;
let dir, site, ev;

before(async () => {
  if (skip) return;
  assert.ok(present, `CI: the d2l corpus must be at ${CORPUS}`);
  dir = mkdtempSync(join(tmpdir(), "archkb-d2l-"));
  site = buildSite(dir);
  ev = await evaluate(site.out, site.pages);
});
after(() => dir && rmSync(dir, { recursive: true, force: true }));

const byLang = (lang) => ev.rows.filter((r) => r.lang === lang);

test("at least 30 queries per language, each with relevant pages in the text", { skip }, () => {
  for (const lang of ["en", "zh"]) {
    assert.ok(QUERIES[lang].length >= 30, lang);
    for (const r of byLang(lang)) assert.ok(r.relevant > 0, `${lang} ${r.q}: no page holds it`);
  }
  // Mixed scripts: Chinese on an English page, Latin names on a Chinese one.
  assert.ok(QUERIES.en.some((q) => pieces(q).some((p) => p.cjk)));
  assert.ok(QUERIES.zh.some((q) => pieces(q).some((p) => p.cjk) && pieces(q).some((p) => !p.cjk)));
});

for (const lang of ["en", "zh"]) {
  test(`[${lang}] mean P@10 ≥ 0.95 and recall ≥ 0.95`, { skip }, () => {
    const rows = byLang(lang);
    const report = rows.filter((r) => r.p10 < 1 || r.recall < 1)
      .map((r) => `${r.q}: P@10 ${r.p10.toFixed(2)} recall ${r.recall.toFixed(2)} (${r.wrong.slice(0, 2).join(", ")})`).join("\n");
    assert.ok(ev.mean("p10", rows) >= 0.95, `P@10 ${ev.mean("p10", rows)}\n${report}`);
    assert.ok(ev.mean("recall", rows) >= 0.95, `recall ${ev.mean("recall", rows)}\n${report}`);
  });
}

test("a Chinese query on an English page finds the Chinese pages", { skip }, () => {
  for (const r of byLang("en").filter((r) => pieces(r.q).every((p) => p.cjk))) {
    assert.ok(r.top.length > 0 && r.top.every((u) => u.startsWith("/zh/")), `${r.q}: ${r.top.join(", ")}`);
  }
});

test("every shown result highlights a match: in its snippet where the page text holds one", { skip }, () => {
  const pageOf = new Map(site.pages.map((p) => [p.url, p]));
  for (const r of ev.rows) {
    r.snippets.forEach((s, i) => {
      const page = pageOf.get(r.top[i]);
      const body = fold(page.body);
      const bodyHolds = pieces(r.q).some((p) => (p.cjk ? [p.text] : p.text.split(" ")).some((w) => body.includes(p.cjk ? w : " " + w)));
      if (bodyHolds) assert.ok(s.some((p) => p[1]), `${r.lang} ${r.q} → ${r.top[i]}: ${s.map((p) => p[0]).join("").slice(0, 120)}`);
    });
  }
});

test("Chinese phrases are highlighted whole on the pages that hold them (≥ 95% of marks)", { skip }, () => {
  let marks = 0, whole = 0;
  const cut = [];
  for (const r of ev.rows) {
    const phrases = pieces(r.q).filter((p) => p.cjk && [...p.text].length > 2).map((p) => p.text);
    if (!phrases.length) continue;
    const pageOf = new Map(site.pages.map((p) => [p.url, p]));
    r.snippets.forEach((s, i) => {
      const folded = fold(pageOf.get(r.top[i]).body);
      if (!phrases.every((ph) => folded.includes(ph))) return;
      for (const [text, isMark] of s) {
        if (!isMark || !/\p{Script=Han}/u.test(text)) continue;
        marks++;
        if (phrases.some((ph) => text.includes(ph))) whole++;
        else cut.push(`${r.q} → ${r.top[i]}: ${text}`);
      }
    });
  }
  assert.ok(marks > 50, `${marks} marks checked`);
  assert.ok(whole / marks >= 0.95, `${whole} of ${marks} marks whole:\n${cut.join("\n")}`);
});

test("a query no page holds whole is said to be partial, best share first", { skip }, async () => {
  const r = await runQuery(site.out, "zh", "卷积 区块链");
  assert.ok(r.partial, "results are flagged partial");
  assert.ok(r.top.length > 0);
  // The first results hold 卷积, the part of the query the corpus has whole.
  const pageOf = new Map(site.pages.map((p) => [p.url, p]));
  for (const u of r.top.slice(0, 3)) assert.ok(fold(pageOf.get(u).title + " " + pageOf.get(u).body).includes("卷积"), u);
  const full = await runQuery(site.out, "zh", "卷积");
  assert.ok(!full.partial);
});

test("Box<T> searches Box, not every generic T", { skip }, () => {
  const r = ev.rows.find((x) => x.q === "Box<T>");
  assert.ok(r.results <= r.relevant * 2 && r.p10 >= 0.9, `${r.results} results, P@10 ${r.p10}`);
});

test("a one-word query fetches ≤ 100 KB (meta, shards and 10 fragments)", { skip }, () => {
  for (const r of ev.rows.filter((x) => !/\s/.test(x.q))) {
    assert.ok(r.bytes <= 100 * 1024, `${r.lang} ${r.q}: ${r.bytes} bytes`);
  }
});
