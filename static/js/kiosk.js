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

  // Steps: show one fieldset at a time; without JavaScript all are shown. "Next" asks the server
  // to check the step's own fields first (the same form that checks the final submission), so a
  // mistake shows on its step, not three steps later.
  var form = document.querySelector("form[data-steps]");
  if (form) {
    var steps = Array.prototype.slice.call(form.querySelectorAll("fieldset.step"));
    var back = form.querySelector("[data-step-back]");
    var next = form.querySelector("[data-step-next]");
    var submit = form.querySelector("[data-step-submit]");
    var progress = Array.prototype.slice.call(document.querySelectorAll(".kiosk-progress li"));
    var recap = form.querySelector("[data-recap]");
    var current = 0;
    // After a refused submission, open the first step that has an error.
    steps.some(function (step, i) {
      if (step.querySelector(".errorlist")) { current = i; return true; }
      return false;
    });

    var controls = function (step) {
      return Array.prototype.slice.call(step.querySelectorAll("input[name], textarea[name], select[name]"))
        .filter(function (el) { return el.type !== "hidden" && el.name !== "wants_ticket"; });
    };
    var namesOf = function (step) {
      var names = [];
      controls(step).forEach(function (el) { if (names.indexOf(el.name) < 0) { names.push(el.name); } });
      return names;
    };
    // Where a field's errors go: after its tiles, its check box line, or inside its paragraph.
    var slotFor = function (el) {
      return el.closest(".choice-tiles, label.check") || el.closest(".field") || el;
    };
    var clearErrors = function (step) {
      Array.prototype.slice.call(step.querySelectorAll(".errorlist, .step-errors")).forEach(function (ul) { ul.remove(); });
      controls(step).forEach(function (el) { el.removeAttribute("aria-invalid"); });
    };
    var showErrors = function (step, errors) {
      clearErrors(step);
      var first = null;
      namesOf(step).forEach(function (name) {
        var messages = errors[name];
        if (!messages || !messages.length) { return; }
        var el = step.querySelector("[name='" + name + "']");
        var list = document.createElement("ul");
        list.className = "errorlist";
        list.id = "id_" + name + "_error";
        messages.forEach(function (text) {
          var li = document.createElement("li");
          li.textContent = text;
          list.appendChild(li);
        });
        var slot = slotFor(el);
        if (slot.classList.contains("field")) { slot.appendChild(list); } else { slot.insertAdjacentElement("afterend", list); }
        step.querySelectorAll("[name='" + name + "']").forEach(function (input) {
          input.setAttribute("aria-invalid", "true");
          input.setAttribute("aria-describedby", list.id);
        });
        if (!first) { first = el; }
      });
      if (first) {
        var summary = document.createElement("p");
        summary.className = "step-errors";
        summary.setAttribute("role", "alert");
        summary.textContent = form.getAttribute("data-step-error") || "";
        var legend = step.querySelector("legend");
        if (legend && !legend.classList.contains("visually-hidden")) { legend.insertAdjacentElement("afterend", summary); } else { step.insertBefore(summary, step.firstChild); }
        first.focus({ preventScroll: true });
        first.scrollIntoView({ block: "center" });
      }
      return !first;
    };

    var textOf = function (name) {
      var els = Array.prototype.slice.call(form.querySelectorAll("[name='" + name + "']"));
      if (!els.length) { return ""; }
      var el = els[0];
      if (el.type === "radio") {
        var checked = els.filter(function (r) { return r.checked; })[0];
        if (!checked) { return ""; }
        var label = checked.closest("label");
        var nameEl = label && label.querySelector(".tile-name");
        return (nameEl || label || checked).textContent.trim();
      }
      if (el.type === "checkbox") { return el.checked ? recap.getAttribute("data-yes") : recap.getAttribute("data-no"); }
      if (el.tagName === "SELECT") { return el.value ? el.options[el.selectedIndex].textContent.trim() : ""; }
      return el.value.trim();
    };
    var fillRecap = function () {
      if (!recap) { return; }
      Array.prototype.slice.call(recap.querySelectorAll("[data-recap-of]")).forEach(function (dd) {
        var names = dd.getAttribute("data-recap-of").split(" ");
        var values = names.map(textOf).filter(function (v) { return v; });
        // "About an official": only "no", or "yes" and whom.
        if (names.length > 1 && textOf(names[0]) === recap.getAttribute("data-no")) { values = values.slice(0, 1); }
        dd.textContent = values.join("：") || recap.getAttribute("data-empty");
        dd.classList.toggle("empty", !values.length);
      });
    };

    var show = function () {
      steps.forEach(function (step, i) { step.hidden = i !== current; });
      progress.forEach(function (li, i) { li.classList.toggle("done", i < current); li.classList.toggle("current", i === current); });
      back.hidden = current === 0;
      next.hidden = current === steps.length - 1;
      submit.hidden = current !== steps.length - 1;
      if (current === steps.length - 1) { fillRecap(); }
      var invalid = steps[current].querySelector("[aria-invalid=true]");
      var focusable = invalid || steps[current].querySelector("input:not([type=hidden]), textarea, select");
      if (focusable && (current > 0 || invalid)) { focusable.focus({ preventScroll: true }); }
      window.scrollTo(0, 0);
    };

    // An anonymous report: the passphrase instead of name, phone, ID number and address.
    var anonymous = form.querySelector("input[name=anonymous]");
    if (anonymous) {
      var syncAnonymous = function () {
        Array.prototype.slice.call(form.querySelectorAll("[data-anonymous-only]")).forEach(function (el) { el.hidden = !anonymous.checked; });
        Array.prototype.slice.call(form.querySelectorAll("[data-named-only]")).forEach(function (el) { el.hidden = anonymous.checked; });
      };
      anonymous.addEventListener("change", syncAnonymous);
      syncAnonymous();
    }

    var checking = false;
    next.addEventListener("click", function () {
      if (checking) { return; }
      var step = steps[current];
      var data = new FormData(form);
      namesOf(step).forEach(function (name) { data.append("check", name); });
      checking = true;
      next.disabled = true;
      fetch(form.getAttribute("action") || window.location.pathname, {
        method: "POST", body: data, credentials: "same-origin", headers: { "X-Requested-With": "fetch" },
      })
        .then(function (response) {
          if (!response.ok) { throw new Error(response.status); }
          return response.json();
        })
        .then(function (result) { return showErrors(step, result.errors || {}); })
        // Unreachable server: move on; the submission is checked in full anyway.
        .catch(function () { return true; })
        .then(function (ok) {
          checking = false;
          next.disabled = false;
          if (ok) { current = Math.min(current + 1, steps.length - 1); show(); }
        });
    });
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
