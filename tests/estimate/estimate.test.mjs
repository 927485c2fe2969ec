// The page's estimator against the golden cases that src/views/estimate.rs writes and is
// tested against: the script must give the same times, GPU-hours, costs, rows and
// assumptions. Run with `node --test tests/`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { estimate, gpuHoursRange } = require("../../themes/default/static/estimate.js");
const golden = JSON.parse(readFileSync(new URL("./golden.json", import.meta.url), "utf8"));

// Equal up to the last bits of a floating-point power or logarithm; structure exactly.
function same(actual, expected, path) {
  if (typeof expected === "number") {
    assert.equal(typeof actual, "number", path);
    const tolerance = 1e-12 * Math.max(1, Math.abs(expected));
    assert.ok(Math.abs(actual - expected) <= tolerance, `${path}: ${actual} != ${expected}`);
  } else if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), path);
    assert.equal(actual.length, expected.length, `${path}.length`);
    expected.forEach((e, i) => same(actual[i], e, `${path}[${i}]`));
  } else if (expected && typeof expected === "object") {
    assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), `${path} keys`);
    for (const k of Object.keys(expected)) same(actual[k], expected[k], `${path}.${k}`);
  } else {
    assert.equal(actual, expected, path);
  }
}

test("the script answers every golden case as Rust does", () => {
  assert.ok(golden.cases.length >= 15);
  golden.cases.forEach((c, i) => {
    const answer = estimate(golden.models[c.model], c.request, c.priced ? golden.pricing : null);
    same(answer, c.expected, `case ${i} (${c.model} on ${c.request.gpu_count}× ${c.request.gpu})`);
  });
});

test("no row for the precision gives no rate, only the nearest rows", () => {
  const c = golden.cases.find((c) => c.request.precision === "fp8" && c.model === "resnet50");
  const answer = estimate(golden.models.resnet50, c.request, null);
  assert.equal(answer.lines.length, 0);
  assert.ok(answer.no_row.nearest.length > 0);
});

test("the GPU-hours range a shortlist would show matches Rust", () => {
  assert.ok(golden.ranges.length >= 2);
  golden.ranges.forEach((r) => {
    same(gpuHoursRange(golden.models[r.model], r.dataset, r.epochs), r.expected, `range of ${r.model}`);
  });
});
