// The decision widget: one question at a time over the graph the flowchart draws, then
// a shortlist narrowed by the constraints asked at that recommendation.
// Reads the graph from <script id="decision-data"> (no fetch, so it works from file://),
// keeps the answers taken in the URL (?path=q/0,q2/1&target=phone) so a result can be
// shared, adds one history entry per answer so Back and Forward walk the questions, and
// highlights the path on the flowchart of the same page. The ranking is shortlist.js,
// the mirror of the Rust one. Everything from the data is inserted as text, never HTML.
(function () {
  "use strict";
  var root = document.querySelector("[data-widget]");
  var dataEl = document.getElementById("decision-data");
  if (!root || !dataEl) return;
  var data;
  try { data = JSON.parse(dataEl.textContent); } catch (e) { return; }
  var s = data.strings || {};
  var colon = s.colon || ": ";
  var clauses = s.clause_separator || "; ";
  var chart = document.getElementById("flowchart");
  var shortlist = window.archkbShortlist;
  var constraints = {};
  (data.constraints || []).forEach(function (c) { constraints[c.id] = c; });

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    for (var k in attrs || {}) {
      if (k === "text") node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k]);
    }
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  // The state in the URL: the answers taken (answer ids, validated against the graph)
  // and the constraint picks (constraint id → option id, validated against the data).
  function readState() {
    var params = new URLSearchParams(window.location.search);
    var picks = {};
    (data.constraints || []).forEach(function (c) {
      var v = params.get(c.id);
      if (v && c.options.some(function (o) { return o.id === v; })) picks[c.id] = v;
    });
    return { path: readPath(params), picks: picks };
  }

  function readPath(params) {
    var raw = params.get("path");
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

  function writeState(state) {
    var url = new URL(window.location.href);
    if (state.path.length) url.searchParams.set("path", state.path.map(function (a) { return a.id; }).join(","));
    else url.searchParams.delete("path");
    (data.constraints || []).forEach(function (c) {
      if (state.picks[c.id]) url.searchParams.set(c.id, state.picks[c.id]);
      else url.searchParams.delete(c.id);
    });
    // One entry per answer: Back returns to the previous question.
    if (url.toString() !== window.location.href) window.history.pushState(null, "", url.toString());
  }

  function option(cid, oid) {
    var c = constraints[cid];
    return c && c.options.filter(function (o) { return o.id === oid; })[0];
  }

  // One constraint as a group of radio buttons; "not a concern" clears it.
  function constraintGroup(c, state) {
    var set = el("fieldset", { "class": "constraint", "data-constraint": c.id });
    set.appendChild(el("legend", { text: c.question }));
    if (c.help) set.appendChild(el("p", { "class": "muted", text: c.help }));
    var choices = [{ id: "", label: s.widget_any || "" }].concat(c.options);
    choices.forEach(function (o) {
      var input = el("input", { type: "radio", name: "c-" + c.id, value: o.id, "data-option": o.id });
      input.checked = (state.picks[c.id] || "") === o.id;
      input.addEventListener("change", function () {
        var picks = {};
        for (var k in state.picks) picks[k] = state.picks[k];
        if (o.id) picks[c.id] = o.id; else delete picks[c.id];
        go({ path: state.path, picks: picks }, false);
        var again = root.querySelector('[data-constraint="' + CSS.escape(c.id) + '"] input[value="' + CSS.escape(o.id) + '"]');
        if (again) again.focus();
      });
      set.appendChild(el("label", { "class": "choice" }, [input, el("span", { text: o.label })]));
    });
    return set;
  }

  // The training cost Rust computed (views/estimate_cost.rs): for the data-set size picked
  // where this recommendation asks it, else for the estimator's common size, linked to the
  // estimator prefilled with that size.
  function costLine(cost, state, ask) {
    if (!cost) return null;
    var band = ask.indexOf("data_size") >= 0 && state.picks.data_size;
    var line = (band && cost.bands[band]) || cost.preset;
    return el("p", { "class": "cost", "data-cost": cost.model }, [
      el("strong", { text: (s.estimate_cost_title || "") + colon }),
      el("span", { text: line.text + (s.sentence_gap === undefined ? " " : s.sentence_gap) }),
      el("a", { href: line.url, "data-estimate": "", text: s.estimate_cost_link || "" })
    ]);
  }

  function phrases(cids, state, key) {
    return cids.map(function (cid) { var o = option(cid, state.picks[cid]); return o && o[key]; }).filter(Boolean);
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

  function render(state, focus) {
    var path = state.path;
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
        b.addEventListener("click", function () { go({ path: path.concat([a]), picks: state.picks }, true); });
        answers.appendChild(b);
      });
      root.appendChild(answers);
    } else {
      heading = el("h2", { tabindex: "-1", text: s.widget_result || "" });
      root.appendChild(heading);
      root.appendChild(el("p", { "class": "reason" }, [el("strong", { text: (s.widget_because || "") + colon }), el("span", { text: last.reason })]));
      var ask = last.ask || [];
      if (ask.length) {
        var narrow = el("div", { "class": "constraints", role: "group", "aria-label": s.widget_constraints || "" }, [el("h3", { text: s.widget_constraints || "" })]);
        ask.forEach(function (cid) { if (constraints[cid]) narrow.appendChild(constraintGroup(constraints[cid], state)); });
        root.appendChild(narrow);
      }
      var ranked = shortlist ? shortlist.rank(last.recommend, ask, state.picks, data.verdicts || {})
        : { kept: last.recommend.map(function (id) { return { id: id, fits: [], cautions: [] }; }), ruled_out: [] };
      if (!ranked.kept.length) root.appendChild(el("p", { "class": "none-fit", role: "status", text: s.widget_none_fit || "" }));
      var list = el("ul", { "class": "cards result" });
      // Facet values that echo an answer taken are marked: a shared word stem ("Classify"
      // and "Classification") or, in Chinese, the same text.
      var said = path.map(function (a) { return a.label.toLowerCase(); }).join(" ");
      var stems = said.split(/[^a-z0-9\u00c0-\uffff]+/).filter(function (w) { return w.length >= 4; }).map(function (w) { return w.slice(0, 5); });
      var echoes = function (value) {
        var v = value.toLowerCase().replace(/^[^:：]*[:：]\s*/, "");
        if (/[\u3400-\u9fff]/.test(v)) return said.indexOf(v) >= 0;
        return v.split(/[^a-z0-9]+/).some(function (w) { return w.length >= 4 && stems.indexOf(w.slice(0, 5)) >= 0; });
      };
      ranked.kept.forEach(function (k) {
        var r = data.architectures[k.id];
        if (!r) return;
        var why = phrases(k.fits, state, "fits");
        var cautions = phrases(k.cautions, state, "caution");
        var facts = el("p", { "class": "facts-line" });
        r.facets.forEach(function (f) {
          f[1].forEach(function (v) {
            facts.appendChild(el("span", { "class": echoes(v) ? "chip match" : "chip", title: f[0], text: v }));
          });
        });
        list.appendChild(el("li", { "class": "card", "data-result": r.id }, [
          el("h3", {}, [el("a", { href: r.url, text: r.name })]),
          el("p", { text: r.summary }),
          why.length ? el("p", { "class": "fits" }, [el("strong", { text: (s.widget_fits || "") + colon }), el("span", { text: why.join(clauses) })]) : null,
          cautions.length ? el("p", { "class": "caution" }, [el("strong", { text: (s.widget_caution || "") + colon }), el("span", { text: cautions.join(clauses) })]) : null,
          facts,
          r.benchmark ? el("p", {}, [el("a", { href: r.url + "#bench", text: (s.widget_benchmark || "") + colon + r.benchmark })]) : null,
          costLine(r.cost, state, ask)
        ]));
      });
      root.appendChild(list);
      if (ranked.ruled_out.length) {
        var outList = el("ul", { "class": "ruled-out" });
        ranked.ruled_out.forEach(function (r) {
          var a = data.architectures[r.id], o = option(r.because, state.picks[r.because]);
          outList.appendChild(el("li", { "data-ruled-out": r.id, text: (a ? a.name : r.id) + colon + (o && o.out ? o.out : "") }));
        });
        root.appendChild(el("div", { "class": "ruled-out-block" }, [el("h3", { text: s.widget_ruled_out || "" }), outList]));
      }
      if (last.guide) root.appendChild(el("p", { "class": "guide" }, [el("strong", { text: (s.widget_guide || "") + colon }), el("a", { href: last.guide.url, "data-guide": "", text: last.guide.name })]));
      if (last.baseline) root.appendChild(el("p", { "class": "baseline" }, [el("strong", { text: (s.widget_baseline || "") + colon }), el("span", { text: last.baseline })]));
      var links = el("p", { "class": "share" });
      if (ranked.kept.length && data.compare_url) {
        links.appendChild(el("a", { href: data.compare_url + "?rows=" + ranked.kept.map(function (k) { return k.id; }).join(","), "data-compare": "", text: s.widget_compare || "" }));
        links.appendChild(document.createTextNode(" · "));
      }
      links.appendChild(el("a", { href: window.location.href, "data-share": "", text: s.widget_share || "" }));
      root.appendChild(links);
    }
    if (path.length) root.appendChild(trail);
    var controls = el("div", { "class": "controls" });
    var back = el("button", { type: "button", "class": "button", "data-back": "", text: "← " + (s.widget_back || "") });
    back.disabled = path.length === 0;
    back.addEventListener("click", function () { go({ path: path.slice(0, -1), picks: state.picks }, true); });
    var restart = el("button", { type: "button", "class": "button", "data-restart": "", text: s.widget_restart || "" });
    restart.disabled = path.length === 0;
    restart.addEventListener("click", function () { go({ path: [], picks: {} }, true); });
    controls.appendChild(back);
    controls.appendChild(restart);
    root.appendChild(controls);
    highlight(path);
    if (focus) heading.focus();
  }

  function go(state, focus) {
    writeState(state);
    render(state, focus);
  }

  // Back and Forward: the URL is the state, so read it again.
  window.addEventListener("popstate", function () { render(readState(), true); });

  render(readState(), false);
})();
