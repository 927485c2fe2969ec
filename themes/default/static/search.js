// archkb search client: the tokenizer (a mirror of src/search/tokenizer.rs, which specifies
// it; the golden vectors in tests/search/ check both), the query engine over the sharded
// index that src/search/shards.rs writes, and the UI (the header box's result list and the
// /search/ page with its filters). Data files are fetched over HTTP as gzip-compressed
// .json.gz and inflated here (decode), and loaded as .js scripts calling
// window.__archkbSearch from file://. The loader is injectable, so
// Node tests run this same code against a built site on disk. Text from the index only
// ever reaches the page through textContent and text nodes.
(function (root) {
  "use strict";

  // ---- Tokenizer (see src/search/tokenizer.rs for the specification) ----
  var CJK = [0x1100, 0x11FF, 0x3005, 0x3007, 0x3040, 0x30FA, 0x30FC, 0x30FF, 0x3130, 0x318F,
    0x31F0, 0x31FF, 0x3400, 0x4DBF, 0x4E00, 0x9FFF, 0xAC00, 0xD7AF, 0xF900, 0xFAFF, 0xFF66,
    0xFF9F, 0x20000, 0x3FFFF];
  var WORD = /[\p{Alphabetic}\p{N}]/u;
  var NUM = /\p{N}/u;

  // 1: CJK, 2: word, 3: connector, 0: separator.
  function cls(c) {
    var n = c.codePointAt(0);
    for (var i = 0; i < CJK.length; i += 2) if (n >= CJK[i] && n <= CJK[i + 1]) return 1;
    return WORD.test(c) ? 2 : "-._".indexOf(c) >= 0 ? 3 : 0;
  }

  // Tokens of `text` as [term, start, end, kind] (UTF-16 offsets into `text`; kind 1 is
  // CJK, 2 a word), in index mode or, with `query`, in query mode.
  function tokens(text, query) {
    var ch = [], out = [], pos = 0;
    for (var c of text) {
      var n = c.codePointAt(0);
      var f = n >= 0xFF01 && n <= 0xFF5E ? String.fromCodePoint(n - 0xFEE0) : n === 0x3000 ? " " : c;
      for (var l of f.toLowerCase()) ch.push([l, pos, pos + c.length, cls(l)]);
      pos += c.length;
    }
    function str(a, b) { var s = ""; for (var k = a; k < b; k++) s += ch[k][0]; return s; }
    function tok(a, b, kind, term) { out.push([term || str(a, b), ch[a][1], ch[b - 1][2], kind]); }
    for (var i = 0; i < ch.length;) {
      var j = i, k = ch[i][3];
      if (k === 1) {
        while (j < ch.length && ch[j][3] === 1) j++;
        for (var a = i; a < j; a++) {
          if (!query || j - i === 1) tok(a, a + 1, 1);
          if (a + 1 < j) tok(a, a + 2, 1);
          if (!query && a + 2 < j) tok(a, a + 3, 1);
        }
      } else if (k === 2) {
        var segs = [], letter = false;
        for (;;) {
          var from = j;
          while (j < ch.length && ch[j][3] === 2) { if (!NUM.test(ch[j][0])) letter = true; j++; }
          segs.push([from, j]);
          if (!(j + 1 < ch.length && ch[j][3] === 3 && ch[j + 1][3] === 2)) break;
          j++;
        }
        var joined = segs.length > 1 && letter;
        if (!query || !joined) segs.forEach(function (s) { tok(s[0], s[1], 2); });
        if (joined) tok(i, j, 2, segs.map(function (s) { return str(s[0], s[1]); }).join(""));
      } else j++;
      i = j;
    }
    return out;
  }
  function terms(text, query) { return tokens(text, query).map(function (t) { return t[0]; }); }

  // Code-point order, the order of Rust's str (UTF-16 order differs above U+FFFF).
  function cmp(a, b) {
    for (var i = 0, j = 0; ; ) {
      var x = a.codePointAt(i), y = b.codePointAt(j);
      if (x !== y) return x === undefined ? -1 : y === undefined ? 1 : x - y;
      if (x === undefined) return 0;
      i += x > 0xFFFF ? 2 : 1; j += y > 0xFFFF ? 2 : 1;
    }
  }

  // ---- Engine ----
  // load(lang, dir, name) → Promise of the data file `name` of language `lang`, whose
  // search folder is `dir` (an absolute URL path from the meta file, or as given here).
  function createSearch(load, lang, dir) {
    var dirs = {}, cache = {};
    dirs[lang] = dir;
    function get(l, name) {
      var key = l + "/" + name;
      return cache[key] || (cache[key] = Promise.resolve(load(l, dirs[l], name)).catch(function (e) {
        delete cache[key]; throw e;
      }));
    }
    function meta(l) {
      return get(l, "meta").then(function (m) {
        if (!m.groups) {
          m.langs.forEach(function (p) { dirs[p[0]] = dirs[p[0]] || p[1]; });
          m.groups = m.syn.map(function (g) { return g.map(function (s) { return terms(s, 1); }); });
        }
        return m;
      });
    }
    // The shard holding `term`: the last whose first term is ≤ it.
    function shard(m, term) {
      var lo = 0, hi = m.shards.length - 1;
      while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (cmp(m.shards[mid][0], term) <= 0) lo = mid; else hi = mid - 1; }
      return lo;
    }
    // Clauses: each a list of alternatives [terms, weight]; a run of query terms equal to a
    // glossary name becomes one clause whose alternatives are all the names of its group.
    // A run of overlapping Chinese bigrams is one clause, a phrase: all its bigrams must
    // match, and its trigrams (`tri`, index-only terms) tell the pages where the characters
    // stand together. One-letter Latin words (the `T` of `Box<T>`) are dropped unless the
    // query is only such. The last term, while typed (no trailing separator), also matches
    // as a prefix.
    function plan(m, q) {
      var toks = tokens(q, 1).filter(function (t, _, all) {
        return !(t[3] === 2 && t[0].length === 1 && /[a-z]/.test(t[0])) ||
          all.every(function (u) { return u[3] === 2 && u[0].length === 1; });
      });
      var ts = toks.map(function (t) { return t[0]; }), out = [];
      var bigram = function (k) { return toks[k] && toks[k][3] === 1 && toks[k][0].length === 2; };
      for (var i = 0; i < ts.length;) {
        var best = null, len = 0;
        // A glossary name in Chinese counts only where it spans the whole run of bigrams
        // (注意力 is no synonym inside 注意力机制, which is a phrase of its own).
        var run = i;
        while (bigram(run) && (run === i || toks[run][1] < toks[run - 1][2])) run++;
        m.groups.forEach(function (g) {
          g.forEach(function (alt) {
            if (alt.length > len && alt.every(function (t, k) { return ts[i + k] === t; }) && (run === i || alt.length === run - i)) { best = [[alt, 1]]; len = alt.length; g.forEach(function (a) { if (a !== alt) best.push([a, 0.9]); }); }
          });
        });
        if (best) {
          out.push({ alts: best });
          i += len;
          continue;
        }
        if (bigram(i)) {
          var j = i + 1;
          while (bigram(j) && toks[j][1] < toks[j - 1][2]) j++;
          var chain = ts.slice(i, j), tri = [];
          for (var k = 0; k + 1 < chain.length; k++) tri.push(chain[k] + chain[k + 1].slice(-1));
          out.push({ alts: [[chain, 1]], tri: tri, phrase: chain.map(function (t, n) { return n ? t.slice(-1) : t; }).join("") });
          i = j;
          continue;
        }
        // A compound (gpt-2) also matches its segments anywhere, at half weight.
        var t = toks[i], segs = terms(q.slice(t[1], t[2])).slice(0, -1), alts = [[[ts[i]], 1]];
        if (t[3] === 2 && segs.length > 1) alts.push([segs, 0.5]);
        out.push({ alts: alts, prefix: i === ts.length - 1 && t[3] === 2 && t[2] === q.length && ts[i].length > 1 && ts[i] });
        i++;
      }
      return out;
    }
    // A posting list → Map(doc → [impact, chunk]).
    function postings(list, cf) {
      var map = new Map(), d = 0;
      for (var i = 0; i < list.length; i += 2) {
        d += list[i];
        map.set(d, cf ? [list[i + 1] % cf, Math.floor(list[i + 1] / cf)] : [list[i + 1], 0]);
      }
      return map;
    }
    function searchLang(l, q, facets) {
      return meta(l).then(function (m) {
        var clauses = plan(m, q), need = {};
        var want = function (t) { if (cmp(t, m.last || "") <= 0) need[m.shards[shard(m, t)][1]] = 1; };
        clauses.forEach(function (c) {
          c.alts.forEach(function (a) { a[0].forEach(want); });
          (c.tri || []).forEach(want);
          if (c.prefix) for (var s = shard(m, c.prefix), e = shard(m, c.prefix + "\u{10FFFF}"); s <= e; s++) need[m.shards[s][1]] = 1;
        });
        return Promise.all(Object.keys(need).map(function (n) { return get(l, n); })).then(function (shards) {
          function list(t) {
            for (var i = 0; i < shards.length; i++) if (Object.prototype.hasOwnProperty.call(shards[i], t)) return shards[i][t];
            return null;
          }
          var docs = new Map(), hl = [], fb = [], total = 0;
          function result(d) {
            var r = docs.get(d);
            if (!r) docs.set(d, r = { lang: l, doc: d, score: 0, hits: 0, cov: 0, adj: 0, votes: {} });
            return r;
          }
          // A term only the title or metadata hold (chunk `nc`) says nothing of where to cut.
          function vote(r, chunk, w) { if (chunk !== m.nc) r.votes[chunk] = (r.votes[chunk] || 0) + w; }
          clauses.forEach(function (c) {
            // The 30 most frequent completions of a term being typed, at 0.7 weight.
            if (c.prefix) shards.forEach(function (sh) {
              Object.keys(sh).filter(function (t) { return t !== c.prefix && t.startsWith(c.prefix); })
                .sort(function (a, b) { return sh[b].length - sh[a].length; }).slice(0, 30)
                .forEach(function (t) { c.alts.push([[t], 0.7]); });
            });
            // A clause is one concept. It weighs the mean IDF of what was typed (the first
            // alternative), or, where that is not in this index, of the alternatives that
            // are. Each alternative scores the mean impact of its terms in a document that
            // has them all, times its weight, so a rare alias cannot outrank the word the
            // reader typed, and a four-character Chinese word weighs as much as an English one.
            var lists = c.alts.map(function (a) { return a[0].map(list); }), best = new Map(), part = new Map();
            var typed = lists[0].filter(Boolean), known = [].concat.apply([], lists).filter(Boolean);
            var use = typed.length === lists[0].length ? typed : known, idf = 0;
            use.forEach(function (p) { idf += Math.log(1 + (m.n - p.length / 2 + 0.5) / (p.length / 2 + 0.5)) / use.length; });
            idf = idf || 1;
            total++;
            if (c.phrase) { hl.push(c.phrase); fb = fb.concat(c.alts[0][0]); }
            c.alts.forEach(function (alt, k) {
              // Overlapping CJK bigrams are highlighted as the phrase they spell.
              var a = alt[0], chain = a.length > 1 && a.every(function (t) { return cls(t) === 1 && t.length === 2; });
              if (!(c.phrase && k === 0)) hl = hl.concat(chain ? [a.map(function (t, i) { return i ? t[1] : t; }).join("")] : a);
              var maps = lists[k].map(function (p) { return p && postings(p, m.cf); });
              // What was typed, where only part of it matches: that share of the clause.
              if (k === 0 && a.length > 1) maps.forEach(function (mp) {
                if (mp) mp.forEach(function (v, d) {
                  var p = part.get(d) || { f: 0, s: 0, chunks: [] };
                  p.f += 1 / a.length; p.s += v[0] * idf / 100 / a.length; p.chunks.push(v[1]); part.set(d, p);
                });
              });
              if (maps.some(function (p) { return !p; })) return;
              maps[0].forEach(function (_, d) {
                var s = 0, chunks = [];
                for (var i = 0; i < maps.length; i++) {
                  var v = maps[i].get(d);
                  if (v === undefined) return;
                  s += v[0]; chunks.push(v[1]);
                }
                s *= alt[1] * idf / 100 / maps.length;
                if (!(best.has(d) && best.get(d).s >= s)) best.set(d, { s: s, chunks: chunks });
              });
            });
            // The pages holding every trigram of the phrase: its characters stand together.
            var tri = (c.tri || []).map(list), adj = null;
            if (tri.length && tri.every(Boolean)) {
              var tm = tri.map(function (p) { return postings(p, m.cf); });
              // The snippet's chunk: where the rarest trigram is, the likeliest to be the phrase.
              var rare = 0;
              tri.forEach(function (p, k) { if (p.length < tri[rare].length) rare = k; });
              adj = new Map();
              tm[rare].forEach(function (v, d) { if (tm.every(function (x) { return x.has(d); })) adj.set(d, v[1]); });
            }
            best.forEach(function (b, d) {
              var r = result(d);
              r.score += b.s; r.hits++; r.cov++;
              b.chunks.forEach(function (ch) { vote(r, ch, 1); });
              if (adj && adj.has(d)) { r.adj++; vote(r, adj.get(d), 2 * c.alts[0][0].length); }
            });
            part.forEach(function (p, d) {
              if (best.has(d)) return;
              var r = result(d);
              // Half a clause at most: a page holding one word of the query whole comes
              // before one holding scattered pieces of another.
              r.score += p.s; r.cov += p.f / 2;
              p.chunks.forEach(function (ch) { vote(r, ch, 1); });
            });
          });
          if (!clauses.length) for (var d = 0; d < m.n; d++) result(d);
          var out = [];
          docs.forEach(function (r, d) {
            for (var f in facets) {
              var vals = facets[f], fm = m.facets[f] || {};
              if (vals.length && !vals.some(function (v) { return (fm[v] || []).indexOf(d) >= 0; })) return;
            }
            r.full = r.hits === clauses.length;
            r.cov = r.full ? 1 : r.cov / total;
            // The snippet comes from the chunk most of the matched terms point at.
            r.chunk = 0;
            Object.keys(r.votes).forEach(function (ch) { if (r.votes[ch] > (r.votes[r.chunk] || 0)) r.chunk = +ch; });
            r.terms = hl; r.fallback = fb; r.frag = m.frag; r.fg = m.fg;
            out.push(r);
          });
          return out;
        });
      });
    }
    // Best first: pages holding every clause; then (partial results) the share of the query
    // they hold; then how many phrases stand together; then the score.
    function rank(a, b) {
      return b.full - a.full || b.cov - a.cov || b.adj - a.adj || b.score - a.score || a.doc - b.doc;
    }
    function searchLangs(langs, q, facets) {
      return Promise.all(langs.filter(function (l) { return dirs[l]; }).map(function (l) { return searchLang(l, q, facets); })).then(function (lists) {
        // Scores of two indexes do not compare (other lengths, other IDFs): across
        // languages, rank by the share of each language's best score, this language first.
        if (lists.length > 1) lists.forEach(function (rs) {
          var top = Math.max.apply(null, rs.map(function (r) { return r.score; }).concat([1e-9]));
          rs.forEach(function (r) { r.score = r.score / top + (r.lang === lang ? 1e-6 : 0); });
        });
        var all = [].concat.apply([], lists);
        var full = all.filter(function (r) { return r.full; });
        var out = (full.length ? full : all).sort(rank);
        out.partial = !full.length && out.length > 0;
        return out;
      });
    }
    // A fragment file holds one chunk of `fg` consecutive documents, indexed from the group's first.
    function fragName(r) { return r.frag + "/" + Math.floor(r.doc / r.fg) + (r.chunk ? "-" + r.chunk : ""); }
    return {
      // Results of `q` in the languages `langs` (default: this one), filtered by
      // `facets` ({facet: [values]}), best first. With no result matching every clause,
      // in any language, the pages holding the largest share of the query, and the list's
      // `partial` is true; with such results only in another language, `other` is true.
      search: function (q, langs, facets) {
        facets = facets || {};
        var filtered = Object.keys(facets).some(function (f) { return facets[f].length; });
        if (!terms(q, 1).length && !filtered) return Promise.resolve([]);
        return meta(lang).then(function (m) {
          var asked = langs || [lang];
          return searchLangs(asked, q, facets).then(function (rs) {
            // Nothing in the languages asked holds the whole query (卷积 on an English
            // page): the other languages are searched, and kept if one of them does.
            var others = m.langs.map(function (p) { return p[0]; }).filter(function (l) { return asked.indexOf(l) < 0; });
            if (!(rs.partial || !rs.length) || !others.length || !terms(q, 1).length) return rs;
            return searchLangs(asked.concat(others), q, facets).then(function (wider) {
              if (wider.partial || !wider.length) return rs;
              wider.other = true;
              return wider;
            });
          });
        });
      },
      // The fragment {u: url, t: title, x: text} of a result.
      // A result's fragment: the chunk of its page's text its snippet comes from.
      fragment: function (r) {
        return get(r.lang, fragName(r)).then(function (group) {
          var f = group[r.doc % r.fg];
          if (!f) throw Error("no fragment " + fragName(r) + "#" + r.doc);
          return f;
        });
      },
      // Where a result's fragment lives: its URL is relative to that file in an offline copy.
      fragmentPath: function (r) { return dirs[r.lang] + fragName(r); },
      languages: function () { return meta(lang).then(function (m) { return m.langs.map(function (p) { return p[0]; }); }); }
    };
  }

  // Where `hl` (terms and Chinese phrases) occur in `text`: sorted, merged [start, end].
  function matches(text, hl) {
    var set = new Set(hl), raw = [], spans = [];
    tokens(text).forEach(function (t) { if (set.has(t[0])) raw.push([t[1], t[2]]); });
    hl.forEach(function (p) {
      if (p.length > 2 && cls(p) === 1) for (var i = text.indexOf(p); i >= 0; i = text.indexOf(p, i + 1)) raw.push([i, i + p.length]);
    });
    raw.sort(function (a, b) { return a[0] - b[0]; }).forEach(function (s) {
      var last = spans[spans.length - 1];
      if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
      else spans.push(s);
    });
    return spans;
  }
  // Whether offsets `i - 1` and `i` of `text` are inside one Latin word (or number).
  function inWord(text, i) {
    if (i <= 0 || i >= text.length) return false;
    var a = String.fromCodePoint(text.codePointAt(i - 1 - (/[\uDC00-\uDFFF]/.test(text[i - 1]) ? 1 : 0)));
    return cls(a) === 2 && cls(String.fromCodePoint(text.codePointAt(i))) === 2 || /[\uDC00-\uDFFF]/.test(text[i]);
  }
  // The part of `text` around the most matches of `hl` (terms), at most about `max` UTF-16
  // units, as [[text, isMatch], ...], starting and ending between words. Where no term of
  // `hl` occurs, those of `fallback` (a phrase's bigrams) are marked instead.
  function snippet(text, hl, max, fallback) {
    max = max || 200;
    var spans = matches(text, hl);
    if (!spans.length && fallback && fallback.length) spans = matches(text, fallback);
    var start = 0, most = 0;
    spans.forEach(function (s, i) {
      var n = 0;
      for (var j = i; j < spans.length && spans[j][1] <= s[0] + max; j++) n++;
      if (n > most) { most = n; start = s[0]; }
    });
    var first = spans.filter(function (s) { return s[0] >= start; })[0];
    start = Math.max(0, start - (start ? 40 : 0));
    // Start after a space near the cut, else at the next word's start.
    var sp = text.lastIndexOf(" ", start);
    if (start && sp > start - 20) start = sp + 1;
    while (inWord(text, start)) start++;
    var end = Math.min(text.length, start + max);
    // End before a cut word, unless that would lose the first match.
    var back = end;
    while (inWord(text, back)) back--;
    if (!first || back >= first[1]) end = back;
    else while (inWord(text, end)) end++;
    // Never cut a match: a Chinese phrase is marked whole or not at all.
    spans.forEach(function (s) {
      if (s[0] < start && start < s[1]) start = s[0];
      if (s[0] < end && end < s[1]) end = s[1];
    });
    var out = [], at = start;
    if (start) out.push(["… ", false]);
    spans.forEach(function (s) {
      if (s[1] <= at || s[0] >= end) return;
      var a = Math.max(s[0], at), b = Math.min(s[1], end);
      if (a > at) out.push([text.slice(at, a), false]);
      out.push([text.slice(a, b), true]);
      at = b;
    });
    if (end > at) out.push([text.slice(at, end), false]);
    if (end < text.length) out.push([" …", false]);
    return out;
  }

  // All of `text` (a title) as [[text, isMatch], ...], matches of `hl` marked.
  function mark(text, hl, fallback) {
    var spans = matches(text, hl), out = [], at = 0;
    if (!spans.length && fallback && fallback.length) spans = matches(text, fallback);
    spans.forEach(function (s) {
      if (s[0] > at) out.push([text.slice(at, s[0]), false]);
      out.push([text.slice(s[0], s[1]), true]);
      at = s[1];
    });
    if (at < text.length) out.push([text.slice(at), false]);
    return out;
  }

  // A fetched data file's bytes → its JSON. The files are gzip on disk; a host that sends
  // them with `Content-Encoding: gzip` has already inflated them, so the bytes decide, not
  // the name. Every browser since 2023 has DecompressionStream (as has Node.js 18).
  function decode(buffer) {
    var bytes = new Uint8Array(buffer);
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return Promise.resolve(JSON.parse(new TextDecoder().decode(bytes)));
    if (typeof DecompressionStream === "undefined") return Promise.reject(Error("no DecompressionStream"));
    return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).text().then(JSON.parse);
  }

  var api = { decode: decode, mark: mark, tokens: tokens, indexTerms: function (t) { return terms(t); }, queryTerms: function (t) { return terms(t, 1); }, compare: cmp, createSearch: createSearch, snippet: snippet };
  root.archkbSearch = api;
  if (typeof module === "object" && module.exports) module.exports = api;
  if (typeof document === "undefined") return;

  // ---- UI ----
  var form = document.querySelector("form[data-search]");
  if (!form) return;
  var pending = {};
  root.__archkbSearch = function (key, data) { var f = pending[key]; if (f) { delete pending[key]; f(data); } };
  var local = location.protocol === "file:";
  function load(l, d, name) {
    var url = new URL(d, location.href).href + name;
    if (!local) return fetch(url + ".json.gz").then(function (r) { if (!r.ok) throw Error(r.status); return r.arrayBuffer(); }).then(decode);
    return new Promise(function (ok, fail) {
      var s = document.createElement("script");
      pending[l + "/" + name] = ok;
      s.src = url + ".js";
      s.onerror = fail;
      s.onload = function () { s.remove(); };
      document.head.appendChild(s);
    });
  }
  var lang = form.getAttribute("data-search");
  // The search folder; an offline build already points the form at its index.html.
  var action = form.getAttribute("action").replace(/index\.html$/, "");
  var engine = createSearch(load, lang, action);
  var say = function (k, n) { return (form.getAttribute("data-" + k) || "").replace("{n}", n); };
  if (local) form.setAttribute("action", action + "index.html");
  var page = document.getElementById("search-page");
  var inputs = [form.querySelector("input[type=search]")];
  if (page) inputs.push(page.querySelector("input[type=search]"));

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  // Wires `input` to the result list `box`. In the header (`listbox`), `box` is a
  // role=listbox <ul>: the arrows move the active result and Enter opens it. On the search
  // page the results are a plain list of links, reached with Tab; the arrows move focus
  // between them.
  function bind(input, box, run, listbox) {
    var active = -1, seq = 0, timer;
    if (listbox) {
      input.setAttribute("role", "combobox");
      input.setAttribute("aria-controls", box.id);
      input.setAttribute("aria-autocomplete", "list");
      input.setAttribute("aria-expanded", "false");
    }
    function move(i) {
      var items = box.querySelectorAll("li");
      if (!items.length) return;
      active = (i + items.length) % items.length;
      if (!listbox) { items[active].querySelector("a").focus(); return; }
      items.forEach(function (it, k) { it.setAttribute("aria-selected", k === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || (listbox && e.key === "ArrowUp")) { e.preventDefault(); move(active + (e.key === "ArrowDown" ? 1 : -1)); }
      else if (listbox && e.key === "Enter" && active >= 0) {
        var link = box.querySelectorAll("li a")[active];
        if (link) { e.preventDefault(); link.click(); }
      } else if (listbox && e.key === "Escape") { box.parentNode.hidden = true; input.setAttribute("aria-expanded", "false"); }
    });
    if (!listbox) box.addEventListener("keydown", function (e) {
      var items = Array.prototype.slice.call(box.querySelectorAll("li a")), at = items.indexOf(document.activeElement);
      if (at < 0 || (e.key !== "ArrowDown" && e.key !== "ArrowUp")) return;
      e.preventDefault();
      if (e.key === "ArrowUp" && at === 0) { active = -1; input.focus(); } else move(at + (e.key === "ArrowDown" ? 1 : -1));
    });
    function go() {
      var mine = ++seq;
      active = -1;
      input.removeAttribute("aria-activedescendant");
      run(input.value, function () { return mine === seq; });
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(go, 120); });
    return go;
  }

  function marked(parent, parts) {
    parts.forEach(function (part) { parent.appendChild(part[1] ? el("mark", "", part[0]) : document.createTextNode(part[0])); });
    return parent;
  }

  // Renders `results` (their first `count`) into `box` as links (so a result opens in a
  // new tab like any link); `status` gets the count, and says when the results hold only
  // part of the query or come from another language.
  function render(results, count, box, status, fresh, listbox) {
    var shown = results.slice(0, count);
    return Promise.all(shown.map(function (r) { return engine.fragment(r).catch(function () { return null; }); })).then(function (frags) {
      if (!fresh()) return;
      box.textContent = "";
      frags.forEach(function (f, i) {
        if (!f) return;
        var li = el("li"), a = el("a", "search-hit"), r = shown[i];
        li.id = box.id + "-" + i;
        var href = new URL(f.u, new URL(engine.fragmentPath(r), location.href)).href;
        a.href = href + (local && /\/$/.test(href) ? "index.html" : "");
        if (listbox) {
          // An option's content is presentational: the link is reached through the box's
          // arrows and Enter (or a click), not with Tab.
          li.setAttribute("role", "option");
          a.tabIndex = -1;
        }
        a.appendChild(marked(el("strong"), mark(f.t, r.terms, r.fallback)));
        if (r.lang !== lang) { a.lang = r.lang; a.appendChild(el("span", "search-lang", r.lang)); }
        a.appendChild(marked(el("span", "search-snippet"), snippet(f.x, r.terms, 200, r.fallback)));
        li.appendChild(a);
        box.appendChild(li);
      });
      if (!status) return;
      var n = results.length;
      status.textContent = !n ? say("none", n) : results.partial ? say("partial", n) : results.other ? say("other", n) : say("count", n);
    });
  }

  function failed(status) { return function () { if (status) status.textContent = say("error"); }; }

  // The header box: a result list under the input.
  var pop = el("div", "search-pop"), list = el("ul"), popStatus = el("p", "search-status");
  list.id = "search-pop-list";
  list.setAttribute("role", "listbox");
  popStatus.setAttribute("aria-live", "polite");
  pop.hidden = true;
  pop.appendChild(popStatus);
  pop.appendChild(list);
  form.appendChild(pop);
  bind(inputs[0], list, function (q, fresh) {
    if (!q.trim()) { pop.hidden = true; inputs[0].setAttribute("aria-expanded", "false"); return; }
    engine.search(q).then(function (rs) {
      return render(rs, 8, list, popStatus, fresh, true).then(function () {
        if (fresh()) { pop.hidden = false; inputs[0].setAttribute("aria-expanded", "true"); }
      });
    }).catch(failed(popStatus));
  }, true);
  pop.addEventListener("mousedown", function (e) { e.preventDefault(); }); // keep focus in the box
  inputs[0].addEventListener("blur", function () { setTimeout(function () { if (!form.contains(document.activeElement)) pop.hidden = true; }, 150); });

  document.addEventListener("keydown", function (e) {
    var t = e.target, tag = t.tagName;
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || t.isContentEditable) return;
    e.preventDefault();
    inputs[inputs.length - 1].focus();
  });

  // The search page: the query, scope and filters are read from and written to the URL.
  if (!page) return;
  var nojs = page.querySelector("[data-search-nojs]");
  if (nojs) nojs.hidden = true;
  page.querySelectorAll("[data-search-js]").forEach(function (e) { e.hidden = false; });
  var results = document.getElementById("search-results"), status = document.getElementById("search-status");
  var more = document.getElementById("search-more"), shown = 10, last = [], lastFresh, hint = status.textContent;
  var params = new URLSearchParams(location.search);
  inputs[1].value = params.get("q") || "";
  page.querySelectorAll("input[type=radio],input[type=checkbox]").forEach(function (b) {
    var vals = params.getAll(b.name);
    if (vals.length) b.checked = vals.indexOf(b.value) >= 0;
  });
  function state() {
    var facets = {}, all = page.querySelector("input[name=scope]:checked");
    page.querySelectorAll("input[type=checkbox]:checked").forEach(function (b) { (facets[b.name] = facets[b.name] || []).push(b.value); });
    return { facets: facets, all: all && all.value === "all" };
  }
  var run = bind(inputs[1], results, function (q, fresh) {
    var s = state(), url = new URL(location.href);
    url.search = new URLSearchParams(new FormData(page)).toString();
    history.replaceState(null, "", url);
    if (!q.trim() && !Object.keys(s.facets).length) { results.textContent = ""; status.textContent = hint; more.hidden = true; return; }
    (s.all ? engine.languages() : Promise.resolve(null)).then(function (langs) {
      return engine.search(q, langs, s.facets);
    }).then(function (rs) {
      last = rs; lastFresh = fresh; shown = 10;
      more.hidden = rs.length <= shown;
      return render(rs, shown, results, status, fresh, false);
    }).catch(failed(status));
  }, false);
  more.addEventListener("click", function () {
    shown += 10;
    more.hidden = last.length <= shown;
    render(last, shown, results, status, lastFresh, false);
  });
  page.addEventListener("change", run);
  page.addEventListener("submit", function (e) { e.preventDefault(); run(); });
  run();
})(typeof globalThis !== "undefined" ? globalThis : this);
