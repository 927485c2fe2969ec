// Comparison table enhancements: sort by any column, filter by facet value, pick rows to
// compare (the cells that differ among them are marked) and show only the picked rows.
// The table is complete without this script; it only adds controls. Labels come from the
// page (data-* attributes written from the theme's i18n strings), never from this file.
//
// The view lives in the URL, so a shortlist can be shared:
//   ?rows=resnet,vit      those rows picked, shown alone ("only selected"; &only=0 shows all)
//   ?<column key>=<value> a facet filter, e.g. ?data_types=image&tasks=classification
//   ?name=net             the name filter
//   ?sort=<column key>    sorted by that column (&dir=desc for descending)
(function () {
  "use strict";
  var table = document.getElementById("compare-table");
  var tools = document.querySelector("[data-table-tools]");
  if (!table || !tools) return;
  var box = document.querySelector("[data-table-box]");
  var view = document.querySelector("[data-table-view]");
  var onlyBox = view && view.querySelector("[data-only-selected]");
  var share = view && view.querySelector("[data-share-view]");
  var status = (view && view.querySelector("[data-table-status]")) || tools.appendChild(el("p", { "class": "muted", role: "status" }));
  var countBadge = document.querySelector("[data-filter-count]");
  var labels = tools.dataset;
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var groups = Array.prototype.slice.call(table.tBodies);
  var rows = [];
  groups.forEach(function (body) {
    Array.prototype.forEach.call(body.rows, function (row) {
      if (row.dataset.id) rows.push({ row: row, body: body, index: rows.length });
    });
  });
  var params = new URLSearchParams(window.location.search);

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
    select.appendChild(el("option", { value: "", text: labels.any || "" }));
    Object.keys(values).sort(function (a, b) { return values[a].localeCompare(values[b]); }).forEach(function (v) {
      select.appendChild(el("option", { value: v, text: values[v] }));
    });
    var wanted = params.get(th.dataset.key);
    if (wanted && values[wanted] !== undefined) select.value = wanted;
    select.addEventListener("change", update);
    label.appendChild(select);
    tools.appendChild(label);
    filters.push({ col: col, key: th.dataset.key, select: select });
  });
  var nameLabel = el("label");
  nameLabel.appendChild(document.createTextNode(labels.name || ""));
  var nameInput = el("input", { type: "search", "data-filter": "name" });
  nameInput.value = params.get("name") || "";
  nameInput.addEventListener("input", update);
  nameLabel.appendChild(nameInput);
  tools.appendChild(nameLabel);
  var reset = el("button", { type: "button", "class": "button", text: labels.reset || "" });
  reset.addEventListener("click", function () {
    filters.forEach(function (f) { f.select.value = ""; });
    nameInput.value = "";
    sortBy(-1);
    rows.forEach(function (r) { r.check.checked = false; });
    if (onlyBox) onlyBox.checked = false;
    update();
  });
  tools.appendChild(reset);
  if (box) box.hidden = false;
  if (view) view.hidden = false;

  function apply() {
    var needle = nameInput.value.trim().toLowerCase();
    var only = onlyBox && onlyBox.checked;
    var shown = 0;
    rows.forEach(function (r) {
      var ok = filters.every(function (f) {
        return !f.select.value || (" " + r.row.cells[f.col].dataset.values + " ").indexOf(" " + f.select.value + " ") >= 0;
      });
      if (needle && r.row.cells[0].textContent.toLowerCase().indexOf(needle) < 0) ok = false;
      if (only && !r.check.checked) ok = false;
      r.row.hidden = !ok;
      if (ok) shown++;
    });
    groups.forEach(function (body) {
      var head = body.querySelector("tr.group-head");
      var any = Array.prototype.some.call(body.rows, function (row) { return row.dataset.id && !row.hidden; });
      if (head) head.hidden = !any || sortState.col >= 0;
    });
    status.textContent = shown + " / " + rows.length + " " + (labels.shown || "");
    var active = filters.filter(function (f) { return f.select.value; }).length + (needle ? 1 : 0);
    if (countBadge) countBadge.textContent = active ? "(" + active + ")" : "";
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
      update();
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
  var picked = (params.get("rows") || "").split(",").filter(Boolean);
  rows.forEach(function (r) {
    var check = el("input", { type: "checkbox", "aria-label": (labels.pick || "") + " " + r.row.cells[0].textContent.trim(), "data-compare": r.row.dataset.id });
    check.checked = picked.indexOf(r.row.dataset.id) >= 0;
    check.addEventListener("change", update);
    r.row.cells[0].insertBefore(check, r.row.cells[0].firstChild);
    r.check = check;
  });
  if (onlyBox) {
    onlyBox.checked = picked.length > 0 && params.get("only") !== "0";
    onlyBox.addEventListener("change", update);
  }

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

  // The current view as a URL: replaced, not pushed, so Back still leaves the page.
  function writeUrl() {
    var url = new URL(window.location.href);
    var next = new URLSearchParams();
    filters.forEach(function (f) { if (f.select.value) next.set(f.key, f.select.value); });
    if (nameInput.value.trim()) next.set("name", nameInput.value.trim());
    if (sortState.col >= 0) {
      next.set("sort", headers[sortState.col].dataset.key);
      if (sortState.dir === -1) next.set("dir", "desc");
    }
    var ids = rows.filter(function (r) { return r.check.checked; }).map(function (r) { return r.row.dataset.id; });
    if (ids.length) next.set("rows", ids.join(","));
    if (ids.length && onlyBox && !onlyBox.checked) next.set("only", "0");
    url.search = next.toString().replace(/%2C/g, ",");
    window.history.replaceState(window.history.state, "", url.toString());
    if (share) share.href = url.toString();
  }

  function update() {
    apply();
    markDifferences();
    writeUrl();
  }

  var sortKey = params.get("sort");
  headers.forEach(function (th, col) {
    if (sortKey && th.dataset.key === sortKey) sortBy(col, params.get("dir") === "desc" ? -1 : 1);
  });
  apply();
  markDifferences();
  if (share) share.href = window.location.href;
  if (box && filters.some(function (f) { return f.select.value; })) box.open = true;
})();
