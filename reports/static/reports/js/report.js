// The report page's print button (no inline script: the Content Security Policy forbids it).
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll(".print-report")) {
    button.addEventListener("click", () => window.print());
  }
});
