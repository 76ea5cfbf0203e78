/// The script `serve` adds to every page it serves (never to the built site): live reload
/// with an error overlay, and try-it on every executed example. Pages read and work without
/// it; it only adds. It builds the DOM with textContent, so nothing from the server or the
/// user is parsed as HTML except the transcript panel that the server itself rendered and
/// escaped.
enum ServerScripts {
    static let path = "/_portico/serve.js"

    static let serveJS = #"""
(function () {
  "use strict";
  // Live reload: the server sends "reload" after a rebuild, with the paths of the pages that
  // changed (or none: every page), and "failed" with diagnostics.
  var overlay = null;
  function sitePath() {
    var path = decodeURIComponent(window.location.pathname).replace(/^\/+/, "");
    return path === "" || path.slice(-1) === "/" ? path + "index.html" : path;
  }
  function onReload(e) {
    var pages = null;
    try { pages = JSON.parse(e.data).pages || null; } catch (error) { pages = null; }
    if (!pages || pages.indexOf(sitePath()) >= 0) { window.location.reload(); return; }
    if (overlay) { overlay.remove(); overlay = null; }
  }
  function showFailure(text) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "portico-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:auto 1rem 1rem 1rem;max-height:50vh;overflow:auto;z-index:1000;" +
        "background:#2b0d0d;color:#ffd7d5;border:2px solid #f85149;border-radius:8px;padding:1rem;font:13px/1.5 ui-monospace,monospace;white-space:pre-wrap";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "Build failed; showing the last good page.\n\n" + text;
  }
  // The stream closes as the page is left: a page kept in the back/forward cache would hold
  // its stream open, and six of them take every connection the browser allows to the
  // server, so the next page never loads. A page restored from that cache listens again.
  var events = null;
  function listen() {
    if (!window.EventSource || events) return;
    events = new EventSource("/_portico/events");
    events.addEventListener("reload", onReload);
    events.addEventListener("failed", function (e) { showFailure(e.data); });
  }
  window.addEventListener("pagehide", function () { if (events) { events.close(); events = null; } });
  window.addEventListener("pageshow", function (e) { if (e.persisted) listen(); });
  listen();

  // Try-it: each executed example can be edited and run again through /_portico/invoke.
  function field(label, value, multiline) {
    var wrap = document.createElement("label");
    wrap.className = "tryit-field";
    wrap.appendChild(document.createTextNode(label));
    var input = document.createElement(multiline ? "textarea" : "input");
    input.value = value;
    if (multiline) { input.rows = Math.max(2, value.split("\n").length); }
    wrap.appendChild(input);
    return { wrap: wrap, input: input };
  }
  function headerText(headers) {
    return Object.keys(headers || {}).map(function (k) { return k + ": " + headers[k]; }).join("\n");
  }
  function parseHeaders(text) {
    var headers = {};
    text.split("\n").forEach(function (line) {
      var i = line.indexOf(":");
      if (i > 0) { headers[line.slice(0, i).trim()] = line.slice(i + 1).trim(); }
    });
    return headers;
  }
  // The project's API keys and identities, by name only: the server sends the chosen key's
  // value, and signs or fetches the token for the chosen identity.
  var lists = {};
  function load(name) {
    if (!lists[name]) {
      lists[name] = fetch("/_portico/" + name).then(function (r) { var e = {}; e[name] = []; return r.ok ? r.json() : e; })
        .then(function (j) { return j[name] || []; }).catch(function () { return []; });
    }
    return lists[name];
  }
  // A select shown only when the project has entries: `none` first, then one option a name.
  function pickerField(form, before, spec) {
    var wrap = document.createElement("label");
    wrap.className = "tryit-field " + spec.className;
    wrap.appendChild(document.createTextNode(spec.label));
    var select = document.createElement("select");
    var none = document.createElement("option");
    none.value = "";
    none.textContent = spec.none;
    select.appendChild(none);
    wrap.appendChild(select);
    load(spec.list).then(function (entries) {
      if (!entries.length) { return; }
      entries.forEach(function (entry) {
        var option = document.createElement("option");
        option.value = entry.name;
        option.textContent = spec.text(entry);
        if (entry.name === spec.chosen) { option.selected = true; }
        select.appendChild(option);
      });
      form.insertBefore(wrap, before);
    });
    return select;
  }
  // A figure's try-it: a button in its caption that shows and hides `panel`, placed under it.
  function addTryIt(figure, label, panel, onOpen) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "tryit-toggle";
    button.textContent = label;
    panel.hidden = true;
    button.addEventListener("click", function () { panel.hidden = !panel.hidden; if (!panel.hidden && onOpen) { onOpen(); } });
    var caption = figure.querySelector("figcaption");
    (caption || figure).appendChild(button);
    figure.insertBefore(panel, caption ? caption.nextSibling : figure.firstChild);
  }
  document.querySelectorAll("figure.example[data-request]").forEach(function (figure, index) {
    var request;
    try { request = JSON.parse(figure.getAttribute("data-request")); } catch (e) { return; }
    var form = document.createElement("form");
    form.className = "tryit-form";
    var method = field("Method", request.method || "GET", false);
    var path = field("Path", request.path || "/", false);
    var headers = field("Headers", headerText(request.headers), true);
    var body = field("Body", request.body || "", true);
    [method, path, headers, body].forEach(function (f) { form.appendChild(f.wrap); });
    var run = document.createElement("button");
    var caller = pickerField(form, run, { className: "tryit-as", label: "Call as", list: "identities", none: "(anonymous)",
      chosen: request.as || "", text: function (e) { return e.name + " (" + e.kind + ")"; } });
    var apiKey = pickerField(form, run, { className: "tryit-key", label: "API key", list: "keys", none: "(none)",
      chosen: request.apiKey || "", text: function (e) { return e.name + (e.enabled ? "" : " (disabled)"); } });
    run.type = "submit";
    run.textContent = "Run";
    form.appendChild(run);
    var status = document.createElement("p");
    status.className = "tryit-status";
    status.setAttribute("aria-live", "polite");
    form.appendChild(status);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      status.textContent = "Running…";
      fetch("/_portico/invoke?format=html", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          api: figure.getAttribute("data-api"), stage: figure.getAttribute("data-stage"),
          method: method.input.value.trim().toUpperCase(), path: path.input.value.trim(),
          headers: parseHeaders(headers.input.value), body: body.input.value,
          apiKey: apiKey.value || undefined,
          as: caller.value || undefined,
          release: request.release || undefined
        })
      }).then(function (response) {
        return response.text().then(function (text) { return { ok: response.ok, text: text }; });
      }).then(function (result) {
        if (!result.ok) { status.textContent = JSON.parse(result.text).error || "The request failed."; return; }
        var template = document.createElement("template");
        template.innerHTML = result.text;   // rendered and escaped by the server
        var fresh = template.content.querySelector(".exchange");
        var old = figure.querySelectorAll(".exchange");
        if (fresh) {
          old.forEach(function (node, i) { if (i > 0) { node.remove(); } });
          if (old[0]) { old[0].replaceWith(fresh); } else { figure.appendChild(fresh); }
        }
        status.textContent = "Ran at " + new Date().toLocaleTimeString() + ".";
      }).catch(function (error) { status.textContent = "The request failed: " + error; });
    });
    addTryIt(figure, "Edit and run", form, function () { path.input.focus(); });
  });
  // Try-it on a websocket example: a real WebSocket per client of the script, from this page
  // to serve's gateway (/_gateway/{api}/{stage}), and every frame each way shown as it comes.
  document.querySelectorAll("figure.websocket-example[data-websocket]").forEach(function (figure) {
    var steps;
    try { steps = JSON.parse(figure.getAttribute("data-websocket")); } catch (e) { return; }
    var api = figure.getAttribute("data-api"), stage = figure.getAttribute("data-stage");
    var clients = [], seen = {};
    steps.forEach(function (step) {
      if (!seen[step.client]) { seen[step.client] = { name: step.client, query: "", text: "", headers: false }; clients.push(seen[step.client]); }
      var c = seen[step.client];
      if (step.do === "connect") { c.query = step.query || ""; c.headers = c.headers || Object.keys(step.headers || {}).length > 0; }
      if (step.do === "send" && !c.text) { c.text = step.text; }
    });
    var panel = document.createElement("div");
    panel.className = "ws-live";
    var log = document.createElement("ol");
    log.className = "ws-transcript ws-live-log";
    log.setAttribute("aria-live", "polite");
    function note(kind, who, arrow, text) {
      var item = document.createElement("li");
      item.className = kind;
      var name = document.createElement("span");
      name.className = "ws-client";
      name.textContent = who;
      var way = document.createElement("span");
      way.className = "ws-arrow";
      way.textContent = arrow;
      var what = document.createElement("code");
      what.textContent = text;
      item.appendChild(name); item.appendChild(document.createTextNode(" ")); item.appendChild(way);
      item.appendChild(document.createTextNode(" ")); item.appendChild(what);
      log.appendChild(item);
      log.scrollTop = log.scrollHeight;
    }
    function input(value, label, placeholder) {
      var box = document.createElement("input");
      box.value = value;
      box.setAttribute("aria-label", label);
      box.placeholder = placeholder;
      return box;
    }
    function button(type, text) {
      var made = document.createElement("button");
      made.type = type;
      made.textContent = text;
      return made;
    }
    clients.forEach(function (c) {
      var row = document.createElement("form");
      row.className = "ws-live-client";
      var label = document.createElement("span");
      label.className = "ws-client";
      label.textContent = c.name;
      var query = input(c.query, c.name + " query string", "query string");
      var connect = button("button", "Connect");
      var message = input(c.text, c.name + " message", "message");
      var send = button("submit", "Send");
      send.disabled = true;
      var socket = null;
      connect.addEventListener("click", function () {
        if (socket) { socket.close(1000); return; }
        var url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/_gateway/" +
          encodeURIComponent(api) + "/" + encodeURIComponent(stage) + (query.value.trim() ? "?" + query.value.trim() : "");
        note("ws-connect", c.name, "⇢", "connect " + url);
        var opened = new WebSocket(url);
        socket = opened;
        connect.textContent = "Disconnect";
        opened.onopen = function () { send.disabled = false; note("ws-connect", c.name, "⇢", "connected"); };
        opened.onmessage = function (e) { note("ws-receive", c.name, "←", typeof e.data === "string" ? e.data : "binary frame"); };
        opened.onclose = function (e) {
          note("ws-close", c.name, "✕", "closed " + e.code + (e.reason ? " " + e.reason : "") + (e.code === 1006 ? " (the upgrade was refused, or the connection dropped)" : ""));
          if (socket === opened) { socket = null; }
          send.disabled = true;
          connect.textContent = "Connect";
        };
      });
      row.addEventListener("submit", function (event) {
        event.preventDefault();
        if (!socket || socket.readyState !== 1) { return; }
        socket.send(message.value);
        note("ws-send", c.name, "→", message.value);
      });
      [label, query, connect, message, send].forEach(function (node) { row.appendChild(node); row.appendChild(document.createTextNode(" ")); });
      panel.appendChild(row);
    });
    if (clients.some(function (c) { return c.headers; })) {
      var warning = document.createElement("p");
      warning.className = "example-note";
      warning.textContent = "Browsers send no headers of their choosing with a WebSocket upgrade: the script's headers are not sent from here.";
      panel.appendChild(warning);
    }
    panel.appendChild(log);
    addTryIt(figure, "Try it live", panel, null);
  });
})();

"""#
}
