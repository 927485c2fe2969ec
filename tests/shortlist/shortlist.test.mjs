// The widget's shortlist ranking against the golden cases that `rank` in
// src/views/shortlist.rs is also tested against. Run with `node --test tests/`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const shortlist = require("../../themes/default/static/shortlist.js");
const cases = JSON.parse(readFileSync(new URL("./vectors.json", import.meta.url), "utf8"));

test("golden cases: the browser ranks as Rust does", () => {
  assert.ok(cases.length >= 6);
  for (const c of cases) {
    assert.deepEqual(shortlist.rank(c.candidates, c.ask, c.answers, c.verdicts), c.expected, c.name);
  }
});
