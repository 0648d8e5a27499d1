// Irreversible actions ask first: a submit button with data-confirm opens the confirmation dialog of
// base.html, which names what will happen; "Ya, lanjutkan" sends the form through that same button.
(function () {
  "use strict";
  var dialog = document.getElementById("confirm-dialog");
  if (!dialog || typeof dialog.showModal !== "function") {
    return;
  }
  var title = dialog.querySelector("[data-confirm-title]");
  var text = dialog.querySelector("[data-confirm-text]");
  var ok = dialog.querySelector("[data-confirm-ok]");
  var pending = null;

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-confirm]");
    if (!button || !button.form) {
      return;
    }
    event.preventDefault();
    pending = button;
    title.textContent = button.dataset.confirmTitle || button.textContent.trim();
    text.textContent = button.dataset.confirm;
    var label = (button.dataset.confirmTitle || "").trim();
    // "Ya, tolak": the button that sends names the step again, in the sentence's case.
    ok.textContent = label ? ok.dataset.yes + " " + label.charAt(0).toLowerCase() + label.slice(1) : ok.dataset.defaultLabel;
    ok.className = button.dataset.confirmDanger ? "btn btn-danger" : "btn btn-success";
    dialog.showModal();
  });

  ok.addEventListener("click", function () {
    var button = pending;
    pending = null;
    dialog.close();
    if (button) {
      button.form.requestSubmit(button);
    }
  });

  dialog.querySelector("[data-confirm-cancel]").addEventListener("click", function () {
    dialog.close();
  });

  dialog.addEventListener("close", function () {
    if (pending) {
      pending.focus();
      pending = null;
    }
  });
})();
