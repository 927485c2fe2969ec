// The training-time estimator's form. The arithmetic below mirrors src/views/estimate.rs
// step for step (the golden cases in tests/estimate/ hold both to the same answers); the
// page inserts every figure and name as text, never as HTML. The address keeps the inputs.
(function (root) {
  "use strict";

  var DIFFER_RATIO = 1.05;

  function sameRow(a, b) {
    return a.file === b.file && a.index === b.index;
  }

  function scalingFor(coeffs, setup) {
    var first = setup.points[0].row;
    for (var i = 0; i < coeffs.scaling.length; i++) {
      if (sameRow(coeffs.scaling[i].from, first)) return { scaling: coeffs.scaling[i], same: true };
    }
    if (coeffs.scaling.length === 0) return null;
    var all = coeffs.scaling.slice().sort(function (a, b) { return a.per_doubling - b.per_doubling; });
    return { scaling: all[Math.floor((all.length - 1) / 2)], same: false };
  }

  function rateAt(coeffs, setup, count) {
    var points = setup.points;
    for (var i = 0; i < points.length; i++) {
      if (points[i].gpu_count === count) {
        return { rate: points[i].per_gpu_rate, rows: [points[i].row], assumption: { kind: "exact", row: points[i].row }, point: points[i] };
      }
    }
    var first = points[0];
    var last = points[points.length - 1];
    if (count < first.gpu_count) {
      return { rate: first.per_gpu_rate, rows: [first.row], assumption: { kind: "fewer_than_smallest", from: first.row }, point: first };
    }
    if (count < last.gpu_count) {
      for (var j = 0; j + 1 < points.length; j++) {
        var a = points[j], b = points[j + 1];
        if (a.gpu_count < count && count < b.gpu_count) {
          var t = Math.log2(count / a.gpu_count) / Math.log2(b.gpu_count / a.gpu_count);
          var rate = a.per_gpu_rate * Math.pow(b.per_gpu_rate / a.per_gpu_rate, t);
          return { rate: rate, rows: [a.row, b.row], assumption: { kind: "interpolated", from: a.row, to: b.row }, point: a };
        }
      }
    }
    var found = scalingFor(coeffs, setup);
    if (found) {
      var factor = Math.min(found.scaling.per_doubling, 1.0);
      var doublings = Math.log2(count / last.gpu_count);
      var rows = [last.row];
      [found.scaling.from, found.scaling.to].forEach(function (r) {
        if (!rows.some(function (x) { return sameRow(x, r); })) rows.push(r);
      });
      return {
        rate: last.per_gpu_rate * Math.pow(factor, doublings),
        rows: rows,
        assumption: {
          kind: "extrapolated", from: last.row, per_doubling: factor,
          scaling_from: found.scaling.from, scaling_to: found.scaling.to, same_setup: found.same
        },
        point: last
      };
    }
    return { rate: last.per_gpu_rate, rows: [last.row], assumption: { kind: "linear_scaling", from: last.row }, point: last };
  }

  function nearest(coeffs, request) {
    var out = [];
    var pick = function (s) {
      var row = s.points[0].row;
      if (out.length < 4 && !out.some(function (x) { return sameRow(x, row); })) out.push(row);
    };
    coeffs.setups.filter(function (s) { return s.gpu === request.gpu; }).forEach(pick);
    coeffs.setups.filter(function (s) { return s.gpu !== request.gpu && s.precision === request.precision; }).forEach(pick);
    return out;
  }

  /** The estimate for `request` ({dataset, epochs, gpu, gpu_count, precision, parameters}). */
  function estimate(coeffs, request, pricing) {
    var price = null;
    if (pricing && Object.prototype.hasOwnProperty.call(pricing.gpus, request.gpu)) {
      price = { per_gpu_hour: pricing.gpus[request.gpu], currency: pricing.currency, date: pricing.date };
    }
    var setups = coeffs.setups.filter(function (s) { return s.gpu === request.gpu && s.precision === request.precision; });
    if (setups.length === 0 || !(request.gpu_count >= 1)) {
      return { lines: [], no_row: { nearest: nearest(coeffs, request) }, price: price };
    }
    var work = request.dataset * request.epochs;
    var n = request.gpu_count;
    var lines = setups.map(function (setup) {
      var r = rateAt(coeffs, setup, n);
      var systemRate = r.rate * n;
      var seconds = work / systemRate;
      var gpuHours = seconds * n / 3600.0;
      var flops = null;
      var tflops = r.point.tflops_per_gpu;
      if (coeffs.tokens && request.parameters != null && tflops != null && tflops > 0) {
        var total = 6.0 * request.parameters * work;
        var flopsSeconds = total / (n * tflops * 1e12);
        var ratio = flopsSeconds / seconds;
        flops = { flops: total, tflops_per_gpu: tflops, seconds: flopsSeconds, differs: !(ratio >= 1.0 / DIFFER_RATIO && ratio <= DIFFER_RATIO) };
      }
      return {
        compiled: setup.compiled, input: setup.input, per_gpu_rate: r.rate, system_rate: systemRate,
        seconds: seconds, gpu_hours: gpuHours, cost: price ? gpuHours * price.per_gpu_hour : null,
        rows: r.rows, assumptions: [r.assumption, { kind: "compute_only" }], flops: flops
      };
    });
    return { lines: lines, no_row: null, price: price };
  }

  /** [least, most] GPU-hours over every row at its own GPU count, or null: see gpu_hours_range. */
  function gpuHoursRange(coeffs, dataset, epochs) {
    var work = dataset * epochs;
    var range = null;
    coeffs.setups.forEach(function (s) {
      s.points.forEach(function (p) {
        var hours = work / p.per_gpu_rate / 3600.0;
        range = range ? [Math.min(range[0], hours), Math.max(range[1], hours)] : [hours, hours];
      });
    });
    return range;
  }

  var api = { estimate: estimate, gpuHoursRange: gpuHoursRange };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  if (!root.document) return;

  // ---- the form ----
  var doc = root.document;
  var form = doc.getElementById("estimate-form");
  var out = doc.getElementById("estimate-result");
  var dataEl = doc.getElementById("estimate-data");
  if (!form || !out || !dataEl) return;
  var data = JSON.parse(dataEl.textContent);
  var text = data.text || {};
  var lang = doc.documentElement.lang || "en";
  var models = data.models;
  if (!models.length) return;

  function t(key, values) {
    var s = text[key] || key;
    Object.keys(values || {}).forEach(function (k) { s = s.split("{" + k + "}").join(values[k]); });
    return s;
  }
  function num(x) {
    return new Intl.NumberFormat(lang, { maximumSignificantDigits: 3 }).format(x);
  }
  function whole(x) {
    return new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }).format(x);
  }
  function duration(seconds) {
    var hours = seconds / 3600;
    if (hours < 1) return t("estimate_minutes", { n: num(seconds / 60) });
    if (hours < 48) return t("estimate_hours", { n: num(hours) });
    return t("estimate_days", { n: num(hours / 24) });
  }
  function el(tag, content, cls) {
    var e = doc.createElement(tag);
    if (content != null) e.textContent = content;
    if (cls) e.className = cls;
    return e;
  }
  function options(select, values, chosen) {
    select.textContent = "";
    values.forEach(function (v) {
      var o = el("option", v);
      o.value = v;
      if (v === chosen) o.selected = true;
      select.appendChild(o);
    });
    if (values.indexOf(chosen) < 0 && values.length) select.value = values[0];
  }
  function unique(list) {
    return list.filter(function (v, i) { return list.indexOf(v) === i; });
  }
  function modelOf(id) {
    return models.filter(function (m) { return m.coefficients.model === id; })[0] || models[0];
  }

  var f = form.elements;
  var params = new URLSearchParams(root.location.search);
  var m0 = modelOf(params.get("model"));
  options(f.model, models.map(function (m) { return m.coefficients.model; }), m0.coefficients.model);

  function fillChoices(m, gpu, precision) {
    var c = m.coefficients;
    options(f.gpu, unique(c.setups.map(function (s) { return s.gpu; })), gpu || c.setups[0].gpu);
    options(f.precision, unique(c.setups.map(function (s) { return s.precision; })), precision || c.setups[0].precision);
    doc.getElementById("estimate-dataset-label").textContent = t(c.tokens ? "estimate_dataset_tokens" : "estimate_dataset");
  }
  fillChoices(m0, params.get("gpu"), params.get("precision"));
  f.dataset.value = params.get("n") || m0.dataset;
  f.epochs.value = params.get("epochs") || m0.epochs;
  f.gpus.value = params.get("gpus") || m0.coefficients.setups[0].points[0].gpu_count;
  form.hidden = false;

  function rowLink(row) {
    var li = el("li");
    var a = el("a", row.file);
    a.href = (data.base || "/") + "benchmarks/data/" + encodeURIComponent(row.file) + ".json";
    li.appendChild(a);
    li.appendChild(doc.createTextNode(" · " + row.gpu_count + "× " + row.gpu + " · " + row.precision));
    return li;
  }
  function assumptionText(a) {
    switch (a.kind) {
      case "exact": return t("estimate_exact", { n: String(a.row.gpu_count) });
      case "interpolated": return t("estimate_interpolated", { a: String(a.from.gpu_count), b: String(a.to.gpu_count) });
      case "extrapolated": return t("estimate_extrapolated", {
        n: String(a.from.gpu_count), f: num(a.per_doubling), a: String(a.scaling_from.gpu_count),
        b: String(a.scaling_to.gpu_count), gpu: a.scaling_from.gpu + " · " + a.scaling_from.precision });
      case "linear_scaling": return t("estimate_linear", { n: String(a.from.gpu_count) });
      case "fewer_than_smallest": return t("estimate_fewer", { n: String(a.from.gpu_count) });
      default: return t("estimate_compute_only");
    }
  }

  function run() {
    var m = modelOf(f.model.value);
    var c = m.coefficients;
    var request = {
      dataset: Number(f.dataset.value), epochs: Number(f.epochs.value), gpu: f.gpu.value,
      gpu_count: Math.floor(Number(f.gpus.value)), precision: f.precision.value, parameters: null
    };
    var q = new URLSearchParams({ model: c.model, n: f.dataset.value, epochs: f.epochs.value, gpu: request.gpu, gpus: f.gpus.value, precision: request.precision });
    root.history.replaceState(null, "", "?" + q.toString() + root.location.hash);
    out.textContent = "";
    if (!(request.dataset > 0 && request.epochs > 0 && request.gpu_count >= 1)) return;
    var e = estimate(c, request, data.pricing);
    if (e.no_row) {
      out.appendChild(el("p", t("estimate_no_row"), "estimate-none"));
      if (e.no_row.nearest.length) {
        var ul = el("ul");
        e.no_row.nearest.forEach(function (r) { ul.appendChild(rowLink(r)); });
        out.appendChild(ul);
      } else {
        out.appendChild(el("p", t("estimate_no_rows_at_all")));
      }
      return;
    }
    var unit = t(c.unit);
    e.lines.forEach(function (line) {
      var box = el("div", null, "estimate-line");
      var setup = [];
      if (line.compiled) setup.push(t("bench_compiled"));
      if (line.input) setup.push(line.input);
      if (setup.length) box.appendChild(el("p", setup.join(" · "), "muted"));
      var dl = el("dl");
      var add = function (k, v, cls) { dl.appendChild(el("dt", t(k))); dl.appendChild(el("dd", v, cls)); };
      add("estimate_wall", duration(line.seconds), "estimate-wall");
      add("estimate_gpu_hours", num(line.gpu_hours), "estimate-gpu-hours");
      if (e.price) add("estimate_cost", t("estimate_cost_value", { value: num(line.cost), currency: e.price.currency, date: e.price.date }));
      box.appendChild(dl);
      if (!e.price) box.appendChild(el("p", t("estimate_no_price"), "muted"));
      box.appendChild(el("p", t("estimate_rate", { rate: whole(line.per_gpu_rate) + " " + unit, system: whole(line.system_rate) + " " + unit, n: String(request.gpu_count) })));
      if (line.flops) {
        box.appendChild(el("p", t("estimate_flops", { time: duration(line.flops.seconds) })));
        if (line.flops.differs) box.appendChild(el("p", t("estimate_flops_differs")));
      }
      box.appendChild(el("p", t("estimate_rows")));
      var rows = el("ul");
      line.rows.forEach(function (r) { rows.appendChild(rowLink(r)); });
      box.appendChild(rows);
      box.appendChild(el("p", t("estimate_assumed")));
      var as = el("ul");
      line.assumptions.forEach(function (a) { as.appendChild(el("li", assumptionText(a))); });
      box.appendChild(as);
      out.appendChild(box);
    });
  }

  form.addEventListener("change", function (ev) {
    if (ev.target === f.model) {
      var m = modelOf(f.model.value);
      fillChoices(m, null, null);
      f.dataset.value = m.dataset;
      f.epochs.value = m.epochs;
      f.gpus.value = m.coefficients.setups[0].points[0].gpu_count;
    }
    run();
  });
  form.addEventListener("input", run);
  form.addEventListener("submit", function (ev) { ev.preventDefault(); run(); });
  run();
})(typeof globalThis !== "undefined" ? globalThis : this);
