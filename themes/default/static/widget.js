// The decision widget: one question at a time over the graph the flowchart draws.
// Reads the graph from <script id="decision-data"> (no fetch, so it works from file://),
// keeps the answers taken in the URL (?path=q/0,q2/1) so a result can be shared, and
// highlights the path on the flowchart of the same page. Everything from the data is
// inserted as text, never as HTML.
(function () {
  "use strict";
  var root = document.querySelector("[data-widget]");
  var dataEl = document.getElementById("decision-data");
  if (!root || !dataEl) return;
  var data;
  try { data = JSON.parse(dataEl.textContent); } catch (e) { return; }
  var s = data.strings || {};
  var chart = document.getElementById("flowchart");

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    for (var k in attrs || {}) {
      if (k === "text") node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k]);
    }
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  // The answers taken, as answer ids; validated against the graph.
  function readPath() {
    var raw = new URLSearchParams(window.location.search).get("path");
    var ids = raw ? raw.split(",") : [];
    var path = [];
    var at = data.start;
    for (var i = 0; i < ids.length; i++) {
      var q = data.questions[at];
      var answer = q && q.answers.filter(function (a) { return a.id === ids[i]; })[0];
      if (!answer) break;
      path.push(answer);
      if (!answer.next) break;
      at = answer.next;
    }
    return path;
  }

  function writePath(path) {
    var url = new URL(window.location.href);
    if (path.length) url.searchParams.set("path", path.map(function (a) { return a.id; }).join(","));
    else url.searchParams.delete("path");
    window.history.replaceState(null, "", url.toString());
  }

  function highlight(path) {
    if (!chart) return;
    chart.querySelectorAll(".fc-active").forEach(function (n) { n.classList.remove("fc-active"); });
    var at = data.start;
    var mark = function (sel) { var n = chart.querySelector(sel); if (n) n.classList.add("fc-active"); };
    mark('[data-node-id="' + CSS.escape(at) + '"]');
    path.forEach(function (a) {
      mark('[data-edge-id="' + CSS.escape(a.id) + '"]');
      mark('[data-node-id="' + CSS.escape(a.next || a.id) + '"]');
    });
    // Bring the current step into view inside the scrollable chart.
    var active = chart.querySelectorAll(".fc-node.fc-active");
    var target = active[active.length - 1];
    if (target && chart.scrollWidth > chart.clientWidth) {
      var box = target.getBoundingClientRect(), frame = chart.getBoundingClientRect();
      chart.scrollLeft += box.left + box.width / 2 - (frame.left + frame.width / 2);
    }
  }

  function render(path, focus) {
    root.hidden = false;
    root.textContent = "";
    var last = path[path.length - 1];
    var current = last ? last.next : data.start;
    var trail = el("ol", { "class": "trail", "aria-label": s.widget_path || "" });
    var at = data.start;
    path.forEach(function (a) {
      trail.appendChild(el("li", {}, [el("span", { text: data.questions[at].text + " " }), el("strong", { text: a.label })]));
      at = a.next;
    });
    var heading;
    if (current) {
      var q = data.questions[current];
      heading = el("h2", { tabindex: "-1", text: q.text });
      root.appendChild(el("p", { "class": "eyebrow", text: (s.widget_question || "") + " " + (path.length + 1) }));
      root.appendChild(heading);
      if (q.help) root.appendChild(el("p", { "class": "muted", text: q.help }));
      var answers = el("div", { "class": "answers", role: "group", "aria-label": q.text });
      q.answers.forEach(function (a) {
        var b = el("button", { type: "button", "class": "button", "data-answer": a.id, text: a.label });
        b.addEventListener("click", function () { go(path.concat([a])); });
        answers.appendChild(b);
      });
      root.appendChild(answers);
    } else {
      heading = el("h2", { tabindex: "-1", text: s.widget_result || "" });
      root.appendChild(heading);
      root.appendChild(el("p", { "class": "reason" }, [el("strong", { text: (s.widget_because || "") + ": " }), el("span", { text: last.reason })]));
      var list = el("ul", { "class": "cards result" });
      // Facet values that echo an answer taken are marked: a shared word stem ("Classify"
      // and "Classification") or, in Chinese, the same text.
      var said = path.map(function (a) { return a.label.toLowerCase(); }).join(" ");
      var stems = said.split(/[^a-z0-9\u00c0-\uffff]+/).filter(function (w) { return w.length >= 4; }).map(function (w) { return w.slice(0, 5); });
      var echoes = function (value) {
        var v = value.toLowerCase().replace(/^[^:]*:\s*/, "");
        if (/[\u3400-\u9fff]/.test(v)) return said.indexOf(v) >= 0;
        return v.split(/[^a-z0-9]+/).some(function (w) { return w.length >= 4 && stems.indexOf(w.slice(0, 5)) >= 0; });
      };
      last.recommend.forEach(function (id) {
        var r = data.architectures[id];
        if (!r) return;
        var facts = el("p", { "class": "facts-line" });
        r.facets.forEach(function (f) {
          f[1].forEach(function (v) {
            facts.appendChild(el("span", { "class": echoes(v) ? "chip match" : "chip", title: f[0], text: v }));
          });
        });
        list.appendChild(el("li", { "class": "card", "data-result": r.id }, [
          el("h3", {}, [el("a", { href: r.url, text: r.name })]),
          el("p", { text: r.summary }),
          facts,
          r.benchmark ? el("p", {}, [el("a", { href: r.url + "#bench", text: (s.widget_benchmark || "") + ": " + r.benchmark })]) : null
        ]));
      });
      root.appendChild(list);
      var share = el("p", { "class": "share" }, [el("a", { href: window.location.href, "data-share": "", text: s.widget_share || "" })]);
      root.appendChild(share);
    }
    if (path.length) root.appendChild(trail);
    var controls = el("div", { "class": "controls" });
    var back = el("button", { type: "button", "class": "button", "data-back": "", text: "← " + (s.widget_back || "") });
    back.disabled = path.length === 0;
    back.addEventListener("click", function () { go(path.slice(0, -1)); });
    var restart = el("button", { type: "button", "class": "button", "data-restart": "", text: s.widget_restart || "" });
    restart.disabled = path.length === 0;
    restart.addEventListener("click", function () { go([]); });
    controls.appendChild(back);
    controls.appendChild(restart);
    root.appendChild(controls);
    highlight(path);
    if (focus) heading.focus();
  }

  function go(path) {
    writePath(path);
    render(path, true);
  }

  render(readPath(), false);
})();
