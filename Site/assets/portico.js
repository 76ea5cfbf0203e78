(function () {
  "use strict";
  var html = document.documentElement;
  var root = html.getAttribute("data-root") || "";

  // Theme: the stored choice wins over the system preference.
  var stored = null;
  try { stored = localStorage.getItem("portico-theme"); } catch (e) {}
  if (stored === "light" || stored === "dark") html.setAttribute("data-theme", stored);
  var toggle = document.querySelector(".theme-toggle");
  function currentTheme() {
    var t = html.getAttribute("data-theme");
    if (t) return t;
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  function label() {
    if (!toggle) return;
    var dark = currentTheme() === "dark";
    toggle.setAttribute("aria-pressed", dark ? "true" : "false");
    toggle.textContent = dark ? "Light theme" : "Dark theme";
  }
  if (toggle) {
    toggle.hidden = false;
    label();
    toggle.addEventListener("click", function () {
      var next = currentTheme() === "dark" ? "light" : "dark";
      html.setAttribute("data-theme", next);
      try { localStorage.setItem("portico-theme", next); } catch (e) {}
      label();
    });
  }

  // Copy as curl.
  Array.prototype.forEach.call(document.querySelectorAll("button.copy-curl"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = button.getAttribute("data-copy") || "";
      function done() { button.textContent = "Copied"; setTimeout(function () { button.textContent = "Copy as curl"; }, 1500); }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, function () { fallback(text); done(); });
      } else { fallback(text); done(); }
    });
  });
  function fallback(text) {
    var area = document.createElement("textarea");
    area.value = text; document.body.appendChild(area); area.select();
    try { document.execCommand("copy"); } catch (e) {}
    document.body.removeChild(area);
  }

  // Search: the index is script files, loaded on demand.
  var S = window.PorticoSearch = window.PorticoSearch || {};
  var manifest = null, shards = {}, docs = {}, waiting = {};
  S.manifest = function (m) { manifest = m; manifest.has = {}; m.shards.forEach(function (k) { manifest.has[k] = true; }); resolve("index"); };
  S.shard = function (key, terms) { shards[key] = terms; resolve("t-" + key); };
  S.docs = function (n, list) { docs[n] = list; resolve("d-" + n); };
  function resolve(name) { var w = waiting[name]; if (w) { delete waiting[name]; w.forEach(function (f) { f(); }); } }
  function load(name, ready) {
    if ((name === "index" && manifest) || (name.charAt(0) === "t" && shards[name.slice(2)]) || (name.charAt(0) === "d" && docs[name.slice(2)])) { ready(); return; }
    if (waiting[name]) { waiting[name].push(ready); return; }
    waiting[name] = [ready];
    var s = document.createElement("script");
    s.src = root + "search/" + name + ".js";
    s.onerror = function () { resolve(name); };
    document.head.appendChild(s);
  }
  function loadAll(names, ready) {
    var left = names.length;
    if (!left) { ready(); return; }
    names.forEach(function (n) { load(n, function () { if (--left === 0) ready(); }); });
  }
  function hex(text) {
    var out = "", bytes = unescape(encodeURIComponent(text));
    for (var i = 0; i < bytes.length; i++) { var h = bytes.charCodeAt(i).toString(16); out += h.length < 2 ? "0" + h : h; }
    return out;
  }
  function key(term) { return manifest && manifest.keyLength === 0 ? "all" : hex(Array.from(term).slice(0, 2).join("")); }
  S.tokens = function (query) {
    return query.toLowerCase().split(/[^a-z0-9\u0080-\uffff]+/).filter(function (t) { return t.length >= 2; });
  };
  // Adds a posting list's documents to the query's scores, counting each document once per
  // query term (slot). Parsed in place: no split, no per-posting strings.
  function decode(list, weight, slot, state) {
    var value = 0, n = 0, score = state.score, count = state.count, mark = state.mark;
    for (var i = 0, len = list.length; i <= len; i++) {
      var c = i < len ? list.charCodeAt(i) : 44;
      if (c !== 44) { n = n * 36 + (c <= 57 ? c - 48 : c - 87); continue; }
      value += n; n = 0;
      var doc = value >> 1;
      score[doc] += (value & 1) ? 10 * weight : weight;
      if (mark[doc] !== slot) { mark[doc] = slot; count[doc]++; }
    }
  }
  // Every term must match; the last one may be a prefix. Calls back with the best results
  // first (at most 100, each {doc, score}); `results.total` counts every match.
  S.query = function (query, callback) {
    var terms = S.tokens(query);
    function none() { var r = []; r.total = 0; callback(r); }
    if (!terms.length) { none(); return; }
    load("index", function () {
      if (!manifest) { none(); return; }
      var keys = [];
      terms.forEach(function (t) { var k = key(t); if (manifest.has[k] && keys.indexOf("t-" + k) < 0) keys.push("t-" + k); });
      loadAll(keys, function () {
        var docs = manifest.docs;
        var state = { score: new Float64Array(docs), count: new Uint8Array(docs), mark: new Int32Array(docs) };
        for (var i = 0; i < terms.length; i++) {
          var term = terms[i], shard = shards[key(term)] || {};
          if (shard[term] !== undefined) decode(shard[term], 2, i + 1, state);
          if (i === terms.length - 1) {
            var n = 0;
            for (var t in shard) { if (t !== term && t.lastIndexOf(term, 0) === 0) { decode(shard[t], 1, i + 1, state); if (++n >= 64) break; } }
          }
        }
        // Sort numerically packed keys (best score first, then document order) natively.
        var found = [], need = terms.length;
        for (var d = 0; d < docs; d++) if (state.count[d] === need) found.push((100000 - state.score[d]) * 1048576 + d);
        var packed = Float64Array.from(found).sort(), results = [];
        for (var j = 0; j < packed.length && j < 100; j++) {
          var doc = packed[j] % 1048576;
          results.push({ doc: doc, score: state.score[doc] });
        }
        results.total = packed.length;
        callback(results);
      });
    });
  };
  // The documents of results, loading their chunks; calls back with [[title, path, section]].
  S.describe = function (results, callback) {
    if (!manifest) { callback([]); return; }
    var chunks = [];
    results.forEach(function (r) { var c = "d-" + Math.floor(r.doc / manifest.chunk); if (chunks.indexOf(c) < 0) chunks.push(c); });
    loadAll(chunks, function () {
      callback(results.map(function (r) { var list = docs[Math.floor(r.doc / manifest.chunk)] || []; return list[r.doc % manifest.chunk]; }).filter(Boolean));
    });
  };

  var form = document.querySelector("form.search");
  if (form) {
    var input = form.querySelector("input"), list = form.querySelector(".search-results"), status = form.querySelector(".search-status");
    form.hidden = false;
    var latest = 0;
    function show(entries, count) {
      list.innerHTML = "";
      entries.forEach(function (e) {
        var li = document.createElement("li"), a = document.createElement("a");
        a.href = root + e[1];
        var title = document.createElement("span"); title.className = "result-title"; title.textContent = e[0];
        a.appendChild(title);
        if (e[2]) { var section = document.createElement("span"); section.className = "result-section"; section.textContent = e[2]; a.appendChild(section); }
        li.appendChild(a); list.appendChild(li);
      });
      list.hidden = entries.length === 0;
      status.textContent = input.value.trim() ? (count === 0 ? "No results" : count + (count === 1 ? " result" : " results")) : "";
    }
    input.addEventListener("input", function () {
      var ticket = ++latest;
      S.query(input.value, function (results) {
        if (ticket !== latest) return;
        S.describe(results.slice(0, 20), function (entries) { if (ticket === latest) show(entries, results.total); });
      });
    });
    input.addEventListener("focus", function () { load("index", function () {}); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var first = list.querySelector("a"); if (first) window.location.href = first.href;
    });
    form.addEventListener("keydown", function (event) {
      var links = Array.prototype.slice.call(list.querySelectorAll("a")), at = links.indexOf(document.activeElement);
      if (event.key === "ArrowDown") { event.preventDefault(); (links[at + 1] || links[0] || input).focus(); }
      else if (event.key === "ArrowUp") { event.preventDefault(); (at <= 0 ? input : links[at - 1]).focus(); }
      else if (event.key === "Escape") { input.value = ""; show([], 0); input.focus(); }
    });
    document.addEventListener("keydown", function (event) {
      var tag = (document.activeElement && document.activeElement.tagName) || "";
      if (event.key === "/" && tag !== "INPUT" && tag !== "TEXTAREA" && !event.metaKey && !event.ctrlKey) { event.preventDefault(); input.focus(); }
    });
  }
})();
