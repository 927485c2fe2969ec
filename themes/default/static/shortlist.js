// The shortlist ranking of the decision widget: a line-for-line mirror of `rank` in
// src/views/shortlist.rs, over the verdict table the site emits, so the browser and the
// build cannot disagree. Both are tested against tests/shortlist/vectors.json.
(function (root) {
  "use strict";

  // candidates: ids in the author's order; ask: constraint ids in asking order;
  // answers: {constraint: option}; verdicts: {id: {constraint: {option: verdict}}}.
  function rank(candidates, ask, answers, verdicts) {
    var kept = [];
    var ruledOut = [];
    candidates.forEach(function (id, index) {
      var fits = [], cautions = [], boost = false, out = null;
      for (var i = 0; i < ask.length; i++) {
        var c = ask[i];
        if (!Object.prototype.hasOwnProperty.call(answers, c)) continue;
        var v = ((verdicts[id] || {})[c] || {})[answers[c]] || "neutral";
        if (v === "fits") fits.push(c);
        else if (v === "boost") { boost = true; fits.push(c); }
        else if (v === "caution") cautions.push(c);
        else if (v === "out") { out = c; break; }
      }
      if (out !== null) ruledOut.push({ id: id, because: out });
      else kept.push({ index: index, boost: boost, item: { id: id, fits: fits, cautions: cautions } });
    });
    kept.sort(function (a, b) {
      return (b.boost - a.boost) || (a.item.cautions.length - b.item.cautions.length) || (a.index - b.index);
    });
    return { kept: kept.map(function (k) { return k.item; }), ruled_out: ruledOut };
  }

  var api = { rank: rank };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.archkbShortlist = api;
})(this);
