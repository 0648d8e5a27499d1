// The date boxes (DateTextInput, data-date-input): the user types digits, the slashes come by themselves
// (03071988 → 03/07/1988), and the date is written out with its month name under the box ("3 Juli 1988"),
// so that 03/07 cannot be read as 7 March. Dates are always dd/mm/yyyy, whatever the browser's language.
(function () {
  "use strict";
  var MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember"];

  function withSlashes(text) {
    var digits = text.replace(/\D/g, "").slice(0, 8);
    if (digits.length > 4) return digits.slice(0, 2) + "/" + digits.slice(2, 4) + "/" + digits.slice(4);
    if (digits.length > 2) return digits.slice(0, 2) + "/" + digits.slice(2);
    return digits;
  }

  function describe(text) {
    var m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
    if (!m) return "";
    var day = +m[1], month = +m[2], year = +m[3];
    var date = new Date(year, month - 1, day);
    if (month < 1 || month > 12 || date.getDate() !== day || date.getMonth() !== month - 1) {
      return "Tanggal " + text + " tidak ada";
    }
    return day + " " + MONTHS[month - 1] + " " + year;
  }

  // The month name takes the place of the format help under the box ("Format hh/bb/tttt…" comes back when
  // the box is emptied), so the line count does not change and a row of filters stays aligned.
  function hintFor(input) {
    var help = document.getElementById(input.id + "_help");
    if (help) {
      if (help.getAttribute("data-format") === null) help.setAttribute("data-format", help.textContent);
      help.setAttribute("aria-live", "polite");
      return help;
    }
    var id = input.id + "_date";
    var hint = document.getElementById(id);
    if (!hint) {
      hint = document.createElement("div");
      hint.id = id;
      hint.className = "form-text date-hint";
      hint.setAttribute("aria-live", "polite");
      input.insertAdjacentElement("afterend", hint);
    }
    return hint;
  }

  function refresh(input) {
    var hint = hintFor(input);
    hint.textContent = describe(input.value.trim()) || hint.getAttribute("data-format") || "";
  }

  function setup(input) {
    input.addEventListener("input", function (event) {
      // Only while typing forwards: deleting a slash must not put it straight back.
      var typed = !event.inputType || event.inputType.indexOf("insert") === 0;
      if (typed && /^[\d/]*$/.test(input.value)) {
        var atEnd = input.selectionStart === input.value.length;
        var formatted = withSlashes(input.value);
        if (atEnd && formatted !== input.value) input.value = formatted;
      }
      refresh(input);
    });
    if (input.value) refresh(input);
  }

  function init() {
    var inputs = document.querySelectorAll("input[data-date-input]");
    for (var i = 0; i < inputs.length; i++) setup(inputs[i]);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
