// Search quality and size budgets, end to end: builds the bundled site into a temp dir,
// then runs fixed queries through the real client (themes/default/static/search.js)
// against the real index files, loaded from disk through the client's injectable loader.
// Run with `node --test tests/search/` (needs cargo; set ARCHKB_BIN to use a prebuilt
// binary instead of `cargo run`).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import vm from "node:vm";
import { gunzipSync } from "node:zlib";

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL("../../", import.meta.url));
const search = require(join(root, "themes/default/static/search.js"));
let out, offline;

before(() => {
  const tmp = mkdtempSync(join(tmpdir(), "archkb-search-"));
  const [cmd, args] = process.env.ARCHKB_BIN
    ? [process.env.ARCHKB_BIN, []]
    : ["cargo", ["run", "-q", "--"]];
  const build = (folder, extra) => {
    const dest = join(tmp, folder);
    execFileSync(cmd, [...args, "--root", root, "build", "--out", dest, ...extra], { cwd: root, stdio: "pipe" });
    return dest;
  };
  out = build("site", []);
  // The copy opened from file://, the only build whose search files get .js twins.
  offline = build("offline", ["--offline"]);
});
after(() => rmSync(join(out, ".."), { recursive: true, force: true }));

// A loader that reads the .json.gz files (of the site in `from`) as a browser fetches them,
// inflates them with the client's own decode, and counts the bytes it "fetched".
function diskLoader(from = out) {
  const loader = (lang, dir, name) => {
    const bytes = readFileSync(join(from, dir, name + ".json.gz"));
    loader.bytes += bytes.length;
    loader.files.push(join(dir, name));
    return search.decode(bytes);
  };
  loader.bytes = 0;
  loader.files = [];
  return loader;
}

const DIRS = { en: "/search/", zh: "/zh/search/" };

// The URLs of the first results of `q`, as the client ranks them.
async function top(lang, q, { langs, facets, n = 5 } = {}) {
  const engine = search.createSearch(diskLoader(), lang, DIRS[lang]);
  const results = await engine.search(q, langs, facets);
  const frags = await Promise.all(results.slice(0, n).map((r) => engine.fragment(r)));
  return frags.map((f) => f.u);
}

const EXPECT_FIRST = [
  ["en", "resnet", "/architectures/resnet/"],
  ["en", "ResNet", "/architectures/resnet/"],
  ["en", "resn", "/architectures/resnet/"], // the last term matches as a prefix
  ["en", "transformer", "/architectures/transformer/"],
  ["en", "gpt-2", "/architectures/gpt/"],
  ["en", "GPT2", "/architectures/gpt/"],
  ["en", "mixed precision", "/guides/training-efficiency/"],
  ["en", "diffusion", "/architectures/diffusion/"],
  ["en", "卷积神经网络", "/architectures/cnn/"], // a Chinese query finds the English page via the glossary
  ["en", "CNN", "/architectures/cnn/"],
  ["zh", "卷积", "/zh/architectures/cnn/"],
  ["zh", "扩散模型", "/zh/architectures/diffusion/"],
  ["zh", "强化", "/zh/architectures/reinforcement-learning/"],
  ["zh", "强化学习", "/zh/architectures/reinforcement-learning/"],
  ["zh", "BERT 预训练", "/zh/architectures/bert/"],
  ["zh", "BERT预训练", "/zh/architectures/bert/"],
  ["zh", "CNN", "/zh/architectures/cnn/"],
  ["zh", "残差", "/zh/architectures/resnet/"],
];

for (const [lang, q, first] of EXPECT_FIRST) {
  test(`[${lang}] ${q} → ${first}`, async () => {
    const urls = await top(lang, q);
    assert.equal(urls[0], first, `results: ${urls.join(", ")}`);
  });
}

test("[en] fp8 finds the pages that discuss FP8", async () => {
  const urls = await top("en", "fp8", { n: 3 });
  assert.ok(urls.includes("/guides/training-efficiency/"), urls.join(", "));
});

test("[zh] the one-character query 注 finds attention pages", async () => {
  const urls = await top("zh", "注", { n: 5 });
  assert.ok(urls.length > 0);
  assert.ok(urls.some((u) => u === "/zh/architectures/transformer/"), urls.join(", "));
});

test("[en] a mixed query falls back to the English page through the glossary", async () => {
  // 预训练 is the glossary's "pretraining": the English BERT page matches both clauses.
  const urls = await top("en", "BERT 预训练");
  assert.equal(urls[0], "/architectures/bert/", urls.join(", "));
});

test("scope 'all' returns both languages, each language's best first", async () => {
  for (const [q, en, zh] of [
    ["BERT", "/architectures/bert/", "/zh/architectures/bert/"],
    ["卷积神经网络", "/architectures/cnn/", "/zh/architectures/cnn/"],
  ]) {
    const urls = await top("en", q, { langs: ["en", "zh"], n: 2 });
    assert.deepEqual(urls, [en, zh], urls.join(", "));
  }
});

