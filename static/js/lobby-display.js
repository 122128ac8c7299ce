// The lobby display: a chime (Web Audio, no sound files) and a large banner when a ticket is
// called, the ticket read out when the browser can speak, a clock, and the screen kept awake.
// live.js keeps the regions current; this listens for its "live:announce" events.
(function () {
  "use strict";
  var board = document.querySelector(".board[data-live]");
  if (!board) { return; }
  var AudioContextClass = window.AudioContext || window.webkitAudioContext;
  var audio = null;
  var soundButton = board.querySelector("[data-sound-enable]");
  var banner = board.querySelector("[data-board-announce]");
  var bannerTimer = null;

  function context() {
    if (!audio && AudioContextClass) {
      try { audio = new AudioContextClass(); } catch (err) { audio = null; }
    }
    return audio;
  }

  function showSoundButton() {
    var ctx = context();
    if (soundButton) { soundButton.hidden = !(ctx && ctx.state === "suspended"); }
  }

  function tone(ctx, frequency, start, length) {
    var oscillator = ctx.createOscillator();
    var gain = ctx.createGain();
    oscillator.type = "sine";
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.35, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + length);
    oscillator.connect(gain);
    gain.connect(ctx.destination);
    oscillator.start(start);
    oscillator.stop(start + length + 0.05);
  }

  function chime() {
    var ctx = context();
    if (!ctx) { return; }
    if (ctx.state === "suspended") { ctx.resume().catch(function () { showSoundButton(); }); }
    var now = ctx.currentTime + 0.05;
    tone(ctx, 880, now, 0.6);        // ding
    tone(ctx, 659.25, now + 0.45, 0.9);  // dong
  }

  function speak(text) {
    if (!text || !window.speechSynthesis || !window.SpeechSynthesisUtterance) { return; }
    var utterance = new window.SpeechSynthesisUtterance(text);
    utterance.lang = document.documentElement.lang === "en" ? "en-US" : "zh-CN";
    utterance.rate = 0.9;
    window.setTimeout(function () { window.speechSynthesis.speak(utterance); }, 1500);
  }

  board.addEventListener("live:announce", function (event) {
    var detail = event.detail || {};
    board.setAttribute("data-last-announce", detail.ticket || "");
    if (banner) {
      banner.querySelector("[data-announce-ticket]").textContent = detail.ticket || "";
      banner.querySelector("[data-announce-window]").textContent = detail.window || "";
      banner.hidden = false;
      window.clearTimeout(bannerTimer);
      bannerTimer = window.setTimeout(function () { banner.hidden = true; }, 8000);
    }
    chime();
    speak(detail.text);
  });

  if (soundButton) {
    soundButton.addEventListener("click", function () {
      var ctx = context();
      if (ctx) { ctx.resume().then(showSoundButton, showSoundButton); }
    });
  }
  showSoundButton();

  var clock = board.querySelector("[data-board-clock]");
  var skew = 0;
  var format = null;
  if (clock) {
    var server = parseInt(clock.getAttribute("data-server-time"), 10);
    if (server) { skew = server - Date.now(); }
    try {
      format = new Intl.DateTimeFormat("en-CA", {
        timeZone: clock.getAttribute("data-time-zone") || undefined,
        year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23"
      });
    } catch (err) { format = null; }
  }
  function tick() {
    if (!clock || !format) { return; }
    var parts = {};
    format.formatToParts(new Date(Date.now() + skew)).forEach(function (p) { parts[p.type] = p.value; });
    clock.textContent = parts.year + "-" + parts.month + "-" + parts.day + " " + parts.hour + ":" + parts.minute;
  }
  tick();
  window.setInterval(tick, 15000);

  // Keep the TV from dimming, where the browser allows it.
  function stayAwake() {
    if (navigator.wakeLock && document.visibilityState === "visible") {
      navigator.wakeLock.request("screen").catch(function () { /* not allowed: fine */ });
    }
  }
  document.addEventListener("visibilitychange", stayAwake);
  stayAwake();
})();
