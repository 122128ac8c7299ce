// A queue page reloads itself when its queue changes (the page works without this script).
(function () {
  "use strict";
  var main = document.querySelector("[data-queue-socket]");
  if (!main || !("WebSocket" in window)) return;
  var path = main.getAttribute("data-queue-socket");
  var delay = 1000;
  var pending = null;

  function reloadSoon() {
    if (pending) return;
    pending = window.setTimeout(function () { window.location.reload(); }, 800);
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + path);
    var greeted = false;
    socket.onmessage = function (message) {
      var data = {};
      try { data = JSON.parse(message.data); } catch (e) { return; }
      if (data.type === "hello") {
        if (greeted) reloadSoon();  // a reconnect may have missed changes
        greeted = true;
        delay = 1000;
      } else if (data.type === "changed") {
        reloadSoon();
      }
    };
    socket.onclose = function (event) {
      if (event.code === 4401 || event.code === 4403 || event.code === 4404) return;  // session over, role lost, no such queue
      window.setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    };
  }
  connect();
})();
