// Phone-first layout helpers, all optional: without this script the header shows its
// menu inline and every collapsible panel stays a plain <details>.
// - The header menu (nav, language, theme) folds behind one button on narrow screens
//   (theme.js marks <html> with `has-menu` before first paint; this wires the button).
// - <details data-open-wide> panels (filters) start open on wide screens and closed on
//   phones, where they sit below what they filter.
// - Inside a scrollable flowchart, the step the widget highlights last is kept in view.
(function () {
  "use strict";
  var narrow = window.matchMedia("(max-width: 900px)");

  var toggle = document.querySelector("[data-menu-toggle]");
  var menu = document.getElementById("site-menu");
  if (toggle && menu) {
    var setOpen = function (open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("open", open);
    };
    document.documentElement.classList.add("has-menu");
    toggle.addEventListener("click", function () { setOpen(toggle.getAttribute("aria-expanded") !== "true"); });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") { setOpen(false); toggle.focus(); }
    });
    document.addEventListener("click", function (e) {
      if (!menu.contains(e.target) && !toggle.contains(e.target)) setOpen(false);
    });
  }

  var wide = document.querySelectorAll("details[data-open-wide]");
  Array.prototype.forEach.call(wide, function (d) { if (!narrow.matches) d.open = true; });

  // The flowchart scrolls inside its own frame beside the widget: follow the highlight.
  var chart = document.getElementById("flowchart");
  if (chart && window.MutationObserver) {
    var pending = false;
    new MutationObserver(function () {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        var active = chart.querySelectorAll(".fc-node.fc-active");
        var target = active[active.length - 1];
        if (!target || chart.scrollHeight <= chart.clientHeight) return;
        var box = target.getBoundingClientRect(), frame = chart.getBoundingClientRect();
        chart.scrollTop += box.top + box.height / 2 - (frame.top + frame.height / 3);
      });
    }).observe(chart, { subtree: true, attributes: true, attributeFilter: ["class"] });
  }
})();
