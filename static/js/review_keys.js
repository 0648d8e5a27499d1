// The review page's keyboard shortcuts (issue 16, the verifier's workbench): "j" / "n" moves to the next
// worker row with a warning, "k" / "p" to the previous one. Not while typing in a field.
(function () {
  "use strict";
  var table = document.querySelector("[data-warning-rows]");
  if (!table) {
    return;
  }
  var rows = Array.prototype.slice.call(table.querySelectorAll("tr[data-warning]"));
  if (!rows.length) {
    return;
  }
  var current = -1;
  function go(step) {
    current = Math.min(Math.max(current + step, 0), rows.length - 1);
    rows.forEach(function (row) { row.removeAttribute("aria-current"); });
    var row = rows[current];
    row.setAttribute("aria-current", "true");
    row.focus();
    row.scrollIntoView({ block: "center" });
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) {
      return;
    }
    if (event.key === "j" || event.key === "n") {
      event.preventDefault();
      go(1);
    } else if (event.key === "k" || event.key === "p") {
      event.preventDefault();
      go(-1);
    }
  });
})();
