// Register lists: the header checkbox selects or clears every row of the page (it is shown only
// when this script runs; without it each row is ticked on its own).
(function () {
  function wire(root) {
    var scope = root && root.querySelectorAll ? root : document;
    scope.querySelectorAll("input[data-select-all]").forEach(function (all) {
      if (all.dataset.wired) {
        return;
      }
      all.dataset.wired = "1";
      all.hidden = false;
      var form = all.form || all.closest("form");
      var rows = function () {
        return Array.prototype.slice.call(form.querySelectorAll('input[type=checkbox][name="ids"]'));
      };
      all.addEventListener("change", function () {
        rows().forEach(function (box) { box.checked = all.checked; });
      });
      form.addEventListener("change", function (event) {
        if (event.target.name !== "ids") {
          return;
        }
        var boxes = rows();
        var ticked = boxes.filter(function (box) { return box.checked; }).length;
        all.checked = ticked === boxes.length && ticked > 0;
        all.indeterminate = ticked > 0 && ticked < boxes.length;
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { wire(document); });
  } else {
    wire(document);
  }
  document.addEventListener("htmx:load", function (event) { wire(event.target); });
})();
