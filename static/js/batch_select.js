// The head's signing queue: "Pilih semua", the count of chosen items, and the confirmation naming it
// (confirm.js reads the button's data-confirm when it is clicked).
(function () {
  "use strict";
  var form = document.getElementById("batch-form");
  if (!form) {
    return;
  }
  var all = form.querySelector("[data-select-all]");
  var boxes = Array.prototype.slice.call(form.querySelectorAll("[data-batch-item]"));
  var count = document.getElementById("batch-count");
  var button = document.getElementById("batch-submit");

  function update() {
    var chosen = boxes.filter(function (box) { return box.checked; }).length;
    if (count) {
      count.textContent = chosen ? count.dataset.some.replace("__N__", chosen) : count.dataset.none;
    }
    if (button) {
      button.dataset.confirm = button.dataset.confirmTemplate.replace("__N__", chosen);
      button.disabled = chosen === 0;
    }
    if (all) {
      all.checked = chosen > 0 && chosen === boxes.length;
      all.indeterminate = chosen > 0 && chosen < boxes.length;
    }
  }

  if (all) {
    all.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = all.checked; });
      update();
    });
  }
  boxes.forEach(function (box) { box.addEventListener("change", update); });
  update();
})();
