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

  // Search: the index is script files (see SearchIndex.swift). The manifest is loaded as
  // the page starts; a query loads its terms' shards, then the chunks of the hits it shows.
  var S = window.PorticoSearch = window.PorticoSearch || {};
  var manifest = null, shards = {}, docs = {}, described = {}, waiting = {};
  S.manifest = function (m) { manifest = m; manifest.has = {}; m.shards.forEach(function (k) { manifest.has[k] = true; }); resolve("index"); };
  S.shard = function (key, terms, known) {
    shards[key] = terms;
    for (var id in known || {}) described[id] = known[id];
    resolve("t-" + (key || "all"));
  };
  S.docs = function (n, list) { docs[n] = list; resolve("d-" + n); };
  function resolve(name) { var w = waiting[name]; if (w) { delete waiting[name]; w.forEach(function (f) { f(); }); } }
  function loaded(name) {
    return (name === "index" && manifest) || (name.charAt(0) === "t" && shards[name === "t-all" ? "" : name.slice(2)]) || (name.charAt(0) === "d" && docs[name.slice(2)]);
  }
  function load(name, ready) {
    if (loaded(name)) { ready(); return; }
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
  // The shard that holds a term: the longest shard key that prefixes the term's hex. A
  // prefix term also needs the shards split below it (keys that extend its hex).
  function home(h) {
    for (var n = h.length; n >= 0; n -= 2) { if (manifest.has[h.slice(0, n)]) return h.slice(0, n); }
    return null;
  }
  function shardsOf(term, prefix) {
    var h = hex(term), keys = [], k = home(h);
    if (k !== null) keys.push(k);
    if (prefix) manifest.shards.forEach(function (key) { if (key.length > h.length && key.lastIndexOf(h, 0) === 0) keys.push(key); });
    return keys;
  }
  S.tokens = function (query) {
    return query.toLowerCase().split(/[^a-z0-9\u0080-\uffff]+/).filter(function (t) { return t.length >= 2; });
  };
  // Ranking: every query term must match; each term counts once per document, by its best
  // match: the exact word in the title (100), a word it begins in the title (60), the exact
  // word in the body (3), a word it begins in the body (2; only the last term is a prefix).
  // So any title match ranks above body-only matches; ties keep the site's page order.
  // Documents are bits, 32 to a word: each term gives the words of its title and body
  // matches (exact and, for the last term, begun), and a page of results is a few bit
  // operations per word, not a step per posting.
  var TITLE = 100, TITLE_PREFIX = 60, BODY = 3, BODY_PREFIX = 2;
  function bit(words, doc) { words[doc >> 5] |= 1 << (doc & 31); }
  function has(words, doc) { return (words[doc >> 5] >>> (doc & 31)) & 1; }
  // Adds an entry (SearchIndex.entry: postings `doc*2 + inTitle`, or `TITLES!BITMAP`) to the
  // title words and the any-match words.
  function decode(entry, title, any) {
    var bang = entry.indexOf("!"), end = bang < 0 ? entry.length : bang, n = 0, value = 0;
    for (var i = 0; i <= end; i++) {
      var c = i < end ? entry.charCodeAt(i) : 44;
      if (c !== 44) { n = n * 36 + (c <= 57 ? c - 48 : c - 87); continue; }
      if (i === 0 && end === 0) break;
      value += n; n = 0;
      if (bang >= 0) { bit(title, value); bit(any, value); }
      else { if (value & 1) bit(title, value >> 1); bit(any, value >> 1); }
    }
    if (bang < 0) return;
    var bytes = atob(entry.slice(bang + 1));
    for (var j = 0; j < bytes.length; j++) any[j >> 2] |= bytes.charCodeAt(j) << ((j & 3) << 3);
  }
  function popcount(v) { v = v - ((v >>> 1) & 0x55555555); v = (v & 0x33333333) + ((v >>> 2) & 0x33333333); return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24; }
  // Calls `each(doc)` for the documents of `words` in page order until it returns true.
  function eachDoc(words, each) {
    for (var w = 0; w < words.length; w++) {
      for (var m = words[w]; m !== 0; m &= m - 1) { if (each((w << 5) + 31 - Math.clz32(m & -m))) return; }
    }
  }
  // Calls back with the best results first (at most 100, each {doc, score});
  // `results.total` counts every match.
  S.query = function (query, callback) {
    var terms = S.tokens(query);
    function none() { var r = []; r.total = 0; callback(r); }
    if (!terms.length) { none(); return; }
    load("index", function () {
      if (!manifest) { none(); return; }
      var names = [];
      terms.forEach(function (t, i) { shardsOf(t, i === terms.length - 1).forEach(function (k) { var n = "t-" + (k || "all"); if (names.indexOf(n) < 0) names.push(n); }); });
      loadAll(names, function () {
        var size = (manifest.docs + 31) >> 5, last = terms.length - 1;
        function words() { return new Int32Array(size); }
        // Per term: title and any-match words, exact and begun (the last term only).
        var matches = terms.map(function (term, i) {
          var m = { title: words(), any: words(), titlePrefix: words(), anyPrefix: words() }, expanded = 0;
          shardsOf(term, i === last).forEach(function (k) {
            var shard = shards[k] || {};
            if (shard[term] !== undefined) decode(shard[term], m.title, m.any);
            if (i !== last) return;
            for (var t in shard) {
              if (expanded >= 64) break;
              if (t !== term && t.lastIndexOf(term, 0) === 0) { decode(shard[t], m.titlePrefix, m.anyPrefix); expanded++; }
            }
          });
          return m;
        });
        // Every term matches (all), some term in the title (titled), the last exactly (exact).
        var all = words(), titled = words(), exact = matches[last].any, total = 0;
        for (var w = 0; w < size; w++) {
          var a = -1, t = 0;
          for (var i = 0; i < matches.length; i++) { var m = matches[i]; a &= m.any[w] | m.anyPrefix[w]; t |= m.title[w] | m.titlePrefix[w]; }
          all[w] = a; titled[w] = a & t; total += popcount(a);
        }
        function score(doc) {
          var s = 0;
          matches.forEach(function (m) { s += has(m.title, doc) ? TITLE : has(m.titlePrefix, doc) ? TITLE_PREFIX : has(m.any, doc) ? BODY : BODY_PREFIX; });
          return s;
        }
        // Title matches first, by score (sort numerically packed keys natively: best score
        // first, then page order); then body-only matches, which score BODY per term but
        // BODY_PREFIX for a last term only begun: exact ones first, each in page order.
        var found = [];
        eachDoc(titled, function (doc) { found.push((100000 - score(doc)) * 1048576 + doc); });
        var packed = Float64Array.from(found).sort(), results = [];
        for (var r = 0; r < packed.length && r < 100; r++) { var doc = packed[r] % 1048576; results.push({ doc: doc, score: score(doc) }); }
        var bodyOnly = words(), begun = words(), bodyScore = BODY * terms.length;
        for (var w2 = 0; w2 < size; w2++) { bodyOnly[w2] = all[w2] & ~titled[w2] & exact[w2]; begun[w2] = all[w2] & ~titled[w2] & ~exact[w2]; }
        [[bodyOnly, bodyScore], [begun, bodyScore - BODY + BODY_PREFIX]].forEach(function (group) {
          eachDoc(group[0], function (doc) { if (results.length >= 100) return true; results.push({ doc: doc, score: group[1] }); });
        });
        results.total = total;
        callback(results);
      });
    });
  };
  // The documents of results, loading the chunks of those no shard described; calls back
  // with [[title, path, section]].
  S.describe = function (results, callback) {
    if (!manifest) { callback([]); return; }
    function entry(doc) { var list = docs[Math.floor(doc / manifest.chunk)]; return described[doc] || (list && list[doc % manifest.chunk]); }
    var chunks = [];
    results.forEach(function (r) { var c = "d-" + Math.floor(r.doc / manifest.chunk); if (!described[r.doc] && chunks.indexOf(c) < 0) chunks.push(c); });
    loadAll(chunks, function () { callback(results.map(function (r) { return entry(r.doc); }).filter(Boolean)); });
  };

  var form = document.querySelector("form.search");
  if (form) {
    var input = form.querySelector("input"), list = form.querySelector(".search-results"), status = form.querySelector(".search-status");
    form.hidden = false;
    load("index", function () {});
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
