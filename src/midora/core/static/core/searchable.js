// Searchable selects (Tom Select, served from this server): every <select data-searchable>
// becomes a search box. Multiple selects always; single selects only when their list is long.
// Runs on page load and on every htmx swap; without script the plain select works unchanged.
(function () {
  var LONG_LIST = 12;

  function enhance(root) {
    if (typeof window.TomSelect !== "function") {
      return;
    }
    var scope = root && root.querySelectorAll ? root : document;
    var selects = Array.prototype.slice.call(scope.querySelectorAll("select[data-searchable]"));
    if (scope.matches && scope.matches("select[data-searchable]")) {
      selects.push(scope);
    }
    selects.forEach(function (select) {
      if (select.tomselect) {
        return;
      }
      var multiple = select.multiple;
      if (!multiple && select.options.length <= LONG_LIST) {
        return;
      }
      var settings = {
        maxOptions: null,
        hidePlaceholder: true,
        placeholder: select.getAttribute("data-placeholder") || undefined,
        allowEmptyOption: !multiple,
        // A single choice is made once: the list closes and stays closed until reopened.
        closeAfterSelect: !multiple,
        plugins: multiple ? ["remove_button", "clear_button"] : [],
        render: {
          no_results: function () {
            var text = document.createElement("div");
            text.className = "no-results";
            text.textContent = select.getAttribute("data-no-results") || "No match";
            return text;
          }
        }
      };
      new window.TomSelect(select, settings);
      // The label now names the search box; the hidden select only carries the value.
      select.setAttribute("aria-hidden", "true");
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  } else {
    enhance(document);
  }
  document.addEventListener("htmx:load", function (event) { enhance(event.target); });
})();
