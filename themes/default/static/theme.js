// Dark mode: apply the stored choice before first paint, then wire the toggle.
(function () {
  var KEY = "archkb-theme";
  var root = document.documentElement;
  // Scripts run: the phone header folds its menu behind a button (layout.js wires it);
  // set before first paint so the header does not jump when the deferred script runs.
  root.classList.add("has-menu");
  try {
    var stored = localStorage.getItem(KEY);
    if (stored === "dark" || stored === "light") root.setAttribute("data-theme", stored);
  } catch (e) { /* storage may be disabled */ }
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector("[data-theme-toggle]");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var current = root.getAttribute("data-theme") ||
        (window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light");
      var next = current === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem(KEY, next); } catch (e) { /* ignore */ }
    });
  });
})();
