// A table wider than a phone scrolls sideways inside the page (netweave.css). A region that
// scrolls must be reachable by keyboard too (WCAG 2.1.1), so such a table joins the tab order;
// tables that fit stay out of it. Checked again when htmx swaps content in or the window turns.
(function () {
  function reachScrollingTables() {
    document.querySelectorAll("main table").forEach(function (table) {
      if (table.scrollWidth > table.clientWidth) {
        table.setAttribute("tabindex", "0");
      } else {
        table.removeAttribute("tabindex");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", reachScrollingTables);
  document.addEventListener("htmx:afterSettle", reachScrollingTables);
  window.addEventListener("resize", reachScrollingTables);
})();

// A select marked data-submit-on-change sends its form when changed (the language switch); kept
// here because the content security policy runs no inline handlers.
document.addEventListener("change", function (event) {
  if (event.target.matches("select[data-submit-on-change]")) event.target.form.submit();
});

// A form the server sent back with errors: the focus goes to its first field marked invalid, so
// a screen reader reads that field's label and, through aria-describedby, its error, and the
// keyboard is where the correction is typed. Without errors the page's own autofocus stands.
document.addEventListener("DOMContentLoaded", function () {
  var invalid = document.querySelector("main [aria-invalid='true']");
  if (invalid) invalid.focus();
});
