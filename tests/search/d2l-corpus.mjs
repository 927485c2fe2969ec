// Search quality over real text nobody here wrote: Dive into Deep Learning (d2l), Chinese
// chapters with their English originals, read from ../shared/corpora/d2l (Apache 2.0, see
// its SOURCE.txt). This module turns the corpus into guide pages of a temp site, builds it,
// and runs fixed queries through the real client (themes/default/static/search.js),
// scoring each against ground truth taken from the page text. Used by d2l.test.mjs (the
// assertions) and bench/search/d2l.mjs (the figures in bench/search/RESULTS.md).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const CORPUS = process.env.ARCHKB_D2L || join(ROOT, "..", "shared", "corpora", "d2l");
// ARCHKB_SEARCH_JS: another client to measure (an older search.js, for before/after figures).
export const search = require(process.env.ARCHKB_SEARCH_JS || join(ROOT, "themes/default/static/search.js"));
export const DIRS = { en: "/search/", zh: "/zh/search/" };

// Queries per page language. Ground truth comes from the page text, never from the engine:
// a page is relevant when it holds every piece of the query (see `pieces`).
export const QUERIES = {
  en: [
    "convolution", "attention", "self-attention", "multi-head attention",
    "recurrent neural network", "long short-term memory", "gated recurrent unit",
    "gradient descent", "stochastic gradient descent", "batch normalization", "residual",
    "dropout", "weight decay", "overfitting", "learning rate", "multilayer perceptron",
    "linear regression", "softmax", "word embedding", "encoder", "beam search",
    "machine translation", "object detection", "anchor box", "semantic segmentation",
    "style transfer", "fine-tuning", "sentiment analysis", "natural language inference",
    "backpropagation", "activation function", "pooling", "transposed convolution",
    "GPU", "BERT", "ResNet", "word2vec", "LSTM", "Box<T>",
    // Chinese on an English page: nothing English holds it, so every language is searched.
    "卷积", "注意力机制", "循环神经网络",
  ],
  zh: [
    "卷积", "卷积神经网络", "注意力", "自注意力", "多头注意力", "循环神经网络", "长短期记忆",
    "门控循环单元", "梯度下降", "随机梯度下降", "批量规范化", "残差网络", "暂退法", "权重衰减",
    "过拟合", "学习率", "多层感知机", "线性回归", "词嵌入", "编码器", "解码器", "束搜索",
    "机器翻译", "目标检测", "锚框", "语义分割", "风格迁移", "微调", "数据增广", "情感分析",
    "自然语言推断", "反向传播", "激活函数", "汇聚层", "转置卷积",
    // Mixed scripts.
    "BERT 预训练", "GPU 并行", "softmax回归", "Transformer 编码器", "Adam算法", "LSTM",
    "ResNet",
  ],
};

/// Whether the corpus is here; under CI=true its absence is a failure, not a skip.
export function corpusPresent() {
  return existsSync(join(CORPUS, "zh")) && existsSync(join(CORPUS, "en"));
}

// ---- The corpus as archkb pages ----

