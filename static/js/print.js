// The printable pages' "Print" button (no inline handlers under the CSP).
for (const button of document.querySelectorAll("[data-print]")) {
  button.addEventListener("click", () => window.print());
}