test("facet filters keep only matching architecture pages", async () => {
  const meta = JSON.parse(gunzipSync(readFileSync(join(out, "search/meta.json.gz"))).toString("utf8"));
  const urls = await top("en", "image", { facets: { family: ["cnn"] }, n: 50 });
  assert.ok(urls.length > 0 && urls.length === new Set(urls).size);
  const cnnFamily = meta.facets.family.cnn.length;
  assert.ok(urls.length <= cnnFamily, urls.join(", "));
  assert.ok(urls.includes("/architectures/resnet/"));
  assert.ok(!urls.includes("/architectures/vit/"));
  // Filters alone, without a query, list the matching pages.
  const only = await top("en", "", { facets: { family: ["cnn"] }, n: 50 });
  assert.equal(only.length, cnnFamily);
});

test("snippets highlight the query's terms in the fragment", async () => {
  const engine = search.createSearch(diskLoader(), "zh", DIRS.zh);
  const [r] = await engine.search("扩散模型");
  const frag = await engine.fragment(r);
  const marked = search.snippet(frag.x, r.terms).filter((p) => p[1]).map((p) => p[0]);
  assert.ok(marked.includes("扩散模型"), marked.join(" | "));
});

test("only the offline copy's search files have .js twins (file://), with the same data as the .json files", async () => {
  for (const dir of Object.values(DIRS)) {
    const files = (from) => readdirSync(join(from, dir), { recursive: true }).map(String);
    assert.deepEqual(files(out).filter((f) => f.endsWith(".js")), [], `${dir} of the served site`);
    const copy = new Set(files(offline));
    const twins = [...copy].filter((f) => f.endsWith(".json.gz")).map((f) => f.replace(/json\.gz$/, "js"));
    assert.ok(twins.length > 2 && twins.every((f) => copy.has(f)), `${dir} of the offline copy`);
  }
  // Load every file a query needs through the JSONP twins, evaluated as scripts.
  const jsonp = (lang, dir, name) => {
    let got;
    const sandbox = { window: { __archkbSearch: (key, data) => { assert.equal(key, `${lang}/${name}`); got = data; } } };
    vm.runInNewContext(readFileSync(join(offline, dir, name + ".js"), "utf8"), sandbox);
    return Promise.resolve(got);
  };
  const viaScripts = search.createSearch(jsonp, "zh", DIRS.zh);
  const viaJson = search.createSearch(diskLoader(offline), "zh", DIRS.zh);
  const a = await viaScripts.search("卷积 网络");
  const b = await viaJson.search("卷积 网络");
  assert.ok(a.length > 0);
  assert.deepEqual(a.map((r) => r.doc), b.map((r) => r.doc));
  // (The script's objects come from another realm: compare them as JSON.)
  assert.equal(JSON.stringify(await viaScripts.fragment(a[0])), JSON.stringify(await viaJson.fragment(b[0])));
});

test("size budgets as fetched: meta ≤ 20 KB, shards ≤ 64 KB, a one-word query ≤ 100 KB", async () => {
  for (const dir of Object.values(DIRS)) {
    const files = readdirSync(join(out, dir));
    assert.ok(statSync(join(out, dir, "meta.json.gz")).size <= 20 * 1024, `${dir}meta.json.gz`);
    for (const f of files.filter((f) => f.startsWith("s-") && f.endsWith(".json.gz"))) {
      assert.ok(statSync(join(out, dir, f)).size <= 64 * 1024, `${dir}${f}`);
    }
  }
  for (const [lang, q] of [["en", "transformer"], ["zh", "模型"], ["en", "the"]]) {
    const loader = diskLoader();
    const engine = search.createSearch(loader, lang, DIRS[lang]);
    const results = await engine.search(q);
    await Promise.all(results.slice(0, 10).map((r) => engine.fragment(r)));
    assert.ok(loader.bytes <= 100 * 1024, `${q}: ${loader.bytes} bytes from ${loader.files.length} files`);
  }
});

test("a data file reads the same gzip-compressed and as a host that inflated it sends it", async () => {
  const packed = readFileSync(join(out, "search/meta.json.gz"));
  assert.deepEqual([packed[0], packed[1]], [0x1f, 0x8b], "served compressed");
  const inflated = gunzipSync(packed);
  const a = await search.decode(packed);
  const b = await search.decode(inflated);
  assert.deepEqual(a, b);
  assert.equal(a.lang, "en");
  // Any ArrayBuffer view, as fetch's arrayBuffer() gives.
  const view = inflated.buffer.slice(inflated.byteOffset, inflated.byteOffset + inflated.length);
  assert.deepEqual(await search.decode(view), a);
});
