// A bar chart wider than the screen (.chart-scroll, e.g. 12 months on a phone) opens on the months that have
// data, not on the empty ones at the start (issue 16 §4): it is scrolled so that the last month with a bar
// ([data-has-data]) ends at the right edge. A chart with no marked month keeps its start.
(function () {
  "use strict";
  function place(box) {
    if (box.scrollWidth <= box.clientWidth) {
      return;
    }
    var marked = box.querySelectorAll("[data-has-data]");
    if (!marked.length) {
      return;
    }
    var last = marked[marked.length - 1].getBoundingClientRect();
    var origin = box.getBoundingClientRect().left - box.scrollLeft;
    box.scrollLeft = Math.max(0, last.right - origin + 16 - box.clientWidth);
  }
  function placeAll() {
    Array.prototype.forEach.call(document.querySelectorAll(".chart-scroll"), place);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", placeAll);
  } else {
    placeAll();
  }
})();
