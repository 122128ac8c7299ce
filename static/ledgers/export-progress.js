// A big ledger export's progress page (ledgers/export_status.html): reload every two seconds while
// the background worker writes the file. Without JavaScript the page offers a refresh link.
(function () {
  "use strict";
  var section = document.querySelector("[data-testid='ledger-export']");
  if (!section) return;
  var state = section.getAttribute("data-state");
  if (state === "waiting" || state === "running") {
    window.setTimeout(function () { window.location.reload(); }, 2000);
  }
})();