// d2l's Markdown → archkb's: its directives (:label:, :numref:, :begin_tab: ...) dropped,
// links and images reduced to their text (their targets are d2l's own files), fences
// with attributes ({.python .input}) made plain, emphasis markers removed so the page text
// reads as the rendered text does.
export function convert(md) {
  let title = null;
  const out = [];
  let fence = false, prose = [];
  const flush = () => {
    // Links and images may span lines: rewrite a run of prose lines at once.
    out.push(prose.join("\n")
      .replace(/:[a-z_]+:`[^`]*`/g, "")
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/<[^>]+>/g, " ")
      .replace(/\*+/g, "")
      .replace(/`/g, ""));
    prose = [];
  };
  for (const line of md.split("\n")) {
    if (/^\s*```/.test(line)) {
      if (!fence) flush();
      fence = !fence;
      out.push(fence ? "```" + (line.match(/\.(\w+)/) || ["", ""])[1] : "```");
      continue;
    }
    if (fence) { out.push(line); continue; }
    if (title === null && /^# /.test(line)) { title = line.slice(2).trim(); continue; }
    if (/^\s*:[a-z_]+:/.test(line)) continue;
    prose.push(line);
  }
  flush();
  return { title: title || "Untitled", body: out.join("\n") };
}

/// The corpus's pages: [{lang, slug, title, body}], parallel chapters sharing a slug.
export function corpusPages() {
  const pages = [];
  for (const lang of ["en", "zh"]) {
    for (const chapter of readdirSync(join(CORPUS, lang)).sort()) {
      for (const file of readdirSync(join(CORPUS, lang, chapter)).sort()) {
        if (!file.endsWith(".md")) continue;
        const { title, body } = convert(readFileSync(join(CORPUS, lang, chapter, file), "utf8"));
        const slug = `${chapter.replace(/^chapter_/, "")}-${file.replace(/\.md$/, "")}`;
        pages.push({ lang, slug, title, body, url: `${lang === "zh" ? "/zh" : ""}/guides/${slug}/` });
      }
    }
  }
  return pages;
}

/// Writes a site (the starter from `archkb init` plus the corpus as guides) into `dir`
/// and builds it into `dir/public`; returns the pages.
export function buildSite(dir, bin = process.env.ARCHKB_BIN) {
  const [cmd, pre] = bin ? [bin, []] : ["cargo", ["run", "-q", "--"]];
  const run = (args) => execFileSync(cmd, [...pre, ...args], { cwd: ROOT, stdio: "pipe", maxBuffer: 1 << 26 });
  run(["init", join(dir, "site")]);
  const site = join(dir, "site");
  const pages = corpusPages();
  for (const lang of ["en", "zh"]) {
    const folder = join(site, "content", lang, "guides");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "_index.md"), `---\ntitle: ${lang === "zh" ? "指南" : "Guides"}\n---\n`);
  }
  for (const p of pages) {
    writeFileSync(join(site, "content", p.lang, "guides", p.slug + ".md"),
      `---\ntitle: ${JSON.stringify(p.title)}\n---\n\n${p.body}\n`);
  }
  run(["--root", site, "build", "--out", join(site, "public")]);
  return { pages, out: join(site, "public") };
}

// ---- Ground truth ----

const isCjk = (c) => search.tokens(c).some((t) => t[3] === 1);

// Text folded the way the tokenizer folds it: lowercase, full-width ASCII made ASCII,
// everything but letters, digits and CJK made one space, and a space between Chinese and
// other letters (the tokenizer splits there too).
export function fold(text) {
  let out = "", last = null;
  for (const c of text) {
    const n = c.codePointAt(0);
    const f = n >= 0xff01 && n <= 0xff5e ? String.fromCodePoint(n - 0xfee0) : c;
    const word = /[\p{Alphabetic}\p{N}]/u.test(f);
    const cjk = word && isCjk(f);
    if (word && last !== null && last !== cjk) out += " ";
    out += word ? f.toLowerCase() : " ";
    last = word ? cjk : null;
  }
  return " " + out.replace(/ +/g, " ").trim() + " ";
}

/// The pieces of a query a relevant page must hold: each maximal run of Chinese
/// characters as a phrase, and each run of other words as a phrase of whole words.
/// One-letter Latin words are left out when the query has anything else (`Box<T>` is
/// about Box, not every `T`).
export function pieces(q) {
  const runs = [];
  let cur = "", cjk = null;
  for (const c of q) {
    const k = /[\p{Alphabetic}\p{N}]/u.test(c) ? isCjk(c) : null;
    // A Chinese run ends at anything else; a run of other words only at Chinese.
    if (cur && (cjk ? k !== true : k === true)) { runs.push({ text: cur, cjk }); cur = ""; }
    if (k === null && !cur) continue;
    if (k !== null && !cur) cjk = k;
    cur += c;
  }
  if (cur) runs.push({ text: cur, cjk });
  const out = runs.map((r) => ({ cjk: r.cjk, words: fold(r.text).trim().split(" ").filter(Boolean) }));
  const onlyLetters = out.every((p) => !p.cjk && p.words.every((w) => w.length === 1));
  return out
    .map((p) => ({ cjk: p.cjk, text: (p.cjk || onlyLetters ? p.words : p.words.filter((w) => w.length > 1)).join(p.cjk ? "" : " ") }))
    .filter((p) => p.text);
}

/// Whether folded page text holds a piece; `prefix`: the piece's last word may go on (the
/// client matches the word being typed as a prefix).
export function holds(folded, piece, prefix) {
  if (piece.cjk) return folded.includes(piece.text);
  return folded.includes(" " + piece.text + (prefix ? "" : " "));
}

/// The URLs relevant to `q` on a page of `lang`: pages of `lang` holding every piece; when
/// none does, pages of any language that do.
export function relevant(pages, lang, q) {
  const ps = pieces(q);
  // The client matches the last word as a prefix while it is typed (no trailing space).
  const typed = /[\p{Alphabetic}\p{N}]$/u.test(q);
  const match = (p) => ps.every((piece, i) => holds(p.folded, piece, typed && i === ps.length - 1));
  const own = pages.filter((p) => p.lang === lang && match(p));
  return new Set((own.length ? own : pages.filter(match)).map((p) => p.url));
}

// ---- Running the client ----

export function diskLoader(out) {
  const loader = (lang, dir, name) => {
    const bytes = readFileSync(join(out, dir, name + ".json.gz"));
    if (loader.counting) loader.bytes += bytes.length;
    return search.decode(bytes);
  };
  loader.bytes = 0;
  loader.counting = true;
  return loader;
}

/// One query as a reader on a page of `lang` runs it: results, the first 10 with their
/// fragments and snippets, and the bytes fetched (cold).
export async function runQuery(out, lang, q) {
  const loader = diskLoader(out);
  const engine = search.createSearch(loader, lang, DIRS[lang]);
  const results = await engine.search(q);
  const top = results.slice(0, 10);
  const frags = await Promise.all(top.map((r) => engine.fragment(r)));
  const snippets = top.map((r, i) => search.snippet(frags[i].x, r.terms, 200, r.fallback));
  const bytes = loader.bytes;
  // Every result's URL, for recall: fetching all fragments costs bytes a reader never
  // fetches, so the loader stops counting here.
  loader.counting = false;
  const allUrls = (await Promise.all(results.map((x) => engine.fragment(x)))).map((f) => f.u);
  return {
    allUrls,
    results,
    top: frags.map((f) => f.u),
    snippets,
    partial: Boolean(results.partial),
    bytes,
  };
}

/// P@10 (relevant among the first 10, over min(10, relevant)), recall (relevant found
/// anywhere in the results, over relevant) and bytes for each query, and their means.
export async function evaluate(out, pages) {
  for (const p of pages) p.folded = p.folded || fold(p.title + "\n" + p.body);
  const rows = [];
  for (const lang of ["en", "zh"]) {
    for (const q of QUERIES[lang]) {
      const rel = relevant(pages, lang, q);
      const r = await runQuery(out, lang, q);
      const allUrls = r.allUrls;
      const hits10 = r.top.filter((u) => rel.has(u)).length;
      const found = allUrls.filter((u) => rel.has(u)).length;
      rows.push({
        lang, q, relevant: rel.size, results: allUrls.length,
        p10: rel.size ? hits10 / Math.min(10, rel.size) : r.top.length ? 0 : 1,
        recall: rel.size ? found / rel.size : 1,
        bytes: r.bytes, snippets: r.snippets, top: r.top, partial: r.partial,
        wrong: r.top.filter((u) => !rel.has(u)),
      });
    }
  }
  const mean = (k, rs = rows) => rs.reduce((s, r) => s + r[k], 0) / rs.length;
  return { rows, p10: mean("p10"), recall: mean("recall"), bytes: mean("bytes"), mean };
}
