// reload.js: live reload for `handbook serve`. The server adds it to every
// HTML page it serves; it is not part of the built site.
//
// It listens to the server's event stream and
//   - reloads the page, keeping its scroll position, when the page changed;
//   - swaps changed stylesheets in place when only CSS changed;
//   - shows the build errors in an overlay while the build is failing;
//   - reloads after the server restarted (a new build id in "hello").
// Plain JavaScript, no libraries.
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || window.__handbookReload) {
    return;
  }
  window.__handbookReload = true;

  var OVERLAY_ID = "handbook-errors";
  var OVERLAY_TITLE = "handbook: the build failed; showing the last good build";
  var OVERLAY_STYLE = "position:fixed;left:0;right:0;bottom:0;z-index:2147483647;max-height:50vh;overflow:auto;box-sizing:border-box;margin:0;padding:12px 16px;color-scheme:light dark;background:#fff4f4;background:light-dark(#fff4f4,#2a1215);color:#1b1b1b;color:light-dark(#1b1b1b,#f6e7e8);border-top:4px solid #c62828;box-shadow:0 -2px 12px rgba(0,0,0,.35);font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;text-align:left";
  var OVERLAY_LIST_STYLE = "margin:8px 0 0;padding:0 0 0 1.5em;list-style:disc;color:inherit";
  var OVERLAY_ITEM_STYLE = "margin:2px 0;color:inherit;white-space:pre-wrap;overflow-wrap:anywhere";

  // What the server said about this page: the build it came from and, for
  // a 404, the file actually served.
  var info = {};
  var infoEl = document.getElementById("handbook-serve");
  if (infoEl) {
    try {
      info = JSON.parse(infoEl.textContent) || {};
    } catch (e) {
      info = {};
    }
  }
  var seenBuild = info.build || "";
  var eventsURL = new URL("events", script.src).href;

  // normalise turns a URL path into the form the server lists:
  // decoded, with "/x/index.html" as "/x/".
  function normalise(p) {
    try {
      p = decodeURI(p);
    } catch (e) {
      // keep it encoded
    }
    if (p.slice(-11) === "/index.html") {
      p = p.slice(0, -10);
    }
    return p;
  }

  var here = normalise(location.pathname);
  var scrollKey = "handbook-scroll:" + here;

  function reload() {
    try {
      sessionStorage.setItem(scrollKey, String(window.scrollY));
    } catch (e) {
      // storage disabled: reload at the top
    }
    location.reload();
  }

  function restoreScroll() {
    var y;
    try {
      y = sessionStorage.getItem(scrollKey);
      sessionStorage.removeItem(scrollKey);
    } catch (e) {
      return;
    }
    if (y === null || isNaN(parseFloat(y))) {
      return;
    }
    y = parseFloat(y);
    var go = function () {
      window.scrollTo(0, y);
    };
    go();
    // Images loading later can move the page again.
    if (document.readyState !== "complete") {
      window.addEventListener("load", go, { once: true });
    }
  }

  function removeOverlay() {
    var el = document.getElementById(OVERLAY_ID);
    if (el) {
      el.remove();
    }
  }

  function showOverlay(errors) {
    removeOverlay();
    var box = document.createElement("div");
    box.id = OVERLAY_ID;
    box.setAttribute("role", "alert");
    box.setAttribute("style", OVERLAY_STYLE);
    var title = document.createElement("strong");
    title.textContent = OVERLAY_TITLE;
    box.appendChild(title);
    var list = document.createElement("ul");
    list.setAttribute("style", OVERLAY_LIST_STYLE);
    errors.forEach(function (msg) {
      var item = document.createElement("li");
      item.setAttribute("style", OVERLAY_ITEM_STYLE);
      item.textContent = String(msg);
      list.appendChild(item);
    });
    box.appendChild(list);
    (document.body || document.documentElement).appendChild(box);
  }

  // swapCSS re-fetches the stylesheets whose path is in paths by setting
  // their href again with a query the browser has not cached.
  function swapCSS(paths, build) {
    var want = {};
    paths.forEach(function (p) {
      want[p] = true;
    });
    document.querySelectorAll("link[href]").forEach(function (link) {
      var rels = (link.getAttribute("rel") || "").toLowerCase().split(/\s+/);
      if (rels.indexOf("stylesheet") < 0) {
        return;
      }
      var u = new URL(link.href, location.href);
      if (u.origin !== location.origin || !want[normalise(u.pathname)]) {
        return;
      }
      u.searchParams.set("handbook", build || String(Date.now()));
      link.href = u.href;
    });
  }

  function parse(data) {
    try {
      return JSON.parse(data);
    } catch (e) {
      return null;
    }
  }

  var source = null;

  function connect() {
    var es = new EventSource(eventsURL);
    source = es;

    es.addEventListener("hello", function (ev) {
      if (seenBuild && ev.data !== seenBuild) {
        // The site changed while we were not listening, or the server
        // restarted: this page is stale.
        reload();
        return;
      }
      seenBuild = ev.data;
      // Lets tests (and the curious) see that the page is listening.
      document.documentElement.setAttribute("data-handbook-live", "connected");
    });

    es.addEventListener("change", function (ev) {
      var msg = parse(ev.data);
      if (!msg) {
        return;
      }
      seenBuild = msg.build || seenBuild;
      removeOverlay();
      var pages = msg.pages || [];
      if (msg.reload || pages.indexOf(here) >= 0 || (info.page && pages.indexOf(info.page) >= 0)) {
        reload();
        return;
      }
      if (msg.css && msg.css.length) {
        swapCSS(msg.css, msg.build);
      }
    });

    es.addEventListener("errors", function (ev) {
      var errors = parse(ev.data);
      showOverlay(Array.isArray(errors) ? errors : [String(ev.data)]);
    });

    es.onerror = function () {
      // EventSource retries by itself after a network error, but gives up
      // for good on some failures (an error status from a proxy); retry
      // anyway.
      if (es.readyState === EventSource.CLOSED && source === es) {
        source = null;
        setTimeout(function () {
          if (!source && document.visibilityState !== "hidden") {
            connect();
          }
        }, 1000);
      }
    };
  }

  function disconnect() {
    if (source) {
      source.close();
      source = null;
    }
  }

  // Hidden tabs let go of their connection: browsers allow only about six
  // per host over HTTP/1.1, and a writer can have more tabs than that open.
  // On return, hello tells whether the page went stale meanwhile.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      disconnect();
    } else if (!source) {
      connect();
    }
  });
  window.addEventListener("pagehide", disconnect);
  window.addEventListener("pageshow", function (ev) {
    if (ev.persisted && !source) {
      connect();
    }
  });

  restoreScroll();
  if (document.visibilityState !== "hidden") {
    connect();
  }
})();
