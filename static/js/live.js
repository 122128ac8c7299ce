// Live screens: keep a server-rendered page current over a websocket (see lobby/screens.py).
//
// Markup: an element with data-live="/ws/..." (optionally data-live-snapshot="<JSON URL>" and
// data-live-refresh="<seconds>") holds regions [data-live-region=name], texts [data-live-text=name],
// rows [data-live-id] with [data-live-sort], and banners [data-live-banner] / [data-live-ended].
// Every message carries the socket's sequence number; a gap asks for a snapshot, and a
// reconnected socket starts with one. The socket reconnects by itself (exponential backoff) and
// the banner says when the page is offline. [data-live-session] also opens the session socket,
// which brings joint-reception alerts.
(function () {
  "use strict";
  if (window.OneWindowLive) { return; }

  var HEARTBEAT_MS = 25000;
  var MAX_BACKOFF_MS = 30000;
  var OFFLINE_POLL_MS = 30000;
  var ENDED_CODES = [4401, 4403];  // 4013 "try again later" (Redis away) is retried with the backoff

  function wsUrl(path) {
    return (window.location.protocol === "https:" ? "wss://" : "ws://") + window.location.host + path;
  }

  function csrfToken() {
    var inputs = document.querySelectorAll("input[name=csrfmiddlewaretoken]");
    for (var i = 0; i < inputs.length; i++) { if (inputs[i].value) { return inputs[i].value; } }
    return "";
  }

  function fillCsrf(root) {
    var token = csrfToken();
    if (!token) { return; }
    root.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach(function (input) {
      if (!input.value) { input.value = token; }
    });
  }

  function parse(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    return template.content;
  }

  // One websocket: reconnects with backoff, sends heartbeats, checks sequence numbers.
  function LiveSocket(path, handlers, options) {
    this.path = path;
    this.handlers = handlers;
    this.options = options || {};
    this.attempt = 0;
    this.last = 0;
    this.ws = null;
    this.ended = false;
    this.open();
    var self = this;
    window.addEventListener("online", function () { self.reconnectNow(); });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") { self.reconnectNow(); }
    });
  }

  LiveSocket.prototype.open = function () {
    var self = this;
    window.clearTimeout(self.retryTimer);
    var ws;
    try { ws = new WebSocket(wsUrl(self.path)); } catch (err) { self.retry(); return; }
    self.ws = ws;
    self.last = 0;
    ws.onopen = function () {
      self.attempt = 0;
      self.lastHeard = Date.now();
      self.setOnline(true);
      window.clearInterval(self.heartbeat);
      self.heartbeat = window.setInterval(function () { self.beat(); }, HEARTBEAT_MS);
    };
    ws.onmessage = function (event) {
      var message;
      try { message = JSON.parse(event.data); } catch (err) { return; }
      self.lastHeard = Date.now();
      if (typeof message.seq === "number") {
        if (message.seq !== self.last + 1 && message.type !== "snapshot") { self.send({ type: "snapshot" }); }
        self.last = message.seq;
      }
      self.handlers.message(message);
    };
    ws.onclose = function (event) {
      window.clearInterval(self.heartbeat);
      if (self.ws === ws) { self.ws = null; }
      if (ENDED_CODES.indexOf(event.code) >= 0) {
        self.ended = true;
        if (self.handlers.ended) { self.handlers.ended(event.code); }
        return;
      }
      self.setOnline(false);
      self.retry();
    };
  };

  LiveSocket.prototype.beat = function () {
    if (Date.now() - this.lastHeard > 2 * HEARTBEAT_MS + 5000 && this.ws) {
      this.ws.close();  // no pong for too long: the connection is dead even if the browser does not know
      return;
    }
    this.send({ type: "ping" });
  };

  LiveSocket.prototype.send = function (message) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) { this.ws.send(JSON.stringify(message)); }
  };

  LiveSocket.prototype.retry = function () {
    var self = this;
    if (self.ended) { return; }
    var delay = Math.min(MAX_BACKOFF_MS, 1000 * Math.pow(2, self.attempt));
    self.attempt += 1;
    window.clearTimeout(self.retryTimer);
    self.retryTimer = window.setTimeout(function () { self.open(); }, delay * (0.5 + Math.random() / 2));
  };

  LiveSocket.prototype.reconnectNow = function () {
    if (!this.ended && !this.ws) { this.attempt = 0; this.open(); }
  };

  LiveSocket.prototype.setOnline = function (online) {
    var self = this;
    if (self.handlers.online) { self.handlers.online(online); }
    window.clearInterval(self.poll);
    // While offline, a page with a snapshot address keeps itself current over HTTP.
    if (!online && self.options.snapshotUrl) {
      self.poll = window.setInterval(function () { self.fetchSnapshot(); }, OFFLINE_POLL_MS);
    }
    window.clearInterval(self.refresh);
    if (online && self.options.refreshSeconds) {
      self.refresh = window.setInterval(function () { self.send({ type: "snapshot" }); }, self.options.refreshSeconds * 1000);
    }
  };

  LiveSocket.prototype.fetchSnapshot = function () {
    var self = this;
    window.fetch(self.options.snapshotUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data && !self.ws) { data.type = "snapshot"; self.handlers.message(data); } })
      .catch(function () { /* still offline */ });
  };

  // A screen: applies snapshots and updates to the regions, texts and rows of its element.
  function LiveScreen(root) {
    var self = this;
    self.root = root;
    self.banner = root.querySelector("[data-live-banner]");
    self.endedBanner = root.querySelector("[data-live-ended]");
    self.socket = new LiveSocket(root.getAttribute("data-live"), {
      message: function (message) { self.apply(message); },
      online: function (online) {
        if (self.banner) { self.banner.hidden = online; }
        root.classList.toggle("live-offline", !online);
        root.classList.toggle("live-online", online);
      },
      ended: function () {
        if (self.banner) { self.banner.hidden = true; }
        if (self.endedBanner) { self.endedBanner.hidden = false; }
        root.classList.add("live-offline");
        root.classList.remove("live-online");
      }
    }, {
      snapshotUrl: root.getAttribute("data-live-snapshot"),
      refreshSeconds: parseInt(root.getAttribute("data-live-refresh"), 10) || 0
    });
  }

  LiveScreen.prototype.find = function (attribute, name) {
    return this.root.querySelector("[" + attribute + "=\"" + window.CSS.escape(String(name)) + "\"]");
  };

  LiveScreen.prototype.apply = function (message) {
    var self = this;
    if (message.type !== "snapshot" && message.type !== "update") { return; }
    Object.keys(message.regions || {}).forEach(function (name) {
      var region = self.find("data-live-region", name);
      if (region) { region.innerHTML = message.regions[name]; fillCsrf(region); }
    });
    Object.keys(message.texts || {}).forEach(function (name) {
      var text = self.find("data-live-text", name);
      if (text) { text.textContent = message.texts[name]; }
    });
    (message.rows || []).forEach(function (row) { self.row(row); });
    if (message.announce) {
      var note = self.root.querySelector("[data-live-announce]");
      if (note && message.announce.text) {
        note.textContent = message.announce.text;
        note.hidden = false;
        window.clearTimeout(self.noteTimer);
        self.noteTimer = window.setTimeout(function () { note.hidden = true; }, 10000);
      }
      self.root.dispatchEvent(new CustomEvent("live:announce", { detail: message.announce, bubbles: true }));
    }
    self.root.dispatchEvent(new CustomEvent("live:" + message.type, { detail: message, bubbles: true }));
  };

  LiveScreen.prototype.row = function (row) {
    var old = this.root.querySelectorAll("[data-live-id=\"" + window.CSS.escape(String(row.id)) + "\"]");
    old.forEach(function (node) { node.remove(); });
    if (!row.region) { return; }
    var region = this.find("data-live-region", row.region);
    if (!region) { return; }
    var node = parse(row.html).firstElementChild;
    if (!node) { return; }
    fillCsrf(node);
    var sort = node.getAttribute("data-live-sort") || "";
    var descending = region.getAttribute("data-live-order") === "desc";
    var siblings = region.querySelectorAll(":scope > [data-live-id]");
    var before = null;
    for (var i = 0; i < siblings.length; i++) {
      var other = siblings[i].getAttribute("data-live-sort") || "";
      if (descending ? other < sort : other > sort) { before = siblings[i]; break; }
    }
    if (!before && siblings.length) { before = siblings[siblings.length - 1].nextSibling; }
    if (!before && !siblings.length) { before = region.firstChild; }
    region.insertBefore(node, before);
    node.classList.add("live-new");
    window.setTimeout(function () { node.classList.remove("live-new"); }, 4000);
    var limit = parseInt(region.getAttribute("data-live-limit"), 10);
    if (limit) {
      var rows = region.querySelectorAll(":scope > [data-live-id]");
      for (var j = limit; j < rows.length; j++) { rows[j].remove(); }
    }
  };

  // The session socket: joint-reception alerts as a modal on whatever page is open.
  function Alerts(path) {
    var self = this;
    self.items = {};
    self.box = null;
    self.socket = new LiveSocket(path, {
      message: function (message) { self.apply(message); }
    });
  }

  Alerts.prototype.container = function () {
    if (!this.box) {
      this.box = document.createElement("div");
      this.box.className = "live-alerts";
      this.box.setAttribute("role", "alertdialog");
      this.box.setAttribute("aria-modal", "true");
      this.box.hidden = true;
      document.body.appendChild(this.box);
    }
    return this.box;
  };

  Alerts.prototype.apply = function (message) {
    var self = this;
    if (message.type === "alerts") {
      var keep = {};
      (message.items || []).forEach(function (item) { keep[item.id] = true; self.add(item); });
      Object.keys(self.items).forEach(function (id) { if (!keep[id]) { self.remove(id); } });
    } else if (message.type === "alert") {
      self.add(message);
    } else if (message.type === "alert.acknowledged") {
      self.remove(message.id);
    } else if (message.type === "notification") {
      self.notify(message);
    }
  };

  // A notification (mediation.notifications): a short note in the corner, linking to its case.
  Alerts.prototype.notify = function (message) {
    if (!this.notices) {
      this.notices = document.createElement("div");
      this.notices.className = "live-notices";
      this.notices.setAttribute("role", "status");
      this.notices.setAttribute("aria-live", "polite");
      document.body.appendChild(this.notices);
    }
    var note = document.createElement(message.case ? "a" : "p");
    note.className = "live-notice";
    note.textContent = message.message || "";
    if (message.case) { note.href = "/staff/cases/" + encodeURIComponent(message.case) + "/"; }
    this.notices.appendChild(note);
    window.setTimeout(function () { note.remove(); }, 20000);
  };

  Alerts.prototype.add = function (item) {
    var self = this;
    if (self.items[item.id]) { return; }
    var card = document.createElement("section");
    card.className = "live-alert";
    card.setAttribute("data-alert-id", item.id);
    card.appendChild(parse(item.html));
    fillCsrf(card);
    var form = card.querySelector("form[data-alert-ack]");
    if (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        window.fetch(form.action, {
          method: "POST",
          body: new FormData(form),
          credentials: "same-origin",
          headers: { Accept: "application/json" }
        }).then(function (response) {
          if (response.ok) { self.remove(item.id); } else { form.submit(); }
        }).catch(function () { form.submit(); });
      });
    }
    self.items[item.id] = card;
    var box = self.container();
    box.appendChild(card);
    box.hidden = false;
    var button = card.querySelector("button");
    if (button) { button.focus(); }
  };

  Alerts.prototype.remove = function (id) {
    var card = this.items[id];
    if (!card) { return; }
    card.remove();
    delete this.items[id];
    if (this.box && !Object.keys(this.items).length) { this.box.hidden = true; }
  };

  function start() {
    if (window.OneWindowLive.started) { return; }
    window.OneWindowLive.started = true;
    document.querySelectorAll("[data-live]").forEach(function (root) {
      window.OneWindowLive.screens.push(new LiveScreen(root));
    });
    var session = document.querySelector("[data-live-session]");
    if (session) { window.OneWindowLive.alerts = new Alerts(session.getAttribute("data-live-session") || "/ws/session/"); }
  }

  window.OneWindowLive = { LiveSocket: LiveSocket, LiveScreen: LiveScreen, screens: [], alerts: null, started: false };
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
