// Comparison table enhancements: sort by any column, filter by facet value, and mark
// the cells that differ between the rows a reader picks. The table is complete without
// this script; it only adds controls.
(function () {
  "use strict";
  var table = document.getElementById("compare-table");
  var tools = document.querySelector("[data-table-tools]");
  if (!table || !tools) return;
  var lang = document.documentElement.lang || "en";
  var labels = {
    en: { filter: "Filter", any: "Any", name: "Name contains", clear: "Reset", compare: "Compare", shown: "shown" },
    zh: { filter: "筛选", any: "全部", name: "名称包含", clear: "重置", compare: "对比", shown: "项" }
  }[lang] || {};
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var groups = Array.prototype.slice.call(table.tBodies);
  var rows = [];
  groups.forEach(function (body) {
    Array.prototype.forEach.call(body.rows, function (row) {
      if (row.dataset.id) rows.push({ row: row, body: body, index: rows.length });
    });
  });

  function el(tag, attrs) {
    var n = document.createElement(tag);
    for (var k in attrs || {}) { if (k === "text") n.textContent = attrs[k]; else n.setAttribute(k, attrs[k]); }
    return n;
  }

  // Filters: one select per facet column, from the values present in the table.
  var filters = [];
  headers.forEach(function (th, col) {
    var cells = rows.map(function (r) { return r.row.cells[col]; });
    if (!cells[0] || cells[0].dataset.values === undefined) return;
    var values = {};
    cells.forEach(function (cell) {
      Array.prototype.forEach.call(cell.querySelectorAll(".chip"), function (chip) {
        values[chip.dataset.value] = chip.textContent;
      });
    });
    var label = el("label");
    label.appendChild(document.createTextNode(th.textContent));
    var select = el("select", { "data-filter": th.dataset.key });
    select.appendChild(el("option", { value: "", text: labels.any }));
    Object.keys(values).sort(function (a, b) { return values[a].localeCompare(values[b]); }).forEach(function (v) {
      select.appendChild(el("option", { value: v, text: values[v] }));
    });
    select.addEventListener("change", apply);
    label.appendChild(select);
    tools.appendChild(label);
    filters.push({ col: col, select: select });
  });
  var nameLabel = el("label");
  nameLabel.appendChild(document.createTextNode(labels.name));
  var nameInput = el("input", { type: "search", "data-filter": "name" });
  nameInput.addEventListener("input", apply);
  nameLabel.appendChild(nameInput);
  tools.appendChild(nameLabel);
  var reset = el("button", { type: "button", "class": "button", text: labels.clear });
  reset.addEventListener("click", function () {
    filters.forEach(function (f) { f.select.value = ""; });
    nameInput.value = "";
    sortBy(-1);
    rows.forEach(function (r) { r.check.checked = false; });
    apply();
    markDifferences();
  });
  tools.appendChild(reset);
  var status = el("p", { "class": "muted", role: "status", "aria-live": "polite" });
  tools.appendChild(status);
  tools.hidden = false;

  function apply() {
    var needle = nameInput.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (r) {
      var ok = filters.every(function (f) {
        return !f.select.value || (" " + r.row.cells[f.col].dataset.values + " ").indexOf(" " + f.select.value + " ") >= 0;
      });
      if (needle && r.row.cells[0].textContent.toLowerCase().indexOf(needle) < 0) ok = false;
      r.row.hidden = !ok;
      if (ok) shown++;
    });
    groups.forEach(function (body) {
      var head = body.querySelector("tr.group-head");
      var any = Array.prototype.some.call(body.rows, function (row) { return row.dataset.id && !row.hidden; });
      if (head) head.hidden = !any || sortState.col >= 0;
    });
    status.textContent = shown + " / " + rows.length + " " + labels.shown;
  }

  // Sorting: header buttons; ascending, descending, then back to the grouped order.
  var sortState = { col: -1, dir: 1 };
  headers.forEach(function (th, col) {
    var button = el("button", { type: "button", "class": "sort", text: th.textContent });
    th.textContent = "";
    th.appendChild(button);
    th.setAttribute("aria-sort", "none");
    button.addEventListener("click", function () {
      if (sortState.col === col && sortState.dir === -1) sortBy(-1);
      else sortBy(col, sortState.col === col ? -1 : 1);
      apply();
    });
  });

  function key(r, col) {
    var cell = r.row.cells[col];
    var raw = cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
    return /^-?\d+(\.\d+)?$/.test(raw) ? parseFloat(raw) : raw.toLowerCase();
  }

  function sortBy(col, dir) {
    sortState = { col: col, dir: dir || 1 };
    headers.forEach(function (th, i) {
      th.setAttribute("aria-sort", i === col ? (sortState.dir === 1 ? "ascending" : "descending") : "none");
    });
    var ordered = rows.slice();
    if (col >= 0) {
      ordered.sort(function (a, b) {
        var ka = key(a, col), kb = key(b, col);
        var c = typeof ka === "number" && typeof kb === "number" ? ka - kb : String(ka).localeCompare(String(kb));
        return c * sortState.dir || a.index - b.index;
      });
      ordered.forEach(function (r) { groups[0].appendChild(r.row); });
    } else {
      ordered.forEach(function (r) { r.body.appendChild(r.row); });
    }
  }

  // Compare: a checkbox per row; cells that differ among the checked rows are marked.
  rows.forEach(function (r) {
    var check = el("input", { type: "checkbox", "aria-label": labels.compare + " " + r.row.cells[0].textContent.trim(), "data-compare": r.row.dataset.id });
    check.addEventListener("change", markDifferences);
    r.row.cells[0].insertBefore(check, r.row.cells[0].firstChild);
    r.check = check;
  });

  function markDifferences() {
    var chosen = rows.filter(function (r) { return r.check.checked; });
    rows.forEach(function (r) {
      r.row.classList.toggle("highlight", r.check.checked);
      Array.prototype.forEach.call(r.row.cells, function (c) { c.classList.remove("differs"); });
    });
    if (chosen.length < 2) return;
    headers.forEach(function (th, col) {
      if (col === 0) return;
      var texts = chosen.map(function (r) { return r.row.cells[col].textContent.trim(); });
      var differs = texts.some(function (t) { return t !== texts[0]; });
      if (differs) chosen.forEach(function (r) { r.row.cells[col].classList.add("differs"); });
    });
  }

  apply();
})();
