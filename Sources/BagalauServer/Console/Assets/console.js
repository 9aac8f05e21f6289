// Progressive enhancement only: every page reads and every form posts without this script.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-print]")) {
    button.addEventListener("click", () => window.print());
  }
  // Changing the language submits its form at once.
  const select = document.getElementById("lang-select");
  if (select) select.addEventListener("change", () => select.form.submit());
});
