// bantin serve: live reload and the build-error overlay. Injected by `bantin serve` into
// the HTML it sends; never part of a built site. `window.__bantin_status` is set just
// before: {html, css, errors}.
(function () {
  "use strict";
  var start = window.__bantin_status;
  if (!start || window.__bantin_live) return;
  window.__bantin_live = true;
  var page = { html: start.html, css: start.css };

  // The editor's desk: "Sửa" on a document's page, "Soạn văn bản" on the home page.
  if (start.desk) {
    var docPage = document.querySelector(".doc-page");
    if (docPage || location.pathname === "/") {
      var link = document.createElement("a");
      link.className = "bantin-desk-link";
      link.href = start.desk.href + "/" +
        (docPage ? "?trang=" + encodeURIComponent(location.pathname) : "");
      link.textContent = docPage ? start.desk.edit : start.desk.new;
      link.setAttribute("style",
        "position:fixed;right:1rem;bottom:1rem;z-index:2147483646;background:#0b4a8b;" +
        "color:#fff;padding:.5rem 1rem;border-radius:4px;font:600 16px/1.4 system-ui,sans-serif;" +
        "text-decoration:underline;box-shadow:0 2px 8px rgba(0,0,0,.3)");
      (document.querySelector("main") || document.body).appendChild(link);
    }
  }
  var scrollKey = "bantin-scroll:" + location.pathname + location.search;

  // Back to where the reader was before the reload.
  try {
    var saved = sessionStorage.getItem(scrollKey);
    if (saved) {
      sessionStorage.removeItem(scrollKey);
      var xy = JSON.parse(saved);
      var restore = function () { window.scrollTo(xy[0], xy[1]); };
      if (document.readyState === "complete") restore();
      else window.addEventListener("load", restore);
    }
  } catch (e) {}

  function reload() {
    try {
      sessionStorage.setItem(scrollKey, JSON.stringify([window.scrollX, window.scrollY]));
    } catch (e) {}
    location.reload();
  }

  // A change to CSS alone: load each stylesheet of this site again, without a reload.
  function swapStylesheets(version) {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    Array.prototype.forEach.call(links, function (old) {
      var url = new URL(old.href, location.href);
      if (url.origin !== location.origin) return;
      url.searchParams.set("__bantin", String(version));
      var fresh = old.cloneNode(false);
      fresh.href = url.href;
      fresh.onload = fresh.onerror = function () { old.remove(); };
      old.parentNode.insertBefore(fresh, old.nextSibling);
    });
  }

  var overlay = (function () {
    var host = null, shown = "", dismissed = "";
    function text(s) {
      return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) {
        return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
      });
    }
    var css =
      ":host{all:initial}" +
      ".backdrop{position:fixed;inset:0;z-index:2147483647;background:rgba(20,20,20,.55);" +
      "display:flex;align-items:flex-start;justify-content:center;overflow:auto;" +
      "font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}" +
      ".panel{background:#fff;color:#1a1a1a;max-width:56rem;width:calc(100% - 2rem);margin:2rem 1rem;" +
      "border-top:6px solid #b00020;border-radius:4px;box-shadow:0 8px 30px rgba(0,0,0,.35);padding:1rem 1.25rem}" +
      "header{display:flex;justify-content:space-between;align-items:center;gap:1rem}" +
      "h2{margin:0;font-size:1.2rem;color:#b00020}" +
      "button{font:inherit;border:1px solid #888;background:#f4f4f4;border-radius:3px;padding:.2rem .7rem;cursor:pointer}" +
      "button:focus{outline:3px solid #1a5fb4;outline-offset:1px}" +
      "ol{padding-left:1.4rem}li{margin:.8rem 0}" +
      ".where{font-family:ui-monospace,Menlo,Consolas,monospace;font-weight:600}" +
      "pre{background:#f6f6f6;border:1px solid #ddd;padding:.4rem .6rem;overflow:auto;margin:.3rem 0;" +
      "font:13px/1.4 ui-monospace,Menlo,Consolas,monospace}" +
      ".code{font-family:ui-monospace,Menlo,Consolas,monospace;color:#b00020}.help{color:#333}.note{color:#555;font-size:.9rem;margin-bottom:0}";
    function render(errors, words) {
      var items = errors.map(function (e) {
        var where = e.file + (e.line ? ":" + e.line + (e.column ? ":" + e.column : "") : "");
        var source = "";
        if (e.source != null) {
          source = "<pre>" + (e.line ? text(e.line) + " | " : "") + text(e.source);
          if (e.column) {
            var pad = (e.line ? String(e.line).replace(/./g, " ") + " | " : "") +
              Array(e.column).join(" ");
            source += "\n" + pad + "^";
          }
          source += "</pre>";
        }
        return "<li><div class=where>" + text(where) + "</div><div class=message>" +
          (e.code ? "<span class=code>" + text(e.code) + "</span> " : "") + text(e.message) +
          "</div>" + source + (e.help ? "<div class=help>" + text(e.help) + "</div>" : "") + "</li>";
      }).join("");
      // The words come with the status, in the site's language.
      return "<style>" + css + "</style><div class=backdrop><div class=panel role=alertdialog " +
        "aria-modal=true aria-labelledby=t><header><h2 id=t>" + text(words.title) + "</h2>" +
        "<button type=button>" + text(words.close) + "</button></header><ol>" + items + "</ol>" +
        "<p class=note>" + text(words.note) + "</p></div></div>";
    }
    function keydown(e) { if (e.key === "Escape") dismiss(); }
    function dismiss() { dismissed = shown; hide(); }
    function hide() {
      if (host) { host.remove(); host = null; }
      shown = "";
      document.removeEventListener("keydown", keydown);
    }
    function show(errors, words) {
      var key = JSON.stringify(errors);
      if (key === dismissed || (host && key === shown)) return;
      hide();
      shown = key;
      host = document.createElement("bantin-error-overlay");
      host.id = "bantin-error-overlay";
      var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
      root.innerHTML = render(errors, words || {});
      root.querySelector("button").addEventListener("click", dismiss);
      document.addEventListener("keydown", keydown);
      (document.body || document.documentElement).appendChild(host);
      root.querySelector("button").focus();
    }
    return { show: show, hide: hide, clear: function () { dismissed = ""; hide(); } };
  })();

  function apply(status) {
    if (status.html !== page.html) { reload(); return; }
    if (status.css !== page.css) { page.css = status.css; swapStylesheets(status.css); }
    if (status.errors && status.errors.length) overlay.show(status.errors, status.text);
    else overlay.clear();
  }

  var source = null, timer = null;
  function poll() {
    if (timer) return;
    timer = setInterval(function () {
      fetch("/__bantin/version", { cache: "no-store" })
        .then(function (r) { return r.json(); })
        .then(apply, function () {});
    }, 1000);
  }
  function connect() {
    if (!window.EventSource) { poll(); return; }
    source = new EventSource("/__bantin/events");
    ["hello", "reload", "css", "error", "ok"].forEach(function (name) {
      source.addEventListener(name, function (e) { apply(JSON.parse(e.data)); });
    });
    source.onerror = function () {
      // Refused (too many tabs) or not a stream: poll instead. While CONNECTING the
      // browser tries again by itself (the server restarted, the network blinked).
      if (source && source.readyState === EventSource.CLOSED) { source = null; poll(); }
    };
  }
  function disconnect() {
    if (source) { source.close(); source = null; }
    if (timer) { clearInterval(timer); timer = null; }
  }
  // A hidden tab holds no connection: the browser allows a site only a few.
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) disconnect();
    else if (!source && !timer) connect();
  });
  if (start.errors && start.errors.length) overlay.show(start.errors, start.text);
  if (!document.hidden) connect();
})();
