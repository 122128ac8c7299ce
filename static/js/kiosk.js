// The lobby kiosk: one step at a time, print the slip, and clear the screen when left alone.
(function () {
  "use strict";
  var body = document.body;
  var home = body.getAttribute("data-home-url") || "/kiosk/";
  var idleSeconds = parseInt(body.getAttribute("data-idle-seconds"), 10) || 90;
  var warningSeconds = parseInt(body.getAttribute("data-idle-warning-seconds"), 10) || 15;
  var warning = document.querySelector(".idle-warning");
  var idleTimer = null;
  var resetTimer = null;

  function goHome() {
    // replace(): the previous person's pages do not stay in the history.
    window.location.replace(home);
  }

  function armIdle() {
    window.clearTimeout(idleTimer);
    window.clearTimeout(resetTimer);
    if (warning) { warning.hidden = true; }
    idleTimer = window.setTimeout(function () {
      if (!warning) { goHome(); return; }
      warning.hidden = false;
      resetTimer = window.setTimeout(goHome, warningSeconds * 1000);
    }, idleSeconds * 1000);
  }

  ["pointerdown", "keydown", "input", "touchstart"].forEach(function (name) {
    document.addEventListener(name, armIdle, { passive: true });
  });
  var stay = document.querySelector("[data-idle-continue]");
  if (stay) { stay.addEventListener("click", armIdle); }
  // A page restored from the back-forward cache may hold someone else's entries.
  window.addEventListener("pageshow", function (event) { if (event.persisted) { goHome(); } });
  if (!document.body.classList.contains("kiosk-start")) { armIdle(); }

  // Steps: show one fieldset at a time; without JavaScript all are shown.
  var form = document.querySelector("form[data-steps]");
  if (form) {
    var steps = Array.prototype.slice.call(form.querySelectorAll("fieldset.step"));
    var back = form.querySelector("[data-step-back]");
    var next = form.querySelector("[data-step-next]");
    var submit = form.querySelector("[data-step-submit]");
    var progress = Array.prototype.slice.call(document.querySelectorAll(".kiosk-progress li"));
    var current = 0;
    // After a refused submission, open the first step that has an error.
    steps.some(function (step, i) {
      if (step.querySelector(".errorlist")) { current = i; return true; }
      return false;
    });
    var show = function () {
      steps.forEach(function (step, i) { step.hidden = i !== current; });
      progress.forEach(function (li, i) { li.classList.toggle("done", i < current); li.classList.toggle("current", i === current); });
      back.hidden = current === 0;
      next.hidden = current === steps.length - 1;
      submit.hidden = current !== steps.length - 1;
      var focusable = steps[current].querySelector("input:not([type=hidden]), textarea, select");
      if (focusable && current > 0) { focusable.focus({ preventScroll: true }); }
      window.scrollTo(0, 0);
    };
    next.addEventListener("click", function () { current = Math.min(current + 1, steps.length - 1); show(); });
    back.addEventListener("click", function () { current = Math.max(current - 1, 0); show(); });
    form.addEventListener("submit", function () { submit.disabled = true; });
    show();
  }

  // The slip prints itself once; "print again" prints another copy.
  var slip = document.querySelector("[data-autoprint]");
  if (slip) { window.setTimeout(function () { window.print(); }, 300); }
  var again = document.querySelector("[data-print]");
  if (again) { again.addEventListener("click", function () { window.print(); }); }
})();
