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

// A form that writes, sent twice before its answer arrives (a double click, Enter pressed twice
// on a slow connection), would write twice: two asks, two logged meetings. Once a POST form is on
// its way, a second send is ignored until the page is left. A form that a script sends itself
// (htmx prevents the browser's own sending) is left to that script. A page the browser shows
// again from its back-forward cache may be sent anew.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (event.defaultPrevented || form.method.toLowerCase() !== "post") return;
  if (form.dataset.sending) {
    event.preventDefault();
    return;
  }
  form.dataset.sending = "true";
});
window.addEventListener("pageshow", function (event) {
  if (!event.persisted) return;
  document.querySelectorAll("form[data-sending]").forEach(function (form) {
    delete form.dataset.sending;
  });
});
