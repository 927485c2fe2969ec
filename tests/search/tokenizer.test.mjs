// The browser client's tokenizer against the golden vectors that the Rust tokenizer
// (src/search/tokenizer.rs) is also tested against: the two must agree term for term.
// Run with `node --test tests/search/`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const search = require("../../themes/default/static/search.js");
const vectors = JSON.parse(readFileSync(new URL("./tokenizer-vectors.json", import.meta.url), "utf8"));

test("golden vectors: index and query terms match the Rust tokenizer", () => {
  assert.ok(vectors.length >= 30);
  for (const v of vectors) {
    assert.deepEqual(search.indexTerms(v.input), v.index, `index terms of ${JSON.stringify(v.input)}`);
    assert.deepEqual(search.queryTerms(v.input), v.query, `query terms of ${JSON.stringify(v.input)}`);
  }
});

test("token ranges point into the original text", () => {
  const text = "用 ResNet-50 和 ＦＰ８";
  const toks = search.tokens(text);
  const joined = toks.find((t) => t[0] === "resnet50");
  assert.equal(text.slice(joined[1], joined[2]), "ResNet-50");
  const fp8 = toks.find((t) => t[0] === "fp8");
  assert.equal(text.slice(fp8[1], fp8[2]), "ＦＰ８");
});

test("terms compare by code point, as Rust sorts them", () => {
  const words = ["𠀀", "\uFA00", "a", "b", "ab", ""];
  const sorted = [...words].sort(search.compare);
  assert.deepEqual(sorted, ["", "a", "ab", "b", "\uFA00", "𠀀"]);
});

test("snippets mark matches and never hold markup", () => {
  const parts = search.snippet("Plain <b>text</b> about ResNet-50 and more", ["resnet50"]);
  assert.deepEqual(parts.filter((p) => p[1]).map((p) => p[0]), ["ResNet-50"]);
  assert.equal(parts.map((p) => p[0]).join(""), "Plain <b>text</b> about ResNet-50 and more");
});
