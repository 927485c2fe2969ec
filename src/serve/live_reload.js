// archkb serve: live reload and the build-error overlay. Injected inline into every page
// the preview serves (never into a built site). A page reloads only when its own output
// changed; a stylesheet-only change swaps the <link> in place. Error text is inserted with
// textContent, never as HTML.
(function () {
  "use strict";
  var me = document.getElementById("archkb-live");
  if (!me || !window.EventSource) return;
  var page = me.getAttribute("data-page");
  var version = Number(me.getAttribute("data-version"));
  var instance = me.getAttribute("data-instance");
  var overlay = null;

  function keyOf(url) {
    var u = new URL(url, location.href);
    if (u.origin !== location.origin) return null;
    var key = decodeURIComponent(u.pathname).replace(/^\//, "");
    return key === "" || key.slice(-1) === "/" ? key + "index.html" : key;
  }

  function hideErrors() {
    if (overlay) { overlay.remove(); overlay = null; }
  }

  function showErrors(errors) {
    hideErrors();
    overlay = document.createElement("div");
    overlay.id = "archkb-overlay";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
      "background:rgba(24,24,27,.94);color:#fafafa;padding:2rem;" +
      "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace";
    var title = document.createElement("h2");
    title.style.cssText = "margin:0 0 1rem;font-size:1.1rem;color:#fca5a5";
    title.textContent = "archkb: the last change does not build; this is the last good version";
    var list = document.createElement("pre");
    list.style.cssText = "white-space:pre-wrap;margin:0 0 1rem";
    list.textContent = errors.join("\n\n");
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Hide";
    close.onclick = hideErrors;
    overlay.appendChild(title);
    overlay.appendChild(list);
    overlay.appendChild(close);
    document.body.appendChild(overlay);
  }

  function usesScript(changed) {
    var scripts = document.querySelectorAll("script[src]");
    for (var i = 0; i < scripts.length; i++) {
      if (changed.indexOf(keyOf(scripts[i].src)) >= 0) return true;
    }
    return false;
  }

  function swapStyles(changed) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      if (changed.indexOf(keyOf(links[i].href)) < 0) continue;
      var u = new URL(links[i].href, location.href);
      u.searchParams.set("archkb", String(Date.now()));
      links[i].href = u.href;
    }
  }

  // Returns true when the page is reloading.
  function apply(changed) {
    if (changed === null || changed.indexOf(page) >= 0 || usesScript(changed)) {
      location.reload();
      return true;
    }
    swapStyles(changed);
    return false;
  }

  var initial = document.getElementById("archkb-errors");
  if (initial) showErrors(JSON.parse(initial.textContent));

  var events = new EventSource("/__archkb/events?v=" + version + "&i=" + encodeURIComponent(instance));
  events.addEventListener("hello", function (e) {
    var d = JSON.parse(e.data);
    if (d.instance !== instance) { location.reload(); return; }
    if (d.version !== version && apply(d.changed)) return;
    version = d.version;
    if (d.errors) showErrors(d.errors); else hideErrors();
  });
  events.addEventListener("reload", function (e) {
    var d = JSON.parse(e.data);
    hideErrors();
    if (d.version <= version) return;
    version = d.version;
    apply(d.changed);
  });
  events.addEventListener("errors", function (e) {
    showErrors(JSON.parse(e.data).errors);
  });
})();
