// dbinspect doc: the filter boxes. Each box filters the rows of the table after it, matching
// every word typed against the row's data-search text (names and comments, lower case).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var boxes = document.querySelectorAll("input.search");
  boxes.forEach(function (box) {
    var table = box.closest("section").querySelector("table.filterable");
    var count = box.parentNode.querySelector(".count");
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    function apply() {
      var words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var text = row.getAttribute("data-search") || "";
        var hit = words.every(function (w) { return text.indexOf(w) >= 0; });
        row.hidden = !hit;
        if (hit) shown++;
      });
      count.textContent = words.length ? shown + " of " + rows.length : rows.length + " in all";
    }
    box.addEventListener("input", apply);
    apply();
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "/" && boxes.length && document.activeElement.tagName !== "INPUT") {
      e.preventDefault();
      boxes[0].focus();
    }
  });
});
