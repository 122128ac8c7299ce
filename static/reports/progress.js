// The reports page (reports/list.html): while a report is queued or being written, ask its status
// every two seconds, move its progress bar, and reload the page once it is ready or has failed.
// Without JavaScript a reload of the page shows the same.
(function () {
  "use strict";
  var rows = document.querySelectorAll("tr[data-status-url]");
  if (!rows.length) return;
  function poll(row) {
    fetch(row.getAttribute("data-status-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) {
        if (!body) return;
        if (body.state === "done" || body.state === "failed") { window.location.reload(); return; }
        var bar = row.querySelector("progress");
        var text = row.querySelector("[data-testid='report-progress']");
        if (bar) bar.value = body.progress;
        if (text) text.textContent = body.progress + "%";
        window.setTimeout(function () { poll(row); }, 2000);
      })
      .catch(function () { window.setTimeout(function () { poll(row); }, 5000); });
  }
  rows.forEach(function (row) { window.setTimeout(function () { poll(row); }, 2000); });
})();
